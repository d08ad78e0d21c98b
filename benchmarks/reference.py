"""The reference model of issue 11, its answers computed without simulation, and the agreement check.

Model (verbatim from the issue): three indicators with 2023 levels gdp 800, ind 1500, fai 400
(亿元); years 2024–2026; yearly growth normal with means 7.5%, 10%, 8% and sds 2%, 4%, 5%;
correlation within a year [[1, .7, .5], [.7, 1, .4], [.5, .4, 1]], independent across years;
``level_t = level_{t-1} * (1 + g_t)``. Quantities: P(gdp_2026 >= 1000), P(ind_2026 >= 2000),
P(both), and the 5/50/95th percentiles of gdp_2026.

The answers every tool is checked against are not a bigger Monte Carlo run: they are integrals
computed by Gauss–Hermite quadrature over the first two years' shocks, with the last year's shock
integrated in closed form (a normal tail, or a bivariate-normal orthant via Owen's T function).
The integrands are smooth, so the quadrature error is far below any Monte Carlo error here
(:func:`exact_answers` reports the change from doubling the nodes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy import optimize, special

INDICATORS = ("gdp", "ind", "fai")
BASE = np.array([800.0, 1500.0, 400.0])
"""2023 levels, 亿元."""
YEARS = (2024, 2025, 2026)
MEAN = np.array([0.075, 0.10, 0.08])
SD = np.array([0.02, 0.04, 0.05])
CORR = np.array([[1.0, 0.7, 0.5], [0.7, 1.0, 0.4], [0.5, 0.4, 1.0]])
GDP_TARGET = 1000.0
IND_TARGET = 2000.0
QUANTILES = (0.05, 0.50, 0.95)
ISSUE_ANSWERS = {"p_gdp": 0.420, "p_ind": 0.481, "p_both": 0.322, "gdp_p5": 941.7, "gdp_p50": 993.5,
                 "gdp_p95": 1047.1}
"""The large-sample answers quoted in the issue (rounded); printed beside the exact ones."""

PROBABILITIES = ("p_gdp", "p_ind", "p_both")
PERCENTILES = ("gdp_p5", "gdp_p50", "gdp_p95")
QUANTITIES = PROBABILITIES + PERCENTILES


@dataclass(frozen=True)
class Answers:
    """What one tool reports on the reference model.

    ``draws`` is the number of draws behind the probabilities; ``percentile_draws`` the number
    behind the percentiles (every draw, for every tool here).
    """

    values: dict[str, float]
    draws: int
    percentile_draws: int


def answers_from_levels(gdp_2026: np.ndarray, ind_2026: np.ndarray) -> Answers:
    """The six quantities from per-draw 2026 levels (shared by every implementation but planmodel)."""
    gdp_ok = gdp_2026 >= GDP_TARGET
    ind_ok = ind_2026 >= IND_TARGET
    p5, p50, p95 = np.quantile(gdp_2026, QUANTILES)
    values = {
        "p_gdp": float(gdp_ok.mean()),
        "p_ind": float(ind_ok.mean()),
        "p_both": float((gdp_ok & ind_ok).mean()),
        "gdp_p5": float(p5),
        "gdp_p50": float(p50),
        "gdp_p95": float(p95),
    }
    return Answers(values, len(gdp_2026), len(gdp_2026))


def _nodes(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Gauss–Hermite nodes and weights for a standard normal (weights sum to 1)."""
    x, w = special.roots_hermitenorm(n)
    return x, w / math.sqrt(2.0 * math.pi)


