"""The analyses in words: names of assumptions, values, and one sentence per finding (zh/en).

Used by the analysis commands, their charts and the briefing's 风险与提示 (with ``--sensitivity``).
Every number goes through :mod:`planmodel.report.formats` (one rounding rule); every word through
:mod:`planmodel.report.i18n`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from planmodel.analysis.conditions import Box
from planmodel.analysis.factors import Factor
from planmodel.analysis.insight import Insight
from planmodel.analysis.overrides import Param
from planmodel.analysis.required import Achieved, PaceRow, Required
from planmodel.analysis.seek import Seek
from planmodel.analysis.sensitivity import Bar, drivers
from planmodel.report import formats, i18n
from planmodel.report.catalog import GLOSSARY
from planmodel.scenario import Scenario
from planmodel.units import Unit

__all__ = [
    "achieved_pace",
    "conditions_sentence",
    "drivers_sentence",
    "factor_label",
    "factor_value",
    "insight_section",
    "TornadoView",
    "param_label",
    "pace_sentences",
    "param_value",
    "seek_sentence",
    "target_label",
    "tornado_view",
]

_PARAM_WORDS = {
    "sd": ("标准差", "sd"),
    "trend_sd": ("趋势不确定性", "trend doubt"),
    "persistence": ("持续性", "persistence"),
    "low": ("下限", "low"),
    "mode": ("最可能值", "mode"),
    "high": ("上限", "high"),
    "scale": ("尺度", "scale"),
    "df": ("自由度", "df"),
}


def _label(scenario: Scenario, key: str, lang: str) -> str:
    ind = scenario.indicator(key)
    if lang == "zh":
        return ind.label
    return ind.label_en or GLOSSARY.get(ind.label, key.replace("_", " "))


def _years(years: tuple[int, ...], lang: str) -> str:
    if not years:
        return ""
    if len(years) == 1:
        return str(years[0])
    return f"{years[0]}–{years[-1]}"


def target_label(scenario: Scenario, name: str, lang: str, names: Mapping[str, str] | None = None) -> str:
    """A target in a sentence, quoted in Chinese.

    Its name as the briefing shows it (``names``, e.g. the English description), else as the
    scenario writes it.
    """
    shown = (names or {}).get(name)
    if shown is None:
        t = next(t for t in scenario.targets if t.name == name)
        shown = (t.name_en or name) if lang == "en" else name
    return i18n.text("quoted", lang, text=shown) if lang == "zh" else shown


def factor_label(scenario: Scenario, factor: Factor, lang: str) -> str:
    """A factor in words: ``2026年地区生产总值实际增速``, ``地区生产总值普查修订幅度``."""
    ind = scenario.indicator(factor.indicator)
    kind = factor.kind
    if kind == "growth":
        kind = {"real_growth": "real_growth", "change": "change"}.get(ind.driver_kind, "growth")
    return i18n.text(
        f"factor_{kind}",
        lang,
        label=_label(scenario, factor.indicator, lang),
        years=_years(factor.years, lang),
    )


def factor_value(scenario: Scenario, factor: Factor, value: float, lang: str) -> str:
    """A factor's value: a rate (``7.8%``) or a change in the indicator's unit (``0.9个百分点``)."""
    if factor.additive:
        return formats.change(value, scenario.indicator(factor.indicator).unit, lang)
    return formats.rate(value)


def param_label(scenario: Scenario, param: Param, lang: str) -> str:
    """A parameter path in words: ``2025–2026年地区生产总值实际增速`` (+ ``标准差`` etc.)."""
    field = param.field
    label = _label(scenario, param.indicator, lang)
    if field in ("over_years", "deflator_over_years", "rebase"):
        base = i18n.text("factor_rebase", lang, label=label) if field == "rebase" else label
        if field == "deflator_over_years":
            base = i18n.text("param_prices", lang, label=label)
    else:
        kind = (
            "deflator" if field == "deflator" else field if field in ("real_growth", "change") else "growth"
        )
        base = i18n.text(f"factor_{kind}", lang, label=label, years=_years(param.years, lang))
    word = _PARAM_WORDS.get(param.name)
    if word is None:
        return base
    return f"{base}的{word[0]}" if lang == "zh" else f"{word[1]} of {base}"


def param_value(scenario: Scenario, param: Param, value: float, lang: str) -> str:
    """A parameter's value: a rate, a change in the indicator's unit, or a plain number."""
    if param.kind == "rate":
        return formats.rate(value)
    if param.kind == "change":
        return formats.change(value, param.unit, lang)
    return formats.number(value, lang)


def seek_sentence(
    scenario: Scenario, result: Seek, now: float, lang: str, names: Mapping[str, str] | None = None
) -> str:
    """What :func:`planmodel.analysis.seek.seek` found, in one sentence."""
    fields = dict(
        param=param_label(scenario, result.param, lang),
        target=target_label(scenario, result.target, lang, names),
        goal=formats.percent(result.goal, 0),
        now=formats.percent(now, 1),
        low=param_value(scenario, result.param, result.low, lang),
        high=param_value(scenario, result.param, result.high, lang),
    )
    if result.status == "found":
        assert result.value is not None
        key = "seek_found" if result.increasing else "seek_found_down"
        return i18n.text(key, lang, value=param_value(scenario, result.param, result.value, lang), **fields)
    if result.status == "unreachable":
        best = max(p for _, p in result.trials)
        return i18n.text("seek_unreachable", lang, best=formats.percent(best, 1), **fields)
    return i18n.text("seek_always", lang, **fields)


def drivers_sentence(
    scenario: Scenario, target: str, bars: tuple[Bar, ...], lang: str, name: str | None = None
) -> str:
    """``“…”主要取决于…，其次是…。`` from the tornado's largest swings (``name``: the target as shown)."""
    name = name or target_label(scenario, target, lang)
    names = [factor_label(scenario, b.factor, lang) for b in bars]
    if not names:
        text = i18n.text("drivers_none", lang, target=name)
    elif len(names) == 1:
        text = i18n.text("drivers_one", lang, target=name, first=names[0])
    elif len(names) == 2:
        text = i18n.text("drivers_two", lang, target=name, first=names[0], second=names[1])
    else:
        text = i18n.text("drivers_more", lang, target=name, first=names[0], rest=i18n.join(names[1:], lang))
    return text[:1].upper() + text[1:]  # an English sentence may open with a target's name


