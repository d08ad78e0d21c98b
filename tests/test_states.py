"""States are drawn only where needed, with exactly the joint law of the process run over the whole grid.

The engine skips the columns of the year grid where no driver's state is used (published years)
and starts some drivers late (:func:`planmodel.dynamics.active_columns`). The claim is exact, not
approximate: the mean and covariance of every used state equal those of the full process (every
driver, every column; a stationary start, then ``y_t = Φ y_{t-1} + ν_t`` with ``ν ~ N(0, R − ΦRΦ)``
and observed deviations replacing a driver's state). Both sides are computed in closed form here,
so the comparison has no Monte Carlo error.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from planmodel.dynamics import active_columns, persistence_conflict, state_steps


def full_moments(corr, phi, restarts, n_columns):
    """Mean ``(T, n)`` and covariance ``(T·n, T·n)`` of the full process (index ``t·n + i``)."""
    n = len(phi)
    q = corr * (1.0 - np.outer(phi, phi))
    mean = np.zeros((n_columns, n))
    cov = np.zeros((n_columns * n, n_columns * n))
    cov[:n, :n] = corr
    for t in range(1, n_columns):
        a = np.diag(phi)
        b = np.zeros(n)
        for i, (column, state) in restarts.items():
            if column == t - 1:
                a[i, i] = 0.0
                b[i] = phi[i] * state
        mean[t] = a @ mean[t - 1] + b
        now, before = slice(t * n, (t + 1) * n), slice((t - 1) * n, t * n)
        for s in range(t):
            other = slice(s * n, (s + 1) * n)
            cov[now, other] = a @ cov[before, other]
            cov[other, now] = cov[now, other].T
        cov[now, now] = a @ cov[before, before] @ a.T + q
    return mean, cov


def reduced_moments(steps):
    """Mean and covariance of the states the engine simulates, keyed by ``(driver, column)``."""
    keys, means, blocks = [], [], []
    index: dict[tuple[int, int], int] = {}
    previous = None
    cov = np.zeros((0, 0))
    for step in steps:
        k = len(step.drivers)
        carry = np.zeros((k, len(cov)))
        shift = np.zeros(k)
        for row, before, phi in step.carried:
            carry[row, previous[before]] = phi
        for row, value in step.restarted:
            shift[row] = value
        mean = carry @ np.array(means) + shift if means else shift
        cross = carry @ cov
        var = carry @ cov @ carry.T + step.factor @ step.factor.T
        cov = np.block([[cov, cross.T], [cross, var]])
        previous = []
        for i in step.drivers:
            index[(i, step.column)] = len(keys)
            previous.append(len(keys))
            keys.append((i, step.column))
        means = list(means) + list(mean)
        blocks.append(k)
    return index, np.array(means), cov


@st.composite
def processes(draw):
    n = draw(st.integers(2, 4))
    n_columns = draw(st.integers(2, 6))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    loadings = rng.normal(size=(n, n)) * (rng.random((n, n)) < 0.6)
    corr = np.eye(n)
    if draw(st.booleans()):
        gram = loadings @ loadings.T + np.eye(n)
        d = np.sqrt(np.diag(gram))
        corr = gram / np.outer(d, d)
    phi = np.array([draw(st.sampled_from([0.0, 0.0, 0.3, -0.4, 0.6, 0.8])) for _ in range(n)])
    used = [frozenset(c for c in range(n_columns) if rng.random() < 0.5) for _ in range(n)]
    restarts = {}
    for i in range(n):
        if phi[i] and draw(st.booleans()):
            restarts[i] = (draw(st.integers(0, n_columns - 2)), float(rng.normal()))
    return corr, phi, used, restarts, n_columns


@settings(max_examples=300, deadline=None)
@given(processes())
def test_used_states_have_the_full_process_law(process):
    corr, phi, used, restarts, n_columns = process
    if persistence_conflict(corr, phi, [str(i) for i in range(len(phi))]) is not None:
        return  # scenarios like this are refused when read
    active = active_columns(used, corr, phi, restarts)
    for u, a in zip(used, active, strict=True):
        assert u <= a
    steps = state_steps(active, corr, phi, restarts)
    index, mean, cov = reduced_moments(steps)
    full_mean, full_cov = full_moments(corr, phi, restarts, n_columns)
    n = len(phi)
    pairs = [(i, c) for i in range(n) for c in sorted(used[i])]
    reduced = [index[p] for p in pairs]
    full = [c * n + i for i, c in pairs]
    np.testing.assert_allclose(mean[reduced], full_mean.ravel()[full], atol=1e-12)
    np.testing.assert_allclose(cov[np.ix_(reduced, reduced)], full_cov[np.ix_(full, full)], atol=1e-12)


def test_published_years_get_no_random_numbers():
    # Two independent drivers used in the last two of five columns; one persistent, one not.
    corr, phi = np.eye(2), np.array([0.5, 0.0])
    used = [frozenset({3, 4}), frozenset({3, 4})]
    active = active_columns(used, corr, phi, {})
    assert active == [frozenset({3, 4}), frozenset({3, 4})]
    steps = state_steps(active, corr, phi, {})
    assert [s.column for s in steps] == [3, 4]
    assert sum(len(s.drivers) for s in steps) == 4  # not 2 drivers × 5 columns


def test_correlated_persistent_driver_runs_from_the_first_needed_column():
    # b is used only in column 4 but correlates with a (used in column 1) and persists: its
    # state in 4 covaries with a's in 1 (φ³ρ), so it must be carried from column 1.
    corr = np.array([[1.0, 0.6], [0.6, 1.0]])
    active = active_columns([frozenset({1}), frozenset({4})], corr, np.array([0.0, 0.5]), {})
    assert active == [frozenset({1}), frozenset({1, 2, 3, 4})]
