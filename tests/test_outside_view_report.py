"""Every report says which growth assumptions were used, in the same words (issue 8 on the issue-6 layer).

The fact is ``Results.calibration``; the words come from the catalogue through
:mod:`planmodel.report.outside_view`, are placed once in the briefing and laid out by the writers:
console title, the line under each document's title (md, docx, first slide, html), the run
information (all documents and the workbook's run sheet), the chart notes when calibrated, and a
method paragraph with the outside view's numbers.
"""

from __future__ import annotations

import dataclasses
import json

import docx
import openpyxl
import pptx
import pytest

from planmodel.report import formats
from planmodel.report.bundle import ALL, write_bundle
from planmodel.report.charts import draw
from planmodel.report.content import build_briefing
from planmodel.report.outside_view import compare_calibration
from planmodel.report.writers.console import calibration_table, targets_table

from synthetic_results import make_results

PLAIN = {"zh": "增速假设按情景原样", "en": "growth assumptions as written"}
CALIBRATED = {
    "zh": "增速假设经外部视角校准（按以往省级增速目标与实际的偏差平移、加宽）",
    "en": "growth assumptions calibrated by the outside view (shifted and widened by the errors of "
    "past provincial growth targets)",
}
RECORD = {"shift": -0.0074, "shift_se": 0.0043, "yearly_sd": 0.0192, "trend_sd": 0.0053, "pairs": 192,
          "years": [2011, 2025], "source": "backtests/"}  # fmt: skip
MANIFEST = {"seed": 7, "seed_entropy": "7", "draws": 4000, "version": "1.0.0",
            "created_utc": "2026-11-28T10:00:00Z", "scenario_file": "scenarios/x.yaml"}  # fmt: skip


def calibrated_results():
    return dataclasses.replace(make_results(), calibration="outside_view")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_briefing_states_the_assumptions_used(lang):
    plain = build_briefing(make_results(), MANIFEST, lang)
    assert plain.calibration == PLAIN[lang] and plain.calibration_chart == ""
    run = dict(plain.run_info)
    assert PLAIN[lang] in run.values() and "--calibration" not in run[next(k for k in run if "replay" in k
                                                                           or "复现" in k)]
    b = build_briefing(calibrated_results(), {**MANIFEST, "outside_view": RECORD}, lang)
    assert b.calibration == CALIBRATED[lang]
    short = {"zh": "增速假设经外部视角校准", "en": "growth calibrated (outside view)"}
    assert b.calibration_chart == short[lang]
    run = dict(b.run_info)
    assert CALIBRATED[lang] in run.values()
    assert run[{"zh": "复现方法（命令行）", "en": "To replay (command line)"}[lang]].endswith(
        " --calibration outside_view"
    )  # the replay command reproduces the calibrated numbers
    # the method appendix gives the outside view's numbers: shift −0.74 points → "lowered by 0.7",
    # yearly sd 1.92 → 1.9, trend sd 0.53 → 0.5 (percentage points, one decimal from 0.095 on)
    method = b.methods[-1]
    assert len(b.methods) == len(plain.methods) + 1
    if lang == "zh":
        assert "2011–2025年192个" in method and "平均下调0.7个百分点" in method
        assert "标准差1.9个百分点" in method and "不小于0.5个百分点" in method
    else:
        assert "192 provincial" in method and "lowered by 0.7 pp" in method and "sd 1.9 pp" in method
    # without the manifest's numbers the method says nothing it cannot back
    assert len(build_briefing(calibrated_results(), MANIFEST, lang).methods) == len(plain.methods)


def test_console_title_carries_the_statement():
    b = build_briefing(calibrated_results(), MANIFEST, "zh")
    title = targets_table(b, 4000, 7).splitlines()[0]
    assert title.endswith(f"（模拟4,000次，随机数种子7；{CALIBRATED['zh']}）")
    en = build_briefing(make_results(), MANIFEST, "en")
    assert targets_table(en, 4000, 7).splitlines()[0].endswith(f"(4,000 runs, seed 7; {PLAIN['en']})")


