"""The Monte Carlo engine: persistent, correlated yearly draws compounded from published levels.

Pure numpy: no I/O, no printing. Draws come in fixed-size blocks; block ``b`` of every random
number is drawn from its own stream (:func:`planmodel.rng.standard_normals`, keyed by name: a
yearly driver ``gdp``, ``gdp.deflator``; a trend ``gdp.trend``; a census shift ``gdp.rebase``; a
revision ``gdp.revision.2024``), so a block's paths depend only on the scenario, the entropy and
``b``. The engine loops over years (a handful) and is vectorised over draws. For each simulated
indicator:

- published levels hold (times a revision draw where one is stated, and carried to the revised
  basis by ``1 + shift`` before a census year);
- years between two published levels are drawn like projected years and conditioned to land on
  the published far end (a bridge, :mod:`planmodel.bridge`); they are simulated, not data;
- later years compound: ``level_t = level_{t-1} × (1 + real_t) × (1 + price_t)`` for real growth
  with a deflator, ``× (1 + growth_t)`` for growth of the level, ``+ change_t`` for changes;
- a published growth rate replaces the draw for its year.

A yearly draw is ``F_t⁻¹(Φ(y_t)) + trend_sd·τ`` (:mod:`planmodel.dynamics`): ``y`` persistent and
correlated across drivers in the same year (a Gaussian copula), ``τ`` one shift per draw shared by
every simulated year.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from .averages import Conditioning, condition_on_averages, prepare_averages
from .bridge import Increment, assumption_for, condition, covariance, linearised, weights
from .derived import derived_paths
from .dynamics import innovation_covariance, matrix_factor, start_state, yearly_states
from .results import Paths, growth_from_levels
from .rng import standard_normals
from .scenario import (
    Driver,
    Indicator,
    Scenario,
    correlation_matrix,
    gaps,
    static_correlation_matrix,
)
from .scenario.ytd import latest_ytd
from .settings import Block, RunSettings
from .ytd import year_from_ytd


@dataclass(frozen=True)
class _Gap:
    """A bridge between two published levels: its steps and how a mismatch is shared."""

    left: int
    right: int
    roles: tuple[tuple[int, int], ...]
    """``(driver position within the indicator (0 growth, 1 deflator), year)`` of each step."""
    share: np.ndarray


@dataclass(frozen=True)
class _Prepared:
    """What every block needs that depends only on the scenario (computed once per block)."""

    years: tuple[int, ...]
    drivers: tuple[Driver, ...]
    start_factor: np.ndarray
    innovation_factor: np.ndarray
    persistence: np.ndarray
    restarts: tuple[tuple[int, int, float], ...]
    static_names: tuple[str, ...]
    static_factor: np.ndarray
    gaps: dict[str, tuple[_Gap, ...]]
    index: dict[str, int]
    """Driver name → position in the state array."""
    averages: dict[str, tuple[Conditioning, ...]] = field(default_factory=dict)
    """Published multi-year averages the draws are conditioned on (:mod:`planmodel.averages`)."""


def prepare(scenario: Scenario) -> _Prepared:
    """Precompute correlation factors, start states and bridge weights of the scenario."""
    drivers = scenario.drivers()
    years = scenario.years
    matrix = correlation_matrix(scenario)
    persistence = np.array([d.over_years.persistence for d in drivers], dtype=float)
    static_names = scenario.static_names()
    static = static_correlation_matrix(scenario)
    trends = _trend_matrix(drivers, static_names, static)
    return _Prepared(
        years=years,
        drivers=drivers,
        start_factor=matrix_factor(matrix),
        innovation_factor=matrix_factor(innovation_covariance(matrix, persistence)),
        persistence=persistence,
        restarts=_restarts(scenario, drivers),
        static_names=static_names,
        static_factor=matrix_factor(static),
        gaps=_bridges(scenario, drivers, matrix, persistence, trends),
        index={d.name: i for i, d in enumerate(drivers)},
        averages=prepare_averages(scenario, drivers, matrix, persistence, trends),
    )


def _restarts(scenario: Scenario, drivers: tuple[Driver, ...]) -> tuple[tuple[int, int, float], ...]:
    """``(driver, anchor column, state)`` for drivers that start from an observed deviation."""
    out = []
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
        out.append((i, scenario.years.index(anchor), start_state(dist, deviation)))
    return tuple(out)


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


def _bridges(
    scenario: Scenario,
    drivers: tuple[Driver, ...],
    matrix: np.ndarray,
    persistence: np.ndarray,
    trends: np.ndarray,
) -> dict[str, tuple[_Gap, ...]]:
    """The bridges of every indicator with gaps, with their covariance-based shares."""
    position = {d.name: i for i, d in enumerate(drivers)}
    out: dict[str, tuple[_Gap, ...]] = {}
    for ind in scenario.indicators:
        found = []
        own = ind.drivers()
        published = ind.growth_observations(scenario.base_year)
        logs = ind.driver_kind != "change"
        for left, right in gaps(ind, scenario.base_year):
            steps, roles, fixed = [], [], []
            for year in range(left + 1, right + 1):
                for k, driver in enumerate(own):
                    obs = published.get(year) if k == 0 else None
                    if obs is not None:
                        scale = 1.0 / (1.0 + obs.value) if logs else 1.0
                        steps.append(Increment(-1, 0, 0.0, 0.0, obs.revision_sd, scale))
                    else:
                        dist = assumption_for(driver.schedule, year, scenario.years)
                        sd, scale = linearised(dist, logs)
                        trend = driver.over_years.trend_sd
                        steps.append(
                            Increment(
                                position[driver.name], scenario.years.index(year), sd, trend, 0.0, scale
                            )
                        )
                    roles.append((k, year))
                    fixed.append(obs is not None)
            cov = covariance(steps, matrix, persistence, trends)
            found.append(_Gap(left, right, tuple(roles), weights(steps, cov, fixed)))
        if found:
            out[ind.key] = tuple(found)
    return out


@dataclass
class _Draws:
    """The random numbers of one block: yearly states, once-per-draw numbers, revisions."""

    prep: _Prepared
    scenario: Scenario
    entropy: int
    start: int
    n: int
    states: np.ndarray
    static: dict[str, np.ndarray]

    def state(self, driver: str, column: int) -> np.ndarray:
        """The standardised state ``(n,)`` of a driver in one year (a column of the grid)."""
        return self.states[column, self.prep.index[driver]]

    def trend(self, driver: Driver) -> np.ndarray | float:
        """The driver's trend shift per draw (0.0 without trend doubt)."""
        if driver.over_years.trend_sd == 0:
            return 0.0
        return driver.over_years.trend_sd * self.static[f"{driver.name}.trend"]

    def normal(self, name: str) -> np.ndarray:
        """One standard normal per draw from the stream ``name`` (revisions)."""
        return standard_normals(self.entropy, name, self.start, self.n, 1)[:, 0]


