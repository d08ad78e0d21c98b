"""Find a font that can write simplified Chinese, and the rcParams that make charts use it.

Owns: locating a CJK font, registering it with matplotlib's font manager, and the font-related
``rcParams`` every chart is drawn under. Nothing here touches the global ``rcParams``; charts use
``with matplotlib.rc_context(chart_rc()):``.

Search order (the first hit wins, so output looks the same on every machine that has the wheel):

1. the Noto Sans CJK collection shipped by the ``noto-cjk-sans-otc`` wheel (SIL OFL 1.1), face
   "Noto Sans CJK SC". Recent matplotlib (3.11 here) registers every face of a ``.ttc``; older
   versions register only face 0 (the JP face), in which case the SC face is extracted once with
   fontTools to ``<matplotlib cache dir>/planmodel-fonts/NotoSansCJKsc-Regular.otf``. The JP face
   would also have every simplified-Chinese glyph, but Japanese shapes for some (e.g. 骨, 直),
   which look wrong to Chinese readers, so it is only the last resort;
2. an installed font by family name (Noto Sans CJK SC, Source Han Sans SC, SimHei, Microsoft YaHei,
   PingFang SC, WenQuanYi Micro Hei, ...);
3. "DejaVu Sans" (Latin only; Chinese text would show as boxes), logged as a warning.

May import: stdlib, matplotlib, optionally ``noto_cjk_sans_otc`` and ``fontTools``.
"""

from __future__ import annotations

import logging
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import font_manager

_logger = logging.getLogger(__name__)

BUNDLED_PACKAGE = "noto_cjk_sans_otc"
BUNDLED_FILE = "NotoSansCJK-Regular.ttc"
BUNDLED_FAMILY = "Noto Sans CJK SC"
FALLBACK_FAMILY = "DejaVu Sans"
"""The family used when no CJK font is found (Latin only)."""

SYSTEM_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Heiti SC",
    "Hiragino Sans GB",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Sarasa Gothic SC",
    "Droid Sans Fallback",
    "Noto Sans CJK JP",
    "Arial Unicode MS",
)
"""Installed families tried, in order, when the bundled font is unavailable."""


def _registered_families() -> set[str]:
    return {entry.name for entry in font_manager.fontManager.ttflist}


def _families_in(path: Path) -> list[str]:
    """Family names matplotlib registered from ``path``, in face order."""
    target = os.fsdecode(path)
    return [e.name for e in font_manager.fontManager.ttflist if os.fsdecode(e.fname) == target]


def bundled_font_path() -> Path | None:
    """Locate the Noto Sans CJK collection shipped by the ``noto-cjk-sans-otc`` wheel.

    Returns
    -------
    Path or None
        The ``.ttc`` file on disk, or None when the package is missing or not a plain directory.
    """
    try:
        ref = resources.files(BUNDLED_PACKAGE).joinpath(BUNDLED_FILE)
    except ModuleNotFoundError:
        return None
    path = Path(os.fspath(ref)) if isinstance(ref, os.PathLike) else None
    return path if path is not None and path.is_file() else None


def _font_cache_dir() -> Path:
    return Path(matplotlib.get_cachedir()) / "planmodel-fonts"


def _extract_face(collection: Path, family: str, dest: Path) -> Path | None:
    """Write the face named ``family`` of a ``.ttc`` to ``dest`` (once), using fontTools.

    Returns
    -------
    Path or None
        ``dest`` when it exists afterwards, None when fontTools is missing or the face is absent.
    """
    if dest.is_file():
        return dest
    try:
        from fontTools.ttLib import TTCollection
    except ImportError:
        return None
    with TTCollection(os.fspath(collection), lazy=True) as ttc:
        for face in ttc.fonts:
            if face["name"].getDebugName(1) == family:
                dest.parent.mkdir(parents=True, exist_ok=True)
                tmp = dest.with_suffix(f".{os.getpid()}.tmp")
                face.save(os.fspath(tmp))
                os.replace(tmp, dest)  # atomic: a concurrent reader never sees half a font
                return dest
    return None


