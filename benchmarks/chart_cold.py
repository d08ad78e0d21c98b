"""CPU time of a report worker's charts: drawn in a fresh process, as a ratio to a fixed workload.

    python benchmarks/chart_cold.py [--scenario scenarios/daye-2026.yaml] [--rounds 12]
                                    [--against OLD_CHECKOUT]

A report worker draws its charts in a new process: fonts opened, text shaped and glyphs rendered
for the first time. ``chart_speed.py`` times rounds in one process, which keeps what the process
holds between rounds (matplotlib's open fonts, FreeType's per-face state); this script starts a
fresh Python for every round, loads what the fork server loads (``planmodel.report.warm``), then
draws and saves every chart of the Chinese briefing once and times 10 million standard normals in
the same process. The figure is charts / reference per round. ``--against`` runs an older checkout
in alternate rounds (same state, same machine moments) and reports the paired ratio new / old.
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

ROUND = """
import pickle, sys, tempfile, time
from pathlib import Path
import numpy as np
state = pickle.load(open(sys.argv[1], "rb"))
import planmodel.report.warm  # what the fork server loads before forking a worker
from planmodel.report.charts.render import render_chart
folder = Path(tempfile.mkdtemp())
start = time.process_time()
for n, key in enumerate(state[1].charts):
    render_chart(state, key, folder / f"chart_{n}", False)
charts = time.process_time() - start
start = time.process_time()
np.random.default_rng(1).standard_normal(10_000_000)
print(charts, time.process_time() - start)
"""


def shared_state(scenario: Path, draws: int) -> bytes:
    """The state a report worker receives: slim results and the Chinese briefing, pickled."""
    from planmodel.io import load_scenario
    from planmodel.report.bundle import slim_results
    from planmodel.report.content import build_briefing
    from planmodel.runner import run

    outcome = run(load_scenario(scenario), draws=draws)
    return pickle.dumps((slim_results(outcome.results), build_briefing(outcome.results, outcome.manifest)))


def one_round(source: Path, state: Path) -> tuple[float, float]:
    """Charts and reference CPU seconds in a fresh process running the code under ``source``."""
    env = {**os.environ, "PYTHONPATH": str(source / "src")}
    out = subprocess.run([sys.executable, "-c", ROUND, str(state)], env=env, check=True,
                         capture_output=True, text=True, cwd=source).stdout  # fmt: skip
    charts, reference = (float(x) for x in out.split())
    return charts, reference


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "daye-2026.yaml")
    parser.add_argument("--draws", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--against", type=Path, help="an older checkout, run in alternate rounds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "state.pickle"
        state.write_bytes(shared_state(args.scenario, args.draws))
        sources = {"this": ROOT} | ({"against": args.against.resolve()} if args.against else {})
        ratios: dict[str, list[float]] = {name: [] for name in sources}
        for _ in range(args.rounds):
            for name, source in sources.items():
                charts, reference = one_round(source, state)
                ratios[name].append(charts / reference)
    for name, values in ratios.items():
        print(f"{name}: charts / reference median {statistics.median(values):.2f} "
              f"(rounds {min(values):.2f}–{max(values):.2f})")  # fmt: skip
    if args.against:
        paired = [a / b for a, b in zip(ratios["this"], ratios["against"], strict=True)]
        print(f"this / against, paired by round: median {statistics.median(paired):.3f}")


if __name__ == "__main__":
    main()
