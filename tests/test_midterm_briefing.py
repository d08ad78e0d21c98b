"""``run --progress-table``: the mid-term table as 附表6 of the briefing and a sheet of results.xlsx.

The table must be the one ``planmodel progress`` writes for the same scenario, seed and as-of year
(read back from both Word files with python-docx), on a landscape page, after 附表1–5 and only when
asked for.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.section import WD_ORIENT

from planmodel import load_scenario
from planmodel.cli import main
from planmodel.report.content import build_briefing
from planmodel.report.writers.docx import write_docx
from planmodel.report.writers.html import write_html
from planmodel.report.writers.markdown import summary_markdown
from planmodel.runner import run

from conftest import ROOT

XISAISHAN = ROOT / "scenarios" / "xisaishan-2025.yaml"
SAME = ["--draws", "1000", "--seed", "5"]
HEADING = "附表6　中期评估进度表"


def _cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """One briefing run with the table and one progress run, same seed and cut (2024)."""
    root = tmp_path_factory.mktemp("midterm-briefing")
    briefing, progress = root / "run", root / "progress"
    formats = "md,docx,html,xlsx,pptx"
    args = ["run", str(XISAISHAN), "--progress-table", "--format", formats, "--base-year", "2024"]
    result = CliRunner().invoke(main, [*args, *SAME, "--out", str(briefing), "--quiet"])
    assert result.exit_code == 0, result.output
    args = ["progress", str(XISAISHAN), "--as-of", "2024", *SAME, "--out", str(progress)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return briefing, progress


def test_docx_appendix_table_is_the_progress_table(both):
    briefing, progress = both
    doc = Document(str(briefing / "briefing.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    appendix = [h for h in headings if h.startswith("附表")]
    assert [h[:3] for h in appendix[1:]] == [f"附表{n}" for n in range(1, 7)]  # after the 附表 heading
    assert appendix[-1] == HEADING
    shown = _cells(doc.tables[-1])
    standalone = _cells(Document(str(progress / "progress.docx")).tables[-1])
    assert shown == standalone and len(shown) > 15
    # a row checked by hand in test_midterm (西塞山 as of 2024): 8.1 亿元 of 11 from 5.28 → 49.3%
    row = next(r for r in shown if r[0] == "地方一般公共预算收入11亿元")
    assert row[4:8] == ["8.1亿元（2024年，预计）", "49.3%", "80.0%", "滞后"]
    # a level on the revised census basis is simulated, not published: written as the overview
    # table writes it (251.0亿元, not 251.003613亿元) and marked 推算
    revised = next(r for r in shown if r[0] == "地区生产总值300–360亿元（按普查修订后口径）")
    assert re.fullmatch(r"\d+\.\d亿元（2020年，推算）", revised[2]), revised[2]
    assert re.fullmatch(r"\d+\.\d亿元（2024年，预计，推算）", revised[4]), revised[4]
    latest = revised[4].split("（")[0]
    assert any(r[0] == revised[0] and r[1].startswith(latest + "（") for r in _cells(doc.tables[1]))
    assert doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    assert doc.paragraphs[-1].text.startswith("说明：完成进度＝")


def test_deck_shows_the_same_table_on_slides_that_fit(both):
    # The slides' table is the progress table, its rows spread over slides (the header repeated on
    # each, the rule in the speaker notes), and every slide fits at 14 pt or more.
    import pptx

    from test_exports import _boxes_fit

    briefing, progress = both
    deck = pptx.Presentation(str(briefing / "slides.pptx"))
    slides = [s for s in deck.slides if s.shapes.title is None and _title(s).startswith("中期评估进度表")]
    assert len(slides) > 1
    tables = [next(shape.table for shape in s.shapes if shape.has_table) for s in slides]
    header, *rows = _cells(Document(str(progress / "progress.docx")).tables[-1])
    assert all(_cells(t)[0] == header for t in tables)
    assert [row for t in tables for row in _cells(t)[1:]] == rows
    assert all(s.notes_slide.notes_text_frame.text.startswith("说明：完成进度＝") for s in slides)
    _boxes_fit(deck)


def _title(slide) -> str:
    """The text of a slide's first text box (the deck's slides are blank, with a title box)."""
    return next(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_markdown_and_html_show_the_same_table(both):
    briefing, progress = both
    summary = (briefing / "summary.md").read_text(encoding="utf-8")
    table = (progress / "progress.md").read_text(encoding="utf-8").split("\n", 2)[2]  # without its title
    assert f"### {HEADING}\n\n{table}" in summary
    assert summary.index("### 附表5") < summary.index(f"### {HEADING}")
    page = (briefing / "report.html").read_text(encoding="utf-8")
    assert f"<h3>{HEADING}</h3>" in page and "<td>49.3%</td>" in page


def test_workbook_sheet_is_the_progress_workbook(both):
    from openpyxl import load_workbook

    briefing, progress = both
    sheet = load_workbook(briefing / "results.xlsx")["中期评估"]
    standalone = load_workbook(progress / "progress.xlsx")["中期评估"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows == [[c.value for c in row] for row in standalone.iter_rows()] and len(rows) > 15
    row = next(r for r in rows if r[0] == "地方一般公共预算收入11亿元")
    assert row[4:8] == ["8.1亿元（2024年，预计）", "49.3%", "80.0%", "滞后"]


def test_absent_without_the_option(tmp_path):
    outcome = run(load_scenario(XISAISHAN), draws=500, seed=5)
    b = build_briefing(outcome.results, outcome.manifest)
    assert b.midterm is None
    assert "附表6" not in summary_markdown(b)
    assert "附表6" not in write_html(b, {}, tmp_path / "r.html").read_text(encoding="utf-8")
    doc = Document(str(write_docx(b, {}, tmp_path / "b.docx")))
    assert not any(p.text.startswith("附表6") or "中期评估" in p.text for p in doc.paragraphs)


def test_a_batch_refuses_the_option(tmp_path):
    hetang = ROOT / "scenarios" / "hetang-2025.yaml"
    args = ["run", str(XISAISHAN), str(hetang), "--progress-table", "--out", str(tmp_path / "b")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "--progress-table" in result.output
