"""Commands of the analyses: required, seek, sensitivity, sweep, compare, conditions.

Thin: parse arguments, call :mod:`planmodel.analysis`, print a table and the sentences, write a CSV
and one chart into ``--out`` (default ``outputs/<scenario>-<command>``). Every command runs on
common random numbers: the same seed and draw count for every trial. Bad input is one located line
and exit code 2 (through :func:`planmodel.cli_errors.reported`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from .errors import ScenarioError
from .io import LoadedScenario, load_scenario

DEFAULT_DRAWS = 20_000
"""Draws per trial: analyses run many trials (each held in memory)."""


def _options(func: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(
        [
            click.option(
                "--draws",
                type=click.IntRange(100, 2_000_000),
                default=DEFAULT_DRAWS,
                show_default=True,
                help="Draws per trial (every trial reuses the same draws).",
            ),
            click.option("--seed", type=int, help="Seed (default: the scenario's)."),
            click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True),
            click.option(
                "--out",
                "out_dir",
                type=click.Path(file_okay=False, path_type=Path),
                help="Folder for the CSV and chart (default: outputs/<scenario>-<command>).",
            ),
            click.option("--debug", is_flag=True, help="Show a traceback on errors."),
        ]
    ):
        func = option(func)
    return func


@contextlib.contextmanager
def _located(loaded: LoadedScenario) -> Iterator[None]:
    """Errors about the scenario's content point into its file."""
    try:
        yield
    except ScenarioError as exc:
        raise (exc if exc.file else loaded.locator.locate(exc)) from None


def _entropy(loaded: LoadedScenario, seed: int | None) -> int:
    from .rng import root_entropy

    return root_entropy(loaded.settings.seed if seed is None else seed)


def _folder(out_dir: Path | None, scenario: Path, command: str) -> Path:
    folder = out_dir or Path("outputs") / f"{scenario.stem}-{command}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _written(folder: Path, frame: Any, name: str, chart: Path | None) -> None:
    frame.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8-sig")
    click.echo(f"→ {folder / (name + '.csv')}" + (f", {chart}" if chart else ""))


def _print(table: Any) -> None:
    """Echo a :class:`~planmodel.report.analysis_table.Table`, columns lined up."""
    from .report.writers.console import render_table

    click.echo(render_table(table.header, table.rows, table.align))


def _briefing(results: Any, lang: str) -> Any:
    from .report.content import build_briefing

    return build_briefing(results, lang=lang)


def _shown(results: Any, lang: str) -> dict[str, str]:
    """Target name → its name as the briefing shows it in ``lang`` (English descriptions in English)."""
    return dict(_briefing(results, lang).names)


def _targets(loaded: LoadedScenario, names: tuple[str, ...], lang: str) -> tuple[list[str], dict[str, str]]:
    """The targets asked for (default: the key targets) and how the briefing names every target."""
    from .analysis.trials import check_targets
    from .report.content import key_targets
    from .runner import run

    check_targets(loaded.scenario, names)
    results = run(loaded, draws=1000).results
    chosen = list(names) or [
        t.name for t in key_targets(results) if t.measure != "joint" and not t.determined
    ]
    return chosen, _shown(results, lang)


@click.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@_options
def required(
    scenario: Path, draws: int, seed: int | None, lang: str, out_dir: Path | None, debug: bool
) -> None:
    """Pace each target needs from the latest actual, beside recent years and the scenario."""
    from .analysis.required import required as required_pace
    from .report.analysis_table import required_table
    from .report.analysis_text import pace_sentences, published_row
    from .report.charts.analysis import required_chart, save
    from .runner import run

    loaded = load_scenario(scenario)
    outcome = run(loaded, draws=draws, seed=seed)
    result = required_pace(loaded.scenario, outcome.results)
    frame = result.to_frame()
    briefing = _briefing(outcome.results, lang)
    shown, rows = dict(briefing.names), {r.key: r for r in briefing.rows}
    _print(required_table(loaded.scenario, result, lang, shown, rows))
    for line in pace_sentences(loaded.scenario, result, lang, shown, rows):
        click.echo(line)
    folder = _folder(out_dir, scenario, "required")
    published = {r.target for r in result.rows if published_row(r, rows)}
    chart = save(
        lambda: required_chart(result, lang, names=shown, published=published), folder / "required.png"
    )
    result.pairs_frame().to_csv(folder / "plan_pairs.csv", index=False, encoding="utf-8-sig")
    _written(folder, frame, "required", chart)


