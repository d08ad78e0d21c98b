"""The analyses' console tables: headers in the report's language, every value written by formats.

One function per command; each returns a :class:`Table` (header, rows of text, alignment) that
:func:`planmodel.report.writers.console.render_table` lays out. The DataFrames of the analyses
(``to_frame()``, the CSVs) keep their code column names and raw fractions for Python users; the
console shows what a planner reads: percentages with the one rounding rule, 百分点 for changes
of shares, "—" where a value is missing. Pure: results in, text out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from planmodel.analysis.compare import Comparison
from planmodel.analysis.conditions import Box
from planmodel.analysis.required import WINDOWS, Required
from planmodel.analysis.seek import Seek
from planmodel.analysis.sensitivity import Sensitivity
from planmodel.analysis.sweep import Sweep
from planmodel.report import formats, i18n
from planmodel.report.analysis_text import (
    factor_label,
    factor_value,
    needed_value,
    pace_text,
    param_label,
    param_value,
    published_row,
    recent_text,
    sampled,
)
from planmodel.report.rows import Row
from planmodel.results import TargetResult
from planmodel.scenario import Scenario

__all__ = [
    "Table",
    "compare_table",
    "conditions_table",
    "required_table",
    "seek_table",
    "sensitivity_table",
    "sweep_table",
]


@dataclass(frozen=True)
class Table:
    """A console table: header, rows (every cell text) and one ``<``/``>`` per column."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: str


def _header(lang: str, *keys: str) -> tuple[str, ...]:
    return tuple(i18n.text(k, lang) for k in keys)


def _name(names: Mapping[str, str], target: str) -> str:
    return names.get(target, target)


def required_table(
    scenario: Scenario,
    req: Required,
    lang: str,
    names: Mapping[str, str],
    rows: Mapping[str, Row] | None = None,
) -> Table:
    """Per target: pace needed (and real), achieved, assumed, simulated, and the probability.

    A target whose year is already published shows no pace needed (as the briefing's table).
    """
    body = []
    for r in req.rows:
        row = (rows or {}).get(r.target)
        open_ = not (r.determined or published_row(r, rows))
        real = r.needed_real if r.kind == "growth" and r.basis != "real" else None
        windows = [recent_text(scenario, r, lang, r.achieved[w]) if w in r.achieved else "" for w in WINDOWS]
        body.append(
            (
                _name(names, r.target),
                pace_text(scenario, r, needed_value(r) if open_ else None, lang, signed=r.kind == "change"),
                pace_text(scenario, r, real if open_ else None, lang),
                (recent_text(scenario, r, lang, r.recent) if r.recent else "") or formats.DASH,
                *(w or formats.DASH for w in windows),
                pace_text(scenario, r, r.assumed, lang, signed=r.kind == "change"),
                pace_text(scenario, r, r.projected, lang, signed=r.kind == "change"),
                row.probability.text if row is not None else sampled(r.probability, req.draws),
            )
        )
    header = _header(
        lang, "col_target", "col_required_needed", "col_required_real", "col_recent",
        "col_last_3y", "col_last_5y", "col_required_assumed", "col_median", "col_probability",
    )  # fmt: skip
    return Table(header, tuple(body), "<>>>>>>>>")


def seek_table(scenario: Scenario, result: Seek, lang: str) -> Table:
    """Every trial of a goal seek, by value: the assumption's value and the target's probability."""
    header = (param_label(scenario, result.param, lang), i18n.text("col_probability", lang))
    body = tuple(
        (param_value(scenario, result.param, v, lang), sampled(p, result.draws))
        for v, p in sorted(result.trials)
    )
    return Table(header, body, ">>")


