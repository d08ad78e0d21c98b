"""Documents read back with the libraries that wrote them: xlsx, docx, pptx, html, and the bundle."""

from __future__ import annotations

import ast
import dataclasses
import itertools
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pptx
import pytest
from docx.oxml.ns import qn

from planmodel.report.bundle import ALL, DEFAULT_FORMATS, FORMATS, parse_formats, planned_files, write_bundle
from planmodel.report.content import build_briefing
from planmodel.report.writers import pptx as deck
from planmodel.report.writers import slidefit

from synthetic_results import make_results

MANIFEST = {
    "scenario_sha256": "3f2a9c" + "0" * 58,
    "seed": 7,
    "seed_entropy": "7",
    "draws": 4000,
    "version": "1.0.0",
    "created_utc": "2026-11-28T10:00:00Z",
    "scenario_file": "scenarios/x.yaml",
}
WRITERS = Path(__file__).resolve().parents[1] / "src" / "planmodel" / "report" / "writers"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bundle")
    out = write_bundle(make_results(), MANIFEST, folder, ALL | {"svg"}, "zh", workers=1)
    return folder, out


def test_writers_never_import_each_other():
    shared = {"__init__", "slidefit", "cells", "package", "deckparts", "docparts"}  # helpers, not writers
    writers = {p.stem for p in WRITERS.glob("*.py")} - shared
    for path in WRITERS.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        imported |= {
            f"{n.module}.{a.name}"
            for n in ast.walk(tree)
            if isinstance(n, ast.ImportFrom) and n.module
            for a in n.names
        }
        others = {f"planmodel.report.writers.{w}" for w in writers - {path.stem}}
        assert not imported & others, path.name


def test_the_bundle_writes_exactly_the_planned_files(written):
    folder, out = written
    on_disk = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert on_disk == [p.as_posix() for p in out.files]
    assert on_disk == planned_files(out.briefing, ALL | {"svg"})
    for name in (
        "results.json",
        "targets.csv",
        "percentiles.csv",
        "summary.md",
        "results.xlsx",
        "briefing.docx",
        "slides.pptx",
        "report.html",
        "charts/dashboard_1.png",
        "charts/dashboard_1.svg",
        "charts/fan_gdp.png",
    ):
        assert name in on_disk


def test_formats():
    assert parse_formats("all") == ALL and "svg" not in ALL  # SVG only when asked
    assert parse_formats("all,svg") == FORMATS
    assert parse_formats("md, xlsx") == {"md", "xlsx"} and parse_formats("") == DEFAULT_FORMATS
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        parse_formats("md,pdf")


def test_without_chart_files_the_documents_still_get_their_charts(tmp_path):
    out = write_bundle(make_results(), MANIFEST, tmp_path, frozenset({"html"}), "en", workers=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "percentiles.csv",
        "report.html",
        "results.json",
        "targets.csv",
    ]
    assert "data:image/png;base64," in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert out.briefing.lang == "en"


# ---- xlsx ------------------------------------------------------------------------------------


def test_xlsx_one_scale_per_column_and_print_setup(written, tmp_path):
    folder, out = written
    wb = openpyxl.load_workbook(folder / "results.xlsx")
    assert wb.sheetnames == ["目标", "分位数", "假设", "来源", "运行信息"]
    ws = wb["目标"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["目标", "年份", "目标类型", "单位"]
    col = {h: i + 1 for i, h in enumerate(header)}
    for i, row in enumerate(out.briefing.rows, start=2):
        p = ws.cell(i, col["实现概率"])
        if not row.settled:
            assert p.number_format.endswith("%") and 0 <= p.value <= 1
        latest = ws.cell(i, col["最新实际"])
        if isinstance(latest.value, float) and (row.unit == "%"):
            assert latest.number_format.endswith("%") and latest.value < 1.5  # shares as fractions
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    rules = ws.conditional_formatting
    assert any("已实现" in r.formula[0] for cf in rules for r in cf.rules)
    en = write_bundle(make_results(), MANIFEST, tmp_path, frozenset({"xlsx"}), "en", workers=1)
    wb = openpyxl.load_workbook(tmp_path / "results.xlsx")
    assert wb.sheetnames[0] == "Targets" and wb["Targets"]["A1"].value == "Target" and en


# ---- docx ------------------------------------------------------------------------------------


def test_docx_structure(written):
    folder, out = written
    d = docx.Document(str(folder / "briefing.docx"))
    text = [p.text for p in d.paragraphs]
    assert text[0] == out.briefing.title
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:4] == ["一、总体判断", "二、目标总览", "三、重点目标", "（一）经济总量突破1100亿元"]
    assert "四、风险与提示" in headings and "附表" in headings
    overview = d.tables[1]
    assert [r.cells[0].text for r in overview.rows[1:]] == [r.name for r in out.briefing.rows]
    assert len(d.inline_shapes) == len(out.briefing.charts)


def test_no_table_row_is_cut_by_a_page_end(written):
    # A row split over two pages left its last line alone at the top of a page (荷塘, English).
    folder, _ = written
    d = docx.Document(str(folder / "briefing.docx"))
    rows = [tr for table in d.tables for tr in table._tbl.tr_lst]
    assert rows and all(tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)


def test_docx_pages_break_only_where_the_orientation_changes(written):
    # Issue 6: a dashboard continuation stood alone on page 2 before the landscape overview, and
    # 附表 started a new page after two lines of risks; both left most of a page empty.
    folder, _ = written
    d = docx.Document(str(folder / "briefing.docx"))
    orientations = [s.orientation for s in d.sections]
    assert all(a != b for a, b in itertools.pairwise(orientations)), orientations
    body = list(d.element.body.iterchildren())
    overview = body.index(d.tables[1]._tbl)
    pictures = [i for i, e in enumerate(body) if e.xpath(".//pic:pic")]
    key_targets = body.index(next(p for p in d.paragraphs if p.text == "三、重点目标")._p)
    assert overview < pictures[0] < key_targets  # the dashboards open the pages after the overview


