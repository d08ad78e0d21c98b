"""Fan chart: an indicator's known values, its projected range and its level targets.

Known values are drawn by how they are known: published values as filled dots on a solid line,
preliminary figures as hollow dots, assumed values as hollow diamonds (labelled 假设值, never 实际值),
and years filled in between or computed from projected parts as hollow squares on a dashed line.
The projection fans out from the latest known year (50/80/90% ranges around the median). Each open
level target is a tick at its value in its year, labelled with the probability as the briefing
writes it. Settled targets are not drawn: they are facts, not projections.

Artists carry a gid: ``band:5-95``, ``median``, ``known:<status>``, ``target:<name>``,
``target-label:<name>``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from planmodel.report import formats, i18n
from planmodel.report.charts import style, ticks
from planmodel.report.charts.legend import legend
from planmodel.report.charts.style import INK, MUTED, PROJECTION
from planmodel.report.content import Briefing
from planmodel.report.measure import text_width_em
from planmodel.results import IndicatorInfo, Results, TargetResult

__all__ = ["fan_chart"]

_TOP_CM = 2.2
"""Room above the plot for the title and the legend."""
_TICK = 0.28
"""Half length, in years, of the tick marking a target."""
_MARKERS = {
    "published": dict(marker="o", mfc=INK, mec=INK),
    "preliminary": dict(marker="o", mfc="white", mec=INK),
    "assumed": dict(marker="D", mfc="white", mec=INK),
    "estimate": dict(marker="o", mfc="white", mec=MUTED),
    "simulated": dict(marker="s", mfc="white", mec=MUTED),
}


def _column(results: Results, q: float) -> int:
    return int(np.flatnonzero(np.isclose(np.asarray(results.quantiles), q))[0])


def _y_label(info: IndicatorInfo, lang: str) -> str:
    _, unit, _ = formats.unit_scale(info.unit, lang)
    if info.unit.dimension == "money":
        unit = unit + i18n.text("comma", lang) + i18n.text("chart_current_prices", lang)
    label = i18n.indicator_label(info, lang)
    full = label + i18n.text("paren", lang, text=unit) if unit else label
    height_cm = style.HEIGHTS_CM["fan"] - _TOP_CM - style.MARGINS_CM["bottom"]
    if unit and text_width_em(full) * style.FONT_PT * 2.54 / 72 > height_cm:
        return unit  # the title names the indicator; a long name would run past the axis
    return full


def _known(
    ax: Axes, info: IndicatorInfo, years: np.ndarray, median: np.ndarray, factor: float, lang: str
) -> int:
    """Draw the known and filled-in years; return the index of the latest known year."""
    status = [info.status_by_year.get(int(y), "simulated") for y in years]
    if info.kind == "simulated" and info.last_actual_year is not None:
        last = int(np.flatnonzero(years == info.last_actual_year)[0])
    else:
        known = [i for i, y in enumerate(years) if int(y) <= (info.last_actual_year or years[0])]
        last = known[-1] if known else 0
    values = np.array(
        [info.actual[int(y)] * factor if int(y) in info.actual else median[i] for i, y in enumerate(years)]
    )
    shown = [i for i in range(last + 1) if np.isfinite(values[i])]
    if not shown:
        return last
    for a, b in zip(shown, shown[1:], strict=False):  # dashed where a value is filled in, not known
        solid = {status[a], status[b]} <= {"published", "preliminary", "estimate"} and b == a + 1
        ax.plot(years[[a, b]], values[[a, b]], color=INK, lw=1.6, ls="-" if solid else (0, (3, 2)), zorder=4)
    for code, spec in _MARKERS.items():
        idx = [i for i in shown if status[i] == code]
        if idx:
            ax.plot(
                years[idx],
                values[idx],
                ls="none",
                ms=5,
                mew=1.1,
                zorder=5,
                label=i18n.text(f"chart_known_{code}", lang),
                gid=f"known:{code}",
                **spec,
            )
    return last


def fan_chart(results: Results, briefing: Briefing, indicator: str) -> Axes:
    """Draw the fan chart of ``indicator`` on a new figure; return its Axes."""
    lang = briefing.lang
    info = results.indicators[indicator]
    years = np.asarray(results.years)
    pct = np.asarray(results.percentiles[indicator], dtype=float)
    factor = formats.unit_scale(info.unit, lang)[0]
    pct = pct * factor
    # the legend sits in a band above the plot, where no target label can run into it
    ax = style.new_axes(style.HEIGHTS_CM["fan"], top_cm=_TOP_CM)
    median = pct[:, _column(results, 0.5)]
    last = _known(ax, info, years, median, factor, lang)
    x = years[last:]
    for qlo, qhi, colour in style.BANDS:
        width = round(100 * (qhi - qlo))
        ax.fill_between(
            x,
            pct[last:, _column(results, qlo)],
            pct[last:, _column(results, qhi)],
            color=colour,
            lw=0,
            zorder=1,
            label=i18n.text("chart_band", lang, width=width),
            gid=f"band:{qlo * 100:g}-{qhi * 100:g}",
        )
    ax.plot(
        x,
        median[last:],
        color=PROJECTION,
        lw=2.0,
        zorder=3,
        label=i18n.text("chart_median", lang),
        gid="median",
    )
    marks = _targets(ax, results, briefing, indicator, factor)
    first = int(np.flatnonzero(np.isfinite(pct).any(axis=1))[0])
    shown_years = years[first:]
    ax.set_xlim(shown_years[0] - 0.4, shown_years[-1] + _label_room(marks, shown_years))
    ax.set_axisbelow(True)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: formats.number(v, lang, 2)))
    ax.set_ylabel(_y_label(info, lang))
    handles, labels = ax.get_legend_handles_labels()
    order = [i18n.text(f"chart_known_{c}", lang) for c in _MARKERS] + [i18n.text("chart_median", lang)]
    order += [i18n.text("chart_band", lang, width=w) for w in (50, 80, 90)]
    pairs = sorted(zip(labels, handles, strict=True), key=lambda lh: order.index(lh[0]))
    ncol = 4 if lang == "zh" else 3
    pairs = [pairs[i] for c in range(ncol) for i in range(c, len(pairs), ncol)]  # read row by row
    legend(
        ax,
        [h for _, h in pairs],
        [lb for lb, _ in pairs],
        loc="lower left",
        anchor=(0.0, 1.01),
        ncol=ncol,
        borderaxespad=0.0,
        handlelength=1.5,
        columnspacing=1.0,
    )
    _label_targets(ax, marks, style.SMALL_PT)
    ticks.draw_ticks(ax, "x", shown_years, [str(y) for y in shown_years])
    ticks.draw_ticks(ax, "y", grid=True)  # the limits are final once the labels are placed
    label = i18n.indicator_label(info, lang)
    region = f"{results.region} " if results.region and lang == "zh" else ""
    style.title(ax, region + i18n.text("chart_fan_title", lang, label=label))
    style.notes(ax, chart_notes(results, briefing, money=info.unit.dimension == "money"))
    return ax


def chart_notes(results: Results, briefing: Briefing, money: bool = False) -> str:
    """The notes line: runs, current prices, sample size, calibration, then the scenario.

    The scenario's title comes last, so a line too long for the chart cuts it first.
    """
    lang = briefing.lang
    items = [i18n.text("chart_draws", lang, n=f"{results.draws:,}")]
    if money:
        items.append(i18n.text("chart_money_current", lang))
    if results.sample_size < results.draws:
        items.append(i18n.text("chart_sample", lang, n=f"{results.sample_size:,}"))
    if briefing.calibration_chart:
        items.append(briefing.calibration_chart)
    items.append(briefing.title)
    return i18n.text("chart_separator", lang).join(items)


def _targets(ax: Axes, results: Results, briefing: Briefing, indicator: str, factor: float) -> list:
    marks = []
    for t in results.targets:
        if t.indicator != indicator or t.measure != "level" or t.determined or t.threshold is None:
            continue
        values = t.threshold if isinstance(t.threshold, tuple) else (t.threshold,)
        values = tuple(v * factor for v in values)
        for v in values:
            ax.plot(
                [t.year - _TICK, t.year + _TICK],
                [v, v],
                color=INK,
                lw=2.4,
                solid_capstyle="butt",
                zorder=6,
                gid=f"target:{t.name}",
            )
        if len(values) == 2:
            ax.plot([t.year + _TICK] * 2, values, color=INK, lw=1.2, zorder=6)
        row = briefing.row(t.name)
        sign = {"at_least": "≥", "at_most": "≤"}.get(t.comparison, "")
        value = sign + row.target.text
        if t.level_basis is not None and _bases(results, t) > 1:  # the same target on two census bases
            basis = i18n.text(f"chart_basis_{t.level_basis}", briefing.lang)
            value += i18n.text("paren", briefing.lang, text=basis)
        text = i18n.text("chart_target_mark", briefing.lang, value=value, p=row.probability.text)
        marks.append((t.year, float(np.mean(values)), text, t.name))
    return marks


def _bases(results: Results, t: TargetResult) -> int:
    """How many census bases the targets of ``t``'s indicator, year and threshold are judged on."""
    same = [
        o.level_basis
        for o in results.targets
        if (o.indicator, o.year, o.threshold, o.measure) == (t.indicator, t.year, t.threshold, t.measure)
    ]
    return len(set(same))


