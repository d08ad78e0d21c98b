"""The one list of files a run writes, and writing them: briefing once, charts in parallel, then documents.

Every run writes ``results.json``, ``targets.csv`` and ``percentiles.csv`` (the runner adds
``manifest.json``). The formats a user asks for (``--format``) add:

========== =====================================================================================
format     files
========== =====================================================================================
charts     ``charts/*.png``, 16 cm wide (as placed in Word; the deck places them 14/9 larger)
svg        ``charts/*.svg`` as well (only when asked: ``all`` does not include it)
md         ``summary.md``
xlsx       ``results.xlsx``
docx       ``briefing.docx``
pptx       ``slides.pptx``
html       ``report.html``
csv, json  nothing more (always written); accepted so that one option names every output
========== =====================================================================================

Only the charts the documents use are drawn (:attr:`~planmodel.report.content.Briefing.charts`),
each once. With report workers, they draw the charts and then write the workbook (their fork
server has loaded openpyxl, so no process imports it on the clock) while this process writes
the JSON, CSV and Markdown; then the workers write the PowerPoint and Word files, which need
every chart, while this process writes the HTML page.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planmodel.report.chart_jobs import chart_stem
from planmodel.report.content import Briefing, ChartKey, build_briefing
from planmodel.report.format_names import (
    ALL,
    CHART_USERS,
    DEFAULT_FORMATS,
    FORMATS,
    needs_workers,
    parse_formats,
)
from planmodel.report.parallel import ReportPool, available_cpus, load_state
from planmodel.results import Results

__all__ = [
    "ALL",
    "ALWAYS",
    "DEFAULT_FORMATS",
    "FILE_NAMES",
    "FORMATS",
    "Written",
    "needs_workers",
    "parse_formats",
    "planned_files",
    "write_bundle",
]

ALWAYS: tuple[str, ...] = ("results.json", "targets.csv", "percentiles.csv")
"""Files every run writes, whatever the formats (the runner adds ``manifest.json``)."""
FILE_NAMES: dict[str, str] = {
    "md": "summary.md",
    "xlsx": "results.xlsx",
    "docx": "briefing.docx",
    "pptx": "slides.pptx",
    "html": "report.html",
}
CHARTS_DIR = "charts"


@dataclass(frozen=True)
class Written:
    """What a run wrote: the files (relative to the folder) and the briefing they show."""

    files: tuple[Path, ...]
    briefing: Briefing


def planned_files(briefing: Briefing, formats: frozenset[str]) -> list[str]:
    """Every file a run with these formats writes, relative to its folder (manifest.json aside)."""
    files = list(ALWAYS) + [FILE_NAMES[f] for f in ("md", "xlsx", "docx", "pptx", "html") if f in formats]
    if formats & {"charts", "svg"}:
        for key in briefing.charts:
            files.append(f"{CHARTS_DIR}/{chart_stem(briefing, key)}.png")
            if "svg" in formats:
                files.append(f"{CHARTS_DIR}/{chart_stem(briefing, key)}.svg")
    return sorted(files)


def _write_text(path: Path, text: str, bom: bool = False) -> Path:
    path.write_text(text, encoding="utf-8-sig" if bom else "utf-8")
    return path


def write_bundle(
    results: Results,
    manifest: Mapping[str, Any],
    folder: Path,
    formats: frozenset[str],
    lang: str = "zh",
    *,
    documents: Mapping[str, str] | None = None,
    pool: ReportPool | None = None,
    workers: int | None = None,
    insight: Any = None,
    midterm: Any = None,
) -> Written:
    """Write a run's files into ``folder`` (an existing folder the caller owns, e.g. a staging folder).

    ``documents`` maps source file names to titles (sources are shown by title). Charts, Word and
    PowerPoint are made by ``pool``'s worker processes (started early by the caller, see
    :class:`~planmodel.report.parallel.ReportPool`); without one, a pool of ``workers`` processes is
    started here (default: the processors available; ``1`` makes everything in this process).
    ``insight`` (``run --sensitivity``, :mod:`planmodel.analysis.insight`) adds drivers, conditions
    and tornadoes to 风险与提示. ``midterm`` (``run --progress-table``: the run's
    :class:`~planmodel.midterm.Midterm`) adds the mid-term table as 附表6 of the md, docx and html,
    as the deck's last slides and as a sheet of the workbook.
    """
    unknown = set(formats) - FORMATS
    if unknown:
        raise ValueError(f"unknown formats {sorted(unknown)}; valid: {', '.join(sorted(FORMATS))}")
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"output folder does not exist: {folder}")
    briefing = build_briefing(results, manifest, lang, documents=documents, insight=insight)
    if midterm is not None:
        from dataclasses import replace

        from planmodel.report.content import reference_names
        from planmodel.report.midterm import midterm_view

        names = {r.key: r.name for r in briefing.rows}
        view = midterm_view(midterm, lang, names, reference_names(results, lang))
        briefing = replace(briefing, midterm=view)
    heavy = formats & CHART_USERS
    if pool is None and heavy and workers != 1 and (workers or available_cpus()) > 1:
        with ReportPool(workers) as own:
            _write(results, briefing, folder, formats, own)
    else:
        _write(results, briefing, folder, formats, pool)
    return Written(tuple(Path(p) for p in planned_files(briefing, formats)), briefing)


def _write(
    results: Results, briefing: Briefing, folder: Path, formats: frozenset[str], pool: ReportPool | None
) -> None:
    from planmodel.report.writers import data, markdown

    keep = bool(formats & {"charts", "svg"})
    shared = (
        pool.share((slim_results(results), briefing)) if pool is not None and formats & CHART_USERS else None
    )
    with tempfile.TemporaryDirectory(prefix="planmodel-charts-") as tmp:
        rendering = None
        if formats & CHART_USERS and briefing.charts:
            from planmodel.report.chart_jobs import start

            where = folder / CHARTS_DIR if keep else Path(tmp)
            rendering = start(results, briefing, briefing.charts, where, svg="svg" in formats, pool=pool,
                              shared=shared)  # fmt: skip
        workers = pool if shared is not None else None  # the pool, when it has the run's state
        documents = [f for f in ("pptx", "docx") if f in formats]  # the longer first
        book = folder / FILE_NAMES["xlsx"]
        pending = []
        if "xlsx" in formats and workers is not None:
            # queued behind the charts: the worker done first writes it while the other finishes
            # the last chart, before the deck and the Word file can start
            pending.append(workers.submit(_xlsx_job, shared, book))
        text = json.dumps(
            data.results_to_dict(results, briefing), ensure_ascii=False, indent=2, allow_nan=False
        )
        _write_text(folder / "results.json", text + "\n")
        _write_text(folder / "targets.csv", data.targets_csv(results, briefing), bom=True)
        _write_text(folder / "percentiles.csv", data.percentiles_csv(results), bom=True)
        if "md" in formats:
            _write_text(folder / FILE_NAMES["md"], markdown.summary_markdown(briefing))
        if "xlsx" in formats and workers is None:
            _xlsx_job((results, briefing), book)
        drawn = rendering.result() if rendering is not None else {}
        charts: dict[ChartKey, Path] = {k: f.png for k, f in drawn.items()}
        for f in documents:
            if workers is not None:
                pending.append(workers.submit(_DOCUMENT_JOBS[f], shared, charts, folder / FILE_NAMES[f]))
            else:
                _DOCUMENT_JOBS[f]((results, briefing), charts, folder / FILE_NAMES[f])
        if "html" in formats:  # here, while the workers write the rest
            from planmodel.report.writers.html import write_html

            write_html(briefing, charts, folder / FILE_NAMES["html"])
        for future in pending:
            future.result()


def slim_results(results: Results) -> Results:
    """The results workers need: without the retained draws (percentiles and samples suffice)."""
    from dataclasses import replace

    from planmodel.results import Paths

    return replace(results, sample=Paths(results.sample.years, {}, {}, {}))


_State = str | tuple[Results, Briefing]
"""A job's run state: shared with the workers (its name, see :meth:`ReportPool.share`), or in hand."""


def _loaded(state: _State) -> tuple[Results, Briefing]:
    return load_state(state) if isinstance(state, str) else state


def _briefing_of(state: _State) -> Briefing:
    return _loaded(state)[1]


def _xlsx_job(state: _State, path: Path) -> Path:
    from planmodel.report.writers.xlsx import write_xlsx

    results, briefing = _loaded(state)
    return write_xlsx(briefing, results, path)


def _docx_job(state: _State, charts: Mapping[ChartKey, Path], path: Path) -> Path:
    from planmodel.report.writers.docx import write_docx

    return write_docx(_briefing_of(state), charts, path)


def _pptx_job(state: _State, charts: Mapping[ChartKey, Path], path: Path) -> Path:
    from planmodel.report.writers.pptx import write_pptx

    return write_pptx(_briefing_of(state), charts, path)


_DOCUMENT_JOBS = {"docx": _docx_job, "pptx": _pptx_job}
