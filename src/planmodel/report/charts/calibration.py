"""Charts of calibration: a fitted history's fan, reliability diagrams and PIT histograms.

They follow the briefing charts' contract and look (:mod:`planmodel.report.charts.style`): each
function takes ``ax=None`` (a new 16 cm wide figure when None), draws inside
``matplotlib.rc_context(style.rc())``, never touches pyplot or the global rcParams, sets a ``gid``
on the artists tests look for, and returns the Axes. They draw numbers computed elsewhere
(:mod:`planmodel.analysis`); every word comes from the caller, written by
:mod:`planmodel.report.i18n`. :func:`panels` makes the multi-panel figures of ``planmodel
backtest``.

Artists carry a gid: fit fan ``band:90``, ``band:50``, ``median``, ``history``, ``mean``,
``check``; reliability ``diagonal``, ``bins``, ``count``; PIT ``pit``, ``flat``.

May import: numpy, matplotlib (figures only), planmodel.report.charts.style.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from planmodel.report.charts import style
from planmodel.report.charts.fonts import chart_rc
from planmodel.report.charts.style import INK, MUTED, PROJECTION

__all__ = ["fit_fan_chart", "panels", "pit_chart", "reliability_chart"]

WIDE, MIDDLE = style.BANDS[0][2], style.BANDS[2][2]
"""Fan colours of the briefing charts: the 90% range, the 50% range."""
FIT_HEIGHT_CM = 9.0
PANEL_HEIGHT_CM = {"reliability": 7.2, "pit": 4.6}
"""Height of one panel of :func:`panels` (a panel is half the 16 cm width)."""


def panels(n: int, kind: str, columns: int = 2) -> list[Axes]:
    """A 16 cm wide figure of ``n`` panels, ``columns`` a row (constrained layout); its Axes.

    Call inside ``matplotlib.rc_context(style.rc())`` so the panels' own texts take the chart font.
    """
    rows = -(-n // columns)
    height = PANEL_HEIGHT_CM[kind] * rows
    fig = Figure(figsize=(style.WIDTH_CM * style.CM, height * style.CM), dpi=100, layout="constrained")
    fig.get_layout_engine().set(h_pad=0.06, w_pad=0.06)  # type: ignore[call-arg]
    axes = list(fig.subplots(rows, columns, squeeze=False).ravel())
    for extra in axes[n:]:
        extra.set_visible(False)
    return axes[:n]


def _panel_title(ax: Axes, text: str) -> None:
    """A panel's title on one line of its own width (a long one ends in an ellipsis)."""
    width_cm = style.WIDTH_CM / _columns(ax)
    ax.set_title(style.fit_line(text, style.FONT_PT, width_cm - 0.6), loc="left", fontsize=style.FONT_PT)


def _columns(ax: Axes) -> int:
    spec = ax.get_subplotspec()
    return 1 if spec is None else spec.get_gridspec().ncols


def _chart_font(ax: Axes) -> Axes:
    """Give every text of the Axes the chart font.

    Texts made before the drawing context (the title and labels of a caller's Axes) would otherwise
    keep the default font and lose Chinese.
    """
    families = chart_rc()["font.family"]
    for item in ax.findobj(Text):
        item.set_fontfamily(families)
    return ax