def _label_room(marks: list, years: np.ndarray) -> float:
    """Years to add right of the last year so the target labels fit (estimated from their text)."""
    if not marks:
        return 0.4
    width_cm = max(text_width_em(m[2]) for m in marks) * style.SMALL_PT * 2.54 / 72 + 0.4
    plot_cm = style.WIDTH_CM - style.MARGINS_CM["left"] - style.MARGINS_CM["right"]
    span = years[-1] - years[0] + 0.8
    # the label starts at the last year + tick; solve for the room r: width = (r - tick) * plot / (span + r)
    per_year = plot_cm / span
    room = _TICK + 0.12 + width_cm / per_year
    for _ in range(3):  # adding room shrinks a year on the page: iterate to a fixed point
        per_year = plot_cm / (span + room)
        room = _TICK + 0.12 + width_cm / per_year
    return room


def _label_targets(ax: Axes, marks: list, pt: float) -> None:
    """Write each target's value and probability right of its tick, spread apart within a year."""
    if not marks:
        return
    lo, hi = ax.get_ylim()
    fig = ax.get_figure()
    height_pt = ax.get_position().height * (fig.get_figheight() if fig is not None else 4.0) * 72
    for _ in range(3):  # widening the axis to fit the labels brings them closer: settle in a few rounds
        sep = (hi - lo) * 1.5 * pt / height_pt
        heights = [m[1] for m in marks]
        for year in {m[0] for m in marks}:
            idx = sorted((i for i, m in enumerate(marks) if m[0] == year), key=lambda i: marks[i][1])
            for a, b in zip(idx, idx[1:], strict=False):
                heights[b] = max(heights[b], heights[a] + sep)
        lo, hi = min(lo, min(heights) - sep), max(hi, max(heights) + sep)
    ax.set_ylim(lo, hi)
    ticks = [(m[0], m[1]) for m in marks]
    for (year, value, text, name), y in zip(marks, heights, strict=True):
        shared = ticks.count((year, value)) > 1  # labels of one tick: a leader would cross the other

        ax.annotate(
            text,
            xy=(year + _TICK, value),
            xytext=(year + _TICK + 0.12, y),
            textcoords="data",
            va="center",
            ha="left",
            fontsize=pt,
            color=INK,
            zorder=7,
            gid=f"target-label:{name}",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            arrowprops=None if y == value or shared else {"arrowstyle": "-", "lw": 0.6, "color": MUTED},
        )
