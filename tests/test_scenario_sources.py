"""Every number a shipped scenario takes from a plan document is recorded in seeds/.

A published value or target that cites a seed document (``001_….txt …``) must match a fact of
that document's seeds/*.yaml file, so no plan number enters a scenario without its quote.
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

import pytest
import yaml

from planmodel.io import load_scenario

from conftest import SCENARIOS

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
DOC = re.compile(r"^(\d{3}_[0-9a-f]{16})\.txt")


@functools.cache
def seed_values(stem: str) -> list[float]:
    data = yaml.safe_load((SEEDS / f"{stem}.yaml").read_text(encoding="utf-8"))
    values: list[float] = []
    for fact in data.get("facts", []):
        v = fact.get("value")
        values += [float(x) for x in (v if isinstance(v, list) else [v]) if isinstance(x, int | float)]
    return values


def recorded(x: float, values: list[float]) -> bool:
    """A rate 0.075 matches a fact written 7.5 (%); a level matches as written."""
    return any(math.isclose(x, v, rel_tol=1e-9) or math.isclose(100 * x, v, rel_tol=1e-9) for v in values)


def cited_numbers(path: Path):
    s = load_scenario(path).scenario
    for ind in s.indicators:
        for obs in (*ind.actual, *ind.actual_growth):
            if obs.source and not obs.assumed:
                yield obs.source, [obs.value], f"{ind.key} {obs.year}"
    for t in s.targets:
        if t.reference is not None:
            # a relative target (高于全省平均) compares with another indicator: its margin reads the
            # plan's words, it is no number of the document; a margin other than 0 says how it was read
            assert t.threshold == 0 or t.note, f"{path.name}: {t.name} needs a note on its margin"
            continue
        if t.source and t.threshold is not None:
            values = list(t.threshold) if isinstance(t.threshold, tuple) else [t.threshold]
            yield t.source, values, t.name


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_numbers_from_plan_documents_are_in_seeds(path):
    checked = 0
    for source, values, what in cited_numbers(path):
        match = DOC.match(source)
        if not match:
            continue
        known = seed_values(match[1])
        for x in values:
            assert recorded(x, known), f"{path.name}: {what} = {x} cites {match[1]} but is not in seeds/"
        checked += 1
    assert checked > 0, "every shipped scenario takes at least one number from a plan document"
