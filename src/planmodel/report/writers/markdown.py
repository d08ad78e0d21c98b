"""``summary.md``: the briefing as Markdown (judgement, overview table, findings, risks, appendix).

Also the summary page of a batch of scenarios (:func:`batch_markdown`): every target of every
scenario in one table, each row laid out exactly as in that scenario's own page.

Lays out the briefing; computes nothing. Pure: returns the text.
"""

from __future__ import annotations

from collections.abc import Sequence

from planmodel.report import i18n
from planmodel.report.content import BatchEntry, Briefing
from planmodel.report.rows import overview_cells, overview_header

__all__ = ["batch_markdown", "summary_markdown"]


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]


def summary_markdown(briefing: Briefing) -> str:
    """The whole briefing as one Markdown page."""
    lang = briefing.lang
    t = lambda key, **kw: i18n.text(key, lang, **kw)  # noqa: E731
    meta = [briefing.cutoff, t("doc_date", date=briefing.date)]
    if briefing.issuer:
        meta.insert(0, t("doc_issuer", issuer=briefing.issuer))
    if briefing.region:
        meta.insert(0, t("doc_region", region=briefing.region))
    lines = [f"# {briefing.title}", "", " · ".join(meta), "", briefing.calibration, ""]
    lines += [f"## {t('slide_summary')}", ""]
    for paragraph in briefing.summary:
        lines += [paragraph, ""]
    lines += _table([t("col_status"), t("col_count")], [[text, n] for _, text, n in briefing.counts])
    lines += ["", f"## {t('slide_overview')}", ""]
    lines += _table(overview_header(lang), [overview_cells(r) for r in briefing.rows])
    lines += ["", t("overview_note"), "", f"## {t('md_findings')}", ""]
    lines += [f"- {f}" for f in briefing.findings]
    lines += ["", f"## {t('slide_risks')}", ""]
    lines += [f"- {r}" for r in briefing.risks] or [t("no_risks")]
    lines += ["", f"## {t('h_appendix')}", "", f"### {t('a_assumptions')}", ""]
    rows = [[a.indicator, a.variable, a.years, a.setting, a.reason, a.source] for a in briefing.assumptions]
    keys = ("col_indicator", "col_variable", "col_years", "col_setting", "col_reason", "col_source")
    lines += _table([t(k) for k in keys], rows)
    lines += ["", f"### {t('a_correlations')}", ""]
    if briefing.correlations:
        lines += _table([t("col_first"), t("col_second"), t("col_rho")], briefing.correlations)
    else:
        lines.append(t("no_correlations"))
    lines += ["", f"### {t('a_sources')}", ""]
    rows = [[s.subject, s.document, s.where, s.quote] for s in briefing.sources]
    lines += _table([t("col_subject"), t("col_document"), t("col_where"), t("col_quote")], rows)
    lines += ["", f"### {t('a_methods')}", ""]
    for paragraph in briefing.methods:
        lines += [paragraph, ""]
    lines += [f"### {t('a_run')}", ""]
    lines += _table([t("col_item"), t("col_value")], briefing.run_info)
    if briefing.midterm is not None:  # run --progress-table
        from planmodel.report.midterm import midterm_markdown_lines

        lines += ["", f"### {t('a_midterm')}", "", *midterm_markdown_lines(briefing.midterm)]
    return "\n".join(lines) + "\n"


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
    lines += _table([t("col_scenario"), *(words[c] for c in statuses)], rows)
    lines += ["", f"## {t('batch_overview')}", ""]
    rows = [[e.briefing.title, *overview_cells(r)] for e in entries for r in e.briefing.rows]
    lines += _table([t("col_scenario"), *overview_header(lang)], rows)
    lines += ["", t("overview_note"), "", f"## {t('batch_folders')}", ""]
    for e in entries:
        run = t("batch_run", draws=f"{e.draws:,}", seed=e.seed)
        lines.append(f"- {e.briefing.title}{t('colon')}`{e.folder}`{t('paren', text=run)}")
    return "\n".join(lines) + "\n"
