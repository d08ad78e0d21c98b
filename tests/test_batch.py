"""Many scenarios at once: each one's numbers are those of running it alone; one progress for all."""

from __future__ import annotations

import pytest

from planmodel import load_scenario
from planmodel.batch import run_many, scenario_files
from planmodel.errors import ScenarioError
from planmodel.report.writers.data import results_to_dict
from planmodel.runner import run

from conftest import ROOT, minimal_dict, write_yaml

SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("workers", [1, 2])
def test_each_scenario_of_a_batch_is_bit_identical_to_its_own_run(workers):
    loaded = [load_scenario(p) for p in SHIPPED[:3]]
    calls = []
    runs = run_many(loaded, draws=30_000, workers=workers, progress=lambda d, t: calls.append((d, t)))
    assert [r.scenario.name for r in runs] == [x.scenario.name for x in loaded]
    for alone, batched in zip(loaded, runs, strict=True):
        single = run(alone, draws=30_000)
        assert results_to_dict(batched.results) == results_to_dict(single.results)
        assert batched.manifest["seed_entropy"] == single.manifest["seed_entropy"]
    assert calls[-1] == (90_000, 90_000)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)  # one display, never going back


def test_folders_expand_to_their_scenario_files_in_order(tmp_path):
    (tmp_path / "d").mkdir()
    a = write_yaml(tmp_path / "d", minimal_dict(), name="b.yaml")
    b = write_yaml(tmp_path / "d", minimal_dict(), name="a.yml")
    (tmp_path / "d" / "notes.txt").write_text("not a scenario", encoding="utf-8")
    assert scenario_files([tmp_path / "d"]) == [b, a]
    with pytest.raises(ScenarioError, match="named twice"):
        scenario_files([tmp_path / "d", a])
    (tmp_path / "empty").mkdir()
    with pytest.raises(ScenarioError, match="no scenario files"):
        scenario_files([tmp_path / "empty"])


def _two_scenarios(folder):
    folder.mkdir()
    first = minimal_dict()
    second = minimal_dict()
    second["scenario"] = "test two"
    second["indicators"]["gdp"]["real_growth"] = {"normal": {"mean": "9%", "sd": "2%"}}
    return [write_yaml(folder, first, "a.yaml"), write_yaml(folder, second, "b.yaml")]


def test_cli_runs_a_folder_with_one_summary_reading_as_each_report(tmp_path):
    import openpyxl
    from click.testing import CliRunner

    from planmodel.cli import main

    _two_scenarios(tmp_path / "plans")
    out = tmp_path / "out"
    args = ["run", str(tmp_path / "plans"), "--draws", "20000", "--format", "md,xlsx", "--quiet",
            "--out", str(out), "--workers", "2"]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in out.iterdir()) == ["a", "b", "summary"]
    summary = (out / "summary" / "summary.md").read_text(encoding="utf-8")
    for name in ("a", "b"):
        own = (out / name / "summary.md").read_text(encoding="utf-8")
        row = next(line for line in own.splitlines() if line.startswith("| gdp1200 |"))
        assert row[1:] in summary  # the scenario's own overview row, cell for cell
    sheet = openpyxl.load_workbook(out / "summary" / "summary.xlsx").active
    titles = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert titles == ["test", "test two"]
    alone = CliRunner().invoke(main, ["run", str(tmp_path / "plans" / "b.yaml"), "--draws", "20000",
                                      "--format", "md", "--quiet", "--out", str(tmp_path / "b")])
    assert alone.exit_code == 0, alone.output
    assert (tmp_path / "b" / "summary.md").read_text(encoding="utf-8").split("## ")[2] == (
        (out / "b" / "summary.md").read_text(encoding="utf-8").split("## ")[2]
    )  # the same overview as running it alone


def test_cli_batch_refuses_json_and_clashing_folders(tmp_path):
    from click.testing import CliRunner

    from planmodel.cli import main

    a, b = _two_scenarios(tmp_path / "plans")
    base = ["run", "--draws", "1000", "--quiet", "--out", str(tmp_path / "out")]
    refused = CliRunner().invoke(main, [*base, str(a), str(b), "--json"])
    assert refused.exit_code == 2 and "one scenario at a time" in refused.output
    (tmp_path / "other").mkdir()
    twin = write_yaml(tmp_path / "other", minimal_dict(), "a.yaml")
    clash = CliRunner().invoke(main, [*base, str(a), str(twin)])
    assert clash.exit_code == 2 and "would both write" in clash.output
    assert not (tmp_path / "out").exists()  # nothing ran
