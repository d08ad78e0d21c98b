"""Year-to-date data (1–N月, 前三季度) as observations of a year that is still running.

A 发改局 updates the year's outlook as cumulative data come in. On an indicator::

    ytd:
      - {year: 2025, through: 9, growth: 5.2%, source: "…"}          # 1–9月, growth on a year earlier
      - {year: 2025, through: Q3, growth: 5.2%, share: 72%, share_sd: 1%}
      - {year: 2022, through: 6, two_year_average: 4.9%}             # 两年平均 as published

``through`` is the last month (1–11) or quarter (``Q1``–``Q3``). ``growth`` is real (可比价) for an
indicator with ``real_growth``, else the growth of the level. ``two_year_average`` (两年平均增长,
published after base-distorted years) is turned into this year's growth with last year's
published growth: ``(1 + a)² / (1 + g_last) − 1`` (an approximation: last year's full-year growth
stands for its same period). ``level`` (the cumulative level, where published) is kept for the
record. ``share`` is the share of the months so far in the year's total, from past data (national
GDP: Q1–3 ≈ 72%); default: months / 12. ``share_sd`` its uncertainty (default 0).

The engine reads the year's assumption as the growth of the months still to come and sets
``full = s·g_ytd + (1 − s)·g_rest`` (:mod:`planmodel.ytd`); see docs/scenario.md "Year to date".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..errors import KeyPath, ScenarioError
from ..units import Unit, parse_quantity, parse_rate
from .fields import read_integer, read_mapping, read_text, read_twin, read_year

if TYPE_CHECKING:
    from .model import Scenario

YTD_KEYS = (
    "year", "through", "growth", "two_year_average", "level", "share", "share_sd", "source", "note", "note_en"
)  # fmt: skip
_QUARTER = re.compile(r"^\s*[Qq]([1-3])\s*$")


@dataclass(frozen=True)
class YearToDate:
    """Cumulative data of a year through a month: growth so far and the share of the year it covers."""

    year: int
    months: int
    growth: float
    share: float
    share_sd: float = 0.0
    level: float | None = None
    two_year_average: float | None = None
    source: str | None = None
    note: str | None = None
    note_en: str | None = None


def _months(obj: object, path: KeyPath) -> int:
    if isinstance(obj, str):
        match = _QUARTER.match(obj)
        if match:
            return 3 * int(match[1])
    return read_integer(obj, path, 1, 11, "through (a month 1–11 or a quarter Q1–Q3)")


def read_ytd(
    obj: object, path: KeyPath, kind: str, unit: Unit, last_growth: Mapping[int, float]
) -> tuple[YearToDate, ...]:
    """An indicator's ``ytd:`` list; ``last_growth`` are its published yearly growth rates."""
    if obj is None:
        return ()
    if kind == "change":
        raise ScenarioError("ytd needs an indicator that grows (real_growth or growth), not change", path)
    if not isinstance(obj, list):
        raise ScenarioError("expected a list, e.g. - {year: 2025, through: 9, growth: 5.2%}", path)
    out: list[YearToDate] = []
    for i, raw in enumerate(obj):
        here = (*path, i)
        spec = read_mapping(raw, here, YTD_KEYS, ("year", "through"))
        year = read_year(spec["year"], (*here, "year"))
        months = _months(spec["through"], (*here, "through"))
        given = [k for k in ("growth", "two_year_average") if k in spec]
        if len(given) != 1:
            raise ScenarioError("give growth (同比) or two_year_average (两年平均), one of them", here)
        average = None
        if given[0] == "growth":
            growth = parse_rate(spec["growth"], (*here, "growth"))
        else:
            average = parse_rate(spec["two_year_average"], (*here, "two_year_average"))
            if year - 1 not in last_growth:
                raise ScenarioError(
                    f"a two-year average needs the published growth of {year - 1} (actual_growth)",
                    (*here, "two_year_average"),
                )
            growth = (1 + average) ** 2 / (1 + last_growth[year - 1]) - 1
        share = parse_rate(spec.get("share", months / 12), (*here, "share"))
        share_sd = parse_rate(spec.get("share_sd", 0), (*here, "share_sd"))
        if not 0 < share < 1 or share_sd < 0:
            message = "share is between 0% and 100% (the months so far), share_sd ≥ 0"
            raise ScenarioError(message, (*here, "share"))
        level = None if spec.get("level") is None else parse_quantity(spec["level"], unit, (*here, "level"))
        if any(o.year == year and o.months == months for o in out):
            raise ScenarioError(f"{year} through month {months} is given twice", here)
        out.append(
            YearToDate(
                year, months, growth, share, share_sd, level, average,
                read_text(spec.get("source"), (*here, "source")),
                *read_twin(spec, here, "note"),
            )  # fmt: skip
        )
    return tuple(out)


def latest_ytd(
    entries: tuple[YearToDate, ...], year: int, through: tuple[int, int] | None = None
) -> YearToDate | None:
    """The latest entry for ``year`` (up to ``through`` = (year, month) when given)."""
    found = [e for e in entries if e.year == year and (through is None or (e.year, e.months) <= through)]
    return max(found, key=lambda e: e.months, default=None)


def ytd_as_of(scenario: Scenario, through: tuple[int, int]) -> Scenario:
    """The scenario with only the year-to-date data published by ``through`` = (year, month)."""
    indicators = tuple(
        replace(ind, ytd=tuple(e for e in ind.ytd if (e.year, e.months) <= through))
        for ind in scenario.indicators
    )
    return replace(scenario, indicators=indicators)
