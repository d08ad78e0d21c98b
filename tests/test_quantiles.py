"""Percentiles from every draw: within their stated bound of the exact ones, and merge-order free.

The exact percentile is ``numpy.quantile`` (linear rule) of the very same draws, so each check has
no Monte Carlo error: the streaming value must lie within the bound it reports (plus rounding).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planmodel.engine import simulate
from planmodel.evaluation import evaluate
from planmodel.quantiles import BINS, Grid, Tally, percentiles
from planmodel.results import QUANTILES

from conftest import build, minimal_dict

QS = (0.0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0)


def streamed(x, pilot_size=10_000, pieces=7, seed=0):
    """Tally ``x`` in random pieces on a grid from its first draws, as a run would."""
    grid = Grid.from_pilot(x[:pilot_size])
    tally = Tally.empty(grid)
    cuts = np.sort(np.random.default_rng(seed).choice(np.arange(1, len(x)), pieces - 1, replace=False))
    for part in np.split(x, cuts):
        tally.add(np.ascontiguousarray(part), grid)
    return tally, grid


def assert_within_bounds(x, tally, grid):
    found = percentiles(tally, grid, QS)
    exact = np.quantile(x, QS)
    slack = 1e-9 * max(1.0, float(np.max(np.abs(x))))
    assert np.all(np.abs(found.values - exact) <= found.bounds + slack), (found.values - exact, found.bounds)
    return found


RNG = np.random.default_rng(2026)
SAMPLES = {
    "normal": 1000 + 30 * RNG.standard_normal(200_000),
    "lognormal": np.exp(RNG.normal(0, 1.5, 200_000)),
    "uniform": RNG.uniform(-1, 1, 200_000),
    "bimodal": np.where(RNG.random(200_000) < 0.3, RNG.normal(-5, 0.2, 200_000), RNG.normal(5, 1, 200_000)),
    "student t, df 1.5": RNG.standard_t(1.5, 200_000),
    "few values": RNG.integers(0, 4, 200_000).astype(float),
    "negative growth": RNG.normal(-0.01, 0.004, 200_000),
}


@pytest.mark.parametrize("name", SAMPLES)
def test_streaming_percentiles_are_within_their_bound_of_the_exact_ones(name):
    x = SAMPLES[name]
    tally, grid = streamed(x)
    found = assert_within_bounds(x, tally, grid)
    inside = found.bounds == grid.width
    # inside the pilot's range the bound is one bin: 1/4096 of 1.25× the pilot range
    assert grid.width == pytest.approx(1.25 * np.ptp(x[:10_000]) / BINS)
    assert inside[2:-2].all() or name == "student t, df 1.5"  # 5–95%: inside for all but fat tails


def test_bound_is_tight_enough_to_matter_less_than_monte_carlo_error_at_a_million_draws():
    # Normal quantity: the bound is ~0.002 sd; the standard error of the median at 10^6 draws is
    # 1.25 sd / 1000 ≈ 0.00125 sd. The actual error (within-bin interpolation) is far smaller.
    x = SAMPLES["normal"]
    tally, grid = streamed(x)
    found = percentiles(tally, grid, QUANTILES)
    assert np.all(found.bounds / 30 < 0.0025)
    assert np.max(np.abs(found.values - np.quantile(x, QUANTILES))) / 30 < 0.0005


def test_minimum_and_maximum_are_exact_even_outside_the_grid():
    x = SAMPLES["student t, df 1.5"]
    tally, grid = streamed(x)
    found = percentiles(tally, grid, (0.0, 1.0))
    assert found.values[0] == x.min() and found.values[1] == x.max()
    assert tally.below > 0 and tally.above > 0  # fat tails reach past the pilot's range


def test_constant_quantity_is_exact_and_nan_propagates():
    tally, grid = streamed(np.full(50_000, 930.71))
    found = percentiles(tally, grid, QS)
    assert np.all(found.values == 930.71) and np.all(found.bounds == 0)
    x = SAMPLES["normal"].copy()
    x[123_456] = np.nan
    tally, grid = streamed(x)
    assert np.isnan(percentiles(tally, grid, (0.5,)).values).all()


def test_values_near_the_floating_point_floor_get_a_grid_with_width():
    # 1e-320 and 2e-320 differ by less than any normal number: their span over 4,096 bins used to
    # round to a width of 0 (a division by zero in the run; found by the fuzzer).
    x = np.array([1e-320, 2e-320, 5e-321, 1.5e-320])
    tally, grid = streamed(x, pieces=2)
    assert grid.width > 0 and np.isfinite(1.0 / grid.width)
    found = percentiles(tally, grid, (0.0, 0.5, 1.0))
    assert found.values[0] == x.min() and found.values[-1] == x.max()
    assert x.min() <= found.values[1] <= x.max()


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 5_000),
    st.sampled_from(["normal", "lognormal", "bimodal", "few values"]),
    st.integers(0, 2**16),
)
def test_any_sample_any_split(n, name, seed):
    x = np.random.default_rng(seed).permutation(SAMPLES[name])[:n]
    tally, grid = streamed(x, pilot_size=max(1, n // 3), pieces=min(5, n), seed=seed)
    assert_within_bounds(x, tally, grid)


def test_merging_in_any_order_gives_the_same_bits():
    x = SAMPLES["lognormal"]
    grid = Grid.from_pilot(x[:10_000])
    parts = np.array_split(x, 9)
    forward, backward = Tally.empty(grid), Tally.empty(grid)
    for part in parts:
        piece = Tally.empty(grid)
        piece.add(part, grid)
        forward.merge(piece)
    for part in reversed(parts):
        piece = Tally.empty(grid)
        piece.add(part, grid)
        backward.merge(piece.compact())
    a, b = percentiles(forward, grid, QS), percentiles(backward, grid, QS)
    assert np.array_equal(a.values, b.values) and np.array_equal(forward.counts, backward.counts)


def test_run_percentiles_come_from_every_draw_within_their_bounds():
    data = minimal_dict()
    data["indicators"]["population"]["growth"] = {"normal": {"mean": "1%", "sd": "1%"}}
    scenario = build(data)
    paths = simulate(scenario, entropy=4, draws=300_000)
    results = evaluate(scenario, paths)
    for key, table in results.percentiles.items():
        levels = paths.levels[key]
        for column in range(levels.shape[1]):
            exact = np.quantile(levels[:, column], QUANTILES)
            bound = results.percentile_bounds[key][column]
            assert np.all(np.abs(table[column] - exact) <= bound + 1e-9 * np.abs(exact)), (key, column)
    gdp = results.targets[0]
    measured = paths.levels["gdp"][:, paths.column(2026)]
    assert gdp.median == pytest.approx(np.median(measured), abs=results.percentile_bounds["gdp"][-1, 3])
