"""Read back-test case files (``backtests/*.yaml``, format ``docs/backtests.md``) into cases.

A folder means every ``*.yaml`` in it, in name order; files may be given one by one. Reading is
bounded like scenario reading (:func:`planmodel.io.read_bounded`) and every error names the
file, line and column. Imports: io, yamlsource, analysis.cases → yaml (through yamlsource).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import ScenarioError
from ..io import decode_utf8, read_bounded
from ..yamlsource import load_located
from .cases import Case, case_from_mapping

SCHEMA = "planmodel.backtests/1"
MAX_CASE_FILE_BYTES = 5 * 1024 * 1024


def case_paths(sources: Iterable[str | Path]) -> list[Path]:
    """The case files named by ``sources`` (folders expand to their ``*.yaml``, sorted)."""
    out: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found = sorted(path.glob("*.yaml"))
            if not found:
                raise ScenarioError("no *.yaml case files in this folder").located(str(path), None, None)
            out.extend(found)
        else:
            out.append(path)
    return out


def read_case_file(path: Path) -> list[Case]:
    """The cases of one file; a :class:`ScenarioError` naming file:line:column otherwise."""
    shown = str(path)
    text = decode_utf8(read_bounded(path, MAX_CASE_FILE_BYTES), shown)
    data, locator = load_located(text, shown)
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ScenarioError(f"not a back-test case file: expected schema: {SCHEMA}", ("schema",)).located(
            shown, *locator.where(("schema",))
        )
    cases = data.get("cases")
    if not isinstance(cases, list):
        raise locator.locate(ScenarioError("expected a list of cases", ("cases",)))
    set_name = str(data.get("set", path.stem))
    try:
        return [case_from_mapping(c, set_name, i) for i, c in enumerate(cases)]
    except ScenarioError as exc:
        raise locator.locate(exc) from None


def read_cases(sources: Iterable[str | Path]) -> list[Case]:
    """Every case of the given files and folders, with unique ids."""
    cases: list[Case] = []
    seen: dict[str, Path] = {}
    for path in case_paths(sources):
        for case in read_case_file(path):
            if case.id in seen:
                raise ScenarioError(f"case id '{case.id}' is also in {seen[case.id]}").located(
                    str(path), None, None
                )
            seen[case.id] = path
            cases.append(case)
    return cases
