"""The one list of files a run writes, and writing them: briefing once, charts in parallel, then documents.

Every run writes ``results.json``, ``targets.csv`` and ``percentiles.csv`` (the runner adds
``manifest.json``). The formats a user asks for (``--format``) add:

========== =====================================================================================
format     files
========== =====================================================================================
charts     ``charts/*.png`` at A4 size (and ``charts/slide/*.png`` when the deck is written)
svg        ``charts/*.svg`` as well (only when asked: ``all`` does not include it)
md         ``summary.md``
xlsx       ``results.xlsx``
docx       ``briefing.docx``
pptx       ``slides.pptx``
html       ``report.html``
csv, json  nothing more (always written); accepted so that one option names every output
========== =====================================================================================

Only the charts the documents use are drawn (:attr:`~planmodel.report.content.Briefing.charts`),
once per medium used (A4 for Word, HTML and ``charts/``; slide for the deck). Chart drawing starts
first, in worker processes; the documents that need no chart are written meanwhile.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planmodel.report.content import Briefing, ChartKey, build_briefing
from planmodel.results import Results

__all__ = [
    "ALWAYS",
    "DEFAULT_FORMATS",
    "FILE_NAMES",
    "FORMATS",
    "Written",
    "parse_formats",
    "planned_files",
    "write_bundle",
]

FORMATS: frozenset[str] = frozenset({"charts", "svg", "md", "csv", "json", "xlsx", "docx", "pptx", "html"})
"""Every format ``--format`` accepts."""
ALL: frozenset[str] = FORMATS - {"svg"}
"""What ``--format all`` means (SVG files only when asked by name)."""
DEFAULT_FORMATS: frozenset[str] = frozenset({"charts", "md", "xlsx"})
ALWAYS: tuple[str, ...] = ("results.json", "targets.csv", "percentiles.csv")
FILE_NAMES: dict[str, str] = {
    "md": "summary.md",
    "xlsx": "results.xlsx",
    "docx": "briefing.docx",
    "pptx": "slides.pptx",
    "html": "report.html",
}
CHARTS_DIR = "charts"
_A4_USERS = frozenset({"charts", "svg", "docx", "html"})


@dataclass(frozen=True)
class Written:
    """What a run wrote: the files (relative to the folder) and the briefing they show."""

    files: tuple[Path, ...]
    briefing: Briefing


def parse_formats(text: str) -> frozenset[str]:
    """Parse a ``--format`` value: comma- or space-separated names, ``all`` for every format but svg.

    Raises
    ------
    ValueError
        For an unknown name, listing the valid ones.
    """
    names = [n.strip().lower() for n in text.replace(" ", ",").split(",") if n.strip()]
    if not names:
        return DEFAULT_FORMATS
    out: set[str] = set()
    for name in names:
        if name == "all":
            out |= ALL
        elif name in FORMATS:
            out.add(name)
        else:
            raise ValueError(f"unknown format {name!r}; valid formats: {', '.join(sorted(FORMATS))}, or all")
    return frozenset(out)


def _media(formats: frozenset[str]) -> tuple[str, ...]:
    return tuple(m for m, used in (("a4", bool(formats & _A4_USERS)), ("slide", "pptx" in formats)) if used)


def planned_files(briefing: Briefing, formats: frozenset[str]) -> list[str]:
    """Every file a run with these formats writes, relative to its folder (manifest.json aside)."""
    from planmodel.report.charts.render import chart_stem  # naming only; no drawing

    files = list(ALWAYS) + [FILE_NAMES[f] for f in ("md", "xlsx", "docx", "pptx", "html") if f in formats]
    if formats & {"charts", "svg"}:
        for medium in _media(formats):
            where = f"{CHARTS_DIR}/slide/" if medium == "slide" else f"{CHARTS_DIR}/"
            for key in briefing.charts:
                files.append(where + chart_stem(briefing, key) + ".png")
                if "svg" in formats:
                    files.append(where + chart_stem(briefing, key) + ".svg")
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
    workers: int | None = None,
) -> Written:
    """Write a run's files into ``folder`` (an existing folder the caller owns, e.g. a staging folder).

    ``documents`` maps source file names to titles (sources are shown by title); ``workers`` is the
    number of chart processes (default: the processors available).
    """
    unknown = set(formats) - FORMATS
    if unknown:
        raise ValueError(f"unknown formats {sorted(unknown)}; valid: {', '.join(sorted(FORMATS))}")
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"output folder does not exist: {folder}")
    from planmodel.report.writers import data, markdown, xlsx

    briefing = build_briefing(results, manifest, lang, documents=documents)
    keep = bool(formats & {"charts", "svg"})
    media = _media(formats)
    with tempfile.TemporaryDirectory(prefix="planmodel-charts-") as tmp:
        rendering = None
        if media and briefing.charts:
            from planmodel.report.charts import start

            where = folder / CHARTS_DIR if keep else Path(tmp)
            rendering = start(
                results, briefing, briefing.charts, media, where, svg="svg" in formats, workers=workers
            )
        text = json.dumps(
            data.results_to_dict(results, briefing), ensure_ascii=False, indent=2, allow_nan=False
        )
        _write_text(folder / "results.json", text + "\n")
        _write_text(folder / "targets.csv", data.targets_csv(results, briefing), bom=True)
        _write_text(folder / "percentiles.csv", data.percentiles_csv(results), bom=True)
        if "md" in formats:
            _write_text(folder / FILE_NAMES["md"], markdown.summary_markdown(briefing))
        if "xlsx" in formats:
            xlsx.write_xlsx(briefing, results, folder / FILE_NAMES["xlsx"])
        charts = rendering.result() if rendering is not None else {}
        a4: dict[ChartKey, Path] = {k: f.png for (k, m), f in charts.items() if m == "a4"}
        slide: dict[ChartKey, Path] = {k: f.png for (k, m), f in charts.items() if m == "slide"}
        if "docx" in formats:
            from planmodel.report.writers.docx import write_docx

            write_docx(briefing, a4, folder / FILE_NAMES["docx"])
        if "pptx" in formats:
            from planmodel.report.writers.pptx import write_pptx

            write_pptx(briefing, slide, folder / FILE_NAMES["pptx"])
        if "html" in formats:
            from planmodel.report.writers.html import write_html

            write_html(briefing, a4, folder / FILE_NAMES["html"])
    files = tuple(Path(p) for p in planned_files(briefing, formats))
    return Written(files, briefing)
