"""The Word briefing (``briefing.docx``): findings, charts, tables, price-basis note, run manifest.

Owns the layout of the Word document. Text comes from :mod:`planmodel.report.sentences` and
:mod:`planmodel.report.tables`; charts are PNG files rendered beforehand (``render_charts``).

Library: python-docx (the only maintained pure-Python writer of ``.docx``). Chinese text is
given an East-Asian font (``w:eastAsia``) on the styles and on every run, because Word picks the
font of CJK characters from that attribute alone; without it Word may show Chinese in a Latin
font's fallback. Body text is 宋体 and headings 黑体 (present on every Chinese Windows and mapped
by Word for Mac); where neither exists, Word and LibreOffice substitute an installed CJK font
(for example Noto Sans/Serif CJK SC).

A4 portrait with 2.5 cm side margins leaves exactly 16 cm for text, the width of every image.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from planmodel.report.pptx import png_charts
from planmodel.report.sentences import findings, format_threshold
from planmodel.report.tables import (
    assumptions_frame,
    interval_text,
    required_text,
    run_info_frame,
    run_line,
)
from planmodel.results import Results

__all__ = ["BODY_FONT", "HEADING_FONT", "IMAGE_WIDTH_CM", "LATIN_FONT", "write_docx"]

BODY_FONT = "宋体"
"""East-Asian font of body text and tables."""
HEADING_FONT = "黑体"
"""East-Asian font of the title and headings."""
LATIN_FONT = "Times New Roman"
"""Font of Latin letters and digits."""
IMAGE_WIDTH_CM = 16.0
"""Width of every chart (the text width of A4 with 2.5 cm margins)."""

_TEXT = {
    "zh": {
        "findings": "一、主要结论",
        "dashboard": "二、目标实现概率总览",
        "fans": "三、主要指标预测区间",
        "targets": "四、目标一览",
        "assumptions": "五、主要假设",
        "run": "六、运行信息",
        "target_header": [
            "目标", "年份", "目标值", "实现概率", "95%区间", "中位数", "所需年均增速",
        ],
        "assumption_header": ["指标", "假设变量", "年份", "设定", "理由", "来源"],
        "basis_note": (
            "注：总量为现价，增速为可比价；名义=实际×价格，即名义增长=(1+可比价增长)×(1+价格变动)−1。"
            "实现概率为模拟中实现目标的比例，区间为Wilson 95%置信区间（蒙特卡洛误差）；"
            "所需年均增速按目标口径（总量目标为名义）计算。"
        ),
        "determined": "已确定",
    },
    "en": {
        "findings": "1. Findings",
        "dashboard": "2. Probability of each target",
        "fans": "3. Projected ranges of the main indicators",
        "targets": "4. Targets",
        "assumptions": "5. Assumptions",
        "run": "6. Run",
        "target_header": [
            "Target", "Year", "Threshold", "Prob.", "95% interval", "Median", "Req. growth",
        ],
        "assumption_header": ["Indicator", "Variable", "Years", "Setting", "Reason", "Source"],
        "basis_note": (
            "Note: totals are at current prices, growth rates at comparable prices; nominal = real "
            "× prices, i.e. nominal growth = (1 + real growth) × (1 + price change) − 1. A "
            "probability is the share of draws meeting the target with its Wilson 95% interval "
            "(Monte Carlo error); required growth is on the target's basis (nominal for totals)."
        ),
        "determined": "settled",
    },
}  # fmt: skip

_TARGET_WIDTHS_CM = {
    "zh": (3.6, 1.3, 2.0, 2.2, 3.3, 2.0, 1.6),
    "en": (3.1, 1.3, 2.3, 2.2, 3.3, 2.0, 1.8),
}
_ASSUMPTION_WIDTHS_CM = (2.2, 2.2, 2.0, 3.6, 3.6, 2.4)


# --------------------------------------------------------------------------------------------
# Fonts
# --------------------------------------------------------------------------------------------


def _set_fonts(rpr: Any, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Name the Latin and East-Asian fonts on a ``w:rPr``; drop theme fonts that override them."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


def _run_fonts(run: Run, east_asian: str = BODY_FONT) -> Run:
    _set_fonts(run._element.get_or_add_rPr(), east_asian)
    return run


def _style_document(doc: DocumentObject, lang: str) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(11)
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.25
    for name, size in (("Title", 20), ("Heading 1", 15), ("Heading 2", 13)):
        style = styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0x22, 0x22, 0x22)
        _set_fonts(style.element.get_or_add_rPr(), HEADING_FONT)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if lang == "zh":
        # Word's language tag for CJK text (line breaking, proofing).
        lang_el = OxmlElement("w:lang")
        lang_el.set(qn("w:eastAsia"), "zh-CN")
        normal.element.get_or_add_rPr().append(lang_el)


# --------------------------------------------------------------------------------------------
# Blocks
# --------------------------------------------------------------------------------------------


def _heading(doc: DocumentObject, text: str, level: int = 1) -> None:
    p = doc.add_heading(level=level)
    _run_fonts(p.add_run(text), HEADING_FONT)


def _paragraph(
    doc: DocumentObject, text: str, size: float | None = None, style: str | None = None
) -> Paragraph:
    p = doc.add_paragraph(style=style)
    run = _run_fonts(p.add_run(text))
    if size is not None:
        run.font.size = Pt(size)
    return p


def _picture(doc: DocumentObject, path: Path, caption: str | None = None) -> None:
    doc.add_picture(str(path), width=Cm(IMAGE_WIDTH_CM))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if caption:
        p = _paragraph(doc, caption, size=9)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _repeat_header(table: Table) -> None:
    """Repeat the header row at the top of each page the table runs onto."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _table(
    doc: DocumentObject,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_cm: Sequence[float],
    size: float = 9,
) -> Table:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        run = _run_fonts(cell.paragraphs[0].add_run(text), HEADING_FONT)
        run.font.size = Pt(size)
        run.font.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            run = _run_fonts(cell.paragraphs[0].add_run(text))
            run.font.size = Pt(size)
    for column, w in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(w)  # w:gridCol, which LibreOffice follows
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm, strict=True):  # w:tcW, which Word follows
            cell.width = Cm(w)
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)
            cell.paragraphs[0].paragraph_format.line_spacing = 1.0
    _repeat_header(table)
    return table


