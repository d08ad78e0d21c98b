"""Run blocks in this process or over a pool of local processes (one block per task)."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from ..engine import simulate_block
from ..evaluation import BlockSummary, retain_for_block, summarise_block
from ..scenario import Scenario
from ..settings import Block, RunSettings


def run_block(scenario: Scenario, entropy: int, block: Block) -> BlockSummary:
    """Simulate and summarise one block (the unit of work of every backend)."""
    retain = retain_for_block(block)
    return summarise_block(scenario, block.index, simulate_block(scenario, entropy, block), retain)


def run_blocks(
    scenario: Scenario,
    settings: RunSettings,
    entropy: int,
    order: Sequence[int] | None = None,
) -> list[BlockSummary]:
    """Summaries of every block of the run; ``order`` permutes execution (tests use it)."""
    blocks = settings.blocks()
    chosen = list(order) if order is not None else list(range(len(blocks)))
    if sorted(chosen) != list(range(len(blocks))):
        raise ValueError(f"order must be a permutation of 0..{len(blocks) - 1}")
    work = [blocks[i] for i in chosen]
    if settings.workers <= 1 or len(work) == 1:
        return [run_block(scenario, entropy, b) for b in work]
    with ProcessPoolExecutor(max_workers=settings.workers) as pool:
        futures = [pool.submit(run_block, scenario, entropy, b) for b in work]
        return [f.result() for f in futures]
