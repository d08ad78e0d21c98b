"""Read YAML while remembering where every value stands, so errors can name file:line:column.

``load_located(text, filename)`` returns plain Python data plus a ``Locator`` that maps a key path
(``("indicators", "gdp", "growth")``) to the line and column of that value in the file.
Duplicate keys, which plain YAML loaders silently collapse, are reported as errors.

Bounds, enforced while the YAML is composed (before anything is expanded), so that no input can
exhaust time, memory or the call stack; each refusal is one error at the offending line:column:

- lists and mappings nest at most :data:`MAX_DEPTH` levels (aliases included);
- at most :data:`MAX_VALUES` values in all, counting what aliases expand to (a 1 KB "billion
  laughs" would expand to billions), and at most :data:`MAX_ALIASES` aliases (``*name``); an alias
  to the list or mapping that contains it is refused;
- no explicit tags anywhere (``!!python/object``, ``!!binary``, ``!!str``, ``!custom``): a scenario
  is plain numbers, text, lists and mappings;
- no control characters; integers have at most :data:`MAX_DIGITS` digits.
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
        """Attach file, line and column to each problem raised with only a key path.

        Problems that already know their place are kept as they are; several problems come back
        in file order.
        """
        return error.map(self._locate_one)

    def _locate_one(self, error: ScenarioError) -> ScenarioError:
        if error.file is not None:
            return error
        line, column = self.where(error.path)
        return error.located(self.filename, line, column)


MAX_DEPTH = 50
"""Deepest nesting, counting the value at the bottom (the shipped scenarios reach 7)."""
MAX_VALUES = 100_000
"""Most values (keys, numbers, texts, lists, mappings) once aliases are expanded (shipped: < 1,000)."""
MAX_ALIASES = 1000
"""Most aliases (``*name``) in one file."""
MAX_DIGITS = 40
"""Most digits in an integer (a seed is below 2^128, 39 digits)."""


class _Refused(Exception):
    """A bound or rule broken at ``mark`` (turned into a located ScenarioError)."""

    def __init__(self, message: str, mark: yaml.Mark) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


class _BoundedComposer(yaml.composer.Composer, yaml.resolver.Resolver):
    """A composer that enforces the bounds above and refuses explicit tags.

    The expanded size and height of every composed node are recorded, so an alias costs one
    lookup, and a bomb is refused at the alias that crosses a bound, long before anything grows.
    Events come from libyaml when PyYAML has it (50–100 times faster than the pure-Python scanner,
    so even a file at the size limit reads in well under a second), else from pure Python.
    """

    def __init__(self) -> None:
        yaml.composer.Composer.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self._depth = 0
        self._aliases = 0
        self._values = 0
        self._shape: dict[int, tuple[int, int]] = {}  # id(node) -> (expanded size, height)

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            return self._alias(super().compose_node(parent, index), event)
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!", 1)
            raise _Refused(
                f"YAML tag '{shown}' is not allowed — a scenario holds plain numbers, text, lists and "
                "mappings; remove the tag (quote a value to make it text)",
                event.start_mark,
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(
                f"lists and mappings nest more than {MAX_DEPTH} levels deep here — a scenario needs "
                "far fewer; check the brackets and indentation",
                event.start_mark,
            )
        self._values += 1
        if self._values > MAX_VALUES:
            raise _Refused(self._too_many(), event.start_mark)
        node = super().compose_node(parent, index)
        self._depth -= 1
        self._shape[id(node)] = self._measure(node)
        return node

    @staticmethod
    def _too_many() -> str:
        return (
            f"the file holds more than {MAX_VALUES:,} values (counting what aliases expand to) — "
            "a scenario needs far fewer"
        )

    def _measure(self, node: yaml.Node) -> tuple[int, int]:
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        else:
            return 1, 1
        shapes = [self._shape[id(child)] for child in children]
        return 1 + sum(s for s, _ in shapes), 1 + max((h for _, h in shapes), default=0)

    def _alias(self, node: yaml.Node, event: yaml.AliasEvent) -> yaml.Node:
        shape = self._shape.get(id(node))
        if shape is None:
            raise _Refused(
                f"alias *{event.anchor} is used inside the value it names (a loop) — write the "
                "values out",
                event.start_mark,
            )
        self._aliases += 1
        self._values += shape[0]
        if self._values > MAX_VALUES:
            raise _Refused(f"at alias *{event.anchor}: {self._too_many()}", event.start_mark)
        if self._aliases > MAX_ALIASES:
            raise _Refused(
                f"more than {MAX_ALIASES:,} aliases (*name) — write the values out", event.start_mark
            )
        if self._depth + shape[1] > MAX_DEPTH:
            raise _Refused(
                f"alias *{event.anchor} nests lists and mappings more than {MAX_DEPTH} levels deep",
                event.start_mark,
            )
        return node


class _PureLoader(_BoundedComposer, yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """Bounded composer over PyYAML's pure-Python reader, scanner and parser."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _BoundedComposer.__init__(self)


