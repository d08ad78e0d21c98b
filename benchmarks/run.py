"""Benchmark harness (issue 11): planmodel against the random-number floor, plain numpy and peers.

    pip install -e '.[bench]'     # squigglepy, monaco, py-spy, dask (each optional: skipped, saying why)
    python benchmarks/run.py [--draws 1000000] [--rounds 7] [--huge] [--record]

In one session, interleaved round by round (A B C D A B C D …):

- planmodel (``planmodel.run``: probabilities, first passages and percentiles from every draw)
  on the reference model of issue 11 (benchmarks/reference-model.yaml) and on
  scenarios/daye-2026.yaml, and its engine alone on the reference model (the paths, nothing else);
- the floor: the same count of standard normals from the same generator type (PCG64
  ``Generator.standard_normal``) — 9 per draw on the reference model, and on Daye as many as the
  engine draws (states where needed, once-per-draw numbers, revisions);
- the reference model as a plain numpy script, in squigglepy and in monaco (the peers at fewer
  draws, compared per draw).

Every tool's answers on the reference model are checked against exact values (quadrature, see
reference.py) within 4 Monte Carlo standard errors. Then, on Daye: the speed-up of 2 workers and
of a 2-process Dask LocalCluster over 1 worker at 10^7 draws (and whether they give identical
numbers), the CPU seconds each spends, peak resident memory at 10^6 and 10^7 draws (flat =
streaming works), with ``--huge`` a 10^8-draw run under ``/usr/bin/time -v``, and a py-spy profile
of where the time goes (benchmarks/phases.py). Only ratios and shares are printed, never lone
times, except the 10^8-draw run's wall clock. ``--record`` writes the run into
benchmarks/RESULTS.md (the previous run moves to its history).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import implementations
import phases
import reference
from adapter import Outcome, engine_runner, planmodel_runner, same_numbers
from peers import PEERS, Unavailable
from timing import Task, Timings, interleaved, machine_description

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
SEED = 11
LABELS = {"p_gdp": "P(gdp₂₀₂₆ ≥ 1000)", "p_ind": "P(ind₂₀₂₆ ≥ 2000)", "p_both": "P(both)",
          "gdp_p5": "gdp₂₀₂₆ 5th pct", "gdp_p50": "gdp₂₀₂₆ median", "gdp_p95": "gdp₂₀₂₆ 95th pct"}
TARGETS = {"p_gdp": "gdp_2026_1000", "p_ind": "ind_2026_2000", "p_both": "both"}
"""Quantity → target name in reference-model.yaml."""


def reference_answers(outcome: Outcome) -> reference.Answers:
    """planmodel's outcome on the reference model as the six checked quantities."""
    values = {key: outcome.probabilities[name] for key, name in TARGETS.items()}
    gdp = outcome.percentiles[("gdp", reference.YEARS[-1])]
    for key, q in zip(reference.PERCENTILES, reference.QUANTILES, strict=True):
        values[key] = gdp[q]
    return reference.Answers(values, outcome.draws, outcome.percentile_draws)


def build_tasks(args: argparse.Namespace, skipped: dict[str, str]) -> tuple[list[Task], dict[str, int]]:
    """The interleaved tasks, and the normals per draw planmodel's engine draws on each model."""
    ref, daye = planmodel_runner(HERE / "reference-model.yaml"), planmodel_runner(Path(args.scenario))
    probe, ref_probe = daye(10_000, SEED), ref(10_000, SEED)
    ref_block = ref_probe.block_size
    daye_normals = probe.normals_per_draw * args.draws
    ref_normals = implementations.NORMALS_PER_DRAW * args.draws
    engine = engine_runner(HERE / "reference-model.yaml")
    tasks = [
        Task("planmodel", lambda: reference_answers(ref(args.draws, SEED)), args.draws),
        Task("planmodel engine", lambda: engine(args.draws, SEED), args.draws),
        Task("floor", lambda: implementations.draw_normals(
            ref_normals, SEED, ref_block * implementations.NORMALS_PER_DRAW), args.draws),
        Task("numpy", lambda: implementations.numpy_model(args.draws, SEED), args.draws),
    ]
    peer_draws = {"squigglepy": args.squigglepy_draws, "monaco": args.monaco_draws}
    for name, load in PEERS.items():
        if args.no_peers:
            skipped[name] = "skipped (--no-peers)"
            continue
        try:
            model = load()
            model(1_000, SEED)  # fails here, not mid-benchmark, if the library cannot run
        except Unavailable as exc:
            skipped[name] = str(exc)
            continue
        except Exception as exc:  # a peer's own failure is reported, not fatal
            skipped[name] = f"fails on Python {sys.version.split()[0]}: {type(exc).__name__}: {exc}"
            continue
        n = peer_draws[name]
        tasks.append(Task(name, lambda model=model, n=n: model(n, SEED), n))
    block = probe.block_size * probe.normals_per_draw
    tasks += [
        Task("planmodel daye", lambda: daye(args.draws, SEED), args.draws),
        Task("floor daye", lambda: implementations.draw_normals(daye_normals, SEED, block), args.draws),
    ]
    return tasks, {"reference": ref_probe.normals_per_draw, "daye": probe.normals_per_draw}


