"""Safe formulas for derived indicators (``gdp / population``), parsed and evaluated without eval.

This module owns the formula language: numbers, indicator names, ``+ - * /``, unary ``-``/``+``,
parentheses and ``min(a, b, …)`` / ``max(a, b, …)``. Text is parsed with
``ast.parse(..., mode="eval")`` and every node is checked against that whitelist, then turned into
a small tree of immutable nodes that evaluate elementwise on numpy arrays. User text is never
passed to ``eval``, ``exec`` or ``compile``.

Imports: errors → numpy, stdlib ``ast``.
"""

from __future__ import annotations

import ast
import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt

from planmodel.errors import KeyPath, ScenarioError

__all__ = ["ALLOWED", "Formula", "parse_formula"]

FloatArray = npt.NDArray[np.float64]
Env = Mapping[str, npt.NDArray[np.float64] | float]

#: What a formula may contain, as error messages list it.
ALLOWED = (
    "numbers, indicator names, + - * /, unary minus, parentheses, min(a, b, …) and max(a, b, …)"
)

_MAX_LENGTH = 2000
_MAX_NESTING = 20
_MAX_OPERATORS = 100

_BINARY: dict[type[ast.operator], np.ufunc] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.divide,
}
_REDUCERS: dict[str, np.ufunc] = {
    "min": np.minimum,
    "max": np.maximum,
}

# Human names for constructs that are refused, so the message says what was found.
_FORBIDDEN_NAMES: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access",
    ast.Subscript: "indexing",
    ast.Lambda: "lambda",
    ast.Compare: "comparison",
    ast.BoolOp: "and/or",
    ast.IfExp: "if/else",
    ast.List: "list",
    ast.Tuple: "tuple",
    ast.Dict: "dict",
    ast.Set: "set",
    ast.ListComp: "comprehension",
    ast.GeneratorExp: "comprehension",
    ast.NamedExpr: "assignment :=",
    ast.Starred: "star argument",
    ast.JoinedStr: "f-string",
}
_OPERATOR_NAMES: dict[type[ast.AST], str] = {
    ast.Pow: "**",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.Not: "not",
    ast.Invert: "~",
}


class _Node(Protocol):
    def evaluate(self, env: Env) -> FloatArray | float: ...


@dataclass(frozen=True)
class _Number:
    value: float

    def evaluate(self, env: Env) -> FloatArray | float:
        return self.value


@dataclass(frozen=True)
class _Name:
    name: str

    def evaluate(self, env: Env) -> FloatArray | float:
        return np.asarray(env[self.name], dtype=np.float64)


@dataclass(frozen=True)
class _Negate:
    operand: _Node

    def evaluate(self, env: Env) -> FloatArray | float:
        return np.negative(self.operand.evaluate(env))


@dataclass(frozen=True)
class _Binary:
    op: np.ufunc
    left: _Node
    right: _Node

    def evaluate(self, env: Env) -> FloatArray | float:
        return self.op(self.left.evaluate(env), self.right.evaluate(env))


@dataclass(frozen=True)
class _Reduce:
    op: np.ufunc
    args: tuple[_Node, ...]

    def evaluate(self, env: Env) -> FloatArray | float:
        result = self.args[0].evaluate(env)
        for arg in self.args[1:]:
            result = self.op(result, arg.evaluate(env))
        return result


@dataclass(frozen=True)
class Formula:
    """A parsed, checked formula such as ``gdp / population``.

    Attributes
    ----------
    text
        The formula as written.
    names
        Indicator names it uses, in order of first appearance, without repeats.
    path
        Key path of the formula field, for errors raised while evaluating.
    """

    text: str
    names: tuple[str, ...]
    _tree: _Node = field(repr=False, compare=False)
    path: KeyPath = field(default=(), compare=False)

    def evaluate(self, env: Env) -> FloatArray:
        """Evaluate elementwise over arrays (or floats) bound to the formula's names.

        Division by zero and other invalid operations follow IEEE rules under numpy (``x/0`` →
        ±inf, ``0/0`` → nan) and are evaluated with those warnings silenced: a derived indicator
        that is infinite in some draws is a modelling fact the caller reports, not a crash.

        Raises
        ------
        ScenarioError
            If a name used by the formula is missing from ``env``.
        """
        missing = [name for name in self.names if name not in env]
        if missing:
            known = ", ".join(sorted(env)) or "none"
            raise ScenarioError(
                f"formula '{self.text}' uses unknown name '{missing[0]}' — known: {known}",
                self.path,
            )
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.asarray(self._tree.evaluate(env), dtype=np.float64)


