"""Blocks and scenarios as tasks on a Dask cluster (``pip install 'planmodel[dask]'``).

``--dask local:N`` starts a ``LocalCluster`` of N single-threaded worker processes on this machine;
``--dask tcp://host:8786`` connects to a running scheduler (dask-jobqueue on a batch system, Dask on
Kubernetes, or ``dask scheduler`` / ``dask worker`` by hand: see docs/scale.md). Each task is one
block of one scenario, run by the same function as the local backend
(:func:`planmodel.backends.local.run_remote`), so the numbers are bit-identical to a local run. A
window of two tasks per worker thread is kept in flight: the scheduler always has work, and memory
in the client stays flat however many blocks a run has.

Workers need planmodel installed (the same version: the numbers depend on it); they receive each
scenario as a pickle once per process.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import PlanModelError
from ..evaluation import BlockSummary
from .local import Task, run_remote

_IN_FLIGHT_PER_THREAD = 2
_LOCAL = re.compile(r"^local:(\d+)$")
_REMOTE = re.compile(r"^(tcp|tls|ucx|inproc)://\S+$")


def check_address(address: str) -> str:
    """Return ``address`` if it is ``local:N`` (1 ≤ N ≤ 256) or a scheduler URL.

    Raises
    ------
    ValueError
        Saying what is valid.
    """
    found = _LOCAL.match(address)
    if found and 1 <= int(found.group(1)) <= 256:
        return address
    if _REMOTE.match(address):
        return address
    raise ValueError(
        f"{address!r} is neither local:N (N from 1 to 256 worker processes on this machine) nor a "
        "scheduler address such as tcp://host:8786"
    )


class DaskBackend:
    """Runs tasks on the workers of a ``distributed.Client``."""

    def __init__(self, client: Any, description: str) -> None:
        self.client = client
        self.description = description

    def threads(self) -> int:
        """Worker threads in the cluster now (at least 1)."""
        return max(1, sum(self.client.nthreads().values()))

    def execute(self, tasks: Iterable[Task], done: Callable[[Task, BlockSummary], None]) -> None:
        """Run every task on the cluster; ``done`` is called in task order."""
        queued = iter(tasks)
        pending: deque[tuple[Task, Any]] = deque()

        def submit(task: Task) -> None:
            pending.append((task, self.client.submit(run_remote, task, pure=False)))

        try:
            for task in itertools.islice(queued, _IN_FLIGHT_PER_THREAD * self.threads()):
                submit(task)
            while pending:
                task, future = pending.popleft()
                summary = future.result()
                following = next(queued, None)
                if following is not None:
                    submit(following)
                done(task, summary)
        except BaseException:
            self.client.cancel([f for _, f in pending])
            raise


@contextmanager
def dask_backend(address: str) -> Iterator[DaskBackend]:
    """A :class:`DaskBackend` for ``local:N`` or a scheduler address, closed on exit."""
    check_address(address)
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise PlanModelError(
            "--dask needs Dask's distributed scheduler: pip install 'planmodel[dask]'"
        ) from None
    found = _LOCAL.match(address)
    if found:
        workers = int(found.group(1))
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)
        try:
            yield DaskBackend(client, f"dask LocalCluster, {workers} worker{'s' if workers > 1 else ''}")
        finally:
            client.close()
            cluster.close()
        return
    try:
        client = Client(address, timeout="10s")
    except OSError as exc:
        raise PlanModelError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        yield DaskBackend(client, f"dask scheduler {address}")
    finally:
        client.close()
