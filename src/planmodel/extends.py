"""Scenario variants: ``extends: daye-2026.yaml`` plus overrides, merged before validation.

A scenario file may start from another one (its *parent*, a path relative to the file) and write
only what differs. The parent's YAML data and the child's are merged before the scenario is
checked, by these rules:

- mappings merge key by key, recursively (``indicators.gdp.real_growth.2025.normal.mean`` can be
  changed alone);
- any other value — a number, a text, a list (``targets:``, ``correlation:``, ``notes:``) — is
  replaced whole by the child's;
- a key set to nothing (``key:`` or ``key: null``) in the child removes the parent's key, so its
  default applies (a parent's indicator can be removed, or a distribution family replaced);
- a child that rewrites a text (``reason``, ``note``, ``label``, ``scenario``, …) without its English
  twin (``reason_en``, …) drops the parent's twin, which translated the text it replaced;
- a parent may itself extend another file (at most :data:`MAX_DEPTH` levels); a file that extends
  itself, directly or through others, is refused.

Every value keeps the place it was written: an error in a merged scenario names the file, line and
column of the value at fault, in the parent or in the child (:class:`SourceLocator`). This module
reads files (the I/O edge, beside :mod:`planmodel.io`); merging itself is pure.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import KeyPath, ScenarioError
from .yamlsource import Locator

EXTENDS_KEY = "extends"
MAX_DEPTH = 10
"""Most files in one chain of ``extends`` (a variant of a variant of … a scenario)."""

Spot = tuple[str, int | None, int | None]
"""Where a value or key is written: file, line, column."""


@dataclass
class SourceLocator(Locator):
    """A :class:`~planmodel.yamlsource.Locator` whose every position also names its file."""

    value_spots: dict[KeyPath, Spot] = field(default_factory=dict)
    key_spots: dict[KeyPath, Spot] = field(default_factory=dict)

    def spot(self, path: tuple[str | int, ...]) -> Spot:
        """File, line and column of ``path``: its key, else its value, else the nearest ancestor."""
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if end == len(path) and prefix in self.key_spots:
                return self.key_spots[prefix]
            if prefix in self.value_spots:
                return self.value_spots[prefix]
        return self.filename, None, None

    def where(self, path: Any) -> tuple[int | None, int | None]:
        """Line and column of ``path`` (in the file :meth:`spot` names)."""
        _, line, column = self.spot(tuple(path))
        return line, column

    def locate(self, error: ScenarioError) -> ScenarioError:
        """Attach the file, line and column where each offending value is written (file order)."""
        return error.map(self._locate_in_file)

    def _locate_in_file(self, error: ScenarioError) -> ScenarioError:
        if error.file is not None:
            return error
        file, line, column = self.spot(error.path)
        return error.located(file, line, column)


def as_source_locator(locator: Locator) -> SourceLocator:
    """A plain locator of one file as a :class:`SourceLocator` (every position in that file)."""
    if isinstance(locator, SourceLocator):
        return locator
    name = locator.filename
    return SourceLocator(
        name,
        dict(locator.values),
        dict(locator.keys),
        {p: (name, *where) for p, where in locator.values.items()},
        {p: (name, *where) for p, where in locator.keys.items()},
    )


def merge(parent: object, child: object) -> object:
    """The child's value over the parent's: mappings merged by key, ``None`` removes a key."""
    if not isinstance(parent, Mapping) or not isinstance(child, Mapping):
        return child
    out = dict(parent)
    for key, value in child.items():
        if value is None:
            out.pop(key, None)
        elif key in out:
            out[key] = merge(out[key], value)
        else:
            out[key] = value
        if f"{key}_en" not in child:
            out.pop(f"{key}_en", None)  # it translated the parent's text, which the child replaced
    return out


def _merged_locator(merged: object, parent: SourceLocator, child: SourceLocator) -> SourceLocator:
    """Positions of the merged data: from the child where it wrote the path, else from the parent."""
    out = SourceLocator(child.filename)

    def walk(value: object, path: KeyPath) -> None:
        for table, own, theirs in (
            (out.value_spots, child.value_spots, parent.value_spots),
            (out.key_spots, child.key_spots, parent.key_spots),
        ):
            found = own.get(path) or theirs.get(path)
            if found is not None:
                table[path] = found
        if isinstance(value, Mapping):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*path, i))

    walk(merged, ())
    for path, (_, line, column) in out.value_spots.items():
        out.values[path] = (line or 0, column or 0)
    for path, (_, line, column) in out.key_spots.items():
        out.keys[path] = (line or 0, column or 0)
    return out


Loader = Callable[[Path], tuple[bytes, object, Locator]]
"""Reads one file: its bytes, its YAML data and where each value stands (see :mod:`planmodel.io`)."""


@dataclass(frozen=True)
class Extended:
    """A scenario's data after ``extends`` is resolved, with where every value was written."""

    data: object
    locator: SourceLocator
    parents: tuple[tuple[str, str], ...] = ()
    """Each file extended, nearest first: (path as written from the child's folder, SHA-256)."""


def resolve(
    data: object, locator: Locator, path: Path, load: Loader, chain: tuple[Path, ...] = ()
) -> Extended:
    """Merge ``data`` (the file at ``path``) over the files it extends, recursively.

    Raises
    ------
    ScenarioError
        Located at the ``extends:`` key: a value that is not a file name, a file that cannot be
        read, a loop of files extending each other, or a chain longer than :data:`MAX_DEPTH`.
    """
    own = as_source_locator(locator)
    if not isinstance(data, Mapping) or EXTENDS_KEY not in data:
        return Extended(data, own)
    here = path.resolve()
    chain = (*chain, here)
    where = (EXTENDS_KEY,)
    raw = data[EXTENDS_KEY]
    if not isinstance(raw, str) or not raw.strip() or "\0" in raw:  # a NUL is in no file name
        raise own.locate(
            ScenarioError(
                "extends names the scenario file this one starts from, e.g. extends: daye-2026.yaml", where
            )
        )
    target = (path.parent / raw.strip()).resolve()
    if target in chain:
        loop = " → ".join(p.name for p in (*chain[chain.index(target) :], target))
        message = f"a scenario cannot extend itself ({loop}); remove one extends"
        raise own.locate(ScenarioError(message, where))
    if len(chain) >= MAX_DEPTH:
        raise own.locate(
            ScenarioError(f"more than {MAX_DEPTH} files extend one another; merge some of them", where)
        )
    try:
        parent_raw, parent_data, parent_locator = load(target)
    except ScenarioError as exc:
        message = f"cannot use {raw.strip()}: {exc.one_line()}"
        raise own.locate(ScenarioError(message, where)) from None
    if not isinstance(parent_data, Mapping):
        raise own.locate(ScenarioError(f"{raw.strip()} is not a scenario (a mapping of keys)", where))
    parent = resolve(parent_data, parent_locator, target, load, chain)
    child = {k: v for k, v in data.items() if k != EXTENDS_KEY}
    merged = merge({k: v for k, v in parent.data.items() if k != EXTENDS_KEY}, child)  # type: ignore[union-attr]
    digest = hashlib.sha256(parent_raw).hexdigest()
    return Extended(
        merged,
        _merged_locator(merged, parent.locator, own),
        ((raw.strip(), digest), *parent.parents),
    )
