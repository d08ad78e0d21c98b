"""The contract every marginal distribution of an assumption keeps, and what the families share.

:class:`Distribution` is sampled through its inverse CDF: the engine draws correlated
standard-normal numbers and maps each column to its marginal with
:meth:`Distribution.from_standard_normal` (a Gaussian copula), so the same draws can be reused
across scenarios (common random numbers). The parameter checks that raise located errors and the
zh/en wording of a description live here too, for the families in
:mod:`planmodel.distribution_families` and the sample-based :mod:`planmodel.empirical`.
Imports: errors, units, tail_quantiles → numpy.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import ClassVar, Self

import numpy as np
import numpy.typing as npt

from planmodel.errors import ScenarioError
from planmodel.tail_quantiles import TINY, FloatArray, special
from planmodel.units import format_rate

__all__ = [
    "Distribution",
    "FloatArray",
    "Formatter",
    "check_finite",
    "check_lang",
    "describe_items",
    "require",
]

Formatter = Callable[[float], str]

_LANGS = ("zh", "en")


def require(ok: bool, key: str, message: str) -> None:
    """Raise a ScenarioError at ``key`` (relative to the family) unless ``ok``."""
    if not ok:
        raise ScenarioError(message, (key,))


def check_finite(**values: float) -> None:
    """Raise a ScenarioError at the first keyword whose value is not a finite number."""
    for key, value in values.items():
        require(math.isfinite(value), key, f"must be a finite number, got {value!r}")


def check_lang(lang: str) -> None:
    """Raise ValueError unless ``lang`` is a language descriptions are written in (zh, en)."""
    if lang not in _LANGS:
        raise ValueError(f"unknown language {lang!r} — valid: {', '.join(_LANGS)}")


def describe_items(lang: str, names: tuple[str, str], items: list[tuple[str, str, str]]) -> str:
    """Render ``name（label value，…）`` in Chinese or ``name (label value, …)`` in English."""
    check_lang(lang)
    if lang == "zh":
        return f"{names[0]}（{'，'.join(zh + text for zh, _, text in items)}）"
    return f"{names[1]} ({', '.join(f'{en} {text}' for _, en, text in items)})"


class Distribution(ABC):
    """A marginal distribution of one assumption, sampled through its inverse CDF.

    Subclasses implement :meth:`_inverse`, which receives both ``u`` and ``q = 1 - u`` (each
    computed directly, not by subtraction) so that upper tails keep full precision.
    """

    family: ClassVar[str]
    one_cdf: ClassVar[bool] = False
    """Whether ``1 - u`` may be taken by subtraction: the upper tail ends at a bound and the value
    there moves at most like the square root of the tail probability (triangular, uniform)."""

    @abstractmethod
    def _inverse(self, u: FloatArray, q: FloatArray) -> FloatArray:
        """Inverse CDF at ``u`` given also ``q = 1 - u``; both arrays lie in [0, 1]."""

    @abstractmethod
    def mean(self) -> float:
        """Return the expected value (nan where it does not exist)."""

    @abstractmethod
    def sd(self) -> float:
        """Return the standard deviation (inf where the variance does not exist)."""

    @abstractmethod
    def shifted(self, delta: float) -> Self:
        """Return the same family with its location moved by ``delta`` (for sensitivity)."""

    @abstractmethod
    def describe(self, lang: str = "zh", fmt: Formatter = format_rate) -> str:
        """Describe the assumption as the planner wrote it, in ``"zh"`` or ``"en"``."""

    def ppf(self, u: npt.ArrayLike) -> FloatArray:
        """Inverse CDF, elementwise; probabilities outside [0, 1] give nan."""
        u_arr = np.asarray(u, dtype=np.float64)
        valid = (u_arr >= 0.0) & (u_arr <= 1.0)
        u_ok = np.where(valid, u_arr, 0.5)
        return np.where(valid, self._inverse(u_ok, 1.0 - u_ok), np.nan)

    def from_standard_normal(self, z: npt.ArrayLike) -> FloatArray:
        """Map standard-normal draws (already correlated) to this marginal; same shape as ``z``.

        Uses ``u = Φ(z)`` and ``1 - u = Φ(-z)`` computed separately, clipped away from exact 0 so
        unbounded families stay finite and bounded ones stay inside their support. The triangular and
        uniform take ``1 - u`` by subtraction: their upper tail ends at ``high`` like a square root
        (or linearly), where an ulp of 1 in the probability moves the value by less than 1e-7 of
        the width, and the normal CDF — as costly as drawing the normal — is computed once. PERT
        keeps both (near ``high`` it moves like the probability to a power up to ``1/β``).
        """
        z_arr = np.asarray(z, dtype=np.float64)
        u = np.maximum(special().ndtr(z_arr), TINY)
        if self.one_cdf:  # no far tail to resolve: 1 − u is exact to an ulp of 1, and one CDF is saved
            return self._inverse(u, np.maximum(1.0 - u, 0.0))
        q = np.maximum(special().ndtr(-z_arr), TINY)
        return self._inverse(u, q)

    def quantile(self, q: float) -> float:
        """Return the ``q``-quantile as a float, for ``q`` in [0, 1]."""
        if not 0.0 <= q <= 1.0:
            raise ValueError(f"quantile level must lie in [0, 1], got {q!r}")
        return float(self.ppf(q))

    def is_random(self) -> bool:
        """Whether draws vary at all (False for fixed values and zero-sd normals)."""
        return self.sd() > 0.0

