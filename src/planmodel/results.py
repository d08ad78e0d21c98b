"""Result containers shared by the engine, the evaluation and the reports.

``Paths`` holds simulated draws (``(n_draws, n_years)`` arrays per indicator); ``Results`` holds what
a run concludes: target probabilities with their Monte Carlo intervals, percentiles by indicator and
year and histograms of each target's measured value (from every draw), and a small retained sample.
Both are plain data: no I/O, no plotting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from .distribution_base import Distribution
from .quantiles import Histogram
from .scenario.model import Correlation
from .scenario.vocabulary import Basis, CalibrationName, Comparison, LevelBasis, Measure, ValueStatus
from .units import Unit

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
    real_growth: Mapping[str, np.ndarray]
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
    out = np.empty_like(levels)
    out[:, 0] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        for t in range(1, levels.shape[1]):  # column by column: no temporaries of the whole array
            np.divide(levels[:, t], levels[:, t - 1], out=out[:, t])
            out[:, t] -= 1.0
    return out


Evidence = Literal["published", "preliminary", "estimate", "assumed", "simulated"]
"""How a value is known: published data, a preliminary figure, a planner's assumption, or an
estimate (a value computed from simulated parts, such as a ratio whose denominator is projected)."""


class Deferred(Mapping[str, np.ndarray]):
    """Arrays by key, each computed on first access and kept.

    For quantities that few targets read (the real growth of quantities without prices and of
    derived indicators): a block of draws computes only those a target or report asks for.
    """

    def __init__(
        self,
        ready: Mapping[str, np.ndarray] | None = None,
        pending: Mapping[str, Callable[[], np.ndarray]] | None = None,
        order: Sequence[str] | None = None,
    ) -> None:
        self._ready = dict(ready or {})
        self._pending = dict(pending or {})
        self._order = list(order) if order is not None else [*self._ready, *self._pending]

    def __getitem__(self, key: str) -> np.ndarray:
        if key not in self._ready:
            make = self._pending.pop(key)  # KeyError for unknown keys, as a dict
            self._ready[key] = make()
        return self._ready[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def extended(self, pending: Mapping[str, Callable[[], np.ndarray]]) -> Deferred:
        """A copy with more keys computed on demand (this one's computed arrays are shared)."""
        return Deferred(self._ready, {**self._pending, **pending}, [*self._order, *pending])


@dataclass(frozen=True)
class IndicatorInfo:
    """What reports need to know about an indicator besides its draws."""

    key: str
    label: str
    unit: Unit
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
    actual_growth: dict[int, float] = field(default_factory=dict)
    """Known growth rates by year (fractions; real for ``split`` indicators, in ``unit`` a year for
    indicators that move by additive changes)."""
    growth_status: dict[int, ValueStatus] = field(default_factory=dict)
    """What each known growth rate in ``actual_growth`` is."""
    actual_avg_growth: dict[tuple[int, int], float] = field(default_factory=dict)
    """Published average growth rates (``actual_avg_growth``) by their first and last year, on the
    same basis as ``actual_growth``."""
    components: tuple[str, ...] = ()
    """For a derived indicator, the indicators its formula reads."""
    note: str | None = None
    """The planner's note on the indicator (a caveat on its data), as written."""
    note_en: str | None = None
    """The note in English (``note_en``), if given."""
    actual_sources: dict[int, str] = field(default_factory=dict)
    """Where each known level and growth rate comes from, as the scenario cites it, by year."""
    status_by_year: dict[int, Evidence] = field(default_factory=dict)
    """How the level of every year of the grid is known; ``simulated`` for years the model fills in
    or projects (see :mod:`planmodel.known`)."""

    @property
    def is_share(self) -> bool:
        """True for percentages and per-mille values: their changes are percentage points."""
        return self.unit.symbol in ("%", "‰")


@dataclass(frozen=True)
class FirstPassage:
    """Probability that a level target has been reached by a year, and first reached in it."""

    year: int
    reached_by: float
    first_reached: float


@dataclass(frozen=True)
class HistoricalGrowth:
    """The pace between the last two known levels, for comparison with what is required.

    ``nominal`` and ``real`` are average annual growth rates (fractions); ``change`` is the average
    yearly change in the indicator's unit (for shares: percentage points a year).
    """

    from_year: int
    to_year: int
    nominal: float | None
    real: float | None
    change: float | None = None


@dataclass(frozen=True)
class TolerantReading:
    """A target read with the tolerance its wording carries (左右, 力争): same draws, looser threshold."""

    word: str
    """The word that carries the tolerance (``左右``), or ``tolerance`` when the scenario states it."""
    threshold: float | None
    """The tolerant threshold (None for a joint target: its members' tolerant readings)."""
    successes: int
    probability: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class TargetResult:
    """The verdict on one target, in numbers only.

    ``probability`` is successes / draws with a 95% interval ``[ci_low, ci_high]`` (Wilson; at 0 or
    all successes the exact one-sided 95% bound, see :func:`planmodel.evaluation.probability_interval`).
    ``median``, ``p5``, ``p95`` describe the measured quantity (a level in ``unit``, or a rate as a
    fraction for growth measures). The pace fields compare the target with its indicator's latest
    known value (``start_year``, the same year for every target of an indicator):
    ``required_growth`` is the average annual nominal growth from there that exactly reaches the
    threshold (real where ``basis`` is real), ``required_change`` the yearly change for shares and
    additive indicators, ``projected_pace`` the median simulated pace over the same years.
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
    unit: Unit
    """Unit of ``threshold``, ``median``, ``p5``, ``p95`` (for growth measures: rates, ``%``)."""
    successes: int
    draws: int
    probability: float
    ci_low: float
    ci_high: float
    median: float | None = None
    p5: float | None = None
    p95: float | None = None
    gap: float | None = None
    """``median - threshold`` (the lower end of a range)."""
    start_year: int | None = None
    """The indicator's latest known year, from which the pace is measured."""
    start_value: float | None = None
    """The indicator's value in ``start_year`` (the median draw where it is an estimate)."""
    start_status: Evidence | None = None
    required_growth: float | None = None
    required_real_growth: float | None = None
    required_from_year: int | None = None
    required_change: float | None = None
    """For shares and indicators that move by additive changes (城镇化率): the yearly change needed,
    in ``unit`` per year, from ``required_from_year``."""
    required_upper: float | None = None
    """For a range target: the pace (growth or change, as above) that reaches its upper end."""
    required_real_upper: float | None = None
    """For a range target of an indicator with prices: the real growth that reaches its upper end."""
    projected_pace: float | None = None
    """Median simulated pace from ``start_year`` to ``year``: average annual growth (nominal for
    money), or the yearly change for shares and additive indicators; for growth targets the median
    of the measured rate."""
    historical: HistoricalGrowth | None = None
    first_passage: tuple[FirstPassage, ...] = ()
    determined: bool = False
    """True when the outcome is fixed by known data (no draw can change it)."""
    evidence: Evidence | None = None
    """For a determined target, the weakest status among the values that fix it."""
    strength: str | None = None
    source: str | None = None
    note: str | None = None
    members: tuple[str, ...] = ()
    name_en: str | None = None
    """English name for ``--lang en`` (the target's ``name_en``), if given."""
    note_en: str | None = None
    """The planner's note on the target in English (``note_en``), if given."""
    level_basis: LevelBasis | None = None
    """For a level on an indicator with a census revision (``rebase``): ``revised`` (the basis of
    the latest data) or ``pre_revision`` (the basis before the census); ``None`` otherwise."""
    attribute: Literal["binding", "expected"] | None = None
    """约束性 (binding) or 预期性 (expected), as the plan states; None if not stated."""
    tolerant: TolerantReading | None = None
    """The reading with the wording's tolerance, where it differs from the strict one."""
    reference: str | None = None
    """For a relative target (高于全省平均): the indicator compared with. ``threshold``, ``median``,
    ``p5``, ``p95`` are then differences (this target's measure minus the reference's)."""


AssumptionKind = Literal[
    "real_growth",
    "growth",
    "change",
    "deflator",
    "assumed_level",
    "assumed_growth",
    "over_years",
    "deflator_over_years",
    "rebase",
    "revision",
]


@dataclass(frozen=True)
class Assumption:
    """One assumption: what is assumed for which indicator and years, and why.

    ``distribution`` is the assumed distribution of a driver (a rate as a fraction, or a change in
    ``unit``) or of a census shift (``rebase``: new basis / old basis − 1); assumed known values (a
    start level or a past growth rate the planner had to assume) carry ``value`` instead. Trend doubt
    and persistence (``over_years``, ``deflator_over_years``) and the revision uncertainty of a
    published value (``revision``) carry named ``parameters``.
    """

    indicator: str
    kind: AssumptionKind
    years: tuple[int, ...]
    unit: Unit
    distribution: Distribution | None = None
    value: float | None = None
    reason: str | None = None
    source: str | None = None
    parameters: tuple[tuple[str, float], ...] = ()
    """``trend_sd``, ``persistence``, ``start_deviation`` (as stated); ``revision_sd`` for a revision."""
    in_unit: bool = False
    """The numbers are in ``unit`` (yearly changes of the indicator) rather than rates."""
    revised: Literal["level", "growth"] | None = None
    """For a revision: whether a published level or a published growth rate may be revised."""
    status: ValueStatus | None = None
    """For a revision: the status of the value that may be revised."""
    reason_en: str | None = None
    """The reason in English (``reason_en``, or an observation's ``note_en``), if the planner gave one."""


@dataclass(frozen=True)
class UnmodelledTask:
    """A plan item without a number the model could use (``tasks:``), listed as not modelled."""

    name: str
    source: str | None = None
    note: str | None = None
    attribute: Literal["binding", "expected"] | None = None


@dataclass(frozen=True)
class ScenarioNote:
    """A note the planner wrote in the scenario (``notes:``), as written, with its English if given."""

    text: str
    text_en: str | None = None


@dataclass(frozen=True)
class GapYears:
    """Years between two known levels of an indicator that were not published."""

    indicator: str
    years: tuple[int, ...]


Note = ScenarioNote | GapYears


@dataclass(frozen=True)
class Results:
    """Everything a run concludes, as numbers; reports read only this."""

    scenario: str
    region: str | None
    draws: int
    seed: int | None
    entropy: int
    years: tuple[int, ...]
    indicators: dict[str, IndicatorInfo]
    percentiles: dict[str, np.ndarray]
    """``percentiles[k]`` has shape ``(n_years, len(QUANTILES))``: levels in the indicator's unit,
    from every draw (:mod:`planmodel.quantiles`); NaN before an indicator's data."""
    targets: tuple[TargetResult, ...]
    sample: Paths
    """The first ``sample.n_draws`` draws, kept for charts (percentiles are computed from them)."""
    target_samples: dict[str, np.ndarray]
    """Per target name, the measured quantity on the retained sample, shape ``(n_sample,)``."""
    assumptions: tuple[Assumption, ...] = ()
    correlations: tuple[Correlation, ...] = ()
    quantiles: tuple[float, ...] = QUANTILES
    percentile_bounds: dict[str, np.ndarray] = field(default_factory=dict)
    """Same shape as ``percentiles``: the most each percentile can differ from the exact percentile
    of all draws (one bin width of its grid; 0 for a quantity that never varies)."""
    distributions: dict[str, Histogram] = field(default_factory=dict)
    """Per target name, the counts of its measured quantity over every draw (distribution charts)."""
    notes: tuple[Note, ...] = ()
    scenario_en: str | None = None
    issuer: str | None = None
    description: str | None = None
    base_year: int | None = None
    """The as-of cut of the run (published data only up to this year), if any."""
    calibration: CalibrationName = "none"
    """Which assumptions the run used: as written (``none``) or shifted and widened by past plan
    errors (``outside_view``, :mod:`planmodel.calibration`; its numbers are in the manifest)."""
    retained: int = 0
    """How many draws the percentiles and charts are computed from (0: all of them)."""
    tasks: tuple[UnmodelledTask, ...] = ()
    """Plan items with no number the model could use: listed in the reports as not modelled."""
    task_notes_en: Mapping[str, str] = field(default_factory=dict)
    """English notes of tasks (``note_en``) by task name. Kept beside the task records, which
    results.json lists field by field as the scenario wrote them."""

    @property
    def sample_size(self) -> int:
        """How many draws the percentiles and charts are computed from."""
        return self.retained or self.draws
