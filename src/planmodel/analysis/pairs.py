"""The plan checked against itself: a level target and a real growth target set together.

Where a plan sets both a level and an average real growth target for an indicator over the same
years, the two imply a price growth: 西塞山's 13th FYP set GDP 154亿 → 300亿 for 2020 (14.3% a year
nominal) beside 7.5% a year real, so prices had to rise 6.3% a year (the outcome was 196亿). The
pair is flagged when the scenario's prices reach that growth in fewer than :data:`PAIR_THRESHOLD`
of the draws. Read from a run's retained sample; pure numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..results import Paths, Results
from ..scenario import Scenario, Target

__all__ = ["PAIR_THRESHOLD", "PacePair", "implied_price_growth", "median_finite", "plan_pairs"]

PAIR_THRESHOLD = 0.05
"""A level and a real growth target are flagged when the scenario's prices reach the growth the pair
implies in fewer than this share of the draws."""


@dataclass(frozen=True)
class PacePair:
    """A level target and an average real growth target of one indicator over the same years."""

    level_target: str
    growth_target: str
    indicator: str
    base_year: int
    base_value: float
    year: int
    level: tuple[float, ...]
    """The level target (two values for a range)."""
    real: float
    nominal: tuple[float, ...]
    """Average nominal growth the level implies from the base."""
    price: tuple[float, ...]
    """Average price growth the pair implies: (1 + nominal) / (1 + real) − 1."""
    price_median: float | None
    """The scenario's median average price change over the span."""
    price_probability: float | None
    """Share of draws whose average price change reaches the implied one (the lower end of a range)."""
    joint: float
    """Share of draws meeting both targets."""
    flagged: bool


def implied_price_growth(base: float, level: float, years: int, real: float) -> tuple[float, float]:
    """Average nominal growth from ``base`` to ``level`` in ``years``, and the price growth beside ``real``.

    ``(level / base)^(1/years) − 1`` and ``(1 + nominal) / (1 + real) − 1``: 154 → 300 in 5 years is
    14.3% a year; beside 7.5% real growth, 6.3% a year of price growth.
    """
    nominal = (level / base) ** (1.0 / years) - 1.0
    return nominal, (1.0 + nominal) / (1.0 + real) - 1.0


def median_finite(x: np.ndarray) -> float | None:
    """The median of the finite values of ``x`` (None when there are none)."""
    x = x[np.isfinite(x)]
    return float(np.median(x)) if x.size else None


def _price_change(paths: Paths, key: str, first: int, last: int) -> np.ndarray | None:
    index = paths.price_index.get(key)
    if index is None:
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = index[:, paths.years.index(last)] / index[:, paths.years.index(first)]
    return ratio ** (1.0 / (last - first)) - 1.0


def _pair_level(targets: list[Target], growth: Target) -> Target | None:
    """The level target of the same indicator and year as ``growth``, on the plan's own basis."""
    same = [
        t
        for t in targets
        if t.measure == "level" and t.indicator == growth.indicator and t.year == growth.year
        and t.comparison in ("at_least", "between")
    ]  # fmt: skip
    same.sort(key=lambda t: t.level_basis not in (None, "pre_revision"))
    return same[0] if same else None


def plan_pairs(
    scenario: Scenario, results: Results, threshold: float = PAIR_THRESHOLD
) -> tuple[PacePair, ...]:
    """Level and average real growth targets set together for one indicator, checked against each other.

    The base is the level the plan starts from (the year before the growth span): its published value,
    else the median draw. Under the scenario the average price change over the span is read from the
    draws (the retained sample), and the share of draws meeting both targets is given.
    """
    out = []
    sample = results.sample
    success = _sample_success(scenario, results)
    targets = list(scenario.targets)
    for growth in targets:
        if growth.measure != "avg_growth" or growth.basis != "real" or growth.first_year is None:
            continue
        level = _pair_level(targets, growth)
        key = growth.indicator or ""
        base_year = growth.first_year - 1
        if level is None or base_year not in sample.years:
            continue
        published = {i.key: i for i in scenario.indicators}.get(key)
        observed = published.observations(scenario.base_year).get(base_year) if published else None
        base = (
            observed.value
            if observed is not None
            else median_finite(sample.levels[key][:, sample.years.index(base_year)])
        )
        if base is None or base <= 0:
            continue
        levels = level.threshold if isinstance(level.threshold, tuple) else (level.threshold,)
        n = growth.year - base_year
        implied = [implied_price_growth(base, float(v), n, float(growth.threshold)) for v in levels]  # type: ignore[arg-type]
        prices = _price_change(sample, key, base_year, growth.year)
        probability = None if prices is None else float(np.mean(prices >= implied[0][1]))
        joint = float(np.mean(success[level.name] & success[growth.name]))
        out.append(
            PacePair(
                level_target=level.name,
                growth_target=growth.name,
                indicator=key,
                base_year=base_year,
                base_value=float(base),
                year=growth.year,
                level=tuple(float(v) for v in levels),  # type: ignore[arg-type]
                real=float(growth.threshold),  # type: ignore[arg-type]
                nominal=tuple(i[0] for i in implied),
                price=tuple(i[1] for i in implied),
                price_median=None if prices is None else median_finite(prices),
                price_probability=probability,
                joint=joint,
                flagged=probability is not None and probability < threshold,
            )
        )
    return tuple(out)


def _sample_success(scenario: Scenario, results: Results) -> dict[str, np.ndarray]:
    from ..targets import compare

    out = {}
    for t in scenario.targets:
        values = results.target_samples[t.name]
        out[t.name] = values.astype(bool) if t.measure == "joint" else compare(t, values)
    return out
