"""Compare: several scenarios (基准/乐观/悲观) side by side on the same draws.

Every scenario is run with the same seed and draw count; random streams are keyed by driver name
(:mod:`planmodel.rng`), so drivers the scenarios share get the same random numbers and the
differences between columns come from the assumptions, not from noise (common random numbers).
A scenario compared with itself gives identical rows.

Imports: runner (simulation and evaluation), results → numpy (pandas only in ``to_frame``).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..results import Results
from ..scenario import Scenario
from ..settings import RunSettings

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Comparison", "compare", "fan"]

FAN_QUANTILES = (0.10, 0.50, 0.90)


@dataclass(frozen=True)
class Comparison:
    """The results of each scenario, labelled, from one seed and draw count."""

    labels: tuple[str, ...]
    results: tuple[Results, ...]

    def targets(self) -> list[str]:
        """Target names in the order of the first scenario, then any others."""
        names: list[str] = []
        for r in self.results:
            names += [t.name for t in r.targets if t.name not in names]
        return names

    def to_frame(self) -> pd.DataFrame:
        """One row per target and scenario: probability (with its 95% interval), median, pace needed."""
        import pandas as pd

        records = []
        for name in self.targets():
            for label, r in zip(self.labels, self.results, strict=True):
                t = next((t for t in r.targets if t.name == name), None)
                if t is None:
                    continue
                needed = t.required_change if t.required_change is not None else t.required_growth
                records.append(
                    {
                        "target": name,
                        "scenario": label,
                        "probability": t.probability,
                        "ci_low": t.ci_low,
                        "ci_high": t.ci_high,
                        "median": t.median,
                        "needed_pace": needed,
                        "needed_real_growth": t.required_real_growth,
                    }
                )
        return pd.DataFrame.from_records(records)


def compare(scenarios: Sequence[Scenario], labels: Sequence[str], *, seed: int, draws: int) -> Comparison:
    """Run every scenario with ``seed`` and ``draws`` (so shared drivers share their draws)."""
    from ..runner import run

    settings = RunSettings(draws=draws, seed=seed)
    return Comparison(tuple(labels), tuple(run(s, settings).results for s in scenarios))


def fan(results: Results, indicator: str) -> tuple[list[int], np.ndarray]:
    """Years and the 10th/50th/90th percentile of ``indicator`` per year, shape ``(3, n_years)``."""
    sample = results.sample
    with warnings.catch_warnings():  # years before the first known value are all NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        return list(sample.years), np.nanquantile(sample.levels[indicator], FAN_QUANTILES, axis=0)
