"""One row per target for the overview table: latest actual → target → gap → pace → probability.

Every figure is made here once, through :mod:`planmodel.report.formats`, with the number behind it
and an Excel number format that shows the same digits, so every writer (console, Markdown, Word,
slides, HTML, workbook) prints the same text and the workbook stores the same rounded reading.

Status bands (:data:`BANDS`) are judged on the displayed probability (a 49.97% shown as ``50.0%``
is judged as 50.0%); settled targets are 已实现 / 未实现, never a probability.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from planmodel.report import formats, i18n
from planmodel.report.formats import DASH, Probability
from planmodel.report.relative import target_condition
from planmodel.results import IndicatorInfo, Results, TargetResult

__all__ = [
    "BANDS",
    "COLOURS",
    "OVERVIEW_COLUMNS",
    "Figure",
    "Row",
    "band_of",
    "overview_header",
    "percent_format",
    "target_row",
]

BANDS: tuple[tuple[str, Decimal], ...] = (
    ("certain", Decimal(95)),
    ("likely", Decimal(70)),
    ("possible", Decimal(30)),
    ("hard", Decimal(1)),
    ("remote", Decimal(0)),
)
"""Plain-words bands of an open target's probability (percent, lower edge included)."""
COLOURS: dict[str, str] = {
    "met": "green",
    "certain": "green",
    "likely": "green",
    "possible": "amber",
    "hard": "red",
    "remote": "red",
    "missed": "red",
}
"""红黄绿: the traffic-light colour of every status."""
STATUS_ORDER = ("met", "missed", "certain", "likely", "possible", "hard", "remote")
RATE_MEASURES = ("growth", "avg_growth")


@dataclass(frozen=True)
class Figure:
    """A figure as a reader sees it, the number behind it and an Excel format with its digits."""

    text: str = DASH
    value: float | None = None
    number_format: str | None = None


@dataclass(frozen=True)
class Row:
    """One target in the overview table, every cell written once."""

    key: str
    """The target's name in the scenario (stable across languages)."""
    name: str
    year: str
    type: str
    settled: bool
    band: str
    band_text: str
    colour: str
    latest: Figure
    latest_year: int | None
    target: Figure
    gap: Figure
    needed: Figure
    assumed: Figure
    recent: Figure
    probability: Figure
    interval: Figure
    ci: tuple[float, float] | None
    """The interval's ends (fractions) behind ``interval``; None for settled targets."""
    median: Figure
    spread: Figure
    unit: str
    strength: str
    latest_as_published: str = ""
    """The latest value with its status but not its year (``8.0%（预计数）``), for "2024年已公布…"."""


OVERVIEW_COLUMNS = (
    "col_target",
    "col_year",
    "col_latest",
    "col_target_value",
    "col_gap",
    "col_needed",
    "col_assumed",
    "col_recent",
    "col_probability",
    "col_interval",
    "col_band",
)
"""Columns of the overview table, as catalogue keys."""


def overview_header(lang: str) -> list[str]:
    """Headers of the overview table in ``lang``."""
    return [i18n.text(k, lang) for k in OVERVIEW_COLUMNS]


def overview_cells(row: Row) -> list[str]:
    """The cells of one target in the overview table, in :data:`OVERVIEW_COLUMNS` order."""
    return [
        row.name,
        row.year,
        row.latest.text,
        row.target.text,
        row.gap.text,
        row.needed.text,
        row.assumed.text,
        row.recent.text,
        row.probability.text,
        row.interval.text,
        row.band_text,
    ]


def percent_format(decimals: int) -> str:
    """Excel format of a fraction shown in percent with ``decimals`` places."""
    return "0" + ("." + "0" * decimals if decimals else "") + "%"


def _number_format(decimals: int) -> str:
    return "0" + ("." + "0" * decimals if decimals else "")


def band_of(prob: Probability) -> str:
    """The band of a displayed probability (for ``< x%`` the bound ``x`` itself)."""
    for code, edge in BANDS:
        if prob.shown >= edge and not (prob.bound == "upper" and prob.shown <= edge and edge > 0):
            return code
    return "remote"


def _is_share(t: TargetResult) -> bool:
    return t.unit.symbol in ("%", "‰")


