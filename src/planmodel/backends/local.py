"""Run blocks in this process or over a pool of local processes (one block per task).

A task is a block of one scenario (:class:`Task`); the scenario travels as a :class:`Job`, pickled
once in the parent and unpickled once per worker process (each worker keeps the scenarios it has
seen, and with them their engine plans), so a task carries a few hundred bytes of its own.
Summaries come back in task order whatever order the workers finish in, and their integer counts
add up the same in any order: results are bit-identical for any worker count.

Progress is reported through a plain callable, ``progress(done_draws, total_draws)``, called after
each block in run order; any backend can call the same kind of callable. If it raises (a user
declines a long run, SIGINT, SIGTERM), queued blocks are cancelled and the exception propagates.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import pickle
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import draws
from ..engine import prepared, simulate_draws, slices
from ..evaluation import RETAIN_DRAWS
from ..quantiles import Grid
from ..rng import CHUNK
from ..scenario import Scenario
from ..settings import Block, RunSettings
from ..streaming import (
    BlockSummary,
    Quantity,
    absorb,
    compact,
    grids_from,
    merge_summaries,
    summarise_block,
)
from .memory import keep_freed_memory

Progress = Callable[[int, int], None]
"""``progress(done_draws, total_draws)``: called after each finished block."""

_IN_FLIGHT_PER_WORKER = 2
_KEPT_SCENARIOS = 32


def usable_cores() -> int:
    """CPU cores this process may run on (its affinity mask where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


class Job:
    """A scenario and its run's grids packed once for other processes: a pickle and a content key.

    In the process that made it, :attr:`scenario` is the object itself; elsewhere it is unpickled
    on first use and kept by key, so every block of a scenario reuses one object and one plan.
    """

    def __init__(self, scenario: Scenario, grids: dict[Quantity, Grid]) -> None:
        self.data = pickle.dumps((scenario, grids), protocol=pickle.HIGHEST_PROTOCOL)
        self.key = hashlib.blake2b(self.data, digest_size=16).hexdigest()
        self._loaded: tuple[Scenario, dict[Quantity, Grid]] | None = (scenario, grids)

    def __getstate__(self) -> dict[str, Any]:
        return {"data": self.data, "key": self.key}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.data, self.key, self._loaded = state["data"], state["key"], None

    def load(self) -> tuple[Scenario, dict[Quantity, Grid]]:
        """The scenario and grids (unpickled at most once per process and key)."""
        if self._loaded is None:
            with _LOADED_LOCK:  # Dask may run tasks in threads of one worker process
                found = _LOADED.get(self.key)
                if found is None:
                    if len(_LOADED) >= _KEPT_SCENARIOS:
                        _LOADED.pop(next(iter(_LOADED)))
                    found = _LOADED[self.key] = pickle.loads(self.data)
            self._loaded = found
        return self._loaded


_LOADED: dict[str, tuple[Scenario, dict[Quantity, Grid]]] = {}
_LOADED_LOCK = threading.Lock()


@dataclass(frozen=True)
class Task:
    """One unit of work of every backend: a block of draws of one scenario."""

    job: Job
    entropy: int
    block: Block
    keep: str | None = None
    """Folder to write the block's draws into (``--keep-draws``), or None."""


def run_block(
    scenario: Scenario, entropy: int, block: Block, grids: dict[Quantity, Grid], keep: str | None = None
) -> BlockSummary:
    """Simulate and summarise one block on the run's grids, slice by slice (writing them to ``keep``)."""
    keep_freed_memory()
    plan = prepared(scenario)
    parts = []
    for start, n in slices(block):
        retain = max(0, min(n, RETAIN_DRAWS - start))
        paths = simulate_draws(plan, entropy, start, n)
        if keep is not None:
            draws.save(Path(keep), start, paths)
        parts.append(summarise_block(scenario, block.index, paths, grids, retain))
    return merge_summaries(block.index, parts)


def run_task(task: Task) -> BlockSummary:
    """Run one task (in whichever process receives it)."""
    scenario, grids = task.job.load()
    return run_block(scenario, task.entropy, task.block, grids, task.keep)


def run_remote(task: Task) -> BlockSummary:
    """Run one task in a worker: the summary travels back with 32-bit tallies."""
    return compact(run_task(task))


def pilot(scenario: Scenario, settings: RunSettings, entropy: int) -> dict[Quantity, Grid]:
    """The grids of a run's percentiles, from its first chunk of draws (the same for any blocks)."""
    keep_freed_memory()
    return grids_from(scenario, simulate_draws(prepared(scenario), entropy, 0, min(CHUNK, settings.draws)))


def execute(
    tasks: Iterable[Task], workers: int, done: Callable[[Task, BlockSummary], None]
) -> None:
    """Run ``tasks``, calling ``done(task, summary)`` for each in task order.

    With ``workers > 1`` a pool of processes runs them, at most two tasks per worker in flight:
    memory and queues stay flat however many tasks there are, and a stop cancels little work.
    """
    if workers <= 1:
        for task in tasks:
            done(task, run_task(task))
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_start) as pool:
        queued = iter(tasks)
        pending: deque[tuple[Task, Future[BlockSummary]]] = deque()
        try:
            for task in itertools.islice(queued, _IN_FLIGHT_PER_WORKER * workers):
                pending.append((task, pool.submit(run_remote, task)))
            while pending:
                task, future = pending.popleft()
                summary = future.result()
                following = next(queued, None)
                if following is not None:
                    pending.append((following, pool.submit(run_remote, following)))
                done(task, summary)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)  # don't run queued blocks on the way out
            raise


