"""Back-test cases as typed data: a past target, what was known when it was set, and the outcome.

Reads the plain data of one case of ``backtests/*.yaml`` (format: ``docs/backtests.md``) into a
frozen :class:`Case`, and answers the questions the back-test and the rule that filled the
assumptions both ask: is the case scored, what was the plan's own number and growth, what was the
latest growth published when the target was set, and was the target met.

Rates (measures ``growth`` and ``avg_growth``) are fractions here (the files write 7.5 for 7.5%);
levels, shares and ratios keep the file's unit. Pure: no file access (see
:mod:`planmodel.analysis.case_files`). Imports: errors → stdlib.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import KeyPath, ScenarioError

RATE_MEASURES = ("growth", "avg_growth")
"""Measures whose values are rates (written in percent in the files, fractions here)."""
CHANGE_MEASURES = ("share", "ratio")
"""Measures simulated by an additive yearly change in the target's unit."""
PROVINCIAL_CLASS = "provincial_gdp_annual"
"""The reference class of provincial annual GDP growth targets (the outside view's data)."""

DriverKind = Literal["growth", "change"]
MeanFrom = Literal["published", "earlier_case", "plan"]


@dataclass(frozen=True)
class Reading:
    """One published value of a case (known when the target was set, or the outcome)."""

    measure: str
    value: float
    unit: str
    basis: str
    first_year: int
    year: int
    status: str
    period: str | None = None
    """``Q1-Q3``, ``Jan-Nov``, ``H1`` for a part-year figure; ``None`` for a full year."""

    @property
    def recency(self) -> tuple[int, int]:
        """Sort key: later years first, and a full year after a part of the same year."""
        return self.year, 1 if self.period is None else 0


@dataclass(frozen=True)
class CaseAssumption:
    """One filled assumption: the driver a planner would have written when the target was set."""

    indicator: str
    driver: DriverKind
    basis: str
    first_year: int
    year: int
    distribution: Mapping[str, Any]
    """As written in the file (the scenario language, e.g. ``{normal: {mean: 7.5%, sd: 1.3%}}``)."""
    over_years: Mapping[str, Any]
    mean_from: MeanFrom
    reason: str


@dataclass(frozen=True)
class Case:
    """A past target with its outcome, as it stood when the target was set."""

    id: str
    set: str
    region: str
    level: str
    reference_class: str
    indicator: str
    label: str
    direction: str
    measure: str
    relation: str
    value: float | tuple[float, float] | None
    unit: str
    basis: str
    first_year: int
    year: int
    set_in: int
    comparable: bool
    known: tuple[Reading, ...]
    outcome: tuple[Reading, ...]
    assumptions: tuple[CaseAssumption, ...] = ()

    @property
    def is_rate(self) -> bool:
        """True when the target is a growth rate (one year or an average over a span)."""
        return self.measure in RATE_MEASURES

    @property
    def is_money(self) -> bool:
        """True for money totals (亿元, 万元, 万美元): their levels grow."""
        return "元" in self.unit

    @property
    def driver(self) -> DriverKind | None:
        """How the case is simulated: growth of a level, an additive change, or not at all."""
        if self.is_rate or (self.measure == "level" and self.is_money):
            return "growth"
        if self.measure in CHANGE_MEASURES or self.measure == "level":
            return "change"
        return None

    @property
    def threshold(self) -> float:
        """The number the outcome is judged against (the low end of a range)."""
        assert self.value is not None
        return self.value[0] if isinstance(self.value, tuple) else self.value

    @property
    def plan_number(self) -> float:
        """The plan's own central number: the target value, or the middle of a range."""
        assert self.value is not None
        return sum(self.value) / 2 if isinstance(self.value, tuple) else self.value

    @property
    def outcome_value(self) -> float | None:
        """The earliest outcome on the target's measure (the vintage a planner first saw)."""
        for r in self.outcome:
            if r.measure == self.measure:
                return r.value
        return None

    @property
    def met(self) -> bool | None:
        """Whether the outcome reached the threshold (``None`` when it cannot be judged)."""
        outcome = self.outcome_value
        if outcome is None or self.value is None:
            return None
        if self.direction == "lower_is_better":
            return outcome <= self.threshold
        return outcome >= self.threshold

    @property
    def base(self) -> Reading | None:
        """The latest known value the simulation starts from (levels, shares, ratios)."""
        if self.is_rate:
            return None
        found = [r for r in self.known if r.measure == self.measure and r.year < self.first_year]
        return max(found, key=lambda r: r.recency) if found else None

    @property
    def start_year(self) -> int:
        """The year before the first simulated year (the base level's year)."""
        base = self.base
        return base.year if base is not None else self.first_year - 1

    @property
    def simulated_years(self) -> tuple[int, int]:
        """First and last simulated year."""
        return self.start_year + 1, self.year


