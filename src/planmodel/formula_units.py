"""Dimension checks of derived-indicator formulas, once the units of the names are known.

Rules (documented in docs/scenario.md, "Derived indicators"):

- ``+ - min max`` need one dimension: money + people is an error naming the formula;
- a bare number (no unit) may multiply or divide anything; where it is added, subtracted or
  compared it needs its unit (``gdp - 1000亿元``, ``share - 40%``) unless everything it meets is a
  plain number (``1 - a / b``) — and, in a formula reported in % or ‰, even then at the top
  level (``100% - a / b``, not ``1 - a / b``); a formula that is only a number needs its unit too
  (``40%``);
- the result must fit the derived unit: its dimension, or that dimension per person
  (人均GDP = gdp / population in 万元); a money or per-person result declared in ``%`` is an error.

Imports: errors, units, dimensions, formula_tree → stdlib.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .dimensions import PLAIN, Dimension, describe, dimension_of, fits, is_percentish, over, times
from .errors import KeyPath, ScenarioError
from .formula_tree import Binary, Formula, Name, Negate, Node, Number, Real, Reduce
from .units import Unit


@dataclass(frozen=True)
class _Kind:
    """What the check knows about a sub-expression."""

    dim: Dimension
    bare: bool
    """Made of bare numbers only (no name, no unit)."""
    percentish: bool
    """A sum-like expression of a quantity in % or ‰ (a bare number next to it is ambiguous)."""
    shown: str
    """The piece of formula text, for messages."""


def check_dimensions(formula: Formula, units: Mapping[str, Unit], result: Unit) -> Dimension:
    """Check ``formula`` against the units of its names and the derived ``result`` unit.

    Returns
    -------
    Dimension
        The formula's dimension.

    Raises
    ------
    ScenarioError
        Naming the formula, the offending piece and what would be valid (at the formula's path).
    """
    walker = _Walker(formula.text, units, formula.path, is_percentish(result))
    kind = walker.kind(formula._tree, top=True)
    if kind.bare and result.symbol not in ("", "倍"):
        raise ScenarioError(
            f"formula '{formula.text}' is a bare number but the unit is {result.symbol}: write the "
            f"number with its unit (e.g. '{kind.shown}{result.symbol}') so it is not misread",
            formula.path,
        )
    if not fits(kind.dim, result):
        raise ScenarioError(
            f"formula '{formula.text}' gives {describe(kind.dim)}, but the unit "
            f"'{result.symbol}' is {describe(dimension_of(result))} — change the unit or the formula "
            "(a share is money / money, a per-capita value money / people)",
            formula.path,
        )
    return kind.dim


class _Walker:
    """Walk a formula tree computing dimensions; raise on sums of unlike things."""

    def __init__(self, text: str, units: Mapping[str, Unit], path: KeyPath, percent_result: bool) -> None:
        self.text, self.units, self.path = text, units, path
        self.percent_result = percent_result

    def fail(self, message: str) -> ScenarioError:
        return ScenarioError(f"formula '{self.text}': {message}", self.path)

    def kind(self, node: Node, top: bool = False) -> _Kind:
        """The dimension of ``node``; ``top``: a term of the formula's outermost sum."""
        if isinstance(node, Number):
            if node.unit is None:
                return _Kind(PLAIN, True, False, node.text)
            return _Kind(dimension_of(node.unit), False, is_percentish(node.unit), node.text)
        if isinstance(node, Name | Real):
            unit = self.units[node.name]
            shown = node.name if isinstance(node, Name) else f"real({node.name})"
            return _Kind(dimension_of(unit), False, is_percentish(unit), f"{shown} ({unit.symbol})")
        if isinstance(node, Negate):
            return self.kind(node.operand, top)
        if isinstance(node, Binary) and node.op in (np.multiply, np.divide):
            left, right = self.kind(node.left), self.kind(node.right)
            combine = times if node.op is np.multiply else over
            return _Kind(combine(left.dim, right.dim), left.bare and right.bare, False, left.shown)
        assert isinstance(node, Binary | Reduce)
        parts = (node.left, node.right) if isinstance(node, Binary) else node.args
        return self._sum([self.kind(p, top) for p in parts], top)

    def _sum(self, kinds: list[_Kind], top: bool) -> _Kind:
        """Terms of a sum, difference, min or max: one dimension, no ambiguous bare number."""
        quantities = [k for k in kinds if not k.bare]
        for bare in (k for k in kinds if k.bare):
            for other in quantities:
                if other.dim != PLAIN or other.percentish or (top and self.percent_result):
                    raise self.fail(
                        f"the number {bare.shown} is combined with {other.shown}; write it with "
                        f"its unit (e.g. {_example(bare.shown, other)}) so it is not misread"
                    )
        for a, b in zip(quantities, quantities[1:], strict=False):
            if a.dim != b.dim:
                raise self.fail(
                    f"cannot add or compare {describe(a.dim)} ({a.shown}) and {describe(b.dim)} ({b.shown})"
                )
        dim = quantities[0].dim if quantities else PLAIN
        return _Kind(dim, not quantities, any(k.percentish for k in kinds), kinds[0].shown)


def _example(number: str, other: _Kind) -> str:
    """How the number might be written with a unit, for the message."""
    if other.dim:
        unit = {"money": "亿元", "people": "万人", "area": "平方公里"}.get(other.dim[0][0], "")
        return f"{number}{unit}"
    try:
        fraction = float(number) <= 1
    except ValueError:
        fraction = False
    return f"{float(number) * 100:g}% or {number}%" if fraction else f"{number}%"
