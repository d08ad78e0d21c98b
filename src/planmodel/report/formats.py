"""Every number a reader sees, written once: probabilities, intervals, levels, rates, percentage points.

One rounding rule: half-up (``Decimal``), never banker's rounding, and a probability is written with
the same number of decimals as its interval, so a rounded figure never lies outside its printed
interval (rounding is monotone). The decimals are the fewest that keep two significant figures of
the smaller side (0.0027%, 99.973%) — one decimal between 0.1% and 99.9% — and tell the two ends of
the interval apart. None or all of N draws is the one-sided 95% bound of the interval, rounded
outwards: ``< 0.0015%`` beside the interval ``0–0.0015%``.

Levels keep four significant figures at most (``1049亿元``, ``930.7亿元``, ``12.37万元``), shares one
decimal (``43.1%``); published values and targets are written as given (``930.71亿元``, ``7.5%``).
Rates are percent with one decimal; changes of shares are percentage points (百分点), never percent.

Pure: numbers in, text out. Units are written through :mod:`planmodel.report.i18n`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal
from typing import Literal

from planmodel.report import i18n
from planmodel.units import Unit

__all__ = [
    "Probability",
    "Reading",
    "change",
    "fixed",
    "level",
    "number",
    "percent",
    "points",
    "scenario_rate",
    "significant",
    "probability",
    "rate",
    "published",
]

DASH = "—"
"""What an empty cell shows."""
NBSP = "\u00a0"
"""Keeps ``<`` with its number: a line never breaks inside ``< 0.0015%``."""


def quantize(x: float, decimals: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """``x`` rounded to ``decimals`` places (half-up unless told otherwise), exactly.

    The precision is widened to the digits the result needs, so an absurd magnitude (a level of
    1e300 from an extreme assumption) is written out rather than failing.
    """
    value = Decimal(repr(float(x)))
    digits = max(28, value.adjusted() + decimals + 2)
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=rounding, context=Context(prec=digits))


def fixed(x: float, decimals: int, lang: str = "zh", rounding: str = ROUND_HALF_UP) -> str:
    """``x`` with exactly ``decimals`` places; thousands separators in English; no ``-0``."""
    q = quantize(x, decimals, rounding)
    if q == 0:
        q = abs(q)
    return f"{q:,f}" if lang == "en" else f"{q:f}"


def number(x: float, lang: str = "zh", max_decimals: int = 2) -> str:
    """A number as a plan writes it, without trailing zeros: ``1200``, ``7.5``, ``930.71``."""
    text = fixed(x, max_decimals, lang)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def given_decimals(x: float, at_least: int = 0, at_most: int = 6) -> int:
    """Decimals that write ``x`` as it was given (``930.71`` → 2, ``0.998`` → 3), within bounds.

    The fewest decimals (from ``at_least``) whose rounding is ``x`` up to float noise; ``at_most``
    for values that are not short decimals (a computed 1/3).
    """
    if not math.isfinite(x):
        return at_least
    tolerance = 1e-9 * max(1.0, abs(x))
    for decimals in range(at_least, at_most + 1):
        if abs(round(x, decimals) - x) <= tolerance:
            return decimals
    return at_most


def significant_decimals(x: float, digits: int = 2) -> int:
    """Decimals that show ``digits`` significant figures of ``x`` (at least 0)."""
    if x == 0 or not math.isfinite(x):
        return 0
    return max(0, digits - 1 - math.floor(math.log10(abs(x))))


# --------------------------------------------------------------------------------------------
# Probabilities
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probability:
    """A probability and its 95% interval as written, and the value a status band is judged on.

    ``point`` is ``26.7%``, ``< 0.0015%`` or ``> 99.9985%``; ``low``/``high`` are the interval's ends
    with the same decimals. ``shown`` is the percent value the reader sees (the bound itself for
    ``<``/``>``), so the status colour follows the displayed number.
    """

    point: str
    low: str
    high: str
    decimals: int
    shown: Decimal
    bound: Literal["upper", "lower"] | None = None

    @property
    def interval(self) -> str:
        """``26.5%–26.9%``."""
        return f"{self.low}–{self.high}"


def _pct(x: float, d: int, rounding: str = ROUND_HALF_UP) -> str:
    return fixed(100 * x, d, rounding=rounding) + "%"


def _bound(x: float, upward: bool) -> tuple[str, Decimal, int]:
    """A one-sided bound in percent, two significant figures of its small side, rounded outwards."""
    tail = min(x, 1 - x)
    d = max(1, significant_decimals(100 * tail))
    q = quantize(100 * x, d, ROUND_CEILING if upward else ROUND_FLOOR)
    return f"{q:f}%", q, d


def probability(successes: int, draws: int, ci_low: float, ci_high: float) -> Probability:
    """Write a sampled probability and its interval (see the module docstring for the rule)."""
    if successes <= 0:
        text, q, d = _bound(ci_high, upward=True)
        return Probability(f"<{NBSP}{text}", "0%", text, d, q, "upper")
    if successes >= draws:
        text, q, d = _bound(ci_low, upward=False)
        return Probability(f">{NBSP}{text}", text, "100%", d, q, "lower")
    p = successes / draws
    tail = min(p, 1 - p)
    d = 1 if tail >= 0.001 else max(1, significant_decimals(100 * tail))
    low, high = max(ci_low, 0.0), min(ci_high, 1.0)
    for extra in range(4):  # the fewest decimals that tell the ends apart
        if _pct(low, d + extra) != _pct(high, d + extra):
            d += extra
            break
    return Probability(_pct(p, d), _pct(low, d), _pct(high, d), d, quantize(100 * p, d))


def percent(x: float, decimals: int = 1) -> str:
    """A fraction as percent with fixed decimals: ``0.2345`` → ``23.5%``."""
    return _pct(x, decimals)


# --------------------------------------------------------------------------------------------
# Levels, rates, points
# --------------------------------------------------------------------------------------------


def level_decimals(x: float) -> int:
    """Decimals of a simulated level: four significant figures at most, two decimals at most."""
    magnitude = abs(x)
    if magnitude >= 1000:
        return 0
    if magnitude >= 100:
        return 1
    if magnitude >= 1:
        return 2
    return 3


def unit_scale(unit: Unit, lang: str) -> tuple[float, str, int]:
    """How a level in ``unit`` is written in ``lang``: factor, unit text, decimal shift."""
    if lang == "zh":
        return 1.0, unit.symbol, 0
    return i18n.unit_en(unit)


@dataclass(frozen=True)
class Reading:
    """A number as written, the value behind the digits (in the unit shown) and its decimals."""

    text: str
    value: float
    decimals: int


def level_reading(x: float, unit: Unit, lang: str = "zh", exact: bool = False) -> Reading:
    """A level with its unit (see :func:`level`), with the value and decimals it shows.

    ``exact`` writes a known value as given: every decimal it has (up to six), no trailing zeros,
    so a published 0.998 reads 0.998, never 1.
    """
    factor, symbol, shift = unit_scale(unit, lang)
    value = x * factor
    if exact:
        digits = number(value, lang, given_decimals(value, at_least=max(0, 2 + shift)))
        decimals = len(digits.split(".")[1]) if "." in digits else 0
    else:
        share = unit.symbol in ("%", "‰")
        if share:
            decimals = 1 if abs(x) >= 1 else 2
        elif unit.dimension.startswith("count"):
            decimals = 0 if abs(x) >= 10 else 1  # 108家, not 108.0家
        else:
            decimals = max(0, level_decimals(x) + shift)
        digits = fixed(value, decimals, lang)
    return Reading(_with_unit(digits, symbol, lang), value, decimals)


def level(x: float, unit: Unit, lang: str = "zh") -> str:
    """A level with its unit: ``1049亿元`` / ``104.9 bn yuan``; shares ``43.09%`` → ``43.1%``."""
    if x is None or not math.isfinite(x):
        return DASH
    return level_reading(x, unit, lang).text


def published(x: float, unit: Unit, lang: str = "zh") -> str:
    """A known value as given (up to two decimals, no trailing zeros): ``930.71亿元``, ``20%``."""
    return level_reading(x, unit, lang, exact=True).text


def difference(x: float, unit: Unit, lang: str = "zh") -> str:
    """The difference of two values as shown, with the decimals it has: ``269.29亿元``, ``0.002``."""
    factor, symbol, _shift = unit_scale(unit, lang)
    return _with_unit(number(x * factor, lang, 6), symbol, lang)


def _with_unit(text: str, symbol: str, lang: str) -> str:
    if not symbol:
        return text
    if lang == "en" and symbol not in ("%", "‰"):
        return f"{text} {symbol}"
    return text + symbol


def rate(x: float, signed: bool = False) -> str:
    """A growth rate (fraction) as percent with one decimal: ``0.1355`` → ``13.5%``."""
    text = fixed(100 * x, 1)
    if signed and not text.startswith("-") and quantize(100 * x, 1) != 0:
        text = "+" + text
    return text + "%"


def scenario_rate(x: float) -> str:
    """A rate as the scenario language writes it, to 0.01 percentage point: ``0.075`` → ``7.5%``.

    For text that goes into a scenario or case file (``planmodel fit``'s YAML block, the back-test
    rule), where the number must read back as written; reports use :func:`rate` or :func:`percent`.
    """
    return number(100 * x, "zh", 2) + "%"


def significant(x: float, digits: int) -> str:
    """``x`` to ``digits`` significant figures (half-up), without trailing zeros or exponent.

    ``significant(196.34, 4)`` → ``196.3``; ``significant(12345, 4)`` → ``12350``.
    """
    q = Decimal(repr(float(x))).normalize(Context(prec=digits, rounding=ROUND_HALF_UP))
    text = f"{q:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def points(x: float, lang: str = "zh", signed: bool = False, decimals: int | None = None) -> str:
    """A change of a share in percentage points: ``1.2个百分点`` / ``1.2 pp``.

    One decimal (two below 0.095), unless ``decimals`` is given (a difference of two figures
    shown with that many).
    """
    d = decimals if decimals is not None else (1 if abs(x) >= 0.095 or x == 0 else 2)
    text = fixed(x, d, lang)
    if signed and not text.startswith("-") and quantize(x, d) != 0:
        text = "+" + text
    return text + i18n.text("points_unit", lang)


def change_reading(x: float, unit: Unit, lang: str = "zh") -> Reading:
    """A signed yearly change (see :func:`change`) with the value and decimals it shows."""
    if unit.symbol in ("%", "‰"):
        d = 1 if abs(x) >= 0.095 or x == 0 else 2
        return Reading(points(x, lang, signed=True), x, d)
    factor, symbol, shift = unit_scale(unit, lang)
    d = max(0, (2 if abs(x) < 1 else 1 if abs(x) < 10 else 0) + shift)
    text = fixed(x * factor, d, lang)
    if not text.startswith("-") and quantize(x * factor, d) != 0:
        text = "+" + text
    return Reading(_with_unit(text, symbol, lang), x * factor, d)


def change(x: float, unit: Unit, lang: str = "zh", signed: bool = False) -> str:
    """A yearly change in the indicator's unit; percentage points for shares."""
    text = change_reading(x, unit, lang).text
    return text if signed or not text.startswith("+") else text[1:]


def threshold(value: float | tuple[float, float], unit: Unit, rate_measure: bool, lang: str = "zh") -> str:
    """A target value as the plan writes it: ``1200亿元``, ``7.5%``, ``300–360亿元``."""

    def one(x: float) -> str:
        if rate_measure:
            return number(100 * x, lang, 2) + "%"
        factor, _symbol, shift = unit_scale(unit, lang)
        return number(x * factor, lang, max(0, 2 + shift))

    symbol = "" if rate_measure else unit_scale(unit, lang)[1]
    if isinstance(value, tuple):
        return _with_unit(f"{one(value[0])}–{one(value[1])}", symbol, lang)
    return _with_unit(one(value), symbol, lang)
