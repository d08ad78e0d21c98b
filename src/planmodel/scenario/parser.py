"""Plain YAML data → :class:`~planmodel.scenario.Scenario`, or one error naming the field.

``scenario_from_mapping(data)`` validates every key and value: unknown keys are errors (a typo
such as ``stdev`` for ``sd`` must never be silently ignored), quantities are converted to each
indicator's unit, and every error carries the key path of the offending field so the loader can
point at file:line:column. No file access here: :mod:`planmodel.io` reads files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from ..distribution_spec import is_distribution_spec, parse_distribution
from ..errors import Collector, KeyPath, ScenarioError, unknown_name
from ..expressions import parse_formula
from ..rng import CHUNK, MAX_SEED
from ..settings import MAX_BLOCK_SIZE, MAX_DRAWS, RunSettings
from ..units import Unit, parse_change, parse_quantity, parse_rate, parse_unit
from .averages import read_averages
from .checks import check_scenario
from .fields import (
    read_allow,
    read_integer,
    read_mapping,
    read_span,
    read_text,
    read_year,
    single_year,
    strip_annotations,
    year_key,
)
from .model import (
    CALIBRATIONS,
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
from .monitoring import read_attribute, read_base_year, read_plan_period, read_relative, read_tasks
from .parts import read_parts
from .uncertainty import parse_indicator_uncertainty, parse_level_basis, parse_revision_sd, parse_vintage
from .wording import Tolerance, read_wording, target_tolerance
from .ytd import read_ytd

_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")

ValueParser = Callable[[object, KeyPath], float]


def _schedule(obj: object, path: KeyPath, parse_value: ValueParser) -> Schedule:
    """A single distribution for every projected year, or a mapping of years/spans to them."""
    bare, reason, source = strip_annotations(obj, path)
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
        years = year_key(key, (*path, key))
        for y in years:
            if y in seen:
                raise ScenarioError(f"year {y} is given twice (also in '{seen[y]}')", (*path, key))
            seen[y] = key
        bare, reason, source = strip_annotations(spec, (*path, key))
        dist = parse_distribution(bare, parse_value, (*path, key))
        entries.append(ScheduleEntry(years, dist, reason, source))
    return Schedule(tuple(entries))


OBSERVATION_KEYS = ("value", "source", "note", "assumed", "vintage", "revision_sd")


def _observations(
    obj: object,
    path: KeyPath,
    parse_value: ValueParser,
    parse_revision: ValueParser,
    relative_revision: bool,
) -> tuple[Observation, ...]:
    if obj is None:
        return ()
    if not isinstance(obj, Mapping):
        raise ScenarioError("expected years mapped to values, e.g. {2022: 860.79, 2024: 930.71}", path)
    out = []
    for key, raw in obj.items():
        (year,) = single_year(key, (*path, key))
        if not isinstance(raw, Mapping):
            out.append(Observation(year, parse_value(raw, (*path, key))))
            continue
        here = (*path, key)
        entry = read_mapping(raw, here, OBSERVATION_KEYS, ("value",))
        note = read_text(entry.get("note"), (*here, "note"))
        assumed = entry.get("assumed", False)
        if not isinstance(assumed, bool):
            raise ScenarioError("assumed is true or false", (*here, "assumed"))
        if assumed and not note:
            raise ScenarioError(
                "an assumed value needs a note: saying why (it is not published data)", here
            )
        vintage = parse_vintage(entry, here)
        if assumed and vintage is not None:
            raise ScenarioError(
                "an assumed value has no vintage (it was not published); remove vintage or assumed",
                (*here, "vintage"),
            )
        out.append(
            Observation(
                year,
                parse_value(entry["value"], (*here, "value")),
                read_text(entry.get("source"), (*here, "source")),
                note,
                assumed,
                vintage,
                parse_revision_sd(entry, here, parse_revision, relative_revision),
            )
        )
    return tuple(sorted(out, key=lambda o: o.year))


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
    "over_years",
    "deflator_over_years",
    "rebase",
    "actual_avg_growth",
    "ytd",
    "allow",
)


def _indicator(key: str, obj: object, path: KeyPath) -> Indicator:
    if isinstance(obj, Mapping) and "persistence" in obj:
        raise ScenarioError(
            "persistence now lives with the trend doubt under over_years, e.g. over_years: "
            "{trend_sd: 1%, persistence: 0.5, reason: …} (deflator_over_years for the deflator)",
            (*path, "persistence"),
        )
    spec = read_mapping(obj, path, INDICATOR_KEYS, ("label", "unit"))
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
    growth_parser = change_parser if kind == "change" else rate_parser
    actual = _observations(
        spec.get("actual"), (*path, "actual"), level_parser, growth_parser, kind != "change"
    )
    if not actual:
        raise ScenarioError("needs at least one published level under actual: {year: value}", path)
    for obs in actual:
        if obs.value < 0 and kind != "change":
            raise ScenarioError("a level must not be negative", (*path, "actual", obs.year))
    actual_growth = _observations(
        spec.get("actual_growth"), (*path, "actual_growth"), growth_parser, growth_parser, False
    )
    over_years, deflator_over_years, rebase = parse_indicator_uncertainty(
        spec, path, growth_parser, has_deflator=deflator is not None, money=unit.dimension == "money"
    )
    return Indicator(
        key=key,
        label=str(read_text(spec["label"], (*path, "label"), optional=False)),
        unit=unit,
        driver_kind=kind,
        driver=driver,
        deflator=deflator,
        actual=actual,
        actual_growth=actual_growth,
        over_years=over_years,
        deflator_over_years=deflator_over_years,
        rebase=rebase,
        region=read_text(spec.get("region"), (*path, "region")),
        source=read_text(spec.get("source"), (*path, "source")),
        note=read_text(spec.get("note"), (*path, "note")),
        label_en=read_text(spec.get("label_en"), (*path, "label_en")),
        actual_avg_growth=read_averages(spec.get("actual_avg_growth"), (*path, "actual_avg_growth"), kind),
        ytd=read_ytd(spec.get("ytd"), (*path, "ytd"), kind, unit, {o.year: o.value for o in actual_growth}),
        allow=read_allow(spec.get("allow"), (*path, "allow")),
    )


DERIVED_KEYS = ("label", "label_en", "unit", "formula", "sum_of", "region", "note")
SIMULATION_KEYS = ("draws", "seed", "block_size")


def _derived(key: str, obj: object, path: KeyPath) -> Derived:
    spec = read_mapping(obj, path, DERIVED_KEYS, ("label",))
    formula_text, where = read_parts(spec, path)
    return Derived(
        key=key,
        label=str(read_text(spec["label"], (*path, "label"), optional=False)),
        unit=parse_unit(str(spec.get("unit", "") or ""), (*path, "unit")),
        formula=parse_formula(formula_text, where),
        region=read_text(spec.get("region"), (*path, "region")),
        note=read_text(spec.get("note"), (*path, "note")),
        label_en=read_text(spec.get("label_en"), (*path, "label_en")),
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
    "level_basis",
    "attribute",
    "tolerance",
    "base_year",
    "above",
    "below",
    "allow",
)
JOINT_KEYS = ("name", "name_en", "all_of", "strength", "source", "note", "attribute")


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


def _target(
    obj: object, path: KeyPath, units: Mapping[str, Unit], wording: Mapping[str, Tolerance] | None = None
) -> Target:
    spec = read_mapping(obj, path, TARGET_KEYS, ("name",))
    name = str(read_text(spec["name"], (*path, "name"), optional=False))
    common: dict[str, Any] = {
        "strength": read_text(spec.get("strength"), (*path, "strength")),
        "source": read_text(spec.get("source"), (*path, "source")),
        "note": read_text(spec.get("note"), (*path, "note")),
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


def settings_from_mapping(data: object) -> RunSettings:
    """The run settings a scenario file asks for (its ``simulation:`` block), validated."""
    path: KeyPath = ("simulation",)
    raw = data.get("simulation") if isinstance(data, Mapping) else None
    spec = read_mapping(raw or {}, path, SIMULATION_KEYS)
    out: dict[str, Any] = {}
    if "draws" in spec:
        out["draws"] = read_integer(spec["draws"], (*path, "draws"), 1, MAX_DRAWS, "draws")
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
        size = read_integer(spec["block_size"], (*path, "block_size"), CHUNK, MAX_BLOCK_SIZE, "block_size")
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
    "scenario_en",
    "issuer",
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
    "plan_period",
    "wording",
    "tasks",
    "calibration",
)


def scenario_from_mapping(data: object) -> Scenario:
    """Validate plain YAML data and build the :class:`Scenario` it describes.

    Independent parts (top-level fields, each indicator, derived indicator, correlation and
    target, the simulation block) are all checked, and their problems raised together as one
    :class:`~planmodel.errors.ScenarioErrors`. Whole-scenario checks run once every part reads.
    """
    found = Collector()
    spec = _top_level(data, found)
    indicators, units = _parts(spec.get("indicators"), ("indicators",), _indicator, found)
    derived_parts, derived_units = _parts(spec.get("derived") or {}, ("derived",), _derived, found, "derived")
    for key in derived_units:
        if key in units:
            found.add(ScenarioError(f"'{key}' is already an indicator", ("derived", key)))
    units.update({k: v for k, v in derived_units.items() if k not in units})
    attempted = {
        k for part in ("indicators", "derived") if isinstance(spec.get(part), Mapping) for k in spec[part]
    }
    wording = found.attempt(read_wording, spec.get("wording"))
    targets = []  # with no readable indicators (or derived) block, a target's indicator cannot be checked
    if indicators is not None and derived_parts is not None:
        targets = _targets(spec.get("targets"), units, attempted - set(units), found, wording)
    horizon = None
    if spec.get("horizon") is not None:
        horizon = found.attempt(read_year, spec["horizon"], ("horizon",))
    base_year = None
    if spec.get("base_year") is not None:
        base_year = found.attempt(read_year, spec["base_year"], ("base_year",))
    start = None
    if spec.get("start_year") is not None:
        start = found.attempt(read_year, spec["start_year"], ("start_year",))
    texts = {
        key: found.attempt(read_text, spec.get(key), (key,), optional=key != "scenario")
        for key in ("scenario", "region", "description", "scenario_en", "issuer")
        if key != "scenario" or "scenario" in spec
    }
    notes = found.attempt(_notes, spec.get("notes"))
    correlations = found.attempt(_correlations, spec.get("correlation"), ("correlation",))
    calibration = found.attempt(_calibration, spec.get("calibration"))
    plan_period = found.attempt(read_plan_period, spec.get("plan_period"))
    tasks = found.attempt(read_tasks, spec.get("tasks"))
    found.attempt(settings_from_mapping, spec)  # the simulation block is checked with the rest
    found.raise_any()
    assert horizon is not None and indicators is not None
    first_actual = min(o.year for ind in indicators for o in ind.actual)
    scenario = Scenario(
        name=str(texts["scenario"]),
        region=texts["region"],
        description=texts["description"],
        horizon=horizon,
        first_year=min(first_actual, start) if start is not None else first_actual,
        base_year=base_year,
        indicators=tuple(indicators),
        derived=tuple(derived_parts or ()),
        correlations=correlations or (),
        targets=tuple(targets),
        notes=notes or (),
        name_en=texts["scenario_en"],
        issuer=texts["issuer"],
        calibration=calibration,
        plan_period=plan_period,
        tasks=tasks or (),
    )
    check_scenario(scenario)
    return scenario


def _top_level(data: object, found: Collector) -> dict[str, Any]:
    """The top-level mapping; unknown and missing keys are recorded, not raised (except no mapping)."""
    if not isinstance(data, Mapping):
        read_mapping(data, (), TOP_KEYS, (), "a scenario")  # raises: says what the file holds
    found.attempt(read_mapping, data, (), TOP_KEYS, ("scenario", "horizon", "indicators"), "a scenario")
    return {k: v for k, v in data.items() if k in TOP_KEYS}  # type: ignore[union-attr]


PartParser = Callable[[str, object, KeyPath], Any]


def _parts(
    obj: object, path: KeyPath, parse: PartParser, found: Collector, what: str = "indicators"
) -> tuple[list[Any] | None, dict[str, Unit]]:
    """Parse every entry of ``indicators:`` or ``derived:``, recording each one's problems.

    Returns the parts that read and the unit of every entry whose unit reads (also of entries with
    other problems, so targets on them are still checked against the right unit).
    """
    if obj is None:
        return None, {}
    if not isinstance(obj, Mapping) or (not obj and what == "indicators"):
        example = "gdp: {label: ..., unit: 亿元, ...}" if what == "indicators" else "gdp_per_capita: {...}"
        found.add(ScenarioError(f"expected {what} by key, e.g. {example}", path))
        return None, {}
    parts, units = [], {}
    for raw_key, spec in obj.items():
        here = (*path, raw_key)
        key = found.attempt(_key, raw_key, here)
        if key is None:
            continue
        part = found.attempt(parse, key, spec, here)
        if part is not None:
            parts.append(part)
            units[key] = part.unit
        elif isinstance(spec, Mapping) and (what == "derived" or "unit" in spec):
            try:
                units[key] = parse_unit(str(spec.get("unit", "") or ""), (*here, "unit"))
            except ScenarioError:
                pass  # already reported with the part
    return parts, units


def _targets(
    obj: object,
    units: Mapping[str, Unit],
    broken: set[Any],
    found: Collector,
    wording: Mapping[str, Tolerance] | None = None,
) -> list[Target]:
    """Every target that reads.

    Targets on an indicator in ``broken`` (its unit does not read) are skipped: that indicator's
    own problem is already reported.
    """
    if obj is None:
        return []
    if not isinstance(obj, list):
        found.add(ScenarioError("expected a list of targets", ("targets",)))
        return []
    out = []
    for i, raw in enumerate(obj):
        named = raw.get("indicator") if isinstance(raw, Mapping) else None
        if isinstance(named, str) and named in broken:
            continue
        target = found.attempt(_target, raw, ("targets", i), units, wording)
        if target is not None:
            out.append(target)
    return out


def _calibration(obj: object) -> Any:
    """The scenario's ``calibration:`` (``none`` or ``outside_view``; default ``none``)."""
    if obj is None:
        return "none"
    if obj not in CALIBRATIONS:
        raise ScenarioError(
            f"calibration must be one of {', '.join(CALIBRATIONS)} (outside_view shifts and widens "
            f"growth assumptions by past plan errors), got {obj!r}",
            ("calibration",),
        )
    return obj


def _notes(obj: object) -> tuple[str, ...]:
    """The planner's notes: none, one text, or a list of texts (empty entries are dropped)."""
    if obj is None:
        return ()
    if isinstance(obj, Mapping):
        raise ScenarioError(
            "notes are a text or a list of texts (- 第一条说明), got a mapping — write each note "
            "as a list item starting with '- ', and quote notes that contain ': '",
            ("notes",),
        )
    items = obj if isinstance(obj, list) else [obj]
    listed = isinstance(obj, list)
    texts = (read_text(item, ("notes", i) if listed else ("notes",)) for i, item in enumerate(items))
    return tuple(t for t in texts if t)


def _key(key: object, path: KeyPath) -> str:
    if not isinstance(key, str) or not _IDENTIFIER.match(key):
        raise ScenarioError(
            f"indicator keys are short English names (letters, digits, _), e.g. gdp; got {key!r}. "
            "Put the Chinese name in label:",
            path,
        )
    return key
