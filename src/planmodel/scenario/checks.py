"""Whole-scenario checks: what no single field can know.

Every projected year has an assumption, formulas name known indicators, correlations can hold
together (a positive semidefinite matrix, else the smallest conflicting group is named), and
targets refer to years, indicators and price bases that exist.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from ..errors import KeyPath, ScenarioError, unknown_name
from ..units import Unit
from .model import Indicator, Scenario, Target, correlation_matrix


def check_scenario(s: Scenario) -> None:
    """Raise :class:`ScenarioError` for the first cross-field problem of ``s``."""
    if s.horizon < s.first_year:
        raise ScenarioError(
            f"horizon {s.horizon} is before the first published year {s.first_year}", ("horizon",)
        )
    for ind in s.indicators:
        _check_indicator_years(s, ind)
    _check_derived(s)
    _check_correlations(s)
    _check_targets(s)


def _check_indicator_years(s: Scenario, ind: Indicator) -> None:
    path: KeyPath = ("indicators", ind.key)
    levels = ind.actual_levels(s.base_year)
    if not levels:
        raise ScenarioError(
            f"no published level up to base_year {s.base_year}; the simulation needs one to start from",
            (*path, "actual"),
        )
    for obs in ind.actual:
        if obs.year > s.horizon:
            raise ScenarioError(
                f"year {obs.year} is after the horizon {s.horizon}", (*path, "actual", obs.year)
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


def _check_derived(s: Scenario) -> None:
    known = [i.key for i in s.indicators]
    for d in s.derived:
        for name in d.formula.names:
            if name not in known:
                raise ScenarioError(
                    unknown_name("name in formula", name, known)
                    + " (a derived indicator may use indicators and derived ones defined above it)",
                    ("derived", d.key, "formula"),
                )
        known.append(d.key)


def _check_correlations(s: Scenario) -> None:
    names = s.driver_names()
    seen: set[frozenset[str]] = set()
    for i, c in enumerate(s.correlations):
        for which, name in ((0, c.a), (1, c.b)):
            if name not in names:
                raise ScenarioError(unknown_name("driver", name, names), ("correlation", i, which))
        pair = frozenset((c.a, c.b))
        if pair in seen:
            raise ScenarioError(f"the pair {c.a}, {c.b} is given twice", ("correlation", i))
        seen.add(pair)
    matrix = correlation_matrix(s)
    if np.linalg.eigvalsh(matrix).min() < -1e-10:
        raise ScenarioError(
            "the correlations are impossible together (the matrix is not positive semidefinite): "
            f"{_offending_pairs(matrix, names)} — weaken some of them",
            ("correlation",),
        )


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


def _check_targets(s: Scenario) -> None:
    names = [t.name for t in s.targets]
    units = s.units()
    for i, t in enumerate(s.targets):
        path: KeyPath = ("targets", i)
        if names.count(t.name) > 1:
            raise ScenarioError(
                f"target name '{t.name}' is used twice; names must be unique", (*path, "name")
            )
        if t.measure == "joint":
            for m in t.members:
                if m not in names or m == t.name:
                    raise ScenarioError(
                        unknown_name("target", m, [n for n in names if n != t.name]),
                        (*path, "all_of"),
                    )
            continue
        assert t.indicator is not None
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
    if ind is not None and ind.price_basis == "split":
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


def as_of(s: Scenario, year: int) -> Scenario:
    """The scenario as it stood at the end of ``year``: published data after it are set aside.

    An as-of cut can make a valid scenario incomplete (assumptions must then cover the years
    whose data are set aside), so the cut scenario is checked again.
    """
    cut = replace(s, base_year=year)
    check_scenario(cut)
    return cut
