"""End to end through the command line: every shipped scenario, errors, and safe output folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from planmodel.cli import main

from conftest import SCENARIOS, minimal_dict, write_yaml

SMALL = ["--draws", "20000", "--seed", "3"]


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_run_every_shipped_scenario(tmp_path, path):
    out = tmp_path / path.stem
    result = invoke("run", str(path), *SMALL, "--out", str(out), "--format", "md,xlsx")
    assert result.exit_code == 0, result.output
    for name in ("results.json", "targets.csv", "percentiles.csv", "manifest.json", "summary.md",
                 "results.xlsx"):
        assert (out / name).is_file(), name
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert data["draws"] == 20000 and data["seed"] == 3
    assert len(manifest["scenario_sha256"]) == 64 and manifest["generator"] == "planmodel"
    for t in data["targets"]:
        assert {"name", "indicator", "year", "probability", "ci_low", "ci_high", "median",
                "required_growth"} <= t.keys()
        assert 0 <= t["ci_low"] <= t["probability"] <= t["ci_high"] <= 1
        assert t["name"] in result.output  # every target is printed


def test_results_json_matches_cli_json_flag(tmp_path):
    scenario = SCENARIOS[0]
    result = invoke("run", str(scenario), *SMALL, "--out", str(tmp_path / "o"), "--format", "md", "--json")
    printed = json.loads(result.output)
    written = json.loads((tmp_path / "o" / "results.json").read_text(encoding="utf-8"))
    assert printed == written


def test_workers_do_not_change_numbers(tmp_path):
    scenario = SCENARIOS[0]
    one = invoke("run", str(scenario), *SMALL, "--out", str(tmp_path / "a"), "--format", "md", "--json")
    two = invoke("run", str(scenario), *SMALL, "--workers", "2", "--out", str(tmp_path / "b"),
                 "--format", "md", "--json")
    assert json.loads(one.output)["targets"] == json.loads(two.output)["targets"]


def test_bad_input_is_one_line_exit_2(tmp_path):
    data = minimal_dict()
    data["indicators"]["gdp"]["real_growth"] = {"normal": {"mean": "7%", "stdev": "2%"}}
    path = write_yaml(tmp_path, data)
    result = CliRunner().invoke(main, ["run", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    assert f"{path}:" in lines[0] and "stdev" in lines[0] and "sd" in lines[0]
    assert not (tmp_path / "o").exists()


def test_missing_file_and_bad_format(tmp_path):
    result = CliRunner().invoke(main, ["run", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2 and "file not found" in result.output
    result = CliRunner().invoke(main, ["run", str(SCENARIOS[0]), "--format", "pdf", *SMALL,
                                       "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "pdf" in result.output and "Traceback" not in result.output


def test_validate_reports_each_file(tmp_path):
    bad = write_yaml(tmp_path, {"scenario": "x"}, "bad.yaml")
    result = CliRunner().invoke(main, ["validate", str(SCENARIOS[0]), str(bad)])
    assert result.exit_code == 2
    assert "ok" in result.output and "bad.yaml" in result.output and "horizon" in result.output


def test_rerun_replaces_only_planmodels_own_folder(tmp_path):
    scenario = str(SCENARIOS[0])
    out = tmp_path / "run"
    assert invoke("run", scenario, *SMALL, "--out", str(out), "--format", "md").exit_code == 0
    (out / "stale.txt").write_text("from an older run")
    assert invoke("run", scenario, *SMALL, "--out", str(out), "--format", "md").exit_code == 0
    assert not (out / "stale.txt").exists()  # replaced whole

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.docx").write_text("the planner's own file")
    result = CliRunner().invoke(main, ["run", scenario, *SMALL, "--out", str(mine)])
    assert result.exit_code == 1 and "not written by planmodel" in result.output
    assert (mine / "notes.docx").read_text() == "the planner's own file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "run"]  # no temporary leftovers


def test_failed_run_leaves_previous_folder_intact(tmp_path, monkeypatch):
    scenario = str(SCENARIOS[0])
    out = tmp_path / "run"
    assert invoke("run", scenario, *SMALL, "--out", str(out), "--format", "md").exit_code == 0
    before = (out / "results.json").read_bytes()

    import planmodel.runner

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(planmodel.runner, "write_json", broken)
    result = CliRunner().invoke(main, ["run", scenario, "--draws", "10000", "--out", str(out)])
    assert result.exit_code == 1 and "disk full" in result.output
    assert (out / "results.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_console_script_and_module_entry_point(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-m", "planmodel", "validate", str(SCENARIOS[0])],
                            capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0 and "ok" in result.stdout


def test_override_error_points_into_the_file(tmp_path):
    daye = [p for p in SCENARIOS if p.stem == "daye-2026"][0]
    result = CliRunner().invoke(main, ["run", str(daye), "--base-year", "2023", "--draws", "10000",
                                       "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    line = result.output.strip()
    assert line.startswith(f"planmodel: {daye}:") and "--base-year 2023" in line
    assert "real_growth" in line and "2023" in line


def test_english_run_uses_english_labels(tmp_path):
    daye = [p for p in SCENARIOS if p.stem == "daye-2026"][0]
    out = tmp_path / "en"
    result = invoke("run", str(daye), *SMALL, "--lang", "en", "--format", "md", "--out", str(out))
    assert result.exit_code == 0
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "share of Huangshi GDP" in summary and "Under the baseline scenario" in summary


def test_run_without_seed_replays_from_manifest_entropy(tmp_path):
    data = minimal_dict()
    del data["simulation"]["seed"]
    path = write_yaml(tmp_path, data)
    first = invoke("run", str(path), "--out", str(tmp_path / "a"), "--format", "md", "--json")
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8"))
    entropy = manifest["seed_entropy"]
    assert int(entropy) > 2**64  # fresh OS entropy is 128 bits
    again = invoke("run", str(path), "--seed", entropy, "--out", str(tmp_path / "b"),
                   "--format", "md", "--json")
    assert json.loads(first.output)["targets"] == json.loads(again.output)["targets"]
