"""What a scenario says about one indicator: yearly assumptions, published data and their doubt.

Immutable dataclasses: a :class:`Schedule` of distributions by year (for a growth driver, a
deflator or a change), published :class:`Observation` values with vintage and revision doubt,
how deviations behave :class:`OverYears`, a census :class:`Rebase`, the random :class:`Driver`
an indicator contributes, the simulated :class:`Indicator` itself and the formula-based
:class:`Derived` one. Built by :mod:`planmodel.scenario.indicators`; part of
:class:`~planmodel.scenario.model.Scenario`. Imports: distribution_base, formula_tree, units,
scenario.vocabulary (scenario.averages, scenario.ytd for types only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..distribution_base import Distribution
from ..formula_tree import Formula
from ..units import Unit
from .vocabulary import VINTAGES, DriverKind, ValueStatus

if TYPE_CHECKING:  # the readers of these import the model's vocabularies
    from .averages import AverageGrowth
    from .ytd import YearToDate

__all__ = [
    "Derived",
    "Driver",
    "Indicator",
    "Observation",
    "OverYears",
    "Rebase",
    "Schedule",
    "ScheduleEntry",
]


@dataclass(frozen=True)
class ScheduleEntry:
    """One distribution as written, for the years it covers, with the planner's reason."""

    years: tuple[int, ...] | None
    """``None``: every projected year."""
    distribution: Distribution
    reason: str | None = None
    source: str | None = None
    reason_en: str | None = None
    """The reason in English (``reason_en``) if given; English reports fall back to ``reason``."""


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
    """The vintage as written (预计, 初步核算, 最终核实, …; a key of :data:`~.vocabulary.VINTAGES`)."""
    revision_sd: float = 0.0
    """Standard deviation of the revision still to come: relative for levels that grow (2% of the
    value), in the indicator's unit for ``change`` indicators, in percentage points for growth."""
    note_en: str | None = None
    """The note in English (``note_en``), if given."""

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
    reason_en: str | None = None

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
    reason_en: str | None = None


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
    note_en: str | None = None
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
    :data:`~.vocabulary.ALLOW_CHECKS`)."""

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
    note_en: str | None = None
