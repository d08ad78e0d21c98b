"""Target kinds, intervals, required growth and first passage against closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from planmodel.evaluation import display_probability, wilson_interval
from planmodel.runner import run
from planmodel.settings import RunSettings

from conftest import build, minimal_dict, settings_of


def results_for(targets, **changes):
    data = minimal_dict()
    data["targets"] = targets
    for key, value in changes.items():
        data[key] = value
    return {t.name: t for t in run(build(data), settings_of(data)).results.targets}


def test_wilson_interval_closed_form():
    # Wilson (1927) interval for 12 of 40 at z = 1.96, computed by hand from the formula.
    low, high = wilson_interval(12, 40)
    z, n, p = 1.959963984540054, 40, 0.3
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    assert (low, high) == pytest.approx((centre - half, centre + half), rel=1e-12)
    assert wilson_interval(0, 100)[0] == 0.0 and wilson_interval(100, 100)[1] == 1.0
    assert 0 < wilson_interval(0, 100)[1] < 0.05


def test_display_never_claims_certainty_from_a_sample():
    assert display_probability(0, 200_000) == "< 0.0005%"
    assert display_probability(200_000, 200_000) == "> 99.9995%"
    assert display_probability(46_000, 200_000) == "23.0%"
    assert display_probability(5, 5, determined=True) == "100%"


def test_two_year_lognormal_level_matches_closed_form():
    # Fixed deflator, normal real growth each year: log level is not exactly normal, so compare to
    # a closed form on the product of two independent normals via simulation-free numerical integration.
    t = results_for([{"name": "x", "indicator": "gdp", "year": 2026, "at_least": "1160亿元"}])["x"]
    g = stats.norm(0.07, 0.02)
    grid = np.linspace(-0.1, 0.24, 20_001)
    need = 1160 / (1000 * 1.01**2)
    inner = 1 - g.cdf(need / (1 + grid) - 1)
    exact = np.trapezoid(inner * g.pdf(grid), grid)
    se = math.sqrt(exact * (1 - exact) / t.draws)
    assert abs(t.probability - exact) < 4 * se


def test_range_target_is_difference_of_tails():
    r = results_for(
        [
            {
                "name": "range",
                "indicator": "gdp",
                "year": 2025,
                "between": ["1060亿元", "1100亿元"],
            },
            {"name": "low", "indicator": "gdp", "year": 2025, "at_least": "1060亿元"},
            {"name": "high", "indicator": "gdp", "year": 2025, "at_most": "1100亿元"},
        ]
    )
    assert r["range"].successes == r["low"].successes + r["high"].successes - r["range"].draws


def test_avg_growth_real_and_nominal():
    data = minimal_dict()
    data["indicators"]["gdp"]["actual"] = {2023: 900, 2024: 1000}
    data["indicators"]["gdp"]["actual_growth"] = {2024: "9%"}
    data["indicators"]["gdp"]["real_growth"] = "6%"
    data["indicators"]["gdp"]["deflator"] = "2%"
    data["targets"] = [
        {
            "name": "real",
            "indicator": "gdp",
            "measure": "avg_growth",
            "basis": "real",
            "years": "2024-2026",
            "at_least": "6.9%",
        },
        {
            "name": "nominal",
            "indicator": "gdp",
            "measure": "avg_growth",
            "basis": "nominal",
            "years": "2025-2026",
            "at_least": "8%",
        },
    ]
    r = {t.name: t for t in run(build(data), settings_of(data)).results.targets}
    real_expected = (1.09 * 1.06 * 1.06) ** (1 / 3) - 1
    nominal_expected = 1.06 * 1.02 - 1
    assert r["real"].median == pytest.approx(real_expected, rel=1e-12)
    assert r["nominal"].median == pytest.approx(nominal_expected, rel=1e-12)
    assert r["real"].probability == 1.0 and r["nominal"].probability == 1.0


def test_cumulative_target_sums_levels():
    data = minimal_dict()
    data["indicators"]["gdp"]["real_growth"] = "0%"
    data["indicators"]["gdp"]["deflator"] = "10%"
    data["targets"] = [
        {
            "name": "sum",
            "indicator": "gdp",
            "measure": "cumulative",
            "years": "2025-2026",
            "at_least": "2310亿元",
        }
    ]
    t = run(build(data), settings_of(data)).results.targets[0]
    assert t.median == pytest.approx(1100 + 1210, rel=1e-12)
    assert t.probability == 1.0


def test_required_growth_reaches_the_threshold_exactly():
    t = results_for([{"name": "x", "indicator": "gdp", "year": 2026, "at_least": "1200亿元"}])["x"]
    assert t.required_from_year == 2024
    assert 1000 * (1 + t.required_growth) ** 2 == pytest.approx(1200, rel=1e-12)
    assert (1 + t.required_real_growth) * 1.01 == pytest.approx(1 + t.required_growth, rel=1e-12)


def test_required_growth_for_partly_realised_average():
    data = minimal_dict()
    data["indicators"]["gdp"]["actual"] = {2022: 800, 2024: 1000}
    data["targets"] = [
        {
            "name": "avg",
            "indicator": "gdp",
            "measure": "avg_growth",
            "basis": "nominal",
            "years": "2023-2026",
            "at_least": "10%",
        }
    ]
    t = run(build(data), settings_of(data)).results.targets[0]
    assert (1000 / 800) * (1 + t.required_growth) ** 2 == pytest.approx(1.1**4, rel=1e-12)


def test_first_passage_probabilities_add_up():
    data = minimal_dict()
    data["horizon"] = 2028
    data["targets"] = [{"name": "x", "indicator": "gdp", "year": 2028, "at_least": "1300亿元"}]
    t = run(build(data), settings_of(data)).results.targets[0]
    years = [f.year for f in t.first_passage]
    assert years == [2025, 2026, 2027, 2028]
    reached = [f.reached_by for f in t.first_passage]
    assert reached == sorted(reached)
    assert sum(f.first_reached for f in t.first_passage) == pytest.approx(reached[-1], rel=1e-12)
    # growth is never negative here, so reaching by the target year equals the level target
    assert reached[-1] == pytest.approx(t.probability, abs=1e-3)


def test_determined_targets_come_from_published_data():
    data = minimal_dict()
    data["indicators"]["gdp"]["actual_growth"] = {2024: "8%"}
    data["targets"] = [
        {
            "name": "met",
            "indicator": "gdp",
            "measure": "growth",
            "basis": "real",
            "year": 2024,
            "at_least": "7.5%",
        },
        {
            "name": "missed",
            "indicator": "gdp",
            "measure": "growth",
            "basis": "real",
            "year": 2024,
            "at_least": "9%",
        },
    ]
    r = {t.name: t for t in run(build(data), settings_of(data)).results.targets}
    assert r["met"].determined and r["met"].display == "100%" and r["met"].probability == 1
    assert r["missed"].determined and r["missed"].display == "0%"


scenario_targets = st.fixed_dictionaries(
    {
        "mean": st.floats(-0.05, 0.15),
        "sd": st.floats(0.0, 0.06),
        "threshold": st.floats(900, 1400),
        "step": st.floats(1, 200),
        "shift": st.floats(0.0, 0.05),
    }
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_targets)
def test_properties_probability_bounds_and_monotonicity(p):
    data = minimal_dict()
    data["indicators"]["gdp"]["real_growth"] = {"normal": {"mean": p["mean"], "sd": p["sd"]}}
    data["targets"] = [
        {"name": "low", "indicator": "gdp", "year": 2026, "at_least": p["threshold"]},
        {"name": "high", "indicator": "gdp", "year": 2026, "at_least": p["threshold"] + p["step"]},
    ]
    fixed = RunSettings(draws=10_000, seed=3)
    base = {t.name: t for t in run(build(data), fixed).results.targets}
    data["indicators"]["gdp"]["real_growth"]["normal"]["mean"] = p["mean"] + p["shift"]
    raised = {t.name: t for t in run(build(data), fixed).results.targets}
    for t in base.values():
        assert 0.0 <= t.ci_low <= t.probability <= t.ci_high <= 1.0
    assert base["high"].probability <= base["low"].probability
    assert raised["low"].probability >= base["low"].probability


def test_display_of_rare_events_keeps_two_significant_figures():
    assert display_probability(27, 10**8) == "0.000027%"
    assert display_probability(10**8 - 27, 10**8) == "99.999973%"
    assert display_probability(5, 10_000) == "0.050%"
