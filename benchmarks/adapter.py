"""The only place the benchmarks call planmodel: adapt here when its API moves.

:func:`planmodel_runner` loads a scenario once and returns a function that runs it through the
public API (``planmodel.run``) and reduces the outcome to plain numbers the harness understands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Outcome:
    """What the harness needs from one planmodel run.

    ``probabilities`` by target name; ``percentiles[(indicator, year)][q]`` levels; ``percentile_draws``
    the number of draws the percentiles come from; ``normals_per_draw`` the standard normals the
    engine draws per Monte Carlo draw (yearly states where needed, once-per-draw numbers, revisions).
    """

    probabilities: dict[str, float]
    percentiles: dict[tuple[str, int], dict[float, float]]
    draws: int
    percentile_draws: int
    normals_per_draw: int
    block_size: int


def engine_runner(path: Path) -> Callable[[int, int], None]:
    """Load ``path`` once; return ``simulate(draws, seed)``: the engine alone (paths, no reductions)."""
    from planmodel import load_scenario
    from planmodel.backends.memory import keep_freed_memory
    from planmodel.engine import prepared, simulate_draws, slices
    from planmodel.settings import Block

    plan = prepared(load_scenario(path).scenario)

    def simulate(draws: int, seed: int) -> None:
        keep_freed_memory()
        for start, n in slices(Block(0, 0, draws)):
            simulate_draws(plan, seed, start, n)

    return simulate


def planmodel_runner(path: Path) -> Callable[..., Outcome]:
    """Load ``path`` once; return ``run(draws, seed, workers=1, backend=None) -> Outcome``."""
    from planmodel import load_scenario, run
    from planmodel.engine import prepared

    loaded = load_scenario(path)
    normals_per_draw = prepared(loaded.scenario).normals_per_draw

    def run_once(draws: int, seed: int, workers: int = 1, backend: object = None) -> Outcome:
        results = run(loaded, draws=draws, seed=seed, workers=workers, backend=backend).results
        percentiles = {
            (key, year): {q: float(table[i, j]) for j, q in enumerate(results.quantiles)}
            for key, table in results.percentiles.items()
            for i, year in enumerate(results.years)
        }
        return Outcome(
            probabilities={t.name: float(t.probability) for t in results.targets},
            percentiles=percentiles,
            draws=int(results.draws),
            percentile_draws=int(results.draws),  # percentiles from every draw
            normals_per_draw=normals_per_draw,
            block_size=int(loaded.settings.block_size),
        )

    return run_once


def same_numbers(a: Outcome, b: Outcome) -> bool:
    """Whether two outcomes agree to the last bit (probabilities and percentiles)."""
    return a.probabilities == b.probabilities and all(
        np.array_equal(list(a.percentiles[k].values()), list(b.percentiles[k].values()), equal_nan=True)
        for k in a.percentiles
    )
