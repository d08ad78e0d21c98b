"""Draw the charts a run's documents use: each once, in parallel across processes.

A chart is named by its :data:`~planmodel.report.content.ChartKey` ``(kind, subject)`` and drawn
once, 16 cm wide: Word and HTML place it at that size, the deck :data:`~.style.SLIDE_SCALE` times
larger (so its smallest text is 14 pt there). PNG always; SVG only when asked. Rendering starts in
worker processes as soon as it is asked for (:func:`start`), so the caller can write the documents
that need no chart meanwhile and collect the files with :meth:`Rendering.result`.

Workers come from a :class:`~planmodel.report.parallel.ReportPool`; without one, the charts are
drawn in the calling process. The files never depend on which process drew them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from planmodel.report.charts import style
from planmodel.report.charts.agg import save_png
from planmodel.report.charts.analysis import briefing_tornado
from planmodel.report.charts.dashboard import dashboard_chart
from planmodel.report.charts.distribution import distribution_chart
from planmodel.report.charts.fan import fan_chart
from planmodel.report.charts.fonts import cjk_font_family
from planmodel.report.charts.passage import passage_chart
from planmodel.report.content import Briefing, ChartKey
from planmodel.report.parallel import ReportPool, load_state
from planmodel.results import Results

__all__ = ["ChartFile", "Rendering", "chart_stem", "draw", "start"]

DRAW: dict[str, Callable[[Results, Briefing, str], Axes]] = {
    "dashboard": dashboard_chart,
    "fan": fan_chart,
    "dist": distribution_chart,
    "passage": passage_chart,
    "tornado": briefing_tornado,
}
"""Chart kind → the function drawing it from (results, briefing, subject)."""


@dataclass(frozen=True)
class ChartFile:
    """One chart: its PNG and, when asked, its SVG."""

    key: ChartKey
    png: Path
    svg: Path | None = None


def chart_stem(briefing: Briefing, key: ChartKey) -> str:
    """File name (without suffix) of a chart: ``dashboard_1``, ``fan_gdp``, ``dist_target_05``."""
    kind, subject = key
    if kind in ("dist", "passage", "tornado"):
        index = [r.key for r in briefing.rows].index(subject)
        return f"{kind}_target_{index + 1:02d}"
    return f"{kind}_{subject}"


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


def _job(state: str | tuple[Results, Briefing], key: ChartKey, stem: Path, svg: bool) -> ChartFile:
    """Draw and save one chart (in a worker: ``state`` names the shared state)."""
    results, briefing = load_state(state) if isinstance(state, str) else state
    png, out_svg = _save(draw(results, briefing, key), stem, svg)
    return ChartFile(key, png, out_svg)


class Rendering:
    """Charts being drawn; :meth:`result` waits for them and returns the files by chart key."""

    def __init__(self, jobs: list[tuple[ChartKey, Path, bool]], state: tuple[Results, Briefing],
                 pool: ReportPool | None, shared: str | None) -> None:  # fmt: skip
        self._jobs = jobs
        self._state = state
        self._futures: list[Future[ChartFile]] = []
        if pool is not None:
            name = shared or pool.share(state)
            self._futures = [pool.submit(_job, name, *job) for job in jobs]

    def result(self) -> dict[ChartKey, ChartFile]:
        """Wait for every chart; the files by chart key."""
        if self._futures:
            files = [f.result() for f in self._futures]
        else:
            cjk_font_family()
            files = [_job(self._state, *job) for job in self._jobs]
        return {f.key: f for f in files}


def start(
    results: Results,
    briefing: Briefing,
    keys: Sequence[ChartKey],
    folder: Path,
    *,
    svg: bool = False,
    pool: ReportPool | None = None,
    shared: str | None = None,
) -> Rendering:
    """Start drawing ``keys`` into ``folder`` (PNG, and SVG when asked); collect with ``.result()``.

    With a ``pool`` the charts are drawn by its workers (``shared`` names state already shared with
    them, see :meth:`ReportPool.share`), the biggest first; without one, in this process when
    :meth:`Rendering.result` is called.
    """
    folder.mkdir(parents=True, exist_ok=True)
    jobs = [(key, folder / chart_stem(briefing, key), svg) for key in keys]
    jobs.sort(key=lambda j: (j[0][0] != "dashboard", j[0][0] != "fan"))
    return Rendering(jobs, (results, briefing), pool, shared)
