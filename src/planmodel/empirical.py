"""A distribution given by a sample: the outside view's past errors, added to an assumed mean.

Planners do not write it; :func:`planmodel.calibration.calibrate` builds it. Its quantile function
interpolates linearly between the sorted sample points at plotting positions ``(i − ½)/n`` and is
flat beyond the first and last (so draws stay within the sample's range). Its mean is exactly the
sample mean; its variance is that of the piecewise-linear quantile function (a little below the
sample's). Imports: distribution_base, units → numpy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import ClassVar, Self

import numpy as np

from .distribution_base import Distribution, FloatArray, Formatter, check_lang
from .units import format_rate


@dataclass(frozen=True)
class Empirical(Distribution):
    """The distribution of a sorted sample ``points`` (at least two)."""

    points: tuple[float, ...]
    family: ClassVar[str] = "empirical"

    def __post_init__(self) -> None:
        if len(self.points) < 2 or list(self.points) != sorted(self.points):
            raise ValueError("an empirical distribution needs at least two sorted points")
        if not all(math.isfinite(p) for p in self.points):
            raise ValueError("an empirical distribution needs finite points")

    @property
    def _positions(self) -> np.ndarray:
        n = len(self.points)
        return (np.arange(n) + 0.5) / n

    def _inverse(self, u: FloatArray, q: FloatArray) -> FloatArray:
        return np.interp(u, self._positions, np.asarray(self.points))

    def mean(self) -> float:
        """Return the sample mean (the mean of the interpolated quantile function)."""
        return float(np.mean(self.points))

    def sd(self) -> float:
        """Return the standard deviation of the interpolated quantile function."""
        x = np.asarray(self.points)
        n = len(x)
        a, b = x[:-1], x[1:]
        second = (0.5 * (x[0] ** 2 + x[-1] ** 2) + float(np.sum((a * a + a * b + b * b) / 3.0))) / n
        return math.sqrt(max(second - self.mean() ** 2, 0.0))

    def shifted(self, delta: float) -> Self:
        """Return the sample moved by ``delta``."""
        return replace(self, points=tuple(p + delta for p in self.points))

    def describe(self, lang: str = "zh", fmt: Formatter = format_rate) -> str:
        """``经验分布（192个点，中位数7.3%，90%区间4.0%–8.9%）`` / ``empirical (…)``."""
        check_lang(lang)
        n, median = len(self.points), fmt(self.quantile(0.5))
        band = f"{fmt(self.quantile(0.05))}–{fmt(self.quantile(0.95))}"
        if lang == "zh":
            return f"经验分布（{n}个点，中位数{median}，90%区间{band}）"
        return f"empirical ({n} points, median {median}, 90% {band})"
