"""The output formats a run can write, and reading ``--format``: names only, importing nothing heavy.

Kept apart from :mod:`planmodel.report.bundle` (which writes the files) so that the command line can
decide, before it imports numpy, scipy or the report layer, whether a run will draw charts or write
Office files and so needs report workers (see :mod:`planmodel.launch`).
"""

from __future__ import annotations

from planmodel.report.parallel import available_cpus

__all__ = ["ALL", "CHART_USERS", "DEFAULT_FORMATS", "FORMATS", "needs_workers", "parse_formats"]

FORMATS: frozenset[str] = frozenset({"charts", "svg", "md", "csv", "json", "xlsx", "docx", "pptx", "html"})
"""Every format ``--format`` accepts."""
ALL: frozenset[str] = FORMATS - {"svg"}
"""What ``--format all`` means (SVG files only when asked by name)."""
DEFAULT_FORMATS: frozenset[str] = frozenset({"charts", "md", "xlsx"})
"""What a run writes when ``--format`` is not given."""
CHART_USERS: frozenset[str] = frozenset({"charts", "svg", "docx", "pptx", "html"})
"""Formats that need charts drawn (and, for docx/pptx, Office files written): the report workers' work."""


def parse_formats(text: str) -> frozenset[str]:
    """Parse a ``--format`` value: comma- or space-separated names, ``all`` for every format but svg.

    Raises
    ------
    ValueError
        For an unknown name, listing the valid ones.
    """
    names = [n.strip().lower() for n in text.replace(" ", ",").split(",") if n.strip()]
    if not names:
        return DEFAULT_FORMATS
    out: set[str] = set()
    for name in names:
        if name == "all":
            out |= ALL
        elif name in FORMATS:
            out.add(name)
        else:
            raise ValueError(f"unknown format {name!r}; valid formats: {', '.join(sorted(FORMATS))}, or all")
    return frozenset(out)


def needs_workers(formats: frozenset[str]) -> bool:
    """Whether these formats draw charts or write Word/PowerPoint (worth worker processes)."""
    return bool(formats & CHART_USERS) and available_cpus() > 1
