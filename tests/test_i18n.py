"""The catalogue is complete in both languages, and names fall back as documented."""

from __future__ import annotations

import re
import string
from dataclasses import replace

import pytest

from planmodel.report import i18n
from planmodel.report.catalog import GLOSSARY
from planmodel.report.content import build_briefing

from synthetic_results import make_results

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
ASCII_WORD = re.compile(r"[A-Za-z]{2,}")
ALLOWED_IN_ZH = {"GDP", "SHA", "Brier", "PIT"}
"""ASCII words a Chinese reader expects: the abbreviation GDP, the checksum's name, and the names the
back-test's scores keep in Chinese statistics (Brier评分, PIT直方图)."""


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(i18n.TEXT))
def test_every_key_has_both_languages_with_the_same_placeholders(key):
    zh, en = i18n.TEXT[key]
    assert zh.strip() or zh in ("", " "), key
    assert en.strip() or en in ("", " "), key
    assert _fields(zh) == _fields(en), key
    assert not CJK.search(en.replace("“", "").replace("”", "")), f"{key}: Chinese in English text {en!r}"
    words = set(ASCII_WORD.findall(re.sub(r"\{[^}]*\}", "", zh)))
    assert words <= ALLOWED_IN_ZH, f"{key}: English in Chinese text {words}"


def test_names_fall_back_as_documented():
    results = make_results()
    gdp = results.indicators["gdp"]
    assert i18n.indicator_label(gdp, "zh") == "地区生产总值"
    assert i18n.indicator_label(gdp, "en") == GLOSSARY["地区生产总值"] == "GDP"  # glossary
    labelled = replace(gdp, label_en="gross domestic product")
    assert i18n.indicator_label(labelled, "en") == "gross domestic product"  # label_en wins
    odd = replace(gdp, label="某新指标", key="new_thing")
    assert i18n.indicator_label(odd, "en") == "new thing"  # the key as words
    t = results.targets[0]
    assert i18n.target_name(t, results, "zh", "described") == t.name
    assert i18n.target_name(t, results, "en", "described") == "described"  # built from the target
    assert i18n.target_name(replace(t, name_en="GDP above 110 bn"), results, "en", "x") == "GDP above 110 bn"
    assert i18n.scenario_title(results, "en") == results.scenario  # as written
    assert i18n.scenario_title(replace(results, scenario_en="Daye 2026"), "en") == "Daye 2026"


def test_english_briefing_builds_target_names_from_the_target():
    b = build_briefing(make_results(), {}, "en")
    assert b.rows[0].name == "GDP above 110 bn yuan in 2026"
    assert b.rows[3].name == "real growth of GDP at least 7.5% in 2025"
    for row in b.rows:
        assert not CJK.search(row.name + row.latest.text + row.target.text + row.needed.text), row
