"""Chart look: palette, traffic-light colours, the one chart size with its fonts, and figure helpers.

Every visual constant lives here so a briefing can be restyled in one place. A chart is drawn once,
16 cm wide (the text width of the A4 Word page, where it is placed at its own size: no label under
9 pt) and placed on slides :data:`SLIDE_SCALE` times larger (no label under 14 pt there). Nothing
touches the global ``rcParams``: :func:`rc` returns a dict for ``matplotlib.rc_context``.

May import: stdlib, matplotlib (figures only), planmodel.report.charts.fonts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter

from planmodel.report.charts.agg import ChartCanvas
from planmodel.report.charts.fonts import chart_rc
from planmodel.report.content import CHART_WIDTH_CM, SLIDE_SCALE
from planmodel.report.measure import text_width_em

CM = 1 / 2.54
"""Inches per centimetre (matplotlib sizes figures in inches)."""

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision
# deficiencies and in greyscale print by lightness.
INK = "#222222"
MUTED = "#6B6B6B"
GRID = "#E3E3E3"
FAIL = "#C8C8C8"
PROJECTION = "#0072B2"
TRAFFIC: dict[str, str] = {"green": "#009E73", "amber": "#E69F00", "red": "#D55E00"}
"""红黄绿 as colours (Okabe–Ito bluish green, orange, vermillion)."""


def blend(colour: str, weight: float, background: str = "#FFFFFF") -> str:
    """Mix a hex colour with a background: opaque tints that print and paste like their preview."""
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"weight must be in [0, 1], got {weight}")
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(background[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = (round(weight * x + (1 - weight) * y) for x, y in zip(a, b, strict=True))
    return "#" + "".join(f"{v:02X}" for v in mixed)


BANDS: tuple[tuple[float, float, str], ...] = (
    (0.05, 0.95, blend(PROJECTION, 0.16)),
    (0.10, 0.90, blend(PROJECTION, 0.30)),
    (0.25, 0.75, blend(PROJECTION, 0.50)),
)
"""Fan-chart bands (90%, 80%, 50% central ranges), widest first."""


WIDTH_CM = CHART_WIDTH_CM
"""Every chart is drawn once, 16 cm wide (see :data:`planmodel.report.content.CHART_WIDTH_CM`)."""
FONT_PT = 9.5
"""Usual text (axis labels, legends)."""
SMALL_PT = 9.0
"""The smallest text on a chart (tick labels, notes): 9 pt on A4."""
DPI = 200
assert SMALL_PT * SLIDE_SCALE >= 14.0, "the deck's scale must make the smallest chart text 14 pt"
HEIGHTS_CM = {"fan": 9.0, "dist": 7.5, "passage": 7.5}
"""Chart heights; a dashboard grows with its rows (at most :data:`MAX_HEIGHT_CM`)."""
MAX_HEIGHT_CM = 15.15 / SLIDE_SCALE
"""The tallest chart that still fits a slide's content area (15.15 cm) at :data:`SLIDE_SCALE`."""


def rc() -> dict[str, Any]:
    """The rcParams of every chart: fonts, light axes, faint grid."""
    return {
        **chart_rc(),
        "font.size": FONT_PT,
        "axes.titlesize": FONT_PT * 1.15,
        "axes.labelsize": FONT_PT,
        "axes.labelcolor": INK,
        "axes.edgecolor": MUTED,
        "axes.linewidth": 0.8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "grid.color": GRID,
        "grid.linewidth": 0.7,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
        "xtick.labelcolor": INK,
        "ytick.labelcolor": INK,
        "xtick.labelsize": SMALL_PT,
        "ytick.labelsize": SMALL_PT,
        "legend.fontsize": SMALL_PT,
        "legend.frameon": False,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "text.color": INK,
    }


MARGINS_CM = {"left": 1.75, "right": 0.3, "top": 0.95, "bottom": 1.35}
"""Fixed margins around the plot of charts whose labels are short (numbers, years)."""


