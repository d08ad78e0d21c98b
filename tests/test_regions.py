"""Regions inside a parent (大冶 + the rest of 黄石 → 黄石): the shipped variant and a closed-form case.

The share target ``大冶 / (大冶 + rest) ≥ x`` is, for one year of normal growth, the event
``A₀(1−x)(1+g_a) − x·B₀(1+g_b) ≥ 0``: a linear combination of two (correlated) normals, so its
probability is exactly Φ(μ/σ). The shipped variant is checked against an independent recomputation
on its own draws (the whole, the pre-revision share, the probability the run reports).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import norm

from planmodel.engine import simulate
from planmodel.io import load_scenario
from planmodel.rng import root_entropy
from planmodel.runner import run
from planmodel.scenario import scenario_from_mapping

REGIONS = Path(__file__).resolve().parents[1] / "scenarios" / "daye-2026-regions.yaml"
SHARE = "经济总量占黄石40%以上"

A0, B0, MEAN_A, SD_A, MEAN_B, SD_B = 43.0, 57.0, 0.08, 0.03, 0.05, 0.02


def _two_regions(rho: float) -> dict:
    return {
        "scenario": "two regions",
        "horizon": 2025,
        "indicators": {
            "a": {"label": "a", "unit": "亿元", "actual": {2024: A0},
                  "growth": {"normal": {"mean": MEAN_A, "sd": SD_A}}},
            "b": {"label": "b", "unit": "亿元", "actual": {2024: B0},
                  "growth": {"normal": {"mean": MEAN_B, "sd": SD_B}}},
        },
        "derived": {
            "whole": {"label": "整体", "unit": "亿元", "sum_of": ["a", "b"]},
            "share_a": {"label": "a占比", "unit": "%", "formula": "a / whole"},
        },
        "correlation": [["a", "b", rho]] if rho else [],
        "targets": [{"name": "a占44%以上", "indicator": "share_a", "year": 2025, "at_least": "44%"}],
    }  # fmt: skip


def _closed_form(x: float, rho: float) -> float:
    """P(A₀(1+g_a) / (A₀(1+g_a) + B₀(1+g_b)) ≥ x) for bivariate normal (g_a, g_b)."""
    ca, cb = A0 * (1 - x), x * B0
    mu = ca * (1 + MEAN_A) - cb * (1 + MEAN_B)
    sd = math.sqrt((ca * SD_A) ** 2 + (cb * SD_B) ** 2 - 2 * rho * ca * cb * SD_A * SD_B)
    return float(norm.cdf(mu / sd))


@pytest.mark.parametrize("rho", [0.0, 0.8])
def test_share_probability_matches_the_closed_form(rho):
    n = 40_000
    scenario = scenario_from_mapping(_two_regions(rho))
    results = run(scenario, draws=n, seed=7).results
    p = _closed_form(0.44, rho)
    assert 0.2 < p < 0.8  # a case where the correlation matters (0.35 at ρ=0, 0.30 at ρ=0.8)
    assert results.targets[0].probability == pytest.approx(p, abs=4 * math.sqrt(p * (1 - p) / n))


def test_higher_correlation_narrows_the_share():
    """Delta method: Var(share) ≈ (B²·A₀²σa² + A²·B₀²σb² − 2ρ·A·B·A₀B₀σaσb) / (A+B)⁴, falling in ρ."""
    a, b = A0 * (1 + MEAN_A), B0 * (1 + MEAN_B)
    spreads = []
    for rho in (0.0, 0.5, 0.9):
        paths = simulate(scenario_from_mapping(_two_regions(rho)), 3, 40_000)
        share = paths.levels["share_a"][:, -1]
        var = (b * A0 * SD_A) ** 2 + (a * B0 * SD_B) ** 2 - 2 * rho * a * b * A0 * B0 * SD_A * SD_B
        assert share.std() == pytest.approx(100 * math.sqrt(var) / (a + b) ** 2, rel=0.03)
        spreads.append(share.std())
    assert spreads[0] > spreads[1] > spreads[2]


@pytest.fixture(scope="module")
def regions():
    loaded = load_scenario(REGIONS)
    return loaded, simulate(loaded.scenario, root_entropy(loaded.settings.seed), 20_000)


def test_the_shipped_regions_whole_is_daye_plus_the_rest(regions):
    _, paths = regions
    whole = paths.levels["huangshi_gdp"]
    # the same sum up to floating-point rounding (a formula adds in base units: 亿元 × 1e8)
    parts = paths.levels["gdp"] + paths.levels["huangshi_rest"]
    np.testing.assert_allclose(whole, parts, rtol=1e-15, atol=0, equal_nan=True)
    # 2022, on the basis before the census: the rest is derived as 黄石 2025 (预计) − 大冶 860.79, so
    # the sum restates 黄石's estimate (the draws spread it by the estimate's revision doubt)
    year = paths.column(2022)
    old = sum(paths.levels[k][:, year] / paths.rebase_factor[k] for k in ("gdp", "huangshi_rest"))
    assert np.median(old) == pytest.approx(2025.0, rel=2e-3)


def test_the_shipped_share_target_is_daye_over_the_sum_on_the_old_basis(regions):
    scenario, paths = regions
    year = paths.column(2026)
    daye = paths.levels["gdp"][:, year] / paths.rebase_factor["gdp"]
    rest = paths.levels["huangshi_rest"][:, year] / paths.rebase_factor["huangshi_rest"]
    share = 100 * daye / (daye + rest)
    n = len(share)
    reported = run(scenario, draws=n).results
    target = next(t for t in reported.targets if t.name == SHARE)
    assert target.probability == pytest.approx(float(np.mean(share >= 40)), abs=1e-12)
    assert target.median == pytest.approx(float(np.median(share)), rel=1e-4)  # a run's quantiles are binned


def _share_sd(path: Path, rho: float) -> float:
    """Spread of the 2026 share with 大冶–rest correlated ρ (growth and census revision alike)."""
    path.write_text(
        f"extends: {REGIONS}\ncorrelation:\n"
        f"  - [gdp, huangshi_rest, {rho}]\n  - [gdp.deflator, huangshi_rest.deflator, 0.8]\n"
        "  - [gdp, industrial_output, 0.6]\n  - [gdp.deflator, industrial_output, 0.3]\n"
        f"  - [gdp.rebase, huangshi_rest.rebase, {rho}]\n",
        encoding="utf-8",
    )
    loaded = load_scenario(path)
    paths = simulate(loaded.scenario, root_entropy(loaded.settings.seed), 20_000)
    return float(paths.levels["share_of_huangshi"][:, paths.column(2026)].std())


def test_correlating_the_regions_more_narrows_the_shipped_share(tmp_path, regions):
    _, paths = regions
    shipped = paths.levels["share_of_huangshi"][:, paths.column(2026)].std()  # ρ = 0.5
    assert _share_sd(tmp_path / "rho.yaml", 0.5) == pytest.approx(shipped, rel=1e-12)
    # Observed 1.86 / 1.76 / 1.72 points at ρ = 0 / 0.5 / 0.7: 大冶's own doubt (growth, census
    # revision) weighs on numerator and denominator alike, so ρ moves the spread by a few percent,
    # steps well above the noise of sd estimates from the same 20,000 seeded draws (< 0.5%).
    loose, tight = _share_sd(tmp_path / "rho.yaml", 0.0), _share_sd(tmp_path / "rho.yaml", 0.7)
    assert loose > shipped > tight
    assert loose > 1.05 * tight
