"""Charts of the analyses: required pace, seek, tornado, sweep, and scenarios compared.

Same contract as every chart (:mod:`planmodel.report.charts`): a function of the numbers that draws
on ``ax`` (a new 16 cm figure when None) and returns the Axes; call it inside
``matplotlib.rc_context(style.rc())`` (:func:`save` does both and writes the PNG).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.axes import Axes

from planmodel.analysis.compare import Comparison, fan
from planmodel.analysis.conditions import Box
from planmodel.analysis.required import PaceRow, Required
from planmodel.analysis.seek import Seek
from planmodel.analysis.sweep import Sweep
from planmodel.report import formats, i18n
from planmodel.report.analysis_text import TornadoView, achieved_pace, factor_label, param_label, param_value
from planmodel.report.charts import style
from planmodel.report.charts.style import FAIL, INK, MUTED, PROJECTION, TRAFFIC
from planmodel.report.content import Briefing
from planmodel.results import Results
from planmodel.scenario import Scenario

__all__ = [
    "briefing_tornado",
    "compare_dashboard_chart",
    "compare_fan_chart",
    "conditions_chart",
    "required_chart",
    "save",
    "seek_chart",
    "sweep_chart",
    "tornado_chart",
]

SCENARIO_COLOURS = (PROJECTION, TRAFFIC["green"], TRAFFIC["red"], TRAFFIC["amber"], "#CC79A7", "#56B4E9")


def save(draw: Callable[[], Axes], path: Path) -> Path:
    """Draw inside the charts' rc context and write the PNG at the charts' resolution."""
    with matplotlib.rc_context(style.rc()):
        ax = draw()
        fig = ax.get_figure()
        assert fig is not None
        fig.savefig(path, format="png", dpi=style.DPI, metadata={"Software": None})
    return path


def _axes(ax: Axes | None, height_cm: float, fixed: bool = False) -> Axes:
    return ax if ax is not None else style.new_axes(height_cm, fixed=fixed)


def _short(name: str, lang: str, names: Mapping[str, str] | None = None) -> str:
    """A target's name as the briefing shows it (``names``), cut to fit beside a bar."""
    name = (names or {}).get(name, name)
    room = 24 if lang == "zh" else 40
    return name if len(name) <= room else name[: room - 1] + "…"


def required_chart(
    req: Required, lang: str = "zh", ax: Axes | None = None, names: Mapping[str, str] | None = None
) -> Axes:
    """Growth needed a year per target beside the growth of recent years and the scenario's assumption."""
    rows = [r for r in req.rows if r.kind == "growth" and r.needed is not None and not r.determined]
    ax = _axes(ax, 3.0 + 0.75 * max(len(rows), 3))
    y = np.arange(len(rows))[::-1].astype(float)
    h = 0.26
    needed = [r.needed_real if r.basis == "real" and r.needed_real is not None else r.needed for r in rows]
    ax.barh(y + h, needed, height=h, color=TRAFFIC["red"], label=i18n.text("chart_needed", lang))
    recent = [_achieved(r) for r in rows]
    ax.barh(y, recent, height=h, color=MUTED, label=i18n.text("chart_achieved", lang))
    assumed = [r.assumed if r.assumed is not None else np.nan for r in rows]
    ax.barh(y - h, assumed, height=h, color=PROJECTION, label=i18n.text("chart_assumed", lang))
    for yi, v in zip(y, needed, strict=True):
        if v is not None and np.isfinite(v):
            ax.text(v, yi + h, " " + formats.rate(v), va="center", fontsize=style.SMALL_PT, color=INK)
    ax.set_yticks(y, [_short(r.target, lang, names) for r in rows])
    style.percent_axis(ax.xaxis)
    ax.axvline(0, color=INK, lw=0.8)
    ax.grid(axis="x")
    right = np.nanmax([v for v in (*needed, *recent, *assumed) if v is not None] + [0.0])
    ax.set_xlim(right=right * 1.15)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=3)
    style.title(ax, i18n.text("chart_required_title", lang))
    return ax


def _achieved(row: PaceRow) -> float:
    """The pace the sentences quote: between the last two known values, else the shortest window."""
    got = row.recent or next((a for _, a in sorted(row.achieved.items())), None)
    pace = None if got is None else achieved_pace(row, got)
    return np.nan if pace is None else pace


