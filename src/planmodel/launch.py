"""The ``planmodel`` command's entry point: for a run that draws charts, start the report workers first.

The report workers (:mod:`planmodel.report.parallel`) are forked from a server process that imports
matplotlib, python-docx and python-pptx, about a second of work. Started here, before the command
line imports numpy, scipy and the model, that second runs on another core while this process
imports, reads the scenario and simulates, so the workers are ready when the report stage begins.
Only the subcommand and ``--format`` are looked at; click still parses and checks everything.

Before anything loads numpy, the linear-algebra libraries are held to one thread per process
(:func:`one_thread_per_process`): planmodel runs in parallel by processes (simulation blocks,
report workers), its matrices are a few drivers square, and OpenBLAS's idle threads otherwise
spin on the other core, the one the report workers' fork server is loading on (about 0.1 s of
CPU per process that imports numpy, 0.2–0.3 s more during a run, on a 2-core machine).
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping, Sequence

__all__ = ["ONE_THREAD", "main", "one_thread_per_process", "wants_report_workers"]

ONE_THREAD = (
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)
"""The thread-count settings of the numerical libraries numpy, scipy and pandas may load."""


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


def one_thread_per_process(environ: MutableMapping[str, str]) -> None:
    """Set each of :data:`ONE_THREAD` to 1 in ``environ``, except those the user has set.

    Must run before numpy is imported (the libraries read it when they load); processes started
    afterwards (the fork server, simulation workers) inherit it. Results do not depend on it.
    """
    for name in ONE_THREAD:
        environ.setdefault(name, "1")


def main() -> None:
    """Run the command line, with the report workers' fork server started first when useful."""
    one_thread_per_process(os.environ)
    if wants_report_workers(sys.argv[1:]):
        from planmodel.report.parallel import start_fork_server

        start_fork_server()
    from planmodel.cli import main as cli_main

    cli_main()
