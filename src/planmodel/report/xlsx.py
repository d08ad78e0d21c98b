"""The results workbook (``results.xlsx``): targets, percentiles, assumptions and run info.

Owns the layout of the workbook: sheet names, number formats, frozen header row and column
widths. The frames come from :mod:`planmodel.report.tables`; values are not rounded (rounding is
only a number format, so a planner can still compute with the cells). openpyxl stores floats
with 16 significant digits (Excel computes with 15); the CSV and JSON files keep every bit.

Library: openpyxl, not XlsxWriter. openpyxl both writes and reads ``.xlsx``, so the tests read
the workbook back with the same library that wrote it (XlsxWriter is write-only), and there is
one Excel dependency instead of two. Its speed is irrelevant at the size of these tables.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planmodel.report.tables import (
    HEADERS_ZH,
    assumptions_frame,
    percentiles_frame,
    run_info_frame,
    targets_frame,
)
from planmodel.results import Results

__all__ = ["PERCENT_FORMAT", "LEVEL_FORMAT", "SHEET_NAMES", "write_xlsx"]

PERCENT_FORMAT = "0.00%"
"""Probabilities and growth rates (stored as fractions)."""
LEVEL_FORMAT = "0.00"
"""Levels in the indicator's unit."""

SHEET_NAMES: dict[str, tuple[str, str, str, str]] = {
    "zh": ("目标", "分位数", "假设", "运行信息"),
    "en": ("Targets", "Percentiles", "Assumptions", "Run info"),
}
"""Sheet names (targets, percentiles, assumptions, run info) by language."""

_PERCENT_KEYS = frozenset(
    {
        "probability", "ci_low", "ci_high", "required_nominal_growth", "required_real_growth",
        "historical_nominal_growth", "historical_real_growth",
    }
)  # fmt: skip
_MEASURED_KEYS = frozenset({"threshold", "threshold_high", "median", "p5", "p95", "gap", "required_change"})
"""Rates for growth targets, levels for the others: formatted row by row."""
_PERCENTILE_COLS = frozenset({"p05", "p10", "p25", "p50", "p75", "p90", "p95"})
_GROWTH_MEASURES = frozenset({"growth", "avg_growth"})

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", start_color="FFDCE6F1", end_color="FFDCE6F1")
_MAX_WIDTH = 48


def _text_width(value: Any) -> int:
    """Measure a cell's text in Excel character units: CJK and full-width characters count 2."""
    if value is None:
        return 0
    if isinstance(value, float):
        return 12
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(value))


def _cell_value(value: Any) -> Any:
    """Turn pandas missing values into empty cells and numpy scalars into Python ones."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _write_frame(ws: Worksheet, frame: pd.DataFrame, formats: list[list[str | None]]) -> None:
    """Write ``frame`` (headers in row 1) with per-cell number formats, then style the sheet.

    ``formats[i][j]`` is the number format of data row ``i``, column ``j`` (None: General).
    """
    ws.append([str(c) for c in frame.columns])
    for i, row in enumerate(frame.itertuples(index=False, name=None)):
        ws.append([_cell_value(v) for v in row])
        for j, fmt in enumerate(formats[i] if i < len(formats) else []):
            if fmt is not None:
                ws.cell(row=i + 2, column=j + 1).number_format = fmt
    for cell in ws[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.freeze_panes = "A2"
    if len(frame.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    for j, col in enumerate(frame.columns):
        widths = [_text_width(col)] + [_text_width(_cell_value(v)) for v in frame.iloc[:, j]]
        width = min(max(widths) + 2, _MAX_WIDTH)
        ws.column_dimensions[get_column_letter(j + 1)].width = max(width, 8)
        if max(widths) + 2 > _MAX_WIDTH:
            for cell in ws[get_column_letter(j + 1)][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _target_formats(results: Results, keys: list[str]) -> list[list[str | None]]:
    out = []
    for t in results.targets:
        rate = t.measure in _GROWTH_MEASURES
        row: list[str | None] = []
        for k in keys:
            if k in _PERCENT_KEYS or (k in _MEASURED_KEYS and rate):
                row.append(PERCENT_FORMAT)
            elif k in _MEASURED_KEYS:
                row.append(LEVEL_FORMAT)
            else:
                row.append(None)
        out.append(row)
    return out


def _percentile_formats(frame: pd.DataFrame) -> list[list[str | None]]:
    row = [LEVEL_FORMAT if k in _PERCENTILE_COLS else None for k in frame.columns]
    return [row] * len(frame)


def _localize_percentiles(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    if lang == "en":
        return frame
    return frame.rename(columns={k: HEADERS_ZH.get(k, k) for k in frame.columns})


def write_xlsx(results: Results, manifest: Mapping[str, Any], path: Path, lang: str = "zh") -> Path:
    """Write the results workbook.

    Parameters
    ----------
    results
        A run's results.
    manifest
        The run manifest (shown on the run-info sheet).
    path
        The ``.xlsx`` file to write (its folder must exist).
    lang
        ``"zh"``: Chinese sheet names and headers (for people). ``"en"``: English sheet names,
        English snake_case key headers (the same keys as the CSV files).

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    if lang not in SHEET_NAMES:
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    names = SHEET_NAMES[lang]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = names[0]

    keys = list(targets_frame(results, "en").columns)
    _write_frame(ws, targets_frame(results, lang), _target_formats(results, keys))

    pct = percentiles_frame(results)
    ws = wb.create_sheet(names[1])
    _write_frame(ws, _localize_percentiles(pct, lang), _percentile_formats(pct))

    frame = assumptions_frame(results, lang)
    ws = wb.create_sheet(names[2])
    _write_frame(ws, frame, [])

    frame = run_info_frame(manifest, lang)
    ws = wb.create_sheet(names[3])
    _write_frame(ws, frame, [])

    path = Path(path)
    wb.save(path)
    return path
