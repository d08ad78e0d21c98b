"""Fit a driver's yearly growth history: mean, year-to-year spread, trend doubt and persistence.

The model is the engine's own: ``x_t = μ + e_t`` with ``e`` a stationary AR(1) of coefficient
``φ`` and standard deviation ``σ`` (``Cov(e_s, e_t) = σ² φ^|s−t|``, exact also with missing years).
It is fitted by Bayes with the reference prior ``p(μ, σ) ∝ 1/σ`` and a uniform prior on ``φ`` over
(−0.95, 0.95), on a grid of ``φ`` with ``μ`` and ``σ`` integrated in closed form:

- given ``φ``: ``μ | x ~ t_{n−1}(μ̂_φ, S_φ / ((n−1) a_φ))`` and ``σ² | x ~ Inv-Gamma((n−1)/2, S_φ/2)``,
  where ``a_φ = 1ᵀV⁻¹1``, ``μ̂_φ = 1ᵀV⁻¹x / a_φ``, ``S_φ = (x − μ̂_φ)ᵀ V⁻¹ (x − μ̂_φ)``;
- ``p(φ | x) ∝ |V|^{−1/2} a_φ^{−1/2} S_φ^{−(n−1)/2}``.

What a scenario gets (moments of the posterior, so parameter doubt is carried, not dropped):

- ``mean`` = E[μ | x];
- ``persistence`` = E[φ | x] (its posterior sd is reported);
- ``sd`` and ``trend_sd`` match two moments of the posterior predictive
  (:func:`summarize_posterior`): the first year's swing after the last observation, and the
  spread of a year far ahead, ``sd² + trend_sd² = E[σ²] + Var(μ)`` — the doubt about the average
  (Var μ) is shared by every future year, and E[σ²] = S/(n−3) is wider than S/(n−1);
- ``start_deviation`` = the last year's value minus ``mean``.

The posterior predictive itself is a t (heavier-tailed with few years); the normal form matches its
variance. Needs at least 4 years (the moments exist from n = 4); fewer than 6 gets a warning.
Pure: numpy and scipy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import gammaln

from .history import Series, driver_series

PHI_GRID = np.linspace(-0.95, 0.95, 191)
"""Grid of the persistence φ (step 0.01); its prior is uniform on it."""
MIN_YEARS = 4
FEW_YEARS = 6


@dataclass(frozen=True)
class Posterior:
    """The grid posterior of one series: per φ, its weight and the closed-form pieces."""

    phi: np.ndarray
    weight: np.ndarray
    mu_hat: np.ndarray
    info: np.ndarray
    """``a_φ = 1ᵀV⁻¹1``."""
    ss: np.ndarray
    """``S_φ``."""
    n: int


def _ar1_cov(years: np.ndarray, phi: float) -> np.ndarray:
    lag = np.abs(np.subtract.outer(years, years))
    return np.power(phi, lag) if phi != 0 else (lag == 0).astype(float)


def posterior(years: Sequence[int], values: Sequence[float], grid: np.ndarray = PHI_GRID) -> Posterior:
    """The posterior of ``(μ, σ, φ)`` for one series on the ``φ`` grid."""
    t = np.asarray(years, dtype=float)
    x = np.asarray(values, dtype=float)
    n = len(x)
    if n < MIN_YEARS:
        raise ValueError(f"at least {MIN_YEARS} years are needed to fit a series, got {n}")
    logpost, mu_hat, info, ss = (np.empty(len(grid)) for _ in range(4))
    ones = np.ones(n)
    for i, phi in enumerate(grid):
        v = _ar1_cov(t, float(phi))
        sign, logdet = np.linalg.slogdet(v)
        solved = np.linalg.solve(v, np.column_stack([ones, x]))
        a = float(ones @ solved[:, 0])
        m = float(ones @ solved[:, 1]) / a
        s = float(x @ solved[:, 1]) - m * m * a
        s = max(s, 1e-300)
        mu_hat[i], info[i], ss[i] = m, a, s
        logpost[i] = -0.5 * logdet - 0.5 * math.log(a) - 0.5 * (n - 1) * math.log(s)
    w = np.exp(logpost - logpost.max())
    return Posterior(np.asarray(grid, float), w / w.sum(), mu_hat, info, ss, n)


@dataclass(frozen=True)
class Estimate:
    """Posterior summaries: the scenario keys and the parameters' own uncertainty."""

    mean: float
    """E[μ]: the ``mean`` key."""
    trend_sd: float
    """The ``trend_sd`` key: the mean's posterior sd, plus deviations so persistent they act as trend."""
    sd: float
    """The ``sd`` key: one year's swing (see :func:`summarize_posterior`)."""
    persistence: float
    """E[φ]: the ``persistence`` key."""
    persistence_sd: float
    sd_point: float
    """The plain sample standard deviation (n − 1), for comparison."""
    sigma: float = float("nan")
    """√E[σ²]: the posterior stationary standard deviation of the deviations."""
    sigma_sd: float = float("nan")
    """Posterior standard deviation of σ (how sure the spread is)."""
    mean_sd: float = float("nan")
    """Posterior standard deviation of μ alone."""


