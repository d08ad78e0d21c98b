"""Where a planmodel run spends its time, from a sampling profile (py-spy) of one process.

    python benchmarks/phases.py [--scenario scenarios/daye-2026.yaml] [--draws 1000000]

py-spy samples the Python stack of a separate process running ``planmodel.run`` (one worker, after
a warm-up run), without slowing it down as a tracing profiler would. Each sample is put in a phase
by its innermost planmodel frame; a sample on the engine's ``standard_normal`` line is time spent
drawing random numbers — the floor — and everything else is what the engine adds to it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = """
import sys
from planmodel import load_scenario, run
loaded = load_scenario(sys.argv[1])
run(loaded, draws=20_000, seed=1)
run(loaded, draws=int(sys.argv[2]), seed=1)  # PROFILED
"""
PHASES = (
    ("drawing standard normals (the floor)", None),
    ("opening random streams, arrays", ("engine.py:_Draws.__init__", "rng.py:")),
    ("correlation and persistence", ("dynamics.py:",)),
    (
        "yearly values, compounding, bridges, prices",
        (
            "engine.py:",
            "plan.py:",
            "distribution_base.py:",
            "distribution_families.py:",
            "tail_quantiles.py:",
        ),
    ),
    ("derived indicators", ("derived.py:", "expressions.py:", "formula_tree.py:")),
    ("targets and first passage", ("targets.py:", "streaming.py:")),
    ("percentiles from every draw (tallies)", ("quantiles.py:",)),
    ("combining results", ("evaluation.py:", "results.py:", "runner.py:")),
)
_FRAME = re.compile(r"^(?P<func>.+) \((?P<file>[^():]+):(?P<line>\d+)\)$")


class Unavailable(RuntimeError):
    """py-spy is not installed or cannot attach here."""


def _rng_lines() -> set[int]:
    """Line numbers of the engine's calls that draw standard normals."""
    import planmodel.engine

    source = Path(planmodel.engine.__file__).read_text(encoding="utf-8").splitlines()
    return {i + 1 for i, text in enumerate(source) if "standard_normal(" in text}


def phase_of(stack: str, rng_lines: set[int]) -> str:
    """The phase of one sampled stack (``frame;frame;…``, outermost first)."""
    for frame in reversed(stack.split(";")):
        found = _FRAME.match(frame.strip())
        if not found or "planmodel/" not in found["file"]:
            continue
        name = found["file"].rsplit("/", 1)[-1]
        if name == "engine.py" and int(found["line"]) in rng_lines:
            return PHASES[0][0]
        where = f"{name}:{found['func']}"
        for phase, prefixes in PHASES[1:]:
            if prefixes and any(where.startswith(p) for p in prefixes):
                return phase
        return "other"
    return "other"


def profile(scenario: Path, draws: int, rate: int = 250) -> tuple[dict[str, float], int]:
    """Shares of run time by phase, and the number of samples behind them."""
    if shutil.which("py-spy") is None:
        raise Unavailable("py-spy is not installed (pip install -e '.[bench]')")
    with tempfile.TemporaryDirectory() as tmp:
        script, raw = Path(tmp) / "profiled.py", Path(tmp) / "samples.txt"
        script.write_text(SCRIPT, encoding="utf-8")
        command = ["py-spy", "record", "--format", "raw", "--rate", str(rate), "-o", str(raw), "--",
                   sys.executable, str(script), str(scenario), str(draws)]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0 or not raw.exists():
            raise Unavailable(f"py-spy failed: {done.stderr.strip().splitlines()[-1:]}")
        lines = raw.read_text(encoding="utf-8").splitlines()
    rng_lines = _rng_lines()
    counts: Counter[str] = Counter()
    for line in lines:
        stack, _, weight = line.rpartition(" ")
        if "profiled.py:6)" not in stack:  # only the profiled run, not imports or the warm-up
            continue
        counts[phase_of(stack, rng_lines)] += int(weight)
    total = sum(counts.values())
    if total == 0:
        raise Unavailable("py-spy recorded no samples of the run")
    order = [p for p, _ in PHASES] + ["other"]
    return {p: counts[p] / total for p in order if counts[p]}, total


def table(shares: dict[str, float], samples: int) -> list[str]:
    """Markdown rows: phase, share of run time."""
    rows = ["| phase | share of run time |", "|---|---|"]
    rows += [f"| {phase} | {100 * share:.1f}% |" for phase, share in shares.items()]
    outside = 1.0 - shares.get(PHASES[0][0], 0.0)
    rows += ["", f"Outside drawing random numbers: **{100 * outside:.0f}%** of run time "
             f"({samples:,} samples)."]
    return rows


def main() -> int:
    """Print the profile table of one scenario."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scenario", default=str(HERE.parent / "scenarios" / "daye-2026.yaml"))
    parser.add_argument("--draws", type=int, default=1_000_000)
    args = parser.parse_args()
    shares, samples = profile(Path(args.scenario), args.draws)
    print("\n".join(table(shares, samples)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
