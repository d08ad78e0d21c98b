"""The evaluation tree of a parsed formula: small immutable nodes that compute on numpy arrays.

:func:`planmodel.expressions.parse_formula` builds these from the checked text; a
:class:`Formula` evaluates elementwise over arrays bound to its names (in base units), knows the
names it needs, and, for a product or quotient of names, the factor by which binding them in their
own units scales the result. :mod:`planmodel.formula_units` walks the same nodes to check
dimensions. Imports: errors, units → numpy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt

from planmodel.errors import KeyPath, ScenarioError
from planmodel.units import Unit

__all__ = [
    "Binary",
    "Env",
    "Formula",
    "Name",
    "Negate",
    "Node",
    "Number",
    "Real",
    "Reduce",
    "has_real",
    "plain_names",
    "real_key",
]

FloatArray = npt.NDArray[np.float64]
Env = Mapping[str, npt.NDArray[np.float64] | float]


class Node(Protocol):
    """One node of the tree: evaluates to an array (or a float) given the bound names."""

    def evaluate(self, env: Env) -> FloatArray | float:
        """The node's value over the arrays bound in ``env``."""
        ...


@dataclass(frozen=True)
class Number:
    """A number in the formula, bare (``2``) or with its unit (``1000亿元``)."""

    value: float
    """In base units (``1000亿元`` → 1e11)."""
    unit: Unit | None = None
    """The unit written with the number; ``None`` for a bare number."""
    text: str = ""
    """The number as written, for error messages."""

    def evaluate(self, env: Env) -> FloatArray | float:
        """The number in base units."""
        return self.value


@dataclass(frozen=True)
class Name:
    """An indicator name, bound to its levels in base units."""

    name: str

    def evaluate(self, env: Env) -> FloatArray | float:
        """The array bound to the name."""
        return np.asarray(env[self.name], dtype=np.float64)


@dataclass(frozen=True)
class Real:
    """``real(x)`` or ``real(x, 2020)``: the constant-price value of an indicator."""

    name: str
    base_year: int | None

    def evaluate(self, env: Env) -> FloatArray | float:
        """The array bound under :func:`real_key`."""
        return np.asarray(env[real_key(self.name, self.base_year)], dtype=np.float64)


@dataclass(frozen=True)
class Negate:
    """Unary minus."""

    operand: Node

    def evaluate(self, env: Env) -> FloatArray | float:
        """Minus the operand's value."""
        return np.negative(self.operand.evaluate(env))


@dataclass(frozen=True)
class Binary:
    """``left op right`` for one of ``+ - * /`` (as a numpy ufunc)."""

    op: np.ufunc
    left: Node
    right: Node

    def evaluate(self, env: Env) -> FloatArray | float:
        """The ufunc applied elementwise to both sides."""
        return self.op(self.left.evaluate(env), self.right.evaluate(env))


@dataclass(frozen=True)
class Reduce:
    """``min(a, b, …)`` or ``max(a, b, …)``, elementwise (``np.minimum`` / ``np.maximum``)."""

    op: np.ufunc
    args: tuple[Node, ...]

    def evaluate(self, env: Env) -> FloatArray | float:
        """The elementwise minimum or maximum of the arguments."""
        result = self.args[0].evaluate(env)
        for arg in self.args[1:]:
            result = self.op(result, arg.evaluate(env))
        return result


def real_key(name: str, base_year: int | None) -> str:
    """The environment key under which ``real(name)`` / ``real(name, year)`` is bound."""
    return f"real({name})" if base_year is None else f"real({name}, {base_year})"


@dataclass(frozen=True)
class Formula:
    """A parsed, checked formula such as ``gdp / population``.

    Attributes
    ----------
    text
        The formula as written (after NFKC normalisation).
    names
        Indicator names it uses (also inside ``real()``), in order of first appearance.
    real_refs
        ``(name, base_year)`` of every ``real(…)`` it uses; ``base_year`` ``None`` means the
        indicator's last published year.
    path
        Key path of the formula field, for errors raised while evaluating.
    """

    text: str
    names: tuple[str, ...]
    _tree: Node = field(repr=False, compare=False)
    path: KeyPath = field(default=(), compare=False)
    real_refs: tuple[tuple[str, int | None], ...] = ()

    def scale_factor(self, scales: Mapping[str, float]) -> float | None:
        """``f(s·x) / f(x)`` if the formula is a product or quotient of its names (and numbers), else None.

        ``scales`` gives each bound key's factor (names, and :func:`real_key` entries). For such a
        formula the names can be bound in their own units and the result scaled once, instead of
        every array being converted to base units first.
        """
        powers = _exponents(self._tree)
        if powers is None:
            return None
        factor = 1.0
        for key, power in powers.items():
            factor *= scales[key] ** power
        return factor

    def evaluate(self, env: Env) -> FloatArray:
        """Evaluate elementwise over arrays (or floats) bound to the formula's names.

        Names are bound to base-unit values; ``real(x)`` to :func:`real_key` entries. Division by
        zero and other invalid operations follow IEEE rules under numpy (``x/0`` → ±inf,
        ``0/0`` → nan) and are evaluated with those warnings silenced: a derived indicator that is
        infinite in some draws is a modelling fact the caller reports, not a crash.

        Raises
        ------
        ScenarioError
            If a name used by the formula is missing from ``env``.
        """
        plain = plain_names(self._tree)
        needed = [n for n in self.names if n in plain] + [real_key(*r) for r in self.real_refs]
        missing = [name for name in needed if name not in env]
        if missing:
            known = ", ".join(sorted(env)) or "none"
            raise ScenarioError(
                f"formula '{self.text}' uses unknown name '{missing[0]}' — known: {known}",
                self.path,
            )
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.asarray(self._tree.evaluate(env), dtype=np.float64)


def _exponents(node: Node) -> dict[str, int] | None:
    """Powers of each bound name if ``node`` is a product or quotient of names and numbers, else None."""
    if isinstance(node, Name):
        return {node.name: 1}
    if isinstance(node, Real):
        return {real_key(node.name, node.base_year): 1}
    if isinstance(node, Number):
        return {}
    if isinstance(node, Negate):
        return _exponents(node.operand)
    if isinstance(node, Binary) and node.op in (np.multiply, np.divide):
        left, right = _exponents(node.left), _exponents(node.right)
        if left is None or right is None:
            return None
        sign = 1 if node.op is np.multiply else -1
        out = dict(left)
        for key, power in right.items():
            out[key] = out.get(key, 0) + sign * power
        return out
    return None


def plain_names(node: Node) -> set[str]:
    """Names used outside ``real()`` (they must be bound to levels)."""
    if isinstance(node, Name):
        return {node.name}
    if isinstance(node, Negate):
        return plain_names(node.operand)
    if isinstance(node, Binary):
        return plain_names(node.left) | plain_names(node.right)
    if isinstance(node, Reduce):
        return set().union(*(plain_names(a) for a in node.args))
    return set()


def has_real(node: Node) -> bool:
    """Whether ``real(…)`` appears under ``node``."""
    if isinstance(node, Real):
        return True
    if isinstance(node, Negate):
        return has_real(node.operand)
    if isinstance(node, Binary):
        return has_real(node.left) or has_real(node.right)
    if isinstance(node, Reduce):
        return any(has_real(a) for a in node.args)
    return False
