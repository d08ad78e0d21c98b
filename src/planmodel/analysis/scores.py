"""Scoring probability forecasts against what happened.

For each target a forecast gives a probability ``p`` that the target is met and a distribution of
the measured quantity (through its intervals and its PIT, the forecast's own CDF at the outcome).
Over many targets:

- **Brier score**: mean of ``(p − met)²``; 0 is perfect, 0.25 is a constant 50%, lower is better.
- **Log score**: mean of ``ln p`` for targets met and ``ln(1 − p)`` for targets missed; 0 is
  perfect, higher is better. A probability of 0 or 1 given to what did not happen would score −∞,
  so probabilities are held inside ``[LOG_FLOOR, 1 − LOG_FLOOR]`` first (1%: one miss a forecaster
  called impossible costs ln 0.01 = −4.6, as much as 4.6 confident hits at 37% each gain). The floor
  applies to every forecast alike.
- **Coverage**: how often the central 50% and 90% intervals hold the outcome (ideal: 50%, 90%).
- **PIT histogram**: counts of the PIT in ten equal bins; flat when the forecast distributions are
  calibrated, U-shaped when too narrow, piled on one side when biased.
- **Reliability**: targets grouped by stated probability (ten bins); in each bin the mean stated
  probability against the share met, with the count.

Standard errors of the mean scores are clustered by year (targets of the same year share its
shocks, so they are not independent). Pure: numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

LOG_FLOOR = 0.01
"""Probabilities are held inside [1%, 99%] before the log score is taken."""
BINS = 10


def brier(p: np.ndarray, met: np.ndarray) -> np.ndarray:
    """Squared error of each stated probability."""
    return (np.asarray(p, float) - np.asarray(met, float)) ** 2


def log_score(p: np.ndarray, met: np.ndarray, floor: float = LOG_FLOOR) -> np.ndarray:
    """Natural log of the probability each forecast gave to what happened (held off 0 and 1)."""
    q = np.clip(np.asarray(p, float), floor, 1.0 - floor)
    return np.where(np.asarray(met, bool), np.log(q), np.log1p(-q))


def clustered_se(values: np.ndarray, clusters: Sequence[object]) -> float:
    """Standard error of the mean of ``values``, clustered (sums of deviations within a cluster)."""
    values = np.asarray(values, float)
    n = len(values)
    if n < 2:
        return float("nan")
    dev = values - values.mean()
    sums: dict[object, float] = {}
    for d, c in zip(dev, clusters, strict=True):
        sums[c] = sums.get(c, 0.0) + float(d)
    groups = len(sums)
    if groups < 2:
        return float("nan")
    return float(np.sqrt(groups / (groups - 1) * sum(s * s for s in sums.values())) / n)


def pit_histogram(pit: np.ndarray, bins: int = BINS) -> np.ndarray:
    """Counts of PIT values in ``bins`` equal bins of [0, 1] (1 falls in the last)."""
    index = np.minimum((np.asarray(pit, float) * bins).astype(int), bins - 1)
    return np.bincount(index, minlength=bins)


@dataclass(frozen=True)
class Reliability:
    """Stated probability against observed frequency, in equal bins of the stated probability."""

    edges: np.ndarray
    """Bin edges, shape ``(bins + 1,)``."""
    stated: np.ndarray
    """Mean stated probability in each bin (NaN where empty)."""
    observed: np.ndarray
    """Share of targets met in each bin (NaN where empty)."""
    counts: np.ndarray


def reliability(p: np.ndarray, met: np.ndarray, bins: int = BINS) -> Reliability:
    """Group forecasts by stated probability and compare with how often the target was met."""
    p = np.asarray(p, float)
    met = np.asarray(met, float)
    index = np.minimum((p * bins).astype(int), bins - 1)
    counts = np.bincount(index, minlength=bins)
    with np.errstate(invalid="ignore"):
        stated = np.bincount(index, weights=p, minlength=bins) / counts
        observed = np.bincount(index, weights=met, minlength=bins) / counts
    return Reliability(np.linspace(0.0, 1.0, bins + 1), stated, observed, counts)


@dataclass(frozen=True)
class Summary:
    """The scores of one setting over a set of targets."""

    n: int
    brier: float
    brier_se: float
    log: float
    log_se: float
    coverage50: float
    coverage90: float
    met_share: float
    """Share of the targets that were met (the same for every setting on the same targets)."""
    mean_probability: float
    pit_counts: np.ndarray


def summarize(
    p: np.ndarray,
    met: np.ndarray,
    covered50: np.ndarray,
    covered90: np.ndarray,
    pit: np.ndarray,
    clusters: Sequence[object],
    floor: float = LOG_FLOOR,
) -> Summary:
    """Scores of one setting: Brier, log score (with clustered standard errors), coverage, PIT."""
    b = brier(p, met)
    s = log_score(p, met, floor)
    return Summary(
        n=len(b),
        brier=float(b.mean()),
        brier_se=clustered_se(b, clusters),
        log=float(s.mean()),
        log_se=clustered_se(s, clusters),
        coverage50=float(np.mean(covered50)),
        coverage90=float(np.mean(covered90)),
        met_share=float(np.mean(met)),
        mean_probability=float(np.mean(p)),
        pit_counts=pit_histogram(pit),
    )
