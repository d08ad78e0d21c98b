"""Briefing charts from a ``Results``: fan chart, outcome distribution, dashboard, first passage.

Owns the matplotlib drawing of run results. Object API only: every chart function takes ``ax=None``
(a new ``matplotlib.figure.Figure`` sized for the page is created when it is None), draws inside
``matplotlib.rc_context`` (CJK font, chart look) and returns the Axes; nothing is shown, pyplot is
never used and the global ``rcParams`` are never changed. ``render_charts`` writes every chart to
files. When a chart function creates its own figure it also writes a small notes line at the bottom
(scenario, number of simulations, price basis); when it draws into a caller's Axes it does not touch
the figure, and ``chart_notes`` gives the text for the caller to place.

Artists that tests and callers may look up carry a ``gid``: ``band:5-95``, ``median``, ``actual``,
``target:<name>`` (threshold tick), ``target-label:<name>``, ``histogram``, ``threshold``,
``success-region``, ``probability``, ``bars``, ``prob:<name>``, ``first-reached``, ``reached-by``.

May import: planmodel.results, planmodel.report.{fonts,style} -> numpy, matplotlib.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
from matplotlib import transforms
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from planmodel.report.fonts import chart_rc
from planmodel.report.style import (
    BAND_COLOURS,
    BASIS_WORDS,
    DEFAULT_THRESHOLDS,
    DPI,
    FAIL,
    INK,
    MUTED,
    PROJECTION,
    SEPARATOR,
    ChartKind,
    Thresholds,
    blend,
    check_lang,
    figure_size,
    format_interval,
    format_value,
    size_spec,
    strength_label,
    style_rc,
    text,
)
from planmodel.results import IndicatorInfo, Results, TargetResult

__all__ = [
    "chart_notes",
    "fan_chart",
    "first_passage_chart",
    "probability_text",
    "render_charts",
    "target_dashboard",
    "target_distribution",
    "target_slug",
]

RATE_MEASURES = ("growth", "avg_growth")
"""Measures that are rates (fractions): charts show them in %."""

_TICK_HALF_WIDTH = 0.28
"""Half length, in years, of the horizontal tick marking a target on the fan chart."""


# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------


def _label(info: IndicatorInfo, lang: str) -> str:
    """The indicator's label for charts: ``label_en`` in English when the scenario gives one."""
    return info.label_en if lang == "en" and info.label_en else info.label


def _rc(size: str) -> dict[str, Any]:
    return {**chart_rc(), **style_rc(size)}


@contextmanager
def _drawing(size: str) -> Iterator[None]:
    with matplotlib.rc_context(_rc(size)):
        yield


def _axes(ax: Axes | None, size: str, kind: ChartKind, rows: int = 1) -> tuple[Axes, bool]:
    """Return the Axes to draw on, and whether the chart owns (created) its figure."""
    if ax is not None:
        return ax, False
    fig = Figure(figsize=figure_size(size, kind, rows), dpi=100, layout="constrained")
    fig.get_layout_engine().set(h_pad=0.06, w_pad=0.06)
    return fig.add_subplot(), True


def _is_money(unit: str) -> bool:
    return "元" in unit


def _target(results: Results, name: str) -> TargetResult:
    for t in results.targets:
        if t.name == name:
            return t
    valid = ", ".join(t.name for t in results.targets)
    raise ValueError(f"no target named {name!r}; targets are: {valid}")


def _indicator(results: Results, key: str) -> IndicatorInfo:
    if key not in results.indicators or key not in results.percentiles:
        valid = ", ".join(k for k in results.indicators if k in results.percentiles)
        raise ValueError(f"no indicator {key!r} with percentiles; indicators are: {valid}")
    return results.indicators[key]


def _quantile_column(results: Results, q: float) -> int | None:
    hits = np.flatnonzero(np.isclose(np.asarray(results.quantiles), q))
    return int(hits[0]) if hits.size else None


def _title_prefix(results: Results) -> str:
    return f"{results.region} " if results.region else ""


def _sample_size(results: Results) -> int:
    levels = results.sample.levels
    return results.sample.n_draws if levels else results.draws


