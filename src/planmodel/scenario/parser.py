"""Plain YAML data → :class:`~planmodel.scenario.Scenario`, or one error naming the field.

``scenario_from_mapping(data)`` validates every key and value: unknown keys are errors (a typo
such as ``stdev`` for ``sd`` must never be silently ignored), quantities are converted to each
indicator's unit, and every error carries the key path of the offending field so the loader can
point at file:line:column. No file access here: :mod:`planmodel.io` reads files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..distributions import is_distribution_spec, parse_distribution
from ..errors import KeyPath, ScenarioError, did_you_mean, unknown_name
from ..expressions import parse_formula
from ..rng import CHUNK, MAX_SEED
from ..settings import MAX_BLOCK_SIZE, MAX_DRAWS, RunSettings
from ..units import Unit, parse_change, parse_quantity, parse_rate, parse_unit
from .checks import check_scenario
from .model import (
    COMPARISONS,
    MEASURES,
    Correlation,
    Derived,
    DriverKind,
    Indicator,
    Observation,
    Scenario,
    Schedule,
    ScheduleEntry,
    Target,
)

ANNOTATION_KEYS = ("reason", "source")
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_SPAN = re.compile(r"^\s*(\d{4})\s*[-–—~至到]\s*(\d{4})\s*$")

# --------------------------------------------------------------------------------------------
# Generic helpers for reading mappings
# --------------------------------------------------------------------------------------------


def _unknown_key_message(key: object, allowed: Sequence[str]) -> str:
    return f"unknown key '{key}'{did_you_mean(str(key), allowed)} Valid keys: {', '.join(allowed)}"


def _mapping(
    obj: object,
    path: KeyPath,
    allowed: Sequence[str],
    required: Sequence[str] = (),
    what: str = "a mapping",
) -> dict[str, Any]:
    if not isinstance(obj, Mapping):
        raise ScenarioError(f"expected {what} with keys {', '.join(allowed)}", path)
    for key in obj:
        if key not in allowed:
            raise ScenarioError(_unknown_key_message(key, allowed), (*path, key))
    for key in required:
        if key not in obj or obj[key] is None:
            raise ScenarioError(f"missing required key '{key}'", path)
    return dict(obj)


def _text(obj: object, path: KeyPath, *, optional: bool = True) -> str | None:
    if obj is None and optional:
        return None
    if isinstance(obj, bool) or not isinstance(obj, str | int | float):
        raise ScenarioError("expected text", path)
    text = str(obj).strip()
    if not text and not optional:
        raise ScenarioError("must not be empty", path)
    return text or None


def _year(obj: object, path: KeyPath) -> int:
    if isinstance(obj, bool) or not isinstance(obj, int) or not 1949 <= obj <= 2200:
        raise ScenarioError(f"expected a year such as 2026, got {obj!r}", path)
    return obj


def _integer(obj: object, path: KeyPath, low: int, high: int, what: str) -> int:
    if isinstance(obj, float) and obj.is_integer():
        obj = int(obj)
    if isinstance(obj, bool) or not isinstance(obj, int) or not low <= obj <= high:
        raise ScenarioError(f"{what} must be a whole number from {low:,} to {high:,}, got {obj!r}", path)
    return obj


def _year_key(key: object, path: KeyPath) -> tuple[int, ...]:
    """``2024`` → (2024,); ``"2025-2026"`` → (2025, 2026)."""
    if isinstance(key, int) and not isinstance(key, bool):
        return (_year(key, path),)
    if isinstance(key, str):
        if key.strip().isdigit():
            return (_year(int(key), path),)
        match = _SPAN.match(key)
        if match:
            first, last = int(match[1]), int(match[2])
            _year(first, path), _year(last, path)
            if first > last:
                raise ScenarioError(f"span '{key}' runs backwards; write {last}-{first}", path)
            return tuple(range(first, last + 1))
    raise ScenarioError(f"expected a year (2024) or a span of years (2025-2026), got {key!r}", path)


def _span(obj: object, path: KeyPath) -> tuple[int, int]:
    if isinstance(obj, list) and len(obj) == 2:
        first, last = _year(obj[0], (*path, 0)), _year(obj[1], (*path, 1))
        if first > last:
            raise ScenarioError("the span runs backwards", path)
        return first, last
    years = _year_key(obj, path)
    return years[0], years[-1]


# --------------------------------------------------------------------------------------------
# Parsers for the parts of a scenario
# --------------------------------------------------------------------------------------------

ValueParser = Callable[[object, KeyPath], float]


def _strip_annotations(spec: object, path: KeyPath) -> tuple[object, str | None, str | None]:
    if isinstance(spec, Mapping) and any(k in spec for k in ANNOTATION_KEYS):
        rest = {k: v for k, v in spec.items() if k not in ANNOTATION_KEYS}
        reason = _text(spec.get("reason"), (*path, "reason"))
        source = _text(spec.get("source"), (*path, "source"))
        return rest, reason, source
    return spec, None, None


def _schedule(obj: object, path: KeyPath, parse_value: ValueParser) -> Schedule:
    """A single distribution for every projected year, or a mapping of years/spans to them."""
    bare, reason, source = _strip_annotations(obj, path)
    if is_distribution_spec(bare):
        dist = parse_distribution(bare, parse_value, path)
        return Schedule((ScheduleEntry(None, dist, reason, source),))
    if not isinstance(obj, Mapping) or not obj:
        raise ScenarioError(
            "expected a distribution (e.g. {normal: {mean: 7%, sd: 1.5%}}) or years mapped to "
            "distributions (e.g. {2024: 7.5%, 2025-2026: {normal: {mean: 7%, sd: 2%}}})",
            path,
        )
    entries = []
    seen: dict[int, object] = {}
    for key, spec in obj.items():
        years = _year_key(key, (*path, key))
        for y in years:
            if y in seen:
                raise ScenarioError(f"year {y} is given twice (also in '{seen[y]}')", (*path, key))
            seen[y] = key
        bare, reason, source = _strip_annotations(spec, (*path, key))
        dist = parse_distribution(bare, parse_value, (*path, key))
        entries.append(ScheduleEntry(years, dist, reason, source))
    return Schedule(tuple(entries))


def _observations(obj: object, path: KeyPath, parse_value: ValueParser) -> tuple[Observation, ...]:
    if obj is None:
        return ()
    if not isinstance(obj, Mapping):
        raise ScenarioError("expected years mapped to values, e.g. {2022: 860.79, 2024: 930.71}", path)
    out = []
    for key, raw in obj.items():
        (year,) = _single_year(key, (*path, key))
        source = note = None
        value = raw
        if isinstance(raw, Mapping):
            entry = _mapping(raw, (*path, key), ("value", "source", "note", "assumed"), ("value",))
            source = _text(entry.get("source"), (*path, key, "source"))
            note = _text(entry.get("note"), (*path, key, "note"))
            assumed = entry.get("assumed", False)
            if not isinstance(assumed, bool):
                raise ScenarioError("assumed is true or false", (*path, key, "assumed"))
            if assumed and not note:
                raise ScenarioError(
                    "an assumed value needs a note: saying why (it is not published data)",
                    (*path, key),
                )
            value = parse_value(entry["value"], (*path, key, "value"))
            out.append(Observation(year, value, source, note, assumed))
        else:
            out.append(Observation(year, parse_value(value, (*path, key)), source, note))
    return tuple(sorted(out, key=lambda o: o.year))


def _single_year(key: object, path: KeyPath) -> tuple[int]:
    years = _year_key(key, path)
    if len(years) != 1:
        raise ScenarioError("give one value per year, not a span", path)
    return (years[0],)


INDICATOR_KEYS = (
    "label",
    "label_en",
    "unit",
    "region",
    "source",
    "note",
    "actual",
    "actual_growth",
    "real_growth",
    "deflator",
    "growth",
    "change",
    "persistence",
)


def _indicator(key: str, obj: object, path: KeyPath) -> Indicator:
    spec = _mapping(obj, path, INDICATOR_KEYS, ("label", "unit"))
    unit = parse_unit(str(spec["unit"]), (*path, "unit"))
    drivers = [k for k in ("real_growth", "growth", "change") if k in spec]
    if len(drivers) != 1:
        raise ScenarioError(
            "give exactly one of real_growth (可比价, with a deflator), growth (of the level) or "
            f"change (additive, in {unit.symbol or 'the unit'} a year); found "
            f"{', '.join(drivers) or 'none'}",
            path,
        )
    kind: DriverKind = drivers[0]  # type: ignore[assignment]
    level_parser: ValueParser = lambda v, p: parse_quantity(v, unit, p)  # noqa: E731
    rate_parser: ValueParser = parse_rate
    change_parser: ValueParser = lambda v, p: parse_change(v, unit, p)  # noqa: E731
    driver = _schedule(spec[kind], (*path, kind), change_parser if kind == "change" else rate_parser)
    deflator = None
    if kind == "real_growth":
        if "deflator" not in spec:
            raise ScenarioError(
                "real_growth (可比价) needs a deflator to reach current-price (现价) levels; add "
                "e.g. deflator: {normal: {mean: 1%, sd: 1%}} (or deflator: 0% to assume flat prices)",
                path,
            )
        deflator = _schedule(spec["deflator"], (*path, "deflator"), rate_parser)
    elif "deflator" in spec:
        raise ScenarioError(
            f"a deflator only goes with real_growth; '{kind}' already describes the level itself",
            (*path, "deflator"),
        )
    actual = _observations(spec.get("actual"), (*path, "actual"), level_parser)
    if not actual:
        raise ScenarioError("needs at least one published level under actual: {year: value}", path)
    for obs in actual:
        if obs.value < 0 and kind != "change":
            raise ScenarioError("a level must not be negative", (*path, "actual", obs.year))
    growth_parser = change_parser if kind == "change" else rate_parser
    actual_growth = _observations(spec.get("actual_growth"), (*path, "actual_growth"), growth_parser)
    persistence = spec.get("persistence", 0.0)
    if (
        isinstance(persistence, bool)
        or not isinstance(persistence, int | float)
        or not (-1 < persistence < 1)
    ):
        raise ScenarioError(
            f"persistence must be a number above -1 and below 1 (AR(1) coefficient), got {persistence!r}",
            (*path, "persistence"),
        )
    return Indicator(
        key=key,
        label=str(_text(spec["label"], (*path, "label"), optional=False)),
        unit=unit,
        driver_kind=kind,
        driver=driver,
        deflator=deflator,
        actual=actual,
        actual_growth=actual_growth,
        persistence=float(persistence),
        region=_text(spec.get("region"), (*path, "region")),
        source=_text(spec.get("source"), (*path, "source")),
        note=_text(spec.get("note"), (*path, "note")),
        label_en=_text(spec.get("label_en"), (*path, "label_en")),
    )


def _derived(key: str, obj: object, path: KeyPath) -> Derived:
    spec = _mapping(
        obj, path, ("label", "label_en", "unit", "formula", "region", "note"), ("label", "formula")
    )
    formula_text = _text(spec["formula"], (*path, "formula"), optional=False)
    return Derived(
        key=key,
        label=str(_text(spec["label"], (*path, "label"), optional=False)),
        unit=parse_unit(str(spec.get("unit", "") or ""), (*path, "unit")),
        formula=parse_formula(str(formula_text), (*path, "formula")),
        region=_text(spec.get("region"), (*path, "region")),
        note=_text(spec.get("note"), (*path, "note")),
        label_en=_text(spec.get("label_en"), (*path, "label_en")),
    )


def _correlations(obj: object, path: KeyPath) -> tuple[Correlation, ...]:
    if obj is None:
        return ()
    if not isinstance(obj, list):
        raise ScenarioError("expected a list of [driver, driver, rho] triples", path)
    out = []
    for i, item in enumerate(obj):
        here = (*path, i)
        if not isinstance(item, list) or len(item) != 3:
            raise ScenarioError("expected [driver, driver, rho], e.g. [gdp, industrial_output, 0.7]", here)
        a, b, rho = item
        if not isinstance(a, str) or not isinstance(b, str):
            raise ScenarioError("the first two entries name drivers (gdp or gdp.deflator)", here)
        if a == b:
            raise ScenarioError(f"a driver is always fully correlated with itself ('{a}')", here)
        if isinstance(rho, bool) or not isinstance(rho, int | float) or not -1 <= rho <= 1:
            raise ScenarioError(f"rho must be a number from -1 to 1, got {rho!r}", (*here, 2))
        out.append(Correlation(a, b, float(rho)))
    return tuple(out)


TARGET_KEYS = (
    "name",
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
)


def _target(obj: object, path: KeyPath, units: Mapping[str, Unit]) -> Target:
    spec = _mapping(obj, path, TARGET_KEYS, ("name",))
    name = str(_text(spec["name"], (*path, "name"), optional=False))
    common: dict[str, Any] = {
        "strength": _text(spec.get("strength"), (*path, "strength")),
        "source": _text(spec.get("source"), (*path, "source")),
        "note": _text(spec.get("note"), (*path, "note")),
    }
    if "all_of" in spec:
        members = spec["all_of"]
        extra = set(spec) - {"name", "all_of", "strength", "source", "note"}
        if extra:
            raise ScenarioError(
                f"a joint target (all_of) takes only name, all_of, strength, source, note; "
                f"remove {', '.join(sorted(extra))}",
                path,
            )
        if not isinstance(members, list) or len(members) < 2 or not all(isinstance(m, str) for m in members):
            raise ScenarioError("all_of lists two or more target names", (*path, "all_of"))
        return Target(name, None, "joint", "none", "all_of", 0, members=tuple(members), **common)
    if "indicator" not in spec:
        raise ScenarioError("missing required key 'indicator'", path)
    indicator = str(spec["indicator"])
    if indicator not in units:
        raise ScenarioError(unknown_name("indicator", indicator, list(units)), (*path, "indicator"))
    measure = spec.get("measure", "level")
    if measure not in MEASURES:
        raise ScenarioError(f"unknown measure '{measure}' — valid: {', '.join(MEASURES)}", (*path, "measure"))
    first_year, year = _target_years(spec, measure, path)
    comparison = [c for c in COMPARISONS if c in spec]
    if len(comparison) != 1:
        raise ScenarioError("give exactly one of at_least, at_most or between (between: [low, high])", path)
    cmp = comparison[0]
    unit = units[indicator]
    parse: ValueParser = (
        parse_rate if measure in ("growth", "avg_growth") else lambda v, p: parse_quantity(v, unit, p)
    )
    raw = spec[cmp]
    threshold: float | tuple[float, float]
    if cmp == "between":
        if not isinstance(raw, list) or len(raw) != 2:
            raise ScenarioError("between takes [low, high], e.g. [300亿元, 360亿元]", (*path, cmp))
        low, high = parse(raw[0], (*path, cmp, 0)), parse(raw[1], (*path, cmp, 1))
        if low > high:
            raise ScenarioError("between takes [low, high] with low ≤ high", (*path, cmp))
        threshold = (low, high)
    else:
        threshold = parse(raw, (*path, cmp))
    basis = spec.get("basis")
    if basis is not None and basis not in ("real", "nominal"):
        raise ScenarioError(f"basis must be real or nominal, got {basis!r}", (*path, "basis"))
    return Target(
        name=name,
        indicator=indicator,
        measure=measure,
        basis=basis or "none",
        comparison=cmp,  # type: ignore[arg-type]
        year=year,
        first_year=first_year,
        threshold=threshold,
        **common,
    )


def _target_years(spec: Mapping[str, Any], measure: str, path: KeyPath) -> tuple[int | None, int]:
    if measure in ("avg_growth", "cumulative"):
        if "years" not in spec:
            raise ScenarioError(f"measure {measure} needs years: the span, e.g. years: 2021-2025", path)
        if "year" in spec:
            raise ScenarioError(f"measure {measure} takes years: (a span), not year:", (*path, "year"))
        first, last = _span(spec["years"], (*path, "years"))
        return first, last
    if "years" in spec:
        raise ScenarioError(
            f"measure {measure} takes year: (one year); use measure: avg_growth or cumulative for a span",
            (*path, "years"),
        )
    if "year" not in spec:
        raise ScenarioError("missing required key 'year'", path)
    return None, _year(spec["year"], (*path, "year"))


def settings_from_mapping(data: object) -> RunSettings:
    """The run settings a scenario file asks for (its ``simulation:`` block), validated."""
    path: KeyPath = ("simulation",)
    raw = data.get("simulation") if isinstance(data, Mapping) else None
    spec = _mapping(raw or {}, path, ("draws", "seed", "block_size"))
    out: dict[str, Any] = {}
    if "draws" in spec:
        out["draws"] = _integer(spec["draws"], (*path, "draws"), 1, MAX_DRAWS, "draws")
    if "seed" in spec:
        seed = spec["seed"]
        if seed is not None and (
            isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED
        ):
            raise ScenarioError(
                f"seed must be a whole number from 0 to 2^128 − 1, got {seed!r}", (*path, "seed")
            )
        out["seed"] = seed
    if "block_size" in spec:
        size = _integer(spec["block_size"], (*path, "block_size"), CHUNK, MAX_BLOCK_SIZE, "block_size")
        if size % CHUNK:
            raise ScenarioError(
                f"block_size must be a multiple of {CHUNK:,} draws (the random-stream chunk), "
                f"e.g. {max(CHUNK, size // CHUNK * CHUNK):,}",
                (*path, "block_size"),
            )
        out["block_size"] = size
    return RunSettings(**out)


TOP_KEYS = (
    "scenario",
    "region",
    "description",
    "base_year",
    "start_year",
    "horizon",
    "simulation",
    "indicators",
    "derived",
    "correlation",
    "targets",
    "notes",
)


def scenario_from_mapping(data: object) -> Scenario:
    """Validate plain YAML data and build the :class:`Scenario` it describes."""
    spec = _mapping(data, (), TOP_KEYS, ("scenario", "horizon", "indicators"), "a scenario")
    indicators_raw = spec["indicators"]
    if not isinstance(indicators_raw, Mapping) or not indicators_raw:
        raise ScenarioError(
            "expected indicators by key, e.g. gdp: {label: ..., unit: 亿元, ...}", ("indicators",)
        )
    indicators = tuple(
        _indicator(_key(k, ("indicators", k)), v, ("indicators", k)) for k, v in indicators_raw.items()
    )
    derived_raw = spec.get("derived") or {}
    if not isinstance(derived_raw, Mapping):
        raise ScenarioError("expected derived indicators by key", ("derived",))
    derived = tuple(_derived(_key(k, ("derived", k)), v, ("derived", k)) for k, v in derived_raw.items())
    units = {i.key: i.unit for i in indicators}
    for d in derived:
        if d.key in units:
            raise ScenarioError(f"'{d.key}' is already an indicator", ("derived", d.key))
        units[d.key] = d.unit
    targets_raw = spec.get("targets") or []
    if not isinstance(targets_raw, list):
        raise ScenarioError("expected a list of targets", ("targets",))
    targets = tuple(_target(t, ("targets", i), units) for i, t in enumerate(targets_raw))
    horizon = _year(spec["horizon"], ("horizon",))
    base_year = None if spec.get("base_year") is None else _year(spec["base_year"], ("base_year",))
    first_actual = min(o.year for ind in indicators for o in ind.actual)
    start = spec.get("start_year")
    first_year = min(first_actual, _year(start, ("start_year",))) if start is not None else first_actual
    notes_raw = spec.get("notes") or ()
    notes = tuple(str(n) for n in (notes_raw if isinstance(notes_raw, list) else [notes_raw]))
    scenario = Scenario(
        name=str(_text(spec["scenario"], ("scenario",), optional=False)),
        region=_text(spec.get("region"), ("region",)),
        description=_text(spec.get("description"), ("description",)),
        horizon=horizon,
        first_year=first_year,
        base_year=base_year,
        indicators=indicators,
        derived=derived,
        correlations=_correlations(spec.get("correlation"), ("correlation",)),
        targets=targets,
        notes=notes,
    )
    settings_from_mapping(spec)  # the simulation block is checked with the rest of the file
    check_scenario(scenario)
    return scenario


def _key(key: object, path: KeyPath) -> str:
    if not isinstance(key, str) or not _IDENTIFIER.match(key):
        raise ScenarioError(
            f"indicator keys are short English names (letters, digits, _), e.g. gdp; got {key!r}. "
            "Put the Chinese name in label:",
            path,
        )
    return key
