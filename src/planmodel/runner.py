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
from .backends import Backend
from .backends.local import LocalBackend, Progress, pilot, run_blocks
from .calibration import PROVINCIAL_GDP, OutsideView, calibrate
from .draws import prepare_folder
from .errors import ScenarioError
from .evaluation import combine
from .io import LoadedScenario, document_titles
from .outputs import GENERATOR, MANIFEST, staged_folder, write_json
from .quantiles import Grid
from .report.bundle import Written
from .report.parallel import ReportPool
from .results import Results
from .rng import root_entropy
from .scenario import CalibrationName, Scenario, as_of
from .settings import RunSettings
from .streaming import BlockSummary, Quantity


@dataclass(frozen=True)
class Run:
    """The results of a run with the settings and facts needed to replay it."""

    scenario: Scenario
    settings: RunSettings
    results: Results
    manifest: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Setup:
    """A run about to simulate: its scenario (cut at an as-of year), settings, entropy and grids."""

    loaded: LoadedScenario | Scenario
    scenario: Scenario
    settings: RunSettings
    entropy: int
    grids: dict[Quantity, Grid]
    started: float


def set_up(
    loaded: LoadedScenario | Scenario,
    settings: RunSettings | None = None,
    calibration: CalibrationName | None = None,
    **changes: Any,
) -> Setup:
    """Settings (the file's, with ``changes`` such as ``draws=`` applied), entropy and pilot grids.

    The scenario is cut at the as-of year, then calibrated as asked (:func:`with_calibration`).
    """
    started = time.perf_counter()
    if settings is None:
        settings = loaded.settings if isinstance(loaded, LoadedScenario) else RunSettings()
    settings = settings.with_changes(**changes)
    scenario = loaded.scenario if isinstance(loaded, LoadedScenario) else loaded
    if settings.as_of is not None:
        cut = loaded.as_of if isinstance(loaded, LoadedScenario) else lambda y: as_of(scenario, y)
        scenario = cut(settings.as_of)
    scenario = with_calibration(scenario, calibration)
    entropy = root_entropy(settings.seed)
    return Setup(loaded, scenario, settings, entropy, pilot(scenario, settings, entropy), started)


def finish(setup: Setup, summaries: list[BlockSummary], backend: Backend, simulated: float) -> Run:
    """Combine a run's block summaries into its results and manifest."""
    scenario, settings, loaded = setup.scenario, setup.settings, setup.loaded
    try:
        results = combine(scenario, settings.seed, setup.entropy, summaries, setup.grids)
    except ScenarioError as exc:  # draws that cannot be computed: placed at the formula's or target's line
        if isinstance(loaded, LoadedScenario):
            raise loaded.locator.locate(exc) from None
        raise
    finished = time.perf_counter()
    manifest = {
        "generator": GENERATOR,
        "version": __version__,
        "scenario": scenario.name,
        "scenario_file": str(loaded.path) if isinstance(loaded, LoadedScenario) else None,
        "scenario_sha256": loaded.sha256 if isinstance(loaded, LoadedScenario) else None,
        **_extends(loaded),
        "seed": settings.seed,
        "seed_entropy": str(setup.entropy),
        "draws": settings.draws,
        "block_size": settings.block_size,
        "base_year": scenario.base_year,
        "workers": settings.workers,
        "backend": backend.description,
        "calibration": "outside_view" if scenario.calibrated else "none",
        **({"outside_view": outside_view_record()} if scenario.calibrated else {}),
        "created_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "timings_seconds": {
            "simulate": round(simulated - setup.started, 3),
            "evaluate": round(finished - simulated, 3),
        },
        "peak_memory_mib": peak_memory_mib(workers=isinstance(backend, LocalBackend) and backend.workers > 1),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "replay": "planmodel run SCENARIO --seed <seed_entropy> --draws <draws> reproduces the numbers",
    }
    return Run(scenario, settings, results, manifest)


def peak_memory_mib(workers: bool = False) -> dict[str, float]:
    """Peak resident memory so far of this process and, with ``workers``, of its largest worker (MiB).

    The workers' figure is the largest of the child processes this process has waited for (the
    pool's workers, once the pool has closed).
    """
    try:
        import resource
    except ImportError:  # not on Windows
        return {}
    unit = 1 / 1024 if platform.system() == "Linux" else 1 / 2**20  # KiB on Linux, bytes on macOS
    out = {"main": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * unit, 1)}
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * unit
    if workers and children:
        out["largest_worker"] = round(children, 1)
    return out


