"""Regenerate the sentence golden files from ``make_results()``.

Run explicitly, never from tests, and review the diff before committing:

    python tests/golden/regenerate.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from planmodel.report.sentences import findings  # noqa: E402

from synthetic_results import make_results  # noqa: E402


def main() -> None:
    results = make_results()
    for lang in ("zh", "en"):
        path = HERE / f"sentences_{lang}.txt"
        path.write_text("\n".join(findings(results, lang)) + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
