"""Percentiles from every draw: fixed fine histograms, merged by adding integer counts.

Each quantity whose percentiles a run reports (an indicator in a year, a target's measured value)
gets a grid of :data:`BINS` equal bins over the range of a pilot — the run's first
:data:`~planmodel.rng.CHUNK` draws, the same whatever the block size — widened by an eighth of its
span on each side. Every block counts its draws into the bins (values outside go to an underflow or
an overflow count) and records the exact minimum and maximum. Counts are integers, so blocks merge
by addition in any order: the percentiles are bit-identical for any block size, worker count or
backend, and memory does not grow with the number of draws.

A percentile is read like ``numpy.quantile`` (linear interpolation between the order statistics
around rank ``(n − 1)·q``), each order statistic being placed within its bin by its rank among the
bin's counts. **Error bound**: every order statistic inside the grid is within one bin width of its
exact value, so the percentile is too (an interpolation of two such values); the bound is reported
with each percentile. A percentile that reaches into the underflow or overflow is bounded by the
distance from the grid's edge to the exact minimum or maximum instead (never seen for 5–95% unless
the pilot was very unrepresentative). A quantity that never varies is reported exactly. If any draw
is NaN the percentiles are NaN, as ``numpy.quantile`` would give.

Numeric core: numpy only.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

BINS = 4096
"""Bins per quantity: a bound of 1/4096 of 1.25× the pilot's range (about 0.002 standard
deviations of a normal quantity)."""
_PAD = 0.125


@dataclass(frozen=True)
class Grid:
    """Equal bins ``lo + k·width`` for ``k`` in ``0 .. bins``, from a pilot."""

    lo: float
    width: float
    bins: int = BINS

    @property
    def hi(self) -> float:
        """Upper edge of the last bin."""
        return self.lo + self.width * self.bins

    @classmethod
    def from_pilot(cls, values: np.ndarray, bins: int = BINS) -> Grid:
        """A grid over the finite pilot values widened by an eighth of their span on each side."""
        finite = values[np.isfinite(values)]
        if finite.size == 0:
            return cls(0.0, 1.0, bins)
        low, high = float(finite.min()), float(finite.max())
        span = high - low
        if span <= 0.0:  # constant in the pilot: a narrow grid around it (exact if it stays constant)
            span = max(abs(low), 1.0) * 1e-9
        low, high = low - _PAD * span, high + _PAD * span
        width = (high - low) / bins
        if width < sys.float_info.min:  # values near the floating-point floor (1e-320): no usable
            width = max(abs(low), 1.0) * 2e-9 / bins  # width; the constant's narrow grid instead
            low = (low + high) / 2 - width * bins / 2
        return cls(low, width, bins)


@dataclass
class Tally:
    """Counts of one quantity's draws on a :class:`Grid`, plus the exact extremes; merge by adding."""

    counts: np.ndarray
    """Per bin, ``(bins,)`` integers."""
    below: int = 0
    above: int = 0
    nan: int = 0
    low: float = math.inf
    """Smallest value seen (NaN excluded)."""
    high: float = -math.inf

    @classmethod
    def empty(cls, grid: Grid) -> Tally:
        """No draws yet."""
        return cls(np.zeros(grid.bins, dtype=np.int64))

    @property
    def n(self) -> int:
        """Draws counted (NaN and infinite ones included)."""
        return int(self.counts.sum()) + self.below + self.above + self.nan

    def add(self, values: np.ndarray, grid: Grid) -> None:
        """Count ``values`` ``(n,)``."""
        low, high = float(values.min()), float(values.max())
        if not (math.isfinite(low) and math.isfinite(high)):  # ±inf counts as missing too: a run
            missing = ~np.isfinite(values)  # with infinite draws is refused (planmodel.undefined)
            self.nan += int(np.count_nonzero(missing))
            values = values[~missing]
            if values.size == 0:
                return
            low, high = float(values.min()), float(values.max())
        self.low, self.high = min(self.low, low), max(self.high, high)
        if low == high and low == self._constant():
            self.counts[self._bin(low, grid)] += values.size  # a quantity that does not vary
            return
        position = np.subtract(values, grid.lo)
        position *= 1.0 / grid.width
        if low < grid.lo or high >= grid.hi:
            self.below += int(np.count_nonzero(position < 0))
            self.above += int(np.count_nonzero(position >= grid.bins))
            position = position[(position >= 0) & (position < grid.bins)]
        self.counts += np.bincount(position.astype(np.intp), minlength=grid.bins)

    def _constant(self) -> float:
        return self.low if self.low == self.high else math.nan

    @staticmethod
    def _bin(value: float, grid: Grid) -> int:
        return min(max(int((value - grid.lo) / grid.width), 0), grid.bins - 1)

    def merge(self, other: Tally) -> None:
        """Add ``other``'s draws (exact and order-free: integers, minimum and maximum)."""
        self.counts += other.counts
        self.below += other.below
        self.above += other.above
        self.nan += other.nan
        self.low, self.high = min(self.low, other.low), max(self.high, other.high)

    def compact(self) -> Tally:
        """The same tally with 32-bit counts (what a block sends back; a block has < 2^31 draws)."""
        return Tally(self.counts.astype(np.int32), self.below, self.above, self.nan, self.low, self.high)


@dataclass(frozen=True)
class Percentiles:
    """Percentiles of one quantity with their error bounds (same units)."""

    values: np.ndarray
    bounds: np.ndarray


