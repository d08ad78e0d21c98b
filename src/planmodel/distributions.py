"""Growth assumptions with uncertainty: parsing planners' distribution specs into marginals.

This module owns the distribution families a scenario may use (fixed, normal, student_t,
triangular, pert, uniform, and range90 — a normal given by its 5th and 95th percentiles), their
parameter checks, and their vectorised inverse CDFs. The engine draws correlated standard-normal
numbers and maps each column to its marginal with :meth:`Distribution.from_standard_normal`
(a Gaussian copula), so every family is expressed through its inverse CDF and the same draws can
be reused across scenarios (common random numbers).

Values inside a spec (``7.5%``, ``0.8个百分点``) are read by a caller-supplied ``parse_value``,
so one parser serves growth rates and additive changes alike. Imports: errors, units → numpy,
scipy.special.
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from numbers import Real
from typing import Any, ClassVar, Self

import numpy as np
import numpy.typing as npt

from planmodel.errors import KeyPath, ScenarioError
from planmodel.units import format_rate

__all__ = [
    "FAMILIES",
    "Distribution",
    "Fixed",
    "Normal",
    "ParseValue",
    "Pert",
    "StudentT",
    "Triangular",
    "Uniform",
    "is_distribution_spec",
    "parse_distribution",
]

FloatArray = npt.NDArray[np.float64]
ParseValue = Callable[[object, KeyPath], float]
Formatter = Callable[[float], str]

#: Family keys a planner may write, in the order error messages list them.
FAMILIES: tuple[str, ...] = (
    "fixed",
    "normal",
    "student_t",
    "triangular",
    "pert",
    "uniform",
    "range90",
)

# Φ⁻¹(0.95): a range90 spans mean ± Z95 · sd (tests check it against scipy).
_Z95 = 1.6448536269514722
# Smallest probability passed to an inverse CDF from the engine (keeps unbounded tails finite).
_TINY = float(np.finfo(np.float64).tiny)
_LANGS = ("zh", "en")
# Where the leading series term of the incomplete beta, I_x(a, b) ≈ x^a / (a·B(a, b)), is exact to
# double precision (relative error O(x)); betaincinv fails once x underflows, the series does not.
_SERIES_LOG_X = math.log(1e-17)
# betaincinv is reliable down to about this probability; below it (|z| > 33) the quantile is held.
_BETAINCINV_FLOOR = 1e-250
# Below this tail probability stdtrit loses accuracy; the t quantile then goes through the beta.
_T_TAIL_BELOW = 1e-8


def _special() -> Any:
    """``scipy.special``, imported at first use.

    The report workers unpickle distributions but never sample them; importing scipy at the top
    would cost their start half a second.
    """
    import scipy.special

    return scipy.special


def _require(ok: bool, key: str, message: str) -> None:
    """Raise a ScenarioError at ``key`` (relative to the family) unless ``ok``."""
    if not ok:
        raise ScenarioError(message, (key,))


def _check_finite(**values: float) -> None:
    for key, value in values.items():
        _require(math.isfinite(value), key, f"must be a finite number, got {value!r}")


def _check_lang(lang: str) -> None:
    if lang not in _LANGS:
        raise ValueError(f"unknown language {lang!r} — valid: {', '.join(_LANGS)}")


def _describe(lang: str, names: tuple[str, str], items: list[tuple[str, str, str]]) -> str:
    """Render ``name（label value，…）`` in Chinese or ``name (label value, …)`` in English."""
    _check_lang(lang)
    if lang == "zh":
        return f"{names[0]}（{'，'.join(zh + text for zh, _, text in items)}）"
    return f"{names[1]} ({', '.join(f'{en} {text}' for _, en, text in items)})"


def _log_beta_inverse(a: npt.ArrayLike, b: npt.ArrayLike, p: FloatArray) -> FloatArray:
    """Return log x such that the regularised incomplete beta I_x(a, b) = p, down to p = 0.

    Uses ``betaincinv`` where x is not tiny and the leading series term where it is, so the lower
    tail neither underflows nor turns into nan (``betaincinv`` does both for p below ~1e-200).
    """
    with np.errstate(divide="ignore"):
        log_series = (np.log(p) + np.log(a) + _special().betaln(a, b)) / a
        direct = np.log(_special().betaincinv(a, b, np.maximum(p, _BETAINCINV_FLOOR)))
    return np.where(log_series < _SERIES_LOG_X, log_series, direct)


def _t_lower_tail(df: float, p: FloatArray) -> FloatArray:
    """Return the standard t quantile for small ``p`` via P(T < -t) = I_x(df/2, 1/2) / 2.

    Here x = df / (df + t²), so t = -√(df·(1 − x)/x), computed from log x without underflow.
    """
    log_x = _log_beta_inverse(df / 2.0, 0.5, 2.0 * p)
    with np.errstate(over="ignore"):
        return -np.sqrt(df * -np.expm1(log_x)) * np.exp(-0.5 * log_x)


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
        u = np.maximum(_special().ndtr(z_arr), _TINY)
        if self.one_cdf:  # no far tail to resolve: 1 − u is exact to an ulp of 1, and one CDF is saved
            return self._inverse(u, np.maximum(1.0 - u, 0.0))
        q = np.maximum(_special().ndtr(-z_arr), _TINY)
        return self._inverse(u, q)

    def quantile(self, q: float) -> float:
        """Return the ``q``-quantile as a float, for ``q`` in [0, 1]."""
        if not 0.0 <= q <= 1.0:
            raise ValueError(f"quantile level must lie in [0, 1], got {q!r}")
        return float(self.ppf(q))

    def is_random(self) -> bool:
        """Whether draws vary at all (False for fixed values and zero-sd normals)."""
        return self.sd() > 0.0


@dataclass(frozen=True)
class Fixed(Distribution):
    """A value known for certain (what planners write as a bare ``7.5%``)."""

    value: float
    family: ClassVar[str] = "fixed"

    def __post_init__(self) -> None:
        _check_finite(fixed=self.value)

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
        _check_lang(lang)
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
        _check_finite(mean=self.mu, sd=self.sigma)
        _require(self.sigma >= 0.0, "sd", f"must be zero or positive, got {self.sigma:g}")
        if self.origin not in ("normal", "range90"):
            raise ValueError(f"unknown origin {self.origin!r} — valid: normal, range90")

    @classmethod
    def from_range90(cls, low: float, high: float) -> Normal:
        """Return the normal whose 5th and 95th percentiles are ``low`` and ``high``."""
        _check_finite(low=low, high=high)
        _require(low < high, "high", f"must be above low ({low:g}), got {high:g}")
        return cls((low + high) / 2.0, (high - low) / (2.0 * _Z95), origin="range90")

    def _inverse(self, u: FloatArray, q: FloatArray) -> FloatArray:
        if self.sigma == 0.0:
            return np.full(u.shape, self.mu, dtype=np.float64)
        lower = u <= q
        z = _special().ndtri(np.where(lower, u, q))
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
        _check_lang(lang)
        if self.origin == "range90":
            low, high = self.quantile(0.05), self.quantile(0.95)
            label = "90%区间" if lang == "zh" else "90% range"
            return f"{label} {fmt(low)}–{fmt(high)}"
        items = [("均值", "mean", fmt(self.mu)), ("标准差", "sd", fmt(self.sigma))]
        return _describe(lang, ("正态分布", "normal"), items)


@dataclass(frozen=True)
class StudentT(Distribution):
    """Student t with location ``mu``, scale ``scale`` and ``df`` degrees of freedom (fat tails)."""

    mu: float
    scale: float
    df: float
    family: ClassVar[str] = "student_t"

    def __post_init__(self) -> None:
        _check_finite(mean=self.mu, scale=self.scale, df=self.df)
        _require(self.scale > 0.0, "scale", f"must be positive, got {self.scale:g}")
        _require(self.df > 0.0, "df", f"must be positive, got {self.df:g}")

    def _inverse(self, u: FloatArray, q: FloatArray) -> FloatArray:
        lower = u <= q
        p = np.where(lower, u, q)
        t = np.asarray(_special().stdtrit(self.df, np.maximum(p, _T_TAIL_BELOW)), dtype=np.float64)
        tail = p < _T_TAIL_BELOW
        if np.any(tail):
            t[tail] = _t_lower_tail(self.df, p[tail])
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
        return _describe(lang, ("t分布", "Student t"), items)


def _check_low_mode_high(low: float, mode: float, high: float) -> None:
    _check_finite(low=low, mode=mode, high=high)
    _require(low < high, "high", f"must be above low ({low:g}), got {high:g}")
    _require(
        low <= mode <= high,
        "mode",
        f"must lie between low ({low:g}) and high ({high:g}), got {mode:g}",
    )


def _bounded_items(
    low: float, mode: float, high: float, fmt: Formatter
) -> list[tuple[str, str, str]]:
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
        return _describe(lang, ("三角分布", "triangular"), items)


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
        _check_finite(**{"lambda": self.lam})
        _require(self.lam > 0.0, "lambda", f"must be positive, got {self.lam:g}")

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
        x = np.exp(_log_beta_inverse(a_shape, b_shape, np.where(lower, u, q)))
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
        return _describe(lang, ("PERT分布", "PERT"), items)


@dataclass(frozen=True)
class Uniform(Distribution):
    """Uniform on [``low``, ``high``]."""

    low: float
    high: float
    family: ClassVar[str] = "uniform"
    one_cdf: ClassVar[bool] = True

    def __post_init__(self) -> None:
        _check_finite(low=self.low, high=self.high)
        _require(
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
        return _describe(lang, ("均匀分布", "uniform"), items)


# --- parsing -----------------------------------------------------------------------------------

# family -> (required keys, optional keys, keys read as plain numbers rather than by parse_value)
_PARAMS: dict[str, tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]] = {
    "normal": (("mean", "sd"), (), frozenset()),
    "student_t": (("mean", "scale", "df"), (), frozenset({"df"})),
    "triangular": (("low", "mode", "high"), (), frozenset()),
    "pert": (("low", "mode", "high"), ("lambda",), frozenset({"lambda"})),
    "uniform": (("low", "high"), (), frozenset()),
    "range90": (("low", "high"), (), frozenset()),
}

_EXAMPLES: dict[str, str] = {
    "fixed": "{fixed: 7.5%}",
    "normal": "{normal: {mean: 7.5%, sd: 1.5%}}",
    "student_t": "{student_t: {mean: 7%, scale: 1.5%, df: 4}}",
    "triangular": "{triangular: {low: 5%, mode: 12%, high: 20%}}",
    "pert": "{pert: {low: 5%, mode: 12%, high: 20%}}",
    "uniform": "{uniform: {low: 5%, high: 9%}}",
    "range90": "{range90: {low: 5%, high: 10%}}",
}

_BUILDERS: dict[str, Callable[[dict[str, float]], Distribution]] = {
    "normal": lambda p: Normal(p["mean"], p["sd"]),
    "student_t": lambda p: StudentT(p["mean"], p["scale"], p["df"]),
    "triangular": lambda p: Triangular(p["low"], p["mode"], p["high"]),
    "pert": lambda p: Pert(p["low"], p["mode"], p["high"], p.get("lambda", 4.0)),
    "uniform": lambda p: Uniform(p["low"], p["high"]),
    "range90": lambda p: Normal.from_range90(p["low"], p["high"]),
}

_YEAR_KEY = re.compile(r"^\s*\d{4}\s*(?:[-–~至到]\s*\d{4}\s*)?$")


def _families_text() -> str:
    return ", ".join(FAMILIES)


def _single_family(spec: Mapping[Any, Any], path: KeyPath) -> str:
    """Return the one family key of ``spec`` or raise, pointing at the offending key."""
    keys = [str(key) for key in spec]
    families = [key for key in keys if key in FAMILIES]
    if len(keys) == 1 and families:
        return families[0]
    if not keys:
        raise ScenarioError(
            f"empty distribution — write one of: {_families_text()}, e.g. {_EXAMPLES['normal']}",
            path,
        )
    if len(families) > 1:
        raise ScenarioError(
            f"several distributions ({', '.join(families)}) — write exactly one of: "
            f"{_families_text()}",
            path,
        )
    if len(families) == 1:
        stray = next(key for key in keys if key not in FAMILIES)
        raise ScenarioError(
            f"unknown key '{stray}' next to '{families[0]}' — a distribution has exactly one key, "
            f"e.g. {_EXAMPLES[families[0]]}",
            (*path, stray),
        )
    if len(keys) == 1:
        raise ScenarioError(
            f"unknown distribution '{keys[0]}' — valid: {_families_text()}", (*path, keys[0])
        )
    raise ScenarioError(
        f"missing distribution family — write e.g. {_EXAMPLES['normal']}; valid families: "
        f"{_families_text()}",
        path,
    )


def _plain_number(value: object, path: KeyPath) -> float:
    """Read a shape parameter (df, lambda): a finite real number, not a percentage."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
        raise ScenarioError(f"must be a plain number such as 4, got {value!r}", path)
    return float(value)