@click.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--target", required=True, help="Target name (as in the scenario).")
@click.option("--probability", "goal", type=float, default=0.8, show_default=True)
@click.option(
    "--vary", "path", required=True, help="Assumption to vary, e.g. indicators.gdp.real_growth.mean."
)
@click.option("--low", help="Lowest value to try (e.g. 5%); default: the value now − 15 points.")
@click.option("--high", help="Highest value to try; default: the value now + 15 points.")
@_options
def seek(
    scenario: Path,
    target: str,
    goal: float,
    path: str,
    low: str | None,
    high: str | None,
    draws: int,
    seed: int | None,
    lang: str,
    out_dir: Path | None,
    debug: bool,
) -> None:
    """Value of one assumption that gives TARGET the chosen probability."""
    from .analysis.overrides import resolve
    from .analysis.seek import seek as seek_value
    from .analysis.trials import run_trial
    from .report.analysis_table import seek_table
    from .report.analysis_text import seek_sentence
    from .report.charts.analysis import save, seek_chart

    loaded = load_scenario(scenario)
    entropy = _entropy(loaded, seed)
    with _located(loaded):
        param = resolve(loaded.scenario, path)
        lo = param.parse(low) if low is not None else None
        hi = param.parse(high) if high is not None else None
        result = seek_value(
            loaded.scenario, target, goal, param, entropy=entropy, draws=draws, low=lo, high=hi
        )
    now = run_trial(loaded.scenario, entropy, draws).probability(target)
    _, shown = _targets(loaded, (target,), lang)
    _print(seek_table(loaded.scenario, result, lang))
    click.echo(seek_sentence(loaded.scenario, result, now, lang, shown))
    folder = _folder(out_dir, scenario, "seek")
    chart = save(lambda: seek_chart(loaded.scenario, result, lang, names=shown), folder / "seek.png")
    _written(folder, result.to_frame(), "seek", chart)


@click.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--target", "names", multiple=True, help="Target (repeatable; default: the key targets).")
@click.option(
    "--sobol",
    "sobol_n",
    type=click.IntRange(0, 65536),
    default=2048,
    show_default=True,
    help="Sobol base sample (a power of two; 0 skips the indices).",
)
@_options
def sensitivity(
    scenario: Path,
    names: tuple[str, ...],
    sobol_n: int,
    draws: int,
    seed: int | None,
    lang: str,
    out_dir: Path | None,
    debug: bool,
) -> None:
    """Tornado and Sobol indices per target, and the assumptions that decide it."""
    from .analysis.sensitivity import drivers
    from .analysis.sensitivity import sensitivity as run_sensitivity
    from .report.analysis_table import sensitivity_table
    from .report.analysis_text import drivers_sentence, target_label, tornado_view
    from .report.charts.analysis import save, tornado_chart

    loaded = load_scenario(scenario)
    targets, shown = _targets(loaded, names, lang)
    result = run_sensitivity(
        loaded.scenario, targets, entropy=_entropy(loaded, seed), draws=draws, sobol_n=sobol_n or None
    )
    frame = result.to_frame()
    _print(sensitivity_table(loaded.scenario, result, lang, shown))
    folder = _folder(out_dir, scenario, "sensitivity")
    charts = []
    for i, name in enumerate(targets, 1):
        sentence = drivers_sentence(
            loaded.scenario,
            name,
            drivers(result, name),
            lang,
            target_label(loaded.scenario, name, lang, shown),
        )
        click.echo(sentence)
        charts.append(
            save(
                lambda n=name: tornado_chart(
                    tornado_view(loaded.scenario, result.bars[n], shown.get(n, n), lang), lang
                ),
                folder / f"tornado_{i:02d}.png",
            )
        )
    _written(folder, frame, "sensitivity", charts[0] if charts else None)


def _axis(loaded: LoadedScenario, spec: str) -> Any:
    from .analysis.overrides import resolve
    from .analysis.sweep import grid

    path, sep, rng = spec.partition("=")
    parts = rng.split(":")
    if not sep or len(parts) != 3:
        raise ScenarioError(
            f"--vary expects PATH=LO:HI:N (e.g. indicators.gdp.real_growth.mean=5%:12%:8), got {spec!r}"
        )
    param = resolve(loaded.scenario, path)
    try:
        n = int(parts[2])
    except ValueError:
        raise ScenarioError(f"--vary: N must be a whole number, got {parts[2]!r}") from None
    return grid(param, param.parse(parts[0]), param.parse(parts[1]), n)


