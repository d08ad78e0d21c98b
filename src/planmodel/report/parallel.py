"""Worker processes for the report stage: started early, warmed up, given the run's state once.

Drawing charts and writing Word and PowerPoint files take seconds of import and CPU time in
matplotlib, python-docx and python-pptx; the simulation leaves a core idle while it runs. A
:class:`ReportPool` can therefore be started before the simulation: its workers import the drawing
and document libraries (and register the CJK font) meanwhile. When the results are ready they are
shared once, as a pickle file the workers read on their first job (:meth:`ReportPool.share`), and
jobs name that file. Nothing a worker computes depends on which worker runs it.

Workers are forked where that is safe and cheap (Linux, Python < 3.12); elsewhere a fork server
starts them.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

__all__ = ["WARM_MODULES", "ReportPool", "available_cpus", "load_state"]

WARM_MODULES: tuple[str, ...] = (
    "planmodel.report.charts",
    "planmodel.report.writers.docx",
    "planmodel.report.writers.pptx",
)
"""What a worker imports before its first job."""

_STATE: dict[str, Any] = {}


def available_cpus() -> int:
    """Processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _warm(modules: Sequence[str]) -> None:
    for name in modules:
        importlib.import_module(name)
    if "planmodel.report.charts" in modules:
        from planmodel.report.charts.fonts import cjk_font_family

        cjk_font_family()


def _started() -> int:
    return os.getpid()


def load_state(path: str) -> Any:
    """The state shared as ``path`` (read once per worker process)."""
    if path not in _STATE:
        with open(path, "rb") as handle:
            _STATE[path] = pickle.load(handle)
    return _STATE[path]


class ReportPool:
    """Worker processes for the report stage (a context manager; :meth:`close` stops them)."""

    def __init__(self, workers: int | None = None, warm: Sequence[str] = WARM_MODULES) -> None:
        self.workers = max(1, available_cpus() if workers is None else workers)
        fork = sys.platform.startswith("linux") and sys.version_info < (3, 12)
        context = multiprocessing.get_context("fork" if fork else "forkserver")
        self._folder = tempfile.TemporaryDirectory(prefix="planmodel-state-")
        self._pool = ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_warm, initargs=(tuple(warm),)
        )
        self._started = [self._pool.submit(_started) for _ in range(self.workers)]  # start them all now
        self._shared = 0

    def share(self, state: Any) -> str:
        """Write ``state`` once for the workers; return the name jobs pass to :func:`load_state`."""
        self._shared += 1
        path = Path(self._folder.name) / f"state-{self._shared}.pickle"
        with path.open("wb") as handle:
            pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
        return str(path)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run ``fn(*args)`` in a worker (``fn`` must be a module-level function)."""
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        """Stop the workers and remove the shared state."""
        self._pool.shutdown(cancel_futures=True)
        self._folder.cleanup()

    def __enter__(self) -> ReportPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
