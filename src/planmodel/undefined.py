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
from dataclasses import dataclass, field

import numpy as np

from .errors import ScenarioError, combine
from .results import Paths
from .scenario import Scenario


@dataclass
class Undefined:
    """Undefined draws of a block (or of several, merged): what :func:`refuse_undefined` needs.

    Attributes
    ----------
    targets
        Draws whose measured value is NaN or infinite, by target name (targets with none left out).
    first_year
        The first year in which such a target's indicator is not finite (``None``: its level is
        finite, only the measure is not, e.g. growth from a level of 0).
    derived
        ``{key: (draws, first year)}`` of derived indicators not finite although every name their
        formula reads is.
    """

    targets: dict[str, int] = field(default_factory=dict)
    first_year: dict[str, int | None] = field(default_factory=dict)
    derived: dict[str, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def of_block(cls, scenario: Scenario, paths: Paths, values: Mapping[str, np.ndarray]) -> Undefined:
        """The undefined draws of one block, from its paths and measured target values."""
        targets = undefined_counts(values)
        first = {
            t.name: first_undefined_year(paths, t.indicator or "")
            for t in scenario.targets
            if t.name in targets
        }
        return cls(targets, first, derived_undefined(scenario, paths))

    def merge(self, other: Undefined) -> Undefined:
        """Add ``other`` into this one (in place; counts add, first years take the minimum)."""
        for name, n in other.targets.items():
            self.targets[name] = self.targets.get(name, 0) + n
            years = [y for y in (self.first_year.get(name), other.first_year.get(name)) if y is not None]
            self.first_year[name] = min(years) if years else None
        for key, (n, year) in other.derived.items():
            before_n, before_year = self.derived.get(key, (0, year))
            self.derived[key] = (before_n + n, min(before_year, year))
        return self


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


def refuse_undefined(scenario: Scenario, draws: int, found: Undefined) -> None:
    """Raise one located line per derived indicator and target with undefined draws (if any).

    A target on a derived indicator that is itself reported is not reported again.
    """
    counts, years, derived = found.targets, found.first_year, found.derived
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
