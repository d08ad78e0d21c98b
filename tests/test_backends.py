"""Same scenario + same seed ⇒ the same bits, whatever the workers, block size or backend; memory flat.

Every random number the engine can draw is exercised (persistent and correlated drivers, a
trend, a start deviation, a bridge, revisions, a census shift, a student t), and the whole
results (as results.json would hold them) are compared for equality, not closeness.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from planmodel.backends.local import LocalBackend, pilot, run_blocks
from planmodel.evaluation import combine
from planmodel.report.writers.data import results_to_dict
from planmodel.settings import RunSettings

from conftest import ROOT, build, minimal_dict


def rich_scenario():
    data = minimal_dict()
    data["horizon"] = 2027
    data["indicators"]["population"]["growth"] = {"student_t": {"mean": "0%", "scale": "1%", "df": 4}}
    data["indicators"]["population"]["over_years"] = {"trend_sd": "0.5%", "persistence": 0.2}
    gdp = data["indicators"]["gdp"]
    gdp["actual"] = {2021: 800, 2023: 950, 2024: {"value": 1000, "vintage": "预计", "revision_sd": "2%"}}
    gdp["actual_growth"] = {2024: {"value": "6%", "revision_sd": "0.5%"}}
    gdp["over_years"] = {"trend_sd": "1%", "persistence": 0.5, "start_deviation": "0.5%"}
    gdp["deflator"] = {"normal": {"mean": "1%", "sd": "1%"}}
    gdp["deflator_over_years"] = {"trend_sd": "0.5%", "persistence": 0.7}
    gdp["rebase"] = {"year": 2023, "shift": {"normal": {"mean": "0%", "sd": "3%"}}}
    data["correlation"] = [["gdp", "population", 0.3], ["gdp", "gdp.deflator", -0.2],
                           ["gdp.trend", "population.trend", 0.5]]
    data["targets"] += [
        {"name": "before", "indicator": "gdp", "year": 2026, "at_least": "1100亿元",
         "level_basis": "pre_revision"},
        {"name": "per head", "indicator": "gdp_per_capita", "year": 2027, "at_least": "12万元"},
        {"name": "growth", "indicator": "gdp", "measure": "avg_growth", "basis": "real",
         "years": "2025-2027", "at_least": "7%"},
    ]
    return build(data)


def results(scenario, settings, backend=None):
    grids = pilot(scenario, settings, 11)
    summaries = run_blocks(scenario, settings, 11, backend=backend, grids=grids)
    return results_to_dict(combine(scenario, 11, 11, summaries, grids))


@pytest.fixture(scope="module")
def scenario():
    return rich_scenario()


@pytest.fixture(scope="module")
def reference(scenario):
    return results(scenario, RunSettings(draws=70_000, seed=11, block_size=10_000))


@pytest.mark.parametrize("workers, block_size", [(1, 30_000), (2, 10_000), (2, 50_000), (4, 20_000)])
def test_bit_identical_for_any_worker_count_and_block_size(scenario, reference, workers, block_size):
    settings = RunSettings(draws=70_000, seed=11, block_size=block_size, workers=workers)
    assert results(scenario, settings) == reference


def test_bit_identical_on_a_dask_cluster(scenario, reference):
    distributed = pytest.importorskip("distributed")
    from planmodel.backends.dask import DaskBackend

    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        backend = DaskBackend(client, "test cluster")
        settings = RunSettings(draws=70_000, seed=11, block_size=20_000)
        assert results(scenario, settings, backend) == reference


def test_dask_addresses_are_checked():
    from planmodel.backends.dask import check_address

    assert check_address("local:2") == "local:2"
    assert check_address("tcp://10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    for bad in ("local:0", "local:x", "10.0.0.5:8786", ""):
        with pytest.raises(ValueError, match="local:N"):
            check_address(bad)


def test_local_backend_describes_itself():
    assert LocalBackend(1).description == "local, 1 worker"
    assert LocalBackend(2).description == "local, 2 workers"


PEAK_RSS = textwrap.dedent(
    """
    import resource, sys
    from planmodel import load_scenario, run
    run(load_scenario(sys.argv[1]), draws=int(sys.argv[2]), seed=1)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    """
)


def peak_rss_kib(draws: int) -> int:
    path = ROOT / "benchmarks" / "reference-model.yaml"
    out = subprocess.run([sys.executable, "-c", PEAK_RSS, str(path), str(draws)],
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def test_memory_is_flat_as_draws_grow():
    small, large = peak_rss_kib(10**6), peak_rss_kib(10**7)
    # Ten times the draws may not cost more than 10% more memory (a fixed block budget, not draws).
    assert large < 1.1 * small, (small, large)


def test_run_manifest_names_the_backend(tmp_path):
    from planmodel import load_scenario, run

    outcome = run(load_scenario(ROOT / "benchmarks" / "reference-model.yaml"), draws=20_000, seed=1)
    assert outcome.manifest["backend"] == "local, 1 worker"
    assert json.dumps(outcome.manifest)  # still plain JSON


def test_cli_workers_auto_and_dask_address_errors(tmp_path):
    from click.testing import CliRunner

    from planmodel.cli import main

    path = str(ROOT / "benchmarks" / "reference-model.yaml")
    common = ["run", path, "--draws", "20000", "--format", "md", "--quiet"]
    done = CliRunner().invoke(main, [*common, "--workers", "auto", "--out", str(tmp_path / "a")])
    assert done.exit_code == 0, done.output
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["workers"] >= 1
    bad = CliRunner().invoke(main, [*common, "--workers", "many", "--out", str(tmp_path / "b")])
    assert bad.exit_code == 2 and "'many' is not a whole number or 'auto'" in bad.output
    wrong = CliRunner().invoke(main, [*common, "--dask", "10.0.0.5:8786", "--out", str(tmp_path / "c")])
    assert wrong.exit_code == 2 and "Traceback" not in wrong.output
    assert "tcp://host:8786" in wrong.output and wrong.output.count("\n") == 1
