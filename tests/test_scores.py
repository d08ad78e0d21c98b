"""Scores of probability forecasts against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from planmodel.analysis.scores import (
    brier,
    clustered_se,
    log_score,
    pit_histogram,
    reliability,
    summarize,
)

P = np.array([0.9, 0.2, 0.5, 1.0, 0.0])
MET = np.array([True, False, False, False, False])


def test_brier_by_hand():
    assert brier(P, MET) == pytest.approx([0.01, 0.04, 0.25, 1.0, 0.0])


def test_log_score_floor_by_hand():
    # 1.0 given to a miss is held at 0.99: ln(0.01); 0.0 given to a miss scores ln(0.99)
    expected = [math.log(0.9), math.log(0.8), math.log(0.5), math.log(0.01), math.log(0.99)]
    assert log_score(P, MET) == pytest.approx(expected)
    assert log_score(np.array([1.0]), np.array([True]), floor=0.001)[0] == pytest.approx(math.log(0.999))


def test_clustered_se_by_hand():
    x = np.array([1.0, 3.0, 2.0, 6.0])
    # mean 3; deviations −2, 0, −1, 3; clusters a: −2 + 0 = −2, b: −1 + 3 = 2
    se = clustered_se(x, ["a", "a", "b", "b"])
    assert se == pytest.approx(math.sqrt(2 / 1 * (4 + 4)) / 4)
    # one observation per cluster: the usual formula with n/(n−1)
    assert clustered_se(x, [1, 2, 3, 4]) == pytest.approx(math.sqrt(4 / 3 * 14) / 4)
    assert math.isnan(clustered_se(x, ["a"] * 4))


def test_pit_histogram_and_reliability_by_hand():
    assert list(pit_histogram(np.array([0.0, 0.05, 0.1, 0.55, 0.999, 1.0]))) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    rel = reliability(np.array([0.05, 0.08, 0.95, 1.0, 0.52]), np.array([0, 1, 1, 1, 0]))
    assert list(rel.counts) == [2, 0, 0, 0, 0, 1, 0, 0, 0, 2]
    assert rel.stated[0] == pytest.approx(0.065) and rel.observed[0] == pytest.approx(0.5)
    assert rel.stated[9] == pytest.approx(0.975) and rel.observed[9] == 1.0
    assert math.isnan(rel.observed[3])


def test_summary_by_hand():
    s = summarize(P, MET, np.array([1, 0, 0, 1, 1]), np.array([1, 1, 0, 1, 1]),
                  np.array([0.3, 0.9, 0.5, 0.1, 0.7]), [2020, 2020, 2021, 2021, 2022])
    assert s.n == 5
    assert s.brier == pytest.approx(1.3 / 5)
    assert s.log == pytest.approx((math.log(0.9) + math.log(0.8) + math.log(0.5) + math.log(0.01)
                                   + math.log(0.99)) / 5)
    assert s.coverage50 == pytest.approx(0.6) and s.coverage90 == pytest.approx(0.8)
    assert s.met_share == pytest.approx(0.2) and s.mean_probability == pytest.approx(0.52)
    assert list(s.pit_counts) == [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]
