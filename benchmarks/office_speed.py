"""How long the Office writers take (docx, pptx, xlsx), as ratios to a fixed reference workload.

    python benchmarks/office_speed.py [--scenario scenarios/daye-2026.yaml] [--draws 20000]
                                      [--rounds 7] [--cold 3] [--against DIR] [--preload]

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

``--against DIR`` (another checkout's ``src``, e.g. main's exported with ``git archive``) alternates
fresh processes of that code with this one (this, other, this, other …) on the same charts, and
prints the first-call ratios of both and the speed-up: the before/after comparison of one run.

``--preload`` has each fresh process of this tree call the writer module's ``preload()`` (what the
report workers' fork server may run once, see :func:`planmodel.report.writers.pptx.preload`)
before the reference and the writer's first call, so the first call is timed as a worker forked
from a preloaded server would pay it.

The writers' input does not depend on the number of draws, so a small ``--draws`` keeps the
benchmark short. Results: benchmarks/office_speed.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Sequence
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
    """Run ``scenario``, draw its charts into ``folder`` (once), return a writer call per format.

    The first process draws the charts and lists them in ``charts.json`` (kind, subject, file), so
    that a process running other code (``--against``) places the same files.
    """
    import planmodel.report.warm  # noqa: F401  (the libraries a report worker has loaded)
    from planmodel import runner
    from planmodel.io import load_scenario
    from planmodel.report.content import build_briefing
    from planmodel.report.writers import docx, pptx, xlsx

    outcome = runner.run(load_scenario(scenario), draws=draws)
    documents = runner.document_titles(outcome.manifest.get("scenario_file"))
    briefing = build_briefing(outcome.results, outcome.manifest, "zh", documents=documents)
    index = folder / "charts.json"
    if not index.exists():
        from planmodel.report.chart_jobs import chart_stem
        from planmodel.report.charts.render import render_chart

        (folder / "charts").mkdir()
        files = []
        for kind, subject in briefing.charts:
            stem = folder / "charts" / chart_stem(briefing, (kind, subject))
            render_chart((outcome.results, briefing), (kind, subject), stem, False)
            files.append([kind, subject, str(stem.with_suffix(".png"))])
        index.write_text(json.dumps(files, ensure_ascii=False), encoding="utf-8")
    charts = {(k, s): Path(f) for k, s, f in json.loads(index.read_text(encoding="utf-8"))}
    return {
        "docx": lambda: docx.write_docx(briefing, charts, folder / "briefing.docx"),
        "pptx": lambda: pptx.write_pptx(briefing, charts, folder / "slides.pptx"),
        "xlsx": lambda: xlsx.write_xlsx(briefing, outcome.results, folder / "results.xlsx"),
    }


def _timed(func: Callable[[], Any]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def cold_child(scenario: Path, draws: int, folder: Path, writer: str, preload: bool = False) -> None:
    """In a fresh process: reference, the writer's first call, reference; print JSON.

    With ``preload``, the writer module's ``preload()`` runs first (untimed).
    """
    call = prepare(scenario, draws, folder)[writer]
    if preload:
        import importlib

        importlib.import_module(f"planmodel.report.writers.{writer}").preload()
    before = _timed(reference)
    seconds = _timed(call)
    after = _timed(reference)
    print(json.dumps({"writer": writer, "seconds": seconds, "reference": (before + after) / 2}))


def cold(
    scenario: Path, draws: int, folder: Path, repeats: int, sources: Sequence[Path], preload: bool = False
) -> dict[tuple[Path, str], list[float]]:
    """First-call ratios of each writer over ``repeats`` fresh processes per source tree.

    The source trees take turns for each writer and repeat, so they see the same machine load.
    With ``preload``, the first tree's processes call the writer module's ``preload()`` first.
    """
    ratios: dict[tuple[Path, str], list[float]] = {(src, w): [] for src in sources for w in WRITERS}
    for _ in range(repeats):
        for writer in WRITERS:
            for src in sources:
                command = [sys.executable, __file__, "--scenario", str(scenario), "--draws", str(draws),
                           "--child", writer, "--folder", str(folder)]  # fmt: skip
                if preload and src == sources[0]:
                    command.append("--preload")
                env = {**os.environ, "PYTHONPATH": str(src)}
                out = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
                row = json.loads(out.strip().splitlines()[-1])
                ratios[src, writer].append(row["seconds"] / row["reference"])
    return ratios


def _summary(values: Sequence[float]) -> str:
    return f"**{statistics.median(values):.2f}×** ({min(values):.2f}–{max(values):.2f})" if values else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "daye-2026.yaml")
    parser.add_argument("--draws", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--cold", type=int, default=3, help="fresh processes per writer (0: skip)")
    parser.add_argument("--against", type=Path, help="another source tree (its src/) to compare with")
    parser.add_argument("--preload", action="store_true", help="this tree's processes call preload() first")
    parser.add_argument("--child", choices=WRITERS, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        cold_child(args.scenario, args.draws, args.folder, args.child, args.preload)
        return
    print(machine_description())
    here = ROOT / "src"
    sources = [here, args.against.resolve()] if args.against else [here]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        calls = prepare(args.scenario, args.draws, folder)
        tasks = [Task("reference", reference, 1)] + [Task(w, calls[w], 1) for w in WRITERS]
        timings = interleaved(tasks, args.rounds, progress=lambda _: None)
        first = cold(args.scenario, args.draws, folder, args.cold, sources, args.preload) if args.cold else {}
    ref = statistics.median(timings.seconds["reference"])
    print(f"\nreference workload: median {ref:.3f} s over {args.rounds} rounds\n")
    first_call = "first call in a fresh process" + (" after preload()" if args.preload else "")
    print(f"| writer | warm: time / reference | {first_call}: time / reference |")
    print("|---|---|---|")
    for w in WRITERS:
        print(f"| {w} | {timings.ratio(w, 'reference').text()} | {_summary(first.get((here, w), []))} |")
    if args.against and first:
        print(f"\nfirst call, this tree against {args.against} (alternating processes):\n")
        print("| writer | other: time / reference | this: time / reference | speed-up |")
        print("|---|---|---|---|")
        for w in WRITERS:
            other, this = first[sources[1], w], first[here, w]
            speedup = statistics.median(other) / statistics.median(this)
            print(f"| {w} | {_summary(other)} | {_summary(this)} | **{speedup:.2f}×** |")


if __name__ == "__main__":
    main()
