"""Charts of calibration: a fitted history's fan, reliability diagrams and PIT histograms.

The chart contract of :mod:`planmodel.report.charts`: each function takes ``ax=None`` (a new
``matplotlib.figure.Figure`` when None), draws inside ``matplotlib.rc_context`` with the bundled
CJK font, never touches pyplot or the global rcParams, sets a ``gid`` on the artists tests look
for, and returns the Axes. They draw numbers computed elsewhere (:mod:`planmodel.analysis`).

May import: planmodel.report.fonts → numpy, matplotlib.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from planmodel.report.fonts import chart_rc

INK = "#1F2933"
MUTED = "#7B8794"
BAND = ("#C6DBEF", "#6BAED6")
"""Fan colours: the 90% band, then the 50% band."""
LINE = "#08519C"
HISTORY = "#D94801"


@contextmanager
def drawing() -> Iterator[None]:
    """The chart look: CJK font, small text, no top/right spines."""
    rc = {
        **chart_rc(),
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": MUTED,
        "xtick.color": INK,
        "ytick.color": INK,
    }
    with matplotlib.rc_context(rc):
        yield


def _cjk(ax: Axes) -> Axes:
    """Give every text of the Axes the CJK font list.

    Texts made before the drawing context (the labels of a caller's Axes) would otherwise keep the
    default font and lose Chinese.
    """
    families = chart_rc()["font.family"]
    for item in ax.findobj(Text):
        item.set_fontfamily(families)
    return ax


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    return Figure(figsize=size, dpi=100, layout="constrained").add_subplot()


def fit_fan_chart(
    years: Sequence[int],
    history: Sequence[float],
    future_years: Sequence[int],
    quantiles: np.ndarray,
    *,
    mean: float,
    title: str,
    check: np.ndarray | None = None,
    labels: Sequence[str] = ("历史", "拟合均值", "50%区间", "90%区间", "参数后验预测90%"),
    ax: Axes | None = None,
) -> Axes:
    """A growth history with the fan its fit implies for the following years.

    Parameters
    ----------
    years, history
        Observed years and growth rates (fractions), drawn as a line with points.
    future_years
        Years after the history.
    quantiles
        Shape ``(len(future_years), 5)``: the 5th, 25th, 50th, 75th and 95th percentiles of growth
        as the printed scenario keys imply (fractions).
    mean
        The fitted mean growth (a dashed line over history and future).
    check
        Optional ``(len(future_years), 2)``: the 5th and 95th percentiles of the full posterior
        predictive (every parameter drawn), drawn as dotted lines to show how close the scenario
        form comes.
    labels
        Legend texts: history, mean, 50% band, 90% band, posterior check.
    """
    with drawing():
        ax = _axes(ax, (6.4, 3.6))
        pct = 100.0
        fy = np.asarray(future_years)
        q = np.asarray(quantiles) * pct
        # join the fan to the last observation so the eye follows the line
        x = np.concatenate([[years[-1]], fy])
        last = history[-1] * pct

        def joined(col: int) -> np.ndarray:
            return np.concatenate([[last], q[:, col]])

        ax.fill_between(x, joined(0), joined(4), color=BAND[0], lw=0, label=labels[3], gid="band:90")
        ax.fill_between(x, joined(1), joined(3), color=BAND[1], lw=0, label=labels[2], gid="band:50")
        ax.plot(x, joined(2), color=LINE, lw=1.5, gid="median")
        ax.plot(years, np.asarray(history) * pct, color=HISTORY, marker="o", ms=3.5, lw=1.2,
                label=labels[0], gid="history")
        ax.axhline(mean * pct, color=MUTED, ls="--", lw=0.9, label=labels[1], gid="mean")
        if check is not None:
            c = np.asarray(check) * pct
            ax.plot(fy, c[:, 0], color=INK, ls=":", lw=1.0, label=labels[4], gid="check")
            ax.plot(fy, c[:, 1], color=INK, ls=":", lw=1.0)
        ax.set_title(title, loc="left")
        ax.set_ylabel("%")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(frameon=False, fontsize=8, loc="best")
    return _cjk(ax)


def reliability_chart(
    stated: np.ndarray,
    observed: np.ndarray,
    counts: np.ndarray,
    *,
    title: str,
    axis_labels: Sequence[str] = ("给出的概率（%）", "实际达成比例（%）"),
    ax: Axes | None = None,
) -> Axes:
    """Stated probability against observed frequency, one point per non-empty bin with its count.

    A calibrated forecaster's points lie on the diagonal; the count says how much each point weighs.
    """
    with drawing():
        ax = _axes(ax, (3.6, 3.6))
        ax.plot([0, 100], [0, 100], color=MUTED, lw=0.8, ls="--", gid="diagonal")
        keep = np.asarray(counts) > 0
        x = np.asarray(stated)[keep] * 100
        y = np.asarray(observed)[keep] * 100
        n = np.asarray(counts)[keep]
        ax.plot(x, y, color=LINE, lw=1.0, zorder=2)
        ax.scatter(x, y, s=12 + 3 * np.sqrt(n) * 4, color=LINE, zorder=3, gid="bins")
        for xi, yi, ni in zip(x, y, n, strict=True):
            ax.annotate(str(int(ni)), (xi, yi), textcoords="offset points", xytext=(5, -10),
                        fontsize=7, color=INK, gid="count")
        ax.set_xlim(-3, 103)
        ax.set_ylim(-3, 103)
        ax.set_aspect("equal")
        ax.set_xlabel(axis_labels[0])
        ax.set_ylabel(axis_labels[1])
        ax.set_title(title, loc="left")
    return _cjk(ax)


def pit_chart(counts: np.ndarray, *, title: str, ax: Axes | None = None) -> Axes:
    """Histogram of PIT values in equal bins, with the flat line a calibrated forecast gives."""
    with drawing():
        ax = _axes(ax, (3.6, 2.6))
        counts = np.asarray(counts)
        bins = len(counts)
        edges = np.linspace(0, 1, bins + 1)
        ax.bar(edges[:-1], counts, width=1 / bins, align="edge", color=BAND[1], edgecolor="white",
               gid="pit")
        ax.axhline(counts.sum() / bins, color=INK, lw=0.9, ls="--", gid="flat")
        ax.set_xlim(0, 1)
        ax.set_xlabel("PIT")
        ax.set_title(title, loc="left")
    return _cjk(ax)
