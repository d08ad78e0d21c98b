"""A chart legend drawn as plain artists, laid out once, where matplotlib's legend would put it.

matplotlib's ``Legend`` packs its entries in nested boxes and works their layout out again at every
level on every drawing (each entry's text is measured a dozen times): on a briefing chart that is
about a fifth of its drawing time. :func:`legend` places the same handles (built as matplotlib's
legend handlers build them, from the plotted artists) and labels once, with matplotlib's geometry
(``legend.*`` rcParams in units of the legend's font size: handle length and height, pad between
handle and text, label spacing, column spacing, border pad, the anchored box and its padding), as
plain artists in points from an anchor point in axes coordinates (so the layout holds at any dpi).

Supported handles: lines and markers (``Line2D``), patches and bars (``Patch``, ``BarContainer``),
filled areas (``PolyCollection``, as from ``fill_between``). Frameless legends only.

May import: stdlib, numpy, matplotlib (figures only).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text
from matplotlib.transforms import (
    Affine2D,
    IdentityTransform,
    ScaledTranslation,
    Transform,
    TransformedPatchPath,
)

__all__ = ["legend"]

_ZORDER = 5.0
"""matplotlib's legend zorder: above everything plotted."""


def _handle(orig: object, width: float, height: float) -> Artist:
    """The legend handle of ``orig`` in a ``width`` × ``height`` box (points), as matplotlib draws it."""
    if isinstance(orig, Line2D):  # matplotlib's HandlerLine2D with one point: a line, its marker mid-way
        line = Line2D(np.linspace(0.0, width, 3), np.full(3, height / 2), markevery=[1])
        line.update_from(orig)
        return line
    box = Rectangle((0.0, 0.0), width, height)
    if isinstance(orig, BarContainer):
        orig = orig.patches[0]
    if isinstance(orig, Patch):
        box.update_from(orig)
    elif isinstance(orig, PolyCollection):
        box.set_facecolor(orig.get_facecolor()[0] if len(orig.get_facecolor()) else "none")
        box.set_edgecolor(orig.get_edgecolor()[0] if len(orig.get_edgecolor()) else "none")
        box.set_linewidth(orig.get_linewidths()[0] if len(orig.get_linewidths()) else 0.0)
    else:
        raise TypeError(f"no legend handle for {type(orig).__name__}")
    return box


def _at(fig: Figure, ax: Axes, anchor: tuple[float, float], dx: float, dy: float) -> Transform:
    """Points (dx, dy) from ``anchor`` (axes coordinates), in display coordinates at any dpi."""
    points = Affine2D().translate(dx, dy).scale(1 / 72) + fig.dpi_scale_trans
    return points + ScaledTranslation(*anchor, ax.transAxes)


def legend(
    ax: Axes,
    handles: Sequence[object],
    labels: Sequence[str],
    *,
    loc: str,
    anchor: tuple[float, float],
    ncol: int = 1,
    handlelength: float | None = None,
    columnspacing: float | None = None,
    borderaxespad: float | None = None,
) -> list[Text]:
    """Draw a frameless legend of ``handles`` and ``labels`` on ``ax``; return the label texts.

    ``loc`` is the corner of the legend ("lower left", "lower right", "upper left", "upper right")
    at ``anchor`` (axes coordinates), ``borderaxespad`` (font sizes) away from it; entries fill
    ``ncol`` columns top to bottom, the first columns taking the extra entries, as
    ``Axes.legend``. Lengths default to the ``legend.*`` rcParams. The labels carry the gid
    ``legend-label``.
    """
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    rc = mpl.rcParams
    fontsize = Text(fontsize=rc["legend.fontsize"]).get_fontsize()
    size = {
        "handlelength": rc["legend.handlelength"] if handlelength is None else handlelength,
        "handleheight": rc["legend.handleheight"],
        "handletextpad": rc["legend.handletextpad"],
        "labelspacing": rc["legend.labelspacing"],
        "columnspacing": rc["legend.columnspacing"] if columnspacing is None else columnspacing,
        "borderpad": rc["legend.borderpad"],
        "borderaxespad": rc["legend.borderaxespad"] if borderaxespad is None else borderaxespad,
    }
    pt = {key: value * fontsize for key, value in size.items()}  # lengths in points
    handle_w = pt["handlelength"]
    handle_h = pt["handleheight"] - 0.35 * fontsize * (size["handleheight"] - 0.7)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    to_pt = 72 / fig.dpi
    texts = [Text(0, 0, label, fontsize=fontsize, va="baseline", ha="left", transform=IdentityTransform(),
                  zorder=_ZORDER, gid="legend-label") for label in labels]  # fmt: skip
    for text in texts:
        text.set_figure(fig)
    _, lp_h, lp_d = renderer.get_text_width_height_descent("lp", texts[0].get_fontproperties(), False)
    boxes = [t.get_window_extent(renderer) for t in texts]  # anchored at (0, 0): y0 is minus the descent
    above = [max(handle_h, (lp_h - lp_d) * to_pt, b.y1 * to_pt) for b in boxes]
    below = [max(0.0, -b.y0 * to_pt) for b in boxes]
    widths = [handle_w + pt["handletextpad"] + b.width * to_pt for b in boxes]
    origins: list[tuple[float, float]] = [(0.0, 0.0)] * len(texts)  # baseline starts, first one at (0, 0)
    x, bottom, top = 0.0, 0.0, 0.0
    for column in filter(len, np.array_split(np.arange(len(texts)), ncol)):
        y = 0.0
        for k, i in enumerate(column):
            if k:
                y -= below[column[k - 1]] + pt["labelspacing"] + above[i]
            origins[i] = (x, y)
        top = max(top, above[column[0]])
        bottom = min(bottom, y - below[column[-1]])
        x += max(widths[i] for i in column) + pt["columnspacing"]
    width = x - pt["columnspacing"] + 2 * pt["borderpad"]
    height = top - bottom + 2 * pt["borderpad"]
    pad = pt["borderaxespad"]
    vertical, horizontal = loc.split()
    left = pad if horizontal == "left" else -pad - width
    low = pad if vertical == "lower" else -pad - height
    x0, y0 = left + pt["borderpad"], low + pt["borderpad"] - bottom  # the first baseline's start
    clip = TransformedPatchPath(ax.patch)
    for orig, text, (ox, oy) in zip(handles, texts, origins, strict=True):
        handle = _handle(orig, handle_w, handle_h)
        handle.set_label("_legend_handle")  # not itself an entry of a later legend
        handle.set_transform(_at(fig, ax, anchor, x0 + ox, y0 + oy))
        text.set_transform(_at(fig, ax, anchor, x0 + ox + handle_w + pt["handletextpad"], y0 + oy))
        for artist in (handle, text):
            artist.set_zorder(_ZORDER)
            artist.set_clip_path(clip)  # what add_artist would set, made once
            ax.add_artist(artist)
            artist.set_clip_on(False)
    return texts
