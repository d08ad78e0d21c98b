"""Plan wording: the words that soften a target (左右, 力争…) and the tolerance each one carries.

Plans write "增长8.5%左右", "力争突破2000亿元", "8.1%以上". A target is always judged strictly on
its number; a word that carries a tolerance adds a second, *tolerant* reading (met if within the
tolerance short of the number), and the reports show both where they differ. The tolerances are a
convention of planmodel, not a rule of any statistics office, and are settable:

========================= ============================ =================================
word                      rates and shares             other levels
========================= ============================ =================================
左右, 约, 上下             0.5 个百分点                   5% of the number
力争, 争取                 0.5 个百分点                   5% of the number
以上, 突破, 超过, 高于,     none (the number is a floor)  none
不低于, 确保, 达到, 以内…
========================= ============================ =================================

"Rates" are growth targets (in percentage points of growth) and level targets on shares (% or
‰, in percentage points); other levels take a share of the number. A scenario changes the table
with ``wording: {左右: {rates: 0.3个百分点, levels: 3%}}`` and a single target with
``tolerance: 0.3个百分点`` (rates), ``tolerance: 3%`` (share of a level) or ``tolerance: 50亿元``;
``tolerance: 0`` turns the tolerant reading off. Only ``at_least`` and ``at_most`` targets have one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import KeyPath, ScenarioError
from ..units import Unit, parse_change, parse_quantity, parse_rate
from .fields import read_mapping

RATE_POINTS = 0.005
"""Default tolerance of 左右 / 力争 on rates and shares: 0.5 个百分点."""
LEVEL_SHARE = 0.05
"""Default tolerance of 左右 / 力争 on other levels: 5% of the number."""


@dataclass(frozen=True)
class Tolerance:
    """A word's tolerance: in rate points (fractions) and as a share of a level."""

    rates: float
    levels: float


DEFAULT_WORDING: dict[str, Tolerance] = {
    "左右": Tolerance(RATE_POINTS, LEVEL_SHARE),
    "约": Tolerance(RATE_POINTS, LEVEL_SHARE),
    "上下": Tolerance(RATE_POINTS, LEVEL_SHARE),
    "力争": Tolerance(RATE_POINTS, LEVEL_SHARE),
    "争取": Tolerance(RATE_POINTS, LEVEL_SHARE),
}
"""Words that carry a tolerance; any other word (以上, 突破, 确保, 达到…) carries none."""


_PERCENT = Unit("%", "ratio", 0.01)


def _points(value: object, path: KeyPath) -> float:
    """``0.5个百分点``, ``0.5pp``, ``0.5%`` or ``0.005`` → 0.005 (a non-negative rate difference)."""
    text = str(value).strip().lower() if isinstance(value, str) else ""
    if text.endswith(("个百分点", "百分点", "pp")):
        out = parse_change(value, _PERCENT, path) / 100
    else:
        out = parse_rate(value, path)
    if out < 0:
        raise ScenarioError("a tolerance is zero or positive", path)
    return out


def read_wording(obj: object, path: KeyPath = ("wording",)) -> dict[str, Tolerance]:
    """The tolerance table: the defaults, changed or extended by the scenario's ``wording:``."""
    table = dict(DEFAULT_WORDING)
    if obj is None:
        return table
    if not isinstance(obj, Mapping):
        raise ScenarioError(
            "expected words mapped to tolerances, e.g. {左右: {rates: 0.5个百分点, levels: 5%}}", path
        )
    for word, spec in obj.items():
        here = (*path, word)
        if not isinstance(word, str) or not word.strip():
            raise ScenarioError("a word of the plan, e.g. 左右", here)
        entry = read_mapping(spec, here, ("rates", "levels"), ("rates", "levels"))
        levels = parse_rate(entry["levels"], (*here, "levels"))
        if not 0 <= levels < 1:
            message = "levels is a share of the number from 0% to below 100%, e.g. 5%"
            raise ScenarioError(message, (*here, "levels"))
        table[word.strip()] = Tolerance(_points(entry["rates"], (*here, "rates")), levels)
    return table


def _word(texts: tuple[str | None, ...], table: Mapping[str, Tolerance]) -> str | None:
    """The first word of the table found in the strength, then in the target's name."""
    for text in texts:
        for word in table:
            if text and word in text:
                return word
    return None


def target_tolerance(
    *,
    given: object,
    strength: str | None,
    name: str,
    rate_like: bool,
    comparison: str,
    threshold: float | tuple[float, float],
    unit: Unit,
    table: Mapping[str, Tolerance],
    path: KeyPath,
) -> tuple[float | None, str | None]:
    """A target's tolerance (in its threshold's unit) and the word that set it.

    ``given`` is the target's own ``tolerance:`` (None when absent). ``rate_like`` is True for
    growth measures and for levels of shares (% or ‰).
    """
    if comparison not in ("at_least", "at_most") or isinstance(threshold, tuple):
        if given is not None:
            raise ScenarioError("a tolerance applies to at_least and at_most targets", (*path, "tolerance"))
        return None, None
    if given is not None:
        return _given(given, rate_like, threshold, unit, (*path, "tolerance")), "tolerance"
    word = _word((strength, name), table)
    if word is None:
        return None, None
    tol = table[word]
    if rate_like:
        amount = tol.rates if unit.symbol not in ("%", "‰") else tol.rates / unit.scale
    else:
        amount = tol.levels * abs(threshold)
    return (amount, word) if amount > 0 else (None, None)


def _given(value: object, rate_like: bool, threshold: float, unit: Unit, path: KeyPath) -> float | None:
    """A target's own tolerance: points for rates and shares, a share or an amount for levels."""
    if rate_like:
        amount = _points(value, path)
        return (amount / unit.scale if unit.symbol in ("%", "‰") else amount) or None
    if isinstance(value, str) and value.strip().endswith(("%", "％")):
        share = parse_rate(value, path)
        if share < 0:
            raise ScenarioError("a tolerance is zero or positive", path)
        return share * abs(threshold) or None
    amount = parse_quantity(value, unit, path)
    if amount < 0:
        raise ScenarioError("a tolerance is zero or positive", path)
    return amount or None
