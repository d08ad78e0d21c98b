"""Whole-scenario checks: what no single field can know.

Every projected year has an assumption, formulas name known indicators and add like to like,
correlations can hold together (a positive semidefinite matrix, also once persistence is applied,
else the smallest conflicting group is named), and targets refer to years, indicators and price
bases that exist.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from ..dynamics import persistence_conflict, start_state
from ..errors import Collector, KeyPath, ScenarioError, unknown_name
from ..formula_units import check_dimensions
from ..units import Unit
from .arithmetic import check_arithmetic
from .facts import real_growth_known, rebased_components
from .graph import check_joint_cycles, check_members
from .indicator_model import Derived, Indicator
from .model import Scenario, Target, correlation_matrix, static_correlation_matrix


def check_scenario(s: Scenario) -> None:
    """Raise :class:`ScenarioError` for the cross-field problems of ``s``, all found at once.

    Checks of independent parts (each indicator, derived indicator and target, the correlations)
    are gathered and raised together; a check that needs an earlier one to hold (a start deviation
    needs the years covered) is skipped when that one failed.
    """
    if s.horizon < s.first_year:
        raise ScenarioError(
            f"horizon {s.horizon} is before the first published year {s.first_year}", ("horizon",)
        )
    found = Collector()
    covered = found.attempt(_check_base_year, s) is not None
    for ind in s.indicators if covered else ():  # published years are read up to base_year
        if found.attempt(_check_indicator_years, s, ind) is None and found:
            covered = False
            continue
        found.attempt(_check_over_years, s, ind)
        found.attempt(_check_averages, s, ind)
    broken = _check_derived(s, found)
    found.attempt(_check_correlations, s)
    _check_targets(s, found, broken)
    if covered and not found:
        check_arithmetic(s, found)
    found.raise_any()


def _check_base_year(s: Scenario) -> bool:
    """An as-of year lies within the scenario's years (``base_year:`` or ``--base-year``)."""
    if s.base_year is not None and not s.first_year <= s.base_year <= s.horizon:
        raise ScenarioError(
            f"base_year {s.base_year} is outside the scenario's years {s.first_year}–{s.horizon}: "
            "it is the last year whose published data are used, so give a year in that range",
            ("base_year",),
        )
    return True


def _check_indicator_years(s: Scenario, ind: Indicator) -> bool:
    path: KeyPath = ("indicators", ind.key)
    levels = ind.actual_levels(s.base_year)
    if not levels:
        raise ScenarioError(
            f"no published level up to base_year {s.base_year}; the simulation needs one to start from",
            (*path, "actual"),
        )
    for key, observations in (("actual", ind.actual), ("actual_growth", ind.actual_growth)):
        for obs in observations:
            if obs.year > s.horizon:
                raise ScenarioError(
                    f"year {obs.year} is after the horizon {s.horizon}; remove it or raise horizon:",
                    (*path, key, obs.year),
                )
    anchor = max(levels)
    for year in range(anchor + 1, s.horizon + 1):
        if not ind.driver.covers(year) and year not in ind.actual_growth_by_year(s.base_year):
            raise ScenarioError(
                f"no {ind.driver_kind} assumption for {year} (projection runs {anchor + 1}–"
                f"{s.horizon}); add {year} or a span such as {anchor + 1}-{s.horizon}",
                (*path, ind.driver_kind),
            )
        if ind.deflator is not None and not ind.deflator.covers(year):
            raise ScenarioError(
                f"no deflator assumption for {year}; add {year} or a span such as {anchor + 1}-{s.horizon}",
                (*path, "deflator"),
            )
    return True


def _check_over_years(s: Scenario, ind: Indicator) -> None:
    """A start deviation must be readable against the first projected year's assumption."""
    anchor = s.anchor_year(ind.key)
    for driver, key in zip(ind.drivers(), ("over_years", "deflator_over_years"), strict=False):
        deviation = driver.over_years.start_deviation
        if deviation is None:
            continue
        path: KeyPath = ("indicators", ind.key, key, "start_deviation")
        published = ind.growth_observations(s.base_year) if key == "over_years" else {}
        first = next((y for y in range(anchor + 1, s.horizon + 1) if y not in published), None)
        if first is None:
            raise ScenarioError("no projected year is drawn, so a start deviation has no effect", path)
        dist = driver.schedule.for_year(first)
        assert dist is not None, "year coverage is checked first"
        try:
            start_state(dist, deviation)
        except ValueError as exc:
            raise ScenarioError(
                f"cannot start from this deviation in {first}: {exc}", path
            ) from None
    if ind.rebase is not None and not s.first_year < ind.rebase.year <= s.horizon:
        raise ScenarioError(
            f"the census year must be after {s.first_year} and at most the horizon {s.horizon}",
            ("indicators", ind.key, "rebase", "year"),
        )


