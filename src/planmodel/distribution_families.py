"""The distribution families a scenario may use for an assumption, and their moments.

Fixed, normal (also given as a 90% range), Student t, triangular, PERT and uniform: each checks
its parameters, maps probabilities to values through its inverse CDF (both ``u`` and ``1 − u``,
so upper tails keep full precision), and reports its mean, standard deviation, a shifted copy
(for sensitivity) and a zh/en description as the planner wrote it. Reading them from a scenario
is :mod:`planmodel.distribution_spec`. Imports: distribution_base, tail_quantiles, units → numpy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import ClassVar, Self

import numpy as np
import numpy.typing as npt

from planmodel.distribution_base import (
    Distribution,
    FloatArray,
    Formatter,
    check_finite,
    check_lang,
    describe_items,
    require,
)
from planmodel.tail_quantiles import T_TAIL_BELOW, log_beta_inverse, special, t_lower_tail
from planmodel.units import format_rate

__all__ = ["Fixed", "Normal", "Pert", "StudentT", "Triangular", "Uniform"]


# Φ⁻¹(0.95): a range90 spans mean ± Z95 · sd (tests check it against scipy).
_Z95 = 1.6448536269514722


@dataclass(frozen=True)
class Fixed(Distribution):
    """A value known for certain (what planners write as a bare ``7.5%``)."""

    value: float
    family: ClassVar[str] = "fixed"

    def __post_init__(self) -> None:
        check_finite(fixed=self.value)

    def _inverse(self, u: FloatArray, q: FloatArray) -> FloatArray:
        return np.full(u.shape, self.value, dtype=np.float64)

    def from_standard_normal(self, z: npt.ArrayLike) -> FloatArray:
        """Return the constant in an array of ``z``'s shape."""
        return np.full(np.shape(z), self.value, dtype=np.float64)

    def mean(self) -> float:
        """Return the fixed value."""
        return self.value

    def sd(self) -> float:
        """Return zero."""
        return 0.0

    def shifted(self, delta: float) -> Self:
        """Return the value moved by ``delta``."""
        return replace(self, value=self.value + delta)

    def describe(self, lang: str = "zh", fmt: Formatter = format_rate) -> str:
        """``固定 7.5%`` / ``fixed 7.5%``."""
        check_lang(lang)
        return f"{'固定' if lang == 'zh' else 'fixed'} {fmt(self.value)}"


@dataclass(frozen=True)
class Normal(Distribution):
    """Normal with mean ``mu`` and standard deviation ``sigma``.

    ``origin`` is ``"range90"`` when the planner gave a 90% range instead; :meth:`describe` then
    reports the range, not the moments.
    """

    mu: float
    sigma: float
    origin: str = "normal"
    family: ClassVar[str] = "normal"

    def __post_init__(self) -> None:
        check_finite(mean=self.mu, sd=self.sigma)
        require(self.sigma >= 0.0, "sd", f"must be zero or positive, got {self.sigma:g}")
        if self.origin not in ("normal", "range90"):
            raise ValueError(f"unknown origin {self.origin!r} — valid: normal, range90")

    @classmethod
    def from_range90(cls, low: float, high: float) -> Normal:
        """Return the normal whose 5th and 95th percentiles are ``low`` and ``high``."""
        check_finite(low=low, high=high)
        require(low < high, "high", f"must be above low ({low:g}), got {high:g}")
        return cls((low + high) / 2.0, (high - low) / (2.0 * _Z95), origin="range90")

    def _inverse(self, u: FloatArray, q: FloatArray) -> FloatArray:
        if self.sigma == 0.0:
            return np.full(u.shape, self.mu, dtype=np.float64)
        lower = u <= q
        z = special().ndtri(np.where(lower, u, q))
        return self.mu + self.sigma * np.where(lower, z, -z)

    def from_standard_normal(self, z: npt.ArrayLike) -> FloatArray:
        """Return ``mu + sigma * z`` exactly (no round trip through probabilities)."""
        z_arr = np.asarray(z, dtype=np.float64)
        if self.sigma == 0.0:
            return np.full(z_arr.shape, self.mu, dtype=np.float64)
        return self.mu + self.sigma * z_arr

    def mean(self) -> float:
        """Return ``mu``."""
        return self.mu

    def sd(self) -> float:
        """Return ``sigma``."""
        return self.sigma

    def shifted(self, delta: float) -> Self:
        """Return the normal with mean moved by ``delta`` (a range90 keeps its origin)."""
        return replace(self, mu=self.mu + delta)

    def describe(self, lang: str = "zh", fmt: Formatter = format_rate) -> str:
        """``正态分布（均值7.5%，标准差1.5%）`` or, for a range90, ``90%区间 5.0%–10.0%``."""
        check_lang(lang)
        if self.origin == "range90":
            low, high = self.quantile(0.05), self.quantile(0.95)
            label = "90%区间" if lang == "zh" else "90% range"
            return f"{label} {fmt(low)}–{fmt(high)}"
        items = [("均值", "mean", fmt(self.mu)), ("标准差", "sd", fmt(self.sigma))]
        return describe_items(lang, ("正态分布", "normal"), items)


