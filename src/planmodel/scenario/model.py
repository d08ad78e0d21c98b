"""The scenario: what a planner assumes and targets, as immutable validated data.

A :class:`Scenario` is built from YAML data by :func:`planmodel.scenario.parser.scenario_from_mapping`
and checked as a whole by :mod:`planmodel.scenario.checks`; once built it cannot drift. It knows
nothing of arrays, files or run settings (draws, seed, workers: see :mod:`planmodel.settings`).
The target vocabulary (measures, comparisons, price bases) is declared here once.

Price basis is explicit. An indicator gives exactly one growth driver:

- ``real_growth`` (可比价) plus a ``deflator``: current-price level = real growth × price change;
- ``growth``: growth of the level itself (a current-price total with no real split, or a quantity
  without prices such as population);
- ``change``: an additive yearly change in the indicator's unit (城镇化率 +0.8个百分点 a year).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

import numpy as np

from ..distributions import Distribution
from ..expressions import Formula
from ..units import Unit

DriverKind = Literal["real_growth", "growth", "change"]

ValueStatus = Literal["published", "preliminary", "assumed"]
"""What a known value is: published data, a preliminary figure (预计/初步核算), or an assumption.
Years filled between published values are not known values: they are simulated."""

Measure = Literal["level", "growth", "avg_growth", "cumulative", "joint"]
"""What a target compares: a level, growth in a year, average growth over a span, a sum, or all of
several targets at once."""
Comparison = Literal["at_least", "at_most", "between", "all_of"]
Basis = Literal["nominal", "real", "none"]
"""Price basis of a growth target: 现价 (nominal), 可比价 (real), or none (no prices involved)."""

MEASURES: tuple[str, ...] = tuple(m for m in get_args(Measure) if m != "joint")
"""Measures a planner writes (``measure:``); joint targets are written with ``all_of``."""
COMPARISONS: tuple[str, ...] = tuple(c for c in get_args(Comparison) if c != "all_of")
"""Comparison keys of a single target (``at_least: 1200亿元``)."""

# --------------------------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleEntry:
    """One distribution as written, for the years it covers, with the planner's reason."""

    years: tuple[int, ...] | None
    """``None``: every projected year."""
    distribution: Distribution
    reason: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Schedule:
    """Yearly distributions of a growth driver, a deflator or a change."""

    entries: tuple[ScheduleEntry, ...]

    def for_year(self, year: int) -> Distribution | None:
        """The distribution that applies in ``year`` (a year-specific entry beats 'all years')."""
        fallback = None
        for entry in self.entries:
            if entry.years is None:
                fallback = entry.distribution
            elif year in entry.years:
                return entry.distribution
        return fallback

    def covers(self, year: int) -> bool:
        """Whether some entry applies in ``year``."""
        return self.for_year(year) is not None


@dataclass(frozen=True)
class Observation:
    """A published value with where it comes from."""

    year: int
    value: float
    source: str | None = None
    note: str | None = None
    assumed: bool = False
    """True for a starting value the planner had to assume (not published); reports say so."""

    @property
    def status(self) -> ValueStatus:
        """How far the value can be trusted as data: published, or assumed by the planner."""
        return "assumed" if self.assumed else "published"


@dataclass(frozen=True)
class Indicator:
    """A simulated indicator: published levels plus yearly assumptions after the last of them."""

    key: str
    label: str
    unit: Unit
    driver_kind: DriverKind
    driver: Schedule
    deflator: Schedule | None = None
    actual: tuple[Observation, ...] = ()
    actual_growth: tuple[Observation, ...] = ()
    """Published growth (real for ``real_growth`` indicators, else of the level) by year."""
    persistence: float = 0.0
    """AR(1) coefficient of the standardised deviations from one year to the next."""
    region: str | None = None
    source: str | None = None
    note: str | None = None
    label_en: str | None = None

    @property
    def price_basis(self) -> Literal["split", "nominal_only", "no_prices"]:
        """How prices enter: a real/price split, a current-price total, or no prices at all."""
        if self.driver_kind == "real_growth":
            return "split"
        return "nominal_only" if self.unit.dimension == "money" else "no_prices"

    def actual_levels(self, up_to: int | None) -> dict[int, float]:
        """Published levels, at most up to year ``up_to`` (an as-of cut)."""
        return {o.year: o.value for o in self.actual if up_to is None or o.year <= up_to}

    def actual_growth_by_year(self, up_to: int | None) -> dict[int, float]:
        """Published growth rates, at most up to year ``up_to``."""
        return {o.year: o.value for o in self.actual_growth if up_to is None or o.year <= up_to}