def _parse_params(
    family: str, params: object, parse_value: ParseValue, path: KeyPath
) -> dict[str, float]:
    """Check the parameter keys of one family and read their values."""
    required, optional, plain = _PARAMS[family]
    if not isinstance(params, Mapping):
        raise ScenarioError(
            f"{family} needs its parameters as a mapping, e.g. {_EXAMPLES[family]}", path
        )
    valid = (*required, *optional)
    for key in params:
        if str(key) not in valid:
            raise ScenarioError(
                f"unknown key '{key}' — valid: {', '.join(valid)}", (*path, str(key))
            )
    given = {str(key): value for key, value in params.items()}
    for key in required:
        if key not in given:
            raise ScenarioError(
                f"missing key '{key}' — {family} needs: {', '.join(required)}", path
            )
    return {
        key: (_plain_number if key in plain else parse_value)(value, (*path, key))
        for key, value in given.items()
    }


def parse_distribution(spec: object, parse_value: ParseValue, path: KeyPath = ()) -> Distribution:
    """Parse one assumption as a planner wrote it into a :class:`Distribution`.

    Parameters
    ----------
    spec
        A bare value (``7.5%`` → :class:`Fixed`) or a mapping with exactly one family key, e.g.
        ``{normal: {mean: 7.5%, sd: 1.5%}}``.
    parse_value
        Reads each location/scale value with its key path, e.g.
        :func:`planmodel.units.parse_rate`. Shape parameters (``df``, ``lambda``) are plain
        numbers and do not go through it.
    path
        Key path of ``spec``; errors point at the exact key (``path + ("normal", "sd")``).

    Returns
    -------
    Distribution
        One of :class:`Fixed`, :class:`Normal`, :class:`StudentT`, :class:`Triangular`,
        :class:`Pert`, :class:`Uniform` (a ``range90`` gives a :class:`Normal` with
        ``origin="range90"``).

    Raises
    ------
    ScenarioError
        For unknown families or keys, missing keys, unreadable values, and parameters out of range.
    """
    if isinstance(spec, Mapping):
        family = _single_family(spec, path)
        body = next(iter(spec.values()))
        if family == "fixed":
            return Fixed(parse_value(body, (*path, family)))
        values = _parse_params(family, body, parse_value, (*path, family))
        try:
            return _BUILDERS[family](values)
        except ScenarioError as err:
            raise err.under((*path, family)) from None
    if spec is None or isinstance(spec, list | tuple | set):
        raise ScenarioError(
            f"expected a value such as 7.5% or one of {_families_text()}, e.g. "
            f"{_EXAMPLES['normal']}, got {spec!r}",
            path,
        )
    return Fixed(parse_value(spec, path))


def is_distribution_spec(obj: object) -> bool:
    """Tell a single distribution from a per-year mapping such as ``{2024: …, 2025-2026: …}``.

    True for scalars, for mappings with a family key, and for single-key mappings whose key is
    not a year or year range (so a misspelt family such as ``{norml: …}`` is reported as an
    unknown distribution rather than as a bad year).
    """
    if isinstance(obj, str | Real):
        return True
    if not isinstance(obj, Mapping):
        return False
    keys = [str(key) for key in obj]
    if any(key in FAMILIES for key in keys):
        return True
    return len(keys) == 1 and _YEAR_KEY.match(keys[0]) is None
