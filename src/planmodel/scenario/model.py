"""The scenario: what a planner assumes and targets, as immutable validated data.

A :class:`Scenario` is built from YAML data by :func:`planmodel.scenario.parser.scenario_from_mapping`
and checked as a whole by :mod:`planmodel.scenario.checks`; once built it cannot drift. It knows
nothing of arrays, files or run settings (draws, seed, workers: see :mod:`planmodel.settings`).
The target vocabulary (measures, comparisons, price bases) is declared once, in
:mod:`planmodel.scenario.vocabulary`; what the scenario says about each indicator is
:mod:`planmodel.scenario.indicator_model`. This module holds the scenario, its targets,
correlations and unmodelled tasks, and the correlation matrices the engine draws with.

Price basis is explicit. An indicator gives exactly one growth driver:

- ``real_growth`` (可比价) plus a ``deflator``: current-price level = real growth × price change;
- ``growth``: growth of the level itself (a current-price total with no real split, or a quantity
  without prices such as population);
- ``change``: an additive yearly change in the indicator's unit (城镇化率 +0.8个百分点 a year).

Imports: units, scenario.indicator_model, scenario.vocabulary → numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..units import Unit
from .indicator_model import Derived, Driver, Indicator
from .vocabulary import Attribute, Basis, CalibrationName, Comparison, LevelBasis, Measure

__all__ = [
    "Correlation",
    "Scenario",
    "Target",
    "Task",
    "correlation_matrix",
    "static_correlation_matrix",
]


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
    note_en: str | None = None
    """The note in English (``note_en``), if given."""
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
    """Plausibility checks the planner overrides for this target (see
    :data:`~planmodel.scenario.vocabulary.ALLOW_CHECKS`)."""

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
    note_en: str | None = None
    """The note in English (``note_en``); English reports show ``note`` as written otherwise."""


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
    notes_en: tuple[str, ...] = field(default=())
    """The notes in English (``notes_en``), one for each note, or none."""
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