def seek_chart(
    scenario: Scenario,
    result: Seek,
    lang: str = "zh",
    ax: Axes | None = None,
    names: Mapping[str, str] | None = None,
) -> Axes:
    """The target's probability at every value tried, the goal, and the answer."""
    ax = _axes(ax, 8.0)
    pts = sorted(result.trials)
    x = np.array([v for v, _ in pts])
    p = np.array([q for _, q in pts])
    scale = 1.0
    ax.plot(x * scale, p, "-o", color=PROJECTION, ms=3, lw=1.2)
    ax.axhline(result.goal, color=TRAFFIC["amber"], lw=1, ls="--")
    if result.value is not None:
        ax.axvline(result.value * scale, color=TRAFFIC["red"], lw=1)
        ax.annotate(
            param_value(scenario, result.param, result.value, lang),
            (result.value * scale, result.goal),
            xytext=(6, -14),
            textcoords="offset points",
            color=INK,
            fontsize=style.SMALL_PT,
        )
    ax.set_ylim(0, 1.02)
    style.percent_axis(ax.yaxis)
    label = param_label(scenario, result.param, lang)
    ax.set_xlabel(label)
    if result.param.kind == "rate":
        style.percent_axis(ax.xaxis, 0)
    ax.set_ylabel(i18n.text("chart_success_probability", lang))
    ax.grid(True)
    target = (names or {}).get(result.target, result.target)
    style.title(ax, i18n.text("chart_seek_title", lang, target=target, param=label))
    return ax


def tornado_chart(view: TornadoView, lang: str = "zh", ax: Axes | None = None) -> Axes:
    """Probability with each assumption at its 10th and 90th percentile, around the base (largest first)."""
    n = len(view.labels)
    ax = _axes(ax, 3.4 + 0.75 * max(n, 3))
    base = view.base
    y = np.arange(n)[::-1].astype(float)
    low = np.array(view.p_low)
    high = np.array(view.p_high)
    ax.barh(y, low - base, left=base, height=0.6, color=TRAFFIC["red"], label=i18n.text("chart_p10", lang))
    ax.barh(y, high - base, left=base, height=0.6, color=PROJECTION, label=i18n.text("chart_p90", lang))
    ax.axvline(base, color=INK, lw=1)
    ax.set_yticks(y, list(view.labels))
    hi, lo = max(high.max(), low.max(), base), min(high.min(), low.min(), base)
    pad = max(0.005, 0.08 * (hi - lo))
    ax.set_xlim(max(0.0, lo - pad), min(1.0, hi + pad))
    style.percent_axis(ax.xaxis, 1 if hi - lo < 0.1 else 0)
    ax.set_xlabel(i18n.text("chart_tornado_axis", lang, p=formats.percent(base, 1)))
    ax.grid(axis="x")
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=2)
    style.title(ax, i18n.text("chart_tornado_title", lang, target=view.title))
    return ax


def briefing_tornado(results: Results, briefing: Briefing, target: str) -> Axes:
    """The tornado of a key target in a briefing made with ``run --sensitivity``."""
    return tornado_chart(briefing.tornado(target), briefing.lang)


def sweep_chart(
    scenario: Scenario,
    result: Sweep,
    target: str,
    lang: str = "zh",
    ax: Axes | None = None,
    names: Mapping[str, str] | None = None,
) -> Axes:
    """A line over one assumption, or a heatmap over two with the 50% and 80% contours."""
    ax = _axes(ax, 9.0)
    p = result.probabilities[target]
    axes = result.axes
    labels = [param_label(scenario, a.param, lang) for a in axes]
    x = np.array(axes[0].values)
    if len(axes) == 1:
        ax.plot(x, p, "-o", color=PROJECTION, ms=3)
        for level, colour in ((0.5, TRAFFIC["amber"]), (0.8, TRAFFIC["green"])):
            ax.axhline(level, color=colour, ls="--", lw=1)
        ax.set_ylim(0, 1.02)
        style.percent_axis(ax.yaxis)
        ax.set_ylabel(i18n.text("chart_success_probability", lang))
        ax.grid(True)
    else:
        y = np.array(axes[1].values)
        mesh = ax.pcolormesh(x, y, p.T, shading="nearest", cmap="viridis", vmin=0, vmax=1)
        if p.min() < 0.8 or p.max() > 0.5:
            cs = ax.contour(x, y, p.T, levels=[0.5, 0.8], colors=["white", TRAFFIC["amber"]], linewidths=1.5)
            ax.clabel(cs, fmt={0.5: "50%", 0.8: "80%"}, fontsize=style.SMALL_PT)
        bar = ax.figure.colorbar(mesh, ax=ax)
        bar.ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{100 * v:.0f}%"))
        ax.set_ylabel(labels[1])
        if axes[1].param.kind == "rate":
            style.percent_axis(ax.yaxis, 1)
    if axes[0].param.kind == "rate":
        style.percent_axis(ax.xaxis, 1)
    ax.set_xlabel(labels[0])
    style.title(ax, i18n.text("chart_sweep_title", lang, target=(names or {}).get(target, target)))
    return ax


