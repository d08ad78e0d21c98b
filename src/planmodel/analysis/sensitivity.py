"""Sensitivity: which uncertain assumptions decide each target.

Two views over the scenario's factors (:mod:`.factors`), both on common random numbers:

- **tornado**: each factor held at its 10th and then its 90th percentile while every other draw is
  as in the base run; the change of the target's probability from the base run is the factor's
  swing (one trial per end; no noise between them but the draws the factor moves);
- **Sobol indices** (first order and total, Saltelli's sampling and Jansen's estimators via SALib):
  every factor is drawn from its own distribution through one uniform per draw (a driver's whole
  path is taken from the base draw ranked there, so its years keep their joint spread), all in
  one pinned trial of ``n × (k + 2)`` draws; the output is the target's success (0/1), or the
  measured value with ``output="value"``.

:func:`drivers` ranks factors by swing (the order planners read off a tornado).

Imports: factors, trials → numpy, SALib (pandas only in ``to_frame``).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from ..scenario import Scenario
from .factors import (
    Factor,
    average,
    factor_values,
    factors,
    pins_at,
    pins_from_draws,
    relevant,
    yearly_values,
)
from .trials import Trial, run_trial

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Bar", "Indices", "Sensitivity", "drivers", "sensitivity", "sobol", "tornado"]

QUANTILES = (0.10, 0.90)
RARE = 0.01
"""Below this probability a target's Sobol indices do not pick its drivers."""


@dataclass(frozen=True)
class Bar:
    """One factor of a tornado: its values at the 10th/90th percentile and the probabilities there."""

    target: str
    factor: Factor
    low_value: float
    high_value: float
    p_low: float
    p_high: float
    p_base: float

    @property
    def swing(self) -> float:
        """|p(90th) − p(10th)|: how far the factor alone moves the probability."""
        return abs(self.p_high - self.p_low)


@dataclass(frozen=True)
class Indices:
    """Sobol first-order and total indices of one target, per factor, with 95% bootstrap half-widths."""

    target: str
    factors: tuple[Factor, ...]
    first: np.ndarray
    first_conf: np.ndarray
    total: np.ndarray
    total_conf: np.ndarray
    n: int
    """Base sample size (the trial had ``n × (k + 2)`` draws)."""


@dataclass(frozen=True)
class Sensitivity:
    """Tornado bars per target (largest swing first) and, when run, Sobol indices."""

    bars: dict[str, tuple[Bar, ...]]
    indices: dict[str, Indices]
    draws: int

    def to_frame(self) -> pd.DataFrame:
        """One row per target and factor: tornado ends and swing, and Sobol indices where run."""
        import pandas as pd

        records = []
        for target, bars in self.bars.items():
            idx = self.indices.get(target)
            where = {f.key: i for i, f in enumerate(idx.factors)} if idx else {}
            for rank, b in enumerate(bars, 1):
                rec = {
                    "target": target,
                    "rank": rank,
                    "factor": b.factor.key,
                    "kind": b.factor.kind,
                    "low_value": b.low_value,
                    "high_value": b.high_value,
                    "p_base": b.p_base,
                    "p_low": b.p_low,
                    "p_high": b.p_high,
                    "swing": b.swing,
                }
                if idx is not None and b.factor.key in where:
                    i = where[b.factor.key]
                    rec.update(
                        S1=idx.first[i], S1_conf=idx.first_conf[i], ST=idx.total[i], ST_conf=idx.total_conf[i]
                    )
                records.append(rec)
        return pd.DataFrame.from_records(records)


def tornado(
    scenario: Scenario, targets: Sequence[str], *, entropy: int, draws: int, base: Trial | None = None
) -> dict[str, tuple[Bar, ...]]:
    """Tornado bars of each target over the factors that can move it, largest swing first."""
    base = base or run_trial(scenario, entropy, draws)
    by_name = {t.name: t for t in scenario.targets}
    found = factors(scenario)
    used = {f.key for name in targets for f in relevant(scenario, by_name[name], found)}
    ends: dict[str, tuple[float, float, Trial, Trial]] = {}
    for f in found:
        if f.key not in used:
            continue
        values = factor_values(scenario, [f], base.paths)[:, 0]
        lo, hi = (float(np.quantile(values[np.isfinite(values)], q)) for q in QUANTILES)
        t_lo = run_trial(scenario, entropy, draws, pins_at(f, lo, QUANTILES[0]))
        t_hi = run_trial(scenario, entropy, draws, pins_at(f, hi, QUANTILES[1]))
        ends[f.key] = (lo, hi, t_lo, t_hi)
    out = {}
    for name in targets:
        bars = [
            Bar(
                name,
                f,
                ends[f.key][0],
                ends[f.key][1],
                ends[f.key][2].probability(name),
                ends[f.key][3].probability(name),
                base.probability(name),
            )
            for f in relevant(scenario, by_name[name], found)
        ]
        out[name] = tuple(sorted(bars, key=lambda b: (-b.swing, b.factor.key)))
    return out


