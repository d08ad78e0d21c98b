"""Exports read back with the libraries that wrote them: xlsx, docx, pptx, html, bundle."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from dataclasses import replace  # noqa: E402
from html.parser import HTMLParser  # noqa: E402

import docx  # noqa: E402
import openpyxl  # noqa: E402
import pptx  # noqa: E402
import pytest  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm  # noqa: E402

from planmodel.report.bundle import (  # noqa: E402
    DEFAULT_FORMATS,
    FORMATS,
    parse_formats,
    write_reports,
)
from planmodel.report.charts import render_charts  # noqa: E402
from planmodel.report.docx import write_docx  # noqa: E402
from planmodel.report.html import write_html  # noqa: E402
from planmodel.report.pptx import MAX_KEY_TARGETS, key_targets, write_pptx  # noqa: E402
from planmodel.report.sentences import findings  # noqa: E402
from planmodel.report.xlsx import PERCENT_FORMAT, write_xlsx  # noqa: E402

from synthetic_results import make_results  # noqa: E402

MANIFEST = {
    "scenario_sha256": "3f2a9c" + "0" * 58,
    "seed": 7,
    "entropy": 7,
    "draws": 4000,
    "version": "1.0.0",
}


@pytest.fixture(scope="module")
def results():
    return make_results()


@pytest.fixture(scope="module")
def charts(results, tmp_path_factory):
    return render_charts(results, tmp_path_factory.mktemp("charts"), formats=("png",))


# ---- xlsx ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook(results, tmp_path_factory):
    path = write_xlsx(results, MANIFEST, tmp_path_factory.mktemp("xlsx") / "results.xlsx")
    return openpyxl.load_workbook(path)


def test_xlsx_sheets_and_headers(workbook):
    assert workbook.sheetnames == ["目标", "分位数", "假设", "运行信息"]
    for ws in workbook.worksheets:
        assert ws.freeze_panes == "A2"
    headers = [c.value for c in workbook["目标"][1]]
    assert headers[:3] == ["目标", "指标代码", "指标"]
    assert "实现概率" in headers and "95%区间下限" in headers and "价格口径" in headers
    assert workbook["目标"]["A1"].font.bold
    # column widths fit Chinese text: the target names (about 12 CJK characters) are not cut
    assert workbook["目标"].column_dimensions["A"].width >= 2 * len("工业总产值突破1800亿元") - 4


def test_xlsx_values_equal_results(workbook, results):
    ws = workbook["目标"]
    headers = [c.value for c in ws[1]]
    col = {h: i for i, h in enumerate(headers)}
    # openpyxl writes floats with 16 significant digits ("%.16g"; Excel itself keeps 15)
    exact = pytest.approx
    for row, t in zip(ws.iter_rows(min_row=2, values_only=True), results.targets, strict=True):
        assert row[col["目标"]] == t.name
        assert row[col["实现概率"]] == exact(t.probability, rel=1e-15)
        assert row[col["95%区间下限"]] == exact(t.ci_low, rel=1e-15)
        assert row[col["95%区间上限"]] == exact(t.ci_high, rel=1e-15)
        assert row[col["中位数"]] == exact(t.median, rel=1e-15)
    p_col = col["实现概率"] + 1
    assert ws.cell(row=2, column=p_col).number_format == PERCENT_FORMAT
    median_col = col["中位数"] + 1
    assert ws.cell(row=2, column=median_col).number_format == "0.00"  # a level
    assert ws.cell(row=5, column=median_col).number_format == PERCENT_FORMAT  # a growth rate
    pct = workbook["分位数"]
    first = [c.value for c in pct[2]]
    assert first[0] == "gdp"
    assert first[5:] == pytest.approx(list(results.percentiles["gdp"][0]), rel=1e-15)
    assert pct.cell(row=2, column=6).number_format == "0.00"
    assert workbook["假设"].max_row == 1 + len(results.assumptions)
    info = {r[0]: r[1] for r in workbook["运行信息"].iter_rows(min_row=2, values_only=True)}
    assert info["随机种子"] == "7"


def test_xlsx_english(results, tmp_path):
    wb = openpyxl.load_workbook(write_xlsx(results, MANIFEST, tmp_path / "r.xlsx", lang="en"))
    assert wb.sheetnames == ["Targets", "Percentiles", "Assumptions", "Run info"]
    assert wb["Targets"]["M1"].value == "probability"


# ---- docx ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def document(results, charts, tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "briefing.docx"
    return docx.Document(str(write_docx(results, MANIFEST, charts, path)))


def test_docx_targets_table_and_findings(document, results):
    table = document.tables[0]
    assert len(table.rows) == len(results.targets) + 1
    assert [row.cells[0].text for row in table.rows[1:]] == [t.name for t in results.targets]
    text = "\n".join(p.text for p in document.paragraphs)
    for sentence in findings(results):
        assert sentence in text
    assert "总量为现价，增速为可比价；名义=实际×价格" in text
    assert document.paragraphs[0].text == results.scenario
    assert len(document.tables[1].rows) == len(results.assumptions) + 1
    assert "published-statistics.md 4b" in document.tables[1].rows[2].cells[5].text
    run_table = "\n".join(c.text for row in document.tables[2].rows for c in row.cells)
    assert "3f2a9c" in run_table and "4000" in run_table and "1.0.0" in run_table


def test_docx_images_and_fonts(document, charts):
    shapes = document.inline_shapes
    assert len(shapes) == len(charts["dashboard"]) + len(charts["fan"])
    for shape in shapes:
        assert abs(shape.width - Cm(16)) < Cm(0.01)
    fonts = document.paragraphs[0].runs[0]._element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "黑体"
    body = document.paragraphs[3].runs[0]._element.rPr.find(qn("w:rFonts"))
    assert body.get(qn("w:eastAsia")) == "宋体"


# ---- pptx ------------------------------------------------------------------------------------


def _slide_text(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_pptx_slides(results, charts, tmp_path):
    path = write_pptx(results, MANIFEST, charts, tmp_path / "slides.pptx")
    prs = pptx.Presentation(str(path))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01
    keys = key_targets(results)
    assert len(keys) == len(results.targets)
    assert len(prs.slides) == 1 + 1 + len(keys) + 1
    texts = [_slide_text(s) for s in prs.slides]
    for t, sentence in zip(results.targets, findings(results), strict=True):
        slide = next(i for i, tx in enumerate(texts) if t.name in tx)
        assert sentence in texts[slide]
        pictures = [s for s in prs.slides[slide].shapes if s.shape_type == 13]
        assert len(pictures) == 1
    assert results.scenario in texts[0]
    assert "模拟次数 4,000" in texts[-1] and "published-statistics.md 4b" in texts[-1]


def test_key_targets_prefer_levels_when_many(results):
    growth = results.targets[3]
    level = results.targets[0]
    many = [replace(growth, name=f"增长{i}") for i in range(10)]
    many += [replace(level, name=f"总量{i}") for i in range(5)]
    chosen = key_targets(replace(results, targets=tuple(many)))
    assert len(chosen) == MAX_KEY_TARGETS
    assert [t.name for t in chosen[:5]] == [f"总量{i}" for i in range(5)]
    assert [t.name for t in chosen[5:]] == [f"增长{i}" for i in range(7)]


# ---- html ------------------------------------------------------------------------------------


class _Checker(HTMLParser):
    VOID = {"meta", "img", "br", "hr", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.images: list[str] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs)["src"])
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def _parse(path):
    checker = _Checker()
    checker.feed(path.read_text(encoding="utf-8"))
    checker.close()
    return checker


def test_html(results, charts, tmp_path):
    path = write_html(results, MANIFEST, charts, tmp_path / "report.html")
    raw = path.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in raw
    assert "@media print" in raw
    page = _parse(path)
    assert page.errors == [] and page.stack == []
    n_png = len(charts["dashboard"]) + len(charts["fan"]) + len(charts["dist"])
    assert len(page.images) == n_png
    assert all(src.startswith("data:image/png;base64,") for src in page.images)
    text = "".join(page.text)
    for t in results.targets:
        assert t.name in text
    for sentence in findings(results):
        assert sentence in text


def test_html_escapes_text(results, tmp_path):
    evil = replace(results, scenario="<script>alert(1)</script>", targets=(
        replace(results.targets[0], name="A & <b>B</b>"),
    ))  # fmt: skip
    path = write_html(evil, MANIFEST, {}, tmp_path / "r.html", lang="en")
    raw = path.read_text(encoding="utf-8")
    assert "<script>" not in raw and "&lt;script&gt;" in raw
    assert "A &amp; &lt;b&gt;B&lt;/b&gt;" in raw
    assert _parse(path).errors == []


# ---- bundle ----------------------------------------------------------------------------------


def test_parse_formats():
    assert parse_formats("all") == FORMATS
    assert parse_formats("md, xlsx") == {"md", "xlsx"}
    assert parse_formats("DOCX,pptx,all") == FORMATS
    assert parse_formats("") == DEFAULT_FORMATS
    assert DEFAULT_FORMATS == {"charts", "md", "xlsx"}
    with pytest.raises(ValueError, match="unknown format 'pdf'.*valid formats: charts, csv"):
        parse_formats("md,pdf")


def test_write_reports_all(results, tmp_path):
    written = write_reports(results, MANIFEST, tmp_path, FORMATS)
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    for name in ("summary.md", "results.xlsx", "briefing.docx", "slides.pptx", "report.html"):
        assert name in names
    assert "charts/dashboard.png" in names and "charts/dashboard.svg" in names
    assert all(p.is_file() and p.stat().st_size > 0 for p in written)
    on_disk = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert on_disk == names  # nothing else (targets.csv etc. are the lead's)


def test_write_reports_without_chart_files(results, tmp_path):
    written = write_reports(results, MANIFEST, tmp_path, frozenset({"md", "html"}), lang="en")
    assert sorted(p.name for p in written) == ["report.html", "summary.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "summary.md"]
    assert len(_parse(tmp_path / "report.html").images) > 0  # charts were drawn, then removed
    assert "Under the baseline scenario" in (tmp_path / "summary.md").read_text(encoding="utf-8")


def test_write_reports_errors(results, tmp_path):
    with pytest.raises(FileNotFoundError):
        write_reports(results, MANIFEST, tmp_path / "missing", DEFAULT_FORMATS)
    with pytest.raises(ValueError, match="unknown formats"):
        write_reports(results, MANIFEST, tmp_path, frozenset({"pdf"}))
