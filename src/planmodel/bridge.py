"""Years between two published levels: simulated, then conditioned to land on the published end.

Between published levels ``L_a`` (year ``a``) and ``L_b`` (year ``b > a + 1``) the intermediate
years are not data. The engine draws every yearly increment of the gap from the scenario's
assumptions, exactly as for projected years — real growth and price change (or growth, or an
additive change), with their persistence, trend doubt and correlations — keeps every published
growth rate of those years, and then conditions the draws on the published far end:

    x'_i = x_i + w_i · (C − Σ_j x_j),    w = Σ·1 / (1ᵀ·Σ·1),

where ``x_i`` are the increments (``log(1+g)`` for growth, the change itself for ``change``),
``C`` is ``log(L_b/L_a)`` (or ``L_b − L_a``) and ``Σ`` their covariance under the assumptions
(linearised: a distribution enters by its standard deviation). For Gaussian increments this is
the exact conditional distribution (Matheron's rule); the path lands on ``L_b`` in every draw and a
published growth rate (zero variance) is never changed. A gap year that no assumption covers
borrows the driver's nearest assumption (see :func:`assumption_for`).

Numeric core: numpy only; the weights depend on the scenario alone and are computed once (the
engine applies them: :func:`planmodel.engine._bridge`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .distribution_base import Distribution
from .dynamics import spread
from .scenario.indicator_model import Schedule


@dataclass(frozen=True)
class Increment:
    """One random or published yearly step inside a gap, with what its covariance needs."""

    driver: int
    """Index of the yearly driver (``-1`` for a published step with no driver state)."""
    column: int
    """Year index on the scenario's grid."""
    sd: float
    """Linearised standard deviation of the yearly part (0 when published)."""
    trend_sd: float
    """Standard deviation of the driver's trend shift (0 when published)."""
    revision_sd: float = 0.0
    """Standard deviation of a published step's revision (independent of everything else)."""
    log_scale: float = 1.0
    """``1 / (1 + mean)`` for growth steps taken in logs; 1 for additive changes."""


def assumption_for(schedule: Schedule, year: int, years: Sequence[int]) -> Distribution:
    """The assumption of ``year``; a year no entry covers borrows the nearest covered year's.

    Ties go to the later year (the first projected year is the usual lender for a gap before it).
    """
    own = schedule.for_year(year)
    if own is not None:
        return own
    covered = [y for y in years if schedule.covers(y)]
    covered += [y for e in schedule.entries if e.years is not None for y in e.years]
    best = min(covered, key=lambda y: (abs(y - year), -y))
    found = schedule.for_year(best)
    assert found is not None
    return found


def linearised(dist: Distribution, logs: bool) -> tuple[float, float]:
    """``(sd, log_scale)`` of a yearly draw for the covariance of a bridge."""
    mean = dist.mean()
    if not np.isfinite(mean):
        mean = dist.quantile(0.5)
    return spread(dist), (1.0 / (1.0 + mean) if logs else 1.0)


def covariance(
    steps: Sequence[Increment],
    correlation: np.ndarray,
    persistence: np.ndarray,
    trend_correlation: np.ndarray,
) -> np.ndarray:
    """Covariance of the steps of a gap under the yearly VAR(1), the trends and the revisions.

    ``correlation`` and ``persistence`` are the yearly drivers' same-year correlation and AR(1)
    coefficients; ``trend_correlation[i, j]`` the correlation of drivers ``i`` and ``j``'s trends.
    ``Cov(y_i,t, y_j,u) = φ_i^(t−u) R_ij`` for ``t ≥ u`` (the stationary VAR of
    :mod:`planmodel.dynamics`).
    """
    k = len(steps)
    out = np.zeros((k, k))
    for p, s in enumerate(steps):
        for q, u in enumerate(steps):
            value = 0.0
            if s.driver >= 0 and u.driver >= 0:
                first, second = (s, u) if s.column >= u.column else (u, s)
                lag = first.column - second.column
                rho = correlation[first.driver, second.driver]
                value += s.sd * u.sd * persistence[first.driver] ** lag * rho
                value += s.trend_sd * u.trend_sd * trend_correlation[s.driver, u.driver]
            if p == q:
                value += s.revision_sd**2
            out[p, q] = value * s.log_scale * u.log_scale
    return out


def weights(steps: Sequence[Increment], cov: np.ndarray, published: Sequence[bool]) -> np.ndarray:
    """How the mismatch with the published far end is shared among the steps of a gap.

    ``Σ·1 / (1ᵀΣ1)``; if nothing in the gap is uncertain, the mismatch is shared equally by the
    steps that are not published (or by all of them if every step is published).
    """
    total = cov.sum()
    if total > 1e-18:
        return cov.sum(axis=1) / total
    free = np.array([not p for p in published], dtype=float)
    if not free.any():
        free[:] = 1.0
    return free / free.sum()
