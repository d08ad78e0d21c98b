"""What a run's documents say about its growth assumptions: as written, or calibrated by the outside view.

A run uses the scenario's growth assumptions as written (``calibration: none``) or shifted and
widened by the errors past plans have made (``outside_view``, :mod:`planmodel.calibration`); every
report says which (the statement), charts of a calibrated run say so in their notes, the method
appendix gives the outside view's numbers, and ``run --calibration both`` prints the two runs side
by side (:func:`compare_calibration`). The fact comes from :attr:`Results.calibration`, the numbers
from the manifest's ``outside_view`` record (written by :mod:`planmodel.runner`); the words from
:mod:`planmodel.report.catalog`. Pure: returns text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from planmodel.report import formats, i18n
from planmodel.results import Results, TargetResult

if TYPE_CHECKING:  # content builds on this module
    from planmodel.report.content import Briefing

__all__ = ["CalibrationComparison", "chart_note", "compare_calibration", "method", "statement"]


def statement(results: Results, lang: str) -> str:
    """Which growth assumptions the run used: ``增速假设按情景原样`` or ``增速假设经外部视角校准（…）``."""
    return i18n.text(f"calibration_{results.calibration}", lang)


def chart_note(results: Results, lang: str) -> str:
    """The short form charts add to their notes when calibrated (empty otherwise)."""
    return i18n.text("calibration_chart", lang) if results.calibration == "outside_view" else ""


def method(results: Results, record: Mapping[str, Any] | None, lang: str) -> str:
    """The outside view's numbers in words, for the method appendix (empty when not calibrated).

    ``record`` is the manifest's ``outside_view`` (growth-rate units: 0.01 = 1 point); without it
    the appendix says nothing more than the statement.
    """
    if results.calibration != "outside_view" or not record:
        return ""
    shift = float(record["shift"])
    first, last = record["years"]
    return i18n.text(
        "method_outside_view",
        lang,
        first=first,
        last=last,
        pairs=record["pairs"],
        direction=i18n.text("shift_down" if shift < 0 else "shift_up", lang),
        shift=formats.points(100 * abs(shift), lang),
        yearly=formats.points(100 * float(record["yearly_sd"]), lang),
        trend=formats.points(100 * float(record["trend_sd"]), lang),
    )


def _decimals(t: TargetResult) -> int:
    """The decimals its probability is written with."""
    return formats.probability(t.successes, t.draws, t.ci_low, t.ci_high).decimals


@dataclass(frozen=True)
class CalibrationComparison:
    """Each target's probability as written and calibrated, as the console prints them."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    """Target, year, probability as written, calibrated, change (percentage points)."""
    note: str


def compare_calibration(
    plain: Results,
    calibrated: Results,
    plain_briefing: Briefing,
    calibrated_briefing: Briefing,
    manifest: Mapping[str, Any] | None = None,
) -> CalibrationComparison:
    """The two runs of ``run --calibration both`` side by side (same seed and draws).

    ``manifest`` is the calibrated run's (its ``outside_view`` record names the reference class).
    A target settled by data shows no change; a change is written with the decimals of the finer
    of the two probabilities (0.010% → 0.011% is +0.001 points, not 0.00); no change at all is 0.0.
    """
    lang = plain_briefing.lang
    keys = ("col_target", "col_year", "col_as_written", "col_outside_view", "col_change")
    header = tuple(i18n.text(k, lang) for k in keys)
    rows = []
    for a, b, ra, rb in zip(
        plain.targets, calibrated.targets, plain_briefing.rows, calibrated_briefing.rows, strict=True
    ):
        if a.determined:
            change = formats.DASH
        elif a.successes == b.successes:  # not calibrated (shares, published years): no change at all
            change = formats.points(0.0, lang)
        else:
            shown = max(_decimals(a), _decimals(b))
            change = formats.points(100 * (b.probability - a.probability), lang, signed=True, decimals=shown)
        rows.append((ra.name, ra.year, ra.probability.text, rb.probability.text, change))
    record = (manifest or {}).get("outside_view")
    if record:
        first, last = record["years"]
        note = i18n.text("compare_note", lang, pairs=record["pairs"], first=first, last=last)
    else:
        note = statement(calibrated, lang)
    return CalibrationComparison(header, tuple(rows), note)
