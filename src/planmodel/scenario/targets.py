"""Reading one target of a scenario: what is compared, in which year or span, with what threshold.

A target names an indicator, a measure (``level`` unless stated; ``avg_growth`` and ``cumulative``
over a span of years, the others in one year), and exactly one comparison (``at_least``,
``at_most``, ``between`` or ``above``/``below`` another indicator), read in the indicator's unit;
the tolerance follows the plan's wording. A joint target (``all_of``) names two or more other
targets. Each problem is one :class:`~planmodel.errors.ScenarioError` at its key path.
Imports: errors, units, scenario.{fields, model, monitoring, uncertainty, vocabulary, wording}.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import KeyPath, ScenarioError, unknown_name
from ..units import Unit, parse_quantity, parse_rate
from .fields import read_allow, read_mapping, read_span, read_text, read_twin, read_year
from .model import Target
from .monitoring import read_attribute, read_base_year, read_relative
from .uncertainty import ValueParser, parse_level_basis
from .vocabulary import COMPARISONS, MEASURES
from .wording import Tolerance, read_wording, target_tolerance

__all__ = ["JOINT_KEYS", "TARGET_KEYS", "read_target"]


TARGET_KEYS = (
    "name",
    "name_en",
    "indicator",
    "measure",
    "basis",
    "year",
    "years",
    "at_least",
    "at_most",
    "between",
    "all_of",
    "strength",
    "source",
    "note",
    "note_en",
    "level_basis",
    "attribute",
    "tolerance",
    "base_year",
    "above",
    "below",
    "allow",
)
JOINT_KEYS = ("name", "name_en", "all_of", "strength", "source", "note", "note_en", "attribute")


def _threshold(
    spec: Mapping[str, Any], cmp: str, measure: str, unit: Unit, path: KeyPath
) -> float | tuple[float, float]:
    """The number (or ``[low, high]`` of ``between``) a target is compared with, in base units."""
    parse: ValueParser = (
        parse_rate if measure in ("growth", "avg_growth") else lambda v, p: parse_quantity(v, unit, p)
    )
    raw = spec.get(cmp)
    if cmp != "between":
        return parse(raw, (*path, cmp))
    if not isinstance(raw, list) or len(raw) != 2:
        raise ScenarioError("between takes [low, high], e.g. [300亿元, 360亿元]", (*path, cmp))
    low, high = parse(raw[0], (*path, cmp, 0)), parse(raw[1], (*path, cmp, 1))
    if low > high:
        raise ScenarioError("between takes [low, high] with low ≤ high", (*path, cmp))
    return low, high


def read_target(
    obj: object, path: KeyPath, units: Mapping[str, Unit], wording: Mapping[str, Tolerance] | None = None
) -> Target:
    """Read the target ``obj`` at ``path``; ``units`` maps every indicator key to its unit."""
    spec = read_mapping(obj, path, TARGET_KEYS, ("name",))
    name = str(read_text(spec["name"], (*path, "name"), optional=False))
    note, note_en = read_twin(spec, path, "note")
    common: dict[str, Any] = {
        "strength": read_text(spec.get("strength"), (*path, "strength")),
        "source": read_text(spec.get("source"), (*path, "source")),
        "note": note,
        "note_en": note_en,
        "name_en": read_text(spec.get("name_en"), (*path, "name_en")),
        "attribute": read_attribute(spec.get("attribute"), (*path, "attribute")),
    }
    if "all_of" in spec:
        members = spec["all_of"]
        extra = set(spec) - set(JOINT_KEYS)
        if extra:
            raise ScenarioError(
                f"a joint target (all_of) takes only {', '.join(JOINT_KEYS)}; "
                f"remove {', '.join(sorted(extra))}",
                path,
            )
        if not isinstance(members, list) or len(members) < 2 or not all(isinstance(m, str) for m in members):
            raise ScenarioError("all_of lists two or more target names", (*path, "all_of"))
        return Target(name, None, "joint", "none", "all_of", 0, members=tuple(members), **common)
    if "indicator" not in spec:
        raise ScenarioError("missing required key 'indicator'", path)
    indicator = str(read_text(spec["indicator"], (*path, "indicator"), optional=False))
    if indicator not in units:
        raise ScenarioError(unknown_name("indicator", indicator, list(units)), (*path, "indicator"))
    measure = spec.get("measure", "level")
    if measure not in MEASURES:
        raise ScenarioError(f"unknown measure '{measure}' — valid: {', '.join(MEASURES)}", (*path, "measure"))
    first_year, year = _target_years(spec, measure, path)
    unit = units[indicator]
    relative = read_relative(spec, path, units, indicator, measure)
    comparison = [c for c in COMPARISONS if c in spec]
    if relative is None and len(comparison) != 1:
        raise ScenarioError(
            "give exactly one of at_least, at_most or between (between: [low, high]), or above / "
            "below another indicator",
            path,
        )
    cmp = relative[1] if relative is not None else comparison[0]
    threshold = relative[2] if relative is not None else _threshold(spec, cmp, measure, unit, path)
    basis = spec.get("basis")
    if basis is not None and basis not in ("real", "nominal"):
        raise ScenarioError(f"basis must be real or nominal, got {basis!r}", (*path, "basis"))
    tolerance, word = target_tolerance(
        given=spec.get("tolerance"),
        strength=common["strength"],
        name=name,
        rate_like=measure in ("growth", "avg_growth") or unit.symbol in ("%", "‰"),
        comparison=cmp,
        threshold=threshold,
        unit=unit,
        table=read_wording(None) if wording is None else wording,
        path=path,
    )
    return Target(
        name=name,
        indicator=indicator,
        measure=measure,
        basis=basis or "none",
        comparison=cmp,  # type: ignore[arg-type]
        year=year,
        first_year=first_year,
        threshold=threshold,
        level_basis=parse_level_basis(spec.get("level_basis"), (*path, "level_basis")),
        tolerance=tolerance,
        tolerance_word=word,
        reference=relative[0] if relative is not None else None,
        base_year=read_base_year(spec.get("base_year"), (*path, "base_year")),
        allow=read_allow(spec.get("allow"), (*path, "allow")),
        **common,
    )


def _target_years(spec: Mapping[str, Any], measure: str, path: KeyPath) -> tuple[int | None, int]:
    """The first year of the span (None for one year) and the target year."""
    if measure in ("avg_growth", "cumulative"):
        if "years" not in spec:
            raise ScenarioError(f"measure {measure} needs years: the span, e.g. years: 2021-2025", path)
        if "year" in spec:
            raise ScenarioError(f"measure {measure} takes years: (a span), not year:", (*path, "year"))
        first, last = read_span(spec["years"], (*path, "years"))
        return first, last
    if "years" in spec:
        raise ScenarioError(
            f"measure {measure} takes year: (one year); use measure: avg_growth or cumulative for a span",
            (*path, "years"),
        )
    if "year" not in spec:
        raise ScenarioError("missing required key 'year'", path)
    return None, read_year(spec["year"], (*path, "year"))