def probability_text(target: TargetResult, lang: str = "zh", interval: bool = True) -> str:
    """Write the probability of a target as charts show it, from ``TargetResult.display``.

    Parameters
    ----------
    target : TargetResult
        The verdict.
    lang : {"zh", "en"}
        Language of the interval wording.
    interval : bool
        Append the Wilson 95% interval.

    Returns
    -------
    str
        ``"P = 23.0%（95%区间 22–24%）"``; ``"P > 99.975%"`` when ``display`` is a bound.
    """
    display = target.display.strip()
    head = f"P {display}" if display[:1] in "<>≤≥" else f"P = {display}"
    if not interval:
        return head
    ci = format_interval(target.ci_low, target.ci_high)
    return text("probability_text", lang, p=head, ci=ci)


def chart_notes(results: Results, lang: str = "zh", extra: Sequence[str] = ()) -> str:
    """Build the notes line under a chart: scenario, number of simulations, ``extra`` items.

    Parameters
    ----------
    results : Results
        The run.
    lang : {"zh", "en"}
        Language.
    extra : sequence of str
        Chart-specific notes (price basis, sample size, ...).

    Returns
    -------
    str
        Items joined with ``；`` (zh) or ``; `` (en).
    """
    items = [
        text("scenario", lang, name=results.scenario),
        text("draws", lang, n=f"{results.draws:,}"),
        text("calibration_chart", lang) if results.calibration == "outside_view" else "",
        *extra,
    ]
    return SEPARATOR[check_lang(lang)].join(i for i in items if i)


def _add_notes(ax: Axes, owned: bool, note: str, size: str) -> None:
    if not owned:
        return
    fig = ax.get_figure()
    if isinstance(fig, Figure):
        # A left-aligned supxlabel: constrained layout reserves room for it below everything.
        fig.supxlabel(note, x=0.01, ha="left", fontsize=size_spec(size).font_pt * 0.78, color=MUTED)


def _set_title(ax: Axes, owned: bool, title: str, size: str) -> None:
    """Title the chart: flush with the figure's left edge when the chart owns the figure."""
    fig = ax.get_figure()
    if owned and isinstance(fig, Figure):
        fig.suptitle(title, x=0.01, ha="left", fontsize=size_spec(size).font_pt * 1.25, color=INK)
    else:
        ax.set_title(title)


def _sample_note(results: Results, lang: str) -> str:
    n = _sample_size(results)
    return text("sample", lang, n=f"{n:,}") if n < results.draws else ""


def _percent_axis(axis: Any, decimals: int = 0) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{100 * v:.{decimals}f}%"))


# ---------------------------------------------------------------------------------------------
# 1. Fan chart
# ---------------------------------------------------------------------------------------------


def _projection_start(info: IndicatorInfo, years: np.ndarray, pct: np.ndarray) -> int:
    """Index of the year the projection fans out from (the last actual year)."""
    if info.last_actual_year is not None and info.last_actual_year in years:
        return int(np.flatnonzero(years == info.last_actual_year)[0])
    spread = np.nanmax(pct, axis=1) - np.nanmin(pct, axis=1)
    scale = max(float(np.nanmax(np.abs(pct))), 1e-300)
    moving = np.flatnonzero(spread > 1e-9 * scale)
    return max(int(moving[0]) - 1, 0) if moving.size else 0


def _fan_y_label(info: IndicatorInfo, lang: str) -> str:
    sep = "，" if lang == "zh" else ", "
    unit = info.unit
    if _is_money(unit) and info.price_basis != "no_prices":
        unit = f"{unit}{sep}{text('current_prices', lang)}"
    label = _label(info, lang)
    if not unit:  # a plain number or index: no empty brackets
        return label
    return f"{label}（{unit}）" if lang == "zh" else f"{label} ({unit})"


@dataclass
class _Mark:
    year: int
    value: float
    label: str
    name: str


def _threshold_values(t: TargetResult) -> tuple[float, ...]:
    if t.threshold is None:
        return ()
    if isinstance(t.threshold, tuple):
        return tuple(float(v) for v in t.threshold)
    return (float(t.threshold),)


def _comparison_text(t: TargetResult, scale: float = 1.0, unit: str = "") -> str:
    values = [format_value(v * scale) for v in _threshold_values(t)]
    if t.comparison == "between" and len(values) == 2:
        return f"{values[0]}–{values[1]}{unit}"
    sign = "≤" if t.comparison == "at_most" else "≥"
    return f"{sign}{values[0]}{unit}" if values else ""


