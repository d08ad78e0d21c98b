"""Conditions for success: the simplest box on the assumptions where a target is most often met.

PRIM (Friedman & Fisher 1999, "Bump hunting in high-dimensional data"), peeling only: start from
every draw; repeatedly cut off the share ``alpha`` of the remaining draws at the low or high end of
the one factor whose cut raises the success rate inside the box the most; stop when fewer than
``min_support`` of the draws remain. Of the boxes on the way we keep the one with the highest
density that still holds ``min_coverage`` of all successes, then drop every limit whose removal
costs less than ``slack`` of density (simplest rule), and keep at most ``max_limits`` limits.

Coverage is the share of all successes inside the box, density the success rate inside it (the
probability of the target if the assumptions fall in the box), support the share of draws inside.
About forty lines of numpy do this; a library (ema_workbench) would bring a modelling framework we
do not need.

Imports: factors, trials → numpy (pandas only in ``to_frame``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..scenario import Scenario
from .factors import Factor, factor_values, factors, relevant
from .trials import Trial, run_trial

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Box", "Limit", "conditions", "peel"]


@dataclass(frozen=True)
class Limit:
    """One side of the box: ``factor`` at least (``lower``) or at most ``value``."""

    factor: Factor
    lower: bool
    value: float


@dataclass(frozen=True)
class Box:
    """A rule on the factors, with how well it separates success from failure."""

    target: str
    limits: tuple[Limit, ...]
    coverage: float
    density: float
    support: float
    base: float
    """The target's probability over all draws."""
    draws: int

    def to_frame(self) -> pd.DataFrame:
        """One row per limit, with the box's coverage, density and support."""
        import pandas as pd

        return pd.DataFrame.from_records(
            [
                {
                    "target": self.target,
                    "factor": lim.factor.key,
                    "bound": "at_least" if lim.lower else "at_most",
                    "value": lim.value,
                    "coverage": self.coverage,
                    "density": self.density,
                    "support": self.support,
                    "base_probability": self.base,
                }
                for lim in self.limits
            ],
            columns=[
                "target",
                "factor",
                "bound",
                "value",
                "coverage",
                "density",
                "support",
                "base_probability",
            ],
        )


def _inside(x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return np.all((x >= lo) & (x <= hi), axis=1)


def peel(
    x: np.ndarray, y: np.ndarray, alpha: float = 0.05, min_support: float = 0.05
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The PRIM peeling trajectory: boxes ``(lower, upper)`` from the whole range inwards."""
    n, k = x.shape
    lo, hi = np.full(k, -np.inf), np.full(k, np.inf)
    boxes = [(lo.copy(), hi.copy())]
    inside = np.ones(n, bool)
    while inside.sum() > min_support * n:
        best: tuple[float, int, bool, float] | None = None
        xi, yi = x[inside], y[inside]
        for j in range(k):
            for lower in (True, False):
                cut = float(np.quantile(xi[:, j], alpha if lower else 1 - alpha))
                keep = xi[:, j] >= cut if lower else xi[:, j] <= cut
                if keep.all() or not keep.any():
                    continue
                mean = float(yi[keep].mean())
                if best is None or mean > best[0]:
                    best = (mean, j, lower, cut)
        if best is None:
            break
        _, j, lower, cut = best
        if lower:
            lo[j] = cut
        else:
            hi[j] = cut
        inside = _inside(x, lo, hi)
        boxes.append((lo.copy(), hi.copy()))
    return boxes


def _stats(x: np.ndarray, y: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[float, float, float]:
    inside = _inside(x, lo, hi)
    hits = float(y[inside].sum())
    total = float(y.sum())
    return (
        hits / total if total else 0.0,
        hits / inside.sum() if inside.any() else 0.0,
        float(inside.mean()),
    )


def best_box(
    x: np.ndarray,
    y: np.ndarray,
    *,
    alpha: float = 0.05,
    min_support: float = 0.05,
    min_coverage: float = 0.5,
    slack: float = 0.02,
    max_limits: int = 3,
) -> tuple[np.ndarray, np.ndarray]:
    """The simplest box of the trajectory (see the module docstring), as ``(lower, upper)``."""
    boxes = peel(x, y, alpha, min_support)
    scored = [(b, _stats(x, y, *b)) for b in boxes]
    ok = [(b, s) for b, s in scored if s[0] >= min_coverage] or scored[:1]
    (lo, hi), (_, density, _) = max(ok, key=lambda item: item[1][1])
    lo, hi = lo.copy(), hi.copy()
    while True:  # drop the limit that costs least, while it costs under slack (or too many limits)
        active = [(j, side) for j in range(len(lo)) for side in (0, 1) if np.isfinite((lo, hi)[side][j])]
        if not active:
            break
        costs = []
        for j, side in active:
            trial = (lo.copy(), hi.copy())
            trial[side][j] = -np.inf if side == 0 else np.inf
            costs.append((density - _stats(x, y, *trial)[1], j, side))
        cost, j, side = min(costs)
        if cost > slack * density and len(active) <= max_limits:
            break
        (lo, hi)[side][j] = -np.inf if side == 0 else np.inf
        density = _stats(x, y, lo, hi)[1]
    return lo, hi


def conditions(
    scenario: Scenario, target: str, *, entropy: int, draws: int, base: Trial | None = None, **options: float
) -> Box:
    """The simplest rule on the factors that can move ``target`` under which it is most often met."""
    base = base or run_trial(scenario, entropy, draws)
    t = next(t for t in scenario.targets if t.name == target)
    found: Sequence[Factor] = relevant(scenario, t, factors(scenario))
    x = factor_values(scenario, found, base.paths)
    y = base.success[target].astype(float)
    finite = np.all(np.isfinite(x), axis=1)
    x, y = x[finite], y[finite]
    p = float(y.mean()) if y.size else 0.0
    if not found or p in (0.0, 1.0):
        return Box(target, (), 1.0 if p else 0.0, p, 1.0, p, base.draws)
    lo, hi = best_box(x, y, **options)  # type: ignore[arg-type]
    coverage, density, support = _stats(x, y, lo, hi)
    limits = [Limit(f, True, float(lo[j])) for j, f in enumerate(found) if np.isfinite(lo[j])]
    limits += [Limit(f, False, float(hi[j])) for j, f in enumerate(found) if np.isfinite(hi[j])]
    limits.sort(key=lambda lim: found.index(lim.factor))
    return Box(target, tuple(limits), coverage, density, support, p, base.draws)
