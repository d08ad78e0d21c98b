"""The mid-term evaluation table (中期评估): how far each target has come, in numbers only.

For every target of a run, as of the data the run used (an as-of cut: ``base_year``), one
:class:`MidtermRow`:

- 基期 (``base_year``): the target's ``base_year:``; for a year's growth the year before; else the
  year before ``plan_period``; else the year before its span (年均增长);
- latest actual: the last year after the base, up to the cut and the target year, whose value is
  published data (final, preliminary or an early estimate 预计, never assumed or simulated) — with
  its status;
- 完成进度 (``completion``): for levels and sums the share of the gap from the base value to the
  target closed, ``(latest − base) / (target − base)``; for 年均增长 the average pace achieved since
  the base against the target pace, ``achieved / target``; for a year's growth the growth so far
  against the target (1–N月 data: year to date, with the growth the remaining months need);
- 时序进度 (``elapsed``): the share of the period from the base year to the target year that the
  latest data cover, ``(latest − base) / (target year − base)``; for a year's target months/12;
- status (:data:`STATUSES`), judged with a band of :data:`BAND` (5 个百分点): ``met`` (已实现:
  the target year's data meet it; ``missed``, 未实现, they do not), ``achieved``
  (提前实现: the latest value already meets the target), ``ahead`` (超前, 快于预期: completion at
  least the band above the elapsed share — for 年均增长, pace at least the band above 100%),
  ``on_track`` (符合, 基本符合预期: within the band), ``behind`` (滞后: at least the band below),
  ``no_data`` (no published value since the base: not judged);
- the run's probability of the target (预计能否完成) and an early warning (``warning``) for a
  约束性 (binding) target whose probability is below :data:`WARN_BELOW` or that is behind.

Numeric core: numpy only; wording lives in :mod:`planmodel.report.midterm`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from .known import growth_status, value_status, weakest
from .results import Evidence, IndicatorInfo, Results, TargetResult
from .scenario import Scenario, Target
from .scenario.ytd import YearToDate, latest_ytd
from .targets import compare, growth_basis, measured
from .units import Unit
from .ytd import rest_needed

Status = Literal["met", "missed", "achieved", "ahead", "on_track", "behind", "no_data"]
STATUSES: tuple[Status, ...] = ("met", "missed", "achieved", "ahead", "on_track", "behind", "no_data")
BAND = 0.05
"""Completion within ±5 个百分点 of the elapsed share (or of 100% of the target pace) is on track."""
WARN_BELOW = 0.7
"""A binding target whose probability is below 70% (较有把握's lower edge) is flagged."""
DATA: tuple[Evidence, ...] = ("published", "preliminary", "estimate")
"""Value statuses that count as published data in the table (a 预计 or 初步 figure is marked so)."""


@dataclass(frozen=True)
class MidtermRow:
    """One target's line of the mid-term table (numbers only; None where it does not apply)."""

    target: str
    indicator: str | None
    unit: Unit | None
    measure: str
    attribute: Literal["binding", "expected"] | None
    base_year: int | None
    base_value: float | None
    target_value: float | tuple[float, float] | None
    target_year: int
    latest_year: int | None
    latest_value: float | None
    latest_status: Evidence | None
    completion: float | None
    elapsed: float | None
    status: Status
    probability: float
    ci_low: float
    ci_high: float
    successes: int
    draws: int
    determined: bool
    warning: bool
    reference: str | None = None
    comparison: str = "at_least"
    """How the target compares (``at_least``, ``at_most``, ``between``)."""
    name_en: str | None = None
    reference_label: str | None = None
    rest_needed: float | None = None
    """With year-to-date data: the growth the remaining months need for the year's target."""
    base_simulated: bool = False
    """The base value is a simulated median, not a published figure (another census basis)."""
    latest_simulated: bool = False
    """The latest value is a simulated median, not a published figure (another census basis)."""


@dataclass(frozen=True)
class Midterm:
    """The table with the cut it was made at."""

    scenario: str
    as_of: int | None
    months: int | None
    rows: tuple[MidtermRow, ...]
    scenario_en: str | None = None


def plan_base_year(scenario: Scenario, target: Target) -> int | None:
    """The target's 基期 (see the module docstring)."""
    if target.base_year is not None:
        return target.base_year
    if target.measure == "growth":  # a year's growth: against the year before
        return target.year - 1
    if scenario.plan_period is not None:
        return scenario.plan_period[0] - 1
    if target.first_year is not None:
        return target.first_year - 1
    return None


def _known(scenario: Scenario, target: Target, year: int, base: int) -> Evidence | None:
    """How the target's quantity at ``year`` is known (weakest part), or None if not data."""
    keys = [k for k in (target.indicator, target.reference) if k]
    statuses: list[Evidence] = []
    for key in keys:
        if target.measure in ("growth", "avg_growth") and growth_basis(scenario, target) == "real":
            first = year if target.measure == "growth" else base + 1
            statuses += [growth_status(scenario, key, y) for y in range(first, year + 1)]
        else:
            statuses.append(value_status(scenario, key, year))
            if target.measure in ("growth", "avg_growth"):
                start = (year - 1) if target.measure == "growth" else base
                statuses.append(value_status(scenario, key, start))
    if not statuses or any(s not in DATA for s in statuses):
        return None
    return weakest(statuses)


def _value(scenario: Scenario, results: Results, target: Target) -> tuple[float, bool]:
    """The target's quantity as published, or else its median in the retained draws (``True``).

    A published value is the same in every draw; a level on the other side of a census revision
    from its publication is simulated, and so is a real growth derived from published levels.
    """
    info = results.indicators.get(target.indicator or "")
    plain = target.measure == "level" and target.reference is None
    if plain and info is not None and target.year in info.actual:
        rebase = scenario.indicator(target.indicator).rebase if info.kind == "simulated" else None
        as_published = rebase is None or (
            (target.year < rebase.year) == ((target.level_basis or "revised") == "pre_revision")
        )
        if as_published:
            return info.actual[target.year], False  # exactly as published (a revision draw moves the median)
    if target.measure == "growth" and target.reference is None and info is not None:
        if growth_basis(scenario, target) == info_basis(info) and target.year in info.actual_growth:
            return info.actual_growth[target.year], False  # as published (a revision draw moves the median)
    if target.measure in ("growth", "avg_growth") and target.reference is None and info is not None:
        first = target.year if target.measure == "growth" else target.first_year
        ends = (first - 1, target.year) if first is not None else ()
        if growth_basis(scenario, target) != "real" and ends and all(y in info.actual for y in ends):
            start, end = (info.actual[y] for y in ends)
            return float((end / start) ** (1.0 / (target.year - first + 1)) - 1.0), False  # as published
    return float(np.median(measured(scenario, target, results.sample))), True


def info_basis(info: IndicatorInfo) -> str:
    """The basis of an indicator's published growth rates: real with a deflator, else its own growth."""
    if info.price_basis == "split":
        return "real"
    return "nominal" if info.price_basis == "nominal_only" else "none"


def _level_target(target: Target) -> Target:
    return replace(target, measure="level", first_year=None)


def _published_average(scenario: Scenario, target: Target) -> float | None:
    """A published average (``actual_avg_growth``) over exactly the target's span, if any."""
    ind = {i.key: i for i in scenario.indicators}.get(target.indicator or "")
    if ind is None or target.reference is not None:
        return None
    for avg in ind.averages(scenario.base_year):
        if (avg.first, avg.last) == (target.first_year, target.year):
            return avg.value
    return None


def _latest(
    scenario: Scenario, results: Results, target: Target, base: int | None, cut: int
) -> tuple[int | None, float | None, Evidence | None, bool]:
    """The last year after the base with published data for the target: year, value, status, simulated."""
    if base is None or target.measure == "cumulative":  # a sum over the span has no partial reading
        return None, None, None, False
    for year in range(min(cut, target.year), base, -1):
        if target.measure == "growth" and year != target.year:
            break
        probe = replace(target, year=year)
        if target.measure == "avg_growth":
            probe = replace(probe, first_year=base + 1)
            published = _published_average(scenario, probe)
            if published is not None:
                return year, published, "estimate", False
        status = _known(scenario, probe, year, base)
        if status is not None:
            value, simulated = _value(scenario, results, probe)
            return year, value, status, simulated
    return None, None, None, False


def _judge(lead: float | None, met: bool) -> Status:
    """Ahead, on track or behind by the band (without a lead: on track if met, else behind)."""
    if lead is None:
        return "on_track" if met else "behind"
    return "ahead" if lead >= BAND else "behind" if lead <= -BAND else "on_track"


def _ytd(scenario: Scenario, target: Target, cut: int) -> YearToDate | None:
    """Year-to-date data for a year's growth target whose year is not yet published."""
    if target.measure != "growth" or target.reference is not None or target.year <= cut:
        return None
    ind = {i.key: i for i in scenario.indicators}.get(target.indicator or "")
    if ind is None or target.year <= scenario.anchor_year(ind.key):
        return None
    if target.year in ind.growth_observations(scenario.base_year):
        return None
    if (target.basis == "real") != (ind.price_basis == "split"):
        return None  # ytd growth is real for real_growth indicators, nominal otherwise
    return latest_ytd(ind.ytd, target.year)


def _row(scenario: Scenario, results: Results, target: Target, result: TargetResult) -> MidtermRow:
    base = plan_base_year(scenario, target)
    cut = scenario.base_year if scenario.base_year is not None else scenario.horizon
    threshold = target.threshold
    goal = threshold[0] if isinstance(threshold, tuple) else threshold
    base_value, base_simulated = None, False
    levelled = target.reference is None and target.measure != "growth"  # a year's growth: no base level
    if base is not None and levelled and base >= scenario.first_year:
        basis = target.level_basis if target.measure == "level" else "pre_revision"  # the plan's base
        level = _level_target(replace(target, year=base, level_basis=basis))
        if _known(scenario, level, base, base) is not None:
            base_value, base_simulated = _value(scenario, results, level)
    latest_year, latest, status_of, latest_simulated = _latest(scenario, results, target, base, cut)
    ytd = _ytd(scenario, target, scenario.base_year if scenario.base_year is not None else target.year - 1)
    completion = elapsed = needed = None
    status: Status = "no_data"
    if ytd is not None and goal is not None:  # a year's growth, 1–N月 data in: growth so far vs the target
        latest_year, latest, status_of, latest_simulated = target.year, ytd.growth, "preliminary", False
        elapsed, completion = ytd.months / 12, (ytd.growth / goal if goal else None)
        needed = rest_needed(ytd, goal)
        lead = None if completion is None else completion - 1.0
        status = _judge(lead, ytd.growth >= goal)
    elif latest_year is not None and latest is not None and base is not None and goal is not None:
        elapsed = (latest_year - base) / (target.year - base)
        met = bool(compare(target, np.array([latest]))[0])
        if target.reference is not None:  # a difference from another indicator: no share of a gap
            lead = None
        elif target.measure == "avg_growth":
            completion = latest / goal if goal else None
            lead = None if completion is None else completion - 1.0
        elif target.measure == "growth":
            completion = latest / goal if goal else None
            lead = None if completion is None else completion - elapsed
        else:
            gap = goal - (base_value if base_value is not None else np.nan)
            completion = (latest - base_value) / gap if base_value is not None and gap else None
            lead = None if completion is None else completion - elapsed
        if latest_year == target.year:
            status = "met" if met else "missed"
        elif met and target.measure == "level":
            status = "achieved"
        else:
            status = _judge(lead, met)
    warning = target.attribute == "binding" and not (result.determined and result.probability == 1.0) and (
        result.probability < WARN_BELOW or status == "behind"
    )
    units = scenario.units()
    return MidtermRow(
        target=target.name,
        indicator=target.indicator,
        unit=units.get(target.indicator or ""),
        measure=target.measure,
        attribute=target.attribute,
        base_year=base,
        base_value=base_value,
        base_simulated=base_simulated,
        target_value=threshold,
        target_year=target.year,
        latest_year=latest_year,
        latest_value=latest,
        latest_status=status_of,
        latest_simulated=latest_simulated,
        completion=completion,
        elapsed=elapsed,
        status=status,
        probability=result.probability,
        ci_low=result.ci_low,
        ci_high=result.ci_high,
        successes=result.successes,
        draws=result.draws,
        determined=result.determined,
        warning=warning,
        reference=target.reference,
        comparison=target.comparison,
        rest_needed=needed,
        name_en=target.name_en,
        reference_label=scenario.labels().get(target.reference or ""),
    )


def midterm_table(scenario: Scenario, results: Results, months: int | None = None) -> Midterm:
    """The mid-term table of a run (``scenario`` as the run used it: cut at its as-of year)."""
    by_name = {r.name: r for r in results.targets}
    rows = tuple(
        _row(scenario, results, t, by_name[t.name]) for t in scenario.targets if t.measure != "joint"
    )
    return Midterm(scenario.name, scenario.base_year, months, rows, scenario.name_en)
