"""Read scenario files: YAML text → validated :class:`~planmodel.scenario.Scenario`.

Every error names the file, line and column of the offending field.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ScenarioError
from .scenario import Scenario, as_of, scenario_from_mapping, settings_from_mapping
from .settings import RunSettings
from .yamlsource import Locator, load_located


@dataclass(frozen=True)
class LoadedScenario:
    """A scenario with its file's run settings, the file's path and the SHA-256 of its bytes."""

    scenario: Scenario
    path: Path
    sha256: str
    settings: RunSettings = field(default_factory=RunSettings)
    """The run settings the file asks for (its ``simulation:`` block)."""
    locator: Locator = field(repr=False, compare=False, default_factory=lambda: Locator(""))

    def as_of(self, year: int) -> Scenario:
        """The scenario cut at ``year`` (``--base-year``), errors pointing into the file.

        A cut can make a valid file invalid (``--base-year 2023`` drops later data, so
        assumptions must cover more years); the error then names the field in the file.
        """
        try:
            return as_of(self.scenario, year)
        except ScenarioError as exc:
            located = self.locator.locate(exc)
            raise ScenarioError(
                f"{located.message} (with --base-year {year})",
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
        settings = settings_from_mapping(data)
    except ScenarioError as exc:
        if exc.file is not None:
            raise
        raise locator.locate(exc) from None
    return LoadedScenario(scenario, path, hashlib.sha256(raw).hexdigest(), settings, locator)
