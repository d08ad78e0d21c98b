"""The machine-readable outputs: ``results.json``, ``targets.csv`` and ``percentiles.csv``.

Numbers are exact (full float precision) and keys are stable English snake_case (documented in
docs/results-json.md); the few text columns (``probability_text``, ``interval_text``) are the
briefing's, so a tool can check what a reader saw. Pure: returns data and strings, writes no files.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
from typing import Any

import numpy as np

from planmodel.report.content import Briefing, build_briefing
from planmodel.report.writers.cells import neutralise
from planmodel.results import GapYears, Results, ScenarioNote, TargetResult

__all__ = [
    "SCHEMA_VERSION",
    "TARGET_KEYS",
    "PERCENTILE_KEYS",
    "percentiles_csv",
    "results_to_dict",
    "targets_csv",
]

SCHEMA_VERSION = 2
"""Version 2 (planmodel 1.1): units as symbols, typed notes, assumptions as distributions, paces
from the latest known value; see docs/results-json.md for the changes from version 1."""

TARGET_KEYS: tuple[str, ...] = (
    "name",
    "indicator",
    "label",
    "year",
    "first_year",
    "measure",
    "comparison",
    "basis",
    "unit",
    "threshold",
    "threshold_high",
    "probability",
    "ci_low",
    "ci_high",
    "probability_text",
    "interval_text",
    "status",
    "determined",
    "evidence",
    "level_basis",
    "successes",
    "draws",
    "median",
    "p5",
    "p95",
    "gap",
    "start_year",
    "start_value",
    "start_status",
    "required_nominal_growth",
    "required_real_growth",
    "required_change",
    "required_upper",
    "required_real_upper",
    "required_from_year",
    "projected_pace",
    "historical_from_year",
    "historical_to_year",
    "historical_nominal_growth",
    "historical_real_growth",
    "historical_change",
    "strength",
    "source",
)
"""Columns of ``targets.csv``, in order."""
PERCENTILE_KEYS: tuple[str, ...] = (
    "indicator",
    "label",
    "unit",
    "year",
    "known",
    "p05",
    "p10",
    "p25",
    "p50",
    "p75",
    "p90",
    "p95",
)


def _clean(value: Any) -> Any:
    """JSON-safe: NaN/inf → None, tuples → lists, recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def _probability_text(t: TargetResult, briefing: Briefing) -> tuple[str, str, str]:
    row = briefing.row(t.name)
    if t.determined:
        return ("100%" if t.successes == t.draws else "0%"), "", row.band
    return row.probability.text, row.interval.text, row.band


def target_to_dict(t: TargetResult, briefing: Briefing) -> dict[str, Any]:
    """One target's numbers with the keys documented in docs/results-json.md."""
    data = dataclasses.asdict(t)
    data["unit"] = t.unit.symbol
    data["probability_display"], data["interval_display"], data["status"] = _probability_text(t, briefing)
    return data


def _distribution(dist: Any) -> dict[str, Any] | None:
    if dist is None:
        return None
    return {"family": dist.family, **dataclasses.asdict(dist)}


def results_to_dict(results: Results, briefing: Briefing | None = None) -> dict[str, Any]:
    """The whole run's results as plain JSON data (display texts from ``briefing``, else a Chinese one)."""
    if briefing is None:
        briefing = build_briefing(results, {}, "zh")
    percentiles = []
    for key, table in results.percentiles.items():
        info = results.indicators[key]
        for i, year in enumerate(results.years):
            row = {
                "indicator": key,
                "year": year,
                "actual": info.actual.get(year),
                "known": info.status_by_year.get(year),
            }
            row.update(
                {f"p{round(q * 100):02d}": float(v) for q, v in zip(results.quantiles, table[i], strict=True)}
            )
            bounds = results.percentile_bounds.get(key)
            row["bound"] = float(np.max(bounds[i])) if bounds is not None else None
            percentiles.append(row)
    notes: list[dict[str, Any]] = []
    for note in results.notes:
        if isinstance(note, ScenarioNote):
            notes.append({"kind": "scenario", "text": note.text})
        elif isinstance(note, GapYears):
            notes.append({"kind": "gap_years", "indicator": note.indicator, "years": list(note.years)})
    return _clean(
        {
            "schema_version": SCHEMA_VERSION,
            "scenario": results.scenario,
            "scenario_en": results.scenario_en,
            "issuer": results.issuer,
            "region": results.region,
            "draws": results.draws,
            "seed": results.seed,
            "seed_entropy": str(results.entropy),
            "base_year": results.base_year,
            "calibration": results.calibration,
            "years": list(results.years),
            "indicators": {
                k: {
                    "label": i.label,
                    "label_en": i.label_en,
                    "unit": i.unit.symbol,
                    "kind": i.kind,
                    "price_basis": i.price_basis,
                    "last_actual_year": i.last_actual_year,
                    "actual": {str(y): v for y, v in i.actual.items()},
                    "actual_status": {str(y): v for y, v in i.actual_status.items()},
                    "actual_growth": {str(y): v for y, v in i.actual_growth.items()},
                    "growth_status": {str(y): v for y, v in i.growth_status.items()},
                    "actual_avg_growth": {f"{a}-{b}": v for (a, b), v in i.actual_avg_growth.items()},
                    "components": list(i.components),
                    "region": i.region,
                }
                for k, i in results.indicators.items()
            },
            "targets": [target_to_dict(t, briefing) for t in results.targets],
            "assumptions": [
                {
                    "indicator": a.indicator,
                    "kind": a.kind,
                    "years": list(a.years),
                    "unit": a.unit.symbol,
                    "distribution": _distribution(a.distribution),
                    "value": a.value,
                    "parameters": dict(a.parameters),
                    "in_unit": a.in_unit,
                    "revised": a.revised,
                    "status": a.status,
                    "reason": a.reason,
                    "source": a.source,
                }
                for a in results.assumptions
            ],
            "correlations": [[c.a, c.b, c.rho] for c in results.correlations],
            "percentiles": percentiles,
            "notes": notes,
            "tasks": [dataclasses.asdict(task) for task in results.tasks],
        }
    )


