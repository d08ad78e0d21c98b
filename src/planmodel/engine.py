"""The Monte Carlo engine: correlated yearly shocks compounded from the last published level.

Pure numpy: no I/O, no printing. Draws come in fixed-size blocks; block ``b`` of driver ``d`` is
drawn from its own stream (:func:`planmodel.rng.driver_generator`), so a block's paths depend only on
the scenario, the entropy and ``b``. The engine loops over years (a handful) and is vectorised over
draws. For each simulated indicator:

- years up to its last published level hold published levels (gaps between two published levels
  are filled by constant growth, marked as such in the scenario notes);
- later years compound: ``level_t = level_{t-1} × (1 + real_t) × (1 + price_t)`` for real growth
  with a deflator, ``× (1 + growth_t)`` for growth of the level, ``+ change_t`` for changes;
- a published growth rate for a simulated year replaces the draw for that year.

Shocks are standard normals correlated across drivers within a year (Cholesky of the correlation
matrix, a Gaussian copula) and optionally persistent across years (AR(1)); each driver's marginal
distribution is then applied by its inverse CDF.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .distributions import Distribution
from .results import Paths, growth_from_levels
from .rng import standard_normals
from .scenario import Indicator, Scenario, correlation_matrix
from .settings import Block, RunSettings


@dataclass(frozen=True)
class _Prepared:
    """What every block needs that depends only on the scenario (computed once)."""

    years: tuple[int, ...]
    drivers: tuple[str, ...]
    factor: np.ndarray
    """``(n_drivers, n_drivers)`` with ``factor @ factor.T`` = the correlation matrix."""
    persistence: np.ndarray
    """``(n_drivers,)`` AR(1) coefficients."""


def correlation_factor(matrix: np.ndarray) -> np.ndarray:
    """A square root of a positive semidefinite correlation matrix (Cholesky when it exists)."""
    try:
        return np.linalg.cholesky(matrix)
    except np.linalg.LinAlgError:
        values, vectors = np.linalg.eigh(matrix)
        return vectors * np.sqrt(np.clip(values, 0.0, None))


def prepare(scenario: Scenario) -> _Prepared:
    """Precompute the correlation factor and persistence of the scenario's drivers."""
    persistence = []
    for ind in scenario.indicators:
        persistence.append(ind.persistence)
        if ind.deflator is not None:
            persistence.append(ind.persistence)
    return _Prepared(
        years=scenario.years,
        drivers=scenario.driver_names(),
        factor=correlation_factor(correlation_matrix(scenario)),
        persistence=np.array(persistence, dtype=float),
    )


def shocks(prep: _Prepared, entropy: int, start: int, n: int) -> np.ndarray:
    """Correlated, persistent standard-normal shocks for draws ``start .. start+n``.

    Shape ``(n_drivers, n, n_years)``.
    """
    eps = np.stack([standard_normals(entropy, name, start, n, len(prep.years)) for name in prep.drivers])
    z = np.tensordot(prep.factor, eps, axes=(1, 0)) if len(prep.drivers) > 1 else eps
    phi = prep.persistence[:, None]
    if np.any(phi):
        innovation_scale = np.sqrt(1.0 - phi**2)
        for t in range(1, z.shape[2]):
            z[:, :, t] = phi * z[:, :, t - 1] + innovation_scale * z[:, :, t]
    return z


def published_levels(ind: Indicator, years: tuple[int, ...], base_year: int | None) -> np.ndarray:
    """Published levels on the year grid up to the last one; gaps filled by constant growth.

    Years before the first published level are NaN (unknown).
    """
    known = ind.actual_levels(base_year)
    out = np.full(len(years), np.nan)
    ordered = sorted(known)
    for y, value in known.items():
        out[years.index(y)] = value
    for left, right in zip(ordered, ordered[1:], strict=False):
        span = right - left
        for y in range(left + 1, right):
            if ind.driver_kind == "change":
                out[years.index(y)] = known[left] + (known[right] - known[left]) * (y - left) / span
            else:
                ratio = known[right] / known[left] if known[left] > 0 else np.nan
                out[years.index(y)] = known[left] * ratio ** ((y - left) / span)
    return out


