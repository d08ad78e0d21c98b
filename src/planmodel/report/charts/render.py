"""Draw one chart of a run's documents and save it: the job :mod:`planmodel.report.chart_jobs` hands out.

A chart is named by its :data:`~planmodel.report.content.ChartKey` ``(kind, subject)`` and drawn
once, 16 cm wide: Word and HTML place it at that size, the deck :data:`~.style.SLIDE_SCALE` times
larger (so its smallest text is 14 pt there). PNG always; SVG only when asked. The files never
depend on which process drew them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from planmodel.report.chart_jobs import ChartFile
from planmodel.report.charts import style
from planmodel.report.charts.agg import save_png
from planmodel.report.charts.dashboard import dashboard_chart
from planmodel.report.charts.distribution import distribution_chart
from planmodel.report.charts.fan import fan_chart
from planmodel.report.charts.fonts import cjk_font_family
from planmodel.report.charts.passage import passage_chart
from planmodel.report.content import Briefing, ChartKey
from planmodel.report.parallel import load_state
from planmodel.results import Results

__all__ = ["DRAW", "draw", "render_chart"]


def _tornado(results: Results, briefing: Briefing, subject: str) -> Axes:
    """The tornado of ``run --sensitivity`` (its module, with the analyses, loaded only then)."""
    from planmodel.report.charts.analysis import briefing_tornado

    return briefing_tornado(results, briefing, subject)


DRAW: dict[str, Callable[[Results, Briefing, str], Axes]] = {
    "dashboard": dashboard_chart,
    "fan": fan_chart,
    "dist": distribution_chart,
    "passage": passage_chart,
    "tornado": _tornado,
}
"""Chart kind → the function drawing it from (results, briefing, subject)."""


def draw(results: Results, briefing: Briefing, key: ChartKey) -> Axes:
    """Draw one chart on a new figure (inside the charts' rc context); return its Axes."""
    with matplotlib.rc_context(style.rc()):
        return DRAW[key[0]](results, briefing, key[1])


def _save(ax: Axes, stem: Path, svg: bool) -> tuple[Path, Path | None]:
    """Write the chart's PNG (drawn once with Agg, :func:`~.agg.save_png`) and, when asked, its SVG.

    The figure is left for the garbage collector: clearing it would rebuild its axes for nothing.
    """
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    with matplotlib.rc_context(style.rc()):
        png = save_png(fig, stem.with_suffix(".png"), style.DPI)
        out_svg = None
        if svg:
            out_svg = stem.with_suffix(".svg")
            fig.savefig(out_svg, format="svg", metadata={"Date": None})
    return png, out_svg


def render_chart(state: str | tuple[Results, Briefing], key: ChartKey, stem: Path, svg: bool) -> ChartFile:
    """Draw and save one chart (in a worker, ``state`` names the shared state; see :mod:`.chart_jobs`)."""
    if isinstance(state, str):
        results, briefing = load_state(state)
    else:
        results, briefing = state
        cjk_font_family()
    png, out_svg = _save(draw(results, briefing, key), stem, svg)
    return ChartFile(key, png, out_svg)