def _check_derived(s: Scenario, found: Collector) -> set[str]:
    """Check every formula; return the derived indicators that cannot be read further.

    Those are the ones whose formula failed and those built on them: checks that follow their
    names (targets on them) are skipped, since their own problem is already reported.
    """
    known = [i.key for i in s.indicators]
    units = {i.key: i.unit for i in s.indicators}
    broken: set[str] = set()
    for d in s.derived:
        if broken & set(d.formula.names) or found.attempt(_check_formula, s, d, known, units) is None:
            broken.add(d.key)
        known.append(d.key)
        units[d.key] = d.unit
    return broken


def _check_formula(s: Scenario, d: Derived, known: list[str], units: Mapping[str, Unit]) -> bool:
    """A formula's names are defined above it, its real() references hold, its units add up."""
    simulated = {i.key: i for i in s.indicators}
    path: KeyPath = d.formula.path or ("derived", d.key, "formula")
    for name in d.formula.names:
        if name not in known:
            raise ScenarioError(
                unknown_name("name in formula", name, known)
                + " (a derived indicator may use indicators and derived ones defined above it)",
                path,
            )
    for name, year in d.formula.real_refs:
        _check_real_ref(s, simulated.get(name), name, year, path)
    check_dimensions(d.formula, units, d.unit)
    return True


def _check_real_ref(
    s: Scenario, ind: Indicator | None, name: str, year: int | None, path: KeyPath
) -> None:
    """``real(x, year)``: ``x`` has real growth and prices, and its prices of ``year`` are known."""
    if ind is None or ind.price_basis != "split":
        raise ScenarioError(
            f"real({name}) needs an indicator with real_growth and a deflator (可比价 and prices); "
            f"{name} has none",
            path,
        )
    if year is None:
        return
    if not s.first_year <= year <= s.horizon:
        raise ScenarioError(
            f"real({name}, {year}): {year} is outside the years {s.first_year}–{s.horizon}", path
        )
    anchor = s.anchor_year(name)
    for y in range(min(year, anchor) + 1, max(year, anchor) + 1):
        if not real_growth_known(s, name, y):
            raise ScenarioError(
                f"real({name}, {year}) needs the real growth of {name} in {y} to carry prices "
                f"from {year} to {anchor}: add actual_growth: {{{y}: …}}",
                path,
            )
    if year < min(ind.actual_levels(s.base_year)):
        raise ScenarioError(
            f"real({name}, {year}): {name} has no level before {min(ind.actual_levels(s.base_year))}",
            path,
        )


def _check_correlations(s: Scenario) -> None:
    yearly, static = s.driver_names(), s.static_names()
    seen: set[frozenset[str]] = set()
    for i, c in enumerate(s.correlations):
        names = c.a, c.b
        for which, name in enumerate(names):
            if name not in yearly and name not in static:
                raise ScenarioError(_unknown_driver(s, name), ("correlation", i, which))
        if (c.a in yearly) != (c.b in yearly):
            raise ScenarioError(
                f"{c.a} and {c.b} are of different kinds: a yearly driver correlates with yearly "
                "drivers, a trend or census shift with trends and census shifts",
                ("correlation", i),
            )
        pair = frozenset(names)
        if pair in seen:
            raise ScenarioError(f"the pair {c.a}, {c.b} is given twice", ("correlation", i))
        seen.add(pair)
    matrix = correlation_matrix(s)
    if np.linalg.eigvalsh(matrix).min() < -1e-10:
        raise ScenarioError(
            "the correlations are impossible together (the matrix is not positive semidefinite): "
            f"{_offending_pairs(matrix, yearly)} — weaken some of them",
            ("correlation",),
        )
    persistence = np.array([d.over_years.persistence for d in s.drivers()])
    conflict = persistence_conflict(matrix, persistence, yearly)
    if conflict is not None:
        raise ScenarioError(
            f"{conflict} — weaken the correlation, bring the persistences closer, or let the two "
            "move together through correlated trends (over_years.trend_sd and [a.trend, b.trend, ρ])",
            ("correlation",),
        )
    if static:
        stat = static_correlation_matrix(s)
        if np.linalg.eigvalsh(stat).min() < -1e-10:
            raise ScenarioError(
                "the correlations of trends and census shifts are impossible together (trends "
                f"follow their drivers' pairs unless named): {_offending_pairs(stat, static)} — "
                "weaken some of them",
                ("correlation",),
            )


