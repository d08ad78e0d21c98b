"""What each target asks: the pace needed from the latest actual, beside the pace achieved and assumed.

The pace needed comes from the run (:mod:`planmodel.pace`, through each
:class:`~planmodel.results.TargetResult`): average annual growth from the indicator's latest known
value to the target (nominal, and real where prices are split), or the yearly change for shares
(percentage points) and indicators that move by additive changes. Beside it:

- the pace achieved over the last 3 and 5 years, where both ends are known values (real where every
  year's real growth is published), and between the last two known values;
- the scenario's assumption: the pace its assumed means give over the same years (real growth and
  price means compounded; a trend shift has mean zero), and the median simulated pace.

The plan is also checked against itself (:func:`plan_pairs`): where it sets both a level and an
average real growth target for an indicator over the same years, the two imply a price growth
(西塞山's 13th FYP: 154亿 → 300亿 in five years is 14.3% a year nominal; beside 7.5% real that is
6.3% a year of price growth). The pair is flagged when the scenario's prices reach that growth in
fewer than :data:`PAIR_THRESHOLD` of the draws.

Pure numpy; ``to_frame`` gives pandas DataFrames.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..pace import pace_kind
from ..results import Paths, Results, TargetResult
from ..scenario import Scenario
from .pairs import PAIR_THRESHOLD, PacePair, implied_price_growth, median_finite, plan_pairs

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "PAIR_THRESHOLD",
    "WINDOWS",
    "Achieved",
    "PacePair",
    "PaceRow",
    "Required",
    "implied_price_growth",
    "required",
]

WINDOWS = (3, 5)
"""Years over which the achieved pace is shown (where both ends are known)."""


@dataclass(frozen=True)
class Achieved:
    """The pace achieved from ``from_year`` to ``to_year``: nominal and real growth, or the change."""

    from_year: int
    to_year: int
    nominal: float | None = None
    real: float | None = None
    change: float | None = None


@dataclass(frozen=True)
class PaceRow:
    """One target: the pace it needs, the pace achieved, and the scenario's assumption."""

    target: str
    indicator: str
    kind: str
    """``growth`` (rates, fractions) or ``change`` (yearly change in the indicator's unit)."""
    basis: str
    start_year: int | None
    start_value: float | None
    year: int
    needed: float | None
    """Nominal growth a year (real for real growth targets), or the yearly change."""
    needed_real: float | None
    needed_upper: float | None
    """For a range: the pace to its upper end."""
    achieved: dict[int, Achieved] = field(default_factory=dict)
    """By window (3, 5 years)."""
    recent: Achieved | None = None
    """Between the last two known values."""
    assumed: float | None = None
    """The pace the assumed means give (nominal for money with prices, else as ``needed``)."""
    assumed_real: float | None = None
    projected: float | None = None
    """Median simulated pace over the same years."""
    probability: float = 0.0
    determined: bool = False


@dataclass(frozen=True)
class Required:
    """The pace table and the plan's pairs, with the draw count the pairs are read from."""

    rows: tuple[PaceRow, ...]
    pairs: tuple[PacePair, ...]
    draws: int
    """Draws of the run's retained sample (the pairs' price probabilities are shares of them)."""
    threshold: float = PAIR_THRESHOLD

    def to_frame(self) -> pd.DataFrame:
        """One row per target: paces as fractions (growth) or in the indicator's unit (change)."""
        import pandas as pd

        records = []
        for r in self.rows:
            rec = {
                "target": r.target,
                "indicator": r.indicator,
                "kind": r.kind,
                "basis": r.basis,
                "start_year": r.start_year,
                "start_value": r.start_value,
                "year": r.year,
                "needed": r.needed,
                "needed_real": r.needed_real,
                "needed_upper": r.needed_upper,
                "assumed": r.assumed,
                "assumed_real": r.assumed_real,
                "projected": r.projected,
                "probability": r.probability,
                "determined": r.determined,
            }
            for label, got in [("recent", r.recent)] + [(f"last_{w}y", r.achieved.get(w)) for w in WINDOWS]:
                rec[f"{label}_from"] = got.from_year if got else None
                rec[f"{label}_nominal"] = got.nominal if got else None
                rec[f"{label}_real"] = got.real if got else None
                rec[f"{label}_change"] = got.change if got else None
            records.append(rec)
        return pd.DataFrame.from_records(records)

    def pairs_frame(self) -> pd.DataFrame:
        """One row per level/real-growth pair of the plan, with the price growth it implies."""
        import pandas as pd

        return pd.DataFrame.from_records(
            [
                {
                    "level_target": p.level_target,
                    "growth_target": p.growth_target,
                    "indicator": p.indicator,
                    "base_year": p.base_year,
                    "base_value": p.base_value,
                    "year": p.year,
                    "level_low": p.level[0],
                    "level_high": p.level[-1],
                    "real_growth": p.real,
                    "nominal_low": p.nominal[0],
                    "nominal_high": p.nominal[-1],
                    "price_low": p.price[0],
                    "price_high": p.price[-1],
                    "price_median": p.price_median,
                    "price_probability": p.price_probability,
                    "joint_probability": p.joint,
                    "flagged": p.flagged,
                }
                for p in self.pairs
            ],
            columns=[
                "level_target", "growth_target", "indicator", "base_year", "base_value", "year",
                "level_low", "level_high", "real_growth", "nominal_low", "nominal_high", "price_low",
                "price_high", "price_median", "price_probability", "joint_probability", "flagged",
            ],
        )  # fmt: skip


