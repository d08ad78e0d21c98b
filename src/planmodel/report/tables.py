"""Tables of a run as pandas frames, CSV text and a Markdown summary.

Pure: reads :class:`~planmodel.results.Results` and a manifest dict, returns frames and strings;
writes no files and prints nothing. Numbers in tables are exact (full float precision); rounding
is only for sentences (:mod:`planmodel.report.sentences`).

Headers. Every frame is built on a stable set of English snake_case keys. ``lang="en"`` returns
those keys as headers and the machine codes as values (``level``, ``nominal``): this is the form
for CSV and other tools, and it does not change with the language of a report. ``lang="zh"``
renames the headers to Chinese (:data:`HEADERS_ZH`) and the codes to words (现价/可比价): this
is the form for people, used in the xlsx workbook and the Word/HTML tables.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from planmodel.report.sentences import findings, format_threshold
from planmodel.report.style import interval_decimals
from planmodel.report.style import text as style_text
from planmodel.results import Results, TargetResult

__all__ = [
    "HEADERS_ZH",
    "TARGET_KEYS",
    "PERCENTILE_KEYS",
    "ASSUMPTION_KEYS",
    "RUN_INFO_KEYS",
    "assumptions_frame",
    "localize",
    "percentiles_csv",
    "percentiles_frame",
    "run_info_frame",
    "run_line",
    "summary_markdown",
    "targets_csv",
    "targets_frame",
    "to_csv_text",
]

TARGET_KEYS: tuple[str, ...] = (
    "name", "indicator", "label", "year", "first_year", "measure", "comparison", "basis", "unit",
    "threshold_text", "threshold", "threshold_high", "probability", "ci_low", "ci_high",
    "display", "successes", "draws", "median", "p5", "p95", "gap", "required_nominal_growth",
    "required_real_growth", "required_change", "required_from_year", "historical_from_year",
    "historical_to_year",
    "historical_nominal_growth", "historical_real_growth", "determined", "strength", "source",
)  # fmt: skip
"""Columns of :func:`targets_frame` (and of ``targets.csv``), in order."""

PERCENTILE_KEYS: tuple[str, ...] = (
    "indicator", "label", "unit", "year", "is_actual",
    "p05", "p10", "p25", "p50", "p75", "p90", "p95",
)  # fmt: skip
ASSUMPTION_KEYS: tuple[str, ...] = (
    "indicator", "label", "variable", "years", "description", "reason", "source",
)  # fmt: skip
RUN_INFO_KEYS: tuple[str, ...] = ("key", "value")

HEADERS_ZH: dict[str, str] = {
    "name": "目标",
    "indicator": "指标代码",
    "label": "指标",
    "year": "年份",
    "first_year": "起始年份",
    "measure": "目标类型",
    "comparison": "比较方式",
    "basis": "价格口径",
    "unit": "单位",
    "threshold_text": "目标值",
    "threshold": "目标值（数值）",
    "threshold_high": "目标上限（数值）",
    "probability": "实现概率",
    "ci_low": "95%区间下限",
    "ci_high": "95%区间上限",
    "display": "概率（显示）",
    "successes": "实现次数",
    "draws": "模拟次数",
    "median": "中位数",
    "p5": "P5",
    "p95": "P95",
    "gap": "中位数与目标之差",
    "required_nominal_growth": "所需名义年均增速",
    "required_real_growth": "所需可比价年均增速",
    "required_change": "所需年均变化（单位/年）",
    "required_from_year": "增速起算年份",
    "historical_from_year": "历史起始年份",
    "historical_to_year": "历史截止年份",
    "historical_nominal_growth": "历史名义年均增速",
    "historical_real_growth": "历史可比价年均增速",
    "determined": "已由公布数据确定",
    "strength": "措辞强度",
    "source": "来源",
    "is_actual": "公布数据",
    "p05": "P5",
    "p10": "P10",
    "p25": "P25",
    "p50": "P50（中位数）",
    "p75": "P75",
    "p90": "P90",
    "variable": "假设变量",
    "years": "适用年份",
    "description": "设定",
    "reason": "理由",
    "key": "项目",
    "value": "内容",
}
"""Chinese header for every key used in the frames of this module."""

_CODES_ZH: dict[str, dict[str, str]] = {
    "measure": {
        "level": "总量", "growth": "增速", "avg_growth": "年均增速", "cumulative": "累计",
        "joint": "联合",
    },
    "comparison": {
        "at_least": "不低于", "at_most": "不超过", "between": "区间", "all_of": "全部实现",
    },
    "basis": {"nominal": "现价", "real": "可比价", "none": "—"},
}  # fmt: skip

_MANIFEST_ZH: dict[str, str] = {
    "scenario": "情景",
    "scenario_file": "情景文件",
    "scenario_sha256": "情景哈希（SHA-256）",
    "scenario_hash": "情景哈希",
    "seed": "随机种子",
    "entropy": "种子熵",
    "draws": "模拟次数",
    "version": "planmodel版本",
    "planmodel_version": "planmodel版本",
    "created": "生成时间",
    "timings": "耗时",
    "calibration": "增速假设",
}


def _num(x: float | None) -> float | None:
    """Return a float, or None for missing/NaN (so CSV shows an empty cell)."""
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def _target_row(t: TargetResult, lang: str) -> dict[str, Any]:
    thr, thr_high = t.threshold, None
    if isinstance(thr, tuple):
        thr, thr_high = thr
    real = t.basis == "real"
    required_real = t.required_real_growth
    if required_real is None and real:
        required_real = t.required_growth
    hist = t.historical
    return {
        "name": t.name,
        "indicator": t.indicator,
        "label": t.label,
        "year": t.year,
        "first_year": t.first_year,
        "measure": t.measure,
        "comparison": t.comparison,
        "basis": t.basis,
        "unit": t.unit,
        "threshold_text": format_threshold(t, lang),
        "threshold": _num(thr),
        "threshold_high": _num(thr_high),
        "probability": float(t.probability),
        "ci_low": float(t.ci_low),
        "ci_high": float(t.ci_high),
        "display": t.display,
        "successes": t.successes,
        "draws": t.draws,
        "median": _num(t.median),
        "p5": _num(t.p5),
        "p95": _num(t.p95),
        "gap": _num(t.gap),
        "required_nominal_growth": None if real else _num(t.required_growth),
        "required_real_growth": _num(required_real),
        "required_change": _num(t.required_change),
        "required_from_year": t.required_from_year,
        "historical_from_year": None if hist is None else hist.from_year,
        "historical_to_year": None if hist is None else hist.to_year,
        "historical_nominal_growth": None if hist is None else _num(hist.nominal),
        "historical_real_growth": None if hist is None else _num(hist.real),
        "determined": bool(t.determined),
        "strength": t.strength,
        "source": t.source,
    }


_INT_KEYS = (
    "year", "first_year", "successes", "draws", "required_from_year", "historical_from_year",
    "historical_to_year",
)  # fmt: skip
_FLOAT_KEYS = (
    "threshold", "threshold_high", "probability", "ci_low", "ci_high", "median", "p5", "p95",
    "gap", "required_nominal_growth", "required_real_growth", "required_change",
    "historical_nominal_growth",
    "historical_real_growth",
)  # fmt: skip


def _check_lang(lang: str) -> None:
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")


def localize(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rename key headers (and code values) to Chinese for ``lang="zh"``; unchanged for ``en``."""
    _check_lang(lang)
    if lang == "en":
        return frame
    out = frame.copy()
    for col, codes in _CODES_ZH.items():
        if col in out.columns:
            out[col] = out[col].map(lambda v, c=codes: c.get(v, v) if isinstance(v, str) else v)
    return out.rename(columns={k: HEADERS_ZH.get(k, k) for k in out.columns})


