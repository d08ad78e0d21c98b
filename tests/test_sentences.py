"""Findings sentences: golden files plus the rounding and phrase rules they rest on."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from planmodel.report.sentences import (
    compare_phrase,
    english_label,
    finding,
    findings,
    format_number,
    format_probability,
    format_rate,
    probability_decimals,
)
from planmodel.results import HistoricalGrowth

from synthetic_results import make_results

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def results():
    return make_results()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_golden(results, lang):
    expected = (GOLDEN / f"sentences_{lang}.txt").read_text(encoding="utf-8").splitlines()
    assert findings(results, lang) == expected


def test_one_finding_per_target(results):
    assert len(findings(results)) == len(results.targets)
    with pytest.raises(ValueError, match="lang"):
        findings(results, lang="fr")


# ---- rounding rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (0.2347, "23%"),
        (0.235, "24%"),  # half-up, not banker's
        (0.5, "50%"),
        (0.10, "10%"),
        (0.90, "90%"),
        (0.0996, "10%"),  # band decided on the one-decimal value
        (0.0347, "3.5%"),
        (0.0995, "10%"),
        (0.094, "9.4%"),
        (0.9051, "90.5%"),
        (0.955, "95.5%"),
        (0.0004, "< 0.1%"),  # never 0.0% for a non-zero probability
        (0.9996, "> 99.9%"),  # never 100.0% for a probability below 1
        (0.0, "0.0%"),
        (1.0, "100.0%"),
        (1.0000000000000002, "100.0%"),  # Wilson bound a hair above 1 is clipped
    ],
)
def test_probability_rounding(p, text):
    assert format_probability(p) == text


def test_probability_decimals_band():
    assert probability_decimals(0.5) == 0
    assert probability_decimals(0.0949) == 1
    assert probability_decimals(0.9004) == 0
    assert probability_decimals(0.9051) == 1


@pytest.mark.parametrize(
    ("x", "text"),
    [(0.13549, "13.5%"), (0.13551, "13.6%"), (0.04, "4.0%"), (0.0004, "0.0%"),
     (-0.0004, "0.0%"), (-0.0251, "-2.5%"), (0.125, "12.5%"), (0.00049999, "0.0%")],
)  # fmt: skip
def test_rate_rounding(x, text):
    assert format_rate(x) == text


def test_number_format():
    assert format_number(1100.0) == "1100"
    assert format_number(1100.0, "en") == "1,100"
    assert format_number(12.5) == "12.5"
    assert format_number(0.075 * 100) == "7.5"


# ---- phrase choice ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("required", "historical", "zh", "en"),
    [
        (0.135, 0.040, "高于", "above"),
        (0.030, 0.040, "低于", "below"),
        (0.043, 0.040, "接近", "close to"),
        (0.036, 0.040, "接近", "close to"),
        (0.045, 0.040, "高于", "above"),  # 0.5 pp apart is no longer "close"
        (0.0444, 0.040, "接近", "close to"),
        (0.0449, 0.040, "高于", "above"),  # judged on the rates rounded to 0.1 pp (4.5 vs 4.0)
    ],
)
def test_compare_phrase(required, historical, zh, en):
    assert compare_phrase(required, historical, "zh") == zh
    assert compare_phrase(required, historical, "en") == en


def test_required_growth_compared_with_history(results):
    t = results.targets[0]
    info = results.indicators["gdp"]
    close = replace(t, historical=HistoricalGrowth(2022, 2024, 0.085, None))
    below = replace(t, historical=HistoricalGrowth(2022, 2024, 0.12, None))
    assert "接近2022–2024年已实现的名义年均增速8.5%" in finding(close, info)
    assert "低于2022–2024年已实现的名义年均增速12.0%" in finding(below, info)
    assert "below the nominal 12.0% a year achieved in 2022–2024" in finding(below, info, "en")
    # no comparison when history is missing on the target's basis
    real_only = replace(t, historical=HistoricalGrowth(2022, 2024, None, 0.05))
    assert "已实现" not in finding(real_only, info)


def test_real_basis_required_growth(results):
    t = replace(
        results.targets[0], basis="real", required_growth=0.071, required_real_growth=None,
        historical=HistoricalGrowth(2021, 2024, 0.06, 0.072),
    )  # fmt: skip
    zh = finding(t, results.indicators["gdp"])
    assert "需2025–2026年可比价年均增长7.1%" in zh
    assert "接近2021–2024年已实现的可比价年均增速7.2%" in zh
    assert "名义" not in zh
    en = finding(t, results.indicators["gdp"], "en")
    assert "it needs 7.1% real growth a year" in en


def test_real_equivalent_only_for_split_indicators(results):
    gdp, industry = results.targets[0], results.targets[1]
    assert "按可比价约7.7%" in finding(gdp, results.indicators["gdp"])
    assert "按可比价" not in finding(industry, results.indicators["industrial_output"])


def test_negative_required_growth(results):
    t = replace(results.targets[0], required_growth=-0.021, required_real_growth=None)
    assert "即使2025–2026年名义年均下降2.1%仍可达到" in finding(t, results.indicators["gdp"])
    assert "even if the level falls by 2.1% a year" in finding(t, None, "en")


def test_zero_and_one_probability_are_bounds(results):
    t = results.targets[0]
    none = replace(t, successes=0, probability=0.0, ci_low=0.0, ci_high=0.001, display="< 0.025%")
    every = replace(t, successes=4000, probability=1.0, display="> 99.975%")
    assert "的概率低于0.1%（4000次模拟中均未实现）" in finding(none)
    assert "的概率高于99.9%（4000次模拟中均实现）" in finding(every)
    assert "is below 0.1% (met in none of 4,000 draws)" in finding(none, lang="en")
    assert "is above 99.9% (met in all 4,000 draws)" in finding(every, lang="en")
    small = replace(t, successes=1, probability=0.00025, ci_low=0.00004, ci_high=0.0014)
    assert "概率低于0.1%（95%区间0.0%–0.1%）" in finding(small)


def test_interval_gets_a_decimal_when_it_would_collapse(results):
    t = replace(results.targets[0], probability=0.2347, ci_low=0.2344, ci_high=0.2349)
    assert "约为23%（95%区间23.4%–23.5%）" in finding(t)


def test_measures_and_comparisons_zh(results):
    lvl, growth = results.targets[0], results.targets[3]
    at_most = replace(lvl, comparison="at_most", strength=None, threshold=1.8, unit="",
                      label="城乡居民收入比", required_growth=None)
    between = replace(lvl, comparison="between", threshold=(300.0, 360.0), strength=None,
                      required_growth=None)
    avg = replace(growth, measure="avg_growth", first_year=2021, year=2025, threshold=0.12)
    nominal = replace(growth, basis="nominal")
    cumulative = replace(lvl, measure="cumulative", first_year=2021, year=2025, strength=None,
                         threshold=5000.0, required_growth=None)
    joint = replace(lvl, measure="joint", comparison="all_of", indicator=None,
                    members=("经济总量突破1100亿元", "2025年GDP增长7.5%"), median=None)
    missed = replace(growth, determined=True, probability=0.0, successes=0, median=0.06)
    assert "2026年城乡居民收入比不超过1.8的概率" in finding(at_most)
    assert "2026年地区生产总值在300–360亿元之间的概率" in finding(between)
    assert "2021–2025年地区生产总值年均增速（可比价）不低于12%的概率" in finding(avg)
    assert "增速（现价）不低于7.5%" in finding(nominal)
    assert "2021–2025年地区生产总值累计不低于5000亿元的概率" in finding(cumulative)
    assert "同时实现“经济总量突破1100亿元”、“2025年GDP增长7.5%”的概率" in finding(joint)
    assert finding(missed).endswith("已由公布数据确定：未实现（公布值6.0%）。")
    assert "模拟中位数为6.0%" in finding(avg)


def test_measures_and_comparisons_en(results):
    lvl, growth = results.targets[0], results.targets[3]
    at_most = replace(lvl, comparison="at_most", strength=None, required_growth=None)
    between = replace(lvl, comparison="between", threshold=(300.0, 360.0), strength=None,
                      required_growth=None)
    avg = replace(growth, measure="avg_growth", first_year=2021, year=2025, threshold=0.12)
    cumulative = replace(lvl, measure="cumulative", first_year=2021, year=2025, strength=None,
                         threshold=5000.0, required_growth=None)
    joint = replace(lvl, measure="joint", comparison="all_of", indicator=None,
                    members=("A", "B", "C"), median=None)
    missed = replace(growth, determined=True, probability=0.0, successes=0, median=0.06)
    assert "that GDP is at most 1,100亿元 in 2026" in finding(at_most, lang="en")
    assert "that GDP is between 300 and 360亿元 in 2026" in finding(between, lang="en")
    assert ("average annual real growth of GDP over 2021–2025 is at least 12%"
            in finding(avg, lang="en"))  # fmt: skip
    assert "cumulative GDP over 2021–2025 is at least 5,000亿元" in finding(cumulative, lang="en")
    assert "that all of A, B and C are met is about" in finding(joint, lang="en")
    assert finding(missed, lang="en").endswith(
        "already missed on published data (published value 6.0%)."
    )
    other = replace(growth, determined=False)
    assert finding(other, lang="en", scenario_label="乐观情景").startswith(
        "Under the optimistic scenario,"
    )
    assert finding(other, lang="en", scenario_label="scenario B").startswith("Under scenario B,")


def test_english_label():
    assert english_label("地区生产总值", "gdp") == "GDP"
    assert english_label("某新指标", "new_indicator") == "new indicator"


def test_required_change_for_additive_indicators(results):
    t = replace(
        results.targets[0], label="城镇化率", unit="%", threshold=68.0, strength=None,
        required_growth=None, required_real_growth=None, required_change=0.85, historical=None,
    )  # fmt: skip
    assert finding(t).endswith("；需2025–2026年每年提高0.85个百分点。")
    assert finding(t, lang="en").endswith(
        "; it needs a rise of 0.85 percentage points a year over 2025–2026."
    )


def test_headline_never_shows_zero_for_a_sampled_zero():
    from dataclasses import replace

    from planmodel.report.sentences import headline_probability

    from synthetic_results import make_results

    t = make_results().targets[0]
    none = replace(t, successes=0, probability=0.0)
    every = replace(t, successes=t.draws, probability=1.0)
    assert headline_probability(none).startswith("<") and "0.0%" not in headline_probability(none)
    assert headline_probability(every).startswith(">")
    from planmodel.report.sentences import format_probability

    assert 0 < t.successes < t.draws
    assert headline_probability(t) == format_probability(t.probability)
