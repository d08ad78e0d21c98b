"""Parameter overrides: one assumption of a validated Scenario set to a new value, without YAML.

A parameter path names an assumption as the scenario file writes it:

==================================================  ===========================================
``indicators.gdp.real_growth.mean``                 every projected year of gdp's real growth
``indicators.gdp.real_growth.2026.mean``            one year (``2025-2026``: a span)
``indicators.gdp.deflator.mean``                    the price change (deflator)
``indicators.industrial_output.growth.mode``        a triangular's mode
``indicators.gdp.over_years.trend_sd``              trend doubt (also ``persistence``)
``indicators.gdp.deflator_over_years.persistence``  the deflator's persistence
``indicators.gdp.rebase.shift.mean``                a census revision's shift
==================================================  ===========================================

A family name may stand before the parameter as in the file (``…2026.normal.mean``). ``mean``
moves any distribution so that its mean is the value (its shape kept); ``sd`` rescales it about
its mean. Only projected years can be changed (years between two published levels are simulated
only to join them). :func:`resolve` checks a path against a scenario, with errors that name the
wrong part and the valid choices; :func:`apply` returns a new, checked Scenario. Pure: no I/O.

Imports: errors, units, distribution_base, distribution_families, scenario → numpy.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ..distribution_base import Distribution
from ..distribution_families import Fixed, Normal, Pert, StudentT, Triangular, Uniform
from ..errors import KeyPath, ScenarioError, did_you_mean
from ..scenario import Indicator, OverYears, Scenario, Schedule, ScheduleEntry, check_scenario
from ..scenario.fields import year_key
from ..units import Unit, parse_change, parse_rate

__all__ = ["Param", "ValueKind", "apply", "free_years", "resolve"]

ValueKind = Literal["rate", "change", "number"]
"""How a parameter's values are read and written: a rate (7.5%), a change in the indicator's unit
(0.9个百分点 for a share), or a plain number (a persistence, degrees of freedom)."""

SCHEDULE_FIELDS = ("real_growth", "growth", "change", "deflator")
OVER_FIELDS = ("over_years", "deflator_over_years")
OVER_PARAMS = ("trend_sd", "persistence")
FAMILY_PARAMS: dict[str, tuple[str, ...]] = {
    "fixed": ("mean", "sd"),
    "normal": ("mean", "sd"),
    "student_t": ("mean", "sd", "scale", "df"),
    "triangular": ("mean", "sd", "low", "mode", "high"),
    "pert": ("mean", "sd", "low", "mode", "high"),
    "uniform": ("mean", "sd", "low", "high"),
}
"""Parameters each family can take (``mean`` and ``sd`` for all)."""
_YEARS = re.compile(r"^\d{4}(?:-\d{4})?$")


@dataclass(frozen=True)
class Param:
    """A resolved parameter path: which assumption, which years, which parameter, its value now."""

    text: str
    """The path as written."""
    indicator: str
    field: str
    """``real_growth``, ``growth``, ``change``, ``deflator``, ``over_years``, ``deflator_over_years``
    or ``rebase``."""
    name: str
    """The parameter: ``mean``, ``sd``, ``low``, ``mode``, ``high``, ``scale``, ``df``,
    ``trend_sd`` or ``persistence``."""
    years: tuple[int, ...]
    """The projected years it changes (empty for trend doubt, persistence and census shifts)."""
    kind: ValueKind
    unit: Unit
    """The indicator's unit (values of a ``change`` parameter are in it)."""
    current: tuple[float, ...]
    """The value now, one per year of ``years`` (one value for the others)."""
    path: KeyPath
    """Where the assumption is in the scenario file (for located errors)."""

    @property
    def value(self) -> float:
        """The value now (the average where the years differ: 7.5% and 7.0% → 7.25%)."""
        return float(sum(self.current) / len(self.current))

    def parse(self, text: object) -> float:
        """Read a value for this parameter: ``8%`` for rates, ``0.9个百分点`` for changes, ``0.5``."""
        if self.kind == "rate":
            return parse_rate(text, self.path)
        if self.kind == "change":
            return parse_change(text, self.unit, self.path)
        try:
            value = float(str(text))
        except ValueError:
            raise ScenarioError(f"expected a plain number such as 0.5, got {text!r}", self.path) from None
        if not math.isfinite(value):
            raise ScenarioError(f"expected a finite number, got {text!r}", self.path)
        return value