def why_not_simulated(case: Case) -> str | None:
    """The reason a case cannot be simulated as it stood (its outcome is not read), or ``None``."""
    if not case.comparable:
        return "not comparable: see comparable_reason"
    if case.direction == "unclear":
        return "direction unclear"
    if case.value is None:
        return "no numeric target"
    if case.driver is None:
        return f"measure {case.measure} is not simulated"
    if not case.is_rate and case.base is None:
        return "no base level known when the target was set"
    return None


def why_not_scored(case: Case) -> str | None:
    """The reason a case is left out of the scores, or ``None`` when it is scored."""
    reason = why_not_simulated(case)
    if reason is None and case.outcome_value is None:
        return "no outcome on the target's measure"
    return reason


def plan_pace(case: Case) -> float:
    """The plan's own growth (a fraction a year) or yearly change (in the target's unit).

    For a growth target: the plan's number. For a level target: the average annual growth (or
    yearly change) from the known base that reaches the plan's number exactly.
    """
    if case.is_rate:
        return case.plan_number
    base = case.base
    assert base is not None
    years = case.year - base.year
    if case.driver == "growth":
        return (case.plan_number / base.value) ** (1.0 / years) - 1.0
    return (case.plan_number - base.value) / years


def latest_growth(case: Case) -> Reading | None:
    """The most recent growth on the target's basis published when the target was set.

    Only a growth driver has one; a part-year figure is newer than the previous full year.
    """
    if case.driver != "growth":
        return None
    basis = case.basis if case.is_rate else "nominal"
    found = [r for r in case.known if r.measure == "growth" and r.basis == basis]
    return max(found, key=lambda r: r.recency) if found else None


def earlier_growth(case: Case, cases: Iterable[Case]) -> Reading | None:
    """For a provincial annual case: the same province's growth the year before, from that case."""
    if case.reference_class != PROVINCIAL_CLASS or case.measure != "growth":
        return None
    for other in cases:
        if (
            other.reference_class == PROVINCIAL_CLASS
            and other.region == case.region
            and other.measure == "growth"
            and other.year == case.year - 1
        ):
            for r in other.outcome:
                if r.measure == "growth":
                    return r
    return None


# --------------------------------------------------------------------------------------------
# From plain data
# --------------------------------------------------------------------------------------------


def _need(obj: Mapping[str, Any], key: str, path: KeyPath) -> Any:
    if not isinstance(obj, Mapping) or key not in obj:
        raise ScenarioError(f"missing required key '{key}'", path)
    return obj[key]


def _years(obj: Mapping[str, Any], path: KeyPath) -> tuple[int, int]:
    if obj.get("span") is not None:
        span = obj["span"]
        if not (isinstance(span, Sequence) and len(span) == 2 and all(isinstance(y, int) for y in span)):
            raise ScenarioError("span is [first year, last year]", (*path, "span"))
        return int(span[0]), int(span[1])
    year = _need(obj, "year", path)
    if isinstance(year, bool) or not isinstance(year, int):
        raise ScenarioError(f"year must be a whole number, got {year!r}", (*path, "year"))
    return year, year


def _number(raw: Any, measure: str, path: KeyPath) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ScenarioError(f"expected a number, got {raw!r}", path)
    return float(raw) / 100.0 if measure in RATE_MEASURES else float(raw)


