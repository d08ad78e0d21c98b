"""Writers: each lays out a :class:`~planmodel.report.content.Briefing` in one format.

``console`` (terminal table), ``markdown`` (summary.md), ``data`` (results.json, targets.csv,
percentiles.csv), ``xlsx``, ``docx``, ``pptx`` (with ``slidefit``, which measures slide text) and
``html``. A writer only lays out what the briefing says: it computes nothing and never imports
another writer. The list of files a run writes is :mod:`planmodel.report.bundle`'s.
"""
