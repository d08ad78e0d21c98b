"""Units and quantities as planners write them: 亿元/万元/元, 万人, %, ‰, 家, 平方公里.

This module owns the unit table (:data:`UNITS`), the parsing of planners' quantity notation
(``"1,200亿元"``, ``"14万元"``, ``"68%"``, ``"0.8个百分点"``), growth-rate notation (``"7.5%"`` →
0.075), conversion within a dimension and the formatting of numbers back into that notation.

Every parser takes the key path of the field it reads and raises
:class:`~planmodel.errors.ScenarioError` with a one-line message saying what was wrong and what
would be valid. It imports nothing from planmodel except :mod:`planmodel.errors`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from numbers import Real
from typing import TypeVar

import numpy as np

from planmodel.errors import KeyPath, ScenarioError

__all__ = [
    "UNITS",
    "Unit",
    "convert",
    "format_quantity",
    "format_rate",
    "parse_change",
    "parse_quantity",
    "parse_rate",
    "parse_unit",
    "quantities_in_text",
]


@dataclass(frozen=True)
class Unit:
    """A unit of measure: its symbol, its dimension and its size in the dimension's base unit.

    Attributes
    ----------
    symbol
        The symbol as planners write it (``"亿元"``); ``""`` is a plain dimensionless number.
    dimension
        Quantities convert only within one dimension (``"money"``, ``"people"``, ``"ratio"``,
        ``"area"``, ``"count of 家"``…). Each count noun is its own dimension, so 家 ≠ 个.
    scale
        How many base units one of this unit is (亿元 → 1e8 元; % → 0.01).
    """

    symbol: str
    dimension: str
    scale: float


def _count(symbol: str) -> tuple[str, float]:
    return (f"count of {symbol}", 1.0)


# The one table of units: symbol -> (dimension, scale to the dimension's base unit).
# Base units: 元 (money), 人 (people), a plain fraction (ratio), 平方公里 (area), one item (counts).
_UNIT_TABLE: dict[str, tuple[str, float]] = {
    "元": ("money", 1.0),
    "千元": ("money", 1e3),
    "万元": ("money", 1e4),
    "亿元": ("money", 1e8),
    "万亿元": ("money", 1e12),
    "人": ("people", 1.0),
    "万人": ("people", 1e4),
    "%": ("ratio", 0.01),
    "‰": ("ratio", 0.001),
    "倍": ("ratio", 1.0),
    "": ("ratio", 1.0),
    "家": _count("家"),
    "个": _count("个"),
    "项": _count("项"),
    "户": _count("户"),
    "所": _count("所"),
    "平方公里": ("area", 1.0),
    "万平方米": ("area", 0.01),
}

#: Every known unit by symbol (read-only by convention; extend :data:`_UNIT_TABLE`).
UNITS: dict[str, Unit] = {sym: Unit(sym, dim, scale) for sym, (dim, scale) in _UNIT_TABLE.items()}

# Other spellings of a known unit (after NFKC normalisation).
_ALIASES: dict[str, str] = {"平方千米": "平方公里", "km2": "平方公里"}

# Magnitude words that planners sometimes write without the noun ("1200亿").
_BARE_MAGNITUDES: dict[str, float] = {"千": 1e3, "万": 1e4, "亿": 1e8, "万亿": 1e12}

_BASE_SYMBOL: dict[str, str] = {"money": "元", "people": "人"}

_PERCENT_POINT_SUFFIXES = ("个百分点", "百分点", "pp")

_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?"
_QUANTITY_RE = re.compile(rf"^(?P<number>{_NUMBER})\s*(?P<unit>.*?)$")

_T = TypeVar("_T", float, np.ndarray)

_LITERAL_SYMBOLS = sorted([s for s in _UNIT_TABLE if s] + list(_ALIASES), key=len, reverse=True)
_QUANTITY_IN_TEXT = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*("
    + "|".join(re.escape(u) for u in _LITERAL_SYMBOLS)
    + ")"
)


def quantities_in_text(text: str) -> list[tuple[int, int, float, Unit, str]]:
    """Numbers written with a unit inside a formula (``gdp - 1000亿元``, ``share - 40%``).

    Returns ``(start, end, number, unit, as_written)`` for each, left to right; a number that is
    part of a name (``gdp2``) is not one.
    """
    out = []
    for match in _QUANTITY_IN_TEXT.finditer(text):
        symbol = _ALIASES.get(match[2], match[2])
        out.append((match.start(), match.end(), float(match[1]), UNITS[symbol], match[0]))
    return out


def _valid_units_text() -> str:
    return ", ".join("'' (plain number)" if s == "" else s for s in UNITS)


def _normalise(text: str) -> str:
    """NFKC-normalise (full-width digits, ％, －), map the Unicode minus and strip spaces."""
    return unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()


def parse_unit(symbol: str, path: KeyPath = ()) -> Unit:
    """Look up a unit symbol such as ``"亿元"`` or ``"%"``.

    Parameters
    ----------
    symbol
        The symbol as written; full-width forms are normalised (``"％"`` → ``"%"``).
    path
        Key path of the field, for the error message.

    Returns
    -------
    Unit
        The unit from :data:`UNITS`.

    Raises
    ------
    ScenarioError
        If the symbol is not a string or not a known unit; the message lists the valid symbols.
    """
    if not isinstance(symbol, str):
        raise ScenarioError(
            f"unit must be text such as 亿元, got {symbol!r} — valid units: {_valid_units_text()}",
            path,
        )
    key = _normalise(symbol)
    key = _ALIASES.get(key, key)
    if key not in UNITS:
        raise ScenarioError(f"unknown unit '{symbol}' — valid units: {_valid_units_text()}", path)
    return UNITS[key]


def convert(value: _T, from_unit: Unit, to_unit: Unit) -> _T:
    """Express ``value`` (in ``from_unit``) in ``to_unit``; works on floats and arrays.

    Divides by an exact power of ten where possible so that ``0.12万亿元`` is exactly 1200亿元.

    Raises
    ------
    ValueError
        If the units have different dimensions.
    """
    if from_unit.dimension != to_unit.dimension:
        raise ValueError(
            f"cannot convert {from_unit.symbol or 'a plain number'} ({from_unit.dimension}) "
            f"to {to_unit.symbol or 'a plain number'} ({to_unit.dimension}) — "
            "convert only within one dimension"
        )
    if from_unit.scale == to_unit.scale:
        return value
    if from_unit.scale < to_unit.scale:
        return value / _clean_factor(to_unit.scale / from_unit.scale)
    return value * _clean_factor(from_unit.scale / to_unit.scale)


def _clean_factor(factor: float) -> float:
    """Snap a factor ≥ 1 that is an integer up to rounding (0.01/0.001) to that integer."""
    nearest = float(round(factor))
    return nearest if abs(factor - nearest) <= 1e-9 * factor else factor


MAX_MAGNITUDE = 1e15
"""Largest number a scenario may write (in its unit): far above any plan's figure (全国GDP is about
1.3e14元), far below where sums and growth over two centuries could overflow."""


def _bounded(number: float, shown: object, what: str, example: str, path: KeyPath) -> float:
    """``number`` if finite and at most :data:`MAX_MAGNITUDE` in size, else a located error."""
    if not math.isfinite(number):
        raise ScenarioError(f"{what} must be a finite number such as {example}, got {shown!r}", path)
    if abs(number) > MAX_MAGNITUDE:
        raise ScenarioError(
            f"{what} {shown} is beyond any figure a plan uses (at most 10^15 in its "
            f"unit) — check the number and its unit, e.g. {example}",
            path,
        )
    return number


def _number_or_text(value: object, what: str, example: str, path: KeyPath) -> float | str:
    """Return a bare real number as a bounded finite float, a string unchanged, else raise."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ScenarioError(
            f"{what} must be a number or text such as {example}, got {value!r}", path
        )
    try:
        number = float(value)
    except OverflowError:  # an integer beyond float range
        number = math.inf
    return _bounded(number, value, what, example, path)


