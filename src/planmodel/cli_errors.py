"""How a failing command ends: one line on stderr and an exit code, never a traceback by default.

2 for bad input (one line naming file:line:column, the field and what would be valid), 1 for
other failures, 130/143 when interrupted by SIGINT/SIGTERM (both handled alike, so cleanup runs
and no half-written output is left). A traceback is shown only with ``--debug``; without it every
failure, including the interpreter's own (RecursionError, MemoryError), is one line. Every command
of :mod:`planmodel.cli`, :mod:`planmodel.cli_run` and :mod:`planmodel.cli_analysis` goes through
:func:`reported`. Imports: errors, progress → click.
"""

from __future__ import annotations

import functools
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import click

from .errors import PlanModelError, ScenarioError
from .progress import LongRunRefused

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FAILURE",
    "EXIT_INTERRUPTED",
    "EXIT_TERMINATED",
    "Terminated",
    "describe",
    "reported",
]

EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_TERMINATED = 143  # 128 + SIGTERM
F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int) -> None:
    """Print ``message`` line by line after ``planmodel:`` on stderr and exit with ``code``."""
    for line in message.splitlines() or [""]:
        click.echo(f"planmodel: {line}", err=True)
    sys.exit(code)


class Terminated(KeyboardInterrupt):
    """SIGTERM (``timeout``, CI cancellation, ``kill``), raised like Ctrl-C so cleanup runs."""


def _terminate(signum: int, frame: object) -> None:
    """The SIGTERM handler while a command runs: raise :class:`Terminated`."""
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
