"""Pinned-seed golden numbers: any change to the random streams or the maths shows up here.

Regenerate only deliberately, with tests/golden/regenerate_results.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "golden"))

from regenerate_results import golden_numbers  # noqa: E402


@pytest.mark.parametrize("stem", ["daye-2026"])
def test_results_match_golden(stem):
    expected = json.loads((HERE / "golden" / f"results_{stem}.json").read_text(encoding="utf-8"))
    actual = json.loads(json.dumps(golden_numbers(stem)))
    assert actual["targets"].keys() == expected["targets"].keys()
    for name, numbers in expected["targets"].items():
        got = actual["targets"][name]
        assert got["successes"] == numbers["successes"], name
        for key in ("median", "p5", "p95"):
            if numbers[key] is None:
                assert got[key] is None, f"{name} {key}"
                continue
            np.testing.assert_allclose(got[key], numbers[key], rtol=1e-12, err_msg=f"{name} {key}")
    for key, table in expected["percentiles"].items():
        a = np.array(actual["percentiles"][key], dtype=float)
        np.testing.assert_allclose(a, np.array(table, dtype=float), rtol=1e-12, equal_nan=True, err_msg=key)
