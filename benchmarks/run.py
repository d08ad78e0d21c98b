"""Speed and memory of the engine, as ratios measured in one run (these machines are noisy).

    python benchmarks/run.py [--draws 1000000] [--scenario scenarios/daye-2026.yaml]

Reports:
- engine time / time to draw the same count of standard normals (the floor for any Monte Carlo);
- peak traced memory at increasing draw counts (must stay flat: blocks are streamed);
- time with 2 workers / time with 1 worker.
Results are appended to benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import time
import tracemalloc
from pathlib import Path

import numpy as np

from planmodel.backends.local import run_blocks
from planmodel.evaluation import combine
from planmodel.io import load_scenario
from planmodel.settings import RunSettings

HERE = Path(__file__).resolve().parent


def timed(func, repeat: int = 3) -> float:
    """Best of ``repeat`` wall-clock times (the least disturbed by other load)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", default=str(HERE.parent / "scenarios" / "daye-2026.yaml"))
    parser.add_argument("--draws", type=int, default=1_000_000)
    args = parser.parse_args()
    scenario = load_scenario(args.scenario).scenario
    settings = RunSettings(draws=args.draws, seed=1)
    drivers, years = len(scenario.driver_names()), len(scenario.years)

    def engine(workers: int = 1):
        return combine(scenario, 1, 1, run_blocks(scenario, settings.with_changes(workers=workers), 1))

    def normals():
        rng = np.random.default_rng(1)
        remaining = args.draws * drivers * years
        while remaining > 0:  # same block budget as the engine
            n = min(remaining, settings.block_size * drivers * years)
            rng.standard_normal(n)
            remaining -= n

    engine()  # warm-up (imports, caches)
    t_engine, t_normals = timed(engine), timed(normals)
    t_two = timed(lambda: engine(2), repeat=2)
    t_one = timed(engine, repeat=2)

    memory = []
    for n in (100_000, 1_000_000, 4_000_000):
        tracemalloc.start()
        combine(scenario, 1, 1, run_blocks(scenario, RunSettings(draws=n, seed=1), 1))
        memory.append((n, tracemalloc.get_traced_memory()[1] / 2**20))
        tracemalloc.stop()

    lines = [
        f"## {dt.date.today()} — {Path(args.scenario).name}, {args.draws:,} draws",
        "",
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"numpy {np.__version__}; {drivers} random drivers × {years} years; block {settings.block_size:,}",
        "",
        f"- engine / drawing the same {args.draws * drivers * years:,} normals: "
        f"**{t_engine / t_normals:.1f}×**",
        f"- 2 workers / 1 worker: **{t_two / t_one:.2f}×**",
        "- peak traced memory by draws (flat = streaming works): "
        + ", ".join(f"{n:,}: {mib:.0f} MiB" for n, mib in memory)
        + f" → ratio 4M/100k = **{memory[-1][1] / memory[0][1]:.2f}×**",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    results = HERE / "results.md"
    if not results.exists():
        results.write_text("# Benchmark results\n\nRatios measured within one run; see run.py.\n\n")
    with results.open("a", encoding="utf-8") as handle:
        handle.write(text + "\n")


if __name__ == "__main__":
    main()
