"""Analyses built on the engine: what it would take and what matters; fitting and back-testing.

What it would take and what matters — one module per method, each a pure function of a validated
scenario (numpy; SALib for global indices), returning numbers with a ``to_frame()`` for a pandas
DataFrame:

- :mod:`.required`: the pace each target needs from the latest actual, beside the pace achieved
  and assumed, and (:mod:`.pairs`) the plan checked against itself (level and real growth
  targets together);
- :mod:`.seek`: the value of one assumption that gives a target a chosen probability;
- :mod:`.sensitivity`: tornado (one assumption at its 10th and 90th percentile), Sobol indices,
  and the assumptions that decide each target;
- :mod:`.sweep`: target probabilities over a grid of one or two assumptions;
- :mod:`.compare`: several scenarios side by side;
- :mod:`.conditions`: the simplest rule on the assumptions that separates success from failure;
- :mod:`.insight`: sensitivity and conditions of the key targets for ``run --sensitivity``.

All of them reuse the same draws across trials (common random numbers, :mod:`.trials`), change
assumptions through :mod:`.overrides` (no YAML is read again) and hold assumptions fixed through
engine pins (:mod:`.factors`).

Fitting and back-testing:

- :mod:`~planmodel.analysis.fit`: a history of growth rates → the ``over_years`` numbers of a scenario;
- :mod:`~planmodel.analysis.cases`: back-test cases (``backtests/*.yaml``) as typed data;
- :mod:`~planmodel.analysis.backtest`: each case run as it stood when its target was set;
- :mod:`~planmodel.analysis.scores`: Brier and log scores, interval coverage, PIT, reliability;
- :mod:`~planmodel.analysis.reference_class`: plan-versus-outcome errors → the outside view.

Numeric modules import no YAML, click or matplotlib; reading files and drawing live in
``case_files``, ``history_io``, ``backtest_report`` and :mod:`planmodel.report.charts`.
"""
