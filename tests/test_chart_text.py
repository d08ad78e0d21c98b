"""Text on charts (planmodel.report.charts.agg): measured and laid out once, as matplotlib would."""

from __future__ import annotations

import multiprocessing
import os
import warnings
from typing import Any

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402

from planmodel.report.charts import agg, style  # noqa: E402
from planmodel.report.charts.agg import ChartCanvas, forget_measurements  # noqa: E402

# Characters the charts write: Chinese names and units, digits, Latin, the signs of the number
# formats (non-breaking space, ≥, en dash, full-width brackets and punctuation).
ALPHABET = (
    "大冶市地区生产总值目标概率实现增长亿元万人均工业占黄石比重高新技术城镇化率普查前修订后口径已未较有把握"
    "0123456789.,%+-–—≥≤<>()（）：；，、·/ \u00a0"
    "GDPbnyuanTargetprobabilityofnotpublishedAssumedrange"
)


def _measures(s: str, size: float) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """(ours, matplotlib's) width, height and descent of ``s`` at ``size`` pt and the charts' dpi."""
    with matplotlib.rc_context(style.rc()):
        prop = FontProperties(family=matplotlib.rcParams["font.family"], size=size)
        canvas = ChartCanvas(matplotlib.figure.Figure(figsize=(2, 1), dpi=style.DPI))
        ours = canvas.get_renderer().get_text_width_height_descent(s, prop, False)
        theirs = RendererAgg(400, 200, style.DPI).get_text_width_height_descent(s, prop, False)
    return ours, theirs


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=ALPHABET, max_size=30),
    st.sampled_from([style.SMALL_PT, style.FONT_PT, 10.925, 14.0]),
)
def test_measured_size_is_the_one_matplotlib_measures(s, size):
    # The measure comes from the cached layout and glyph boxes, not from matplotlib's own shaping
    # pass (FT2Font.set_text): it must be the same figures to the 1/64 pixel, fresh and cached.
    forget_measurements()
    ours, theirs = _measures(s, size)
    assert ours == theirs
    again, _ = _measures(s, size)
    assert again == theirs


def test_blank_and_kerned_strings_measure_as_matplotlib_does():
    # Blank strings have no glyph box; "AA", "To" are kerned pairs (the layout moves the second
    # glyph by a fraction of a pixel, so the width is not the sum of the advances).
    for s in ("", " ", "\u00a0", "  目标  ", "AA", "To", "Target probability"):
        ours, theirs = _measures(s, style.SMALL_PT)
        assert ours == theirs, repr(s)


def _pixels(text: str, canvas_class: type) -> np.ndarray:
    """The pixels of ``text`` drawn by ``canvas_class`` on a small chart-resolution figure."""
    with matplotlib.rc_context(style.rc()):
        figure = matplotlib.figure.Figure(figsize=(3, 0.6), dpi=style.DPI)
        figure.text(0.02, 0.4, text, fontsize=style.SMALL_PT)
        canvas = canvas_class(figure)
        canvas.draw()
        return np.asarray(canvas.buffer_rgba()).copy()


def test_glyphs_from_the_fallback_fonts_are_drawn_as_matplotlib_draws_them():
    # Chart text is shaped and rendered from font files read into memory (charts.agg._memory_font
    # rebuilds matplotlib's chain of fallback fonts): a character the CJK font lacks comes from the
    # next font, down to the Last Resort font's box, exactly as matplotlib's own fonts draw it.
    forget_measurements()
    text = "目标 ə Ω ∑ \ue000 Ж 2026年"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # matplotlib's own drawing warns of the glyphs it lacks
        theirs = _pixels(text, FigureCanvasAgg)
    ours = _pixels(text, ChartCanvas)
    assert (ours == theirs).all()
    assert agg._FONT_BYTES, "the fonts were read into memory"


def _caches_in_child(queue: Any) -> None:
    queue.put((len(agg._LAID_OUT), len(agg._GLYPHS), len(agg._MEMORY_FONTS), len(agg._FONT_BYTES)))


@pytest.mark.skipif(not hasattr(os, "register_at_fork"), reason="no fork on this platform")
def test_a_forked_process_keeps_the_font_files_but_no_font_of_its_parent():
    # FT2Font objects must not be used across a fork (matplotlib empties its own font cache in
    # the child); the layouts and glyphs cached here hold them, so a child starts without them,
    # and with the font files' bytes, plain data it shares with its parent.
    _pixels("大冶 2026年 12.5%", ChartCanvas)
    assert agg._LAID_OUT and agg._GLYPHS and agg._MEMORY_FONTS
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_caches_in_child, args=(queue,))
    child.start()
    laid_out, glyphs, fonts, files = queue.get(timeout=60)
    child.join()
    assert (laid_out, glyphs, fonts) == (0, 0, 0)
    assert files == len(agg._FONT_BYTES) > 0
