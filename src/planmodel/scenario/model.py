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
from typing import TYPE_CHECKING, Literal, get_args

import numpy as np

from ..distribution_base import Distribution
from ..formula_tree import Formula
from ..units import Unit

if TYPE_CHECKING:  # the readers of these import the model's vocabularies
    from .averages import AverageGrowth
    from .ytd import YearToDate

DriverKind = Literal["real_growth", "growth", "change"]

ValueStatus = Literal["published", "preliminary", "estimate", "assumed"]
"""What a known value is: a published figure (最终核实, or no vintage stated), a preliminary one
(初步核算 / 初步核实), an estimate made before the year's statistics (预计), or an assumption.
Years between two published levels are not known values: they are simulated (a bridge)."""

VINTAGES: dict[str, ValueStatus] = {
    "预计": "estimate",
    "estimate": "estimate",
    "初步核算": "preliminary",
    "初步核实": "preliminary",
    "preliminary": "preliminary",
    "最终核实": "published",
    "final": "published",
}
"""The vintages a planner may write (``vintage: 预计``) and the status each one gives a value."""

LevelBasis = Literal["revised", "pre_revision"]
"""The basis a level target is judged on when its indicator has a ``rebase`` (census revision):
the revised basis of the latest data, or the basis before the revision (when the target was set)."""
LEVEL_BASES: tuple[str, ...] = get_args(LevelBasis)

Attribute = Literal["binding", "expected"]
"""A plan's attribute of a target: 约束性 (binding, a promise that must be kept) or 预期性 (expected)."""
ATTRIBUTES: dict[str, Attribute] = {
    "binding": "binding",
    "约束性": "binding",
    "expected": "expected",
    "预期性": "expected",
}
"""What a planner may write for ``attribute:`` and what it means."""

Measure = Literal["level", "growth", "avg_growth", "cumulative", "joint"]
"""What a target compares: a level, growth in a year, average growth over a span, a sum, or all of
several targets at once."""
Comparison = Literal["at_least", "at_most", "between", "all_of"]
Basis = Literal["nominal", "real", "none"]
"""Price basis of a growth target: 现价 (nominal), 可比价 (real), or none (no prices involved)."""

ALLOW_CHECKS: dict[str, str] = {
    "scale": "a level or target more than 1,000 times off the indicator's published values",
    "growth": "a growth rate (assumed, published or targeted) above 100% a year",
}
"""Plausibility checks a planner may override where a number is really meant (``allow: [scale]``)."""
CalibrationName = Literal["none", "outside_view"]
"""How a scenario's growth assumptions are used: as written (``none``), or shifted and widened by
the errors plans have made before (``outside_view``, :mod:`planmodel.calibration`)."""
CALIBRATIONS: tuple[str, ...] = get_args(CalibrationName)

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
    """A published value with where it comes from, its vintage and how much it may be revised."""

    year: int
    value: float
    source: str | None = None
    note: str | None = None
    assumed: bool = False
    """True for a starting value the planner had to assume (not published); reports say so."""
    vintage: str | None = None
    """The vintage as written (预计, 初步核算, 最终核实, …; a key of :data:`VINTAGES`)."""
    revision_sd: float = 0.0
    """Standard deviation of the revision still to come: relative for levels that grow (2% of the
    value), in the indicator's unit for ``change`` indicators, in percentage points for growth."""

    @property
    def status(self) -> ValueStatus:
        """How far the value can be trusted as data: published, preliminary, estimate or assumed."""
        if self.assumed:
            return "assumed"
        return VINTAGES[self.vintage] if self.vintage is not None else "published"

    @property
    def is_certain(self) -> bool:
        """A published number with no revision to come: it can settle a target on its own."""
        return not self.assumed and self.revision_sd == 0.0


@dataclass(frozen=True)
class OverYears:
    """How a driver's deviations from its assumed mean behave across the simulated years.

    A draw of the driver in year ``t`` is ``F_t⁻¹(Φ(y_t)) + trend_sd · τ``: ``F_t`` is the year's
    distribution as written (its mean is the assumed mean), ``y_t`` a standard-normal AR(1) with
    coefficient ``persistence`` (correlated across drivers in the same year), and ``τ`` one
    standard normal per draw shared by every simulated year (doubt about the average itself).
    """

    trend_sd: float = 0.0
    """Standard deviation of the trend shift, in the driver's units (a rate, or the unit of a change)."""
    persistence: float = 0.0
    """AR(1) coefficient of the standardised yearly deviations, −1 < φ < 1."""
    start_deviation: float | None = None
    """The latest observed deviation from the assumed mean (H1 7.7% against 7.5% → 0.2%): the
    yearly process starts from it instead of from its stationary distribution."""
    reason: str | None = None
    source: str | None = None

    @property
    def is_default(self) -> bool:
        """True when nothing was stated (independent years, no trend doubt)."""
        return self.trend_sd == 0.0 and self.persistence == 0.0 and self.start_deviation is None


