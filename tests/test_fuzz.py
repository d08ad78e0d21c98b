"""Fuzzing: mutated scenarios get a valid run or exit 2 with located lines; valid ones give sane numbers.

Run in-process through click's CliRunner (a subprocess per input would cost 0.5 s). The CI profile
(``fuzz_settings`` in conftest.py) tries about 1,000 inputs in about a minute on two cores;
``PLANMODEL_FUZZ=long python -m pytest tests/test_fuzz.py`` tries twenty times as many;
``--hypothesis-show-statistics`` shows how many inputs were accepted (exit 0) and refused (exit 2).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import event, example, given
from hypothesis import strategies as st

from fuzz_strategies import SHIPPED, text_mutants, tree_mutants, valid_scenarios, value_mutants
from planmodel.cli import main
from planmodel.runner import run
from planmodel.scenario import scenario_from_mapping, settings_from_mapping

from conftest import fuzz_settings, minimal_dict

RUNNER = CliRunner()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A folder holding the shipped scenarios, so a mutant of a variant finds the file it extends."""
    out = tmp_path_factory.mktemp("fuzz")
    for name, text in SHIPPED.items():
        (out / name).write_text(text, encoding="utf-8")
    return out


def _refused_or_ok(result, path, ok_words: str) -> None:
    """Exit 0, or exit 2 with each stderr line 'planmodel: <file>[:line:col]: …'; never 1 or a traceback."""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 2), (result.exit_code, result.output)
    event(f"exit {result.exit_code}")  # counts shown by pytest --hypothesis-show-statistics
    if result.exit_code == 0:
        assert ok_words in result.stdout
        return
    lines = result.stderr.strip().split("\n")  # a key may hold \x1c…\x1e, which str.splitlines splits on
    assert lines, "exit 2 without a message"
    # the file where the bad value is written: the mutant, or the scenario beside it that it extends
    # (a variant's `key: null` can leave its parent's target without an indicator)
    files = "|".join(re.escape(str(f)) for f in (path, *sorted(path.parent.glob("*.yaml"))))
    located = re.compile(rf"^planmodel: (?:{files})(:\d+:\d+)?: \S")
    for line in lines:
        assert located.match(line), line


def _write(folder, name: str, content: bytes) -> Any:
    path = folder / f"mutant-{name}"
    path.write_bytes(content)
    return path


@fuzz_settings(300)
@given(tree_mutants())
def test_tree_mutants_validate_or_exit_2_with_located_lines(folder, mutant):
    name, text = mutant
    path = _write(folder, name, text.encode("utf-8"))
    _refused_or_ok(RUNNER.invoke(main, ["validate", str(path)]), path, ": ok —")


@fuzz_settings(400)
@given(text_mutants())
def test_text_mutants_validate_or_exit_2_with_located_lines(folder, mutant):
    name, content = mutant
    path = _write(folder, name, content)
    _refused_or_ok(RUNNER.invoke(main, ["validate", str(path)]), path, ": ok —")


def _run_small(folder, mutant: tuple[str, str]) -> None:
    """``planmodel run`` on a mutant with 300 draws, writing only the markdown briefing."""
    name, text = mutant
    path = _write(folder, name, text.encode("utf-8"))
    args = ["run", str(path), "--draws", "300", "--seed", "1", "--format", "md", "-q"]
    args += ["--out", str(folder / "out")]
    _refused_or_ok(RUNNER.invoke(main, args), path, "")


@fuzz_settings(60)
@given(tree_mutants(most=1))  # one edit: more mutants stay valid and reach the engine and writers
def test_tree_mutants_run_or_exit_2(folder, mutant):
    _run_small(folder, mutant)


_HETANG_1E30 = SHIPPED["hetang-2025.yaml"].replace("at_least: 100家", "at_least: 1e30家", 1)
_DAYE_SHIFT_100 = SHIPPED["daye-2026.yaml"].replace("{mean: 0%, sd: 4%}", "{mean: -100%, sd: 4%}", 1)


