"""Target kinds: what each target measures on a path, and whether a draw meets it.

Pure functions of a :class:`~planmodel.scenario.Target` and :class:`~planmodel.results.Paths`:

- ``level``: the indicator in ``year`` (current prices for money);
- ``growth``: year-on-year growth in ``year``, real (可比价) or nominal (现价) as the target says;
- ``avg_growth``: average annual growth over ``first_year``..``year`` from the level of
  ``first_year - 1`` (年均增长); real is the geometric mean of yearly real growth;
- ``cumulative``: the sum of levels over the span (累计);
- ``joint``: all member targets at once.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .errors import ScenarioError
from .results import Paths
from .scenario import Scenario, Target


def _column(paths: Paths, year: int) -> int:
    return paths.years.index(year)


def growth_basis(scenario: Scenario, target: Target) -> str:
    """``real``, ``nominal`` or ``none`` (no prices involved): which growth a target compares."""
    if target.basis != "none":
        return target.basis
    simulated = {i.key: i for i in scenario.indicators}
    ind = simulated.get(target.indicator or "")
    if ind is not None and ind.unit.dimension == "money":
        return "nominal"
    return "none"  # a quantity without prices (population, an index, a share): just its growth


def measured(scenario: Scenario, target: Target, paths: Paths) -> np.ndarray:
    """The quantity a target compares, per draw, shape ``(n_draws,)``."""
    key = target.indicator
    assert key is not None, "joint targets have no measured quantity"
    levels = paths.levels[key]
    if target.measure == "level":
        return levels[:, _column(paths, target.year)]
    if target.measure == "cumulative":
        first = target.first_year if target.first_year is not None else target.year
        return levels[:, _column(paths, first) : _column(paths, target.year) + 1].sum(axis=1)
    basis = growth_basis(scenario, target)
    first_or_none = target.year if target.measure == "growth" else target.first_year
    assert first_or_none is not None, "spans are validated to have a first year"
    first = first_or_none
    n_years = target.year - first + 1
    if basis == "real":
        rates = paths.real_growth[key][:, _column(paths, first) : _column(paths, target.year) + 1]
        missing = np.isnan(rates[0])
        if missing.any():
            year = first + int(np.argmax(missing))
            raise ScenarioError(
                f"real growth of {key} in {year} is neither published nor simulated; add "
                f"actual_growth: {{{year}: ...}} to the indicator",
                ("targets", target.name),
            )
        return np.prod(1.0 + rates, axis=1) ** (1.0 / n_years) - 1.0
    start = levels[:, _column(paths, first - 1)]
    end = levels[:, _column(paths, target.year)]
    with np.errstate(divide="ignore", invalid="ignore"):
        return (end / start) ** (1.0 / n_years) - 1.0


def compare(target: Target, values: np.ndarray) -> np.ndarray:
    """Boolean success per draw for a non-joint target."""
    threshold = target.threshold
    if target.comparison == "at_least":
        return values >= threshold
    if target.comparison == "at_most":
        return values <= threshold
    low, high = threshold  # type: ignore[misc]
    return (values >= low) & (values <= high)


def measured_values(scenario: Scenario, paths: Paths) -> dict[str, np.ndarray]:
    """The measured quantity of every non-joint target, by target name, each ``(n_draws,)``."""
    return {t.name: measured(scenario, t, paths) for t in scenario.targets if t.measure != "joint"}


def successes(scenario: Scenario, values: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Success mask of every target from its measured values (joint targets after members)."""
    masks: dict[str, np.ndarray] = {}
    for target in scenario.targets:
        if target.measure != "joint":
            masks[target.name] = compare(target, values[target.name])
    for target in scenario.targets:
        if target.measure == "joint":
            masks[target.name] = _joint(target, masks, scenario)
    return masks


def _joint(target: Target, masks: dict[str, np.ndarray], scenario: Scenario) -> np.ndarray:
    by_name = {t.name: t for t in scenario.targets}
    result: np.ndarray | None = None
    for member in target.members:
        mask = masks.get(member)
        if mask is None:
            mask = _joint(by_name[member], masks, scenario)
        result = mask if result is None else result & mask
    assert result is not None
    return result


def first_passage_counts(scenario: Scenario, target: Target, paths: Paths, from_year: int) -> np.ndarray:
    """For a level at-least target: draws already at the level in ``from_year``, then first reaching it.

    Returns counts of shape ``(1 + n_years_after,)``: index 0 counts draws at or above the threshold
    in ``from_year`` itself (the last known year); index ``i`` counts draws first at or above it in
    ``from_year + i`` having been below it in every year before. Draws already past the level at the
    start are counted as reached from the start, never dropped.
    """
    key = target.indicator
    assert key is not None and target.comparison == "at_least"
    start = _column(paths, from_year)
    at_or_above = paths.levels[key][:, start:] >= target.threshold
    ever = np.logical_or.accumulate(at_or_above, axis=1)
    first = np.diff(ever.astype(np.int8), axis=1, prepend=np.int8(0)) == 1
    return first.sum(axis=0)


def year_span(target: Target) -> tuple[int, int]:
    """The years whose values a target reads (for growth: the year before as well)."""
    if target.measure == "growth":
        return target.year - 1, target.year
    if target.measure == "avg_growth":
        assert target.first_year is not None
        return target.first_year - 1, target.year
    if target.measure == "cumulative":
        assert target.first_year is not None
        return target.first_year, target.year
    return target.year, target.year


def is_determined(scenario: Scenario, target: Target, by_name: Mapping[str, Target]) -> bool:
    """True when published data alone fix the outcome (every year read is already published)."""
    if target.measure == "joint":
        return all(is_determined(scenario, by_name[m], by_name) for m in target.members)
    assert target.indicator is not None
    _, last = year_span(target)
    return last <= scenario.known_through(target.indicator)
