"""Analyses (issue 9): closed-form cases, common random numbers, determinism, located errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from planmodel.analysis.compare import compare
from planmodel.analysis.conditions import best_box, conditions
from planmodel.analysis.overrides import apply, resolve
from planmodel.analysis.required import implied_price_growth, required
from planmodel.analysis.seek import seek
from planmodel.analysis.sensitivity import drivers, sensitivity, sobol, tornado
from planmodel.analysis.sweep import grid, sweep
from planmodel.analysis.trials import run_trial
from planmodel.cli import main
from planmodel.errors import ScenarioError
from planmodel.rng import root_entropy
from planmodel.runner import run
from planmodel.settings import RunSettings

from conftest import build, write_yaml

ENTROPY = root_entropy(7)


def one_year(mean: str = "10%", sd: str = "2%", target: float = 1100.0) -> dict[str, Any]:
    """GDP 1000 in 2025, one year of normal real growth, prices flat: P = Φ((μ − 10%)/σ) for 1100."""
    return {
        "scenario": "one year",
        "horizon": 2026,
        "simulation": {"draws": 4000, "seed": 7},
        "indicators": {
            "gdp": {
                "label": "地区生产总值",
                "unit": "亿元",
                "actual": {2025: 1000},
                "real_growth": {"normal": {"mean": mean, "sd": sd}},
                "deflator": "0%",
            },
        },
        "targets": [{"name": "gdp", "indicator": "gdp", "year": 2026, "at_least": f"{target:g}亿元"}],
    }


def two_parts(sd_a: str = "3%", sd_b: str = "1%") -> dict[str, Any]:
    """Total = a + b (100 each in 2025, one year of independent normal growth): additive."""
    ind = {"unit": "亿元", "actual": {2025: 100}}
    return {
        "scenario": "two parts",
        "horizon": 2026,
        "indicators": {
            "a": {**ind, "label": "甲", "growth": {"normal": {"mean": "5%", "sd": sd_a}}},
            "b": {**ind, "label": "乙", "growth": {"normal": {"mean": "5%", "sd": sd_b}}},
        },
        "derived": {"total": {"label": "合计", "unit": "亿元", "formula": "a + b"}},
        "targets": [
            {"name": "up", "indicator": "total", "year": 2026, "at_least": "212亿元"},
            {"name": "down", "indicator": "total", "year": 2026, "at_most": "208亿元"},
        ],
    }


# --- required pace ---------------------------------------------------------------------------


def test_implied_price_growth_of_xisaishan_13th_plan() -> None:
    # 154亿 → 300亿 in five years: exp(ln(300/154)/5) − 1 = exp(0.133366) − 1 = 14.267%;
    # beside 7.5% real: 1.142668/1.075 − 1 = 6.295% (the 14.3% and 6.3%)
    nominal, price = implied_price_growth(154.0, 300.0, 5, 0.075)
    assert nominal == pytest.approx(0.142668, abs=2e-6)
    assert price == pytest.approx(0.062947, abs=2e-6)
    assert 154.0 * ((1 + 0.075) * (1 + price)) ** 5 == pytest.approx(300.0, rel=1e-12)


def test_required_pace_round_trips_with_compounding() -> None:
    scenario = build(one_year())
    outcome = run(scenario, RunSettings(draws=2000, seed=7))
    row = required(scenario, outcome.results).rows[0]
    years = row.year - row.start_year
    assert row.start_value * (1 + row.needed) ** years == pytest.approx(1100.0, rel=1e-9)
    assert row.assumed == pytest.approx(0.10, abs=1e-12)  # 10% real, prices flat


# --- overrides -----------------------------------------------------------------------------


def test_override_moves_the_mean_of_one_year_only() -> None:
    data = one_year()
    data["horizon"] = 2027
    data["targets"][0]["year"] = 2027
    scenario = build(data)
    param = resolve(scenario, "indicators.gdp.real_growth.2027.mean")
    changed = apply(scenario, param, 0.2)
    growth = changed.indicator("gdp").driver
    assert growth.for_year(2027).mean() == pytest.approx(0.2)
    assert growth.for_year(2026).mean() == pytest.approx(0.1)
    assert scenario.indicator("gdp").driver.for_year(2027).mean() == pytest.approx(0.1)  # original kept


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("indicators.gdq.real_growth.mean", "did you mean 'gdp'"),
        ("indicators.gdp.real_growht.mean", "did you mean 'real_growth'"),
        ("indicators.gdp.real_growth.2025.mean", "not a projected year"),
        ("indicators.gdp.real_growth.median", "valid: mean, sd"),
        ("gdp.mean", "not a parameter path"),
    ],
)
def test_bad_parameter_paths_say_what_is_valid(path: str, words: str) -> None:
    with pytest.raises(ScenarioError, match=words):
        resolve(build(one_year()), path)


# --- seek ----------------------------------------------------------------------------------


def test_seek_recovers_the_closed_form_mean() -> None:
    scenario = build(one_year())
    draws = 20_000
    result = seek(
        scenario,
        "gdp",
        0.8,
        resolve(scenario, "indicators.gdp.real_growth.mean"),
        entropy=ENTROPY,
        draws=draws,
    )
    exact = 0.10 + 0.02 * norm.ppf(0.8)  # 11.68%
    # MC error of a quantile: sqrt(p(1−p)/n)/φ(z)·σ ≈ 0.0002; 4 sd plus the tolerance
    assert result.status == "found"
    assert result.value == pytest.approx(exact, abs=4 * 0.0002 + result.tolerance)
    assert result.probability >= 0.8
    again = seek(
        scenario,
        "gdp",
        0.8,
        resolve(scenario, "indicators.gdp.real_growth.mean"),
        entropy=ENTROPY,
        draws=draws,
    )
    assert again == result  # same seed, same answer


def test_seek_says_when_no_value_gets_there() -> None:
    scenario = build(one_year(target=5000.0))
    param = resolve(scenario, "indicators.gdp.real_growth.mean")
    result = seek(scenario, "gdp", 0.8, param, entropy=ENTROPY, draws=1000, low=0.0, high=0.3)
    assert result.status == "unreachable" and result.value is None


def test_seek_downwards_for_an_at_most_target() -> None:
    scenario = build(two_parts())
    param = resolve(scenario, "indicators.a.growth.mean")
    result = seek(scenario, "down", 0.8, param, entropy=ENTROPY, draws=20_000)
    # total − 200 ~ N(100(μa−5%) + 10, 100²(3%² + 1%²)); P(total ≤ 208) = 0.8
    exact = 0.05 + (8 - 10 - 100 * np.sqrt(0.03**2 + 0.01**2) * norm.ppf(0.8)) / 100
    assert not result.increasing
    assert result.value == pytest.approx(exact, abs=0.002)


# --- sensitivity ---------------------------------------------------------------------------


def test_tornado_signs_and_ordering() -> None:
    scenario = build(two_parts())
    bars = tornado(scenario, ["up", "down"], entropy=ENTROPY, draws=5000)
    up, down = bars["up"], bars["down"]
    assert [b.factor.indicator for b in up] == ["a", "b"]  # a's spread is three times b's
    assert all(b.p_high > b.p_low for b in up)  # more growth helps an at-least target
    assert all(b.p_high < b.p_low for b in down)  # and hurts an at-most one
    assert up[0].swing > up[1].swing


def test_sobol_indices_of_an_additive_model() -> None:
    scenario = build(two_parts())
    base = run_trial(scenario, ENTROPY, 5000)
    idx = sobol(scenario, ["up"], entropy=ENTROPY, n=2048, base=base, output="value")["up"]
    # additive: S1 = ST = share of variance, 9/10 and 1/10
    assert idx.first == pytest.approx([0.9, 0.1], abs=0.05)
    assert idx.total == pytest.approx([0.9, 0.1], abs=0.05)


def test_sensitivity_is_the_same_for_the_same_seed() -> None:
    scenario = build(two_parts())
    a = sensitivity(scenario, ["up"], entropy=ENTROPY, draws=2000, sobol_n=256).to_frame()
    b = sensitivity(scenario, ["up"], entropy=ENTROPY, draws=2000, sobol_n=256).to_frame()
    assert a.equals(b)
    assert (
        drivers(sensitivity(scenario, ["up"], entropy=ENTROPY, draws=2000, sobol_n=None), "up")[0].factor.key
        == "a.growth.2026"
    )


# --- sweep ---------------------------------------------------------------------------------


@settings(max_examples=8, deadline=None)
@given(st.floats(0.0, 0.15), st.floats(0.005, 0.1))
def test_sweep_is_monotone_in_the_mean(start: float, width: float) -> None:
    scenario = build(one_year())
    param = resolve(scenario, "indicators.gdp.real_growth.mean")
    result = sweep(scenario, [grid(param, start, start + width, 4)], entropy=ENTROPY, draws=1000)
    p = result.probabilities["gdp"]
    assert np.all(np.diff(p) >= 0)  # common random numbers: each draw moves up with the mean


def test_sweep_at_the_current_value_is_the_base_run() -> None:
    scenario = build(one_year())
    param = resolve(scenario, "indicators.gdp.real_growth.mean")
    result = sweep(scenario, [grid(param, 0.05, 0.10, 2)], entropy=ENTROPY, draws=3000)
    assert result.probabilities["gdp"][-1] == run_trial(scenario, ENTROPY, 3000).probability("gdp")


# --- compare and conditions ----------------------------------------------------------------


def test_comparing_a_scenario_with_itself_gives_identical_rows() -> None:
    scenario = build(two_parts())
    frame = compare([scenario, scenario], ["x", "y"], seed=7, draws=2000).to_frame()
    x = frame[frame.scenario == "x"].drop(columns="scenario").reset_index(drop=True)
    y = frame[frame.scenario == "y"].drop(columns="scenario").reset_index(drop=True)
    assert x.equals(y)


def test_prim_finds_a_known_box() -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(size=(20_000, 3))
    y = ((x[:, 0] > 0.6) & (x[:, 1] > 0.3)).astype(float)
    lo, hi = best_box(x, y, min_coverage=0.8)
    assert lo[0] == pytest.approx(0.6, abs=0.03) and lo[1] == pytest.approx(0.3, abs=0.05)
    assert not np.isfinite(lo[2]) and not np.isfinite(hi).any()


def test_conditions_raise_the_probability() -> None:
    scenario = build(two_parts())
    box = conditions(scenario, "up", entropy=ENTROPY, draws=5000)
    assert box.limits and box.density > box.base
    assert box.limits[0].factor.indicator == "a" and box.limits[0].lower


# --- command line ---------------------------------------------------------------------------


def test_commands_run_and_bad_paths_exit_2(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml(tmp_path, one_year())
    runner = CliRunner()
    out = str(tmp_path / "o")
    res = runner.invoke(
        main,
        [
            "seek",
            str(path),
            "--target",
            "gdp",
            "--vary",
            "indicators.gdp.real_growth.mean",
            "--draws",
            "2000",
            "--out",
            out,
        ],
    )
    assert res.exit_code == 0, res.output
    assert "达标概率才有80%" in res.output and (tmp_path / "o" / "seek.png").exists()
    for args in (
        ["required", str(path)],
        ["sensitivity", str(path), "--sobol", "64"],
        ["conditions", str(path)],
        ["sweep", str(path), "--vary", "indicators.gdp.real_growth.mean=5%:15%:3"],
        ["compare", str(path), str(path)],
    ):
        res = runner.invoke(main, [*args, "--draws", "1000", "--out", out])
        assert res.exit_code == 0, (args, res.output)
    res = runner.invoke(
        main, ["seek", str(path), "--target", "gdp", "--vary", "indicators.gdp.real_grwth.mean"]
    )
    assert res.exit_code == 2
    assert "s.yaml:" in res.output and "real_growth" in res.output and "Traceback" not in res.output


def test_run_with_sensitivity_puts_drivers_and_tornado_in_the_briefing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from planmodel.analysis.insight import insight
    from planmodel.report.content import build_briefing

    scenario = build(two_parts())
    outcome = run(scenario, RunSettings(draws=2000, seed=7))
    found = insight(scenario, ["up"], entropy=outcome.results.entropy, draws=2000, sobol_n=None)
    plain = build_briefing(outcome.results, lang="zh")
    briefing = build_briefing(outcome.results, lang="zh", insight=found)
    assert briefing.risks[0].startswith("“up”主要取决于")  # 甲 (a) decides it: three times b's spread
    assert "甲" in briefing.risks[0].split("其次")[0]
    assert briefing.risks[len(briefing.risks) - len(plain.risks) :] == plain.risks
    assert ("tornado", "up") in briefing.charts and briefing.tornado("up").labels[0].endswith("甲增速")
    english = build_briefing(
        outcome.results, lang="en", insight=insight(scenario, ["up"], entropy=1, draws=500, sobol_n=None)
    )
    assert "depends mainly on" in english.risks[0]
    res = CliRunner().invoke(
        main,
        [
            "run",
            str(write_yaml(tmp_path, two_parts())),
            "--sensitivity",
            "--draws",
            "1000",
            "--format",
            "docx,pptx",
            "--out",
            str(tmp_path / "run"),
            "-q",
        ],
    )
    assert res.exit_code == 0, res.output
    assert (tmp_path / "run" / "briefing.docx").exists() and (tmp_path / "run" / "slides.pptx").exists()


def xisaishan_13th() -> dict[str, Any]:
    """西塞山's 13th FYP as a scenario: GDP 154亿 in 2015, 300亿 and 7.5% a year real for 2020.

    The base, the two targets and the outcome are those of backtests/xisaishan_13th_fyp.yaml; the
    growth and price assumptions are ours (假设, for the test only): 7.5% real, prices +2% ± 1% a year.
    """
    return {
        "scenario": "西塞山十三五",
        "horizon": 2020,
        "indicators": {
            "gdp": {
                "label": "地区生产总值", "unit": "亿元", "actual": {2015: 154},
                "real_growth": {"normal": {"mean": "7.5%", "sd": "1%"}},
                "deflator": {"normal": {"mean": "2%", "sd": "1%"}},
            },
        },
        "targets": [
            {"name": "300亿", "indicator": "gdp", "year": 2020, "at_least": "300亿元"},
            {"name": "年均7.5%", "indicator": "gdp", "measure": "avg_growth", "basis": "real",
             "years": "2016-2020", "at_least": "7.5%"},
        ],
    }  # fmt: skip


def test_plan_checked_against_itself_on_xisaishan_13th_plan() -> None:
    import yaml

    from conftest import ROOT

    facts = yaml.safe_load((ROOT / "backtests" / "xisaishan_13th_fyp.yaml").read_text(encoding="utf-8"))
    text = str(facts)
    assert "'value': 300" in text and "'value': 154" in text and "'value': 7.5" in text
    scenario = build(xisaishan_13th())
    outcome = run(scenario, RunSettings(draws=4000, seed=7))
    (pair,) = required(scenario, outcome.results).pairs
    assert (pair.level_target, pair.growth_target, pair.base_year) == ("300亿", "年均7.5%", 2015)
    assert pair.nominal[0] == pytest.approx(0.142668, abs=2e-6)
    assert pair.price[0] == pytest.approx(0.062947, abs=2e-6)
    # five independent years of prices N(2%, 1%): the average is about N(2%, 0.45%); 6.3% is 9 sd away
    assert pair.price_median == pytest.approx(0.02, abs=0.002)
    assert pair.price_probability == 0.0 and pair.flagged
    from planmodel.report.analysis_text import pace_sentences

    lines = pace_sentences(scenario, required(scenario, outcome.results), "zh")
    assert any("需价格年均上涨6.3%" in line for line in lines)
    assert any("难以同时实现" in line for line in lines)


def test_pinned_draws_do_not_depend_on_the_block_size() -> None:
    from planmodel.analysis.factors import average, factors, pins_from_draws, yearly_values
    from planmodel.engine import simulate_block
    from planmodel.results import Paths
    from planmodel.rng import CHUNK

    scenario = build(two_parts())
    found = factors(scenario)
    n = 2 * CHUNK + 7
    u = np.random.default_rng(1).uniform(size=(n, len(found)))
    base = run_trial(scenario, ENTROPY, 500).paths
    yearly = [yearly_values(scenario, f, base) for f in found]
    order = [np.argsort(average(f, y), kind="stable") for f, y in zip(found, yearly, strict=True)]
    pins = pins_from_draws(found, u, yearly, order)
    whole = simulate_block(scenario, ENTROPY, RunSettings(draws=n, block_size=4 * CHUNK).blocks()[0], pins)
    parts = Paths.concatenate(
        [simulate_block(scenario, ENTROPY, b, pins) for b in RunSettings(draws=n, block_size=CHUNK).blocks()]
    )
    for key in whole.levels:
        assert np.array_equal(whole.levels[key], parts.levels[key])


@pytest.mark.parametrize(
    "dist",
    [
        {"triangular": {"low": "2%", "mode": "9%", "high": "14%"}},
        {"pert": {"low": "0%", "mode": "5%", "high": "16%"}},
        {"uniform": {"low": "1%", "high": "9%"}},
        {"student_t": {"mean": "6%", "scale": "1%", "df": 5}},
    ],
)
def test_overrides_set_mean_and_sd_of_every_family(dist: dict[str, Any]) -> None:
    data = one_year()
    data["indicators"]["gdp"]["real_growth"] = dist
    scenario = build(data)
    mean = apply(scenario, resolve(scenario, "indicators.gdp.real_growth.mean"), 0.12)
    assert mean.indicator("gdp").driver.for_year(2026).mean() == pytest.approx(0.12, abs=1e-12)
    spread = apply(scenario, resolve(scenario, "indicators.gdp.real_growth.sd"), 0.03)
    moved = spread.indicator("gdp").driver.for_year(2026)
    before = scenario.indicator("gdp").driver.for_year(2026)
    assert moved.sd() == pytest.approx(0.03, rel=1e-9)
    assert moved.mean() == pytest.approx(before.mean(), abs=1e-12)  # rescaled about the mean
