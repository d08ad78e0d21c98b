"""The Agg canvas charts are drawn on, and their PNG files: each chart drawn once, encoded fast.

Drawing a chart is mostly text: matplotlib (3.11) measures each label (FreeType shapes the string
and loads its glyphs), lays it out again to draw it, and renders every glyph afresh, though the
charts of a run repeat most of their text (years, percent scales, legends, notes: about half of
the labels). A chart's canvas here (:class:`ChartCanvas`) draws with a renderer shared by every
chart of the same pixel size in the process, whose text methods answer from process-wide caches:
a font's height metrics (ascent, descent, line gap, read from its tables on every layout
otherwise), a string's measured size, its glyph layout, and each glyph's bitmap at a sub-pixel
offset. What it does compute, it computes with fonts read into memory once (FreeType reads a
glyph's outline from the font file on every load: from disk, two system calls per read). Every
cached answer is the one matplotlib would compute (the tests compare the pixels with matplotlib's
own ``savefig``), so the hooks into matplotlib's private text methods
(``_get_font_height_metrics``, ``_prepare_font``, ``FT2Font._layout``, ``_render_glyph``,
``_set_transform``) must be checked again when matplotlib is upgraded. A forked process starts
with none of these caches (:func:`forget_measurements`), only with the font files' bytes.

PNG: matplotlib's ``savefig`` hands the pixels to Pillow, which tries all five PNG row filters on
every row to pick one (it offers no way to choose): on a 16 cm chart at 200 dpi that is about 30 ms
of the chart's 40 ms encoding. Charts are mostly flat colour, where unfiltered rows compress as
well or better (the Daye fan chart: 93 kB unfiltered against 114 kB from ``savefig``), so
:func:`encode_png` writes the few PNG chunks itself (signature, IHDR, pHYs with the resolution, one
IDAT, IEND; ISO/IEC 15948) and deflates them with zlib-ng (the ``zlib-ng`` package: the same
format as :mod:`zlib`, about 3x faster, and at its level 2 files 5% smaller than zlib's fastest
level; :mod:`zlib` where it is missing). The pixels are exactly those ``savefig`` would write.

May import: stdlib, numpy, matplotlib (Agg backend).
"""

from __future__ import annotations

import io
import math
import os
import struct
import zlib
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import matplotlib
import numpy as np
from matplotlib import cbook, font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.ft2font import FT2Font, RenderMode

__all__ = ["ChartCanvas", "encode_png", "forget_measurements", "save_png"]

_SIGNATURE = b"\x89PNG\r\n\x1a\n"

try:  # zlib-ng: the same deflate format, 2-3x faster; at its level 2, smaller files than zlib's 1
    from zlib_ng import zlib_ng as _zlib_ng

    def _deflate(data: bytes | np.ndarray) -> bytes:
        return _zlib_ng.compress(data, 2)

except ImportError:  # pragma: no cover (a platform without zlib-ng wheels)

    def _deflate(data: bytes | np.ndarray) -> bytes:
        return zlib.compress(data, 1)

_FONT_HOOKS = ("_layout", "_render_glyph", "_set_transform")
TEXT_HOOKS = all(hasattr(FT2Font, name) for name in _FONT_HOOKS) and hasattr(RendererAgg, "_prepare_font")
"""Whether this matplotlib has the private text methods the caching renderer hooks into (3.11);
without them charts are drawn by matplotlib's own renderer, shared but without the text caches."""
_KEEP_RENDERERS = 4
"""Renderers kept for reuse (one per chart size: fan, distribution/passage, dashboards)."""
_KEEP_GLYPHS = 200_000
"""Glyph bitmaps kept before the text caches start afresh (a Daye run's 11 charts hold ~1,000)."""


_T = TypeVar("_T")
_Heights = tuple[float | None, float | None, float | None]
_Glyphs = list[tuple[Any, int, float, float]]
"""A string's glyphs: font, glyph index, pen position (pixels)."""