@dataclass(frozen=True)
class LocalBackend:
    """Blocks in this process (``workers`` 1) or on a pool of local worker processes."""

    workers: int = 1

    @property
    def description(self) -> str:
        """``local, 2 workers``."""
        return f"local, {self.workers} worker{'s' if self.workers != 1 else ''}"

    def execute(self, tasks: Iterable[Task], done: Callable[[Task, BlockSummary], None]) -> None:
        """Run every task; ``done`` is called in task order."""
        execute(tasks, self.workers, done)


def run_blocks(
    scenario: Scenario,
    settings: RunSettings,
    entropy: int,
    order: Sequence[int] | None = None,
    progress: Progress | None = None,
    backend: Any = None,
    grids: dict[Quantity, Grid] | None = None,
    keep: Path | None = None,
) -> list[BlockSummary]:
    """The run's blocks summarised into one running total; ``order`` permutes execution (tests use it).

    ``backend`` (see :class:`planmodel.backends.Backend`) defaults to local processes, as many as
    ``settings.workers`` (at most one per block); ``grids`` to the run's pilot (:func:`pilot`).
    ``keep`` is a folder for the draws (:mod:`planmodel.draws`), made ready by the caller.
    """
    blocks = settings.blocks()
    chosen = list(order) if order is not None else list(range(len(blocks)))
    if sorted(chosen) != list(range(len(blocks))):
        raise ValueError(f"order must be a permutation of 0..{len(blocks) - 1}")
    job = Job(scenario, grids if grids is not None else pilot(scenario, settings, entropy))
    total: BlockSummary | None = None
    finished = 0

    def collect(task: Task, summary: BlockSummary) -> None:
        nonlocal finished, total
        total = absorb(total, summary)  # memory stays flat however many blocks
        finished += task.block.size
        if progress is not None:
            progress(finished, settings.draws)

    if backend is None:
        backend = LocalBackend(min(settings.workers, len(blocks)))
    folder = None if keep is None else str(keep)
    backend.execute((Task(job, entropy, blocks[i], folder) for i in chosen), collect)
    assert total is not None
    return [total]


def _worker_start() -> None:
    """Set up a worker: keep freed memory; leave Ctrl-C to the parent; SIGTERM just ends it.

    The parent stops the pool on Ctrl-C; without this a worker inherits the parent's handlers and
    prints a traceback of its own.
    """
    keep_freed_memory()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
