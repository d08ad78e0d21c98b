"""The mid-term evaluation table (中期评估) as text, and its Markdown, workbook and Word files.

Every cell is made once here (:func:`midterm_cells`, gathered with the title, header and rule in a
:class:`MidtermView`) through :mod:`planmodel.report.formats` (one rounding rule) and the status
bands of :mod:`planmodel.report.rows`; the writers only lay the cells out — the files of
``planmodel progress`` here, and 附表6 of the briefing (``run --progress-table``) in
:mod:`planmodel.report.writers`, both with one Word table
(:func:`~planmodel.report.writers.docx.midterm_table_docx`).
The rule behind the status column is written under the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from planmodel.midterm import BAND, WARN_BELOW, Midterm, MidtermRow
from planmodel.report import formats, i18n
from planmodel.report.formats import DASH
from planmodel.report.relative import relative_condition
from planmodel.report.rows import band_of

TEXT: dict[str, tuple[str, str]] = {
    "title": ("{name}：中期评估表", "{name}: mid-term evaluation"),
    "as_of": ("（数据截至{year}年{months}）", " (data up to {year}{months})"),
    "months": ("1–{m}月", ", Jan–month {m}"),
    "header": (
        "指标|属性|基期值|目标值|最新实际值|完成进度|时序进度|进度判断|预计能否完成（概率）|预警",
        "Target|Attribute|Base|Target value|Latest actual|Completion|Time elapsed|Status|"
        "Outlook (probability)|Warning",
    ),
    "binding": ("约束性", "binding"),
    "expected": ("预期性", "expected"),
    "met": ("已实现", "met"),
    "missed": ("未实现", "missed"),
    "achieved": ("提前实现", "achieved early"),
    "ahead": ("超前（快于预期）", "ahead (faster than expected)"),
    "on_track": ("符合（基本符合预期）", "on track"),
    "behind": ("滞后", "behind"),
    "no_data": ("基期后暂无数据", "no data since the base"),
    "warning": ("预警", "warning"),
    "preliminary": ("，初步", ", preliminary"),
    "estimate": ("，预计", ", early estimate"),
    "simulated": ("，推算", ", simulated"),
    "in_year": ("{value}（{year}年{mark}）", "{value} ({year}{mark})"),
    "span": ("{first}–{last}", "{first}–{last}"),
    "ytd": (
        "{value}（{year}年1–{m}月；其余月份需{rest}）",
        "{value} ({year}, Jan–month {m}; the rest of the year needs {rest})",
    ),
    "pace": ("年均{value}", "{value} a year"),
    "rule": (
        "说明：完成进度＝（最新实际值−基期值）÷（目标值−基期值）；年均增速目标为已实现的年均增速÷目标增速；"
        "时序进度＝（最新数据年份−基期年份）÷（目标年份−基期年份），年度目标有1–N月数据时为N÷12，完成进度为累计增速÷目标增速。完成进度高于时序进度{band}个百分点以上为超前，"
        "低于{band}个百分点以上为滞后，其间为符合（年均增速目标与100%比较）；最新实际值已达到目标为提前实现（目标年份已有数据的，按其判断已实现或未实现）。"
        "预计能否完成为模型模拟的实现概率；约束性指标概率低于{warn}或进度滞后的标注预警。",
        "Notes: completion = (latest − base) / (target − base); for average-growth targets the average "
        "growth achieved / the target rate. Time elapsed = (latest data year − base year) / (target year − "
        "base year); for a year's target with Jan–month N data N/12, and completion the growth so far / "
        "the target. Completion more than {band} points above the time elapsed is ahead, more than {band} "
        "points below is behind, on track in between (average growth: against 100%); a latest value that "
        "already meets the target is achieved early (with the target year's data: met or missed). "
        "The outlook is the simulated probability; binding "
        "targets below {warn} or behind carry a warning.",
    ),
}


def _t(key: str, lang: str, **fields: object) -> str:
    return i18n.text_from(TEXT, key, lang, **fields)


def _value(x: float | None, row: MidtermRow, lang: str, simulated: bool = False) -> str:
    """A value of the target's quantity: a rate for growth measures, else a level in its unit.

    A level is written as published, or with the decimals of every simulated level (``simulated``).
    """
    if x is None or row.unit is None:
        return DASH
    if row.reference is not None:
        if row.measure in ("growth", "avg_growth"):
            return formats.points(100 * x, lang, signed=True)
        return formats.change(x, row.unit, lang, signed=True)
    if row.measure in ("growth", "avg_growth"):
        return formats.rate(x)
    return formats.level(x, row.unit, lang) if simulated else formats.published(x, row.unit, lang)


def _target(row: MidtermRow, lang: str, references: Mapping[str, str]) -> str:
    if row.target_value is None or row.unit is None:
        return DASH
    rate = row.measure in ("growth", "avg_growth")
    if row.reference is not None and not isinstance(row.target_value, tuple):
        ref = references.get(row.target) or row.reference_label or row.reference
        return relative_condition(row.comparison, row.target_value, ref, rate, row.unit, lang)
    text = formats.threshold(row.target_value, row.unit, rate, lang)
    return f"{text}（{row.target_year}年）" if lang == "zh" else f"{text} ({row.target_year})"


def _share(x: float | None) -> str:
    return DASH if x is None else formats.percent(x, 1)


def _outlook(row: MidtermRow, lang: str) -> str:
    prob = formats.probability(row.successes, row.draws, row.ci_low, row.ci_high)
    if row.determined:
        return i18n.text("band_met" if row.probability == 1.0 else "band_missed", lang)
    return i18n.text(f"band_{band_of(prob)}", lang) + i18n.text("paren", lang, text=prob.point)


def midterm_cells(
    table: Midterm, lang: str = "zh", names: Mapping[str, str] | None = None,
    references: Mapping[str, str] | None = None,
) -> list[list[str]]:
    """The table's rows as the reader sees them (one list of cells per target).

    ``names`` are the targets' names and ``references`` what relative targets are compared with, as the
    briefing shows them (:func:`~planmodel.report.content.target_names`, ``reference_names``), by
    target; without them, ``name_en`` or the Chinese name, and the reference's Chinese label.
    """
    names, references = names or {}, references or {}
    out = []
    for row in table.rows:
        latest = DASH
        if row.latest_year is not None:
            mark = _t(row.latest_status, lang) if row.latest_status in ("preliminary", "estimate") else ""
            mark += _t("simulated", lang) if row.latest_simulated else ""
            value = _value(row.latest_value, row, lang, row.latest_simulated)
            year: object = row.latest_year
            spans = row.base_year is not None and row.latest_year > row.base_year + 1
            if row.measure == "avg_growth" and spans:
                value = value if row.reference else _t("pace", lang, value=value)
                year = _t("span", lang, first=row.base_year + 1, last=row.latest_year)  # type: ignore[operator]
            latest = _t("in_year", lang, value=value, year=year, mark=mark)
            if row.rest_needed is not None and row.elapsed is not None:
                latest = _t(
                    "ytd", lang, year=row.latest_year, m=round(12 * row.elapsed), value=value,
                    rest=formats.rate(row.rest_needed),
                )  # fmt: skip
        base = DASH
        if row.base_value is not None:
            shown = _value(row.base_value, _level(row), lang, row.base_simulated)
            mark = _t("simulated", lang) if row.base_simulated else ""
            base = _t("in_year", lang, value=shown, year=row.base_year, mark=mark)
        out.append(
            [
                names.get(row.target) or (row.name_en if lang == "en" and row.name_en else row.target),
                _t(row.attribute, lang) if row.attribute else DASH,
                base,
                _target(row, lang, references),
                latest,
                _share(row.completion),
                _share(row.elapsed),
                _t(row.status, lang),
                _outlook(row, lang),
                _t("warning", lang) if row.warning else "",
            ]
        )
    return out


def _level(row: MidtermRow) -> MidtermRow:
    """The row read as a level (the base of a growth target is a level)."""
    return replace(row, measure="level", reference=None)


def _title(table: Midterm, lang: str) -> str:
    title = _t("title", lang, name=i18n.title_text(table.scenario, table.scenario_en, lang))
    if table.as_of is not None:
        months = _t("months", lang, m=table.months) if table.months else ("底" if lang == "zh" else "")
        title += _t("as_of", lang, year=table.as_of, months=months)
    return title


def _rule(lang: str) -> str:
    return _t("rule", lang, band=formats.number(100 * BAND, lang), warn=formats.percent(WARN_BELOW, 0))


@dataclass(frozen=True)
class MidtermView:
    """The table as the reader sees it, in one language: what every writer lays out."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    warnings: tuple[bool, ...]
    """Per row: an early warning (its last cell is shaded in Word)."""
    rule: str
    """How the columns are computed and judged, written under the table."""


