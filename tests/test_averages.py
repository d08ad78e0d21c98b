"""Published multi-year averages (actual_avg_growth) condition the yearly draws."""

from __future__ import annotations

import math

import numpy as np
import pytest

from planmodel.engine import simulate
from planmodel.errors import ScenarioError
from planmodel.scenario import as_of, scenario_from_mapping


def _scenario(average, **extra):
    data = {
        "scenario": "t",
        "horizon": 2025,
        "indicators": {
            "x": {
                "label": "x",
                "unit": "亿元",
                "actual": {2020: 100},
                "growth": {"normal": {"mean": "5%", "sd": "2%"}},
                "actual_avg_growth": {"2021-2025": average},
                **extra,
            }
        },
        "targets": [],
    }
    return scenario_from_mapping(data)


def test_an_exact_average_holds_in_every_draw_and_is_shared_equally():
    paths = simulate(_scenario("6%"), 1, 20_000)
    levels = paths.levels["x"]
    assert np.allclose((levels[:, -1] / levels[:, 0]) ** 0.2, 1.06, rtol=0, atol=1e-12)
    # Five iid years: E[log(1 + g_t) | Σ log(1 + g) = 5 log 1.06] = log 1.06 for each year.
    steps = np.log(levels[:, 1:] / levels[:, :-1])
    se = steps[:, 0].std() / math.sqrt(len(steps))
    assert np.all(np.abs(steps.mean(axis=0) - math.log(1.06)) < 4 * se + 1e-12)


def test_a_noisy_average_shrinks_the_spread_as_gaussian_conditioning_says():
    # Prior of the summed log growth: 5 years of sd 2% (linearised: 0.02 / 1.05); the published
    # average has sd 0.4% (in summed logs 5 × 0.004 / 1.06). Posterior variance = V τ² / (V + τ²),
    # posterior mean = prior + V / (V + τ²) × (observed − prior).
    paths = simulate(_scenario({"value": "6%", "sd": "0.4%"}), 2, 40_000)
    total = np.log(paths.levels["x"][:, -1] / paths.levels["x"][:, 0])
    v = 5 * (0.02 / 1.05) ** 2
    tau2 = (5 * 0.004 / 1.06) ** 2
    prior_mean = 5 * float(np.mean(np.log1p(np.random.default_rng(0).normal(0.05, 0.02, 10**6))))
    mean = prior_mean + v / (v + tau2) * (5 * math.log(1.06) - prior_mean)
    assert total.mean() == pytest.approx(mean, abs=4 * total.std() / math.sqrt(len(total)))
    assert total.std() == pytest.approx(math.sqrt(v * tau2 / (v + tau2)), rel=0.03)


def test_published_years_stay_and_a_bridge_still_lands():
    scenario = _scenario("6%", actual={2020: 100, 2023: 118}, actual_growth={2024: "5%"})
    levels = simulate(scenario, 3, 5_000).levels["x"]
    assert np.all(levels[:, 3] == 118)
    assert np.allclose(levels[:, 4] / levels[:, 3], 1.05)
    assert np.allclose((levels[:, -1] / levels[:, 0]) ** 0.2, 1.06)


def test_as_of_sets_a_later_average_aside():
    scenario = _scenario("6%")
    assert as_of(scenario, 2024).indicator("x").averages(2024) == ()


@pytest.mark.parametrize(
    ("average", "where"),
    [("6%", None), ({"value": "6%", "sd": "-1%"}, "sd")],
)
def test_bad_averages_are_located(average, where):
    if where is None:
        with pytest.raises(ScenarioError) as err:
            scenario_from_mapping(
                {
                    "scenario": "t",
                    "horizon": 2025,
                    "indicators": {
                        "x": {"label": "x", "unit": "", "actual": {2020: 1}, "change": 0.1,
                              "actual_avg_growth": {"2021-2025": average}}
                    },
                    "targets": [],
                }
            )  # fmt: skip
        assert err.value.path[-1] == "actual_avg_growth"
        return
    with pytest.raises(ScenarioError) as err:
        _scenario(average)
    assert err.value.path[-1] == where


def test_conditioned_draws_are_the_same_for_any_block_size():
    from planmodel.engine import simulate_block
    from planmodel.results import Paths
    from planmodel.rng import CHUNK
    from planmodel.settings import Block

    data = {
        "scenario": "t",
        "horizon": 2025,
        "indicators": {
            "x": {"label": "x", "unit": "亿元", "actual": {2020: 100, 2023: 118},
                  "real_growth": {"normal": {"mean": "5%", "sd": "2%"}},
                  "deflator": {"normal": {"mean": "0%", "sd": "1%"}},
                  "actual_avg_growth": {"2021-2025": {"value": "6%", "sd": "0.3%"}},
                  "ytd": [{"year": 2025, "through": 9, "growth": "6%", "share_sd": "2%"}]}
        },
        "targets": [],
    }  # fmt: skip
    s = scenario_from_mapping(data)

    def levels(blocks):
        size = 3 * CHUNK // blocks
        parts = [simulate_block(s, 5, Block(i, i * size, size)) for i in range(blocks)]
        return Paths.concatenate(parts).levels["x"]

    assert np.array_equal(levels(1), levels(3))
