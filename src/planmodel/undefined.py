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


def refuse_undefined(
    scenario: Scenario, draws: int, counts: Mapping[str, int], years: Mapping[str, int | None]
) -> None:
    """Raise one located error per target with undefined draws (nothing if there are none).

    Parameters
    ----------
    counts
        Undefined draws by target name, summed over the run's blocks.
    years
        The first year in which each target's indicator is undefined, where known.
    """
    problems = []
    for i, t in enumerate(scenario.targets):
        n = counts.get(t.name, 0)
        if not n:
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