def targets_frame(results: Results, lang: str = "zh") -> pd.DataFrame:
    """One row per target with its probability, interval, distribution and required growth.

    Parameters
    ----------
    results
        A run's results.
    lang
        ``"en"``: headers are :data:`TARGET_KEYS` and values are codes (the CSV form for
        tools). ``"zh"``: Chinese headers and words (现价/可比价), for the xlsx workbook.

    Returns
    -------
    pandas.DataFrame
        Exact values. Rates are fractions (0.075 = 7.5%); levels are in ``unit`` at current
        prices. ``threshold``/``threshold_high`` hold a range's two ends.
        ``required_nominal_growth`` is empty for real-basis targets, whose required growth is
        in ``required_real_growth``. ``required_change`` is the yearly change (in ``unit`` per
        year) for indicators that move additively, such as 城镇化率.
    """
    _check_lang(lang)
    rows = [_target_row(t, lang) for t in results.targets]
    frame = pd.DataFrame(rows, columns=list(TARGET_KEYS))
    for key in _INT_KEYS:
        frame[key] = frame[key].astype("Int64")
    for key in _FLOAT_KEYS:
        frame[key] = frame[key].astype("float64")
    return localize(frame, lang)


def percentiles_frame(results: Results) -> pd.DataFrame:
    """Percentiles of every indicator in every year (long form, English key headers).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PERCENTILE_KEYS`: ``p05`` … ``p95`` are levels in ``unit`` (current
        prices for money); ``is_actual`` marks years with a published level. Use
        :func:`localize` for Chinese headers.
    """
    names = [f"p{round(100 * q):02d}" for q in results.quantiles]
    rows = []
    for key, table in results.percentiles.items():
        info = results.indicators.get(key)
        for i, year in enumerate(results.years):
            row: dict[str, Any] = {
                "indicator": key,
                "label": info.label if info else key,
                "unit": info.unit if info else "",
                "year": year,
                "is_actual": bool(info is not None and year in info.actual),
            }
            row.update({n: float(v) for n, v in zip(names, table[i], strict=True)})
            rows.append(row)
    cols = list(PERCENTILE_KEYS[:5]) + names
    frame = pd.DataFrame(rows, columns=cols)
    frame["year"] = frame["year"].astype("Int64")
    return frame


