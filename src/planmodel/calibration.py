"""The outside view: shift and widen growth assumptions by the errors plans have made before.

A plan's growth numbers carry the optimism of targets: of 192 provincial annual GDP growth targets
(2011–2025, ``backtests/``), most were missed, a few by four points or more (2020, 2022), while most
outcomes landed within half a point of the target. :class:`OutsideView` holds those
plan-versus-outcome errors (outcome − plan, fitted by :mod:`planmodel.analysis.reference_class`)
and :func:`calibrate` applies them to a scenario's growth assumptions, like a fan chart drawn from a
forecaster's own past errors:

- **each year**: where the year's assumption is narrower than the errors, it becomes the assumed
  mean plus a past error — the errors' own distribution (:class:`~planmodel.empirical.Empirical`,
  skew and all); where the planner's is already wider, it is kept and moved by the mean error;
  either way the mean moves by the mean error (``shift``, negative);
- **the trend doubt** becomes at least ``trend_sd``: a region's lasting deviation from the errors'
  average (``region_sd``) and the doubt about that average itself (``shift_se``);
- persistence, correlations and published values are left as they are; an observed start
  deviation stays the same observation (it is measured from the shifted mean).

Only economic volumes are calibrated: ``real_growth`` drivers and ``growth`` drivers of money
totals. Deflators, additive changes (shares, rates) and quantities such as population are not
(the reference class says nothing about them). :func:`narrow_bands` finds the drivers whose
implied band of average growth is narrower than the reference class suggests.

Pure: scenario, distribution_base, dynamics → numpy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property

from . import outside_view_data
from .distribution_base import Distribution
from .dynamics import ar1_sum_variance, spread
from .empirical import Empirical
from .scenario import CALIBRATIONS, CalibrationName, Indicator, OverYears, Scenario, Schedule

Z90 = 1.6448536269514722
"""Half-width of a central 90% band in standard deviations."""


@dataclass(frozen=True)
class OutsideView:
    """Plan-versus-outcome errors of a reference class (growth-rate units: 0.01 = 1 point).

    ``errors`` are the errors themselves (outcome − plan, sorted). The error of region ``p`` in
    year ``y`` is also described as ``mean + u[y] + a[p] + w[p, y]`` with independent normal parts
    of standard deviations ``year_sd``, ``region_sd`` and ``residual_sd`` (fitted by REML), which
    tells how much of the error lasts from year to year in one region.
    """

    errors: tuple[float, ...]
    shift_se: float
    """Standard error of the mean error (clustered by year: a year's errors share its shock)."""
    year_sd: float
    """A shock common to every region in one year."""
    region_sd: float
    """A region's lasting over- or under-shooting, the same every year."""
    residual_sd: float
    """What is left, region by region and year by year."""
    years: tuple[int, int]
    regions: int
    source: str

    @property
    def pairs(self) -> int:
        """Number of plan-versus-outcome pairs."""
        return len(self.errors)

    @property
    def shift(self) -> float:
        """Mean outcome minus plan (negative: plans overshoot)."""
        return float(sum(self.errors) / len(self.errors))

    @cached_property
    def distribution(self) -> Empirical:
        """The errors as a distribution (one year's error of one region)."""
        return Empirical(tuple(sorted(self.errors)))

    @property
    def yearly_sd(self) -> float:
        """Spread of one year's error."""
        return self.distribution.sd()

    @property
    def trend_sd(self) -> float:
        """Doubt shared by every year of one region: its lasting deviation and the doubt on ``shift``."""
        return math.hypot(self.region_sd, self.shift_se)

    def average_sd(self, years: int) -> float:
        """Standard deviation of the error of average growth over ``years`` years."""
        return math.sqrt(self.trend_sd**2 + self.yearly_sd**2 / years)


PROVINCIAL_GDP = OutsideView(
    errors=outside_view_data.ERRORS,
    shift_se=outside_view_data.SHIFT_SE,
    year_sd=outside_view_data.YEAR_SD,
    region_sd=outside_view_data.REGION_SD,
    residual_sd=outside_view_data.RESIDUAL_SD,
    years=outside_view_data.YEARS,
    regions=outside_view_data.REGIONS,
    source=outside_view_data.SOURCE,
)
"""The shipped outside view: 192 provincial annual GDP growth targets of 2011–2025 (the cases of
``backtests/`` with ``reference_class: provincial_gdp_annual``), fitted by
:func:`planmodel.analysis.reference_class.fit_outside_view` and written to
:mod:`planmodel.outside_view_data` by ``scripts/fit_outside_view.py``; ``tests/test_calibration.py``
refits it from the case files."""


def calibrated_driver(indicator: Indicator) -> bool:
    """Whether the outside view applies: real growth, or growth of a money total."""
    if indicator.driver_kind == "real_growth":
        return True
    return indicator.driver_kind == "growth" and indicator.unit.dimension == "money"


def _centre(dist: Distribution) -> float:
    mean = dist.mean()
    return mean if math.isfinite(mean) else dist.quantile(0.5)


def calibrated_year(dist: Distribution, view: OutsideView) -> Distribution:
    """One year's assumption under the outside view.

    The assumed mean plus a past error where the assumption is narrower than the errors; otherwise
    the assumption itself, moved by the mean error.
    """
    if spread(dist) < view.yearly_sd:
        return view.distribution.shifted(_centre(dist))
    return dist.shifted(view.shift)


def _schedule(schedule: Schedule, view: OutsideView) -> Schedule:
    return Schedule(
        tuple(replace(e, distribution=calibrated_year(e.distribution, view)) for e in schedule.entries)
    )


def _over_years(over: OverYears, view: OutsideView) -> OverYears:
    start = None if over.start_deviation is None else over.start_deviation - view.shift
    return replace(over, trend_sd=max(over.trend_sd, view.trend_sd), start_deviation=start)


def calibrate(scenario: Scenario, view: OutsideView = PROVINCIAL_GDP) -> Scenario:
    """The scenario with its growth assumptions shifted and widened by the outside view.

    Raises
    ------
    ValueError
        If the scenario has been calibrated already (twice would shift twice).
    """
    if scenario.calibrated:
        raise ValueError("the scenario's assumptions are calibrated already")
    indicators = tuple(
        replace(ind, driver=_schedule(ind.driver, view), over_years=_over_years(ind.over_years, view))
        if calibrated_driver(ind)
        else ind
        for ind in scenario.indicators
    )
    return replace(scenario, indicators=indicators, calibrated=True)


@dataclass(frozen=True)
class NarrowBand:
    """A driver whose band of average growth is narrower than the reference class suggests."""

    indicator: str
    first_year: int
    last_year: int
    scenario_sd: float
    """Standard deviation of average growth over the years, as the scenario implies."""
    reference_sd: float
    """The same, as the reference class's plan-versus-outcome errors suggest."""

    @property
    def years(self) -> int:
        """Number of years averaged."""
        return self.last_year - self.first_year + 1


def implied_average_sd(scenario: Scenario, indicator: Indicator, years: tuple[int, ...]) -> float:
    """Standard deviation of the average growth of ``indicator``'s driver over ``years``.

    Closed form of :func:`planmodel.dynamics.ar1_sum_variance` with each year's spread (exact for
    normal assumptions; the standard deviation of other families stands in for theirs).
    """
    sds = []
    for year in years:
        dist = indicator.driver.for_year(year)
        sds.append(0.0 if dist is None else spread(dist))
    over = indicator.over_years
    return math.sqrt(ar1_sum_variance(sds, over.persistence, over.trend_sd)) / len(years)


def projected_years(scenario: Scenario, indicator: Indicator, limit: int = 5) -> tuple[int, ...]:
    """Up to ``limit`` projected years of an indicator whose growth is not published."""
    published = indicator.growth_observations(scenario.base_year)
    start = scenario.anchor_year(indicator.key)
    years = [y for y in range(start + 1, scenario.horizon + 1) if y not in published]
    return tuple(years[:limit])


def narrow_bands(scenario: Scenario, view: OutsideView = PROVINCIAL_GDP, limit: int = 5) -> list[NarrowBand]:
    """Calibrated drivers whose band of average growth is narrower than past errors suggest.

    The band is over up to ``limit`` projected years, compared with the reference class's errors
    for as many years.
    """
    out = []
    for ind in scenario.indicators:
        if not calibrated_driver(ind):
            continue
        years = projected_years(scenario, ind, limit)
        if not years:
            continue
        own = implied_average_sd(scenario, ind, years)
        reference = view.average_sd(len(years))
        if own < reference:
            out.append(NarrowBand(ind.key, years[0], years[-1], own, reference))
    return out


__all__ = [
    "CALIBRATIONS",
    "PROVINCIAL_GDP",
    "Z90",
    "CalibrationName",
    "NarrowBand",
    "OutsideView",
    "calibrate",
    "calibrated_driver",
    "calibrated_year",
    "implied_average_sd",
    "narrow_bands",
    "projected_years",
]