def conditions_sentence(scenario: Scenario, box: Box, lang: str, name: str | None = None) -> str:
    """The rule of a box in one sentence: ``若…不低于…且…，“…”的达标概率升至约…``."""
    name = name or target_label(scenario, box.target, lang)
    if not box.limits:
        return i18n.text("conditions_none", lang, target=name)
    parts = [
        i18n.text(
            "limit_at_least" if lim.lower else "limit_at_most",
            lang,
            factor=factor_label(scenario, lim.factor, lang),
            value=factor_value(scenario, lim.factor, lim.value, lang),
        )
        for lim in box.limits
    ]
    limits = (
        ("、".join(parts[:-1]) + "且" + parts[-1] if len(parts) > 1 else parts[0])
        if lang == "zh"
        else i18n.join(parts, lang)
    )
    return i18n.text(
        "conditions_sentence",
        lang,
        limits=limits,
        target=name,
        density=formats.percent(box.density, 0),
        coverage=formats.percent(box.coverage, 0),
    )


def pace_sentences(
    scenario: Scenario, req: Required, lang: str, names: Mapping[str, str] | None = None
) -> list[str]:
    """One line per open target (``“…”：需年均增长13.5%，近3年实际7.4%``) and per plan pair."""
    out = []
    colon = i18n.text("colon", lang)
    for r in req.rows:
        if r.determined or r.needed is None:
            continue
        name = target_label(scenario, r.target, lang, names)
        value = r.needed_real if r.basis == "real" and r.needed_real is not None else r.needed
        if r.kind == "change":
            unit = scenario_unit(scenario, r.indicator)
            text = formats.change(abs(value), unit, lang)
        else:
            text = formats.rate(abs(value))
        if value <= 0:
            out.append(name + colon + i18n.text("required_slack", lang, needed=text))
            continue
        key = "required_needed_change" if r.kind == "change" else "required_needed"
        sentence = i18n.text(key, lang, needed=text)
        got = r.recent or next((a for _, a in sorted(r.achieved.items())), None)
        pace = None if got is None else achieved_pace(r, got)
        if got is not None and pace is not None:
            shown = formats.change(pace, unit, lang) if r.kind == "change" else formats.rate(pace)
            span = i18n.years_text(got.from_year + 1, got.to_year, lang)
            sentence += i18n.text("comma", lang) + i18n.text(
                "required_achieved", lang, span=span, achieved=shown
            )
        out.append(name + colon + sentence)
    for p in req.pairs:
        unit = scenario_unit(scenario, p.indicator)
        out.append(
            i18n.text(
                "pair_sentence",
                lang,
                indicator=_label(scenario, p.indicator, lang)
                if p.indicator in {i.key for i in scenario.indicators}
                else p.indicator,
                base_year=p.base_year,
                base=formats.level(p.base_value, unit, lang),
                year=p.year,
                level=formats.level(p.level[0], unit, lang),
                nominal=formats.rate(p.nominal[0]),
                real=formats.rate(p.real),
                price=formats.rate(p.price[0]),
            )
        )
        if p.flagged and p.price_probability is not None:
            out.append(
                i18n.text(
                    "pair_flag",
                    lang,
                    price=formats.rate(p.price[0]),
                    probability=_sampled(p.price_probability, req.draws),
                )
            )
    return out