def free_years(scenario: Scenario, ind: Indicator, deflator: bool = False) -> tuple[int, ...]:
    """Projected years in which an indicator's growth (or deflator) is drawn, not published.

    These follow the last published level; a published growth rate fixes its year (the deflator is
    drawn in every projected year).
    """
    anchor = scenario.anchor_year(ind.key)
    published = () if deflator else tuple(ind.growth_observations(scenario.base_year))
    return tuple(y for y in range(anchor + 1, scenario.horizon + 1) if y not in published)


def _fail(message: str, path: Sequence[str | int]) -> ScenarioError:
    return ScenarioError(message, tuple(path))


def _choice(word: str, valid: Sequence[str], what: str, path: KeyPath) -> ScenarioError:
    return _fail(f"unknown {what} '{word}'{did_you_mean(word, valid)} — valid: {', '.join(valid)}", path)


def _fields(ind: Indicator) -> tuple[str, ...]:
    out = [ind.driver_kind, "over_years"]
    if ind.deflator is not None:
        out[1:1] = ["deflator"]
        out.append("deflator_over_years")
    if ind.rebase is not None:
        out.append("rebase")
    return tuple(out)


def _family(dist: Distribution) -> str:
    return "range90" if isinstance(dist, Normal) and dist.origin == "range90" else dist.family


def _param_name(rest: list[str], dists: Sequence[Distribution], path: KeyPath) -> str:
    """The parameter at the end of a distribution path, after an optional family name."""
    families = {_family(d) for d in dists}
    if len(rest) == 2:
        family, rest = rest[0], rest[1:]
        if family not in families and not (family == "normal" and families == {"range90"}):
            raise _fail(
                f"the assumption here is {', '.join(sorted(families))}, not '{family}'", (*path, family)
            )
        path = (*path, family)
    if len(rest) != 1:
        raise _fail("expected a parameter such as mean or sd at the end of the path", path)
    allowed = set.intersection(*(set(FAMILY_PARAMS[d.family]) for d in dists))
    name = rest[0]
    if name not in allowed:
        ordered = [p for p in ("mean", "sd", "low", "mode", "high", "scale", "df") if p in allowed]
        raise _choice(name, ordered, "parameter", (*path, name))
    return name


def _schedule_years(
    scenario: Scenario, ind: Indicator, field: str, token: str | None, path: KeyPath
) -> tuple[int, ...]:
    """The years a schedule path changes: the token's, which must all be projected years."""
    free = free_years(scenario, ind, deflator=field == "deflator")
    if not free:
        raise _fail(f"{ind.key} has no projected year left to vary (every year is published)", path)
    if token is None:
        return free
    years = year_key(token, (*path, token))
    wrong = [y for y in years if y not in free]
    if wrong:
        span = f"{free[0]}" if len(free) == 1 else f"{free[0]}-{free[-1]}"
        raise _fail(
            f"{wrong[0]} is not a projected year of {ind.key}'s {field} (published, before the last "
            f"published level, or after the horizon) — valid: {', '.join(map(str, free))} (or {span})",
            (*path, token),
        )
    return years