def _draw_target_marks(ax: Axes, results: Results, indicator: str, k: float) -> list[_Mark]:
    marks: list[_Mark] = []
    first = True
    for t in results.targets:
        values = _threshold_values(t)
        if t.indicator != indicator or t.measure != "level" or not values:
            continue
        for v in values:
            ax.plot(
                [t.year - _TICK_HALF_WIDTH, t.year + _TICK_HALF_WIDTH],
                [v, v],
                color=INK,
                lw=2.4 * k,
                solid_capstyle="butt",
                zorder=5,
                gid=f"target:{t.name}",
            )
            ax.plot(
                [t.year],
                [v],
                marker="D",
                ms=5.5 * k,
                color=INK,
                mec="white",
                mew=0.8 * k,
                ls="none",
                zorder=6,
                label=text("target", "zh") if first else None,
                gid=f"target-marker:{t.name}",
            )
            first = False
        if len(values) == 2:  # a range: join its two ticks
            ax.plot(
                [t.year + _TICK_HALF_WIDTH] * 2,
                values,
                color=INK,
                lw=1.2 * k,
                zorder=5,
                gid=f"target-range:{t.name}",
            )
        label = f"{_comparison_text(t, unit=t.unit)}  {probability_text(t, interval=False)}"
        marks.append(_Mark(t.year, float(np.mean(values)), label, t.name))
    return marks


def _spread(values: list[float], sep: float) -> list[float]:
    """Move values apart to at least ``sep``, each crowded group centred on its members' mean.

    Returns
    -------
    list of float
        New positions, in the order of ``values``.
    """
    order = sorted(range(len(values)), key=lambda i: values[i])
    clusters: list[list[int]] = []
    for i in order:
        clusters.append([i])
        while len(clusters) > 1:
            (a, b) = clusters[-2:]
            top_a = np.mean([values[k] for k in a]) + (len(a) - 1) * sep / 2
            bottom_b = np.mean([values[k] for k in b]) - (len(b) - 1) * sep / 2
            if bottom_b - top_a >= sep:
                break
            clusters[-2:] = [a + b]
    out = [0.0] * len(values)
    for members in clusters:
        start = float(np.mean([values[k] for k in members])) - (len(members) - 1) * sep / 2
        for n, k in enumerate(members):
            out[k] = start + n * sep
    return out


def _label_positions(marks: list[_Mark], sep: float) -> list[float]:
    """Label heights: at each mark's value, spread apart within a year to ``sep``."""
    heights = [m.value for m in marks]
    for year in {m.year for m in marks}:
        idx = [i for i, m in enumerate(marks) if m.year == year]
        for i, y in zip(idx, _spread([marks[i].value for i in idx], sep), strict=True):
            heights[i] = y
    return heights


def _place_mark_labels(ax: Axes, marks: list[_Mark], font_pt: float) -> None:
    """Write each target's probability right of its tick, nudging apart labels in the same year."""
    if not marks:
        return
    fig = ax.get_figure()
    fig_height_pt = (fig.get_figheight() if fig is not None else 4.0) * 72
    # The layout engine shrinks the axes at draw time: assume no more than 60% of the figure.
    height_pt = min(ax.get_position().height, 0.6) * fig_height_pt
    lo, hi = ax.get_ylim()
    heights = [m.value for m in marks]
    for _ in range(4):  # widening the limits rescales the axis: repeat until the spacing holds
        sep = (hi - lo) * 1.7 * font_pt / max(height_pt, 1.0)
        heights = _label_positions(marks, sep)
        new_lo, new_hi = min(lo, min(heights) - 0.6 * sep), max(hi, max(heights) + 0.6 * sep)
        if (new_lo, new_hi) == (lo, hi):
            break
        lo, hi = new_lo, new_hi
    ax.set_ylim(lo, hi)
    for m, y in zip(marks, heights, strict=True):
        ax.annotate(
            m.label,
            xy=(m.year + _TICK_HALF_WIDTH, m.value),
            xytext=(m.year + _TICK_HALF_WIDTH + 0.12, y),
            textcoords="data",
            va="center",
            ha="left",
            fontsize=font_pt * 0.95,
            color=INK,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            arrowprops=None if y == m.value else {"arrowstyle": "-", "lw": 0.6, "color": MUTED},
            zorder=7,
            gid=f"target-label:{m.name}",
        )


def _draw_history(
    ax: Axes,
    info: IndicatorInfo,
    years: np.ndarray,
    median: np.ndarray,
    start: int,
    lang: str,
    k: float,
) -> None:
    if info.actual:
        hx = sorted(info.actual)
        hy = [info.actual[y] for y in hx]
        ax.plot(
            hx,
            hy,
            color=INK,
            lw=1.8 * k,
            marker="o",
            ms=4 * k,
            zorder=4,
            label=text("actual", lang),
            gid="actual",
        )
    elif start > 0:
        ax.plot(
            years[: start + 1],
            median[: start + 1],
            color=INK,
            lw=1.6 * k,
            ls=(0, (4, 2)),
            marker="o",
            ms=3.5 * k,
            zorder=4,
            label=text("history_derived", lang),
            gid="actual",
        )