def new_axes(
    height_cm: float, fixed: bool = True, bottom_cm: float | None = None, top_cm: float | None = None
) -> Axes:
    """A new 16 cm wide figure of the given height with one Axes, drawn by Agg at :data:`DPI`.

    ``fixed`` margins (:data:`MARGINS_CM`; ``bottom_cm``/``top_cm`` to make room for an x-axis
    label or a legend above the plot) suit
    charts with short tick labels and cost nothing; otherwise the constrained layout sizes the margins
    to the labels (it measures every artist twice per drawing: a chart whose only long labels are
    known can instead measure them itself, see :func:`fit_margins`).
    The figure has its Agg canvas from the start, at the resolution it is saved at, so text measured
    while building the chart is measured once, for the drawing too.
    """
    height = min(height_cm, MAX_HEIGHT_CM)
    fig = Figure(figsize=(WIDTH_CM * CM, height * CM), dpi=DPI, layout=None if fixed else "constrained")
    ChartCanvas(fig)
    if fixed:
        m = MARGINS_CM
        fig.subplots_adjust(
            left=m["left"] / WIDTH_CM,
            right=1 - m["right"] / WIDTH_CM,
            bottom=(bottom_cm or m["bottom"]) / height,
            top=1 - (top_cm or m["top"]) / height,
        )
    else:
        fig.get_layout_engine().set(h_pad=0.04, w_pad=0.04)  # type: ignore[call-arg]
    return fig.add_subplot()


EDGE_CM = 0.04 * 2.54
"""Space between the figure's edge and text that is flush with it (constrained layout's pad)."""


def fit_margins(ax: Axes, labels: Sequence[Text], overhang: Sequence[Text] = (), pad_pt: float = 3.5) -> None:
    """Set the left margin to the y tick ``labels`` and the right one so that ``overhang`` fits.

    What the constrained layout would do for a chart whose only long texts are its y tick labels
    (``pad_pt`` from the plot) and left-aligned texts in data coordinates that may run past the
    plot (the dashboard's probabilities), at the cost of measuring them once (the measurements are
    cached for the drawing). Set the x limits first.
    """
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    widest_px = max((t.get_window_extent(renderer).width for t in labels if t.get_text()), default=0.0)
    edge_px = EDGE_CM * CM * fig.dpi
    width_px = fig.get_figwidth() * fig.dpi
    left_px = edge_px + widest_px + pad_pt / 72 * fig.dpi
    plot_px = width_px - left_px - edge_px
    lo, hi = ax.get_xlim()
    for text in overhang:  # left-aligned at x: left + plot * (x - lo) / (hi - lo) + width <= edge
        share = (text.get_position()[0] - lo) / (hi - lo)
        if share > 0:
            room = width_px - edge_px - left_px - text.get_window_extent(renderer).width
            plot_px = min(plot_px, room / share)
    fig.subplots_adjust(left=left_px / width_px, right=(left_px + plot_px) / width_px)


def fit_line(text: str, pt: float, width_cm: float = WIDTH_CM - 0.3) -> str:
    """``text`` cut with an ellipsis where one line of it at ``pt`` would be wider than ``width_cm``."""
    room_em = width_cm / (pt * 2.54 / 72)
    if text_width_em(text) <= room_em:
        return text
    while text and text_width_em(text) > room_em - 1:
        text = text[:-1]
    return text.rstrip() + "…"


def title(ax: Axes, text: str) -> None:
    """A chart title flush with the figure's left edge (one line: a long name ends in an ellipsis)."""
    text = fit_line(text, FONT_PT * 1.15)
    fig = ax.get_figure()
    if isinstance(fig, Figure):
        fixed = fig.get_layout_engine() is None  # constrained layout places them itself
        where = {"y": 1 - 0.15 / (fig.get_figheight() / CM), "va": "top"} if fixed else {}
        fig.suptitle(text, x=0.01, ha="left", fontsize=FONT_PT * 1.15, color=INK, **where)


def notes(ax: Axes, text: str) -> None:
    """The notes line under a chart (scenario, runs, price basis)."""
    fig = ax.get_figure()
    text = fit_line(text, SMALL_PT)
    if text and isinstance(fig, Figure):
        fixed = fig.get_layout_engine() is None
        where = {"y": 0.12 / (fig.get_figheight() / CM), "va": "bottom"} if fixed else {}
        fig.supxlabel(text, x=0.01, ha="left", fontsize=SMALL_PT, color=MUTED, **where)


def percent_axis(axis: Any, decimals: int = 0) -> None:
    """Tick labels in percent for an axis of fractions."""
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{100 * v:.{decimals}f}%"))
