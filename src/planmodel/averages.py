"""Conditioning the yearly draws on a published multi-year average (``actual_avg_growth``).

For a published average ``v`` over years ``a..b`` of an indicator, the yearly steps of a window
(the span, widened to whole bridges it overlaps) are stacked into ``x``: ``log(1 + real growth)``
and, with a deflator, ``log(1 + price change)`` of every year. Two kinds of linear observations
hold: the average, ``Σ_{t=a..b} x_real,t = n·log(1 + v) + e`` with ``e ~ N(0, (n·sd/(1+v))²)``
(``sd`` the uncertainty of the published figure), and every bridge inside the window,
``Σ steps = log(L_right / L_left)``. With ``A`` the observation rows, ``Σ`` the steps' covariance
under the assumptions (:func:`planmodel.bridge.covariance`: persistence, trends, correlations,
revisions) and ``R`` the noise variances, the draws are moved by Matheron's rule

    x' = x + Σ Aᵀ (A Σ Aᵀ + R)⁻¹ (c − A x − e),

the exact conditional distribution for Gaussian steps (linearised otherwise, like a bridge). The
engine's bridges have already conditioned ``x`` on their far ends; applying the joint rule to those
draws gives the same result as applying it to the unconditioned draws (the bridge rows carry no
noise), so the bridges need no change. A published step (zero variance) never moves. Levels are
then compounded again from the first year of the window.

Numeric core: numpy only; the matrices depend on the scenario alone and are computed once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .bridge import Increment, assumption_for, covariance, linearised
from .scenario import Driver, Indicator, Scenario, gaps


@dataclass(frozen=True)
class Conditioning:
    """The steps of one window and how a mismatch with its observations moves them."""

    first: int
    last: int
    roles: tuple[tuple[int, int], ...]
    """``(driver position within the indicator (0 growth, 1 deflator), year)`` of each step."""
    rows: np.ndarray
    """``A``: one row per observation (the average first, then the bridges), one column per step."""
    gain: np.ndarray
    """``Σ Aᵀ (A Σ Aᵀ + R)⁻¹``, steps × observations."""
    target: float
    """``n·log(1 + v)``: the average's observed sum of real log-steps."""
    noise_sd: float
    """Standard deviation of ``e`` (the published average's uncertainty, in summed logs)."""
    bridges: tuple[tuple[int, int], ...]
    """``(left, right)`` published levels of the bridges inside the window."""
    stream: str
    """The name of the random stream of ``e``."""
    grid: tuple[int, ...] = ()
    """The scenario's years (column ``i`` of the level arrays is year ``grid[i]``)."""


def _window(
    ind: Indicator, first: int, last: int, cut: int | None
) -> tuple[int, int, tuple[tuple[int, int], ...]]:
    """The span widened to whole bridges it overlaps, with those bridges."""
    inside = []
    for left, right in gaps(ind, cut):
        if left + 1 <= last and right >= first:
            first, last = min(first, left + 1), max(last, right)
            inside.append((left, right))
    return first, last, tuple(inside)