def _draw(distribution: Distribution | None, z: np.ndarray) -> np.ndarray:
    """Map standard-normal shocks through a year's distribution (validation ensures it exists)."""
    assert distribution is not None, "scenario checks guarantee an assumption for every year"
    return np.asarray(distribution.from_standard_normal(z), dtype=float)


def simulate_indicator(
    scenario: Scenario, ind: Indicator, z_driver: np.ndarray, z_deflator: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Levels, real growth and price index of one indicator, each ``(n, n_years)``.

    ``z_driver`` and ``z_deflator`` are the indicator's standard-normal shocks ``(n, n_years)``.
    Real growth is the driver itself for ``real_growth`` indicators and for quantities without
    prices; NaN for current-price totals with no real split and for ``change`` indicators.
    """
    years = scenario.years
    n = z_driver.shape[0]
    anchor = scenario.anchor_year(ind.key)
    published_growth = ind.actual_growth_by_year(scenario.base_year)
    has_real = ind.price_basis in ("split", "no_prices") and ind.driver_kind != "change"
    base = published_levels(ind, years, scenario.base_year)
    levels = np.tile(base, (n, 1))
    real = np.full((n, len(years)), np.nan)
    price = np.full((n, len(years)), np.nan)
    if has_real:
        for y, rate in published_growth.items():
            if y <= anchor and y in years:
                real[:, years.index(y)] = rate
    a = years.index(anchor)
    price[:, a] = 1.0
    for t in range(a + 1, len(years)):
        year = years[t]
        if year in published_growth:
            g = np.full(n, published_growth[year])
        else:
            g = _draw(ind.driver.for_year(year), z_driver[:, t])
        if ind.driver_kind == "change":
            levels[:, t] = levels[:, t - 1] + g
            continue
        factor = 1.0 + g
        if ind.deflator is not None and z_deflator is not None:
            inflation = _draw(ind.deflator.for_year(year), z_deflator[:, t])
            price[:, t] = price[:, t - 1] * (1.0 + inflation)
            factor = factor * (1.0 + inflation)
        levels[:, t] = levels[:, t - 1] * np.maximum(factor, 0.0)
        if has_real:
            real[:, t] = g
    if ind.deflator is None:
        price[:] = np.nan
    return levels, real, price


def simulate_block(scenario: Scenario, entropy: int, block: Block) -> Paths:
    """Paths of the draws of one block (a pure function of its arguments)."""
    prep = prepare(scenario)
    z = shocks(prep, entropy, block.start, block.size)
    index = {name: i for i, name in enumerate(prep.drivers)}
    levels: dict[str, np.ndarray] = {}
    real: dict[str, np.ndarray] = {}
    price: dict[str, np.ndarray] = {}
    for ind in scenario.indicators:
        z_deflator = z[index[f"{ind.key}.deflator"]] if ind.deflator is not None else None
        levels[ind.key], real[ind.key], p = simulate_indicator(scenario, ind, z[index[ind.key]], z_deflator)
        if ind.deflator is not None:
            price[ind.key] = p
    units = scenario.units()
    for d in scenario.derived:
        env = {name: levels[name] * units[name].scale for name in d.formula.names}
        with np.errstate(divide="ignore", invalid="ignore"):
            levels[d.key] = np.asarray(d.formula.evaluate(env), dtype=float) / d.unit.scale
        real[d.key] = np.full_like(levels[d.key], np.nan)
    for ind in scenario.indicators:
        if ind.price_basis == "no_prices" and ind.driver_kind != "change":
            real[ind.key] = growth_from_levels(levels[ind.key])  # no prices: volume growth is growth
    return Paths(scenario.years, levels, real, price)


def iter_blocks(scenario: Scenario, settings: RunSettings, entropy: int) -> Iterator[tuple[Block, Paths]]:
    """Yield ``(block, Paths)`` for every block of the run, in order."""
    for block in settings.blocks():
        yield block, simulate_block(scenario, entropy, block)


def simulate(scenario: Scenario, entropy: int, draws: int = 100_000) -> Paths:
    """All ``draws`` paths of a run in memory (for moderate draw counts; large runs stream blocks)."""
    settings = RunSettings(draws=draws)
    return Paths.concatenate([paths for _, paths in iter_blocks(scenario, settings, entropy)])