def _unknown_driver(s: Scenario, name: str) -> str:
    """Unknown-name message; a trend of a driver without trend_sd is explained."""
    if name.endswith(".trend") and name[: -len(".trend")] in s.driver_names():
        return (
            f"{name}: {name[: -len('.trend')]} has no trend doubt; give it over_years: "
            "{trend_sd: …} before correlating its trend"
        )
    if name.endswith(".rebase"):
        return f"{name}: {name[: -len('.rebase')]} has no rebase (census revision)"
    return unknown_name("driver", name, [*s.driver_names(), *s.static_names()])


def _offending_pairs(matrix: np.ndarray, names: Sequence[str]) -> str:
    """Name the smallest set of drivers whose correlations already conflict, with their pairs."""
    n = len(names)
    for size in range(3, min(n, 7) + 1):
        for combo in itertools.combinations(range(n), size):
            sub = matrix[np.ix_(combo, combo)]
            if np.linalg.eigvalsh(sub).min() < -1e-10:
                pairs = [
                    f"{names[i]}–{names[j]} {matrix[i, j]:g}"
                    for i, j in itertools.combinations(combo, 2)
                    if matrix[i, j] != 0
                ]
                return f"{', '.join(pairs)} cannot hold together"
    _, vectors = np.linalg.eigh(matrix)
    worst = [names[i] for i in np.argsort(-np.abs(vectors[:, 0]))[:4]]
    return f"the pairs among {', '.join(worst)} conflict"


def _check_targets(s: Scenario, found: Collector, broken: set[str]) -> None:
    """Every target's years, indicator and basis (targets on ``broken`` derived ones skipped)."""
    names = [t.name for t in s.targets]
    for i, t in enumerate(s.targets):
        path: KeyPath = ("targets", i)
        if names.count(t.name) > 1 and names.index(t.name) < i:
            found.add(
                ScenarioError(
                    f"target name '{t.name}' is already used by targets[{names.index(t.name)}]; "
                    "names must be unique",
                    (*path, "name"),
                )
            )
        if t.measure == "joint":
            found.attempt(check_members, s, i)
            continue
        if t.indicator not in broken:
            found.attempt(_check_target, s, t, path)
    found.attempt(check_joint_cycles, s)


def _check_target(s: Scenario, t: Target, path: KeyPath) -> None:
    """A single target reads years, an indicator and a price basis that exist."""
    assert t.indicator is not None
    units = s.units()
    if t.year > s.horizon:
        raise ScenarioError(
            f"target year {t.year} is after the horizon {s.horizon}; raise horizon:",
            (*path, "years" if t.first_year is not None else "year"),
        )
    start = t.first_year if t.first_year is not None else t.year
    if t.measure in ("growth", "avg_growth") and t.basis != "real":
        start -= 1  # nominal growth needs the level of the year before
    if start < s.first_year:
        raise ScenarioError(
            f"needs the level of {t.indicator} in {start}, before the first published year "
            f"{s.first_year}; add actual {start} or set start_year",
            path,
        )
    _check_basis(s, t, units, path)
    _check_level_basis(s, t, path)
    _check_reference(s, t, units, path)
    if t.base_year is not None and t.base_year >= (t.first_year or t.year):
        raise ScenarioError(
            f"the base year {t.base_year} must be before the target's first year", (*path, "base_year")
        )


def _check_level_basis(s: Scenario, t: Target, path: KeyPath) -> None:
    """``level_basis`` only where a census revision moves the levels a target reads."""
    if t.level_basis is None:
        return
    if t.measure not in ("level", "cumulative") or not rebased_components(s, t.indicator or ""):
        raise ScenarioError(
            "level_basis applies to level and cumulative targets on an indicator with a rebase "
            "(census revision), or derived from one; remove it",
            (*path, "level_basis"),
        )


def _check_basis(s: Scenario, t: Target, units: Mapping[str, Unit], path: KeyPath) -> None:
    growth_like = t.measure in ("growth", "avg_growth")
    simulated = {i.key: i for i in s.indicators}
    ind = simulated.get(t.indicator or "")
    if not growth_like:
        if t.basis != "none":
            raise ScenarioError(
                f"basis applies to growth targets; a {t.measure} is in {units[t.indicator or ''].symbol} "
                "at current prices (现价) — remove basis",
                (*path, "basis"),
            )
        return
    if ind is None and t.basis == "real":
        _check_real_growth_years(s, t, path)
        return
    if ind is not None and ind.price_basis == "split":
        if t.basis == "real":
            _check_real_growth_years(s, t, path)
        if t.basis == "none":
            raise ScenarioError(
                f"{t.indicator} has real growth and prices: say basis: real (可比价, as plans state "
                "growth) or basis: nominal (现价)",
                path,
            )
        return
    if t.basis == "real" and (ind is None or ind.price_basis == "nominal_only"):
        raise ScenarioError(
            f"{t.indicator} has no real/price split (no real_growth + deflator), so real growth is "
            "not defined for it; use basis: nominal or give it real_growth and a deflator",
            (*path, "basis"),
        )


