"""Plain YAML data → :class:`~planmodel.scenario.Scenario`, or one error naming the field.

``scenario_from_mapping(data)`` validates every key and value: unknown keys are errors (a typo
such as ``stdev`` for ``sd`` must never be silently ignored), quantities are converted to each
indicator's unit, and every error carries the key path of the offending field so the loader can
point at file:line:column. No file access here: :mod:`planmodel.io` reads files.

This module reads the top level and assembles the parts: each indicator is read by
:mod:`~planmodel.scenario.indicators`, each target by :mod:`~planmodel.scenario.targets`; the
correlations, notes, calibration and ``simulation:`` block are small enough to read here.
Imports: errors, rng, settings, units, scenario.{checks, fields, indicators, model, monitoring,
targets, vocabulary, wording}.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import Collector, KeyPath, ScenarioError
from ..rng import CHUNK, MAX_SEED
from ..settings import MAX_BLOCK_SIZE, MAX_DRAWS, RunSettings
from ..units import Unit, parse_unit
from .checks import check_scenario
from .fields import read_integer, read_mapping, read_text, read_year
from .indicators import read_derived, read_indicator
from .model import Correlation, Scenario, Target
from .monitoring import read_plan_period, read_tasks
from .targets import read_target
from .vocabulary import CALIBRATIONS
from .wording import Tolerance, read_wording

_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")

SIMULATION_KEYS = ("draws", "seed", "block_size")


def _correlations(obj: object, path: KeyPath) -> tuple[Correlation, ...]:
    """The ``correlation:`` list of ``[driver, driver, rho]`` triples."""
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
    "notes_en",
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
    indicators, units = _parts(spec.get("indicators"), ("indicators",), read_indicator, found)
    derived_parts, derived_units = _parts(
        spec.get("derived") or {}, ("derived",), read_derived, found, "derived"
    )
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
    notes = found.attempt(_notes, spec.get("notes"), spec.get("notes_en"))
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
        notes=notes[0] if notes else (),
        notes_en=notes[1] if notes else (),
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
        target = found.attempt(read_target, raw, ("targets", i), units, wording)
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


def _notes(obj: object, english: object = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The planner's notes and their English (``notes_en``, one for each note, or none).

    Each is none, one text, or a list of texts; a note left empty is dropped with its English.
    """
    texts = _texts(obj, "notes")
    if english is None:
        return tuple(t for t in texts if t), ()
    twins = _texts(english, "notes_en")
    if len(twins) != len(texts):
        raise ScenarioError(
            f"notes_en gives the English of each note, in order: {len(texts)} note(s) but "
            f"{len(twins)} English text(s)",
            ("notes_en",),
        )
    pairs = [(t, e) for t, e in zip(texts, twins, strict=True) if t]
    return tuple(t for t, _ in pairs), tuple(e or t for t, e in pairs)


def _texts(obj: object, key: str) -> list[str | None]:
    """None, one text or a list of texts under ``key``, as a list (entries may be empty)."""
    if obj is None:
        return []
    if isinstance(obj, Mapping):
        raise ScenarioError(
            f"{key} are a text or a list of texts (- 第一条说明), got a mapping — write each note "
            "as a list item starting with '- ', and quote notes that contain ': '",
            (key,),
        )
    items = obj if isinstance(obj, list) else [obj]
    listed = isinstance(obj, list)
    return [read_text(item, (key, i) if listed else (key,)) for i, item in enumerate(items)]


def _key(key: object, path: KeyPath) -> str:
    if not isinstance(key, str) or not _IDENTIFIER.match(key):
        raise ScenarioError(
            f"indicator keys are short English names (letters, digits, _), e.g. gdp; got {key!r}. "
            "Put the Chinese name in label:",
            path,
        )
    return key
