"""Draw the charts a run's documents use: each once per size used, in parallel across processes.

A chart is named by its :data:`~planmodel.report.content.ChartKey` ``(kind, subject)`` and drawn
for a page format: ``a4`` for Word and HTML (and the ``charts/`` folder), ``slide`` for the deck
(``slide-wide`` for the dashboard). PNG always; SVG only when asked. Rendering starts in worker
processes as soon as it is asked for (:func:`start`), so the caller can write the documents that
need no chart meanwhile and collect the files with :meth:`Rendering.result`.

Workers are forked where that is safe and cheap (Linux, Python < 3.12: they inherit the loaded
fonts and the results without copying); elsewhere a fork server is used. A run with one worker, or
a single chart, draws in the calling process. Numbers never depend on the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from planmodel.report.charts import style
from planmodel.report.charts.dashboard import dashboard_chart
from planmodel.report.charts.distribution import distribution_chart
from planmodel.report.charts.fan import fan_chart
from planmodel.report.charts.fonts import cjk_font_family
from planmodel.report.charts.passage import passage_chart
from planmodel.report.content import Briefing, ChartKey
from planmodel.results import Paths, Results

__all__ = ["ChartFile", "Rendering", "chart_stem", "draw", "page_for", "start"]

DRAW: dict[str, Callable[[Results, Briefing, str, str], Axes]] = {
    "dashboard": dashboard_chart,
    "fan": fan_chart,
    "dist": distribution_chart,
    "passage": passage_chart,
}
"""Chart kind → the function drawing it from (results, briefing, subject, size)."""


@dataclass(frozen=True)
class ChartFile:
    """One chart drawn for one page format: its PNG and, when asked, its SVG."""

    key: ChartKey
    medium: str
    """``a4`` or ``slide``: where the chart is placed."""
    png: Path
    svg: Path | None = None


def page_for(key: ChartKey, medium: str) -> str:
    """The page format of a chart in a medium (``a4`` or ``slide``)."""
    if medium == "slide":
        return "slide-wide" if key[0] == "dashboard" else "slide"
    return "a4"


def chart_stem(briefing: Briefing, key: ChartKey) -> str:
    """File name (without suffix) of a chart: ``dashboard_1``, ``fan_gdp``, ``dist_target_05``."""
    kind, subject = key
    if kind in ("dist", "passage"):
        index = [r.key for r in briefing.rows].index(subject)
        return f"{kind}_target_{index + 1:02d}"
    return f"{kind}_{subject}"


def draw(results: Results, briefing: Briefing, key: ChartKey, size: str) -> Axes:
    """Draw one chart on a new figure (inside the page's rc context); return its Axes."""
    with matplotlib.rc_context(style.rc(size)):
        return DRAW[key[0]](results, briefing, key[1], size)


def _save(ax: Axes, stem: Path, size: str, svg: bool) -> tuple[Path, Path | None]:
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    with matplotlib.rc_context(style.rc(size)):
        png = stem.with_suffix(".png")
        fig.savefig(png, format="png", dpi=style.page(size).dpi, metadata={"Software": None})
        out_svg = None
        if svg:
            out_svg = stem.with_suffix(".svg")
            fig.savefig(out_svg, format="svg", metadata={"Date": None})
    fig.clear()
    return png, out_svg


_STATE: tuple[Results, Briefing] | None = None
"""What worker processes draw from (set before they start; inherited or sent once)."""


def _init(state: tuple[Results, Briefing] | None) -> None:
    global _STATE
    if state is not None:
        _STATE = state
    cjk_font_family()


def _job(key: ChartKey, medium: str, stem: Path, svg: bool) -> ChartFile:
    assert _STATE is not None, "worker started without its results"
    results, briefing = _STATE
    size = page_for(key, medium)
    png, out_svg = _save(draw(results, briefing, key, size), stem, size, svg)
    return ChartFile(key, medium, png, out_svg)


def _slim(results: Results) -> Results:
    """The results without the retained draws (charts need percentiles and target samples only)."""
    return replace(results, sample=Paths(results.sample.years, {}, {}, {}))


def default_workers() -> int:
    """Processes available to this run."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Rendering:
    """Charts being drawn; :meth:`result` waits for them and returns the files by (key, size)."""

    def __init__(
        self, jobs: list[tuple[ChartKey, str, Path, bool]], state: tuple[Results, Briefing], workers: int
    ) -> None:
        self._jobs = jobs
        self._state = state
        self._futures: list[Future[ChartFile]] = []
        self._pool: ProcessPoolExecutor | None = None
        if workers > 1 and len(jobs) > 1:
            global _STATE
            fork = sys.platform.startswith("linux") and sys.version_info < (3, 12)
            context = multiprocessing.get_context("fork" if fork else "forkserver")
            _STATE = state
            cjk_font_family()  # registered once, inherited by forked workers
            self._pool = ProcessPoolExecutor(
                max_workers=min(workers, len(jobs)),
                mp_context=context,
                initializer=_init,
                initargs=(None if fork else state,),
            )
            self._futures = [self._pool.submit(_job, *job) for job in jobs]

    def result(self) -> dict[tuple[ChartKey, str], ChartFile]:
        """Wait for every chart; the files by (chart key, medium)."""
        if self._pool is None:
            _init(self._state)
            files = [_job(*job) for job in self._jobs]
        else:
            try:
                files = [f.result() for f in self._futures]
            finally:
                self._pool.shutdown()
        return {(f.key, f.medium): f for f in files}


def start(
    results: Results,
    briefing: Briefing,
    keys: Sequence[ChartKey],
    sizes: Sequence[str],
    folder: Path,
    *,
    svg: bool = False,
    workers: int | None = None,
) -> Rendering:
    """Start drawing ``keys`` for each page format in ``sizes`` into ``folder`` (PNG, SVG if asked).

    ``sizes`` are media (``a4``, ``slide``); slide charts go to ``folder/slide``. The biggest charts
    are queued first so the workers finish together.
    """
    jobs = []
    for medium in sizes:
        where = folder / "slide" if medium == "slide" else folder
        where.mkdir(parents=True, exist_ok=True)
        for key in keys:
            jobs.append((key, medium, where / chart_stem(briefing, key), svg))
    jobs.sort(key=lambda j: (j[0][0] != "dashboard", j[0][0] != "fan"))
    return Rendering(jobs, (_slim(results), briefing), default_workers() if workers is None else workers)