def sensitivity_table(scenario: Scenario, result: Sensitivity, lang: str, names: Mapping[str, str]) -> Table:
    """Tornado bars per target: assumption, its 10th/90th percentile values and the probabilities there."""
    body = []
    for target, bars in result.bars.items():
        idx = result.indices.get(target)
        where = {f.key: i for i, f in enumerate(idx.factors)} if idx else {}
        for b in bars:
            i = where.get(b.factor.key)
            body.append(
                (
                    _name(names, target),
                    factor_label(scenario, b.factor, lang),
                    factor_value(scenario, b.factor, b.low_value, lang),
                    factor_value(scenario, b.factor, b.high_value, lang),
                    sampled(b.p_base, result.draws),
                    sampled(b.p_low, result.draws),
                    sampled(b.p_high, result.draws),
                    formats.points(100 * b.swing, lang),
                    formats.DASH if idx is None or i is None else formats.fixed(float(idx.first[i]), 2, lang),
                    formats.DASH if idx is None or i is None else formats.fixed(float(idx.total[i]), 2, lang),
                )
            )
    header = _header(
        lang, "col_target", "col_assumption", "col_at_p10", "col_at_p90", "col_probability",
        "col_probability_p10", "col_probability_p90", "col_swing", "col_sobol_first", "col_sobol_total",
    )  # fmt: skip
    return Table(header, tuple(body), "<<>>>>>>>>")


def sweep_table(scenario: Scenario, result: Sweep, lang: str, names: Mapping[str, str]) -> Table:
    """One row per grid point, one column per target: the probability there."""
    import numpy as np

    targets = list(result.probabilities)
    header = (
        *(param_label(scenario, a.param, lang) for a in result.axes),
        *(_name(names, t) for t in targets),
    )
    body = []
    for index in np.ndindex(*(len(a.values) for a in result.axes)):
        point = [
            param_value(scenario, a.param, a.values[i], lang) for a, i in zip(result.axes, index, strict=True)
        ]
        body.append(
            (*point, *(sampled(float(result.probabilities[t][index]), result.draws) for t in targets))
        )
    return Table(header, tuple(body), ">" * len(header))


def compare_table(result: Comparison, lang: str, names: Mapping[str, str]) -> Table:
    """Per target and scenario: probability, its interval and the simulated median."""
    from planmodel.report.rows import target_row

    body = []
    for name in result.targets():
        for label, res in zip(result.labels, result.results, strict=True):
            t: TargetResult | None = next((t for t in res.targets if t.name == name), None)
            if t is None:
                continue
            row = target_row(t, res, _name(names, name), lang)
            body.append(
                (row.name, label, row.probability.text, row.interval.text or formats.DASH,
                 row.median.text or formats.DASH, row.needed.text or formats.DASH)
            )  # fmt: skip
    header = _header(lang, "col_target", "col_scenario", "col_probability", "col_interval", "col_median",
                     "col_needed")  # fmt: skip
    return Table(header, tuple(body), "<<>>>>")


def conditions_table(scenario: Scenario, boxes: Sequence[Box], lang: str, names: Mapping[str, str]) -> Table:
    """One row per limit of each box, with the box's probability inside, coverage and the base."""
    body = []
    for box in boxes:
        inside = (
            sampled(box.density, box.draws),
            formats.percent(box.coverage, 0),
            sampled(box.base, box.draws),
        )
        if not box.limits:
            body.append((_name(names, box.target), formats.DASH, formats.DASH, *inside))
        for lim in box.limits:
            bound = i18n.text("col_at_least" if lim.lower else "col_at_most", lang)
            body.append(
                (
                    _name(names, box.target),
                    factor_label(scenario, lim.factor, lang),
                    f"{bound} {factor_value(scenario, lim.factor, lim.value, lang)}"
                    if lang == "en"
                    else bound + factor_value(scenario, lim.factor, lim.value, lang),
                    *inside,
                )
            )
    header = _header(lang, "col_target", "col_assumption", "col_condition", "col_probability_inside",
                     "col_coverage", "col_probability")  # fmt: skip
    return Table(header, tuple(body), "<<<>>>")