def resolve(scenario: Scenario, text: str) -> Param:
    """Check a parameter path against ``scenario`` and return what it names.

    Raises
    ------
    ScenarioError
        Naming the part of the path that is wrong (its key path) and the valid choices.
    """
    parts = [p.strip() for p in str(text).strip().split(".")]
    if len(parts) < 4 or parts[0] != "indicators" or not all(parts):
        raise _fail(
            f"'{text}' is not a parameter path — write e.g. indicators.gdp.real_growth.mean or "
            "indicators.gdp.real_growth.2026.mean",
            (),
        )
    simulated = {i.key: i for i in scenario.indicators}
    key = parts[1]
    if key not in simulated:
        derived = {d.key: d for d in scenario.derived}
        if key in derived:
            names = ", ".join(derived[key].formula.names)
            raise _fail(f"{key} is computed by a formula and has no assumption; vary one of {names}",
                        ("derived", key))  # fmt: skip
        raise _choice(key, list(simulated), "indicator", ("indicators", key))
    ind = simulated[key]
    path: KeyPath = ("indicators", key)
    field = parts[2]
    if field not in _fields(ind):
        raise _choice(field, _fields(ind), f"assumption of {key}", (*path, field))
    path = (*path, field)
    rest = parts[3:]
    if field in OVER_FIELDS:
        if len(rest) != 1 or rest[0] not in OVER_PARAMS:
            raise _choice(rest[-1], OVER_PARAMS, "parameter", (*path, rest[-1]))
        over = ind.over_years if field == "over_years" else ind.deflator_over_years
        name = rest[0]
        kind: ValueKind = "number" if name == "persistence" else _kind(ind, field)
        return Param(text, key, field, name, (), kind, ind.unit, (float(getattr(over, name)),), path)
    if field == "rebase":
        assert ind.rebase is not None
        if rest[0] != "shift":
            raise _choice(rest[0], ["shift"], "part of a census revision", (*path, rest[0]))
        name = _param_name(rest[1:], [ind.rebase.shift], (*path, "shift"))
        current = (_get(ind.rebase.shift, name),)
        return Param(text, key, field, name, (), _value_kind(name, "rate"), ind.unit, current, path)
    token = rest[0] if _YEARS.match(rest[0]) else None
    years = _schedule_years(scenario, ind, field, token, path)
    if token is not None:
        rest = rest[1:]
        path = (*path, token)
    schedule = _schedule(ind, field)
    dists = [schedule.for_year(y) for y in years]
    assert all(d is not None for d in dists), "checked scenarios cover every projected year"
    name = _param_name(rest, dists, path)  # type: ignore[arg-type]
    current = tuple(_get(d, name) for d in dists)  # type: ignore[arg-type]
    return Param(text, key, field, name, years, _value_kind(name, _kind(ind, field)), ind.unit, current,
                 path)  # fmt: skip


def _kind(ind: Indicator, field: str) -> ValueKind:
    change = ind.driver_kind == "change" and field in ("change", "over_years")
    return "change" if change else "rate"


def _value_kind(name: str, kind: ValueKind) -> ValueKind:
    return "number" if name == "df" else kind


def _schedule(ind: Indicator, field: str) -> Schedule:
    if field == "deflator":
        assert ind.deflator is not None
        return ind.deflator
    return ind.driver


def _get(dist: Distribution, name: str) -> float:
    if name == "mean":
        mean = dist.mean()
        return mean if math.isfinite(mean) else dist.quantile(0.5)
    if name == "sd":
        return dist.sd()
    return float(getattr(dist, {"df": "df", "scale": "scale"}.get(name, name)))


def with_parameter(dist: Distribution, name: str, value: float) -> Distribution:
    """``dist`` with one parameter set: ``mean`` moves it, ``sd`` rescales it about its mean.

    Raises
    ------
    ScenarioError
        When the value is not valid for the family (relative key path, e.g. ``('sd',)``).
    """
    if name == "mean":
        return dist.shifted(value - _get(dist, "mean"))
    if name == "sd":
        if value < 0:
            raise ScenarioError(f"must be zero or positive, got {value:g}", ("sd",))
        if isinstance(dist, Fixed | Normal):
            return Normal(dist.mean(), value) if isinstance(dist, Fixed) else replace(dist, sigma=value)
        if isinstance(dist, StudentT):
            if dist.df <= 2:
                raise ScenarioError("a t distribution with df ≤ 2 has no sd; vary its scale", ("sd",))
            return replace(dist, scale=value * math.sqrt((dist.df - 2) / dist.df))
        return _rescaled(dist, value)
    return replace(dist, **{name: value})  # type: ignore[arg-type]


