"""No text from a scenario becomes a live formula in results.xlsx or the CSV files (issue 12, part 5).

A target named ``=HYPERLINK("http://example.com/x","点击")``, an indicator label starting with
``@`` and a note starting with ``+`` are run end to end through ``planmodel run``; the workbook is
read back with openpyxl and no cell may be a formula, and every CSV text cell starting with one of
OWASP's formula characters must carry the neutralising quote.
"""

from __future__ import annotations

import csv

import openpyxl
from click.testing import CliRunner

from planmodel.cli import main
from planmodel.report.writers.cells import FORMULA_LEADS, formula_like, neutralise

from conftest import minimal_dict, write_yaml

LINK = '=HYPERLINK("http://example.com/x","点击")'


def test_neutralise_follows_owasp():
    for lead in FORMULA_LEADS:
        assert neutralise(f"{lead}1+1") == f"'{lead}1+1"
    assert neutralise("人均GDP") == "人均GDP"
    assert neutralise("'=already quoted") == "'=already quoted"
    assert neutralise(-0.5) == -0.5 and neutralise(3) == 3  # numbers are numbers
    assert not formula_like(None) and formula_like("\r=1")


def test_hostile_names_reach_xlsx_and_csv_as_text(tmp_path):
    data = minimal_dict()
    data["simulation"]["draws"] = 2000
    data["targets"][0]["name"] = LINK
    data["targets"].append({"name": "-1+2", "indicator": "population", "year": 2026, "at_least": "90万人"})
    data["indicators"]["population"]["label"] = "@SUM(A1:A9)"
    data["notes"] = ["+cmd|' /C calc'!A0", "\t=1+1"]
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["run", str(write_yaml(tmp_path, data)), "--out", str(out), "--format", "xlsx", "-q"]
    )
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out / "results.xlsx")
    texts = []
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert "'" + LINK in texts
    assert not any(formula_like(t) for t in texts)
    for name in ("targets.csv", "percentiles.csv"):
        with open(out / name, encoding="utf-8-sig", newline="") as f:
            cells = [c for row in csv.reader(f) for c in row]
        for c in filter(formula_like, cells):  # only negative numbers may start with '-'
            try:
                float(c)
            except ValueError:
                raise AssertionError(f"{name}: raw formula-like text {c!r}") from None
    with open(out / "targets.csv", encoding="utf-8-sig", newline="") as f:
        names = [row["name"] for row in csv.DictReader(f)]
    assert names == ["'" + LINK, "'-1+2"]


def test_a_scenario_without_targets_still_gets_a_workbook(tmp_path):
    # found by the key-type sweep of issue 12: the 判断 colouring of zero rows crashed openpyxl (exit 1)
    data = minimal_dict()
    data["simulation"]["draws"] = 1000
    del data["targets"]
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["run", str(write_yaml(tmp_path, data)), "--out", str(out), "--format", "xlsx", "-q"]
    )
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out / "results.xlsx")
    assert book.worksheets[0].max_row == 1  # the header only
