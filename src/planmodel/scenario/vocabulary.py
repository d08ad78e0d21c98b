"""The scenario language's vocabularies, declared once: the words a planner may write and their meaning.

Driver kinds, value statuses and the vintages that give them, level bases, plan attributes
(约束性/预期性), target measures, comparisons and price bases, the plausibility checks a planner
may override, and the calibration choices. The parser, the schema, the results and the reports
all take these from here, so a word added here is accepted, documented and reported alike.
Imports: — (typing only).
"""

from __future__ import annotations

from typing import Literal, get_args

DriverKind = Literal["real_growth", "growth", "change"]

ValueStatus = Literal["published", "preliminary", "estimate", "assumed"]
"""What a known value is: a published figure (最终核实, or no vintage stated), a preliminary one
(初步核算 / 初步核实), an estimate made before the year's statistics (预计), or an assumption.
Years between two published levels are not known values: they are simulated (a bridge)."""

VINTAGES: dict[str, ValueStatus] = {
    "预计": "estimate",
    "estimate": "estimate",
    "初步核算": "preliminary",
    "初步核实": "preliminary",
    "preliminary": "preliminary",
    "最终核实": "published",
    "final": "published",
}
"""The vintages a planner may write (``vintage: 预计``) and the status each one gives a value."""

LevelBasis = Literal["revised", "pre_revision"]
"""The basis a level target is judged on when its indicator has a ``rebase`` (census revision):
the revised basis of the latest data, or the basis before the revision (when the target was set)."""
LEVEL_BASES: tuple[str, ...] = get_args(LevelBasis)

Attribute = Literal["binding", "expected"]
"""A plan's attribute of a target: 约束性 (binding, a promise that must be kept) or 预期性 (expected)."""
ATTRIBUTES: dict[str, Attribute] = {
    "binding": "binding",
    "约束性": "binding",
    "expected": "expected",
    "预期性": "expected",
}
"""What a planner may write for ``attribute:`` and what it means."""

Measure = Literal["level", "growth", "avg_growth", "cumulative", "joint"]
"""What a target compares: a level, growth in a year, average growth over a span, a sum, or all of
several targets at once."""
Comparison = Literal["at_least", "at_most", "between", "all_of"]
Basis = Literal["nominal", "real", "none"]
"""Price basis of a growth target: 现价 (nominal), 可比价 (real), or none (no prices involved)."""

ALLOW_CHECKS: dict[str, str] = {
    "scale": "a level or target more than 1,000 times off the indicator's published values",
    "growth": "a growth rate (assumed, published or targeted) above 100% a year",
}
"""Plausibility checks a planner may override where a number is really meant (``allow: [scale]``)."""
CalibrationName = Literal["none", "outside_view"]
"""How a scenario's growth assumptions are used: as written (``none``), or shifted and widened by
the errors plans have made before (``outside_view``, :mod:`planmodel.calibration`)."""
CALIBRATIONS: tuple[str, ...] = get_args(CalibrationName)

MEASURES: tuple[str, ...] = tuple(m for m in get_args(Measure) if m != "joint")
"""Measures a planner writes (``measure:``); joint targets are written with ``all_of``."""
COMPARISONS: tuple[str, ...] = tuple(c for c in get_args(Comparison) if c != "all_of")
"""Comparison keys of a single target (``at_least: 1200亿元``)."""
