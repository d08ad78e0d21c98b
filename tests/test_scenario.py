"""Scenario validation: every class of bad input gives one line with file:line:column and field."""

from __future__ import annotations

import re
import textwrap

import pytest

from planmodel.errors import ScenarioError
from planmodel.io import load_scenario

from conftest import SCENARIOS, build, minimal_dict, settings_of

GOOD = textwrap.dedent(
    """\
    scenario: t
    horizon: 2026
    indicators:
      gdp:
        label: 地区生产总值
        unit: 亿元
        actual: {2024: 1000}
        real_growth:
          normal: {mean: 7%, sd: 2%}
        deflator: 1%
      population:
        label: 常住人口
        unit: 万人
        actual: {2024: 100}
        growth: 0%
    correlation:
      - [gdp, population, 0.3]
    targets:
      - name: a
        indicator: gdp
        year: 2026
        at_least: 1200亿元
    """
)


def load_text(tmp_path, text):
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return load_scenario(path)


def test_good_text_loads(tmp_path):
    loaded = load_text(tmp_path, GOOD)
    assert loaded.scenario.targets[0].threshold == 1200
    assert len(loaded.sha256) == 64


# (old, new, expected line, expected text in message)
BAD = [
    (
        "sd: 2%",
        "stdev: 2%",
        9,
        r"indicators\.gdp\.real_growth\.normal\.stdev: unknown key 'stdev'.*valid: mean, sd",
    ),
    ("sd: 2%", "sd: -2%", 9, r"sd: must be zero or positive"),
    (
        "  - name: a\n",
        "  - nme: a\n",
        19,
        r"targets\[0\]\.nme: unknown key 'nme' — did you mean 'name'\?",
    ),
    ("at_least: 1200亿元", "at_least: 1200万人", 22, r"targets\[0\]\.at_least:.*people.*money"),
    ("unit: 亿元", "unit: 亿", 6, r"indicators\.gdp\.unit: unknown unit '亿'.*亿元"),
    ("    deflator: 1%\n", "", 4, r"indicators\.gdp: real_growth .* needs a deflator"),
    (
        "[gdp, population, 0.3]",
        "[gdp, popultion, 0.3]",
        17,
        r"unknown driver 'popultion' — did you mean 'population'",
    ),
    ("[gdp, population, 0.3]", "[gdp, population, 1.3]", 17, r"rho must be a number from -1 to 1"),
    ("horizon: 2026", "horizon: 2o26", 2, r"horizon: expected a year"),
    ("year: 2026", "year: 2027", 21, r"after the horizon"),
    ("indicator: gdp", "indicator: gpd", 20, r"unknown indicator 'gpd' — did you mean 'gdp'"),
    ("mean: 7%, sd: 2%", "mean: 7, sd: 2%", 9, r"mean.*7.*(7%|0\.07)"),
    ("normal: {", "gaussian: {", 9, r"unknown (distribution|family).*normal"),
    ("  gdp:\n", "  gdp:\n    label: again\n", 6, r"appears twice"),
    ("actual: {2024: 1000}", "actual: {2024: -5}", 7, r"negative"),
    ("growth: 0%", "growth: 150", 15, r"(ambiguous|150%|1\.5)"),
    (
        "at_least: 1200亿元",
        "at_least: 1200亿元\n    at_most: 1300亿元",
        19,
        r"exactly one of at_least, at_most or between",
    ),
    ("scenario: t", "scenario: t\nsimulation: {draws: 0}", 2, r"draws must be a whole number"),
    (
        "    real_growth:\n      normal: {mean: 7%, sd: 2%}\n",
        "    real_growth:\n      2025: 7%\n",
        8,
        r"no real_growth assumption for 2026",
    ),
]


@pytest.mark.parametrize("old, new, line, message", BAD, ids=[b[1].strip()[:30] for b in BAD])
def test_bad_input_names_file_line_and_field(tmp_path, old, new, line, message):
    assert old in GOOD
    with pytest.raises(ScenarioError) as info:
        load_text(tmp_path, GOOD.replace(old, new, 1))
    text = info.value.one_line()
    assert "\n" not in text
    assert text.startswith(f"{tmp_path / 's.yaml'}:{line}:"), text
    assert re.search(message, text), text


def test_yaml_syntax_error_has_line(tmp_path):
    with pytest.raises(ScenarioError, match=r"s\.yaml:\d+:\d+: YAML syntax"):
        load_text(tmp_path, GOOD.replace("[gdp, population, 0.3]", "[gdp, population, 0.3"))


