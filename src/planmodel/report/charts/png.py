"""Render a figure with Agg and write it as a PNG file: unfiltered rows, zlib level 1, RGB when opaque.

matplotlib's ``savefig`` hands the pixels to Pillow, which tries all five PNG row filters on every
row to pick one (it offers no way to choose): on a 16 cm chart at 200 dpi that is about 30 ms of the
chart's 40 ms encoding. Charts are mostly flat colour, where unfiltered rows compress as well or
better (the Daye fan chart: 93 kB unfiltered against 114 kB from ``savefig``), so this writes the
few PNG chunks itself (signature, IHDR, pHYs with the resolution, one IDAT, IEND; ISO/IEC 15948)
and compresses with :func:`zlib.compress`. The pixels are exactly those ``savefig`` would write.

May import: stdlib, numpy, matplotlib (Agg backend).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["encode_png", "save_png"]

_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(rgba: np.ndarray, dpi: float) -> bytes:
    """PNG bytes of an ``(height, width, 4)`` uint8 RGBA image; RGB (colour type 2) when opaque.

    The resolution is recorded in a pHYs chunk (pixels per metre), as Word reads it.
    """
    height, width, _ = rgba.shape
    opaque = bool((rgba[..., 3] == 255).all())
    pixels = rgba[..., :3] if opaque else rgba
    rows = np.empty((height, 1 + width * pixels.shape[2]), dtype=np.uint8)
    rows[:, 0] = 0  # filter type 0 (None) on every row
    rows[:, 1:] = pixels.reshape(height, -1)
    per_metre = round(dpi / 0.0254)
    header = struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)
    return b"".join(
        (
            _SIGNATURE,
            _chunk(b"IHDR", header),
            _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            _chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)),
            _chunk(b"IEND", b""),
        )
    )


def save_png(fig: Figure, path: Path, dpi: float) -> Path:
    """Draw ``fig`` at ``dpi`` with Agg (once) and write it to ``path`` as PNG; return ``path``."""
    if fig.dpi != dpi:
        fig.set_dpi(dpi)
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    path.write_bytes(encode_png(np.asarray(canvas.buffer_rgba()), dpi))
    return path
