"""From paths to conclusions: probabilities with Monte Carlo intervals, percentiles, required growth.

Evaluation streams: each block of paths is reduced to a :class:`BlockSummary` (integer success and
first-passage counts, plus the block's share of a bounded retained sample), and summaries are
combined in block order. Integer counts add up to the same totals in any order, so the results are
bit-identical however the blocks were scheduled, and memory stays flat in the number of draws.
Percentiles and charts use the retained sample (the first ``retain`` draws of the run).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from . import known
from .derived import pre_revision_levels
from .pace import Pace, StartPoint, average_growth_pace, historical, level_pace, start_point
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
from .scenario import Scenario, Target
from .settings import Block
from .targets import (
    first_passage_counts,
    growth_basis,
    is_determined,
    level_basis,
    measured_values,
    successes,
    tolerant_successes,
    year_span,
)
from .units import UNITS

RETAIN_DRAWS = 100_000
"""Draws kept for percentiles and charts; probabilities always use every draw."""
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


@dataclass
class BlockSummary:
    """What one block contributes: counts over all its draws and its part of the retained sample."""

    block: int
    draws: int
    successes: dict[str, int]
    first_reached: dict[str, np.ndarray]
    retained: Paths | None = None
    retained_measured: dict[str, np.ndarray] = field(default_factory=dict)
    tolerant: dict[str, int] = field(default_factory=dict)
    """Successes on the tolerant reading (左右, 力争), for targets that have one."""


def summarise_block(scenario: Scenario, block: int, paths: Paths, retain: int = 0) -> BlockSummary:
    """Reduce a block of paths; keep its first ``retain`` draws for the sample."""
    values = measured_values(scenario, paths)
    masks = successes(scenario, values)
    first_reached = {}
    for target in scenario.targets:
        if _has_passage(scenario, target):
            first_reached[target.name] = first_passage_counts(
                scenario, target, paths, scenario.known_through(target.indicator or "")
            )
    summary = BlockSummary(
        block=block,
        draws=paths.n_draws,
        successes={name: int(mask.sum()) for name, mask in masks.items()},
        first_reached=first_reached,
        tolerant={name: int(m.sum()) for name, m in tolerant_successes(scenario, values, masks).items()},
    )
    if retain > 0:
        summary.retained = paths.head(retain)
        summary.retained_measured = {
            t.name: values[t.name][:retain] if t.name in values else masks[t.name][:retain].astype(float)
            for t in scenario.targets
        }
    return summary


def _has_passage(scenario: Scenario, target: Target) -> bool:
    return (
        target.measure == "level"
        and target.comparison == "at_least"
        and target.year > scenario.known_through(target.indicator or "")
    )


def retain_for_block(block: Block, retain_total: int = RETAIN_DRAWS) -> int:
    """How many of the block's draws belong to the run's retained sample (the first draws)."""
    return max(0, min(block.size, retain_total - block.start))


def combine(
    scenario: Scenario, seed: int | None, entropy: int, summaries: Iterable[BlockSummary]
) -> Results:
    """Merge block summaries (in any order) into the run's :class:`Results`."""
    ordered = sorted(summaries, key=lambda s: s.block)
    draws = sum(s.draws for s in ordered)
    totals = {t.name: sum(s.successes[t.name] for s in ordered) for t in scenario.targets}
    sample = Paths.concatenate([s.retained for s in ordered if s.retained is not None])
    samples = {
        t.name: np.concatenate([s.retained_measured[t.name] for s in ordered if s.retained is not None])
        for t in scenario.targets
    }
    by_name = {t.name: t for t in scenario.targets}
    results = []
    for target in scenario.targets:
        passage: np.ndarray | None = None
        if target.name in ordered[0].first_reached:
            passage = np.sum([s.first_reached[target.name] for s in ordered], axis=0)
        determined = is_determined(scenario, target, by_name)
        result = _target_result(
            scenario, target, totals[target.name], draws, samples[target.name], sample, passage, determined
        )
        if target.name in ordered[0].tolerant:
            tolerant = sum(s.tolerant[target.name] for s in ordered)
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
        percentiles={k: _percentiles(v) for k, v in sample.levels.items()},
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
        retained=sample.n_draws,
        tasks=tuple(UnmodelledTask(t.name, t.source, t.note, t.attribute) for t in scenario.tasks),
    )


def _tolerant(target: Target, k: int, n: int, determined: bool) -> TolerantReading:
    """The tolerant reading's probability with its interval (exact when settled by data)."""
    low, high = (k / n, k / n) if determined else probability_interval(k, n)
    threshold = target.tolerant_threshold
    word = target.tolerance_word or "tolerance"
    return TolerantReading(word, threshold if isinstance(threshold, float) else None, k, k / n, low, high)


def _percentiles(levels: np.ndarray) -> np.ndarray:
    out = np.full((levels.shape[1], len(QUANTILES)), np.nan)
    known = ~np.isnan(levels[0])
    if known.any():
        out[known] = np.quantile(levels[:, known], QUANTILES, axis=0).T
    return out


def _target_result(
    scenario: Scenario,
    target: Target,
    k: int,
    n: int,
    sample: np.ndarray,
    paths: Paths,
    passage: np.ndarray | None,
    determined: bool,
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
        members=target.members,
        level_basis=level_basis(scenario, target),
        attribute=target.attribute,
        reference=target.reference,
    )
    if target.measure == "joint":
        return TargetResult(**common)  # type: ignore[arg-type]
    if target.reference is not None:  # a difference from another indicator: no pace of its own
        return TargetResult(
            **common,  # type: ignore[arg-type]
            median=float(np.median(sample)),
            p5=float(np.quantile(sample, 0.05)),
            p95=float(np.quantile(sample, 0.95)),
            gap=float(np.median(sample)) - float(target.threshold),  # type: ignore[arg-type]
        )
    median = float(np.median(sample))
    reference = target.threshold[0] if isinstance(target.threshold, tuple) else target.threshold
    key = target.indicator or ""
    if common["level_basis"] == "pre_revision":  # start and pace on the basis the target is judged on
        before = pre_revision_levels(scenario, paths, key)
        paths = dataclasses.replace(paths, levels={**paths.levels, key: before})
    start = start_point(scenario, key, paths, common["level_basis"] or "revised")
    pace = _pace(scenario, target, paths, start)
    return TargetResult(
        **common,  # type: ignore[arg-type]
        median=median,
        p5=float(np.quantile(sample, 0.05)),
        p95=float(np.quantile(sample, 0.95)),
        gap=None if reference is None else median - float(reference),
        start_year=start.year,
        start_value=start.value,
        start_status=start.status,
        required_growth=pace.nominal if pace.nominal is not None else pace.real,
        required_real_growth=pace.real,
        required_from_year=start.year if pace != Pace() else None,
        required_change=pace.change,
        required_upper=pace.upper,
        projected_pace=median if growth_like else pace.projected,
        historical=historical(scenario, key, paths),
        first_passage=_first_passage(scenario, target, passage, n),
    )


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
    """Evaluate paths held in memory (one block) — the same arithmetic as a streamed run."""
    retain = min(paths.n_draws, RETAIN_DRAWS)
    return combine(scenario, None, entropy, [summarise_block(scenario, 0, paths, retain)])
