"""Whether each target of a scenario can be evaluated: its years, indicator, price basis and reference.

A target's year lies within the horizon and the levels it reads exist; a growth target's basis
(可比价 real, 现价 nominal, or none) exists for its indicator, with real growth known in every year
it reads; ``level_basis`` only where a census revision moves the levels; a relative target's
reference can be measured the same way; names are unique and joint targets name existing members
without cycles. Part of :func:`planmodel.scenario.checks.check_scenario`; :func:`reference_basis`
is also used by :mod:`planmodel.targets`. Imports: errors, units, scenario.{facts, graph, model}.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ..errors import Collector, KeyPath, ScenarioError
from ..units import Unit
from .facts import real_growth_known, rebased_components
from .graph import check_joint_cycles, check_members
from .model import Scenario, Target

__all__ = ["check_targets", "reference_basis"]


def check_targets(s: Scenario, found: Collector, broken: set[str]) -> None:
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
    """A growth target's price basis (real, nominal or none) exists for its indicator."""
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
