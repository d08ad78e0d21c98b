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
from .backends.local import Progress, run_blocks
from .evaluation import combine
from .io import LoadedScenario, document_titles
from .outputs import GENERATOR, MANIFEST, staged_folder, write_json
from .report.bundle import Written
from .report.parallel import ReportPool
from .results import Results
from .rng import root_entropy
from .scenario import Scenario, as_of
from .settings import RunSettings


@dataclass(frozen=True)
class Run:
    """The results of a run with the settings and facts needed to replay it."""

    scenario: Scenario
    settings: RunSettings
    results: Results
    manifest: dict[str, Any] = field(default_factory=dict)


def run(
    loaded: LoadedScenario | Scenario,
    settings: RunSettings | None = None,
    *,
    draws: int | None = None,
    seed: int | None = None,
    base_year: int | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Run:
    """Simulate and evaluate a scenario.

    ``settings`` default to the file's ``simulation:`` block (or :class:`RunSettings` defaults for
    a bare scenario); the keyword overrides replace single settings. ``base_year`` cuts the
    scenario's published data at that year (an as-of run). ``progress(done_draws, total_draws)``
    is called after each block (see :mod:`planmodel.backends.local`).
    """
    started = time.perf_counter()
    if settings is None:
        settings = loaded.settings if isinstance(loaded, LoadedScenario) else RunSettings()
    settings = settings.with_changes(draws=draws, seed=seed, workers=workers, as_of=base_year)
    scenario = loaded.scenario if isinstance(loaded, LoadedScenario) else loaded
    if settings.as_of is not None:
        cut = loaded.as_of if isinstance(loaded, LoadedScenario) else lambda y: as_of(scenario, y)
        scenario = cut(settings.as_of)
    entropy = root_entropy(settings.seed)
    summaries = run_blocks(scenario, settings, entropy, progress=progress)
    simulated = time.perf_counter()
    results = combine(scenario, settings.seed, entropy, summaries)
    finished = time.perf_counter()
    manifest = {
        "generator": GENERATOR,
        "version": __version__,
        "scenario": scenario.name,
        "scenario_file": str(loaded.path) if isinstance(loaded, LoadedScenario) else None,
        "scenario_sha256": loaded.sha256 if isinstance(loaded, LoadedScenario) else None,
        **_extends(loaded),
        "seed": settings.seed,
        "seed_entropy": str(entropy),
        "draws": settings.draws,
        "block_size": settings.block_size,
        "base_year": scenario.base_year,
        "workers": settings.workers,
        "created_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "timings_seconds": {
            "simulate": round(simulated - started, 3),
            "evaluate": round(finished - simulated, 3),
        },
        "python": platform.python_version(),
        "numpy": np.__version__,
        "replay": "planmodel run SCENARIO --seed <seed_entropy> --draws <draws> reproduces the numbers",
    }
    return Run(scenario, settings, results, manifest)


def _extends(loaded: LoadedScenario | Scenario) -> dict[str, Any]:
    """The files a scenario extends, with their SHA-256 (a replay needs them too); none: nothing."""
    if not isinstance(loaded, LoadedScenario) or not loaded.parents:
        return {}
    return {"extends": [{"file": name, "sha256": digest} for name, digest in loaded.parents]}


def write_run(
    outcome: Run,
    out_dir: Path,
    formats: frozenset[str],
    lang: str = "zh",
    *,
    workers: int | None = None,
    pool: ReportPool | None = None,
) -> Written:
    """Write the run folder atomically; return its files (absolute paths) and the briefing shown.

    Charts and documents are made by ``pool`` (a :class:`~planmodel.report.parallel.ReportPool`
    the caller may start before simulating, so its workers load their libraries meanwhile), else by
    ``workers`` processes started here (default: the processors available).
    """
    from .report.bundle import write_bundle

    started = time.perf_counter()
    documents = document_titles(outcome.manifest.get("scenario_file"))
    with staged_folder(out_dir) as folder:
        written = write_bundle(
            outcome.results,
            outcome.manifest,
            folder,
            formats,
            lang,
            documents=documents,
            pool=pool,
            workers=workers,
        )
        manifest = dict(outcome.manifest)
        manifest["timings_seconds"] = {
            **manifest["timings_seconds"],
            "report": round(time.perf_counter() - started, 3),
        }
        manifest["formats"] = sorted(formats)
        write_json(folder, MANIFEST, manifest)
        files = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    return Written(tuple(Path(out_dir) / p for p in files), written.briefing)
