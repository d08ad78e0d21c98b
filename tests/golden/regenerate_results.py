"""Regenerate the golden numbers of tests/test_golden.py (run by hand, never by the tests).

    python tests/golden/regenerate_results.py

Only do this after a deliberate change to the random streams or the maths, and say why in the
commit message.
"""

from __future__ import annotations

import json
from pathlib import Path

from planmodel import load_scenario, run

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DRAWS, SEED = 20_000, 7


def golden_numbers(stem: str) -> dict:
    """The numbers pinned for one shipped scenario."""
    results = run(load_scenario(ROOT / "scenarios" / f"{stem}.yaml"), draws=DRAWS, seed=SEED).results
    return {
        "draws": DRAWS,
        "seed": SEED,
        "targets": {
            t.name: {"successes": t.successes, "median": t.median, "p5": t.p5, "p95": t.p95}
            for t in results.targets
        },
        "percentiles": {k: [[None if v != v else v for v in row] for row in table.tolist()]
                        for k, table in results.percentiles.items()},
    }


if __name__ == "__main__":
    for stem in ("daye-2026",):
        path = HERE / f"results_{stem}.json"
        text = json.dumps(golden_numbers(stem), ensure_ascii=False, indent=1) + "\n"
        path.write_text(text, encoding="utf-8")
        print("wrote", path)
