"""Present a back-test: the scores table, the CSV files and the charts.

:func:`scores_table` returns text; :func:`forecasts_frame` and :func:`scores_frame` return
DataFrames; :func:`write_backtest` writes them and the charts into a folder (replaced whole, like a
run folder). Reads only a :class:`~planmodel.analysis.backtest.Backtest`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ..console import render_table
from .backtest import SETTINGS, Backtest, Setting
from .cases import PROVINCIAL_CLASS, Case
from .scores import LOG_FLOOR, Summary, reliability

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "plain": "情景假设（原样）",
        "outside_view": "情景假设，外部视角校准",
        "target_met": "基线：目标必达",
        "recent_trend": "基线：延续近期增速（无不确定性）",
        "plan_growth": "基线：规划自身增速＋情景不确定性",
        "plan_outside_view": "规划自身增速，外部视角校准",
    },
    "en": {
        "plain": "plain (assumptions as filled)",
        "outside_view": "outside view (calibrated)",
        "target_met": "baseline: target will be met",
        "recent_trend": "baseline: recent trend, no uncertainty",
        "plan_growth": "baseline: plan's growth + scenario uncertainty",
        "plan_outside_view": "plan's growth, outside view",
    },
}
GROUPS: dict[str, tuple[dict[str, str], Callable[[Case], bool]]] = {
    "all": ({"zh": "全部可评分目标", "en": "all scored targets"}, lambda c: True),
    "provincial": ({"zh": "省级年度GDP增速目标", "en": "provincial annual GDP growth"},
                   lambda c: c.reference_class == PROVINCIAL_CLASS),
    "xisaishan": ({"zh": "西塞山区“十三五”指标", "en": "西塞山 13th-FYP table"},
                  lambda c: c.set == "xisaishan_13th_fyp"),
    "daye_huangshi": ({"zh": "大冶、黄石年度目标", "en": "大冶 and 黄石 annual targets"},
                      lambda c: c.reference_class != PROVINCIAL_CLASS and c.set == "daye_huangshi_hubei"),
}
HEADERS = {
    "zh": ("设定", "目标数", "达成比例", "平均给出概率", "Brier（越低越好）", "对数得分（越高越好）",
           "50%区间覆盖", "90%区间覆盖"),
    "en": ("setting", "n", "met", "mean stated p", "Brier (lower better)", "log score (higher better)",
           "50% coverage", "90% coverage"),
}


def _with_se(x: float, se: float, decimals: int) -> str:
    return f"{x:.{decimals}f}" + ("" if math.isnan(se) else f" ± {se:.{decimals}f}")


def _row(setting: Setting, s: Summary, lang: str) -> list[str]:
    return [
        LABELS[lang][setting],
        str(s.n),
        f"{100 * s.met_share:.0f}%",
        f"{100 * s.mean_probability:.0f}%",
        _with_se(s.brier, s.brier_se, 3),
        _with_se(s.log, s.log_se, 2),
        f"{100 * s.coverage50:.0f}%",
        f"{100 * s.coverage90:.0f}%",
    ]


def group_ids(bt: Backtest, group: str) -> list[str]:
    """Ids of the scored cases of a group (see :data:`GROUPS`)."""
    return bt.case_ids("plain", GROUPS[group][1])


def scores_table(bt: Backtest, ids: list[str] | None = None, lang: str = "zh") -> str:
    """One row per setting over the given cases (all scored cases by default)."""
    rows = []
    for setting in SETTINGS:
        summary = bt.summary(setting, ids)
        if summary is not None:
            rows.append(_row(setting, summary, lang))
    return render_table(HEADERS[lang], rows, "<>>>>>>>")


def report_text(bt: Backtest, lang: str = "zh") -> str:
    """The printed report: all targets, the targets with a recent trend, and each group."""
    blocks = []
    trend_ids = bt.case_ids("recent_trend")
    sections = [(GROUPS["all"][0][lang], None)]
    sections.append(({"zh": "有近期增速的目标（五种设定用同一批目标）",
                      "en": "targets with a recent trend (the same targets for every setting)"}[lang],
                     trend_ids))
    sections += [(GROUPS[g][0][lang], group_ids(bt, g)) for g in ("provincial", "xisaishan", "daye_huangshi")]
    for title, ids in sections:
        n = len(ids) if ids is not None else len(bt.case_ids("plain"))
        blocks.append(f"{title} ({n})\n" + scores_table(bt, ids, lang))
    holdout = {
        "year": {"zh": "外部视角逐年留出：评每个目标时，所模拟年份的全部省级样本不参与拟合",
                 "en": "Outside view left out year by year: every provincial pair of the years a "
                       "target simulates is left out of the fit that scores it"},
        "past": {"zh": "外部视角只用设定目标之前年份的省级样本",
                 "en": "Outside view fitted only on provincial pairs of years before the target was set"},
    }[bt.holdout][lang]
    low, high = f"{100 * LOG_FLOOR:g}%", f"{100 - 100 * LOG_FLOOR:g}%"
    note = {
        "zh": f"对数得分把概率限制在{low}–{high}之间（见 docs/calibration.md）；"
              f"± 为按年份聚类的标准误。{holdout}。",
        "en": f"Log score with probabilities held inside {low}–{high} "
              f"(docs/calibration.md); ± is a standard error clustered by year. {holdout}.",
    }[lang]
    return "\n\n".join(blocks) + "\n\n" + note


def forecasts_frame(bt: Backtest) -> pd.DataFrame:
    """Every forecast: one row per case and setting, with the case's facts and the scores."""
    rows = []
    for f in bt.forecasts:
        c = bt.cases[f.case]
        p = min(max(f.probability, LOG_FLOOR), 1 - LOG_FLOOR)
        rows.append({
            "case": c.id, "set": c.set, "region": c.region, "indicator": c.indicator,
            "measure": c.measure, "basis": c.basis, "first_year": c.first_year, "year": c.year,
            "set_in": c.set_in, "threshold": c.threshold, "plan_number": c.plan_number,
            "mean_from": c.assumptions[0].mean_from, "setting": f.setting,
            "probability": f.probability, "met": f.met, "outcome": f.outcome, "median": f.median,
            "low90": f.low90, "low50": f.low50, "high50": f.high50, "high90": f.high90,
            "covered50": f.covered50, "covered90": f.covered90, "pit": f.pit,
            "brier": (f.probability - f.met) ** 2,
            "log_score": math.log(p if f.met else 1 - p),
        })
    return pd.DataFrame(rows)


