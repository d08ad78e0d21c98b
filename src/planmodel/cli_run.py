"""``planmodel run``: simulate one scenario or a batch, write the run folder, print the table.

Parses the run's options, starts the report workers early (they load the drawing libraries while
the engine simulates), runs one scenario (also both calibrations side by side, or with
``--sensitivity``) or several on one pool, and prints the targets table, the calibration
comparison or results.json. The progress display, the ``--dask`` backend and the batch run are
helpers of this command only. Imports: cli_errors, io, outputs, progress, rng, settings,
report.i18n (and, when run, batch, runner, analysis.insight, backends, report) → click.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from .cli_errors import reported
from .errors import ScenarioError
from .io import load_scenario
from .outputs import run_folder_name
from .progress import RunProgress, terminal_question
from .report.i18n import text as i18n_text
from .rng import MAX_SEED
from .settings import RunSettings

__all__ = ["WORKERS", "Workers", "run"]


class Workers(click.ParamType):
    """``--workers N`` (1–256) or ``auto`` (one per core this process may use)."""

    name = "N|auto"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        """The worker count."""
        if isinstance(value, int):
            return value
        if str(value).strip().lower() == "auto":
            from .backends.local import usable_cores

            return usable_cores()
        try:
            number = int(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a whole number or 'auto'", param, ctx)
        if not 1 <= number <= 256:
            self.fail(f"{number} is not in the range 1–256", param, ctx)
        return number


WORKERS = Workers()


@click.command()
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--draws", type=click.IntRange(1, 10**10), help="Number of draws (default: the scenario's).")
@click.option(
    "--seed",
    type=click.IntRange(0, MAX_SEED),
    help="Seed (default: the scenario's); the seed_entropy of a manifest replays that run.",
)
@click.option(
    "--base-year", "base_year", type=int, help="As-of run: use published data only up to this year."
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: outputs/<scenario file stem>; for several scenarios, the folder "
    "that holds one folder per scenario and summary/, default outputs/).",
)
@click.option(
    "--format",
    "formats",
    default="default",
    show_default=True,
    help="What to write: comma-separated of charts, svg, md, xlsx, docx, pptx, html; "
    "or 'all' (everything but svg).",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the documents, charts and tables.",
)
@click.option(
    "--workers",
    type=WORKERS,
    default="1",
    show_default=True,
    help="Worker processes, or 'auto' for one per usable core (results are identical for any number).",
)
@click.option(
    "--dask",
    "dask_address",
    metavar="local:N|tcp://HOST:PORT",
    help="Run the blocks on a Dask cluster: a LocalCluster of N processes, or a running scheduler.",
)
@click.option(
    "--keep-draws",
    "keep_draws",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write every draw's levels to this new or empty folder (npz files; see docs/scale.md).",
)
@click.option(
    "--calibration",
    type=click.Choice(["none", "outside_view", "both"]),
    help="Growth assumptions as written (none), shifted and widened by past plan errors "
    "(outside_view), or both side by side (default: the scenario's calibration:).",
)
@click.option("--json", "as_json", is_flag=True, help="Print results.json to standard output.")
@click.option("--quiet", "-q", is_flag=True, help="No progress display.")
@click.option(
    "--progress", "force_progress", is_flag=True, help="Show progress even when stderr is not a terminal."
)
@click.option("--yes", "-y", is_flag=True, help="Run without asking even if it will take over 30 minutes.")
@click.option(
    "--sensitivity",
    is_flag=True,
    help="Also find what decides each key target (tornado, conditions for success) for 风险与提示.",
)
@click.option(
    "--progress-table",
    "progress_table",
    is_flag=True,
    help="Also put the mid-term evaluation table (中期评估进度表, as `planmodel progress` writes it) "
    "in the md, docx and html as 附表6, as the deck's last slides and as a sheet of results.xlsx.",
)
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
@reported
def run(
    scenarios: tuple[Path, ...],
    draws: int | None,
    seed: int | None,
    base_year: int | None,
    out_dir: Path | None,
    formats: str,
    lang: str,
    workers: int,
    dask_address: str | None,
    keep_draws: Path | None,
    calibration: str | None,
    as_json: bool,
    quiet: bool,
    force_progress: bool,
    yes: bool,
    sensitivity: bool,
    progress_table: bool,
    debug: bool,
) -> None:
    """Simulate SCENARIOS and report the probability of each target.

    One scenario file, or several, or folders of them: a batch runs on one pool of workers and
    writes one folder per scenario plus summary/ with every target of every scenario. With
    --calibration both (one scenario), the run folder holds the assumptions as written and a second
    folder (<out>-outside_view) the calibrated run, with the same draws; the table compares the two.
    """
    from .batch import scenario_files
    from .report.bundle import DEFAULT_FORMATS, needs_workers, parse_formats
    from .report.outside_view import compare_calibration
    from .report.parallel import ReportPool
    from .report.writers.console import calibration_table, targets_table
    from .report.writers.data import results_to_dict
    from .runner import run as run_scenario
    from .runner import write_run

    try:
        chosen = DEFAULT_FORMATS if formats == "default" else parse_formats(formats)
    except ValueError as exc:
        raise ScenarioError(f"--format: {exc}") from None
    files = scenario_files(list(scenarios))
    if len(files) > 1 or scenarios[0].is_dir():
        if as_json or keep_draws is not None or calibration == "both" or sensitivity or progress_table:
            raise ScenarioError(
                "--json, --keep-draws, --sensitivity, --progress-table and --calibration both work with "
                "one scenario at a time"
            )
        _run_batch(files, out_dir or Path("outputs"), frozenset(chosen), lang, dask_address,
                   (quiet, force_progress, yes), draws=draws, seed=seed, as_of=base_year,
                   workers=workers, calibration=calibration)  # fmt: skip
        return
    scenario = files[0]
    loaded = load_scenario(scenario)
    progress = _progress(loaded.settings.with_changes(draws=draws, workers=workers), quiet,
                         force_progress, yes)  # fmt: skip
    settings = ["none", "outside_view"] if calibration == "both" else [calibration]
    folder = out_dir or Path("outputs") / run_folder_name(scenario.stem)
    outcomes, written = [], []
    with contextlib.ExitStack() as stack:
        pool = None
        if needs_workers(frozenset(chosen)):
            # started now, a fork server loads matplotlib, python-docx and python-pptx while we simulate
            pool = stack.enter_context(ReportPool(early=True))
        backend = stack.enter_context(_backend(dask_address))
        for i, setting in enumerate(settings):
            outcome = run_scenario(loaded, draws=draws, seed=seed, base_year=base_year, workers=workers,
                                   progress=progress, calibration=setting, backend=backend,
                                   keep_draws=keep_draws if i == 0 else None)  # fmt: skip
            where = folder if i == 0 else folder.with_name(f"{folder.name}-outside_view")
            insight = None
            if sensitivity:
                with progress.phase("sensitivity"):
                    insight = _insight(outcome)
            with progress.phase("writing charts and reports"):
                made = write_run(outcome, where, frozenset(chosen), lang=lang, pool=pool, insight=insight,
                                 progress_table=progress_table)  # fmt: skip
                written.append((where, made))
            outcomes.append(outcome)
    first, shown = outcomes[0].results, written[0][1].briefing
    if as_json:
        click.echo(json.dumps(results_to_dict(first, shown), ensure_ascii=False, indent=2))
        return
    seed_shown = first.seed if first.seed is not None else first.entropy
    click.echo(targets_table(shown, first.draws, seed_shown))
    if len(outcomes) == 2:
        comparison = compare_calibration(first, outcomes[1].results, shown, written[1][1].briefing,
                                         outcomes[1].manifest)  # fmt: skip
        click.echo("")
        click.echo(calibration_table(comparison))
    click.echo("")
    for where, files in written:
        click.echo(i18n_text("console_written", lang, n=len(files.files), folder=f"{where}{os.sep}"))


def _insight(outcome: Any) -> Any:
    """Tornado and conditions of the key targets of a run, on its seed (``--sensitivity``)."""
    from .analysis.insight import insight
    from .report.content import key_targets

    targets = [t.name for t in key_targets(outcome.results)]
    return insight(outcome.scenario, targets, entropy=outcome.results.entropy, draws=outcome.settings.draws)


def _run_batch(
    files: list[Path],
    root: Path,
    formats: frozenset[str],
    lang: str,
    dask_address: str | None,
    shown: tuple[bool, bool, bool],
    **changes: Any,
) -> None:
    """Run several scenarios on one pool; one progress line; a folder each and summary/."""
    from .batch import batch_folders, run_many, write_many
    from .report.bundle import needs_workers
    from .report.parallel import ReportPool

    loaded = [load_scenario(path) for path in files]  # every file checked before anything runs
    folders = batch_folders(files, root)
    total = sum(x.settings.with_changes(draws=changes["draws"]).draws for x in loaded)
    progress = _progress(RunSettings(draws=total, workers=changes["workers"]), *shown)
    with contextlib.ExitStack() as stack:
        pool = stack.enter_context(ReportPool(early=True)) if needs_workers(formats) else None
        backend = stack.enter_context(_backend(dask_address))
        runs = run_many(loaded, progress=progress, backend=backend, **changes)
        with progress.phase("writing charts and reports"):
            summary = write_many(runs, folders, root, formats, lang, pool=pool)
    click.echo(i18n_text("console_batch", lang, n=len(runs), folder=f"{summary}{os.sep}"))


@contextlib.contextmanager
def _backend(dask_address: str | None) -> Iterator[Any]:
    """The Dask backend for ``--dask``, or None (local processes)."""
    if dask_address is None:
        yield None
        return
    from .backends.dask import check_address, dask_backend

    try:
        check_address(dask_address)
    except ValueError as exc:
        raise ScenarioError(f"--dask: {exc}") from None
    with dask_backend(dask_address) as backend:
        yield backend


def _progress(settings: RunSettings, quiet: bool, force: bool, yes: bool) -> RunProgress:
    """The progress display and long-run question for one run (see :mod:`planmodel.progress`)."""
    show = not quiet and (force or sys.stderr.isatty())
    return RunProgress(
        settings.draws,
        parallel=min(settings.workers, -(-settings.draws // settings.block_size)),
        block_size=settings.block_size,
        show=show,
        confirmed=yes,
        ask=terminal_question,
    )
