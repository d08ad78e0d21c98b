"""The reference model implemented by hand: the random-number floor and a plain numpy script.

Both use numpy's default generator (PCG64 ``Generator.standard_normal``), the generator type
planmodel's engine draws from, so "floor" means: the cheapest possible Monte Carlo of a model
that needs this many standard normals.
"""

from __future__ import annotations

import numpy as np

from reference import BASE, CORR, MEAN, SD, YEARS, Answers, answers_from_levels

CHOLESKY = np.linalg.cholesky(CORR)
NORMALS_PER_DRAW = len(YEARS) * len(BASE)
"""Standard normals the reference model needs per draw: 3 indicators × 3 projected years."""


def draw_normals(count: int, seed: int, block: int) -> None:
    """Draw ``count`` standard normals in calls of at most ``block`` (the floor; results dropped)."""
    rng = np.random.default_rng(seed)
    remaining = count
    while remaining > 0:
        n = min(remaining, block)
        rng.standard_normal(n)
        remaining -= n


def numpy_model(draws: int, seed: int) -> Answers:
    """The reference model as a plain vectorised numpy script: all draws at once, draws on the last axis."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((len(BASE), len(YEARS) * draws))  # indicator × (year, draw)
    growth = MEAN[:, None] + SD[:, None] * (CHOLESKY @ z)  # correlated within a year only
    levels = BASE[:, None] * np.prod(1.0 + growth.reshape(len(BASE), len(YEARS), draws), axis=1)
    return answers_from_levels(levels[0], levels[1])
