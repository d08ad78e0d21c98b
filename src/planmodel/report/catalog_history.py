"""The words of ``planmodel backtest`` and ``planmodel fit``: settings, groups, score tables, charts.

Read through :func:`planmodel.report.i18n.text` (merged with :mod:`planmodel.report.catalog`).
The scores keep the names statisticians use in Chinese too (Brier评分, PIT).
"""

from __future__ import annotations

HISTORY: dict[str, tuple[str, str]] = {
    # back-test settings
    "bt_plain": ("情景假设（原样）", "plain (assumptions as filled)"),
    "bt_outside_view": ("情景假设，外部视角校准", "outside view (calibrated)"),
    "bt_target_met": ("基线：目标必达", "baseline: target will be met"),
    "bt_recent_trend": ("基线：延续近期增速（无不确定性）", "baseline: recent trend, no uncertainty"),
    "bt_plan_growth": ("基线：规划自身增速＋情景不确定性", "baseline: plan's growth + scenario uncertainty"),
    "bt_plan_outside_view": ("规划自身增速，外部视角校准", "plan's growth, outside view"),
    # groups of cases
    "bt_group_all": ("全部可评分目标", "all scored targets"),
    "bt_group_trend": (
        "有近期增速的目标（六种设定评同一批目标）",
        "targets with a recent trend (the same targets for every setting)",
    ),
    "bt_group_provincial": ("省级年度GDP增速目标", "provincial annual GDP growth"),
    "bt_group_xisaishan": ("西塞山区“十三五”指标", "Xisaishan district's 13th five-year plan table"),
    "bt_group_daye_huangshi": ("大冶、黄石年度目标", "Daye and Huangshi annual targets"),
    "bt_section": ("{title}（{n}）", "{title} ({n})"),
    # the score table
    "bt_col_setting": ("设定", "setting"),
    "bt_col_n": ("目标数", "n"),
    "bt_col_met": ("达成比例", "met"),
    "bt_col_mean_p": ("平均给出概率", "mean stated p"),
    "bt_col_brier": ("Brier评分（越低越好）", "Brier (lower better)"),
    "bt_col_log": ("对数评分（越高越好）", "log score (higher better)"),
    "bt_col_cover50": ("50%区间覆盖", "50% coverage"),
    "bt_col_cover90": ("90%区间覆盖", "90% coverage"),
    "bt_with_se": ("{value} ± {se}", "{value} ± {se}"),
    "bt_holdout_year": (
        "外部视角逐年留出：评每个目标时，所模拟年份的全部省级样本不参与拟合",
        "Outside view left out year by year: every provincial pair of the years a target simulates "
        "is left out of the fit that scores it",
    ),
    "bt_holdout_past": (
        "外部视角只用设定目标之前年份的省级样本",
        "Outside view fitted only on provincial pairs of years before the target was set",
    ),
    "bt_note": (
        "对数评分把概率限制在{low}–{high}之间；± 为按年份聚类的标准误。{holdout}。",
        "Log score with probabilities held inside {low}–{high} (docs/calibration.md); ± is a standard "
        "error clustered by year. {holdout}.",
    ),
    # back-test charts
    "bt_stated": ("给出的概率", "stated probability"),
    "bt_observed": ("实际达成比例", "share met"),
    "bt_pit_axis": ("实际值在预测分布中的位置（PIT）", "where the outcome fell in the forecast (PIT)"),
    "bt_pit_count": ("目标数", "targets"),
    # fit charts
    "fit_title": ("{name}：{kind}", "{name}: {kind}"),
    "fit_history": ("历史", "history"),
    "fit_mean": ("拟合均值", "fitted mean"),
    "fit_check": ("完整后验预测90%", "full posterior predictive 90%"),
    "fit_note": (
        "按{first}–{last}年共{n}年数据拟合（贝叶斯一阶自回归）",
        "Fitted to {n} years, {first}–{last} (Bayesian AR(1))",
    ),
    "fit_note_few": (
        "按{first}–{last}年共{n}年数据拟合（贝叶斯一阶自回归）；不足{few}年，结论仅供参考",
        "Fitted to {n} years, {first}–{last} (Bayesian AR(1)); fewer than {few} years say little",
    ),
}
