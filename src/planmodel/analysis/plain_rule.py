"""The rule that fills a back-test case's assumptions: the plain setting of ``planmodel backtest``.

Stated in docs/backtests.md ("Assumptions: the plain setting") before any outcome was read. It reads
only the target, ``known_at_setting`` and, for a provincial case, the same province's growth the
year before (from that year's case); never the case's own outcome. The mean is the latest growth
published when the target was set, else the previous year's growth of the province, else the plan's
own pace; the spread is what the shipped Daye scenario writes for the same kind of indicator.

``scripts/fill_backtest_assumptions.py`` writes the items into the files;
``tests/test_backtest_rule.py`` checks that the files hold exactly what this rule gives.
Pure: returns plain data in the scenario language. Imports: analysis.cases → stdlib.
"""

from __future__ import annotations

import math
from typing import Any

from ..report import formats
from .cases import Case, earlier_growth, latest_growth, plan_pace

# The Daye scenario's uncertainty for each kind of indicator: (yearly sd, trend_sd, persistence),
# rates as fractions. See the table in docs/backtests.md.
GDP_REAL = (0.013, 0.008, 0.4)  # daye-2026.yaml gdp, 2026
DEFLATOR = (0.011, 0.010, 0.6)  # daye-2026.yaml gdp deflator


def _combined(a: tuple[float, float, float], b: tuple[float, float, float]) -> tuple[float, float, float]:
    """Two independent drivers added: variances add, persistence matches the lag-1 autocorrelation."""
    var = a[0] ** 2 + b[0] ** 2
    lag1 = a[2] * a[0] ** 2 + b[2] * b[0] ** 2
    return math.sqrt(var), math.hypot(a[1], b[1]), lag1 / var


def _triangular_sd(low: float, mode: float, high: float) -> float:
    return math.sqrt((low**2 + mode**2 + high**2 - low * mode - low * high - mode * high) / 18)


SPREADS: dict[tuple[str, str], tuple[float, float, float]] = {
    ("gdp", "real"): GDP_REAL,
    ("gdp", "nominal"): _combined(GDP_REAL, DEFLATOR),
    ("industry_va", "real"): (0.02, 0.02, 0.3),  # industrial_va_index
    ("industry_va", "nominal"): (_triangular_sd(0.02, 0.09, 0.14), 0.02, 0.4),  # industrial_output
    ("fai", "nominal"): (0.035, 0.035, 0.3),  # fixed_investment_index
    ("retail_sales", "nominal"): (0.014, 0.014, 0.3),  # retail_sales_index
    ("local_budget_revenue", "nominal"): (0.02, 0.02, 0.3),  # budget_revenue_index
    ("exports", "nominal"): (0.035, 0.035, 0.3),  # no analogue: the widest money total
    ("urban_income_pc", "nominal"): (0.014, 0.014, 0.3),  # no analogue: the smoothest money total
}
SPREAD_WORDS = {
    ("gdp", "real"): "大冶情景GDP可比价增速的设定",
    ("gdp", "nominal"): "大冶情景GDP可比价增速与平减指数合成的设定",
    ("industry_va", "real"): "大冶情景规上工业增加值的设定",
    ("industry_va", "nominal"): "大冶情景工业总产值的设定",
    ("fai", "nominal"): "大冶情景固定资产投资的设定",
    ("retail_sales", "nominal"): "大冶情景社会消费品零售总额的设定",
    ("local_budget_revenue", "nominal"): "大冶情景一般公共预算收入的设定",
    ("exports", "nominal"): "大冶情景中最宽的现价总量设定（固定资产投资），无对应指标",
    ("urban_income_pc", "nominal"): "大冶情景中最平稳的现价总量设定（社零），无对应指标",
}
CHANGE_SPREAD = (0.6, 0.5, 0.3)  # hightech_share: sd 0.6 and trend 0.5 around a change of 1.0 a year
PERIODS = {"Q1-Q3": "前三季度", "Jan-Nov": "1-11月", "H1": "上半年"}


pct = formats.scenario_rate
"""A rate as the scenario language writes it (``7.5%``), to 0.01 pp."""


def num(x: float) -> str:
    """A level or change to four significant figures."""
    return formats.significant(x, 4)


def _spread_key(case: Case) -> tuple[str, str]:
    basis = case.basis if case.is_rate else "nominal"
    return case.indicator, basis


def _mean(case: Case, cases: list[Case]) -> tuple[float, str, str]:
    """(mean, mean_from, words for the reason) by rule 2."""
    reading = latest_growth(case)
    if reading is not None:
        when = f"{reading.year}年{PERIODS.get(reading.period or '', reading.period or '')}"
        return reading.value, "published", f"按设定目标时已公布的最新增速（{when}{pct(reading.value)}）"
    reading = earlier_growth(case, cases)
    if reading is not None:
        later = reading.status not in ("preliminary", "first_release")
        vintage = "，国家统计局后期修订数，可能与当时公布数略有出入" if later else ""
        return reading.value, "earlier_case", f"按上年增速（{reading.year}年{pct(reading.value)}{vintage}）"
    pace = plan_pace(case)
    if case.is_rate:
        return pace, "plan", f"设定目标时无已公布增速，按规划自身增速{pct(pace)}"
    base = case.base
    assert base is not None
    span = f"由{base.year}年{num(base.value)}到{case.year}年{num(case.plan_number)}"
    if case.driver == "growth":
        words = f"{span}{case.unit}，年均{pct(pace)}"
    else:
        words = f"{span}，每年{num(pace)}"
    return pace, "plan", f"设定目标时无已公布增速，按规划自身进度（{words}）"


def items(case: Case, cases: list[Case]) -> list[dict[str, Any]]:
    """The filled items of one scored case."""
    mean, mean_from, why_mean = _mean(case, cases)
    first, last = case.simulated_years
    if case.driver == "growth":
        key = _spread_key(case)
        sd, trend, phi = SPREADS[key]
        dist = {"normal": {"mean": pct(mean), "sd": pct(sd)}}
        over = {"trend_sd": pct(trend), "persistence": round(phi, 2)}
        why_spread = SPREAD_WORDS[key]
        basis = key[1]
    else:
        change = abs(mean)
        sd, trend, phi = CHANGE_SPREAD[0] * change, CHANGE_SPREAD[1] * change, CHANGE_SPREAD[2]
        dist = {"normal": {"mean": float(num(mean)), "sd": float(num(sd))}}
        over = {"trend_sd": float(num(trend)), "persistence": phi}
        why_spread = "大冶情景高新技术产业占比的设定，按规划每年变动幅度缩放"
        basis = case.basis
    return [
        {
            "indicator": case.indicator,
            "driver": case.driver,
            "basis": basis,
            "years": [first, last],
            "distribution": dist,
            "over_years": over,
            "mean_from": mean_from,
            "label": "假设",
            "reason": f"{why_mean}；波动按{why_spread}",
        }
    ]
