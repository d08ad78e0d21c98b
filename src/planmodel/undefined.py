"""Draws whose measured value cannot be computed: counted, and never reported as a probability.

A derived indicator divides, and a simulated divisor can reach 0 (a population described by a
yearly change that can exhaust it); a sum can overflow. Such a draw has no value (NaN, or ±inf
which numpy would happily compare as "above any threshold"), so a target on it would be judged
by accident: ``gdp / 0`` once gave "人均GDP突破14万元 > 99.95%". Every block counts these draws
per target (:func:`undefined_counts`); after the run :func:`refuse_undefined` turns any count into
one located error per target, naming how many draws were undefined and in which year, so the
planner fixes the assumption or the formula instead of reading a made-up probability.

Problems that can be seen without simulating (a published 0, ``gdp / 0``) are refused earlier by
``validate`` (:mod:`planmodel.scenario.arithmetic`). Pure: numpy only.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .errors import ScenarioError, combine
from .results import Paths
from .scenario import Scenario


def undefined_counts(values: Mapping[str, np.ndarray]) -> dict[str, int]:
    """Draws of each target whose measured value is NaN or infinite (targets with none left out)."""
    counts = {name: int(np.count_nonzero(~np.isfinite(v))) for name, v in values.items()}
    return {name: n for name, n in counts.items() if n}


def first_undefined_year(paths: Paths, key: str) -> int | None:
    """The first simulated year in which ``key``'s level is not finite in some draw."""
    levels = paths.levels.get(key)
    if levels is None:
        return None
    bad = ~np.isfinite(levels).all(axis=0)
    years = [y for y, b in zip(paths.years, bad, strict=True) if b]
    return years[0] if years else None


def derived_undefined(scenario: Scenario, paths: Paths) -> dict[str, tuple[int, int]]:
    """Draws in which a derived indicator is not finite although every name it reads is.

    Returns ``{key: (draws, first year)}`` for the derived indicators with such draws. Formulas
    with ``real()`` are left out (their constant-price inputs are not in ``paths.levels``); a
    value that is missing because an input is missing (a year before its first published level)
    is not the formula's doing and is not counted.
    """
    out = {}
    for d in scenario.derived:
        if d.formula.real_refs or d.key not in paths.levels:
            continue
        inputs_ok = np.ones(paths.levels[d.key].shape, dtype=bool)
        for name in d.formula.names:
            inputs_ok &= np.isfinite(paths.levels[name])
        broken = inputs_ok & ~np.isfinite(paths.levels[d.key])
        draws = int(np.count_nonzero(broken.any(axis=1)))
        if draws:
            first = paths.years[int(np.argmax(broken.any(axis=0)))]
            out[d.key] = (draws, first)
    return out


def refuse_undefined(
    scenario: Scenario,
    draws: int,
    counts: Mapping[str, int],
    years: Mapping[str, int | None],
    derived: Mapping[str, tuple[int, int]] | None = None,
) -> None:
    """Raise one located line per derived indicator and target with undefined draws (if any).

    Parameters
    ----------
    counts
        Undefined draws by target name, summed over the run's blocks.
    years
        The first year in which each target's indicator is undefined, where known.
    derived
        ``{key: (draws, first year)}`` of :func:`derived_undefined`, summed over the blocks; a
        target on such an indicator is not reported again.
    """
    derived = derived or {}
    problems = []
    for d in scenario.derived:
        if d.key in derived:
            n, year = derived[d.key]
            problems.append(
                ScenarioError(
                    f"{d.label} is undefined in {n:,} of {draws:,} draws from {year} — its formula "
                    f"'{d.formula.text}' divides by zero or overflows there although every value it "
                    "reads is defined; check the assumptions that let a divisor reach 0 (a change: "
                    "that can exhaust a level) or the formula",
                    ("derived", d.key, "formula"),
                )
            )
    for i, t in enumerate(scenario.targets):
        n = counts.get(t.name, 0)
        if not n or t.indicator in derived:
            continue
        ind = t.indicator or ""
        label = scenario.labels().get(ind, ind)
        formula = next((d.formula.text for d in scenario.derived if d.key == ind), None)
        year = years.get(t.name)
        where = f" from {year}" if year is not None else ""
        cause = (
            f"its formula '{formula}' divides by zero or overflows{where} in those draws"
            if formula
            else f"{label} overflows{where} in those draws"
        )
        problems.append(
            ScenarioError(
                f"target '{t.name}' is undefined in {n:,} of {draws:,} draws — {cause}; a probability "
                "from them would be an accident of arithmetic, so check the assumptions that let a "
                f"divisor reach 0 (a change: that can exhaust a level) or the formula of {label}",
                ("targets", i, "indicator"),
            )
        )
    if problems:
        raise combine(problems)
