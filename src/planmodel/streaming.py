"""What a block of draws reports: counts and tallies that merge exactly, whatever the blocks.

A block's paths are reduced to a :class:`BlockSummary`: integer success and first-passage counts
per target, tallies of every reported quantity on the run's grids (:mod:`planmodel.quantiles`:
each indicator in each year, each target's measured value), and its part of a small retained
sample. Summaries merge by adding integers (and taking minima and maxima), so a run's results are
bit-identical for any block size, worker count or backend, and memory stays flat in the number of
draws. The grids come from a pilot: the run's first :data:`~planmodel.rng.CHUNK` draws
(:func:`pilot_grids`), simulated before the blocks, so they too are the same however the run is cut.

Numeric core: numpy only.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field, replace

import numpy as np

from .quantiles import Grid, Tallies
from .results import Paths
from .scenario import Scenario, Target
from .targets import first_passage_counts, level_basis, measured_values, successes, tolerant_successes
from .undefined import Undefined

Quantity = tuple[str, str, int]
"""``("level", indicator, column)`` or ``("target", target name, -1)``."""


@dataclass
class BlockSummary:
    """What one block contributes: counts over all its draws, tallies, and its part of the sample."""

    block: int
    draws: int
    successes: dict[str, int]
    first_reached: dict[str, np.ndarray]
    retained: Paths | None = None
    retained_measured: dict[str, np.ndarray] = field(default_factory=dict)
    tallies: Tallies = field(default_factory=lambda: Tallies({}))
    undefined: Undefined = field(default_factory=Undefined)
    """Draws that cannot be computed (see :mod:`planmodel.undefined`); the run refuses any."""


def tolerant_key(name: str) -> str:
    """The key of a target's tolerant-reading count among a summary's success counts."""
    return f"{name}\x00tolerant"


def has_passage(scenario: Scenario, target: Target) -> bool:
    """Whether first-passage years are counted for ``target`` (a level to reach after the known data)."""
    return (
        target.measure == "level"
        and target.comparison == "at_least"
        and target.year > scenario.known_through(target.indicator or "")
    )


def target_quantity(scenario: Scenario, target: Target) -> Quantity:
    """The tallied quantity of a target: its indicator's level cell when that is what it measures."""
    plain = target.reference is None  # a relative target measures a difference, not the level
    if target.measure == "level" and plain and level_basis(scenario, target) != "pre_revision":
        return ("level", target.indicator or "", scenario.years.index(target.year))
    return ("target", target.name, -1)


def quantities(
    scenario: Scenario,
    paths: Paths,
    values: dict[str, np.ndarray],
    keys: Container[Quantity] | None = None,
) -> dict[Quantity, np.ndarray]:
    """Every reported quantity's draws ``(n,)``: levels by indicator and column, target values.

    ``values`` are the targets' measured values (:func:`planmodel.targets.measured_values`).
    Level columns are those in ``keys`` (a run's grids), or without ``keys`` those not NaN in
    every draw (years before an indicator's data are left out).
    """
    out: dict[Quantity, np.ndarray] = {}
    for key, levels in paths.levels.items():
        for column in range(levels.shape[1]):
            row = levels[:, column]
            quantity = ("level", key, column)
            if quantity in keys if keys is not None else not np.isnan(row).all():
                out[quantity] = row
    for target in scenario.targets:
        if target.measure != "joint":
            quantity = target_quantity(scenario, target)
            if quantity[0] == "target":
                out[quantity] = values[target.name]
    return out


def grids_from(scenario: Scenario, pilot: Paths) -> dict[Quantity, Grid]:
    """The grid of every reported quantity, from the pilot's draws."""
    values = measured_values(scenario, pilot)
    return {key: Grid.from_pilot(v) for key, v in quantities(scenario, pilot, values).items()}


def summarise_block(
    scenario: Scenario, block: int, paths: Paths, grids: dict[Quantity, Grid], retain: int = 0
) -> BlockSummary:
    """Reduce a block of paths on the run's grids; keep its first ``retain`` draws for the sample."""
    values = measured_values(scenario, paths)
    masks = successes(scenario, values)
    first_reached = {
        t.name: first_passage_counts(scenario, t, paths, scenario.known_through(t.indicator or ""))
        for t in scenario.targets
        if has_passage(scenario, t)
    }
    tallies = Tallies(grids)
    for key, draws in quantities(scenario, paths, values, grids).items():
        tallies.add(key, np.ascontiguousarray(draws))
    summary = BlockSummary(
        block=block,
        draws=paths.n_draws,
        successes={name: int(np.count_nonzero(mask)) for name, mask in masks.items()},
        first_reached=first_reached,
        tallies=tallies,
        undefined=Undefined.of_block(scenario, paths, values),
    )
    for name, mask in tolerant_successes(scenario, values, masks).items():  # 左右, 力争: merged like counts
        summary.successes[tolerant_key(name)] = int(np.count_nonzero(mask))
    if retain > 0:
        summary.retained = paths.head(retain)
        summary.retained_measured = {
            t.name: values[t.name][:retain] if t.name in values else masks[t.name][:retain].astype(float)
            for t in scenario.targets
        }
    return summary


def merge_summaries(block: int, parts: list[BlockSummary]) -> BlockSummary:
    """One summary from the summaries of consecutive parts of a block, in draw order."""
    if len(parts) == 1:
        return parts[0]
    kept = [p for p in parts if p.retained is not None]
    tallies = Tallies({})
    for part in parts:
        tallies.merge(part.tallies)
    return BlockSummary(
        block=block,
        draws=sum(p.draws for p in parts),
        successes={k: sum(p.successes[k] for p in parts) for k in parts[0].successes},
        first_reached={
            k: np.sum([p.first_reached[k] for p in parts], axis=0) for k in parts[0].first_reached
        },
        retained=Paths.concatenate([p.retained for p in kept if p.retained is not None]) if kept else None,
        retained_measured={
            k: np.concatenate([p.retained_measured[k] for p in kept]) for k in parts[0].retained_measured
        } if kept else {},
        tallies=tallies,
        undefined=merged_undefined(parts),
    )


def merged_undefined(parts: list[BlockSummary]) -> Undefined:
    """The undefined draws of several summaries, added up."""
    total = Undefined()
    for part in parts:
        total.merge(part.undefined)
    return total


def absorb(total: BlockSummary | None, part: BlockSummary) -> BlockSummary:
    """Add ``part`` into a running total, so a run holds one summary however many blocks it has.

    Counts and tallies add up the same in any order; the retained sample is the first chunk's, so
    it comes from one block only (blocks are whole chunks).
    """
    if total is None:
        tallies = Tallies({})
        tallies.merge(part.tallies)  # a 64-bit copy: the total is added to in place
        return BlockSummary(part.block, part.draws, dict(part.successes),
                            {k: v.astype(np.int64) for k, v in part.first_reached.items()},
                            part.retained, part.retained_measured, tallies,
                            Undefined().merge(part.undefined))
    total.draws += part.draws
    for name, count in part.successes.items():
        total.successes[name] += count
    for name, counts in part.first_reached.items():
        total.first_reached[name] += counts
    total.tallies.merge(part.tallies)
    total.undefined.merge(part.undefined)
    if part.retained is not None:
        assert total.retained is None, "only the first chunk is retained, and it lies in one block"
        total.retained, total.retained_measured = part.retained, part.retained_measured
    total.block = min(total.block, part.block)
    return total


def compact(summary: BlockSummary) -> BlockSummary:
    """The summary with 32-bit tallies: what a worker sends back (half the bytes)."""
    return replace(summary, tallies=summary.tallies.compact())
