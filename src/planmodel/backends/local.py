"""Run blocks in this process or over a pool of local processes (one block per task)."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from ..engine import simulate_block
from ..evaluation import BlockSummary, retain_for_block, summarise_block
from ..rng import block_sizes
from ..scenario import Scenario


def run_block(scenario: Scenario, entropy: int, block: int, n: int) -> BlockSummary:
    """Simulate and summarise one block (the unit of work of every backend)."""
    retain = retain_for_block(block, scenario.block_size, n)
    return summarise_block(scenario, block, simulate_block(scenario, entropy, block, n), retain)


def run_blocks(
    scenario: Scenario,
    entropy: int,
    workers: int = 1,
    order: Sequence[int] | None = None,
) -> list[BlockSummary]:
    """Summaries of every block of the run; ``order`` permutes execution (tests use it)."""
    sizes = block_sizes(scenario.draws, scenario.block_size)
    blocks = list(order) if order is not None else list(range(len(sizes)))
    if sorted(blocks) != list(range(len(sizes))):
        raise ValueError(f"order must be a permutation of 0..{len(sizes) - 1}")
    if workers <= 1 or len(blocks) == 1:
        return [run_block(scenario, entropy, b, sizes[b]) for b in blocks]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run_block, scenario, entropy, b, sizes[b]) for b in blocks]
        return [f.result() for f in futures]
