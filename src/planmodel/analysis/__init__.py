"""Analyses built on the engine: fitting assumptions to history and back-testing past plans.

- :mod:`~planmodel.analysis.fit`: a history of growth rates → the ``over_years`` numbers of a scenario;
- :mod:`~planmodel.analysis.cases`: back-test cases (``backtests/*.yaml``) as typed data;
- :mod:`~planmodel.analysis.backtest`: each case run as it stood when its target was set;
- :mod:`~planmodel.analysis.scores`: Brier and log scores, interval coverage, PIT, reliability;
- :mod:`~planmodel.analysis.reference_class`: plan-versus-outcome errors → the outside view.

Numeric modules import no YAML, click or matplotlib; reading files and drawing live in
``case_files``, ``history_io``, ``backtest_report`` and :mod:`planmodel.report.charts.calibration`.
"""