@pytest.fixture(scope="module")
def calibrated_bundle(tmp_path_factory):
    folder = tmp_path_factory.mktemp("calibrated")
    manifest = {**MANIFEST, "outside_view": RECORD}
    out = write_bundle(calibrated_results(), manifest, folder, ALL, "zh", workers=1)
    return folder, out


def test_every_document_lays_out_the_statement(calibrated_bundle):
    folder, out = calibrated_bundle
    statement = CALIBRATED["zh"]
    assert out.briefing.calibration == statement
    md = (folder / "summary.md").read_text(encoding="utf-8").splitlines()
    assert md[4] == statement  # the line under the title and its meta line
    assert f"| 校准方式 | {statement} |" in md
    word = docx.Document(str(folder / "briefing.docx"))
    assert [p.text for p in word.paragraphs][2] == statement  # title, meta line, statement
    run_table = word.tables[-1]
    assert ["校准方式", statement] in [[c.text for c in r.cells] for r in run_table.rows]
    deck = pptx.Presentation(str(folder / "slides.pptx"))
    first = [s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame]
    assert any(statement in t.split("\n") for t in first)
    last = [c.text for s in deck.slides[-1].shapes if s.has_table for r in s.table.rows for c in r.cells]
    assert statement in last
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert f'<p class="meta">{statement}</p>' in html and f"<td>{statement}</td>" in html
    sheet = openpyxl.load_workbook(folder / "results.xlsx")["运行信息"]
    assert ("校准方式", statement) in [(r[0].value, r[1].value) for r in sheet.iter_rows()]
    data = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    assert data["calibration"] == "outside_view"


def test_charts_of_a_calibrated_run_say_so_in_their_notes():
    plain, calibrated = make_results(), calibrated_results()
    for key in (("fan", "gdp"), ("dashboard", "1"), ("dist", "2025年GDP增长7.5%")):
        ax = draw(calibrated, build_briefing(calibrated, {}, "zh"), key)
        note = ax.get_figure()._supxlabel.get_text()
        assert "增速假设经外部视角校准" in note, key
        assert note.endswith("…") or note.endswith(calibrated.scenario)  # the title comes last, cut first
        ax = draw(plain, build_briefing(plain, {}, "zh"), key)
        assert "外部视角" not in ax.get_figure()._supxlabel.get_text()


def test_the_two_runs_side_by_side():
    plain, calibrated = make_results(), make_results(seed=8)
    calibrated = dataclasses.replace(calibrated, calibration="outside_view")
    pb, cb = build_briefing(plain, {}, "zh"), build_briefing(calibrated, {}, "zh")
    comparison = compare_calibration(plain, calibrated, pb, cb, {"outside_view": RECORD})
    assert comparison.header == ("目标", "年份", "按情景原样", "外部视角校准", "变化")
    for t, u, row, prow, crow in zip(plain.targets, calibrated.targets, comparison.rows, pb.rows, cb.rows,
                                     strict=True):  # fmt: skip
        assert row[:4] == (prow.name, prow.year, prow.probability.text, crow.probability.text)
        if t.determined:
            assert row[4] == formats.DASH
        elif t.successes == u.successes:
            assert row[4] == "0.0个百分点"
        else:  # the change in points, signed, rounded once, to the finer of the two shown decimals
            d = max(len(p.probability.text.rstrip("%").partition(".")[2]) for p in (prow, crow))
            assert row[4] == formats.points(100 * (u.probability - t.probability), "zh", signed=True,
                                            decimals=d)  # fmt: skip
            assert row[4].endswith("个百分点") and len(row[4].partition(".")[2]) == d + len("个百分点")
    assert "2011–2025年192个省级" in comparison.note
    text = calibration_table(comparison)
    assert text.splitlines()[0].startswith("目标") and text.endswith(comparison.note)
