"""Calibration charts keep the chart contract: ax=None makes a figure, the Axes comes back, artists
carry gids, Chinese renders (a missing glyph warns, and warnings are errors here)."""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure

from planmodel.report.calibration_charts import fit_fan_chart, pit_chart, reliability_chart


def gids(ax) -> set[str]:
    return {a.get_gid() for a in ax.get_children() + ax.collections + ax.lines if a.get_gid()}


def render(ax) -> None:
    ax.figure.savefig(io.BytesIO(), format="png")


def test_fit_fan_chart():
    q = np.array([[0.03, 0.05, 0.06, 0.07, 0.09]] * 3)
    ax = fit_fan_chart([2021, 2022, 2023], [0.05, 0.07, 0.06], [2024, 2025, 2026], q, mean=0.06,
                       title="大冶：可比价增速", check=q[:, [0, 4]] * 1.1)
    assert {"band:90", "band:50", "median", "history", "mean", "check"} <= gids(ax)
    render(ax)


def test_reliability_and_pit_into_a_callers_axes():
    fig = Figure()
    left, right = fig.subplots(1, 2)
    out = reliability_chart(np.array([0.05, np.nan, 0.5]), np.array([0.1, np.nan, 0.4]), np.array([10, 0, 3]),
                            title="情景假设", ax=left)
    assert out is left and {"diagonal", "bins", "count"} <= gids(left)
    counts = [t.get_text() for t in left.texts]
    assert counts == ["10", "3"]  # empty bins are not drawn
    assert pit_chart(np.array([5, 1, 0, 2]), title="PIT", ax=right) is right
    assert len(right.patches) == 4
    render(left)
