"""--keep-draws: every draw's levels, written slice by slice, the same whatever the workers."""

from __future__ import annotations

import numpy as np
import pytest

from planmodel import load_scenario, run
from planmodel.draws import files, load
from planmodel.engine import simulate
from planmodel.errors import OutputError

from conftest import ROOT

REFERENCE = ROOT / "benchmarks" / "reference-model.yaml"


def test_kept_draws_are_the_simulated_paths(tmp_path):
    loaded = load_scenario(REFERENCE)
    outcome = run(loaded, draws=120_000, seed=3, workers=2, keep_draws=tmp_path / "draws")
    kept = load(tmp_path / "draws")
    paths = simulate(loaded.scenario, 3, 120_000)
    assert list(kept["indicators"]) == list(paths.levels) and list(kept["years"]) == list(paths.years)
    for i, key in enumerate(kept["indicators"]):
        assert np.array_equal(kept["levels"][:, i, :], paths.levels[str(key)], equal_nan=True)
    assert len(files(tmp_path / "draws")) == 3  # slices of at most 50,000 draws
    assert outcome.manifest["keep_draws"] == str(tmp_path / "draws")


def test_a_folder_with_files_is_never_overwritten(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="not an empty folder"):
        run(load_scenario(REFERENCE), draws=1_000, seed=3, keep_draws=tmp_path / "taken")
    assert (tmp_path / "taken" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_cli_keep_draws(tmp_path):
    from click.testing import CliRunner

    from planmodel.cli import main

    args = ["run", str(REFERENCE), "--draws", "60000", "--format", "md", "--quiet",
            "--out", str(tmp_path / "run"), "--keep-draws", str(tmp_path / "draws")]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.output
    assert load(tmp_path / "draws")["levels"].shape == (60_000, 3, 4)
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 1 and "not an empty folder" in again.output and "Traceback" not in again.output
