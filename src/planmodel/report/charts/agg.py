"""The Agg canvas charts are drawn on, and their PNG files: each chart drawn once, encoded fast.

Drawing a chart is mostly laying out text: each label is measured (FreeType shapes and loads its
glyphs) before it is drawn, and matplotlib caches the measurements per renderer. A chart's canvas
here (:class:`ChartCanvas`) draws with a renderer shared by every chart of the same pixel size in
the process, so a label another chart measured (the years, the percent scale, the legend, the notes
line) is not measured again; it also answers the font's height metrics (ascent, descent, line gap:
the same figures matplotlib reads from the font's tables on every layout) from a cache.

PNG: matplotlib's ``savefig`` hands the pixels to Pillow, which tries all five PNG row filters on
every row to pick one (it offers no way to choose): on a 16 cm chart at 200 dpi that is about 30 ms
of the chart's 40 ms encoding. Charts are mostly flat colour, where unfiltered rows compress as
well or better (the Daye fan chart: 93 kB unfiltered against 114 kB from ``savefig``), so
:func:`encode_png` writes the few PNG chunks itself (signature, IHDR, pHYs with the resolution, one
IDAT, IEND; ISO/IEC 15948) and compresses with :func:`zlib.compress`. The pixels are exactly those
``savefig`` would write.

May import: stdlib, numpy, matplotlib (Agg backend).
"""

from __future__ import annotations

import struct
import zlib
from collections import OrderedDict
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font

__all__ = ["ChartCanvas", "encode_png", "forget_measurements", "save_png"]

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_KEEP_RENDERERS = 4
"""Renderers kept for reuse (one per chart size: fan, distribution/passage, dashboards)."""


_Heights = tuple[float | None, float | None, float | None]


class _Renderer(RendererAgg):
    """An Agg renderer that remembers each font's height metrics (one FreeType table read per font).

    matplotlib (3.11) asks a renderer for ``_get_font_height_metrics`` when it has one and reads
    the font's OS/2 or hhea table on every text layout otherwise; the answer here is the same
    computation, done once per font and size.
    """

    def __init__(self, width: float, height: float, dpi: float) -> None:
        super().__init__(width, height, dpi)
        self._heights: dict[FontProperties, _Heights] = {}

    def _get_font_height_metrics(self, prop: FontProperties) -> _Heights:
        known = self._heights.get(prop)
        if known is None:
            known = self._heights[prop.copy()] = _height_metrics(prop, self.dpi)
        return known


def _height_metrics(prop: FontProperties, dpi: float) -> _Heights:
    """Ascent, descent and line gap in pixels of ``prop``'s font, as matplotlib's text layout reads them."""
    font = get_font(findfont(prop))
    units_per_em = font.get_sfnt_table("head")["unitsPerEm"]
    scale = prop.get_size_in_points() * dpi / 72 / units_per_em
    for table_name, gap, ascent, descent in (
        ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
        ("hhea", "lineGap", "ascent", "descent"),
    ):
        table = font.get_sfnt_table(table_name)
        if table is not None:
            return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
    return None, None, None


_RENDERERS: OrderedDict[tuple[int, int, float], _Renderer] = OrderedDict()


def forget_measurements() -> None:
    """Drop the shared renderers and with them the text measured so far (to time a fresh process)."""
    _RENDERERS.clear()


class ChartCanvas(FigureCanvasAgg):
    """An Agg canvas whose renderer is shared by every chart of the same pixel size in the process.

    The shared renderer's pixels belong to the chart drawn last: read them (``buffer_rgba``)
    right after :meth:`draw`, as :func:`save_png` does.
    """

    def get_renderer(self) -> RendererAgg:
        """The process's renderer for this canvas's pixel size (made on first use)."""
        w, h = self.get_width_height(physical=True)
        key = (w, h, float(self.figure.dpi))
        renderer = _RENDERERS.get(key)
        if renderer is None:
            renderer = _RENDERERS[key] = _Renderer(w, h, self.figure.dpi)
            while len(_RENDERERS) > _KEEP_RENDERERS:
                _RENDERERS.popitem(last=False)
        _RENDERERS.move_to_end(key)
        self.renderer = renderer
        return renderer


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(rgba: np.ndarray, dpi: float, opaque: bool | None = None) -> bytes:
    """PNG bytes of an ``(height, width, 4)`` uint8 RGBA image; RGB (colour type 2) when opaque.

    ``opaque`` says every alpha is 255 (checked when not given). The resolution is recorded in a
    pHYs chunk (pixels per metre), as Word reads it.
    """
    height, width, _ = rgba.shape
    if opaque is None:
        opaque = bool((rgba[..., 3] == 255).all())
    channels = 3 if opaque else 4
    rows = np.empty((height, 1 + width * channels), dtype=np.uint8)
    rows[:, 0] = 0  # filter type 0 (None) on every row
    pixels = rows[:, 1:].reshape(height, width, channels)
    for channel in range(channels):  # a channel at a time: numpy copies these strides 8x faster
        pixels[..., channel] = rgba[..., channel]
    per_metre = round(dpi / 0.0254)
    header = struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)
    return b"".join(
        (
            _SIGNATURE,
            _chunk(b"IHDR", header),
            _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            _chunk(b"IDAT", zlib.compress(rows, 1)),
            _chunk(b"IEND", b""),
        )
    )


def save_png(fig: Figure, path: Path, dpi: float) -> Path:
    """Draw ``fig`` at ``dpi`` with Agg (once) and write it to ``path`` as PNG; return ``path``."""
    if fig.dpi != dpi:
        fig.set_dpi(dpi)
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else ChartCanvas(fig)
    canvas.draw()
    # an opaque, visible figure background leaves no pixel transparent
    opaque = fig.patch.get_visible() and to_rgba(fig.patch.get_facecolor())[3] == 1.0
    path.write_bytes(encode_png(np.asarray(canvas.buffer_rgba()), dpi, opaque=opaque or None))
    return path
