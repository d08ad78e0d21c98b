"""Which report formats a run writes, and writing them into a run folder.

``write_reports`` writes the formats a user asked for into a folder the caller owns (the
temporary folder of an atomic run write). It does not write ``targets.csv``,
``percentiles.csv``, ``results.json`` or ``manifest.json``: the run writer writes those in every
run (use :func:`planmodel.report.tables.targets_csv` and ``percentiles_csv`` for the CSV text).
The ``"csv"`` and ``"json"`` formats are accepted here so one ``--formats`` option covers all
outputs, but they add nothing beyond those files.

Charts. ``"charts"`` writes PNG and SVG files into ``<out_dir>/charts/`` (A4 width), and with
``"pptx"`` also 16:9 slide versions into ``<out_dir>/charts/slide/``. The Word, PowerPoint
and HTML reports embed PNG charts; when one of them is asked for without ``"charts"``, the PNGs
are rendered into a temporary folder that is deleted once the reports are written, so the run
folder holds only what was asked for.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from planmodel.results import Results

__all__ = ["DEFAULT_FORMATS", "FILE_NAMES", "FORMATS", "parse_formats", "write_reports"]

FORMATS: frozenset[str] = frozenset({"charts", "md", "csv", "json", "xlsx", "docx", "pptx", "html"})
"""Every format ``--formats`` accepts."""
DEFAULT_FORMATS: frozenset[str] = frozenset({"charts", "md", "xlsx"})
"""Formats written when the user does not say."""
FILE_NAMES: dict[str, str] = {
    "md": "summary.md",
    "xlsx": "results.xlsx",
    "docx": "briefing.docx",
    "pptx": "slides.pptx",
    "html": "report.html",
}
"""File written for each document format (``charts`` is the ``charts/`` folder)."""
CHARTS_DIR = "charts"
_NEEDS_CHARTS = frozenset({"docx", "pptx", "html"})


def parse_formats(text: str) -> frozenset[str]:
    """Parse a ``--formats`` value: comma-separated names, ``all`` for every format.

    Names are case-insensitive and may be separated by spaces too; an empty value means
    :data:`DEFAULT_FORMATS`.

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
            out |= FORMATS
        elif name in FORMATS:
            out.add(name)
        else:
            valid = ", ".join(sorted(FORMATS))
            raise ValueError(f"unknown format {name!r}; valid formats: {valid}, or all")
    return frozenset(out)


def _render(results: Results, folder: Path, lang: str, formats: tuple[str, ...], size: str) -> Any:
    from planmodel.report.charts import render_charts  # matplotlib only when charts are drawn

    folder.mkdir(parents=True, exist_ok=True)
    return render_charts(results, folder, lang=lang, formats=formats, size=size)


def _write_documents(
    results: Results,
    manifest: Mapping[str, Any],
    out_dir: Path,
    formats: frozenset[str],
    charts: Mapping[str, Sequence[Path]],
    slides: Mapping[str, Sequence[Path]],
    lang: str,
) -> list[Path]:
    written: list[Path] = []
    if "md" in formats:
        from planmodel.report.tables import summary_markdown

        path = out_dir / FILE_NAMES["md"]
        path.write_text(summary_markdown(results, manifest, lang), encoding="utf-8")
        written.append(path)
    if "xlsx" in formats:
        from planmodel.report.xlsx import write_xlsx

        written.append(write_xlsx(results, manifest, out_dir / FILE_NAMES["xlsx"], lang))
    if "docx" in formats:
        from planmodel.report.docx import write_docx

        written.append(write_docx(results, manifest, charts, out_dir / FILE_NAMES["docx"], lang))
    if "pptx" in formats:
        from planmodel.report.pptx import write_pptx

        deck_charts = slides or charts
        written.append(write_pptx(results, manifest, deck_charts, out_dir / FILE_NAMES["pptx"], lang))
    if "html" in formats:
        from planmodel.report.html import write_html

        written.append(write_html(results, manifest, charts, out_dir / FILE_NAMES["html"], lang))
    return written


def write_reports(
    results: Results,
    manifest: Mapping[str, Any],
    out_dir: Path,
    formats: frozenset[str],
    lang: str = "zh",
) -> list[Path]:
    """Write the requested reports into ``out_dir`` (an existing folder owned by the caller).

    Parameters
    ----------
    results
        A run's results.
    manifest
        The run manifest (scenario hash, seed, draws, version …), shown in the reports.
    out_dir
        The folder to write into; it must exist.
    formats
        A subset of :data:`FORMATS` (see :func:`parse_formats`).
    lang
        ``"zh"`` or ``"en"``.

    Returns
    -------
    list of pathlib.Path
        Files written: chart files under ``charts/`` (if asked), then ``summary.md``,
        ``results.xlsx``, ``briefing.docx``, ``slides.pptx``, ``report.html`` as asked.

    Raises
    ------
    ValueError
        For an unknown format or language.
    FileNotFoundError
        If ``out_dir`` does not exist.
    """
    unknown = set(formats) - FORMATS
    if unknown:
        raise ValueError(f"unknown formats {sorted(unknown)}; valid: {', '.join(sorted(FORMATS))}")
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise FileNotFoundError(f"output folder does not exist: {out_dir}")
    keep = "charts" in formats
    kinds = ("png", "svg") if keep else ("png",)
    with tempfile.TemporaryDirectory(prefix="planmodel-charts-") as tmp:
        base = out_dir / CHARTS_DIR if keep else Path(tmp)
        charts: Mapping[str, Sequence[Path]] = {}
        slides: Mapping[str, Sequence[Path]] = {}
        if keep or formats & _NEEDS_CHARTS:
            charts = _render(results, base, lang, kinds, "a4")
        if "pptx" in formats:  # 16:9 charts with larger text for the deck
            slides = _render(results, base / "slide", lang, kinds, "slide")
        written = sorted({Path(p) for c in (charts, slides) for ps in c.values() for p in ps}) if keep else []
        return written + _write_documents(results, manifest, out_dir, formats, charts, slides, lang)
