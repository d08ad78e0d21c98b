"""The terminal table: one line per target, Chinese columns lined up (CJK characters take two columns).

Lays out the briefing's rows; computes nothing. Pure: returns a string, prints nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from planmodel.report import i18n
from planmodel.report.content import Briefing
from planmodel.report.outside_view import CalibrationComparison

__all__ = ["calibration_table", "display_width", "pad", "render_table", "targets_table"]


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
    lines = ["  ".join(pad(str(h), w, a) for h, w, a in zip(header, widths, align, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append(
            "  ".join(pad(str(c), w, a) for c, w, a in zip(row, widths, align, strict=True)).rstrip()
        )
    return "\n".join(lines)


def targets_table(briefing: Briefing, draws: int, seed: object) -> str:
    """Title line (with the growth assumptions used), then a row per target.

    Each row: year, probability, interval, status, median, latest value, pace needed.
    """
    lang = briefing.lang
    header = [
        i18n.text(k, lang)
        for k in (
            "col_target",
            "col_year",
            "col_probability",
            "col_interval",
            "col_band",
            "col_median",
            "col_latest",
            "col_needed",
        )
    ]
    rows = [
        [
            r.name,
            r.year,
            r.probability.text,
            r.interval.text,
            r.band_text,
            r.median.text,
            r.latest.text,
            r.needed.text,
        ]
        for r in briefing.rows
    ]
    title = i18n.text("console_title", lang, title=briefing.title, draws=f"{draws:,}", seed=seed,
                      calibration=briefing.calibration)  # fmt: skip
    return title + "\n\n" + render_table(header, rows, "<<>><><>")


def calibration_table(comparison: CalibrationComparison) -> str:
    """The runs of ``run --calibration both`` side by side, then what the outside view is."""
    return render_table(comparison.header, comparison.rows, "<<>>>") + "\n" + comparison.note
