"""Error types: one base class the CLI catches, and input errors that know where they stand.

A ``ScenarioError`` carries the key path of the offending field (``indicators.gdp.growth.2024``)
and, once the loader has matched that path to the YAML source, the file, line and column.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

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


def unknown_name(what: str, name: str, known: Sequence[str]) -> str:
    """One-line message for an unknown name, with the closest known one and the list."""
    return f"unknown {what} '{name}'{did_you_mean(name, known)} Known: {', '.join(known) or 'none'}"


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
        return f"{where}{field}{self.message}"

    def located(self, file: str, line: int | None, column: int | None) -> ScenarioError:
        """Return a copy that knows its place in the source file."""
        return ScenarioError(self.message, self.path, file=file, line=line, column=column)

    def under(self, prefix: Sequence[str | int]) -> ScenarioError:
        """Return a copy whose key path is prefixed (errors raised deep inside a sub-parser)."""
        return ScenarioError(
            self.message, (*prefix, *self.path), file=self.file, line=self.line, column=self.column
        )


class SimulationError(PlanModelError):
    """The engine could not run a valid scenario (for example a level driven below zero)."""


class OutputError(PlanModelError):
    """A run folder could not be written, or belongs to someone else."""
