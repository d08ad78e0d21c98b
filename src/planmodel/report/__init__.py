"""Presentation: from a run's numbers to what a reader sees, built once per run and language.

``formats`` (every number → text, one rounding rule) · ``i18n`` with ``catalog`` and
``catalog_layout`` (every word, Chinese and English) · ``rows`` and ``sentences`` (the overview rows
and findings) · ``appendix`` (risks, assumptions, sources, method, run) · ``content`` (the
:class:`~planmodel.report.content.Briefing`) · ``charts/`` (drawn from the briefing, keyed by
(kind, subject)) · ``writers/`` (lay out the briefing) · ``bundle`` (the files a run writes).

Only ``charts`` imports matplotlib; import it explicitly (``planmodel.report.charts``).
"""
