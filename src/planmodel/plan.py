"""What the engine computes for a scenario, worked out once per run instead of once per block.

A :class:`Plan` says, for every simulated indicator, where each yearly value comes from — a
published number (with its revision stream) or a drawn one (a driver's state in a column of the
year grid, its distribution and its trend) — and, for the random yearly drivers, in which columns
their states are needed at all (:func:`planmodel.dynamics.active_columns`): published years get no
random numbers. It also holds the correlation factors of the once-per-draw numbers and the bridge
weights. The engine (:mod:`planmodel.engine`) only executes a plan, chunk by chunk.

Numeric core: numpy only; nothing here depends on the draws.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .averages import Conditioning, prepare_averages
from .bridge import Increment, assumption_for, covariance, linearised, weights
from .distribution_base import Distribution
from .dynamics import Step, active_columns, matrix_factor, start_state, state_steps
from .scenario import Driver, Indicator, Scenario, correlation_matrix, gaps, static_correlation_matrix
from .scenario.ytd import YearToDate, latest_ytd


@dataclass(frozen=True)
class Published:
    """A published yearly value, drawn around only if a revision is still to come."""

    value: float
    revision_sd: float = 0.0
    stream: str = ""
    """Name of the revision's random stream (``gdp.growth_revision.2024``)."""


@dataclass(frozen=True)
class Drawn:
    """A yearly value drawn from a driver: ``dist(state) + trend_sd · τ``."""

    driver: int
    column: int
    dist: Distribution
    trend_sd: float
    trend: str | None
    """Name of the driver's trend shift among the once-per-draw numbers (None without trend doubt)."""
    row: int | None = None
    """Row of the driver's state in the column's state array (None: the value is not random)."""


Value = Published | Drawn


@dataclass(frozen=True)
class KnownLevel:
    """A published level: its column, value, revision and whether it predates a census revision."""

    column: int
    value: float
    revision_sd: float
    stream: str
    before_rebase: bool


@dataclass(frozen=True)
class Gap:
    """A bridge between two published levels (columns): its steps and how a mismatch is shared."""

    left: int
    right: int
    steps: tuple[tuple[int, int, Value], ...]
    """``(driver position within the indicator (0 growth, 1 deflator), column, value)``."""
    share: np.ndarray


@dataclass(frozen=True)
class IndicatorPlan:
    """How one indicator's levels, driver values and prices are computed in every chunk."""

    indicator: Indicator
    known: tuple[KnownLevel, ...]
    anchor: int
    """Column of the last published level; later columns are projected."""
    past_growth: tuple[tuple[int, Value], ...]
    """Published growth at or before the anchor, by column."""
    gaps: tuple[Gap, ...]
    growth: tuple[Value, ...]
    """Growth (or change) of every column after the anchor."""
    prices: tuple[Value, ...] | None
    """Price change of every column after the anchor (None without a deflator)."""
    price_known: tuple[bool, ...]
    """Per column: the price change is simulated (gaps, projection) rather than implied."""
    rebase: Distribution | None
    averages: tuple[Conditioning, ...] = ()
    """Published multi-year averages the draws are conditioned on (:mod:`planmodel.averages`)."""
    ytd: tuple[tuple[int, YearToDate, str], ...] = ()
    """``(column, year-to-date data, stream of its share's doubt)`` of running years."""

    @property
    def needs_growth(self) -> bool:
        """Whether the yearly growth rates must be kept (bridges, published ones, averages, ytd)."""
        return bool(self.gaps or self.past_growth or self.averages or self.ytd)

    @property
    def additive(self) -> bool:
        """Whether the indicator moves by additive changes (城镇化率) rather than by growth."""
        return self.indicator.driver_kind == "change"


@dataclass(frozen=True)
class Plan:
    """Everything every chunk of a run needs that depends on the scenario alone."""

    scenario: Scenario
    drivers: tuple[Driver, ...]
    steps: tuple[Step, ...]
    """State transitions of the columns where some driver is needed, in column order."""
    static_names: tuple[str, ...]
    static_factor: np.ndarray
    indicators: tuple[IndicatorPlan, ...]
    revisions: tuple[str, ...]
    """Names of the revision streams (one standard normal per draw each)."""

    @property
    def normals_per_draw(self) -> int:
        """Standard normals drawn per Monte Carlo draw: yearly states, once-per-draw numbers, revisions."""
        return sum(len(s.drivers) for s in self.steps) + len(self.static_names) + len(self.revisions)