def _check_real_growth_years(s: Scenario, t: Target, path: KeyPath) -> None:
    """Real growth of every year the target reads is published, bridged or simulated."""
    first = t.first_year if t.first_year is not None else t.year
    for key in _price_components(s, t.indicator or "", path):
        for year in range(first, t.year + 1):
            if not real_growth_known(s, key, year):
                raise ScenarioError(
                    f"real growth of {key} in {year} is neither published nor simulated; add "
                    f"actual_growth: {{{year}: …}} to {key}",
                    path,
                )


def _price_components(s: Scenario, key: str, path: KeyPath) -> list[str]:
    """Indicators with a real/price split that a real growth of ``key`` is made of."""
    simulated = {i.key: i for i in s.indicators}
    if key in simulated:
        return [key]
    derived = {d.key: d for d in s.derived}[key]
    out: list[str] = []
    for name in derived.formula.names:
        if name in simulated and simulated[name].price_basis == "nominal_only":
            raise ScenarioError(
                f"{key} uses {name}, a current-price total without real growth, so its real growth "
                "is not defined; use basis: nominal",
                (*path, "basis"),
            )
        out += _price_components(s, name, path) if name not in simulated else (
            [name] if simulated[name].price_basis == "split" else []
        )
    if not out:
        raise ScenarioError(
            f"{key} has no component with real growth and prices; use basis: nominal", (*path, "basis")
        )
    return out


def as_of(s: Scenario, year: int) -> Scenario:
    """The scenario as it stood at the end of ``year``: published data after it are set aside.

    An as-of cut can make a valid scenario incomplete (assumptions must then cover the years
    whose data are set aside), so the cut scenario is checked again.
    """
    cut = replace(s, base_year=year)
    check_scenario(cut)
    return cut


def _check_averages(s: Scenario, ind: Indicator) -> None:
    """A published average's span starts after a published level and ends by the horizon."""
    first_level = min(ind.actual_levels(s.base_year))
    for avg in ind.averages(s.base_year):
        path: KeyPath = ("indicators", ind.key, "actual_avg_growth", f"{avg.first}-{avg.last}")
        if avg.first - 1 < first_level or avg.last > s.horizon:
            raise ScenarioError(
                f"the span {avg.first}-{avg.last} must lie between the first published level "
                f"({first_level}, the year before the span) and the horizon {s.horizon}",
                path,
            )


def reference_basis(s: Scenario, t: Target) -> str:
    """The basis of a relative target's reference: the target's, or none for a quantity without prices."""
    simulated = {i.key: i for i in s.indicators}
    ref = simulated.get(t.reference or "")
    if ref is not None and ref.price_basis == "no_prices":
        return "none"
    if ref is not None and ref.price_basis == "nominal_only":
        return "nominal"
    return t.basis


def _check_reference(s: Scenario, t: Target, units: Mapping[str, Unit], path: KeyPath) -> None:
    """A relative target's reference can be measured the same way (basis, years, unit)."""
    if t.reference is None:
        return
    where = (*path, "above" if t.comparison == "at_least" else "below")
    if t.level_basis is not None:
        raise ScenarioError("level_basis does not apply to a target relative to another indicator",
                            (*path, "level_basis"))  # fmt: skip
    mine, theirs = units[t.indicator or ""], units[t.reference]
    if t.measure in ("level", "cumulative") and mine.dimension != theirs.dimension:
        raise ScenarioError(
            f"{t.indicator} ({mine.symbol or 'a plain number'}) and {t.reference} "
            f"({theirs.symbol or 'a plain number'}) cannot be compared as levels",
            where,
        )
    ref = replace(t, indicator=t.reference, reference=None, basis=reference_basis(s, t))  # type: ignore[arg-type]
    if ref.basis == "nominal" and t.basis == "real":
        raise ScenarioError(
            f"{t.reference} is a current-price total without real growth; compare nominal growth "
            "(basis: nominal) or give it real_growth and a deflator",
            where,
        )
    try:
        _check_basis(s, ref, units, path)
        if ref.measure in ("growth", "avg_growth") or ref.first_year is not None:
            start = (t.first_year or t.year) - (0 if ref.basis == "real" else 1)
            if start < s.first_year:
                raise ScenarioError(f"needs the level of {t.reference} in {start}", path)
    except ScenarioError as exc:
        raise ScenarioError(f"the reference {t.reference}: {exc.message}", where) from None