def percentiles(tally: Tally, grid: Grid, qs: Sequence[float]) -> Percentiles:
    """The ``qs``-quantiles of the counted draws (``numpy.quantile``'s linear rule) and their bounds."""
    n = tally.n
    if n == 0 or tally.nan:
        nan = np.full(len(qs), np.nan)
        return Percentiles(nan, nan.copy())
    if tally.low == tally.high:
        return Percentiles(np.full(len(qs), tally.low), np.zeros(len(qs)))
    cumulative = np.concatenate([[tally.below], tally.below + np.cumsum(tally.counts)])
    values, bounds = [], []
    for q in qs:
        rank = (n - 1) * q
        k = math.floor(rank)
        a, err_a = _order_statistic(tally, grid, cumulative, k)
        b, err_b = _order_statistic(tally, grid, cumulative, min(k + 1, n - 1))
        values.append(a + (rank - k) * (b - a))
        bounds.append(max(err_a, err_b))
    return Percentiles(np.array(values), np.array(bounds))


def _order_statistic(tally: Tally, grid: Grid, cumulative: np.ndarray, k: int) -> tuple[float, float]:
    """The ``k``-th smallest draw (0-based), placed within its bin, and the bound on its error."""
    if k == 0:
        return tally.low, 0.0
    if k == cumulative[-1] + tally.above - 1:
        return tally.high, 0.0
    if k < tally.below:  # in the underflow: between the minimum and the grid's lower edge
        span = grid.lo - tally.low
        return tally.low + span * (k + 0.5) / tally.below, span
    if k >= cumulative[-1]:  # in the overflow
        span = tally.high - grid.hi
        return grid.hi + span * (k - cumulative[-1] + 0.5) / tally.above, span
    b = int(np.searchsorted(cumulative, k, side="right")) - 1
    inside = (k - cumulative[b] + 0.5) / tally.counts[b]
    value = grid.lo + (b + inside) * grid.width
    return min(max(value, tally.low), tally.high), grid.width


@dataclass(frozen=True)
class Histogram:
    """A quantity's draws counted on equal bins — every draw — for distribution charts.

    ``counts[k]`` draws lie in ``[lo + k·width, lo + (k+1)·width)``; ``below`` lie between ``low``
    (the exact minimum) and ``lo``, ``above`` between the last edge and ``high``; ``nan`` are NaN.
    """

    lo: float
    width: float
    counts: np.ndarray
    below: int = 0
    above: int = 0
    low: float = math.nan
    high: float = math.nan
    nan: int = 0

    @property
    def draws(self) -> int:
        """Every draw counted, NaN included."""
        return int(self.counts.sum()) + self.below + self.above + self.nan

    def scaled(self, factor: float) -> Histogram:
        """The same counts for the quantity times ``factor`` > 0 (percent, another unit)."""
        return Histogram(self.lo * factor, self.width * factor, self.counts, self.below, self.above,
                         self.low * factor, self.high * factor, self.nan)

    def quantiles(self, qs: Sequence[float]) -> np.ndarray:
        """Percentiles of the counted draws (within one bin of the exact ones, :func:`percentiles`)."""
        tally = Tally(self.counts, self.below, self.above, self.nan, self.low, self.high)
        return percentiles(tally, Grid(self.lo, self.width, len(self.counts)), qs).values

    def counts_on(self, edges: np.ndarray) -> np.ndarray:
        """Draws per bin of coarser ``edges``.

        Each fine bin goes where its centre falls (half a fine bin at most from where its draws
        lie); draws outside the fine grid go to the first or last bin when that covers them.
        """
        centres = self.lo + self.width * (np.arange(len(self.counts)) + 0.5)
        counts, _ = np.histogram(centres, edges, weights=self.counts)
        if self.below and edges[0] <= self.low:
            counts[0] += self.below
        if self.above and edges[-1] >= self.high:
            counts[-1] += self.above
        return counts.astype(np.int64)


def histogram_of(values: np.ndarray, bins: int = BINS) -> Histogram:
    """The histogram of draws held in memory, on a grid from the draws themselves."""
    grid = Grid.from_pilot(np.asarray(values, dtype=float), bins)
    tally = Tally.empty(grid)
    tally.add(np.ascontiguousarray(values, dtype=float), grid)
    return histogram(tally, grid)


def histogram(tally: Tally, grid: Grid) -> Histogram:
    """The histogram of a tally (a copy of its counts)."""
    return Histogram(grid.lo, grid.width, tally.counts.copy(), tally.below, tally.above,
                     tally.low, tally.high, tally.nan)


@dataclass
class Tallies:
    """Tallies of several quantities by key, on their grids; merge by adding."""

    grids: dict[object, Grid]
    tallies: dict[object, Tally] = field(default_factory=dict)

    def add(self, key: object, values: np.ndarray) -> None:
        """Count the draws of quantity ``key``."""
        tally = self.tallies.get(key)
        if tally is None:
            tally = self.tallies[key] = Tally.empty(self.grids[key])
        tally.add(values, self.grids[key])

    def merge(self, other: Tallies) -> None:
        """Add another set of tallies of the same quantities."""
        for key, tally in other.tallies.items():
            mine = self.tallies.get(key)
            if mine is None:
                self.tallies[key] = Tally(tally.counts.astype(np.int64), tally.below, tally.above,
                                          tally.nan, tally.low, tally.high)
            else:
                mine.merge(tally)

    def compact(self) -> Tallies:
        """32-bit counts, grids left out (the receiver has them): what a block sends back."""
        return Tallies({}, {k: t.compact() for k, t in self.tallies.items()})

    def percentiles(self, key: object, qs: Sequence[float]) -> Percentiles:
        """Percentiles of quantity ``key``."""
        return percentiles(self.tallies[key], self.grids[key], qs)
