"""Imported once by the report workers' fork server: the drawing and Office libraries, and the font.

Importing this module loads matplotlib, python-docx, python-pptx and openpyxl, registers the CJK
font and draws one line of text with it as a chart would (reading the font files into memory, which
the workers share: :mod:`planmodel.report.charts.agg`), and has each Office writer
make what its first document would otherwise pay for (``preload``: templates, prototypes, lxml's
element classes), so every worker forked afterwards starts ready (see
:mod:`planmodel.report.parallel`). Importing it is its whole purpose; nothing else imports it.
"""

from __future__ import annotations

import matplotlib
from matplotlib.figure import Figure

import planmodel.distribution_families  # noqa: F401  (the assumptions' classes in the shared state)
import planmodel.report.charts  # noqa: F401  (matplotlib and the chart modules)
from planmodel.report.charts import style
from planmodel.report.charts.agg import ChartCanvas
from planmodel.report.charts.fonts import cjk_font_family
from planmodel.report.writers import docx, pptx, xlsx

cjk_font_family()
with matplotlib.rc_context(style.rc()):
    _figure = Figure(figsize=(2, 1), dpi=style.DPI)
    _figure.text(0.1, 0.5, "大冶 2026年 12.5%", fontsize=style.SMALL_PT)
    ChartCanvas(_figure).draw()

for _writer in (pptx, docx, xlsx):
    _writer.preload()