def scores_frame(bt: Backtest) -> pd.DataFrame:
    """Scores per group and setting (the printed tables, with PIT counts)."""
    rows = []
    groups = {g: group_ids(bt, g) for g in GROUPS}
    groups["trend_available"] = bt.case_ids("recent_trend")
    for group, ids in groups.items():
        for setting in SETTINGS:
            s = bt.summary(setting, ids)
            if s is None:
                continue
            rows.append({
                "group": group, "setting": setting, "n": s.n, "met_share": s.met_share,
                "mean_probability": s.mean_probability, "brier": s.brier, "brier_se": s.brier_se,
                "log_score": s.log, "log_score_se": s.log_se, "coverage50": s.coverage50,
                "coverage90": s.coverage90, **{f"pit_{i}": int(c) for i, c in enumerate(s.pit_counts)},
            })
    return pd.DataFrame(rows)


CHART_SETTINGS: tuple[Setting, ...] = ("plain", "outside_view", "plan_growth", "plan_outside_view")


def _figure(panels: int, columns: int, size: tuple[float, float]):  # noqa: ANN202 - matplotlib Figure
    from matplotlib.figure import Figure

    rows = -(-panels // columns)
    fig = Figure(figsize=(size[0] * columns, size[1] * rows), dpi=100, layout="constrained")
    return fig, fig.subplots(rows, columns, squeeze=False).ravel()


def write_charts(bt: Backtest, folder: Path, lang: str = "zh") -> list[Path]:
    """The reliability diagrams and PIT histograms of every setting, as PNG."""
    from ..report.calibration_charts import drawing

    with drawing():  # figures made inside: their axes' texts take the CJK font
        return _draw_charts(bt, folder, lang)


def _draw_charts(bt: Backtest, folder: Path, lang: str) -> list[Path]:
    from ..report.calibration_charts import pit_chart, reliability_chart

    written = []
    fig, axes = _figure(len(CHART_SETTINGS), 2, (3.7, 3.7))
    for ax, setting in zip(axes, CHART_SETTINGS, strict=True):
        chosen = [f for f in bt.forecasts if f.setting == setting]
        rel = reliability(np.array([f.probability for f in chosen]), np.array([f.met for f in chosen]))
        labels = (("给出的概率（%）", "实际达成比例（%）") if lang == "zh"
                  else ("stated probability (%)", "share met (%)"))
        reliability_chart(rel.stated, rel.observed, rel.counts, title=LABELS[lang][setting],
                          axis_labels=labels, ax=ax)
    path = folder / "reliability.png"
    fig.savefig(path)
    written.append(path)
    fig, axes = _figure(len(SETTINGS), 3, (3.4, 2.5))
    for ax, setting in zip(axes, SETTINGS, strict=True):
        summary = bt.summary(setting)
        assert summary is not None
        pit_chart(summary.pit_counts, title=f"{LABELS[lang][setting]} ({summary.n})", ax=ax)
    path = folder / "pit.png"
    fig.savefig(path)
    written.append(path)
    return written


def write_backtest(bt: Backtest, out_dir: Path, manifest: dict[str, object], lang: str = "zh") -> list[Path]:
    """Write forecasts.csv, scores.csv, report.txt, the charts and a manifest.

    The folder is replaced whole, and only if planmodel made it.
    """
    from ..outputs import GENERATOR, MANIFEST, staged_folder, write_json, write_text

    with staged_folder(out_dir) as folder:
        write_json(folder, MANIFEST, {"generator": GENERATOR, "kind": "backtest", **manifest,
                                      "skipped": bt.skipped})
        write_text(folder, "forecasts.csv", forecasts_frame(bt).to_csv(index=False), bom=True)
        write_text(folder, "scores.csv", scores_frame(bt).to_csv(index=False), bom=True)
        write_text(folder, "report.txt", report_text(bt, lang) + "\n")
        write_charts(bt, folder, lang)
        written = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    return [out_dir / p for p in written]
