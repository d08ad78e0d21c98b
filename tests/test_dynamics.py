"""Trend doubt, persistence and same-year correlation against closed forms (issue 7 parts 1–2).

Every tolerance is a multiple of the Monte Carlo standard error of the statistic compared:
a sample variance of N normal draws has relative standard error √(2/(N−1)); a sample correlation
ρ̂ has standard error about (1 − ρ²)/√N.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from planmodel.dynamics import ar1_sum_variance, pair_bound
from planmodel.engine import simulate
from planmodel.errors import ScenarioError

from conftest import build, minimal_dict

N = 200_000


def change_scenario(over_years, sd=0.4, years=5, mean=1.0):
    """One additive indicator: the level change over the span is exactly the sum of the draws."""
    data = minimal_dict()
    data["horizon"] = 2024 + years
    data["indicators"] = {
        "urban": {
            "label": "城镇化率",
            "unit": "%",
            "actual": {2024: 60},
            "change": {"normal": {"mean": mean, "sd": sd}},
            "over_years": over_years,
        }
    }
    data["derived"] = {}
    data["targets"] = []
    return build(data)


def by_hand_sum_variance(sd, phi, trend_sd, n):
    """n σ² + 2σ² Σ_k (n − k) φ^k + n² s²: the sum of an AR(1) with a shared normal shift."""
    lags = sum((n - k) * phi**k for k in range(1, n))
    return n * sd**2 + 2 * sd**2 * lags + (n * trend_sd) ** 2


@pytest.mark.parametrize("trend_sd, phi", [(0.0, 0.0), (0.0, 0.7), (0.3, 0.0), (0.3, 0.5), (0.2, -0.4)])
def test_variance_of_five_year_sum_matches_closed_form(trend_sd, phi):
    s = change_scenario({"trend_sd": trend_sd, "persistence": phi})
    paths = simulate(s, entropy=3, draws=N)
    total = paths.levels["urban"][:, -1] - 60.0
    exact = by_hand_sum_variance(0.4, phi, trend_sd, 5)
    assert exact == pytest.approx(ar1_sum_variance([0.4] * 5, phi, trend_sd), rel=1e-12)
    rel_se = math.sqrt(2 / (N - 1))
    assert total.var(ddof=1) == pytest.approx(exact, rel=5 * rel_se)
    assert abs(total.mean() - 5.0) < 5 * math.sqrt(exact / N)


def test_trend_makes_five_year_band_wider_by_the_stated_factor():
    # "7% ± 1.5%" as independent years vs as mostly trend doubt: the 5-year average's sd.
    independent = change_scenario({}, sd=1.5)
    trend = change_scenario({"trend_sd": 1.2}, sd=0.9)
    a = simulate(independent, entropy=1, draws=N).levels["urban"][:, -1] / 5
    b = simulate(trend, entropy=1, draws=N).levels["urban"][:, -1] / 5
    assert a.std() == pytest.approx(1.5 / math.sqrt(5), rel=0.01)
    assert b.std() == pytest.approx(math.sqrt(1.2**2 + 0.9**2 / 5), rel=0.01)
    # one year swings the same (√(1.2² + 0.9²) = 1.5) but the 5-year band is 1.89× wider
    assert b.std() / a.std() == pytest.approx(math.sqrt((1.44 + 0.81 / 5) / (2.25 / 5)), rel=0.02)


def two_drivers(phi_a, phi_b, rho, horizon=2031, extra=None):
    data = minimal_dict()
    data["horizon"] = horizon
    data["indicators"] = {
        "a": {
            "label": "a",
            "unit": "亿元",
            "actual": {2024: 100},
            "growth": {"normal": {"mean": "5%", "sd": "2%"}},
            "over_years": {"persistence": phi_a},
        },
        "b": {
            "label": "b",
            "unit": "亿元",
            "actual": {2024: 100},
            "growth": {"normal": {"mean": "5%", "sd": "2%"}},
            "over_years": {"persistence": phi_b},
        },
    }
    data["derived"] = {}
    data["correlation"] = [["a", "b", rho]]
    data["targets"] = []
    if extra:
        extra(data)
    return build(data)


def growth(paths, key):
    return paths.nominal_growth[key][:, 1:]


@pytest.mark.parametrize("phi_a, phi_b, rho", [(0.9, 0.0, 0.4), (0.9, 0.6, 0.7), (0.3, 0.0, 0.7)])
def test_stated_correlation_is_the_same_year_correlation_whatever_the_persistence(phi_a, phi_b, rho):
    paths = simulate(two_drivers(phi_a, phi_b, rho), entropy=7, draws=N)
    ga, gb = growth(paths, "a"), growth(paths, "b")
    tol = 5 * (1 - rho**2) / math.sqrt(N)
    for t in range(ga.shape[1]):
        assert np.corrcoef(ga[:, t], gb[:, t])[0, 1] == pytest.approx(rho, abs=tol)
    for g, phi in ((ga, phi_a), (gb, phi_b)):  # each driver keeps its own persistence
        lag1 = np.corrcoef(g[:, 3], g[:, 4])[0, 1]
        assert lag1 == pytest.approx(phi, abs=5 * (1 - phi**2) / math.sqrt(N) + 1e-3)
        np.testing.assert_allclose(g.std(axis=0), 0.02, rtol=0.02)


def test_the_issues_example_is_refused_with_the_bound_that_can_hold():
    # persistence 0.9 on a, 0 on b and [a, b, 0.7]: the old engine simulated 0.30 in silence.
    assert pair_bound(0.9, 0.0) == pytest.approx(math.sqrt(0.19))
    with pytest.raises(ScenarioError, match=r"at most ±0\.44 can hold year after year") as err:
        two_drivers(0.9, 0.0, 0.7)
    assert err.value.path == ("correlation",)


def test_deflator_has_its_own_persistence_and_may_correlate_with_real_growth():
    data = minimal_dict()
    data["horizon"] = 2031
    data["indicators"]["gdp"]["deflator"] = {"normal": {"mean": "1%", "sd": "1%"}}
    data["indicators"]["gdp"]["over_years"] = {"persistence": 0.8}
    data["correlation"] = [["gdp", "gdp.deflator", 0.5]]
    data["targets"] = []
    paths = simulate(build(data), entropy=9, draws=N)
    real = paths.real_growth["gdp"][:, 1:]
    index = paths.price_index["gdp"]
    prices = index[:, 1:] / index[:, :-1] - 1
    # growth persistence is not applied to prices any more (the default deflator persistence is 0)
    assert abs(np.corrcoef(prices[:, 3], prices[:, 4])[0, 1]) < 5 / math.sqrt(N)
    assert np.corrcoef(real[:, 3], real[:, 4])[0, 1] == pytest.approx(0.8, abs=0.005)
    assert np.corrcoef(real[:, 2], prices[:, 2])[0, 1] == pytest.approx(0.5, abs=0.01)
    data["indicators"]["gdp"]["deflator_over_years"] = {"persistence": 0.6, "trend_sd": "0.5%"}
    paths = simulate(build(data), entropy=9, draws=N)
    index = paths.price_index["gdp"]
    prices = index[:, 1:] / index[:, :-1] - 1
    # lag-1 covariance of price changes: 0.6·1%² + 0.5%², variance 1%² + 0.5%²
    expected = (0.6 * 1e-4 + 0.25e-4) / (1e-4 + 0.25e-4)
    assert np.corrcoef(prices[:, 3], prices[:, 4])[0, 1] == pytest.approx(expected, abs=0.005)
    # the stated same-year correlation of yearly deviations holds; the price trend dilutes it
    same_year = 0.5 * 0.02 * 0.01 / (0.02 * math.sqrt(1e-4 + 0.25e-4))
    assert np.corrcoef(real[:, 2], prices[:, 2])[0, 1] == pytest.approx(same_year, abs=0.01)


def test_trends_correlate_like_their_drivers_unless_stated():
    def with_trends(data):
        for key in ("a", "b"):
            data["indicators"][key]["over_years"] = {"trend_sd": "1%"}
            data["indicators"][key]["growth"] = {"normal": {"mean": "5%", "sd": "0.0001%"}}

    paths = simulate(two_drivers(0, 0, 0.6, extra=with_trends), entropy=2, draws=N)
    ga, gb = growth(paths, "a"), growth(paths, "b")
    assert np.corrcoef(ga[:, -1], gb[:, -1])[0, 1] == pytest.approx(0.6, abs=0.01)

    def override(data):
        with_trends(data)
        data["correlation"].append(["a.trend", "b.trend", -0.2])

    paths = simulate(two_drivers(0, 0, 0.6, extra=override), entropy=2, draws=N)
    ga, gb = growth(paths, "a"), growth(paths, "b")
    assert np.corrcoef(ga[:, -1], gb[:, -1])[0, 1] == pytest.approx(-0.2, abs=0.01)
    # a trend is one number per draw: every year moves with it
    assert np.corrcoef(ga[:, 0], ga[:, -1])[0, 1] == pytest.approx(1.0, abs=1e-6)


def test_trend_of_a_driver_without_trend_doubt_is_refused():
    def bad(data):
        data["correlation"].append(["a.trend", "b", 0.3])

    with pytest.raises(ScenarioError, match="a has no trend doubt"):
        two_drivers(0, 0, 0.2, extra=bad)


def test_start_deviation_carries_into_the_next_years():
    # H1 7.7% against an assumed 7.5%: the first projected year starts from a +0.2 point deviation.
    data = minimal_dict()
    data["horizon"] = 2027
    data["indicators"]["gdp"]["real_growth"] = {"normal": {"mean": "7.5%", "sd": "1%"}}
    data["indicators"]["gdp"]["deflator"] = "0%"
    data["indicators"]["gdp"]["over_years"] = {"persistence": 0.5, "start_deviation": "0.2%"}
    data["targets"] = []
    g = simulate(build(data), entropy=4, draws=N).real_growth["gdp"]
    se = 0.01 / math.sqrt(N)
    for k in (1, 2, 3):  # columns of 2025, 2026, 2027: k years after the observed deviation
        assert g[:, k].mean() == pytest.approx(0.075 + 0.002 * 0.5**k, abs=5 * se)
        assert g[:, k].std() == pytest.approx(0.01 * math.sqrt(1 - 0.25**k), rel=0.01)


def test_start_deviation_without_persistence_is_refused():
    data = minimal_dict()
    data["indicators"]["gdp"]["over_years"] = {"start_deviation": "0.2%"}
    with pytest.raises(ScenarioError, match="with persistence 0 it has no effect"):
        build(data)


def test_old_persistence_key_points_to_its_new_place():
    data = minimal_dict()
    data["indicators"]["gdp"]["persistence"] = 0.5
    with pytest.raises(ScenarioError, match="over_years") as err:
        build(data)
    assert err.value.path == ("indicators", "gdp", "persistence")


def test_non_normal_family_keeps_its_marginal_and_trend_adds_a_normal_shift():
    # triangular yearly draws plus a normal trend shift of 1%: the means and variances add.
    data = minimal_dict()
    data["horizon"] = 2026
    data["indicators"]["population"]["growth"] = {"triangular": {"low": "-2%", "mode": "0%", "high": "4%"}}
    data["indicators"]["population"]["over_years"] = {"trend_sd": "1%", "persistence": 0.5}
    data["targets"] = []
    g = simulate(build(data), entropy=5, draws=N).real_growth["population"][:, -2:]
    a, b, c = -0.02, 0.04, 0.0
    tri_var = (a * a + b * b + c * c - a * b - a * c - b * c) / 18
    np.testing.assert_allclose(g.mean(axis=0), (a + b + c) / 3, atol=5 * math.sqrt(tri_var / N) + 1e-4)
    np.testing.assert_allclose(g.var(axis=0), tri_var + 1e-4, rtol=0.02)


@pytest.mark.parametrize("phi, ratio", [(0.3, 1.27), (0.5, 1.49), (0.7, 1.75)])
def test_issue_ratios_of_five_year_bands_under_persistence(phi, ratio):
    # issue 7: independent years make a 5-year band too narrow by 1.27× / 1.49× / 1.75× against
    # persistence 0.3 / 0.5 / 0.7 (same one-year spread).
    base = simulate(change_scenario({}), entropy=8, draws=N).levels["urban"][:, -1]
    persistent = simulate(change_scenario({"persistence": phi}), entropy=8, draws=N).levels["urban"][:, -1]
    exact = math.sqrt(by_hand_sum_variance(0.4, phi, 0, 5) / by_hand_sum_variance(0.4, 0, 0, 5))
    assert exact == pytest.approx(ratio, abs=0.005)
    assert persistent.std() / base.std() == pytest.approx(exact, rel=0.02)


@pytest.mark.parametrize("rho", [0.7, 0.6])
def test_shipped_xisaishan_pairs_no_longer_drift(rho):
    # issue 7: persistence 0.3 against 0 turned the stated 0.70 / 0.60 into 0.67 / 0.57 over the years.
    paths = simulate(two_drivers(0.3, 0.0, rho), entropy=11, draws=N)
    ga, gb = growth(paths, "a"), growth(paths, "b")
    for t in range(ga.shape[1]):
        assert np.corrcoef(ga[:, t], gb[:, t])[0, 1] == pytest.approx(
            rho, abs=5 * (1 - rho**2) / math.sqrt(N)
        )
