"""How random deviations move through the years: persistent yearly shocks and shared trend shifts.

The numeric core of part of the engine (numpy/scipy only). Every yearly driver ``d`` (an indicator's
growth or change, or its deflator) has a standard-normal state ``y[d, t]``:

- ``y[:, 0] ~ N(0, R)``: the stationary start, ``R`` the stated same-year correlation;
- ``y[:, t] = Φ y[:, t-1] + ν_t`` with ``ν_t ~ N(0, Q)``, ``Q = R − Φ R Φ`` (``Φ`` the diagonal
  of persistences). Then ``Var(y[:, t]) = R`` in every year and each driver alone is an AR(1)
  with its own persistence: the correlation a planner states is the same-year correlation,
  whatever the persistences. ``Q`` must be positive semidefinite; a pair cannot hold a same-year
  correlation above ``√((1−φa²)(1−φb²)) / (1−φa·φb)`` (a persistent deviation cannot move with
  one that vanishes every year), which :func:`persistence_conflict` reports.

Numbers drawn once per draw (trend shifts, census shifts) are correlated standard normals with
their own matrix. Imports: nothing from planmodel → numpy, scipy.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
from scipy.optimize import brentq
from scipy.special import ndtri

from .distributions import Distribution


def matrix_factor(matrix: np.ndarray) -> np.ndarray:
    """A square root ``L`` with ``L @ L.T == matrix`` for a positive semidefinite matrix."""
    try:
        return np.linalg.cholesky(matrix)
    except np.linalg.LinAlgError:
        values, vectors = np.linalg.eigh(matrix)
        return vectors * np.sqrt(np.clip(values, 0.0, None))


def innovation_covariance(correlation: np.ndarray, persistence: np.ndarray) -> np.ndarray:
    """``Q = R − Φ R Φ``: the covariance of yearly innovations that keeps ``R`` in every year."""
    phi = np.asarray(persistence, dtype=float)
    return correlation * (1.0 - np.outer(phi, phi))


def pair_bound(phi_a: float, phi_b: float) -> float:
    """The largest same-year correlation two AR(1) drivers can hold: ``√((1−a²)(1−b²))/(1−ab)``."""
    return math.sqrt((1.0 - phi_a**2) * (1.0 - phi_b**2)) / (1.0 - phi_a * phi_b)


def persistence_conflict(
    correlation: np.ndarray, persistence: np.ndarray, names: Sequence[str], tol: float = 1e-10
) -> str | None:
    """Say which stated correlations cannot hold with the stated persistences, or ``None``.

    A pair that breaks :func:`pair_bound` is named with its bound; otherwise the smallest group
    of drivers whose innovation covariance is not positive semidefinite.
    """
    q = innovation_covariance(correlation, persistence)
    if np.linalg.eigvalsh(q).min() >= -tol:
        return None
    phi = np.asarray(persistence, dtype=float)
    for i, j in itertools.combinations(range(len(names)), 2):
        bound = pair_bound(phi[i], phi[j])
        if abs(correlation[i, j]) > bound + tol:
            return (
                f"{names[i]} (persistence {phi[i]:g}) and {names[j]} (persistence {phi[j]:g}) cannot "
                f"have a same-year correlation of {correlation[i, j]:g}: with these persistences "
                f"at most ±{bound:.2f} can hold year after year"
            )
    for size in range(3, len(names) + 1):
        for combo in itertools.combinations(range(len(names)), size):
            if np.linalg.eigvalsh(q[np.ix_(combo, combo)]).min() < -tol:
                group = ", ".join(f"{names[k]} ({phi[k]:g})" for k in combo)
                return f"the correlations among {group} cannot hold together with these persistences"
    return "the correlations cannot hold together with these persistences"  # pragma: no cover


def yearly_states(
    eps: np.ndarray,
    start_factor: np.ndarray,
    innovation_factor: np.ndarray,
    persistence: np.ndarray,
    restarts: Sequence[tuple[int, int, float]] = (),
) -> np.ndarray:
    """Correlated AR(1) states from independent standard normals.

    Parameters
    ----------
    eps
        Independent standard normals, shape ``(n_years, n_drivers, n_draws)`` (each year's block
        contiguous, so a year's correlation is one matrix product); overwritten.
    start_factor, innovation_factor
        Square roots of ``R`` and ``Q`` (:func:`matrix_factor`).
    persistence
        ``(n_drivers,)`` AR(1) coefficients.
    restarts
        ``(driver, column, state)``: the state of year ``column + 1`` continues from ``state``
        (an observed deviation) instead of from that driver's own value in ``column``.

    Returns
    -------
    numpy.ndarray
        States ``(n_years, n_drivers, n_draws)``; a loop over years only. Products are
        ``einsum`` loops (a fixed summation order, and faster than threaded BLAS for 10–20
        drivers on a busy machine).
    """
    n_years, n_drivers, _ = eps.shape
    z = eps
    if not np.any(persistence) and not restarts:  # independent years: one product for all
        return z if n_drivers == 1 else np.einsum("ij,tjn->tin", start_factor, z)
    if n_drivers > 1:
        z[0] = np.einsum("ij,jn->in", start_factor, z[0])
    phi = np.asarray(persistence, dtype=float)[:, None]
    scale = np.sqrt(1.0 - phi**2)
    by_column: dict[int, list[tuple[int, float]]] = {}
    for driver, column, state in restarts:
        by_column.setdefault(column, []).append((driver, state))
    for t in range(1, n_years):
        innovation = scale * z[t] if n_drivers == 1 else np.einsum("ij,jn->in", innovation_factor, z[t])
        previous = z[t - 1]
        if t - 1 in by_column:
            previous = previous.copy()
            for driver, state in by_column[t - 1]:
                previous[driver] = state
        z[t] = phi * previous + innovation
    return z


def spread(dist: Distribution) -> float:
    """A distribution's standard deviation, or its IQR/1.349 where the variance is infinite."""
    sd = dist.sd()
    if math.isfinite(sd):
        return sd
    return (dist.quantile(0.75) - dist.quantile(0.25)) / 1.3489795003921634


def start_state(dist: Distribution, deviation: float) -> float:
    """The standard-normal state of an observed deviation from ``dist``'s mean.

    The value ``mean + deviation`` is placed at its percentile under ``dist`` and that
    percentile's normal score is returned (``deviation / sd`` for a normal).

    Raises
    ------
    ValueError
        If ``dist`` is not random or the value lies outside its range.
    """
    if not dist.is_random():
        raise ValueError("the first projected year's assumption has no spread")
    mean = dist.mean()
    if not math.isfinite(mean):
        mean = dist.quantile(0.5)
    value = mean + deviation
    if dist.family == "normal":
        return deviation / dist.sd()
    low, high = dist.quantile(1e-12), dist.quantile(1 - 1e-12)
    if not low < value < high:
        raise ValueError(
            f"mean + deviation = {value:.4g} lies outside the assumption's range {low:.4g}–{high:.4g}"
        )
    u = brentq(lambda p: float(dist.ppf(p)) - value, 1e-12, 1 - 1e-12, xtol=1e-15)
    return float(ndtri(u))


def ar1_sum_variance(sd: Sequence[float], persistence: float, trend_sd: float = 0.0) -> float:
    """Closed-form variance of the sum of yearly draws ``Σ_t (sd_t·y_t) + n·trend_sd·τ``.

    ``y`` is a unit-variance AR(1); ``Var = Σ_s Σ_t sd_s sd_t φ^|s−t| + n² trend_sd²``. For normal
    assumptions this is exact for the growth rates themselves (used by the docs' band table).
    """
    s = np.asarray(sd, dtype=float)
    n = len(s)
    lags = np.abs(np.subtract.outer(np.arange(n), np.arange(n)))
    return float(s @ (persistence**lags) @ s + (n * trend_sd) ** 2)