def _measured(t: Any, x: float | None) -> str:
    if x is None:
        return ""
    if t.measure in ("growth", "avg_growth"):
        return f"{100 * x:.2f}%"
    return f"{x:,.2f}"


def target_rows(results: Results, lang: str) -> list[list[str]]:
    """List the rows of the briefing's target table (exact numbers at 0.01 precision).

    Shared by the Word and HTML reports so both show the same table.
    """
    rows = []
    for t in results.targets:
        interval = interval_text(t)
        required = required_text(t)
        if t.determined:
            required = _TEXT[lang]["determined"]
        rows.append(
            [
                t.name,
                str(t.year),
                format_threshold(t, lang),
                t.display.replace(" ", "\u00a0"),  # keep "> 99.975%" on one line
                interval,
                _measured(t, t.median),
                required,
            ]
        )
    return rows


def assumption_rows(results: Results, lang: str) -> list[list[str]]:
    """List the rows of the assumptions table (label, variable, years, setting, reason, source)."""
    frame = assumptions_frame(results, "en")
    keys = ("label", "variable", "years", "description", "reason", "source")
    return [
        ["" if row[k] is None or row[k] != row[k] else str(row[k]) for k in keys]
        for row in frame.to_dict("records")
    ]


def write_docx(
    results: Results,
    manifest: Mapping[str, Any],
    charts: Mapping[str, Sequence[Path]],
    path: Path,
    lang: str = "zh",
) -> Path:
    """Write the Word briefing.

    Parameters
    ----------
    results
        A run's results.
    manifest
        The run manifest (scenario hash, seed, draws, version …), listed at the end.
    charts
        ``render_charts`` output; the ``.png`` files of ``"dashboard"`` and ``"fan"`` are
        embedded at 16 cm width (missing keys are skipped).
    path
        The ``.docx`` file to write.
    lang
        ``"zh"`` or ``"en"``.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    if lang not in _TEXT:
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    text = _TEXT[lang]
    doc = Document()
    _style_document(doc, lang)
    doc.core_properties.title = results.scenario
    doc.core_properties.author = "planmodel"

    title = doc.add_paragraph(style="Title")
    _run_fonts(title.add_run(results.scenario), HEADING_FONT)
    sub = _paragraph(doc, (results.region or "") + "　" + run_line(results, manifest, lang), 9)
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER

    _heading(doc, text["findings"])
    for sentence in findings(results, lang):
        _paragraph(doc, sentence, style="List Bullet")

    dashboard = png_charts(charts, "dashboard")
    if dashboard:
        _heading(doc, text["dashboard"])
        for p in dashboard:
            _picture(doc, p)

    fans = png_charts(charts, "fan")
    if fans:
        _heading(doc, text["fans"])
        for p in fans:
            _picture(doc, p)

    _heading(doc, text["targets"])
    _table(doc, text["target_header"], target_rows(results, lang), _TARGET_WIDTHS_CM[lang])
    _paragraph(doc, text["basis_note"], size=9)

    if results.assumptions:
        _heading(doc, text["assumptions"])
        rows = assumption_rows(results, lang)
        _table(doc, text["assumption_header"], rows, _ASSUMPTION_WIDTHS_CM)
    for note in results.notes:
        _paragraph(doc, note, size=9)

    _heading(doc, text["run"])
    info = run_info_frame(manifest, lang)
    _table(doc, list(info.columns), info.astype(str).values.tolist(), (4.5, 11.5))
    _paragraph(doc, run_line(results, manifest, lang), size=9)

    path = Path(path)
    doc.save(str(path))
    return path
