"""Every string a reader sees, in Chinese and English, and the names a scenario gives in each.

Words of ours live in :mod:`planmodel.report.catalog` (content) and
:mod:`planmodel.report.catalog_layout` (headings, headers, labels), with the back-test's and the
fit's in :mod:`planmodel.report.catalog_history`: one entry per key, both languages
side by side, so neither can be missing. Names from the scenario are chosen here with one documented
fallback (docs/scenario.md, "Names in English"):

- indicator: ``label_en`` in English, else a small glossary of common statistics, else the key with
  underscores as spaces; Chinese always uses ``label``;
- target: ``name_en`` in English, else a description built from the target itself (``GDP at least
  120 bn yuan in 2026``); Chinese always uses ``name``;
- scenario: ``scenario_en`` in English, else the title as written;
- a reason or note the planner wrote: ``reason_en`` / ``note_en`` (``notes_en`` for the scenario's
  notes) in English, else the text as written (:func:`planner_text`). Sources are quotes of
  documents and are always shown as written.

Units are written as planners write them in Chinese; in English money and people are rescaled to
familiar units (亿元 → bn yuan, 万元 → k yuan, 万人 → k people) by an exact power of ten.
"""

from __future__ import annotations

import re
from datetime import date

from planmodel.report.catalog import GLOSSARY, MONTHS_EN, UNITS_EN
from planmodel.report.catalog import TEXT as CONTENT
from planmodel.report.catalog_analysis import ANALYSIS
from planmodel.report.catalog_history import HISTORY
from planmodel.report.catalog_layout import LAYOUT
from planmodel.results import IndicatorInfo, Results, TargetResult
from planmodel.units import Unit

LANGS = ("zh", "en")
TEXT: dict[str, tuple[str, str]] = {**CONTENT, **LAYOUT, **HISTORY, **ANALYSIS}
"""Every catalogue entry: key → (Chinese, English)."""
assert len(TEXT) == sum(map(len, (CONTENT, LAYOUT, HISTORY, ANALYSIS))), "a catalogue key is defined twice"


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ValueError naming the valid values."""
    if lang not in LANGS:
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    return lang


def text(key: str, lang: str, **fields: object) -> str:
    """The catalogue entry ``key`` in ``lang``, with ``{placeholders}`` filled from ``fields``."""
    zh, en = TEXT[key]
    template = zh if check_lang(lang) == "zh" else en
    return template.format(**fields) if fields else template


def join(items: list[str], lang: str, conjunction: str = "and") -> str:
    """A list in running text: ``、`` (or ``或``) in Chinese, commas and "and" (or "or") in English."""
    items = [i for i in items if i]
    if lang == "zh" or len(items) < 2:
        return ("、" if conjunction == "and" else "或").join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def unit_en(unit: Unit) -> tuple[float, str, int]:
    """English form of a unit: (factor applied to the value, symbol, change in decimals)."""
    return UNITS_EN.get(unit.symbol, (1.0, unit.symbol, 0))


def indicator_label(info: IndicatorInfo | None, lang: str, fallback: str = "") -> str:
    """An indicator's name in ``lang`` (see the module docstring for the English fallback)."""
    if info is None:
        return fallback
    if lang == "zh":
        return info.label
    if info.label_en:
        return info.label_en
    return GLOSSARY.get(info.label, info.key.replace("_", " "))


def scenario_title(results: Results, lang: str) -> str:
    """The scenario's title in ``lang``."""
    return title_text(results.scenario, results.scenario_en, lang)


def title_text(name: str, name_en: str | None, lang: str) -> str:
    """A scenario title in ``lang``: ``name_en`` in English when given; Chinese quotation marks."""
    if lang == "en" and name_en:
        return name_en
    return re.sub(r'"([^"\n]+)"', r"“\1”", name)  # 荷塘区"十四五"… → 荷塘区“十四五”…


def target_name(t: TargetResult, results: Results, lang: str, describe: str) -> str:
    """A target's name in ``lang``: as written in Chinese; ``name_en`` or ``describe`` in English."""
    if lang == "zh":
        return t.name
    return t.name_en or describe


def planner_text(text: str | None, english: str | None, lang: str) -> str | None:
    """A reason or note the planner wrote, in ``lang``: its English twin when given, else as written."""
    return english if lang == "en" and english else text


def strength_word(strength: str | None, lang: str) -> str:
    """The plan's commitment word (确保/力争/突破…) in ``lang``; empty when none."""
    if not strength:
        return ""
    if lang == "zh":
        return strength
    return GLOSSARY.get(strength, "")


def long_date(day: date, lang: str) -> str:
    """``2026年11月28日`` / ``28 November 2026``."""
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def years_text(first: int | None, last: int, lang: str) -> str:
    """``2026年`` / ``2021–2025年``; ``2026`` / ``2021–2025`` in English."""
    span = f"{last}" if first is None or first == last else f"{first}–{last}"
    return span + ("年" if lang == "zh" else "")


def pace_span(first: int, last: int, lang: str) -> str:
    """The years of the pace from the value of ``first`` to that of ``last``, as every report labels them.

    The years of growth, as statistical bulletins write them: ``2023–2024年`` for the two years
    between the 2022 and 2024 values (``2022–2024年年均`` would mean three), ``2024年`` for one.
    The mid-term table and the pace still needed (``2025–2026年需年均增长``) count years the same way.
    """
    return years_text(first + 1, last, lang)


def text_from(table: dict[str, tuple[str, str]], key: str, lang: str, **fields: object) -> str:
    """Like :func:`text`, from a module's own (Chinese, English) table (mid-term table, wording)."""
    zh, en = table[key]
    template = zh if check_lang(lang) == "zh" else en
    return template.format(**fields) if fields else template
