"""Target kinds: what each target measures on a path, and whether a draw meets it.

Pure functions of a :class:`~planmodel.scenario.Target` and :class:`~planmodel.results.Paths`:

- ``level``: the indicator in ``year`` (current prices for money);
- ``growth``: year-on-year growth in ``year``, real (可比价) or nominal (现价) as the target says;
- ``avg_growth``: average annual growth over ``first_year``..``year`` from the level of
  ``first_year - 1`` (年均增长); real is the geometric mean of yearly real growth;
- ``cumulative``: the sum of levels over the span (累计);
- ``joint``: all member targets at once.

A relative target (``above: hunan_index``) measures the difference between its indicator's measure
and the reference's same measure (same years; the reference's own price basis where it has no
prices), in rate points for growth and in the target's unit for levels. A target whose wording
carries a tolerance (左右, 力争) is also judged on its tolerant threshold (:func:`tolerant_successes`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from .derived import pre_revision_levels
from .errors import ScenarioError
from .results import Paths
from .scenario import LevelBasis, Scenario, Target, rebased_components
from .scenario.target_checks import reference_basis


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


def level_basis(scenario: Scenario, target: Target) -> LevelBasis | None:
    """The basis a level or cumulative target is judged on; ``None`` when no census revision applies."""
    if target.measure not in ("level", "cumulative"):
        return None
    if not rebased_components(scenario, target.indicator or ""):
        return None
    return target.level_basis or "revised"


def measured(
    scenario: Scenario, target: Target, paths: Paths, before: dict[str, np.ndarray] | None = None
) -> np.ndarray:
    """The quantity a target compares, per draw, shape ``(n_draws,)``.

    ``before`` caches levels on the pre-revision basis by indicator (shared by several targets).
    """
    if target.reference is not None:
        return relative_difference(scenario, target, paths, before)
    key = target.indicator
    assert key is not None, "joint targets have no measured quantity"
    levels = paths.levels[key]
    if level_basis(scenario, target) == "pre_revision":
        before = {} if before is None else before
        if key not in before:
            before[key] = pre_revision_levels(scenario, paths, key)
        levels = before[key]
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
        with np.errstate(invalid="ignore"):  # a rate of -100% or less: undefined, counted and refused later
            return np.prod(1.0 + rates, axis=1) ** (1.0 / n_years) - 1.0
    start = levels[:, _column(paths, first - 1)]
    end = levels[:, _column(paths, target.year)]
    with np.errstate(divide="ignore", invalid="ignore"):
        return (end / start) ** (1.0 / n_years) - 1.0


def reference_target(scenario: Scenario, target: Target) -> Target:
    """The reference of a relative target measured as a target of its own (same measure and years)."""
    return replace(
        target, indicator=target.reference, reference=None, basis=reference_basis(scenario, target)  # type: ignore[arg-type]
    )


def relative_difference(
    scenario: Scenario, target: Target, paths: Paths, before: dict[str, np.ndarray] | None = None
) -> np.ndarray:
    """A relative target's measure minus its reference's, per draw (levels in the target's unit)."""
    own = measured(scenario, replace(target, reference=None), paths, before)
    ref = reference_target(scenario, target)
    other = measured(scenario, ref, paths, before)
    if target.measure in ("level", "cumulative"):
        units = scenario.units()
        other = other * (units[ref.indicator or ""].scale / units[target.indicator or ""].scale)
    return own - other


def compare(
    target: Target, values: np.ndarray, threshold: float | tuple[float, float] | None = None
) -> np.ndarray:
    """Boolean success per draw for a non-joint target (against ``threshold`` if given)."""
    threshold = target.threshold if threshold is None else threshold
    if target.comparison == "at_least":
        return values >= threshold
    if target.comparison == "at_most":
        return values <= threshold
    low, high = threshold  # type: ignore[misc]
    return (values >= low) & (values <= high)


def measured_values(scenario: Scenario, paths: Paths) -> dict[str, np.ndarray]:
    """The measured quantity of every non-joint target, by target name, each ``(n_draws,)``."""
    before: dict[str, np.ndarray] = {}
    return {t.name: measured(scenario, t, paths, before) for t in scenario.targets if t.measure != "joint"}


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


def has_tolerant_reading(scenario: Scenario, target: Target) -> bool:
    """Whether the target (or a member of a joint target) is also read with a tolerance."""
    if target.measure == "joint":
        by_name = {t.name: t for t in scenario.targets}
        return any(has_tolerant_reading(scenario, by_name[m]) for m in target.members)
    return bool(target.tolerance)


def tolerant_successes(
    scenario: Scenario, values: Mapping[str, np.ndarray], masks: Mapping[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Success masks on the tolerant reading, for targets that have one.

    A joint target uses its members' tolerant readings where they have one, their strict ones otherwise.
    """
    out: dict[str, np.ndarray] = {}
    for target in scenario.targets:
        if target.measure != "joint":
            out[target.name] = (
                compare(target, values[target.name], target.tolerant_threshold)
                if target.tolerance
                else masks[target.name]
            )
    for target in scenario.targets:
        if target.measure == "joint":
            out[target.name] = _joint(target, out, scenario)
    return {t.name: out[t.name] for t in scenario.targets if has_tolerant_reading(scenario, t)}


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
    levels = paths.levels[key]
    start = _column(paths, from_year)
    ever = levels[:, start] >= target.threshold  # at the level already in the last known year
    counts = [np.count_nonzero(ever)]
    above = np.empty_like(ever)
    for column in range(start + 1, levels.shape[1]):  # by column: no (draws × years) temporaries
        np.greater_equal(levels[:, column], target.threshold, out=above)
        counts.append(np.count_nonzero(above) - np.count_nonzero(above & ever))
        ever |= above
    return np.array(counts, dtype=np.int64)


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
    """True when published numbers alone fix the outcome: every number the target reads is published.

    A number is published when it is a published level or growth rate with no revision to come
    (an assumed value, a year between two published levels, a draw, a deflator or an uncertain
    census shift is not). Levels after the last published one are fixed only by published growth
    without a deflator; a real growth target is fixed by the published real growth of its years.
    """
    if target.measure == "joint":
        return all(is_determined(scenario, by_name[m], by_name) for m in target.members)
    if target.reference is not None:
        own = is_determined(scenario, replace(target, reference=None), by_name)
        return own and is_determined(scenario, reference_target(scenario, target), by_name)
    key = target.indicator or ""
    last = target.year
    first = target.first_year if target.first_year is not None else target.year
    basis = level_basis(scenario, target) or "revised"
    if target.measure == "level":
        return _level_settled(scenario, key, last, basis)
    if target.measure == "cumulative":
        return all(_level_settled(scenario, key, y, basis) for y in range(first, last + 1))
    if growth_basis(scenario, target) == "real":
        return all(_real_settled(scenario, key, y) for y in range(first, last + 1))
    ends = _level_settled(scenario, key, first - 1, basis) and _level_settled(scenario, key, last, basis)
    return ends or all(_growth_settled(scenario, key, y) for y in range(first, last + 1))


def _level_settled(scenario: Scenario, key: str, year: int, basis: str = "revised") -> bool:
    """Whether published numbers alone fix the level of ``key`` in ``year``."""
    simulated = {i.key: i for i in scenario.indicators}
    if key not in simulated:
        d = {d.key: d for d in scenario.derived}[key]
        plain = all(_level_settled(scenario, n, year, basis) for n in d.formula.names)
        real = all(_real_level_settled(scenario, n, b, year) for n, b in d.formula.real_refs)
        return plain and real
    ind = simulated[key]
    rebase = ind.rebase
    if rebase is not None and rebase.shift.is_random():
        if (basis == "revised") == (year < rebase.year):
            return False  # carried across the census by an uncertain shift
    observations = ind.observations(scenario.base_year)
    if year in observations:
        return observations[year].is_certain
    anchor = max(observations)
    if year < anchor or ind.deflator is not None:
        return False
    growth = ind.growth_observations(scenario.base_year)
    later = all(y in growth and growth[y].is_certain for y in range(anchor + 1, year + 1))
    return later and observations[anchor].is_certain


def _real_level_settled(scenario: Scenario, key: str, base_year: int | None, year: int) -> bool:
    """``real(key, base_year)`` in ``year``: the base level and the real growth between are published."""
    base = base_year if base_year is not None else scenario.anchor_year(key)
    between = range(min(base, year) + 1, max(base, year) + 1)
    return _level_settled(scenario, key, base) and all(_real_settled(scenario, key, y) for y in between)


def _real_settled(scenario: Scenario, key: str, year: int) -> bool:
    """Whether the real growth of ``key`` in ``year`` is published (or follows from published levels)."""
    simulated = {i.key: i for i in scenario.indicators}
    if key not in simulated:
        d = {d.key: d for d in scenario.derived}[key]
        return all(
            _real_settled(scenario, n, year)
            if n in simulated and simulated[n].price_basis == "split"
            else _level_settled(scenario, n, year - 1) and _level_settled(scenario, n, year)
            for n in d.formula.names
        )
    obs = simulated[key].growth_observations(scenario.base_year).get(year)
    if obs is not None:
        return obs.is_certain
    if simulated[key].price_basis == "no_prices":
        return _level_settled(scenario, key, year - 1) and _level_settled(scenario, key, year)
    return False


def _growth_settled(scenario: Scenario, key: str, year: int) -> bool:
    """Nominal growth in ``year`` fixed by a published rate of a level without prices."""
    simulated = {i.key: i for i in scenario.indicators}
    ind = simulated.get(key)
    if ind is None or ind.deflator is not None or ind.driver_kind == "change":
        return False
    obs = ind.growth_observations(scenario.base_year).get(year)
    return obs is not None and obs.is_certain
