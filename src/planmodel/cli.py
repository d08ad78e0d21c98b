"""Command line: ``planmodel run``, ``validate``, ``schema``, ``backtest`` and ``fit``.

The analyses (required, seek, sensitivity, sweep, compare, conditions) are in :mod:`.cli_analysis`.

Only parses arguments, calls the library, prints, and maps errors to exit codes: 2 for bad input
(one line naming file:line:column, the field and what would be valid), 1 for other failures,
130/143 when interrupted by SIGINT/SIGTERM (both handled alike: no half-written output is left).
A traceback is shown only with ``--debug``; without it every failure, including the interpreter's
own (RecursionError, MemoryError), is one line.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import os
import re
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .calibration import PROVINCIAL_GDP, Z90, NarrowBand, OutsideView, calibrate, narrow_bands
from .errors import PlanModelError, ScenarioError
from .io import load_scenario
from .outputs import run_folder_name
from .progress import LongRunRefused, RunProgress, terminal_question
from .report.i18n import text as i18n_text
from .rng import MAX_SEED
from .settings import RunSettings

EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_TERMINATED = 143  # 128 + SIGTERM
F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int) -> None:
    for line in message.splitlines() or [""]:
        click.echo(f"planmodel: {line}", err=True)
    sys.exit(code)


class Terminated(KeyboardInterrupt):
    """SIGTERM (``timeout``, CI cancellation, ``kill``), raised like Ctrl-C so cleanup runs."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def describe(exc: BaseException) -> tuple[str, int]:
    """The one line and exit code for a failure of a command."""
    if isinstance(exc, ScenarioError):
        return "\n".join(exc.lines()), EXIT_BAD_INPUT
    if isinstance(exc, LongRunRefused):
        return str(exc), EXIT_BAD_INPUT
    if isinstance(exc, PlanModelError):
        return str(exc), EXIT_FAILURE
    if isinstance(exc, KeyboardInterrupt | click.Abort):
        terminated = isinstance(exc, Terminated)
        return (
            f"interrupted by {'SIGTERM' if terminated else 'Ctrl-C'}; no output folder was left "
            "half-written",
            EXIT_TERMINATED if terminated else EXIT_INTERRUPTED,
        )
    if isinstance(exc, MemoryError | RecursionError):
        what = "out of memory" if isinstance(exc, MemoryError) else "too deeply nested"
        return f"{what} — use fewer --draws or --workers, or simplify the scenario", EXIT_FAILURE
    return f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)", EXIT_FAILURE


def reported(func: F) -> F:
    """Turn every failure into one line and an exit code (a traceback only with --debug).

    SIGTERM is handled like SIGINT while the command runs, so the staging folder is removed and
    the previous output folder stays whole.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        in_main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _terminate) if in_main else None
        try:
            return func(*args, **kwargs)
        except BrokenPipeError:  # output piped into head/less that closed early: not an error
            sys.stderr.close()
            sys.exit(0)
        except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - one line, never a traceback
            if kwargs.get("debug", False) and not isinstance(exc, KeyboardInterrupt):
                traceback.print_exc()
            _fail(*describe(exc))
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)

    return wrapper  # type: ignore[return-value]


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planmodel")
def main() -> None:
    """How likely are a plan's targets? Monte Carlo from a YAML scenario."""


@main.command()
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
    "in the md, docx and html as 附表6.",
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


@main.command()
@click.argument("cases", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--draws", type=click.IntRange(1_000, 1_000_000), default=20_000, show_default=True,
              help="Draws per case and setting.")
@click.option("--seed", type=click.IntRange(0, MAX_SEED), default=20_260_808, show_default=True,
              help="Seed shared by every case and setting (common random numbers).")
