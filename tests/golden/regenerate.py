"""Regenerate the briefing golden files from ``make_results()``.

Run explicitly, never from tests, and read the diff before committing (every sentence must be what a
planner would write):

    python tests/golden/regenerate.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from planmodel.report.content import build_briefing  # noqa: E402
from planmodel.report.rows import overview_cells  # noqa: E402

from synthetic_results import make_results  # noqa: E402

MANIFEST = {"created_utc": "2026-11-28T00:00:00Z"}


def briefing_text(lang: str) -> str:
    """Summary, one line per overview row and the findings of the synthetic results."""
    b = build_briefing(make_results(), MANIFEST, lang)
    lines = [*b.summary, ""]
    for r in b.rows:
        cells = overview_cells(r)
        lines.append(" | ".join(cells[:1] + cells[2:]))
    return "\n".join([*lines, "", *b.findings, "", *b.risks]) + "\n"


def main() -> None:
    for lang in ("zh", "en"):
        path = HERE / f"briefing_{lang}.txt"
        path.write_text(briefing_text(lang), encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
