"""One finding sentence per target, in Chinese and English, rounded for leaders.

Owns the wording of findings and the rounding rules used in sentences (tables keep exact
numbers). Pure: reads a :class:`~planmodel.results.Results`, returns strings. Imports only
``planmodel.results`` and the standard library.

Rounding rules (see :func:`format_probability` and :func:`format_rate`):

- Probabilities are whole percent between 10% and 90% and one decimal outside that band
  (``3.4%``, ``96.2%``), where a leader must tell 0.4% from 4% and 95% from 99.5%. The band is
  decided on the one-decimal value, so 9.96% reads ``10%``. A probability that is not exactly 0
  or 1 never reads ``0.0%`` or ``100.0%``: it reads ``< 0.1%`` / ``> 99.9%``. The interval
  bounds use the precision of the point value (one extra decimal if they would otherwise
  coincide).
- A probability of 0 or 1 in a finite sample (``display`` starts with ``<`` or ``>``) reads
  ``< x%`` / ``> y%`` with the bound ``1/N`` rounded outwards to 0.1 pp, plus how many draws
  support it, never as certainty.
- Growth rates are rounded half-up to 0.1 pp; plan thresholds are written as the plan wrote
  them (``7.5%``, ``12%``, ``1100亿元``).
- Required versus historical growth reads "close to" (接近) when the two rounded rates differ
  by less than :data:`CLOSE_PP` percentage points, otherwise "above"/"below" (高于/低于).
  Required growth is compared only with historical growth on the same price basis.

Chinese wording avoids "实际" for "actually achieved": in Chinese statistics 实际增长 means real
(constant-price) growth, so history reads "已实现的名义年均增速" and real growth "可比价".
"""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from planmodel.results import IndicatorInfo, Results, TargetResult

__all__ = [
    "CLOSE_PP",
    "compare_phrase",
    "english_label",
    "findings",
    "finding",
    "format_number",
    "format_probability",
    "format_rate",
    "format_threshold",
    "probability_decimals",
]

CLOSE_PP = 0.5
"""Required and historical growth closer than this (percentage points) read as "close to"."""

_EN_LABELS = {
    "地区生产总值": "GDP",
    "人均地区生产总值": "GDP per capita",
    "工业总产值": "gross industrial output",
    "规模以上工业增加值": "value added of industry above designated size",
    "规上工业增加值": "value added of industry above designated size",
    "一般公共预算收入": "general public budget revenue",
    "社会消费品零售总额": "retail sales of consumer goods",
    "固定资产投资": "fixed-asset investment",
    "常住人口": "resident population",
    "城镇化率": "urbanisation rate",
    "城镇居民人均可支配收入": "urban per-capita disposable income",
    "农村居民人均可支配收入": "rural per-capita disposable income",
    "城乡居民收入比": "urban-rural income ratio",
}
_EN_SCENARIOS = {
    "基准情景": "the baseline scenario",
    "乐观情景": "the optimistic scenario",
    "悲观情景": "the pessimistic scenario",
}
_GROWTH_MEASURES = ("growth", "avg_growth")


# --------------------------------------------------------------------------------------------
# Number formatting
# --------------------------------------------------------------------------------------------