def _two_year_growth(k: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Growth factor over the first two years of indicator ``k`` on a 2-D grid, and its weights."""
    z, w = _nodes(n)
    factor = 1.0 + MEAN[k] + SD[k] * z
    return np.multiply.outer(factor, factor).ravel(), np.multiply.outer(w, w).ravel()


def _cdf_density(k: int, level: float, n: int) -> tuple[float, float]:
    """P(level_2026 of indicator ``k`` <= ``level``) and its density there."""
    two, w = _two_year_growth(k, n)
    scale = BASE[k] * two
    z = (level / scale - 1.0 - MEAN[k]) / SD[k]
    cdf = float(w @ special.ndtr(z))
    density = float(w @ (np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi) / (SD[k] * scale)))
    return cdf, density


def _bivariate_upper(a: np.ndarray, b: np.ndarray, rho: float) -> np.ndarray:
    """P(X >= a, Y >= b) for standard normals with correlation ``rho`` (Owen 1956, via T(h, a))."""
    h, k = -a, -b  # P(X >= a, Y >= b) = P(X <= h, Y <= k) by symmetry
    h = np.where(h == 0.0, 1e-300, h)
    k = np.where(k == 0.0, 1e-300, k)
    root = math.sqrt(1.0 - rho * rho)
    beta = np.where(h * k < 0.0, 0.5, 0.0)
    return (
        0.5 * (special.ndtr(h) + special.ndtr(k))
        - special.owens_t(h, (k - rho * h) / (h * root))
        - special.owens_t(k, (h - rho * k) / (k * root))
        - beta
    )


def _p_both(n: int) -> float:
    """P(gdp_2026 >= 1000 and ind_2026 >= 2000): 4-D quadrature over years 1–2, closed form in year 3."""
    rho = CORR[0, 1]
    z, w = _nodes(n)
    # (z_gdp, e) per year with z_ind = rho z_gdp + sqrt(1-rho^2) e; grid over two years.
    zg, e = np.meshgrid(z, z, indexing="ij")
    wy = np.multiply.outer(w, w).ravel()
    gdp_year = (1.0 + MEAN[0] + SD[0] * zg).ravel()
    ind_year = (1.0 + MEAN[1] + SD[1] * (rho * zg + math.sqrt(1 - rho * rho) * e)).ravel()
    total = 0.0
    for i in range(len(wy)):  # year 1 on the outer loop keeps memory at n^2 per step
        gdp_two = BASE[0] * gdp_year[i] * gdp_year
        ind_two = BASE[1] * ind_year[i] * ind_year
        a = (GDP_TARGET / gdp_two - 1.0 - MEAN[0]) / SD[0]
        b = (IND_TARGET / ind_two - 1.0 - MEAN[1]) / SD[1]
        total += wy[i] * float(wy @ _bivariate_upper(a, b, rho))
    return total


def _solve(n: int) -> dict[str, float]:
    """All six answers with ``n`` nodes per dimension."""
    values = {
        "p_gdp": 1.0 - _cdf_density(0, GDP_TARGET, n)[0],
        "p_ind": 1.0 - _cdf_density(1, IND_TARGET, n)[0],
        "p_both": float(_p_both(n)),
    }
    for name, q in zip(PERCENTILES, QUANTILES, strict=True):
        values[name] = optimize.brentq(lambda x, q=q: _cdf_density(0, x, n)[0] - q, 500.0, 2000.0,
                                       xtol=1e-10)
    return values


@cache
def exact_answers(nodes: int = 24) -> tuple[dict[str, float], dict[str, float], float]:
    """The answers, the density of gdp_2026 at each percentile, and the quadrature error bound.

    The error bound is the largest change in any probability (or percentile / 1000) between
    ``nodes`` and ``nodes // 2`` nodes per dimension.
    """
    fine, coarse = _solve(nodes), _solve(nodes // 2)
    error = max(abs(fine[k] - coarse[k]) / (1000.0 if k in PERCENTILES else 1.0) for k in QUANTITIES)
    density = {k: _cdf_density(0, fine[k], nodes)[1] for k in PERCENTILES}
    return fine, density, error


def standard_error(name: str, draws: int, exact: dict[str, float], density: dict[str, float]) -> float:
    """Monte Carlo standard error of one quantity from ``draws`` independent draws.

    Probabilities: sqrt(p(1-p)/n). Percentiles: the order-statistic standard error
    sqrt(q(1-q)/n) / f(x_q), with f the density of gdp_2026 at the true percentile.
    """
    if name in PROBABILITIES:
        p = exact[name]
        return math.sqrt(p * (1.0 - p) / draws)
    q = QUANTILES[PERCENTILES.index(name)]
    return math.sqrt(q * (1.0 - q) / draws) / density[name]


def check(answers: Answers, tolerance: float = 4.0) -> list[tuple[str, float, float, float, bool]]:
    """Per quantity: (name, value, exact, deviation in standard errors, within ``tolerance``)."""
    exact, density, _ = exact_answers()
    rows = []
    for name in QUANTITIES:
        n = answers.percentile_draws if name in PERCENTILES else answers.draws
        se = standard_error(name, n, exact, density)
        z = (answers.values[name] - exact[name]) / se
        rows.append((name, answers.values[name], exact[name], z, abs(z) <= tolerance))
    return rows
