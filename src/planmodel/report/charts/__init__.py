"""Briefing charts: fan, outcome distribution, dashboard and first passage, drawn from a briefing.

Each chart function takes the run's :class:`~planmodel.results.Results` (numbers, samples) and its
:class:`~planmodel.report.content.Briefing` (every label and figure as the documents write them),
draws on a new figure sized for a page format and returns the Axes; nothing is shown, pyplot is never
used and the global ``rcParams`` are never changed. :mod:`~planmodel.report.charts.render` draws the
set a run needs, keyed by ``(kind, subject)``, in parallel.
"""

from planmodel.report.charts.render import ChartFile, Rendering, chart_stem, draw, page_for, start

__all__ = ["ChartFile", "Rendering", "chart_stem", "draw", "page_for", "start"]
