"""How fast an indicator must move to reach a target, how fast it is projected to, and how fast it did.

Every pace is measured from one start point per indicator: its latest known year
(:func:`start_point`), so that every target of an indicator is compared with the same value. For a
derived indicator that is the latest year in which any of its parts is known (人均GDP from the 2024
GDP, not from the 2021 population census), valued at its median draw and marked ``simulated`` when a
part of it is projected.

Paces are average annual growth rates (fractions) for levels, and yearly changes in the indicator's
unit for shares (percentage points) and for indicators that move by additive changes. Pure numpy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from .known import components, value_status
from .results import Evidence, HistoricalGrowth, Paths
from .scenario import Scenario, Target
from .targets import growth_basis

PaceKind = Literal["growth", "change"]


@dataclass(frozen=True)
class StartPoint:
    """An indicator's latest known year, its value there and how that value is known."""

    year: int
    value: float
    status: Evidence


@dataclass(frozen=True)
class Pace:
    """What a target asks of its indicator from the start point, and what the draws project."""

    nominal: float | None = None
    real: float | None = None
    change: float | None = None
    upper: float | None = None
    """For a range target: the pace that reaches its upper end (same kind as the lower)."""
    real_upper: float | None = None
    """For a range target of a split indicator: the real growth that reaches its upper end."""
    projected: float | None = None


def pace_kind(scenario: Scenario, key: str) -> PaceKind:
    """``change`` for shares (%, ‰) and indicators that move additively, else ``growth``."""
    unit = scenario.units()[key]
    simulated = {i.key: i for i in scenario.indicators}
    if unit.symbol in ("%", "‰") or (key in simulated and simulated[key].driver_kind == "change"):
        return "change"
    return "growth"


def start_point(scenario: Scenario, key: str, paths: Paths, basis: str = "revised") -> StartPoint:
    """The latest known year of ``key`` and its value there, on the census ``basis`` of the target.

    A published level is taken as published; a derived value, or a level carried across a census
    revision to the other basis, is the median draw and marked ``simulated``.
    """
    simulated = {i.key: i for i in scenario.indicators}
    parts = [simulated[c] for c in components(scenario, key)]  # none for a constant: always known
    if key in simulated:
        year = scenario.known_through(key)
    else:
        year = min(
            max((scenario.known_through(c.key) for c in parts), default=scenario.horizon), scenario.horizon
        )
    value = float(np.median(paths.levels[key][:, paths.years.index(year)]))
    status = value_status(scenario, key, year)
    if any(i.rebase is not None and (year >= i.rebase.year) != (basis == "revised") for i in parts):
        return StartPoint(year, value, "simulated")
    published = simulated[key].observations(scenario.base_year).get(year) if key in simulated else None
    return StartPoint(year, value if published is None else published.value, status)


def _median(x: np.ndarray) -> float | None:
    x = x[np.isfinite(x)]
    return float(np.median(x)) if x.size else None


def _growth_to(value: float, start: StartPoint, years: int) -> float | None:
    if start.value <= 0 or value <= 0:
        return None
    return float((value / start.value) ** (1 / years) - 1)