def achieved_pace(row: PaceRow, got: Achieved) -> float | None:
    """The achieved pace on the needed pace's basis: a change, real growth for real targets, else nominal."""
    if row.kind == "change":
        return got.change
    return got.real if row.basis == "real" else got.nominal


def _sampled(p: float, draws: int) -> str:
    """A sampled probability as every report writes it (``< 0.015%`` when no draw got there)."""
    from planmodel.evaluation import probability_interval

    hits = round(p * draws)
    return formats.probability(hits, draws, *probability_interval(hits, draws)).point


def scenario_unit(scenario: Scenario, key: str) -> Unit:
    """The unit of a simulated or derived indicator."""
    for item in (*scenario.indicators, *scenario.derived):
        if item.key == key:
            return item.unit
    raise KeyError(key)


@dataclass(frozen=True)
class TornadoView:
    """A tornado ready to draw: target title, factor names, probabilities at the two ends, base."""

    target: str
    title: str
    labels: tuple[str, ...]
    p_low: tuple[float, ...]
    p_high: tuple[float, ...]
    base: float


LIFT = 0.05
"""A condition for success is stated only when it raises the probability by at least this much."""
SHOWN_SWING = 0.005
"""A briefing charts a target's tornado only when some assumption moves it by this much."""
TORNADO_BARS = 6
"""Assumptions shown on a briefing's tornado (largest swing first)."""


def insight_section(
    insight: Insight, names: Mapping[str, str], lang: str
) -> tuple[tuple[str, ...], tuple[TornadoView, ...]]:
    """Risk sentences (drivers, then conditions, per target) and the tornadoes, for the briefing."""
    scenario = insight.scenario
    risks: list[str] = []
    views: list[TornadoView] = []
    for target in insight.targets:
        bars = insight.sensitivity.bars[target]
        shown = target_label(scenario, target, lang, names)
        risks.append(drivers_sentence(scenario, target, drivers(insight.sensitivity, target), lang, shown))
        box = insight.boxes.get(target)
        if box is not None and box.limits and box.density >= box.base + LIFT:
            risks.append(conditions_sentence(scenario, box, lang, shown))
        if bars and bars[0].swing >= SHOWN_SWING:  # a tornado with no bar tells nothing
            views.append(tornado_view(scenario, bars, names.get(target, target), lang))
    return tuple(risks), tuple(views)


def tornado_view(scenario: Scenario, bars: tuple[Bar, ...], title: str, lang: str) -> TornadoView:
    """The first :data:`TORNADO_BARS` bars of a tornado, named for the reader."""
    shown = bars[:TORNADO_BARS]
    return TornadoView(
        shown[0].target, title, tuple(factor_label(scenario, b.factor, lang) for b in shown),
        tuple(b.p_low for b in shown), tuple(b.p_high for b in shown), shown[0].p_base,
    )  # fmt: skip
