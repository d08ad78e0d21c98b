"""Briefing charts: fan, outcome distribution, dashboard and first passage, drawn from a briefing.

Each chart function takes the run's :class:`~planmodel.results.Results` (numbers, samples) and its
:class:`~planmodel.report.content.Briefing` (every label and figure as the documents write them),
draws on a new 16 cm wide figure and returns the Axes; nothing is shown, pyplot is never
used and the global ``rcParams`` are never changed. :mod:`~planmodel.report.charts.render` draws and
saves one, keyed by ``(kind, subject)``; :mod:`planmodel.report.chart_jobs` gets the set a run needs
drawn, in parallel.
"""

from planmodel.report.charts.render import draw, render_chart

__all__ = ["draw", "render_chart"]