def make_plan(scenario: Scenario) -> Plan:
    """Work out the plan of a scenario (pure; the engine caches it per scenario)."""
    drivers = scenario.drivers()
    matrix = correlation_matrix(scenario)
    persistence = np.array([d.over_years.persistence for d in drivers], dtype=float)
    static_names = scenario.static_names()
    static = static_correlation_matrix(scenario)
    position = {d.name: i for i, d in enumerate(drivers)}
    trends = _trend_matrix(drivers, static_names, static)
    restarts = _restarts(scenario, drivers)
    drafts = [_indicator(scenario, ind, position) for ind in scenario.indicators]
    used = [set[int]() for _ in drivers]
    for draft in drafts:
        for value in _values(draft):
            if isinstance(value, Drawn) and value.dist.is_random():
                used[value.driver].add(value.column)
    active = active_columns([frozenset(u) for u in used], matrix, persistence, restarts)
    steps = state_steps(active, matrix, persistence, restarts)
    rows = {(i, s.column): r for s in steps for r, i in enumerate(s.drivers)}
    averages = prepare_averages(scenario, drivers, matrix, persistence, trends)
    plans = tuple(
        _observed(scenario, _finish(scenario, draft, rows, matrix, persistence, trends), averages)
        for draft in drafts
    )
    revised = [v for p in plans for v in [*_values(p), *p.known] if not isinstance(v, Drawn)]
    revisions = tuple(dict.fromkeys(v.stream for v in revised if v.revision_sd > 0))
    revisions += tuple(c.stream for p in plans for c in p.averages if c.noise_sd > 0)
    revisions += tuple(stream for p in plans for _, e, stream in p.ytd if e.share_sd > 0)
    return Plan(scenario, drivers, steps, static_names, matrix_factor(static), plans, revisions)


def _observed(
    scenario: Scenario, p: IndicatorPlan, averages: dict[str, tuple[Conditioning, ...]]
) -> IndicatorPlan:
    """The indicator's plan with its published averages and year-to-date data of projected years."""
    ind = p.indicator
    years = scenario.years
    running = []
    for column in range(p.anchor + 1, len(years)):
        entry = latest_ytd(ind.ytd, years[column])
        if entry is not None:
            running.append((column, entry, f"{ind.key}.ytd.{years[column]}"))
    return replace(p, averages=averages.get(ind.key, ()), ytd=tuple(running))


def _values(p: IndicatorPlan) -> list[Value]:
    """Every yearly value an indicator plan reads (past growth, gaps, projection)."""
    out: list[Value] = [v for _, v in p.past_growth]
    out += [v for g in p.gaps for _, _, v in g.steps]
    out += list(p.growth) + list(p.prices or ())
    return out


def _restarts(scenario: Scenario, drivers: tuple[Driver, ...]) -> dict[int, tuple[int, float]]:
    """``driver → (anchor column, state)`` for drivers that start from an observed deviation."""
    out = {}
    for i, d in enumerate(drivers):
        deviation = d.over_years.start_deviation
        if deviation is None:
            continue
        ind = scenario.indicator(d.indicator)
        anchor = scenario.anchor_year(ind.key)
        published = ind.growth_observations(scenario.base_year) if d.name == ind.key else {}
        first = next(y for y in range(anchor + 1, scenario.horizon + 1) if y not in published)
        dist = d.schedule.for_year(first)
        assert dist is not None
        out[i] = (scenario.years.index(anchor), start_state(dist, deviation))
    return out


def _trend_matrix(drivers: tuple[Driver, ...], names: tuple[str, ...], static: np.ndarray) -> np.ndarray:
    """Trend correlation between yearly drivers (identity where a driver has no trend)."""
    index = {n: i for i, n in enumerate(names)}
    out = np.eye(len(drivers))
    for i, a in enumerate(drivers):
        for j, b in enumerate(drivers):
            ka, kb = index.get(f"{a.name}.trend"), index.get(f"{b.name}.trend")
            if ka is not None and kb is not None:
                out[i, j] = static[ka, kb]
    return out


def _drawn(scenario: Scenario, driver: Driver, position: int, year: int) -> Drawn:
    trend = driver.over_years.trend_sd
    dist = assumption_for(driver.schedule, year, scenario.years)
    name = f"{driver.name}.trend" if trend > 0 else None
    return Drawn(position, scenario.years.index(year), dist, trend, name)


