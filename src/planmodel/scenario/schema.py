"""The JSON Schema (draft 2020-12) of the scenario language, built from the parser's own definitions.

Which keys each block accepts comes from the tuples the parser itself checks against
(``TOP_KEYS``, ``INDICATOR_KEYS``, ``TARGET_KEYS``…), and the vocabularies (measures, comparisons,
price bases, vintages, distribution families and their parameters, units) from the modules that
declare them once, so a key added to the parser appears here without an edit. What is written here
by hand is only what the parser spells in code rather than data: the type of each value
(:data:`VALUE_TYPES`), the required keys (:data:`REQUIRED`) and the bilingual descriptions
(:mod:`planmodel.scenario.schema_text`). ``tests/test_schema.py`` records the keys the parser
really accepts at every path while it reads the shipped scenarios and fails on any difference,
and on any key without a type or description.

Editors' YAML servers implement draft-07 fully and 2020-12 only in part, so the schema keeps to
draft-07 keywords apart from ``$defs``, ``prefixItems`` (never with ``items: false``, which VS Code's
YAML extension misreads; ``maxItems`` bounds the tuple) and ``dependentRequired``, which an older
validator ignores: nothing valid is flagged, some checks are only lost.

The schema helps editors (completion, hover text, checks as one types); ``planmodel validate``
stays the authority: it also checks what a schema cannot (units of quantities, formulas, years
against the horizon, target references). Imports: the scenario parser modules and units → stdlib.
"""

from __future__ import annotations

import json
from typing import Any, get_args

from ..distribution_spec import FAMILIES, PARAMS
from ..rng import CHUNK, MAX_SEED
from ..settings import MAX_BLOCK_SIZE, MAX_DRAWS
from ..units import _ALIASES, UNITS
from .averages import AVERAGE_KEYS
from .fields import ANNOTATION_KEYS, SPAN_RE
from .indicators import DERIVED_KEYS, INDICATOR_KEYS, OBSERVATION_KEYS
from .monitoring import RELATIVE_KEYS, TASK_KEYS
from .parser import _IDENTIFIER, SIMULATION_KEYS, TOP_KEYS
from .schema_text import DESCRIPTIONS
from .targets import TARGET_KEYS
from .uncertainty import OVER_YEARS_KEYS, REBASE_KEYS
from .vocabulary import (
    ALLOW_CHECKS,
    ATTRIBUTES,
    CALIBRATIONS,
    COMPARISONS,
    LEVEL_BASES,
    MEASURES,
    VINTAGES,
    Basis,
)
from .ytd import YTD_KEYS

Schema = dict[str, Any]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
YEARS = (1949, 2200)
"""The calendar years :func:`planmodel.scenario.fields.read_year` accepts (checked by a test)."""

BLOCKS: dict[str, tuple[str, ...]] = {
    "scenario": TOP_KEYS,
    "simulation": SIMULATION_KEYS,
    "indicator": INDICATOR_KEYS,
    "observation": OBSERVATION_KEYS,
    "over_years": OVER_YEARS_KEYS,
    "rebase": REBASE_KEYS,
    "derived": DERIVED_KEYS,
    "target": TARGET_KEYS,
}
"""Each mapping of the language and the keys the parser accepts in it."""

REQUIRED: dict[str, tuple[str, ...]] = {
    "scenario": ("scenario", "horizon", "indicators"),
    "indicator": ("label", "unit"),
    "observation": ("value",),
    "rebase": ("year", "shift"),
    "derived": ("label",),
    "target": ("name",),
}
"""Required keys as the parser's ``read_mapping`` calls state them (checked by a test)."""

JOINT_KEYS = ("name", "name_en", "all_of", "strength", "source", "note", "note_en", "attribute")
"""The keys a joint target (``all_of``) takes, as the parser states them (checked by a test)."""

_TEXT_KEYS = ("label", "label_en", "name", "name_en", "region", "source", "note", "note_en", "reason",
              "reason_en", "strength", "issuer", "description", "scenario", "scenario_en",
              "formula")  # fmt: skip
TWINS = {"reason_en": ["reason"], "note_en": ["note"], "notes_en": ["notes"]}
"""An English twin needs the text it translates (the parser refuses ``reason_en`` without ``reason``)."""
_YEAR_KEYS = ("year", "base_year", "start_year", "horizon")

