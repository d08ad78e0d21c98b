"""Run settings: how many draws, which seed, how the work is cut and spread — beside the scenario.

A scenario says what a planner assumes; :class:`RunSettings` say how one run computes it. They are
kept apart so that overriding ``--draws`` or ``--workers`` never re-validates the scenario, and so
that analyses (sweeps, seek, compare) can reuse one scenario with many settings. The scenario file's
``simulation:`` block gives the defaults; the command line overrides them.

Imports: rng only (stdlib otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .rng import CHUNK, MAX_SEED

MAX_DRAWS = 10**10
"""Largest draw count accepted anywhere (file or command line)."""
MAX_BLOCK_SIZE = 10_000_000
DEFAULT_DRAWS = 200_000
DEFAULT_BLOCK_SIZE = 50_000


@dataclass(frozen=True)
class Block:
    """One unit of work: draws ``start .. start + size`` of the run, the ``index``-th block."""

    index: int
    start: int
    size: int


@dataclass(frozen=True)
class RunSettings:
    """How a run is computed; none of it changes what the numbers mean.

    ``draws`` and ``seed`` fix the numbers; ``block_size`` (a multiple of the random-stream chunk)
    and ``workers`` change only speed and memory, never a single bit of the results.
    ``as_of`` is an as-of cut given on the command line (use published data only up to that year);
    it changes the scenario's data and is applied with :func:`planmodel.scenario.as_of`.
    """

    draws: int = DEFAULT_DRAWS
    seed: int | None = None
    block_size: int = DEFAULT_BLOCK_SIZE
    workers: int = 1
    as_of: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.draws <= MAX_DRAWS:
            raise ValueError(f"draws must be from 1 to {MAX_DRAWS:,}, got {self.draws}")
        if self.seed is not None and not 0 <= self.seed <= MAX_SEED:
            raise ValueError(f"seed must be from 0 to 2^128 − 1, got {self.seed}")
        if self.block_size < CHUNK or self.block_size % CHUNK or self.block_size > MAX_BLOCK_SIZE:
            raise ValueError(f"block_size must be a multiple of {CHUNK:,} up to {MAX_BLOCK_SIZE:,}")
        if self.workers < 1:
            raise ValueError(f"workers must be at least 1, got {self.workers}")

    def blocks(self) -> list[Block]:
        """The run's blocks in order (the last one may be smaller)."""
        full, rest = divmod(self.draws, self.block_size)
        sizes = [self.block_size] * full + ([rest] if rest else [])
        return [Block(i, i * self.block_size, n) for i, n in enumerate(sizes)]

    def with_changes(self, **changes: Any) -> RunSettings:
        """A copy with the given settings replaced; ``None`` values leave a setting as it is."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})
