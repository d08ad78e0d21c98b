"""``briefing.docx``: the 专报 — title block, 总体判断, 红黄绿 overview, key targets, risks, appendix.

Lays out the briefing; computes nothing. Charts are PNG files drawn for A4 (16 cm, the text width),
placed at their own size so their fonts print at the size they were drawn (≥ 8 pt).

Pages: the first page is the title block and 总体判断 (paragraphs and counts by status); the
overview table has landscape pages of its own; the dashboards (as many as the deck has, since a
long list is cut for the slides) open the portrait pages that follow, and 三、重点目标 continues
on the same page. Placed on the first page instead, a dashboard that did not fit there stood
alone on a page before the landscape break, leaving most of that page empty. For the same reason
附表 follows 风险与提示 without a page break; only a change of orientation starts a page.

Library: python-docx. Chinese runs name an East-Asian font (``w:eastAsia``), because Word picks the
font of CJK characters from that attribute alone: body 仿宋, headings 黑体, tables 宋体 (present on
every Chinese Windows; LibreOffice substitutes an installed CJK font).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from planmodel.report import i18n
from planmodel.report.content import CHART_WIDTH_CM, Briefing, ChartKey
from planmodel.report.rows import COLOURS, overview_cells, overview_header
from planmodel.report.writers.docparts import (
    FONTS,
    Pictures,
    add_paragraph,
    add_run,
    new_table,
    run_prototype,
    set_fonts,
    shade,
    style_id,
)
from planmodel.report.writers.package import save_docx

__all__ = ["midterm_table_docx", "preload", "write_docx"]

_SHADES = {"green": "D9F2E6", "amber": "FCEBC5", "red": "F8D5C8"}
_OVERVIEW_CM = (4.7, 3.3, 2.0, 2.6, 2.5, 2.1, 2.7, 2.6, 2.2)
"""Overview columns on a landscape page (24.7 cm of text width)."""
_MIDTERM_CM = (4.6, 1.3, 2.6, 2.9, 3.3, 1.5, 1.5, 2.3, 3.5, 1.2)
"""Mid-term table columns on a landscape page (24.7 cm)."""
_COUNTS_CM = (4.0, 2.5)
_ASSUMPTIONS_CM = (2.3, 1.8, 1.7, 3.2, 4.6, 2.4)
_CORRELATIONS_CM = (6.5, 6.5, 3.0)
_SOURCES_CM = (3.4, 4.2, 1.6, 6.8)
_RUN_CM = (4.5, 11.5)
_TABLE_WIDTHS = (
    _OVERVIEW_CM, _MIDTERM_CM, _COUNTS_CM, _ASSUMPTIONS_CM, _CORRELATIONS_CM, _SOURCES_CM, _RUN_CM
)
"""Every table's columns (cm): :func:`preload` makes each table once."""


def _setup(doc: DocumentObject, lang: str) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.3)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    set_fonts(normal.element.get_or_add_rPr(), FONTS["body"])
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.3
    for name, size in (("Title", 20), ("Heading 1", 15), ("Heading 2", 13)):
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
        style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(6)
        set_fonts(style.element.get_or_add_rPr(), FONTS["heading"])
    doc.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if lang == "zh":
        tag = OxmlElement("w:lang")
        tag.set(qn("w:eastAsia"), "zh-CN")
        normal.element.get_or_add_rPr().append(tag)


def _heading(doc: DocumentObject, text: str, level: int = 1) -> None:
    add_run(add_paragraph(doc, f"Heading {level}"), text, "heading")


def _para(doc: DocumentObject, text: str, size: float | None = None, indent: bool = True) -> None:
    add_run(add_paragraph(doc, indent=indent), text, size=size)


def _table(
    doc: DocumentObject,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    size: float = 9.0,
    shades: Sequence[str | None] = (),
    shade_column: int = -1,
) -> None:
    rows_ = new_table(doc, widths)
    for tc in rows_.add(header, "heading", size):
        shade(tc, "EEF3F8")
    for i, row in enumerate(rows):
        cells = rows_.add(row, "table", size)
        if i < len(shades) and shades[i]:
            shade(cells[shade_column], _SHADES[shades[i]])  # type: ignore[index]
    header_row = rows_.tbl.tr_lst[0].get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_row.append(repeat)