def run(
    loaded: LoadedScenario | Scenario,
    settings: RunSettings | None = None,
    *,
    draws: int | None = None,
    seed: int | None = None,
    base_year: int | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    calibration: CalibrationName | None = None,
    backend: Backend | None = None,
    keep_draws: Path | None = None,
) -> Run:
    """Simulate and evaluate a scenario.

    ``settings`` default to the file's ``simulation:`` block (or :class:`RunSettings` defaults for
    a bare scenario); the keyword overrides replace single settings. ``base_year`` cuts the
    scenario's published data at that year (an as-of run). ``progress(done_draws, total_draws)``
    is called after each block (see :mod:`planmodel.backends.local`). ``backend`` runs the blocks
    (default: local processes, ``settings.workers`` of them); the numbers never depend on it.
    ``keep_draws`` is an empty or new folder that receives every draw's levels
    (:mod:`planmodel.draws`). ``calibration`` overrides the scenario's ``calibration:``
    (``outside_view`` shifts and widens growth assumptions by past plan errors,
    :func:`planmodel.calibration.calibrate`).
    """
    if keep_draws is not None:
        prepare_folder(keep_draws)
    setup = set_up(loaded, settings, calibration=calibration, draws=draws, seed=seed, workers=workers,
                   as_of=base_year)
    chosen = setup.settings
    if backend is None:
        backend = LocalBackend(min(chosen.workers, len(chosen.blocks())))
    summaries = run_blocks(setup.scenario, chosen, setup.entropy, progress=progress, backend=backend,
                           grids=setup.grids, keep=keep_draws)
    outcome = finish(setup, summaries, backend, time.perf_counter())
    if keep_draws is not None:
        outcome.manifest["keep_draws"] = str(keep_draws)
    return outcome


def _extends(loaded: LoadedScenario | Scenario) -> dict[str, Any]:
    """The files a scenario extends, with their SHA-256 (a replay needs them too); none: nothing."""
    if not isinstance(loaded, LoadedScenario) or not loaded.parents:
        return {}
    return {"extends": [{"file": name, "sha256": digest} for name, digest in loaded.parents]}


def with_calibration(scenario: Scenario, calibration: CalibrationName | None) -> Scenario:
    """The scenario as it is to be run: calibrated once when ``outside_view`` is asked for.

    ``calibration`` (the command line) overrides the file's ``calibration:``; a scenario that a
    caller has calibrated already (with another outside view) is run as it is.
    """
    wanted = calibration or ("outside_view" if scenario.calibrated else scenario.calibration)
    if wanted == "none" and scenario.calibrated:
        raise ValueError("this scenario has been calibrated already; pass the uncalibrated one")
    if wanted == "outside_view" and not scenario.calibrated:
        return calibrate(scenario)
    return scenario


def outside_view_record(view: OutsideView = PROVINCIAL_GDP) -> dict[str, Any]:
    """The outside view's numbers for the manifest (growth-rate units: 0.01 = 1 point)."""
    return {
        "shift": view.shift,
        "shift_se": view.shift_se,
        "yearly_sd": view.yearly_sd,
        "trend_sd": view.trend_sd,
        "pairs": view.pairs,
        "years": list(view.years),
        "source": view.source,
    }


def write_run(
    outcome: Run,
    out_dir: Path,
    formats: frozenset[str],
    lang: str = "zh",
    *,
    workers: int | None = None,
    pool: ReportPool | None = None,
    insight: Any = None,
    progress_table: bool = False,
) -> Written:
    """Write the run folder atomically; return its files (absolute paths) and the briefing shown.

    Charts and documents are made by ``pool`` (a :class:`~planmodel.report.parallel.ReportPool`
    the caller may start before simulating, so its workers load their libraries meanwhile), else by
    ``workers`` processes started here (default: the processors available). ``insight`` (from
    :func:`planmodel.analysis.insight.insight`) adds sensitivity to 风险与提示;
    ``progress_table`` the mid-term table of this run (:func:`planmodel.midterm.midterm_table`) as
    附表6 — the same numbers as ``planmodel progress`` with the same seed and as-of year.
    """
    from .midterm import midterm_table
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
            insight=insight,
            midterm=midterm_table(outcome.scenario, outcome.results) if progress_table else None,
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