def summarize_posterior(post: Posterior) -> Estimate:
    """The scenario keys from the posterior: two moments of the posterior predictive matched.

    ``sd² (1 − φ̄²) = E[σ² (1 − φ²)]``: the first year after the last observation swings by the
    posterior mean innovation variance (with ``start_deviation``, that is the first projected
    year's spread). ``sd² + trend_sd² = E[σ²] + Var(μ)``: a year far ahead (or any year without
    ``start_deviation``) has the posterior predictive variance. With φ known to be 0 these are
    ``sd² = E[σ²]`` and ``trend_sd² = Var(μ)``; deviations a high persistence could keep for years
    count as trend doubt, as they behave over a plan's few years.
    """
    n, w = post.n, post.weight
    mean = float(w @ post.mu_hat)
    var_mu_given_phi = post.ss / ((n - 3) * post.info)
    var_mu = max(float(w @ (var_mu_given_phi + post.mu_hat**2)) - mean * mean, 0.0)
    sigma2_phi = post.ss / (n - 3)
    sigma2 = float(w @ sigma2_phi)
    innovation = float(w @ (sigma2_phi * (1 - post.phi**2)))
    phi = float(w @ post.phi)
    phi_sd = math.sqrt(max(float(w @ post.phi**2) - phi * phi, 0.0))
    yearly2 = min(innovation / (1 - phi * phi), sigma2)
    # σ² | φ ~ Inv-Gamma(α, S/2) with α = (n−1)/2: E[σ | φ] = √(S/2) Γ(α − ½) / Γ(α)
    alpha = (n - 1) / 2
    mean_sigma = float(w @ (np.sqrt(post.ss / 2) * math.exp(gammaln(alpha - 0.5) - gammaln(alpha))))
    return Estimate(
        mean=mean,
        trend_sd=math.sqrt(var_mu + sigma2 - yearly2),
        sd=math.sqrt(yearly2),
        persistence=phi,
        persistence_sd=phi_sd,
        sd_point=float("nan"),
        sigma=math.sqrt(sigma2),
        sigma_sd=math.sqrt(max(sigma2 - mean_sigma**2, 0.0)),
        mean_sd=math.sqrt(var_mu),
    )


@dataclass(frozen=True)
class Diagnostics:
    """How well the AR(1) describes the series."""

    innovation_lag1: float
    """Lag-1 autocorrelation of the one-step innovations (should be near 0)."""
    ljung_box_p: float
    """Ljung–Box p-value of the innovations (small: structure the AR(1) misses)."""
    lags: int
    rmse_ar1: float
    """In-sample one-step RMSE of ``mean + φ (x_{t−1} − mean)``."""
    rmse_mean: float
    """RMSE of the mean alone."""
    shapiro_p: float
    """Shapiro–Wilk p-value of the deviations (small: not normal, e.g. one shock year)."""


