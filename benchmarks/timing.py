"""Interleaved timing, ratios from the same round, peak traced memory, and the machine's description.

Shared machines are noisy, so times are never reported alone: tasks run interleaved (A B C D
A B C D …) and each ratio is formed from two times of the same round, then summarised over rounds.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Task:
    """One thing to time: ``run()`` does the work for ``draws`` draws and returns its result."""

    name: str
    run: Callable[[], Any]
    draws: int


@dataclass
class Timings:
    """Wall-clock and CPU seconds per round for each task, and each task's last result.

    CPU time (of this process, all its threads; not of worker processes) is far less disturbed than
    wall-clock time by other programs competing for the cores, so both are reported.
    """

    seconds: dict[str, list[float]]
    cpu: dict[str, list[float]]
    draws: dict[str, int]
    last: dict[str, Any]

    def ratio(self, numerator: str, denominator: str, per_draw: bool = False, cpu: bool = False) -> Ratio:
        """``numerator / denominator`` in every round (per draw: each time divided by its draws)."""
        times = self.cpu if cpu else self.seconds
        scale = self.draws[denominator] / self.draws[numerator] if per_draw else 1.0
        values = [a / b * scale for a, b in zip(times[numerator], times[denominator], strict=True)]
        best = min(times[numerator]) / min(times[denominator]) * scale
        return Ratio(values, best)


@dataclass(frozen=True)
class Ratio:
    """A ratio measured in several rounds."""

    rounds: list[float]
    best: float
    """Best time of the numerator over best time of the denominator."""

    @property
    def median(self) -> float:
        """Median over rounds (the headline figure)."""
        return statistics.median(self.rounds)

    def text(self) -> str:
        """``**4.1×** (rounds 3.9–4.6; best-of 4.0×)``."""
        low, high = min(self.rounds), max(self.rounds)
        return f"**{self.median:.2f}×** (rounds {low:.2f}–{high:.2f}; best/best {self.best:.2f}×)"


def interleaved(tasks: Sequence[Task], rounds: int, progress: Callable[[str], None] = print) -> Timings:
    """Run every task once per round, in order, for ``rounds`` rounds (after one warm-up round)."""
    seconds: dict[str, list[float]] = {t.name: [] for t in tasks}
    cpu: dict[str, list[float]] = {t.name: [] for t in tasks}
    last: dict[str, Any] = {}
    for r in range(rounds + 1):
        for task in tasks:
            start, start_cpu = time.perf_counter(), time.process_time()
            result = task.run()
            elapsed, elapsed_cpu = time.perf_counter() - start, time.process_time() - start_cpu
            if r > 0:  # round 0 warms imports and caches
                seconds[task.name].append(elapsed)
                cpu[task.name].append(elapsed_cpu)
                last[task.name] = result
        progress(f"round {r}/{rounds} done" if r else "warm-up round done")
    return Timings(seconds, cpu, {t.name: t.draws for t in tasks}, last)


def peak_traced_mib(func: Callable[[], Any]) -> float:
    """Peak memory traced by ``tracemalloc`` (numpy reports its buffers to it) while ``func`` runs."""
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo (``platform.processor()`` elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def version(package: str) -> str:
    """Installed version of ``package``, or ``not installed``."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_description() -> str:
    """One line: CPU, cores, load, OS, Python and the versions of every library timed."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    libraries = ", ".join(
        f"{name} {version(name)}" for name in ("numpy", "scipy", "planmodel", "squigglepy", "monaco")
    )
    return (
        f"{cpu_model()}, {os.cpu_count()} logical cores ({usable} usable), load average {load:.2f} "
        f"at start; {platform.system()} {platform.machine()}, Python {platform.python_version()}; "
        f"{libraries}"
    )
