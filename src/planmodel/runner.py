"""One run, end to end, as a library call: scenario → blocks → results (+ manifest).

The CLI and notebooks both call :func:`run`; :func:`write_run` writes the run folder.
"""

from __future__ import annotations

import platform
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from . import __version__
from .backends.local import run_blocks
from .evaluation import combine
from .io import LoadedScenario
from .outputs import GENERATOR, MANIFEST, staged_folder, write_json, write_text
from .results import Results
from .rng import root_entropy
from .scenario import Scenario


@dataclass(frozen=True)
class Run:
    """The results of a run with the facts needed to replay it."""

    scenario: Scenario
    results: Results
    manifest: dict[str, Any] = field(default_factory=dict)


def run(
    loaded: LoadedScenario | Scenario,
    *,
    draws: int | None = None,
    seed: int | None = None,
    base_year: int | None = None,
    workers: int = 1,
) -> Run:
    """Simulate and evaluate a scenario; overrides replace the scenario's own settings."""
    started = time.perf_counter()
    scenario = loaded.scenario if isinstance(loaded, LoadedScenario) else loaded
    changes: dict[str, Any] = {}
    if draws is not None:
        changes["draws"] = draws
    if seed is not None:
        changes["seed"] = seed
    if base_year is not None:
        changes["base_year"] = base_year
    if changes:
        if isinstance(loaded, LoadedScenario):
            scenario = loaded.with_overrides(**changes)
        else:
            scenario = scenario.with_overrides(**changes)
    entropy = root_entropy(scenario.seed)
    summaries = run_blocks(scenario, entropy, workers=workers)
    simulated = time.perf_counter()
    results = combine(scenario, entropy, summaries)
    finished = time.perf_counter()
    manifest = {
        "generator": GENERATOR,
        "version": __version__,
        "scenario": scenario.name,
        "scenario_file": str(loaded.path) if isinstance(loaded, LoadedScenario) else None,
        "scenario_sha256": loaded.sha256 if isinstance(loaded, LoadedScenario) else None,
        "seed": scenario.seed,
        "seed_entropy": str(entropy),
        "draws": scenario.draws,
        "block_size": scenario.block_size,
        "base_year": scenario.base_year,
        "workers": workers,
        "created_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "timings_seconds": {
            "simulate": round(simulated - started, 3),
            "evaluate": round(finished - simulated, 3),
        },
        "python": platform.python_version(),
        "numpy": np.__version__,
        "replay": "planmodel run SCENARIO --seed <seed_entropy> --draws <draws> reproduces the numbers",
    }
    return Run(scenario, results, manifest)


def write_run(outcome: Run, out_dir: Path, formats: frozenset[str], lang: str = "zh") -> list[Path]:
    """Write the run folder atomically; return the files written (relative to ``out_dir``)."""
    from .report.bundle import write_reports
    from .report.results_json import results_to_dict
    from .report.tables import percentiles_frame, targets_frame, to_csv_text

    started = time.perf_counter()
    with staged_folder(out_dir) as folder:
        write_json(folder, "results.json", results_to_dict(outcome.results))
        write_text(
            folder, "targets.csv", to_csv_text(targets_frame(outcome.results, lang="en")), bom=True
        )
        write_text(
            folder, "percentiles.csv", to_csv_text(percentiles_frame(outcome.results)), bom=True
        )
        write_reports(outcome.results, outcome.manifest, folder, formats, lang=lang)
        manifest = dict(outcome.manifest)
        manifest["timings_seconds"] = {
            **manifest["timings_seconds"],
            "report": round(time.perf_counter() - started, 3),
        }
        manifest["formats"] = sorted(formats)
        write_json(folder, MANIFEST, manifest)
        written = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    return [out_dir / p for p in written]
