"""Command line: the ``planmodel`` group; ``validate``, ``schema``, ``progress``, ``backtest``, ``fit``.

``run`` is in :mod:`.cli_run`; the analyses (required, seek, sensitivity, sweep, compare,
conditions) are in :mod:`.cli_analysis`; how a failure becomes one line and an exit code is
:mod:`.cli_errors`. Only parses arguments, calls the library, prints, and maps errors to exit
codes: 2 for bad input (one line naming file:line:column, the field and what would be valid), 1 for
other failures, 130/143 when interrupted by SIGINT/SIGTERM.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .calibration import PROVINCIAL_GDP, Z90, NarrowBand, OutsideView, calibrate, narrow_bands
from .cli_analysis import COMMANDS
from .cli_errors import EXIT_BAD_INPUT, reported
from .cli_run import run
from .errors import ScenarioError
from .io import load_scenario
from .outputs import run_folder_name
from .report.i18n import text as i18n_text
from .rng import MAX_SEED


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planmodel")
def main() -> None:
    """How likely are a plan's targets? Monte Carlo from a YAML scenario."""


main.add_command(run)
for _command in COMMANDS:  # the analyses: their failures end like every other command's
    _command.callback = reported(_command.callback)  # type: ignore[arg-type]
    main.add_command(_command)


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
    from .report.content import reference_names, target_names
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
    words = target_names(outcome.results, lang), reference_names(outcome.results, lang)
    target = out_dir or Path("outputs") / f"{run_folder_name(scenario.stem)}-progress"
    text = midterm_markdown(table, lang, *words)
    with staged_folder(target) as folder:  # replaced whole; a folder planmodel did not make is refused
        (folder / "progress.md").write_text(text, encoding="utf-8")
        write_midterm_xlsx(table, folder / "progress.xlsx", lang, *words)
        write_midterm_docx(table, folder / "progress.docx", lang, *words)
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