def test_correlation_matrix_not_psd_names_the_pairs():
    data = minimal_dict()
    data["indicators"]["extra"] = {
        "label": "x",
        "unit": "亿元",
        "actual": {2024: 1},
        "growth": "1%",
    }
    data["correlation"] = [
        ["gdp", "population", 0.9],
        ["gdp", "extra", 0.9],
        ["population", "extra", -0.9],
    ]
    with pytest.raises(
        ScenarioError,
        match=r"not positive semidefinite.*gdp–population 0\.9.*gdp–extra 0\.9.*population–extra -0\.9",
    ):
        build(data)


def test_real_growth_target_needs_a_basis():
    data = minimal_dict()
    data["targets"] = [
        {"name": "g", "indicator": "gdp", "measure": "growth", "year": 2025, "at_least": "7%"}
    ]
    with pytest.raises(ScenarioError, match="basis: real"):
        build(data)


def test_real_basis_refused_for_a_current_price_total():
    data = minimal_dict()
    data["indicators"]["sales"] = {
        "label": "社零",
        "unit": "亿元",
        "actual": {2024: 10},
        "growth": "5%",
    }
    data["targets"] = [
        {
            "name": "g",
            "indicator": "sales",
            "measure": "growth",
            "basis": "real",
            "year": 2025,
            "at_least": "7%",
        }
    ]
    with pytest.raises(ScenarioError, match="no real/price split"):
        build(data)


def test_formula_with_unknown_name_and_unsafe_code():
    data = minimal_dict()
    data["derived"]["x"] = {"label": "x", "formula": "gdp / populaton"}
    with pytest.raises(ScenarioError, match="did you mean 'population'"):
        build(data)
    data["derived"]["x"] = {"label": "x", "formula": "__import__('os').system('echo hi')"}
    with pytest.raises(ScenarioError):
        build(data)


def test_assumed_start_value_needs_a_note():
    data = minimal_dict()
    data["indicators"]["population"]["actual"] = {2024: {"value": 100, "assumed": True}}
    with pytest.raises(ScenarioError, match="assumed value needs a note"):
        build(data)


def test_quantities_in_planners_notation():
    data = minimal_dict()
    data["targets"] = [
        {"name": "a", "indicator": "gdp", "year": 2026, "at_least": "0.12万亿元"},
        {"name": "b", "indicator": "gdp_per_capita", "year": 2026, "at_least": "140000元"},
        {
            "name": "c",
            "indicator": "gdp",
            "measure": "growth",
            "basis": "real",
            "year": 2026,
            "at_least": 0.075,
        },
    ]
    s = build(data)
    assert [t.threshold for t in s.targets] == pytest.approx([1200, 14, 0.075])


def test_as_of_cut_drops_later_actuals():
    data = minimal_dict()
    data["indicators"]["gdp"]["actual"] = {2023: 900, 2024: 1000}
    data["indicators"]["population"]["actual"] = {2023: 99, 2024: 100}
    data["base_year"] = 2023
    s = build(data)
    assert s.anchor_year("gdp") == 2023


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_shipped_scenarios_validate(path):
    s = load_scenario(path).scenario
    assert s.targets, "a shipped scenario has targets"
    for ind in s.indicators:
        for obs in ind.actual:
            assert obs.source or obs.note, (
                f"{ind.key} {obs.year}: a published value names its source"
            )
        for schedule in (ind.driver, ind.deflator):
            for entry in schedule.entries if schedule else ():
                if entry.distribution.is_random() or entry.reason:
                    assert entry.reason, f"{ind.key}: an assumption carries a one-line reason"


def test_assumed_values_are_listed_as_assumptions():
    from planmodel.runner import run

    data = minimal_dict()
    assumed_start = {"value": 100, "assumed": True, "note": "假设：未公布"}
    data["indicators"]["population"]["actual"] = {2024: assumed_start}
    rows = run(build(data), settings_of(data)).results.assumptions
    assumed = [r for r in rows if r.indicator == "population" and r.kind == "assumed_level"]
    assert len(assumed) == 1 and assumed[0].reason == "假设：未公布" and assumed[0].years == (2024,)
    assert assumed[0].value == 100 and assumed[0].distribution is None


def test_a_scenario_without_notes_has_no_notes():
    # Issue 7: a scenario without notes: got a note reading "()".
    data = minimal_dict()
    data.pop("notes", None)
    assert build(data).notes == ()
    data["notes"] = None
    assert build(data).notes == ()
    data["notes"] = "一条说明"
    assert build(data).notes == ("一条说明",)
    data["notes"] = ["a", "", "b"]
    assert build(data).notes == ("a", "b")
    from planmodel.runner import run

    assert run(build(minimal_dict()), settings_of(minimal_dict())).results.notes == ()