VALUE_TYPES: dict[str, Schema] = {
    **{key: {"$ref": "#/$defs/text"} for key in _TEXT_KEYS},
    **{key: {"$ref": "#/$defs/year"} for key in _YEAR_KEYS},
    "years": {"$ref": "#/$defs/span"},
    "simulation": {"$ref": "#/$defs/simulation"},
    "indicators": {"$ref": "#/$defs/indicators"},
    "derived": {"$ref": "#/$defs/derived_indicators"},
    "correlation": {"$ref": "#/$defs/correlation"},
    "targets": {"type": "array", "items": {"$ref": "#/$defs/target"}},
    **{key: {"anyOf": [{"$ref": "#/$defs/text"}, {"type": "array", "items": {"$ref": "#/$defs/text"}}]}
       for key in ("notes", "notes_en")},
    "draws": {"type": "integer", "minimum": 1, "maximum": MAX_DRAWS},
    "seed": {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_SEED},
    "block_size": {"type": "integer", "minimum": CHUNK, "maximum": MAX_BLOCK_SIZE, "multipleOf": CHUNK},
    "unit": {"enum": sorted({*UNITS, *_ALIASES})},
    "actual": {"$ref": "#/$defs/observations"},
    "actual_growth": {"$ref": "#/$defs/observations"},
    **{key: {"$ref": "#/$defs/schedule"} for key in ("real_growth", "growth", "change", "deflator")},
    "over_years": {"$ref": "#/$defs/over_years"},
    "deflator_over_years": {"$ref": "#/$defs/over_years"},
    "rebase": {"$ref": "#/$defs/rebase"},
    "value": {"$ref": "#/$defs/quantity"},
    "assumed": {"type": "boolean"},
    "vintage": {"enum": list(VINTAGES)},
    "revision_sd": {"$ref": "#/$defs/quantity"},
    "trend_sd": {"$ref": "#/$defs/quantity"},
    "persistence": {"type": "number", "exclusiveMinimum": -1, "exclusiveMaximum": 1},
    "start_deviation": {"$ref": "#/$defs/quantity"},
    "shift": {"$ref": "#/$defs/distribution"},
    "indicator": {"type": "string"},
    "measure": {"enum": list(MEASURES), "default": "level"},
    "basis": {"enum": [b for b in get_args(Basis) if b != "none"]},
    "at_least": {"$ref": "#/$defs/quantity"},
    "at_most": {"$ref": "#/$defs/quantity"},
    "between": {"type": "array", "items": {"$ref": "#/$defs/quantity"}, "minItems": 2, "maxItems": 2},
    "all_of": {"type": "array", "items": {"type": "string"}, "minItems": 2},
    "level_basis": {"enum": list(LEVEL_BASES)},
    "plan_period": {"$ref": "#/$defs/span"},
    "attribute": {"enum": list(ATTRIBUTES)},
    "tolerance": {"$ref": "#/$defs/quantity"},
    "wording": {"type": "object", "additionalProperties": {
        "type": "object", "properties": {k: {"$ref": "#/$defs/quantity"} for k in ("rates", "levels")},
        "required": ["rates", "levels"], "additionalProperties": False}},
    "tasks": {"type": "array", "items": {"anyOf": [{"$ref": "#/$defs/text"}, {
        "type": "object", "properties": {k: {"type": "string"} for k in TASK_KEYS},
        "required": ["name"], "dependentRequired": {"note_en": ["note"]}, "additionalProperties": False}]}},
    **{key: {"anyOf": [{"type": "string"}, {
        "type": "object",
        "properties": {"indicator": {"type": "string"}, "margin": {"$ref": "#/$defs/quantity"}},
        "required": ["indicator"], "additionalProperties": False}]} for key in RELATIVE_KEYS},
    "actual_avg_growth": {"type": "object", "additionalProperties": {"anyOf": [{"$ref": "#/$defs/quantity"}, {
        "type": "object", "properties": {k: {"type": ["number", "string"]} for k in AVERAGE_KEYS},
        "required": ["value"], "dependentRequired": {"note_en": ["note"]}, "additionalProperties": False}]}},
    "ytd": {"type": "array", "items": {"type": "object", "properties": {
        k: {"type": ["number", "string"]} for k in YTD_KEYS}, "required": ["year", "through"],
        "dependentRequired": {"note_en": ["note"]}, "additionalProperties": False}},
    "sum_of": {"type": "array", "items": {"type": "string"}, "minItems": 2},
    "allow": {
        "anyOf": [
            {"enum": list(ALLOW_CHECKS)},
            {"type": "array", "items": {"enum": list(ALLOW_CHECKS)}},
        ]
    },
    "calibration": {"enum": list(CALIBRATIONS), "default": "none"},
}
"""The value each key takes, by key name (a key means the same thing in every block it appears in)."""


def missing_types() -> list[str]:
    """``block.key`` of every accepted key with no entry in :data:`VALUE_TYPES` (should be none)."""
    return [f"{block}.{key}" for block, keys in BLOCKS.items() for key in keys if key not in VALUE_TYPES]


def _describe(name: str) -> str:
    zh, en = DESCRIPTIONS.get(name, ("", ""))
    return f"{zh} — {en}" if zh else name


def _block(block: str) -> Schema:
    """An object with exactly the keys the parser accepts in ``block``, each typed and described."""
    required = REQUIRED.get(block, ())
    properties = {
        key: {**VALUE_TYPES.get(key, {}), "description": _describe(f"{block}.{key}")}
        for key in BLOCKS[block]
    }
    out: Schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        out["required"] = list(required)
    twins = {k: v for k, v in TWINS.items() if k in BLOCKS[block]}
    if twins:
        out["dependentRequired"] = twins
    return out