def _register_bundled() -> str | None:
    """Register the bundled collection; return the SC family name (or the best face available)."""
    path = bundled_font_path()
    if path is None:
        return None
    try:
        if not _families_in(path):
            font_manager.fontManager.addfont(path)
    except (OSError, RuntimeError, ValueError) as exc:  # unreadable file: try system fonts
        _logger.warning("cannot load bundled CJK font %s: %s", path, exc)
        return None
    faces = _families_in(path)
    if BUNDLED_FAMILY in faces:
        return BUNDLED_FAMILY
    # Old matplotlib: only face 0 (JP) was registered. Extract the SC face to a cached file.
    extracted = _extract_face(path, BUNDLED_FAMILY, _font_cache_dir() / "NotoSansCJKsc-Regular.otf")
    if extracted is not None:
        font_manager.fontManager.addfont(extracted)
        if BUNDLED_FAMILY in _families_in(extracted):
            return BUNDLED_FAMILY
    return faces[0] if faces else None


def _system_family() -> str | None:
    available = _registered_families()
    return next((name for name in SYSTEM_FAMILIES if name in available), None)


@cache
def cjk_font_family() -> str:
    """Register a font that renders simplified Chinese with matplotlib; return its family name.

    The result is cached for the process: the first call registers the font (about 30 ms).

    Returns
    -------
    str
        Usually ``"Noto Sans CJK SC"`` from the bundled wheel; else an installed CJK family; else
        ``"DejaVu Sans"`` (with a logged warning, Chinese text will then render as boxes).
    """
    family = _register_bundled() or _system_family()
    if family is None:
        _logger.warning(
            "no CJK font found (install the noto-cjk-sans-otc wheel); Chinese text will not render"
        )
        return FALLBACK_FAMILY
    return family


def chart_rc() -> dict[str, Any]:
    """Return the font-related rcParams for ``matplotlib.rc_context`` when drawing a chart.

    ``font.family`` is a concrete list rather than the generic ``"sans-serif"``: text objects copy
    the family when they are created, so a chart built inside the context still finds its Chinese
    font if it is saved outside it. With the bundled face the list is that face alone: it has every
    Latin letter, digit and sign the charts write, and matplotlib falls back per glyph along the
    list, so a second family would draw nothing while every text layout looked it up again
    (``tests/test_charts.py`` draws every shipped scenario's charts with missing glyphs as errors).
    An installed CJK font keeps "DejaVu Sans" after it for Latin (Droid Sans Fallback has none).

    Returns
    -------
    dict
        rcParams: font family lists, ``axes.unicode_minus`` off, ``svg.fonttype="path"``,
        ``pdf.fonttype=42`` and a fixed SVG hash salt (reproducible SVG files).
    """
    cjk = cjk_font_family()
    families = [cjk] if cjk in (BUNDLED_FAMILY, FALLBACK_FAMILY) else [cjk, FALLBACK_FAMILY]
    return {
        "font.family": families,
        "font.sans-serif": [*families, FALLBACK_FAMILY, "Arial", "Helvetica", "sans-serif"],
        # U+2212 MINUS SIGN sits oddly in CJK fonts; a hyphen-minus renders the same everywhere.
        "axes.unicode_minus": False,
        # SVG: text as paths. With "none" the SVG only names the font, and the Word/PowerPoint
        # machine that opens it rarely has Noto Sans CJK: Chinese would be substituted (other
        # metrics, clipped labels) or shown as boxes. Paths are self-contained, at the cost of
        # non-editable text and larger files; editable text belongs in the tables, not the charts.
        "svg.fonttype": "path",
        "svg.hashsalt": "planmodel",
        # PDF/PS: embed the font (subset) instead of Type 3 bitmaps-as-procedures.
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
    }