def _quantize(x: float, decimals: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round ``x`` to ``decimals`` places with the given rule (half-up by default, not banker's)."""
    return Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=rounding)


def format_number(x: float, lang: str = "zh", max_decimals: int = 2) -> str:
    """Write a plan number without trailing zeros: ``1100``, ``12.5``; ``1,100`` in English."""
    q = _quantize(x, max_decimals)
    text = f"{q:,f}" if lang == "en" else f"{q:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_rate(x: float, lang: str = "zh") -> str:
    """Write a growth rate (fraction) rounded half-up to 0.1 pp: ``0.13549`` → ``13.5%``."""
    text = f"{_quantize(100 * x, 1):f}"
    return ("0.0" if text == "-0.0" else text) + "%"


def probability_decimals(p: float) -> int:
    """Decimals for a probability: 0 inside [10%, 90%], 1 outside (decided on the 0.1 pp value)."""
    one = _quantize(100 * p, 1)
    return 0 if Decimal(10) <= one <= Decimal(90) else 1


def _is_bound(display: str) -> bool:
    return display.lstrip().startswith(("<", ">", "＜", "＞"))


def format_probability(p: float, decimals: int | None = None) -> str:
    """Round a probability for a sentence; ``< 0.1%`` / ``> 99.9%`` rather than 0.0% / 100.0%.

    Parameters
    ----------
    p
        Probability in [0, 1] (values a hair outside are clipped).
    decimals
        Force a precision; by default :func:`probability_decimals`.
    """
    p = min(max(float(p), 0.0), 1.0)
    d = probability_decimals(p) if decimals is None else decimals
    q = _quantize(100 * p, d)
    if p > 0 and q == 0:
        return f"< {Decimal(1).scaleb(-max(d, 1))}%"
    if p < 1 and q == 100:
        return f"> {Decimal(100) - Decimal(1).scaleb(-max(d, 1))}%"
    return f"{q:f}%"


def _bound_text(results_draws: int, upper: bool) -> str:
    """``< 1/N`` or ``> 1 - 1/N`` rounded outwards to 0.1 pp: ``< 0.1%`` for N = 4000."""
    eps = 100.0 / max(results_draws, 1)
    if upper:
        q = _quantize(100.0 - eps, 1, ROUND_FLOOR)
        return f"> {q:f}%"
    q = _quantize(eps, 1, ROUND_CEILING)
    return f"< {q:f}%"


def headline_probability(t: TargetResult) -> str:
    """A target's probability rounded for a headline; none or all of N draws read ``< 0.1%``."""
    if t.successes == 0:
        return _bound_text(t.draws, upper=False)
    if t.successes == t.draws:
        return _bound_text(t.draws, upper=True)
    return format_probability(t.probability)


def _interval(t: TargetResult, decimals: int) -> tuple[str, str]:
    """Interval ends, plainly rounded (``0.0%`` is a fine lower end; it is not a point value)."""
    lo, hi = max(t.ci_low, 0.0), min(t.ci_high, 1.0)

    def plain(x: float, d: int) -> str:
        return f"{_quantize(100 * x, d):f}%"

    a, b = plain(lo, decimals), plain(hi, decimals)
    while a == b and lo != hi and decimals < 6:
        decimals += 1
        a, b = plain(lo, decimals), plain(hi, decimals)
    return a, b


def format_threshold(t: TargetResult, lang: str = "zh") -> str:
    """Write the target value as the plan does: ``1100亿元``, ``7.5%``, ``300–360亿元``."""
    thr = t.threshold
    if thr is None:
        return ""
    growth = t.measure in _GROWTH_MEASURES

    def one(x: float) -> str:
        if growth:
            return format_number(100 * x, lang, 2) + "%"
        return format_number(x, lang, 2)

    unit = "" if growth else t.unit
    if isinstance(thr, tuple):
        return f"{one(thr[0])}–{one(thr[1])}{unit}"
    return f"{one(thr)}{unit}"


def _format_value(t: TargetResult, x: float, lang: str) -> str:
    """Write a measured value (median, published value) in the target's unit, rounded."""
    if t.measure in _GROWTH_MEASURES:
        return format_rate(x, lang)
    return format_number(x, lang, 1 if abs(x) >= 100 else 2) + t.unit


def compare_phrase(required: float, historical: float, lang: str = "zh") -> str:
    """高于/低于/接近 (above/below/close to), judged on the rates as rounded to 0.1 pp."""
    diff = _quantize(100 * required, 1) - _quantize(100 * historical, 1)
    if abs(diff) < Decimal(str(CLOSE_PP)):
        return "接近" if lang == "zh" else "close to"
    if diff > 0:
        return "高于" if lang == "zh" else "above"
    return "低于" if lang == "zh" else "below"


def english_label(label: str, key: str | None = None) -> str:
    """Name a Chinese indicator label in English (a small glossary, else the key)."""
    if label in _EN_LABELS:
        return _EN_LABELS[label]
    if key:
        return "GDP" if key.lower() == "gdp" else key.replace("_", " ")
    return label


# --------------------------------------------------------------------------------------------
# Subjects: what the target says
# --------------------------------------------------------------------------------------------


def _span(t: TargetResult) -> str:
    return f"{t.first_year}–{t.year}" if t.first_year is not None else f"{t.year}"


def _subject_zh(t: TargetResult) -> str:
    thr = format_threshold(t, "zh")
    basis = {"real": "（可比价）", "nominal": "（现价）"}.get(t.basis, "")
    if t.comparison == "all_of" or t.measure == "joint":
        return "同时实现" + "、".join(f"“{m}”" for m in t.members)
    if t.comparison == "between":
        cond = f"在{thr}之间"
    elif t.comparison == "at_most":
        cond = f"不超过{thr}"
    elif t.measure == "level" and t.strength == "突破":
        cond = f"突破{thr}"
    else:
        cond = f"不低于{thr}"
    if t.measure == "growth":
        return f"{t.year}年{t.label}增速{basis}{cond}"
    if t.measure == "avg_growth":
        return f"{_span(t)}年{t.label}年均增速{basis}{cond}"
    if t.measure == "cumulative":
        return f"{_span(t)}年{t.label}累计{cond}"
    return f"{t.year}年{t.label}{cond}"


def _subject_en(t: TargetResult, label: str) -> str:
    thr = format_threshold(t, "en")
    basis = {"real": "real ", "nominal": "nominal "}.get(t.basis, "")
    if t.comparison == "all_of" or t.measure == "joint":
        names = list(t.members)
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"all of {joined} are met" if len(names) > 1 else f"{joined} is met"
    if t.comparison == "between":
        lo, hi = thr.split("–", 1)
        cond = f"is between {lo} and {hi}"
    elif t.comparison == "at_most":
        cond = f"is at most {thr}"
    else:
        cond = f"is at least {thr}"
    if t.measure == "growth":
        return f"{basis}growth of {label} in {t.year} {cond}"
    if t.measure == "avg_growth":
        return f"average annual {basis}growth of {label} over {_span(t)} {cond}"
    if t.measure == "cumulative":
        return f"cumulative {label} over {_span(t)} {cond}"
    if t.comparison == "at_least" and t.strength == "突破":
        return f"{label} exceeds {thr} in {t.year}"
    if t.comparison == "at_least":
        return f"{label} reaches at least {thr} in {t.year}"
    return f"{label} {cond} in {t.year}"


# --------------------------------------------------------------------------------------------
# Tails: required growth against history, or the simulated median
# --------------------------------------------------------------------------------------------


def _years_from(t: TargetResult) -> str:
    if t.required_from_year is not None and t.required_from_year + 1 < t.year:
        return f"{t.required_from_year + 1}–{t.year}"
    return f"{t.year}"


def _change_tail(t: TargetResult, lang: str) -> str:
    """Say the yearly change an additive indicator needs (城镇化率: points a year)."""
    change = t.required_change
    if change is None or math.isnan(change):
        return ""
    size = format_number(abs(change), lang, 2)
    points = t.unit == "%"
    if lang == "zh":
        unit = "个百分点" if points else t.unit
        verb = "提高" if change >= 0 else "下降"
        bound = "不超过" if t.comparison == "at_most" and change >= 0 else ""
        return f"；需{_years_from(t)}年每年{verb}{bound}{size}{unit}"
    unit = " percentage points" if points else t.unit
    move = "rise" if change >= 0 else "fall"
    bound = "at most " if t.comparison == "at_most" and change >= 0 else ""
    return f"; it needs a {move} of {bound}{size}{unit} a year over {_years_from(t)}"


def _required_tail(t: TargetResult, info: IndicatorInfo | None, lang: str) -> str:
    req = t.required_growth
    if t.measure not in ("level", "cumulative"):
        return ""
    if req is None or math.isnan(req):
        return _change_tail(t, lang)
    real = t.basis == "real"
    years = _years_from(t)
    show_real = (
        not real and t.required_real_growth is not None and info is not None and info.price_basis == "split"
    )
    hist = t.historical
    hist_rate = None if hist is None else (hist.real if real else hist.nominal)
    if lang == "zh":
        kind = {"real": "可比价", "nominal": "名义"}.get(t.basis, "")
        if t.comparison == "at_most":
            text = f"；需{years}年{kind}年均增长不超过{format_rate(req)}"
        elif req < 0:
            text = f"；即使{years}年{kind}年均下降{format_rate(-req)}仍可达到"
        else:
            text = f"；需{years}年{kind}年均增长{format_rate(req)}"
        if show_real:
            text += f"（按可比价约{format_rate(t.required_real_growth)}）"
        if hist is not None and hist_rate is not None:
            word = compare_phrase(req, hist_rate, "zh")
            text += f"，{word}{hist.from_year}–{hist.to_year}年已实现的{kind}年均增速{format_rate(hist_rate)}"
        return text
    kind = {"real": "real", "nominal": "nominal"}.get(t.basis, "")
    if t.comparison == "at_most":
        text = f"; it needs {kind} growth of at most {format_rate(req)} a year over {years}"
    elif req < 0:
        text = f"; it is reached even if the level falls by {format_rate(-req)} a year over {years}"
    else:
        text = f"; it needs {format_rate(req)} {kind} growth a year over {years}"
    if show_real:
        text += f" (about {format_rate(t.required_real_growth)} in real terms)"
    if hist is not None and hist_rate is not None:
        word = compare_phrase(req, hist_rate, "en")
        text += (
            f", {word} the {kind} {format_rate(hist_rate)} a year achieved in {hist.from_year}–{hist.to_year}"
        )
    return text


def _median_tail(t: TargetResult, lang: str) -> str:
    if t.median is None or math.isnan(t.median) or t.measure == "joint":
        return ""
    value = _format_value(t, t.median, lang)
    return f"；模拟中位数为{value}" if lang == "zh" else f"; the simulated median is {value}"


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------


def _determined(t: TargetResult, subject: str, lang: str) -> str:
    met = t.probability >= 0.5
    value = "" if t.median is None or t.measure == "joint" else _format_value(t, t.median, lang)
    if lang == "zh":
        state = "已实现" if met else "未实现"
        extra = f"（公布值{value}）" if value else ""
        return f"{subject}，已由公布数据确定：{state}{extra}。"
    state = "already met" if met else "already missed"
    extra = f" (published value {value})" if value else ""
    return f"{subject[:1].upper()}{subject[1:]}: {state} on published data{extra}."


def _probability_zh(t: TargetResult) -> str:
    if _is_bound(t.display) or t.successes in (0, t.draws):
        upper = t.successes >= t.draws or t.display.lstrip().startswith((">", "＞"))
        bound = _bound_text(t.draws, upper)
        word = "高于" if upper else "低于"
        who = "均实现" if upper else "均未实现"
        return f"{word}{bound[2:]}（{t.draws}次模拟中{who}）"
    d = probability_decimals(t.probability)
    point = format_probability(t.probability, d)
    lo, hi = _interval(t, d)
    head = (
        f"低于{point[2:]}"
        if point.startswith("<")
        else (f"高于{point[2:]}" if point.startswith(">") else f"约为{point}")
    )
    return f"{head}（95%区间{lo}–{hi}）"


def _probability_en(t: TargetResult) -> str:
    if _is_bound(t.display) or t.successes in (0, t.draws):
        upper = t.successes >= t.draws or t.display.lstrip().startswith((">", "＞"))
        bound = _bound_text(t.draws, upper)
        word = "above" if upper else "below"
        who = f"met in all {t.draws:,} draws" if upper else f"met in none of {t.draws:,} draws"
        return f"is {word} {bound[2:]} ({who})"
    d = probability_decimals(t.probability)
    point = format_probability(t.probability, d)
    lo, hi = _interval(t, d)
    head = (
        f"is below {point[2:]}"
        if point.startswith("<")
        else (f"is above {point[2:]}" if point.startswith(">") else f"is about {point}")
    )
    return f"{head} (95% interval {lo}–{hi})"


def finding(
    t: TargetResult,
    info: IndicatorInfo | None = None,
    lang: str = "zh",
    scenario_label: str = "基准情景",
) -> str:
    """One sentence on one target.

    Parameters
    ----------
    t
        The target's result.
    info
        Its indicator (decides whether a real-terms equivalent of required growth is shown).
    lang
        ``"zh"`` or ``"en"``.
    scenario_label
        How the scenario is named in the sentence; known Chinese labels are translated for
        English, others are used as given.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    if lang == "zh":
        subject = _subject_zh(t)
        if t.determined:
            return _determined(t, subject, lang)
        tail = _required_tail(t, info, lang)
        if not tail and t.measure != "level":
            tail = _median_tail(t, lang)
        return f"按{scenario_label}，{subject}的概率{_probability_zh(t)}{tail}。"
    label = info.label_en if info is not None and info.label_en else english_label(t.label, t.indicator)
    subject = _subject_en(t, label)
    if t.determined:
        return _determined(t, subject, lang)
    tail = _required_tail(t, info, lang)
    if not tail and t.measure != "level":
        tail = _median_tail(t, lang)
    scenario = _EN_SCENARIOS.get(scenario_label, scenario_label)
    return f"Under {scenario}, the probability that {subject} {_probability_en(t)}{tail}."


def findings(results: Results, lang: str = "zh", scenario_label: str = "基准情景") -> list[str]:
    """One finding per target, in the order of ``results.targets``.

    Parameters
    ----------
    results
        A run's results.
    lang
        ``"zh"`` (default) or ``"en"``.
    scenario_label
        Named in each sentence ("按基准情景，…" / "Under the baseline scenario, …").

    Returns
    -------
    list of str
        Sentences rounded for leaders (see the module docstring for the rules).
    """
    out = []
    for t in results.targets:
        info = results.indicators.get(t.indicator) if t.indicator else None
        out.append(finding(t, info, lang, scenario_label))
    return out
