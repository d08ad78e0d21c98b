"""Year-to-date data (ytd:) condition a running year: closed forms, narrowing, the mid-term row."""

from __future__ import annotations

import math

import numpy as np
import pytest

from planmodel.engine import simulate
from planmodel.errors import ScenarioError
from planmodel.midterm import midterm_table
from planmodel.runner import run
from planmodel.scenario import scenario_from_mapping
from planmodel.ytd import rest_needed


def _data(ytd, **growth):
    return {
        "scenario": "t",
        "horizon": 2025,
        "indicators": {
            "x": {
                "label": "x",
                "unit": "亿元",
                "actual": {2024: 100},
                "actual_growth": {2024: "4%"},
                "growth": {"normal": {"mean": "5%", "sd": "2%"}},
                "ytd": ytd,
                **growth,
            }
        },
        "targets": [
            {"name": "增长5.5%", "indicator": "x", "measure": "growth", "year": 2025, "at_least": "5.5%"}
        ],
    }


def _growth(ytd, draws=40_000):
    paths = simulate(scenario_from_mapping(_data(ytd)), 1, draws)
    return paths.levels["x"][:, -1] / 100 - 1


@pytest.mark.parametrize(("through", "s"), [(3, 0.25), ("Q2", 0.5), (9, 0.75)])
def test_closed_form_of_the_year(through, s):
    # rest ~ N(5%, 2%), fixed share s: g ~ N(s·6% + (1 − s)·5%, ((1 − s)·2%)²).
    g = _growth([{"year": 2025, "through": through, "growth": "6%"}])
    mean, sd = s * 0.06 + (1 - s) * 0.05, (1 - s) * 0.02
    assert g.mean() == pytest.approx(mean, abs=4 * sd / math.sqrt(len(g)))
    assert g.std() == pytest.approx(sd, rel=0.02)
    # probability of ≥ 5.5%: 1 − Φ((5.5% − mean) / sd)
    from scipy import stats

    exact = 1 - stats.norm.cdf((0.055 - mean) / sd)
    assert np.mean(g >= 0.055) == pytest.approx(exact, abs=4 * math.sqrt(exact * (1 - exact) / len(g)))


def test_more_data_narrows_the_year():
    spreads = [
        np.std(_growth([{"year": 2025, "through": m, "growth": "6%"}] if m else [])) for m in (0, 3, 6, 9, 11)
    ]
    assert all(a > b for a, b in zip(spreads, spreads[1:], strict=False))


def test_share_uncertainty_widens_a_little():
    fixed = _growth([{"year": 2025, "through": 9, "growth": "8%", "share": "72%"}])
    loose = _growth([{"year": 2025, "through": 9, "growth": "8%", "share": "72%", "share_sd": "3%"}])
    assert loose.std() > fixed.std()


def test_two_year_average_uses_last_years_growth():
    # 两年平均 5%: (1.05)² / 1.04 − 1 = 6.0096% so far this year.
    s = scenario_from_mapping(_data([{"year": 2025, "through": 6, "two_year_average": "5%"}]))
    assert s.indicator("x").ytd[0].growth == pytest.approx(1.05**2 / 1.04 - 1)


def test_the_mid_term_row_says_what_the_rest_needs():
    data = _data([{"year": 2025, "through": 9, "growth": "5%"}])
    scenario = scenario_from_mapping(data)
    outcome = run(scenario, draws=2000, seed=2)
    (row,) = midterm_table(scenario, outcome.results).rows
    # 5.5% for the year with 5% over 1–9月 (s = 0.75): the rest needs (5.5 − 0.75·5) / 0.25 = 7%.
    assert row.rest_needed == pytest.approx(0.07)
    assert rest_needed(scenario.indicator("x").ytd[0], 0.055) == pytest.approx(0.07)
    assert row.elapsed == pytest.approx(0.75) and row.completion == pytest.approx(5 / 5.5)
    assert row.status == "behind"  # 91% of the pace, more than 5 points short


def test_bad_ytd_is_located():
    with pytest.raises(ScenarioError) as err:
        scenario_from_mapping(_data([{"year": 2025, "through": 12, "growth": "6%"}]))
    assert err.value.path[-1] == "through"
    with pytest.raises(ScenarioError) as err:
        scenario_from_mapping(_data([{"year": 2025, "through": 9}]))
    assert "two_year_average" in err.value.message
