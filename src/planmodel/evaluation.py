"""From paths to conclusions: probabilities with Monte Carlo intervals, percentiles, required growth.

Evaluation streams: each block of paths is reduced to a :class:`BlockSummary` (integer success and
first-passage counts, plus the block's share of a bounded retained sample), and summaries are
combined in block order. Integer counts add up to the same totals in any order, so the results are
bit-identical however the blocks were scheduled, and memory stays flat in the number of draws.
Percentiles and charts use the retained sample (the first ``retain`` draws of the run).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from .distributions import Distribution
from .results import (
    QUANTILES,
    AssumptionRow,
    FirstPassage,
    HistoricalGrowth,
    IndicatorInfo,
    Paths,
    Results,
    TargetResult,
)
from .scenario import Indicator, OverYears, Scenario, Schedule, Target, gap_years
from .settings import Block
from .targets import (
    first_passage_counts,
    growth_basis,
    is_determined,
    level_basis,
    measured_values,
    successes,
)
from .units import Unit, format_quantity, format_rate

RETAIN_DRAWS = 100_000
"""Draws kept for percentiles and charts; probabilities always use every draw."""
Z95 = 1.959963984540054


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


def _one_in(draws: int) -> tuple[str, str]:
    """``1/N`` and ``1 − 1/N`` in percent, with as many decimals as ``1/N`` needs."""
    small = f"{100 / draws:.2g}"
    if "e" in small:
        small = f"{100 / draws:.12f}".rstrip("0")
    decimals = len(small.split(".")[1]) if "." in small else 0
    return f"{small}%", f"{100 - 100 / draws:.{decimals}f}%"


def display_probability(successes: int, draws: int, determined: bool = False) -> str:
    """Probability for people: ``23.4%``; ``< 0.0005%`` / ``> 99.9995%`` for 0 or 1 of N draws."""
    if determined:
        return "100%" if successes == draws else "0%"
    low, high = _one_in(draws)
    if successes == 0:
        return f"< {low}"
    if successes == draws:
        return f"> {high}"
    p = successes / draws
    if 0.001 <= p <= 0.999:
        return f"{100 * p:.1f}%"
    tail = min(p, 1 - p)  # two significant figures of the small side: 0.000027%, 99.99973%
    decimals = max(3, 1 - math.floor(math.log10(100 * tail)))
    return f"{100 * p:.{decimals}f}%"


@dataclass
class BlockSummary:
    """What one block contributes: counts over all its draws and its part of the retained sample."""

    block: int
    draws: int
    successes: dict[str, int]
    first_reached: dict[str, np.ndarray]
    retained: Paths | None = None
    retained_measured: dict[str, np.ndarray] = field(default_factory=dict)


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
        results.append(
            _target_result(
                scenario,
                target,
                totals[target.name],
                draws,
                samples[target.name],
                sample,
                passage,
                is_determined(scenario, target, by_name),
            )
        )
    return Results(
        scenario=scenario.name,
        region=scenario.region,
        draws=draws,
        seed=seed,
        entropy=entropy,
        years=scenario.years,
        indicators=indicator_infos(scenario),
        percentiles={k: _percentiles(v) for k, v in sample.levels.items()},
        targets=tuple(results),
        sample=sample,
        target_samples=samples,
        assumptions=assumption_rows(scenario),
        notes=scenario.notes + gap_notes(scenario),
        calibration="outside_view" if scenario.calibrated else "none",
    )


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
    low, high = wilson_interval(k, n)
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
        indicator=target.indicator,
        label=labels.get(target.indicator or "", target.name),
        measure=target.measure,
        basis=basis,
        comparison=target.comparison,
        year=_target_year(scenario, target),
        first_year=target.first_year,
        threshold=target.threshold,
        unit="%" if growth_like else units[target.indicator].symbol if target.indicator else "",
        successes=k,
        draws=n,
        probability=k / n,
        ci_low=low,
        ci_high=high,
        display=display_probability(k, n, determined),
        determined=determined,
        strength=target.strength,
        source=target.source,
        members=target.members,
        level_basis=level_basis(scenario, target),
    )
    if target.measure == "joint":
        return TargetResult(**common)  # type: ignore[arg-type]
    median = float(np.median(sample))
    reference = target.threshold[0] if isinstance(target.threshold, tuple) else target.threshold
    required = _required_growth(scenario, target, paths)
    return TargetResult(
        **common,  # type: ignore[arg-type]
        median=median,
        p5=float(np.quantile(sample, 0.05)),
        p95=float(np.quantile(sample, 0.95)),
        gap=None if reference is None else median - float(reference),
        required_growth=required[0],
        required_real_growth=required[1],
        required_from_year=required[2],
        required_change=_required_change(scenario, target, paths),
        historical=historical_growth(scenario, target.indicator or ""),
        first_passage=_first_passage(scenario, target, passage, n),
    )


def _target_year(scenario: Scenario, target: Target) -> int:
    if target.measure != "joint":
        return target.year
    by_name = {t.name: t for t in scenario.targets}
    return max(_target_year(scenario, by_name[m]) for m in target.members)


def _first_passage(
    scenario: Scenario, target: Target, passage: np.ndarray | None, n: int
) -> tuple[FirstPassage, ...]:
    if passage is None:
        return ()
    start = scenario.known_through(target.indicator or "") + 1
    cumulative = np.cumsum(passage)
    return tuple(
        FirstPassage(year=start + i, reached_by=float(cumulative[i] / n), first_reached=float(passage[i] / n))
        for i in range(len(passage))
    )


def _required_growth(
    scenario: Scenario, target: Target, paths: Paths
) -> tuple[float | None, float | None, int | None]:
    """Average annual growth from the last known year that would exactly reach the threshold.

    Returns ``(nominal, real, from_year)``; real is nominal deflated by the median price path.
    """
    key = target.indicator or ""
    known = scenario.known_through(key)
    if isinstance(target.threshold, tuple) or target.threshold is None:
        return None, None, None
    threshold = float(target.threshold)
    if _is_change_indicator(scenario, key):
        return None, None, (known if target.measure == "level" and target.year > known else None)
    if target.measure == "level" and target.year > known:
        start_level = float(np.median(paths.levels[key][:, paths.years.index(known)]))
        years = target.year - known
        if start_level <= 0 or threshold <= 0:
            return None, None, known
        nominal = (threshold / start_level) ** (1 / years) - 1
        real = None
        if key in paths.price_index:
            price = float(np.median(paths.price_index[key][:, paths.years.index(target.year)]))
            real = (1 + nominal) / price ** (1 / years) - 1
        return nominal, real, known
    if target.measure == "avg_growth" and target.first_year is not None and target.year > known:
        span = target.year - target.first_year + 1
        remaining = target.year - max(known, target.first_year - 1)
        if remaining >= span:
            return (
                (threshold, None, known)
                if growth_basis(scenario, target) != "real"
                else (None, threshold, known)
            )
        done_years = slice(paths.years.index(target.first_year), paths.years.index(known) + 1)
        if growth_basis(scenario, target) == "real":
            realised = float(np.median(np.prod(1 + paths.real_growth[key][:, done_years], axis=1)))
            return None, ((1 + threshold) ** span / realised) ** (1 / remaining) - 1, known
        lv = paths.levels[key]
        realised = float(
            np.median(lv[:, paths.years.index(known)] / lv[:, paths.years.index(target.first_year - 1)])
        )
        return ((1 + threshold) ** span / realised) ** (1 / remaining) - 1, None, known
    return None, None, None


def _is_change_indicator(scenario: Scenario, key: str) -> bool:
    return any(i.key == key and i.driver_kind == "change" for i in scenario.indicators)


def _required_change(scenario: Scenario, target: Target, paths: Paths) -> float | None:
    """Yearly additive change that reaches a level target, for ``change`` indicators."""
    key = target.indicator or ""
    known = scenario.known_through(key)
    if (
        not _is_change_indicator(scenario, key)
        or target.measure != "level"
        or target.year <= known
        or not isinstance(target.threshold, float)
    ):
        return None
    start = float(np.median(paths.levels[key][:, paths.years.index(known)]))
    return (target.threshold - start) / (target.year - known)


def historical_growth(scenario: Scenario, key: str) -> HistoricalGrowth | None:
    """Average annual growth between the last two published levels of a simulated indicator."""
    simulated = {i.key: i for i in scenario.indicators}
    ind = simulated.get(key)
    if ind is None:
        return None
    levels = ind.actual_levels(scenario.base_year)
    years = sorted(levels)
    if len(years) < 2 or ind.driver_kind == "change":
        return None
    first, last = years[-2], years[-1]
    if levels[first] <= 0:
        return None
    nominal = (levels[last] / levels[first]) ** (1 / (last - first)) - 1
    growth = ind.actual_growth_by_year(scenario.base_year)
    real = None
    if ind.price_basis != "nominal_only" and all(y in growth for y in range(first + 1, last + 1)):
        factor = float(np.prod([1 + growth[y] for y in range(first + 1, last + 1)]))
        real = factor ** (1 / (last - first)) - 1
    if ind.price_basis == "no_prices":
        real = None
    return HistoricalGrowth(first, last, nominal, real)


def indicator_infos(scenario: Scenario) -> dict[str, IndicatorInfo]:
    """Report-facing facts about every indicator, simulated and derived."""
    out = {}
    for ind in scenario.indicators:
        out[ind.key] = IndicatorInfo(
            key=ind.key,
            label=ind.label,
            unit=ind.unit.symbol,
            kind="simulated",
            price_basis=ind.price_basis,
            actual=ind.actual_levels(scenario.base_year),
            last_actual_year=scenario.anchor_year(ind.key),
            region=ind.region,
            label_en=ind.label_en,
            actual_status={
                o.year: o.status
                for o in ind.actual
                if scenario.base_year is None or o.year <= scenario.base_year
            },
        )
    for d in scenario.derived:
        out[d.key] = IndicatorInfo(
            key=d.key,
            label=d.label,
            unit=d.unit.symbol,
            kind="derived",
            price_basis="no_prices" if d.unit.dimension != "money" else "nominal_only",
            actual={},
            last_actual_year=scenario.known_through(d.key),
            region=d.region,
            label_en=d.label_en,
        )
    return out


_VARIABLE_NAMES = {
    "real_growth": "可比价增速 real growth",
    "growth": "增速 growth",
    "change": "年变化 yearly change",
    "deflator": "价格指数变化 deflator",
    "assumed_level": "假设的起点值 assumed level",
    "assumed_growth": "假设的历史增速 assumed past growth",
    "over_years": "趋势与逐年持续性 trend and persistence",
    "deflator_over_years": "价格趋势与持续性 deflator trend and persistence",
    "rebase": "普查修订 census revision",
    "revision": "公布值的修订 revision of a published value",
}


def assumption_rows(scenario: Scenario) -> tuple[AssumptionRow, ...]:
    """Every distribution the scenario assumes, with its years and the planner's reason."""
    rows = []
    for ind in scenario.indicators:
        anchor = scenario.anchor_year(ind.key)
        default_years = f"{anchor + 1}–{scenario.horizon}"
        schedules: list[tuple[str, Schedule]] = [(ind.driver_kind, ind.driver)]
        if ind.deflator is not None:
            schedules.append(("deflator", ind.deflator))
        for variable, schedule in schedules:
            for entry in schedule.entries:
                if entry.years is None:
                    years = default_years
                elif len(entry.years) == 1:
                    years = str(entry.years[0])
                else:
                    years = f"{entry.years[0]}–{entry.years[-1]}"
                rows.append(
                    AssumptionRow(
                        indicator=ind.key,
                        label=ind.label,
                        variable=_VARIABLE_NAMES[variable],
                        years=years,
                        description=_describe(entry.distribution, variable, ind.unit),
                        reason=entry.reason,
                        source=entry.source,
                    )
                )
        rows += _assumed_values(scenario, ind)
        rows += uncertainty_rows(scenario, ind, default_years)
    return tuple(rows)