def _level_figure(x: float | None, t: TargetResult, lang: str, exact: bool = False) -> Figure:
    """A level of the target's indicator: shares stored as fractions with a percent format."""
    if x is None:
        return Figure()
    reading = formats.level_reading(x, t.unit, lang, exact)
    if _is_share(t):
        return Figure(reading.text, reading.value / 100, percent_format(reading.decimals))
    return Figure(reading.text, reading.value, _number_format(reading.decimals))


def _rate_figure(x: float | None, signed: bool = False) -> Figure:
    if x is None:
        return Figure()
    return Figure(formats.rate(x, signed), x, percent_format(1))


def _change_figure(x: float | None, t: TargetResult, lang: str) -> Figure:
    """A yearly change: points for shares, the indicator's unit otherwise (value in that unit)."""
    if x is None:
        return Figure()
    reading = formats.change_reading(x, t.unit, lang)
    suffix = i18n.text("points_unit", lang) if _is_share(t) else ""
    digits = _number_format(reading.decimals)
    fmt = (
        f'+{digits}"{suffix}";-{digits}"{suffix}";{digits}"{suffix}"'
        if suffix
        else f"+{digits};-{digits};{digits}"
    )
    return Figure(reading.text, reading.value, fmt)


def _measured(x: float | None, t: TargetResult, lang: str) -> Figure:
    if x is None:
        return Figure()
    if t.measure in RATE_MEASURES:
        return _rate_figure(x)
    return _level_figure(x, t, lang)


def _status_mark(status: str | None, lang: str) -> str:
    return "" if status in (None, "published") else i18n.text(f"status_{status}", lang)


def _latest(
    t: TargetResult, info: IndicatorInfo | None, lang: str
) -> tuple[Figure, int | None, float | None, str]:
    """The latest known value the target is compared with.

    Figure, year, value (planner's unit), and the figure with its status but no year
    (``8.0%（预计数）``).
    """
    if t.measure == "joint":
        return Figure(), None, None, ""
    if t.measure == "avg_growth":
        average = _achieved_average(t, info, lang)
        if average is not None:
            return average
    if t.measure in RATE_MEASURES:
        year, value, status = latest_growth(t, info)
        before = (
            t.measure == "avg_growth"
            and t.first_year is not None
            and year is not None
            and year < t.first_year
        )
        if year is None or value is None or before:
            # an average's rate from before its span is no reading of it (2019's 12.1% is not
            # "已超出" a 2021–2025 target of 12%); the recent column still shows it as context
            return Figure(), None, None, ""
        fig = _rate_figure(value)
    else:
        if t.start_year is None or t.start_value is None:
            return Figure(), None, None, ""
        year, value, status = t.start_year, t.start_value, t.start_status
        fig = _level_figure(value, t, lang, exact=status != "simulated")
        reading = formats.level_reading(value, t.unit, lang, exact=status != "simulated")
        factor = formats.unit_scale(t.unit, lang)[0]
        value = float(formats.quantize(reading.value, reading.decimals)) / factor  # the gap: from the shown
        if status == "simulated" and t.level_basis is not None:
            status = t.level_basis  # carried across the census revision to the basis judged on
    shown, plain = _dated(fig, i18n.text("in_year", lang, year=year), _status_mark(status, lang), lang)
    return shown, year, value, plain


def _dated(fig: Figure, when: str, mark: str, lang: str) -> tuple[Figure, str]:
    """``fig`` with its years and status (``8.0%（2024年，预计数）``), and with its status alone."""
    label = when + (i18n.text("comma", lang) + mark if mark else "")
    plain = fig.text + (i18n.text("paren", lang, text=mark) if mark else "")
    return Figure(f"{fig.text}{i18n.text('paren', lang, text=label)}", fig.value, fig.number_format), plain


