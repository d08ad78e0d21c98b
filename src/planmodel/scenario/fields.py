"""Generic readers for scenario fields: mappings with known keys, text, years and spans.

Each reader takes the key path of the value it reads and raises a located
:class:`~planmodel.errors.ScenarioError` naming what was found and what would be valid.
Shared by the scenario parser and the parsers of uncertainty blocks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..distribution_spec import ANNOTATIONS
from ..errors import KeyPath, ScenarioError, combine, did_you_mean
from .vocabulary import ALLOW_CHECKS

ANNOTATION_KEYS = ANNOTATIONS
"""What an assumption carries beside its distribution: why (and why in English), and where from."""
SPAN_RE = re.compile(r"^\s*(\d{4})\s*[-–—~至到]\s*(\d{4})\s*$")


def unknown_key_message(key: object, allowed: Sequence[str]) -> str:
    """One line for an unknown key: the closest valid key and the full list."""
    hint = did_you_mean(str(key), allowed) or " —"
    return f"unknown key '{key}'{hint} Valid keys: {', '.join(allowed)}"


def read_mapping(
    obj: object,
    path: KeyPath,
    allowed: Sequence[str],
    required: Sequence[str] = (),
    what: str = "a mapping",
) -> dict[str, Any]:
    """A mapping whose keys are all ``allowed`` and that has every ``required`` key."""
    if not isinstance(obj, Mapping):
        raise ScenarioError(
            f"expected {what} with keys {', '.join(allowed)}, got {kind_of(obj)}", path
        )
    problems = [
        ScenarioError(unknown_key_message(key, allowed), (*path, key)) for key in obj if key not in allowed
    ]
    problems += [
        ScenarioError(f"missing required key '{key}'", path)
        for key in required
        if key not in obj or obj[key] is None
    ]
    if problems:
        raise combine(problems)
    return dict(obj)


def kind_of(obj: object) -> str:
    """What a YAML value is, in a planner's words: ``a mapping``, ``a list``, ``the number 3``."""
    if obj is None:
        return "nothing"
    if isinstance(obj, Mapping):
        return "a mapping"
    if isinstance(obj, list):
        return "a list"
    if isinstance(obj, bool):
        return f"{str(obj).lower()} (yes/no)"
    if isinstance(obj, int | float):
        return f"the number {obj!r}"
    if isinstance(obj, str):
        shown = obj if len(obj) <= 40 else obj[:37] + "…"
        return f"the text {shown!r}"
    return type(obj).__name__


def read_text(obj: object, path: KeyPath, *, optional: bool = True) -> str | None:
    """Text (numbers are read as text); ``None`` or empty when ``optional``."""
    if obj is None and optional:
        return None
    if isinstance(obj, bool) or not isinstance(obj, str | int | float):
        raise ScenarioError(f"expected text, got {kind_of(obj)}", path)
    text = str(obj).strip()
    if not text and not optional:
        raise ScenarioError("must not be empty", path)
    return text or None


def read_year(obj: object, path: KeyPath) -> int:
    """A calendar year from 1949 to 2200."""
    if isinstance(obj, bool) or not isinstance(obj, int) or not 1949 <= obj <= 2200:
        raise ScenarioError(f"expected a year such as 2026, got {obj!r}", path)
    return obj


def read_integer(obj: object, path: KeyPath, low: int, high: int, what: str) -> int:
    """A whole number from ``low`` to ``high`` (a float such as ``2e5`` is accepted if whole)."""
    if isinstance(obj, float) and obj.is_integer():
        obj = int(obj)
    if isinstance(obj, bool) or not isinstance(obj, int) or not low <= obj <= high:
        raise ScenarioError(f"{what} must be a whole number from {low:,} to {high:,}, got {obj!r}", path)
    return obj


def year_key(key: object, path: KeyPath) -> tuple[int, ...]:
    """``2024`` → (2024,); ``"2025-2026"`` → (2025, 2026)."""
    if isinstance(key, int) and not isinstance(key, bool):
        return (read_year(key, path),)
    if isinstance(key, str):
        if key.strip().isdigit():
            return (read_year(int(key), path),)
        match = SPAN_RE.match(key)
        if match:
            first, last = int(match[1]), int(match[2])
            read_year(first, path), read_year(last, path)
            if first > last:
                raise ScenarioError(f"span '{key}' runs backwards; write {last}-{first}", path)
            return tuple(range(first, last + 1))
    raise ScenarioError(f"expected a year (2024) or a span of years (2025-2026), got {key!r}", path)


def read_span(obj: object, path: KeyPath) -> tuple[int, int]:
    """A span of years: ``[2021, 2025]``, ``2021-2025`` or one year."""
    if isinstance(obj, list) and len(obj) == 2:
        first, last = read_year(obj[0], (*path, 0)), read_year(obj[1], (*path, 1))
        if first > last:
            raise ScenarioError("the span runs backwards", path)
        return first, last
    years = year_key(obj, path)
    return years[0], years[-1]



def read_twin(spec: Mapping[str, Any], path: KeyPath, key: str) -> tuple[str | None, str | None]:
    """A text and its optional English twin (``reason`` and ``reason_en``, ``note`` and ``note_en``).

    English reports show the twin where given, else the text as written (docs/scenario.md, "Names
    in English"); a twin without the text it translates is refused at the twin's key.
    """
    text = read_text(spec.get(key), (*path, key))
    english = read_text(spec.get(f"{key}_en"), (*path, f"{key}_en"))
    if english is not None and text is None:
        raise ScenarioError(
            f"{key}_en is the English of {key}, and there is no {key}: write {key} (as the planner "
            f"says it, in Chinese) beside {key}_en, or remove {key}_en",
            (*path, f"{key}_en"),
        )
    return text, english


def strip_annotations(spec: object, path: KeyPath) -> tuple[object, str | None, str | None, str | None]:
    """Split ``reason:``, ``reason_en:`` and ``source:`` off a spec: ``(rest, reason, source, reason_en)``."""
    if isinstance(spec, Mapping) and any(k in spec for k in ANNOTATION_KEYS):
        rest = {k: v for k, v in spec.items() if k not in ANNOTATION_KEYS}
        reason, reason_en = read_twin(spec, path, "reason")
        source = read_text(spec.get("source"), (*path, "source"))
        return rest, reason, source, reason_en
    return spec, None, None, None


def single_year(key: object, path: KeyPath) -> tuple[int]:
    """One year as a key (a span is an error)."""
    years = year_key(key, path)
    if len(years) != 1:
        raise ScenarioError("give one value per year, not a span", path)
    return (years[0],)


def read_allow(obj: object, path: KeyPath) -> tuple[str, ...]:
    """``allow: [scale]`` (or ``allow: scale``): plausibility checks overridden for one entry."""
    if obj is None:
        return ()
    items = obj if isinstance(obj, list) else [obj]
    out = []
    for i, item in enumerate(items):
        here = (*path, i) if isinstance(obj, list) else path
        if not isinstance(item, str) or item not in ALLOW_CHECKS:
            choices = "; ".join(f"{k} ({v})" for k, v in ALLOW_CHECKS.items())
            hint = (did_you_mean(item, list(ALLOW_CHECKS)) if isinstance(item, str) else "") or " —"
            raise ScenarioError(
                f"allow lists plausibility checks to skip; got {kind_of(item)}{hint} Valid: {choices}",
                here,
            )
        out.append(str(item))
    return tuple(out)
