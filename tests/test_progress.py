"""Progress of long runs and the question before a very long one (issue 12, part 7)."""

from __future__ import annotations

import io
import time

import pytest
from click.testing import CliRunner

from planmodel import progress as progress_module
from planmodel.backends.local import pilot, run_blocks
from planmodel.cli import main
from planmodel.evaluation import combine
from planmodel.progress import (
    LONG_RUN_SECONDS,
    SHOW_AFTER_SECONDS,
    LongRunRefused,
    RunProgress,
    format_duration,
)
from planmodel.report.writers.data import results_to_dict
from planmodel.settings import RunSettings

from conftest import build, minimal_dict, write_yaml


class Clock:
    """A hand-moved clock."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def feed(report: RunProgress, clock: Clock, total: int, block: int, seconds: float) -> None:
    """Report every block of a run whose blocks take ``seconds`` each."""
    for done in range(block, total + 1, block):
        clock.now += seconds
        report(done, total)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.2, "1 s"), (12.4, "12 s"), (89, "89 s"), (600, "10 min"), (5400, "1.5 h"), (13 * 3600, "13 h")],
)
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


def test_short_runs_show_nothing():
    clock, stream = Clock(), Terminal()
    report = RunProgress(200_000, block_size=50_000, stream=stream, clock=clock)
    feed(report, clock, 200_000, 50_000, SHOW_AFTER_SECONDS / 5)
    assert stream.getvalue() == ""


def test_progress_on_a_terminal_is_redrawn_in_place_and_erased():
    clock, stream = Clock(), Terminal()
    report = RunProgress(1_000_000, block_size=50_000, stream=stream, clock=clock)
    feed(report, clock, 1_000_000, 50_000, 0.5)  # 20 blocks of 0.5 s: 10 s in all
    text = stream.getvalue()
    assert "\n" not in text and text.count("\r") >= 10
    frames = [f for f in text.split("\r") if f.strip()]
    # first frame once 2 s have passed: 4 of 20 blocks done, 8 s left at 0.5 s per block
    assert frames[0].rstrip() == "planmodel: 20% of 1,000,000 draws, about 8 s left"
    assert text.endswith("\r")  # erased: the results start on a clean line
    assert text.split("\r")[-2].strip() == ""


def test_forced_progress_off_a_terminal_prints_lines_every_few_seconds():
    clock, stream = Clock(), io.StringIO()
    report = RunProgress(2_000_000, block_size=50_000, stream=stream, clock=clock)
    feed(report, clock, 2_000_000, 50_000, 0.5)  # 20 s in all
    lines = stream.getvalue().splitlines()
    assert 3 <= len(lines) <= 5 and "\r" not in stream.getvalue()
    assert all(line.startswith("planmodel: ") and "draws, about" in line for line in lines)


def test_quiet_shows_nothing():
    clock, stream = Clock(), Terminal()
    report = RunProgress(2_000_000, block_size=50_000, show=False, stream=stream, clock=clock)
    feed(report, clock, 2_000_000, 50_000, 0.5)
    assert stream.getvalue() == ""


def test_estimate_ignores_the_slow_first_block_and_counts_parallel_workers():
    clock = Clock()
    report = RunProgress(10**10, parallel=2, block_size=50_000, show=False, clock=clock,
                         confirmed=True)
    clock.now = 3.0  # first block: start-up costs
    report(50_000, 10**10)
    clock.now = 3.5  # then one round of 2 blocks every 0.5 s
    report(100_000, 10**10)
    report(150_000, 10**10)
    # pace: 100,000 draws in 0.5 s → (10^10 − 200,000) / 200,000 per s
    assert report.remaining(150_000) == pytest.approx((10**10 - 200_000) / 200_000)


def long_run(**kwargs):
    """A 10^10-draw run at 0.33 s per 50,000-draw block (about 18 h), as timed on this machine."""
    clock = Clock()
    report = RunProgress(10**10, block_size=50_000, show=False, clock=clock, **kwargs)
    for done in range(50_000, 600_001, 50_000):
        clock.now += 1.0 if done == 50_000 else 0.33
        report(done, 10**10)
    return report


def test_a_phase_shows_its_name_and_time_spent_then_erases(monkeypatch):
    monkeypatch.setattr(progress_module, "TICK_SECONDS", 0.01)
    clock, stream = Clock(), Terminal()
    report = RunProgress(1, stream=stream, clock=clock)
    with report.phase("writing charts and reports"):
        clock.now = 12.0
        deadline = time.monotonic() + 5
        while "so far" not in stream.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
        clock.now = 1.0  # a short phase: nothing more is drawn
    text = stream.getvalue()
    assert "\rplanmodel: writing charts and reports, 12 s so far" in text
    assert text.endswith("\r") and text.split("\r")[-2].strip() == ""
    quiet = RunProgress(1, show=False, stream=(silent := Terminal()), clock=clock)
    with quiet.phase("writing"):
        clock.now = 60.0
        time.sleep(0.05)
    assert silent.getvalue() == ""


def test_long_run_without_a_terminal_is_refused_with_a_line_about_yes():
    with pytest.raises(LongRunRefused) as info:
        long_run(ask=lambda question: None)
    message = str(info.value)
    assert message.startswith("this run would take about 18 h (10,000,000,000 draws, timed on the first")
    assert "pass --yes" in message and format_duration(LONG_RUN_SECONDS) in message


def test_long_run_asks_once_and_respects_the_answer():
    questions = []
    long_run(ask=lambda q: questions.append(q) or True)
    assert len(questions) == 1 and "about 18 h" in questions[0] and questions[0].endswith("Go on?")
    with pytest.raises(LongRunRefused, match="stopped: the run would take about 18 h"):
        long_run(ask=lambda q: False)


def test_yes_never_asks():
    long_run(confirmed=True, ask=lambda q: pytest.fail("asked despite --yes"))


def test_runs_under_the_bound_never_ask():
    clock = Clock()
    report = RunProgress(10**8, block_size=50_000, show=False, clock=clock,
                         ask=lambda q: pytest.fail("asked about a short run"))
    for done in range(50_000, 2_000_001, 50_000):  # 10^8 draws at 0.33 s per block: 11 min
        clock.now += 0.33
        report(done, 10**8)


@pytest.mark.parametrize("workers", [1, 2])
def test_block_runner_reports_every_block_in_order(workers):
    scenario = build(minimal_dict())
    settings = RunSettings(draws=230_000, seed=1, block_size=50_000, workers=workers)
    calls = []
    summaries = run_blocks(scenario, settings, 7, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(d, 230_000) for d in (50_000, 100_000, 150_000, 200_000, 230_000)]
    plain = run_blocks(scenario, settings, 7)
    grids = pilot(scenario, settings, 7)
    with_progress, without = (results_to_dict(combine(scenario, 1, 7, s, grids)) for s in (summaries, plain))
    assert with_progress == without


@pytest.mark.parametrize("workers", [1, 2])
def test_a_raising_callback_stops_the_run(workers):
    scenario = build(minimal_dict())
    settings = RunSettings(draws=2_000_000, seed=1, block_size=50_000, workers=workers)
    calls = []

    def stop(done, total):
        calls.append(done)
        if done >= 100_000:
            raise LongRunRefused("no")

    with pytest.raises(LongRunRefused):
        run_blocks(scenario, settings, 7, progress=stop)
    assert calls == [50_000, 100_000]


def test_cli_long_run_without_terminal_needs_yes(tmp_path, monkeypatch):
    monkeypatch.setattr(progress_module, "LONG_RUN_SECONDS", 1e-6)
    path = write_yaml(tmp_path, minimal_dict())
    args = ["run", str(path), "--draws", "400000", "--format", "md", "--out", str(tmp_path / "o")]
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 2 and "Traceback" not in refused.output
    assert refused.output.count("\n") == 1 and "pass --yes to run it anyway" in refused.output
    assert not (tmp_path / "o").exists()
    confirmed = CliRunner().invoke(main, [*args, "--yes"])
    assert confirmed.exit_code == 0, confirmed.output


def test_cli_progress_flag_forces_and_quiet_silences(tmp_path, monkeypatch):
    monkeypatch.setattr(progress_module, "SHOW_AFTER_SECONDS", 0.0)
    monkeypatch.setattr(progress_module, "LINE_EVERY_SECONDS", 0.0)
    path = write_yaml(tmp_path, minimal_dict())
    args = ["run", str(path), "--draws", "150000", "--format", "md", "--out", str(tmp_path / "o")]
    plain = CliRunner().invoke(main, args)  # standard error is not a terminal here
    assert plain.exit_code == 0 and "% of" not in plain.stderr
    forced = CliRunner().invoke(main, [*args, "--progress"])
    assert forced.exit_code == 0
    assert "planmodel: 33% of 150,000 draws" in forced.stderr
    assert "% of" not in forced.stdout  # progress never mixes into the results
    quiet = CliRunner().invoke(main, [*args, "--progress", "--quiet"])
    assert quiet.exit_code == 0 and "% of" not in quiet.stderr
