"""How long the Office writers take (docx, pptx, xlsx), as ratios to a fixed reference workload.

    python benchmarks/office_speed.py [--scenario scenarios/daye-2026.yaml] [--draws 20000]
                                      [--rounds 7] [--cold 3]

Runs the scenario once, draws its charts once, then times each writer on the same briefing. The
machines are shared and noisy, so no time is reported alone: a reference workload (a fixed mix of
what the writers spend their time on: building an XML tree element by element with lxml,
serialising it and deflating it) is timed in the same round, and each writer's time is divided by
the reference time of its round.

Two figures per writer:

- **warm**: rounds of reference, docx, pptx, xlsx in turn in this process (after a warm-up round),
  the median of the per-round ratios;
- **first call**: what a report worker pays, since it writes one document per run: a fresh process
  imports the libraries (as :mod:`planmodel.report.warm` does), times the reference, then the
  writer's first call, then the reference again; the ratio to the mean of the two references,
  median over ``--cold`` processes.

The writers' input does not depend on the number of draws, so a small ``--draws`` keeps the
benchmark short. Results: benchmarks/office_speed.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from timing import Task, interleaved, machine_description  # noqa: E402

WRITERS = ("docx", "pptx", "xlsx")


def reference() -> int:
    """The reference workload (about 0.1 s on a 2020s laptop core); returns a checksum."""
    root = etree.Element("document")
    for i in range(6_000):
        row = etree.SubElement(root, "row", {"n": str(i), "width": "2268"})
        etree.SubElement(row, "text").text = f"目标{i} 约为{i % 97}%（区间{i % 89}–{i % 101}%）"
    data = etree.tostring(root, encoding="utf-8")
    return zlib.crc32(zlib.compress(data * 3))


def prepare(scenario: Path, draws: int, folder: Path) -> dict[str, Callable[[], Any]]:
    """Run ``scenario``, draw its charts into ``folder`` (once), return a writer call per format."""
    import planmodel.report.warm  # noqa: F401  (the libraries a report worker has loaded)
    from planmodel import runner
    from planmodel.io import load_scenario
    from planmodel.report.chart_jobs import chart_stem
    from planmodel.report.charts.render import render_chart
    from planmodel.report.content import build_briefing
    from planmodel.report.writers import docx, pptx, xlsx

    outcome = runner.run(load_scenario(scenario), draws=draws)
    documents = runner.document_titles(outcome.manifest.get("scenario_file"))
    briefing = build_briefing(outcome.results, outcome.manifest, "zh", documents=documents)
    charts_dir = folder / "charts"
    charts = {key: charts_dir / f"{chart_stem(briefing, key)}.png" for key in briefing.charts}
    if not charts_dir.exists():  # drawn once, by the first process
        charts_dir.mkdir()
        for key, png in charts.items():
            render_chart((outcome.results, briefing), key, png.with_suffix(""), False)
    return {
        "docx": lambda: docx.write_docx(briefing, charts, folder / "briefing.docx"),
        "pptx": lambda: pptx.write_pptx(briefing, charts, folder / "slides.pptx"),
        "xlsx": lambda: xlsx.write_xlsx(briefing, outcome.results, folder / "results.xlsx"),
    }


def _timed(func: Callable[[], Any]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def cold_child(scenario: Path, draws: int, folder: Path, writer: str) -> None:
    """In a fresh process: reference, the writer's first call, reference; print JSON."""
    call = prepare(scenario, draws, folder)[writer]
    before = _timed(reference)
    seconds = _timed(call)
    after = _timed(reference)
    print(json.dumps({"writer": writer, "seconds": seconds, "reference": (before + after) / 2}))


def cold(scenario: Path, draws: int, folder: Path, repeats: int) -> dict[str, list[float]]:
    """First-call ratios of each writer over ``repeats`` fresh processes."""
    ratios: dict[str, list[float]] = {w: [] for w in WRITERS}
    for _ in range(repeats):
        for writer in WRITERS:
            command = [sys.executable, __file__, "--scenario", str(scenario), "--draws", str(draws),
                       "--child", writer, "--folder", str(folder)]  # fmt: skip
            out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            row = json.loads(out.strip().splitlines()[-1])
            ratios[writer].append(row["seconds"] / row["reference"])
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "daye-2026.yaml")
    parser.add_argument("--draws", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--cold", type=int, default=3, help="fresh processes per writer (0: skip)")
    parser.add_argument("--child", choices=WRITERS, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        cold_child(args.scenario, args.draws, args.folder, args.child)
        return
    print(machine_description())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        calls = prepare(args.scenario, args.draws, folder)
        tasks = [Task("reference", reference, 1)] + [Task(w, calls[w], 1) for w in WRITERS]
        timings = interleaved(tasks, args.rounds, progress=lambda _: None)
        first = cold(args.scenario, args.draws, folder, args.cold) if args.cold else {}
    ref = statistics.median(timings.seconds["reference"])
    print(f"\nreference workload: median {ref:.3f} s over {args.rounds} rounds\n")
    print("| writer | warm: time / reference | first call in a fresh process: time / reference |")
    print("|---|---|---|")
    for w in WRITERS:
        warm = timings.ratio(w, "reference").text()
        values = first.get(w, [])
        text = "—"
        if values:
            text = f"**{statistics.median(values):.2f}×** ({min(values):.2f}–{max(values):.2f})"
        print(f"| {w} | {warm} | {text} |")


if __name__ == "__main__":
    main()