def _picture(doc: DocumentObject, pictures: Pictures, path: Path) -> None:
    run = OxmlElement("w:r")  # what ``paragraph.addadd_run()`` adds
    add_paragraph(doc, centred=True).append(run)
    pictures.add(run, path, Cm(CHART_WIDTH_CM))


def _section(doc: DocumentObject, landscape: bool) -> None:
    """Start a new page in portrait or landscape (the overview table needs the width)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Cm(29.7), Cm(21.0)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = (Cm(2.0), Cm(2.0)) if landscape else (Cm(2.5), Cm(2.3))


def _title_block(doc: DocumentObject, b: Briefing) -> None:
    lang = b.lang
    add_run(add_paragraph(doc, "Title"), b.title, "heading")
    items = [i18n.text("doc_issuer", lang, issuer=b.issuer)] if b.issuer else []
    items += [i18n.text("doc_date", lang, date=b.date), b.cutoff]
    meta = "　　".join(items) if lang == "zh" else "    ".join(items)
    add_run(add_paragraph(doc, centred=True), meta, size=10.5)
    add_run(add_paragraph(doc, centred=True), b.calibration, size=10.5)


def _overview(doc: DocumentObject, b: Briefing) -> None:
    lang = b.lang
    header = overview_header(lang)
    header = [header[0], *header[2:8], header[8], header[10]]  # the year is in the name; one cell for p
    rows = []
    for r in b.rows:
        cells = overview_cells(r)
        prob = r.probability.text if r.settled else f"{r.probability.text}\n{r.interval.text}"
        rows.append([cells[0], *cells[2:8], prob, cells[10]])
    _table(doc, header, rows, _OVERVIEW_CM, 9.0, [r.colour for r in b.rows])
    _para(doc, i18n.text("overview_note", lang), size=9, indent=False)


def write_docx(b: Briefing, charts: Mapping[ChartKey, Path], path: Path) -> Path:
    """Write the Word briefing; ``charts`` are the A4 PNG files by chart key. Returns ``path``."""
    lang = b.lang
    t = lambda key, **kw: i18n.text(key, lang, **kw)  # noqa: E731
    doc = Document()
    _setup(doc, lang)
    pictures = Pictures(doc)
    doc.core_properties.title = b.title
    doc.core_properties.author = b.issuer or "planmodel"
    _title_block(doc, b)
    _heading(doc, t("h_summary"))
    for paragraph in b.summary:
        _para(doc, paragraph)
    counts = [[text, str(n)] for _, text, n in b.counts]
    _table(doc, [t("col_status"), t("col_count")], counts, _COUNTS_CM, 10.5,
           [COLOURS[code] for code, _, _ in b.counts], shade_column=0)  # fmt: skip
    _section(doc, landscape=True)
    _heading(doc, t("h_overview"))
    _overview(doc, b)
    _section(doc, landscape=False)
    for key in b.dashboards:  # the overview as a picture; the key targets follow on the same page
        if key in charts:
            _picture(doc, pictures, charts[key])
    _heading(doc, t("h_sections"))
    for n, s in enumerate(b.sections, start=1):
        number = i18n.text("section_title", lang, n=_chinese_number(n) if lang == "zh" else n, name=s.title)
        _heading(doc, number, 2)
        for paragraph in s.paragraphs:
            _para(doc, paragraph)
        for key in s.charts:
            if key in charts:
                _picture(doc, pictures, charts[key])
    _heading(doc, t("h_risks"))
    for i, risk in enumerate(b.risks or (t("no_risks"),), start=1):
        _para(doc, f"{i}. {risk}" if b.risks else risk)
    for view in b.tornadoes:  # run --sensitivity
        if ("tornado", view.target) in charts:
            _picture(doc, pictures, charts[("tornado", view.target)])
    _heading(doc, t("h_appendix"))  # runs on: a page break here left most of a page empty
    _appendix(doc, b)
    if b.midterm is not None:  # run --progress-table: 附表6 on a landscape page
        _section(doc, landscape=True)
        _heading(doc, t("a_midterm"), 2)
        midterm_table_docx(doc, b.midterm)
    save_docx(doc, Path(path))
    return Path(path)


def _appendix(doc: DocumentObject, b: Briefing) -> None:
    lang = b.lang
    t = lambda key: i18n.text(key, lang)  # noqa: E731
    _heading(doc, t("a_assumptions"), 2)
    rows = [[a.indicator, a.variable, a.years, a.setting, a.reason, a.source] for a in b.assumptions]
    keys = ("col_indicator", "col_variable", "col_years", "col_setting", "col_reason", "col_source")
    _table(doc, [t(k) for k in keys], rows, _ASSUMPTIONS_CM, 8.5)
    _heading(doc, t("a_correlations"), 2)
    if b.correlations:
        _table(doc, [t("col_first"), t("col_second"), t("col_rho")], b.correlations, _CORRELATIONS_CM, 9)
    else:
        _para(doc, t("no_correlations"), indent=False)
    _heading(doc, t("a_sources"), 2)
    rows = [[s.subject, s.document, s.where, s.quote] for s in b.sources]
    _table(
        doc,
        [t("col_subject"), t("col_document"), t("col_where"), t("col_quote")],
        rows,
        _SOURCES_CM,
        8.5,
    )
    _heading(doc, t("a_methods"), 2)
    for paragraph in b.methods:
        _para(doc, paragraph, size=10.5)
    _heading(doc, t("a_run"), 2)
    _table(doc, [t("col_item"), t("col_value")], [list(r) for r in b.run_info], _RUN_CM, 9)


def midterm_table_docx(doc: DocumentObject, view: Any) -> None:
    """Lay out the mid-term table (a :class:`~planmodel.report.midterm.MidtermView`) and its rule.

    On a landscape page, the same in ``progress.docx`` and in the briefing's 附表6.
    """
    shades = ["red" if warning else None for warning in view.warnings]
    _table(doc, view.header, view.rows, _MIDTERM_CM, size=8.5, shades=shades, shade_column=9)
    _para(doc, view.rule, size=9, indent=False)


_DIGITS = "零一二三四五六七八九十"


def _chinese_number(n: int) -> str:
    """一, 二, … 十, 十一 … 九十九 (section numbers)."""
    if n <= 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + ("" if ones == 0 else _DIGITS[ones])


def preload() -> None:
    """Get a process ready to write Word files: what its first one would otherwise pay.

    Makes the run of every font and size the writer uses and every table (:data:`_TABLE_WIDTHS`),
    looks up the style ids, and writes a small document into memory, so that python-docx's
    template, lxml's element classes and the caches here are loaded. Meant for the report workers' fork server
    (:mod:`planmodel.report.warm`): every worker forked afterwards starts with them.
    """
    for font in FONTS:
        for size in (None, 8.5, 9.0, 10.5):
            run_prototype(font, size, False)
    doc = Document()
    _setup(doc, "zh")
    for name in ("Title", "Heading 1", "Heading 2", "Table Grid"):
        style_id(doc, name)
    add_run(add_paragraph(doc, "Title"), "大冶", "heading")
    add_run(add_paragraph(doc, centred=True), "2026年", size=10.5)
    for level in (1, 2):
        _heading(doc, "大冶", level)
    _para(doc, "大冶 2026年")
    _para(doc, "大冶", size=9, indent=False)
    _table(doc, ["目标", "概率"], [["地区生产总值", "约为27%"]], _COUNTS_CM, 9.0, ["green"])
    for widths in _TABLE_WIDTHS:
        new_table(doc, widths)
    _section(doc, landscape=True)
    save_docx(doc, io.BytesIO())
