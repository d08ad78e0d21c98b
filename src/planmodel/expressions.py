"""Safe formulas for derived indicators (``gdp / population``), parsed and evaluated without eval.

This module owns the formula language: numbers (bare, or with a unit: ``1000亿元``, ``40%``),
indicator names, ``+ - * /``, unary ``-``/``+``, parentheses, ``min(a, b, …)`` / ``max(a, b, …)``
and ``real(x)`` / ``real(x, 2020)`` (the constant-price value of ``x``, at the prices of its last
published year or of the year given). Text is parsed with ``ast.parse(..., mode="eval")`` after
numbers with units are replaced by placeholders, and every node is checked against that
whitelist, then turned into a small tree of immutable nodes that evaluate elementwise on numpy
arrays (that tree and :class:`Formula` are :mod:`planmodel.formula_tree`; this module reads and
checks the text). User text is never passed to ``eval``, ``exec`` or ``compile``. Dimensions
(money + people is an error) are checked by :mod:`planmodel.formula_units` once the names' units
are known.

Values are in base units (元, 人, a plain fraction for %): names are bound to base-unit arrays by
the caller and a number with a unit is converted (``1000亿元`` → 1e11).

Imports: errors, units, formula_tree → numpy, stdlib ``ast``.
"""

from __future__ import annotations

import ast
import math
import unicodedata
from collections.abc import Mapping

import numpy as np

from planmodel.errors import KeyPath, ScenarioError
from planmodel.formula_tree import (
    Binary,
    Formula,
    Name,
    Negate,
    Node,
    Number,
    Real,
    Reduce,
    has_real,
    plain_names,
    real_key,
)
from planmodel.units import quantities_in_text

__all__ = ["ALLOWED", "Formula", "parse_formula", "real_key"]

