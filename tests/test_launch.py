"""The entry point starts report workers early only for runs that will use them."""

from __future__ import annotations

import pytest

from planmodel import launch
from planmodel.report import format_names


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