def _achieved_average(
    t: TargetResult, info: IndicatorInfo | None, lang: str
) -> tuple[Figure, int | None, float | None, str] | None:
    """An average-growth target's average so far, if known: published, or between known levels.

    A published average from the target's first year reads as the mid-term table reads it; else
    the average from the level before the span to a later known level. None otherwise (the latest
    rate inside the span is then shown as any rate is).
    """
    published = _published_average(t, info)
    if published is not None:
        (first, last), rate = published
        shown, plain = _dated(_rate_figure(rate), i18n.years_text(first, last, lang),
                              _status_mark("estimate", lang), lang)  # fmt: skip
        return shown, last, rate, plain
    hist = t.historical
    year = latest_growth(t, info)[0]
    within = year is not None and t.first_year is not None and year >= t.first_year
    if within or hist is None or t.first_year is None or hist.from_year != t.first_year - 1:
        return None
    achieved = hist.real if t.basis == "real" else hist.nominal
    if achieved is None or hist.to_year > t.year:
        return None
    shown, plain = _dated(
        _rate_figure(achieved), i18n.pace_span(hist.from_year, hist.to_year, lang), "", lang
    )
    return shown, hist.to_year, achieved, plain


def _published_average(t: TargetResult, info: IndicatorInfo | None) -> tuple[tuple[int, int], float] | None:
    """The published average from the target's first year ending latest within its span, if any.

    Published averages are on the indicator's growth basis (real where prices are split).
    """
    if info is None or (info.price_basis == "split" and t.basis == "nominal"):
        return None
    spans = [s for s in info.actual_avg_growth if s[0] == t.first_year and s[1] <= t.year]
    if not spans:
        return None
    span = max(spans, key=lambda s: s[1])
    return span, info.actual_avg_growth[span]


def latest_growth(t: TargetResult, info: IndicatorInfo | None) -> tuple[int | None, float | None, str | None]:
    """The latest known growth rate on the target's basis: year, rate, status."""
    if info is None:
        return None, None, None
    if t.basis == "real" or info.price_basis != "split":
        if info.actual_growth and not (info.price_basis == "split" and t.basis == "nominal"):
            year = max(info.actual_growth)
            return year, info.actual_growth[year], info.growth_status.get(year)
    hist = t.historical
    if hist is not None and hist.nominal is not None and hist.to_year - hist.from_year == 1:
        return hist.to_year, hist.nominal, None
    return None, None, None


def _gap(t: TargetResult, now: float | None, lang: str) -> Figure:
    """How far the latest known value is from the target (in points for shares and rates).

    None for a relative target: its latest value is this indicator's, not the difference it is about.
    """
    if t.threshold is None or now is None or t.measure == "joint" or t.reference is not None:
        return Figure()
    low, high = t.threshold if isinstance(t.threshold, tuple) else (t.threshold, t.threshold)
    above = t.comparison == "at_most" or (t.comparison == "between" and now > high)
    short = now - high if above else low - now
    if t.measure in RATE_MEASURES:
        size = formats.points(100 * abs(short), lang)
    elif _is_share(t):
        size = formats.points(abs(short), lang)
    else:
        size = formats.difference(abs(short), t.unit, lang)  # of two values as shown
    if short <= 0:
        if t.comparison == "between":
            return Figure(i18n.text("gap_inside", lang), short)
        return Figure(i18n.text("gap_ahead", lang, size=size), short)
    return Figure(i18n.text("gap_above" if above else "gap_short", lang, size=size), short)


def _needed(t: TargetResult, lang: str) -> Figure:
    if t.determined or t.measure in ("growth", "joint", "cumulative"):
        return Figure()
    if t.required_change is not None:
        fig = _change_figure(t.required_change, t, lang)
        if t.required_upper is not None:
            upper = formats.change(t.required_upper, t.unit, lang, signed=True)
            return Figure(f"{fig.text}–{upper}", fig.value)
        return fig
    if t.required_growth is None:
        return Figure()
    fig = _rate_figure(t.required_growth)
    if t.required_upper is not None:
        return Figure(f"{fig.text}–{formats.rate(t.required_upper)}", fig.value, fig.number_format)
    if t.basis == "real":
        return Figure(
            fig.text + i18n.text("paren", lang, text=i18n.text("basis_real", lang)),
            fig.value,
            fig.number_format,
        )
    return fig