@dataclass(frozen=True)
class StudentT(Distribution):
    """Student t with location ``mu``, scale ``scale`` and ``df`` degrees of freedom (fat tails)."""

    mu: float
    scale: float
    df: float
    family: ClassVar[str] = "student_t"

    def __post_init__(self) -> None:
        check_finite(mean=self.mu, scale=self.scale, df=self.df)
        require(self.scale > 0.0, "scale", f"must be positive, got {self.scale:g}")
        require(self.df > 0.0, "df", f"must be positive, got {self.df:g}")

    def _inverse(self, u: FloatArray, q: FloatArray) -> FloatArray:
        lower = u <= q
        p = np.where(lower, u, q)
        t = np.asarray(special().stdtrit(self.df, np.maximum(p, T_TAIL_BELOW)), dtype=np.float64)
        tail = p < T_TAIL_BELOW
        if np.any(tail):
            t[tail] = t_lower_tail(self.df, p[tail])
        return self.mu + self.scale * np.where(lower, t, -t)

    def mean(self) -> float:
        """Return ``mu`` if ``df > 1``, else nan (the mean does not exist)."""
        return self.mu if self.df > 1.0 else math.nan

    def sd(self) -> float:
        """Return ``scale·√(df/(df−2))`` if ``df > 2``, else inf."""
        if self.df <= 2.0:
            return math.inf
        return self.scale * math.sqrt(self.df / (self.df - 2.0))

    def is_random(self) -> bool:
        """Return True (scale is positive)."""
        return True

    def shifted(self, delta: float) -> Self:
        """Return the t with location moved by ``delta``."""
        return replace(self, mu=self.mu + delta)

    def describe(self, lang: str = "zh", fmt: Formatter = format_rate) -> str:
        """``t分布（均值7.0%，尺度1.5%，自由度4）``; English ``Student t (mean …)``."""
        items = [
            ("均值", "mean", fmt(self.mu)),
            ("尺度", "scale", fmt(self.scale)),
            ("自由度", "df", f"{self.df:g}"),
        ]
        return describe_items(lang, ("t分布", "Student t"), items)


def _check_low_mode_high(low: float, mode: float, high: float) -> None:
    """Check the bounds and peak of a triangular or PERT: finite, ``low < high``, mode between."""
    check_finite(low=low, mode=mode, high=high)
    require(low < high, "high", f"must be above low ({low:g}), got {high:g}")
    require(
        low <= mode <= high,
        "mode",
        f"must lie between low ({low:g}) and high ({high:g}), got {mode:g}",
    )


def _bounded_items(
    low: float, mode: float, high: float, fmt: Formatter
) -> list[tuple[str, str, str]]:
    """The (zh, en, value) items describing low, mode and high."""
    return [
        ("最低", "low", fmt(low)),
        ("最可能", "mode", fmt(mode)),
        ("最高", "high", fmt(high)),
    ]


@dataclass(frozen=True)
class Triangular(Distribution):
    """Triangular on [``low``, ``high``] with its peak at ``mode``."""

    low: float
    mode: float
    high: float
    family: ClassVar[str] = "triangular"
    one_cdf: ClassVar[bool] = True

    def __post_init__(self) -> None:
        _check_low_mode_high(self.low, self.mode, self.high)

    def _inverse(self, u: FloatArray, q: FloatArray) -> FloatArray:
        width = self.high - self.low
        split = (self.mode - self.low) / width
        lower = self.low + np.sqrt(u * width * (self.mode - self.low))
        upper = self.high - np.sqrt(q * width * (self.high - self.mode))
        return np.where(u < split, lower, upper)

    def mean(self) -> float:
        """Return ``(low + mode + high) / 3``."""
        return (self.low + self.mode + self.high) / 3.0

    def sd(self) -> float:
        """Return ``√((a² + b² + c² − ab − ac − bc) / 18)``."""
        a, b, c = self.low, self.high, self.mode
        return math.sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18.0)

    def shifted(self, delta: float) -> Self:
        """Return the triangle moved by ``delta``."""
        return replace(self, low=self.low + delta, mode=self.mode + delta, high=self.high + delta)

    def describe(self, lang: str = "zh", fmt: Formatter = format_rate) -> str:
        """``三角分布（最低5.0%，最可能12.0%，最高20.0%）``; English ``triangular (low …)``."""
        items = _bounded_items(self.low, self.mode, self.high, fmt)
        return describe_items(lang, ("三角分布", "triangular"), items)


