"""Tick marks, tick labels and grid lines drawn as plain artists, where matplotlib's axis puts them.

matplotlib keeps one ``Tick`` per tick (three lines and two texts, their properties copied from the
first tick) and on every drawing lays each tick label out three or four times to place the axis
label: on a briefing chart, about a third of its drawing time. A briefing chart knows its ticks
once its limits are set (years, a percent scale, round values from the axis's own locator), so
:func:`draw_ticks` draws the same marks, labels and grid lines as a few ``Line2D`` and ``Text``
artists with the axis's own transforms, alignment, sizes and colours (read from the rcParams the
chart is drawn under), turns the axis's ticks off, and puts the axis label, if any, where the axis
would (beside the widest label, measured once). Call it last, after the limits are final.

May import: stdlib, numpy, matplotlib (figures only).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
from matplotlib import markers
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import NullLocator
from matplotlib.transforms import TransformedPatchPath

__all__ = ["draw_ticks"]

def _in_view(ax: Axes, which: str, locs: Sequence[float]) -> np.ndarray:
    lo, hi = sorted(ax.get_xlim() if which == "x" else ax.get_ylim())
    tolerance = 1e-10 * max(hi - lo, 1e-300)
    locs = np.asarray(locs, dtype=float)
    return locs[(locs >= lo - tolerance) & (locs <= hi + tolerance)]


def draw_ticks(
    ax: Axes,
    which: str,
    locs: Sequence[float] | None = None,
    labels: Sequence[str] | None = None,
    *,
    grid: bool = False,
    length: float | None = None,
    colour: str | None = None,
) -> list[Text]:
    """Draw ``ax``'s ``which`` ("x" or "y") ticks as plain artists; return the label texts.

    The labels carry the gid ``xtick-label`` or ``ytick-label``.

    ``locs`` default to the axis's locator within the current limits, ``labels`` to its formatter.
    ``grid`` adds grid lines, ``length`` replaces the tick length (points; 0 for labels alone),
    ``colour`` colours marks and labels alike (else the rcParams' tick and label colours).
    """
    axis = ax.xaxis if which == "x" else ax.yaxis
    if locs is None:
        locs = axis.get_major_locator()()
    locs = _in_view(ax, which, locs)
    texts = list(labels) if labels is not None else axis.get_major_formatter().format_ticks(locs)
    axis.set_major_locator(NullLocator())  # the axis itself draws no tick
    axis.set_minor_locator(NullLocator())
    rc = mpl.rcParams
    size = rc[f"{which}tick.major.size"] if length is None else length
    pad = size + rc[f"{which}tick.major.pad"]  # ticks point outwards
    zorder = axis.get_zorder()
    mark_colour = colour or rc[f"{which}tick.color"]
    label_colour = colour or rc[f"{which}tick.labelcolor"]
    if which == "x":
        marker, tick_transform = markers.TICKDOWN, ax.get_xaxis_transform("tick1")
        text_transform, va, ha = ax.get_xaxis_text1_transform(pad)
        grid_transform = ax.get_xaxis_transform("grid")
    else:
        marker, tick_transform = markers.TICKLEFT, ax.get_yaxis_transform("tick1")
        text_transform, va, ha = ax.get_yaxis_text1_transform(pad)
        grid_transform = ax.get_yaxis_transform("grid")
    clip = TransformedPatchPath(ax.patch)  # what add_artist would make for each artist, made once
    if grid:
        for loc in locs:
            xy = ([loc, loc], [0, 1]) if which == "x" else ([0, 1], [loc, loc])
            line = Line2D(*xy, transform=grid_transform, color=rc["grid.color"], alpha=rc["grid.alpha"],
                          lw=rc["grid.linewidth"], ls=rc["grid.linestyle"], zorder=zorder)  # fmt: skip
            line.set_clip_path(clip)  # clipped to the plot, as the axis clips its grid
            ax.add_artist(line)
    if size > 0 and len(locs):
        xy = (locs, np.zeros(len(locs))) if which == "x" else (np.zeros(len(locs)), locs)
        marks = Line2D(*xy, transform=tick_transform, ls="none", marker=marker, ms=size,
                       mew=rc[f"{which}tick.major.width"], color=mark_colour, mec=mark_colour,
                       zorder=zorder, clip_on=False)  # fmt: skip
        marks.set_clip_path(clip)
        ax.add_artist(marks)
        marks.set_clip_on(False)
    out = []
    for loc, text in zip(locs, texts, strict=True):
        xy = (loc, 0.0) if which == "x" else (0.0, loc)
        label = Text(*xy, text, transform=text_transform, va=va, ha=ha, color=label_colour, zorder=zorder,
                     fontsize=rc[f"{which}tick.labelsize"], gid=f"{which}tick-label")  # fmt: skip
        label.set_clip_path(clip)
        ax.add_artist(label)
        label.set_clip_on(False)
        out.append(label)
    _place_axis_label(ax, which, out)
    return out


def _place_axis_label(ax: Axes, which: str, labels: list[Text]) -> None:
    """Put the axis label beyond the tick labels, as the axis would (it no longer sees them)."""
    axis = ax.xaxis if which == "x" else ax.yaxis
    if not axis.label.get_text() or not labels:
        return
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [t.get_window_extent(renderer) for t in labels if t.get_text()]
    spine = ax.spines["bottom" if which == "x" else "left"].get_window_extent(renderer)
    gap = axis.labelpad * fig.dpi / 72
    plot = ax.bbox
    if which == "x":
        bottom = min([spine.y0, *(b.y0 for b in boxes)])
        axis.set_label_coords(0.5, (bottom - gap - plot.y0) / plot.height)
    else:
        left = min([spine.x0, *(b.x0 for b in boxes)])
        axis.set_label_coords((left - gap - plot.x0) / plot.width, 0.5)
