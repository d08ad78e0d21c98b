"""What a run knows besides its draws: indicator facts, assumptions, notes, and how values are known.

Pure functions of a :class:`~planmodel.scenario.Scenario` that produce the plain records of
:mod:`planmodel.results` (numbers, codes, :class:`~planmodel.units.Unit` objects and the planner's own
text, never a sentence of ours). Reports turn them into words.

A value's *status* says how it is known (:data:`~planmodel.results.Evidence`): ``published``,
``preliminary`` (初步核算 / 初步核实), ``estimate`` (预计) or ``assumed`` as the scenario states it, or
``simulated`` for a value the model draws (a year between two published levels, a projected year, a
ratio with a projected part).
"""

from __future__ import annotations

from .results import Assumption, AssumptionKind, Evidence, GapYears, IndicatorInfo, Note, ScenarioNote
from .scenario import Indicator, Scenario, Schedule

WEAKNESS: dict[Evidence, int] = {
    "published": 0,
    "preliminary": 1,
    "estimate": 2,
    "simulated": 3,
    "assumed": 4,
}
"""Order of statuses from strongest to weakest; a value read from several is as weak as its weakest."""


def weakest(statuses: list[Evidence]) -> Evidence:
    """The weakest of several statuses (``published`` for none)."""
    return max(statuses, key=WEAKNESS.__getitem__, default="published")


def components(scenario: Scenario, key: str) -> tuple[str, ...]:
    """The simulated indicators a (possibly derived) indicator is computed from."""
    simulated = {i.key for i in scenario.indicators}
    if key in simulated:
        return (key,)
    derived = {d.key: d for d in scenario.derived}
    out: list[str] = []
    for name in derived[key].formula.names:
        out += [c for c in components(scenario, name) if c not in out]
    return tuple(out)


def value_status(scenario: Scenario, key: str, year: int) -> Evidence:
    """How the level of ``key`` in ``year`` is known (see the module docstring)."""
    simulated = {i.key: i for i in scenario.indicators}
    if key not in simulated:
        return weakest([value_status(scenario, c, year) for c in components(scenario, key)])
    ind = simulated[key]
    cut = scenario.base_year
    levels = {o.year: o for o in ind.actual if cut is None or o.year <= cut}
    if year in levels:
        return levels[year].status
    growth = {o.year: o for o in ind.actual_growth if cut is None or o.year <= cut}
    if year in growth and year <= scenario.known_through(key) and year - 1 >= min(levels):
        return weakest([growth[year].status, value_status(scenario, key, year - 1)])
    return "simulated"


def growth_status(scenario: Scenario, key: str, year: int) -> Evidence:
    """How the growth of ``key`` in ``year`` is known: a published rate, else its two levels."""
    simulated = {i.key: i for i in scenario.indicators}
    if key in simulated:
        cut = scenario.base_year
        growth = {o.year: o for o in simulated[key].actual_growth if cut is None or o.year <= cut}
        if year in growth:
            return growth[year].status
    return weakest([value_status(scenario, key, year - 1), value_status(scenario, key, year)])


def indicator_infos(scenario: Scenario) -> dict[str, IndicatorInfo]:
    """Report-facing facts about every indicator, simulated and derived."""
    cut = scenario.base_year
    out = {}
    for ind in scenario.indicators:
        growth = [o for o in ind.actual_growth if cut is None or o.year <= cut]
        out[ind.key] = IndicatorInfo(
            key=ind.key,
            label=ind.label,
            unit=ind.unit,
            kind="simulated",
            price_basis=ind.price_basis,
            actual=ind.actual_levels(cut),
            last_actual_year=scenario.anchor_year(ind.key),
            region=ind.region,
            label_en=ind.label_en,
            actual_status={o.year: o.status for o in ind.actual if cut is None or o.year <= cut},
            actual_growth={o.year: o.value for o in growth},
            growth_status={o.year: o.status for o in growth},
            actual_avg_growth={(a.first, a.last): a.value for a in ind.averages(cut)},
            note=ind.note,
            note_en=ind.note_en,
            actual_sources=_sources(ind, cut),
            status_by_year={y: value_status(scenario, ind.key, y) for y in scenario.years},
        )
    for d in scenario.derived:
        out[d.key] = IndicatorInfo(
            key=d.key,
            label=d.label,
            unit=d.unit,
            kind="derived",
            price_basis="no_prices" if d.unit.dimension != "money" else "nominal_only",
            actual={},
            last_actual_year=scenario.known_through(d.key),
            region=d.region,
            label_en=d.label_en,
            components=components(scenario, d.key),
            note=d.note,
            note_en=d.note_en,
            status_by_year={y: value_status(scenario, d.key, y) for y in scenario.years},
        )
    return out


