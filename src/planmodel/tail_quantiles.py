"""Inverse CDFs that stay finite and accurate far into the tails, and scipy loaded at first use.

The engine maps standard-normal draws to their marginals through tail probabilities down to the
smallest positive double; scipy's ``betaincinv`` and ``stdtrit`` underflow or lose accuracy there.
This module holds the two tail formulas the families need (the inverse incomplete beta on a log
scale, and the lower tail of the Student t through it) and the smallest probability passed on.
Imports: — → numpy, scipy.special (loaded at first use).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

#: Smallest probability passed to an inverse CDF from the engine (keeps unbounded tails finite).
TINY = float(np.finfo(np.float64).tiny)
#: Below this tail probability stdtrit loses accuracy; the t quantile then goes through the beta.
T_TAIL_BELOW = 1e-8
# Where the leading series term of the incomplete beta, I_x(a, b) ≈ x^a / (a·B(a, b)), is exact to
# double precision (relative error O(x)); betaincinv fails once x underflows, the series does not.
_SERIES_LOG_X = math.log(1e-17)
# betaincinv is reliable down to about this probability; below it (|z| > 33) the quantile is held.
_BETAINCINV_FLOOR = 1e-250


def special() -> Any:
    """``scipy.special``, imported at first use.

    The report workers unpickle distributions but never sample them; importing scipy at the top
    would cost their start half a second.
    """
    import scipy.special

    return scipy.special


def log_beta_inverse(a: npt.ArrayLike, b: npt.ArrayLike, p: FloatArray) -> FloatArray:
    """Return log x such that the regularised incomplete beta I_x(a, b) = p, down to p = 0.

    Uses ``betaincinv`` where x is not tiny and the leading series term where it is, so the lower
    tail neither underflows nor turns into nan (``betaincinv`` does both for p below ~1e-200).
    """
    with np.errstate(divide="ignore"):
        log_series = (np.log(p) + np.log(a) + special().betaln(a, b)) / a
        direct = np.log(special().betaincinv(a, b, np.maximum(p, _BETAINCINV_FLOOR)))
    return np.where(log_series < _SERIES_LOG_X, log_series, direct)


def t_lower_tail(df: float, p: FloatArray) -> FloatArray:
    """Return the standard t quantile for small ``p`` via P(T < -t) = I_x(df/2, 1/2) / 2.

    Here x = df / (df + t²), so t = -√(df·(1 − x)/x), computed from log x without underflow.
    """
    log_x = log_beta_inverse(df / 2.0, 0.5, 2.0 * p)
    with np.errstate(over="ignore"):
        return -np.sqrt(df * -np.expm1(log_x)) * np.exp(-0.5 * log_x)

