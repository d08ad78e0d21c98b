"""Arithmetic honesty (issue 12, part 3): undefined draws are refused, plausibility is overridable.

The refusals themselves (a published 0, ``gdp / 0``, 1e30亿元, 750%, 1200万元 on an 亿元
indicator…) are golden cases in ``tests/bad/``; here: what only a run can see, the ``allow:``
overrides that let a planner keep a number they really mean, and several problems in one pass.
"""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

from planmodel.cli import main
from planmodel.errors import ScenarioError
from planmodel.undefined import undefined_counts

from conftest import build, minimal_dict, write_yaml


def _per_capita_target(data):
    data["targets"].append({"name": "pc", "indicator": "gdp_per_capita", "year": 2026, "at_least": "14万元"})
    return data


def _run(tmp_path, data):
    path = write_yaml(tmp_path, data)
    assert CliRunner().invoke(main, ["validate", str(path)]).exit_code == 0  # not visible before running
    out = tmp_path / "o"
    result = CliRunner().invoke(main, ["run", str(path), "--out", str(out), "-q", "--format", "md"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"planmodel: {path}:")
    return line


def _exhausted_population(data, horizon=2026):
    # 2万人 falling by exactly 1万人 a year: 1 in 2025, 0 in 2026, -1 in 2027
    population = {"label": "常住人口", "unit": "万人", "actual": {2024: 2}, "change": "-1万人"}
    data["indicators"]["population"] = population
    data["horizon"] = horizon
    data["simulation"]["draws"] = 1000
    return data


def test_a_divisor_reaching_zero_in_the_draws_is_an_error_not_a_probability(tmp_path):
    # gdp / population is +inf in 2026 in every draw, which a comparison would count as "above
    # 14万元" — the run must refuse, at the formula's line, even with no target on 人均GDP.
    for with_target in (False, True):
        data = _exhausted_population(minimal_dict())
        if with_target:
            _per_capita_target(data)
        folder = tmp_path / str(with_target)
        folder.mkdir()
        line = _run(folder, data)
        assert "derived.gdp_per_capita.formula: 人均GDP is undefined in 1,000 of 1,000 draws" in line
        assert "from 2026" in line


def test_a_growth_target_from_a_level_of_zero_is_an_error_not_a_probability(tmp_path):
    # growth of population in 2027 is -1 / 0 - 1 = -inf in every draw
    data = _exhausted_population(minimal_dict(), horizon=2027)
    del data["derived"]
    data["targets"].append(
        {"name": "人口增长", "indicator": "population", "measure": "growth", "year": 2027, "at_least": "-50%"}
    )
    line = _run(tmp_path, data)
    assert "targets[1].indicator: target '人口增长' is undefined in 1,000 of 1,000 draws" in line
    assert "from 2027" not in line  # the level itself is defined; only the growth from 0 is not


def test_undefined_counts_take_nan_and_both_infinities():
    values = {"a": np.array([1.0, np.nan, np.inf, -np.inf, 0.0]), "b": np.array([1.0, 2.0])}
    assert undefined_counts(values) == {"a": 3}


@pytest.mark.parametrize(
    ("where", "change", "allow"),
    [
        ("target", {"at_least": "1200万元"}, "scale"),
        ("gdp", {"real_growth": "750%"}, "growth"),
        ("gdp", {"actual": {2023: 0.1, 2024: 1000}}, "scale"),
    ],
)
def test_allow_keeps_a_number_the_planner_means(where, change, allow):
    data = minimal_dict()
    holder = data["targets"][0] if where == "target" else data["indicators"][where]
    holder.update(change)
    with pytest.raises(ScenarioError, match=f"add allow: \\[{allow}\\]"):
        build(data)
    holder["allow"] = [allow]
    build(data)  # accepted as written


def test_several_independent_problems_come_together_in_file_order(tmp_path):
    data = minimal_dict()
    data["targets"][0]["at_least"] = "1200万元"  # scale slip (a cross-field check)
    data["indicators"]["population"]["growth"] = "0.5%%"  # field problem
    data["derived"]["gdp_per_capita"]["labl"] = "人均"  # unknown key
    data["simulation"]["seed"] = -1  # out of range, in another block
    result = CliRunner().invoke(main, ["validate", str(write_yaml(tmp_path, data))])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    # cross-field checks run only once every field reads, so the slip waits for the next pass
    assert [ln.split(": ")[2] for ln in lines] == [
        "simulation.seed",
        "indicators.population.growth",
        "derived.gdp_per_capita.labl",
    ]
    numbers = [int(ln.split(":")[2]) for ln in lines]
    assert numbers == sorted(numbers)


def test_base_year_option_outside_the_years_is_refused_as_the_option(tmp_path):
    path = write_yaml(tmp_path, minimal_dict())
    result = CliRunner().invoke(main, ["run", str(path), "--base-year", "3000", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"planmodel: {path}: --base-year 3000 is outside the scenario's years 2024–2026: it is the "
        "last year whose published data are used, so give a year in that range"
    )
