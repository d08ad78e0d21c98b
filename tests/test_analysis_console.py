"""What a planner reads on the console from the analysis commands: words, not code; one span label.

The commands print tables whose headers come from the catalogue and whose values go through
:mod:`planmodel.report.formats`; the sentences of ``planmodel required`` use the briefing's wording
(a one-year target needs growth, not growth a year; a published year says what was published; the
achieved pace carries the briefing's span label).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from planmodel.cli import main
from test_analysis import one_year

from conftest import ROOT, write_yaml

DAYE = ROOT / "scenarios" / "daye-2026.yaml"
CODE_NAMES = ("needed_real", "last_3y", "last_5y", "recent_nominal", "projected", "probability", "kind",
              "NaN", "None", "target ")  # fmt: skip
RAW_FRACTION = re.compile(r"(?<![\d.])-?0\.\d{3,}(?![\d%])")
"""A fraction printed raw (``0.1357``), not as percent."""
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _invoke(*args: str, out: Path) -> str:
    res = CliRunner().invoke(main, [*args, "--draws", "1000", "--out", str(out)])
    assert res.exit_code == 0, res.output
    return res.output


def _table(output: str, n: int) -> list[str]:
    """Header and the ``n`` rows of the table printed first (the line of dashes skipped)."""
    lines = output.splitlines()
    return [lines[0], *lines[2 : 2 + n]]


@pytest.fixture(scope="module")
def required_zh(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _invoke("required", str(DAYE), out=tmp_path_factory.mktemp("req"))


def test_required_console_speaks_chinese(required_zh: str) -> None:
    header = required_zh.splitlines()[0]
    for word in ("目标", "所需增速或变化", "近年实际", "情景假设", "实现概率"):
        assert word in header
    for code in CODE_NAMES:
        assert code not in required_zh, code
    assert not RAW_FRACTION.search(required_zh), RAW_FRACTION.search(required_zh)
    # shares move in 百分点, never percent: 城镇化率 60.74% (2020) → 68% (2026) is 7.26/6 = 1.21 points a year
    assert re.search(r"常住人口城镇化率达到68%\s+\+1\.2个百分点", required_zh)


def test_required_says_what_a_one_year_target_needs(tmp_path: Path) -> None:
    # 1000 in 2025 → 1100 in 2026 is one year of 10% growth: not 年均
    path = write_yaml(tmp_path, one_year())
    zh = _invoke("required", str(path), out=tmp_path / "zh")
    assert "“gdp”：需增长10.0%" in zh and "需年均增长" not in zh
    en = _invoke("required", str(path), "--lang", "en", out=tmp_path / "en")
    assert "needs 10.0% growth" in en and "a year" not in en.split("needs", 1)[1].splitlines()[0]


def test_required_published_year_says_what_was_published(required_zh: str) -> None:
    # daye-2026.yaml: 2024 real GDP growth 8%, vintage 预计 (政府工作报告's estimate)
    line = next(x for x in required_zh.splitlines() if x.startswith("“2024年地区生产总值增长7.5%”"))
    assert line.endswith("：2024年已公布8.0%（预计数）")
    assert "需年均增长7.5%" not in required_zh and "需增长7.5%" not in required_zh


def test_required_span_label_is_the_briefings(required_zh: str) -> None:
    from planmodel.io import load_scenario
    from planmodel.report.content import build_briefing
    from planmodel.runner import run

    # 860.79亿元 (2022) → 930.71亿元 (2024): (930.71/860.79)^(1/2) − 1 = 3.98% a year in 2023–2024
    assert (930.71 / 860.79) ** 0.5 - 1 == pytest.approx(0.0398, abs=5e-5)
    briefing = build_briefing(run(load_scenario(DAYE), draws=1000).results, lang="zh")
    row = next(r for r in briefing.rows if r.key == "经济总量突破1200亿元（按普查修订后口径）")
    value, span = row.recent.text.split("%", 1)
    assert span == "（2023–2024年）"  # the years of growth, as bulletins write 年均
    assert float(value) == pytest.approx(3.98, abs=0.2)  # 2024 may still be revised ±1%
    line = next(x for x in required_zh.splitlines() if x.startswith("“" + row.key + "”"))
    assert line.endswith("，近年实际为" + row.recent.text)


def test_required_in_english_has_no_chinese(tmp_path: Path) -> None:
    en = _invoke("required", str(DAYE), "--lang", "en", out=tmp_path)
    assert not CJK.search(en.replace(str(tmp_path), "")), CJK.search(en)
    assert "Needed" in en.splitlines()[0] and re.search(r"; recently \d\.\d% \(2023–2024\)", en)
    assert not RAW_FRACTION.search(en)


def test_seek_console_table(tmp_path: Path) -> None:
    target, vary = "经济总量突破1200亿元", "indicators.gdp.real_growth.mean"
    args = ("seek", str(DAYE), "--target", target, "--vary", vary)
    zh = _invoke(*args, out=tmp_path / "zh")
    trials = len((tmp_path / "zh" / "seek.csv").read_text(encoding="utf-8-sig").splitlines()) - 1
    header, *lines = _table(zh, trials)
    assert header.split() == ["2025–2026年地区生产总值实际增速", "实现概率"]
    assert "value" not in zh and "probability" not in zh and not RAW_FRACTION.search(zh)
    rows = [line.split() for line in lines]  # "< 0.30%" splits in two
    assert trials >= 3 and all(r[0].endswith("%") and r[-1].endswith("%") for r in rows)
    values = [float(r[0].rstrip("%")) for r in rows]
    assert values == sorted(values)  # trials by value
    en = _invoke(*args, "--lang", "en", out=tmp_path / "en")
    # the only Chinese allowed in English is the scenario's own name of the target
    assert not CJK.search(en.replace("经济总量突破1200亿元", "").replace(str(tmp_path), ""))
    assert "real growth of GDP in 2025–2026" in en.splitlines()[0] and "Probability" in en.splitlines()[0]


def test_pace_span_matches_the_briefings_rule() -> None:
    from planmodel.report import i18n

    # the years of growth, as statistical bulletins count 年均 (and the mid-term table, and the pace
    # still needed): two years between the 2022 and 2024 values are 2023–2024, never "2022–2024年"
    assert i18n.pace_span(2022, 2024, "zh") == "2023–2024年"
    assert i18n.pace_span(2023, 2024, "zh") == "2024年"  # one year: the year of the growth
    assert i18n.pace_span(2020, 2024, "en") == "2021–2024"
