"""The corpus of hand-written bad scenarios (``tests/bad/``, issue 12): each gets its golden answer.

Every ``tests/bad/<class>/<case>.yaml`` is validated with ``planmodel validate <case>.yaml`` from
its own folder. The answer must be exit code 2, no traceback, every line located as
``planmodel: <case>.yaml:<line>:<column>: …``, contain each ``# expect:`` fragment written by hand
at the top of the case, and equal the golden ``<case>.out`` next to it exactly.

To add a case or accept a reviewed change of wording: ``PLANMODEL_UPDATE_BAD=1 python -m pytest
tests/test_bad_corpus.py`` writes the ``.out`` files; read the diff before committing it
(``tests/bad/README.md``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from planmodel.cli import main

BAD = Path(__file__).resolve().parent / "bad"
CASES = sorted(BAD.rglob("*.yaml"))
CLASSES = ("fields", "several", "cross", "bounded", "arithmetic", "graphs", "formulas", "notes")
UPDATE = os.environ.get("PLANMODEL_UPDATE_BAD") == "1"
LOCATED = re.compile(r"^planmodel: (?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): \S")
MORE = re.compile(r"^planmodel: [^:]+: \d+ more problems? not shown")


def expectations(case: Path) -> list[str]:
    """The ``# expect:`` fragments at the top of a case (read leniently: a case may not be UTF-8)."""
    head = case.read_bytes().decode("utf-8", errors="replace").splitlines()
    out = []
    for line in head:
        if not line.startswith("#"):
            break
        if line.startswith("# expect: "):
            out.append(line.removeprefix("# expect: "))
    return out


def test_the_corpus_covers_every_class_with_at_least_100_cases():
    assert len(CASES) >= 100
    folders = {case.parent.name for case in CASES}
    assert folders == set(CLASSES)
    for case in CASES:
        assert expectations(case) or case.stem == "empty-file", f"{case.name} states no expectation"


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.stem}" for c in CASES])
def test_bad_scenario_gets_its_golden_answer(case: Path, monkeypatch):
    monkeypatch.chdir(case.parent)
    result = CliRunner().invoke(main, ["validate", case.name])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(
        result.exception, SystemExit
    )
    lines = result.output.splitlines()
    assert lines
    for line in lines:
        match = LOCATED.match(line)
        assert match or MORE.match(line), f"not located: {line}"
        if match:
            assert match["file"] == case.name
    for fragment in expectations(case):
        assert fragment in result.output, f"{fragment!r} not in:\n{result.output}"
    golden = case.with_suffix(".out")
    if UPDATE:
        golden.write_text(result.output, encoding="utf-8")
    assert golden.exists(), f"no golden answer: run with PLANMODEL_UPDATE_BAD=1 and review {golden.name}"
    assert result.output == golden.read_text(encoding="utf-8")
