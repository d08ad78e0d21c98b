"""English twins of the planner's reasons and notes (``reason_en``, ``note_en``, ``notes_en``).

A scenario may give the English of every reason and note it writes; English reports show the twin
where given and the text as written otherwise (docs/scenario.md, "Names in English"). Chinese
reports never change, and neither do the numbers. Refusals (a twin without its text, a count
mismatch, a misspelt twin) are in the bad-scenario corpus (tests/bad/fields/*-en-*.yaml).
"""

from __future__ import annotations

import dataclasses

import pytest

from planmodel import known
from planmodel.errors import ScenarioError
from planmodel.extends import merge
from planmodel.report.content import build_briefing
from planmodel.results import ScenarioNote, UnmodelledTask

from conftest import build, minimal_dict
from synthetic_results import make_results

MANIFEST = {"created_utc": "2026-11-28T00:00:00Z"}


def _with_twins() -> dict:
    data = minimal_dict()
    gdp = data["indicators"]["gdp"]
    gdp["note"] = "自2022年起为全域口径"
    gdp["note_en"] = "Whole-territory coverage since 2022"
    gdp["actual"] = {
        2020: {"value": 800, "assumed": True, "note": "假设：未公布", "note_en": "Assumption: not published"},
        2024: {"value": 1000, "revision_sd": "1%", "note": "新闻转引", "note_en": "Quoted in the news"},
    }
    gdp["real_growth"] = {
        2025: {"normal": {"mean": "7.5%", "sd": "0.6%"}, "reason": "假设：上半年7.7%",
               "reason_en": "Assumption: H1 growth 7.7%"},
        2026: {"normal": {"mean": "7%", "sd": "1%"}, "reason": "假设：逐步回落"},
    }  # fmt: skip
    twin = {"reason": "假设", "reason_en": "Assumption"}
    gdp["deflator"] = {"normal": {"mean": "1%", "sd": "1%"}} | twin | {"reason_en": "Assumption: deflator"}
    gdp["over_years"] = {"trend_sd": "0.8%", "persistence": 0.4} | twin | {"reason_en": "Assumption: trend"}
    gdp["deflator_over_years"] = {"trend_sd": "1%"} | twin | {"reason_en": "Assumption: prices"}
    gdp["rebase"] = {"year": 2025, "shift": {"normal": {"mean": "0%", "sd": "4%"}}, "reason": "假设：普查",
                     "reason_en": "Assumption: census"}  # fmt: skip
    gdp["actual_avg_growth"] = {"2021-2024": {"value": "7%", "note": "公布", "note_en": "published"}}
    data["derived"]["gdp_per_capita"] |= {"note": "人均", "note_en": "per head"}
    data["targets"][0] |= {"note": "严格", "note_en": "strictly"}
    task = {"name": "培育企业", "note": "无量化目标", "note_en": "No quantified target"}
    data["tasks"] = [task, "其他任务"]
    data["notes"] = ["第一条", "", "第三条"]
    data["notes_en"] = ["the first", "", "the third"]
    return data


def test_every_twin_is_read_beside_its_text():
    s = build(_with_twins())
    gdp = s.indicator("gdp")
    assert (gdp.note, gdp.note_en) == ("自2022年起为全域口径", "Whole-territory coverage since 2022")
    assert [(o.note, o.note_en) for o in gdp.actual] == [
        ("假设：未公布", "Assumption: not published"),
        ("新闻转引", "Quoted in the news"),
    ]
    assert [(e.reason, e.reason_en) for e in gdp.driver.entries] == [
        ("假设：上半年7.7%", "Assumption: H1 growth 7.7%"),
        ("假设：逐步回落", None),
    ]
    assert gdp.deflator is not None and gdp.deflator.entries[0].reason_en == "Assumption: deflator"
    assert gdp.over_years.reason_en == "Assumption: trend"
    assert gdp.deflator_over_years.reason_en == "Assumption: prices"
    assert gdp.rebase is not None and gdp.rebase.reason_en == "Assumption: census"
    assert gdp.actual_avg_growth[0].note_en == "published"
    assert s.derived[0].note_en == "per head"
    assert s.targets[0].note_en == "strictly"
    assert [(t.note, t.note_en) for t in s.tasks] == [("无量化目标", "No quantified target"), (None, None)]
    assert s.notes == ("第一条", "第三条")  # an empty note is dropped with its English
    assert s.notes_en == ("the first", "the third")