def _known(results: Results, key: str, year: int) -> bool:
    info = results.indicators[key]
    return year in results.years and info.status_by_year.get(year, "simulated") != "simulated"


def achieved(scenario: Scenario, results: Results, key: str, first: int, last: int) -> Achieved | None:
    """The pace from ``first`` to ``last`` where both are known values (medians of the draws).

    Known values are as the scenario gives them (published, preliminary, estimated or assumed), on
    the revised basis where a census revision lies between; real growth only where every year's real
    growth is published.
    """
    if first >= last or not (_known(results, key, first) and _known(results, key, last)):
        return None
    sample = results.sample
    a, b = (sample.levels[key][:, sample.years.index(y)] for y in (first, last))
    n = last - first
    if pace_kind(scenario, key) == "change":
        return Achieved(first, last, change=median_finite((b - a) / n))
    with np.errstate(divide="ignore", invalid="ignore"):
        nominal = median_finite((b / a) ** (1.0 / n) - 1.0)
    real = None
    info = results.indicators[key]
    if info.price_basis == "split" and all(y in info.actual_growth for y in range(first + 1, last + 1)):
        real = float(np.prod([1 + info.actual_growth[y] for y in range(first + 1, last + 1)]) ** (1 / n) - 1)
    return Achieved(first, last, nominal=nominal, real=real)


def assumed_pace(scenario: Scenario, key: str, first: int, last: int) -> tuple[float | None, float | None]:
    """(pace, real pace) the assumed means give from ``first`` to ``last`` (simulated indicators only).

    Published growth counts as published; a deflator's mean multiplies real growth into nominal.
    """
    simulated = {i.key: i for i in scenario.indicators}
    if key not in simulated or last <= first:
        return None, None
    ind = simulated[key]
    published = ind.actual_growth_by_year(scenario.base_year)
    growth, prices = [], []
    for year in range(first + 1, last + 1):
        dist = ind.driver.for_year(year)
        g = published.get(year, dist.mean() if dist is not None else float("nan"))
        growth.append(g)
        if ind.deflator is not None:
            price = ind.deflator.for_year(year)
            prices.append(price.mean() if price is not None else float("nan"))
    n = last - first
    if ind.driver_kind == "change":
        return float(np.mean(growth)), None
    real = float(np.prod(1 + np.asarray(growth)) ** (1 / n) - 1)
    if ind.deflator is None:
        return real, None if ind.price_basis == "nominal_only" else real
    nominal = float(np.prod((1 + np.asarray(growth)) * (1 + np.asarray(prices))) ** (1 / n) - 1)
    return nominal, real


def _row(scenario: Scenario, results: Results, t: TargetResult) -> PaceRow:
    key = t.indicator or ""
    kind = pace_kind(scenario, key) if t.measure == "level" else "growth"
    start = t.start_year if t.start_year is not None else results.years[0]
    needed, needed_real, upper = t.required_change, None, t.required_upper
    if kind == "growth":
        needed, needed_real = t.required_growth, t.required_real_growth
    if t.measure == "growth":  # a growth target is itself a pace
        needed = t.threshold[0] if isinstance(t.threshold, tuple) else t.threshold
        start = t.year - 1
    first = t.first_year - 1 if t.measure == "avg_growth" and t.first_year is not None else start
    if t.measure == "avg_growth" and t.required_from_year is not None:
        first = max(first, t.required_from_year)
    assumed, assumed_real = assumed_pace(scenario, key, first, t.year)
    if t.basis == "real" and t.measure != "level":
        assumed = assumed_real
    hist = t.historical
    recent = (
        Achieved(hist.from_year, hist.to_year, hist.nominal, hist.real, hist.change)
        if hist is not None
        else None
    )
    projected = t.projected_pace
    if t.measure == "avg_growth":  # over the remaining years, as needed and assumed are
        projected = _projected(results.sample, key, first, t.year, t.basis == "real")
    last = t.start_year if t.start_year is not None else start
    windows = {
        w: got for w in WINDOWS if (got := achieved(scenario, results, key, last - w, last)) is not None
    }
    return PaceRow(
        target=t.name,
        indicator=key,
        kind=kind,
        basis=t.basis,
        start_year=t.start_year,
        start_value=t.start_value,
        year=t.year,
        needed=needed,
        needed_real=needed_real,
        needed_upper=upper,
        achieved=windows,
        recent=recent,
        assumed=assumed,
        assumed_real=assumed_real,
        projected=projected,
        probability=t.probability,
        determined=t.determined,
    )


def _projected(paths: Paths, key: str, first: int, last: int, real: bool) -> float | None:
    """Median simulated average growth from ``first`` to ``last`` (real or of the level)."""
    cols = slice(paths.years.index(first) + 1, paths.years.index(last) + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        if real:
            factor = np.prod(1.0 + paths.real_growth[key][:, cols], axis=1)
        else:
            factor = paths.levels[key][:, cols.stop - 1] / paths.levels[key][:, cols.start - 1]
        return median_finite(factor ** (1.0 / (last - first)) - 1.0)


def required(scenario: Scenario, results: Results, threshold: float = PAIR_THRESHOLD) -> Required:
    """The pace table of every target but joint ones, and the plan's level/real-growth pairs."""
    rows = tuple(
        _row(scenario, results, t) for t in results.targets if t.measure not in ("joint", "cumulative")
    )
    return Required(rows, plan_pairs(scenario, results, threshold), results.sample.n_draws, threshold)
