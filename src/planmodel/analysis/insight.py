"""What ``planmodel run --sensitivity`` adds to a briefing: tornado and conditions per key target.

Runs :func:`.sensitivity.sensitivity` and :func:`.conditions.conditions` on the same draws for the
targets the briefing gives a section (open, not joint), so 风险与提示 can say which assumptions
decide each target and under what simple condition it becomes likely.

Imports: sensitivity, conditions, trials → numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..scenario import Scenario
from .conditions import Box, conditions
from .sensitivity import Sensitivity, sensitivity
from .trials import run_trial

__all__ = ["INSIGHT_DRAWS", "Insight", "insight"]

INSIGHT_DRAWS = 20_000
"""Draws per trial at most (a tornado runs two trials per assumption)."""


@dataclass(frozen=True)
class Insight:
    """Sensitivity (tornado, Sobol) and conditions for success of some targets of one scenario."""

    scenario: Scenario
    targets: tuple[str, ...]
    sensitivity: Sensitivity
    boxes: dict[str, Box]


def insight(
    scenario: Scenario, targets: Sequence[str], *, entropy: int, draws: int, sobol_n: int | None = 1024
) -> Insight:
    """Tornado, Sobol indices and the conditions for success of ``targets``."""
    draws = min(draws, INSIGHT_DRAWS)
    result = sensitivity(scenario, targets, entropy=entropy, draws=draws, sobol_n=sobol_n)
    base = run_trial(scenario, entropy, draws)
    boxes = {t: conditions(scenario, t, entropy=entropy, draws=draws, base=base) for t in targets}
    return Insight(scenario, tuple(targets), result, boxes)
