"""`planmodel schema`: the JSON Schema of scenario files cannot drift from the parser.

The schema is generated from the parser's key tuples; these tests check the other direction too:
while the parser reads every shipped scenario, each ``read_mapping`` call is recorded (the keys it
accepts and requires at that path) and compared with the schema node at the same path. A key
added to the parser without a type, a description or a schema entry fails here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from planmodel.cli import main
from planmodel.distribution_spec import FAMILIES, PARAMS
from planmodel.errors import ScenarioError
from planmodel.scenario import fields, indicators, parser, targets, uncertainty
from planmodel.scenario.schema import BLOCKS, REQUIRED, YEARS, missing_types, scenario_schema, schema_json
from planmodel.scenario.schema_text import DESCRIPTIONS

from conftest import ROOT, SCENARIOS, minimal_dict

SHIPPED = ROOT / "schema" / "planmodel-scenario.schema.json"
SCHEMA = scenario_schema()
VALIDATOR = Draft202012Validator(SCHEMA)

# Blocks the shipped scenarios may not use; this probe makes the parser read each one.
PROBE: dict[str, Any] = minimal_dict() | {
    "simulation": {"draws": 20_000, "seed": 1, "block_size": 20_000},
}
PROBE["indicators"]["gdp"] |= {
    "actual": {2023: {"value": 950, "source": "统计公报", "vintage": "最终核实"}, 2024: 1000},
    "over_years": {"trend_sd": "0.5%", "persistence": 0.3, "reason": "r"},
    "deflator_over_years": {"trend_sd": "0.5%"},
    "rebase": {"year": 2024, "shift": {"normal": {"mean": "0%", "sd": "1%"}}, "reason": "普查"},
}


def as_json(obj: object) -> object:
    """YAML data as an editor's YAML server sees it: every mapping key a string."""
    if isinstance(obj, dict):
        return {str(k): as_json(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [as_json(v) for v in obj]
    return obj


def shipped_data() -> list[tuple[str, dict[str, Any]]]:
    files = [(p.name, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in SCENARIOS]
    # A variant (``extends:``, issue 10) is a partial file merged before parsing; the schema
    # describes complete scenarios, so variants are read through their parents elsewhere.
    files = [(name, data) for name, data in files if "extends" not in data]
    return [*files, ("minimal", minimal_dict()), ("probe", PROBE)]


def test_the_shipped_file_is_what_the_command_prints():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    assert result.output == schema_json()
    assert SHIPPED.read_text(encoding="utf-8") == result.output, (
        "the shipped schema is stale: run planmodel schema > schema/planmodel-scenario.schema.json"
    )


def test_it_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(json.loads(SHIPPED.read_text(encoding="utf-8")))
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("name,data", shipped_data(), ids=[n for n, _ in shipped_data()])
def test_every_shipped_scenario_is_valid_under_the_schema(name, data):
    parser.scenario_from_mapping(data)  # valid for the parser …
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(as_json(data))]
    assert errors == []  # … and for the schema


DRAFT_07 = {"$schema", "$ref", "title", "description", "default", "type", "enum", "properties",
            "patternProperties", "additionalProperties", "propertyNames", "required", "minProperties",
            "items", "minItems", "maxItems", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
            "multipleOf", "pattern", "anyOf", "oneOf", "not", "if", "then", "else"}  # fmt: skip
NEWER_BUT_HARMLESS = {"$defs", "prefixItems", "dependentRequired"}  # ignored by a draft-07 validator


def _keywords(node: object) -> Iterator[tuple[str, object]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            named = key in ("properties", "patternProperties", "$defs", "dependentRequired")
            for sub in value.values() if named else [value]:
                yield from _keywords(sub)
    elif isinstance(node, list):
        for item in node:
            yield from _keywords(item)


def test_editors_that_know_only_draft_07_read_it_the_same_or_more_leniently():
    # VS Code's YAML extension validates with draft-07 rules and misreads prefixItems + items: false
    used = {key for key, _ in _keywords(SCHEMA)}
    assert used <= DRAFT_07 | NEWER_BUT_HARMLESS, used - DRAFT_07 - NEWER_BUT_HARMLESS
    assert all(value is not False for key, value in _keywords(SCHEMA) if key == "items")
    assert all(isinstance(value, dict) for key, value in _keywords(SCHEMA) if key == "items")


def test_every_key_has_a_type_and_a_description_and_every_description_a_key():
    assert missing_types() == []
    keys = {f"{block}.{key}" for block, names in BLOCKS.items() for key in names}
    keys |= {f"family.{f}" for f in FAMILIES}
    keys |= {f"param.{p}" for required, optional, _ in PARAMS.values() for p in (*required, *optional)}
    assert sorted(keys - DESCRIPTIONS.keys()) == [], "add these to scenario/schema_text.py"
    assert sorted(DESCRIPTIONS.keys() - keys) == [], "descriptions of keys the parser no longer accepts"
    for zh, en in DESCRIPTIONS.values():
        assert re.search(r"[\u4e00-\u9fff]", zh) and re.search(r"[A-Za-z]{2}", en), (zh, en)


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """``node`` and every schema it refers to or combines (``$ref``, ``anyOf``, ``oneOf``)."""
    yield node
    if "$ref" in node:
        yield from _nodes(SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[1]])
    for branch in (*node.get("anyOf", ()), *node.get("oneOf", ())):
        yield from _nodes(branch)


def _at(node: dict[str, Any], path: tuple[object, ...]) -> Iterator[dict[str, Any]]:
    """The object schemas that describe the value at ``path`` (a parser key path)."""
    for candidate in _nodes(node):
        if not path:
            if "properties" in candidate:
                yield candidate
            continue
        key, rest = path[0], path[1:]
        if isinstance(key, int) and isinstance(candidate.get("items"), dict):
            yield from _at(candidate["items"], rest)
        elif str(key) in candidate.get("properties", {}):
            yield from _at(candidate["properties"][str(key)], rest)
        else:
            for pattern, sub in candidate.get("patternProperties", {}).items():
                if re.search(pattern, str(key)):
                    yield from _at(sub, rest)


def test_the_keys_the_parser_accepts_at_every_path_are_the_schema_s(monkeypatch):
    calls: list[tuple[tuple[object, ...], tuple[str, ...], tuple[str, ...]]] = []

    def recording(obj, path, allowed, required=(), what="a mapping"):
        calls.append((tuple(path), tuple(allowed), tuple(required)))
        return fields.read_mapping(obj, path, allowed, required, what)

    for module in (parser, indicators, targets, uncertainty):
        monkeypatch.setattr(module, "read_mapping", recording)
    for _, data in shipped_data():
        parser.scenario_from_mapping(data)
    seen = set()
    for path, allowed, required in calls:
        nodes = list(_at(SCHEMA, path))
        assert nodes, f"no schema for {path}"
        match = [n for n in nodes if set(n["properties"]) == set(allowed)]
        found = [sorted(n["properties"]) for n in nodes]
        assert match, f"at {path} the parser accepts {sorted(allowed)}; the schema: {found}"
        assert set(match[0].get("required", ())) == set(required), path
        seen |= {block for block, keys in BLOCKS.items() if set(keys) == set(allowed)}
    assert seen == set(BLOCKS), f"blocks no scenario exercised: {set(BLOCKS) - seen}"


def test_the_distribution_families_and_parameters_are_the_parser_s():
    assumption = SCHEMA["$defs"]["assumption"]["anyOf"][1]
    assert set(assumption["properties"]) == {*FAMILIES, "reason", "reason_en", "source"}
    for family, (required, optional, plain) in PARAMS.items():
        spec = assumption["properties"][family]
        assert set(spec["properties"]) == {*required, *optional}
        assert set(spec["required"]) == set(required)
        assert {k for k, v in spec["properties"].items() if v.get("type") == "number"} == set(plain)


def test_the_year_range_is_the_parser_s():
    low, high = YEARS
    assert fields.read_year(low, ()) == low and fields.read_year(high, ()) == high
    for outside in (low - 1, high + 1):
        with pytest.raises(ScenarioError):
            fields.read_year(outside, ())


def test_required_keys_are_stated_for_blocks_with_required_keys():
    assert set(REQUIRED) <= set(BLOCKS)


@pytest.mark.parametrize("key", targets.TARGET_KEYS)
def test_a_joint_target_takes_the_same_keys_in_the_parser_and_the_schema(key):
    data = minimal_dict()
    data["targets"].append({"name": "both", "all_of": ["gdp1200", "gdp1200b"]})
    data["targets"].append({**data["targets"][0], "name": "gdp1200b"})
    data["targets"][-2].setdefault(key, {"year": 2026, "years": "2025-2026"}.get(key, "x"))
    try:
        parser.scenario_from_mapping(data)
        parser_ok = True
    except ScenarioError:
        parser_ok = False
    schema_ok = VALIDATOR.is_valid(as_json(data))
    assert parser_ok == schema_ok


@pytest.mark.parametrize(
    "mutate,where",
    [
        (lambda d: d.update(horizn=2026), []),
        (lambda d: d["indicators"]["gdp"]["real_growth"]["normal"].update(stdev="1%"),
         ["indicators", "gdp"]),
        (lambda d: d["targets"][0].update(measure="levle"), ["targets", 0, "measure"]),
        (lambda d: d["indicators"]["population"].update(unit="万 口"), ["indicators", "population", "unit"]),
        (lambda d: d["indicators"]["gdp"].pop("deflator"), ["indicators", "gdp"]),
        (lambda d: d["indicators"]["population"].update(change="1%"), ["indicators", "population"]),
        (lambda d: d["targets"].append({"name": "j", "all_of": ["gdp1200", "x"], "year": 2026}),
         ["targets", 1]),
        (lambda d: d["simulation"].update(block_size=15_000), ["simulation", "block_size"]),
        (lambda d: d.update(correlation=[["gdp", "population", 1.5]]), ["correlation", 0, 2]),
    ],
)  # fmt: skip
def test_the_schema_flags_what_the_parser_refuses(mutate, where):
    data = minimal_dict()
    mutate(data)
    with pytest.raises(ScenarioError):
        parser.scenario_from_mapping(data)
    errors = list(VALIDATOR.iter_errors(as_json(data)))
    assert errors, "the schema accepted what the parser refuses"
    assert any(list(e.absolute_path)[: len(where)] == where for e in errors), [
        (list(e.absolute_path), e.message) for e in errors
    ]