def speed_rows(timings: Timings, daye_normals: int, args: argparse.Namespace) -> list[str]:
    """Markdown table rows of every ratio: wall-clock and CPU time."""
    n = f"{args.draws:,}"
    rows = [
        ("planmodel run / floor (reference model, 9 normals per draw)", n, ("planmodel", "floor", False)),
        ("planmodel engine alone / floor (paths, no probabilities or percentiles)", n,
         ("planmodel engine", "floor", False)),
        ("numpy / floor", n, ("numpy", "floor", False)),
        ("planmodel run / numpy", n, ("planmodel", "numpy", False)),
    ]
    for peer in PEERS:
        if peer in timings.seconds:
            draws = f"{timings.draws[peer]:,} vs {n}"
            rows.append((f"{peer} / numpy, per draw", draws, (peer, "numpy", True)))
    rows.append((f"planmodel run / floor on {Path(args.scenario).name} ({daye_normals} normals per draw)",
                 n, ("planmodel daye", "floor daye", False)))
    return [
        f"| {label} | {draws} | {timings.ratio(*spec).text()} | {timings.ratio(*spec, cpu=True).text()} |"
        for label, draws, spec in rows
    ]


def agreement(timings: Timings, skipped: dict[str, str]) -> tuple[list[str], bool]:
    """Markdown rows of each tool's answers against the exact ones, and whether all pass."""
    exact, _, _ = reference.exact_answers()
    tools = [t for t in ("planmodel", "numpy", *PEERS) if t in timings.last]
    checks = {t: {row[0]: row for row in reference.check(timings.last[t])} for t in tools}
    lines = [
        "| quantity | exact | issue | " + " | ".join(tools) + " |",
        "|---|---|---|" + "---|" * len(tools),
    ]
    ok = True
    for q in reference.QUANTITIES:
        digits = 4 if q in reference.PROBABILITIES else 1
        cells = []
        for t in tools:
            _, value, _, z, passed = checks[t][q]
            ok &= passed
            cells.append(f"{value:.{digits}f} ({z:+.1f} SE) {'PASS' if passed else 'FAIL'}")
        issue = f"{reference.ISSUE_ANSWERS[q]:.{3 if q in reference.PROBABILITIES else 1}f}"
        lines.append(f"| {LABELS[q]} | {exact[q]:.{digits + 1}f} | {issue} | "
                     + " | ".join(cells) + " |")
    draws = ", ".join(
        f"{t} {timings.last[t].draws:,}"
        + (f" (percentiles from {timings.last[t].percentile_draws:,})"
           if timings.last[t].percentile_draws != timings.last[t].draws else "")
        for t in tools
    )
    lines += ["", f"Draws: {draws}."]
    lines += [f"{name}: not run — {reason}" for name, reason in skipped.items()]
    return lines, ok


def load() -> str:
    """The 1-minute load average now (other programs sharing the cores)."""
    return f"{os.getloadavg()[0]:.2f}"