# ---- pptx ------------------------------------------------------------------------------------


def _boxes(prs):
    for n, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            yield n, shape


def test_no_slide_box_leaves_the_slide_and_no_text_leaves_its_box(written):
    # Issue 6: the last slide overflowed the page; slide chart text was 6–7 pt.
    folder, _ = written
    prs = pptx.Presentation(str(folder / "slides.pptx"))
    pictures = [s for _, s in _boxes(prs) if s.shape_type == 13]
    assert pictures and all(p.width.cm == pytest.approx(16.0 * 14 / 9, abs=0.01) for p in pictures)
    _boxes_fit(prs)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_calibrated_deck_still_fits(tmp_path, lang):
    # Issue 8: the first slide carries the (longer) statement of calibrated growth assumptions.
    results = dataclasses.replace(make_results(), calibration="outside_view", issuer="大冶市发展和改革局")
    b = build_briefing(results, {**MANIFEST, "outside_view": {"shift": -0.0074, "yearly_sd": 0.0192,
                                                                "trend_sd": 0.0053, "pairs": 192,
                                                                "years": [2011, 2025]}}, lang)  # fmt: skip
    _boxes_fit(pptx.Presentation(str(deck.write_pptx(b, {}, tmp_path / "s.pptx"))))


def test_a_narrow_cell_is_measured_as_a_renderer_wraps_it():
    # The mid-term table's 3 cm columns: LibreOffice set "300–360亿元（2025年）" on four lines
    # (300–360 / 亿元 / （2025 / 年）): a number or a year is not broken, nor a bracket parted from
    # its neighbour. Measured by width alone it took three, and the table ran off the slide.
    assert slidefit.lines("300–360亿元（2025年）", 3.0, 14) == 4
    assert slidefit.lines("1234567 1234567 1234567", 0.52 + 8 * 14 * slidefit.PT_CM, 14) == 3  # one a line
    assert slidefit.lines("目标目标目标目标", 0.52 + 4 * 14 * slidefit.PT_CM, 14) == 2  # 4 em a line
    assert slidefit.lines("x" * 200, 3.0, 14) == 24  # a word wider than the box breaks anywhere


def _boxes_fit(prs) -> None:
    w, h = prs.slide_width, prs.slide_height
    for n, shape in _boxes(prs):
        assert shape.left >= 0 and shape.top >= 0, (n, shape.name)
        assert shape.left + shape.width <= w and shape.top + shape.height <= h, (n, shape.name)
        if shape.has_text_frame and shape.text_frame.text.strip():
            paras = [
                (p.text, max((r.font.size.pt for r in p.runs if r.font.size), default=18))
                for p in shape.text_frame.paragraphs
            ]
            assert min(pt for _, pt in paras) >= slidefit.MIN_PT, (n, paras)
            need = slidefit.text_height_cm(paras, shape.width.cm)
            assert need <= shape.height.cm + 0.05, (n, shape.text_frame.text[:40])


def test_every_target_appears_in_the_deck_even_when_there_are_many(tmp_path):
    # Issue 6: 7 of 西塞山's 19 targets were silently dropped from the deck.
    r = make_results()
    many = tuple(
        dataclasses.replace(r.targets[i % 4], name=f"目标{i:02d}号（测试用较长的名称）") for i in range(40)
    )
    samples = {t.name: r.target_samples[r.targets[i % 4].name] for i, t in enumerate(many)}
    shapes = {t.name: r.distributions[r.targets[i % 4].name] for i, t in enumerate(many)}
    r = dataclasses.replace(r, targets=many, target_samples=samples, distributions=shapes)
    b = build_briefing(r, MANIFEST, "zh")
    path = deck.write_pptx(b, {}, tmp_path / "s.pptx")
    prs = pptx.Presentation(str(path))
    text = "\n".join(s.text_frame.text for _, s in _boxes(prs) if s.has_text_frame)
    text += "\n".join(
        c.text for _, s in _boxes(prs) if s.has_table for row in s.table.rows for c in row.cells
    )
    for t in many:
        assert t.name in text
    overview = [
        s
        for s in prs.slides
        if any(x.has_text_frame and x.text_frame.text.startswith("目标总览") for x in s.shapes)
    ]
    assert len(overview) >= 3  # paginated, with the page number in the title


# ---- html ------------------------------------------------------------------------------------


class _Checker(HTMLParser):
    VOID = {"meta", "img", "br", "hr", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.images = 0

    def handle_starttag(self, tag, attrs):
        self.images += tag == "img"
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(tag)
        else:
            self.stack.pop()


def test_html_is_well_formed_and_escapes_text(written, tmp_path):
    folder, out = written
    checker = _Checker()
    checker.feed((folder / "report.html").read_text(encoding="utf-8"))
    assert checker.errors == [] and checker.stack == [] and checker.images == len(out.briefing.charts)
    r = make_results()
    evil = dataclasses.replace(
        r,
        scenario="<script>alert(1)</script>",
        targets=(dataclasses.replace(r.targets[0], name="A & <b>B</b>"),),
    )
    write_bundle(evil, MANIFEST, tmp_path, frozenset({"html"}), "zh", workers=1)
    raw = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in raw and "&lt;script&gt;" in raw and "A &amp; &lt;b&gt;B&lt;/b&gt;" in raw
