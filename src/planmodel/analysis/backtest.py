"""Back-test: run each past target as it stood when it was set, under five settings, and score them.

Each scored case (:mod:`planmodel.analysis.cases`) becomes a one-indicator scenario: the level
known in the year before the first simulated year (an index for growth targets), the driver its
filled assumption states, and the target. Money totals and real growth use the engine's own drivers
(``growth`` of a 亿元 total; ``real_growth`` with flat prices), so the outside view applies to them
exactly as ``planmodel run --calibration outside_view`` would. Settings:

- ``plain``: the case's assumption as filled (the planner's view when the target was set);
- ``outside_view``: the same, calibrated by :func:`planmodel.calibration.calibrate` with an outside
  view fitted on the provincial reference class *without the years the case simulates*
  (leave-one-year-out: a provincial case's own year, and every province in it, is left out; for
  a five-year case, its five years), so no case is scored by a view that saw its outcome year;
- ``target_met``: the plan's implicit forecast — probability 1, the plan's number as a point;
- ``recent_trend``: the assumption's mean as a fixed value (no uncertainty), only where that mean
  is published growth (not the plan's own number);
- ``plan_growth``: the plan's own growth with the assumption's spread (the scenario's uncertainty);
- ``plan_outside_view``: the same calibrated by the outside view — the textbook reference-class
  forecast (the plan's number corrected by the errors of plans like it), for comparison.

Every simulated setting uses the same seed: the settings share their random numbers, so the
differences between them are the settings' own. Pure: no files, no printing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from ..backends.local import pilot, run_blocks
from ..calibration import OutsideView, calibrate
from ..evaluation import combine
from ..rng import root_entropy
from ..scenario import Scenario, scenario_from_mapping
from ..settings import RunSettings
from .cases import Case, CaseAssumption, plan_pace, why_not_scored
from .reference_class import error_pairs, fit_outside_view
from .scores import Summary, summarize

Setting = Literal["plain", "outside_view", "target_met", "recent_trend", "plan_growth", "plan_outside_view"]
SETTINGS: tuple[Setting, ...] = (
    "plain", "outside_view", "target_met", "recent_trend", "plan_growth", "plan_outside_view"
)
Holdout = Literal["year", "past"]
HOLDOUTS: tuple[str, ...] = ("year", "past")
DEFAULT_DRAWS = 20_000
SEED = 20_260_808
TARGET = "target"


@dataclass(frozen=True)
class Forecast:
    """One setting's forecast of one case, and how it fared."""

    case: str
    setting: Setting
    probability: float
    met: bool
    outcome: float
    pit: float
    """The forecast's CDF at the outcome (ties count half)."""
    low50: float
    high50: float
    low90: float
    high90: float
    median: float

    @property
    def covered50(self) -> bool:
        """The central 50% interval holds the outcome."""
        return self.low50 <= self.outcome <= self.high50

    @property
    def covered90(self) -> bool:
        """The central 90% interval holds the outcome."""
        return self.low90 <= self.outcome <= self.high90


def _rate(x: float) -> float:
    return round(float(x), 12)


def case_mapping(case: Case, item: CaseAssumption, distribution: Mapping[str, Any],
                 over_years: Mapping[str, Any]) -> dict[str, Any]:
    """The one-indicator scenario (plain YAML data) of a case under one assumption."""
    base = case.base
    start = case.start_year
    years = f"{item.first_year}-{item.year}" if item.first_year != item.year else item.year
    indicator: dict[str, Any] = {
        "label": case.label or case.indicator,
        "actual": {start: base.value if base is not None else 100.0},
        "over_years": dict(over_years),
    }
    if item.driver == "change":
        indicator.update(unit="", change={years: dict(distribution)})
    elif item.basis == "real":
        indicator.update(unit="亿元", real_growth={years: dict(distribution)}, deflator={"fixed": 0.0})
    else:
        indicator.update(unit="亿元", growth={years: dict(distribution)})
    target: dict[str, Any] = {"name": TARGET, "indicator": "x"}
    if case.is_rate:
        target["measure"] = case.measure
        if item.basis == "real":
            target["basis"] = "real"
        if case.measure == "avg_growth":
            target["years"] = f"{case.first_year}-{case.year}"
        else:
            target["year"] = case.year
        threshold: float = _rate(case.threshold)
    else:
        target["year"] = case.year
        threshold = case.threshold
    target["at_most" if case.direction == "lower_is_better" else "at_least"] = threshold
    return {
        "scenario": case.id,
        "horizon": case.year,
        "indicators": {"x": indicator},
        "targets": [target],
    }


