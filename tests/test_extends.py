"""Scenario variants: ``extends:`` merges, located errors, loops, and the shipped variants.

The optimistic and pessimistic 大冶 scenarios were 258-line copies of the baseline; they now extend
it. ``tests/data/variants/`` keeps the copies as they were, and the variants must give the same
scenario and the same numbers at the same seed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from planmodel.cli import main
from planmodel.errors import ScenarioError
from planmodel.extends import merge
from planmodel.io import load_scenario
from planmodel.runner import run

from conftest import ROOT, minimal_dict, write_yaml

OLD = ROOT / "tests" / "data" / "variants"
VARIANTS = ("daye-2026-optimistic", "daye-2026-pessimistic")


def test_merge_rules():
    parent = {"a": {"x": 1, "y": [1, 2], "z": {"k": 1}}, "b": 2, "c": 3}
    child = {"a": {"y": [3], "z": {"j": 2}}, "b": None, "d": 4}
    assert merge(parent, child) == {"a": {"x": 1, "y": [3], "z": {"k": 1, "j": 2}}, "c": 3, "d": 4}
    assert parent == {"a": {"x": 1, "y": [1, 2], "z": {"k": 1}}, "b": 2, "c": 3}  # not changed
    assert merge({"a": {"x": 1}}, {"a": 5}) == {"a": 5}  # a value replaces a mapping
    assert merge({"a": 5}, {"a": {"x": 1}}) == {"a": {"x": 1}}


@pytest.mark.parametrize("stem", VARIANTS)
def test_variants_are_the_old_copies(stem):
    new = load_scenario(ROOT / "scenarios" / f"{stem}.yaml")
    old = load_scenario(OLD / f"{stem}.yaml")
    assert new.parents and new.parents[0][0] == "daye-2026.yaml"
    assert new.scenario == old.scenario
    assert new.settings == old.settings
    a = run(new, draws=20_000).results
    b = run(old, draws=20_000).results
    assert a.entropy == b.entropy
    assert [t.successes for t in a.targets] == [t.successes for t in b.targets]
    for key in a.percentiles:
        np.testing.assert_array_equal(a.percentiles[key], b.percentiles[key])


def test_variants_are_short():
    for stem in VARIANTS:
        lines = (ROOT / "scenarios" / f"{stem}.yaml").read_text(encoding="utf-8").splitlines()
        assert len(lines) < 60, stem


def _pair(tmp_path: Path, child: dict, parent: dict | None = None) -> Path:
    write_yaml(tmp_path, parent or minimal_dict(), "base.yaml")
    return write_yaml(tmp_path, {"extends": "base.yaml", **child}, "variant.yaml")


def test_round_trip_without_overrides(tmp_path):
    path = _pair(tmp_path, {"scenario": "test"})
    assert load_scenario(path).scenario == load_scenario(tmp_path / "base.yaml").scenario


def test_round_trip_of_merged_data(tmp_path):
    """Writing the merged data out as one file gives the same scenario."""
    from planmodel.extends import resolve
    from planmodel.io import _read_yaml

    path = _pair(tmp_path, {"indicators": {"gdp": {"deflator": "2%"}}, "horizon": 2027})
    _, data, locator = _read_yaml(path)
    merged = resolve(data, locator, path, _read_yaml).data
    flat = write_yaml(tmp_path, merged, "flat.yaml")
    scenario = load_scenario(flat).scenario
    assert scenario == load_scenario(path).scenario
    assert scenario.horizon == 2027
    assert scenario.indicator("gdp").deflator.for_year(2026).mean() == pytest.approx(0.02)


def test_child_value_error_names_the_child(tmp_path):
    path = _pair(tmp_path, {"indicators": {"gdp": {"real_growth": {"normal": {"mean": "7%", "sd": "-1%"}}}}})
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.file == str(path)
    text = path.read_text(encoding="utf-8").splitlines()
    assert "-1%" in text[info.value.line - 1]


def test_parent_value_error_names_the_parent(tmp_path):
    parent = minimal_dict()
    parent["targets"][0]["at_least"] = "1200万人"  # wrong dimension, written in the parent
    path = _pair(tmp_path, {"scenario": "variant"}, parent)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    base = tmp_path / "base.yaml"
    assert info.value.file == str(base)
    assert "1200万人" in base.read_text(encoding="utf-8").splitlines()[info.value.line - 1]


def test_null_removes_a_parent_key(tmp_path):
    triangular = {"low": "5%", "mode": "7%", "high": "9%"}
    child = {"indicators": {"gdp": {"real_growth": {"normal": None, "triangular": triangular}}}}
    scenario = load_scenario(_pair(tmp_path, child)).scenario
    assert scenario.indicator("gdp").driver.for_year(2025).family == "triangular"
    removed = load_scenario(_pair(tmp_path, {"derived": None})).scenario
    assert removed.derived == ()


def test_loops_are_refused(tmp_path):
    a = write_yaml(tmp_path, {"extends": "b.yaml", "scenario": "a"}, "a.yaml")
    write_yaml(tmp_path, {"extends": "a.yaml", **minimal_dict()}, "b.yaml")
    with pytest.raises(ScenarioError, match=r"cannot extend itself \(a.yaml → b.yaml → a.yaml\)") as info:
        load_scenario(a)
    assert info.value.file == str(tmp_path / "b.yaml")  # where the loop closes
    assert info.value.line == 1
    self_ = write_yaml(tmp_path, {"extends": "self.yaml", **minimal_dict()}, "self.yaml")
    with pytest.raises(ScenarioError, match="cannot extend itself"):
        load_scenario(self_)


def test_missing_or_bad_parent(tmp_path):
    path = write_yaml(tmp_path, {"extends": "nowhere.yaml", "scenario": "x"}, "x.yaml")
    with pytest.raises(ScenarioError, match="cannot use nowhere.yaml: .*file not found") as info:
        load_scenario(path)
    assert info.value.file == str(path) and info.value.line == 1
    bad = write_yaml(tmp_path, {"extends": ["a.yaml"], "scenario": "x"}, "y.yaml")
    with pytest.raises(ScenarioError, match="extends names the scenario file"):
        load_scenario(bad)
    nul = write_yaml(tmp_path, {"extends": "\0", "scenario": "x"}, "n.yaml")  # found by the fuzzer
    with pytest.raises(ScenarioError, match="extends names the scenario file"):  # not a ValueError
        load_scenario(nul)
    (tmp_path / "list.yaml").write_text("- 1\n- 2\n", encoding="utf-8")
    lst = write_yaml(tmp_path, {"extends": "list.yaml", "scenario": "x"}, "z.yaml")
    with pytest.raises(ScenarioError, match="is not a scenario"):
        load_scenario(lst)


def test_chains_and_manifest(tmp_path):
    write_yaml(tmp_path, minimal_dict(), "base.yaml")
    write_yaml(tmp_path, {"extends": "base.yaml", "horizon": 2027}, "mid.yaml")
    sub = tmp_path / "sub"
    sub.mkdir()
    leaf = write_yaml(sub, {"extends": "../mid.yaml", "scenario": "leaf"}, "leaf.yaml")
    loaded = load_scenario(leaf)
    assert loaded.scenario.horizon == 2027 and loaded.scenario.name == "leaf"
    assert [name for name, _ in loaded.parents] == ["../mid.yaml", "base.yaml"]
    outcome = run(loaded, draws=10_000)
    assert [e["file"] for e in outcome.manifest["extends"]] == ["../mid.yaml", "base.yaml"]


def test_validate_variants_on_the_command_line():
    paths = [str(ROOT / "scenarios" / f"{s}.yaml") for s in VARIANTS]
    result = CliRunner().invoke(main, ["validate", *paths])
    assert result.exit_code == 0, result.output
    assert result.output.count(": ok") == 2


def test_yaml_of_variant_has_no_copied_blocks():
    """A variant writes only what differs: no published values are repeated."""
    for stem in VARIANTS:
        data = yaml.safe_load((ROOT / "scenarios" / f"{stem}.yaml").read_text(encoding="utf-8"))
        for ind in data["indicators"].values():
            assert "actual" not in ind and "actual_growth" not in ind