def fan_chart(
    results: Results, indicator: str, ax: Axes | None = None, lang: str = "zh", *, size: str = "a4"
) -> Axes:
    """Projected range of an indicator with its history and level targets.

    Draws the published actuals (solid line with points), the median path and the 50/80/90% central
    bands (quantiles 25–75, 10–90, 5–95 of ``results.percentiles``) from the last actual year on,
    and each level target on the indicator as a tick at its threshold in its year, labelled with its
    probability (from ``TargetResult.display``).

    Parameters
    ----------
    results : Results
        The run.
    indicator : str
        Indicator key (``results.indicators``).
    ax : Axes, optional
        Where to draw; a new A4/slide figure when None.
    lang : {"zh", "en"}
        Language of the chart wording (scenario labels stay as written).
    size : {"a4", "slide"}
        Page format (figure size and font sizes).

    Returns
    -------
    Axes
        The Axes drawn on.
    """
    lang = check_lang(lang)
    info = _indicator(results, indicator)
    years = np.asarray(results.years)
    pct = np.asarray(results.percentiles[indicator], dtype=float)
    k = size_spec(size).scale
    with _drawing(size):
        ax, owned = _axes(ax, size, "fan")
        start = _projection_start(info, years, pct)
        x = years[start:]
        for (qlo, qhi), colour in BAND_COLOURS.items():
            ilo, ihi = _quantile_column(results, qlo), _quantile_column(results, qhi)
            if ilo is None or ihi is None:
                continue
            width = round(100 * (qhi - qlo))
            ax.fill_between(
                x,
                pct[start:, ilo],
                pct[start:, ihi],
                color=colour,
                lw=0,
                zorder=1,
                label=text(f"band_{width}", lang),
                gid=f"band:{qlo * 100:g}-{qhi * 100:g}",
            )
        imed = _quantile_column(results, 0.5)
        median = pct[:, imed] if imed is not None else np.nanmean(pct, axis=1)
        ax.plot(
            x,
            median[start:],
            color=PROJECTION,
            lw=2.0 * k,
            zorder=3,
            label=text("median", lang),
            gid="median",
        )
        _draw_history(ax, info, years, median, start, lang, k)
        marks = _draw_target_marks(ax, results, indicator, k)
        for line in ax.get_lines():
            if line.get_label() == text("target", "zh"):
                line.set_label(text("target", lang))

        all_years = sorted(set(years.tolist()) | set(info.actual))
        ax.set_xticks(all_years, labels=[str(y) for y in all_years])
        ax.set_xlim(all_years[0] - 0.4, all_years[-1] + (1.9 if marks else 0.4))
        ax.grid(axis="y")
        ax.set_axisbelow(True)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_value(v)))
        ax.set_ylabel(_fan_y_label(info, lang))
        _set_title(
            ax,
            owned,
            _title_prefix(results) + text("fan_title", lang, label=_label(info, lang)),
            size,
        )
        handles, labels = ax.get_legend_handles_labels()
        order = [
            text(key, lang)
            for key in (
                "actual",
                "history_derived",
                "median",
                "band_50",
                "band_80",
                "band_90",
                "target",
            )
        ]
        pairs = sorted(zip(labels, handles, strict=True), key=lambda lh: order.index(lh[0]))
        ax.legend([h for _, h in pairs], [lb for lb, _ in pairs], loc="upper left", ncol=2)
        _place_mark_labels(ax, marks, size_spec(size).font_pt)

        extra = []
        if _is_money(info.unit) and info.price_basis != "no_prices":
            extra.append(text("money_current", lang))
        if info.price_basis == "split":
            extra.append(text("split_note", lang))
        extra.append(_sample_note(results, lang))
        _add_notes(ax, owned, chart_notes(results, lang, extra), size)
    return ax


# ---------------------------------------------------------------------------------------------
# 2. Distribution of the measured quantity
# ---------------------------------------------------------------------------------------------