def _assumed(t: TargetResult, lang: str) -> Figure:
    if t.determined or t.projected_pace is None or t.measure in ("joint", "cumulative"):
        return Figure()
    if t.measure in RATE_MEASURES:
        return _rate_figure(t.projected_pace)
    if t.required_change is not None:
        return _change_figure(t.projected_pace, t, lang)
    return _rate_figure(t.projected_pace)


def _recent(t: TargetResult, lang: str) -> Figure:
    hist = t.historical
    if hist is None or t.measure in ("joint", "cumulative"):
        return Figure()
    if hist.change is not None:
        fig = _change_figure(hist.change, t, lang)
    else:
        value = hist.real if t.basis == "real" else hist.nominal
        if value is None:
            return Figure()
        fig = _rate_figure(value)
    span = i18n.pace_span(hist.from_year, hist.to_year, lang)
    return Figure(fig.text + i18n.text("paren", lang, text=span), fig.value, fig.number_format)


def target_type(t: TargetResult, info: IndicatorInfo | None, lang: str) -> str:
    """目标类型: 总量, 比重, 比值, 增速, 年均增速, 累计 or 联合."""
    if t.measure != "level":
        return i18n.text(f"type_{t.measure}", lang)
    if _is_share(t):
        return i18n.text("type_share", lang)
    if info is not None and info.unit.dimension == "ratio":
        return i18n.text("type_ratio", lang)
    return i18n.text("type_level", lang)


def target_row(t: TargetResult, results: Results, name: str, lang: str) -> Row:
    """The overview row of one target, named ``name`` in ``lang``."""
    info = results.indicators.get(t.indicator) if t.indicator else None
    latest, latest_year, now, as_published = _latest(t, info, lang)
    if t.determined:
        band = "met" if t.successes == t.draws else "missed"
        probability, interval = Figure(i18n.text(f"band_{band}", lang), t.probability), Figure()
    else:
        prob = formats.probability(t.successes, t.draws, t.ci_low, t.ci_high)
        band = band_of(prob)
        fmt = percent_format(prob.decimals)
        if prob.bound is None:
            probability = Figure(prob.point, t.probability, fmt)
        else:  # a workbook shows the bound itself, marked as one: "< 0.0015%"
            sign, bound = ("<", t.ci_high) if prob.bound == "upper" else (">", t.ci_low)
            probability = Figure(prob.point, bound, f'"{sign}{formats.NBSP}"{fmt}')
        interval = Figure(prob.interval, None, fmt)
    rate = t.measure in RATE_MEASURES
    unit = "%" if rate else (i18n.unit_en(t.unit)[1] if lang == "en" else t.unit.symbol)
    spread = Figure()
    if t.p5 is not None and t.p95 is not None and not t.determined:
        a, b = _measured(t.p5, t, lang), _measured(t.p95, t, lang)
        spread = Figure(f"{a.text}–{b.text}")
    return Row(
        key=t.name,
        name=name,
        year=i18n.years_text(t.first_year, t.year, lang),
        type=target_type(t, info, lang),
        settled=t.determined,
        band=band,
        band_text=i18n.text(f"band_{band}", lang),
        colour=COLOURS[band],
        latest=latest,
        latest_year=latest_year,
        target=_threshold_figure(t, results, lang),
        gap=_gap(t, now, lang),
        needed=_needed(t, lang),
        assumed=_assumed(t, lang),
        recent=_recent(t, lang),
        probability=probability,
        interval=interval,
        ci=None if t.determined else (t.ci_low, t.ci_high),
        median=_measured(t.median, t, lang),
        spread=spread,
        unit=unit,
        strength=i18n.strength_word(t.strength, lang),
        latest_as_published=as_published,
    )


def _threshold_figure(t: TargetResult, results: Results, lang: str) -> Figure:
    if t.threshold is None:
        return Figure()
    if t.reference is not None:  # a difference from another indicator: said in words, not as a level
        return Figure(target_condition(t, results, lang))
    text = formats.threshold(t.threshold, t.unit, t.measure in RATE_MEASURES, lang)
    low = t.threshold[0] if isinstance(t.threshold, tuple) else t.threshold
    if t.measure in RATE_MEASURES:
        return Figure(text, low, None)
    return Figure(text, low / 100 if _is_share(t) else low, None)
