"""Error types: one base class the CLI catches, and input errors that know where they stand.

A ``ScenarioError`` carries the key path of the offending field (``indicators.gdp.growth.2024``)
and, once the loader has matched that path to the YAML source, the file, line and column.
Independent problems (two indicators, three targets) are gathered by a :class:`Collector` and
raised together as one :class:`ScenarioErrors`, so a planner sees them all in one pass, each on its
own line.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import ParamSpec, TypeVar

KeyPath = tuple[str | int, ...]


def format_key_path(path: Sequence[str | int]) -> str:
    """Render a key path as planners read it: ``targets[2].at_least``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """`` — did you mean 'sd'?`` for the closest valid choice, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" — did you mean '{close[0]}'?" if close else ""


def printable(text: str) -> str:
    r"""``text`` with control and format characters shown as escapes (``\n``, ``\x1b``, ``\u202e``).

    A key or value echoed in a message may hold a line break (splitting the one line a problem
    gets), a terminal escape sequence or a bidirectional override; none reaches the terminal raw.
    """
    if text.isprintable():
        return text
    return "".join(
        c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) in ("Cc", "Cf") else c
        for c in text
    )


def unknown_name(what: str, name: str, known: Sequence[str]) -> str:
    """One-line message for an unknown name, with the closest known one and the list."""
    hint = did_you_mean(name, known) or " —"
    return f"unknown {what} '{name}'{hint} Known: {', '.join(known) or 'none'}"


class PlanModelError(Exception):
    """Base of every error planmodel reports to a user (mapped to a one-line message)."""


class ScenarioError(PlanModelError, ValueError):
    """Bad input in a scenario: names the field and says what would be valid."""

    def __init__(
        self,
        message: str,
        path: Sequence[str | int] = (),
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.path: KeyPath = tuple(path)
        self.file = file
        self.line = line
        self.column = column
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """``file:line:column: key.path: message`` with whatever parts are known."""
        where = ""
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        field = f"{format_key_path(self.path)}: " if self.path else ""
        return printable(f"{where}{field}{self.message}")

    def located(self, file: str, line: int | None, column: int | None) -> ScenarioError:
        """Return a copy that knows its place in the source file."""
        return ScenarioError(self.message, self.path, file=file, line=line, column=column)

    def under(self, prefix: Sequence[str | int]) -> ScenarioError:
        """Return a copy whose key path is prefixed (errors raised deep inside a sub-parser)."""
        return ScenarioError(
            self.message, (*prefix, *self.path), file=self.file, line=self.line, column=self.column
        )

    def each(self) -> tuple[ScenarioError, ...]:
        """The single problems this error stands for (itself, or the members of a group)."""
        return (self,)

    def lines(self) -> tuple[str, ...]:
        """One line per problem (see :meth:`one_line`)."""
        return tuple(e.one_line() for e in self.each())

    def map(self, change: Callable[[ScenarioError], ScenarioError]) -> ScenarioError:
        """The same problem(s) with ``change`` applied to each (to locate or annotate them)."""
        return change(self)


MAX_REPORTED = 20
"""Most problems reported at once; the rest are counted on a last line."""


class ScenarioErrors(ScenarioError):
    """Several independent problems of one scenario, reported together, one line each.

    Built by :func:`combine`; behaves as its first problem where a single error is expected
    (``message``, ``path``, ``file``…), and :meth:`lines` gives every problem.
    """

    def __init__(self, errors: Sequence[ScenarioError]) -> None:
        self.errors: tuple[ScenarioError, ...] = tuple(e for err in errors for e in err.each())
        first = self.errors[0]
        super().__init__(first.message, first.path, file=first.file, line=first.line, column=first.column)
        Exception.__init__(self, "\n".join(self.lines()))

    def one_line(self) -> str:
        """The first problem's line (use :meth:`lines` for all of them)."""
        return self.errors[0].one_line()

    def each(self) -> tuple[ScenarioError, ...]:
        """The single problems, in the order they were found (or sorted by :meth:`sorted`)."""
        return self.errors

    def lines(self) -> tuple[str, ...]:
        """One line per problem, at most :data:`MAX_REPORTED`, then how many were left out."""
        shown = [e.one_line() for e in self.errors[:MAX_REPORTED]]
        hidden = len(self.errors) - len(shown)
        if hidden:
            where = f"{self.errors[0].file}: " if self.errors[0].file else ""
            plural = "s" if hidden > 1 else ""
            shown.append(f"{where}{hidden} more problem{plural} not shown — fix these first")
        return tuple(shown)

    def located(self, file: str, line: int | None, column: int | None) -> ScenarioError:
        """Every problem placed at the same spot (rarely wanted; see :meth:`map`)."""
        return self.map(lambda e: e.located(file, line, column))

    def under(self, prefix: Sequence[str | int]) -> ScenarioError:
        """Every problem's key path prefixed."""
        return self.map(lambda e: e.under(prefix))

    def map(self, change: Callable[[ScenarioError], ScenarioError]) -> ScenarioError:
        """The problems with ``change`` applied to each, in file order where they are located."""
        return combine(sorted((change(e) for e in self.errors), key=_position))


def _position(error: ScenarioError) -> tuple[int, int]:
    """Sort key: located problems by line and column, the others after them in found order."""
    big = 1 << 30
    return (error.line if error.line is not None else big, error.column or 0)


def combine(errors: Iterable[ScenarioError]) -> ScenarioError:
    """One error for one problem, a :class:`ScenarioErrors` for several."""
    flat = [e for err in errors for e in err.each()]
    if not flat:
        raise ValueError("no errors to combine")
    return flat[0] if len(flat) == 1 else ScenarioErrors(flat)


P = ParamSpec("P")
T = TypeVar("T")


class Collector:
    """Gathers the problems of independent parts so they are reported in one pass.

    ``value = found.attempt(parse, obj, path)`` returns ``parse``'s result, or ``None`` after
    recording its :class:`ScenarioError`; :meth:`raise_any` raises everything recorded.
    """

    def __init__(self) -> None:
        self.errors: list[ScenarioError] = []

    def attempt(self, func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        """``func(*args, **kwargs)``, or ``None`` with its ScenarioError recorded."""
        try:
            return func(*args, **kwargs)
        except ScenarioError as exc:
            self.errors.append(exc)
            return None

    def add(self, error: ScenarioError) -> None:
        """Record a problem found without raising."""
        self.errors.append(error)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_any(self) -> None:
        """Raise every recorded problem at once (nothing if none)."""
        if self.errors:
            raise combine(self.errors)


class SimulationError(PlanModelError):
    """The engine could not run a valid scenario (for example a level driven below zero)."""


class OutputError(PlanModelError):
    """A run folder could not be written, or belongs to someone else."""