@dataclass(frozen=True)
class Pert(Distribution):
    """PERT: a beta distribution on [``low``, ``high``] with mode ``mode`` and shape ``lam``.

    ``α = 1 + lam·(mode − low)/(high − low)``, ``β = 1 + lam·(high − mode)/(high − low)``; the
    classic PERT uses ``lam = 4``, so the mean is ``(low + 4·mode + high) / 6``.
    """

    low: float
    mode: float
    high: float
    lam: float = 4.0
    family: ClassVar[str] = "pert"

    def __post_init__(self) -> None:
        _check_low_mode_high(self.low, self.mode, self.high)
        check_finite(**{"lambda": self.lam})
        require(self.lam > 0.0, "lambda", f"must be positive, got {self.lam:g}")

    @property
    def alpha(self) -> float:
        """First beta shape parameter."""
        return 1.0 + self.lam * (self.mode - self.low) / (self.high - self.low)

    @property
    def beta(self) -> float:
        """Second beta shape parameter."""
        return 1.0 + self.lam * (self.high - self.mode) / (self.high - self.low)

    def _inverse(self, u: FloatArray, q: FloatArray) -> FloatArray:
        lower = u <= q
        a_shape = np.where(lower, self.alpha, self.beta)
        b_shape = np.where(lower, self.beta, self.alpha)
        x = np.exp(log_beta_inverse(a_shape, b_shape, np.where(lower, u, q)))
        width = self.high - self.low
        return np.where(lower, self.low + width * x, self.high - width * x)

    def mean(self) -> float:
        """Return ``(low + lam·mode + high) / (lam + 2)``."""
        return (self.low + self.lam * self.mode + self.high) / (self.lam + 2.0)

    def sd(self) -> float:
        """Return the beta standard deviation scaled to ``high − low``."""
        a, b = self.alpha, self.beta
        return (self.high - self.low) * math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1.0)))

    def shifted(self, delta: float) -> Self:
        """Return the PERT moved by ``delta`` (same shape)."""
        return replace(self, low=self.low + delta, mode=self.mode + delta, high=self.high + delta)

    def describe(self, lang: str = "zh", fmt: Formatter = format_rate) -> str:
        """``PERT分布（最低5.0%，最可能12.0%，最高20.0%）``; the shape is shown only if not 4."""
        items = _bounded_items(self.low, self.mode, self.high, fmt)
        if self.lam != 4.0:
            items.append(("形状参数", "lambda", f"{self.lam:g}"))
        return describe_items(lang, ("PERT分布", "PERT"), items)


@dataclass(frozen=True)
class Uniform(Distribution):
    """Uniform on [``low``, ``high``]."""

    low: float
    high: float
    family: ClassVar[str] = "uniform"
    one_cdf: ClassVar[bool] = True

    def __post_init__(self) -> None:
        check_finite(low=self.low, high=self.high)
        require(
            self.low < self.high, "high", f"must be above low ({self.low:g}), got {self.high:g}"
        )

    def _inverse(self, u: FloatArray, q: FloatArray) -> FloatArray:
        width = self.high - self.low
        return np.where(u <= q, self.low + width * u, self.high - width * q)

    def mean(self) -> float:
        """Return ``(low + high) / 2``."""
        return (self.low + self.high) / 2.0

    def sd(self) -> float:
        """Return ``(high − low) / √12``."""
        return (self.high - self.low) / math.sqrt(12.0)

    def shifted(self, delta: float) -> Self:
        """Return the interval moved by ``delta``."""
        return replace(self, low=self.low + delta, high=self.high + delta)

    def describe(self, lang: str = "zh", fmt: Formatter = format_rate) -> str:
        """``均匀分布（最低5.0%，最高9.0%）`` / ``uniform (low 5.0%, high 9.0%)``."""
        items = [("最低", "low", fmt(self.low)), ("最高", "high", fmt(self.high))]
        return describe_items(lang, ("均匀分布", "uniform"), items)