def draw_block(scenario: Scenario, prep: _Prepared, entropy: int, block: Block) -> _Draws:
    """All random numbers of a block, correlated and persistent as the scenario says."""
    n, n_years = block.size, len(prep.years)
    eps = np.empty((n_years, len(prep.drivers), n))
    for i, d in enumerate(prep.drivers):
        eps[:, i, :] = standard_normals(entropy, d.name, block.start, n, n_years).T
    states = yearly_states(eps, prep.start_factor, prep.innovation_factor, prep.persistence, prep.restarts)
    static: dict[str, np.ndarray] = {}
    if prep.static_names:
        raw = np.stack(
            [standard_normals(entropy, name, block.start, n, 1)[:, 0] for name in prep.static_names]
        )
        mixed = raw if len(raw) == 1 else prep.static_factor @ raw
        static = dict(zip(prep.static_names, mixed, strict=True))
    return _Draws(prep, scenario, entropy, block.start, n, states, static)


def _yearly_value(ind: Indicator, k: int, year: int, draws: _Draws) -> np.ndarray:
    """Growth (``k`` 0) or price change (``k`` 1) of ``ind`` in ``year``: published or drawn."""
    scenario = draws.scenario
    if k == 0:
        obs = ind.growth_observations(scenario.base_year).get(year)
        if obs is not None:
            if obs.revision_sd == 0:
                return np.full(draws.n, obs.value)
            return obs.value + obs.revision_sd * draws.normal(f"{ind.key}.growth_revision.{year}")
    driver = ind.drivers()[k]
    dist = assumption_for(driver.schedule, year, scenario.years)
    z = draws.state(driver.name, scenario.years.index(year))
    value = np.asarray(dist.from_standard_normal(z), dtype=float) + draws.trend(driver)
    entry = latest_ytd(ind.ytd, year) if k == 0 else None
    if entry is not None:  # the draw is the growth of the months still to come
        share_z = draws.normal(f"{ind.key}.ytd.{year}") if entry.share_sd > 0 else 0.0
        value = year_from_ytd(entry, value, share_z)
    return value


