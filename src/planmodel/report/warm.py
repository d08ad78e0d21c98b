"""Imported once by the report workers' fork server: the drawing and Office libraries, and the font.

Importing this module loads matplotlib, python-docx and python-pptx and registers the CJK font, so
every worker forked afterwards starts ready (see :mod:`planmodel.report.parallel`). Importing it is
its whole purpose; nothing else imports it.
"""

from __future__ import annotations

import planmodel.report.charts  # noqa: F401  (matplotlib and the chart modules)
import planmodel.report.writers.docx  # noqa: F401  (python-docx)
import planmodel.report.writers.pptx  # noqa: F401  (python-pptx)
from planmodel.report.charts.fonts import cjk_font_family

cjk_font_family()
