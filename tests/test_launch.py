"""The entry point starts report workers early only for runs that will use them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from planmodel import launch
from planmodel.report import format_names

from conftest import SCENARIOS


@pytest.mark.parametrize(
    ("argv", "wanted"),
    [
        (["run", "s.yaml"], True),  # default formats draw charts
        (["run", "s.yaml", "--format", "all"], True),
        (["run", "s.yaml", "--format=docx"], True),
        (["run", "s.yaml", "--format", "md,xlsx"], False),  # nothing to draw
        (["run", "s.yaml", "--format", "md", "--format", "pptx"], True),  # the last one wins, as in click
        (["run", "s.yaml", "--format", "pdf"], False),  # click reports the bad value
        (["run", "--help"], False),
        (["validate", "s.yaml"], False),
        ([], False),
    ],
)
def test_which_runs_start_workers_early(argv, wanted, monkeypatch):
    monkeypatch.setattr(format_names, "available_cpus", lambda: 2)
    assert launch.wants_report_workers(argv) is wanted


def test_one_processor_starts_none(monkeypatch):
    monkeypatch.setattr(format_names, "available_cpus", lambda: 1)
    assert not launch.wants_report_workers(["run", "s.yaml", "--format", "all"])


def test_numerical_libraries_get_one_thread_unless_the_user_chose():
    environ = {"OPENBLAS_NUM_THREADS": "4"}
    launch.one_thread_per_process(environ)
    assert environ["OPENBLAS_NUM_THREADS"] == "4"  # the user's choice stands
    assert all(environ[name] == "1" for name in launch.ONE_THREAD if name != "OPENBLAS_NUM_THREADS")


def test_results_do_not_depend_on_the_linear_algebra_threads(tmp_path):
    # The command line holds BLAS to one thread (it only wasted a core); a user who sets more gets
    # the same numbers, bit for bit (a correlated scenario: its draws go through a matrix product).
    scenario = next(p for p in SCENARIOS if "\ncorrelation:" in p.read_text(encoding="utf-8"))
    outputs = []
    for threads in ("1", "2"):
        out = tmp_path / threads
        env = {**os.environ, **dict.fromkeys(launch.ONE_THREAD, threads)}
        command = [sys.executable, "-m", "planmodel", "run", str(scenario), "--draws", "20000",
                   "--format", "md", "--out", str(out)]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, env=env)
        outputs.append([(out / name).read_bytes() for name in ("targets.csv", "percentiles.csv")])
    assert outputs[0] == outputs[1]
