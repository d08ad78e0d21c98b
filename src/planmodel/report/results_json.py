"""``results.json``: the machine-readable result of a run (documented in docs/results-json.md).

Other tools and notebooks read this file, so its keys are stable; new keys may be added.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

from ..results import Results, TargetResult

SCHEMA_VERSION = 1


def _clean(value: Any) -> Any:
    """JSON-safe: NaN/inf → None, tuples → lists, recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def target_to_dict(t: TargetResult) -> dict[str, Any]:
    """One target's verdict with the keys promised in docs/results-json.md."""
    data = asdict(t)
    data["probability_display"] = data.pop("display")
    return _clean(data)


def results_to_dict(results: Results) -> dict[str, Any]:
    """The whole run's results as plain JSON data."""
    percentiles = []
    for key, table in results.percentiles.items():
        info = results.indicators[key]
        for i, year in enumerate(results.years):
            row = {"indicator": key, "year": year, "actual": info.actual.get(year)}
            row.update(
                {
                    f"p{round(q * 100):02d}": float(v)
                    for q, v in zip(results.quantiles, table[i], strict=True)
                }
            )
            percentiles.append(row)
    return _clean(
        {
            "schema_version": SCHEMA_VERSION,
            "scenario": results.scenario,
            "region": results.region,
            "draws": results.draws,
            "seed": results.seed,
            "seed_entropy": str(results.entropy),
            "years": list(results.years),
            "indicators": {
                k: {
                    "label": i.label,
                    "unit": i.unit,
                    "kind": i.kind,
                    "price_basis": i.price_basis,
                    "last_actual_year": i.last_actual_year,
                    "actual": {str(y): v for y, v in i.actual.items()},
                }
                for k, i in results.indicators.items()
            },
            "targets": [target_to_dict(t) for t in results.targets],
            "percentiles": percentiles,
            "notes": list(results.notes),
        }
    )