def midterm_view(
    table: Midterm, lang: str = "zh", names: Mapping[str, str] | None = None,
    references: Mapping[str, str] | None = None,
) -> MidtermView:
    """The table's words: title, header, cells, warnings and the rule (names: :func:`midterm_cells`)."""
    return MidtermView(
        _title(table, lang),
        tuple(_t("header", lang).split("|")),
        tuple(tuple(cells) for cells in midterm_cells(table, lang, names, references)),
        tuple(r.warning for r in table.rows),
        _rule(lang),
    )


def midterm_markdown_lines(view: MidtermView) -> list[str]:
    """The table as Markdown lines (header, rows, a blank line, the rule)."""
    lines = ["| " + " | ".join(view.header) + " |", "|" + "---|" * len(view.header)]
    for cells in view.rows:
        lines.append("| " + " | ".join(c.replace("|", "／") for c in cells) + " |")
    return [*lines, "", view.rule]


def midterm_markdown(
    table: Midterm, lang: str = "zh", names: Mapping[str, str] | None = None,
    references: Mapping[str, str] | None = None,
) -> str:
    """The table as Markdown, with its title and the rule of the status column."""
    view = midterm_view(table, lang, names, references)
    return "\n".join([f"# {view.title}", "", *midterm_markdown_lines(view), ""])


