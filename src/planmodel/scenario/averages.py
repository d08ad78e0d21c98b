"""Published multi-year averages as observations: ``actual_avg_growth: {2021-2025: 6%}``.

Statistics offices and press conferences often publish only the average growth of a period
("十四五"时期地区生产总值年均增长6%) while the yearly rates are never found. Such a number is an
observation of the product of the yearly growth factors of its span. The engine draws every year
of the span as usual (published years stay as published) and then conditions the draws on the
published average (:mod:`planmodel.averages`), so no yearly value has to be made up by hand.

Written on an indicator with ``real_growth`` (the average is then real, 可比价) or ``growth``::

    actual_avg_growth:
      2021-2025: {value: 6%, sd: 0.3%, source: "…", note: "…"}

``sd`` is how far the true average may be from the published one (rounding to a whole percent:
about 0.3 个百分点; an estimate made before the period closed: more); 0 (the default) makes it exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import KeyPath, ScenarioError
from ..units import parse_rate
from .fields import read_mapping, read_span, read_text, read_twin

AVERAGE_KEYS = ("value", "sd", "source", "note", "note_en")


@dataclass(frozen=True)
class AverageGrowth:
    """A published average growth over ``first..last`` (both included), with its uncertainty."""

    first: int
    last: int
    value: float
    sd: float = 0.0
    source: str | None = None
    note: str | None = None
    note_en: str | None = None

    @property
    def years(self) -> int:
        """How many years the average spans."""
        return self.last - self.first + 1


def read_averages(obj: object, path: KeyPath, kind: str) -> tuple[AverageGrowth, ...]:
    """An indicator's ``actual_avg_growth:`` (spans mapped to a rate or ``{value, sd, …}``)."""
    if obj is None:
        return ()
    if kind == "change":
        raise ScenarioError(
            "actual_avg_growth needs an indicator that grows (real_growth or growth), not change", path
        )
    if not isinstance(obj, Mapping):
        raise ScenarioError("expected spans mapped to average growth, e.g. {2021-2025: 6%}", path)
    out: list[AverageGrowth] = []
    for key, raw in obj.items():
        here = (*path, key)
        first, last = read_span(key, here)
        if first == last:
            raise ScenarioError("an average spans two years or more; a single year is actual_growth", here)
        entry = {"value": raw}
        if isinstance(raw, Mapping):
            entry = read_mapping(raw, here, AVERAGE_KEYS, ("value",))
        sd = parse_rate(entry.get("sd", 0), (*here, "sd"))
        if sd < 0:
            raise ScenarioError("sd is zero or positive, e.g. 0.3%", (*here, "sd"))
        item = AverageGrowth(
            first,
            last,
            parse_rate(entry["value"], (*here, "value")),
            sd,
            read_text(entry.get("source"), (*here, "source")),
            *read_twin(entry, here, "note"),
        )
        if any(not (item.last < o.first or o.last < item.first) for o in out):
            raise ScenarioError("two published averages overlap; give each year to one span", here)
        out.append(item)
    return tuple(out)
