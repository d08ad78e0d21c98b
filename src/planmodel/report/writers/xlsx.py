"""``results.xlsx``: the overview table, percentiles, assumptions, sources and run, for planners.

Also the workbook of a batch of scenarios (:func:`write_batch_xlsx`): the targets sheet of every
scenario in one, the scenario's title in front.

One scale per column: probabilities, rates and shares are stored as fractions with percent formats,
levels as numbers in the unit of their row's 单位 column, changes of shares in percentage points. A
number's format shows the digits the documents print, so a cell reads as the briefing does while the
planner can still compute with the exact value. Headers are in the report's language; 判断 cells are
filled 红黄绿 by conditional formatting; sheets print landscape, fitted to the page width, with the
header row repeated.

Library: openpyxl (writes and reads ``.xlsx``, so tests read the workbook back with the same library).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planmodel.report import i18n
from planmodel.report.content import BatchEntry, Briefing
from planmodel.report.rows import COLOURS, Figure, percent_format
from planmodel.report.writers.cells import neutralise
from planmodel.results import Results

__all__ = ["preload", "write_batch_xlsx", "write_xlsx"]

_HEADER_FILL = PatternFill("solid", start_color="FFDCE6F1", end_color="FFDCE6F1")
_HEADER_FONT = Font(bold=True)
_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
_WRAPPED = Alignment(wrap_text=True, vertical="top")
"""Styles made once: openpyxl keeps one copy of each distinct style, and building one per cell was
a tenth of the workbook's time."""
_FILLS = {"green": "FFC6EFCE", "amber": "FFFFEB9C", "red": "FFFFC7CE"}
_MAX_WIDTH = 46


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, float):
        return 10
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(value))


