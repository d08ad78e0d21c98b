"""Sentences a leader reads: what each target says, and one finding per target.

A finding reads its numbers from the target's overview :class:`~planmodel.report.rows.Row`, so the
sentence, the table and the chart print the same figures. Chinese wording follows statistical usage:
可比价 for real growth (实际 alone would be ambiguous), 现价 for current prices, 百分点 for changes of
shares, 年均 only over more than one year.
"""

from __future__ import annotations

import re

from planmodel.report import formats, i18n
from planmodel.report.relative import target_condition
from planmodel.report.rows import Row
from planmodel.results import IndicatorInfo, Results, TargetResult

__all__ = ["finding", "scenario_phrase", "subject"]

_VARIANT = re.compile(r"[（(]([^（）()]*情景)[）)]\s*$")
_VARIANTS_EN = {"基准情景": "baseline", "乐观情景": "optimistic", "悲观情景": "pessimistic"}


def scenario_phrase(results: Results, lang: str) -> str:
    """``按基准情景测算`` / ``Under the baseline scenario``, from the scenario's title."""
    match = _VARIANT.search(results.scenario)
    variant = match.group(1) if match else None
    if lang == "zh":
        return i18n.text("under_named", lang, name=variant) if variant else i18n.text("under_this", lang)
    if variant in _VARIANTS_EN:
        return i18n.text("under_named", lang, name=_VARIANTS_EN[variant])
    return i18n.text("under_this", lang)


def _basis(t: TargetResult, lang: str) -> str:
    return i18n.text(f"basis_{t.basis}", lang) if t.basis in ("real", "nominal") else ""


def subject(t: TargetResult, results: Results, lang: str) -> str:
    """What a target says: ``2026年地区生产总值突破1200亿元`` / ``GDP above 120 bn yuan in 2026``."""
    info = results.indicators.get(t.indicator) if t.indicator else None
    label = i18n.indicator_label(info, lang, t.label)
    if t.measure == "joint":
        names = [_member_name(m, results, lang) for m in t.members]
        quoted = [i18n.text("quoted", lang, text=n) for n in names]
        joined = i18n.join(quoted, lang)
        if lang == "en" and len(joined) > 80:  # a name, not a paragraph: the finding lists them
            return i18n.text("subject_joint_many", lang, n=len(names), first=names[0])
        return i18n.text("subject_joint", lang, names=joined)
    value = formats.threshold(t.threshold, t.unit, t.measure in ("growth", "avg_growth"), lang)  # type: ignore[arg-type]
    if t.reference is not None and t.threshold is not None:
        condition = target_condition(t, results, lang)
    elif t.comparison == "between":
        low, high = value.split("–", 1)
        condition = i18n.text("cond_between", lang, low=low, high=high)
    elif t.comparison == "at_most":
        condition = i18n.text("cond_at_most", lang, value=value)
    elif t.measure == "level" and t.strength == "突破":
        condition = i18n.text("cond_exceeds", lang, value=value)
    else:
        condition = i18n.text("cond_at_least", lang, value=value)
    basis = _basis(t, lang)
    years = i18n.years_text(t.first_year, t.year, lang)
    key = {"growth": "subject_growth", "avg_growth": "subject_avg", "cumulative": "subject_cumulative"}
    template = key.get(t.measure, "subject_level")
    basis_text = (
        i18n.text("paren", lang, text=basis) if basis and lang == "zh" else (f"{basis} " if basis else "")
    )
    return i18n.text(template, lang, years=years, label=label, basis=basis_text, condition=condition)


def _member_name(name: str, results: Results, lang: str) -> str:
    for t in results.targets:
        if t.name == name:
            return i18n.target_name(t, results, lang, subject(t, results, lang))
    return name


def _probability_clause(t: TargetResult, row: Row, lang: str) -> str:
    prob = formats.probability(t.successes, t.draws, t.ci_low, t.ci_high)
    if prob.bound == "upper":
        return i18n.text("prob_below", lang, bound=prob.high, n=f"{t.draws:,}")
    if prob.bound == "lower":
        return i18n.text("prob_above", lang, bound=prob.low, n=f"{t.draws:,}")
    return i18n.text("prob_about", lang, p=prob.point, interval=prob.interval)


