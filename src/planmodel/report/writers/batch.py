"""``summary.md`` and ``summary.xlsx`` of a batch: every target of every scenario in one table.

Lays out the briefings of the scenarios of a batch (each built once, for its own folder, in one
language); computes nothing. The cells are each briefing's overview rows, laid out by the same
functions as a scenario's own summary.md and results.xlsx (:func:`planmodel.report.rows.overview_cells`,
:func:`planmodel.report.writers.xlsx.target_table`), so every number reads exactly as it does in
that scenario's report, with the scenario's title in front.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from planmodel.report import i18n
from planmodel.report.content import Briefing
from planmodel.report.rows import overview_cells, overview_header
from planmodel.report.writers.markdown import markdown_table
from planmodel.report.writers.xlsx import target_table, write_table

__all__ = ["BatchEntry", "batch_markdown", "write_batch_xlsx"]


@dataclass(frozen=True)
class BatchEntry:
    """One scenario of a batch: its briefing, its folder (as shown) and how it was run."""

    briefing: Briefing
    folder: str
    draws: int
    seed: int


def batch_markdown(entries: Sequence[BatchEntry], lang: str) -> str:
    """The batch's summary page: counts by status per scenario, then every target of every scenario."""
    t = lambda key, **kw: i18n.text(key, lang, **kw)  # noqa: E731
    lines = [f"# {t('batch_title', n=len(entries))}", ""]
    codes = [code for e in entries for code, _, _ in e.briefing.counts]
    statuses = list(dict.fromkeys(codes))
    words = {code: text for e in entries for code, text, _ in e.briefing.counts}
    rows = []
    for e in entries:
        counts = {code: n for code, _, n in e.briefing.counts}
        rows.append([e.briefing.title, *(counts.get(code, 0) for code in statuses)])
    lines += markdown_table([t("col_scenario"), *(words[c] for c in statuses)], rows)
    lines += ["", f"## {t('batch_overview')}", ""]
    rows = [[e.briefing.title, *overview_cells(r)] for e in entries for r in e.briefing.rows]
    lines += markdown_table([t("col_scenario"), *overview_header(lang)], rows)
    lines += ["", t("overview_note"), "", f"## {t('batch_folders')}", ""]
    for e in entries:
        run = t("batch_run", draws=f"{e.draws:,}", seed=e.seed)
        lines.append(f"- {e.briefing.title}{t('colon')}`{e.folder}`{t('paren', text=run)}")
    return "\n".join(lines) + "\n"


def write_batch_xlsx(entries: Sequence[BatchEntry], lang: str, path: Path) -> Path:
    """The batch's workbook: one sheet with every target of every scenario; return ``path``."""
    header: list[str] = []
    rows = []
    for e in entries:
        header, part = target_table(e.briefing)
        rows += [[e.briefing.title, *row] for row in part]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = i18n.text("sheet_summary", lang)
    write_table(ws, [i18n.text("col_scenario", lang), *header], rows, lang)
    path = Path(path)
    wb.save(path)
    return path