def scaling(args: argparse.Namespace) -> list[str]:
    """On Daye: 2 workers / 1 worker, a Dask LocalCluster, peak memory as draws grow, 10^8 draws."""
    daye = planmodel_runner(Path(args.scenario))
    n = args.parallel_draws
    lines = []
    if not args.no_workers:
        tasks = [Task("1 worker", lambda: daye(n, SEED, 1), n),
                 Task("2 workers", lambda: daye(n, SEED, 2), n)]
        backend = dask_cluster(2) if not args.no_dask else None
        if backend is not None:
            tasks.append(Task("dask", lambda: daye(n, SEED, 1, backend.backend), n))
        before = load()
        timings = interleaved(tasks, rounds=args.parallel_rounds, progress=progress)
        identical = all(same_numbers(timings.last["1 worker"], timings.last[t.name]) for t in tasks)
        speed = timings.ratio("1 worker", "2 workers")
        lines.append(f"- speed-up of 2 worker processes over 1 ({n:,} draws; time with 1 / time with 2): "
                     f"{speed.text()}; load average {before} before, {load()} after")
        if backend is not None:
            lines.append(f"- Dask LocalCluster of 2 worker processes ({n:,} draws): speed-up over 1 worker "
                         f"{timings.ratio('1 worker', 'dask').text()}; time against 2 local workers "
                         f"{timings.ratio('dask', '2 workers').text()} (cluster started beforehand)")
            backend.close()
        lines.append(f"- identical numbers for 1 worker, 2 workers{' and Dask' if backend else ''}: "
                     f"{'yes' if identical else '**NO**'}")
        lines.append(cpu_seconds(daye, n))
    if not args.no_memory:
        peaks = [(d, peak_rss_mib(Path(args.scenario), d)) for d in (10**6, 10**7)]
        lines.append("- peak resident memory of a 1-worker run by draws (flat = streaming works): "
                     + ", ".join(f"{d:,}: {mib:.0f} MiB" for d, mib in peaks)
                     + f" → ratio 10^7/10^6 = **{peaks[1][1] / peaks[0][1]:.2f}×**")
    if args.huge:
        lines.append(huge_run(Path(args.scenario)))
    if not args.no_profile:
        try:
            shares, samples = phases.profile(Path(args.scenario), args.draws)
            title = f"Where a 1-worker run of {args.draws:,} draws spends its time (py-spy samples):"
            lines += ["", title, "", *phases.table(shares, samples)]
        except phases.Unavailable as exc:
            lines.append(f"- profile: not run — {exc}")
    return lines


def cpu_seconds(daye: Callable[..., Outcome], draws: int) -> str:
    """CPU seconds of a 1-worker and a 2-worker run (main process and workers): the work done.

    On a busy shared machine wall-clock speed-up says more about the neighbours than about
    planmodel; equal CPU seconds show that 2 workers do no extra work, so on two free cores they
    would take half the time.
    """
    spent = {}
    for workers in (1, 2):
        before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        daye(draws, SEED, workers)
        after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        spent[workers] = [(a.ru_utime + a.ru_stime) - (b.ru_utime + b.ru_stime)
                          for a, b in zip(after, before, strict=True)]
    one, two = sum(spent[1]), sum(spent[2])
    return (f"- CPU seconds for {draws:,} draws: 1 worker {one:.1f} s; 2 workers {two:.1f} s in all "
            f"({spent[2][1]:.1f} s in the workers, {spent[2][0]:.1f} s in the main process) — "
            f"{100 * (two / one - 1):+.0f}% work for running in parallel")


class dask_cluster:  # noqa: N801 - used like a function
    """A 2-process LocalCluster and its backend, or None if Dask is not installed."""

    def __new__(cls, workers: int) -> dask_cluster | None:  # type: ignore[misc]
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            progress("dask: not installed (pip install -e '.[dask]'); skipped")
            return None
        import logging

        from planmodel.backends.dask import DaskBackend

        self = super().__new__(cls)
        self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                    dashboard_address=None, silence_logs=logging.ERROR)
        self.client = Client(self.cluster)
        self.backend = DaskBackend(self.client, f"dask LocalCluster, {workers} workers")
        return self

    def close(self) -> None:
        """Stop the cluster."""
        self.client.close()
        self.cluster.close()


PEAK = """
import resource, sys
from planmodel import load_scenario, run
run(load_scenario(sys.argv[1]), draws=int(sys.argv[2]), seed=1)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_rss_mib(scenario: Path, draws: int) -> float:
    """Peak resident memory (MiB) of a fresh process running ``draws`` draws with one worker."""
    out = subprocess.run([sys.executable, "-c", PEAK, str(scenario), str(draws)],
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def huge_run(scenario: Path, draws: int = 10**8) -> str:
    """``/usr/bin/time -v planmodel run … --draws 10^8 --workers 2 --format md``: time and peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        command = ["/usr/bin/time", "-v", sys.executable, "-m", "planmodel", "run", str(scenario),
                   "--draws", str(draws), "--workers", "2", "--format", "md", "--yes", "--quiet",
                   "--out", str(Path(tmp) / "run")]
        progress(f"{draws:,} draws: " + " ".join(command[2:]))
        done = subprocess.run(command, capture_output=True, text=True)
        report = done.stderr
        peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
        wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", report)
        manifest = json.loads((Path(tmp) / "run" / "manifest.json").read_text(encoding="utf-8")) \
            if done.returncode == 0 else {}
    workers = manifest.get("peak_memory_mib", {}).get("largest_worker")
    return (f"- {draws:,} draws (`/usr/bin/time -v planmodel run {scenario.name} --draws {draws} "
            f"--workers 2 --format md`): exit {done.returncode}, wall clock {wall[1] if wall else '?'}, "
            f"peak resident memory **{int(peak[1]) / 1024:.0f} MiB** (main process)"
            + (f", largest worker {workers:.0f} MiB" if workers else "")
            + f"; load average {load()}")