def known_levels(ind: Indicator, draws: _Draws) -> dict[int, np.ndarray]:
    """Published levels per draw: revised where a revision is stated, on the revised basis."""
    out: dict[int, np.ndarray] = {}
    factor = rebase_factor(ind, draws)
    for year, obs in ind.observations(draws.scenario.base_year).items():
        value = np.full(draws.n, obs.value)
        if obs.revision_sd > 0:
            xi = draws.normal(f"{ind.key}.revision.{year}")
            if ind.driver_kind == "change":
                value = value + obs.revision_sd * xi
            else:  # lognormal with mean 1 and about this relative sd: never negative
                value = value * np.exp(obs.revision_sd * xi - obs.revision_sd**2 / 2)
        if factor is not None and ind.rebase is not None and year < ind.rebase.year:
            value = value * factor
        out[year] = value
    return out


def rebase_factor(ind: Indicator, draws: _Draws) -> np.ndarray | None:
    """New basis / old basis per draw (``1 + shift``), or None without a rebase."""
    if ind.rebase is None:
        return None
    xi = draws.static[f"{ind.key}.rebase"]
    return np.maximum(1.0 + ind.rebase.shift.from_standard_normal(xi), 0.0)


def _bridge(
    ind: Indicator, gap: _Gap, levels: np.ndarray, growth: np.ndarray, prices: np.ndarray, draws: _Draws
) -> None:
    """Fill the years of one gap (in place): draw, condition on the far end, record the steps."""
    years = draws.scenario.years
    logs = ind.driver_kind != "change"
    raw = np.stack([_yearly_value(ind, k, year, draws) for k, year in gap.roles])
    steps = np.log(np.maximum(1.0 + raw, 1e-300)) if logs else raw
    left, right = levels[:, years.index(gap.left)], levels[:, years.index(gap.right)]
    with np.errstate(divide="ignore", invalid="ignore"):
        target = np.log(right / left) if logs else right - left
    steps = condition(steps, gap.share, target)
    values = np.expm1(steps) if logs else steps
    values[gap.share == 0] = raw[gap.share == 0]  # published steps exactly as published
    by_year: dict[int, np.ndarray] = {}
    for (k, year), step, value in zip(gap.roles, steps, values, strict=True):
        (growth if k == 0 else prices)[:, years.index(year)] = value
        by_year[year] = by_year[year] + step if year in by_year else step
    total = np.zeros(draws.n)
    for year in range(gap.left + 1, gap.right):
        total = total + by_year[year]
        levels[:, years.index(year)] = left * np.exp(total) if logs else left + total