def test_the_numbers_do_not_depend_on_the_twins():
    with_twins = _with_twins()

    def strip(node: object) -> object:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if not str(k).endswith("_en") or k == "label_en"}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    a, b = build(with_twins), build(strip(with_twins))  # type: ignore[arg-type]
    assert [e.distribution for e in a.indicator("gdp").driver.entries] == [
        e.distribution for e in b.indicator("gdp").driver.entries
    ]
    assert known.assumptions(a) != known.assumptions(b)  # the twins travel with the assumptions …
    strip_en = [dataclasses.replace(x, reason_en=None) for x in known.assumptions(a)]
    assert strip_en == list(known.assumptions(b))  # … and are all that differs


@pytest.mark.parametrize(
    "where,key",
    [
        (("indicators", "gdp"), "note_en"),
        (("derived", "gdp_per_capita"), "note_en"),
        (("targets", 0), "note_en"),
    ],
)
def test_a_twin_without_its_text_is_refused_at_the_twin(where, key):
    data = minimal_dict()
    node = data
    for part in where:
        node = node[part]
    node[key] = "English only"
    with pytest.raises(ScenarioError) as err:
        build(data)
    assert err.value.path == (*where, key)
    assert f"{key} is the English of note, and there is no note" in str(err.value)


def test_notes_en_without_notes_is_refused():
    data = minimal_dict() | {"notes_en": ["an English note"]}
    with pytest.raises(ScenarioError, match="0 note"):
        build(data)


def _english_results():
    """The synthetic results with English twins on one reason of each kind, a note and a task."""
    r = make_results()
    first, deflator, assumed = r.assumptions
    info = dict(r.indicators)
    info["gdp"] = dataclasses.replace(info["gdp"], note="全域口径", note_en="Whole-territory coverage")
    return dataclasses.replace(
        r,
        assumptions=(
            dataclasses.replace(first, reason_en="Assumption: mean real growth of the last three years"),
            deflator,  # no twin: the fallback
            dataclasses.replace(assumed, reason_en="Assumption: 2024 total output not published"),
        ),
        indicators=info,
        notes=(ScenarioNote("测试说明", "A test note"), *r.notes[1:]),
        tasks=(UnmodelledTask("培育企业", note="无量化目标"),),
        task_notes_en={"培育企业": "No quantified target"},
    )


def test_english_briefing_shows_the_twins_and_falls_back_to_the_text_as_written():
    b = build_briefing(_english_results(), MANIFEST, "en")
    reasons = [a.reason for a in b.assumptions]
    assert reasons == [
        "Assumption: mean real growth of the last three years",
        "假设：湖北2023年隐含平减指数约-2%",  # no reason_en: quoted as written
        "Assumption: 2024 total output not published",
    ]
    risks = "\n".join(b.risks)
    assert "(Assumption: 2024 total output not published)" in risks
    assert "Whole-territory coverage" in risks and "全域口径" not in risks
    assert "A test note" in risks and "测试说明" not in risks
    assert "No quantified target" in risks and "无量化目标" not in risks
    assert "培育企业" in risks  # a task's name is given only in Chinese


def test_chinese_briefing_never_shows_a_twin():
    twins, plain = _english_results(), make_results()
    plain = dataclasses.replace(
        plain,
        indicators={**plain.indicators, "gdp": dataclasses.replace(plain.indicators["gdp"], note="全域口径")},
        tasks=(UnmodelledTask("培育企业", note="无量化目标"),),
    )
    assert build_briefing(twins, MANIFEST, "zh") == build_briefing(plain, MANIFEST, "zh")


def test_a_variant_that_rewrites_a_text_drops_the_parent_s_twin():
    label = {"label": "地区生产总值", "label_en": "GDP"}
    parent = {"gdp": {"reason": "假设：7.5%", "reason_en": "Assumption: 7.5%", **label}}
    assert merge(parent, {"gdp": {"reason": "假设：8.5%"}}) == {"gdp": {"reason": "假设：8.5%", **label}}
    both = {"gdp": {"reason": "假设：8.5%", "reason_en": "Assumption: 8.5%"}}
    assert merge(parent, both) == {"gdp": {**both["gdp"], **label}}
    fixed = {"gdp": {"reason_en": "Assumption: 7.5% (fixed)"}}  # a better translation alone
    assert merge(parent, fixed) == {"gdp": {"reason": "假设：7.5%", **fixed["gdp"], **label}}
