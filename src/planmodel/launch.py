"""The ``planmodel`` command's entry point: for a run that draws charts, start the report workers first.

The report workers (:mod:`planmodel.report.parallel`) are forked from a server process that imports
matplotlib, python-docx and python-pptx, about a second of work. Started here, before the command
line imports numpy, scipy and the model, that second runs on another core while this process
imports, reads the scenario and simulates, so the workers are ready when the report stage begins.
Only the subcommand and ``--format`` are looked at; click still parses and checks everything.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main", "wants_report_workers"]


def _option(argv: Sequence[str], name: str) -> str | None:
    """The value of ``name`` (``--name value`` or ``--name=value``; the last one wins), if given."""
    value = None
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith(name + "="):
            value = arg[len(name) + 1 :]
    return value


def wants_report_workers(argv: Sequence[str]) -> bool:
    """Whether ``planmodel <argv>`` is a run whose formats need report workers on this machine."""
    from planmodel.report.format_names import DEFAULT_FORMATS, needs_workers, parse_formats

    if not argv or argv[0] != "run" or "--help" in argv or "-h" in argv:
        return False
    text = _option(argv, "--format")
    try:
        formats = DEFAULT_FORMATS if text is None or text == "default" else parse_formats(text)
    except ValueError:
        return False  # click reports the bad value
    return needs_workers(formats)


def main() -> None:
    """Run the command line, with the report workers' fork server started first when useful."""
    if wants_report_workers(sys.argv[1:]):
        from planmodel.report.parallel import start_fork_server

        start_fork_server()
    from planmodel.cli import main as cli_main

    cli_main()
