"""CPU time of drawing and saving the briefing's charts, per chart and as a ratio to a fixed workload.

    python benchmarks/chart_speed.py [--scenario scenarios/daye-2026.yaml] [--draws 200000]
                                     [--rounds 3] [--out DIR]

Runs the scenario once, builds its Chinese briefing, then draws and saves every chart the briefing
places (as the report stage does, in this one process) for ``--rounds`` rounds after a warm-up
round. Each round also times a fixed reference workload, 10 million standard normal draws with
numpy, so the charts' cost is reported both in CPU seconds and as a ratio to that reference measured
in the same round (the machines are shared and noisy; the ratio moves less than the seconds).
``--out`` keeps the last round's PNG files (to compare charts by eye before and after a change).
The script also runs against an older checkout (``PYTHONPATH=<old checkout>/src``) for a before
figure measured the same way.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

import numpy as np

from planmodel.io import load_scenario
from planmodel.report.chart_jobs import chart_stem
from planmodel.report.charts.fonts import cjk_font_family
from planmodel.report.charts.render import _save, draw
from planmodel.report.content import build_briefing
from planmodel.runner import run
from timing import Task, interleaved, machine_description

HERE = Path(__file__).resolve().parent
REFERENCE_NORMALS = 10_000_000


def _forget_measurements() -> None:
    """Drop the text measurements shared between charts (nothing to drop before charts.agg existed)."""
    try:
        from planmodel.report.charts.agg import forget_measurements
    except ImportError:  # timing an older checkout (PYTHONPATH=<old>/src) for a before/after figure
        return
    forget_measurements()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", type=Path, default=HERE.parent / "scenarios" / "daye-2026.yaml")
    parser.add_argument("--draws", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="keep the PNG files here")
    args = parser.parse_args()
    outcome = run(load_scenario(args.scenario), draws=args.draws)
    briefing = build_briefing(outcome.results, outcome.manifest, "zh")
    cjk_font_family()
    folder = args.out or Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)

    def chart(key):  # noqa: ANN001, ANN202
        return lambda: _save(draw(outcome.results, briefing, key), folder / chart_stem(briefing, key), False)

    def reference() -> float:
        return float(np.random.default_rng(0).standard_normal(REFERENCE_NORMALS).sum())

    keys = list(briefing.charts)
    # each round starts as a fresh process would: no text measured yet (see charts.agg)
    tasks = [Task("reset", _forget_measurements, 0), Task("reference", reference, REFERENCE_NORMALS)]
    tasks += [Task(chart_stem(briefing, key), chart(key), 1) for key in keys]
    timings = interleaved(tasks, args.rounds, progress=lambda _m: None)
    median = statistics.median
    print(machine_description())
    print(f"{args.scenario.name}, {args.draws:,} draws: {len(keys)} charts, {args.rounds} rounds (CPU s)")
    for key in keys:
        name = chart_stem(briefing, key)
        print(f"  {name:22s} {median(timings.cpu[name]):.3f} s")
    names = [chart_stem(briefing, key) for key in keys]
    totals = [sum(timings.cpu[n][r] for n in names) for r in range(args.rounds)]
    ratios = [t / ref for t, ref in zip(totals, timings.cpu["reference"], strict=True)]
    print(
        f"all charts {median(totals):.3f} CPU s ({median(totals) / len(keys):.3f} s per chart); "
        f"reference ({REFERENCE_NORMALS:,} normals) {median(timings.cpu['reference']):.3f} s; "
        f"charts / reference {median(ratios):.2f} (rounds {min(ratios):.2f}–{max(ratios):.2f})"
    )
    if args.out:
        print(f"PNG files in {folder}")


if __name__ == "__main__":
    main()
