"""Plan-versus-outcome errors of a reference class → the outside view's numbers.

For every pair (region ``p``, year ``y``) of the class, the error is the outcome minus the plan's
number (the target; the middle of a range), in growth-rate units. The errors are modelled as

    e[p, y] = shift + u[y] + a[p] + w[p, y]

- ``shift``: how far outcomes fall short of plans on average (negative: optimism);
- ``u[y] ~ N(0, year_sd²)``: a shock common to every region in a year (2020, 2022);
- ``a[p] ~ N(0, region_sd²)``: a region's lasting over- or under-shooting;
- ``w[p, y] ~ N(0, residual_sd²)``: the rest.

The variances are estimated by restricted maximum likelihood (REML) of this crossed random-effects
model (exact for the normal model, using every pair however unbalanced the years and regions); they
say how much of an error lasts in one region (``region_sd``). The errors themselves are kept: the
outside view draws a year's error from them (their skew included). The mean error's standard error
is clustered by year. Pure: numpy and scipy.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.linalg import cho_factor, cho_solve
from scipy.optimize import minimize

from ..calibration import OutsideView
from .cases import PROVINCIAL_CLASS, Case, why_not_scored
from .scores import clustered_se


@dataclass(frozen=True)
class ErrorPair:
    """One plan-versus-outcome error of the reference class."""

    region: str
    year: int
    error: float
    """Outcome minus the plan's number (a fraction: −0.004 is 0.4 percentage points short)."""


def error_pairs(
    cases: Iterable[Case], reference_class: str = PROVINCIAL_CLASS, leave_out: Collection[int] = ()
) -> list[ErrorPair]:
    """The errors of every scored growth case of a class, except those of the years ``leave_out``.

    The outcome is the earliest listed (the vintage first published); the plan's number is the
    target (the middle of a range).
    """
    out = []
    for case in cases:
        if case.reference_class != reference_class or case.measure != "growth":
            continue
        if why_not_scored(case) is not None or case.year in leave_out:
            continue
        outcome = case.outcome_value
        assert outcome is not None
        out.append(ErrorPair(case.region, case.year, round(outcome - case.plan_number, 10)))
    return out


def _design(pairs: Sequence[ErrorPair]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    years = sorted({p.year for p in pairs})
    regions = sorted({p.region for p in pairs})
    zy = np.array([[p.year == y for y in years] for p in pairs], dtype=float)
    zr = np.array([[p.region == r for r in regions] for p in pairs], dtype=float)
    return np.array([p.error for p in pairs]), zy @ zy.T, zr @ zr.T


def _gls(y: np.ndarray, v: np.ndarray) -> tuple[float, float, float]:
    """(GLS mean, its variance, −2 × REML log-likelihood without constants) for covariance ``v``."""
    factor = cho_factor(v, lower=True)
    solved = cho_solve(factor, np.column_stack([np.ones_like(y), y]))
    info = float(solved[:, 0].sum())
    shift = float(solved[:, 1].sum()) / info
    quad = float(y @ solved[:, 1]) - shift * shift * info
    logdet = 2.0 * float(np.log(np.diag(factor[0])).sum())
    return shift, 1.0 / info, logdet + math.log(info) + quad


def fit_outside_view(pairs: Sequence[ErrorPair], name: str = "reference class") -> OutsideView:
    """Fit the crossed random-effects model to the errors of a reference class.

    Parameters
    ----------
    pairs
        At least three errors in at least two years.
    name
        What the class is, for the record (``OutsideView.source``).

    Returns
    -------
    OutsideView
        The errors, the standard error of their mean (clustered by year) and the three REML
        standard deviations.
    """
    if len(pairs) < 3 or len({p.year for p in pairs}) < 2:
        raise ValueError("the outside view needs at least three pairs in at least two years")
    y, year_block, region_block = _design(pairs)
    eye = np.eye(len(y))
    scale = float(np.var(y)) or 1e-6

    def objective(log_var: np.ndarray) -> float:
        var_year, var_region, var_resid = np.exp(np.clip(log_var, -30, 10)) * scale
        v = var_year * year_block + var_region * region_block + (var_resid + 1e-12 * scale) * eye
        try:
            return _gls(y, v)[2]
        except np.linalg.LinAlgError:  # numerically singular: far from the optimum
            return math.inf

    start = np.log(np.array([0.3, 0.1, 0.6]))
    best = minimize(objective, start, method="Nelder-Mead",
                    options={"xatol": 1e-4, "fatol": 1e-7, "maxiter": 2000})
    var_year, var_region, var_resid = np.exp(np.clip(best.x, -30, 10)) * scale
    years = sorted({p.year for p in pairs})
    return OutsideView(
        errors=tuple(sorted(float(e) for e in y)),
        shift_se=clustered_se(y, [p.year for p in pairs]),
        year_sd=float(np.sqrt(var_year)),
        region_sd=float(np.sqrt(var_region)),
        residual_sd=float(np.sqrt(var_resid)),
        years=(years[0], years[-1]),
        regions=len({p.region for p in pairs}),
        source=name,
    )
