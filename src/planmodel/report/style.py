"""Chart look: palette, probability colours, figure sizes, number formats and bilingual labels.

Owns every visual constant the charts use, so a briefing can be restyled in one place. Pure data and
string formatting: no figures are created here and the global ``rcParams`` are never touched
(``style_rc`` returns a dict for ``matplotlib.rc_context``).

May import: stdlib only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

Lang = Literal["zh", "en"]
Size = Literal["a4", "slide"]
ChartKind = Literal["fan", "dist", "dashboard", "passage"]

CM = 1 / 2.54
"""Inches per centimetre (matplotlib sizes figures in inches)."""

DPI = 300
"""Raster resolution for PNG files: print quality for Word, sharp on a projector."""

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision
# deficiencies and in greyscale print by lightness.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

INK = "#222222"
"""Text and history line."""
MUTED = "#6B6B6B"
"""Notes, reference lines and secondary text."""
GRID = "#E3E3E3"
FAIL = "#C8C8C8"
"""Histogram bars outside the success region."""
PROJECTION = OKABE_ITO["blue"]
"""Median path, band hue and success region."""


def blend(colour: str, weight: float, background: str = "#FFFFFF") -> str:
    """Mix a hex colour with a background: opaque tints that print and paste like their preview.

    Parameters
    ----------
    colour : str
        ``#RRGGBB``.
    weight : float
        Share of ``colour`` in [0, 1]; the rest is ``background``.
    background : str
        ``#RRGGBB``, white by default.

    Returns
    -------
    str
        The mixed ``#RRGGBB`` colour.
    """
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"weight must be in [0, 1], got {weight}")
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(background[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = (round(weight * x + (1 - weight) * y) for x, y in zip(a, b, strict=True))
    return "#" + "".join(f"{v:02X}" for v in mixed)


BAND_COLOURS: dict[tuple[float, float], str] = {
    (0.05, 0.95): blend(PROJECTION, 0.16),
    (0.10, 0.90): blend(PROJECTION, 0.30),
    (0.25, 0.75): blend(PROJECTION, 0.50),
}
"""Fan-chart bands (90%, 80%, 50% central intervals), widest first."""

Category = Literal["high", "mid", "low"]


@dataclass(frozen=True)
class Thresholds:
    """Probability cut-offs that colour a target: ``p >= high`` green, ``p >= low`` amber, else red.

    Attributes
    ----------
    high : float
        Lowest probability counted as likely (default 0.8).
    low : float
        Lowest probability counted as at risk rather than unlikely (default 0.5).
    """

    high: float = 0.8
    low: float = 0.5

    def __post_init__(self) -> None:
        if not 0.0 <= self.low <= self.high <= 1.0:
            raise ValueError(f"need 0 <= low <= high <= 1, got low={self.low}, high={self.high}")

    def category(self, probability: float) -> Category:
        """Return the band ``probability`` falls in: ``"high"``, ``"mid"`` or ``"low"``."""
        if probability >= self.high:
            return "high"
        if probability >= self.low:
            return "mid"
        return "low"

    def colour(self, probability: float) -> str:
        """Return the colour of ``probability`` (hex)."""
        return CATEGORY_COLOURS[self.category(probability)]

    def legend(self, lang: Lang = "zh") -> list[tuple[str, str]]:
        """Return ``(colour, label)`` pairs for a legend, most likely first."""
        hi, lo = format_percent(self.high, 0), format_percent(self.low, 0)
        words = {
            "zh": ("较有把握", "存在风险", "难度较大"),
            "en": ("likely", "at risk", "unlikely"),
        }[lang]
        ranges = (f"≥{hi}", f"{lo}–{hi}", f"<{lo}")
        keys: tuple[Category, ...] = ("high", "mid", "low")
        wrap = "{}（{}）" if lang == "zh" else "{} ({})"
        rows = zip(keys, words, ranges, strict=True)
        return [(CATEGORY_COLOURS[k], wrap.format(w, r)) for k, w, r in rows]


DEFAULT_THRESHOLDS = Thresholds()
"""80% / 50%: the cut-offs charts use unless told otherwise."""

CATEGORY_COLOURS: dict[Category, str] = {
    "high": OKABE_ITO["bluish_green"],
    "mid": OKABE_ITO["orange"],
    "low": OKABE_ITO["vermillion"],
}


@dataclass(frozen=True)
class SizeSpec:
    """A page format: figure width, default height, and base font size (pt)."""

    width_cm: float
    height_cm: float
    font_pt: float

    @property
    def scale(self) -> float:
        """Line width and marker size factor relative to the A4 format."""
        return self.font_pt / 9.0


SIZES: dict[str, SizeSpec] = {
    "a4": SizeSpec(width_cm=16.0, height_cm=9.5, font_pt=9.0),
    "slide": SizeSpec(width_cm=25.4, height_cm=14.3, font_pt=13.0),
}
"""``a4``: the text width of an A4 Word page (2.5 cm margins). ``slide``: a 16:9 slide body."""


def figure_size(size: str, kind: ChartKind = "fan", rows: int = 1) -> tuple[float, float]:
    """Figure size in inches for a chart kind on a page format.

    Parameters
    ----------
    size : {"a4", "slide"}
        Page format.
    kind : {"fan", "dist", "dashboard", "passage"}
        Chart kind; on A4 the dashboard grows with its number of ``rows``.
    rows : int
        Number of bars of a dashboard.

    Returns
    -------
    tuple of float
        ``(width, height)`` in inches.
    """
    spec = size_spec(size)
    height = spec.height_cm
    if size == "a4" and kind in ("dist", "passage"):
        height = 8.0
    elif size == "a4" and kind == "dashboard":
        height = min(24.0, 3.2 + 0.85 * max(rows, 1))
    return spec.width_cm * CM, height * CM


def size_spec(size: str) -> SizeSpec:
    """Return the ``SizeSpec`` called ``size``; ValueError naming the valid ones otherwise."""
    try:
        return SIZES[size]
    except KeyError:
        raise ValueError(f"size must be one of {sorted(SIZES)}, got {size!r}") from None


def style_rc(size: str = "a4") -> dict[str, Any]:
    """Non-font rcParams for the chart look on a page format (for ``matplotlib.rc_context``).

    Parameters
    ----------
    size : {"a4", "slide"}
        Page format; sets the base font size.

    Returns
    -------
    dict
        rcParams: font sizes, light axes without top/right spines, faint horizontal grid.
    """
    pt = size_spec(size).font_pt
    return {
        "font.size": pt,
        "axes.titlesize": pt * 1.25,
        "axes.titlelocation": "left",
        "axes.titlepad": pt * 0.9,
        "axes.labelsize": pt,
        "axes.labelcolor": INK,
        "axes.edgecolor": MUTED,
        "axes.linewidth": 0.8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": False,
        "grid.color": GRID,
        "grid.linewidth": 0.7,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
        "xtick.labelcolor": INK,
        "ytick.labelcolor": INK,
        "xtick.labelsize": pt * 0.92,
        "ytick.labelsize": pt * 0.92,
        "legend.fontsize": pt * 0.88,
        "legend.frameon": False,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "text.color": INK,
    }


# ---------------------------------------------------------------------------------------------
# Number formats
# ---------------------------------------------------------------------------------------------


def format_percent(p: float, decimals: int = 1) -> str:
    """Write a probability or rate as a percentage: ``0.2345 -> "23.5%"``.

    Parameters
    ----------
    p : float
        Fraction (0.2345 is 23.45%).
    decimals : int
        Digits after the decimal point.

    Returns
    -------
    str
        The percentage with a ``%`` sign.
    """
    return f"{100 * p:.{decimals}f}%"


def interval_decimals(low: float, high: float) -> int:
    """Choose decimals that show an interval without false precision: fewer when wider."""
    width = 100 * abs(high - low)
    d = 0 if width >= 5 else 1 if width >= 0.5 else 2
    while d < 6 and f"{100 * low:.{d}f}" == f"{100 * high:.{d}f}" and low != high:
        d += 1  # e.g. 0–0.0019% for an interval next to zero: never print "0.00–0.00%"
    return d


def format_interval(low: float, high: float, decimals: int | None = None) -> str:
    """Write a probability interval as ``"22–24%"`` (one % sign, en dash).

    Parameters
    ----------
    low, high : float
        Interval bounds as fractions.
    decimals : int, optional
        Digits after the decimal point; by default chosen from the interval width.

    Returns
    -------
    str
        The interval text.
    """
    d = interval_decimals(low, high) if decimals is None else decimals
    return f"{100 * low:.{d}f}–{100 * high:.{d}f}%"


def format_value(x: float) -> str:
    """Write a level for labels: few decimals, no trailing zeros (``1100``, ``12.5``).

    Thousands separators only from 10,000 on, as Chinese statistical bulletins write ``1100亿元``.
    """
    if not math.isfinite(x):
        return str(x)
    magnitude = abs(x)
    decimals = 0 if magnitude >= 100 else 1 if magnitude >= 10 else 2 if magnitude >= 1 else 3
    text = f"{x:,.{decimals}f}" if magnitude >= 10_000 else f"{x:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


# ---------------------------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------------------------

LABELS: dict[str, dict[str, str]] = {
    "actual": {"zh": "实际值", "en": "Actual"},
    "history_derived": {"zh": "历史（按公布数据推算）", "en": "History (derived)"},
    "median": {"zh": "中位数", "en": "Median"},
    "band_50": {"zh": "50%区间", "en": "50% range"},
    "band_80": {"zh": "80%区间", "en": "80% range"},
    "band_90": {"zh": "90%区间", "en": "90% range"},
    "target": {"zh": "目标", "en": "Target"},
    "year": {"zh": "年份", "en": "Year"},
    "target_year": {"zh": "目标年", "en": "target"},
    "current_prices": {"zh": "现价", "en": "current prices"},
    "comparable_prices": {"zh": "可比价", "en": "constant prices"},
    "fan_title": {"zh": "{label}：预测区间与目标", "en": "{label}: projected range and targets"},
    "dashboard_title": {"zh": "规划目标达成概率", "en": "Probability of reaching each plan target"},
    "dist_title": {"zh": "{name}：模拟结果分布", "en": "{name}: simulated outcomes"},
    "passage_title": {
        "zh": "{name}：哪一年达到目标水平",
        "en": "{name}: year in which the level is reached",
    },
    "probability_axis": {"zh": "达成概率", "en": "Probability of success"},
    "probability_text": {"zh": "{p}（95%区间 {ci}）", "en": "{p} (95% interval {ci})"},
    "success_region": {"zh": "达标区域", "en": "Success region"},
    "fail": {"zh": "未达标", "en": "Not met"},
    "met": {"zh": "达标", "en": "Met"},
    "first_reached": {"zh": "当年首次达到", "en": "First reached in that year"},
    "reached_by": {"zh": "截至当年累计已达到", "en": "Reached by that year"},
    "determined": {"zh": "已由公布数据确定", "en": "settled by published data"},
    "draws": {"zh": "模拟次数 N={n}", "en": "Simulations N={n}"},
    "sample": {"zh": "图示基于前{n}次模拟", "en": "chart uses the first {n} draws"},
    "money_current": {"zh": "金额为现价", "en": "money at current prices"},
    "split_note": {
        "zh": "增速假设为可比价，经价格平减指数折算为现价",
        "en": "growth assumed in real terms (constant prices), converted with the deflator",
    },
    "growth_level": {"zh": "{year}年{basis}增速（%）", "en": "{basis} growth in {year} (%)"},
    "avg_growth_level": {
        "zh": "{first}–{year}年年均{basis}增速（%）",
        "en": "{basis} average annual growth {first}–{year} (%)",
    },
    "level_axis": {"zh": "{year}年{label}（{unit}）", "en": "{label} in {year} ({unit})"},
    "cumulative_axis": {
        "zh": "{first}–{year}年累计{label}（{unit}）",
        "en": "{label}, cumulative {first}–{year} ({unit})",
    },
    "passage_note": {
        "zh": "累计概率：截至该年至少有一年达到目标水平",
        "en": "Cumulative: the level has been reached in at least one year so far",
    },
    "scenario": {"zh": "情景：{name}", "en": "Scenario: {name}"},
    "calibration_none": {"zh": "增速假设按情景原样", "en": "growth assumptions as written"},
    "calibration_chart": {"zh": "增速假设经外部视角校准", "en": "growth calibrated (outside view)"},
    "calibration_outside_view": {
        "zh": "增速假设经外部视角校准（按以往省级增速目标与实际的偏差平移、加宽）",
        "en": "growth assumptions calibrated by the outside view (shifted and widened by past "
              "provincial growth targets' errors)",
    },
}
"""Chart wording by key and language; scenario labels (indicators, targets) stay as written."""

BASIS_WORDS: dict[str, dict[str, str]] = {
    "real": {"zh": "可比价", "en": "real"},
    "nominal": {"zh": "现价", "en": "nominal"},
    "none": {"zh": "", "en": ""},
}

STRENGTH_EN: dict[str, str] = {"确保": "ensure", "力争": "strive", "突破": "exceed"}
"""English for the commitment words plans attach to targets."""

SEPARATOR: dict[str, str] = {"zh": "；", "en": "; "}
"""Between items of a notes line."""


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if supported, else raise ValueError naming the valid values."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    return lang  # type: ignore[return-value]


def text(key: str, lang: str = "zh", **fields: object) -> str:
    """Return the label ``key`` in ``lang``, with ``{placeholders}`` filled from ``fields``.

    Parameters
    ----------
    key : str
        A key of ``LABELS``.
    lang : {"zh", "en"}
        Language.
    **fields
        Values for the placeholders of the template.

    Returns
    -------
    str
        The label text.
    """
    template = LABELS[key][check_lang(lang)]
    return template.format(**fields) if fields else template


def strength_label(strength: str | None, lang: str = "zh") -> str:
    """Prefix a target's commitment word: ``"【确保】"`` or ``"[ensure] "``; empty if none."""
    if not strength:
        return ""
    if check_lang(lang) == "zh":
        return f"【{strength}】"
    return f"[{STRENGTH_EN.get(strength, strength)}] "