def _split_quantity(text: str, what: str, example: str, path: KeyPath) -> tuple[float, str]:
    """Split ``"1,200 亿元"`` into ``(1200.0, "亿元")`` after normalisation."""
    match = _QUANTITY_RE.match(_normalise(text))
    if match is None:
        raise ScenarioError(
            f"cannot read {what} '{text}' — write a number with an optional unit, e.g. {example}",
            path,
        )
    number = float(match.group("number").replace(",", ""))
    return _bounded(number, text, what, example, path), match.group("unit").strip()


def _dimension_phrase(unit: Unit) -> str:
    return "a plain number" if unit.symbol == "" else unit.dimension


def _lookup_unit_in_quantity(
    text: str, number: float, symbol: str, unit: Unit, path: KeyPath
) -> Unit:
    key = _ALIASES.get(symbol, symbol)
    if key in UNITS:
        return UNITS[key]
    suggestion = f"{number:g}{unit.symbol}"
    if symbol in _BARE_MAGNITUDES and unit.dimension in _BASE_SYMBOL:
        suggestion = f"{number:g}{symbol}{_BASE_SYMBOL[unit.dimension]}"
    raise ScenarioError(
        f"unknown unit '{symbol}' in '{text}' — write e.g. {suggestion}; "
        f"valid units: {_valid_units_text()}",
        path,
    )


def parse_quantity(value: object, unit: Unit, path: KeyPath = ()) -> float:
    """Read a level such as ``"1,200亿元"`` and return it expressed in ``unit``.

    A bare number, or a string without a unit (``"1200"``), is already in ``unit``. A string with a
    unit of the same dimension is converted (``"0.12万亿元"`` for an 亿元 indicator → 1200.0).

    Parameters
    ----------
    value
        A number or a string in planners' notation; full-width characters are accepted.
    unit
        The indicator's unit.
    path
        Key path of the field, for the error message.

    Returns
    -------
    float
        The value in ``unit``.

    Raises
    ------
    ScenarioError
        For booleans, None, lists, non-finite numbers, unreadable strings, unknown units, or a
        unit of another dimension.
    """
    example = f"1200{unit.symbol}" if unit.dimension == "money" else f"14{unit.symbol}"
    given = _number_or_text(value, "a quantity", example, path)
    if isinstance(given, float):
        return given
    number, symbol = _split_quantity(given, "quantity", example, path)
    if symbol == "":
        return number
    written = _lookup_unit_in_quantity(given, number, symbol, unit, path)
    if written.dimension != unit.dimension:
        raise ScenarioError(
            f"'{value}' is {_dimension_phrase(written)} but the indicator is in "
            f"{unit.symbol or 'plain numbers'} ({_dimension_phrase(unit)}) — "
            f"write e.g. {number:g}{unit.symbol}",
            path,
        )
    return convert(number, written, unit)