def _family(family: str) -> Schema:
    """The parameters of one distribution family (a single value for ``fixed``)."""
    if family not in PARAMS:
        return {"$ref": "#/$defs/quantity", "description": _describe(f"family.{family}")}
    required, optional, plain = PARAMS[family]
    params = {
        key: {
            **({"type": "number"} if key in plain else {"$ref": "#/$defs/quantity"}),
            "description": _describe(f"param.{key}"),
        }
        for key in (*required, *optional)
    }
    return {
        "type": "object",
        "properties": params,
        "required": list(required),
        "additionalProperties": False,
        "description": _describe(f"family.{family}"),
    }


def _distribution(annotated: bool) -> Schema:
    """A bare value (7.5%) or exactly one family; ``annotated`` also allows reason and source."""
    properties = {family: _family(family) for family in FAMILIES}
    if annotated:
        properties |= {key: {"$ref": "#/$defs/text"} for key in ANNOTATION_KEYS}
    return {
        "anyOf": [
            {"type": ["number", "string"]},
            {
                "type": "object",
                "properties": properties,
                "additionalProperties": False,
                "oneOf": [{"required": [family]} for family in FAMILIES],
                **({"dependentRequired": {"reason_en": ["reason"]}} if annotated else {}),
            },
        ]
    }


def _by_key(pattern: str, value: Schema, what: str) -> Schema:
    """A mapping whose keys match ``pattern`` (years, indicator keys), each to ``value``."""
    return {
        "type": "object",
        "patternProperties": {pattern: value},
        "additionalProperties": False,
        "minProperties": 1,
        "description": what,
    }


def _definitions() -> dict[str, Schema]:
    one_year = r"^\s*\d{4}\s*$"
    year_or_span = f"{one_year}|{SPAN_RE.pattern}"
    target = _block("target")
    target |= {
        "if": {"required": ["all_of"]},
        "then": {"propertyNames": {"enum": list(JOINT_KEYS)}},
        "else": {
            "required": ["indicator"],
            "oneOf": [{"required": [key]} for key in (*COMPARISONS, *RELATIVE_KEYS)],
        },
    }
    indicator = _block("indicator")
    indicator |= {
        "oneOf": [{"required": [key]} for key in ("real_growth", "growth", "change")],
        "dependentRequired": {**indicator.get("dependentRequired", {}), "real_growth": ["deflator"]},
    }
    return {
        "text": {"type": ["string", "number", "null"]},
        "year": {"type": "integer", "minimum": YEARS[0], "maximum": YEARS[1]},
        "span": {
            "anyOf": [
                {"$ref": "#/$defs/year"},
                {"type": "string", "pattern": year_or_span},
                {"type": "array", "items": {"$ref": "#/$defs/year"}, "minItems": 2, "maxItems": 2},
            ],
            "description": "年份或期间，如 2021-2025 — a year or a span such as 2021-2025",
        },
        "quantity": {
            "type": ["number", "string"],
            "description": "数值，可带单位，如 1200亿元、7.5%、0.8个百分点 — a number, with a unit if wanted",
        },
        "distribution": _distribution(annotated=False),
        "assumption": _distribution(annotated=True),
        "schedule": {
            "anyOf": [
                {"$ref": "#/$defs/assumption"},
                _by_key(year_or_span, {"$ref": "#/$defs/assumption"}, "按年份给出的假设 — by year"),
            ]
        },
        "observations": _by_key(
            one_year,
            {"anyOf": [{"$ref": "#/$defs/quantity"}, _block("observation")]},
            "年份: 数值 — year: value",
        ),
        "over_years": _block("over_years"),
        "rebase": _block("rebase"),
        "simulation": _block("simulation"),
        "indicator": indicator,
        "indicators": _by_key(_IDENTIFIER.pattern, {"$ref": "#/$defs/indicator"}, "指标 — indicators"),
        "derived_indicator": _block("derived"),
        "derived_indicators": {
            **_by_key(_IDENTIFIER.pattern, {"$ref": "#/$defs/derived_indicator"}, "派生指标 — derived"),
            "minProperties": 0,
        },
        "correlation": {
            "type": "array",
            "items": {
                "type": "array",
                "prefixItems": [
                    {"type": "string"},
                    {"type": "string"},
                    {"type": "number", "minimum": -1, "maximum": 1},
                ],
                "minItems": 3,
                "maxItems": 3,
            },
        },
        "target": target,
    }


def scenario_schema() -> Schema:
    """The JSON Schema of a scenario file, as a plain dict."""
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "planmodel scenario",
        "description": "planmodel 情景文件（YAML）— a planmodel scenario file; "
        "`planmodel validate` has the last word",
        **_block("scenario"),
        "$defs": _definitions(),
    }


def schema_json() -> str:
    """The schema as the text ``planmodel schema`` prints and the shipped file holds."""
    return json.dumps(scenario_schema(), ensure_ascii=False, indent=2) + "\n"