def progress(message: str) -> None:
    """Progress goes to stderr so that stdout is the report alone."""
    print(message, file=sys.stderr, flush=True)


def commit() -> str:
    """The checked-out commit of this repository (for the record)."""
    try:
        out = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def record(text: str) -> None:
    """Put ``text`` in RESULTS.md's latest-run section; the run it replaces goes to the history."""
    begin, end = "<!-- latest:begin -->", "<!-- latest:end -->"
    current = RESULTS.read_text(encoding="utf-8")
    head, rest = current.split(begin, 1)
    previous, tail = rest.split(end, 1)
    tail = tail.rstrip() + "\n\n" + previous.strip() + "\n" if previous.strip() else tail
    RESULTS.write_text(f"{head}{begin}\n{text.strip()}\n{end}{tail}", encoding="utf-8")


def parse_args() -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--draws", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--squigglepy-draws", type=int, default=100_000)
    parser.add_argument("--monaco-draws", type=int, default=10_000)
    parser.add_argument("--scenario", default=str(HERE.parent / "scenarios" / "daye-2026.yaml"))
    parser.add_argument("--no-peers", action="store_true", help="skip squigglepy and monaco")
    parser.add_argument("--no-workers", action="store_true", help="skip 2 workers / 1 worker and Dask")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster")
    parser.add_argument("--parallel-draws", type=int, default=10_000_000,
                        help="draws of the worker and Dask comparisons (default 10^7)")
    parser.add_argument("--parallel-rounds", type=int, default=2)
    parser.add_argument("--no-memory", action="store_true", help="skip the memory measurement")
    parser.add_argument("--no-profile", action="store_true", help="skip the py-spy profile of Daye")
    parser.add_argument("--huge", action="store_true", help="also run 10^8 draws under /usr/bin/time -v")
    parser.add_argument("--record", action="store_true", help="write the run into RESULTS.md")
    return parser.parse_args()


def main() -> int:
    """Run everything; exit 1 if any tool disagrees with the exact answers."""
    args = parse_args()
    machine = machine_description()
    _, _, quadrature_error = reference.exact_answers()
    skipped: dict[str, str] = {}
    tasks, engine_normals = build_tasks(args, skipped)
    for name, reason in skipped.items():
        progress(f"{name}: not run — {reason}")
    timings = interleaved(tasks, args.rounds, progress=progress)
    table, ok = agreement(timings, skipped)
    lines = [
        f"### {dt.date.today()} — reference model and {Path(args.scenario).name}, "
        f"{args.draws:,} draws, {args.rounds} interleaved rounds (commit {commit()})",
        "",
        f"machine: {machine}",
        "",
        "Speed: each ratio is formed within one round, median over rounds (range; best time over best "
        "time). CPU time is that of the benchmark's process (all threads), the steadier figure when "
        "other programs share the cores.",
        "",
        "| comparison | draws | wall-clock time ratio | CPU time ratio |",
        "|---|---|---|---|",
        *speed_rows(timings, engine_normals["daye"], args),
        "",
        f"planmodel's engine draws {engine_normals['reference']} standard normals per draw on the reference "
        f"model (the floor counts the {implementations.NORMALS_PER_DRAW} the model needs).",
        "",
        f"Agreement with the exact answers (quadrature error < {max(quadrature_error, 1e-12):.0e}), "
        "PASS within 4 Monte Carlo standard errors (order-statistic SE for percentiles):",
        "",
        *table,
        "",
        f"On {Path(args.scenario).name}:",
        "",
        *scaling(args),
        "",
        f"Load average at the end: {os.getloadavg()[0]:.2f}.",
    ]
    text = "\n".join(lines)
    print(text)
    if args.record:
        record(text)
        progress(f"recorded in {RESULTS}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
