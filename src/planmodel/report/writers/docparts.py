"""Pieces of a Word document made on their XML elements, as python-docx makes them, without its searches.

python-docx's proxy objects and property setters search an element's children (or, for styles
and shape ids, the whole style sheet or document) on every call: for the hundreds of runs,
paragraphs and table cells of a briefing that was most of the Word file's writing. Here each
kind of run, paragraph and table is made once through python-docx's own setters and copied
(:func:`run_prototype`, :func:`paragraph_prototype`, :func:`new_table`), and pictures are added
keeping their hashes and the last shape id (:class:`Pictures`). The XML comes out the same as
python-docx's (``tests/test_office_parts.py`` compares each with the library's own way).

``Run.add_picture`` looks for an identical picture by hashing every picture already in the
document again (quadratic in their number), and numbers the new shape by an XPath search of the
whole document for ``@id`` attributes; :class:`Pictures` keeps the hashes and the last shape id:
the n-th distinct picture is ``word/media/image{n}.png`` and each shape id is one more than the
last, as python-docx makes them in a document started from its default template (which has no
pictures).
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from functools import cache
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.shared import Cm, Length, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

__all__ = [
    "FONTS",
    "LATIN",
    "Pictures",
    "Rows",
    "add_paragraph",
    "add_run",
    "new_table",
    "paragraph_prototype",
    "run_prototype",
    "set_fonts",
    "shade",
    "style_id",
]

_TC = qn("w:tc")

FONTS = {"body": "仿宋", "heading": "黑体", "table": "宋体"}
LATIN = "Times New Roman"


def set_fonts(rpr: Any, east_asian: str) -> None:
    """Name :data:`LATIN` for Latin text and ``east_asian`` for CJK text in the run properties ``rpr``."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


@cache
def run_prototype(font: str, size: float | None, bold: bool) -> Any:
    """An empty run (``w:r`` and its ``w:rPr``) in ``font`` (a :data:`FONTS` key), ``size`` and weight.

    Made once through python-docx on a scratch run; every run of a document is a copy
    (:func:`add_run`). Setting fonts, size and weight through the property setters for each of
    hundreds of runs searches the run's children each time and was most of the writer's time;
    ``Paragraph.add_run`` adds a proxy object and a search of its own. Never modified.
    """
    run = Run(OxmlElement("w:r"), None)  # type: ignore[arg-type]
    set_fonts(run._element.get_or_add_rPr(), FONTS[font])
    if size is not None:
        run.font.size = Pt(size)
    run.font.bold = bold or None
    return run._element


_T, _SPACE = qn("w:t"), qn("xml:space")


def add_run(p: Any, text: str, font: str = "body", size: float | None = None, bold: bool = False) -> None:
    """Append a run of ``text`` to the paragraph element ``p`` (the XML ``Paragraph.add_run`` makes)."""
    r = deepcopy(run_prototype(font, size, bold))
    p.append(r)  # where ``CT_P.add_r`` puts it: runs come last in a paragraph
    if any(c in text for c in "\t\r\n"):
        r.text = text  # python-docx's setter turns tabs and breaks into elements
    elif text:  # what ``CT_R.add_t`` writes
        t = r.makeelement(_T)
        t.text = text
        if len(text.strip()) < len(text):
            t.set(_SPACE, "preserve")
        r.append(t)


_STYLE_IDS: dict[str, str] = {}


def style_id(doc: DocumentObject, name: str) -> str:
    """The id of the style called ``name``, looked up once per process.

    Every document here starts from python-docx's default template, so a name always has the same
    id; a lookup by name is an XPath search of the whole style sheet.
    """
    if name not in _STYLE_IDS:
        _STYLE_IDS[name] = doc.styles[name].style_id
    return _STYLE_IDS[name]


@cache
def paragraph_prototype(style_id: str | None, indent: bool, centred: bool) -> Any:
    """An empty paragraph (``w:p``): in the style ``style_id``, first line indented, centred.

    Made once through python-docx's setters on a scratch paragraph; every paragraph of a document
    is a copy (:func:`add_paragraph`). ``add_paragraph(style=name)`` looks the style up by name on
    every call (an XPath search of the style sheet), and each setter searches the paragraph's
    properties for its element. Never modified.
    """
    paragraph = Paragraph(OxmlElement("w:p"), None)  # type: ignore[arg-type]
    if style_id is not None:
        paragraph._p.style = style_id
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(24)
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph._p