def uncertainty_rows(scenario: Scenario, ind: Indicator, years: str) -> list[AssumptionRow]:
    """Trend doubt, persistence, census revisions and revision uncertainty the planner stated."""
    rows = []

    def row(variable: str, when: str, text: str, reason: str | None, source: str | None) -> None:
        rows.append(AssumptionRow(ind.key, ind.label, _VARIABLE_NAMES[variable], when, text, reason, source))

    unit_fmt = (lambda v: format_quantity(v, ind.unit)) if ind.driver_kind == "change" else format_rate
    for variable, over, fmt in (
        ("over_years", ind.over_years, unit_fmt),
        ("deflator_over_years", ind.deflator_over_years, format_rate),
    ):
        if not over.is_default:
            row(variable, years, describe_over_years(over, fmt), over.reason, over.source)
    if ind.rebase is not None:
        text = f"新口径/旧口径−1：{ind.rebase.shift.describe('zh')}"
        row("rebase", f"{ind.rebase.year}年起", text, ind.rebase.reason, ind.rebase.source)
    cut = scenario.base_year
    for obs in (*ind.actual, *ind.actual_growth):
        if obs.revision_sd > 0 and (cut is None or obs.year <= cut):
            relative = obs in ind.actual and ind.driver_kind != "change"
            size = format_rate(obs.revision_sd) if relative else unit_fmt(obs.revision_sd)
            what = "水平" if obs in ind.actual else "增速"
            text = f"{obs.vintage or '公布'}{what}，修订标准差{size}"
            row("revision", str(obs.year), text, obs.note, obs.source)
    return rows