def _measure_axis_label(t: TargetResult, info: IndicatorInfo | None, lang: str) -> str:
    basis = BASIS_WORDS.get(t.basis, BASIS_WORDS["none"])[lang]
    label = t.label if info is None else _label(info, lang)
    unit = t.unit
    if t.measure == "growth":
        return text("growth_level", lang, year=t.year, basis=basis).strip()
    if t.measure == "avg_growth":
        return text("avg_growth_level", lang, first=t.first_year or "", year=t.year, basis=basis).strip()
    if _is_money(unit) and lang == "zh":
        unit = f"{unit}，{text('current_prices', lang)}"
    elif _is_money(unit):
        unit = f"{unit}, {text('current_prices', lang)}"
    if t.measure == "cumulative":
        return text("cumulative_axis", lang, first=t.first_year or "", year=t.year, label=label, unit=unit)
    return text("level_axis", lang, year=t.year, label=label, unit=unit)


def _bin_edges(x: np.ndarray, cuts: tuple[float, ...], rate: bool) -> np.ndarray:
    """Equal-width edges over the bulk of ``x`` and the thresholds, with ``cuts[0]`` on an edge.

    About ``sqrt(n) / 2`` bins (20 to 48): few enough that a sample of a few thousand draws does
    not look ragged.
    """
    bins = int(np.clip(np.sqrt(x.size) / 2, 20, 48))
    lo, hi = np.quantile(x, [0.001, 0.999])
    lo, hi = min(lo, *cuts), max(hi, *cuts)
    span = hi - lo
    if span <= 1e-12 * max(1.0, abs(hi)):
        span = max(abs(hi) * 0.2, 1.0 if rate else 1e-9)
        lo, hi = lo - span / 2, hi + span / 2
    lo, hi = lo - 0.06 * span, hi + 0.06 * span
    width = (hi - lo) / bins
    start = cuts[0] - np.ceil((cuts[0] - lo) / width) * width
    n = int(np.ceil((hi - start) / width))
    return start + width * np.arange(n + 1)


def _success_mask(t: TargetResult, centres: np.ndarray, cuts: tuple[float, ...]) -> np.ndarray:
    if t.comparison == "at_most":
        return centres <= cuts[0]
    if t.comparison == "between" and len(cuts) == 2:
        return (centres >= min(cuts)) & (centres <= max(cuts))
    return centres >= cuts[0]


def _success_span(t: TargetResult, cuts: tuple[float, ...], xlim: tuple[float, float]) -> tuple:
    if t.comparison == "at_most":
        return xlim[0], cuts[0]
    if t.comparison == "between" and len(cuts) == 2:
        return min(cuts), max(cuts)
    return cuts[0], xlim[1]


def _joint_bars(ax: Axes, t: TargetResult, x: np.ndarray, lang: str) -> None:
    """For targets without a scalar threshold (joint targets): shares of draws met / not met."""
    met = float(np.mean(x > 0.5)) if x.size else t.probability
    ax.bar([0, 1], [met, 1 - met], color=[PROJECTION, FAIL], width=0.55, gid="histogram")
    ax.set_xticks([0, 1], labels=[text("met", lang), text("fail", lang)])
    ax.set_ylim(0, 1.3)
    ax.set_yticks(np.linspace(0, 1, 6))
    _percent_axis(ax.yaxis)


def target_distribution(
    results: Results,
    target_name: str,
    ax: Axes | None = None,
    lang: str = "zh",
    *,
    size: str = "a4",
) -> Axes:
    """Distribution of a target's measured quantity over the retained draws, with its threshold.

    Bars inside the success region are coloured and the region shaded; the threshold (two for a
    range target) is a vertical line; the probability and its Wilson interval are written on the
    chart. Growth measures are shown in %.

    Parameters
    ----------
    results : Results
        The run; ``results.target_samples[target_name]`` is drawn.
    target_name : str
        ``TargetResult.name``.
    ax : Axes, optional
        Where to draw; a new figure when None.
    lang : {"zh", "en"}
        Language of the chart wording.
    size : {"a4", "slide"}
        Page format.

    Returns
    -------
    Axes
        The Axes drawn on.
    """
    lang = check_lang(lang)
    t = _target(results, target_name)
    x = np.asarray(results.target_samples.get(t.name, np.array([])), dtype=float)
    x = x[np.isfinite(x)]
    rate = t.measure in RATE_MEASURES
    scale = 100.0 if rate else 1.0
    cuts = tuple(v * scale for v in _threshold_values(t))
    info = results.indicators.get(t.indicator) if t.indicator else None
    pt = size_spec(size).font_pt
    with _drawing(size):
        ax, owned = _axes(ax, size, "dist")
        if not cuts or t.comparison == "all_of" or x.size == 0:
            _joint_bars(ax, t, x, lang)
            side = "right"
        else:
            side = _draw_histogram(ax, t, info, x * scale, cuts, lang)
        ax.text(
            0.99 if side == "right" else 0.01,
            0.98,
            probability_text(t, lang),
            transform=ax.transAxes,
            ha=side,
            va="top",
            fontsize=pt * 1.2,
            color=INK,
            gid="probability",
        )
        _set_title(ax, owned, _title_prefix(results) + text("dist_title", lang, name=t.name), size)
        extra = []
        if t.determined:
            extra.append(text("determined", lang))
        if _is_money(t.unit) and not rate:
            extra.append(text("money_current", lang))
        extra.append(_sample_note(results, lang))
        _add_notes(ax, owned, chart_notes(results, lang, extra), size)
    return ax