def _num(x: float | None) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def _target_row(t: TargetResult, briefing: Briefing) -> dict[str, Any]:
    low, high = t.threshold if isinstance(t.threshold, tuple) else (t.threshold, None)
    real = t.basis == "real"
    hist = t.historical
    text, interval, status = _probability_text(t, briefing)
    return {
        "name": t.name,
        "indicator": t.indicator,
        "label": t.label,
        "year": t.year,
        "first_year": t.first_year,
        "measure": t.measure,
        "comparison": t.comparison,
        "basis": t.basis,
        "unit": t.unit.symbol,
        "threshold": _num(low),
        "threshold_high": _num(high),
        "probability": t.probability,
        "ci_low": t.ci_low,
        "ci_high": t.ci_high,
        "probability_text": text,
        "interval_text": interval,
        "status": status,
        "determined": t.determined,
        "evidence": t.evidence,
        "level_basis": t.level_basis,
        "successes": t.successes,
        "draws": t.draws,
        "median": _num(t.median),
        "p5": _num(t.p5),
        "p95": _num(t.p95),
        "gap": _num(t.gap),
        "start_year": t.start_year,
        "start_value": _num(t.start_value),
        "start_status": t.start_status,
        "required_nominal_growth": None if real else _num(t.required_growth),
        "required_real_growth": _num(t.required_real_growth),
        "required_change": _num(t.required_change),
        "required_upper": _num(t.required_upper),
        "required_real_upper": _num(t.required_real_upper),
        "required_from_year": t.required_from_year,
        "projected_pace": _num(t.projected_pace),
        "historical_from_year": None if hist is None else hist.from_year,
        "historical_to_year": None if hist is None else hist.to_year,
        "historical_nominal_growth": None if hist is None else _num(hist.nominal),
        "historical_real_growth": None if hist is None else _num(hist.real),
        "historical_change": None if hist is None else _num(hist.change),
        "strength": t.strength,
        "source": t.source,
    }


def _cell(value: Any) -> str:
    """One CSV cell: full float precision, empty for missing values, text never a formula."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(neutralise(value))


def _csv(header: tuple[str, ...] | list[str], rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([neutralise(h) for h in header])
    writer.writerows([[_cell(row.get(k)) for k in header] for row in rows])
    return buf.getvalue()


def targets_csv(results: Results, briefing: Briefing) -> str:
    """``targets.csv`` text (the writer adds the UTF-8 BOM Excel needs)."""
    return _csv(TARGET_KEYS, [_target_row(t, briefing) for t in results.targets])


def percentiles_csv(results: Results) -> str:
    """``percentiles.csv`` text: levels in each indicator's unit by year, and how each is known."""
    names = [f"p{round(100 * q):02d}" for q in results.quantiles]
    rows = []
    for key, table in results.percentiles.items():
        info = results.indicators[key]
        for i, year in enumerate(results.years):
            row: dict[str, Any] = {
                "indicator": key,
                "label": info.label,
                "unit": info.unit.symbol,
                "year": year,
                "known": info.status_by_year.get(year, ""),
            }
            row.update({n: float(v) for n, v in zip(names, table[i], strict=True)})
            rows.append(row)
    return _csv([*PERCENTILE_KEYS[:5], *names], rows)