def add_paragraph(
    doc: DocumentObject, style: str | None = None, indent: bool = False, centred: bool = False
) -> Any:
    """Append a new paragraph to the document's body, as ``doc.add_paragraph`` does; its ``w:p``."""
    p = deepcopy(paragraph_prototype(style_id(doc, style) if style else None, indent, centred))
    doc.element.body._insert_p(p)  # before the body's last section properties
    return p


def shade(tc: Any, colour: str) -> None:
    """Fill the table cell element ``tc`` with ``colour``."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    tc.get_or_add_tcPr().append(shading)




class Rows:
    """Adds rows to a table by copying one blank row made through python-docx (:func:`new_table`).

    The blank row carries every cell's width (from the table's columns) and its paragraph's
    spacing. Setting those through the property setters cell by cell searched each cell's children
    per property; a copy carries them at once and gives the same XML. Rows are filled on their
    elements (each blank cell ends with its one paragraph), without cell and paragraph proxies.
    """

    def __init__(self, tbl: Any, blank: Any, paragraph: Any) -> None:
        self.tbl, self.blank, self.paragraph = tbl, blank, paragraph

    def add(self, texts: Sequence[str], font: str, size: float) -> list[Any]:
        """Append a row with ``texts`` (a newline starts a new paragraph in the cell); its cells."""
        tr = deepcopy(self.blank)
        self.tbl.append(tr)
        cells = tr.findall(_TC)
        for tc, text in zip(cells, texts, strict=True):
            lines = str(text).split("\n")
            add_run(tc[-1], lines[0], font, size)  # the cell's paragraph
            for line in lines[1:]:
                p = deepcopy(self.paragraph)
                tc.append(p)
                add_run(p, line, font, size)
        return cells


_TABLES: dict[tuple[float, ...], tuple[Any, Any, Any]] = {}


def new_table(doc: DocumentObject, widths: Sequence[float]) -> Rows:
    """Append an empty table to the document's body; a :class:`Rows` to fill it.

    The table has columns ``widths`` (cm), is centred, in the Table Grid style and not autofitted;
    its rows do not break across pages.
    Made the first time through python-docx (``add_table``, then a blank row from ``add_row``
    with its paragraph spacing); the table, its blank row and a cell paragraph are kept by widths,
    once per process, and later tables of the same widths are copies (a document started from
    python-docx's template gets the same XML either way).
    """
    key = tuple(widths)
    made = _TABLES.get(key)
    if made is not None:
        tbl = deepcopy(made[0])
        doc.element.body._insert_tbl(tbl)  # where ``add_table`` puts it: before the section properties
        return Rows(tbl, made[1], made[2])
    table = doc.add_table(rows=0, cols=len(widths))
    table._tbl.tblStyle_val = style_id(doc, "Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, w in zip(table.columns, widths, strict=True):
        column.width = Cm(w)
    empty = deepcopy(table._tbl)
    row = table.add_row()
    paragraph = row.cells[0].paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    cell_paragraph = OxmlElement("w:p")  # what ``cell.add_paragraph()`` adds, with the spacing
    cell_paragraph.append(deepcopy(paragraph._p.pPr))
    for cell in row.cells[1:]:
        cell.paragraphs[0]._p.insert(0, deepcopy(paragraph._p.pPr))
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row is never cut by a page end
    table._tbl.remove(row._tr)
    _TABLES[key] = (empty, row._tr, cell_paragraph)
    return Rows(table._tbl, row._tr, cell_paragraph)


class Pictures:
    """Adds pictures to the body of the python-docx ``document``.

    Use one instance for every picture of a document, and add pictures only through it.
    """

    def __init__(self, document: Any) -> None:
        self.part = document.part
        self._parts: dict[str, ImagePart] = {}
        self._last_id: int | None = None

    def add(self, run: Any, path: Path, width: Length) -> None:
        """Put the image at ``path``, ``width`` wide, at the end of the run element ``run`` (``w:r``).

        As ``Run.add_picture`` does.
        """
        image = Image.from_file(str(path))
        part = self._parts.get(image.sha1)
        if part is None:
            name = PackURI(f"/word/media/image{len(self._parts) + 1}.{image.ext}")
            part = ImagePart.from_image(image, name)
            self.part.package.image_parts.append(part)  # python-docx's list of the document's pictures
            self._parts[image.sha1] = part
        image = part.image  # a picture seen before keeps its first file's name, as in python-docx
        rid = self.part.relate_to(part, RT.IMAGE)
        cx, cy = image.scaled_dimensions(width, None)
        self._last_id = self.part.next_id if self._last_id is None else self._last_id + 1
        run.add_drawing(CT_Inline.new_pic_inline(self._last_id, rid, image.filename, cx, cy))
