"""A running year conditioned on its year-to-date growth (``ytd:``), and what the rest must grow.

With ``s`` the share of the months so far in the year's total (from past data, with its
uncertainty ``share_sd``), ``g_ytd`` the published growth so far and ``g_rest`` the growth of the
remaining months, the year's growth is the share-weighted mean

    g = s·g_ytd + (1 − s)·g_rest.

This is the analysts' rule (planning-practice.md, "Intra-year data": full ≈ s·g(Q1–3) +
(1 − s)·g(Q4), Q4 ≈ 28.4% of 2021 national GDP); no statistics office publishes an official method.
The scenario's assumption for the year is read as the growth of the remaining months, so a draw
keeps its persistence and correlations. If ``g_rest ~ N(μ, σ²)`` and ``s`` is fixed, ``g ~ N(s·g_ytd
+ (1 − s)·μ, (1 − s)²σ²)``: each further month of data narrows the year's spread.

Numeric core: numpy only.
"""

from __future__ import annotations

import numpy as np

from .scenario.ytd import YearToDate

SHARE_BOUNDS = (0.01, 0.99)
"""A drawn share is kept inside these bounds (a share of 0 or 1 would make the rest meaningless)."""


def year_from_ytd(entry: YearToDate, rest: np.ndarray, z: np.ndarray | float = 0.0) -> np.ndarray:
    """The year's growth per draw from the draws ``rest`` of the remaining months' growth."""
    share = np.clip(entry.share + entry.share_sd * np.asarray(z), *SHARE_BOUNDS)
    return share * entry.growth + (1.0 - share) * rest


def rest_needed(entry: YearToDate, target: float) -> float:
    """The growth the remaining months need for the year to reach ``target`` (at the stated share)."""
    return (target - entry.share * entry.growth) / (1.0 - entry.share)
