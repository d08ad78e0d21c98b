"""What a plan says about its targets beyond the number: 属性, wording tolerance, relative targets, tasks."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from planmodel.errors import ScenarioError
from planmodel.runner import run

from conftest import build, minimal_dict, settings_of


def _run(targets, **top):
    data = minimal_dict()
    data["targets"] = targets
    data.update(top)
    return run(build(data), settings_of(data)).results


def _within(p: float, exact: float, n: int) -> bool:
    return abs(p - exact) < 4 * math.sqrt(exact * (1 - exact) / n) + 1e-12


def test_attribute_reads_chinese_and_english():
    targets = [
        {"name": "a", "indicator": "gdp", "year": 2026, "at_least": "1200亿元", "attribute": "约束性"},
        {"name": "b", "indicator": "gdp", "year": 2026, "at_least": "1100亿元", "attribute": "expected"},
        {"name": "c", "indicator": "gdp", "year": 2026, "at_least": "1000亿元"},
    ]
    data = minimal_dict()
    data["targets"] = targets
    s = build(data)
    assert [t.attribute for t in s.targets] == ["binding", "expected", None]


def test_bad_attribute_is_located_and_says_what_is_valid():
    data = minimal_dict()
    data["targets"][0]["attribute"] = "硬性"
    with pytest.raises(ScenarioError) as err:
        build(data)
    assert err.value.path == ("targets", 0, "attribute")
    assert "约束性" in err.value.message and "'硬性'" in err.value.message


def test_zuoyou_on_growth_gives_a_tolerant_reading_half_a_point_lower():
    # Real growth in 2025 ~ N(7%, 2%): strict P(g ≥ 8%) = 1 − Φ(0.5); 左右 (±0.5个百分点) reads
    # g ≥ 7.5%: 1 − Φ(0.25).
    t = {
        "name": "增长8%左右",
        "indicator": "gdp",
        "measure": "growth",
        "basis": "real",
        "year": 2025,
        "at_least": "8%",
    }
    r = _run([t]).targets[0]
    assert r.tolerant is not None and r.tolerant.word == "左右"
    assert r.tolerant.threshold == pytest.approx(0.075)
    assert _within(r.probability, 1 - stats.norm.cdf(0.5), r.draws)
    assert _within(r.tolerant.probability, 1 - stats.norm.cdf(0.25), r.draws)


def test_yishang_has_no_tolerance_and_a_settable_table():
    strict = {
        "name": "增长8%以上",
        "indicator": "gdp",
        "measure": "growth",
        "basis": "real",
        "year": 2025,
        "at_least": "8%",
    }
    assert _run([strict]).targets[0].tolerant is None
    # the scenario's wording table gives 左右 1 个百分点: the tolerant threshold is 7%, P = 1/2
    t = dict(strict, name="增长8%左右")
    r = _run([t], wording={"左右": {"rates": "1个百分点", "levels": "5%"}}).targets[0]
    assert r.tolerant.threshold == pytest.approx(0.07)
    assert _within(r.tolerant.probability, 0.5, r.draws)


def test_level_tolerance_is_a_share_of_the_number():
    t = {"name": "力争1200亿元", "indicator": "gdp", "year": 2026, "at_least": "1200亿元"}
    r = _run([t]).targets[0]
    assert r.tolerant.word == "力争" and r.tolerant.threshold == pytest.approx(
        1140
    )  # in the indicator unit (亿元)
    assert r.tolerant.probability >= r.probability


def test_relative_growth_target_against_a_given_reference():
    # 大冶 real growth 2025 ~ N(7%, 2%) against a reference growing a fixed 6%: P(diff ≥ 0) = Φ(0.5).
    data = minimal_dict()
    data["indicators"]["province"] = {"label": "全省", "unit": "", "actual": {2024: 100}, "growth": "6%"}
    data["targets"] = [
        {"name": "高于全省", "indicator": "gdp", "measure": "growth", "basis": "real", "year": 2025,
         "above": "province"},
        {"name": "高出1个百分点", "indicator": "gdp", "measure": "growth", "basis": "real", "year": 2025,
         "above": {"indicator": "province", "margin": "1个百分点"}},
    ]  # fmt: skip
    results = run(build(data), settings_of(data)).results.targets
    assert _within(results[0].probability, stats.norm.cdf(0.5), results[0].draws)
    assert _within(results[1].probability, 0.5, results[1].draws)
    assert results[0].reference == "province"
    assert results[1].threshold == pytest.approx(0.01)


def test_relative_target_to_its_own_indicator_is_refused():
    data = minimal_dict()
    data["targets"] = [
        {"name": "x", "indicator": "gdp", "measure": "growth", "basis": "real", "year": 2025, "above": "gdp"}
    ]
    with pytest.raises(ScenarioError) as err:
        build(data)
    assert err.value.path == ("targets", 0, "above")


def test_tasks_are_listed_not_modelled():
    r = _run(
        minimal_dict()["targets"],
        tasks=[
            "推进老旧小区改造",
            {"name": "打造15分钟生活圈", "source": "000 第三章", "attribute": "预期性"},
        ],
    )
    assert [t.name for t in r.tasks] == ["推进老旧小区改造", "打造15分钟生活圈"]
    assert r.tasks[1].attribute == "expected"
    data = minimal_dict()
    data["tasks"] = ["同一项", "同一项"]
    with pytest.raises(ScenarioError, match="listed twice"):
        build(data)


def test_briefing_shows_the_tolerant_reading_and_lists_tasks():
    from planmodel.report.content import build_briefing

    t = {"name": "增长8%左右", "indicator": "gdp", "measure": "growth", "basis": "real", "year": 2025}
    results = _run([dict(t, at_least="8%")], tasks=[{"name": "打造15分钟生活圈", "note": "无数值"}])
    zh = build_briefing(results, lang="zh")
    tol = results.targets[0].tolerant
    assert "按“左右”的宽松读法（不低于7.5%），实现概率为" in zh.findings[0]
    assert f"{100 * tol.probability:.1f}%" in zh.findings[0]
    assert any("未建模的规划任务" in r and "打造15分钟生活圈（无数值）" in r for r in zh.risks)
    en = build_briefing(results, lang="en")
    assert "tolerance of “about” (at least 7.5%)" in en.findings[0]
