"""From paths to conclusions: probabilities with Monte Carlo intervals, percentiles, required growth.

Evaluation streams: each block of paths is reduced to a
:class:`~planmodel.streaming.BlockSummary` (integer success and first-passage counts, tallies of
every reported quantity on fine fixed grids, and the block's share of a bounded retained sample),
and summaries are combined. Integer counts add up to the same totals in any order, so the results
are bit-identical however the blocks were scheduled, and memory stays flat in the number of draws.
Percentiles (of every indicator and year, and of each target's measured value), the start values
of paces and the distributions charts draw come from every draw, with a stated error bound
(:mod:`planmodel.quantiles`); the retained sample (the run's first chunk) serves the other medians
behind the paces.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable

import numpy as np

from . import known
from .derived import pre_revision_levels
from .pace import Pace, StartPoint, average_growth_pace, historical, level_pace, pace_kind, start_point
from .quantiles import Grid, Percentiles, Tallies, histogram
from .results import (
    QUANTILES,
    Evidence,
    FirstPassage,
    Paths,
    Results,
    TargetResult,
    TolerantReading,
    UnmodelledTask,
)
from .rng import CHUNK
from .scenario import Scenario, Target
from .streaming import (
    BlockSummary,
    Quantity,
    grids_from,
    merged_undefined,
    summarise_block,
    target_quantity,
    tolerant_key,
)
from .targets import growth_basis, is_determined, level_basis, year_span
from .undefined import refuse_undefined
from .units import UNITS

RETAIN_DRAWS = CHUNK
"""Draws kept as a sample (the run's first chunk, the same for any block size): the medians behind
the projected and realised paces. Probabilities and percentiles always use every draw."""
Z95 = 1.959963984540054


ONE_SIDED_ALPHA = 0.05
"""Zero or all successes are reported as the exact one-sided 95% bound (never as ``< 1/N``)."""


def wilson_interval(successes: int, draws: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (well-behaved at 0 and 1)."""
    if draws <= 0:
        return 0.0, 1.0
    p = successes / draws
    denom = 1.0 + z * z / draws
    centre = (p + z * z / (2 * draws)) / denom
    half = z * math.sqrt(p * (1 - p) / draws + z * z / (4 * draws * draws)) / denom
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == draws else min(1.0, centre + half)
    return low, high


def one_sided_bound(draws: int, alpha: float = ONE_SIDED_ALPHA) -> float:
    """The exact one-sided ``1 - alpha`` upper bound on p after 0 successes in ``draws``.

    ``1 - alpha^(1/N)`` (about 3/N, the "rule of three"): if the true probability were above it,
    seeing no success at all would happen less than ``alpha`` of the time. By symmetry the lower
    bound after ``draws`` successes is one minus this.
    """
    return -math.expm1(math.log(alpha) / draws)


def probability_interval(successes: int, draws: int) -> tuple[float, float]:
    """The 95% interval reported with every probability.

    Wilson's two-sided interval when some but not all draws succeed; at 0 (or all) successes the
    exact one-sided 95% bound, so that the interval and the reported ``< bound`` say the same thing.
    """
    if draws <= 0:
        return 0.0, 1.0
    if successes == 0:
        return 0.0, one_sided_bound(draws)
    if successes == draws:
        return 1.0 - one_sided_bound(draws), 1.0
    return wilson_interval(successes, draws)


def combine(
    scenario: Scenario,
    seed: int | None,
    entropy: int,
    summaries: Iterable[BlockSummary],
    grids: dict[Quantity, Grid],
) -> Results:
    """Merge block summaries (in any order) on the run's grids into its :class:`Results`."""
    ordered = sorted(summaries, key=lambda s: s.block)
    draws = sum(s.draws for s in ordered)
    refuse_undefined(scenario, draws, merged_undefined(ordered))
    totals = {t.name: sum(s.successes[t.name] for s in ordered) for t in scenario.targets}
    tallies = Tallies(grids)
    for summary in ordered:
        tallies.merge(summary.tallies)
    sample = Paths.concatenate([s.retained for s in ordered if s.retained is not None])
    samples = {
        t.name: np.concatenate([s.retained_measured[t.name] for s in ordered if s.retained is not None])
        for t in scenario.targets
    }
    by_name = {t.name: t for t in scenario.targets}
    table, bounds = _percentiles(scenario, tallies)
    results = []
    distributions = {}
    for target in scenario.targets:
        passage: np.ndarray | None = None
        if target.name in ordered[0].first_reached:
            passage = np.sum([s.first_reached[target.name] for s in ordered], axis=0)
        spread = None
        if target.measure != "joint":
            quantity = target_quantity(scenario, target)
            spread = tallies.percentiles(quantity, (0.05, 0.5, 0.95))
            distributions[target.name] = histogram(tallies.tallies[quantity], grids[quantity])
        determined = is_determined(scenario, target, by_name)
        result = _target_result(
            scenario, target, totals[target.name], draws, spread, sample, passage, determined, tallies
        )
        key = tolerant_key(target.name)
        if key in ordered[0].successes:
            tolerant = sum(s.successes[key] for s in ordered)
            result = dataclasses.replace(result, tolerant=_tolerant(target, tolerant, draws, determined))
        results.append(result)
    return Results(
        scenario=scenario.name,
        region=scenario.region,
        draws=draws,
        seed=seed,
        entropy=entropy,
        years=scenario.years,
        indicators=known.indicator_infos(scenario),
        percentiles=table,
        percentile_bounds=bounds,
        distributions=distributions,
        targets=tuple(results),
        sample=sample,
        target_samples=samples,
        assumptions=known.assumptions(scenario),
        correlations=scenario.correlations,
        notes=known.notes(scenario),
        scenario_en=scenario.name_en,
        issuer=scenario.issuer,
        description=scenario.description,
        base_year=scenario.base_year,
        retained=0,  # percentiles and charts come from every draw
        tasks=tuple(UnmodelledTask(t.name, t.source, t.note, t.attribute) for t in scenario.tasks),
        task_notes_en={t.name: t.note_en for t in scenario.tasks if t.note_en},
        calibration="outside_view" if scenario.calibrated else "none",
    )


def _tolerant(target: Target, k: int, n: int, determined: bool) -> TolerantReading:
    """The tolerant reading's probability with its interval (exact when settled by data)."""
    low, high = (k / n, k / n) if determined else probability_interval(k, n)
    threshold = target.tolerant_threshold
    word = target.tolerance_word or "tolerance"
    return TolerantReading(word, threshold if isinstance(threshold, float) else None, k, k / n, low, high)


def _percentiles(
    scenario: Scenario, tallies: Tallies
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Percentiles ``(n_years, len(QUANTILES))`` of every indicator from every draw, and their bounds."""
    n_years = len(scenario.years)
    table, bounds = {}, {}
    for key in [*(i.key for i in scenario.indicators), *(d.key for d in scenario.derived)]:
        values = np.full((n_years, len(QUANTILES)), np.nan)
        errors = np.full((n_years, len(QUANTILES)), np.nan)
        for column in range(n_years):
            if ("level", key, column) in tallies.grids:
                found = tallies.percentiles(("level", key, column), QUANTILES)
                values[column], errors[column] = found.values, found.bounds
        table[key], bounds[key] = values, errors
    return table, bounds


def _target_result(
    scenario: Scenario,
    target: Target,
    k: int,
    n: int,
    spread: Percentiles | None,
    paths: Paths,
    passage: np.ndarray | None,
    determined: bool,
    tallies: Tallies,
) -> TargetResult:
    low, high = probability_interval(k, n)
    if determined:
        low = high = k / n
    labels = scenario.labels()
    growth_like = target.measure in ("growth", "avg_growth")
    units = scenario.units()
    if growth_like:
        basis = growth_basis(scenario, target)
    elif target.measure != "joint" and units[target.indicator or ""].dimension == "money":
        basis = "nominal"
    else:
        basis = "none"
    common = dict(
        name=target.name,
        name_en=target.name_en,
        indicator=target.indicator,
        label=labels.get(target.indicator or "", target.name),
        measure=target.measure,
        basis=basis,
        comparison=target.comparison,
        year=_target_year(scenario, target),
        first_year=target.first_year,
        threshold=target.threshold,
        unit=UNITS["%"] if growth_like else units[target.indicator] if target.indicator else UNITS[""],
        successes=k,
        draws=n,
        probability=k / n,
        ci_low=low,
        ci_high=high,
        determined=determined,
        evidence=_evidence(scenario, target) if determined else None,
        strength=target.strength,
        source=target.source,
        note=target.note,
        note_en=target.note_en,
        members=target.members,
        level_basis=level_basis(scenario, target),
        attribute=target.attribute,
        reference=target.reference,
    )
    if target.measure == "joint" or spread is None:
        return TargetResult(**common)  # type: ignore[arg-type]
    p5, median, p95 = (float(v) for v in spread.values)
    if target.reference is not None:  # a difference from another indicator: no pace of its own
        gap = median - float(target.threshold)  # type: ignore[arg-type]
        return TargetResult(**common, median=median, p5=p5, p95=p95, gap=gap)  # type: ignore[arg-type]
    reference = target.threshold[0] if isinstance(target.threshold, tuple) else target.threshold
    key = target.indicator or ""
    if common["level_basis"] == "pre_revision":  # start and pace on the basis the target is judged on
        before = pre_revision_levels(scenario, paths, key)
        paths = dataclasses.replace(paths, levels={**paths.levels, key: before})
    start = _from_every_draw(
        scenario, key, start_point(scenario, key, paths, common["level_basis"] or "revised"), tallies,
        common["level_basis"] == "pre_revision",
    )
    pace = _pace(scenario, target, paths, start)
    projected = median if growth_like else _projected(scenario, target, start, median, pace)
    return TargetResult(
        **common,  # type: ignore[arg-type]
        median=median,
        p5=p5,
        p95=p95,
        gap=None if reference is None else median - float(reference),
        start_year=start.year,
        start_value=start.value,
        start_status=start.status,
        required_growth=pace.nominal if pace.nominal is not None else pace.real,
        required_real_growth=pace.real,
        required_from_year=start.year if pace != Pace() else None,
        required_change=pace.change,
        required_upper=pace.upper,
        required_real_upper=pace.real_upper,
        projected_pace=projected,
        historical=historical(scenario, key, paths),
        first_passage=_first_passage(scenario, target, passage, n),
    )


def _from_every_draw(
    scenario: Scenario, key: str, start: StartPoint, tallies: Tallies, pre_revision: bool
) -> StartPoint:
    """A start value that is a median draw, taken from every draw (the level's tally) where tallied."""
    simulated = {i.key: i for i in scenario.indicators}
    published = key in simulated and start.year in simulated[key].observations(scenario.base_year)
    quantity = ("level", key, scenario.years.index(start.year))
    if published or pre_revision or quantity not in tallies.grids:
        return start
    return dataclasses.replace(start, value=float(tallies.percentiles(quantity, (0.5,)).values[0]))


def _projected(
    scenario: Scenario, target: Target, start: StartPoint, median: float, pace: Pace
) -> float | None:
    """The median projected pace of a level target, from every draw when its start is a fixed number.

    From a published start the pace is a monotone function of the level in the target year, so its
    median is that function of the level's median (tallied over every draw); from a simulated
    start it is the retained sample's median (:func:`planmodel.pace.level_pace`).
    """
    key = target.indicator or ""
    simulated = {i.key: i for i in scenario.indicators}
    obs = simulated[key].observations(scenario.base_year).get(start.year) if key in simulated else None
    fixed = obs is not None and obs.revision_sd == 0 and start.status != "simulated"
    if target.measure != "level" or pace.projected is None or not fixed or target.year <= start.year:
        return pace.projected
    n = target.year - start.year
    if pace_kind(scenario, key) == "change":
        return (median - start.value) / n
    if start.value <= 0 or median <= 0:
        return pace.projected
    return float((median / start.value) ** (1 / n) - 1)


def _pace(scenario: Scenario, target: Target, paths: Paths, start: StartPoint) -> Pace:
    if target.measure == "avg_growth":
        return average_growth_pace(scenario, target, paths, start)
    return level_pace(scenario, target, paths, start)


def _evidence(scenario: Scenario, target: Target) -> Evidence:
    """The weakest status among the known values that fix a determined target."""
    if target.measure == "joint":
        by_name = {t.name: t for t in scenario.targets}
        return known.weakest([_evidence(scenario, by_name[m]) for m in target.members])
    key = target.indicator or ""
    first, last = year_span(target)
    if target.measure in ("growth", "avg_growth"):
        years = range(first + 1, last + 1)
        return known.weakest([known.growth_status(scenario, key, y) for y in years])
    return known.weakest([known.value_status(scenario, key, y) for y in range(first, last + 1)])


def _target_year(scenario: Scenario, target: Target) -> int:
    if target.measure != "joint":
        return target.year
    by_name = {t.name: t for t in scenario.targets}
    return max(_target_year(scenario, by_name[m]) for m in target.members)


def _first_passage(
    scenario: Scenario, target: Target, passage: np.ndarray | None, n: int
) -> tuple[FirstPassage, ...]:
    """Reached-by and first-reached probabilities from the last known year to the horizon.

    The first entry is the last known year itself: the share of draws already at the level there.
    """
    if passage is None:
        return ()
    start = scenario.known_through(target.indicator or "")
    cumulative = np.cumsum(passage)
    return tuple(
        FirstPassage(year=start + i, reached_by=float(cumulative[i] / n), first_reached=float(passage[i] / n))
        for i in range(len(passage))
    )


def evaluate(scenario: Scenario, paths: Paths, entropy: int = 0) -> Results:
    """Evaluate paths held in memory (one block) — the same arithmetic as a streamed run.

    The grids come from the first :data:`~planmodel.rng.CHUNK` draws, as in a run.
    """
    retain = min(paths.n_draws, RETAIN_DRAWS)
    grids = grids_from(scenario, paths.head(CHUNK))
    return combine(scenario, None, entropy, [summarise_block(scenario, 0, paths, grids, retain)], grids)
