"""Read YAML while remembering where every value stands, so errors can name file:line:column.

``load_located(text, filename)`` returns plain Python data plus a ``Locator`` that maps a key path
(``("indicators", "gdp", "growth")``) to the line and column of that value in the file.
Duplicate keys, which plain YAML loaders silently collapse, are reported as errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import KeyPath, ScenarioError


@dataclass
class Locator:
    """Key path → (line, column), 1-based, for values and for the keys that name them."""

    filename: str
    values: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Sequence[str | int]) -> tuple[int | None, int | None]:
        """Best location for ``path``.

        The key if known (unknown-key errors), else the value, else the nearest known ancestor.
        """
        path = tuple(path)
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if end == len(path) and prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return None, None

    def locate(self, error: ScenarioError) -> ScenarioError:
        """Attach file, line and column to an error raised with only a key path."""
        line, column = self.where(error.path)
        return error.located(self.filename, line, column)


class _Constructor(yaml.constructor.SafeConstructor):
    """Safe scalar construction (no Python tags), used node by node."""


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node: yaml.Node, path: KeyPath, loc: Locator, ctor: _Constructor) -> Any:
    loc.values[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        ctor.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = ctor.construct_object(key_node, deep=True)
            if isinstance(key, list | dict):
                raise ScenarioError("a key must be a plain word or number", path).located(
                    loc.filename, *_mark(key_node)
                )
            if key in result:
                raise ScenarioError(f"key '{key}' appears twice — keep one", (*path, key)).located(
                    loc.filename, *_mark(key_node)
                )
            child = (*path, key)
            loc.keys[child] = _mark(key_node)
            result[key] = _build(value_node, child, loc, ctor)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), loc, ctor) for i, item in enumerate(node.value)]
    return ctor.construct_object(node, deep=True)


def load_located(text: str, filename: str) -> tuple[Any, Locator]:
    """Parse YAML ``text``; return the data and where each value stands.

    Raises
    ------
    ScenarioError
        For YAML syntax errors (with the parser's line and column), unsupported tags and
        duplicate keys.
    """
    loc = Locator(filename)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise ScenarioError(
            f"YAML syntax: {problem} — check indentation, colons and quotes"
        ).located(filename, line, column) from None
    except yaml.YAMLError as exc:  # pragma: no cover - composer errors are all marked
        raise ScenarioError(f"YAML syntax: {exc}").located(filename, None, None) from None
    if node is None:
        return None, loc
    try:
        return _build(node, (), loc, _Constructor()), loc
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise ScenarioError(
            f"unsupported YAML value: {(exc.problem or '').strip()} — use plain numbers, text, "
            "lists and mappings"
        ).located(
            filename, mark.line + 1 if mark else None, mark.column + 1 if mark else None
        ) from None