def _value(raw: Any, measure: str, relation: str, path: KeyPath) -> float | tuple[float, float] | None:
    if raw is None:
        return None
    if isinstance(raw, list):
        if relation != "range":
            return None  # a composition such as 1:54:45 is not one number
        if len(raw) != 2:
            raise ScenarioError("a range is [low, high]", path)
        low, high = (_number(v, measure, (*path, i)) for i, v in enumerate(raw))
        return low, high
    return _number(raw, measure, path)


def _reading(obj: Any, path: KeyPath) -> Reading | None:
    measure = str(_need(obj, "measure", path))
    raw = _need(obj, "value", path)
    if isinstance(raw, list):
        return None  # compositions (sector structure) and lists of alternatives are not readings
    first, last = _years(obj, path)
    return Reading(
        measure=measure,
        value=_number(raw, measure, (*path, "value")),
        unit=str(obj.get("unit", "")),
        basis=str(obj.get("basis", "unknown")),
        first_year=first,
        year=last,
        status=str(obj.get("status", "published")),
        period=obj.get("period"),
    )


def _readings(items: Any, path: KeyPath) -> tuple[Reading, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        raise ScenarioError("expected a list of observations", path)
    found = (_reading(o, (*path, i)) for i, o in enumerate(items))
    return tuple(r for r in found if r is not None)


def _assumptions(obj: Any, path: KeyPath) -> tuple[CaseAssumption, ...]:
    if not isinstance(obj, Mapping) or obj.get("status") != "filled":
        return ()
    out = []
    for i, item in enumerate(obj.get("items") or []):
        here = (*path, "items", i)
        if item.get("label") != "假设" or not item.get("reason"):
            raise ScenarioError("an assumption is labelled 假设 and gives a one-line reason", here)
        first, last = item["years"] if isinstance(item.get("years"), list) else (None, None)
        if first is None:
            raise ScenarioError("years is [first simulated year, last simulated year]", (*here, "years"))
        if item.get("driver") not in ("growth", "change"):
            raise ScenarioError("driver is growth or change", (*here, "driver"))
        if item.get("mean_from") not in ("published", "earlier_case", "plan"):
            raise ScenarioError("mean_from is published, earlier_case or plan", (*here, "mean_from"))
        out.append(
            CaseAssumption(
                indicator=str(_need(item, "indicator", here)),
                driver=item["driver"],
                basis=str(item.get("basis", "unknown")),
                first_year=int(first),
                year=int(last),
                distribution=_need(item, "distribution", here),
                over_years=item.get("over_years") or {},
                mean_from=item["mean_from"],
                reason=str(item["reason"]),
            )
        )
    return tuple(out)


def case_from_mapping(obj: Any, set_name: str, index: int = 0) -> Case:
    """Build a :class:`Case` from entry ``index`` of a file's ``cases:`` list.

    Raises
    ------
    ScenarioError
        A required key is missing or a value has the wrong type (the key path names the entry).
    """
    path: KeyPath = ("cases", index)
    cid = str(_need(obj, "id", path))
    target = _need(obj, "target", path)
    indicator = _need(obj, "indicator", path)
    measure = str(_need(target, "measure", (*path, "target")))
    first, last = _years(target, (*path, "target"))
    set_in = _need(target, "set_in", (*path, "target"))
    relation = str(_need(target, "relation", (*path, "target")))
    return Case(
        id=cid,
        set=set_name,
        region=str(_need(obj, "region", path)),
        level=str(obj.get("level", "")),
        reference_class=str(_need(obj, "reference_class", path)),
        indicator=str(_need(indicator, "key", (*path, "indicator"))),
        label=str(indicator.get("label", "")),
        direction=str(obj.get("direction", "higher_is_better")),
        measure=measure,
        relation=relation,
        value=_value(target.get("value"), measure, relation, (*path, "target", "value")),
        unit=str(target.get("unit", "")),
        basis=str(target.get("basis", "unknown")),
        first_year=first,
        year=last,
        set_in=int(_need(set_in, "year", (*path, "target", "set_in"))),
        comparable=target.get("comparable", True) is not False,
        known=_readings(obj.get("known_at_setting"), (*path, "known_at_setting")),
        outcome=_readings(obj.get("outcome"), (*path, "outcome")),
        assumptions=_assumptions(obj.get("assumptions"), (*path, "assumptions")),
    )
