"""Trials: a scenario (possibly changed or pinned) simulated on the same draws, and what it scores.

Every analysis compares runs of one scenario under changed assumptions. They all use the same
entropy and draw count, so each random stream gives the same numbers in every trial (streams are
keyed by driver name and chunk, :mod:`planmodel.rng`): differences between trials are the effect
of the change, not noise (common random numbers). A trial keeps its paths in memory, so analyses
use moderate draw counts (tens of thousands).

Imports: engine, targets, evaluation, results → numpy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..engine import Pins, simulate
from ..errors import ScenarioError
from ..evaluation import probability_interval
from ..results import Paths
from ..scenario import Scenario
from ..targets import measured_values, successes

__all__ = ["Trial", "check_targets", "run_trial", "score"]


@dataclass(frozen=True)
class Trial:
    """One trial: the paths and, per target, success and the measured quantity per draw."""

    paths: Paths
    success: Mapping[str, np.ndarray]
    """Target name → boolean success per draw, shape ``(n_draws,)`` (joint targets too)."""
    measured: Mapping[str, np.ndarray]
    """Target name → the quantity compared, per draw (not for joint targets)."""

    @property
    def draws(self) -> int:
        """Number of draws."""
        return self.paths.n_draws

    def probability(self, target: str) -> float:
        """Share of draws meeting ``target``."""
        return float(np.count_nonzero(self.success[target]) / self.draws)

    def interval(self, target: str) -> tuple[float, float]:
        """The 95% Monte Carlo interval of :meth:`probability` (as every report gives it)."""
        return probability_interval(int(np.count_nonzero(self.success[target])), self.draws)


def score(scenario: Scenario, paths: Paths) -> Trial:
    """Success and measured quantity of every target of ``scenario`` on ``paths``."""
    measured = measured_values(scenario, paths)
    return Trial(paths, successes(scenario, measured), measured)


def run_trial(scenario: Scenario, entropy: int, draws: int, pins: Pins | None = None) -> Trial:
    """Simulate the first ``draws`` draws of a run with ``entropy`` (pinned as given) and score them."""
    return score(scenario, simulate(scenario, entropy, draws, pins))


def check_targets(scenario: Scenario, names: Sequence[str]) -> None:
    """Raise a ScenarioError naming the valid targets if any of ``names`` is not one of them."""
    known = [t.name for t in scenario.targets]
    for name in names:
        if name not in known:
            raise ScenarioError(f"unknown target '{name}' — valid: {', '.join(known)}", ("targets",))
