"""Dimensions of formula values: money, people, area, counts, and their products and quotients.

A dimension is a sorted tuple of ``(base, exponent)`` pairs with non-zero exponents; ``()`` is a
plain number (ratios, shares, %, indices). ``gdp / population`` is money per people. A derived
indicator's unit accepts its own dimension, or that dimension per person (人均GDP in 万元).

Imports: units only.
"""

from __future__ import annotations

from .units import Unit

Dimension = tuple[tuple[str, int], ...]
PLAIN: Dimension = ()

_PER_PERSON: Dimension = (("people", -1),)


def dimension_of(unit: Unit) -> Dimension:
    """The dimension of a unit: ``()`` for ratios and plain numbers."""
    return PLAIN if unit.dimension == "ratio" else ((unit.dimension, 1),)


def _combine(a: Dimension, b: Dimension, sign: int) -> Dimension:
    powers = dict(a)
    for base, exponent in b:
        powers[base] = powers.get(base, 0) + sign * exponent
    return tuple(sorted((k, v) for k, v in powers.items() if v != 0))


def times(a: Dimension, b: Dimension) -> Dimension:
    """The dimension of a product."""
    return _combine(a, b, 1)


def over(a: Dimension, b: Dimension) -> Dimension:
    """The dimension of a quotient."""
    return _combine(a, b, -1)


def describe(dim: Dimension) -> str:
    """``money``, ``money per people``, ``a plain number`` … for error messages."""
    if not dim:
        return "a plain number"
    up = [b if e == 1 else f"{b}^{e}" for b, e in dim if e > 0]
    down = [b if e == -1 else f"{b}^{-e}" for b, e in dim if e < 0]
    text = " × ".join(up) or "1"
    return f"{text} per {' × '.join(down)}" if down else text


def fits(dim: Dimension, unit: Unit) -> bool:
    """Whether a formula of dimension ``dim`` can be reported in ``unit`` (per person allowed)."""
    own = dimension_of(unit)
    return dim == own or dim == times(own, _PER_PERSON)


def is_percentish(unit: Unit) -> bool:
    """A ratio unit whose numbers are not plain fractions (% and ‰): a bare number is ambiguous."""
    return unit.dimension == "ratio" and unit.scale != 1.0
