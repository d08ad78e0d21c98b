"""Reading one indicator (or derived indicator) of a scenario: its unit, drivers and published data.

``indicators: {gdp: {label: …, unit: 亿元, real_growth: …, deflator: …, actual: {…}}}`` becomes an
:class:`~planmodel.scenario.indicator_model.Indicator`: exactly one driver (``real_growth`` with a
deflator, ``growth`` or ``change``) as a schedule of distributions by year, published levels and
growth rates (with source, vintage, revision doubt and the assumed flag), and the trend doubt. A
derived indicator is a formula over others. Each problem is one
:class:`~planmodel.errors.ScenarioError` at its key path. Imports: distribution_spec, errors,
expressions, units, scenario.{averages, fields, indicator_model, parts, uncertainty, vocabulary,
ytd}.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..distribution_spec import is_distribution_spec, parse_distribution
from ..errors import KeyPath, ScenarioError
from ..expressions import parse_formula
from ..units import parse_change, parse_quantity, parse_rate, parse_unit
from .averages import read_averages
from .fields import read_allow, read_mapping, read_text, read_twin, single_year, strip_annotations, year_key
from .indicator_model import Derived, Indicator, Observation, Schedule, ScheduleEntry
from .parts import read_parts
from .uncertainty import ValueParser, parse_indicator_uncertainty, parse_revision_sd, parse_vintage
from .vocabulary import DriverKind
from .ytd import read_ytd

__all__ = ["DERIVED_KEYS", "INDICATOR_KEYS", "OBSERVATION_KEYS", "read_derived", "read_indicator"]


def _schedule(obj: object, path: KeyPath, parse_value: ValueParser) -> Schedule:
    """A single distribution for every projected year, or a mapping of years/spans to them."""
    bare, reason, source, reason_en = strip_annotations(obj, path)
    if is_distribution_spec(bare):
        dist = parse_distribution(bare, parse_value, path)
        return Schedule((ScheduleEntry(None, dist, reason, source, reason_en),))
    if not isinstance(obj, Mapping) or not obj:
        raise ScenarioError(
            "expected a distribution (e.g. {normal: {mean: 7%, sd: 1.5%}}) or years mapped to "
            "distributions (e.g. {2024: 7.5%, 2025-2026: {normal: {mean: 7%, sd: 2%}}})",
            path,
        )
    entries = []
    seen: dict[int, object] = {}
    for key, spec in obj.items():
        years = year_key(key, (*path, key))
        for y in years:
            if y in seen:
                raise ScenarioError(f"year {y} is given twice (also in '{seen[y]}')", (*path, key))
            seen[y] = key
        bare, reason, source, reason_en = strip_annotations(spec, (*path, key))
        dist = parse_distribution(bare, parse_value, (*path, key))
        entries.append(ScheduleEntry(years, dist, reason, source, reason_en))
    return Schedule(tuple(entries))


OBSERVATION_KEYS = ("value", "source", "note", "note_en", "assumed", "vintage", "revision_sd")


MIN_LEVEL = 1e-12
"""Smallest non-zero published level (in its unit): no statistic is this small, and a level near
the floating-point floor (1e-320) leaves no spread to count its draws with."""

def _observations(
    obj: object,
    path: KeyPath,
    parse_value: ValueParser,
    parse_revision: ValueParser,
    relative_revision: bool,
) -> tuple[Observation, ...]:
    """Published values by year (``actual:`` or ``actual_growth:``), bare or with their details."""
    if obj is None:
        return ()
    if not isinstance(obj, Mapping):
        raise ScenarioError("expected years mapped to values, e.g. {2022: 860.79, 2024: 930.71}", path)
    out = []
    for key, raw in obj.items():
        (year,) = single_year(key, (*path, key))
        if not isinstance(raw, Mapping):
            out.append(Observation(year, parse_value(raw, (*path, key))))
            continue
        here = (*path, key)
        entry = read_mapping(raw, here, OBSERVATION_KEYS, ("value",))
        note, note_en = read_twin(entry, here, "note")
        assumed = entry.get("assumed", False)
        if not isinstance(assumed, bool):
            raise ScenarioError("assumed is true or false", (*here, "assumed"))
        if assumed and not note:
            raise ScenarioError(
                "an assumed value needs a note: saying why (it is not published data)", here
            )
        vintage = parse_vintage(entry, here)
        if assumed and vintage is not None:
            raise ScenarioError(
                "an assumed value has no vintage (it was not published); remove vintage or assumed",
                (*here, "vintage"),
            )
        out.append(
            Observation(
                year,
                parse_value(entry["value"], (*here, "value")),
                read_text(entry.get("source"), (*here, "source")),
                note,
                assumed,
                vintage,
                parse_revision_sd(entry, here, parse_revision, relative_revision),
                note_en,
            )
        )
    return tuple(sorted(out, key=lambda o: o.year))


INDICATOR_KEYS = (
    "label",
    "label_en",
    "unit",
    "region",
    "source",
    "note",
    "note_en",
    "actual",
    "actual_growth",
    "real_growth",
    "deflator",
    "growth",
    "change",
    "over_years",
    "deflator_over_years",
    "rebase",
    "actual_avg_growth",
    "ytd",
    "allow",
)


def read_indicator(key: str, obj: object, path: KeyPath) -> Indicator:
    """Read the indicator ``key`` of ``indicators:`` (its spec ``obj`` at ``path``)."""
    if isinstance(obj, Mapping) and "persistence" in obj:
        raise ScenarioError(
            "persistence now lives with the trend doubt under over_years, e.g. over_years: "
            "{trend_sd: 1%, persistence: 0.5, reason: …} (deflator_over_years for the deflator)",
            (*path, "persistence"),
        )
    spec = read_mapping(obj, path, INDICATOR_KEYS, ("label", "unit"))
    unit = parse_unit(str(spec["unit"]), (*path, "unit"))
    drivers = [k for k in ("real_growth", "growth", "change") if k in spec]
    if len(drivers) != 1:
        raise ScenarioError(
            "give exactly one of real_growth (可比价, with a deflator), growth (of the level) or "
            f"change (additive, in {unit.symbol or 'the unit'} a year); found "
            f"{', '.join(drivers) or 'none'}",
            path,
        )
    kind: DriverKind = drivers[0]  # type: ignore[assignment]
    level_parser: ValueParser = lambda v, p: parse_quantity(v, unit, p)  # noqa: E731
    rate_parser: ValueParser = parse_rate
    change_parser: ValueParser = lambda v, p: parse_change(v, unit, p)  # noqa: E731
    driver = _schedule(spec[kind], (*path, kind), change_parser if kind == "change" else rate_parser)
    deflator = None
    if kind == "real_growth":
        if "deflator" not in spec:
            raise ScenarioError(
                "real_growth (可比价) needs a deflator to reach current-price (现价) levels; add "
                "e.g. deflator: {normal: {mean: 1%, sd: 1%}} (or deflator: 0% to assume flat prices)",
                path,
            )
        deflator = _schedule(spec["deflator"], (*path, "deflator"), rate_parser)
    elif "deflator" in spec:
        raise ScenarioError(
            f"a deflator only goes with real_growth; '{kind}' already describes the level itself",
            (*path, "deflator"),
        )
    growth_parser = change_parser if kind == "change" else rate_parser
    actual = _observations(
        spec.get("actual"), (*path, "actual"), level_parser, growth_parser, kind != "change"
    )
    if not actual:
        raise ScenarioError("needs at least one published level under actual: {year: value}", path)
    for obs in actual:
        if obs.value < 0 and kind != "change":
            raise ScenarioError("a level must not be negative", (*path, "actual", obs.year))
        if 0 < abs(obs.value) < MIN_LEVEL:
            raise ScenarioError(
                f"a published level of {obs.value:.3g} is below any figure a plan uses (0, or at least "
                "10^-12 in its unit) — check the number and its unit",
                (*path, "actual", obs.year),
            )
    actual_growth = _observations(
        spec.get("actual_growth"), (*path, "actual_growth"), growth_parser, growth_parser, False
    )
    over_years, deflator_over_years, rebase = parse_indicator_uncertainty(
        spec, path, growth_parser, has_deflator=deflator is not None, money=unit.dimension == "money"
    )
    note, note_en = read_twin(spec, path, "note")
    return Indicator(
        key=key,
        label=str(read_text(spec["label"], (*path, "label"), optional=False)),
        unit=unit,
        driver_kind=kind,
        driver=driver,
        deflator=deflator,
        actual=actual,
        actual_growth=actual_growth,
        over_years=over_years,
        deflator_over_years=deflator_over_years,
        rebase=rebase,
        region=read_text(spec.get("region"), (*path, "region")),
        source=read_text(spec.get("source"), (*path, "source")),
        note=note,
        note_en=note_en,
        label_en=read_text(spec.get("label_en"), (*path, "label_en")),
        actual_avg_growth=read_averages(spec.get("actual_avg_growth"), (*path, "actual_avg_growth"), kind),
        ytd=read_ytd(spec.get("ytd"), (*path, "ytd"), kind, unit, {o.year: o.value for o in actual_growth}),
        allow=read_allow(spec.get("allow"), (*path, "allow")),
    )


DERIVED_KEYS = ("label", "label_en", "unit", "formula", "sum_of", "region", "note", "note_en")


def read_derived(key: str, obj: object, path: KeyPath) -> Derived:
    """Read the derived indicator ``key`` of ``derived:`` (its spec ``obj`` at ``path``)."""
    spec = read_mapping(obj, path, DERIVED_KEYS, ("label",))
    formula_text, where = read_parts(spec, path)
    note, note_en = read_twin(spec, path, "note")
    return Derived(
        key=key,
        label=str(read_text(spec["label"], (*path, "label"), optional=False)),
        unit=parse_unit(str(spec.get("unit", "") or ""), (*path, "unit")),
        formula=parse_formula(formula_text, where),
        region=read_text(spec.get("region"), (*path, "region")),
        note=note,
        note_en=note_en,
        label_en=read_text(spec.get("label_en"), (*path, "label_en")),
    )