@click.option("--holdout", type=click.Choice(["year", "past"]), default="year", show_default=True,
              help="Outside view for a case fitted without the years it simulates (year), or only on "
              "years before its target was set (past).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("outputs/backtest"), show_default=True, help="Output folder.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
@reported
def backtest(cases: tuple[Path, ...], draws: int, seed: int, holdout: str, out_dir: Path, lang: str,
             debug: bool) -> None:
    """Score past targets (CASES: backtests/ folders or files) as they stood when they were set."""
    from .analysis.backtest import run_backtest
    from .analysis.backtest_report import report_text, write_backtest
    from .analysis.case_files import read_cases

    result = run_backtest(read_cases(cases), draws=draws, seed=seed, holdout=holdout)  # type: ignore[arg-type]
    manifest = {"version": __version__, "cases": [str(c) for c in cases], "draws": draws, "seed": seed,
                "holdout": holdout}
    written = write_backtest(result, out_dir, manifest, lang=lang)
    click.echo(report_text(result, lang))
    click.echo("")
    click.echo(i18n_text("console_written", lang, n=len(written), folder=f"{out_dir}{os.sep}"))


@main.command()
@click.argument("history", type=click.Path(path_type=Path))
@click.option("--horizon", type=click.IntRange(1, 20), default=5, show_default=True,
              help="Years of the fan after the history.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: outputs/fit-<history file stem>).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
@reported
def fit(history: Path, horizon: int, out_dir: Path | None, lang: str, debug: bool) -> None:
    """Fit growth assumptions to HISTORY (.csv or .xlsx) and print a YAML block for a scenario."""
    from .analysis.fit import fit_series, fit_table
    from .analysis.fit_report import write_fit
    from .analysis.fit_yaml import yaml_block
    from .analysis.history import driver_series, read_history

    table = read_history(history)
    try:
        result = fit_series(driver_series(table))
    except ScenarioError as exc:
        raise exc.located(str(history), None, None) from None
    folder = out_dir or Path("outputs") / f"fit-{run_folder_name(history.stem)}"
    written = write_fit(result, fit_table(result), history.name, folder,
                        {"version": __version__, "history": str(history), "horizon": horizon},
                        horizon=horizon, lang=lang)
    click.echo(yaml_block(result, history.name))
    click.echo("")
    click.echo(i18n_text("console_written", lang, n=len(written), folder=f"{folder}{os.sep}"))


def _band_warning(band: NarrowBand, source: str, view: OutsideView) -> str:
    """The line ``validate`` prints for a growth band narrower than the reference class suggests."""
    from .report import formats

    span = (
        f"growth in {band.first_year}"
        if band.years == 1
        else f"average growth over {band.first_year}–{band.last_year}"
    )
    return (
        f"{source}: indicators.{band.indicator}: the 90% band of {span} is "
        f"±{formats.fixed(100 * Z90 * band.scenario_sd, 1)} points; plan-versus-outcome errors of "
        f"{view.pairs} provincial GDP growth targets ({view.years[0]}–{view.years[1]}) suggest at least "
        f"±{formats.fixed(100 * Z90 * band.reference_sd, 1)} points (see docs/calibration.md; "
        "calibration: outside_view widens it)"
    )


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option(
    "--as-of",
    "as_of",
    help="Use the data published up to this year (2023) or month (2025-09: annual data to 2024).",
)
@click.option("--draws", type=click.IntRange(1, 10**10), help="Number of draws (default: the scenario's).")
@click.option("--seed", type=click.IntRange(0, MAX_SEED), help="Seed (default: the scenario's).")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: outputs/<scenario file stem>-progress).",
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
@reported
def progress(
    scenario: Path,
    as_of: str | None,
    draws: int | None,
    seed: int | None,
    out_dir: Path | None,
    lang: str,
    debug: bool,
) -> None:
    """Write the mid-term evaluation table (中期评估) of SCENARIO as md, xlsx and docx."""
    from .midterm import midterm_table
    from .outputs import MANIFEST, staged_folder, write_json
    from .report.midterm import midterm_markdown, write_midterm_docx, write_midterm_xlsx
    from .runner import run as run_scenario
    from .scenario.ytd import ytd_as_of

    year, months = parse_as_of(as_of)
    loaded = load_scenario(scenario)
    if year is not None:  # year-to-date data published by then (a whole year: up to its December)
        loaded = dataclasses.replace(loaded, scenario=ytd_as_of(loaded.scenario, (year, months or 12)))
    cut = None if year is None else (year if months is None else year - 1)
    outcome = run_scenario(loaded, draws=draws, seed=seed, base_year=cut)
    table = midterm_table(outcome.scenario, outcome.results, months)
    target = out_dir or Path("outputs") / f"{run_folder_name(scenario.stem)}-progress"
    text = midterm_markdown(table, lang)
    with staged_folder(target) as folder:  # replaced whole; a folder planmodel did not make is refused
        (folder / "progress.md").write_text(text, encoding="utf-8")
        write_midterm_xlsx(table, folder / "progress.xlsx", lang)
        write_midterm_docx(table, folder / "progress.docx", lang)
        write_json(folder, MANIFEST, {**outcome.manifest, "as_of": as_of, "kind": "progress"})
    click.echo(text)


def parse_as_of(text: str | None) -> tuple[int | None, int | None]:
    """``2023`` → (2023, None); ``2025-09`` → (2025, 9); a bad value is a located usage error."""
    if text is None:
        return None, None
    match = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2}))?\s*", text)
    if not match or (match.group(2) and not 1 <= int(match.group(2)) <= 12):
        raise ScenarioError(f"--as-of: expected a year (2023) or a year and month (2025-09), got {text!r}")
    return int(match.group(1)), int(match.group(2)) if match.group(2) else None


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


@main.command()
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
@reported
def validate(scenarios: tuple[Path, ...], debug: bool) -> None:
    """Check scenario files without running them (exit 2 if any is invalid)."""
    bad = 0
    for path in scenarios:
        try:
            loaded = load_scenario(path)
        except ScenarioError as exc:
            if debug:
                traceback.print_exc()
            for line in exc.lines():
                click.echo(f"planmodel: {line}", err=True)
            bad += 1
            continue
        s = loaded.scenario
        click.echo(
            f"{path}: ok — {len(s.indicators)} indicators, {len(s.derived)} derived, "
            f"{len(s.targets)} targets, {s.years[0]}–{s.horizon}"
        )
        checked = calibrate(s) if s.calibration == "outside_view" else s
        for band in narrow_bands(checked, PROVINCIAL_GDP):
            click.echo(f"planmodel: warning: {_band_warning(band, str(path), PROVINCIAL_GDP)}", err=True)
    if bad:
        sys.exit(EXIT_BAD_INPUT)


@main.command()
@reported
def schema() -> None:
    """Print the JSON Schema of scenario files (for editors: completion and checks as you type)."""
    from .scenario.schema import schema_json

    click.echo(schema_json(), nl=False)


from .cli_analysis import COMMANDS  # noqa: E402 - registered after main exists

for _command in COMMANDS:
    _command.callback = reported(_command.callback)  # type: ignore[arg-type]
    main.add_command(_command)