def level_pace(scenario: Scenario, target: Target, paths: Paths, start: StartPoint) -> Pace:
    """Pace from the start point to a level target's threshold (both ends of a range)."""
    key = target.indicator or ""
    if target.measure != "level" or target.threshold is None or target.year <= start.year:
        return Pace()
    n = target.year - start.year
    low, high = target.threshold if isinstance(target.threshold, tuple) else (target.threshold, None)
    column = paths.levels[key][:, paths.years.index(target.year)]
    base = paths.levels[key][:, paths.years.index(start.year)]
    if pace_kind(scenario, key) == "change":
        return Pace(
            change=(low - start.value) / n,
            upper=None if high is None else (high - start.value) / n,
            projected=_median((column - base) / n),
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        projected = _median((column / base) ** (1 / n) - 1)
    nominal = _growth_to(low, start, n)
    upper = None if high is None else _growth_to(high, start, n)
    real = real_upper = None
    if nominal is not None and key in paths.price_index:
        index = paths.price_index[key]
        prices = index[:, paths.years.index(target.year)] / index[:, paths.years.index(start.year)]
        yearly_prices = float(np.median(prices)) ** (1 / n)
        real = float((1 + nominal) / yearly_prices - 1)
        real_upper = None if upper is None else float((1 + upper) / yearly_prices - 1)
    return Pace(nominal=nominal, real=real, upper=upper, real_upper=real_upper, projected=projected)


def average_growth_pace(scenario: Scenario, target: Target, paths: Paths, start: StartPoint) -> Pace:
    """For 年均增长 over a span partly past: the growth the remaining years need (on its basis)."""
    if target.measure != "avg_growth" or target.first_year is None or target.year <= start.year:
        return Pace()
    if not isinstance(target.threshold, float):
        return Pace()
    key = target.indicator or ""
    threshold = target.threshold
    span = target.year - target.first_year + 1
    remaining = target.year - max(start.year, target.first_year - 1)
    real = growth_basis(scenario, target) == "real"
    if remaining >= span:
        return Pace(real=threshold) if real else Pace(nominal=threshold)
    done = slice(paths.years.index(target.first_year), paths.years.index(start.year) + 1)
    if real:
        realised = _median(np.prod(1 + paths.real_growth[key][:, done], axis=1))
    else:
        lv = paths.levels[key]
        realised = _median(
            lv[:, paths.years.index(start.year)] / lv[:, paths.years.index(target.first_year - 1)]
        )
    if realised is None or realised <= 0:
        return Pace()
    need = float(((1 + threshold) ** span / realised) ** (1 / remaining) - 1)
    return Pace(real=need) if real else Pace(nominal=need)


def _rebased_between(scenario: Scenario, key: str, first: int, last: int) -> bool:
    """Whether a census revision of ``key`` (or of a part of it) falls after ``first`` up to ``last``."""
    simulated = {i.key: i for i in scenario.indicators}
    parts = [simulated[c] for c in components(scenario, key)]
    return any(i.rebase is not None and first < i.rebase.year <= last for i in parts)


def historical(scenario: Scenario, key: str, paths: Paths) -> HistoricalGrowth | None:
    """The pace between the last two known levels (for a derived indicator: with all parts known).

    Levels are those the scenario gives (published, preliminary or assumed); years filled between
    them are not used. Real growth is given where every year's real growth is known.
    """
    simulated = {i.key: i for i in scenario.indicators}
    cut = scenario.base_year
    if key in simulated:
        ind = simulated[key]
        levels = ind.actual_levels(cut)
    else:
        parts = [set(simulated[c].actual_levels(cut)) for c in components(scenario, key)]
        common = sorted(set.intersection(*parts)) if parts else []
        levels = {y: float(np.median(paths.levels[key][:, paths.years.index(y)])) for y in common}
    years = sorted(levels)
    if len(years) < 2:
        return None
    first, last = years[-2], years[-1]
    n = last - first
    if _rebased_between(scenario, key, first, last):  # published on two bases: compare draw by draw
        a, b = (paths.levels[key][:, paths.years.index(y)] for y in (first, last))
        if pace_kind(scenario, key) == "change":
            return HistoricalGrowth(first, last, None, None, _median((b - a) / n))
        with np.errstate(divide="ignore", invalid="ignore"):
            nominal = _median((b / a) ** (1 / n) - 1)
        if nominal is None:
            return None
    elif pace_kind(scenario, key) == "change":
        return HistoricalGrowth(first, last, None, None, (levels[last] - levels[first]) / n)
    elif levels[first] <= 0 or levels[last] <= 0:
        return None
    else:
        nominal = (levels[last] / levels[first]) ** (1 / n) - 1
    real = None
    ind_or_none = simulated.get(key)
    if ind_or_none is not None and ind_or_none.price_basis == "split":
        growth = ind_or_none.actual_growth_by_year(cut)
        if all(y in growth for y in range(first + 1, last + 1)):
            factor = float(np.prod([1 + growth[y] for y in range(first + 1, last + 1)]))
            real = factor ** (1 / (last - first)) - 1
    return HistoricalGrowth(first, last, nominal, real)