class _Renderer(RendererAgg):
    """An Agg renderer that remembers text across the charts of a process (see the module notes).

    It answers from process-wide caches what matplotlib (3.11) would compute again for every text
    (:func:`forget_measurements` empties them): a font's height metrics, a string's measured size
    (``get_text_width_height_descent``), its glyph layout, and each glyph's bitmap at a sub-pixel
    offset. The pixels are exactly those of matplotlib's own ``RendererAgg``.
    """

    def _prepare_font(self, prop: FontProperties) -> FT2Font:
        """``RendererAgg._prepare_font``, with the font read from memory (see :func:`_memory_font`)."""
        font = _memory_font(tuple(font_manager.fontManager._find_fonts_by_props(prop)))
        if font is None:
            return super()._prepare_font(prop)
        font.clear()
        font.set_size(prop.get_size_in_points(), self.dpi)
        font._set_transform([[0x10000, 0], [0, 0x10000]], [0, 0])
        return font

    def _get_font_height_metrics(self, prop: FontProperties) -> _Heights:
        return _kept(_HEIGHTS, (prop, self.dpi), lambda: _height_metrics(prop, self.dpi))

    def get_text_width_height_descent(
        self, s: str, prop: FontProperties, ismath: Any
    ) -> tuple[float, float, float]:
        """Width, height and descent of ``s`` in pixels, measured once per process.

        matplotlib shapes the string again to measure it (``FT2Font.set_text``); here the measure
        comes from the layout the drawing uses, with each glyph's box loaded once: the width is
        the last glyph's pen position plus its advance, the height and descent the extent of the
        glyphs' boxes, in FreeType's 1/64 pixel, the figures ``set_text`` arrives at.
        """
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        flags = get_hinting_flag()
        return _kept(_MEASURED, (s, prop, self.dpi, flags), lambda: self._measure(s, prop, flags))

    def _measure(self, s: str, prop: FontProperties, flags: Any) -> tuple[float, float, float]:
        """Width, height and descent of ``s`` from its layout and glyph boxes (not cached here)."""
        glyphs = self._layout(s, prop, flags, None, None)
        size = prop.get_size_in_points()
        boxes = [_glyph_box(font, size, self.dpi, glyph, flags) for font, glyph, _x, _y in glyphs]
        if not boxes:
            return 0.0, 0.0, 0.0
        top = max(box[1] for box in boxes)
        bottom = min(box[0] for box in boxes)
        width = round(glyphs[-1][2] * 64) + boxes[-1][2]
        return width / 64, (top - bottom) / 64, -bottom / 64

    def draw_text(self, gc: Any, x: float, y: float, s: str, prop: FontProperties, angle: float,
                  ismath: Any = False, mtext: Any = None) -> None:  # fmt: skip
        """Draw ``s`` as ``RendererAgg.draw_text`` does, from the cached layout and glyph bitmaps."""
        if ismath:
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            return
        flags = get_hinting_flag()
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        glyphs = self._layout(s, prop, flags, features, language)
        self._draw_glyphs(gc, x, y, angle, prop.get_size_in_points(), glyphs, flags)

    def _layout(self, s: str, prop: FontProperties, flags: Any, features: Any, language: Any) -> _Glyphs:
        """The glyphs of ``s`` (font, index, pen position in pixels), shaped once per process."""
        def shaped() -> _Glyphs:
            items = self._prepare_font(prop)._layout(s, flags=flags, features=features, language=language)
            return [(i.ft_object, i.glyph_index, i.x, i.y) for i in items]

        return _kept(_LAID_OUT, (s, prop, self.dpi, flags, _frozen(features), _frozen(language)), shaped)

    def _draw_glyphs(self, gc: Any, x: float, y: float, angle: float, size: float,
                     glyphs: _Glyphs, flags: Any) -> None:  # fmt: skip
        """Each glyph's bitmap (rendered once per font, size and sub-pixel offset) onto the canvas.

        As matplotlib's ``_draw_text_glyphs_and_boxes``: FreeType places a glyph by a transform
        and an offset in 1/64 pixel; a whole-pixel part of the offset only moves the bitmap, so
        the bitmap is kept per fractional part and moved by the whole part.
        """
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])).round().astype(int)
        turn = tuple(matrix.ravel())
        antialiased = gc.get_antialiased()
        mode = RenderMode.NORMAL if antialiased else RenderMode.MONO
        height = self.height
        for font, glyph, dx, dy in glyphs:
            ox = round(0x40 * (x + dx * cos - dy * sin))
            oy = round(0x40 * (height - y + dx * sin + dy * cos))
            key = (font, size, self.dpi, glyph, flags, antialiased, turn, ox & 0x3F, oy & 0x3F)
            known = _GLYPHS.get(key)
            if known is None:
                font.set_size(size, self.dpi)
                font._set_transform(matrix, [ox & 0x3F, oy & 0x3F])
                bitmap = font._render_glyph(glyph, flags, mode)
                buffer = np.array(bitmap.buffer)
                if not antialiased:
                    buffer *= 0xFF
                known = _GLYPHS[key] = (buffer, bitmap.left, bitmap.top)
            buffer, left, top = known
            self._renderer.draw_text_image(
                buffer, left + (ox >> 6), int(height) - (top + (oy >> 6)) + buffer.shape[0], 0, gc
            )


