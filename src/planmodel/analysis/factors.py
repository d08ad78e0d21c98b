"""The uncertain assumptions of a scenario as factors: one random number per draw each.

A factor is what a planner would call one uncertain assumption:

- ``growth`` / ``deflator``: a driver's draws over the projected years of one entry of its
  schedule as written (``real_growth: {2025: …, 2026: …}`` gives two factors, ``deflator:
  {2025-2026: …}`` one); its value in a draw is the average over those years (geometric for rates,
  arithmetic for changes), trend doubt and persistence included;
- ``rebase``: a census revision's shift (new basis / old basis − 1);
- ``revision`` / ``growth_revision``: the revision still to come of a published level (relative)
  or of a published growth rate.

Years between two published levels are not factors (they are drawn only to join the two).
Sensitivity, conditions for success and global indices read factor values from paths
(:func:`factor_values`) and hold factors fixed through engine pins (:func:`pins_at`,
:func:`pins_from_draws`). Pure numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..engine import Pins
from ..known import components
from ..results import Paths
from ..scenario import Indicator, Scenario, Target
from .overrides import free_years

__all__ = ["Factor", "factor_values", "factors", "pins_at", "pins_from_draws", "relevant"]

FactorKind = Literal["growth", "deflator", "rebase", "revision", "growth_revision"]
_TINY = 1e-12


@dataclass(frozen=True)
class Factor:
    """One uncertain assumption (see the module docstring)."""

    key: str
    """A stable name: ``gdp.real_growth.2025``, ``gdp.deflator.2025-2026``, ``gdp.rebase``."""
    kind: FactorKind
    indicator: str
    years: tuple[int, ...]
    driver: str | None = None
    """The yearly driver (``gdp``, ``gdp.deflator``) of ``growth`` and ``deflator`` factors."""
    stream: str | None = None
    """The once-per-draw random stream of the others (``gdp.rebase``, ``gdp.revision.2024``)."""
    additive: bool = False
    """True for yearly changes in the indicator's unit (城镇化率 +0.9个百分点), else rates."""

    @property
    def yearly(self) -> bool:
        """Whether the factor is a driver's yearly draws (pinned by value, not by a normal)."""
        return self.kind in ("growth", "deflator")


def _span(years: Sequence[int]) -> str:
    return f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _driver_factors(scenario: Scenario, ind: Indicator) -> list[Factor]:
    out = []
    for k, driver in enumerate(ind.drivers()):
        groups: dict[int, list[int]] = {}
        entries = driver.schedule.entries
        for year in free_years(scenario, ind, deflator=k == 1):
            own = [i for i, e in enumerate(entries) if e.years is not None and year in e.years]
            entry = own[0] if own else next(i for i, e in enumerate(entries) if e.years is None)
            groups.setdefault(entry, []).append(year)
        for _entry, years in sorted(groups.items(), key=lambda item: item[1][0]):
            random = driver.over_years.trend_sd > 0 or any(
                driver.schedule.for_year(y).is_random() for y in years  # type: ignore[union-attr]
            )
            if random:
                field = "deflator" if k == 1 else ind.driver_kind
                out.append(
                    Factor(
                        f"{ind.key}.{field}.{_span(years)}",
                        "deflator" if k == 1 else "growth",
                        ind.key,
                        tuple(years),
                        driver=driver.name,
                        additive=k == 0 and ind.driver_kind == "change",
                    )
                )
    return out


def factors(scenario: Scenario) -> tuple[Factor, ...]:
    """Every uncertain assumption of ``scenario``, indicator by indicator in scenario order."""
    out: list[Factor] = []
    cut = scenario.base_year
    for ind in scenario.indicators:
        out += _driver_factors(scenario, ind)
        if ind.rebase is not None and ind.rebase.shift.is_random():
            out.append(Factor(f"{ind.key}.rebase", "rebase", ind.key, (ind.rebase.year,),
                              stream=f"{ind.key}.rebase"))  # fmt: skip
        additive = ind.driver_kind == "change"
        for obs in ind.observations(cut).values():
            if obs.revision_sd > 0:
                out.append(Factor(f"{ind.key}.revision.{obs.year}", "revision", ind.key, (obs.year,),
                                  stream=f"{ind.key}.revision.{obs.year}", additive=additive))  # fmt: skip
        anchor = scenario.anchor_year(ind.key)
        for obs in ind.growth_observations(cut).values():
            used = obs.year in scenario.years and (ind.price_basis == "split" or obs.year > anchor)
            if obs.revision_sd > 0 and used and obs.year > scenario.first_year:
                out.append(Factor(f"{ind.key}.growth_revision.{obs.year}", "growth_revision", ind.key,
                                  (obs.year,), stream=f"{ind.key}.growth_revision.{obs.year}",
                                  additive=additive))  # fmt: skip
    return tuple(out)


