"""The self-contained HTML report (``report.html``): one file to mail or open offline.

Owns the page layout: findings, charts (PNG embedded as base64 ``data:`` URIs, so the page
needs no other file), the target and assumption tables, the price-basis note and the run line,
with CSS for screen and print (A4, tables not split mid-row, charts not split across pages).
Every piece of text from a scenario or result is escaped with :func:`html.escape`.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from planmodel.report.docx import assumption_rows, target_rows
from planmodel.report.pptx import png_charts
from planmodel.report.sentences import findings
from planmodel.report.tables import run_info_frame, run_line
from planmodel.results import Results

__all__ = ["write_html"]

_CSS = """
:root { --ink: #222; --muted: #6b6b6b; --rule: #d0d7de; --accent: #0072b2; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem 2rem; color: var(--ink);
  font: 16px/1.7 "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
  "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; border-bottom: 2px solid var(--accent);
  padding-bottom: .2rem; }
.meta, .note { color: var(--muted); font-size: .85rem; }
ul.findings li { margin: .35rem 0; }
figure { margin: 1rem 0; text-align: center; }
figure img { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; margin: .5rem 0; }
th, td { border: 1px solid var(--rule); padding: .3rem .45rem; vertical-align: top; }
th { background: #eef3f8; text-align: left; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
@media print {
  @page { size: A4; margin: 18mm 15mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  figure, tr { break-inside: avoid; }
  thead { display: table-header-group; }
  figure img { max-height: 24cm; }
}
"""

_TEXT = {
    "zh": {
        "findings": "主要结论",
        "dashboard": "目标实现概率总览",
        "fans": "主要指标预测区间",
        "distributions": "各目标的模拟分布",
        "targets": "目标一览",
        "assumptions": "主要假设",
        "run": "运行信息",
        "target_header": [
            "目标", "年份", "目标值", "实现概率", "95%区间", "中位数", "所需年均增速",
        ],
        "assumption_header": ["指标", "假设变量", "年份", "设定", "理由", "来源"],
        "basis_note": (
            "注：总量为现价，增速为可比价；名义=实际×价格，即名义增长=(1+可比价增长)×(1+价格变动)−1。"
            "实现概率为模拟中实现目标的比例，区间为Wilson 95%置信区间（蒙特卡洛误差）。"
        ),
    },
    "en": {
        "findings": "Findings",
        "dashboard": "Probability of each target",
        "fans": "Projected ranges of the main indicators",
        "distributions": "Simulated distribution of each target",
        "targets": "Targets",
        "assumptions": "Assumptions",
        "run": "Run",
        "target_header": [
            "Target", "Year", "Threshold", "Probability", "95% interval", "Median",
            "Required growth",
        ],
        "assumption_header": ["Indicator", "Variable", "Years", "Setting", "Reason", "Source"],
        "basis_note": (
            "Note: totals are at current prices, growth rates at comparable prices; nominal = "
            "real × prices, i.e. nominal growth = (1 + real growth) × (1 + price change) − 1. A "
            "probability is the share of draws meeting the target, with its Wilson 95% interval "
            "(Monte Carlo error)."
        ),
    },
}  # fmt: skip

_NUMERIC_COLUMNS = frozenset({1, 3, 4, 5, 6})


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _img(path: Path, alt: str) -> str:
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f'<figure><img alt="{_e(alt)}" src="data:image/png;base64,{data}"></figure>'


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: frozenset[int]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="num">{_e(c)}</td>' if j in numeric else f"<td>{_e(c)}</td>"
            for j, c in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _charts_section(title: str, paths: Sequence[Path]) -> list[str]:
    if not paths:
        return []
    return [f"<h2>{_e(title)}</h2>", *(_img(p, f"{title} {p.stem}") for p in paths)]


def write_html(
    results: Results,
    manifest: Mapping[str, Any],
    charts: Mapping[str, Sequence[Path]],
    path: Path,
    lang: str = "zh",
) -> Path:
    """Write a self-contained HTML report (UTF-8, charts embedded as base64 PNG).

    Parameters
    ----------
    results
        A run's results.
    manifest
        The run manifest, listed at the end.
    charts
        ``render_charts`` output; PNGs of ``"dashboard"``, ``"fan"`` and ``"dist"`` are embedded.
    path
        The ``.html`` file to write.
    lang
        ``"zh"`` or ``"en"`` (also the page's ``lang`` attribute).

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    if lang not in _TEXT:
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    text = _TEXT[lang]
    line = run_line(results, manifest, lang)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="planmodel">',
        f"<title>{_e(results.scenario)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(results.scenario)}</h1>",
        f'<p class="meta">{_e(results.region or "")}　{_e(line)}</p>',
        f"<h2>{_e(text['findings'])}</h2>",
        '<ul class="findings">',
        *(f"<li>{_e(s)}</li>" for s in findings(results, lang)),
        "</ul>",
    ]
    parts += _charts_section(text["dashboard"], png_charts(charts, "dashboard"))
    parts += _charts_section(text["fans"], png_charts(charts, "fan"))
    dists = png_charts(charts, "dist") + png_charts(charts, "distribution")
    parts += _charts_section(text["distributions"], dists)
    parts += [
        f"<h2>{_e(text['targets'])}</h2>",
        _table(text["target_header"], target_rows(results, lang), _NUMERIC_COLUMNS),
        f'<p class="note">{_e(text["basis_note"])}</p>',
    ]
    if results.assumptions:
        parts += [
            f"<h2>{_e(text['assumptions'])}</h2>",
            _table(text["assumption_header"], assumption_rows(results, lang), frozenset()),
        ]
    parts += [f'<p class="note">{_e(n)}</p>' for n in results.notes]
    info = run_info_frame(manifest, lang)
    parts += [
        f"<h2>{_e(text['run'])}</h2>",
        _table(list(info.columns), info.astype(str).values.tolist(), frozenset()),
        f'<p class="note">{_e(line)}</p>',
        "</body>",
        "</html>",
    ]
    path = Path(path)
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path
