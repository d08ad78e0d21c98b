"""Years between two published levels: simulated, landing on both published ends (issue 7 part 3).

The conditioning of a bridge is Gaussian conditioning on the sum of the steps; for additive
(``change``) steps with normal assumptions it is exact, so its mean and variance are compared with
the textbook formulas, within 5 Monte Carlo standard errors.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from planmodel.engine import simulate
from planmodel.evaluation import evaluate
from planmodel.results import GapYears
from planmodel.runner import run

from conftest import build, minimal_dict, settings_of

N = 200_000


def urban(change, over_years=None):
    data = minimal_dict()
    data["horizon"] = 2025
    data["indicators"] = {
        "urban": {
            "label": "城镇化率",
            "unit": "%",
            "actual": {2022: 60, 2024: 62},
            "change": change,
            "over_years": over_years or {},
        }
    }
    data["derived"] = {}
    data["targets"] = []
    return build(data)


CHANGES = {
    2023: {"normal": {"mean": 1.0, "sd": 0.4}},
    2024: {"normal": {"mean": 0.6, "sd": 0.3}},
    2025: {"normal": {"mean": 0.8, "sd": 0.3}},
}


@pytest.mark.parametrize("phi", [0.0, 0.6])
def test_bridge_is_gaussian_conditioning_on_the_published_end(phi):
    paths = simulate(urban(CHANGES, {"persistence": phi}), entropy=1, draws=N)
    level = paths.levels["urban"]
    assert np.all(level[:, 0] == 60.0) and np.all(level[:, 2] == 62.0)  # both ends exactly
    s1, s2 = 0.4, 0.3
    cov12 = phi * s1 * s2
    total = s1**2 + 2 * cov12 + s2**2
    mean = 1.0 + (s1**2 + cov12) / total * (2.0 - 1.6)
    var = s1**2 - (s1**2 + cov12) ** 2 / total
    x1 = level[:, 1] - 60.0
    assert x1.mean() == pytest.approx(mean, abs=5 * math.sqrt(var / N))
    assert x1.var() == pytest.approx(var, rel=5 * math.sqrt(2 / N))
    steps = paths.levels["urban"][:, 1:3] - paths.levels["urban"][:, 0:2]
    np.testing.assert_allclose(steps.sum(axis=1), 2.0, rtol=0, atol=1e-12)


def daye_like(targets=()):
    data = minimal_dict()
    data["horizon"] = 2026
    data["indicators"] = {
        "gdp": {
            "label": "地区生产总值",
            "unit": "亿元",
            "actual": {2022: 860.79, 2024: 930.71},
            "actual_growth": {2024: "8%"},
            "real_growth": {"2025-2026": {"normal": {"mean": "7.5%", "sd": "1%"}}},
            "deflator": {"normal": {"mean": "-1%", "sd": "1.5%"}},
        }
    }
    data["derived"] = {}
    data["targets"] = list(targets)
    return data


def test_bridge_lands_on_both_published_levels_and_keeps_published_growth():
    s = build(daye_like())
    paths = simulate(s, entropy=2, draws=50_000)
    col = paths.years.index
    level, real, price = paths.levels["gdp"], paths.real_growth["gdp"], paths.price_index["gdp"]
    assert np.all(level[:, col(2022)] == 860.79) and np.all(level[:, col(2024)] == 930.71)
    assert np.all(real[:, col(2024)] == 0.08)  # published growth kept in every draw
    # compounding real growth and prices through the gap reproduces the far end
    nominal = level[:, col(2022)] * (1 + real[:, col(2023)]) * (1 + real[:, col(2024)])
    nominal = nominal * price[:, col(2024)] / price[:, col(2022)]
    np.testing.assert_allclose(nominal, 930.71, rtol=1e-12)
    assert level[:, col(2023)].std() > 1.0  # a simulated year with spread, not a fill


def test_gap_year_is_a_probability_not_published_data():
    # 大冶: 860.79 (2022) and 930.71 (2024); "≥ 900亿 in 2023" was reported "0%, determined".
    data = daye_like([{"name": "2023年900亿", "indicator": "gdp", "year": 2023, "at_least": "900亿元"}])
    res = run(build(data), settings_of(data)).results
    t = res.targets[0]
    assert not t.determined
    assert 0.0 < t.probability < 1.0
    assert 2023 not in res.indicators["gdp"].actual
    assert 2023 not in res.indicators["gdp"].actual_status
    low, high = res.percentiles["gdp"][res.years.index(2023)][[0, -1]]
    assert low < 895.07 < high  # the old constant-growth fill sits inside the simulated spread
    assert GapYears("gdp", (2023,)) in res.notes  # a typed note; the reports say it is simulated
    assert res.indicators["gdp"].status_by_year[2023] == "simulated"


def test_gap_with_no_assumption_borrows_the_nearest_and_centres_on_constant_growth():
    data = minimal_dict()
    data["horizon"] = 2025
    data["indicators"]["population"] = {
        "label": "常住人口",
        "unit": "万人",
        "actual": {2020: 100, 2024: 110},
        "growth": {2025: {"normal": {"mean": "1%", "sd": "1%"}}},
    }
    data["targets"] = []
    level = simulate(build(data), entropy=3, draws=N).levels["population"]
    log_mid = np.log(level[:, 2])  # 2022, half way through the gap
    # equal borrowed assumptions: the mismatch is shared equally, a Brownian bridge in logs
    v = (0.01 / 1.01) ** 2
    assert log_mid.mean() == pytest.approx(math.log(math.sqrt(100 * 110)), abs=5 * math.sqrt(v / N))
    assert log_mid.var() == pytest.approx(v, rel=0.03)


def test_gap_filled_paths_are_the_same_for_any_block_size():
    s = build(daye_like())
    from planmodel.settings import RunSettings

    a = evaluate(s, simulate(s, entropy=5, draws=30_000), entropy=5)
    b = run(s, RunSettings(draws=30_000, seed=5, block_size=10_000)).results
    assert np.array_equal(a.percentiles["gdp"], b.percentiles["gdp"], equal_nan=True)


def test_published_growth_inside_a_gap_is_kept_and_prices_absorb_the_rest():
    # issue 7: "a published 2023 real growth rate is ignored by the fill".
    data = daye_like()
    data["indicators"]["gdp"]["actual_growth"] = {2023: "5%", 2024: "8%"}
    paths = simulate(build(data), entropy=4, draws=20_000)
    col = paths.years.index
    assert np.all(paths.real_growth["gdp"][:, col(2023)] == 0.05)
    assert np.all(paths.real_growth["gdp"][:, col(2024)] == 0.08)
    price = paths.price_index["gdp"]
    implied = paths.levels["gdp"][:, col(2023)] / 860.79 / 1.05
    np.testing.assert_allclose(price[:, col(2023)] / price[:, col(2022)], implied, rtol=1e-12)