_LOADER: type = _PureLoader
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _FastLoader(_BoundedComposer, CParser):  # type: ignore[misc]
        """Bounded composer over libyaml's scanner and parser (same events and marks)."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _BoundedComposer.__init__(self)

    _LOADER = _FastLoader


class _Constructor(yaml.constructor.SafeConstructor):
    """Safe scalar construction (no Python tags), used node by node; long integers refused."""

    def construct_bounded_int(self, node: yaml.ScalarNode) -> int:
        """An integer of at most :data:`MAX_DIGITS` digits (longer ones cost quadratic time)."""
        digits = sum(ch.isalnum() for ch in str(node.value))  # 0x…, 0b…, 1:30:00 count too
        if digits > MAX_DIGITS:
            raise _Refused(
                f"a number with {digits:,} digits — numbers in a scenario have at most {MAX_DIGITS} "
                "(a seed is below 2^128)",
                node.start_mark,
            )
        return int(super().construct_yaml_int(node))


_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_bounded_int)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return _mark_of(node.start_mark)


def _mark_of(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


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


def _check_characters(text: str, filename: str) -> None:
    """Refuse control characters with their line and column (YAML reports only an offset)."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if found is None:
        return
    pos = found.start()
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    code = ord(found.group())
    raise ScenarioError(
        f"control character U+{code:04X} is not allowed (it is invisible in most editors) — delete it"
    ).located(filename, line, column)


def _compose(text: str) -> yaml.Node | None:
    """Compose ``text`` with the bounded composer, libyaml's events when PyYAML has it.

    libyaml 0.2.6 (bundled with PyYAML 6.0.4) scans ahead and stops at its own nesting limit
    (1,000 levels) before the composer reaches :data:`MAX_DEPTH`; the pure-Python parser hands out
    events one by one, so reading such a file again with it stops at our bound, in its place.
    """
    try:
        return yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        if _LOADER is _PureLoader or "nesting depth" not in (exc.problem or ""):
            raise
    return yaml.compose(text, Loader=_PureLoader)


def load_located(text: str, filename: str) -> tuple[Any, Locator]:
    """Parse YAML ``text``; return the data and where each value stands.

    Raises
    ------
    ScenarioError
        For YAML syntax errors (with the parser's line and column), control characters, tags,
        broken bounds (see the module docstring) and duplicate keys.
    """
    loc = Locator(filename)
    _check_characters(text, filename)
    try:
        node = _compose(text)
    except _Refused as exc:
        raise ScenarioError(exc.message).located(filename, *_mark_of(exc.mark)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise ScenarioError(
            f"YAML syntax: {problem} — check indentation, colons and quotes"
        ).located(filename, line, column) from None
    except yaml.YAMLError as exc:  # pragma: no cover - composer errors are all marked
        problem = " ".join(str(exc).split())
        raise ScenarioError(f"YAML syntax: {problem}").located(filename, None, None) from None
    if node is None:
        return None, loc
    try:
        return _build(node, (), loc, _Constructor()), loc
    except _Refused as exc:
        raise ScenarioError(exc.message).located(filename, *_mark_of(exc.mark)) from None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise ScenarioError(
            f"unsupported YAML value: {(exc.problem or '').strip()} — use plain numbers, text, "
            "lists and mappings"
        ).located(
            filename, mark.line + 1 if mark else None, mark.column + 1 if mark else None
        ) from None
