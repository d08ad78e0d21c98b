"""Seek: the value of one assumption that gives a target a chosen probability.

Every trial simulates the same draws (common random numbers, :mod:`.trials`) with the assumption
changed through :mod:`.overrides`, so the probability is a step function of the value that moves
only when a draw crosses the target. Moving a mean shifts every draw the same way, so each draw's
success changes at most once and the function is monotone; we bracket the answer at the two ends
of the allowed range and bisect until the bracket is narrower than the tolerance. The answer is the
end of the final bracket that meets the goal: the same value on every machine, for the same seed.

When neither end of the range reaches the goal, or both do, the result says so (no value).

Imports: overrides, trials → numpy (pandas only in ``to_frame``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ScenarioError
from ..scenario import Scenario
from .overrides import Param, apply
from .trials import check_targets, run_trial

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Seek", "default_range", "default_tolerance", "probability_at", "seek"]

RATE_SPAN = 0.15
"""Default range of a rate parameter: its value now ± 15 percentage points (sd: 0 to 3× now)."""


def default_range(param: Param) -> tuple[float, float]:
    """The values tried when none are given: wide enough for any plausible plan."""
    v = param.value
    if param.name == "persistence":
        return -0.95, 0.95
    if param.name == "df":
        return 2.5, 100.0
    if param.name in ("sd", "scale", "trend_sd"):
        return 0.0, max(3.0 * v, 0.05 if param.kind == "rate" else 1.0)
    if param.kind == "rate":
        return v - RATE_SPAN, v + RATE_SPAN
    span = max(3.0, 3.0 * abs(v))
    return v - span, v + span


def default_tolerance(param: Param) -> float:
    """Width of the final bracket: 0.01 percentage point for rates, 0.001 of the unit otherwise."""
    return 1e-4 if param.kind == "rate" else 1e-3


@dataclass(frozen=True)
class Seek:
    """The answer of :func:`seek` and every trial on the way."""

    target: str
    param: Param
    goal: float
    """The probability sought."""
    low: float
    high: float
    tolerance: float
    draws: int
    value: float | None
    """The least (or greatest, if raising the value lowers the chance) value reaching ``goal``;
    None when no value in ``low .. high`` does, or every value does."""
    probability: float | None
    """The probability at ``value``."""
    increasing: bool
    status: str
    """``found``, ``unreachable`` (not even the best end reaches the goal) or ``always`` (the
    worst end already does)."""
    trials: tuple[tuple[float, float], ...]
    """(value, probability) of every trial, in the order run."""

    def to_frame(self) -> pd.DataFrame:
        """Every trial, by value: the parameter's value and the target's probability."""
        import pandas as pd

        frame = pd.DataFrame(sorted(self.trials), columns=["value", "probability"])
        frame.insert(0, "parameter", self.param.text)
        frame.insert(0, "target", self.target)
        frame["answer"] = frame["value"] == self.value
        return frame


def probability_at(
    scenario: Scenario, param: Param, value: float, target: str, entropy: int, draws: int
) -> float:
    """The probability of ``target`` with ``param`` set to ``value`` (the same draws every time)."""
    return run_trial(apply(scenario, param, value), entropy, draws).probability(target)


def seek(
    scenario: Scenario,
    target: str,
    goal: float,
    param: Param,
    *,
    entropy: int,
    draws: int,
    low: float | None = None,
    high: float | None = None,
    tolerance: float | None = None,
) -> Seek:
    """The value of ``param`` at which ``target`` has probability ``goal`` (bracket + bisection).

    Raises
    ------
    ScenarioError
        For an unknown target, a goal outside (0, 1), or an empty range.
    """
    check_targets(scenario, [target])
    if not 0.0 < goal < 1.0:
        raise ScenarioError(f"--probability must lie between 0 and 1, got {goal:g}", ())
    d_low, d_high = default_range(param)
    lo = d_low if low is None else low
    hi = d_high if high is None else high
    if not lo < hi:
        raise ScenarioError(f"the range to search is empty ({lo:g} to {hi:g})", param.path)
    tol = default_tolerance(param) if tolerance is None else tolerance
    trials: list[tuple[float, float]] = []

    def at(v: float) -> float:
        p = probability_at(scenario, param, v, target, entropy, draws)
        trials.append((v, p))
        return p

    p_lo, p_hi = at(lo), at(hi)
    increasing = p_hi >= p_lo
    worst, best = (p_lo, p_hi) if increasing else (p_hi, p_lo)
    common = dict(
        target=target,
        param=param,
        goal=goal,
        low=lo,
        high=hi,
        tolerance=tol,
        draws=draws,
        increasing=increasing,
    )
    if best < goal:
        return Seek(**common, value=None, probability=None, status="unreachable", trials=tuple(trials))  # type: ignore[arg-type]
    if worst >= goal:
        return Seek(**common, value=None, probability=None, status="always", trials=tuple(trials))  # type: ignore[arg-type]
    fails, meets, p_meets = (lo, hi, p_hi) if increasing else (hi, lo, p_lo)
    while abs(meets - fails) > tol:
        mid = 0.5 * (fails + meets)
        p = at(mid)
        if p >= goal:
            meets, p_meets = mid, p
        else:
            fails = mid
    return Seek(**common, value=meets, probability=p_meets, status="found", trials=tuple(trials))  # type: ignore[arg-type]
