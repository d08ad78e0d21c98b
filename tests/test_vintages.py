"""Uncertain starting points, census revisions and what "determined" means (issue 7 parts 3–4).

Closed forms: a level with relative revision sd r is lognormal, P(L ≥ T) = Φ((ln(v/T) − r²/2)/r);
a growth rate published as g ± r (normal) passes t with probability Φ((g − t)/r); a census shift s
moves a pre-revision level L/(1+s) across T when s ≤ L/T − 1.
"""

from __future__ import annotations

import math

import pytest
from click.testing import CliRunner
from scipy import stats

from planmodel.cli import main
from planmodel.errors import ScenarioError
from planmodel.runner import run

from conftest import build, minimal_dict, settings_of, write_yaml


def results(data):
    res = run(build(data), settings_of(data)).results
    return res, {t.name: t for t in res.targets}


def within(t, exact, k=5):
    se = math.sqrt(exact * (1 - exact) / t.draws)
    return abs(t.probability - exact) < k * se + 1e-12


def test_revision_of_the_last_level_is_lognormal_and_not_settled():
    data = minimal_dict()
    data["simulation"]["draws"] = 200_000
    data["indicators"]["gdp"]["actual"] = {2024: {"value": 1000, "vintage": "预计", "revision_sd": "3%"}}
    data["targets"] = [{"name": "t", "indicator": "gdp", "year": 2024, "at_least": "1010亿元"}]
    res, t = results(data)
    r = 0.03
    exact = stats.norm.cdf((math.log(1000 / 1010) - r**2 / 2) / r)
    assert not t["t"].determined and within(t["t"], exact)
    assert res.indicators["gdp"].actual_status[2024] == "estimate"
    assert res.indicators["gdp"].actual[2024] == 1000  # the published figure is still what is shown


def test_published_growth_with_revision_uncertainty():
    # 2024年GDP增长7.5%, published as 预计 8% with ±0.5 points still to come: Φ(1) = 84.1%.
    data = minimal_dict()
    data["simulation"]["draws"] = 200_000
    data["indicators"]["gdp"]["actual"] = {2023: 950}
    data["indicators"]["gdp"]["actual_growth"] = {
        2024: {"value": "8%", "vintage": "预计", "revision_sd": "0.5%"}
    }
    data["targets"] = [
        {
            "name": "g",
            "indicator": "gdp",
            "measure": "growth",
            "basis": "real",
            "year": 2024,
            "at_least": "7.5%",
        }
    ]
    _, t = results(data)
    assert not t["g"].determined and within(t["g"], stats.norm.cdf(1.0))


def test_published_real_growth_after_the_last_level_settles_a_real_growth_target_only():
    # issue: a published 2024 real growth after the 2023 level was shown as "> 99.999%" with an interval.
    data = minimal_dict()
    data["indicators"]["gdp"]["actual"] = {2023: 950}
    data["indicators"]["gdp"]["actual_growth"] = {2024: "5%"}
    data["targets"] = [
        {
            "name": "real",
            "indicator": "gdp",
            "measure": "growth",
            "basis": "real",
            "year": 2024,
            "at_least": "4%",
        },
        {"name": "level", "indicator": "gdp", "year": 2024, "at_least": "900亿元"},
    ]
    _, t = results(data)
    assert t["real"].determined and t["real"].probability == 1.0
    assert (t["real"].ci_low, t["real"].ci_high) == (1.0, 1.0)
    assert not t["level"].determined  # prices of 2024 are still an assumption


def test_a_target_resting_on_an_assumed_value_is_not_settled():
    data = minimal_dict()
    data["indicators"]["population"]["actual"] = {2024: {"value": 100, "assumed": True, "note": "假设"}}
    data["targets"] = [{"name": "p", "indicator": "population", "year": 2024, "at_least": "99万人"}]
    _, t = results(data)
    assert not t["p"].determined and t["p"].probability == 1.0


