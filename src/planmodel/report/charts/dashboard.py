"""Dashboard: one line per target — open targets as probability bars, settled ones as facts.

Open targets are horizontal bars, most likely on top, coloured 红黄绿 by the status band of the
probability as displayed (so a bar printed 50.0% is coloured as 50.0%), with the 95% interval as an
error bar and the probability written as the briefing writes it. Targets settled by data are listed
below them with a green or red square and 已实现/未实现 and the published value: no bar, since they
are not probabilities. A long list continues on a second dashboard (:data:`DASHBOARD_ROWS`).

Artists carry a gid: ``bars``, ``prob:<name>``, ``settled:<name>``.
"""

from __future__ import annotations

import textwrap

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from planmodel.report import i18n
from planmodel.report.charts import style, ticks
from planmodel.report.charts.fan import chart_notes
from planmodel.report.charts.legend import legend
from planmodel.report.charts.style import INK, MUTED, TRAFFIC
from planmodel.report.content import Briefing
from planmodel.results import Results

__all__ = ["dashboard_chart"]

_TOP_CM = 1.4
"""Room above the plot for the title and the legend (one line each)."""
_BOTTOM_CM = 1.23
"""Room below the plot for the percent scale and the notes line."""


def _wrap(name: str, lang: str) -> str:
    """At most two lines (an English name wraps; a longer one ends in an ellipsis)."""
    if lang != "en":
        return name if len(name) <= 30 else name[:29] + "…"
    lines = textwrap.wrap(name, 46)
    return "\n".join(lines[:2]) + ("…" if len(lines) > 2 else "")


def dashboard_chart(results: Results, briefing: Briefing, page_no: str) -> Axes:
    """Draw dashboard page ``page_no`` (``"1"``, ``"2"`` …) of the briefing; return its Axes."""
    lang = briefing.lang
    keys = briefing.dashboard_pages[int(page_no) - 1]
    rows = [briefing.row(k) for k in keys]
    by_name = {t.name: t for t in results.targets}
    n = len(rows)
    height = 3.0 + (0.55 if lang == "zh" else 0.8) * max(n, 4)
    ax = style.new_axes(height, top_cm=_TOP_CM, bottom_cm=_BOTTOM_CM)
    y = np.arange(n)[::-1].astype(float)
    open_rows = [(yi, r) for yi, r in zip(y, rows, strict=True) if not r.settled]
    if open_rows:
        ys = np.array([yi for yi, _ in open_rows])
        prob = np.array([by_name[r.key].probability for _, r in open_rows])
        lo = np.array([by_name[r.key].ci_low for _, r in open_rows])
        hi = np.array([by_name[r.key].ci_high for _, r in open_rows])
        ax.barh(ys, prob, height=0.6, color=[TRAFFIC[r.colour] for _, r in open_rows], zorder=2, gid="bars")
        ax.errorbar(
            prob,
            ys,
            xerr=[np.clip(prob - lo, 0, None), np.clip(hi - prob, 0, None)],
            fmt="none",
            ecolor=INK,
            elinewidth=1.0,
            capsize=2.5,
            zorder=3,
        )
        for yi, r, top in zip(ys, (r for _, r in open_rows), np.maximum(prob, hi), strict=True):
            ax.text(
                top + 0.015,
                yi,
                r.probability.text,
                va="center",
                ha="left",
                fontsize=style.SMALL_PT,
                color=INK,
                zorder=4,
                gid=f"prob:{r.key}",
            )
    for yi, r in zip(y, rows, strict=True):
        if r.settled:
            ax.plot([0.012], [yi], marker="s", ms=7, color=TRAFFIC[r.colour], ls="none", zorder=3)
            fact = r.band_text + (
                i18n.text("paren", lang, text=r.median.text) if r.median.value is not None else ""
            )
            ax.text(0.04, yi, fact, va="center", ha="left", fontsize=style.SMALL_PT, color=INK)
            ax.texts[-1].set_gid(f"settled:{r.key}")
    if open_rows and len(open_rows) < n:
        ax.axhline(min(yi for yi, _ in open_rows) - 0.5, color=MUTED, lw=0.6, ls=(0, (2, 2)))
    own_texts = list(ax.texts)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, 1.2)
    style.percent_axis(ax.xaxis)
    names = ticks.draw_ticks(ax, "y", y, [_wrap(r.name, lang) for r in rows], length=0)
    # the margins the target names need and the room the probabilities need, measured once
    style.fit_margins(ax, names, own_texts, pad_pt=matplotlib.rcParams["ytick.major.pad"])
    ticks.draw_ticks(ax, "x", np.linspace(0, 1, 6))
    ax.spines["left"].set_visible(False)
    ax.spines["bottom"].set_bounds(0, 1)
    handles = [
        Patch(color=TRAFFIC[c], label=i18n.text(f"chart_legend_{c}", lang)) for c in ("green", "amber", "red")
    ]
    legend(ax, handles, [h.get_label() for h in handles], loc="lower right", anchor=(1.0, 1.0), ncol=3,
           handlelength=1.0, columnspacing=1.0, borderaxespad=0.2)  # fmt: skip
    suffix = (
        f"（{page_no}）"
        if len(briefing.dashboard_pages) > 1 and lang == "zh"
        else (f" ({page_no})" if len(briefing.dashboard_pages) > 1 else "")
    )
    region = f"{results.region} " if results.region and lang == "zh" else ""
    style.title(ax, region + i18n.text("chart_dashboard_title", lang) + suffix)
    style.notes(ax, chart_notes(results, briefing))
    return ax
