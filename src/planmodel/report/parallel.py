"""Worker processes for the report stage: started early, warmed up, given the run's state once.

Drawing charts and writing Word and PowerPoint files take a second of imports (matplotlib,
python-docx, python-pptx, the CJK font) before any work. A :class:`ReportPool` loads all of that
(:mod:`planmodel.report.warm`) once, in a process the workers are then forked from, so they start
ready; started before the simulation (``early``), it does so in a separate process while the
engine runs (see the class for how, by platform). When the results are ready they are shared
once, as a pickle file the workers read on their first job (:meth:`ReportPool.share`). Nothing a
worker computes depends on which worker runs it.
"""

from __future__ import annotations

import gc
import importlib
import multiprocessing
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import forkserver
from pathlib import Path
from typing import Any

__all__ = ["WARM_MODULE", "ReportPool", "available_cpus", "call", "load_state", "start_fork_server"]

WARM_MODULE = "planmodel.report.warm"
"""What the fork server (or each spawned worker) imports before any job."""

_STATE: dict[str, Any] = {}


def available_cpus() -> int:
    """Processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def start_fork_server(warm: str = WARM_MODULE) -> bool:
    """Start the fork server the report workers are forked from, loading ``warm`` in it now.

    The server runs in its own process, so its imports (about a second) overlap whatever this
    process does next. Idempotent; ``False`` where there are no fork servers (Windows).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return False
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([warm])  # type: ignore[attr-defined]
    forkserver.ensure_running()
    return True


def call(target: str, *args: Any) -> Any:
    """Run ``module:function`` with ``args`` (in a worker: the caller need not import the module)."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)(*args)


def _warm(module: str) -> None:
    """A new worker: load ``module`` (instant when inherited) and set aside what it inherited.

    :func:`gc.freeze` moves every object the worker starts with (the libraries) to the collector's
    permanent generation, so its collections while drawing do not walk them again and again.
    """
    importlib.import_module(module)
    gc.freeze()


def load_state(path: str) -> Any:
    """The state shared as ``path`` (read once per worker process)."""
    if path not in _STATE:
        with open(path, "rb") as handle:
            _STATE[path] = pickle.load(handle)
    return _STATE[path]


class ReportPool:
    """Worker processes for the report stage (a context manager; :meth:`close` stops them).

    ``early=True`` (the command line, before simulating) starts a fork server at once, which loads
    the libraries on a core the simulation leaves idle; the workers are forked from it when the
    first job arrives. The main script must then guard its entry point (``if __name__ ==
    "__main__":``), as for any program using a fork server. Otherwise, on Linux with Python < 3.12
    this process loads the libraries at the first job and the workers are forked from it; elsewhere
    a fork server (or, on Windows, spawned workers) loads them.
    """

    def __init__(self, workers: int | None = None, *, early: bool = False, warm: str = WARM_MODULE) -> None:
        self.workers = max(1, available_cpus() if workers is None else workers)
        methods = multiprocessing.get_all_start_methods()
        fork = sys.platform.startswith("linux") and sys.version_info < (3, 12) and not early
        self._fork = fork
        self._context: multiprocessing.context.BaseContext
        if fork:
            self._context = multiprocessing.get_context("fork")
        elif "forkserver" in methods:
            self._context = multiprocessing.get_context("forkserver")
            if early:
                start_fork_server(warm)  # the server loads the libraries now (if not already started)
            else:
                self._context.set_forkserver_preload([warm])  # type: ignore[attr-defined]
        else:
            self._context = multiprocessing.get_context("spawn")
        self._warm = warm
        self._folder = tempfile.TemporaryDirectory(prefix="planmodel-state-")
        self._pool: ProcessPoolExecutor | None = None
        self._shared = 0

    def share(self, state: Any) -> str:
        """Write ``state`` once for the workers; return the name jobs pass to :func:`load_state`."""
        self._shared += 1
        path = Path(self._folder.name) / f"state-{self._shared}.pickle"
        with path.open("wb") as handle:
            pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
        return str(path)

    def submit(self, fn: Callable[..., Any] | str, *args: Any) -> Future[Any]:
        """Run ``fn(*args)`` in a worker: ``fn`` a module-level function, or its ``"module:name"``.

        Naming the function lets this process submit work from modules it never imports (the
        charts: matplotlib stays out of the main process).
        """
        if isinstance(fn, str):
            fn, args = call, (fn, *args)
        if self._pool is None:
            if self._fork:
                importlib.import_module(self._warm)  # once here; the forked workers inherit it
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=self._context, initializer=_warm, initargs=(self._warm,)
            )
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        """Stop the workers and remove the shared state."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
        self._folder.cleanup()

    def __enter__(self) -> ReportPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