def _growth_value(scenario: Scenario, ind: Indicator, position: dict[str, int], year: int) -> Value:
    """Growth (or change) of ``ind`` in ``year``: published, or drawn from its driver."""
    obs = ind.growth_observations(scenario.base_year).get(year)
    if obs is not None:
        return Published(obs.value, obs.revision_sd, f"{ind.key}.growth_revision.{year}")
    driver = ind.drivers()[0]
    return _drawn(scenario, driver, position[driver.name], year)


def _indicator(scenario: Scenario, ind: Indicator, position: dict[str, int]) -> IndicatorPlan:
    """The plan of one indicator, before state rows and bridge weights are known."""
    years = scenario.years
    own = ind.drivers()
    observations = ind.observations(scenario.base_year)
    anchor_year = max(observations)
    known = tuple(
        KnownLevel(
            years.index(year),
            obs.value,
            obs.revision_sd,
            f"{ind.key}.revision.{year}",
            ind.rebase is not None and year < ind.rebase.year,
        )
        for year, obs in observations.items()
    )
    past = tuple(
        (years.index(year), _growth_value(scenario, ind, position, year))
        for year in ind.growth_observations(scenario.base_year)
        if year in years and year <= anchor_year
    )
    found = []
    for left, right in gaps(ind, scenario.base_year):
        steps: list[tuple[int, int, Value]] = []
        for year in range(left + 1, right + 1):
            for k, driver in enumerate(own):
                value = (
                    _growth_value(scenario, ind, position, year)
                    if k == 0
                    else _drawn(scenario, driver, position[driver.name], year)
                )
                steps.append((k, years.index(year), value))
        found.append(Gap(years.index(left), years.index(right), tuple(steps), np.empty(0)))
    projected = range(anchor_year + 1, scenario.horizon + 1)
    growth = tuple(_growth_value(scenario, ind, position, y) for y in projected)
    prices = None
    if ind.deflator is not None:
        deflator = own[1]
        prices = tuple(_drawn(scenario, deflator, position[deflator.name], y) for y in projected)
    price_known = [False] * len(years)
    for g in found:
        for k, column, _ in g.steps:
            price_known[column] |= k == 1
    for column in range(years.index(anchor_year) + 1, len(years)):
        price_known[column] = prices is not None
    rebase = ind.rebase.shift if ind.rebase is not None else None
    return IndicatorPlan(
        ind, known, years.index(anchor_year), past, tuple(found), growth, prices, tuple(price_known), rebase
    )


def _finish(
    scenario: Scenario,
    draft: IndicatorPlan,
    rows: dict[tuple[int, int], int],
    matrix: np.ndarray,
    persistence: np.ndarray,
    trends: np.ndarray,
) -> IndicatorPlan:
    """Put state rows into the drawn values and compute the bridge weights."""

    def placed(value: Value) -> Value:
        if isinstance(value, Drawn) and value.dist.is_random():
            return Drawn(value.driver, value.column, value.dist, value.trend_sd, value.trend,
                         rows[(value.driver, value.column)])
        return value

    logs = not draft.additive
    finished = []
    for gap in draft.gaps:
        steps = tuple((k, c, placed(v)) for k, c, v in gap.steps)
        increments = []
        for _, column, value in steps:
            if isinstance(value, Published):
                scale = 1.0 / (1.0 + value.value) if logs else 1.0
                increments.append(Increment(-1, 0, 0.0, 0.0, value.revision_sd, scale))
            else:
                sd, scale = linearised(value.dist, logs)
                increments.append(Increment(value.driver, column, sd, value.trend_sd, 0.0, scale))
        cov = covariance(increments, matrix, persistence, trends)
        fixed = [isinstance(v, Published) for _, _, v in steps]
        finished.append(Gap(gap.left, gap.right, steps, weights(increments, cov, fixed)))
    return IndicatorPlan(
        draft.indicator,
        draft.known,
        draft.anchor,
        tuple((c, placed(v)) for c, v in draft.past_growth),
        tuple(finished),
        tuple(placed(v) for v in draft.growth),
        None if draft.prices is None else tuple(placed(v) for v in draft.prices),
        draft.price_known,
        draft.rebase,
    )
