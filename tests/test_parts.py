"""Parts of a whole (sum_of): the whole is the sum of its parts in every draw; shares and errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from planmodel.engine import simulate
from planmodel.errors import ScenarioError
from planmodel.scenario import scenario_from_mapping


def _data(parts=("a", "b"), rho=0.0):
    return {
        "scenario": "t",
        "horizon": 2025,
        "indicators": {
            "a": {"label": "a", "unit": "亿元", "actual": {2024: 60},
                  "growth": {"normal": {"mean": "5%", "sd": "2%"}}},
            "b": {"label": "b", "unit": "亿元", "actual": {2024: 40},
                  "growth": {"normal": {"mean": "10%", "sd": "3%"}}},
        },
        "derived": {
            "whole": {"label": "整体", "unit": "亿元", "sum_of": list(parts)},
            "share_a": {"label": "a占比", "unit": "%", "formula": "a / whole"},
        },
        "correlation": [["a", "b", rho]] if rho else [],
        "targets": [],
    }  # fmt: skip


@pytest.mark.parametrize("rho", [0.0, 0.6])
def test_the_whole_is_the_sum_and_its_spread_follows_the_correlation(rho):
    paths = simulate(scenario_from_mapping(_data(rho=rho)), 1, 40_000)
    whole = paths.levels["whole"][:, -1]
    assert np.allclose(whole, paths.levels["a"][:, -1] + paths.levels["b"][:, -1])
    assert np.allclose(paths.levels["share_a"][:, -1], 100 * paths.levels["a"][:, -1] / whole)
    # Var(60·g_a + 40·g_b) = 60²·0.02² + 40²·0.03² + 2ρ·60·40·0.02·0.03 (Gaussian copula on normals)
    sd = math.sqrt(1.44 + 1.44 + 2 * rho * 1.44)
    assert whole.std() == pytest.approx(sd, rel=0.03)
    assert whole.mean() == pytest.approx(60 * 1.05 + 40 * 1.10, abs=4 * sd / math.sqrt(len(whole)))


def test_bad_parts_are_located():
    with pytest.raises(ScenarioError) as err:
        scenario_from_mapping(_data(parts=("a",)))
    assert err.value.path == ("derived", "whole", "sum_of")
    with pytest.raises(ScenarioError) as err:
        scenario_from_mapping(_data(parts=("a", "zz")))
    assert err.value.path == ("derived", "whole", "sum_of") and "zz" in err.value.message
