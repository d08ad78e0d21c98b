"""Derived indicators on simulated paths: levels, real growth, and levels before a census revision.

A formula sees every name in base units (元, 人, a fraction for %) and ``real(x)`` / ``real(x,
year)`` as ``x`` at constant prices (of its last published year, or of ``year``). Its result is
expressed in the derived indicator's unit.

The real growth of a derived indicator is the growth of the same formula evaluated on constant-
price values: every component with real growth and prices enters at constant prices (of its own
last published year), quantities without prices as they are; a current-price total without a real
split makes it undefined (NaN). So 人均GDP = gdp / population grows in real terms as real GDP per
person does, and 全员劳动生产率 = gdp / employed as real GDP per worker.

Numeric core: numpy only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

import numpy as np

from .formula_tree import real_key
from .results import Deferred, Paths, growth_from_levels
from .scenario import Derived, Scenario


def real_level(paths: Paths, key: str, base_year: int | None, levels: np.ndarray | None = None) -> np.ndarray:
    """``key`` at constant prices of ``base_year`` (its last published year when ``None``)."""
    nominal = paths.levels[key] if levels is None else levels
    index = paths.price_index[key]
    with np.errstate(divide="ignore", invalid="ignore"):
        at_anchor = nominal / index
    if base_year is None:
        return at_anchor
    return at_anchor * index[:, paths.years.index(base_year)][:, None]


def _evaluate(
    scenario: Scenario, d: Derived, values: Mapping[str, np.ndarray], reals: Mapping[str, np.ndarray]
) -> np.ndarray:
    """One formula over ``(n, n_years)`` arrays in their own units; result in ``d``'s unit.

    A product or quotient of names (人均GDP = gdp / population) is evaluated on the arrays as they
    are and scaled once; any other formula sees every name converted to base units.
    """
    units = scenario.units()
    scales = {name: units[name].scale for name in d.formula.names if name in values}
    scales.update({real_key(name, year): units[name].scale for name, year in d.formula.real_refs})
    factor = d.formula.scale_factor(scales)
    env: dict[str, np.ndarray] = {name: values[name] for name in d.formula.names if name in values}
    env.update({real_key(name, year): reals[real_key(name, year)] for name, year in d.formula.real_refs})
    if factor is None:
        env = {key: array * scales[key] for key, array in env.items()}
        factor = 1.0
    shape = next(iter(values.values())).shape
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = np.asarray(d.formula.evaluate(env), dtype=float)
        scale = factor / d.unit.scale
        if scale != 1.0:
            out = out * scale
    return np.broadcast_to(out, shape).copy() if out.shape != shape else out


def _real_refs(scenario: Scenario, paths: Paths, levels: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {
        real_key(name, year): real_level(paths, name, year, levels[name])
        for d in scenario.derived
        for name, year in d.formula.real_refs
    }


def evaluate_derived(
    scenario: Scenario, paths: Paths, levels: Mapping[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Levels of every derived indicator from the simulated ``levels`` (in order of definition)."""
    values = dict(levels)
    reals = _real_refs(scenario, paths, levels)
    for d in scenario.derived:
        values[d.key] = _evaluate(scenario, d, values, reals)
    return {d.key: values[d.key] for d in scenario.derived}


def _constant_price_values(scenario: Scenario, paths: Paths) -> dict[str, np.ndarray]:
    """Every indicator at constant prices where that is defined (NaN where it is not)."""
    out: dict[str, np.ndarray] = {}
    for ind in scenario.indicators:
        if ind.price_basis == "split":
            out[ind.key] = real_level(paths, ind.key, None)
        elif ind.price_basis == "nominal_only":
            out[ind.key] = np.full_like(paths.levels[ind.key], np.nan)
        else:
            out[ind.key] = paths.levels[ind.key]
    reals = _real_refs(scenario, paths, paths.levels)
    for d in scenario.derived:
        out[d.key] = _evaluate(scenario, d, out, reals)
    return out


def derived_paths(scenario: Scenario, paths: Paths) -> Paths:
    """``paths`` with the levels and real growth of every derived indicator added."""
    if not scenario.derived:
        return paths
    levels = dict(paths.levels)
    levels.update(evaluate_derived(scenario, paths, paths.levels))
    constant: dict[str, np.ndarray] = {}

    def real_growth(key: str) -> Callable[[], np.ndarray]:
        def make() -> np.ndarray:
            if not constant:  # every derived indicator at constant prices at once, when first asked
                constant.update(_constant_price_values(scenario, paths))
            return growth_from_levels(constant[key])

        return make

    pending = {d.key: real_growth(d.key) for d in scenario.derived}
    base = paths.real_growth
    real = base.extended(pending) if isinstance(base, Deferred) else Deferred(base).extended(pending)
    return replace(paths, levels=levels, real_growth=real)


def pre_revision_levels(scenario: Scenario, paths: Paths, key: str) -> np.ndarray:
    """Levels of ``key`` on the basis before its components' census revisions."""
    simulated = {i.key: paths.levels[i.key] for i in scenario.indicators}
    with np.errstate(divide="ignore", invalid="ignore"):  # a factor of 0: counted and refused later
        for name, factor in paths.rebase_factor.items():
            simulated[name] = simulated[name] / factor[:, None]
    if key in simulated:
        return simulated[key]
    return evaluate_derived(scenario, paths, simulated)[key]
