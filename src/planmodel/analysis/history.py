"""History tables for ``planmodel fit``: reading CSV/XLSX and turning columns into driver series.

Layout (one row per year, one column per series; docs/calibration.md):

| column | meaning |
|---|---|
| ``year`` | the year (required) |
| ``gdp`` | the level (current prices for money): growth is computed between consecutive years |
| ``gdp.growth`` | growth of the level, in percent (``7.5`` or ``7.5%``): nominal for money |
| ``gdp.real_growth`` | real (可比价) growth in percent |
| ``gdp.change`` | the yearly change, in the indicator's unit (城镇化率 +0.9 a year) |

For each indicator key: with real growth, the driver is ``gdp`` (real growth) and, where the
nominal growth of the same years is known (from levels or ``.growth``), ``gdp.deflator`` =
``(1 + nominal) / (1 + real) − 1``; otherwise ``gdp`` is the nominal growth, or the change. Empty
cells are missing years. :func:`read_history` reads files (I/O); :func:`driver_series` is pure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ScenarioError

SUFFIXES = ("growth", "real_growth", "change")
_COLUMN = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)(?:\.(growth|real_growth|change))?$")
MAX_HISTORY_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Series:
    """One driver's yearly values (fractions for growth rates; the unit for changes)."""

    name: str
    kind: str
    """``real_growth``, ``growth``, ``change`` or ``deflator``."""
    years: tuple[int, ...]
    values: tuple[float, ...]


def read_history(path: str | Path) -> pd.DataFrame:
    """The table of a ``.csv`` (UTF-8, a BOM is fine) or ``.xlsx`` (first sheet) file.

    Raises
    ------
    ScenarioError
        A missing or unreadable file, another extension, or a table pandas cannot read (one line).
    """
    path = Path(path)
    shown = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ScenarioError("give a .csv or .xlsx file of yearly values (docs/calibration.md)").located(
            shown, None, None
        )
    if not path.is_file():
        raise ScenarioError("file not found").located(shown, None, None)
    if path.stat().st_size > MAX_HISTORY_BYTES:
        raise ScenarioError("the file is larger than 5 MB; a yearly history is a few KB").located(
            shown, None, None
        )
    try:
        if suffix == ".csv":
            return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        return pd.read_excel(path, dtype=str, keep_default_na=False)
    except (ValueError, OSError, ImportError) as exc:
        raise ScenarioError(f"cannot read the table: {exc}").located(shown, None, None) from None


def _number(text: str, percent: bool, where: tuple[str | int, ...]) -> float | None:
    raw = str(text).strip().replace(",", "")
    if raw in ("", "-", "—", "NA", "nan"):
        return None
    had_percent = raw.endswith(("%", "％"))
    raw = raw.rstrip("%％").strip()
    try:
        value = float(raw)
    except ValueError:
        raise ScenarioError(f"expected a number, got {text!r}", where) from None
    if not np.isfinite(value):
        raise ScenarioError(f"expected a finite number, got {text!r}", where)
    return value / 100.0 if (percent or had_percent) else value


def _columns(frame: pd.DataFrame) -> dict[str, dict[str, dict[int, float]]]:
    """Indicator → suffix ('' for levels) → year → value."""
    cols = [str(c).strip() for c in frame.columns]
    if "year" not in cols:
        raise ScenarioError("the table needs a 'year' column (one row per year)", ("year",))
    out: dict[str, dict[str, dict[int, float]]] = {}
    years = []
    for i, raw in enumerate(frame[frame.columns[cols.index("year")]]):
        year = _number(raw, False, ("year", i + 2))
        if year is None or year != int(year):
            raise ScenarioError(f"a year is a whole number, got {raw!r}", ("year", i + 2))
        years.append(int(year))
    if len(set(years)) != len(years):
        raise ScenarioError("each year appears once", ("year",))
    for col, name in zip(frame.columns, cols, strict=True):
        if name == "year":
            continue
        match = _COLUMN.match(name)
        if not match:
            raise ScenarioError(
                f"column {name!r}: write KEY (levels) or KEY.growth, KEY.real_growth, KEY.change with "
                "KEY a short English name (gdp)",
                (name,),
            )
        key, suffix = match.group(1), match.group(2) or ""
        percent = suffix in ("growth", "real_growth")
        values = {}
        for i, (year, raw) in enumerate(zip(years, frame[col], strict=True)):
            value = _number(raw, percent, (name, i + 2))
            if value is not None:
                values[year] = value
        out.setdefault(key, {})[suffix] = values
    return out


def _level_growth(levels: Mapping[int, float]) -> dict[int, float]:
    return {y: levels[y] / levels[y - 1] - 1.0 for y in sorted(levels)
            if y - 1 in levels and levels[y - 1] > 0}


def _series(name: str, kind: str, values: Mapping[int, float]) -> Series:
    years = tuple(sorted(values))
    return Series(name, kind, years, tuple(values[y] for y in years))


def driver_series(frame: pd.DataFrame) -> list[Series]:
    """The driver series of a history table (see the module docstring for the layout)."""
    out = []
    for key, parts in _columns(frame).items():
        nominal = dict(_level_growth(parts.get("", {})))
        nominal.update(parts.get("growth", {}))
        real = parts.get("real_growth", {})
        if real:
            out.append(_series(key, "real_growth", real))
            deflator = {y: (1 + nominal[y]) / (1 + real[y]) - 1 for y in real if y in nominal}
            if deflator:
                out.append(_series(f"{key}.deflator", "deflator", deflator))
        elif nominal:
            out.append(_series(key, "growth", nominal))
        elif parts.get("change"):
            out.append(_series(key, "change", parts["change"]))
        else:
            raise ScenarioError(f"{key}: needs at least two consecutive levels or a growth column", (key,))
    return out
