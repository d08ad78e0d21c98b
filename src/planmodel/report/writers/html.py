"""``report.html``: the briefing as one self-contained page (charts embedded), for screen and print.

Same structure as the Word briefing; lays out the briefing and computes nothing. Every piece of text
is escaped with :func:`html.escape`; 判断 cells are shaded 红黄绿.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping, Sequence
from pathlib import Path

from planmodel.report import i18n
from planmodel.report.content import Briefing, ChartKey
from planmodel.report.rows import overview_cells, overview_header

__all__ = ["write_html"]

_CSS = """
:root { --ink: #222; --muted: #6b6b6b; --rule: #d0d7de; --accent: #0072b2; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 62rem; padding: 1.5rem 2rem; color: var(--ink);
  font: 16px/1.7 "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
  "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; text-align: center; }
h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; border-bottom: 2px solid var(--accent);
  padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
.meta { color: var(--muted); font-size: .9rem; text-align: center; }
.note { color: var(--muted); font-size: .85rem; }
figure { margin: 1rem 0; text-align: center; }
figure img { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; margin: .5rem 0; }
th, td { border: 1px solid var(--rule); padding: .3rem .45rem; vertical-align: top; }
th { background: #eef3f8; text-align: left; }
td.green { background: #d9f2e6; } td.amber { background: #fcebc5; } td.red { background: #f8d5c8; }
@media print {
  @page { size: A4; margin: 18mm 15mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2, h3 { break-after: avoid; }
  figure, tr { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _img(path: Path, alt: str) -> str:
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f'<figure><img alt="{_e(alt)}" src="data:image/png;base64,{data}"></figure>'


def _table(header: Sequence[str], rows: Sequence[Sequence[object]], shades: Sequence[str | None] = ()) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        cells = [f"<td>{_e(c)}</td>" for c in row]
        if i < len(shades) and shades[i]:
            cells[-1] = f'<td class="{shades[i]}">{_e(row[-1])}</td>'
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def write_html(b: Briefing, charts: Mapping[ChartKey, Path], path: Path) -> Path:
    """Write the page; ``charts`` are the A4 PNG files by chart key. Returns ``path``."""
    lang = b.lang
    t = lambda key, **kw: i18n.text(key, lang, **kw)  # noqa: E731
    meta = [t("doc_issuer", issuer=b.issuer)] if b.issuer else []
    meta += [t("doc_date", date=b.date), b.cutoff]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="planmodel">',
        f"<title>{_e(b.title)}</title><style>{_CSS}</style></head>",
        "<body>",
        f"<h1>{_e(b.title)}</h1>",
        f'<p class="meta">{"　".join(_e(m) for m in meta)}</p>',
        f'<p class="meta">{_e(b.calibration)}</p>',
        f"<h2>{_e(t('h_summary'))}</h2>",
        *(f"<p>{_e(p)}</p>" for p in b.summary),
        _table([t("col_status"), t("col_count")], [[text, n] for _, text, n in b.counts]),
        f"<h2>{_e(t('h_overview'))}</h2>",
        _table(overview_header(lang), [overview_cells(r) for r in b.rows], [r.colour for r in b.rows]),
        f'<p class="note">{_e(t("overview_note"))}</p>',
        *(_img(charts[k], t("slide_dashboard")) for k in b.dashboards if k in charts),
        f"<h2>{_e(t('h_sections'))}</h2>",
    ]
    for n, s in enumerate(b.sections, start=1):
        parts.append(f"<h3>{_e(t('section_title', n=n, name=s.title))}</h3>")
        parts += [f"<p>{_e(p)}</p>" for p in s.paragraphs]
        parts += [_img(charts[k], s.title) for k in s.charts if k in charts]
    parts.append(f"<h2>{_e(t('h_risks'))}</h2>")
    parts.append(
        "<ol>" + "".join(f"<li>{_e(r)}</li>" for r in b.risks) + "</ol>" if b.risks else t("no_risks")
    )
    tornadoes = [("tornado", v.target) for v in b.tornadoes]  # run --sensitivity
    parts += [_img(charts[k], k[1]) for k in tornadoes if k in charts]
    parts += [f"<h2>{_e(t('h_appendix'))}</h2>", f"<h3>{_e(t('a_assumptions'))}</h3>"]
    keys = ("col_indicator", "col_variable", "col_years", "col_setting", "col_reason", "col_source")
    parts.append(
        _table(
            [t(k) for k in keys],
            [[a.indicator, a.variable, a.years, a.setting, a.reason, a.source] for a in b.assumptions],
        )
    )
    parts.append(f"<h3>{_e(t('a_correlations'))}</h3>")
    parts.append(
        _table([t("col_first"), t("col_second"), t("col_rho")], b.correlations)
        if b.correlations
        else f"<p>{_e(t('no_correlations'))}</p>"
    )
    parts.append(f"<h3>{_e(t('a_sources'))}</h3>")
    parts.append(
        _table(
            [t("col_subject"), t("col_document"), t("col_where"), t("col_quote")],
            [[s.subject, s.document, s.where, s.quote] for s in b.sources],
        )
    )
    parts.append(f"<h3>{_e(t('a_methods'))}</h3>")
    parts += [f"<p>{_e(p)}</p>" for p in b.methods]
    parts.append(f"<h3>{_e(t('a_run'))}</h3>")
    parts.append(_table([t("col_item"), t("col_value")], b.run_info))
    if b.midterm is not None:  # run --progress-table
        parts.append(f"<h3>{_e(t('a_midterm'))}</h3>")
        shades = ["red" if w else None for w in b.midterm.warnings]
        parts.append(_table(b.midterm.header, b.midterm.rows, shades))
        parts.append(f'<p class="note">{_e(b.midterm.rule)}</p>')
    parts += ["</body>", "</html>"]
    path = Path(path)
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path
