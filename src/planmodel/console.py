"""Terminal tables whose Chinese labels line up (CJK characters take two columns).

Pure formatting: returns strings, prints nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from .report.style import interval_decimals
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
    title = f"{results.scenario}  (N = {results.draws:,}, seed {seed})"
    return title + "\n\n" + render_table(HEADERS[lang], rows, "<<>>>>><")