def test_published_levels_still_settle_targets():
    data = minimal_dict()
    data["indicators"]["gdp"]["actual"] = {2023: 950, 2024: 1000}
    data["targets"] = [
        {"name": "a", "indicator": "gdp", "year": 2024, "at_least": "990亿元"},
        {
            "name": "b",
            "indicator": "gdp",
            "measure": "growth",
            "basis": "nominal",
            "year": 2024,
            "at_least": "6%",
        },
    ]
    _, t = results(data)
    assert t["a"].determined and t["a"].probability == 1.0
    assert t["b"].determined and t["b"].probability == 0.0


def census(level_basis=None, year=2026, at_least="1100亿元"):
    data = minimal_dict()
    data["simulation"]["draws"] = 200_000
    data["indicators"]["gdp"]["actual"] = {2020: 900, 2024: 1000}
    data["indicators"]["gdp"]["actual_growth"] = {y: "0%" for y in range(2021, 2025)}
    data["indicators"]["gdp"]["real_growth"] = "5%"
    data["indicators"]["gdp"]["deflator"] = "0%"
    data["indicators"]["gdp"]["rebase"] = {
        "year": 2023,
        "shift": {"normal": {"mean": "2%", "sd": "3%"}},
        "reason": "假设：第五次经济普查",
    }
    target = {"name": "t", "indicator": "gdp", "year": year, "at_least": at_least}
    if level_basis:
        target["level_basis"] = level_basis
    data["targets"] = [target]
    return data


def test_level_target_judged_before_the_census_revision():
    # revised basis: 1000 × 1.05² = 1102.5 ≥ 1100 in every draw; before the census: 1102.5/(1+s).
    res, t = results(census())
    assert t["t"].probability == 1.0 and t["t"].level_basis == "revised"
    res, t = results(census("pre_revision"))
    exact = stats.norm.cdf((1102.5 / 1100 - 1 - 0.02) / 0.03)
    assert t["t"].level_basis == "pre_revision" and within(t["t"], exact)


def test_published_level_before_the_census_is_carried_to_the_revised_basis():
    res, t = results(census(year=2020, at_least="910亿元"))
    exact = 1 - stats.norm.cdf((910 / 900 - 1 - 0.02) / 0.03)
    assert not t["t"].determined and within(t["t"], exact)
    res, t = results(census("pre_revision", year=2020, at_least="910亿元"))
    assert t["t"].determined and t["t"].probability == 0.0


def test_level_basis_without_a_census_revision_is_refused():
    data = minimal_dict()
    data["targets"][0]["level_basis"] = "pre_revision"
    with pytest.raises(ScenarioError, match="level_basis applies to level and cumulative targets"):
        build(data)


def test_unknown_vintage_lists_the_valid_ones():
    data = minimal_dict()
    data["indicators"]["gdp"]["actual"] = {2024: {"value": 1000, "vintage": "初步"}}
    with pytest.raises(ScenarioError, match="unknown vintage '初步' — valid: 预计"):
        build(data)


@pytest.mark.parametrize(
    ("shift", "refused"),
    [
        ({"normal": {"mean": "-100%", "sd": "4%"}}, True),  # the fuzzer's find: median -100%
        ({"normal": {"mean": "-60%", "sd": "20%"}}, True),  # -100% two sd away: 2% of the draws
        ({"normal": {"mean": "0%", "sd": "4%"}}, False),
        ({"triangular": {"low": "-99%", "mode": "-50%", "high": "0%"}}, False),  # bounded above -100%
    ],
)
def test_a_census_shift_reaching_minus_100_percent_is_refused_before_running(tmp_path, shift, refused):
    # at -100% the published levels before the census would be divided by 0 (undefined draws)
    data = census()
    data["indicators"]["gdp"]["rebase"]["shift"] = shift
    path = write_yaml(tmp_path, data)
    result = CliRunner().invoke(main, ["validate", str(path)])
    if refused:
        (line,) = result.output.strip().splitlines()
        assert result.exit_code == 2 and "indicators.gdp.rebase.shift" in line and "-100%" in line
    else:
        assert result.exit_code == 0, result.output