@dataclass(frozen=True)
class Rebase:
    """A census revision (普查修订): levels from ``year`` on are published on a new basis.

    ``shift`` is the distribution of new basis / old basis − 1 (a rate). Simulated levels are on the
    revised basis in every year; published levels before ``year`` are carried over by ``1 + shift``.
    """

    year: int
    shift: Distribution
    reason: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Driver:
    """One random yearly driver: an indicator's growth or change, or its deflator."""

    name: str
    """``gdp`` or ``gdp.deflator``: the name used in correlations and random streams."""
    indicator: str
    schedule: Schedule
    over_years: OverYears


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
    over_years: OverYears = OverYears()
    """Trend doubt and persistence of the growth (or change) driver."""
    deflator_over_years: OverYears = OverYears()
    """Trend doubt and persistence of the deflator (its own; nothing is borrowed from growth)."""
    rebase: Rebase | None = None
    region: str | None = None
    source: str | None = None
    note: str | None = None
    label_en: str | None = None
    actual_avg_growth: tuple[AverageGrowth, ...] = ()
    """Published averages over spans (``actual_avg_growth``), observations the draws are conditioned on."""

    ytd: tuple[YearToDate, ...] = ()
    """Year-to-date data (``ytd``): growth so far in a year still running."""

    def averages(self, up_to: int | None) -> tuple[AverageGrowth, ...]:
        """Published averages whose span ends by ``up_to`` (an as-of cut sets later ones aside)."""
        return tuple(a for a in self.actual_avg_growth if up_to is None or a.last <= up_to)
    allow: tuple[str, ...] = ()
    """Plausibility checks the planner overrides for this indicator (``allow: [scale]``, see
    :data:`ALLOW_CHECKS`)."""

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

    def observations(self, up_to: int | None) -> dict[int, Observation]:
        """Published levels as observations, at most up to year ``up_to``."""
        return {o.year: o for o in self.actual if up_to is None or o.year <= up_to}

    def growth_observations(self, up_to: int | None) -> dict[int, Observation]:
        """Published growth as observations, at most up to year ``up_to``."""
        return {o.year: o for o in self.actual_growth if up_to is None or o.year <= up_to}

    def drivers(self) -> tuple[Driver, ...]:
        """The indicator's random yearly drivers: its growth (or change), then its deflator."""
        out = [Driver(self.key, self.key, self.driver, self.over_years)]
        if self.deflator is not None:
            out.append(Driver(f"{self.key}.deflator", self.key, self.deflator, self.deflator_over_years))
        return tuple(out)


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
    """Correlation of two drivers (Gaussian copula).

    The same-year correlation of two yearly drivers, or the correlation of two once-per-draw
    numbers (trends ``gdp.trend``, census shifts ``gdp.rebase``).
    """

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
    level_basis: LevelBasis | None = None
    """For levels of an indicator with a ``rebase``: the basis judged on (``None``: no rebase)."""
    name_en: str | None = None
    """English name for reports in English (``name_en``); reports describe the target otherwise."""
    attribute: Attribute | None = None
    """约束性 (binding) or 预期性 (expected), as the plan's indicator table says; None if not stated."""
    tolerance: float | None = None
    """How far short of the threshold the plan's wording still counts as met (左右, 力争…): a rate
    for growth measures and shares, else in the indicator's unit; None or 0 for no tolerant reading."""
    tolerance_word: str | None = None
    """The word that set the tolerance (``左右``), or ``tolerance`` when the scenario states it."""
    reference: str | None = None
    """For a relative target (高于全省平均): the indicator whose same measure is compared; the
    threshold is then the margin (this target's measure minus the reference's)."""
    base_year: int | None = None
    """The plan's base year for the mid-term table (基期): given, or from the plan period."""
    allow: tuple[str, ...] = ()
    """Plausibility checks the planner overrides for this target (see :data:`ALLOW_CHECKS`)."""

    @property
    def tolerant_threshold(self) -> float | tuple[float, float] | None:
        """The threshold read with the wording's tolerance (the strict one when there is none)."""
        if not self.tolerance or self.threshold is None or isinstance(self.threshold, tuple):
            return self.threshold
        sign = -1.0 if self.comparison == "at_least" else 1.0
        return self.threshold + sign * self.tolerance