def simulate_indicator(
    scenario: Scenario, ind: Indicator, draws: _Draws
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Levels, driver values and price index of one indicator, each ``(n, n_years)``.

    The driver values are real growth for ``real_growth`` indicators, growth for ``growth`` and
    the change for ``change`` indicators (NaN where not known). The price index is 1.0 in the last
    published year and follows the deflator before and after it (NaN without a deflator).
    """
    years, n = scenario.years, draws.n
    levels = np.full((n, len(years)), np.nan)
    growth = np.full((n, len(years)), np.nan)
    prices = np.full((n, len(years)), np.nan)
    known = known_levels(ind, draws)
    for year, value in known.items():
        levels[:, years.index(year)] = value
    for year in ind.growth_observations(scenario.base_year):
        if year in years and year <= max(known):
            growth[:, years.index(year)] = _yearly_value(ind, 0, year, draws)
    for gap in draws.prep.gaps.get(ind.key, ()):
        _bridge(ind, gap, levels, growth, prices, draws)
    a = years.index(max(known))
    for t in range(a + 1, len(years)):
        g = _yearly_value(ind, 0, years[t], draws)
        growth[:, t] = g
        if ind.driver_kind == "change":
            levels[:, t] = levels[:, t - 1] + g
            continue
        factor = 1.0 + g
        if ind.deflator is not None:
            prices[:, t] = _yearly_value(ind, 1, years[t], draws)
            factor = factor * (1.0 + prices[:, t])
        levels[:, t] = levels[:, t - 1] * np.maximum(factor, 0.0)
    conditionings = draws.prep.averages.get(ind.key, ())
    if conditionings:
        noise = {c.stream: draws.normal(c.stream) for c in conditionings}
        condition_on_averages(ind, conditionings, years, levels, growth, prices, noise, set(known))
    return levels, growth, _price_index(ind, levels, growth, prices, a)


def _price_index(
    ind: Indicator, levels: np.ndarray, growth: np.ndarray, prices: np.ndarray, a: int
) -> np.ndarray:
    """Cumulated prices, 1.0 in column ``a``; before it from bridged or implied price changes."""
    index = np.full_like(levels, np.nan)
    if ind.deflator is None:
        return index
    index[:, a] = 1.0
    for t in range(a + 1, levels.shape[1]):
        index[:, t] = index[:, t - 1] * (1.0 + prices[:, t])
    for t in range(a, 0, -1):  # back from the last published level: bridged or implied prices
        change = prices[:, t]
        if np.isnan(change[0]):
            with np.errstate(divide="ignore", invalid="ignore"):
                change = levels[:, t] / levels[:, t - 1] / (1.0 + growth[:, t]) - 1.0
        index[:, t - 1] = index[:, t] / (1.0 + change)
    return index


def simulate_block(scenario: Scenario, entropy: int, block: Block) -> Paths:
    """Paths of the draws of one block (a pure function of its arguments)."""
    prep = prepare(scenario)
    draws = draw_block(scenario, prep, entropy, block)
    levels: dict[str, np.ndarray] = {}
    real: dict[str, np.ndarray] = {}
    price: dict[str, np.ndarray] = {}
    factors: dict[str, np.ndarray] = {}
    for ind in scenario.indicators:
        levels[ind.key], growth, price_index = simulate_indicator(scenario, ind, draws)
        if ind.price_basis == "split":
            real[ind.key] = growth
        elif ind.price_basis == "no_prices" and ind.driver_kind != "change":
            real[ind.key] = growth_from_levels(levels[ind.key])  # no prices: volume growth is growth
        else:
            real[ind.key] = np.full_like(growth, np.nan)
        if ind.deflator is not None:
            price[ind.key] = price_index
        factor = rebase_factor(ind, draws)
        if factor is not None:
            factors[ind.key] = factor
    paths = Paths(scenario.years, levels, real, price, factors)
    return derived_paths(scenario, paths)


def iter_blocks(scenario: Scenario, settings: RunSettings, entropy: int) -> Iterator[tuple[Block, Paths]]:
    """Yield ``(block, Paths)`` for every block of the run, in order."""
    for block in settings.blocks():
        yield block, simulate_block(scenario, entropy, block)


def simulate(scenario: Scenario, entropy: int, draws: int = 100_000) -> Paths:
    """All ``draws`` paths of a run in memory (for moderate draw counts; large runs stream blocks)."""
    settings = RunSettings(draws=draws)
    return Paths.concatenate([paths for _, paths in iter_blocks(scenario, settings, entropy)])