def sobol(
    scenario: Scenario,
    targets: Sequence[str],
    *,
    entropy: int,
    n: int = 1024,
    base: Trial,
    output: Literal["success", "value"] = "success",
) -> dict[str, Indices]:
    """Sobol indices of each target over the factors that can move it (see the module docstring)."""
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    by_name = {t.name: t for t in scenario.targets}
    found = factors(scenario)
    used = [f for f in found if any(f in relevant(scenario, by_name[t], found) for t in targets)]
    if not used:
        return {}
    problem = {"num_vars": len(used), "names": [f.key for f in used], "bounds": [[0.0, 1.0]] * len(used)}
    u = sobol_sample.sample(problem, n, calc_second_order=False, scramble=True, seed=entropy % 2**32)
    yearly = [yearly_values(scenario, f, base.paths) if f.yearly else np.empty((0, 0)) for f in used]
    order = [
        np.argsort(average(f, y), kind="stable") if f.yearly else np.empty(0, int)
        for f, y in zip(used, yearly, strict=True)
    ]
    trial = run_trial(scenario, entropy, len(u), pins_from_draws(used, u, yearly, order))
    out = {}
    for name in targets:
        mine = relevant(scenario, by_name[name], used)
        y = trial.success[name].astype(float) if output == "success" else trial.measured[name]
        if np.ptp(y) == 0:
            continue  # met (or missed) in every trial: nothing varies, so there are no indices
        with warnings.catch_warnings():  # SALib warns on constant bootstrap resamples; the
            warnings.simplefilter("ignore")  # confidence columns already carry that doubt
            res = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=entropy % 2**32)
        keep = [used.index(f) for f in mine]
        out[name] = Indices(
            name,
            tuple(mine),
            np.asarray(res["S1"])[keep],
            np.asarray(res["S1_conf"])[keep],
            np.asarray(res["ST"])[keep],
            np.asarray(res["ST_conf"])[keep],
            n,
        )
    return out


def sensitivity(
    scenario: Scenario,
    targets: Sequence[str],
    *,
    entropy: int,
    draws: int,
    sobol_n: int | None = 512,
) -> Sensitivity:
    """Tornado (and Sobol indices unless ``sobol_n`` is None) of ``targets``."""
    base = run_trial(scenario, entropy, draws)
    bars = tornado(scenario, targets, entropy=entropy, draws=draws, base=base)
    indices = sobol(scenario, targets, entropy=entropy, n=sobol_n, base=base) if sobol_n else {}
    return Sensitivity(bars, indices, draws)


def drivers(
    result: Sensitivity, target: str, k: int = 3, floor: float = 0.005, total_floor: float = 0.1
) -> tuple[Bar, ...]:
    """The ``k`` factors that decide ``target`` most.

    Ranked by swing; a factor counts when its swing is at least ``floor`` or, where Sobol indices
    were run, its total index at least ``total_floor`` (a factor whose 10th and 90th percentiles
    both miss a far target still decides it when it is the only way there). Ties in swing (both
    zero) are broken by the total index. Indices are not used for a target met in fewer than
    :data:`RARE` of the draws (their estimates are noise there).
    """
    idx = result.indices.get(target)
    bars_all = result.bars[target]
    rare = not bars_all or bars_all[0].p_base < RARE  # Sobol indices of a rare success are noise
    total = {f.key: float(t) for f, t in zip(idx.factors, idx.total, strict=True)} if idx and not rare else {}
    bars = [b for b in bars_all if b.swing >= floor or total.get(b.factor.key, 0.0) >= total_floor]
    bars.sort(key=lambda b: (-round(b.swing, 6), -total.get(b.factor.key, 0.0), b.factor.key))
    return tuple(bars[:k])
