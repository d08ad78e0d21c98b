"""Arithmetic honesty: numbers that cannot be computed, and numbers that are surely slips.

Checked by ``validate`` before anything is simulated:

- a level of 0 for an indicator that grows by rates (it would stay 0, and growth from it is
  undefined);
- a derived indicator that is undefined (a division by zero, an overflow) with the published
  values of a year;
- plausibility, overridable with ``allow:`` on the indicator or target where a planner really
  means the number (:data:`~planmodel.scenario.vocabulary.ALLOW_CHECKS`):

  - ``scale``: published levels of one indicator more than :data:`SCALE_FACTOR` times apart, or a
    level or cumulative target that far from every published value of its indicator (a 10^4 unit
    slip such as ``1200万元`` on an 亿元 indicator makes a target certain or hopeless);
  - ``growth``: a growth rate above :data:`MAX_GROWTH` a year — the median of an assumption, a
    published rate or a growth target (``750%`` where ``7.5%`` was meant).

Pure: no arrays beyond scalars, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from ..errors import Collector, KeyPath, ScenarioError
from ..units import Unit
from .indicator_model import Derived, Indicator, Schedule
from .model import Scenario, Target

SCALE_FACTOR = 1000.0
"""Published values or a target this many times apart are taken for a unit slip (万元/亿元 is 10^4)."""
MAX_GROWTH = 1.0
"""Growth above this (100%, doubling) in one year is taken for a slip (750% for 7.5%)."""


def check_arithmetic(s: Scenario, found: Collector) -> None:
    """Record every problem of the kinds above in ``found``."""
    zero = set()
    for ind in s.indicators:
        if found.attempt(_zero_levels, ind) is None:
            zero.add(ind.key)
        found.attempt(_no_collapse, ind)
        found.attempt(_rebase_keeps_a_level, ind)
        if "scale" not in ind.allow:
            found.attempt(_published_scale, ind)
        if "growth" not in ind.allow:
            found.attempt(_growth_assumptions, ind)
    published = published_levels(s)
    for d in s.derived:
        if not zero & set(d.formula.names):  # a zero level is reported once, at the level
            found.attempt(_defined_in_published_years, s, d, published)
    for i, t in enumerate(s.targets):
        if t.measure in ("level", "cumulative") and "scale" not in t.allow:
            found.attempt(_target_scale, s, i, t, published)
        if t.measure in ("growth", "avg_growth") and "growth" not in t.allow:
            found.attempt(_target_growth, i, t)


def published_levels(s: Scenario) -> dict[str, dict[int, float]]:
    """Known levels by indicator and year, in each indicator's unit; derived ones where computable.

    A derived indicator has a value in every year in which all the names of its formula have one
    (formulas with ``real()`` are skipped: they need prices). Values may be non-finite where the
    formula divides by zero.
    """
    out: dict[str, dict[int, float]] = {i.key: {o.year: o.value for o in i.actual} for i in s.indicators}
    units = s.units()
    for d in s.derived:
        if d.formula.real_refs:
            out[d.key] = {}
            continue
        years = set(s.years)
        for name in d.formula.names:
            years &= set(out.get(name, {}))
        out[d.key] = {y: _evaluate(d, units, out, y) for y in sorted(years)}
    return out


def _evaluate(
    d: Derived, units: Mapping[str, Unit], values: Mapping[str, Mapping[int, float]], year: int
) -> float:
    env = {name: values[name][year] * units[name].scale for name in d.formula.names}
    return float(d.formula.evaluate(env)) / d.unit.scale


def _zero_levels(ind: Indicator) -> bool:
    if ind.driver_kind == "change":
        return True
    for obs in ind.actual:
        if obs.value == 0:
            raise ScenarioError(
                f"a level of 0 cannot grow by {ind.driver_kind}: it would stay 0 in every draw and "
                "growth from it is undefined — give the published level, or describe the indicator "
                "by change: (a yearly change in its unit)",
                ("indicators", ind.key, "actual", obs.year),
            )
    return True


def _published_scale(ind: Indicator) -> None:
    """Published levels of one indicator within :data:`SCALE_FACTOR` of each other."""
    values = {o.year: o.value for o in ind.actual if o.value > 0}
    if len(values) < 2 or ind.driver_kind == "change":
        return
    low, high = min(values.values()), max(values.values())
    if high < SCALE_FACTOR * low:
        return
    centre = sorted(math.log(v) for v in values.values())[len(values) // 2]
    odd = max(sorted(values, reverse=True), key=lambda y: abs(math.log(values[y]) - centre))
    other = min(values, key=lambda y: abs(math.log(values[y]) - centre) if y != odd else math.inf)
    symbol = ind.unit.symbol
    ratio = values[odd] / values[other]
    raise ScenarioError(
        f"{values[odd]:g}{symbol} in {odd} is {_times(ratio)} the "
        f"{values[other]:g}{symbol} published for {other} — {_slip_hint(ratio, ind.unit)}? "
        "If both are right, add allow: [scale] to the indicator",
        ("indicators", ind.key, "actual", odd),
    )


def _growth_assumptions(ind: Indicator) -> None:
    """Median assumed growth, deflators and published growth at most :data:`MAX_GROWTH` a year."""
    for key, schedule in _driver_schedules(ind):
        for entry in schedule.entries:
            median = entry.distribution.quantile(0.5)
            if median > MAX_GROWTH:
                path: KeyPath = ("indicators", ind.key, key)
                if entry.years is not None:
                    path = (*path, _years_key(entry.years))
                raise ScenarioError(
                    _fast(f"assumes a median {_growth_word(key)} of", median, "the indicator"), path
                )
    if ind.driver_kind != "change":
        for obs in ind.actual_growth:
            if obs.value > MAX_GROWTH:
                raise ScenarioError(
                    _fast("published growth of", obs.value, "the indicator"),
                    ("indicators", ind.key, "actual_growth", obs.year),
                )


def _driver_schedules(ind: Indicator) -> list[tuple[str, Schedule]]:
    """The rate schedules of an indicator by key: its growth (unless it moves by change) and deflator."""
    schedules = [] if ind.driver_kind == "change" else [(ind.driver_kind, ind.driver)]
    if ind.deflator is not None:
        schedules.append(("deflator", ind.deflator))
    return schedules


def _no_collapse(ind: Indicator) -> None:
    """No rate that would leave no level: a published growth, an assumed median or tail at -100%.

    An assumption's tail counts from :data:`COLLAPSE_TAIL`. The level (or price index) would be 0
    in those draws and every later growth undefined.
    """
    for key, schedule in _driver_schedules(ind):
        for entry in schedule.entries:
            median = entry.distribution.quantile(0.5)
            path: KeyPath = ("indicators", ind.key, key)
            if entry.years is not None:
                path = (*path, _years_key(entry.years))
            held = "price index" if key == "deflator" else "level"
            low = entry.distribution.quantile(COLLAPSE_TAIL)
            if median > -1 and low <= -1:
                raise ScenarioError(
                    f"lets the {_growth_word(key)} reach -100% or less in more than one draw in a "
                    f"thousand (median {median * 100:.3g}%, {low * 100:.3g}% at the one-in-a-thousand "
                    f"quantile): the {held} would fall to 0 in those draws and their growth be undefined "
                    "— give a smaller sd (a bare 1 is 100%; write 1% for one percent) or a "
                    "triangular/pert/uniform with low above -100%",
                    path,
                )
            if median <= -1:
                raise ScenarioError(
                    f"assumes a median {_growth_word(key)} of {median * 100:g}% a year: the "
                    f"{held} would fall to 0 and every "
                    "later growth and real value would be undefined — give a rate above -100%",
                    path,
                )
    if ind.driver_kind != "change":
        for obs in ind.actual_growth:
            if obs.value <= -1:
                raise ScenarioError(
                    f"published growth of {obs.value * 100:g}%: the level would fall to 0 and every later "
                    "growth would be undefined — a published growth is above -100%",
                    ("indicators", ind.key, "actual_growth", obs.year),
                )


COLLAPSE_TAIL = 1e-3
"""An assumed rate reaching -100% in more draws than this is taken for a slip (``sd: 1``, which is
100%, for ``sd: 1%``). A rarer tail (a Student t's) is the run's to count: a draw whose level or
price index reaches 0 stops the run at the target it makes undefined."""
REBASE_TAIL = 1e-9
"""A census shift may reach -100% with at most this probability (never, in any feasible run)."""


def _rebase_keeps_a_level(ind: Indicator) -> None:
    """A census shift stays above -100%: at -100% the earlier published levels would be divided by 0."""
    if ind.rebase is None:
        return
    low = ind.rebase.shift.quantile(REBASE_TAIL)
    if low <= -1:
        median = ind.rebase.shift.quantile(0.5)
        raise ScenarioError(
            f"a census revision of -100% or less would leave no level (this one reaches {low * 100:.3g}% "
            f"at its one-in-a-billion quantile, median {median * 100:.3g}%) — give a shift that stays "
            "above -100%, e.g. a smaller sd or a triangular/pert/uniform with low above -100%",
            ("indicators", ind.key, "rebase", "shift"),
        )


def _growth_word(key: str) -> str:
    return {"deflator": "price change", "real_growth": "real growth"}.get(key, "growth")


def _fast(what: str, rate: float, holder: str) -> str:
    shown = f"{rate * 100:g}%"
    meant = f"{rate:g}%" if rate < 100 else "a smaller rate"
    return (
        f"{what} {shown} a year — more than doubling every year; did you mean {meant}? "
        f"If this rate is really meant, add allow: [growth] to {holder}"
    )


def _years_key(years: tuple[int, ...]) -> int | str:
    """The key a schedule entry was most likely written under (2024, or 2025-2026)."""
    return years[0] if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _defined_in_published_years(
    s: Scenario, d: Derived, published: Mapping[str, Mapping[int, float]]
) -> None:
    """A derived indicator is finite in every year whose inputs are all published."""
    for year, value in published[d.key].items():
        if math.isfinite(value):
            continue
        zeros = [n for n in d.formula.names if published[n][year] == 0]
        if zeros:
            why = (
                f"{' and '.join(zeros)} {'is' if len(zeros) == 1 else 'are'} 0 in {year} (a division by zero)"
            )
        else:
            why = f"with the published values of {year} it divides by zero or overflows"
        raise ScenarioError(
            f"'{d.formula.text}' is undefined: {why} — check the published values, or the formula",
            ("derived", d.key, "formula"),
        )


def _target_scale(s: Scenario, index: int, t: Target, published: Mapping[str, Mapping[int, float]]) -> None:
    """A level (or cumulative) target within :data:`SCALE_FACTOR` of its indicator's published values."""
    known = {y: v for y, v in published.get(t.indicator or "", {}).items() if math.isfinite(v)}
    if not known or min(known.values()) <= 0:
        return
    n_years = t.year - (t.first_year if t.first_year is not None else t.year) + 1
    thresholds = t.threshold if isinstance(t.threshold, tuple) else (t.threshold,)
    unit = s.units()[t.indicator or ""]
    for j, threshold in enumerate(thresholds):
        if threshold is None or threshold <= 0:
            continue
        per_year = threshold / n_years if t.measure == "cumulative" else threshold
        year = min(known, key=lambda y: abs(math.log(per_year / known[y])))
        ratio = per_year / known[year]
        if 1 / SCALE_FACTOR < ratio < SCALE_FACTOR:
            continue
        path: KeyPath = ("targets", index, t.comparison)
        if isinstance(t.threshold, tuple):
            path = (*path, j)
        cumulative = t.measure == "cumulative"
        over = f" over {n_years} years" if cumulative else ""
        per = " per year" if cumulative else ""
        label = s.labels()[t.indicator or ""]
        raise ScenarioError(
            f"the threshold {threshold:g}{unit.symbol}{over} is {_times(ratio)} {label} as published "
            f"({known[year]:g}{unit.symbol} in {year}){per} — {_slip_hint(ratio, unit)}? "
            "If this figure is really meant, add allow: [scale] to the target",
            path,
        )


def _target_growth(index: int, t: Target) -> None:
    thresholds = t.threshold if isinstance(t.threshold, tuple) else (t.threshold,)
    for j, rate in enumerate(thresholds):
        if rate is not None and rate > MAX_GROWTH:
            path: KeyPath = ("targets", index, t.comparison)
            raise ScenarioError(
                _fast("a growth target of", rate, "the target"),
                (*path, j) if isinstance(t.threshold, tuple) else path,
            )


def _times(ratio: float) -> str:
    """``8,333 times`` or ``1/8,333 of``."""
    return f"{ratio:,.0f} times" if ratio >= 1 else f"1/{1 / ratio:,.0f} of"


def _slip_hint(ratio: float, unit: Unit) -> str:
    """Name the unit slip a power of ten suggests for ``unit`` (10^4 in money: 万元 for 亿元)."""
    power = round(abs(math.log10(ratio)))
    slips = {
        "money": {4: "万元 for 亿元, or 元 for 万元", 3: "千元 for 元", 8: "元 for 亿元", 5: "千元 for 亿元"},
        "people": {4: "人 for 万人"},
    }.get(unit.dimension, {})
    if power in slips:
        return f"a unit slip of 10^{power} ({slips[power]})"
    return f"a unit slip (about 10^{power})"
