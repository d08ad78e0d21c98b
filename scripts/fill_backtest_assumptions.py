"""Fill the ``assumptions:`` of every back-test case by the rule of docs/backtests.md.

The rule ("Assumptions: the plain setting") reads only the target, ``known_at_setting`` and, for a
provincial case, the same province's growth the year before (from that year's case). It never reads
a case's own outcome. Run from the repository root; the files are rewritten in place, only their
``assumptions:`` blocks change::

    python scripts/fill_backtest_assumptions.py backtests/

Rerunning gives the same files (the rule is deterministic).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from planmodel.analysis.case_files import case_paths, read_cases
from planmodel.analysis.cases import Case, why_not_simulated
from planmodel.analysis.plain_rule import items


def block(case: Case, cases: list[Case]) -> str:
    """The ``assumptions:`` block of one case, as it appears in the file (two-space indent)."""
    reason = why_not_simulated(case)
    if reason is not None:
        return (
            "  assumptions:\n    status: to_fill\n    items: []\n"
            f"    note: 'not scored ({reason}), so no assumption is filled'\n"
        )
    body = yaml.safe_dump(
        {"status": "filled", "items": items(case, cases)},
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=None,
        width=200,
    )
    return "  assumptions:\n" + "".join(f"    {line}\n" for line in body.splitlines())


CASE_START = re.compile(r"^- id: (\S+)\s*$")


def rewrite(path: Path, by_id: dict[str, Case], cases: list[Case]) -> None:
    """Replace every case's ``assumptions:`` block in the file's text."""
    out: list[str] = []
    current = None
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i = 0
    while i < len(lines):
        line = lines[i]
        match = CASE_START.match(line)
        if match:
            current = match.group(1)
        if line.rstrip("\n") == "  assumptions:" and current is not None:
            i += 1
            while i < len(lines) and lines[i].startswith("    "):
                i += 1
            out.append(block(by_id[current], cases))
            continue
        if not line.startswith((" ", "-")) and not CASE_START.match(line):
            current = None  # left the cases list (unpaired, …)
        out.append(line)
        i += 1
    path.write_text("".join(out), encoding="utf-8")


def main(argv: list[str]) -> None:
    """Rewrite the assumptions of every case file named (default: backtests/)."""
    sources = argv or ["backtests"]
    # Read the cases without their assumptions being needed: the rule never reads outcomes of the
    # case itself, and earlier_growth reads only the previous year's case.
    cases = read_cases(sources)
    by_id = {c.id: c for c in cases}
    for path in case_paths(sources):
        rewrite(path, by_id, cases)
        print(f"filled {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