def compare_fan_chart(
    comparison: Comparison, indicator: str, label: str, lang: str = "zh", ax: Axes | None = None
) -> Axes:
    """Each scenario's 10–90% range and median of one indicator, overlaid."""
    ax = _axes(ax, 9.0)
    for i, (name, results) in enumerate(zip(comparison.labels, comparison.results, strict=True)):
        if indicator not in results.sample.levels:
            continue
        years, q = fan(results, indicator)
        colour = SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)]
        ok = np.isfinite(q[1])
        yrs = np.array(years)[ok]
        ax.fill_between(yrs, q[0][ok], q[2][ok], color=colour, alpha=0.15, lw=0)
        ax.plot(yrs, q[1][ok], color=colour, lw=1.6, label=name)
    ax.set_xticks(years)
    ax.grid(True)
    ax.legend(loc="upper left")
    style.title(ax, i18n.text("chart_compare_title", lang, label=label))
    return ax


def compare_dashboard_chart(
    comparison: Comparison, lang: str = "zh", ax: Axes | None = None, shown: Mapping[str, str] | None = None
) -> Axes:
    """Every target's probability in each scenario (grouped bars)."""
    names = comparison.targets()
    ax = _axes(ax, 3.0 + 0.6 * max(len(names), 3))
    k = len(comparison.labels)
    h = 0.8 / k
    y = np.arange(len(names))[::-1].astype(float)
    for i, (label, results) in enumerate(zip(comparison.labels, comparison.results, strict=True)):
        by = {t.name: t.probability for t in results.targets}
        ax.barh(
            y + (k - 1 - 2 * i) * h / 2,
            [by.get(n, np.nan) for n in names],
            height=h,
            color=SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)],
            label=label,
        )
    ax.set_yticks(y, [_short(n, lang, shown) for n in names])
    ax.set_xlim(0, 1)
    style.percent_axis(ax.xaxis)
    ax.grid(axis="x")
    wide = sum(len(label) for label in comparison.labels) > 24
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=1 if wide else k)
    style.title(ax, i18n.text("chart_compare_dashboard", lang))
    return ax


def conditions_chart(
    scenario: Scenario,
    box: Box,
    values: np.ndarray,
    success: np.ndarray,
    lang: str = "zh",
    ax: Axes | None = None,
    names: Mapping[str, str] | None = None,
) -> Axes:
    """The draws on the box's first two assumptions (met / not met) with the box drawn; one: histograms.

    ``values`` holds the draws' values of the box's distinct factors in the order of its limits,
    shape ``(n, k)``; ``success`` whether each draw meets the target.
    """
    ax = _axes(ax, 9.0)
    found = list(dict.fromkeys(lim.factor for lim in box.limits))
    if not found:
        return ax
    axis_names = [factor_label(scenario, f, lang) for f in found]
    met = success.astype(bool)
    colours = (PROJECTION, FAIL)
    labels = (i18n.text("chart_met", lang), i18n.text("chart_not_met", lang))
    if len(found) == 1:
        x = values[:, 0]
        bins = np.histogram_bin_edges(x[np.isfinite(x)], 40)
        for mask, colour, label in zip((met, ~met), colours, labels, strict=True):
            ax.hist(x[mask], bins=bins, color=colour, alpha=0.8, label=label)
        ax.set_xlabel(axis_names[0])
    else:
        pick = np.arange(len(met))[: min(len(met), 4000)]
        x, y = values[pick, 0], values[pick, 1]
        for mask, colour, label in zip((~met[pick], met[pick]), colours[::-1], labels[::-1], strict=True):
            ax.scatter(x[mask], y[mask], s=3, color=colour, label=label, rasterized=True)
        ax.set_xlabel(axis_names[0])
        ax.set_ylabel(axis_names[1])
        if not found[1].additive:
            style.percent_axis(ax.yaxis, 1)
    if not found[0].additive:
        style.percent_axis(ax.xaxis, 1)
    for lim in box.limits:
        j = found.index(lim.factor)
        if j > 1:
            continue
        v = lim.value
        (ax.axvline if j == 0 else ax.axhline)(v, color=TRAFFIC["red"], lw=1.4, ls="--")
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=2, markerscale=4)
    style.title(
        ax,
        i18n.text(
            "chart_conditions_title",
            lang,
            target=(names or {}).get(box.target, box.target),
            density=formats.percent(box.density, 0),
            coverage=formats.percent(box.coverage, 0),
        ),
    )
    return ax
