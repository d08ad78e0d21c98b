"""Analyses of a scenario beyond "how likely": what it would take and what matters.

One module per method, each a pure function of a validated scenario (numpy; SALib for global
indices), returning numbers with a ``to_frame()`` for a pandas DataFrame:

- :mod:`.required`: the pace each target needs from the latest actual, beside the pace achieved
  and assumed, and (:mod:`.pairs`) the plan checked against itself (level and real growth
  targets together);
- :mod:`.seek`: the value of one assumption that gives a target a chosen probability;
- :mod:`.sensitivity`: tornado (one assumption at its 10th and 90th percentile), Sobol or Morris
  indices, and the assumptions that decide each target;
- :mod:`.sweep`: target probabilities over a grid of one or two assumptions;
- :mod:`.compare`: several scenarios side by side;
- :mod:`.conditions`: the simplest rule on the assumptions that separates success from failure.

All of them reuse the same draws across trials (common random numbers, :mod:`.trials`), change
assumptions through :mod:`.overrides` (no YAML is read again) and hold assumptions fixed through
engine pins (:mod:`.factors`).
"""