@dataclass(frozen=True)
class Derived:
    """An indicator computed from others by a formula (人均GDP = gdp / population)."""

    key: str
    label: str
    unit: Unit
    formula: Formula
    region: str | None = None
    note: str | None = None
    label_en: str | None = None


@dataclass(frozen=True)
class Correlation:
    """Correlation of the standardised yearly shocks of two drivers (Gaussian copula)."""

    a: str
    b: str
    rho: float


@dataclass(frozen=True)
class Target:
    """A quantified target of a plan.

    ``measure`` is what is compared: a level in ``year``; growth in ``year`` (``basis`` real or
    nominal); average annual growth over ``first_year``..``year`` (base ``first_year - 1``); or the
    sum of levels over the span. A joint target (``all_of``) succeeds when all its members do.
    """

    name: str
    indicator: str | None
    measure: Measure
    basis: Basis
    comparison: Comparison
    year: int
    first_year: int | None = None
    threshold: float | tuple[float, float] | None = None
    members: tuple[str, ...] = ()
    strength: str | None = None
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Scenario:
    """A validated scenario. Immutable; knows nothing of arrays or files."""

    name: str
    horizon: int
    first_year: int
    indicators: tuple[Indicator, ...]
    derived: tuple[Derived, ...] = ()
    correlations: tuple[Correlation, ...] = ()
    targets: tuple[Target, ...] = ()
    base_year: int | None = None
    """Last year whose published data are used (an as-of cut); ``None`` uses them all."""
    region: str | None = None
    description: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def years(self) -> tuple[int, ...]:
        """The year grid of every path, ``first_year`` to ``horizon``."""
        return tuple(range(self.first_year, self.horizon + 1))

    def indicator(self, key: str) -> Indicator:
        """The simulated indicator called ``key``."""
        for ind in self.indicators:
            if ind.key == key:
                return ind
        raise KeyError(key)

    def anchor_year(self, key: str) -> int:
        """Last published level of a simulated indicator (simulation starts the year after)."""
        return max(self.indicator(key).actual_levels(self.base_year))

    def known_through(self, key: str) -> int:
        """Last year whose level is fixed by published data, for simulated or derived indicators.

        Published growth right after the last published level extends it, except for real growth
        with a deflator (prices are still uncertain).
        """
        simulated = {ind.key: ind for ind in self.indicators}
        if key in simulated:
            ind = simulated[key]
            year = self.anchor_year(key)
            growth = ind.actual_growth_by_year(self.base_year)
            while ind.deflator is None and year + 1 in growth and year + 1 <= self.horizon:
                year += 1
            return year
        derived = {d.key: d for d in self.derived}
        return min(self.known_through(name) for name in derived[key].formula.names)

    def labels(self) -> dict[str, str]:
        """Indicator key → label, simulated and derived."""
        out = {i.key: i.label for i in self.indicators}
        out.update({d.key: d.label for d in self.derived})
        return out

    def units(self) -> dict[str, Unit]:
        """Indicator key → unit, simulated and derived."""
        out = {i.key: i.unit for i in self.indicators}
        out.update({d.key: d.unit for d in self.derived})
        return out

    def driver_names(self) -> tuple[str, ...]:
        """Names of the random drivers in a stable order (``gdp``, ``gdp.deflator``, ...)."""
        names: list[str] = []
        for ind in self.indicators:
            names.append(ind.key)
            if ind.deflator is not None:
                names.append(f"{ind.key}.deflator")
        return tuple(names)



def correlation_matrix(s: Scenario) -> np.ndarray:
    """The drivers' correlation matrix in :meth:`Scenario.driver_names` order (not checked)."""
    names = s.driver_names()
    index = {n: i for i, n in enumerate(names)}
    matrix = np.eye(len(names))
    for c in s.correlations:
        i, j = index[c.a], index[c.b]
        matrix[i, j] = matrix[j, i] = c.rho
    return matrix