def diagnostics(years: Sequence[int], values: Sequence[float], est: Estimate) -> Diagnostics:
    """Residual checks of the fitted AR(1) over consecutive pairs of years."""
    t = np.asarray(years)
    x = np.asarray(values, float)
    dev = x - est.mean
    pairs = np.flatnonzero(np.diff(t) == 1)
    innovations = dev[pairs + 1] - est.persistence * dev[pairs]
    m = len(innovations)
    lags = max(1, min(3, m // 3))
    rho = _autocorr(innovations, lags)
    q = m * (m + 2) * float(np.sum(rho**2 / (m - np.arange(1, lags + 1)))) if m > lags else float("nan")
    dof = max(lags - 1, 1)
    return Diagnostics(
        innovation_lag1=float(rho[0]) if len(rho) else float("nan"),
        ljung_box_p=float(stats.chi2.sf(q, dof)) if math.isfinite(q) else float("nan"),
        lags=lags,
        rmse_ar1=float(np.sqrt(np.mean(innovations**2))) if m else float("nan"),
        rmse_mean=float(np.sqrt(np.mean(dev[pairs + 1] ** 2))) if m else float("nan"),
        shapiro_p=float(stats.shapiro(dev).pvalue) if len(dev) >= 3 and np.ptp(dev) > 0 else float("nan"),
    )


def _autocorr(x: np.ndarray, lags: int) -> np.ndarray:
    x = x - x.mean()
    denom = float(x @ x)
    if denom == 0 or len(x) < 2:
        return np.full(lags, np.nan)
    return np.array([float(x[k:] @ x[:-k]) / denom if k < len(x) else np.nan for k in range(1, lags + 1)])


@dataclass(frozen=True)
class DriverFit:
    """The fit of one driver's history."""

    name: str
    """``gdp`` or ``gdp.deflator``: the driver it describes."""
    kind: str
    """``real_growth``, ``growth``, ``change`` or ``deflator``."""
    years: tuple[int, ...]
    values: tuple[float, ...]
    estimate: Estimate
    diagnostics: Diagnostics
    posterior: Posterior = field(repr=False)

    @property
    def n(self) -> int:
        """Number of years fitted."""
        return len(self.years)

    @property
    def start_deviation(self) -> float:
        """The last year's deviation from the fitted mean."""
        return self.values[-1] - self.estimate.mean

    @property
    def few_years(self) -> bool:
        """Fewer than :data:`FEW_YEARS` years: the numbers say little."""
        return self.n < FEW_YEARS


def fit_driver(name: str, kind: str, years: Sequence[int], values: Sequence[float]) -> DriverFit:
    """Fit one series (years increasing; gaps allowed)."""
    order = np.argsort(years)
    ys = tuple(int(years[i]) for i in order)
    xs = tuple(float(values[i]) for i in order)
    post = posterior(ys, xs)
    est = replace(summarize_posterior(post), sd_point=float(np.std(xs, ddof=1)))
    return DriverFit(name, kind, ys, xs, est, diagnostics(ys, xs, est), post)


@dataclass(frozen=True)
class PairCorrelation:
    """Same-year correlation of two drivers' deviations over their common years."""

    a: str
    b: str
    rho: float
    low90: float
    high90: float
    n: int
    bound: float
    """The most the two persistences allow (:func:`planmodel.dynamics.pair_bound`)."""

    @property
    def usable(self) -> float:
        """The estimate, held just inside what the persistences allow."""
        limit = 0.99 * self.bound
        return float(np.clip(self.rho, -limit, limit))


def correlation(a: DriverFit, b: DriverFit) -> PairCorrelation | None:
    """Correlation of the deviations from the fitted means over common years, or ``None``.

    Needs at least 4 common years; the 90% interval is Fisher's.
    """
    from ..dynamics import pair_bound

    common = sorted(set(a.years) & set(b.years))
    if len(common) < MIN_YEARS:
        return None
    da = np.array([a.values[a.years.index(y)] - a.estimate.mean for y in common])
    db = np.array([b.values[b.years.index(y)] - b.estimate.mean for y in common])
    if np.ptp(da) == 0 or np.ptp(db) == 0:
        return None
    rho = float(np.clip(np.corrcoef(da, db)[0, 1], -0.999, 0.999))
    half = 1.6448536269514722 / math.sqrt(max(len(common) - 3, 1))
    z = math.atanh(rho)
    bound = pair_bound(a.estimate.persistence, b.estimate.persistence)
    return PairCorrelation(a.name, b.name, rho, math.tanh(z - half), math.tanh(z + half), len(common), bound)


def fan(fit: DriverFit, horizon: int = 5, start: bool = True) -> np.ndarray:
    """5/25/50/75/95th percentiles of the next ``horizon`` years as the printed keys imply.

    Growth ``= mean + sd·y + trend_sd·τ`` with ``y`` an AR(1) started from the last deviation
    (``start``) or from its stationary law. Shape ``(horizon, 5)``.
    """
    e = fit.estimate
    h = np.arange(1, horizon + 1)
    decay = e.persistence**h
    centre = e.mean + (decay * fit.start_deviation if start else 0.0)
    var = e.sd**2 * (1 - decay**2 if start else 1.0) + e.trend_sd**2
    z = stats.norm.ppf([0.05, 0.25, 0.5, 0.75, 0.95])
    return centre[:, None] + np.sqrt(var)[:, None] * z[None, :]


def predictive_check(fit: DriverFit, horizon: int = 5, draws: int = 20_000, seed: int = 0) -> np.ndarray:
    """5th and 95th percentiles of the full posterior predictive (every parameter drawn).

    For each draw: ``φ`` from the grid posterior, ``σ²`` from its inverse gamma, ``μ`` from its
    normal given both; the future follows the AR(1) from the last year's deviation. Shape
    ``(horizon, 2)``; compare with :func:`fan` to see how close the scenario form comes.
    """
    post = fit.posterior
    rng = np.random.default_rng(seed)
    k = rng.choice(len(post.phi), size=draws, p=post.weight)
    phi, n = post.phi[k], post.n
    sigma2 = post.ss[k] / rng.chisquare(n - 1, size=draws)
    mu = post.mu_hat[k] + np.sqrt(sigma2 / post.info[k]) * rng.standard_normal(draws)
    dev = fit.values[-1] - mu
    out = np.empty((horizon, 2))
    for h in range(1, horizon + 1):
        dev = phi * dev + np.sqrt(sigma2 * (1 - phi**2)) * rng.standard_normal(draws)
        out[h - 1] = np.quantile(mu + dev, [0.05, 0.95])
    return out


@dataclass(frozen=True)
class HistoryFit:
    """Every driver of a history table, fitted, with the correlations between them."""

    drivers: tuple[DriverFit, ...]
    correlations: tuple[PairCorrelation, ...]
    skipped: dict[str, int] = field(default_factory=dict)
    """Series with fewer than :data:`MIN_YEARS` years (not fitted) → their number of years."""


def fit_series(series: Sequence[Series]) -> HistoryFit:
    """Fit every series with enough years and the same-year correlations of their deviations."""
    fits = tuple(fit_driver(s.name, s.kind, s.years, s.values) for s in series if len(s.years) >= MIN_YEARS)
    skipped = {s.name: len(s.years) for s in series if len(s.years) < MIN_YEARS}
    pairs = []
    for i, a in enumerate(fits):
        for b in fits[i + 1 :]:
            found = correlation(a, b)
            if found is not None:
                pairs.append(found)
    return HistoryFit(fits, tuple(pairs), skipped)


def fit_frame(history: pd.DataFrame) -> pd.DataFrame:
    """Fit a history table (layout: :mod:`planmodel.analysis.history`); one row per driver.

    Columns: the driver and its kind, the years and their number, the scenario keys (``mean``,
    ``sd``, ``trend_sd``, ``persistence``, ``start_deviation``; rates as fractions), the
    persistence's posterior sd, the plain sample sd, the diagnostics, and ``few_years`` (fewer
    than 6 years: the numbers say little). Series too short to fit are left out.
    """
    return fit_table(fit_series(driver_series(history)))


def fit_table(result: HistoryFit) -> pd.DataFrame:
    """The fitted drivers of :func:`fit_series` as a table (see :func:`fit_frame`)."""
    rows = []
    for f in result.drivers:
        e, d = f.estimate, f.diagnostics
        rows.append({
            "driver": f.name, "kind": f.kind, "first_year": f.years[0], "last_year": f.years[-1],
            "n": f.n, "mean": e.mean, "sd": e.sd, "trend_sd": e.trend_sd,
            "persistence": e.persistence, "start_deviation": f.start_deviation,
            "persistence_sd": e.persistence_sd, "mean_sd": e.mean_sd, "sigma": e.sigma,
            "sigma_sd": e.sigma_sd, "sample_sd": e.sd_point,
            "innovation_lag1": d.innovation_lag1, "ljung_box_p": d.ljung_box_p,
            "rmse_ar1": d.rmse_ar1, "rmse_mean": d.rmse_mean, "shapiro_p": d.shapiro_p,
            "few_years": f.few_years,
        })
    return pd.DataFrame(rows)
