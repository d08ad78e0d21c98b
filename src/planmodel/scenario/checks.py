"""Whole-scenario checks: what no single field can know.

Every projected year has an assumption, formulas name known indicators and add like to like,
correlations can hold together (a positive semidefinite matrix, also once persistence is applied,
else the smallest conflicting group is named), and targets refer to years, indicators and price
bases that exist. This module runs them all and checks the indicators and formulas itself; the
correlations are :mod:`~planmodel.scenario.correlation_checks`, the targets
:mod:`~planmodel.scenario.target_checks`. Imports: dynamics, errors, formula_units, units,
scenario.{arithmetic, correlation_checks, facts, indicator_model, model, target_checks}.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ..dynamics import start_state
from ..errors import Collector, KeyPath, ScenarioError, unknown_name
from ..formula_units import check_dimensions
from ..units import Unit
from .arithmetic import check_arithmetic
from .correlation_checks import check_correlations
from .facts import real_growth_known
from .indicator_model import Derived, Indicator
from .model import Scenario
from .target_checks import check_targets


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
    found.attempt(check_correlations, s)
    check_targets(s, found, broken)
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