def _rescaled(dist: Distribution, sd: float) -> Distribution:
    """A bounded distribution stretched about its mean to standard deviation ``sd``."""
    if sd == 0:
        return Fixed(dist.mean())
    m, k = dist.mean(), sd / dist.sd()
    if isinstance(dist, Triangular | Pert):
        return replace(
            dist, low=m + (dist.low - m) * k, mode=m + (dist.mode - m) * k, high=m + (dist.high - m) * k
        )
    assert isinstance(dist, Uniform)
    return replace(dist, low=m + (dist.low - m) * k, high=m + (dist.high - m) * k)


def _new_schedule(schedule: Schedule, years: tuple[int, ...], name: str, value: float) -> Schedule:
    """The schedule with ``name`` set in ``years``; other years keep their entries."""
    changed: dict[int, Distribution] = {}
    for year in years:
        dist = schedule.for_year(year)
        assert dist is not None
        changed[year] = with_parameter(dist, name, value)
    kept = []
    for entry in schedule.entries:
        if entry.years is None:
            kept.append(entry)
            continue
        left = tuple(y for y in entry.years if y not in changed)
        if left:
            kept.append(replace(entry, years=left))
    groups: dict[Distribution, list[int]] = {}
    for year, dist in changed.items():
        groups.setdefault(dist, []).append(year)
    reasons = {y: _entry(schedule, y) for y in changed}
    new = [  # each keeps the reason (and its English), the source of the entry it changes
        replace(reasons[ys[0]], years=tuple(ys), distribution=dist) for dist, ys in groups.items()
    ]
    return Schedule(tuple(new + kept))


def _entry(schedule: Schedule, year: int) -> ScheduleEntry:
    fallback = None
    for entry in schedule.entries:
        if entry.years is None:
            fallback = entry
        elif year in entry.years:
            return entry
    assert fallback is not None
    return fallback


def apply(scenario: Scenario, param: Param, value: float) -> Scenario:
    """A new scenario with ``param`` set to ``value`` (checked again where that could break it).

    Raises
    ------
    ScenarioError
        When the value is not valid there (an sd below zero, a mode outside low–high, a
        persistence that the stated correlations cannot hold with), at the parameter's path.
    """
    ind = scenario.indicator(param.indicator)
    try:
        if param.field in OVER_FIELDS:
            attr = "over_years" if param.field == "over_years" else "deflator_over_years"
            over: OverYears = getattr(ind, attr)
            if param.name == "trend_sd" and value < 0:
                raise ScenarioError(f"must be zero or positive, got {value:g}", ())
            if param.name == "persistence" and not -1 < value < 1:
                raise ScenarioError(f"must lie above -1 and below 1, got {value:g}", ())
            new_ind = replace(ind, **{attr: replace(over, **{param.name: value})})
        elif param.field == "rebase":
            assert ind.rebase is not None
            shift = with_parameter(ind.rebase.shift, param.name, value)
            new_ind = replace(ind, rebase=replace(ind.rebase, shift=shift))
        else:
            schedule = _new_schedule(_schedule(ind, param.field), param.years, param.name, value)
            new_ind = replace(ind, **{"deflator" if param.field == "deflator" else "driver": schedule})
    except ScenarioError as exc:
        raise ScenarioError(exc.message, (*param.path, param.name)) from None
    indicators = tuple(new_ind if i.key == ind.key else i for i in scenario.indicators)
    changed = replace(scenario, indicators=indicators)
    if param.field in OVER_FIELDS:  # persistence and correlations must hold together
        check_scenario(changed)
    return changed
