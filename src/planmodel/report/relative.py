"""Relative targets (高于全省, 收入与经济增长基本同步): what they are compared with, and what they ask.

A relative target's threshold is on a difference (this indicator's measure minus another's), so it
is said in words, the same in the overview, the names, the charts and the mid-term table.
"""

from __future__ import annotations

from planmodel.report import formats, i18n
from planmodel.results import Results, TargetResult
from planmodel.units import Unit

__all__ = ["reference_label", "relative_condition", "target_condition"]


def relative_condition(comparison: str, margin: float, ref: str, rate: bool, unit: Unit, lang: str) -> str:
    """What a relative target asks of its difference from ``ref``: ``高于全省``, ``低于全市不超过1个百分点``.

    ``margin`` is the threshold on (this − ``ref``): in points for rates, else in ``unit``.
    """
    size = formats.points(100 * abs(margin), lang) if rate else formats.difference(abs(margin), unit, lang)
    up = comparison == "at_least"
    if margin == 0:
        key = "cond_above" if up else "cond_below"
    elif up:
        key = "cond_above_by" if margin > 0 else "cond_below_within"
    else:
        key = "cond_below_by" if margin < 0 else "cond_above_within"
    return i18n.text(key, lang, ref=ref, size=size)


def reference_label(t: TargetResult, results: Results, lang: str) -> str:
    """What a relative target is compared with, in ``lang``.

    In Chinese the other region (高于湖南省, as plans say 高于全省), else the other indicator's label.
    """
    info = results.indicators.get(t.reference or "")
    own = results.indicators.get(t.indicator or "")
    if lang == "zh" and info is not None and info.region and (own is None or own.region != info.region):
        return info.region
    return i18n.indicator_label(info, lang, t.reference or "")


def target_condition(t: TargetResult, results: Results, lang: str) -> str:
    """What the relative target ``t`` asks, in ``lang`` (its threshold is on the difference)."""
    margin = t.threshold[0] if isinstance(t.threshold, tuple) else t.threshold
    rate, ref = t.measure in ("growth", "avg_growth"), reference_label(t, results, lang)
    return relative_condition(t.comparison, float(margin), ref, rate, t.unit, lang)