@click.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--vary", "specs", multiple=True, required=True, help="PATH=LO:HI:N (once or twice).")
@click.option("--target", "names", multiple=True, help="Target (repeatable; default: the key targets).")
@_options
def sweep(
    scenario: Path,
    specs: tuple[str, ...],
    names: tuple[str, ...],
    draws: int,
    seed: int | None,
    lang: str,
    out_dir: Path | None,
    debug: bool,
) -> None:
    """Probability of targets over a grid of one or two assumptions."""
    from .analysis.sweep import sweep as run_sweep
    from .report.analysis_table import sweep_table
    from .report.charts.analysis import save, sweep_chart

    loaded = load_scenario(scenario)
    with _located(loaded):
        axes = [_axis(loaded, s) for s in specs]
        targets, shown = _targets(loaded, names, lang)
        result = run_sweep(
            loaded.scenario, axes, entropy=_entropy(loaded, seed), draws=draws, targets=targets
        )
    frame = result.to_frame()
    _print(sweep_table(loaded.scenario, result, lang, shown))
    folder = _folder(out_dir, scenario, "sweep")
    charts = [
        save(
            lambda n=name: sweep_chart(loaded.scenario, result, n, lang, names=shown),
            folder / f"sweep_{i:02d}.png",
        )
        for i, name in enumerate(targets, 1)
    ]
    _written(folder, frame, "sweep", charts[0] if charts else None)


@click.command()
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--label", "labels", multiple=True, help="Name of each scenario in order (default: its title).")
@click.option(
    "--indicator", default=None, help="Indicator of the overlaid fan chart (default: the first key target's)."
)
@_options
def compare(
    scenarios: tuple[Path, ...],
    labels: tuple[str, ...],
    indicator: str | None,
    draws: int,
    seed: int | None,
    lang: str,
    out_dir: Path | None,
    debug: bool,
) -> None:
    """Several scenarios side by side on the same draws (基准/乐观/悲观)."""
    from .analysis.compare import compare as run_compare
    from .report.analysis_table import compare_table
    from .report.charts.analysis import compare_dashboard_chart, compare_fan_chart, save
    from .report.content import key_targets

    loaded = [load_scenario(p) for p in scenarios]
    if labels and len(labels) != len(loaded):
        raise ScenarioError(f"--label given {len(labels)} times for {len(loaded)} scenarios")
    english = [x.scenario.name_en if lang == "en" else None for x in loaded]
    names = list(labels) or [en or x.scenario.name for en, x in zip(english, loaded, strict=True)]
    result = run_compare(
        [x.scenario for x in loaded],
        names,
        seed=loaded[0].settings.seed if seed is None else seed,
        draws=draws,
    )
    frame = result.to_frame()
    first = result.results[0]
    shown = _shown(first, lang)
    _print(compare_table(result, lang, shown))
    key = indicator or next(
        (t.indicator for t in key_targets(first) if t.indicator), first.targets[0].indicator
    )
    if key not in first.indicators:
        raise ScenarioError(f"--indicator: unknown indicator '{key}' — valid: {', '.join(first.indicators)}")
    from .report.i18n import indicator_label

    label = indicator_label(first.indicators[key], lang)
    folder = _folder(out_dir, scenarios[0], "compare")
    save(lambda: compare_fan_chart(result, key, label, lang), folder / "compare_fan.png")
    chart = save(lambda: compare_dashboard_chart(result, lang, shown=shown), folder / "compare_dashboard.png")
    _written(folder, frame, "compare", chart)


@click.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--target", "names", multiple=True, help="Target (repeatable; default: the key targets).")
@_options
def conditions(
    scenario: Path,
    names: tuple[str, ...],
    draws: int,
    seed: int | None,
    lang: str,
    out_dir: Path | None,
    debug: bool,
) -> None:
    """The simplest rule on the assumptions under which each target is most often met (PRIM)."""
    import pandas as pd

    from .analysis.conditions import conditions as find_box
    from .analysis.factors import factor_values
    from .analysis.trials import run_trial
    from .report.analysis_table import conditions_table
    from .report.analysis_text import conditions_sentence, target_label
    from .report.charts.analysis import conditions_chart, save

    loaded = load_scenario(scenario)
    targets, shown = _targets(loaded, names, lang)
    entropy = _entropy(loaded, seed)
    base = run_trial(loaded.scenario, entropy, draws)
    boxes = [find_box(loaded.scenario, n, entropy=entropy, draws=draws, base=base) for n in targets]
    frame = pd.concat([b.to_frame() for b in boxes], ignore_index=True)
    _print(conditions_table(loaded.scenario, boxes, lang, shown))
    folder = _folder(out_dir, scenario, "conditions")
    chart = None
    for i, box in enumerate(boxes, 1):
        click.echo(
            conditions_sentence(
                loaded.scenario, box, lang, target_label(loaded.scenario, box.target, lang, shown)
            )
        )
        found = list(dict.fromkeys(lim.factor for lim in box.limits))
        if found:
            values = factor_values(loaded.scenario, found, base.paths)
            success = base.success[box.target]
            path = folder / f"conditions_{i:02d}.png"
            chart = chart or path
            save(
                lambda b=box, v=values, s=success: conditions_chart(
                    loaded.scenario, b, v, s, lang, names=shown
                ),
                path,
            )
    _written(folder, frame, "conditions", chart)


COMMANDS = (required, seek, sensitivity, sweep, compare, conditions)
