"""How long the report stage takes, as a ratio to the simulation of the same run.

    python benchmarks/report_speed.py [--scenario scenarios/daye-2026.yaml] [--draws 200000]
                                      [--format all] [--repeat 3] [--record]

Runs ``planmodel run`` as a user would (a fresh process each time, so imports count) and reads the
stage timings the run writes into its manifest: simulate, evaluate, report. The machines these run
on are shared and noisy, so the figure that matters is the ratio report / simulate within one run;
the best and the median ratio over ``--repeat`` runs are printed (and appended to
benchmarks/report_speed.md with ``--record``). Goal (issue 6): at 200,000 draws the whole report
stage of the Daye scenario takes no longer than its simulation (ratio <= 1).

The report workers start before the simulation and load their libraries meanwhile, which can slow
the simulation on a machine with few cores. So each repeat also runs the scenario with
``--format md`` (no workers) and the "control" ratio divides the report stage by that simulation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def one_run(scenario: Path, draws: int, formats: str) -> dict[str, float]:
    """Timings of one ``planmodel run`` in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run"
        command = [sys.executable, "-m", "planmodel", "run", str(scenario), "--draws", str(draws),
                   "--format", formats, "--out", str(out)]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
        subprocess.run(command, check=True, capture_output=True, env=env)
        return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["timings_seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "daye-2026.yaml")
    parser.add_argument("--draws", type=int, default=200_000)
    parser.add_argument("--format", default="all")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--record", action="store_true", help="append to benchmarks/report_speed.md")
    args = parser.parse_args()
    runs, controls = [], []
    for _ in range(args.repeat):
        runs.append(one_run(args.scenario, args.draws, args.format))
        controls.append(one_run(args.scenario, args.draws, "md"))
    ratios = sorted(r["report"] / r["simulate"] for r in runs)
    control = sorted(r["report"] / c["simulate"] for r, c in zip(runs, controls, strict=True))
    for r, c in zip(runs, controls, strict=True):
        print(
            f"simulate {r['simulate']:.2f} s (without workers {c['simulate']:.2f} s)  "
            f"evaluate {r['evaluate']:.2f} s  report {r['report']:.2f} s  "
            f"report/simulate {r['report'] / r['simulate']:.2f} (control {r['report'] / c['simulate']:.2f})"
        )
    median = statistics.median
    print(
        f"report/simulate: best {min(ratios):.2f}, median {median(ratios):.2f}; "
        f"control: best {min(control):.2f}, median {median(control):.2f}"
    )
    if args.record:
        path = HERE / "report_speed.md"
        if not path.exists():
            path.write_text(
                "# Report stage / simulation, measured in the same runs (benchmarks/report_speed.py)\n\n"
                "| date | scenario | draws | formats | best ratio | median ratio | median control ratio | "
                "simulate s (median) | report s (median) | machine |\n"
                "|---|---|---|---|---|---|---|---|---|---|\n",
                encoding="utf-8",
            )
        line = (
            f"| {dt.date.today()} | {args.scenario.name} | {args.draws:,} | {args.format} | "
            f"{min(ratios):.2f} | {median(ratios):.2f} | {median(control):.2f} | "
            f"{median(r['simulate'] for r in runs):.2f} | {median(r['report'] for r in runs):.2f} | "
            f"{os.cpu_count()} CPUs, Python {platform.python_version()} |"
        )
        path.write_text(with_row(path.read_text(encoding="utf-8"), line), encoding="utf-8")


def with_row(text: str, row: str) -> str:
    """``text`` with ``row`` added after the table's last row (the prose below the table stays below)."""
    lines = text.splitlines()
    last = max(i for i, line in enumerate(lines) if line.startswith("|"))
    return "\n".join([*lines[: last + 1], row, *lines[last + 1 :]]) + "\n"


if __name__ == "__main__":
    main()