def _glyph_box(font: Any, size: float, dpi: float, glyph: int, flags: Any) -> tuple[int, int, int]:
    """Bottom and top of a glyph's box and its advance, in 1/64 pixel (loaded once per process)."""

    def loaded() -> tuple[int, int, int]:
        font.set_size(size, dpi)
        glyph_slot = font.load_glyph(glyph, flags)
        return glyph_slot.bbox[1], glyph_slot.bbox[3], glyph_slot.horiAdvance

    return _kept(_BOXES, (font, size, dpi, glyph, flags), loaded)


def _kept(cache: dict[Any, _T], key: tuple[Any, ...], compute: Callable[[], _T]) -> _T:
    """``cache[key]``, computed on first use.

    Font properties in the key are stored as copies: a text's ``FontProperties`` may be changed
    after it was drawn.
    """
    known = cache.get(key)
    if known is None:
        known = cache[tuple(k.copy() if isinstance(k, FontProperties) else k for k in key)] = compute()
    return known


def _frozen(value: Any) -> Any:
    """``value`` made hashable (font features and languages may come as lists)."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


_FONT_BYTES: dict[str, bytes] = {}
"""Font files read into memory, by real path (plain data: kept across forks, shared by the workers)."""
_MEMORY_FONTS: dict[tuple[Any, ...], FT2Font | None] = {}
"""Fonts reading from :data:`_FONT_BYTES`, by what ``get_font`` would key them on (per process)."""


def _in_memory(path: str) -> io.BytesIO:
    """The font file at ``path`` as an in-memory file (read from disk once per process tree)."""
    data = _FONT_BYTES.get(path)
    if data is None:
        data = _FONT_BYTES[path] = Path(path).read_bytes()
    return io.BytesIO(data)


def _memory_font(paths: tuple[Any, ...]) -> FT2Font | None:
    """The font with fallbacks that matplotlib's ``get_font(paths)`` makes, reading its files from memory.

    FreeType reads a glyph's outline from the font file each time it loads the glyph, and an
    ``FT2Font`` opened on a path does so through a Python file object: two system calls (seek,
    read) per read, about a thousand per line of Chinese from the 19 MB Noto Sans CJK collection.
    From memory the same reads cost no system call and shaping a line takes half the time. The
    construction follows ``matplotlib.font_manager._get_font`` (3.11): the fallback fonts in order,
    then the Last Resort font unless already listed, with its symbol charmap. ``None`` where this
    matplotlib's fonts take other arguments (then its own, file-backed fonts are used).
    """
    kerning = matplotlib.rcParams["text.kerning_factor"]
    last_resort = matplotlib.rcParams["font.enable_last_resort"]
    key = (paths, kerning, last_resort)
    if key not in _MEMORY_FONTS:
        files = [(os.path.realpath(getattr(p, "path", p)), getattr(p, "face_index", 0)) for p in paths]
        try:
            _MEMORY_FONTS[key] = _memory_font_from(files, kerning, last_resort)
        except TypeError:  # not matplotlib 3.11's FT2Font arguments
            _MEMORY_FONTS[key] = None
    return _MEMORY_FONTS[key]


def _memory_font_from(files: list[tuple[str, int]], kerning: Any, last_resort: bool) -> FT2Font:
    """An ``FT2Font`` of ``files`` (real path, face index; the first with the rest as fallbacks)."""
    (first, first_index), *rest = files
    fallbacks = [FT2Font(_in_memory(f), face_index=i, _kerning_factor=kerning) for f, i in rest]
    resort = os.path.realpath(cbook._get_data_path("fonts", "ttf", "LastResortHE-Regular.ttf"))
    resort_index = files.index((resort, 0)) if (resort, 0) in files else -1
    if resort_index < 0 and last_resort:
        fallbacks.append(FT2Font(_in_memory(resort), _kerning_factor=kerning, _warn_if_used=True))
        resort_index = len(fallbacks)
    font = FT2Font(
        _in_memory(first), face_index=first_index, _fallback_list=fallbacks, _kerning_factor=kerning
    )
    if resort_index == 0:
        font.set_charmap(0)
    elif resort_index > 0:
        fallbacks[resort_index - 1].set_charmap(0)
    return font


_HEIGHTS: dict[tuple[FontProperties, float], _Heights] = {}
_MEASURED: dict[tuple[str, FontProperties, float, Any], tuple[float, float, float]] = {}
_LAID_OUT: dict[tuple[Any, ...], _Glyphs] = {}
_BOXES: dict[tuple[Any, ...], tuple[int, int, int]] = {}
_GLYPHS: dict[tuple[Any, ...], tuple[np.ndarray, int, int]] = {}


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
    """Drop the shared renderers, the fonts and the text measured, laid out and rendered so far.

    Timing a fresh process calls it; so does :func:`save_png` when the caches outgrow
    :data:`_KEEP_GLYPHS` (a long batch of scenarios), and every child process forked from this
    one: like matplotlib, which empties its own font cache then, because an ``FT2Font`` must not
    be used across a fork, nor may the layouts and glyphs that hold one. The font files' bytes
    (plain data) stay, shared with the child.
    """
    _RENDERERS.clear()
    _MEMORY_FONTS.clear()
    for cache in (_HEIGHTS, _MEASURED, _LAID_OUT, _BOXES, _GLYPHS):
        cache.clear()


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
    os.register_at_fork(after_in_child=forget_measurements)


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
            renderer = _RENDERERS[key] = (_Renderer if TEXT_HOOKS else RendererAgg)(w, h, self.figure.dpi)
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
            _chunk(b"IDAT", _deflate(rows)),
            _chunk(b"IEND", b""),
        )
    )


def save_png(fig: Figure, path: Path, dpi: float) -> Path:
    """Draw ``fig`` at ``dpi`` with Agg (once) and write it to ``path`` as PNG; return ``path``."""
    if fig.dpi != dpi:
        fig.set_dpi(dpi)
    if len(_GLYPHS) > _KEEP_GLYPHS:
        forget_measurements()
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else ChartCanvas(fig)
    canvas.draw()
    # an opaque, visible figure background leaves no pixel transparent
    opaque = fig.patch.get_visible() and to_rgba(fig.patch.get_facecolor())[3] == 1.0
    path.write_bytes(encode_png(np.asarray(canvas.buffer_rgba()), dpi, opaque=opaque or None))
    return path
