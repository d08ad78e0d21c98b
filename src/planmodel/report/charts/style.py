"""Chart look: palette, traffic-light colours, page sizes with their font sizes, and figure helpers.

Every visual constant lives here so a briefing can be restyled in one place. Sizes are the sizes the
documents place the charts at, so a font size here is the size a reader sees: on A4 (16 cm, the text
width of the Word page) no label is under 8 pt; on a slide no label is under 14 pt. Nothing touches
the global ``rcParams``: :func:`rc` returns a dict for ``matplotlib.rc_context``.

May import: stdlib, matplotlib (figures only), planmodel.report.charts.fonts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from planmodel.report.charts.fonts import chart_rc

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


@dataclass(frozen=True)
class Page:
    """A page format: where the charts are placed, how wide, and the smallest and usual text."""

    name: str
    width_cm: float
    height_cm: float
    font_pt: float
    small_pt: float
    dpi: int
    notes: bool
    """Write the notes line under the chart (on slides the slide's footer carries it)."""

    @property
    def scale(self) -> float:
        """Line width and marker size factor relative to A4."""
        return self.font_pt / 9.0


PAGES: dict[str, Page] = {
    "a4": Page("a4", 16.0, 9.0, font_pt=9.0, small_pt=8.0, dpi=200, notes=True),
    "slide": Page("slide", 20.0, 14.0, font_pt=15.0, small_pt=14.0, dpi=150, notes=False),
    "slide-wide": Page("slide-wide", 31.0, 14.5, font_pt=15.0, small_pt=14.0, dpi=150, notes=False),
}
"""``a4``: the 16 cm text width of the Word page. ``slide``: the chart beside a target's text on a
16:9 slide. ``slide-wide``: a full-width slide chart (the dashboard)."""
MIN_PT = {"a4": 8.0, "slide": 14.0, "slide-wide": 14.0}


def page(name: str) -> Page:
    """The :class:`Page` called ``name``; ValueError naming the valid ones otherwise."""
    try:
        return PAGES[name]
    except KeyError:
        raise ValueError(f"size must be one of {sorted(PAGES)}, got {name!r}") from None


def rc(size: str) -> dict[str, Any]:
    """RcParams for drawing on a page format: fonts, light axes, faint grid."""
    p = page(size)
    return {
        **chart_rc(),
        "font.size": p.font_pt,
        "axes.titlesize": p.font_pt * 1.15,
        "axes.labelsize": p.font_pt,
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
        "xtick.labelsize": p.small_pt,
        "ytick.labelsize": p.small_pt,
        "legend.fontsize": p.small_pt,
        "legend.frameon": False,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "text.color": INK,
    }


def new_axes(size: str, height_cm: float | None = None) -> Axes:
    """A new figure of the page's width (and the given height) with one Axes, laid out tightly."""
    p = page(size)
    fig = Figure(figsize=(p.width_cm * CM, (height_cm or p.height_cm) * CM), dpi=100, layout="constrained")
    fig.get_layout_engine().set(h_pad=0.04, w_pad=0.04)  # type: ignore[call-arg]
    return fig.add_subplot()


def title(ax: Axes, text: str, size: str) -> None:
    """A chart title flush with the figure's left edge."""
    fig = ax.get_figure()
    if isinstance(fig, Figure):
        fig.suptitle(text, x=0.01, ha="left", fontsize=page(size).font_pt * 1.15, color=INK)


def notes(ax: Axes, text: str, size: str) -> None:
    """The notes line under an A4 chart (scenario, draws, price basis); none on slides."""
    fig = ax.get_figure()
    if text and page(size).notes and isinstance(fig, Figure):
        fig.supxlabel(text, x=0.01, ha="left", fontsize=page(size).small_pt, color=MUTED)


def percent_axis(axis: Any, decimals: int = 0) -> None:
    """Tick labels in percent for an axis of fractions."""
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{100 * v:.{decimals}f}%"))