def write_midterm_xlsx(
    table: Midterm, path: Path, lang: str = "zh", names: Mapping[str, str] | None = None,
    references: Mapping[str, str] | None = None,
) -> Path:
    """The table as a workbook (one sheet; the rule in the row under it)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    midterm_sheet(ws, midterm_view(table, lang, names, references), lang)
    wb.save(path)
    return path


def midterm_sheet(ws: Any, view: MidtermView, lang: str) -> None:
    """Fill the worksheet ``ws`` with the table: title, header, rows, and the rule under them.

    Used by ``planmodel progress`` (its own workbook) and by ``run --progress-table`` (a sheet of
    results.xlsx), so the two read the same.
    """
    from openpyxl.styles import Alignment, Font

    ws.title = "中期评估" if lang == "zh" else "Mid-term"
    ws.append([view.title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(list(view.header))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for cells in view.rows:
        ws.append([_safe(c) for c in cells])
    ws.append([])
    ws.append([view.rule])
    for column, width in zip("ABCDEFGHIJ", (30, 8, 16, 22, 24, 10, 10, 18, 22, 6), strict=True):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=3, max_row=ws.max_row - 2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _safe(text: str) -> str:
    """A cell that a spreadsheet would read as a formula gets a leading apostrophe's worth of quoting."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") and text != DASH else text


def write_midterm_docx(
    table: Midterm, path: Path, lang: str = "zh", names: Mapping[str, str] | None = None,
    references: Mapping[str, str] | None = None,
) -> Path:
    """The table as a Word section on a landscape page (heading, table, rule)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    from planmodel.report.writers.docx import _heading, _setup, midterm_table_docx

    view = midterm_view(table, lang, names, references)
    doc = Document()
    _setup(doc, lang)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    _heading(doc, view.title, 1)
    midterm_table_docx(doc, view)
    doc.save(str(path))
    return path
