"""planmodel backtest: every setting's forecast of small cases against hand-computed values."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml
from scipy import integrate, stats

from planmodel.analysis.backtest import held_out_years, run_backtest
from planmodel.analysis.backtest_report import forecasts_frame, report_text, scores_frame
from planmodel.analysis.case_files import read_cases
from planmodel.errors import ScenarioError

DRAWS = 200_000


def case(cid, year, target, outcome, *, known=None, reference_class="toy", region="甲省",
         assumption=None, measure="growth", unit="%", base=None):
    growth = measure in ("growth", "avg_growth")
    known_at_setting = []
    if known is not None:
        known_at_setting.append({"measure": "growth", "value": known, "unit": "%", "basis": "real",
                                 "year": year - 1, "status": "preliminary", "vintage": "v", "evidence": []})
    if base is not None:
        known_at_setting.append({"measure": measure, "value": base[1], "unit": unit, "basis": "nominal",
                                 "year": base[0], "status": "published", "vintage": "v", "evidence": []})
    basis = "real" if growth else "nominal"
    return {
        "id": cid, "region": region, "level": "province", "reference_class": reference_class,
        "indicator": {"key": "gdp", "label": "地区生产总值", "unit": unit},
        "direction": "higher_is_better",
        "target": {"measure": measure, "relation": "equal", "value": target, "unit": unit, "basis": basis,
                   "year": year, "wording": str(target), "set_in": {"year": year if growth else base[0] + 1,
                                                                   "document": "d"}, "evidence": []},
        "known_at_setting": known_at_setting,
        "outcome": [{"measure": measure, "value": outcome, "unit": unit, "basis": basis, "year": year,
                     "status": "preliminary", "vintage": "v", "evidence": []}],
        "assumptions": {"status": "filled", "items": [assumption]} if assumption else
                       {"status": "to_fill", "items": []},
    }


def item(first, last, mean, sd, mean_from="published", driver="growth", basis="real", over=None):
    return {"indicator": "gdp", "driver": driver, "basis": basis, "years": [first, last],
            "distribution": {"normal": {"mean": mean, "sd": sd}}, "over_years": over or {},
            "mean_from": mean_from, "label": "假设", "reason": "r"}


def write(tmp_path: Path, cases: list[dict], name: str = "toy.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"schema": "planmodel.backtests/1", "set": "toy", "cases": cases},
                                   allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("toy")
    cases = [
        case("toy_growth", 2024, 7, 7.2, known=6.5, assumption=item(2024, 2024, "6.5%", "1%")),
        case("toy_level", 2022, 121, 118, measure="level", unit="亿元", base=(2020, 100),
             assumption=item(2021, 2022, "10%", "2%", mean_from="plan", basis="nominal")),
    ]
    return run_backtest(read_cases([write(tmp, cases)]), draws=DRAWS, seed=5)


def forecast(bt, cid, setting):
    return next(f for f in bt.forecasts if f.case == cid and f.setting == setting)


def mc_tol(p: float) -> float:
    return 4 * math.sqrt(max(p * (1 - p), 1e-6) / DRAWS)


def test_one_year_growth_target_by_hand(toy):
    p = 1 - stats.norm.cdf(0.5)  # P(N(6.5%, 1%) ≥ 7%)
    plain = forecast(toy, "toy_growth", "plain")
    assert plain.probability == pytest.approx(p, abs=mc_tol(p))
    assert plain.met and plain.outcome == pytest.approx(0.072)
    assert plain.pit == pytest.approx(stats.norm.cdf(0.7), abs=mc_tol(0.76))
    assert not plain.covered50 and plain.covered90  # 6.5 ± 0.67 misses 7.2; 6.5 ± 1.64 holds it
    assert plain.low90 == pytest.approx(0.065 - 1.6449 * 0.01, abs=3e-4)
    met = forecast(toy, "toy_growth", "target_met")
    assert (met.probability, met.pit, met.covered90) == (1.0, 1.0, False)
    trend = forecast(toy, "toy_growth", "recent_trend")
    assert (trend.probability, trend.pit) == (0.0, 1.0)
    own = forecast(toy, "toy_growth", "plan_growth")
    assert own.probability == pytest.approx(0.5, abs=mc_tol(0.5))
    assert own.pit == pytest.approx(stats.norm.cdf(0.2), abs=mc_tol(0.58))
    # no provincial pairs among these cases: no outside view, the calibrated setting is the plain one
    assert forecast(toy, "toy_growth", "outside_view").probability == plain.probability


def test_two_year_level_target_by_hand(toy):
    # P(100 (1+g1)(1+g2) ≥ 121) with g ~ N(10%, 2%) independent, by numerical integration
    g = stats.norm(0.10, 0.02)
    p, _ = integrate.quad(lambda x: g.pdf(x) * g.sf(1.21 / (1 + x) - 1), -0.2, 0.4)
    plain = forecast(toy, "toy_level", "plain")
    assert plain.probability == pytest.approx(p, abs=mc_tol(p))
    assert not plain.met and plain.outcome == 118
    # the plan's own pace reaches 121 exactly: the plain mean came from the plan, so no trend baseline
    assert not any(f.setting == "recent_trend" for f in toy.forecasts if f.case == "toy_level")
    assert forecast(toy, "toy_level", "plan_growth").probability == plain.probability


def test_scores_of_the_toy_backtest_by_hand(toy):
    frame = forecasts_frame(toy)
    plain = frame[frame.setting == "plain"].set_index("case")
    p1, p2 = plain.loc["toy_growth", "probability"], plain.loc["toy_level", "probability"]
    summary = toy.summary("plain")
    assert summary.brier == pytest.approx(((p1 - 1) ** 2 + p2**2) / 2)
    assert summary.log == pytest.approx((math.log(p1) + math.log(1 - p2)) / 2)
    met = toy.summary("target_met")
    assert met.brier == pytest.approx(0.5) and met.log == pytest.approx((math.log(0.99) + math.log(0.01)) / 2)
    scores = scores_frame(toy)
    assert set(scores.setting) >= {"plain", "outside_view", "target_met", "recent_trend", "plan_growth"}
    text = report_text(toy, "en")
    assert "baseline: target will be met" in text and "clustered by year" in text


def test_outside_view_is_fitted_without_the_cases_own_years(tmp_path):
    provincial = "provincial_gdp_annual"
    cases = [case(f"p{r}_{y}", y, 7, 7 + d, reference_class=provincial, region=f"省{r}",
                  assumption=item(y, y, "7%", "1%", mean_from="plan"))
             for y, d in ((2019, -0.5), (2020, -6.0), (2021, 1.0)) for r in range(3)]
    bt = run_backtest(read_cases([write(tmp_path, cases)]), draws=20_000, seed=1)
    assert held_out_years(bt.cases["p0_2020"], "year") == frozenset({2020})
    view = bt.views[frozenset({2020})]
    assert view.pairs == 6 and min(view.errors) == pytest.approx(-0.005)  # 2020's −6 points left out
    past = held_out_years(bt.cases["p0_2021"], "past")
    assert 2021 in past and 2020 not in past


def test_bad_case_files_name_file_and_line(tmp_path):
    path = write(tmp_path, [{"id": "x"}])
    with pytest.raises(ScenarioError) as err:
        read_cases([path])
    assert err.value.one_line().startswith(f"{path}:2:3: cases[0]: missing required key")
    other = tmp_path / "other.yaml"
    other.write_text("schema: something/1\ncases: []\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not a back-test case file"):
        read_cases([other])