def assumptions_frame(results: Results, lang: str = "zh") -> pd.DataFrame:
    """Build the assumptions table: indicator, variable, years, setting, reason and source."""
    rows = [
        {
            "indicator": a.indicator,
            "label": a.label,
            "variable": a.variable,
            "years": a.years,
            "description": a.description,
            "reason": a.reason,
            "source": a.source,
        }
        for a in results.assumptions
    ]
    return localize(pd.DataFrame(rows, columns=list(ASSUMPTION_KEYS)), lang)


def _flatten(prefix: str, value: Any) -> Iterable[tuple[str, str]]:
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield from _flatten(f"{prefix}.{k}" if prefix else str(k), v)
    elif isinstance(value, list | tuple):
        yield prefix, json.dumps(list(value), ensure_ascii=False)
    else:
        yield prefix, "" if value is None else str(value)


def run_info_frame(manifest: Mapping[str, Any], lang: str = "en") -> pd.DataFrame:
    """Show the run manifest as two columns ``key``/``value`` (nested keys dotted, values as text).

    Parameters
    ----------
    manifest
        The run's manifest (scenario hash, seed, entropy, draws, version, timings, …); any
        keys are accepted.
    lang
        ``"zh"`` names known keys in Chinese (情景哈希, 随机种子 …) and uses Chinese headers.
    """
    _check_lang(lang)
    rows = [(k, style_text(f"calibration_{v}", lang) if k == "calibration" else v)
            for k, v in _flatten("", dict(manifest))]
    if lang == "zh":
        rows = [(_MANIFEST_ZH.get(k, k), v) for k, v in rows]
    frame = pd.DataFrame(rows, columns=list(RUN_INFO_KEYS))
    return localize(frame, lang)


def _manifest_get(manifest: Mapping[str, Any], *keys: str) -> Any:
    for k in keys:
        if manifest.get(k) not in (None, ""):
            return manifest[k]
    return None


def run_line(results: Results, manifest: Mapping[str, Any], lang: str = "zh") -> str:
    """Say how the numbers were made: draws, seed, version and scenario hash.

    Reads ``draws``, ``seed`` (else ``entropy``), ``version`` (or ``planmodel_version``) and
    ``scenario_sha256`` (or ``scenario_hash``) from the manifest, falling back to ``results``.
    """
    draws = _manifest_get(manifest, "draws") or results.draws
    seed = _manifest_get(manifest, "seed")
    if seed is None:
        seed = results.seed if results.seed is not None else results.entropy
    version = _manifest_get(manifest, "version", "planmodel_version") or "?"
    digest = _manifest_get(manifest, "scenario_sha256", "scenario_hash")
    draws_text = f"{int(draws):,}"
    setting = style_text(f"calibration_{results.calibration}", lang)
    if lang == "zh":
        text = f"模拟次数 {draws_text}，随机种子 {seed}，planmodel {version}"
        return text + (f"，情景哈希 {str(digest)[:12]}" if digest else "") + f"；{setting}"
    text = f"{draws_text} draws, seed {seed}, planmodel {version}"
    return text + (f", scenario hash {str(digest)[:12]}" if digest else "") + f"; {setting}"


def to_csv_text(frame: pd.DataFrame) -> str:
    """Write a frame as CSV text: no index, LF line ends, full float precision, empty for missing.

    Pure: the writer adds the UTF-8 BOM (so Excel opens Chinese text correctly) when saving.
    """
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def targets_csv(results: Results) -> str:
    """``targets.csv`` text: English key headers and codes (stable for tools)."""
    return to_csv_text(targets_frame(results, lang="en"))


def percentiles_csv(results: Results) -> str:
    """``percentiles.csv`` text: English key headers (stable for tools)."""
    return to_csv_text(percentiles_frame(results))


