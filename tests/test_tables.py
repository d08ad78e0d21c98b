"""Tables: frames equal the Results exactly; CSV keys are stable; the Markdown summary is whole."""

from __future__ import annotations

import dataclasses
import io
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from planmodel.report.sentences import findings
from planmodel.report.tables import (
    HEADERS_ZH,
    PERCENTILE_KEYS,
    TARGET_KEYS,
    assumptions_frame,
    percentiles_csv,
    percentiles_frame,
    run_info_frame,
    run_line,
    summary_markdown,
    targets_csv,
    targets_frame,
    to_csv_text,
)

from synthetic_results import make_results

MANIFEST = {
    "scenario_sha256": "3f2a9c" + "0" * 58,
    "seed": 7,
    "entropy": 7,
    "draws": 4000,
    "version": "1.0.0",
    "timings": {"simulate_s": 0.8, "evaluate_s": 0.1},
}


@pytest.fixture(scope="module")
def results():
    return make_results()


def test_targets_frame_keys_and_values(results):
    frame = targets_frame(results, lang="en")
    assert tuple(frame.columns) == TARGET_KEYS
    assert len(frame) == len(results.targets)
    for row, t in zip(frame.to_dict("records"), results.targets, strict=True):
        assert row["name"] == t.name
        assert row["probability"] == t.probability
        assert row["ci_low"] == t.ci_low
        assert row["ci_high"] == t.ci_high
        assert row["median"] == t.median
        assert row["display"] == t.display
        assert row["basis"] == t.basis
    first = frame.iloc[0]
    assert first["required_nominal_growth"] == results.targets[0].required_growth
    assert first["required_real_growth"] == results.targets[0].required_real_growth
    assert first["historical_nominal_growth"] == results.targets[0].historical.nominal
    assert first["threshold"] == 1100.0
    assert first["threshold_text"] == "1,100亿元"
    assert pd.isna(frame.iloc[3]["required_nominal_growth"])


def test_targets_frame_chinese(results):
    frame = targets_frame(results, lang="zh")
    assert list(frame.columns) == [HEADERS_ZH[k] for k in TARGET_KEYS]
    assert "实现概率" in frame.columns
    assert list(frame["价格口径"]) == ["现价", "现价", "现价", "可比价", "可比价"]
    assert frame["目标值"].iloc[0] == "1100亿元"
    assert frame["实现概率"].tolist() == [t.probability for t in results.targets]


def test_range_threshold_has_two_columns(results):
    t = replace(results.targets[0], comparison="between", threshold=(300.0, 360.0))
    frame = targets_frame(replace(results, targets=(t,)), "en")
    assert frame.loc[0, "threshold"] == 300.0
    assert frame.loc[0, "threshold_high"] == 360.0
    assert frame.loc[0, "threshold_text"] == "300–360亿元"


def test_percentiles_frame(results):
    frame = percentiles_frame(results)
    assert tuple(frame.columns) == PERCENTILE_KEYS
    assert len(frame) == len(results.percentiles) * len(results.years)
    gdp = frame[frame["indicator"] == "gdp"].reset_index(drop=True)
    np.testing.assert_array_equal(
        gdp[["p05", "p10", "p25", "p50", "p75", "p90", "p95"]].to_numpy(),
        results.percentiles["gdp"],
    )
    assert gdp["is_actual"].tolist() == [True, True, False, True, False, False]
    assert gdp["unit"].iloc[0] == "亿元"


def test_assumptions_frame(results):
    frame = assumptions_frame(results, "zh")
    assert len(frame) == len(results.assumptions)
    expected = ["指标代码", "指标", "假设变量", "适用年份", "设定", "理由", "来源"]
    assert list(frame.columns) == expected
    assert frame["来源"].iloc[1] == "published-statistics.md 4b"
    assert list(assumptions_frame(results, "en").columns)[0] == "indicator"


def test_run_info_frame_flattens():
    frame = run_info_frame(MANIFEST)
    values = dict(zip(frame["key"], frame["value"], strict=True))
    assert values["seed"] == "7"
    assert values["timings.simulate_s"] == "0.8"
    zh = run_info_frame(MANIFEST, "zh")
    assert list(zh.columns) == ["项目", "内容"]
    assert "随机种子" in set(zh["项目"])


def test_run_line(results):
    expected = "模拟次数 4,000，随机种子 7，planmodel 1.0.0，情景哈希 3f2a9c000000；增速假设按情景原样"
    assert run_line(results, MANIFEST) == expected
    assert run_line(results, {}, "en") == "4,000 draws, seed 7, planmodel ?; growth assumptions as written"
    calibrated = dataclasses.replace(results, calibration="outside_view")
    assert run_line(calibrated, {}, "zh").endswith("；增速假设经外部视角校准（按以往省级增速目标与实际的偏差平移、加宽）")  # noqa: E501


def test_csv_round_trip(results):
    text = targets_csv(results)
    assert not text.startswith("\ufeff")  # the BOM is the writer's business
    assert "\r\n" not in text
    assert text.splitlines()[0] == ",".join(TARGET_KEYS)
    back = pd.read_csv(io.StringIO(text))
    assert back["probability"].tolist() == [t.probability for t in results.targets]
    assert back["ci_low"].tolist() == [t.ci_low for t in results.targets]  # full precision
    assert back["year"].tolist() == [t.year for t in results.targets]  # ints, not 2026.0
    assert ",2026,," in text.splitlines()[1]  # missing first_year is an empty cell
    pct = pd.read_csv(io.StringIO(percentiles_csv(results)))
    assert list(pct.columns) == list(PERCENTILE_KEYS)
    assert to_csv_text(pd.DataFrame({"a": [1]})) == "a\n1\n"


def test_summary_markdown(results):
    text = summary_markdown(results, MANIFEST)
    assert text.startswith("# 大冶市2026年目标可达性（测试情景）\n")
    for sentence in findings(results):
        assert f"- {sentence}" in text
    lines = text.splitlines()
    start = lines.index("## 目标可达性") + 2
    end = lines.index("", start)
    assert len(lines[start:end]) == 2 + len(results.targets)  # header, rule, one row per target
    assert "| 经济总量突破1100亿元 | 2026 | 1100亿元 | 25.5% | 24.15%–26.85% | 8.71% |" in text
    assert "总量为现价、增速为可比价" in text
    assert "published-statistics.md 4b" in text
    assert "模拟次数 4,000，随机种子 7，planmodel 1.0.0" in text
    en = summary_markdown(results, MANIFEST, "en")
    assert "Totals are at current prices, growth rates at comparable prices" in en
    assert "4,000 draws, seed 7, planmodel 1.0.0" in en


def test_markdown_escapes_pipes(results):
    t = replace(results.targets[0], name="A|B")
    text = summary_markdown(replace(results, targets=(t,)), MANIFEST)
    assert "| A\\|B |" in text


def test_bad_lang(results):
    with pytest.raises(ValueError, match="lang"):
        targets_frame(results, "de")


def test_interval_next_to_zero_never_prints_two_equal_ends():
    from dataclasses import replace

    from planmodel.evaluation import wilson_interval
    from planmodel.report.tables import interval_text

    t = make_results().targets[0]
    low, high = wilson_interval(0, 200_000)
    text = interval_text(replace(t, successes=0, probability=0.0, draws=200_000, ci_low=low, ci_high=high))
    a, b = text.split("–")
    assert a != b and a.startswith("0.00") and b != "0.00%"
    assert interval_text(replace(t, determined=True)) == "—"
