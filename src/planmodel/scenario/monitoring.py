"""What a plan says about monitoring its targets: attributes, base years, relative targets, tasks.

- ``attribute: binding | expected`` (or 约束性 / 预期性) on a target: the plan table's 属性;
- ``plan_period: 2021-2025`` at the top level (base year 2020) and ``base_year:`` on a target:
  the 基期 of the mid-term table;
- ``above: hunan_index`` / ``below: …`` on a target: a relative target (高于全省平均) that compares
  the target's measure with the same measure of another indicator, simulated or given, by a
  ``margin`` (this minus the reference);
- ``tasks:`` at the top level: plan items with no number the model can use, listed as not modelled.

Readers only: each raises a located :class:`~planmodel.errors.ScenarioError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import KeyPath, ScenarioError, unknown_name
from ..units import Unit, parse_change, parse_quantity, parse_rate
from .fields import read_mapping, read_span, read_text, read_twin, read_year
from .model import Task
from .vocabulary import ATTRIBUTES, Attribute

RELATIVE_KEYS = ("above", "below")
TASK_KEYS = ("name", "source", "note", "note_en", "attribute")
_PERCENT = Unit("%", "ratio", 0.01)


def read_attribute(obj: object, path: KeyPath) -> Attribute | None:
    """``binding`` / ``expected`` or 约束性 / 预期性; None when absent."""
    if obj is None:
        return None
    if not isinstance(obj, str) or obj.strip() not in ATTRIBUTES:
        raise ScenarioError(
            f"attribute is one of {', '.join(ATTRIBUTES)} (约束性: a binding promise; 预期性: an "
            f"expectation), got {obj!r}",
            path,
        )
    return ATTRIBUTES[obj.strip()]


def read_plan_period(obj: object, path: KeyPath = ("plan_period",)) -> tuple[int, int] | None:
    """``plan_period: 2021-2025`` (or ``[2021, 2025]``); None when absent."""
    if obj is None:
        return None
    first, last = read_span(obj, path)
    if first == last:
        raise ScenarioError("a plan period spans at least two years, e.g. 2021-2025", path)
    return first, last


def read_base_year(obj: object, path: KeyPath) -> int | None:
    """A target's ``base_year:`` (基期) for the mid-term table; None when absent."""
    return None if obj is None else read_year(obj, path)


def read_tasks(obj: object, path: KeyPath = ("tasks",)) -> tuple[Task, ...]:
    """``tasks:``: a list of texts or of ``{name, source, note, attribute}``."""
    if obj is None:
        return ()
    if not isinstance(obj, list):
        raise ScenarioError("expected a list of tasks, e.g. - {name: 培育专精特新中小企业, source: …}", path)
    out = []
    for i, item in enumerate(obj):
        here = (*path, i)
        if not isinstance(item, Mapping):
            out.append(Task(str(read_text(item, here, optional=False))))
            continue
        spec = read_mapping(item, here, TASK_KEYS, ("name",))
        note, note_en = read_twin(spec, here, "note")
        out.append(
            Task(
                name=str(read_text(spec["name"], (*here, "name"), optional=False)),
                source=read_text(spec.get("source"), (*here, "source")),
                note=note,
                attribute=read_attribute(spec.get("attribute"), (*here, "attribute")),
                note_en=note_en,
            )
        )
    names = [t.name for t in out]
    for i, name in enumerate(names):
        if names.index(name) != i:
            raise ScenarioError(f"task '{name}' is listed twice", (*path, i))
    return tuple(out)


def read_relative(
    spec: Mapping[str, Any], path: KeyPath, units: Mapping[str, Unit], indicator: str, measure: str
) -> tuple[str, str, float] | None:
    """A relative target's (reference, comparison, margin), or None for an ordinary target.

    ``above: key`` means this target's measure minus the reference's is at least the margin
    (default 0); ``below: key`` at most minus the margin. ``{indicator: key, margin: …}`` gives a
    margin: percentage points for growth and shares (``0.5个百分点``, may be negative), the
    indicator's unit for levels.
    """
    given = [k for k in RELATIVE_KEYS if k in spec]
    if not given:
        return None
    if len(given) > 1 or any(k in spec for k in ("at_least", "at_most", "between")):
        raise ScenarioError("give one of at_least, at_most, between, above or below", path)
    key = given[0]
    here = (*path, key)
    raw = spec[key]
    margin_raw: object = 0
    if isinstance(raw, Mapping):
        entry = read_mapping(raw, here, ("indicator", "margin"), ("indicator",))
        reference, margin_raw = entry["indicator"], entry.get("margin", 0)
        ref_path: KeyPath = (*here, "indicator")
    else:
        reference, ref_path = raw, here
    if not isinstance(reference, str) or reference not in units:
        raise ScenarioError(unknown_name("indicator", str(reference), list(units)), ref_path)
    if reference == indicator:
        raise ScenarioError("a target cannot be relative to its own indicator", ref_path)
    margin = _margin(margin_raw, measure, units[indicator], (*here, "margin"))
    return reference, ("at_least" if key == "above" else "at_most"), (margin if key == "above" else -margin)


def _margin(value: object, measure: str, unit: Unit, path: KeyPath) -> float:
    """A signed margin: rate points for growth measures, the unit for levels (points for shares)."""
    if measure in ("growth", "avg_growth"):
        text = str(value).strip().lower() if isinstance(value, str) else ""
        if text.endswith(("个百分点", "百分点", "pp")):
            return parse_change(value, _PERCENT, path) / 100
        return parse_rate(value, path)
    if unit.dimension == "ratio":
        return parse_change(value, unit, path)
    return parse_quantity(value, unit, path)
