"""Reading an assumption's distribution from a scenario: the spec language of the families.

A planner writes a bare value (``7.5%``, a fixed value) or a mapping with exactly one family key
(``{normal: {mean: 7.5%, sd: 1.5%}}``). This module owns the family keys, the parameters each
takes, the example shown in an error, and telling one distribution from a per-year mapping; each
problem is one located :class:`~planmodel.errors.ScenarioError`. Values inside a spec are read by
a caller-supplied ``parse_value``, so one parser serves growth rates and additive changes alike.
Imports: errors, distribution_base, distribution_families → stdlib.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from numbers import Real
from typing import Any

from planmodel.distribution_base import Distribution
from planmodel.distribution_families import Fixed, Normal, Pert, StudentT, Triangular, Uniform
from planmodel.errors import KeyPath, ScenarioError, did_you_mean

__all__ = ["FAMILIES", "PARAMS", "ParseValue", "is_distribution_spec", "parse_distribution"]

ParseValue = Callable[[object, KeyPath], float]

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

#: family -> (required keys, optional keys, keys read as plain numbers rather than by parse_value)
PARAMS: dict[str, tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]] = {
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

ANNOTATIONS = ("reason", "reason_en", "source")
"""What an assumption may carry beside its family: ``reason``, its English twin and ``source``
(read by :func:`planmodel.scenario.fields.strip_annotations`; named here to recognise a misspelling)."""

_YEAR_KEY = re.compile(r"^\s*\d{4}\s*(?:[-–~至到]\s*\d{4}\s*)?$")


def _families_text() -> str:
    """The family keys as error messages list them."""
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
        annotation = did_you_mean(stray, ANNOTATIONS)
        if annotation:  # a misspelt reason, reason_en or source beside the family
            raise ScenarioError(
                f"unknown key '{stray}' next to '{families[0]}'{annotation} An assumption takes "
                f"one family and {', '.join(ANNOTATIONS)}",
                (*path, stray),
            )
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
    required, optional, plain = PARAMS[family]
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
