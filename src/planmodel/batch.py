"""Many scenarios in one go: every block of every scenario on one backend, one progress for the batch.

A provincial bureau runs every county's plan at once (Hubei has about a hundred county-level
units). :func:`run_many` sets each scenario up (settings, entropy, pilot grids), hands all their
blocks to one backend as one stream of tasks — scenario after scenario, so a pool of workers
never idles between them — and finishes each scenario as its last block comes back. Each
scenario's numbers are exactly those of running it alone: the same tasks, the same summaries.
Progress is ``progress(done_draws, total_draws)`` over the whole batch. :func:`write_many` writes
each scenario's folder as a single run would and a summary folder with every target of every
scenario in one table (``summary.md``, ``summary.xlsx``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .backends import Backend
from .backends.local import Job, LocalBackend, Progress, Task
from .errors import ScenarioError
from .io import LoadedScenario
from .outputs import GENERATOR, MANIFEST, run_folder_name, staged_folder, write_json, write_text
from .runner import Run, finish, set_up
from .scenario import Scenario
from .streaming import BlockSummary, absorb

SCENARIO_SUFFIXES = (".yaml", ".yml")


def scenario_files(paths: Sequence[Path]) -> list[Path]:
    """The scenario files named: files as given, folders by their ``*.yaml``/``*.yml`` (sorted).

    Raises
    ------
    ScenarioError
        For a folder without scenario files, or a file named twice.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix in SCENARIO_SUFFIXES and p.is_file())
            if not inside:
                raise ScenarioError(f"{path}: no scenario files (*.yaml, *.yml) in this folder")
            found += inside
        else:
            found.append(path)
    seen: set[Path] = set()
    for path in found:
        key = path.resolve()
        if key in seen:
            raise ScenarioError(f"{path}: named twice")
        seen.add(key)
    return found


def run_many(
    loaded: Sequence[LoadedScenario | Scenario],
    *,
    progress: Progress | None = None,
    backend: Backend | None = None,
    workers: int | None = None,
    **changes: Any,
) -> list[Run]:
    """Run every scenario (with the same setting ``changes``, e.g. ``draws=``) on one backend.

    Returns the runs in the order given; each is bit-identical to :func:`planmodel.runner.run` of
    that scenario alone.
    """
    setups = [set_up(item, None, workers=workers, **changes) for item in loaded]
    total = sum(s.settings.draws for s in setups)
    if backend is None:
        blocks = sum(len(s.settings.blocks()) for s in setups)
        backend = LocalBackend(min(workers or 1, blocks))
    jobs = [Job(s.scenario, s.grids) for s in setups]
    totals: list[BlockSummary | None] = [None] * len(setups)
    remaining = [len(s.settings.blocks()) for s in setups]
    runs: list[Run | None] = [None] * len(setups)
    owner = {id(job): i for i, job in enumerate(jobs)}
    done_draws = 0

    def tasks() -> Any:
        for setup, job in zip(setups, jobs, strict=True):
            for block in setup.settings.blocks():
                yield Task(job, setup.entropy, block)

    def done(task: Task, summary: BlockSummary) -> None:
        nonlocal done_draws
        i = owner[id(task.job)]
        totals[i] = absorb(totals[i], summary)
        remaining[i] -= 1
        if remaining[i] == 0:
            merged = totals[i]
            assert merged is not None
            runs[i] = finish(setups[i], [merged], backend, time.perf_counter())
            totals[i] = None
        done_draws += task.block.size
        if progress is not None:
            progress(done_draws, total)

    backend.execute(tasks(), done)
    return [r for r in runs if r is not None]


SUMMARY = "summary"
"""The batch's summary folder, beside the scenarios' folders."""


def batch_folders(files: Sequence[Path], root: Path) -> list[Path]:
    """Each scenario's folder under ``root`` (``<root>/<file stem>``), checked to be distinct.

    Raises
    ------
    ScenarioError
        If two files would write the same folder, or one would write the summary's.
    """
    folders = [root / run_folder_name(f.stem) for f in files]
    seen: dict[Path, Path] = {}
    for path, folder in zip(files, folders, strict=True):
        if folder.name == SUMMARY:
            raise ScenarioError(f"{path}: a scenario file may not be called {SUMMARY} in a batch (rename it)")
        if folder in seen:
            raise ScenarioError(f"{path} and {seen[folder]} would both write {folder}; rename one")
        seen[folder] = path
    return folders


def write_many(
    runs: Sequence[Run],
    folders: Sequence[Path],
    root: Path,
    formats: frozenset[str],
    lang: str = "zh",
    *,
    pool: Any = None,
) -> Path:
    """Write every run's folder and the batch's summary folder (``<root>/summary``); return the latter."""
    from .report.content import BatchEntry
    from .report.writers.markdown import batch_markdown
    from .report.writers.xlsx import write_batch_xlsx
    from .runner import write_run

    entries = []
    for outcome, folder in zip(runs, folders, strict=True):
        written = write_run(outcome, folder, formats, lang=lang, pool=pool)
        seed = outcome.results.seed if outcome.results.seed is not None else outcome.results.entropy
        entries.append(BatchEntry(written.briefing, str(folder), outcome.results.draws, seed))
    summary = root / SUMMARY
    with staged_folder(summary) as staging:
        write_text(staging, "summary.md", batch_markdown(entries, lang))
        write_batch_xlsx(entries, lang, staging / "summary.xlsx")
        listed = [
            {
                "scenario": r.scenario.name,
                "scenario_file": r.manifest.get("scenario_file"),
                "folder": str(f),
                "seed_entropy": r.manifest.get("seed_entropy"),
                "draws": r.settings.draws,
            }
            for r, f in zip(runs, folders, strict=True)
        ]
        write_json(staging, MANIFEST, {"generator": GENERATOR, "batch": listed})
    return summary
