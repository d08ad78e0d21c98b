"""Parsers for the uncertainty a planner states beyond one year's distribution.

- ``over_years``: how a driver's deviations behave across years (trend doubt, persistence, the
  latest observed deviation) — :class:`~planmodel.scenario.indicator_model.OverYears`;
- ``rebase``: a census revision of an indicator's levels from a year on, with its own
  uncertainty — :class:`~planmodel.scenario.indicator_model.Rebase`;
- the vintage (预计 / 初步核算 / 最终核实) and revision uncertainty of a published value.

Values are read by the caller's value parser (rates for growth, the indicator's unit for changes).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from ..distribution_spec import parse_distribution
from ..errors import KeyPath, ScenarioError
from ..units import parse_rate
from .fields import read_mapping, read_text, read_twin, read_year
from .indicator_model import OverYears, Rebase
from .vocabulary import LEVEL_BASES, VINTAGES, LevelBasis

ValueParser = Callable[[object, KeyPath], float]

OVER_YEARS_KEYS = ("trend_sd", "persistence", "start_deviation", "reason", "reason_en", "source")
REBASE_KEYS = ("year", "shift", "reason", "reason_en", "source")
MAX_REVISION_SD = 0.5
"""Largest relative revision uncertainty of a level (50%; 滨海新区 2016 was revised by −33.5%)."""


def read_persistence(obj: object, path: KeyPath) -> float:
    """An AR(1) coefficient: a plain number above −1 and below 1."""
    if isinstance(obj, bool) or not isinstance(obj, int | float) or not -1 < obj < 1:
        raise ScenarioError(
            f"persistence must be a number above -1 and below 1 (AR(1) coefficient), got {obj!r}",
            path,
        )
    return float(obj)


def _non_negative(value: float, path: KeyPath, what: str) -> float:
    if value < 0:
        raise ScenarioError(f"{what} is a standard deviation: zero or positive, got {value:g}", path)
    return value


def parse_over_years(obj: object, path: KeyPath, parse_value: ValueParser) -> OverYears:
    """Read ``over_years: {trend_sd: 1%, persistence: 0.5, start_deviation: 0.2%, reason: …}``."""
    spec = read_mapping(obj, path, OVER_YEARS_KEYS)
    trend_sd = 0.0
    if spec.get("trend_sd") is not None:
        trend_sd = _non_negative(
            parse_value(spec["trend_sd"], (*path, "trend_sd")), (*path, "trend_sd"), "trend_sd"
        )
    persistence = 0.0
    if spec.get("persistence") is not None:
        persistence = read_persistence(spec["persistence"], (*path, "persistence"))
    start = None
    if spec.get("start_deviation") is not None:
        start = parse_value(spec["start_deviation"], (*path, "start_deviation"))
        if persistence == 0.0:
            raise ScenarioError(
                "start_deviation carries the latest observed deviation into the next years through "
                "persistence; with persistence 0 it has no effect — add persistence (e.g. 0.5) or "
                "remove start_deviation",
                (*path, "start_deviation"),
            )
    reason, reason_en = read_twin(spec, path, "reason")
    return OverYears(
        trend_sd=trend_sd,
        persistence=persistence,
        start_deviation=start,
        reason=reason,
        source=read_text(spec.get("source"), (*path, "source")),
        reason_en=reason_en,
    )


def parse_indicator_uncertainty(
    spec: Mapping[str, Any], path: KeyPath, growth_parser: ValueParser, *, has_deflator: bool, money: bool
) -> tuple[OverYears, OverYears, Rebase | None]:
    """An indicator's ``over_years``, ``deflator_over_years`` and ``rebase`` (defaults if absent)."""
    over_years = parse_over_years(spec.get("over_years") or {}, (*path, "over_years"), growth_parser)
    deflator_over_years = OverYears()
    if "deflator_over_years" in spec:
        if not has_deflator:
            raise ScenarioError(
                "deflator_over_years describes a deflator; this indicator has none",
                (*path, "deflator_over_years"),
            )
        deflator_over_years = parse_over_years(
            spec["deflator_over_years"] or {}, (*path, "deflator_over_years"), parse_rate
        )
    rebase = None
    if spec.get("rebase") is not None:
        if not money:
            raise ScenarioError(
                "a rebase (census revision of levels) applies to money totals such as GDP",
                (*path, "rebase"),
            )
        rebase = parse_rebase(spec["rebase"], (*path, "rebase"))
    return over_years, deflator_over_years, rebase


def parse_level_basis(obj: object, path: KeyPath) -> LevelBasis | None:
    """A target's ``level_basis:`` (``revised`` or ``pre_revision``), or ``None``."""
    if obj is None:
        return None
    if obj not in LEVEL_BASES:
        raise ScenarioError(f"level_basis must be one of {', '.join(LEVEL_BASES)}, got {obj!r}", path)
    return cast(LevelBasis, obj)


def parse_rebase(obj: object, path: KeyPath) -> Rebase:
    """Read ``rebase: {year: 2023, shift: {normal: {mean: 0%, sd: 3%}}, reason: …}``."""
    spec = read_mapping(obj, path, REBASE_KEYS, ("year", "shift"))
    shift = parse_distribution(spec["shift"], parse_rate, (*path, "shift"))
    reason, reason_en = read_twin(spec, path, "reason")
    return Rebase(
        year=read_year(spec["year"], (*path, "year")),
        shift=shift,
        reason=reason,
        source=read_text(spec.get("source"), (*path, "source")),
        reason_en=reason_en,
    )


def parse_vintage(entry: Mapping[str, object], path: KeyPath) -> str | None:
    """The ``vintage:`` of a published value (预计, 初步核算, 初步核实, 最终核实 or English)."""
    raw = entry.get("vintage")
    if raw is None:
        return None
    text = read_text(raw, (*path, "vintage"))
    if text not in VINTAGES:
        raise ScenarioError(f"unknown vintage {text!r} — valid: {', '.join(VINTAGES)}", (*path, "vintage"))
    return text


def parse_revision_sd(
    entry: Mapping[str, object], path: KeyPath, parse_value: ValueParser, relative: bool
) -> float:
    """The ``revision_sd:`` of a published value: relative (2%) for levels that grow, else absolute."""
    raw = entry.get("revision_sd")
    if raw is None:
        return 0.0
    here = (*path, "revision_sd")
    value = _non_negative(parse_value(raw, here), here, "revision_sd")
    if relative and value > MAX_REVISION_SD:
        raise ScenarioError(
            f"revision_sd is relative to the value; {value:.0%} is more than {MAX_REVISION_SD:.0%} "
            "— write e.g. 3% for a revision of about ±3%",
            here,
        )
    return value