# --------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------


def _md_cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(_md_cell(h) for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return lines


def _pct(x: float | None, digits: int = 2) -> str:
    """Write a fraction as a percent with fixed decimals (table precision, not rounded)."""
    if x is None or math.isnan(x):
        return ""
    return f"{100 * x:.{digits}f}%"


def _change(t: TargetResult) -> str:
    """Required yearly change of an additive indicator, e.g. ``+1.21%/年``."""
    return "" if t.required_change is None else f"{t.required_change:+.2f}{t.unit}/年"


def interval_text(t: TargetResult) -> str:
    """The 95% interval for tables: at least 0.01 pp, more where both ends would print alike."""
    if t.determined:
        return "—"
    low, high = max(t.ci_low, 0.0), min(t.ci_high, 1.0)
    digits = max(2, interval_decimals(low, high))
    return f"{_pct(low, digits)}–{_pct(high, digits)}"


def required_text(t: TargetResult) -> str:
    """Required average growth (or yearly change) for tables."""
    return _pct(t.required_growth) if t.required_growth is not None else _change(t)


def _md_target_rows(results: Results, lang: str) -> list[list[Any]]:
    rows = []
    for t in results.targets:
        rows.append(
            [
                t.name,
                t.year,
                format_threshold(t, lang),
                t.display,
                interval_text(t),
                required_text(t),
                ("已确定" if lang == "zh" else "determined") if t.determined else "",
                t.source or "",
            ]
        )
    return rows


_MD_TEXT = {
    "zh": {
        "findings": "主要结论",
        "targets": "目标可达性",
        "assumptions": "主要假设",
        "basis": "口径说明",
        "run": "运行信息",
        "target_header": [
            "目标", "年份", "目标值", "实现概率", "95%区间", "所需年均增速", "状态", "来源",
        ],
        "assumption_header": ["指标", "假设变量", "适用年份", "设定", "理由", "来源"],
        "basis_note": (
            "总量为现价、增速为可比价：总量目标按现价（名义）计算，增速目标按可比价（实际）计算；"
            "名义增长 = (1 + 实际增长) × (1 + 价格变动) − 1。所需年均增速按目标口径列示。"
        ),
        "prob_note": "概率为模拟中实现目标的比例，附Wilson 95%置信区间（蒙特卡洛误差）。",
    },
    "en": {
        "findings": "Findings",
        "targets": "Targets",
        "assumptions": "Assumptions",
        "basis": "Price basis",
        "run": "Run",
        "target_header": [
            "Target", "Year", "Threshold", "Probability", "95% interval", "Required growth",
            "Status", "Source",
        ],
        "assumption_header": ["Indicator", "Variable", "Years", "Setting", "Reason", "Source"],
        "basis_note": (
            "Totals are at current prices, growth rates at comparable prices: level targets are "
            "nominal, growth targets real; nominal growth = (1 + real growth) × (1 + price "
            "change) − 1. Required growth is on the target's own basis."
        ),
        "prob_note": (
            "A probability is the share of draws meeting the target, with a Wilson 95% interval "
            "(Monte Carlo error)."
        ),
    },
}  # fmt: skip


def summary_markdown(
    results: Results,
    manifest: Mapping[str, Any],
    lang: str = "zh",
    scenario_label: str = "基准情景",
) -> str:
    """Write a one-page Markdown summary.

    Title, findings, targets, assumptions, price basis and the run line.

    Sentences are rounded for leaders; the tables show the exact display probability and the
    interval to 0.01 pp.
    """
    _check_lang(lang)
    text = _MD_TEXT[lang]
    lines = [f"# {results.scenario}", ""]
    if results.region:
        lines += [("地区：" if lang == "zh" else "Region: ") + results.region, ""]
    lines += [f"## {text['findings']}", ""]
    lines += [f"- {s}" for s in findings(results, lang, scenario_label)]
    lines += ["", f"## {text['targets']}", ""]
    lines += _md_table(text["target_header"], _md_target_rows(results, lang))
    lines += ["", text["prob_note"], ""]
    if results.assumptions:
        lines += [f"## {text['assumptions']}", ""]
        rows = [
            [a.label, a.variable, a.years, a.description, a.reason or "", a.source or ""]
            for a in results.assumptions
        ]
        lines += _md_table(text["assumption_header"], rows)
        lines.append("")
    lines += [f"## {text['basis']}", "", text["basis_note"], ""]
    for note in results.notes:
        lines += [f"- {note}"]
    if results.notes:
        lines.append("")
    lines += [f"## {text['run']}", "", run_line(results, manifest, lang), ""]
    return "\n".join(lines)