@fuzz_settings(80)
@example(("hetang-2025.yaml", _HETANG_1E30))  # the fuzzer's recorded failure, now refused by validate
@example(("daye-2026.yaml", _DAYE_SHIFT_100))  # another: a census shift of -100% (exit 1 before)
@given(value_mutants())
def test_extreme_values_run_or_exit_2(folder, mutant):
    _run_small(folder, mutant)


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d["targets"][0].update(at_least="1e30亿元"),
        lambda d: d["indicators"]["gdp"].update(actual={2024: 1e-300}),
        lambda d: d["indicators"]["gdp"].update(over_years={"persistence": 0.5, "start_deviation": "1e300%"}),
        lambda d: d["indicators"]["gdp"].update(real_growth={"normal": {"mean": "1e300%", "sd": "1%"}}),
    ],
    ids=["threshold 1e30", "level 1e-300", "start_deviation 1e300%", "mean 1e300%"],
)
def test_an_extreme_magnitude_is_refused_with_exit_2(folder, edit):
    data = minimal_dict()
    edit(data)
    path = _write(folder, "extreme.yaml", yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))
    args = ["run", str(path), "--draws", "300", "--format", "md", "-q", "--out", str(folder / "out")]
    result = RUNNER.invoke(main, args)
    assert result.exit_code == 2, result.stderr


def _successes(data: dict[str, Any]) -> list[int]:
    outcome = run(scenario_from_mapping(data), settings_from_mapping(data))  # its draws and seed
    for target in outcome.results.targets:
        assert 0.0 <= target.probability <= 1.0
        assert 0.0 <= target.ci_low <= target.probability <= target.ci_high <= 1.0
    return [t.successes for t in outcome.results.targets]


_LOCATION_KEYS = ("fixed", "mean", "low", "mode", "high")


def _shifted(spec: Any, delta: float) -> Any:
    """The growth spec with every location parameter (mean, low, mode, high) moved by ``delta`` %."""
    if isinstance(spec, dict):
        return {k: f"{round(float(v[:-1]) + delta, 2)}%" if k in _LOCATION_KEYS and isinstance(v, str)
                else _shifted(v, delta) for k, v in spec.items()}  # fmt: skip
    return spec


@fuzz_settings(250)
@given(valid_scenarios(), st.sampled_from([0.01, 0.5, 3.0]))
def test_probabilities_are_monotone_in_threshold_and_mean_growth(scenario, delta):
    data = {k: v for k, v in scenario.items() if not k.startswith("_")}
    comparison = scenario["_ladder"]
    base = _successes(data)
    # thresholds rise along the ladder: at_least gets harder, at_most easier (same draws)
    steps = list(zip(base, base[1:], strict=False))
    assert all(a >= b for a, b in steps) if comparison == "at_least" else all(a <= b for a, b in steps)
    faster = yaml.safe_load(yaml.safe_dump(data))
    gdp = faster["indicators"]["gdp"]
    kind = "real_growth" if "real_growth" in gdp else "growth"
    gdp[kind] = _shifted(gdp[kind], delta)
    # common random numbers: each draw's growth moves up by delta, so no success can be lost
    shifted = _successes(faster)
    pairs = list(zip(base, shifted, strict=True))
    assert all(a <= b for a, b in pairs) if comparison == "at_least" else all(a >= b for a, b in pairs)


def test_an_unknown_key_with_a_newline_is_still_one_line(folder):
    path = _write(folder, "newline-key.yaml", b'scenario: x\n"a\\nb\\u001b[31m": 1\n')
    result = RUNNER.invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.strip().split("\n")  # one line per problem (several are reported together)
    assert all(line.startswith("planmodel: ") for line in lines) and "\x1b" not in result.stderr
    assert any("'a\\nb\\x1b[31m'" in line for line in lines), lines  # the key, escaped, on its own line