def fit_fan_chart(
    years: Sequence[int],
    history: Sequence[float],
    future_years: Sequence[int],
    quantiles: np.ndarray,
    *,
    mean: float,
    title: str,
    labels: Sequence[str],
    check: np.ndarray | None = None,
    percent: bool = True,
    note: str = "",
    ax: Axes | None = None,
) -> Axes:
    """A growth history with the fan its fit implies for the following years.

    Parameters
    ----------
    years, history
        Observed years and growth rates (fractions), drawn as a line with dots.
    future_years
        Years after the history.
    quantiles
        Shape ``(len(future_years), 5)``: the 5th, 25th, 50th, 75th and 95th percentiles of growth
        as the printed scenario keys imply (fractions).
    mean
        The fitted mean growth (a dashed line over history and future).
    title
        The chart's title.
    labels
        Legend texts: history, mean, 50% range, 90% range, posterior check.
    check
        Optional ``(len(future_years), 2)``: the 5th and 95th percentiles of the full posterior
        predictive (every parameter drawn), drawn as dotted lines to show how close the scenario
        form comes.
    percent
        Rates (fractions) drawn in percent; False for yearly changes in the indicator's unit.
    note
        The notes line under a chart of its own (the sample it was fitted to).
    """
    with matplotlib.rc_context(style.rc()):
        own = ax is None
        if ax is None:
            ax = style.new_axes(FIT_HEIGHT_CM, top_cm=1.9)
        fy = np.asarray(future_years)
        q = np.asarray(quantiles, dtype=float)
        x = np.concatenate([[years[-1]], fy])  # the fan starts at the last observation
        last = float(history[-1])

        def joined(col: int) -> np.ndarray:
            return np.concatenate([[last], q[:, col]])

        ax.fill_between(x, joined(0), joined(4), color=WIDE, lw=0, zorder=1, label=labels[3], gid="band:90")
        ax.fill_between(x, joined(1), joined(3), color=MIDDLE, lw=0, zorder=1, label=labels[2], gid="band:50")
        ax.plot(x, joined(2), color=PROJECTION, lw=2.0, zorder=3, gid="median")
        ax.plot(years, history, color=INK, marker="o", ms=4.5, lw=1.6, zorder=4, label=labels[0],
                gid="history")  # fmt: skip
        ax.axhline(mean, color=MUTED, ls="--", lw=1.0, zorder=2, label=labels[1], gid="mean")
        if check is not None:
            c = np.asarray(check, dtype=float)
            ax.plot(fy, c[:, 0], color=INK, ls=":", lw=1.2, zorder=3, label=labels[4], gid="check")
            ax.plot(fy, c[:, 1], color=INK, ls=":", lw=1.2, zorder=3)
        shown = [*years, *future_years]
        ax.set_xticks(shown, labels=[str(y) for y in shown])
        ax.grid(axis="y")
        ax.set_axisbelow(True)
        if percent:
            style.percent_axis(ax.yaxis, 1 if np.ptp(np.concatenate([history, q.ravel()])) < 0.05 else 0)
        if own:
            style.title(ax, title)
            style.notes(ax, note)
            ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.01), ncol=5 if len(labels[0]) < 6 else 3,
                      borderaxespad=0.0, handlelength=1.5, columnspacing=1.0)  # fmt: skip
        else:
            _panel_title(ax, title)
            ax.legend(loc="best")
    return _chart_font(ax)


def reliability_chart(
    stated: np.ndarray,
    observed: np.ndarray,
    counts: np.ndarray,
    *,
    title: str,
    axis_labels: Sequence[str],
    ax: Axes | None = None,
) -> Axes:
    """Stated probability against observed frequency, one point per non-empty bin with its count.

    A calibrated forecaster's points lie on the diagonal; the count says how much each point weighs.
    ``axis_labels`` are the x and y axis labels.
    """
    with matplotlib.rc_context(style.rc()):
        if ax is None:
            ax = panels(1, "reliability", columns=1)[0]
        ax.plot([0, 1], [0, 1], color=MUTED, lw=0.9, ls="--", gid="diagonal")
        keep = np.asarray(counts) > 0
        x, y = np.asarray(stated)[keep], np.asarray(observed)[keep]
        n = np.asarray(counts)[keep]
        ax.plot(x, y, color=PROJECTION, lw=1.0, zorder=2)
        ax.scatter(x, y, s=14 + 12 * np.sqrt(n), color=PROJECTION, zorder=3, gid="bins")
        for xi, yi, ni in zip(x, y, n, strict=True):
            below = yi > 0.08  # a count under a point near 0% would sit on the axis
            ax.annotate(str(int(ni)), (xi, yi), textcoords="offset points", xytext=(5, -11 if below else 4),
                        fontsize=style.SMALL_PT, color=INK, gid="count")  # fmt: skip
        ax.set_xlim(-0.03, 1.03)
        ax.set_ylim(-0.03, 1.03)
        ax.set_aspect("equal", adjustable="box")
        style.percent_axis(ax.xaxis)
        style.percent_axis(ax.yaxis)
        ax.set_xlabel(axis_labels[0])
        ax.set_ylabel(axis_labels[1])
        ax.grid(True)
        ax.set_axisbelow(True)
        _panel_title(ax, title)
    return _chart_font(ax)


def pit_chart(counts: np.ndarray, *, title: str, axis_labels: Sequence[str], ax: Axes | None = None) -> Axes:
    """Histogram of PIT values in equal bins, with the flat line a calibrated forecast gives.

    ``axis_labels`` are the x and y axis labels.
    """
    with matplotlib.rc_context(style.rc()):
        if ax is None:
            ax = panels(1, "pit", columns=1)[0]
        counts = np.asarray(counts)
        bins = len(counts)
        edges = np.linspace(0, 1, bins + 1)
        ax.bar(edges[:-1], counts, width=1 / bins, align="edge", color=MIDDLE, edgecolor="white", gid="pit")
        ax.axhline(counts.sum() / bins, color=INK, lw=1.0, ls="--", gid="flat")
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 0.5, 1], labels=["0", "0.5", "1"])
        ax.set_xlabel(axis_labels[0])
        ax.set_ylabel(axis_labels[1])
        ax.grid(axis="y")
        ax.set_axisbelow(True)
        _panel_title(ax, title)
    return _chart_font(ax)
