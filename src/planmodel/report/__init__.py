"""Reports of a run: charts, tables, sentences and export writers (rendering only, no computation).

Chart modules import matplotlib; import them explicitly (``planmodel.report.charts``) so that the
numeric core never pulls in the plotting stack.
"""