def relevant(scenario: Scenario, target: Target, found: Sequence[Factor]) -> tuple[Factor, ...]:
    """The factors that can move ``target``: those of the indicators it is computed from."""
    by_name = {t.name: t for t in scenario.targets}

    def used(t: Target) -> set[str]:
        if t.measure == "joint":
            return set().union(*(used(by_name[m]) for m in t.members))
        return set(components(scenario, t.indicator or ""))

    keys = used(target)
    return tuple(f for f in found if f.indicator in keys)


def _ratio(paths: Paths, array: np.ndarray, years: Sequence[int]) -> np.ndarray:
    cols = [paths.years.index(y) for y in years]
    with np.errstate(divide="ignore", invalid="ignore"):
        return array[:, cols] / array[:, [c - 1 for c in cols]] - 1.0


def yearly_values(scenario: Scenario, factor: Factor, paths: Paths) -> np.ndarray:
    """The factor's value in each of its years per draw, shape ``(n_draws, len(years))``.

    Growth as a fraction (real for indicators with a deflator), price change, yearly change in the
    indicator's unit, census shift, or relative (additive for changes) revision of a published value.
    """
    key = factor.indicator
    ind = scenario.indicator(key)
    levels = paths.levels[key]
    if factor.kind == "deflator":
        return _ratio(paths, paths.price_index[key], factor.years)
    if factor.kind in ("growth", "growth_revision"):
        if ind.price_basis == "split":
            return paths.real_growth[key][:, [paths.years.index(y) for y in factor.years]]
        if factor.additive:
            cols = [paths.years.index(y) for y in factor.years]
            return levels[:, cols] - levels[:, [c - 1 for c in cols]]
        return _ratio(paths, levels, factor.years)
    if factor.kind == "rebase":
        return (paths.rebase_factor[key] - 1.0)[:, None]
    year = factor.years[0]
    published = ind.observations(scenario.base_year)[year].value
    level = levels[:, paths.years.index(year)]
    if ind.rebase is not None and year < ind.rebase.year:
        level = level / paths.rebase_factor[key]
    return (level - published if factor.additive else level / published - 1.0)[:, None]


def average(factor: Factor, yearly: np.ndarray) -> np.ndarray:
    """One value per draw: the geometric (rates) or arithmetic (changes) mean over the years."""
    if yearly.shape[1] == 1:
        return yearly[:, 0]
    if factor.additive:
        return yearly.mean(axis=1)
    return np.prod(1.0 + yearly, axis=1) ** (1.0 / yearly.shape[1]) - 1.0


def factor_values(scenario: Scenario, found: Sequence[Factor], paths: Paths) -> np.ndarray:
    """The value of each factor per draw, shape ``(n_draws, len(found))`` (see :func:`average`)."""
    if not found:
        return np.empty((paths.n_draws, 0))
    return np.column_stack([average(f, yearly_values(scenario, f, paths)) for f in found])


def pins_at(factor: Factor, value: float, q: float) -> Pins:
    """Pins holding ``factor`` at its ``q``-quantile: ``value`` in every year, or the normal ``Φ⁻¹(q)``.

    A yearly factor is held at ``value`` (its average's quantile from the draws) in each of its
    years; a census shift or revision at the standard normal of ``q`` (its exact quantile).
    """
    if factor.yearly:
        assert factor.driver is not None
        return Pins(values={(factor.driver, y): value for y in factor.years})
    assert factor.stream is not None
    from scipy.special import ndtri  # here, not at the top: the report workers import this module

    return Pins(normals={factor.stream: float(ndtri(q))})


def pins_from_draws(
    found: Sequence[Factor], u: np.ndarray, yearly: Sequence[np.ndarray], order: Sequence[np.ndarray]
) -> Pins:
    """Pins setting every factor per draw from uniforms ``u`` of shape ``(n, len(found))``.

    A yearly factor takes the whole path (its years) of the base draw whose average ranks at ``u``
    (``yearly[i]`` are the base draws' yearly values, ``order[i]`` the ranking of their averages),
    so the years keep their joint spread; a census shift or revision takes the normal ``Φ⁻¹(u)``.
    """
    from scipy.special import ndtri

    values: dict[tuple[str, int], np.ndarray] = {}
    normals: dict[str, np.ndarray] = {}
    for i, factor in enumerate(found):
        col = np.clip(u[:, i], _TINY, 1.0 - _TINY)
        if factor.yearly:
            assert factor.driver is not None
            n_base = len(order[i])
            picked = order[i][np.minimum((col * n_base).astype(np.int64), n_base - 1)]
            for j, year in enumerate(factor.years):
                values[(factor.driver, year)] = yearly[i][picked, j]
        else:
            assert factor.stream is not None
            normals[factor.stream] = ndtri(col)
    return Pins(values=values, normals=normals)