def _sources(ind: Indicator, cut: int | None) -> dict[int, str]:
    """Cited sources of an indicator's known values by year (level first, then growth)."""
    out: dict[int, str] = {}
    for obs in (*ind.actual, *ind.actual_growth):
        if obs.source and (cut is None or obs.year <= cut) and obs.year not in out:
            out[obs.year] = obs.source
    return out


def assumptions(scenario: Scenario) -> tuple[Assumption, ...]:
    """Every distribution the scenario assumes, and every value it had to assume, with reasons."""
    rows: list[Assumption] = []
    for ind in scenario.indicators:
        default_years = tuple(range(scenario.anchor_year(ind.key) + 1, scenario.horizon + 1))
        schedules: list[tuple[AssumptionKind, Schedule]] = [(ind.driver_kind, ind.driver)]
        if ind.deflator is not None:
            schedules.append(("deflator", ind.deflator))
        for kind, schedule in schedules:
            for entry in schedule.entries:
                rows.append(
                    Assumption(
                        indicator=ind.key,
                        kind=kind,
                        years=default_years if entry.years is None else entry.years,
                        unit=ind.unit,
                        distribution=entry.distribution,
                        reason=entry.reason,
                        source=entry.source,
                        reason_en=entry.reason_en,
                    )
                )
        rows += _assumed_values(scenario, ind)
        rows += _uncertainty(scenario, ind, default_years)
    return tuple(rows)


def _uncertainty(scenario: Scenario, ind: Indicator, years: tuple[int, ...]) -> list[Assumption]:
    """Trend doubt and persistence, a census revision, and revision uncertainty, as the planner stated."""
    rows = []
    change = ind.driver_kind == "change"
    for kind, over, in_unit in (
        ("over_years", ind.over_years, change),
        ("deflator_over_years", ind.deflator_over_years, False),
    ):
        if not over.is_default:
            stated = (("trend_sd", over.trend_sd), ("persistence", over.persistence))
            parameters = tuple((name, v) for name, v in stated if v)
            if over.start_deviation is not None:
                parameters += (("start_deviation", over.start_deviation),)
            rows.append(
                Assumption(
                    ind.key,
                    kind,
                    years,
                    ind.unit,
                    parameters=parameters,
                    in_unit=in_unit,
                    reason=over.reason,
                    source=over.source,
                    reason_en=over.reason_en,
                )
            )
    if ind.rebase is not None:
        rows.append(
            Assumption(
                ind.key,
                "rebase",
                (ind.rebase.year,),
                ind.unit,
                distribution=ind.rebase.shift,
                reason=ind.rebase.reason,
                source=ind.rebase.source,
                reason_en=ind.rebase.reason_en,
            )
        )
    cut = scenario.base_year
    for revised, observations in (("level", ind.actual), ("growth", ind.actual_growth)):
        for obs in observations:
            if obs.revision_sd > 0 and (cut is None or obs.year <= cut):
                rows.append(
                    Assumption(
                        ind.key,
                        "revision",
                        (obs.year,),
                        ind.unit,
                        parameters=(("revision_sd", obs.revision_sd),),
                        in_unit=change,
                        revised=revised,
                        status=obs.status,
                        reason=obs.note,
                        source=obs.source,
                        reason_en=obs.note_en,
                    )
                )
    return rows


def _assumed_values(scenario: Scenario, ind: Indicator) -> list[Assumption]:
    """Start values and past growth the planner had to assume (``assumed: true``)."""
    cut = scenario.base_year
    rows = []
    observed: list[tuple[AssumptionKind, tuple]] = [
        ("assumed_level", ind.actual),
        ("assumed_growth", ind.actual_growth),
    ]
    for kind, observations in observed:
        for obs in observations:
            if obs.status == "assumed" and (cut is None or obs.year <= cut):
                rows.append(
                    Assumption(
                        indicator=ind.key,
                        kind=kind,
                        years=(obs.year,),
                        unit=ind.unit,
                        value=obs.value,
                        reason=obs.note,
                        source=obs.source,
                        reason_en=obs.note_en,
                    )
                )
    return rows


def notes(scenario: Scenario) -> tuple[Note, ...]:
    """The planner's notes, then the years missing between two known levels of an indicator."""
    english = scenario.notes_en or (None,) * len(scenario.notes)
    out: list[Note] = [ScenarioNote(t, e) for t, e in zip(scenario.notes, english, strict=True)]
    for ind in scenario.indicators:
        years = sorted(ind.actual_levels(scenario.base_year))
        missing = tuple(y for a, b in zip(years, years[1:], strict=False) for y in range(a + 1, b))
        if missing:
            out.append(GapYears(ind.key, missing))
    return tuple(out)