@dataclass(frozen=True)
class Task:
    """A plan item that has no number (or none that can be modelled): listed, never simulated."""

    name: str
    source: str | None = None
    note: str | None = None
    """Why it is not modelled, or what the plan says about it."""
    attribute: Attribute | None = None


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
    name_en: str | None = None
    """English title for reports in English (``scenario_en``); the title as written otherwise."""
    issuer: str | None = None
    """The unit that issues the briefing (``issuer``, e.g. 大冶市发展和改革局), shown on its title."""
    plan_period: tuple[int, int] | None = None
    """The plan's period (``plan_period: 2021-2025``): its base year is the year before the first."""
    tasks: tuple[Task, ...] = ()
    """Plan items without a number the model could use (``tasks:``), listed as not modelled."""
    calibration: CalibrationName = "none"
    """What the file asks for (``calibration:``): run the assumptions as written or calibrated."""
    calibrated: bool = False
    """True once :func:`planmodel.calibration.calibrate` has shifted and widened the assumptions."""

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
        """Last year whose level follows from published numbers alone, for simulated or derived ones.

        This is the last published level, extended by published growth right after it when that
        growth fixes the level: certain (no revision to come), not assumed, and without a deflator
        (real growth leaves prices uncertain). Whether a target is settled is decided more finely by
        :func:`planmodel.targets.is_determined`.
        """
        simulated = {ind.key: ind for ind in self.indicators}
        if key in simulated:
            ind = simulated[key]
            year = self.anchor_year(key)
            growth = ind.growth_observations(self.base_year)
            while (
                ind.deflator is None
                and year + 1 in growth
                and growth[year + 1].is_certain
                and year + 1 <= self.horizon
            ):
                year += 1
            return year
        derived = {d.key: d for d in self.derived}
        names = derived[key].formula.names
        return min((self.known_through(n) for n in names), default=self.horizon)  # a constant: known

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

    def drivers(self) -> tuple[Driver, ...]:
        """Every random yearly driver in a stable order (``gdp``, ``gdp.deflator``, ...)."""
        return tuple(d for ind in self.indicators for d in ind.drivers())

    def driver_names(self) -> tuple[str, ...]:
        """Names of the random yearly drivers in a stable order (``gdp``, ``gdp.deflator``, ...)."""
        return tuple(d.name for d in self.drivers())

    def static_names(self) -> tuple[str, ...]:
        """Names of the random numbers drawn once per draw: trends (``gdp.trend``) and rebases."""
        names = [f"{d.name}.trend" for d in self.drivers() if d.over_years.trend_sd > 0]
        names += [f"{i.key}.rebase" for i in self.indicators if i.rebase is not None]
        return tuple(names)



def correlation_matrix(s: Scenario) -> np.ndarray:
    """Same-year correlation of the yearly drivers, in :meth:`Scenario.driver_names` order.

    Pairs naming trends or rebases belong to :func:`static_correlation_matrix`. Not checked.
    """
    names = s.driver_names()
    index = {n: i for i, n in enumerate(names)}
    matrix = np.eye(len(names))
    for c in s.correlations:
        if c.a in index and c.b in index:
            i, j = index[c.a], index[c.b]
            matrix[i, j] = matrix[j, i] = c.rho
    return matrix


def static_correlation_matrix(s: Scenario) -> np.ndarray:
    """Correlation of the once-per-draw numbers, in :meth:`Scenario.static_names` order.

    Two trends correlate as their drivers' yearly deviations do (the ``[gdp, huangshi_gdp, 0.7]``
    pair also applies to ``gdp.trend`` and ``huangshi_gdp.trend``) unless a pair naming the trends
    says otherwise. Rebases are independent unless a pair names them. Not checked.
    """
    names = s.static_names()
    index = {n: i for i, n in enumerate(names)}
    matrix = np.eye(len(names))
    for c in s.correlations:  # yearly pairs first: the default for trends
        a, b = f"{c.a}.trend", f"{c.b}.trend"
        if a in index and b in index:
            matrix[index[a], index[b]] = matrix[index[b], index[a]] = c.rho
    for c in s.correlations:  # then pairs that name trends or rebases themselves
        if c.a in index and c.b in index:
            matrix[index[c.a], index[c.b]] = matrix[index[c.b], index[c.a]] = c.rho
    return matrix
