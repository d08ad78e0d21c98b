"""Word and PowerPoint files: pictures stored in the zip, everything else as the libraries write it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import numpy as np
import pptx
import pytest
from docx.shared import Cm as DocxCm
from PIL import Image
from pptx.util import Cm as PptxCm

from planmodel.report.writers.package import STORED_EXTENSIONS, save_docx, save_pptx


@pytest.fixture(scope="module")
def png(tmp_path_factory) -> Path:
    """A noisy PNG (deflate cannot shrink it much, as with a chart saved by matplotlib)."""
    path = tmp_path_factory.mktemp("media") / "chart.png"
    pixels = np.random.default_rng(3).integers(0, 256, size=(120, 200, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(path)
    return path


def _deck(png: Path):
    prs = pptx.Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    slide.shapes.add_textbox(PptxCm(1), PptxCm(1), PptxCm(10), PptxCm(2)).text_frame.text = "大冶 2026年"
    slide.shapes.add_picture(str(png), PptxCm(1), PptxCm(4), PptxCm(8))
    slide.notes_slide.notes_text_frame.text = "备注"
    return prs


def _document(png: Path):
    doc = docx.Document()
    doc.add_paragraph("大冶 2026年")
    doc.add_paragraph().add_run().add_picture(str(png), width=DocxCm(8))
    return doc


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None  # every member's CRC checks
        return [(i.filename, z.read(i)) for i in z.infolist()]


@pytest.mark.parametrize("kind", ["pptx", "docx"])
def test_media_are_stored_and_everything_else_is_as_the_library_writes_it(kind, png, tmp_path):
    make, save = (_deck, save_pptx) if kind == "pptx" else (_document, save_docx)
    ours = tmp_path / f"ours.{kind}"
    save(make(png), ours)
    theirs = tmp_path / f"theirs.{kind}"
    make(png).save(str(theirs))
    mine, library = _members(ours.read_bytes()), _members(theirs.read_bytes())
    strip = lambda members: [(n, b) for n, b in members if not n.endswith("core.xml")]  # noqa: E731
    assert strip(mine) == strip(library)  # same members, same order, same bytes (core.xml: a timestamp)
    with zipfile.ZipFile(ours) as z:
        kinds = {i.filename: i.compress_type for i in z.infolist()}
    media = [n for n in kinds if n.rpartition(".")[2] in STORED_EXTENSIONS]
    assert media and all(kinds[n] == zipfile.ZIP_STORED for n in media)
    assert all(kinds[n] == zipfile.ZIP_DEFLATED for n in kinds if n not in media)
    assert dict(mine)[media[0]] == png.read_bytes()


def test_the_saved_files_read_back(png, tmp_path):
    save_pptx(_deck(png), tmp_path / "s.pptx")
    prs = pptx.Presentation(str(tmp_path / "s.pptx"))
    shapes = list(prs.slides[0].shapes)
    assert shapes[0].text_frame.text == "大冶 2026年"
    assert shapes[1].image.blob == png.read_bytes()
    assert prs.slides[0].notes_slide.notes_text_frame.text == "备注"
    save_docx(_document(png), tmp_path / "d.docx")
    doc = docx.Document(str(tmp_path / "d.docx"))
    assert doc.paragraphs[0].text == "大冶 2026年"
    assert doc.inline_shapes[0].width == DocxCm(8)
    assert [p.blob for p in doc.part.package.image_parts] == [png.read_bytes()]