def _check_rate(rate: float, shown: str, path: KeyPath) -> float:
    if rate < -1.0:
        raise ScenarioError(
            f"rate {shown} is below -100% — a growth rate or share must be at least -100%", path
        )
    return rate


def parse_rate(value: object, path: KeyPath = ()) -> float:
    """Read a growth rate or share and return it as a fraction: ``"7.5%"`` → 0.075.

    Accepts ``"7.5%"``, ``"7.5 %"``, full-width ``"７.５％"``, ``"0.5‰"``, and bare fractions
    such as ``0.075``. A bare number with ``|x| > 1`` is rejected because ``7.5`` could mean 7.5%
    or 750%.

    Raises
    ------
    ScenarioError
        For ambiguous bare numbers, rates below -100%, other units, and non-numbers.
    """
    given = _number_or_text(value, "a rate", "7.5%", path)
    if isinstance(given, float):
        number = given
    else:
        number, symbol = _split_quantity(given, "rate", "7.5%", path)
        if symbol in ("%", "‰"):
            return _check_rate(convert(number, UNITS[symbol], UNITS[""]), given, path)
        if symbol != "":
            raise ScenarioError(
                f"'{value}' is not a rate — write a percentage such as 7.5% or a fraction "
                "such as 0.075",
                path,
            )
    if abs(number) > 1.0:
        raise ScenarioError(
            f"ambiguous rate {number:g} — write {number:g}% or {number / 100:g}", path
        )
    return _check_rate(number, f"{number:g}", path)


def _percent_points(text: str) -> str | None:
    """Return the number part of ``"0.8个百分点"`` / ``"0.8pp"``, or None."""
    stripped = _normalise(text)
    for suffix in _PERCENT_POINT_SUFFIXES:
        if stripped.lower().endswith(suffix):
            return stripped[: -len(suffix)].strip()
    return None


def parse_change(value: object, unit: Unit, path: KeyPath = ()) -> float:
    """Read an additive yearly change of an indicator, returned in the indicator's own unit.

    For an indicator in % (城镇化率), ``0.8``, ``"0.8个百分点"`` and ``"0.8pp"`` all mean +0.8
    percentage points; ``"0.8%"`` is rejected as ambiguous (relative or absolute?). For other
    units a quantity string is read like :func:`parse_quantity` (``"50亿元"``).

    Raises
    ------
    ScenarioError
        For ambiguous percentages on ratio indicators and anything :func:`parse_quantity` rejects.
    """
    if unit.dimension != "ratio" or not isinstance(value, str):
        return parse_quantity(value, unit, path)
    points = _percent_points(value)
    if points is not None:
        number, symbol = _split_quantity(points, "change", "0.8个百分点", path)
        if symbol:
            raise ScenarioError(
                f"cannot read change '{value}' — write e.g. 0.8个百分点 or 0.8pp", path
            )
        return convert(number, UNITS["%"], unit)
    number, symbol = _split_quantity(value, "change", "0.8个百分点", path)
    if symbol in ("%", "‰"):
        raise ScenarioError(
            f"ambiguous change '{value}' for an indicator in {unit.symbol or 'plain numbers'} — "
            f"write {number:g}个百分点 or {number:g}pp for percentage points",
            path,
        )
    return parse_quantity(value, unit, path)


def _default_digits(value: float) -> int:
    magnitude = abs(value)
    if magnitude >= 100:
        return 0
    if magnitude >= 10:
        return 1
    return 2


def _fixed(value: float, digits: int) -> str:
    text = f"{value:,.{digits}f}"
    if text.startswith("-") and float(text[1:].replace(",", "")) == 0.0:
        return text[1:]  # never print "-0.0"
    return text


def format_quantity(value: float, unit: Unit, digits: int | None = None) -> str:
    """Format a level in planners' notation: ``"1,200亿元"``, ``"14.2万元"``, ``"68.0%"``.

    Parameters
    ----------
    value
        The value in ``unit``.
    unit
        Its unit; the symbol is appended without a space.
    digits
        Decimals; by default 0 for ``|value| ≥ 100``, 1 for ``≥ 10``, else 2.
    """
    if digits is None:
        digits = _default_digits(value) if math.isfinite(value) else 0
    return f"{_fixed(value, digits)}{unit.symbol}"


def format_rate(x: float, digits: int = 1) -> str:
    """Format a fraction as a percentage: 0.075 → ``"7.5%"``, -0.01 → ``"-1.0%"``."""
    return f"{_fixed(x * 100.0, digits)}%"