def _pace_clause(t: TargetResult, row: Row, info: IndicatorInfo | None, lang: str) -> str:
    """What the target asks from the latest known value, beside the projected and recent pace."""
    if t.measure == "level" and row.latest_year is not None and t.year > row.latest_year:
        text = _level_pace(t, row, info, lang)
        if text and row.recent.value is not None:
            text += i18n.text("pace_recent", lang, recent=row.recent.text)
        return text
    if t.measure == "avg_growth" and row.needed.value is not None and t.first_year is not None:
        start = t.required_from_year
        if start is not None and start >= t.first_year:
            years = i18n.years_text(start + 1, t.year, lang)
            return i18n.text(
                "pace_remaining", lang, years=years, need=row.needed.text, median=row.median.text
            )
    if t.measure in ("growth", "avg_growth", "cumulative") and row.median.value is not None:
        return i18n.text("pace_median", lang, median=row.median.text)
    return ""


def _level_pace(t: TargetResult, row: Row, info: IndicatorInfo | None, lang: str) -> str:
    reached = row.gap.value is not None and row.gap.value <= 0 and t.comparison != "between"
    fields = {"year": row.latest_year, "latest": _plain(row)}
    if t.required_change is not None:
        need = formats.change(abs(t.required_change), t.unit, lang)
        projected = formats.change(t.projected_pace or 0.0, t.unit, lang, signed=True)
        if reached:
            key = "pace_change_hold"
        else:
            key = "pace_change" if t.required_change >= 0 else "pace_change_down"
        return i18n.text(key, lang, need=need, projected=projected, **fields)
    if t.required_growth is None:
        return ""
    if reached and t.required_growth < 0:
        fall = formats.rate(-t.required_growth)
        key = "pace_growth_level" if fall == "0.0%" else "pace_growth_hold"
        return i18n.text(key, lang, fall=fall, **fields)
    split = info is not None and info.price_basis == "split" and t.required_real_growth is not None
    real = ""
    if split:
        real_need = formats.rate(t.required_real_growth or 0.0)
        if t.required_real_upper is not None:
            real_need = f"{real_need}–{formats.rate(t.required_real_upper)}"
        real = i18n.text("pace_real", lang, real=real_need)
    basis = i18n.text("basis_nominal", lang) if t.basis == "nominal" else ""
    if lang == "en" and basis:
        basis += " "
    need = formats.rate(t.required_growth)
    if t.required_upper is not None:
        need = f"{need}–{formats.rate(t.required_upper)}"
    start = t.required_from_year if t.required_from_year is not None else row.latest_year
    one_year = start is not None and t.year - start == 1  # one year: no 年均
    return i18n.text(
        "pace_growth_one_year" if one_year else "pace_growth",
        lang,
        basis=basis,
        need=need,
        real=real,
        projected=row.assumed.text,
        target_year=t.year,
        **fields,
    )


def _plain(row: Row) -> str:
    """The latest value without its year note: ``930.71亿元`` from ``930.71亿元（2024年）``."""
    return re.split(r"[（(]", row.latest.text, maxsplit=1)[0].strip()


def _settled(t: TargetResult, row: Row, results: Results, lang: str) -> str:
    value = row.median.text if row.median.value is not None else ""
    evidence = t.evidence or "published"
    detail = i18n.text(f"settled_{evidence}", lang, year=t.year, value=value) if value else ""
    return i18n.text("finding_settled", lang, subject=row.name, status=row.band_text, detail=detail)


def finding(t: TargetResult, row: Row, results: Results, lang: str) -> str:
    """One sentence on one target, with the probability, its band and the pace it asks for."""
    if t.determined:
        text = _settled(t, row, results, lang)
        return text[:1].upper() + text[1:] if lang == "en" else text
    info = results.indicators.get(t.indicator) if t.indicator else None
    text = i18n.text(
        "finding_open",
        lang,
        under=scenario_phrase(results, lang),
        subject=subject(t, results, lang),
        probability=_probability_clause(t, row, lang),
        band=row.band_text,
        pace=_pace_clause(t, row, info, lang),
    )
    return text[:1].upper() + text[1:] if lang == "en" else text
