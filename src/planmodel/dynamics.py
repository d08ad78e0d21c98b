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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .distribution_base import Distribution


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


@dataclass(frozen=True)
class Step:
    """How the states of one grid column follow from independent normals and the column before.

    ``drivers`` are the drivers whose state is needed in this column (the rows of its state array,
    ascending). Their states are ``factor @ eps`` plus, for a driver carried on from the column
    before, ``φ · previous`` and, for a driver restarted from an observed deviation, ``φ · state``.
    """

    column: int
    drivers: tuple[int, ...]
    factor: np.ndarray
    """Square root of the innovation covariance of ``drivers`` (lower triangular where possible)."""
    carried: tuple[tuple[int, int, float], ...]
    """``(row, row in the previous column's states, φ)``."""
    restarted: tuple[tuple[int, float], ...]
    """``(row, φ · observed state)``."""
    triangular: bool = True
    """``factor`` is lower triangular (then it is applied in place)."""

    def advance(self, eps: np.ndarray, previous: np.ndarray | None) -> np.ndarray:
        """The states ``(k, n)`` of this column from independent normals ``eps`` (overwritten)."""
        z = mix(self.factor, eps, self.triangular)
        for row, before, phi in self.carried:
            assert previous is not None
            z[row] += phi * previous[before]
        for row, shift in self.restarted:
            z[row] += shift
        return z


def mix(factor: np.ndarray, eps: np.ndarray, triangular: bool | None = None) -> np.ndarray:
    """``factor @ eps`` by rows, skipping zeros: in place (bottom-up) for a lower-triangular factor.

    Elementwise multiplies and adds in a fixed order, so a draw's state does not depend on which
    other draws share its array (no BLAS, no fused or reordered sums).
    """
    k = len(factor)
    if triangular is None:
        triangular = is_lower_triangular(factor)
    if not triangular:
        out = np.zeros_like(eps)
        for r in range(k):
            for j in range(k):
                if factor[r, j] != 0.0:
                    out[r] += factor[r, j] * eps[j]
        return out
    scratch = np.empty_like(eps[0]) if k > 1 else None
    for r in range(k - 1, -1, -1):
        if factor[r, r] != 1.0:
            eps[r] *= factor[r, r]
        for j in range(r):
            if factor[r, j] != 0.0:
                np.multiply(eps[j], factor[r, j], out=scratch)
                eps[r] += scratch
    return eps


def is_lower_triangular(factor: np.ndarray) -> bool:
    """Whether every entry above the diagonal is exactly zero."""
    return not np.any(np.triu(factor, 1))


def active_columns(
    used: Sequence[frozenset[int]],
    correlation: np.ndarray,
    persistence: np.ndarray,
    restarts: Mapping[int, tuple[int, float]],
) -> list[frozenset[int]]:
    """The columns where each driver's state must be simulated for its ``used`` columns to be exact.

    A driver without persistence needs its state only where it is used. A persistent driver needs
    an unbroken chain up to its last use: from its first use (or from its restart, the column after
    an observed deviation) when it is correlated with no other driver; from the first column any
    driver needs (``t0``) when it is, since its state then covaries with earlier states of the
    others (``φ^k ρ``). ``t0`` also reaches back to the column before the restart of a correlated
    persistent driver, so that the others' states carried into that restart are random, as in the
    full process. The joint law of every used state is that of the process run over the whole
    grid; columns that nothing needs (published years) get no random numbers.

    ``restarts[i] = (column, state)``: driver ``i``'s state after ``column`` continues from ``state``.
    """
    n = len(used)
    correlated = [bool(np.any(np.delete(correlation[i], i))) for i in range(n)]
    needed = [c for u in used for c in u]
    if not needed:
        return [frozenset() for _ in range(n)]
    starts = [
        restarts[i][0] for i in range(n) if i in restarts and used[i] and persistence[i] and correlated[i]
    ]
    t0 = min(needed + starts)
    out = []
    for i in range(n):
        if not used[i] or not persistence[i]:
            out.append(frozenset(used[i]))
            continue
        first, last = min(used[i]), max(used[i])
        if correlated[i]:
            first = t0
        elif i in restarts and restarts[i][0] + 1 <= first:
            first = restarts[i][0] + 1
        out.append(frozenset(range(first, last + 1)))
    return out


def state_steps(
    active: Sequence[frozenset[int]],
    correlation: np.ndarray,
    persistence: np.ndarray,
    restarts: Mapping[int, tuple[int, float]],
) -> tuple[Step, ...]:
    """The :class:`Step` of every column where some driver is active, in column order.

    In a column, a driver is carried (``φ · previous`` plus an innovation) if it is persistent and
    active in the column before, restarted (``φ · state`` plus an innovation) in the column after
    its observed deviation, and otherwise starts fresh from its stationary distribution. The
    innovations covary as ``R_ij (1 − φ_i φ_j)`` with ``φ`` zero for fresh drivers, which is the
    stationary start ``R`` in the first column and ``Q = R − Φ R Φ`` once every driver runs.
    """
    phi = np.asarray(persistence, dtype=float)
    columns = sorted({c for a in active for c in a})
    steps: list[Step] = []
    previous: dict[int, int] = {}
    for column in columns:
        drivers = tuple(i for i in range(len(active)) if column in active[i])
        effective = np.zeros(len(drivers))
        carried, restarted = [], []
        for row, i in enumerate(drivers):
            restart = restarts.get(i)
            if phi[i] and restart is not None and restart[0] + 1 == column:
                effective[row] = phi[i]
                restarted.append((row, phi[i] * restart[1]))
            elif phi[i] and column - 1 in active[i]:
                effective[row] = phi[i]
                carried.append((row, previous[i], float(phi[i])))
        sub = correlation[np.ix_(drivers, drivers)]
        factor = matrix_factor(sub * (1.0 - np.outer(effective, effective)))
        steps.append(
            Step(column, drivers, factor, tuple(carried), tuple(restarted), is_lower_triangular(factor))
        )
        previous = {i: row for row, i in enumerate(drivers)}
    return tuple(steps)


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
    from scipy.optimize import brentq  # here, not at the top: the report workers never need scipy
    from scipy.special import ndtri

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
