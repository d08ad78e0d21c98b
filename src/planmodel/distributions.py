"""Growth assumptions with uncertainty, as one import: the families and reading them from YAML.

The parts live in modules of one job each — :mod:`planmodel.distribution_base` (the
:class:`Distribution` contract sampled through its inverse CDF), :mod:`planmodel.tail_quantiles`
(inverse CDFs that stay accurate in the far tails), :mod:`planmodel.distribution_families` (fixed,
normal, range90, Student t, triangular, PERT, uniform) and :mod:`planmodel.distribution_spec`
(parsing a planner's spec). This module only names them together, so ``from
planmodel.distributions import Normal, parse_distribution`` keeps working for code outside the
package. Imports: the four modules above.
"""

from __future__ import annotations

from planmodel.distribution_base import Distribution, FloatArray, Formatter
from planmodel.distribution_families import Fixed, Normal, Pert, StudentT, Triangular, Uniform
from planmodel.distribution_spec import FAMILIES, ParseValue, is_distribution_spec, parse_distribution

__all__ = [
    "FAMILIES",
    "Distribution",
    "Fixed",
    "FloatArray",
    "Formatter",
    "Normal",
    "ParseValue",
    "Pert",
    "StudentT",
    "Triangular",
    "Uniform",
    "is_distribution_spec",
    "parse_distribution",
]