class _Builder:
    """Walk a parsed expression, refusing anything outside the whitelist."""

    def __init__(self, text: str, path: KeyPath) -> None:
        self.text = text
        self.path = path
        self.names: list[str] = []

    def refuse(self, node: ast.AST, what: str) -> ScenarioError:
        """Build the error for a refused node, quoting the piece of text it came from."""
        piece = ast.get_source_segment(self.text, node) or type(node).__name__
        return ScenarioError(
            f"not allowed in formula '{self.text}': {piece} ({what}) — allowed: {ALLOWED}",
            self.path,
        )

    def build(self, node: ast.AST) -> _Node:
        """Convert one AST node (recursively) into an evaluation node."""
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.UnaryOp):
            return self._unary(node)
        if isinstance(node, ast.BinOp):
            return self._binary(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        raise self.refuse(node, _FORBIDDEN_NAMES.get(type(node), type(node).__name__))

    def _constant(self, node: ast.Constant) -> _Node:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.refuse(node, f"{type(value).__name__} constant; only numbers")
        if not math.isfinite(float(value)):
            raise self.refuse(node, "number too large")
        return _Number(float(value))

    def _name(self, node: ast.Name) -> _Node:
        if node.id.startswith("_"):
            raise self.refuse(node, "names may not start with _")
        if node.id in _REDUCERS:
            raise self.refuse(node, f"{node.id} must be called with two or more arguments")
        if node.id not in self.names:
            self.names.append(node.id)
        return _Name(node.id)

    def _unary(self, node: ast.UnaryOp) -> _Node:
        if isinstance(node.op, ast.USub):
            return _Negate(self.build(node.operand))
        if isinstance(node.op, ast.UAdd):
            return self.build(node.operand)
        raise self.refuse(node, f"operator {_OPERATOR_NAMES.get(type(node.op), '?')}")

    def _binary(self, node: ast.BinOp) -> _Node:
        op = _BINARY.get(type(node.op))
        if op is None:
            raise self.refuse(node, f"operator {_OPERATOR_NAMES.get(type(node.op), '?')}")
        return _Binary(op, self.build(node.left), self.build(node.right))

    def _call(self, node: ast.Call) -> _Node:
        func = node.func
        if not isinstance(func, ast.Name) or func.id not in _REDUCERS:
            raise self.refuse(node, "only min and max may be called")
        if node.keywords or len(node.args) < 2:
            raise self.refuse(node, f"{func.id} takes two or more plain arguments")
        return _Reduce(_REDUCERS[func.id], tuple(self.build(arg) for arg in node.args))


def _syntax_error(text: str, err: SyntaxError, path: KeyPath) -> ScenarioError:
    where = f" at column {err.offset}" if err.offset else ""
    return ScenarioError(
        f"cannot read formula '{text}' ({err.msg}{where}) — allowed: {ALLOWED}", path
    )


def _check_size(text: object, path: KeyPath) -> None:
    """Refuse a formula too long or too deeply built to parse, by counting its text.

    Python's parser and :class:`_Builder` recurse once per nested operator or parenthesis; with at
    most ``_MAX_OPERATORS`` operators and ``_MAX_NESTING`` parentheses inside each other the tree is
    at most about 120 levels deep, far from the interpreter's recursion limit whatever the depth
    of the caller's stack, so the outcome never depends on where the formula is parsed from.
    """
    if not isinstance(text, str):
        return  # parse_formula says what a formula must be
    if len(text) > _MAX_LENGTH:
        raise ScenarioError(f"formula is longer than {_MAX_LENGTH} characters — shorten it", path)
    normal = unicodedata.normalize("NFKC", text)
    depth = deepest = 0
    for char in normal:
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth -= 1
    if deepest > _MAX_NESTING:
        raise ScenarioError(
            f"formula nests parentheses {deepest} deep (at most {_MAX_NESTING}) — split it into "
            "several derived indicators",
            path,
        )
    operators = sum(normal.count(op) for op in "+-*/,")
    if operators > _MAX_OPERATORS:
        raise ScenarioError(
            f"formula has {operators} operators (at most {_MAX_OPERATORS}) — split it into several "
            "derived indicators",
            path,
        )


def parse_formula(text: str, path: KeyPath = ()) -> Formula:
    """Parse and check a derived-indicator formula such as ``gdp / population``.

    Parameters
    ----------
    text
        The formula; full-width characters (``（）``, ``＋``) are NFKC-normalised first.
    path
        Key path of the formula field, kept on the result for evaluation errors.

    Returns
    -------
    Formula
        The checked formula with the names it uses.

    Raises
    ------
    ScenarioError
        If the text is not a string, does not parse, or contains anything outside the whitelist;
        the message names the offending piece and lists what is allowed.
    """
    _check_size(text, path)
    if not isinstance(text, str) or not text.strip():
        raise ScenarioError(f"formula must be text such as 'gdp / population', got {text!r}", path)
    normal = unicodedata.normalize("NFKC", text).strip()
    try:
        tree = ast.parse(normal, mode="eval")
    except SyntaxError as err:
        raise _syntax_error(text, err, path) from None
    except (ValueError, RecursionError, MemoryError):  # null bytes, absurd nesting
        raise ScenarioError(f"cannot read formula {text!r} — allowed: {ALLOWED}", path) from None
    builder = _Builder(normal, path)
    try:
        root = builder.build(tree.body)
    except RecursionError:
        raise ScenarioError(f"formula '{text}' is nested too deeply — simplify it", path) from None
    return Formula(normal, tuple(builder.names), root, path)