#: What a formula may contain, as error messages list it.
ALLOWED = (
    "numbers, indicator names, + - * /, unary minus, parentheses, min(a, b, …), max(a, b, …), "
    "real(x) or real(x, 2020); a number that is added or compared carries its unit (1000亿元, 40%)"
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


def _substitute_quantities(text: str) -> tuple[str, dict[str, Number]]:
    """Replace ``1000亿元`` / ``40%`` by placeholder names bound to base-unit numbers.

    The placeholders start with a prefix that does not occur in the text, so a name the planner
    wrote can never be taken for one.
    """
    prefix = "_q_"
    while prefix in text:
        prefix += "_"
    found: dict[str, Number] = {}
    pieces, last = [], 0
    for start, end, number, unit, written in quantities_in_text(text):
        name = f"{prefix}{len(found)}"
        found[name] = Number(number * unit.scale, unit, written)
        pieces += [text[last:start], name]
        last = end
    return "".join(pieces) + text[last:], found


class _Builder:
    """Walk a parsed expression, refusing anything outside the whitelist."""

    def __init__(self, text: str, source: str, path: KeyPath, literals: Mapping[str, Number]) -> None:
        self.text = text
        self.source = source
        """``text`` with numbers-with-units replaced by the placeholder names in ``literals``."""
        self.path = path
        self.literals = literals
        self.names: list[str] = []
        self.real_refs: list[tuple[str, int | None]] = []

    def refuse(self, node: ast.AST, what: str) -> ScenarioError:
        """Build the error for a refused node, quoting the piece of text it came from."""
        piece = ast.get_source_segment(self.source, node) or type(node).__name__
        for name, number in self.literals.items():
            piece = piece.replace(name, number.text)
        return ScenarioError(
            f"not allowed in formula '{self.text}': {piece} ({what}) — allowed: {ALLOWED}",
            self.path,
        )

    def build(self, node: ast.AST) -> Node:
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

    def _constant(self, node: ast.Constant) -> Node:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.refuse(node, f"{type(value).__name__} constant; only numbers")
        if not math.isfinite(float(value)):
            raise self.refuse(node, "number too large")
        return Number(float(value), None, ast.get_source_segment(self.source, node) or f"{value:g}")

    def _name(self, node: ast.Name) -> Node:
        if node.id in self.literals:
            literal = self.literals[node.id]
            if not math.isfinite(literal.value):
                raise self.refuse(node, "number too large")
            return literal
        if node.id.startswith("_"):
            raise self.refuse(node, "names may not start with _")
        if node.id in _REDUCERS or node.id == "real":
            raise self.refuse(node, f"{node.id} must be called")
        self._use(node.id)
        return Name(node.id)

    def _use(self, name: str) -> None:
        if name not in self.names:
            self.names.append(name)

    def _unary(self, node: ast.UnaryOp) -> Node:
        if isinstance(node.op, ast.USub):
            return Negate(self.build(node.operand))
        if isinstance(node.op, ast.UAdd):
            return self.build(node.operand)
        raise self.refuse(node, f"operator {_OPERATOR_NAMES.get(type(node.op), '?')}")

    def _binary(self, node: ast.BinOp) -> Node:
        op = _BINARY.get(type(node.op))
        if op is None:
            raise self.refuse(node, f"operator {_OPERATOR_NAMES.get(type(node.op), '?')}")
        built = Binary(op, self.build(node.left), self.build(node.right))
        if op is np.divide and not plain_names(built.right) and not has_real(built.right):
            with np.errstate(all="ignore"):
                divisor = float(built.right.evaluate({}))
            if divisor == 0 or not math.isfinite(divisor):
                piece = ast.get_source_segment(self.source, node.right) or "0"
                for name, number in self.literals.items():
                    piece = piece.replace(name, number.text)
                always = "" if piece.strip() == "0" else ", which is always 0"
                raise ScenarioError(
                    f"formula '{self.text}' divides by {piece}{always} — every draw would be "
                    "undefined; check the divisor",
                    self.path,
                )
        return built

    def _call(self, node: ast.Call) -> Node:
        func = node.func
        if isinstance(func, ast.Name) and func.id == "real":
            return self._real(node)
        if not isinstance(func, ast.Name) or func.id not in _REDUCERS:
            raise self.refuse(node, "only min, max and real may be called")
        if node.keywords or len(node.args) < 2:
            raise self.refuse(node, f"{func.id} takes two or more plain arguments")
        return Reduce(_REDUCERS[func.id], tuple(self.build(arg) for arg in node.args))

    def _real(self, node: ast.Call) -> Node:
        args = node.args
        ok_year = len(args) == 1 or (
            len(args) == 2
            and isinstance(args[1], ast.Constant)
            and type(args[1].value) is int
            and 1949 <= args[1].value <= 2200
        )
        if node.keywords or not 1 <= len(args) <= 2 or not isinstance(args[0], ast.Name) or not ok_year:
            raise self.refuse(
                node, "real takes an indicator and optionally a price year: real(gdp) or real(gdp, 2020)"
            )
        name = args[0].id  # type: ignore[attr-defined]
        if name.startswith("_") or name in _REDUCERS or name == "real":
            raise self.refuse(node, "real takes an indicator name")
        year = args[1].value if len(args) == 2 else None  # type: ignore[attr-defined]
        self._use(name)
        if (name, year) not in self.real_refs:
            self.real_refs.append((name, year))
        return Real(name, year)


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
    source, literals = _substitute_quantities(normal)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as err:
        raise _syntax_error(text, err, path) from None
    except (ValueError, RecursionError, MemoryError):  # null bytes, absurd nesting
        raise ScenarioError(f"cannot read formula {text!r} — allowed: {ALLOWED}", path) from None
    builder = _Builder(normal, source, path, literals)
    try:
        root = builder.build(tree.body)
    except RecursionError:
        raise ScenarioError(f"formula '{text}' is nested too deeply — simplify it", path) from None
    return Formula(normal, tuple(builder.names), root, path, tuple(builder.real_refs))
