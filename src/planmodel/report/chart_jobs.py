"""Which chart files a run makes, and getting them drawn: by report workers, or here without any.

A chart is named by its :data:`~planmodel.report.content.ChartKey` ``(kind, subject)``. This module
names the files and hands the drawing to :func:`planmodel.report.charts.render.render_chart` — in
a :class:`~planmodel.report.parallel.ReportPool` worker, by name, so that the process writing the
other files never imports matplotlib; without a pool, in this process when the files are asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from planmodel.report.content import Briefing, ChartKey
from planmodel.report.parallel import ReportPool
from planmodel.results import Results

__all__ = ["ChartFile", "Rendering", "chart_stem", "start"]

RENDER_CHART = "planmodel.report.charts.render:render_chart"
"""The job drawing one chart, named for :meth:`ReportPool.submit`."""


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


class Rendering:
    """Charts being drawn; :meth:`result` waits for them and returns the files by chart key."""

    def __init__(self, jobs: list[tuple[ChartKey, Path, bool]], state: tuple[Results, Briefing],
                 pool: ReportPool | None, shared: str | None) -> None:  # fmt: skip
        self._jobs = jobs
        self._state = state
        self._futures: list[Future[ChartFile]] = []
        if pool is not None:
            name = shared or pool.share(state)
            self._futures = [pool.submit(RENDER_CHART, name, *job) for job in jobs]

    def result(self) -> dict[ChartKey, ChartFile]:
        """Wait for every chart; the files by chart key."""
        if self._futures:
            files = [f.result() for f in self._futures]
        else:
            from planmodel.report.charts.render import render_chart

            files = [render_chart(self._state, *job) for job in self._jobs]
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