def _forecast(case: Case, setting: Setting, scenario: Scenario, draws: int, seed: int) -> Forecast:
    size = -(-draws // 10_000) * 10_000
    entropy = root_entropy(seed)
    settings = RunSettings(draws=draws, seed=seed, block_size=size)
    grids = pilot(scenario, settings, entropy)
    results = combine(scenario, seed, entropy, run_blocks(scenario, settings, entropy, grids=grids), grids)
    result = results.targets[0]  # its probability from every draw
    sample = results.target_samples[TARGET]  # PIT and intervals from the retained sample (10,000 draws)
    value = case.outcome_value
    assert value is not None
    pit = float(np.mean(sample < value) + 0.5 * np.mean(sample == value))
    q = np.quantile(sample, [0.05, 0.25, 0.5, 0.75, 0.95])
    return Forecast(case.id, setting, result.probability, bool(case.met), value, pit,
                    float(q[1]), float(q[3]), float(q[0]), float(q[4]), float(q[2]))


def _point(case: Case, setting: Setting, point: float, probability: float | None = None) -> Forecast:
    value = case.outcome_value
    assert value is not None
    pit = 0.5 if value == point else float(value > point)
    if probability is None:
        met = point <= case.threshold if case.direction == "lower_is_better" else point >= case.threshold
        probability = float(met)
    return Forecast(case.id, setting, probability, bool(case.met), value, pit, *(point,) * 5)


def _pace_distribution(item: CaseAssumption, mean: float) -> dict[str, Any]:
    normal = dict(item.distribution["normal"])
    normal["mean"] = _rate(mean) if item.driver == "growth" else mean
    return {"normal": normal}


def case_forecasts(
    case: Case,
    view: OutsideView | None,
    draws: int = DEFAULT_DRAWS,
    seed: int = SEED,
) -> list[Forecast]:
    """The forecasts of every setting for one scored case with a filled assumption.

    ``view`` is the outside view for this case (``None``: too few earlier pairs, so the calibrated
    setting equals the plain one).
    """
    (item,) = case.assumptions
    plain = scenario_from_mapping(case_mapping(case, item, item.distribution, item.over_years))
    out = [_forecast(case, "plain", plain, draws, seed)]
    calibrated = calibrate(plain, view) if view is not None else plain
    out.append(_forecast(case, "outside_view", calibrated, draws, seed))
    out.append(_point(case, "target_met", case.plan_number, probability=1.0))
    if item.mean_from != "plan":
        trend = case_mapping(case, item, {"fixed": item.distribution["normal"]["mean"]}, {})
        out.append(_forecast(case, "recent_trend", scenario_from_mapping(trend), draws, seed))
    pace = plan_pace(case)
    own = scenario_from_mapping(case_mapping(case, item, _pace_distribution(item, pace), item.over_years))
    out.append(_forecast(case, "plan_growth", own, draws, seed))
    out.append(_forecast(case, "plan_outside_view", calibrate(own, view) if view is not None else own,
                         draws, seed))
    return out


def held_out_years(case: Case, holdout: Holdout) -> frozenset[int]:
    """Years of the reference class left out of the outside view used for ``case``.

    ``year``: the years the case simulates. ``past``: every year from the one the target was set
    in (only outcomes published before the target was set are used).
    """
    first, last = case.simulated_years
    if holdout == "past":
        return frozenset(range(case.set_in, 2100))
    return frozenset(range(first, last + 1))


@dataclass
class Backtest:
    """Every forecast of a back-test and the cases behind them."""

    cases: dict[str, Case]
    forecasts: list[Forecast]
    holdout: Holdout
    views: dict[frozenset[int], OutsideView | None] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    """Case id → why it is not scored."""

    def summary(self, setting: Setting, ids: Iterable[str] | None = None) -> Summary | None:
        """Scores of one setting over the given cases (default: every case it forecast)."""
        wanted = None if ids is None else set(ids)
        chosen = [f for f in self.forecasts if f.setting == setting and (wanted is None or f.case in wanted)]
        if not chosen:
            return None
        return summarize(
            np.array([f.probability for f in chosen]),
            np.array([f.met for f in chosen]),
            np.array([f.covered50 for f in chosen]),
            np.array([f.covered90 for f in chosen]),
            np.array([f.pit for f in chosen]),
            [self.cases[f.case].year for f in chosen],
        )

    def case_ids(self, setting: Setting, group: Callable[[Case], bool] = lambda c: True) -> list[str]:
        """Cases a setting forecast, within a group."""
        return [f.case for f in self.forecasts if f.setting == setting and group(self.cases[f.case])]


def run_backtest(
    cases: Sequence[Case],
    draws: int = DEFAULT_DRAWS,
    seed: int = SEED,
    holdout: Holdout = "year",
    progress: Callable[[int, int], None] | None = None,
) -> Backtest:
    """Forecast and score every case that can be scored."""
    result = Backtest(cases={c.id: c for c in cases}, forecasts=[], holdout=holdout)
    scored = []
    for case in cases:
        reason = why_not_scored(case)
        if reason is None and not case.assumptions:
            reason = "no filled assumption"
        if reason is None:
            scored.append(case)
        else:
            result.skipped[case.id] = reason
    for i, case in enumerate(scored):
        years = held_out_years(case, holdout)
        if years not in result.views:
            pairs = error_pairs(cases, leave_out=years)
            enough = len(pairs) >= 3 and len({p.year for p in pairs}) >= 2
            result.views[years] = fit_outside_view(pairs, "provincial GDP, held out") if enough else None
        result.forecasts.extend(case_forecasts(case, result.views[years], draws, seed))
        if progress is not None:
            progress(i + 1, len(scored))
    return result
