"""Target kinds, intervals, required growth and first passage against closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

from planmodel.evaluation import one_sided_bound, probability_interval, wilson_interval
from planmodel.report import formats
from planmodel.results import QUANTILES
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


def display_probability(k: int, n: int) -> str:
    low, high = probability_interval(k, n)
    return formats.probability(k, n, low, high).point


def test_display_never_claims_certainty_from_a_sample():
    assert display_probability(0, 200_000) == "<\u00a00.0015%"
    assert display_probability(200_000, 200_000) == ">\u00a099.9985%"
    assert display_probability(46_000, 200_000) == "23.0%"


def test_zero_hits_show_the_one_sided_bound_of_the_interval():
    # Issue 7: "< 1/N" is not a bound. At 0 of N the reported interval is [0, u] with u the exact
    # one-sided 95% bound 1 - 0.05^(1/N) (about 3/N), and the display is "< u" rounded outwards.
    n = 200_000
    low, high = probability_interval(0, n)
    assert low == 0.0 and high == pytest.approx(1 - 0.05 ** (1 / n), rel=1e-12)
    assert high == pytest.approx(2.9957 / n, rel=1e-3)  # -ln(0.05) / N
    assert display_probability(0, n) == "<\u00a00.0015%"  # 1.4979e-5 rounded up
    low, high = probability_interval(n, n)
    assert high == 1.0 and low == pytest.approx(0.05 ** (1 / n), rel=1e-12)
    # 2e6 draws: the display and the interval's upper end say the same thing (was "< 0.00005%"
    # beside an interval ending at 0.00019%)
    assert display_probability(0, 2_000_000) == "<\u00a00.00015%"
    assert probability_interval(0, 2_000_000)[1] == pytest.approx(1.4979e-6, rel=1e-4)
    # in between, Wilson's two-sided interval
    assert probability_interval(12, 40) == wilson_interval(12, 40)


@pytest.mark.parametrize("n", [1_000, 20_000, 200_000])
def test_zero_hit_bound_covers_the_truth_95_percent_of_the_time(n):
    # At N = 1000 and a true 0.2%, one run in nine sees no hit; "< 1/N = 0.1%" was then wrong.
    # The bound u makes P(0 hits | p) < 5% for every p above u: (1 - p)^N < (1 - u)^N = 0.05.
    u = one_sided_bound(n)
    assert (1 - u) ** n == pytest.approx(0.05, rel=1e-9)
    for p in (u * 1.0001, 2 * u, 0.002):
        if p > u:
            assert (1 - p) ** n < 0.05
    assert (1 - 0.002) ** 1000 == pytest.approx(0.135, abs=1e-3)  # the example of the issue
    assert one_sided_bound(1000) > 0.002


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


def test_a_range_target_asks_a_range_of_real_growth_too():
    # 1000亿元 (2024) to 1100–1300亿元 (2026), prices +1% a year: both ends in real terms as well
    target = {"name": "x", "indicator": "gdp", "year": 2026, "between": ["1100亿元", "1300亿元"]}
    t = results_for([target])["x"]
    assert 1000 * (1 + t.required_growth) ** 2 == pytest.approx(1100, rel=1e-12)
    assert 1000 * (1 + t.required_upper) ** 2 == pytest.approx(1300, rel=1e-12)
    assert (1 + t.required_real_growth) * 1.01 == pytest.approx(1 + t.required_growth, rel=1e-12)
    assert (1 + t.required_real_upper) * 1.01 == pytest.approx(1 + t.required_upper, rel=1e-12)


def _projected_run(data, draws=200_000):
    data["simulation"]["draws"] = draws
    results = run(build(data), settings_of(data)).results
    t = results.targets[0]
    column = results.years.index(t.year)
    bound = float(results.percentile_bounds[t.indicator][column][list(QUANTILES).index(0.5)])
    return t, bound


def test_projected_pace_from_a_published_start_is_the_pace_of_the_median_of_every_draw():
    # Two years of real growth N(7%, 2%) on a published 1000, prices +1% a year: the median pace is
    # 1.01·sqrt(m) − 1 with m the median of (1+g1)(1+g2), found by numerical integration.
    t, bound = _projected_run(minimal_dict())
    assert (1 + t.projected_pace) ** 2 * 1000 == pytest.approx(t.median, rel=1e-12)
    g = stats.norm(1.07, 0.02)
    x = np.linspace(0.9, 1.25, 20_001)

    def below(m):
        return np.trapezoid(g.cdf(m / x) * g.pdf(x), x) - 0.5

    m = optimize.brentq(below, 1.1, 1.2, xtol=1e-14)
    exact = 1.01 * math.sqrt(m) - 1
    # Standard error of a sample median: sqrt(0.25 / N) / density at the median (sd of X1·X2 ≈
    # 1.07·0.02·√2), carried through d(pace)/dm = 1.01 / (2 sqrt(m)); plus the grid's bound.
    density = 1 / (math.sqrt(2 * math.pi) * 1.07 * 0.02 * math.sqrt(2))
    se = math.sqrt(0.25 / t.draws) / density * 1.01 / (2 * math.sqrt(m))
    assert abs(t.projected_pace - exact) < 4 * se + bound / 1000


def test_projected_pace_of_an_additive_indicator_is_the_median_change():
    # 城镇化率 60% in 2024, +N(1, 0.4) points a year: the median change to 2026 is 1 point a year.
    data = minimal_dict()
    data["indicators"]["urban"] = {
        "label": "城镇化率",
        "unit": "%",
        "actual": {2024: 60},
        "change": {"normal": {"mean": 1.0, "sd": 0.4}},
    }
    data["targets"] = [{"name": "u", "indicator": "urban", "year": 2026, "at_least": "62%"}]
    t, bound = _projected_run(data)
    assert t.projected_pace == pytest.approx((t.median - 60) / 2, rel=1e-12)
    # The per-draw pace is N(1, 0.4·√2/2): its sample median's standard error is 1.2533·sd/√N.
    se = 1.2533 * 0.4 * math.sqrt(2) / 2 / math.sqrt(t.draws)
    assert abs(t.projected_pace - 1.0) < 4 * se + bound / 2


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
    assert years == [2024, 2025, 2026, 2027, 2028]  # from the last known year
    assert t.first_passage[0].reached_by == 0.0  # 1000 < 1300 in 2024
    reached = [f.reached_by for f in t.first_passage]
    assert reached == sorted(reached)
    assert sum(f.first_reached for f in t.first_passage) == pytest.approx(reached[-1], rel=1e-12)
    # growth is never negative here, so reaching by the target year equals the level target
    assert reached[-1] == pytest.approx(t.probability, abs=1e-3)


def test_first_passage_keeps_draws_already_past_the_level():
    # Issue 7: "target met in 2025, 'reached by 2027' shows 0%": draws already above the level in
    # the last known year were dropped. Here 2025 is published at 1300 against a 1200 target.
    data = minimal_dict()
    data["horizon"] = 2027
    data["indicators"]["gdp"]["actual"] = {2024: 1000, 2025: 1300}
    data["targets"] = [{"name": "x", "indicator": "gdp", "year": 2027, "at_least": "1200亿元"}]
    t = run(build(data), settings_of(data)).results.targets[0]
    assert [f.year for f in t.first_passage] == [2025, 2026, 2027]
    assert [f.reached_by for f in t.first_passage] == [1.0, 1.0, 1.0]
    assert [f.first_reached for f in t.first_passage] == [1.0, 0.0, 0.0]
    # the level in 2027 itself may fall back below: reached-by is at least the target probability
    assert t.first_passage[-1].reached_by >= t.probability


def test_first_passage_of_a_share_already_above_counts_every_draw():
    # The 占黄石40% case: a ratio of two published levels already above the level at the start.
    data = minimal_dict()
    data["indicators"]["region"] = {
        "label": "全市地区生产总值", "unit": "亿元", "actual": {2024: 2000},
        "real_growth": {"normal": {"mean": "6%", "sd": "1%"}}, "deflator": "1%",
    }
    data["derived"]["share"] = {"label": "占全市比重", "unit": "%", "formula": "gdp / region"}
    data["targets"] = [{"name": "s", "indicator": "share", "year": 2026, "at_least": "45%"}]
    t = run(build(data), settings_of(data)).results.targets[0]
    assert t.first_passage[0].year == 2024 and t.first_passage[0].reached_by == 1.0  # 50% ≥ 45%
    assert t.first_passage[-1].reached_by == 1.0 and t.probability > 0.99


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
    assert r["met"].determined and r["met"].probability == 1 and r["met"].evidence == "published"
    assert r["missed"].determined and r["missed"].probability == 0
    assert r["met"].ci_low == r["met"].ci_high == 1.0


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
