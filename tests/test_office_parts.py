"""The writers' shortcuts past python-docx/python-pptx searches make the XML the libraries make."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import numpy as np
import pptx
import pytest
from docx.shared import Cm as DocxCm
from docx.text.paragraph import Paragraph
from lxml import etree
from PIL import Image
from pptx.util import Cm as PptxCm

from planmodel.report.content import build_briefing
from planmodel.report.writers import docparts
from planmodel.report.writers import docx as word
from planmodel.report.writers import pptx as deck_writer
from planmodel.report.writers import xlsx as sheets
from planmodel.report.writers.deckparts import DeckParts
from planmodel.report.writers.docparts import Pictures

from synthetic_results import make_results


@pytest.fixture(scope="module")
def images(tmp_path_factory) -> list[Path]:
    """Two different PNGs and a copy of the first under another name."""
    folder = tmp_path_factory.mktemp("media")
    rng = np.random.default_rng(5)
    paths = []
    for name, shape in (("a.png", (60, 90, 3)), ("b.png", (80, 50, 3))):
        Image.fromarray(rng.integers(0, 256, size=shape, dtype=np.uint8)).save(folder / name)
        paths.append(folder / name)
    (folder / "a_again.png").write_bytes(paths[0].read_bytes())
    return [paths[0], paths[1], folder / "a_again.png", paths[1]]


def _parts(saveable) -> dict[str, bytes]:
    buffer = io.BytesIO()
    saveable.save(buffer)
    with zipfile.ZipFile(buffer) as z:
        return {n: z.read(n) for n in z.namelist() if not n.endswith("core.xml")}  # core.xml: the time


def _rule(slide):
    line = slide.shapes.add_connector(1, PptxCm(1), PptxCm(2.4), PptxCm(30), PptxCm(2.4))
    line.line.width = PptxCm(0.05)
    return line._element


def test_deck_parts_make_the_deck_python_pptx_makes(images):
    def build(shortcut: bool):
        prs = pptx.Presentation()
        deck = DeckParts(prs)
        for i, path in enumerate(images):
            slide = deck.slide() if shortcut else prs.slides.add_slide(prs.slide_layouts[6])
            slide.shapes.add_textbox(PptxCm(1), PptxCm(1), PptxCm(9), PptxCm(1)).text_frame.text = "标题"
            deck.copy_shape(slide, _rule) if shortcut else _rule(slide)
            left, top, width, height = PptxCm(1 + i), PptxCm(2), PptxCm(8), PptxCm(5)
            if shortcut:
                deck.picture(slide, deck.image(path), left, top, width, height)
            else:
                slide.shapes.add_picture(str(path), left, top, width, height)
            if i:  # notes on all but the first slide
                text = f"第{i}页备注\n第二段"
                if shortcut:
                    deck.notes(slide, text)
                else:
                    slide.notes_slide.notes_text_frame.text = text
        return prs

    ours, theirs = _parts(build(True)), _parts(build(False))
    assert ours == theirs
    assert sum(n.startswith("ppt/media/") for n in ours) == 2  # the copy of a.png is one part
    assert sum(n.startswith("ppt/notesSlides/notesSlide") for n in ours) == 3


def test_pictures_make_the_document_python_docx_makes(images):
    def build(shortcut: bool):
        doc = docx.Document()
        pictures = Pictures(doc)
        for path in images:
            doc.add_paragraph("图")
            run = doc.add_paragraph().add_run()
            if shortcut:
                pictures.add(run._r, path, DocxCm(6))
            else:
                run.add_picture(str(path), width=DocxCm(6))
        return doc

    ours, theirs = _parts(build(True)), _parts(build(False))
    assert ours == theirs
    assert sum(n.startswith("word/media/") for n in ours) == 2


@pytest.mark.parametrize("text", ["大冶 2026年", "  leading and trailing  ", "a\tb", "第一行\n第二行", ""])
@pytest.mark.parametrize("font, size, bold", [("body", None, False), ("table", 9.0, True)])
def test_a_run_is_the_run_python_docx_makes(text, font, size, bold):
    doc = docx.Document()
    ours, theirs = doc.add_paragraph(), doc.add_paragraph()
    docparts.add_run(ours._p, text, font, size, bold)
    run = Paragraph(theirs._p, None).add_run(text)  # python-docx's own way, then the look
    docparts.set_fonts(run._r.get_or_add_rPr(), docparts.FONTS[font])
    if size is not None:
        run.font.size = docx.shared.Pt(size)
    run.font.bold = bold or None
    assert etree.tostring(ours._p) == etree.tostring(theirs._p)


@pytest.mark.parametrize("pt", [14.0, 14.5, 17.0, 26.0, 40.0])
@pytest.mark.parametrize("bold", [True, False])
@pytest.mark.parametrize("colour", [deck_writer.INK, deck_writer.TRAFFIC["red"]])
def test_a_deck_run_is_the_run_python_pptx_setters_make(pt, bold, colour):
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls, qn
    from pptx.text.text import _Run
    from pptx.util import Pt

    run = _Run(parse_xml(f"<a:r {nsdecls('a')}><a:t/></a:r>"), None)
    run.font.size, run.font.bold, run.font.name = Pt(pt), bold, deck_writer.LATIN
    run.font.color.rgb = colour
    rpr = run._r.get_or_add_rPr()
    rpr.find(qn("a:latin")).addnext(rpr.makeelement(qn("a:ea"), {"typeface": deck_writer.EAST_ASIAN}))
    assert etree.tostring(deck_writer._run_prototype(pt, bold, colour)) == etree.tostring(run._r)


WRITERS = {"pptx": deck_writer.write_pptx, "docx": word.write_docx}


def test_preloading_changes_nothing_in_the_documents(tmp_path):
    b = build_briefing(make_results(), {"created_utc": "2026-11-28T10:00:00Z", "seed": 7}, "zh")
    results = make_results()
    before = {k: _parts_of(w(b, {}, tmp_path / f"a.{k}")) for k, w in WRITERS.items()}
    before["xlsx"] = _parts_of(sheets.write_xlsx(b, results, tmp_path / "a.xlsx"))
    deck_writer.preload()
    word.preload()
    sheets.preload()
    after = {k: _parts_of(w(b, {}, tmp_path / f"b.{k}")) for k, w in WRITERS.items()}
    after["xlsx"] = _parts_of(sheets.write_xlsx(b, results, tmp_path / "b.xlsx"))
    assert before == after


def _parts_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if not n.endswith("core.xml")}


@pytest.mark.parametrize("style, indent, centred", [(None, True, False), ("Heading 1", False, False),
                                                    ("Title", False, False), (None, False, True)])
def test_a_paragraph_is_the_paragraph_python_docx_makes(style, indent, centred):
    doc = docx.Document()
    ours = docparts.add_paragraph(doc, style, indent, centred)
    theirs = doc.add_paragraph(style=style)
    if indent:
        theirs.paragraph_format.first_line_indent = docx.shared.Pt(24)
    if centred:
        theirs.alignment = docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert etree.tostring(ours) == etree.tostring(theirs._p)
    assert doc.element.body.index(ours) == doc.element.body.index(theirs._p) - 1  # both before sectPr


def test_a_table_of_the_same_widths_is_a_copy_of_the_first():
    doc = docx.Document()
    widths = (3.3, 4.4, 5.5)  # widths no writer uses: the first table is made through python-docx
    tables = []
    for _ in range(2):
        rows = docparts.new_table(doc, widths)
        rows.add(["甲", "乙\n丙", " 丁 "], "table", 9.0)
        tables.append(rows.tbl)
    assert etree.tostring(tables[0]) == etree.tostring(tables[1])
    body = list(doc.element.body)
    assert body[-3:] == [*tables, doc.element.body.sectPr]
    got = [c.width for c in doc.tables[1].columns]  # stored in twips (635 EMU)
    assert got == pytest.approx([DocxCm(w) for w in widths], abs=635)
