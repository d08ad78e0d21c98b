"""The back-test cases' assumptions are exactly what the stated rule gives, and it reads no outcome."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from planmodel.analysis.case_files import read_cases
from planmodel.analysis.cases import Case, plan_pace, why_not_scored, why_not_simulated
from planmodel.analysis.plain_rule import items

BACKTESTS = Path(__file__).resolve().parents[1] / "backtests"
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return read_cases([BACKTESTS])


@pytest.fixture(scope="module")
def raw_assumptions() -> dict[str, dict]:
    out = {}
    for path in sorted(BACKTESTS.glob("*.yaml")):
        for case in yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)["cases"]:
            out[case["id"]] = case["assumptions"]
    return out


def test_files_hold_what_the_rule_gives(cases, raw_assumptions):
    for case in cases:
        written = raw_assumptions[case.id]
        if why_not_simulated(case) is not None:
            assert written["status"] == "to_fill" and written["items"] == [], case.id
            continue
        assert written["status"] == "filled", case.id
        assert written["items"] == items(case, cases), case.id


def test_the_rule_never_reads_the_cases_own_outcome(cases):
    for case in cases:
        if why_not_simulated(case) is not None:
            continue
        hidden = dataclasses.replace(case, outcome=())
        others = [hidden if c.id == case.id else c for c in cases]
        assert items(hidden, others) == items(case, cases), case.id


def test_scored_cases_and_plan_pace(cases):
    scored = [c for c in cases if why_not_scored(c) is None]
    assert len(scored) == 20 + 13 + 185  # 西塞山: 23 comparable, less 3 of unclear direction
    gdp = next(c for c in cases if c.id == "xss13_gdp_level")
    assert plan_pace(gdp) == pytest.approx((300 / 154) ** 0.2 - 1)
    beds = next(c for c in cases if c.id == "xss13_elderly_beds_per_1000")
    assert plan_pace(beds) == pytest.approx((40 - 30.55) / 5)
    hubei = next(c for c in cases if c.id == "hb_2019_gdp_growth")
    assert hubei.threshold == pytest.approx(0.075) and hubei.plan_number == pytest.approx(0.0775)
