"""Distribution of what a target measures (a growth rate, an average, a sum) against its threshold.

Bars inside the success region are coloured and the region shaded; the threshold (two for a range)
is a vertical line; the probability and its interval are written as the briefing writes them. The
bars count every draw (the run's histogram of the measured value, :mod:`planmodel.quantiles`).
Rates are shown in percent (a relative target's difference of rates in percentage points). Only
open targets are drawn: a settled target is a fact, not a spread.

Artists carry a gid: ``histogram``, ``threshold``, ``success-region``, ``probability``.
"""

from __future__ import annotations

import numpy as np
from matplotlib import transforms
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.ticker import FuncFormatter

from planmodel.quantiles import Histogram
from planmodel.report import formats, i18n
from planmodel.report.charts import style, ticks
from planmodel.report.charts.fan import chart_notes
from planmodel.report.charts.style import FAIL, INK, PROJECTION
from planmodel.report.content import Briefing
from planmodel.results import Results, TargetResult

__all__ = ["distribution_chart"]

RATES = ("growth", "avg_growth")


def _bin_edges(hist: Histogram, cuts: tuple[float, ...]) -> np.ndarray:
    """Equal-width edges over the bulk of the draws and the thresholds, with ``cuts[0]`` on an edge."""
    bins = int(np.clip(np.sqrt(hist.draws - hist.nan) / 2, 20, 48))
    lo, hi = hist.quantiles((0.001, 0.999))
    lo, hi = min(lo, *cuts), max(hi, *cuts)
    span = hi - lo
    if span <= 1e-12 * max(1.0, abs(hi)):
        span = max(abs(hi) * 0.2, 1.0)
        lo, hi = lo - span / 2, hi + span / 2
    lo, hi = lo - 0.06 * span, hi + 0.06 * span
    width = (hi - lo) / bins
    start = cuts[0] - np.ceil((cuts[0] - lo) / width) * width
    n = int(np.ceil((hi - start) / width))
    return start + width * np.arange(n + 1)


def _success(t: TargetResult, centres: np.ndarray, cuts: tuple[float, ...]) -> np.ndarray:
    if t.comparison == "at_most":
        return centres <= cuts[0]
    if t.comparison == "between":
        return (centres >= cuts[0]) & (centres <= cuts[-1])
    return centres >= cuts[0]


def _axis_label(t: TargetResult, results: Results, lang: str) -> str:
    info = results.indicators.get(t.indicator or "")
    label = i18n.indicator_label(info, lang, t.label)
    basis = i18n.text(f"basis_{t.basis}", lang) if t.basis in ("real", "nominal") else ""
    years = i18n.years_text(t.first_year, t.year, lang)
    if t.measure in RATES:
        key = "chart_axis_growth" if t.measure == "growth" else "chart_axis_avg"
        key += "_relative" if t.reference is not None else ""  # the difference from the reference
        return i18n.text(key, lang, years=years, label=label, basis=basis).replace("  ", " ")
    unit = formats.unit_scale(t.unit, lang)[1]
    return i18n.text("chart_axis_cumulative", lang, years=years, label=label, unit=unit)


def distribution_chart(results: Results, briefing: Briefing, target: str) -> Axes:
    """Draw the outcome distribution of the target called ``target``; return its Axes."""
    lang = briefing.lang
    t = next(x for x in results.targets if x.name == target)
    row = briefing.row(target)
    rate = t.measure in RATES
    # a rate in percent; a relative target's difference of rates in percentage points
    suffix = (i18n.text("points_unit", lang) if t.reference is not None else "%") if rate else ""
    factor = 100.0 if rate else formats.unit_scale(t.unit, lang)[0]
    hist = results.distributions[t.name].scaled(factor)  # every draw, counted on a fine grid
    thresholds = t.threshold if isinstance(t.threshold, tuple) else (t.threshold,)
    cuts = tuple(float(v) * factor for v in thresholds if v is not None)
    ax = style.new_axes(style.HEIGHTS_CM["dist"], bottom_cm=1.85)
    edges = _bin_edges(hist, cuts)
    counts = hist.counts_on(edges)
    share = counts / max(hist.draws - hist.nan, 1)
    ok = _success(t, (edges[:-1] + edges[1:]) / 2, cuts)
    # one collection of rectangles, not a patch per bar (the same pixels, a fraction of the work)
    corners = np.stack([edges[:-1], np.zeros_like(share), edges[1:], share], axis=1)
    bars = [[(x0, y0), (x0, y1), (x1, y1), (x1, y0)] for x0, y0, x1, y1 in corners]
    ax.add_collection(
        PolyCollection(bars, facecolors=[PROJECTION if s else FAIL for s in ok], linewidths=0, zorder=2,
                       gid="histogram"),  # fmt: skip
        autolim=False,
    )
    ax.set_xlim(float(edges[0]), float(edges[-1]))
    ax.set_ylim(0, max(float(share.max()), 1e-12) * 1.7)
    one = hist.low
    if np.isfinite(one) and hist.high - one <= 1e-9 * max(1.0, abs(one)):  # one value in every draw
        value = f"{formats.number(one, lang, 2)}{suffix}"
        ax.annotate(
            i18n.text("chart_one_value", lang, value=value),
            xy=(one, float(share.max())),
            xytext=(0, 4),
            textcoords="offset points",
            ha="right" if one > (edges[0] + edges[-1]) / 2 else "left",  # toward the middle
            va="bottom",
            fontsize=style.SMALL_PT,
            color=INK,
            gid="one-value",
        )
    low = cuts[0] if t.comparison != "at_most" else float(edges[0])
    high = cuts[-1] if t.comparison in ("at_most", "between") else float(edges[-1])
    ax.axvspan(low, high, color=style.blend(PROJECTION, 0.08), lw=0, zorder=0, gid="success-region")
    trans = transforms.blended_transform_factory(ax.transData, ax.transAxes)
    for i, c in enumerate(cuts):
        ax.axvline(c, color=INK, lw=1.4, zorder=3, gid="threshold")
        right = (t.comparison != "at_most") if len(cuts) == 1 else i == 1
        room = (edges[-1] - c if right else c - edges[0]) / (edges[-1] - edges[0])
        right = right if room > 0.22 else not right  # the label goes where there is room for it
        ax.text(
            c,
            0.72,
            f" {i18n.text('chart_target', lang)} {formats.number(c, lang, 2)}{suffix} ",
            transform=trans,
            ha="left" if right else "right",
            va="center",
            fontsize=style.SMALL_PT,
            color=INK,
            zorder=4,
        )
    ax.spines["left"].set_visible(False)
    ax.set_yticks([])
    ax.set_xlabel(_axis_label(t, results, lang))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: formats.number(v, lang, 2)))
    room_left = (min(cuts) - edges[0]) / (edges[-1] - edges[0])
    side = "left" if room_left >= 0.5 else "right"
    ax.text(
        0.01 if side == "left" else 0.99,
        0.97,
        i18n.text("chart_probability", lang, p=row.probability.text, interval=row.interval.text),
        transform=ax.transAxes,
        ha=side,
        va="top",
        fontsize=style.FONT_PT,
        color=INK,
        gid="probability",
        bbox={"boxstyle": "square,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.9},
    )
    ticks.draw_ticks(ax, "x")
    region = f"{results.region} " if results.region and lang == "zh" else ""
    style.title(ax, region + i18n.text("chart_dist_title", lang, name=row.name))
    style.notes(ax, chart_notes(results, briefing, money=t.unit.dimension == "money" and not rate))
    return ax
