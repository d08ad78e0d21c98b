"""Facts about a validated scenario that several layers ask: gaps, known growth, census revisions.

Pure functions of a :class:`~planmodel.scenario.model.Scenario`; no arrays.
"""

from __future__ import annotations

from .indicator_model import Indicator
from .model import Scenario


def gaps(ind: Indicator, up_to: int | None) -> list[tuple[int, int]]:
    """Pairs of consecutive published levels with unpublished years between them (a bridge each)."""
    years = sorted(ind.actual_levels(up_to))
    return [(a, b) for a, b in zip(years, years[1:], strict=False) if b - a > 1]


def gap_years(ind: Indicator, up_to: int | None) -> list[int]:
    """Years between two published levels that are not published themselves (simulated)."""
    return [y for a, b in gaps(ind, up_to) for y in range(a + 1, b)]


def real_growth_known(s: Scenario, key: str, year: int) -> bool:
    """Whether the engine knows the real growth of ``key`` in ``year``.

    True when it is published, inside a gap or at its far end (bridged), or after the last
    published level (simulated); the year before must be on the grid.
    """
    ind = s.indicator(key)
    levels = ind.actual_levels(s.base_year)
    if year <= min(levels) and year not in ind.actual_growth_by_year(s.base_year):
        return False
    if year > max(levels) or year in ind.actual_growth_by_year(s.base_year):
        return True
    return any(a < year <= b for a, b in gaps(ind, s.base_year))


def rebased_components(s: Scenario, key: str) -> list[str]:
    """Simulated indicators with a ``rebase`` that ``key`` is, or is derived from."""
    simulated = {i.key: i for i in s.indicators}
    if key in simulated:
        return [key] if simulated[key].rebase is not None else []
    derived = {d.key: d for d in s.derived}
    if key not in derived:
        return []
    out: list[str] = []
    for name in derived[key].formula.names:
        out += [k for k in rebased_components(s, name) if k not in out]
    return out
