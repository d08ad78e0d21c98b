"""Whether a scenario's correlations can hold together, and which pairs conflict when they cannot.

Each ``[a, b, rho]`` pair names two known drivers of the same kind (yearly drivers with yearly
drivers; trends and census shifts with each other), once. The same-year matrix and the matrix of
the once-per-draw numbers must be positive semidefinite, also once persistence is applied;
otherwise the smallest group of drivers whose pairs already conflict is named. Part of
:func:`planmodel.scenario.checks.check_scenario`. Imports: dynamics, errors, scenario.model →
numpy.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from ..dynamics import persistence_conflict
from ..errors import ScenarioError, unknown_name
from .model import Scenario, correlation_matrix, static_correlation_matrix

__all__ = ["check_correlations"]


def check_correlations(s: Scenario) -> None:
    """Every pair names known drivers of one kind, once, and the pairs can hold together."""
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