def _draw_histogram(
    ax: Axes,
    t: TargetResult,
    info: IndicatorInfo | None,
    x: np.ndarray,
    cuts: tuple[float, ...],
    lang: str,
) -> str:
    """Histogram, success region and threshold lines; return the free side for the P text."""
    rate = t.measure in RATE_MEASURES
    edges = _bin_edges(x, cuts, rate)
    counts, _ = np.histogram(x, edges)
    share = counts / x.size
    centres = (edges[:-1] + edges[1:]) / 2
    ok = _success_mask(t, centres, cuts)
    ax.bar(
        edges[:-1],
        share,
        width=np.diff(edges),
        align="edge",
        lw=0,
        zorder=2,
        color=[PROJECTION if s else FAIL for s in ok],
        gid="histogram",
    )
    xlim = (float(edges[0]), float(edges[-1]))
    ax.set_xlim(*xlim)
    ax.set_ylim(0, max(float(share.max()), 1e-12) * 1.6)
    a, b = _success_span(t, cuts, xlim)
    ax.axvspan(a, b, color=blend(PROJECTION, 0.08), lw=0, zorder=0, gid="success-region")
    unit = "%" if rate else t.unit
    trans = transforms.blended_transform_factory(ax.transData, ax.transAxes)
    for i, c in enumerate(sorted(cuts)):
        ax.axvline(c, color=INK, lw=1.4 * matplotlib.rcParams["font.size"] / 9, zorder=3, gid="threshold")
        # one threshold: label on the success side; a range: labels outside, away from each other
        label_right = (t.comparison != "at_most") if len(cuts) == 1 else i == 1
        ax.text(
            c,
            0.74,
            f" {text('target', lang)} {format_value(c)}{unit} ",
            transform=trans,
            ha="left" if label_right else "right",
            va="center",
            color=INK,
            fontsize=matplotlib.rcParams["font.size"] * 0.95,
            zorder=4,
            gid="threshold-label",
        )
    ax.spines["left"].set_visible(False)
    ax.set_yticks([])
    ax.set_xlabel(_measure_axis_label(t, info, lang))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_value(v)))
    room_left = (min(cuts) - xlim[0]) / (xlim[1] - xlim[0])
    room_right = (xlim[1] - max(cuts)) / (xlim[1] - xlim[0])
    return "left" if room_left >= room_right else "right"


# ---------------------------------------------------------------------------------------------
# 3. Dashboard
# ---------------------------------------------------------------------------------------------


def _dashboard_label(t: TargetResult, lang: str) -> str:
    label = strength_label(t.strength, lang) + t.name
    if t.determined:
        note = text("determined", lang)
        label += f"（{note}）" if lang == "zh" else f" ({note})"
    return label


