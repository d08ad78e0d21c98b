"""Read scenario files: YAML text → validated :class:`~planmodel.scenario.Scenario`.

Every error names the file, line and column of the offending field. Reading is bounded: only a
regular file of at most :data:`MAX_FILE_BYTES` is read, and the YAML bounds are in
:mod:`planmodel.yamlsource`.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ScenarioError
from .extends import resolve
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
    parents: tuple[tuple[str, str], ...] = ()
    """The files this one extends (``extends:``), nearest first: (path as written, SHA-256)."""

    def as_of(self, year: int) -> Scenario:
        """The scenario cut at ``year`` (``--base-year``), errors pointing into the file.

        A cut can make a valid file invalid (``--base-year 2023`` drops later data, so
        assumptions must cover more years); the error then names the field in the file.
        """
        try:
            return as_of(self.scenario, year)
        except ScenarioError as exc:
            raise self.locator.locate(exc).map(lambda e: self._with_base_year(e, year)) from None

    def _with_base_year(self, error: ScenarioError, year: int) -> ScenarioError:
        """``error`` saying it comes from ``--base-year``; the option itself has no line in the file."""
        if error.path == ("base_year",) and ("base_year",) not in self.locator.values:
            message = error.message.replace(f"base_year {year}", f"--base-year {year}", 1)
            return ScenarioError(message, (), file=error.file)
        return ScenarioError(
            f"{error.message} (with --base-year {year})",
            error.path,
            file=error.file,
            line=error.line,
            column=error.column,
        )


MAX_FILE_BYTES = 5 * 1024 * 1024
"""Largest scenario file read (5 MB; the largest shipped scenario is about 20 KB)."""


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_bounded(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, refusing anything else at once.

    The file is opened without blocking (a FIFO with no writer would otherwise hang), checked with
    ``fstat`` on the open descriptor (no race with a swapped path), and read up to ``limit + 1``
    bytes (files that report size 0, such as those under ``/proc``, are bounded too).

    Raises
    ------
    ScenarioError
        Missing or unreadable file, a folder, pipe, device or socket, or a file over ``limit``.
    """
    shown = str(path)
    size_hint = f"scenario files are limited to {limit / 2**20:g} MB — check that this is the right file"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise ScenarioError("file not found — give the path of a scenario .yaml file").located(
            shown, None, None
        ) from None
    except OSError as exc:
        raise ScenarioError(f"cannot read the file ({exc.strerror})").located(shown, None, None) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ScenarioError("this is a folder — give the path of a scenario .yaml file").located(
                shown, None, None
            )
        if not stat.S_ISREG(info.st_mode):
            raise ScenarioError(
                f"this is {_kind(info.st_mode)}, not a file — give the path of a scenario .yaml file"
            ).located(shown, None, None)
        if info.st_size > limit:
            raise ScenarioError(
                f"the file is {info.st_size / 2**20:.1f} MB; {size_hint}"
            ).located(shown, None, None)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise ScenarioError(f"cannot read the file ({exc.strerror})").located(shown, None, None) from None
    finally:
        os.close(fd)
    if total > limit:
        raise ScenarioError(f"the file holds more than {limit:,} bytes; {size_hint}").located(
            shown, None, None
        )
    return b"".join(chunks)


def decode_utf8(raw: bytes, shown: str) -> str:
    """UTF-8 text (a BOM is dropped); an undecodable byte is reported with its line and column."""
    body = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        line_start = body.rfind(b"\n", 0, exc.start) + 1
        before = body[line_start : exc.start].decode("utf-8", "replace")
        raise ScenarioError(
            f"not UTF-8 text: byte 0x{body[exc.start]:02x} cannot be read (files saved as GBK/ANSI "
            "look like this) — save the file as UTF-8"
        ).located(shown, line, len(before) + 1) from None


def load_scenario(path: str | Path) -> LoadedScenario:
    """Read, parse and validate a scenario file.

    Every failure is a :class:`ScenarioError` naming the file (and line and column where known),
    including the interpreter's own limits: a structure too deep or too large for memory that got
    past the bounds of :mod:`planmodel.yamlsource` is reported as bad input, never as a traceback.
    """
    path = Path(path)
    shown = str(path)
    raw = read_bounded(path)
    try:
        return _parse(raw, path)
    except (RecursionError, MemoryError) as exc:
        what = "nested too deeply" if isinstance(exc, RecursionError) else "too large"
        raise ScenarioError(f"the scenario is {what} to check — simplify it").located(
            shown, None, None
        ) from None


def _read_yaml(path: Path) -> tuple[bytes, object, Locator]:
    """One file's bytes, YAML data and the place of each value (no validation)."""
    raw = read_bounded(path)
    data, locator = load_located(decode_utf8(raw, str(path)), str(path))
    return raw, data, locator


def _parse(raw: bytes, path: Path) -> LoadedScenario:
    shown = str(path)
    data, locator = load_located(decode_utf8(raw, shown), shown)
    if data is None:
        raise ScenarioError("the file is empty; see docs/scenario.md for a full example").located(
            shown, 1, 1
        )
    extended = resolve(data, locator, path, _read_yaml)
    try:
        scenario = scenario_from_mapping(extended.data)
        settings = settings_from_mapping(extended.data)
    except ScenarioError as exc:
        if getattr(exc, "file", None) is not None:  # already located in the file that wrote it
            raise
        raise extended.locator.locate(exc) from None
    return LoadedScenario(
        scenario, path, hashlib.sha256(raw).hexdigest(), settings, extended.locator, extended.parents
    )


_HEADER = re.compile(r"^(document|title):\s*(.+?)\s*$")


def document_titles(scenario_path: str | Path | None) -> dict[str, str]:
    """Titles of the source documents a scenario cites, from the ``seeds/`` folder beside it.

    The project names documents by file (``001_806b7ce717d61b69.txt``); reports name them by title.
    Looks in ``seeds/`` next to the scenario file and one folder up, reading only each file's
    ``document:`` and ``title:`` header lines. Returns ``{}`` when there is no such folder.
    """
    if scenario_path is None:
        return {}
    here = Path(scenario_path).resolve().parent
    titles: dict[str, str] = {}
    for folder in (here / "seeds", here.parent / "seeds"):
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
            header: dict[str, str] = {}
            with path.open(encoding="utf-8") as handle:
                for _, line in zip(range(12), handle, strict=False):
                    match = _HEADER.match(line)
                    if match:
                        header[match[1]] = match[2].split("  #")[0].strip().strip('"')
            if "document" in header and "title" in header:
                titles.setdefault(header["document"], header["title"])
    return titles
