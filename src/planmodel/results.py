"""Result containers shared by the engine, the evaluation and the reports.

``Paths`` holds simulated draws (``(n_draws, n_years)`` arrays per indicator); ``Results`` holds what
a run concludes: target probabilities with their Monte Carlo intervals, percentiles by indicator and
year, and a retained sample of draws for charts. Both are plain data: no I/O, no plotting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from .scenario.model import Basis, CalibrationName, Comparison, LevelBasis, Measure, ValueStatus

QUANTILES: tuple[float, ...] = (0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95)
"""Percentile levels reported for every indicator and year."""



@dataclass(frozen=True)
class Paths:
    """Simulated paths of one block (or of all draws) on a common year grid.

    ``levels[k]`` is indicator ``k`` in its own unit (current prices for money), shape
    ``(n_draws, n_years)``. ``real_growth[k]`` is the year-on-year real rate of the same shape, NaN
    where the year has no predecessor or the rate is not defined (real growth of a derived
    indicator). ``price_index[k]`` is the cumulated price level relative to the indicator's last
    actual year (1.0 there, and back to earlier years where real growth is known), for indicators
    with a real/nominal split. Nominal growth follows from
    levels and is derived on demand (:attr:`nominal_growth`), not stored.
    """

    years: tuple[int, ...]
    levels: dict[str, np.ndarray]
    real_growth: dict[str, np.ndarray]
    price_index: dict[str, np.ndarray] = field(default_factory=dict)
    rebase_factor: dict[str, np.ndarray] = field(default_factory=dict)
    """For indicators with a census revision: new basis / old basis per draw, shape ``(n_draws,)``.
    Levels are on the revised basis in every year; dividing by it gives the basis before."""

    @property
    def nominal_growth(self) -> dict[str, np.ndarray]:
        """Year-on-year growth of every level (current prices for money), derived from levels."""
        return {key: growth_from_levels(value) for key, value in self.levels.items()}

    @property
    def n_draws(self) -> int:
        """Number of draws (rows)."""
        first = next(iter(self.levels.values()))
        return int(first.shape[0])

    def column(self, year: int) -> int:
        """Index of ``year`` on the year axis."""
        return self.years.index(year)

    def head(self, n: int) -> Paths:
        """The first ``n`` draws (used to keep a bounded sample for charts and percentiles)."""
        return Paths(
            years=self.years,
            levels={k: v[:n] for k, v in self.levels.items()},
            real_growth={k: v[:n] for k, v in self.real_growth.items()},
            price_index={k: v[:n] for k, v in self.price_index.items()},
            rebase_factor={k: v[:n] for k, v in self.rebase_factor.items()},
        )

    @staticmethod
    def concatenate(parts: list[Paths]) -> Paths:
        """Stack blocks of draws in the order given (callers pass them in block order)."""
        first = parts[0]

        def stack(attr: str) -> dict[str, np.ndarray]:
            keys = getattr(first, attr).keys()
            return {k: np.concatenate([getattr(p, attr)[k] for p in parts]) for k in keys}

        return Paths(
            years=first.years,
            levels=stack("levels"),
            real_growth=stack("real_growth"),
            price_index=stack("price_index"),
            rebase_factor=stack("rebase_factor"),
        )


def growth_from_levels(levels: np.ndarray) -> np.ndarray:
    """Year-on-year growth of levels ``(n, n_years)``; NaN in the first year and where unknown."""
    out = np.full_like(levels, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        out[:, 1:] = levels[:, 1:] / levels[:, :-1] - 1.0
    return out


@dataclass(frozen=True)
class IndicatorInfo:
    """What reports need to know about an indicator besides its draws."""

    key: str
    label: str
    unit: str
    kind: Literal["simulated", "derived"]
    price_basis: Literal["split", "nominal_only", "no_prices"]
    """``split``: real growth + deflator; ``nominal_only``: growth of the current-price level;
    ``no_prices``: a quantity without prices (population, counts, shares)."""
    actual: dict[int, float]
    """Known levels used, by year (in ``unit``): published, preliminary or assumed."""
    last_actual_year: int | None
    region: str | None = None
    label_en: str | None = None
    """English label for ``--lang en`` (the scenario's ``label_en``), if given."""
    actual_status: dict[int, ValueStatus] = field(default_factory=dict)
    """What each known level in ``actual`` is; reports draw and label assumed values apart."""


@dataclass(frozen=True)
class FirstPassage:
    """Probability that a level target has been reached by a year, and first reached in it."""

    year: int
    reached_by: float
    first_reached: float


@dataclass(frozen=True)
class HistoricalGrowth:
    """Average annual growth between two published levels, for comparison with what is required."""

    from_year: int
    to_year: int
    nominal: float | None
    real: float | None


@dataclass(frozen=True)
class TargetResult:
    """The verdict on one target.

    ``probability`` is successes / draws with a Wilson 95% interval ``[ci_low, ci_high]``;
    ``display`` writes it for people, with ``< 1/N`` and ``> 1 − 1/N`` for 0 and 1.
    ``median``, ``p5``, ``p95`` describe the measured quantity (a level in ``unit``, or a rate as a
    fraction for growth measures). ``required_growth`` is the average annual nominal growth from
    ``required_from_year`` that would exactly reach the threshold (real where ``basis`` is real).
    """

    name: str
    indicator: str | None
    label: str
    measure: Measure
    basis: Basis
    comparison: Comparison
    year: int
    first_year: int | None
    threshold: float | tuple[float, float] | None
    unit: str
    successes: int
    draws: int
    probability: float
    ci_low: float
    ci_high: float
    display: str
    median: float | None = None
    p5: float | None = None
    p95: float | None = None
    gap: float | None = None
    required_growth: float | None = None
    required_real_growth: float | None = None
    required_from_year: int | None = None
    required_change: float | None = None
    """For indicators that move by additive changes (城镇化率): the yearly change needed, in
    ``unit`` per year, from ``required_from_year``."""
    historical: HistoricalGrowth | None = None
    first_passage: tuple[FirstPassage, ...] = ()
    determined: bool = False
    """True when the outcome is fixed by published data (no draw can change it)."""
    strength: str | None = None
    source: str | None = None
    members: tuple[str, ...] = ()
    level_basis: LevelBasis | None = None
    """For a level on an indicator with a census revision (``rebase``): ``revised`` (the basis of
    the latest data) or ``pre_revision`` (the basis before the census); ``None`` otherwise."""


@dataclass(frozen=True)
class AssumptionRow:
    """One line of the assumptions table: what is assumed, for which years, and why."""

    indicator: str
    label: str
    variable: str
    years: str
    description: str
    reason: str | None
    source: str | None


@dataclass(frozen=True)
class Results:
    """Everything a run concludes; reports read only this."""

    scenario: str
    region: str | None
    draws: int
    seed: int | None
    entropy: int
    years: tuple[int, ...]
    indicators: dict[str, IndicatorInfo]
    percentiles: dict[str, np.ndarray]
    """``percentiles[k]`` has shape ``(n_years, len(QUANTILES))``: levels in the indicator's unit."""
    targets: tuple[TargetResult, ...]
    sample: Paths
    """The first ``sample.n_draws`` draws, kept for charts (percentiles are computed from them)."""
    target_samples: dict[str, np.ndarray]
    """Per target name, the measured quantity on the retained sample, shape ``(n_sample,)``."""
    assumptions: tuple[AssumptionRow, ...] = ()
    quantiles: tuple[float, ...] = QUANTILES
    notes: tuple[str, ...] = ()
    calibration: CalibrationName = "none"
    """Which assumptions the run used: as written (``none``) or shifted and widened by past plan
    errors (``outside_view``, :mod:`planmodel.calibration`; its numbers are in the manifest)."""
