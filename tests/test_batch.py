"""Many scenarios at once: each one's numbers are those of running it alone; one progress for all."""

from __future__ import annotations

import pytest

from planmodel import load_scenario
from planmodel.batch import run_many, scenario_files
from planmodel.errors import ScenarioError
from planmodel.report.results_json import results_to_dict
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
