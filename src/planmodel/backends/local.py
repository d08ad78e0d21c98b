"""Run blocks in this process or over a pool of local processes (one block per task).

Progress is reported through a plain callable, ``progress(done_draws, total_draws)``, called after
each block in run order; any backend can call the same kind of callable. If it raises (a user
declines a long run, SIGINT, SIGTERM), queued blocks are cancelled and the exception propagates.
"""

from __future__ import annotations

import itertools
import signal
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from ..engine import prepared, simulate_draws, slices
from ..evaluation import RETAIN_DRAWS, BlockSummary, merge_summaries, summarise_block
from ..scenario import Scenario
from ..settings import Block, RunSettings
from .memory import keep_freed_memory

Progress = Callable[[int, int], None]
"""``progress(done_draws, total_draws)``: called after each finished block."""


def run_block(scenario: Scenario, entropy: int, block: Block) -> BlockSummary:
    """Simulate and summarise one block (the unit of work of every backend), slice by slice."""
    keep_freed_memory()
    plan = prepared(scenario)
    parts = []
    for start, n in slices(block):
        retain = max(0, min(n, RETAIN_DRAWS - start))
        parts.append(summarise_block(scenario, block.index, simulate_draws(plan, entropy, start, n), retain))
    return merge_summaries(block.index, parts)


def run_blocks(
    scenario: Scenario,
    settings: RunSettings,
    entropy: int,
    order: Sequence[int] | None = None,
    progress: Progress | None = None,
) -> list[BlockSummary]:
    """Summaries of every block of the run; ``order`` permutes execution (tests use it)."""
    blocks = settings.blocks()
    chosen = list(order) if order is not None else list(range(len(blocks)))
    if sorted(chosen) != list(range(len(blocks))):
        raise ValueError(f"order must be a permutation of 0..{len(blocks) - 1}")
    work = [blocks[i] for i in chosen]
    done = 0

    def finished(block: Block) -> None:
        nonlocal done
        done += block.size
        if progress is not None:
            progress(done, settings.draws)

    summaries: list[BlockSummary] = []
    if settings.workers <= 1 or len(work) == 1:
        for b in work:
            summaries.append(run_block(scenario, entropy, b))
            finished(b)
        return summaries
    with ProcessPoolExecutor(max_workers=settings.workers, initializer=_worker_signals) as pool:
        # A sliding window of 2 blocks per worker: memory and queues stay flat however many
        # blocks there are (10^10 draws are 200,000 blocks), and a stop cancels little work.
        queued = iter(work)
        pending: deque[tuple[Block, Future[BlockSummary]]] = deque()
        try:
            for b in itertools.islice(queued, 2 * settings.workers):
                pending.append((b, pool.submit(run_block, scenario, entropy, b)))
            while pending:
                b, future = pending.popleft()
                summaries.append(future.result())
                following = next(queued, None)
                if following is not None:
                    pending.append((following, pool.submit(run_block, scenario, entropy, following)))
                finished(b)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)  # don't run queued blocks on the way out
            raise
    return summaries


def _worker_signals() -> None:
    """In a worker: Ctrl-C is left to the parent (which stops the pool), SIGTERM just ends it.

    Without this a worker inherits the parent's handlers and prints a traceback of its own.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