def target_dashboard(
    results: Results,
    ax: Axes | None = None,
    lang: str = "zh",
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    *,
    size: str = "a4",
) -> Axes:
    """One horizontal bar per target, most likely on top, coloured by probability band.

    Each bar carries its Wilson 95% interval as an error bar and its probability as text; labels
    start with the target's commitment word (确保/力争/突破); dotted lines mark the thresholds.

    Parameters
    ----------
    results : Results
        The run.
    ax : Axes, optional
        Where to draw; a new figure (height grows with the number of targets on A4) when None.
    lang : {"zh", "en"}
        Language of the chart wording.
    thresholds : Thresholds
        Probability cut-offs for the colours.
    size : {"a4", "slide"}
        Page format.

    Returns
    -------
    Axes
        The Axes drawn on.
    """
    lang = check_lang(lang)
    order = sorted(results.targets, key=lambda t: -t.probability)
    n = len(order)
    pt, k = size_spec(size).font_pt, size_spec(size).scale
    with _drawing(size):
        ax, owned = _axes(ax, size, "dashboard", rows=n)
        y = np.arange(n)[::-1].astype(float)
        p = np.array([t.probability for t in order])
        lo = np.array([t.ci_low for t in order])
        hi = np.array([t.ci_high for t in order])
        colours = [thresholds.colour(v) for v in p]
        ax.barh(y, p, height=0.62, color=colours, zorder=2, gid="bars")
        ax.errorbar(
            p,
            y,
            xerr=[np.clip(p - lo, 0, None), np.clip(hi - p, 0, None)],
            fmt="none",
            ecolor=INK,
            elinewidth=1.0 * k,
            capsize=2.5 * k,
            zorder=3,
        )
        for yi, t, top in zip(y, order, np.maximum(p, hi), strict=True):
            ax.text(
                top + 0.015,
                yi,
                probability_text(t, lang, interval=False),
                va="center",
                ha="left",
                fontsize=pt,
                color=INK,
                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"},
                zorder=4,
                gid=f"prob:{t.name}",
            )
        for cut in sorted({thresholds.low, thresholds.high}):
            ax.axvline(cut, color=MUTED, lw=0.8 * k, ls=(0, (1, 2)), zorder=1)
        ax.set_yticks(y, labels=[_dashboard_label(t, lang) for t in order])
        ax.tick_params(axis="y", length=0, labelfontfamily=chart_rc()["font.family"])
        ax.set_ylim(-0.6, n - 0.4)
        ax.set_xlim(0, 1.22)
        ax.set_xticks(np.linspace(0, 1, 6))
        _percent_axis(ax.xaxis)
        ax.spines["left"].set_visible(False)
        ax.spines["bottom"].set_bounds(0, 1)
        _set_title(ax, owned, _title_prefix(results) + text("dashboard_title", lang), size)
        handles = [Patch(color=c, label=lb) for c, lb in thresholds.legend(lang)]
        below = transforms.offset_copy(ax.transAxes, fig=ax.get_figure(), y=-(1.3 * pt + 6), units="points")
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            bbox_transform=below,
            ncol=3,
            handlelength=1.2,
            columnspacing=1.5,
        )
        _add_notes(ax, owned, chart_notes(results, lang, [_sample_note(results, lang)]), size)
    return ax


# ---------------------------------------------------------------------------------------------
# 4. First passage
# ---------------------------------------------------------------------------------------------


def first_passage_chart(
    results: Results,
    target_name: str,
    ax: Axes | None = None,
    lang: str = "zh",
    *,
    size: str = "a4",
) -> Axes:
    """When a level target is first reached: per-year bars and the cumulative probability line.

    Parameters
    ----------
    results : Results
        The run.
    target_name : str
        Name of a target with ``first_passage`` data (level targets).
    ax : Axes, optional
        Where to draw; a new figure when None.
    lang : {"zh", "en"}
        Language of the chart wording.
    size : {"a4", "slide"}
        Page format.

    Returns
    -------
    Axes
        The Axes drawn on.

    Raises
    ------
    ValueError
        If the target has no first-passage data (growth, joint and other non-level targets).
    """
    lang = check_lang(lang)
    t = _target(results, target_name)
    if not t.first_passage:
        raise ValueError(f"target {t.name!r} has no first-passage data (level targets only)")
    years = np.array([f.year for f in t.first_passage])
    first = np.array([f.first_reached for f in t.first_passage])
    by = np.array([f.reached_by for f in t.first_passage])
    pt, k = size_spec(size).font_pt, size_spec(size).scale
    with _drawing(size):
        ax, owned = _axes(ax, size, "passage")
        ax.bar(
            years,
            first,
            width=0.55,
            color=blend(PROJECTION, 0.45),
            zorder=2,
            label=text("first_reached", lang),
            gid="first-reached",
        )
        ax.plot(
            years,
            by,
            color=PROJECTION,
            lw=2.0 * k,
            marker="o",
            ms=5 * k,
            zorder=3,
            label=text("reached_by", lang),
            gid="reached-by",
        )
        for yr, f, b in zip(years, first, by, strict=True):
            if f"{f:.3f}" == f"{b:.3f}":  # the cumulative label just above says the same
                continue
            inside = f >= 0.12
            ax.annotate(
                f"{100 * f:.1f}%",
                (yr, f),
                xytext=(0, -8 * k if inside else 3),
                textcoords="offset points",
                ha="center",
                va="top" if inside else "bottom",
                fontsize=pt * 0.9,
                color=INK,
            )
        for yr, b in zip(years, by, strict=True):
            ax.annotate(
                f"{100 * b:.1f}%",
                (yr, b),
                xytext=(-5, 5),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=pt * 0.9,
                color=PROJECTION,
            )
        ax.set_xticks(
            years,
            labels=[
                f"{y}\n（{text('target_year', lang)}）"
                if lang == "zh" and y == t.year
                else f"{y}\n({text('target_year', lang)})"
                if y == t.year
                else str(y)
                for y in years
            ],
        )
        ax.set_xlim(years.min() - 0.7, years.max() + 0.7)
        ax.set_ylim(0, 1.12)
        ax.set_yticks(np.linspace(0, 1, 6))
        _percent_axis(ax.yaxis)
        ax.grid(axis="y")
        ax.set_axisbelow(True)
        ax.legend(loc="upper left")
        _set_title(ax, owned, _title_prefix(results) + text("passage_title", lang, name=t.name), size)
        note = chart_notes(results, lang, [text("passage_note", lang), _sample_note(results, lang)])
        _add_notes(ax, owned, note, size)
    return ax


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------