def _sheet(ws: Worksheet, header: list[str], rows: list[list[Any]]) -> None:
    """Write header and rows; cells given as (value, number format) get that format.

    Every text cell is stored as text (openpyxl would store ``=…`` as a formula) and neutralised
    (see :mod:`~planmodel.report.writers.cells`), so no name or note becomes a live formula.
    """
    for r, row in enumerate([header, *rows], start=1):  # by row number: ``ws.max_row`` scans every cell
        ws.append([neutralise(c[0] if isinstance(c, tuple) else c) for c in row])
        for j, c in enumerate(row, start=1):
            cell = ws.cell(row=r, column=j)
            if isinstance(c, tuple) and c[1]:
                cell.number_format = c[1]
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for cell in ws[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGNMENT
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    for j in range(len(header)):
        widths = [_width(header[j])] + [_width(r[j][0] if isinstance(r[j], tuple) else r[j]) for r in rows]
        ws.column_dimensions[get_column_letter(j + 1)].width = max(8, min(max(widths) + 2, _MAX_WIDTH))
        if max(widths) + 2 > _MAX_WIDTH:
            for cell in ws[get_column_letter(j + 1)][1:]:
                cell.alignment = _WRAPPED
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _fig(f: Figure) -> tuple[Any, str | None] | str:
    return (f.value, f.number_format) if f.value is not None and f.number_format else f.text


def _target_table(briefing: Briefing) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of the targets sheet (cells as (value, number format) where a number)."""
    lang = briefing.lang
    keys = (
        "col_target",
        "col_year",
        "col_type",
        "col_unit",
        "col_latest",
        "col_latest_year",
        "col_target_value",
        "col_gap",
        "col_needed",
        "col_assumed",
        "col_recent",
        "col_probability",
    )
    header = [i18n.text(k, lang) for k in keys]
    header += [i18n.text(k, lang) for k in ("col_ci_low", "col_ci_high", "col_band", "col_median")]
    rows = []
    for r in briefing.rows:
        fmt = r.interval.number_format
        ci = [(end, fmt if 0 < end < 1 else "0%") for end in r.ci] if r.ci else ["", ""]
        prob = (r.probability.value, r.probability.number_format) if not r.settled else r.probability.text
        rows.append(
            [
                r.name,
                r.year,
                r.type,
                r.unit,
                _fig(r.latest),
                r.latest_year or "",
                r.target.text,
                r.gap.text,
                _fig(r.needed),
                _fig(r.assumed),
                r.recent.text,
                prob,
                *ci,
                r.band_text,
                _fig(r.median),
            ]
        )
    return header, rows


def _write_table(ws: Worksheet, header: list[str], rows: list[list[Any]], lang: str) -> None:
    """Write a targets table and fill its 判断 cells 红黄绿."""
    _sheet(ws, header, rows)
    if not rows:  # a scenario without targets: nothing to colour (an empty range is invalid)
        return
    band = get_column_letter(header.index(i18n.text("col_band", lang)) + 1)
    cells = f"{band}2:{band}{len(rows) + 1}"
    for code, colour in COLOURS.items():
        fill = PatternFill("solid", start_color=_FILLS[colour], end_color=_FILLS[colour])
        rule = CellIsRule(operator="equal", formula=[f'"{i18n.text(f"band_{code}", lang)}"'], fill=fill)
        ws.conditional_formatting.add(cells, rule)


def _targets(ws: Worksheet, briefing: Briefing) -> None:
    _write_table(ws, *_target_table(briefing), briefing.lang)


def _percentiles(ws: Worksheet, results: Results, lang: str) -> None:
    names = [f"P{round(100 * q)}" for q in results.quantiles]
    header = [i18n.text(k, lang) for k in ("col_indicator", "col_unit", "col_year", "col_known")] + names
    rows = []
    for key, table in results.percentiles.items():
        info = results.indicators[key]
        share = info.is_share
        factor, unit, shift = i18n.unit_en(info.unit) if lang == "en" else (1.0, info.unit.symbol, 0)
        fmt = percent_format(2) if share else "0." + "0" * max(1, 2 + shift)
        for i, year in enumerate(results.years):
            known = info.status_by_year.get(year, "simulated")
            cells = [((v / 100 if share else v * factor), fmt) if v == v else "" for v in table[i]]
            rows.append(
                [i18n.indicator_label(info, lang), unit, year, i18n.text(f"known_{known}", lang), *cells]
            )
    _sheet(ws, header, rows)


def write_xlsx(briefing: Briefing, results: Results, path: Path) -> Path:
    """Write the workbook of a run; return ``path``."""
    lang = briefing.lang
    t = lambda key: i18n.text(key, lang)  # noqa: E731
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = t("sheet_targets")
    _targets(ws, briefing)
    _percentiles(wb.create_sheet(t("sheet_percentiles")), results, lang)
    keys = ("col_indicator", "col_variable", "col_years", "col_setting", "col_reason", "col_source")
    rows = [[a.indicator, a.variable, a.years, a.setting, a.reason, a.source] for a in briefing.assumptions]
    rows += [[a, b, "", f"{t('col_rho')} {rho}", "", ""] for a, b, rho in briefing.correlations]
    _sheet(wb.create_sheet(t("sheet_assumptions")), [t(k) for k in keys], rows)
    rows = [[s.subject, s.document, s.where, s.quote] for s in briefing.sources]
    _sheet(
        wb.create_sheet(t("sheet_sources")),
        [t(k) for k in ("col_subject", "col_document", "col_where", "col_quote")],
        rows,
    )
    _sheet(
        wb.create_sheet(t("sheet_run")), [t("col_item"), t("col_value")], [list(r) for r in briefing.run_info]
    )
    if briefing.midterm is not None:  # run --progress-table: the mid-term table as a sheet too
        from planmodel.report.midterm import midterm_sheet

        midterm_sheet(wb.create_sheet(), briefing.midterm, lang)
    path = Path(path)
    wb.save(path)
    return path


def write_batch_xlsx(entries: Sequence[BatchEntry], lang: str, path: Path) -> Path:
    """The batch's workbook: one sheet with every target of every scenario; return ``path``."""
    header: list[str] = []
    rows = []
    for e in entries:
        header, part = _target_table(e.briefing)
        rows += [[e.briefing.title, *row] for row in part]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = i18n.text("sheet_summary", lang)
    _write_table(ws, [i18n.text("col_scenario", lang), *header], rows, lang)
    path = Path(path)
    wb.save(path)
    return path


def preload() -> None:
    """Get a process ready to write workbooks: writes a small one into memory.

    openpyxl imports parts of itself and compiles patterns on its first save; meant for the report
    workers' fork server (:mod:`planmodel.report.warm`), like the other writers' ``preload``.
    """
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    _sheet(ws, ["目标", "概率"], [["地区生产总值", (0.27, "0%")], ["人均GDP", "—"]])
    wb.save(io.BytesIO())
