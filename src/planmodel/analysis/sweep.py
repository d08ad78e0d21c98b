"""Sweep: the probability of targets over a grid of one or two assumptions.

Each grid point is a trial on the same draws (common random numbers, :mod:`.trials`), so the
surface is smooth: neighbouring points differ only by the draws that cross a target, and a
monotone change of an assumption gives a monotone row of probabilities.

Imports: overrides, trials → numpy (pandas only in ``to_frame``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..errors import ScenarioError
from ..scenario import Scenario
from .overrides import Param, apply
from .trials import check_targets, run_trial

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Axis", "Sweep", "grid", "sweep"]

MAX_POINTS = 2_000
"""Most grid points a sweep runs (each is a full trial)."""


@dataclass(frozen=True)
class Axis:
    """One swept parameter and its values."""

    param: Param
    values: tuple[float, ...]


def grid(param: Param, low: float, high: float, n: int) -> Axis:
    """``n`` evenly spaced values from ``low`` to ``high`` (both included)."""
    if n < 2 or not low < high:
        raise ScenarioError(f"expected LO:HI:N with LO < HI and N ≥ 2, got {low:g}:{high:g}:{n}", param.path)
    return Axis(param, tuple(float(v) for v in np.linspace(low, high, n)))


@dataclass(frozen=True)
class Sweep:
    """Probabilities per target over the grid, shape ``(len(axes[0].values), …)``."""

    axes: tuple[Axis, ...]
    probabilities: dict[str, np.ndarray]
    draws: int

    def to_frame(self) -> pd.DataFrame:
        """One row per grid point and target: the parameters' values and the probability."""
        import pandas as pd

        names = [a.param.text for a in self.axes]
        records = []
        for index in np.ndindex(*(len(a.values) for a in self.axes)):
            point = {n: a.values[i] for n, a, i in zip(names, self.axes, index, strict=True)}
            for target, p in self.probabilities.items():
                records.append({**point, "target": target, "probability": float(p[index])})
        return pd.DataFrame.from_records(records)


def sweep(
    scenario: Scenario,
    axes: Sequence[Axis],
    *,
    entropy: int,
    draws: int,
    targets: Sequence[str] | None = None,
) -> Sweep:
    """Run a trial at every point of the grid of ``axes`` (one or two) and keep the probabilities."""
    if not 1 <= len(axes) <= 2:
        raise ScenarioError(f"a sweep varies one or two assumptions, got {len(axes)}", ())
    shape = tuple(len(a.values) for a in axes)
    if int(np.prod(shape)) > MAX_POINTS:
        raise ScenarioError(f"the grid has {int(np.prod(shape))} points; at most {MAX_POINTS}", ())
    names = list(targets) if targets else [t.name for t in scenario.targets]
    check_targets(scenario, names)
    out = {name: np.empty(shape) for name in names}
    for index in np.ndindex(*shape):
        changed = scenario
        for axis, i in zip(axes, index, strict=True):
            changed = apply(changed, axis.param, axis.values[i])
        trial = run_trial(changed, entropy, draws)
        for name in names:
            out[name][index] = trial.probability(name)
    return Sweep(tuple(axes), out, draws)
