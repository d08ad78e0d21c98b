"""Text on charts (planmodel.report.charts.agg): measured and laid out once, as matplotlib would."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.backends.backend_agg import RendererAgg  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402

from planmodel.report.charts import style  # noqa: E402
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
