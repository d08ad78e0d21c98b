"""One number, one truth: every output of every shipped scenario reads the same, in the right language.

For each shipped scenario, in Chinese and English, the run's console text, summary.md, results.json,
targets.csv, results.xlsx, briefing.docx, slides.pptx and report.html are read back, and each target's
probability, interval, median and required pace must read the same at the precision shown; the shown
digits must be the exact numbers of results.json rounded. Chinese outputs must carry no field names
or English of ours; English outputs no Chinese of ours (the scenario's own text aside). The Daye
scenario is also run calibrated by the outside view, and every output must say, in the same words,
which growth assumptions were used.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from html import unescape
from pathlib import Path

import docx
import openpyxl
import pptx
import pytest
import yaml
from click.testing import CliRunner

from planmodel.cli import main
from planmodel.io import document_titles
from planmodel.report import i18n

from conftest import SCENARIOS

DRAWS = "20000"
CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3001-\u303f《》（）：；，。、]+")
NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


TRANSLATED = ("reason", "note", "notes")
"""Texts every shipped scenario gives in English too (reason_en, note_en, notes_en): an English
report may not quote them in Chinese."""


def _scenario_text(path: Path, lang: str = "zh") -> str:
    """Every text value the planner wrote (names, labels, reasons, notes, sources), and the titles
    of the documents it cites: what a report may quote in its own language. In English, reasons and
    notes are left out (the shipped scenarios translate them all): what remains in Chinese is the
    sources (quotes of documents) and names the scenario gives only in Chinese."""
    out: list[str] = [str(path)]

    def walk(node: object, key: object = None) -> None:
        if lang == "en" and key in TRANSLATED:
            return
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str):
            out.append(node)

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    walk(data)
    out += [f"《{title}》" for title in document_titles(path).values()]
    if isinstance(data, dict) and isinstance(data.get("extends"), str):  # a variant quotes its parent too
        out.append(_scenario_text(path.parent / data["extends"], lang))
    return "\n".join(out)


DAYE = next(p for p in SCENARIOS if p.stem == "daye-2026")
RUNS = [(p, lang, "none") for p in SCENARIOS for lang in ("zh", "en")]
RUNS += [(DAYE, lang, "outside_view") for lang in ("zh", "en")]  # issue 8: a calibrated run too


@pytest.fixture(
    scope="module",
    params=RUNS,
    ids=[f"{p.stem}-{lang}" + ("" if c == "none" else f"-{c}") for p, lang, c in RUNS],
)
def run(request, tmp_path_factory):
    path, lang, calibration = request.param
    out = tmp_path_factory.mktemp(f"{path.stem}-{lang}-{calibration}") / "run"
    result = CliRunner().invoke(
        main,
        [
            "run",
            str(path),
            "--draws",
            DRAWS,
            "--seed",
            "5",
            "--format",
            "all",
            "--lang",
            lang,
            "--out",
            str(out),
            "--calibration",
            calibration,
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return {"path": path, "lang": lang, "out": out, "console": result.output, "json": data,
            "calibration": calibration}  # fmt: skip


def _docx_text(path: Path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def _pptx_text(path: Path) -> str:
    prs = pptx.Presentation(str(path))
    parts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [c.text for row in shape.table.rows for c in row.cells]
    return "\n".join(parts)


def _xlsx_rows(path: Path) -> list[dict]:
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    return [{h: c for h, c in zip(header, row, strict=True)} for row in ws.iter_rows(min_row=2)]


def _decimals(text: str) -> int:
    number = NUMBER.search(text)
    assert number, text
    return len(number.group().split(".")[1]) if "." in number.group() else 0


def _shown(text: str) -> Decimal:
    return Decimal(NUMBER.search(text).group().replace(",", ""))  # type: ignore[union-attr]


def _round(x: float, d: int) -> Decimal:
    return Decimal(repr(x)).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)


def test_every_output_reads_the_same(run):
    out, data = run["out"], run["json"]
    rows = list(csv.DictReader(io.StringIO((out / "targets.csv").read_text(encoding="utf-8-sig"))))
    md = (out / "summary.md").read_text(encoding="utf-8")
    html = unescape((out / "report.html").read_text(encoding="utf-8"))
    word = _docx_text(out / "briefing.docx")
    deck = _pptx_text(out / "slides.pptx")
    sheet = _xlsx_rows(out / "results.xlsx")
    assert len(rows) == len(sheet) == len(data["targets"])
    for t, row, cells in zip(data["targets"], rows, sheet, strict=True):
        p_text, ci_text = row["probability_text"], row["interval_text"]
        assert float(row["probability"]) == t["probability"] and float(row["ci_high"]) == t["ci_high"]
        if t["determined"]:
            continue
        # the shown digits are the exact numbers rounded (bounds rounded outwards)
        d = _decimals(p_text)
        if p_text.startswith("<"):
            assert _shown(p_text) >= Decimal(repr(100 * t["ci_high"])) and t["successes"] == 0
        elif p_text.startswith(">"):
            assert _shown(p_text) <= Decimal(repr(100 * t["ci_low"])) and t["successes"] == t["draws"]
        else:
            assert _shown(p_text) == _round(100 * t["probability"], d)
            low, high = ci_text.split("–")
            assert _shown(low) == _round(100 * t["ci_low"], d) and _shown(high) == _round(
                100 * t["ci_high"], d
            )
        # every document prints the same texts
        line = next(
            x
            for x in md.splitlines()
            if f"| {p_text} | {ci_text} |" in x
            and x.startswith(f"| {cells[next(iter(cells))].value.replace('|', chr(92) + '|')} |")
        )
        for text in (p_text, ci_text):
            for name, doc in (("console", run["console"]), ("docx", word), ("html", html), ("pptx", deck)):
                assert text in doc, (name, t["name"], text)
        # the workbook stores the exact number, shown with the same decimals
        cell = cells[next(k for k in cells if k in ("实现概率", "Probability"))]
        shown = {"<": t["ci_high"], ">": t["ci_low"]}.get(p_text[0], t["probability"])  # a bound shows itself
        assert cell.value == pytest.approx(shown, rel=1e-15) and cell.number_format.count("0") - 1 == d
        assert cell.number_format.startswith(f'"{p_text[0]}') == (p_text[0] in "<>")
        needed = next(c for k, c in cells.items() if k in ("所需年均增速或变化", "Needed a year"))
        if isinstance(needed.value, float) and needed.number_format and needed.number_format.endswith("%"):
            required = t["required_growth"]
            shown = next(x.strip() for x in line.split("|")[1:-1][5:6])
            assert _shown(shown) == _round(100 * required, 1) and shown in html and shown in word
        median = cells[next(k for k in cells if k in ("模拟中位数", "Simulated median"))]
        if isinstance(median.value, float) and t["median"] is not None:
            scale = median.value / t["median"]
            share = t["unit"] == "%" and t["measure"] not in ("growth", "avg_growth")
            assert scale == pytest.approx(0.01 if share else scale, rel=1e-12)


def test_every_output_says_which_growth_assumptions_were_used(run):
    # Issue 8: the console title, the line under each document's title and the run information say
    # it in the same words, in every format; results.json carries the fact.
    out, lang, calibration = run["out"], run["lang"], run["calibration"]
    assert run["json"]["calibration"] == calibration
    statement = i18n.text(f"calibration_{calibration}", lang)
    other = i18n.text(f"calibration_{'none' if calibration == 'outside_view' else 'outside_view'}", lang)
    title = run["console"].splitlines()[0]
    assert title.endswith(statement + ("）" if lang == "zh" else ")")), title
    md = (out / "summary.md").read_text(encoding="utf-8").splitlines()
    assert md[4] == statement and sum(statement in line for line in md) == 2  # title block, run information
    word = docx.Document(str(out / "briefing.docx"))
    assert [p.text for p in word.paragraphs][2] == statement
    assert statement in [c.text for row in word.tables[-1].rows for c in row.cells]
    deck = pptx.Presentation(str(out / "slides.pptx"))
    first = "\n".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert statement in first.split("\n")
    last = [c.text for s in deck.slides[-1].shapes if s.has_table for r in s.table.rows for c in r.cells]
    assert statement in last
    html = unescape((out / "report.html").read_text(encoding="utf-8"))
    assert f'<p class="meta">{statement}</p>' in html and f"<td>{statement}</td>" in html
    sheet = openpyxl.load_workbook(out / "results.xlsx").worksheets[-1]
    assert statement in [c.value for row in sheet.iter_rows() for c in row]
    word_text, deck_text = _docx_text(out / "briefing.docx"), _pptx_text(out / "slides.pptx")
    for text in (run["console"], "\n".join(md), word_text, deck_text, html):
        assert other not in text


def _ours(text: str) -> str:
    """The text without links, checksums and the replay command (they are not words)."""
    text = re.sub(r"https?://\S+|\b[0-9a-f]{64}\b", " ", text.replace("\\|", "|"))
    command = r"planmodel run\s+\S*\s*--seed \d+ --draws \d+( --base-year \d+)?( --calibration outside_view)?"
    return re.sub(command, " ", text)


def test_the_language_is_clean(run):
    out, lang = run["out"], run["lang"]
    scenario = _scenario_text(run["path"], lang) + "\n" + str(out)
    texts = {
        "console": run["console"],
        "summary.md": (out / "summary.md").read_text(encoding="utf-8"),
        "briefing.docx": _docx_text(out / "briefing.docx"),
        "slides.pptx": _pptx_text(out / "slides.pptx"),
        "report.html": unescape(
            re.sub(
                r"<style>.*?</style>|<[^>]+>",
                " ",
                (out / "report.html").read_text(encoding="utf-8"),
                flags=re.S,
            )
        ),
        "results.xlsx": "\n".join(
            str(c.value)
            for ws in openpyxl.load_workbook(out / "results.xlsx").worksheets
            for row in ws.iter_rows()
            for c in row
            if isinstance(c.value, str)
        ),
    }
    for name, text in texts.items():
        text = _ours(text)
        if lang == "zh":
            fields = [w for w in re.findall(r"\b[a-z]+_[a-z_]+\b", text) if w not in scenario]
            assert not fields, (name, fields[:5])
            words = {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in scenario}
            assert not words - {"GDP", "SHA", "UTC", "planmodel"}, (name, sorted(words)[:10])
        else:
            chinese = [run for run in CJK.findall(text) if run not in scenario]
            assert not chinese, (name, chinese[:10])
