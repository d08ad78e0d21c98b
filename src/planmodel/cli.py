"""Command line: ``planmodel run`` and ``planmodel validate``.

Only parses arguments, calls the library, prints, and maps errors to exit codes: 2 for bad input
(one line naming file:line:column, the field and what would be valid), 1 for other failures.
A traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import OutputError, PlanModelError, ScenarioError
from .io import load_scenario
from .report.i18n import text as i18n_text
from .rng import MAX_SEED

EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1
F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int) -> None:
    click.echo(f"planmodel: {message}", err=True)
    sys.exit(code)


def reported(func: F) -> F:
    """Turn planmodel's errors into one line and an exit code (a traceback only with --debug)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = kwargs.get("debug", False)
        try:
            return func(*args, **kwargs)
        except ScenarioError as exc:
            if debug:
                traceback.print_exc()
            _fail(exc.one_line(), EXIT_BAD_INPUT)
        except (OutputError, PlanModelError) as exc:
            if debug:
                traceback.print_exc()
            _fail(str(exc), EXIT_FAILURE)
        except BrokenPipeError:  # output piped into head/less that closed early: not an error
            sys.stderr.close()
            sys.exit(0)
        except KeyboardInterrupt:
            _fail("interrupted; the previous output folder is unchanged", EXIT_FAILURE)
        except Exception as exc:  # noqa: BLE001 - last line of defence: one line, not a traceback
            if debug:
                traceback.print_exc()
            _fail(
                f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)",
                EXIT_FAILURE,
            )

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planmodel")
def main() -> None:
    """How likely are a plan's targets? Monte Carlo from a YAML scenario."""


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
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
    help="Output folder (default: outputs/<scenario file stem>).",
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
    type=click.IntRange(1, 256),
    default=1,
    show_default=True,
    help="Worker processes (results are identical for any number).",
)
@click.option("--json", "as_json", is_flag=True, help="Print results.json to standard output.")
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
@reported
def run(
    scenario: Path,
    draws: int | None,
    seed: int | None,
    base_year: int | None,
    out_dir: Path | None,
    formats: str,
    lang: str,
    workers: int,
    as_json: bool,
    debug: bool,
) -> None:
    """Simulate SCENARIO and report the probability of each target."""
    from .report.bundle import DEFAULT_FORMATS, needs_workers, parse_formats
    from .report.parallel import ReportPool
    from .report.writers.console import targets_table
    from .report.writers.data import results_to_dict
    from .runner import run as run_scenario
    from .runner import write_run

    try:
        chosen = DEFAULT_FORMATS if formats == "default" else parse_formats(formats)
    except ValueError as exc:
        raise ScenarioError(f"--format: {exc}") from None
    loaded = load_scenario(scenario)
    folder = out_dir or Path("outputs") / scenario.stem
    with contextlib.ExitStack() as stack:
        pool = None
        if needs_workers(frozenset(chosen)):
            # started now, a fork server loads matplotlib, python-docx and python-pptx while we simulate
            pool = stack.enter_context(ReportPool(early=True))
        outcome = run_scenario(loaded, draws=draws, seed=seed, base_year=base_year, workers=workers)
        written = write_run(outcome, folder, frozenset(chosen), lang=lang, pool=pool)
    if as_json:
        data = results_to_dict(outcome.results, written.briefing)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    results = outcome.results
    seed_shown = results.seed if results.seed is not None else results.entropy
    click.echo(targets_table(written.briefing, results.draws, seed_shown))
    click.echo("")
    click.echo(i18n_text("console_written", lang, n=len(written.files), folder=f"{folder}{os.sep}"))


@main.command()
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
def validate(scenarios: tuple[Path, ...], debug: bool) -> None:
    """Check scenario files without running them (exit 2 if any is invalid)."""
    bad = 0
    for path in scenarios:
        try:
            loaded = load_scenario(path)
        except ScenarioError as exc:
            if debug:
                traceback.print_exc()
            click.echo(f"planmodel: {exc.one_line()}", err=True)
            bad += 1
            continue
        s = loaded.scenario
        click.echo(
            f"{path}: ok — {len(s.indicators)} indicators, {len(s.derived)} derived, "
            f"{len(s.targets)} targets, {s.years[0]}–{s.horizon}"
        )
    if bad:
        sys.exit(EXIT_BAD_INPUT)
