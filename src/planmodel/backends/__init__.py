"""Backends run the blocks of a simulation: here, on local processes, or on a Dask cluster.

Every backend runs the same tasks (:class:`~planmodel.backends.local.Task`: a block of a scenario)
with the same function and hands the summaries back in task order, so results are identical
whatever backend or worker count runs them. A backend is anything with ``execute(tasks, done)``
and a ``description`` for the run's manifest (:class:`Backend`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from ..evaluation import BlockSummary
from .local import Task


class Backend(Protocol):
    """Runs tasks and calls ``done(task, summary)`` for each, in task order."""

    description: str

    def execute(self, tasks: Iterable[Task], done: Callable[[Task, BlockSummary], None]) -> None:
        """Run every task; ``done`` is called in task order."""
