"""The mid-term evaluation table (中期评估): hand-computed rows and the progress command."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from planmodel import load_scenario
from planmodel.cli import main
from planmodel.midterm import midterm_table
from planmodel.report.midterm import midterm_cells, midterm_markdown
from planmodel.runner import run

from conftest import ROOT, SCENARIOS, build, minimal_dict, settings_of

XISAISHAN = ROOT / "scenarios" / "xisaishan-2025.yaml"


def _rows(as_of: int):
    outcome = run(load_scenario(XISAISHAN), draws=4000, seed=5, base_year=as_of)
    return {r.target: r for r in midterm_table(outcome.scenario, outcome.results).rows}


def test_xisaishan_as_of_2023_by_hand():
    rows = _rows(2023)
    # 专栏2-1's 2020 base column, as published (002_52ca5559fd852553.txt)
    bases = {
        "地区生产总值300–360亿元": 200,
        "规上工业增加值132亿元": 75,
        "固定资产投资101亿元": 57.58,
        "地方一般公共预算收入11亿元": 5.28,
        "社会消费品零售总额111亿元": 63,
        "外贸出口总额48亿元": 30.14,
        "常住人口22.8万人": 19.5,
        "服务业增加值比重45%": 43,
        "人均预期寿命79岁": 78,
        "劳动年龄人口平均受教育年限12年": 11.2,
        "每千人口执业（助理）医生3.6人": 2.54,
        "森林覆盖率37%": 36.43,
    }
    for name, base in bases.items():
        assert rows[name].base_year == 2020
        assert rows[name].base_value == pytest.approx(base)
    # Nothing of 西塞山 published for 2021–2023 was found: every row says so, none is judged.
    for row in rows.values():
        assert row.status == "no_data" and row.completion is None and row.elapsed is None
    assert [r.attribute for r in rows.values()].count("binding") == 2  # 常住人口, 森林覆盖率 (约束性)
    assert rows["常住人口22.8万人"].warning  # binding and its probability is far below 70%


def test_xisaishan_as_of_2024_by_hand():
    rows = _rows(2024)
    # 一般公共预算收入: 5.28 (2020) → 8.1 (2024, 预计) against 11 in 2025:
    # completion (8.1 − 5.28) / (11 − 5.28) = 2.82 / 5.72 = 0.4930; time elapsed (2024 − 2020) / 5 = 0.8;
    # 0.4930 − 0.8 = −0.307 ≤ −0.05 → 滞后.
    budget = rows["地方一般公共预算收入11亿元"]
    assert (budget.latest_year, budget.latest_value, budget.latest_status) == (2024, 8.1, "estimate")
    assert budget.completion == pytest.approx(2.82 / 5.72)
    assert budget.elapsed == pytest.approx(0.8)
    assert budget.status == "behind"
    # 年均增长15%: achieved (8.1 / 5.28)^(1/4) − 1 = 11.29% a year; 11.29 / 15 = 0.7527 of the pace.
    pace = rows["地方一般公共预算收入年均增长15%"]
    assert pace.latest_value == pytest.approx((8.1 / 5.28) ** 0.25 - 1)
    assert pace.completion == pytest.approx(((8.1 / 5.28) ** 0.25 - 1) / 0.15)
    assert pace.status == "behind"
    # GDP 200 → 251 (2024, 预计) against the low end 300: (251 − 200) / 100 = 0.51 → 滞后.
    gdp = rows["地区生产总值300–360亿元"]
    assert gdp.completion == pytest.approx(0.51) and gdp.status == "behind"
    assert rows["规上工业增加值132亿元"].status == "no_data"


@pytest.mark.parametrize(
    ("level", "status"), [(110, "behind"), (121, "on_track"), (125, "ahead"), (151, "achieved")]
)
def test_status_rule(level, status):
    # base 100 (2020), target 150 in 2025, data for 2022: time elapsed 2/5 = 40%;
    # completion (level − 100) / 50: 20% (behind), 42% (on track, within 5 points), 50% (ahead).
    data = minimal_dict()
    data["horizon"] = 2025
    data["plan_period"] = "2021-2025"
    data["indicators"]["gdp"]["actual"] = {2020: 100, 2022: level}
    data["targets"] = [
        {"name": "t", "indicator": "gdp", "year": 2025, "at_least": "150亿元", "attribute": "约束性"}
    ]
    scenario = build(data)
    outcome = run(scenario, settings_of(data), draws=2000)
    (row,) = midterm_table(scenario, outcome.results).rows
    assert row.elapsed == pytest.approx(0.4)
    assert row.completion == pytest.approx((level - 100) / 50)
    assert row.status == status
    cells = midterm_cells(midterm_table(scenario, outcome.results))[0]
    assert cells[1] == "约束性" and cells[6] == "40.0%"


def test_progress_command_writes_md_xlsx_docx(tmp_path):
    out = tmp_path / "p"
    result = CliRunner().invoke(
        main, ["progress", str(XISAISHAN), "--as-of", "2024", "--draws", "2000", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    written = {"progress.md", "progress.xlsx", "progress.docx", "manifest.json"}
    assert {p.name for p in out.iterdir()} == written
    row = "| 地方一般公共预算收入11亿元 | 预期性 | 5.28亿元（2020年） | 11亿元（2025年） "
    assert row + "| 8.1亿元（2024年，预计） | 49.3% | 80.0% | 滞后 |" in result.output


def test_english_table_names_targets_as_the_english_briefing_does(tmp_path):
    # 西塞山's targets have no name_en: the documented fallback describes each from the target
    # itself (the English briefing's names), never the Chinese name in an English table.
    from planmodel.report.content import target_names

    args = ["progress", str(XISAISHAN), "--as-of", "2024", "--draws", "500", "--lang", "en"]
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "p")])
    assert result.exit_code == 0, result.output
    assert not re.search(r"[\u4e00-\u9fff]", result.output)
    outcome = run(load_scenario(XISAISHAN), draws=500, base_year=2024)
    names = target_names(outcome.results, "en")
    rows = midterm_table(outcome.scenario, outcome.results).rows
    lines = [line for line in result.output.splitlines()[4:] if line.startswith("| ")]
    assert [line.split(" | ")[0].lstrip("| ") for line in lines] == [names[r.target] for r in rows]


def test_progress_command_refuses_a_bad_as_of():
    result = CliRunner().invoke(main, ["progress", str(XISAISHAN), "--as-of", "2025-13"])
    assert result.exit_code == 2
    assert "--as-of" in result.output and "Traceback" not in result.output


def test_markdown_states_the_rule():
    outcome = run(load_scenario(XISAISHAN), draws=1000, seed=1)
    text = midterm_markdown(midterm_table(outcome.scenario, outcome.results))
    assert "时序进度＝" in text and "5个百分点" in text


def test_title_reads_like_the_briefing_title_in_both_languages():
    outcome = run(load_scenario(ROOT / "scenarios" / "hetang-2025.yaml"), draws=500, seed=1)
    table = midterm_table(outcome.scenario, outcome.results)
    zh, en = (midterm_markdown(table, lang).splitlines()[0] for lang in ("zh", "en"))
    assert '"' not in zh and "“十四五”" in zh  # the scenario writes ASCII quotes
    assert en.startswith("# " + outcome.scenario.name_en) and not any("\u4e00" <= c <= "\u9fff" for c in en)


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_shipped_scenario_has_a_mid_term_table(path):
    outcome = run(load_scenario(path), draws=500, seed=3)
    table = midterm_table(outcome.scenario, outcome.results)
    expected = [t.name for t in outcome.scenario.targets if t.measure != "joint"]
    assert [r.target for r in table.rows] == expected
    for row in table.rows:
        assert row.base_year is not None, row.target  # plan_period or the target's own base
        assert (row.status == "no_data") == (row.latest_year is None), row.target
        if row.status != "no_data" and row.reference is None:
            assert row.completion is not None and row.elapsed is not None, row.target
        assert 0 <= row.probability <= 1
    assert len(midterm_cells(table)) == len(expected)


def test_progress_never_writes_into_a_folder_planmodel_did_not_make(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "progress.md").write_text("my own notes", encoding="utf-8")
    result = CliRunner().invoke(main, ["progress", str(XISAISHAN), "--draws", "500", "--out", str(mine)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert (mine / "progress.md").read_text(encoding="utf-8") == "my own notes"
