"""planmodel fit: the Bayesian AR(1) recovers known parameters, matches closed forms, and prints
a block that parses and reproduces its fan in the engine."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import yaml

from planmodel.analysis.fit import (
    fan,
    fit_driver,
    fit_frame,
    fit_series,
    posterior,
    predictive_check,
    summarize_posterior,
)
from planmodel.analysis.fit_yaml import yaml_block
from planmodel.analysis.history import driver_series, read_history
from planmodel.errors import ScenarioError
from planmodel.runner import run
from planmodel.scenario import scenario_from_mapping
from planmodel.settings import RunSettings


def ar1(n: int, mu: float, sd: float, phi: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    e = np.empty(n)
    e[0] = sd * rng.standard_normal()
    for t in range(1, n):
        e[t] = phi * e[t - 1] + math.sqrt(1 - phi**2) * sd * rng.standard_normal()
    return mu + e


def test_independent_years_give_the_t_posterior_in_closed_form():
    # With φ fixed at 0 the posterior is the textbook one: μ ~ t_{n−1}(x̄, s²/n), σ² ~ Inv-Gamma.
    x = np.array([0.071, 0.065, 0.080, 0.058, 0.074, 0.069, 0.062])
    n, s = len(x), x.std(ddof=1)
    est = summarize_posterior(posterior(range(2018, 2025), x, grid=np.array([0.0])))
    assert est.mean == pytest.approx(x.mean(), rel=1e-12)
    assert est.trend_sd == pytest.approx(s / math.sqrt(n) * math.sqrt((n - 1) / (n - 3)), rel=1e-9)
    assert est.sd == pytest.approx(s * math.sqrt((n - 1) / (n - 3)), rel=1e-9)
    assert est.persistence == 0.0


def test_missing_years_use_the_exact_ar1_covariance():
    # A gap is not an error: the likelihood uses φ^|Δt| between the years that are there.
    x = ar1(14, 0.07, 0.015, 0.5, seed=1)
    years = list(range(2010, 2024))
    keep = [i for i in range(14) if i not in (4, 9)]
    fit = fit_driver("gdp", "real_growth", [years[i] for i in keep], x[keep])
    assert fit.n == 12 and fit.years[4] == 2015
    assert abs(fit.estimate.mean - 0.07) < 3 * fit.estimate.trend_sd


@pytest.mark.parametrize(("mu", "sd", "phi"), [(0.07, 0.015, 0.5), (0.03, 0.01, 0.0), (-0.01, 0.02, 0.7)])
def test_recovers_known_parameters_within_their_standard_errors(mu, sd, phi):
    # Thirty synthetic series of 30 years each: the truth lies within two posterior standard
    # deviations of the estimate for the mean, the yearly sd and the persistence in most series
    # (a calibrated 2-sd interval holds it 95% of the time; we require 85%, and the average
    # estimate close to the truth).
    hits = {"mean": 0, "sd": 0, "phi": 0}
    phis = []
    for seed in range(30):
        est = fit_driver("x", "growth", range(1990, 2020), ar1(30, mu, sd, phi, seed)).estimate
        hits["mean"] += abs(est.mean - mu) < 2 * est.mean_sd
        hits["sd"] += abs(est.sigma - sd) < 2 * est.sigma_sd
        hits["phi"] += abs(est.persistence - phi) < 2 * est.persistence_sd
        phis.append(est.persistence)
    assert min(hits.values()) >= 26, hits
    assert abs(np.mean(phis) - phi) < 0.15


def test_long_series_pin_the_parameters_down():
    est = fit_driver("x", "growth", range(1800, 2000), ar1(200, 0.05, 0.02, 0.6, seed=7)).estimate
    assert est.persistence == pytest.approx(0.6, abs=0.12)
    assert est.sigma == pytest.approx(0.02, rel=0.2)
    assert est.persistence_sd < 0.08


def test_few_years_are_refused_below_four_and_warned_below_six():
    with pytest.raises(ValueError, match="at least 4"):
        fit_driver("x", "growth", [2020, 2021, 2022], [0.05, 0.06, 0.07])
    frame = pd.DataFrame({"year": ["2020", "2021", "2022", "2023", "2024"],
                          "gdp.real_growth": ["6", "7", "5.5", "6.5", "6"]})
    result = fit_series(driver_series(frame))
    assert result.drivers[0].few_years
    assert "WARNING: only 5 years" in yaml_block(result, "h.csv")


def test_history_layout_levels_real_and_deflator():
    frame = pd.DataFrame({
        "year": [str(y) for y in range(2015, 2022)],
        "gdp": ["100", "108", "116", "125", "134", "139", "151"],
        "gdp.real_growth": ["", "7", "7.5%", "6.8", "6.1", "2.3", "8.1"],
        "share.change": ["0.8", "0.9", "1", "0.7", "0.9", "1.1", "0.8"],
    })
    series = {s.name: s for s in driver_series(frame)}
    assert series["gdp"].kind == "real_growth" and series["gdp"].values[1] == pytest.approx(0.075)
    deflator = series["gdp.deflator"]
    assert deflator.years[0] == 2016
    assert deflator.values[0] == pytest.approx(1.08 / 1.07 - 1)
    assert series["share"].kind == "change" and series["share"].values[0] == 0.8
    table = fit_frame(frame)
    assert list(table["driver"]) == ["gdp", "gdp.deflator", "share"]
    assert {"mean", "sd", "trend_sd", "persistence", "start_deviation", "ljung_box_p"} <= set(table.columns)


def test_xlsx_reads_like_csv(tmp_path):
    frame = pd.DataFrame({"year": [2019, 2020, 2021, 2022], "gdp.growth": [6.1, 2.3, 8.4, "3%"]})
    frame.to_excel(tmp_path / "h.xlsx", index=False)
    frame.to_csv(tmp_path / "h.csv", index=False)
    assert driver_series(read_history(tmp_path / "h.xlsx")) == driver_series(read_history(tmp_path / "h.csv"))


@pytest.mark.parametrize(("columns", "match"), [
    ({"yr": ["2020"], "gdp": ["1"]}, "needs a 'year' column"),
    ({"year": ["2020"], "GDP growth": ["1"]}, "KEY.growth"),
    ({"year": ["2020", "2021"], "gdp.growth": ["5", "x"]}, "expected a number"),
    ({"year": ["2020", "2020"], "gdp.growth": ["5", "6"]}, "each year appears once"),
])
def test_bad_tables_are_one_line_errors(columns, match):
    with pytest.raises(ScenarioError, match=match):
        driver_series(pd.DataFrame(columns))


def _history() -> pd.DataFrame:
    years = list(range(2013, 2025))
    return pd.DataFrame({
        "year": [str(y) for y in years],
        "gdp.real_growth": [f"{100 * v:.2f}" for v in ar1(12, 0.07, 0.012, 0.4, seed=3)],
        "gdp.growth": [f"{100 * v:.2f}" for v in ar1(12, 0.08, 0.02, 0.4, seed=4)],
        "output.growth": [f"{100 * v:.2f}" for v in ar1(12, 0.09, 0.03, 0.3, seed=5)],
    })


def test_printed_block_pastes_into_a_scenario_and_the_engine_reproduces_the_fan():
    result = fit_series(driver_series(_history()))
    block = yaml.safe_load(yaml_block(result, "h.csv"))
    gdp = block["indicators"]["gdp"]
    assert set(gdp) == {"real_growth", "over_years", "deflator", "deflator_over_years"}
    assert set(gdp["over_years"]) == {"trend_sd", "persistence", "start_deviation", "reason"}
    assert gdp["real_growth"]["reason"].startswith("假设")
    indicators = {
        "gdp": {"label": "GDP", "unit": "亿元", "actual": {2024: 100.0}, **gdp},
        "output": {"label": "产值", "unit": "亿元", "actual": {2024: 50.0}, **block["indicators"]["output"]},
    }
    scenario = scenario_from_mapping({
        "scenario": "fit", "horizon": 2027, "indicators": indicators,
        "correlation": block.get("correlation", []),
        "targets": [{"name": f"g{y}", "indicator": "gdp", "measure": "growth", "basis": "real",
                     "year": y, "at_least": "0%"} for y in (2025, 2026, 2027)],
    })
    outcome = run(scenario, RunSettings(draws=100_000, seed=11))
    fitted = next(f for f in result.drivers if f.name == "gdp")
    expected = fan(fitted, 3)
    for h, year in enumerate((2025, 2026, 2027)):
        sample = outcome.results.target_samples[f"g{year}"]
        got = np.quantile(sample, [0.05, 0.5, 0.95])
        # percentiles of 100,000 normal draws: standard error below 0.02 sd; allow 0.05 sd
        width = (expected[h, 4] - expected[h, 0]) / (2 * 1.645)
        assert np.allclose(got, expected[h, [0, 2, 4]], atol=0.05 * width), (year, got, expected[h])


def test_the_scenario_form_is_never_narrower_than_the_full_posterior_predictive():
    # The form matches the innovation variance and the variance of a year far ahead; near the last
    # observation it adds the whole trend doubt, so it is wider there (conservative), never narrower.
    fitted = fit_series(driver_series(_history())).drivers[0]
    form, full = fan(fitted, 5), predictive_check(fitted, 5)
    ratio = (form[:, 4] - form[:, 0]) / (full[:, 1] - full[:, 0])
    assert np.all(ratio >= 0.97) and np.all(ratio < 1.5), ratio
    e = fitted.estimate
    assert e.sd**2 + e.trend_sd**2 == pytest.approx(e.sigma**2 + e.mean_sd**2, rel=1e-9)
    assert e.sd <= e.sigma


def test_correlations_are_printed_within_the_persistences_bound():
    result = fit_series(driver_series(_history()))
    for c in result.correlations:
        assert abs(c.usable) <= c.bound
        assert c.low90 <= c.rho <= c.high90