def describe_over_years(over: OverYears, fmt: Callable[[float], str]) -> str:
    """``趋势标准差1.0%，逐年持续性0.5，起点偏差0.2%`` (what the planner wrote)."""
    parts = []
    if over.trend_sd:
        parts.append(f"趋势标准差{fmt(over.trend_sd)}")
    if over.persistence:
        parts.append(f"逐年持续性{over.persistence:g}")
    if over.start_deviation is not None:
        parts.append(f"起点偏差{fmt(over.start_deviation)}")
    return "，".join(parts)


def _assumed_values(scenario: Scenario, ind: Indicator) -> list[AssumptionRow]:
    """Starting values and growth rates the planner had to assume (``assumed: true``)."""
    rows = []
    cut = scenario.base_year
    for variable, observations, text in (
        ("assumed_level", ind.actual, lambda v: format_quantity(v, ind.unit)),
        ("assumed_growth", ind.actual_growth, format_rate),
    ):
        for obs in observations:
            if obs.assumed and (cut is None or obs.year <= cut):
                rows.append(
                    AssumptionRow(
                        indicator=ind.key,
                        label=ind.label,
                        variable=_VARIABLE_NAMES[variable],
                        years=str(obs.year),
                        description=text(obs.value),
                        reason=obs.note,
                        source=obs.source,
                    )
                )
    return rows


def _describe(dist: Distribution, variable: str, unit: Unit) -> str:
    """Chinese description of an assumption; changes are in the indicator's unit, not in %."""
    if variable == "change":
        return dist.describe("zh", fmt=lambda x: format_quantity(x, unit))
    return dist.describe("zh")


def gap_notes(scenario: Scenario) -> tuple[str, ...]:
    """Say where published levels were missing between two published years (simulated, not data)."""
    notes = []
    for ind in scenario.indicators:
        missing = gap_years(ind, scenario.base_year)
        if missing:
            notes.append(
                f"{ind.label}: {', '.join(map(str, missing))} not published; simulated from the "
                "growth assumptions and any published growth, conditioned on the published levels "
                "on either side"
            )
    return tuple(notes)


def evaluate(scenario: Scenario, paths: Paths, entropy: int = 0) -> Results:
    """Evaluate paths held in memory (one block) — the same arithmetic as a streamed run."""
    retain = min(paths.n_draws, RETAIN_DRAWS)
    return combine(scenario, None, entropy, [summarise_block(scenario, 0, paths, retain)])
