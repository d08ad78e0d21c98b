"""Read scenario files: YAML text → validated :class:`~planmodel.scenario.Scenario`.

Every error names the file, line and column of the offending field.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ScenarioError
from .scenario import Scenario
from .scenario_parser import scenario_from_mapping
from .yamlsource import Locator, load_located


@dataclass(frozen=True)
class LoadedScenario:
    """A scenario with the file it came from and the SHA-256 of its bytes (for the manifest)."""

    scenario: Scenario
    path: Path
    sha256: str
    locator: Locator = field(repr=False, compare=False, default_factory=lambda: Locator(""))

    def with_overrides(self, **changes: Any) -> Scenario:
        """The scenario with command-line overrides, errors pointing into the file.

        An override can make a valid file invalid (``--base-year 2023`` drops later data, so
        assumptions must cover more years); the error then names the field in the file.
        """
        try:
            return self.scenario.with_overrides(**changes)
        except ScenarioError as exc:
            given = ", ".join(f"{k}={v}" for k, v in changes.items())
            located = self.locator.locate(exc)
            raise ScenarioError(
                f"{located.message} (with {given})",
                located.path,
                file=located.file,
                line=located.line,
                column=located.column,
            ) from None


def load_scenario(path: str | Path) -> LoadedScenario:
    """Read, parse and validate a scenario file."""
    path = Path(path)
    shown = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError("file not found — give the path of a scenario .yaml file").located(
            shown, None, None
        ) from None
    except OSError as exc:
        raise ScenarioError(f"cannot read the file ({exc.strerror})").located(
            shown, None, None
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"not UTF-8 text (byte {exc.start}); save the file as UTF-8").located(
            shown, None, None
        ) from None
    data, locator = load_located(text, shown)
    if data is None:
        raise ScenarioError("the file is empty; see docs/scenario.md for a full example").located(
            shown, 1, 1
        )
    try:
        scenario = scenario_from_mapping(data)
    except ScenarioError as exc:
        if exc.file is not None:
            raise
        raise locator.locate(exc) from None
    return LoadedScenario(scenario, path, hashlib.sha256(raw).hexdigest(), locator)
