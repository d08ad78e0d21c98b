"""Terminal tables whose Chinese labels line up (CJK characters take two columns).

Pure formatting: returns strings, prints nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from .calibration import Z90, NarrowBand, OutsideView
from .report.style import interval_decimals, text
from .results import Results, TargetResult
from .units import format_rate


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide and full-width characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, align: str = "<") -> str:
    """Pad ``text`` to ``width`` terminal columns."""
    gap = max(0, width - display_width(text))
    return text + " " * gap if align == "<" else " " * gap + text


def render_table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> str:
    """A plain aligned table; ``align`` holds one of ``<``/``>`` per column."""
    widths = [max(display_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(pad(str(h), w, a) for h, w, a in zip(header, widths, align, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append(
            "  ".join(pad(str(c), w, a) for c, w, a in zip(row, widths, align, strict=True))
        )
    return "\n".join(lines)


def _value(t: TargetResult, x: float | None) -> str:
    if x is None:
        return "—"
    if t.measure in ("growth", "avg_growth"):
        return format_rate(x)
    return f"{x:,.4g}" if abs(x) < 1000 else f"{x:,.0f}"


_BASIS_WORDS = {"zh": ("名义", "可比价", "自"), "en": ("nominal", "real", "from")}


def _required(t: TargetResult, lang: str) -> str:
    nominal, real, since = _BASIS_WORDS[lang]
    parts = []
    if t.required_change is not None:
        parts.append(f"{t.required_change:+.2f}{t.unit}/{'年' if lang == 'zh' else 'yr'}")
    if t.required_growth is not None:
        parts.append(
            f"{format_rate(t.required_growth)}" + (f" {nominal}" if t.basis == "nominal" else "")
        )
    if t.required_real_growth is not None:
        parts.append(f"{format_rate(t.required_real_growth)} {real}")
    if not parts:
        return "—"
    return " / ".join(parts) + f" ({since} {t.required_from_year})"


HEADERS = {
    "zh": ("目标", "年份", "概率", "95%区间", "中位数", "5–95%", "差距", "所需年均增速"),
    "en": (
        "target",
        "year",
        "probability",
        "95% interval",
        "median",
        "5–95%",
        "gap",
        "required growth p.a.",
    ),
}


def targets_table(results: Results, lang: str = "zh") -> str:
    """One row per target: probability with interval, median and range, gap, required growth."""
    rows = []
    for t in results.targets:
        if t.determined:
            interval = "已由公布数据确定" if lang == "zh" else "fixed by published data"
        else:
            d = interval_decimals(t.ci_low, t.ci_high)
            interval = f"{100 * t.ci_low:.{d}f}–{100 * t.ci_high:.{d}f}%"
        spread = "—" if t.p5 is None else f"{_value(t, t.p5)}–{_value(t, t.p95)}"
        year = str(t.year) if t.first_year is None else f"{t.first_year}–{t.year}"
        rows.append(
            [
                t.name,
                year,
                t.display,
                interval,
                _value(t, t.median),
                spread,
                _value(t, t.gap) if t.gap is not None else "—",
                _required(t, lang),
            ]
        )
    seed = results.seed if results.seed is not None else results.entropy
    setting = text(f"calibration_{results.calibration}", lang)
    title = f"{results.scenario}  (N = {results.draws:,}, seed {seed}; {setting})"
    return title + "\n\n" + render_table(HEADERS[lang], rows, "<<>>>>><")


def calibration_table(plain: Results, calibrated: Results, lang: str = "zh") -> str:
    """Each target's probability with the assumptions as written and with the outside view.

    Both runs use the same seed and draws, so the difference is the calibration's alone.
    """
    header = {
        "zh": ("目标", "年份", "按情景原样", "外部视角校准", "变化（百分点）"),
        "en": ("target", "year", "as written", "outside view", "change (points)"),
    }[lang]
    rows = []
    for a, b in zip(plain.targets, calibrated.targets, strict=True):
        year = str(a.year) if a.first_year is None else f"{a.first_year}–{a.year}"
        change = 100 * (b.probability - a.probability)
        rows.append([a.name, year, a.display, b.display, "—" if a.determined else f"{change:+.1f}"])
    note = {
        "zh": "外部视角：按192个省级年度GDP增速目标与实际的偏差，平移并加宽增速假设（docs/calibration.md）。",
        "en": "Outside view: growth assumptions shifted and widened by the errors of 192 provincial annual "
        "GDP growth targets (docs/calibration.md).",
    }[lang]
    return render_table(header, rows, "<<>>>") + "\n" + note


def band_warning(source: str, band: NarrowBand, view: OutsideView) -> str:
    """The ``validate`` warning for a growth band narrower than past plan errors suggest."""
    span = (
        f"growth in {band.first_year}"
        if band.years == 1
        else f"average growth over {band.first_year}–{band.last_year}"
    )
    return (
        f"planmodel: warning: {source}: indicators.{band.indicator}: the 90% band of {span} is "
        f"±{100 * Z90 * band.scenario_sd:.1f} points; plan-versus-outcome errors of "
        f"{view.pairs} provincial GDP growth targets ({view.years[0]}–{view.years[1]}) suggest at least "
        f"±{100 * Z90 * band.reference_sd:.1f} points (see docs/calibration.md; calibration: "
        "outside_view widens it)"
    )