def prepare_averages(
    scenario: Scenario,
    drivers: Sequence[Driver],
    correlation: np.ndarray,
    persistence: np.ndarray,
    trends: np.ndarray,
) -> dict[str, tuple[Conditioning, ...]]:
    """The conditionings of every indicator with published averages (computed once per scenario)."""
    position = {d.name: i for i, d in enumerate(drivers)}
    out: dict[str, tuple[Conditioning, ...]] = {}
    cut = scenario.base_year
    for ind in scenario.indicators:
        found = []
        published = ind.growth_observations(cut)
        levels = ind.actual_levels(cut)
        own = ind.drivers()
        for avg in ind.averages(cut):
            first, last, bridges = _window(ind, avg.first, avg.last, cut)
            steps, roles = [], []
            for year in range(first, last + 1):
                for k, driver in enumerate(own):
                    obs = published.get(year) if k == 0 else None
                    fixed_price = k == 1 and year in levels and year - 1 in levels  # implied by two levels
                    if obs is not None:
                        steps.append(Increment(-1, 0, 0.0, 0.0, obs.revision_sd, 1.0 / (1.0 + obs.value)))
                    elif fixed_price:
                        steps.append(Increment(-1, 0, 0.0, 0.0, 0.0, 1.0))
                    else:
                        sd, scale = linearised(assumption_for(driver.schedule, year, scenario.years), True)
                        column = scenario.years.index(year)
                        trend = driver.over_years.trend_sd
                        steps.append(Increment(position[driver.name], column, sd, trend, 0.0, scale))
                    roles.append((k, year))
            rows = np.zeros((1 + len(bridges), len(steps)))
            for j, (k, year) in enumerate(roles):
                rows[0, j] = 1.0 if (k == 0 and avg.first <= year <= avg.last) else 0.0
                for i, (left, right) in enumerate(bridges):
                    rows[1 + i, j] = 1.0 if left < year <= right else 0.0
            cov = covariance(steps, correlation, persistence, trends)
            noise_sd = avg.years * avg.sd / (1.0 + avg.value)
            noise = np.zeros(len(rows))
            noise[0] = noise_sd**2
            inner = rows @ cov @ rows.T + np.diag(noise)
            gain = cov @ rows.T @ np.linalg.pinv(inner)
            found.append(
                Conditioning(
                    first,
                    last,
                    tuple(roles),
                    rows,
                    gain,
                    avg.years * float(np.log1p(avg.value)),
                    noise_sd,
                    bridges,
                    f"{ind.key}.average.{avg.first}-{avg.last}",
                    scenario.years,
                )
            )
        if found:
            out[ind.key] = tuple(found)
    return out


def _times(matrix: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """``matrix @ columns``, summed in the same order for every draw.

    A BLAS product may sum a block of draws in another order than a single draw; the numbers must
    not depend on the block size.
    """
    out = np.zeros((matrix.shape[0], columns.shape[1]))
    for i in range(matrix.shape[0]):
        for j in range(matrix.shape[1]):
            if matrix[i, j] != 0.0:
                out[i] += matrix[i, j] * columns[j]
    return out


def condition_on_averages(
    ind: Indicator,
    conditionings: Sequence[Conditioning],
    levels: np.ndarray,
    growth: np.ndarray,
    prices: np.ndarray | None,
    noise: dict[str, np.ndarray],
    known: set[int],
) -> None:
    """Move the steps of each window onto its observations and compound the levels again (in place).

    Arrays are ``(n_draws, n_years)`` (views are fine). ``noise[stream]`` is one standard normal per
    draw for a published average's uncertainty (absent when it has none); ``known`` the years whose
    level is published (kept as they are).
    """
    if not conditionings:
        return
    years = conditionings[0].grid
    column = {y: i for i, y in enumerate(years)}
    for c in conditionings:
        x = np.empty((len(c.roles), levels.shape[0]))
        for j, (k, year) in enumerate(c.roles):
            t = column[year]
            if k == 0:
                x[j] = np.log1p(growth[:, t])
            else:
                assert prices is not None  # deflator steps only exist with a deflator
                change = prices[:, t]
                if np.isnan(change[0]):  # between two published levels: implied by them
                    change = levels[:, t] / levels[:, t - 1] / (1.0 + growth[:, t]) - 1.0
                x[j] = np.log1p(change)
        observed = np.empty((len(c.rows), levels.shape[0]))
        observed[0] = c.target + c.noise_sd * noise[c.stream] if c.noise_sd > 0 else c.target
        for i, (left, right) in enumerate(c.bridges):
            observed[1 + i] = np.log(levels[:, column[right]] / levels[:, column[left]])
        x = x + _times(c.gain, observed - _times(c.rows, x))
        for j, (k, year) in enumerate(c.roles):
            target = growth if k == 0 else prices
            assert target is not None
            target[:, column[year]] = np.expm1(x[j])
        for year in range(c.first, years[-1] + 1):
            t = column[year]
            if year in known:
                continue
            if year <= c.last:
                factor = np.exp(sum(x[j] for j, (_, y) in enumerate(c.roles) if y == year))
            else:
                factor = 1.0 + growth[:, t]
                if prices is not None:
                    factor = factor * (1.0 + prices[:, t])
            levels[:, t] = levels[:, t - 1] * np.maximum(factor, 0.0)
