"""CPU time of drawing and saving the briefing's charts, per chart and as a ratio to a fixed workload.

    python benchmarks/chart_speed.py [--scenario scenarios/daye-2026.yaml] [--draws 200000]
                                     [--rounds 5] [--out DIR] [--record LABEL]

Runs the scenario once, builds its Chinese briefing, then draws and saves every chart the briefing
places (as the report stage does, in this one process) for ``--rounds`` rounds after a warm-up
round. Each round also times a fixed reference workload, 10 million standard normal draws with
numpy, so the charts' cost is reported both in CPU seconds and as a ratio to that reference measured
in the same round (the machines are shared and noisy; the ratio moves less than the seconds).
``--out`` keeps the last round's PNG files (to compare charts by eye before and after a change).
The script also runs against an older checkout (``PYTHONPATH=<old checkout>/src``) for a before
figure measured the same way; ``--record LABEL`` appends the figures to benchmarks/chart_speed.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
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


try:
    from planmodel.report.chart_jobs import chart_stem
except ImportError:  # an older checkout
    from planmodel.report.charts.render import chart_stem  # type: ignore[attr-defined,no-redef]


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
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None, help="keep the PNG files here")
    parser.add_argument("--record", metavar="LABEL", help="append a row to benchmarks/chart_speed.md")
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
    best = min(totals) / min(timings.cpu["reference"])
    print(
        f"all charts {median(totals):.3f} CPU s ({median(totals) / len(keys):.3f} s per chart); "
        f"reference ({REFERENCE_NORMALS:,} normals) {median(timings.cpu['reference']):.3f} s; "
        f"charts / reference {median(ratios):.2f} (rounds {min(ratios):.2f}–{max(ratios):.2f}; "
        f"best/best {best:.2f})"
    )
    if args.record:
        _record(args, len(keys), median(totals), ratios, best)
    if args.out:
        print(f"PNG files in {folder}")


def _record(args: argparse.Namespace, charts: int, total: float, ratios: list[float], best: float) -> None:
    path = HERE / "chart_speed.md"
    if not path.exists():
        path.write_text(
            "# Briefing charts: CPU time in one process, and as a ratio to a fixed workload\n\n"
            "Measured with benchmarks/chart_speed.py (each round draws and saves every chart of the "
            "Chinese briefing after forgetting all text measured, as a fresh process would; the "
            "reference is 10 million standard normal draws with numpy, timed in the same rounds).\n\n"
            "| date | code | scenario | charts | CPU s per chart (median) | charts / reference (median) "
            "| rounds | best/best | machine |\n|---|---|---|---|---|---|---|---|---|\n",
            encoding="utf-8",
        )
    row = (
        f"| {dt.date.today()} | {args.record} | {args.scenario.name} | {charts} | {total / charts:.3f} | "
        f"{statistics.median(ratios):.2f} | {min(ratios):.2f}–{max(ratios):.2f} | {best:.2f} | "
        f"{machine_description()} |"
    )
    with path.open("a", encoding="utf-8") as handle:
        handle.write(row + "\n")


if __name__ == "__main__":
    main()
