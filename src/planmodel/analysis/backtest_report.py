"""Present a back-test: the scores table, the CSV files and the charts.

:func:`scores_table` returns text; :func:`forecasts_frame` and :func:`scores_frame` return
DataFrames; :func:`write_backtest` writes them and the charts into a folder (replaced whole, like a
run folder). Reads only a :class:`~planmodel.analysis.backtest.Backtest`. Words come from
:mod:`planmodel.report.i18n` (:mod:`planmodel.report.catalog_history`), numbers are written by
:mod:`planmodel.report.formats`, charts drawn by :mod:`planmodel.report.charts.calibration`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ..report import formats, i18n
from ..report.writers.console import render_table
from .backtest import SETTINGS, Backtest, Setting
from .cases import PROVINCIAL_CLASS, Case
from .scores import LOG_FLOOR, Summary, reliability

GROUPS: dict[str, Callable[[Case], bool]] = {
    "all": lambda c: True,
    "provincial": lambda c: c.reference_class == PROVINCIAL_CLASS,
    "xisaishan": lambda c: c.set == "xisaishan_13th_fyp",
    "daye_huangshi": lambda c: c.reference_class != PROVINCIAL_CLASS and c.set == "daye_huangshi_hubei",
}
"""Groups of cases scored apart; named by ``bt_group_<group>`` in :mod:`planmodel.report.catalog_history`."""
COLUMNS = ("setting", "n", "met", "mean_p", "brier", "log", "cover50", "cover90")


def setting_name(setting: Setting, lang: str) -> str:
    """A setting in words (``基线：目标必达`` / ``baseline: target will be met``)."""
    return i18n.text(f"bt_{setting}", lang)


def _with_se(x: float, se: float, decimals: int, lang: str) -> str:
    value = formats.fixed(x, decimals, lang)
    if math.isnan(se):
        return value
    return i18n.text("bt_with_se", lang, value=value, se=formats.fixed(se, decimals, lang))


def _row(setting: Setting, s: Summary, lang: str) -> list[str]:
    return [
        setting_name(setting, lang),
        str(s.n),
        formats.percent(s.met_share, 0),
        formats.percent(s.mean_probability, 0),
        _with_se(s.brier, s.brier_se, 3, lang),
        _with_se(s.log, s.log_se, 2, lang),
        formats.percent(s.coverage50, 0),
        formats.percent(s.coverage90, 0),
    ]


def group_ids(bt: Backtest, group: str) -> list[str]:
    """Ids of the scored cases of a group (see :data:`GROUPS`)."""
    return bt.case_ids("plain", GROUPS[group])


def scores_table(bt: Backtest, ids: list[str] | None = None, lang: str = "zh") -> str:
    """One row per setting over the given cases (all scored cases by default)."""
    rows = []
    for setting in SETTINGS:
        summary = bt.summary(setting, ids)
        if summary is not None:
            rows.append(_row(setting, summary, lang))
    return render_table([i18n.text(f"bt_col_{c}", lang) for c in COLUMNS], rows, "<>>>>>>>")


def report_text(bt: Backtest, lang: str = "zh") -> str:
    """The printed report: all targets, the targets with a recent trend, and each group."""
    sections: list[tuple[str, list[str] | None]] = [("all", None), ("trend", bt.case_ids("recent_trend"))]
    sections += [(g, group_ids(bt, g)) for g in ("provincial", "xisaishan", "daye_huangshi")]
    blocks = []
    for group, ids in sections:
        n = len(ids) if ids is not None else len(bt.case_ids("plain"))
        title = i18n.text("bt_section", lang, title=i18n.text(f"bt_group_{group}", lang), n=n)
        blocks.append(title + "\n" + scores_table(bt, ids, lang))
    note = i18n.text(
        "bt_note",
        lang,
        low=formats.percent(LOG_FLOOR, 0),
        high=formats.percent(1 - LOG_FLOOR, 0),
        holdout=i18n.text(f"bt_holdout_{bt.holdout}", lang),
    )
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


def write_charts(bt: Backtest, folder: Path, lang: str = "zh") -> list[Path]:
    """The reliability diagrams and PIT histograms of every setting, as PNG."""
    import matplotlib

    from ..report.charts import style
    from ..report.charts.calibration import panels, pit_chart, reliability_chart

    axis = (i18n.text("bt_stated", lang), i18n.text("bt_observed", lang))
    with matplotlib.rc_context(style.rc()):  # figures made inside: their own texts take the chart font
        axes = panels(len(CHART_SETTINGS), "reliability")
        for ax, setting in zip(axes, CHART_SETTINGS, strict=True):
            chosen = [f for f in bt.forecasts if f.setting == setting]
            rel = reliability(np.array([f.probability for f in chosen]), np.array([f.met for f in chosen]))
            reliability_chart(rel.stated, rel.observed, rel.counts, title=setting_name(setting, lang),
                              axis_labels=axis, ax=ax)  # fmt: skip
        written = [_save(axes[0], folder / "reliability.png")]
        axes = panels(len(SETTINGS), "pit")
        pit_axis = (i18n.text("bt_pit_axis", lang), i18n.text("bt_pit_count", lang))
        for ax, setting in zip(axes, SETTINGS, strict=True):
            summary = bt.summary(setting)
            assert summary is not None
            title = i18n.text("bt_section", lang, title=setting_name(setting, lang), n=summary.n)
            pit_chart(summary.pit_counts, title=title, axis_labels=pit_axis, ax=ax)
        written.append(_save(axes[0], folder / "pit.png"))
    return written


def _save(ax, path: Path) -> Path:  # noqa: ANN001 - a matplotlib Axes
    from ..report.charts import style

    ax.get_figure().savefig(path, dpi=style.DPI, metadata={"Software": None})
    return path


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
