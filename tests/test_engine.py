"""Engine: closed-form checks, real/nominal bookkeeping and bit-for-bit reproducibility."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from planmodel.engine import simulate
from planmodel.evaluation import evaluate
from planmodel.runner import run
from planmodel.settings import RunSettings

from conftest import build, minimal_dict, settings_of


def fixed_growth_scenario(real: str, deflator: str, years: int = 3):
    data = minimal_dict()
    data["horizon"] = 2024 + years
    data["indicators"]["gdp"]["real_growth"] = real
    data["indicators"]["gdp"]["deflator"] = deflator
    data["targets"] = []
    return build(data)


@pytest.mark.parametrize(
    "real, deflator", [("7%", "1%"), ("-3%", "2%"), ("12.5%", "-1.5%"), ("0%", "0%")]
)
def test_zero_variance_compounds_exactly(real, deflator):
    s = fixed_growth_scenario(real, deflator)
    paths = simulate(s, entropy=1, draws=10_000)
    g, p = float(real.rstrip("%")) / 100, float(deflator.rstrip("%")) / 100
    for t, year in enumerate(range(2025, 2028), start=1):
        expected = 1000 * ((1 + g) * (1 + p)) ** t
        np.testing.assert_allclose(paths.levels["gdp"][:, paths.column(year)], expected, rtol=1e-13)
        np.testing.assert_allclose(
            paths.real_growth["gdp"][:, paths.column(year)], g, rtol=0, atol=1e-15
        )
        np.testing.assert_allclose(
            paths.nominal_growth["gdp"][:, paths.column(year)], (1 + g) * (1 + p) - 1, rtol=1e-12
        )
        np.testing.assert_allclose(
            paths.price_index["gdp"][:, paths.column(year)], (1 + p) ** t, rtol=1e-13
        )


def test_real_growth_is_not_compounded_onto_nominal_level():
    # 8% real with -4% prices: the nominal level grows 3.68%, not 8%.
    s = fixed_growth_scenario("8%", "-4%", years=1)
    paths = simulate(s, entropy=1, draws=10_000)
    assert paths.levels["gdp"][0, -1] == pytest.approx(1000 * 1.08 * 0.96, rel=1e-14)
    assert paths.levels["gdp"][0, -1] < 1000 * 1.08


def test_one_year_normal_growth_matches_closed_form():
    data = minimal_dict()
    data["horizon"] = 2025
    data["simulation"]["draws"] = 200_000
    data["indicators"]["gdp"]["deflator"] = "0%"
    data["targets"] = [{"name": "t", "indicator": "gdp", "year": 2025, "at_least": "1080亿元"}]
    res = run(build(data), settings_of(data)).results
    t = res.targets[0]
    exact = 1 - stats.norm.cdf((0.08 - 0.07) / 0.02)
    se = np.sqrt(exact * (1 - exact) / t.draws)
    assert abs(t.probability - exact) < 4 * se
    assert t.ci_low < exact < t.ci_high


def test_bivariate_normal_joint_probability():
    data = minimal_dict()
    data["horizon"] = 2025
    data["simulation"]["draws"] = 200_000
    data["indicators"]["gdp"]["deflator"] = "0%"
    data["indicators"]["population"]["growth"] = {"normal": {"mean": "1%", "sd": "1%"}}
    data["correlation"] = [["gdp", "population", 0.6]]
    data["targets"] = [
        {"name": "a", "indicator": "gdp", "year": 2025, "at_least": "1075亿元"},
        {"name": "b", "indicator": "population", "year": 2025, "at_least": "101.5万人"},
        {"name": "both", "all_of": ["a", "b"]},
    ]
    res = run(build(data), settings_of(data)).results
    za, zb = (0.075 - 0.07) / 0.02, (0.015 - 0.01) / 0.01
    # P(X > za, Y > zb) for standard bivariate normal with rho = P(-X < -za, -Y < -zb).
    exact = stats.multivariate_normal(mean=[0, 0], cov=[[1, 0.6], [0.6, 1]]).cdf([-za, -zb])
    joint = res.targets[2]
    se = np.sqrt(exact * (1 - exact) / joint.draws)
    assert abs(joint.probability - exact) < 4 * se
    independent = res.targets[0].probability * res.targets[1].probability
    assert joint.probability > independent + 10 * se  # correlation matters


def test_published_growth_overrides_the_draw():
    data = minimal_dict()
    data["indicators"]["population"]["actual_growth"] = {2025: "-1%"}
    data["indicators"]["population"]["growth"] = {"normal": {"mean": "1%", "sd": "1%"}}
    paths = simulate(build(data), entropy=3, draws=10_000)
    assert np.all(paths.levels["population"][:, paths.column(2025)] == pytest.approx(99.0))
    assert paths.levels["population"][:, paths.column(2026)].std() > 0


def test_change_indicator_adds_points():
    data = minimal_dict()
    data["indicators"]["urban"] = {
        "label": "城镇化率",
        "unit": "%",
        "actual": {2024: 60},
        "change": 0.8,
    }
    paths = simulate(build(data), entropy=3, draws=10_000)
    np.testing.assert_allclose(paths.levels["urban"][:, -1], 61.6, rtol=1e-13)


def test_derived_per_capita_units():
    # 1000亿元 / 100万人 = 1e11 元 / 1e6 人 = 100,000 元 = 10万元.
    paths = simulate(build(minimal_dict()), entropy=1, draws=10_000)
    assert paths.levels["gdp_per_capita"][0, 0] == pytest.approx(10.0, rel=1e-14)


def test_ar1_persistence_keeps_marginals_and_correlates_years():
    data = minimal_dict()
    data["horizon"] = 2030
    data["indicators"]["gdp"]["over_years"] = {"persistence": 0.6}
    data["indicators"]["gdp"]["deflator"] = "0%"
    paths = simulate(build(data), entropy=5, draws=100_000)
    g = paths.real_growth["gdp"][:, 1:]
    se = 0.02 / np.sqrt(g.shape[0])
    assert np.all(np.abs(g.mean(axis=0) - 0.07) < 5 * se)
    np.testing.assert_allclose(g.std(axis=0), 0.02, rtol=0.02)
    lag1 = np.corrcoef(g[:, 2], g[:, 3])[0, 1]
    assert abs(lag1 - 0.6) < 0.02


class TestReproducibility:
    settings = RunSettings(draws=50_000, seed=11, block_size=10_000)

    def scenario(self):
        data = minimal_dict()
        data["indicators"]["population"]["growth"] = {
            "student_t": {"mean": "0%", "scale": "1%", "df": 4}
        }
        data["correlation"] = [["gdp", "population", 0.3], ["gdp", "gdp.deflator", -0.2]]
        # every random number the engine draws: persistent, trend, start, bridge, revision, census
        gdp = data["indicators"]["gdp"]
        gdp["actual"] = {2022: 900, 2024: {"value": 1000, "vintage": "预计", "revision_sd": "2%"}}
        gdp["over_years"] = {"trend_sd": "1%", "persistence": 0.5, "start_deviation": "0.5%"}
        gdp["deflator"] = {"normal": {"mean": "1%", "sd": "1%"}}
        gdp["deflator_over_years"] = {"trend_sd": "0.5%", "persistence": 0.7}
        gdp["rebase"] = {"year": 2023, "shift": {"normal": {"mean": "0%", "sd": "3%"}}}
        data["indicators"]["population"]["over_years"] = {"trend_sd": "0.5%", "persistence": 0.2}
        data["correlation"].append(["gdp.trend", "population.trend", 0.5])
        before = {"name": "before", "indicator": "gdp", "year": 2026, "at_least": "1100亿元"}
        data["targets"].append({**before, "level_basis": "pre_revision"})
        return build(data)

    def test_same_seed_same_bits_any_block_size_order_or_workers(self):
        from planmodel.backends.local import pilot, run_blocks
        from planmodel.evaluation import combine

        s, settings = self.scenario(), self.settings
        grids = pilot(s, settings, 11)
        reference = combine(s, 11, 11, run_blocks(s, settings, 11), grids)
        shuffled = combine(s, 11, 11, run_blocks(s, settings, 11, order=[3, 0, 4, 2, 1]), grids)
        pooled = combine(s, 11, 11, run_blocks(s, settings.with_changes(workers=2), 11), grids)
        bigger = settings.with_changes(block_size=30_000)
        rebundled = combine(s, 11, 11, run_blocks(s, bigger, 11), grids)
        for other in (shuffled, pooled, rebundled):
            for a, b in zip(reference.targets, other.targets, strict=True):
                assert (a.successes, a.median, a.p5, a.p95) == (b.successes, b.median, b.p5, b.p95)
            for key in reference.percentiles:
                assert np.array_equal(
                    reference.percentiles[key], other.percentiles[key], equal_nan=True
                )
            for key in reference.sample.levels:
                assert np.array_equal(
                    reference.sample.levels[key], other.sample.levels[key], equal_nan=True
                )

    def test_different_seed_different_numbers(self):
        s = self.scenario()
        a = simulate(s, entropy=1, draws=10_000).levels["gdp"]
        b = simulate(s, entropy=2, draws=10_000).levels["gdp"]
        assert not np.array_equal(a, b)

    def test_adding_an_independent_indicator_leaves_streams_unchanged(self):
        data = minimal_dict()
        before = simulate(build(data), entropy=4, draws=10_000).levels["gdp"]
        data["indicators"]["extra"] = {
            "label": "x",
            "unit": "亿元",
            "actual": {2024: 5},
            "growth": {"normal": {"mean": "5%", "sd": "5%"}},
        }
        after = simulate(build(data), entropy=4, draws=10_000).levels["gdp"]
        assert np.array_equal(before, after)

    def test_in_memory_evaluate_equals_streamed_run(self):
        s = self.scenario()
        streamed = run(s, self.settings).results
        direct = evaluate(s, simulate(s, entropy=11, draws=50_000), entropy=11)
        assert [t.successes for t in streamed.targets] == [t.successes for t in direct.targets]
