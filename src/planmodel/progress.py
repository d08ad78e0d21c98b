"""Progress of long runs on standard error, and the question asked before a very long one.

:class:`RunProgress` is the plain callable ``progress(done_draws, total_draws)`` that the block
runner calls after each block (:mod:`planmodel.backends.local`). It

- times the blocks after the first (which also pays one-time costs: process start-up, set-up of
  the scenario) for :data:`PACE_SECONDS` or four rounds of workers, whichever comes first (blocks
  of parallel workers arrive in bursts), estimates the whole simulation from that pace, and if
  the estimate exceeds :data:`LONG_RUN_SECONDS` asks whether to go on (on a terminal) or stops
  with :class:`LongRunRefused` telling to pass ``--yes`` (without a terminal);
- shows ``35% of 200,000 draws, about 12 s left`` once a run has taken :data:`SHOW_AFTER_SECONDS`,
  redrawn in place on a terminal, or as a line every :data:`LINE_EVERY_SECONDS` when forced on
  a log file or pipe; the line is erased when the simulation ends;
- for a step that has no progress of its own (writing charts and reports), :meth:`RunProgress.phase`
  shows its name and the time spent so far, from a background thread, after the same delay.

Only the command line uses it; the numbers of a run never depend on it.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from .errors import PlanModelError

LONG_RUN_SECONDS = 30 * 60
"""Runs estimated to take longer than this (30 minutes) need a confirmation or ``--yes``."""
SHOW_AFTER_SECONDS = 2.0
"""Progress appears only once a run has taken this long (short runs stay quiet)."""
PACE_SECONDS = 1.0
"""How long the pace is measured (after the first block) before the long-run check."""
REDRAW_SECONDS = 0.2
LINE_EVERY_SECONDS = 5.0
TICK_SECONDS = 1.0
"""How often a :meth:`RunProgress.phase` line is redrawn on a terminal."""


class LongRunRefused(PlanModelError):
    """A run estimated to exceed :data:`LONG_RUN_SECONDS` was not confirmed."""


def format_duration(seconds: float) -> str:
    """``12 s``, ``4 min``, ``1.5 h``, ``13 h``: rounded as an estimate should be."""
    if seconds < 90:
        return f"{max(seconds, 1):.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    hours = seconds / 3600
    return f"{hours:.1f} h" if hours < 10 else f"{hours:,.0f} h"


class RunProgress:
    """The callable handed to the block runner by ``planmodel run``.

    Parameters
    ----------
    total
        Draws in the run.
    parallel
        Blocks computed at once (workers, at most the number of blocks): when block ``k`` is
        reported in order, about ``parallel - 1`` later blocks are done too.
    block_size
        Draws per block.
    show
        Draw the progress line (False for ``--quiet``, or when standard error is not a terminal
        and ``--progress`` was not given).
    confirmed
        ``--yes``: never ask about a long run.
    ask
        Asks the question and returns the answer, or None when there is no terminal to ask on.
    stream, clock
        Where the line goes and the time source (tests replace both).
    """

    def __init__(
        self,
        total: int,
        *,
        parallel: int = 1,
        block_size: int = 1,
        show: bool = True,
        confirmed: bool = False,
        ask: Callable[[str], bool | None] | None = None,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.ahead = max(parallel - 1, 0) * block_size
        self.wave = max(parallel, 1) * block_size
        self.first: tuple[float, int] | None = None  # (time, draws) when the first block came in
        self.show = show
        self.confirmed = confirmed
        self.ask = ask or (lambda question: None)
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.started = clock()
        self.last_drawn = -float("inf")
        self.checked = False
        self.drawn_width = 0
        self.in_place = show and _is_terminal(self.stream)

    def remaining(self, done: int) -> float:
        """Seconds left at the pace since the first block (before that: the pace from the start)."""
        effective = min(self.total, done + self.ahead)
        now = self.clock()
        if self.first is not None and done > self.first[1]:
            since, start = now - self.first[0], self.first[1]
            return since * (self.total - effective) / (done - start)
        return (now - self.started) * (self.total - effective) / max(effective, 1)

    def __call__(self, done: int, total: int) -> None:
        """Record that ``done`` of ``total`` draws are simulated."""
        if self.first is None:
            self.first = (self.clock(), done)
        elif not self.checked and (
            self.clock() - self.first[0] >= PACE_SECONDS or done - self.first[1] >= 4 * self.wave
        ):
            self.checked = True
            self._check_long(done)
        if done >= total:
            self.finish()
            return
        if not self.show:
            return
        now = self.clock()
        if now - self.started < SHOW_AFTER_SECONDS:
            return
        if now - self.last_drawn < (REDRAW_SECONDS if self.in_place else LINE_EVERY_SECONDS):
            return
        self.last_drawn = now
        self._draw(
            f"planmodel: {100 * done / total:.0f}% of {total:,} draws, "
            f"about {format_duration(self.remaining(done))} left"
        )

    def _draw(self, line: str) -> None:
        if self.in_place:
            self.stream.write("\r" + line.ljust(self.drawn_width))
            self.drawn_width = len(line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    @contextmanager
    def phase(self, label: str) -> Iterator[None]:
        """Show ``label`` and the seconds spent so far while a step without its own progress runs."""
        if not self.show:
            yield
            return
        stop = threading.Event()
        started = self.clock()

        def tick() -> None:
            while not stop.wait(TICK_SECONDS if self.in_place else LINE_EVERY_SECONDS):
                spent = self.clock() - started
                if spent >= SHOW_AFTER_SECONDS:
                    self._draw(f"planmodel: {label}, {format_duration(spent)} so far")

        thread = threading.Thread(target=tick, name="planmodel-progress", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()
            self.finish()

    def finish(self) -> None:
        """Erase the progress line (on a terminal) so the results start on a clean line."""
        if self.in_place and self.drawn_width:
            self.stream.write("\r" + " " * self.drawn_width + "\r")
            self.stream.flush()
            self.drawn_width = 0

    def _check_long(self, done: int) -> None:
        if self.confirmed or done >= self.total:
            return
        estimate = self.clock() - self.started + self.remaining(done)
        if estimate <= LONG_RUN_SECONDS:
            return
        about = f"about {format_duration(estimate)} ({self.total:,} draws, timed on the first {done:,})"
        answer = self.ask(f"planmodel: this run will take {about}. Go on?")
        if answer is None:
            raise LongRunRefused(
                f"this run would take {about}, more than {format_duration(LONG_RUN_SECONDS)}; "
                "pass --yes to run it anyway, or use fewer --draws"
            )
        if not answer:
            raise LongRunRefused(f"stopped: the run would take {about}")


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def terminal_question(question: str) -> bool | None:
    """Ask yes/no on the terminal (default no); None when standard input is not a terminal."""
    import click

    if not _is_terminal(sys.stdin):
        return None
    return bool(click.confirm(question, default=False, err=True))
