"""When a level is first reached: the share of runs first reaching it each year and by each year.

Starts at the latest known year (the share already at the level there), so a level already reached
reads as reached, never as 0%. Drawn only where it informs (see
:func:`planmodel.report.content.passage_informs`).

Artists carry a gid: ``first-reached``, ``reached-by``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from planmodel.report import formats, i18n
from planmodel.report.charts import style, ticks
from planmodel.report.charts.fan import chart_notes
from planmodel.report.charts.legend import legend
from planmodel.report.charts.style import INK, PROJECTION
from planmodel.report.content import Briefing
from planmodel.results import Results

__all__ = ["passage_chart"]


def passage_chart(results: Results, briefing: Briefing, target: str) -> Axes:
    """Draw the reached-by-year chart of the target called ``target``; return its Axes."""
    lang = briefing.lang
    t = next(x for x in results.targets if x.name == target)
    years = np.array([f.year for f in t.first_passage])
    first = np.array([f.first_reached for f in t.first_passage])
    by = np.array([f.reached_by for f in t.first_passage])
    ax = style.new_axes(style.HEIGHTS_CM["passage"])
    ax.bar(
        years,
        first,
        width=0.55,
        color=style.blend(PROJECTION, 0.45),
        zorder=2,
        label=i18n.text("chart_first_reached", lang),
        gid="first-reached",
    )
    ax.plot(
        years,
        by,
        color=PROJECTION,
        lw=2.0,
        marker="o",
        ms=5,
        zorder=3,
        label=i18n.text("chart_reached_by", lang),
        gid="reached-by",
    )
    for yr, b in zip(years, by, strict=True):
        ax.annotate(
            formats.percent(b, 1),
            (yr, b),
            xytext=(0, 6),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=style.SMALL_PT,
            color=PROJECTION,
        )
    labels = [str(y) for y in years]
    labels[-1] += "\n" + i18n.text("chart_target_year", lang)
    labels[0] += "\n" + i18n.text("chart_latest_year", lang)
    ax.set_xlim(years.min() - 0.7, years.max() + 0.7)
    ax.set_ylim(0, 1.15)
    style.percent_axis(ax.yaxis)
    ax.set_axisbelow(True)
    ticks.draw_ticks(ax, "x", years, labels, colour=INK)
    ticks.draw_ticks(ax, "y", np.linspace(0, 1, 6), grid=True, colour=INK)
    legend(ax, *ax.get_legend_handles_labels(), loc="upper left", anchor=(0.0, 1.0))
    region = f"{results.region} " if results.region and lang == "zh" else ""
    style.title(ax, region + i18n.text("chart_passage_title", lang, name=briefing.row(target).name))
    style.notes(ax, chart_notes(results, briefing))
    return ax
