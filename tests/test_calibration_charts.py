"""Calibration charts keep the chart contract and look of planmodel.report.charts: ax=None makes a 16 cm
figure, the Axes comes back, artists carry gids, no text under 9 pt, Chinese renders (a missing glyph
warns, and warnings are errors here), also in a caller's Axes."""

from __future__ import annotations

import io

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from planmodel.report.charts import style
from planmodel.report.charts.calibration import fit_fan_chart, panels, pit_chart, reliability_chart

LEGEND = ("历史", "拟合均值", "50%区间", "90%区间", "完整后验预测90%")


def gids(ax) -> set[str]:
    return {a.get_gid() for a in ax.get_children() + ax.collections + ax.lines if a.get_gid()}


def texts(ax) -> list[Text]:
    fig = ax.get_figure()
    fig.canvas.draw()
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def render(ax) -> None:
    ax.figure.savefig(io.BytesIO(), format="png")


def test_fit_fan_chart():
    q = np.array([[0.03, 0.05, 0.06, 0.07, 0.09]] * 3)
    ax = fit_fan_chart([2021, 2022, 2023], [0.05, 0.07, 0.06], [2024, 2025, 2026], q, mean=0.06,
                       title="大冶：可比价增速", labels=LEGEND, check=q[:, [0, 4]] * 1.1,
                       note="按2021–2023年共3年数据拟合")  # fmt: skip
    assert {"band:90", "band:50", "median", "history", "mean", "check"} <= gids(ax)
    assert ax.get_figure()._supxlabel.get_text() == "按2021–2023年共3年数据拟合"  # the notes line
    assert ax.get_figure().get_figwidth() * 2.54 == pytest.approx(style.WIDTH_CM)
    assert min(t.get_fontsize() for t in texts(ax)) >= style.SMALL_PT
    assert ax.yaxis.get_major_formatter()(0.05, 0).endswith("%")  # rates in percent
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [LEGEND[i] for i in (3, 2, 0, 1, 4)]
    render(ax)
    q = np.array([[0.5, 0.8, 1.0, 1.2, 1.5]])
    changes = fit_fan_chart([2021, 2022], [0.9, 1.1], [2023], q, mean=1.0, title="城镇化率：年变化量",
                            labels=LEGEND, percent=False)  # fmt: skip
    assert not changes.yaxis.get_major_formatter()(1.0, 0).endswith("%")  # changes in the unit


def test_reliability_and_pit_into_a_callers_axes():
    fig = Figure()
    left, right = fig.subplots(1, 2)
    stated, observed = np.array([0.05, np.nan, 0.5]), np.array([0.1, np.nan, 0.4])
    out = reliability_chart(stated, observed, np.array([10, 0, 3]), title="情景假设",
                            axis_labels=("给出的概率", "实际达成比例"), ax=left)  # fmt: skip
    assert out is left and {"diagonal", "bins", "count"} <= gids(left)
    counts = [t.get_text() for t in left.texts]
    assert counts == ["10", "3"]  # empty bins are not drawn
    assert pit_chart(np.array([5, 1, 0, 2]), title="PIT", axis_labels=("位置", "目标数"), ax=right) is right
    assert len(right.patches) == 4 and {"pit", "flat"} <= gids(right)
    assert right.lines[0].get_ydata()[0] == pytest.approx(2.0)  # 8 values in 4 bins: 2 a bin if flat
    render(left)


def test_backtest_panels_are_16_cm_wide_with_readable_text():
    with matplotlib.rc_context(style.rc()):
        axes = panels(6, "pit")
        for ax in axes:
            pit_chart(np.array([3, 4, 5, 2, 1]), title="基线：延续近期增速（无不确定性）（218）",
                      axis_labels=("实际值在预测分布中的位置（PIT）", "目标数"), ax=ax)  # fmt: skip
    fig = axes[0].get_figure()
    assert len(fig.axes) == 6 and fig.get_figwidth() * 2.54 == pytest.approx(style.WIDTH_CM)
    assert min(t.get_fontsize() for t in texts(axes[0])) >= style.SMALL_PT
    render(axes[0])