def target_slug(index: int) -> str:
    """File-safe name of the target at 0-based ``index`` of ``results.targets``: ``target_01``."""
    return f"target_{index + 1:02d}"


def _indicator_slug(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", key).strip("_") or "indicator"


def _save(ax: Axes, stem: Path, formats: Sequence[str], dpi: int, size: str) -> list[Path]:
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    paths = []
    with _drawing(size):
        for fmt in formats:
            path = stem.with_suffix(f".{fmt}")
            metadata = {"Date": None} if fmt in ("svg", "pdf") else None
            fig.savefig(path, format=fmt, dpi=dpi, bbox_inches="tight", pad_inches=0.08, metadata=metadata)
            paths.append(path)
    fig.clear()  # no pyplot state to close; drop the artists now
    return paths


def render_charts(
    results: Results,
    out_dir: Path,
    lang: str = "zh",
    formats: Sequence[str] = ("png", "svg"),
    size: str = "a4",
    *,
    dpi: int = DPI,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    all_indicators: bool = False,
) -> dict[str, list[Path]]:
    """Write every chart of a run to ``out_dir`` in each of ``formats``.

    Files: ``dashboard``; ``fan_<indicator>`` for every indicator with a level or growth target
    (every indicator with percentiles when ``all_indicators``); ``dist_target_NN`` for every target;
    ``passage_target_NN`` for every target with first-passage data. ``NN`` is the 1-based position
    in ``results.targets``.

    Parameters
    ----------
    results : Results
        The run.
    out_dir : Path
        Folder (created if missing); existing files of the same names are overwritten.
    lang : {"zh", "en"}
        Language of the chart wording.
    formats : sequence of str
        File formats understood by matplotlib (``png``, ``svg``, ``pdf``).
    size : {"a4", "slide"}
        Page format.
    dpi : int
        Raster resolution (PNG).
    thresholds : Thresholds
        Probability cut-offs for the dashboard colours.
    all_indicators : bool
        Draw a fan chart for indicators without targets too.

    Returns
    -------
    dict
        Paths written, by chart kind: ``dashboard``, ``fan``, ``dist``, ``passage``.
    """
    lang = check_lang(lang)
    size_spec(size)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, list[Path]] = {"dashboard": [], "fan": [], "dist": [], "passage": []}
    if results.targets:
        ax = target_dashboard(results, lang=lang, thresholds=thresholds, size=size)
        written["dashboard"] += _save(ax, out / "dashboard", formats, dpi, size)
    with_targets = {t.indicator for t in results.targets if t.indicator}
    for key in results.percentiles:
        if key in results.indicators and (all_indicators or key in with_targets):
            ax = fan_chart(results, key, lang=lang, size=size)
            written["fan"] += _save(ax, out / f"fan_{_indicator_slug(key)}", formats, dpi, size)
    for i, t in enumerate(results.targets):
        slug = target_slug(i)
        ax = target_distribution(results, t.name, lang=lang, size=size)
        written["dist"] += _save(ax, out / f"dist_{slug}", formats, dpi, size)
        if t.first_passage:
            ax = first_passage_chart(results, t.name, lang=lang, size=size)
            written["passage"] += _save(ax, out / f"passage_{slug}", formats, dpi, size)
    return written
