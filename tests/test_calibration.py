"""The outside view: its data, its fit, and what it does to a scenario (as docs/calibration.md says)."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pytest
from scipy import integrate

from planmodel.analysis.case_files import read_cases
from planmodel.analysis.reference_class import ErrorPair, error_pairs, fit_outside_view
from planmodel.calibration import (
    PROVINCIAL_GDP,
    calibrate,
    calibrated_year,
    implied_average_sd,
    narrow_bands,
    projected_years,
)
from planmodel.distribution_families import Normal, Triangular
from planmodel.dynamics import ar1_sum_variance
from planmodel.empirical import Empirical
from planmodel.io import load_scenario
from planmodel.runner import run
from planmodel.scenario import scenario_from_mapping
from planmodel.settings import RunSettings

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_outside_view_is_the_fit_of_the_case_files():
    refit = fit_outside_view(error_pairs(read_cases([ROOT / "backtests"])), PROVINCIAL_GDP.source)
    assert refit.errors == PROVINCIAL_GDP.errors
    assert refit.pairs == 192 and refit.years == (2011, 2025) and refit.regions == 31
    for name in ("shift_se", "year_sd", "region_sd", "residual_sd"):
        assert getattr(refit, name) == pytest.approx(getattr(PROVINCIAL_GDP, name), rel=1e-6), name
    # the numbers docs/calibration.md quotes
    assert 100 * PROVINCIAL_GDP.shift == pytest.approx(-0.74, abs=0.005)
    assert 100 * PROVINCIAL_GDP.distribution.quantile(0.5) == pytest.approx(-0.2, abs=1e-9)
    assert 100 * PROVINCIAL_GDP.yearly_sd == pytest.approx(1.92, abs=0.005)
    assert 100 * PROVINCIAL_GDP.trend_sd == pytest.approx(0.53, abs=0.005)


def test_reml_equals_the_anova_estimators_on_a_balanced_design():
    # Balanced years × regions: REML gives the ANOVA (method of moments) estimators when positive.
    rng = np.random.default_rng(2)
    years, regions = 12, 9
    u = rng.normal(0, 0.012, years)
    a = rng.normal(0, 0.004, regions)
    e = -0.005 + u[:, None] + a[None, :] + rng.normal(0, 0.01, (years, regions))
    pairs = [ErrorPair(f"r{j}", 2000 + i, float(e[i, j])) for i in range(years) for j in range(regions)]
    view = fit_outside_view(pairs)
    grand = e.mean()
    ms_year = regions * ((e.mean(axis=1) - grand) ** 2).sum() / (years - 1)
    ms_region = years * ((e.mean(axis=0) - grand) ** 2).sum() / (regions - 1)
    resid = e - e.mean(axis=1, keepdims=True) - e.mean(axis=0, keepdims=True) + grand
    ms_error = (resid**2).sum() / ((years - 1) * (regions - 1))
    assert view.residual_sd**2 == pytest.approx(ms_error, rel=2e-3)
    assert view.year_sd**2 == pytest.approx((ms_year - ms_error) / regions, rel=2e-3)
    assert view.region_sd**2 == pytest.approx((ms_region - ms_error) / years, rel=2e-3)
    assert view.shift == pytest.approx(grand)


def test_empirical_distribution_moments():
    points = (-0.05, -0.01, 0.0, 0.002, 0.01)
    d = Empirical(points)
    assert d.mean() == pytest.approx(np.mean(points))
    second, _ = integrate.quad(lambda u: float(d.ppf(u)) ** 2, 0, 1, points=[0.1, 0.3, 0.5, 0.7, 0.9],
                               limit=200)
    assert d.sd() == pytest.approx(math.sqrt(second - d.mean() ** 2), rel=1e-6)
    assert d.quantile(0.5) == 0.0 and d.quantile(0.0) == -0.05 and d.quantile(1.0) == 0.01
    assert d.shifted(0.07).mean() == pytest.approx(d.mean() + 0.07)
    z = np.random.default_rng(0).standard_normal(200_000)
    assert np.mean(d.from_standard_normal(z)) == pytest.approx(d.mean(), abs=4 * d.sd() / math.sqrt(2e5))
    with pytest.raises(ValueError):
        Empirical((0.1, 0.0))


def test_a_narrow_year_becomes_the_mean_plus_a_past_error_a_wide_one_only_moves():
    narrow = calibrated_year(Normal(0.07, 0.01), PROVINCIAL_GDP)
    assert isinstance(narrow, Empirical)
    assert narrow.mean() == pytest.approx(0.07 + PROVINCIAL_GDP.shift)
    assert narrow.sd() == pytest.approx(PROVINCIAL_GDP.yearly_sd)
    assert narrow.quantile(0.5) == pytest.approx(0.07 - 0.002)  # the errors' median: −0.2 points
    wide = calibrated_year(Triangular(0.0, 0.08, 0.16), PROVINCIAL_GDP)
    assert isinstance(wide, Triangular)
    assert wide.mean() == pytest.approx(0.08 + PROVINCIAL_GDP.shift)
    assert wide.sd() == pytest.approx(Triangular(0.0, 0.08, 0.16).sd())


def _scenario(over=None, **extra):
    over = over or {"trend_sd": "0.3%", "persistence": 0.4, "start_deviation": "0.5%"}
    return scenario_from_mapping({
        "scenario": "t", "horizon": 2027,
        "indicators": {
            "gdp": {"label": "GDP", "unit": "亿元", "actual": {2022: 100},
                    "real_growth": {"normal": {"mean": "7%", "sd": "1%"}},
                    "deflator": {"normal": {"mean": "1%", "sd": "1%"}},
                    "over_years": over},
            "pop": {"label": "人口", "unit": "万人", "actual": {2022: 50},
                    "growth": {"normal": {"mean": "0.5%", "sd": "0.2%"}}},
            "share": {"label": "占比", "unit": "%", "actual": {2022: 20},
                      "change": {"normal": {"mean": 1, "sd": 0.2}}},
        },
        "targets": [{"name": "avg", "indicator": "gdp", "measure": "avg_growth", "basis": "real",
                     "years": "2023-2027", "at_least": "7%"}],
        **extra,
    })


def test_calibrate_touches_only_economic_growth_as_documented():
    plain = _scenario()
    cal = calibrate(plain)
    gdp, pop, share = cal.indicators
    assert cal.calibrated and not plain.calibrated
    assert gdp.driver.entries[0].distribution.mean() == pytest.approx(0.07 + PROVINCIAL_GDP.shift)
    assert gdp.over_years.trend_sd == pytest.approx(PROVINCIAL_GDP.trend_sd)  # 0.53 > 0.3
    assert gdp.over_years.persistence == 0.4
    assert gdp.over_years.start_deviation == pytest.approx(0.005 - PROVINCIAL_GDP.shift)  # same observation
    assert gdp.deflator == plain.indicators[0].deflator
    assert pop == plain.indicators[1] and share == plain.indicators[2]
    with pytest.raises(ValueError, match="already"):
        calibrate(cal)


def test_outside_view_widens_and_lowers_the_band_of_average_growth():
    over = {"trend_sd": "0.3%"}  # independent years, so the closed form below is exact
    plain = run(_scenario(over), RunSettings(draws=100_000, seed=3))
    cal = run(_scenario(over, calibration="outside_view"), RunSettings(draws=100_000, seed=3))
    assert plain.results.calibration == "none" and cal.results.calibration == "outside_view"
    assert cal.manifest["calibration"] == "outside_view" and "outside_view" in cal.manifest
    a, b = plain.results.targets[0], cal.results.targets[0]
    assert (b.p95 - b.p5) > 1.5 * (a.p95 - a.p5)
    assert b.median < a.median
    # sd of the 5-year average: each year a past error (sd 1.92 points), plus the wider trend (0.53)
    sample = cal.results.target_samples["avg"]
    expected = math.sqrt(PROVINCIAL_GDP.yearly_sd**2 / 5 + PROVINCIAL_GDP.trend_sd**2)
    assert np.std(sample) == pytest.approx(expected, rel=0.03)  # geometric vs arithmetic mean, MC


def test_validate_band_check_numbers():
    scenario = _scenario()
    gdp = scenario.indicators[0]
    years = projected_years(scenario, gdp)
    assert years == (2023, 2024, 2025, 2026, 2027)
    own = implied_average_sd(scenario, gdp, years)
    assert own == pytest.approx(math.sqrt(ar1_sum_variance([0.01] * 5, 0.4, 0.003)) / 5)
    (band,) = narrow_bands(scenario)
    assert band.indicator == "gdp" and band.scenario_sd == pytest.approx(own)
    view = PROVINCIAL_GDP
    assert band.reference_sd == pytest.approx(math.sqrt(view.trend_sd**2 + view.yearly_sd**2 / 5))
    assert narrow_bands(calibrate(scenario)) == []


def test_daye_gdp_band_widens_under_the_outside_view():
    loaded = load_scenario(ROOT / "scenarios" / "daye-2026.yaml")
    plain = run(loaded, draws=20_000, seed=1, calibration="none")
    cal = run(loaded, draws=20_000, seed=1, calibration="outside_view")
    key = "gdp"
    col = plain.results.years.index(2026)
    width = lambda r: r.percentiles[key][col, -1] - r.percentiles[key][col, 0]  # noqa: E731
    assert width(cal.results) > width(plain.results)
    assert dataclasses.replace(cal.scenario, calibrated=False) != plain.scenario
