"""A hand-built ``Results`` for report tests that must not depend on the engine.

Draws are log-normal levels around a known median so a test can state what a chart must show.
"""

from __future__ import annotations

import numpy as np

from planmodel.distribution_families import Normal
from planmodel.evaluation import probability_interval
from planmodel.quantiles import histogram_of
from planmodel.results import (
    QUANTILES,
    Assumption,
    FirstPassage,
    GapYears,
    HistoricalGrowth,
    IndicatorInfo,
    Paths,
    Results,
    ScenarioNote,
    TargetResult,
)
from planmodel.units import UNITS

YEARS = (2021, 2022, 2023, 2024, 2025, 2026)
N = 4000


def _wilson(k: int, n: int) -> tuple[float, float]:
    return probability_interval(k, n)


def make_results(seed: int = 7) -> Results:
    """Three indicators (gdp, industrial_output, gdp_per_capita) and five targets."""
    rng = np.random.default_rng(seed)
    actual = {
        "gdp": {2021: 751.1, 2022: 860.79, 2024: 930.71},
        "industrial_output": {2021: 1130.8, 2022: 1273.38, 2024: 1500.0},
    }
    levels: dict[str, np.ndarray] = {}
    real_g: dict[str, np.ndarray] = {}
    for key, mu in (("gdp", 0.07), ("industrial_output", 0.10)):
        a = actual[key]
        base = np.array([a.get(y, np.sqrt(a[2022] * a[2024])) for y in YEARS[:4]])
        g = mu + 0.04 * rng.standard_normal((N, 2))
        proj = a[2024] * np.cumprod(1 + g, axis=1)
        lv = np.hstack([np.tile(base, (N, 1)), proj])
        levels[key] = lv
        ng = np.full_like(lv, np.nan)
        ng[:, 1:] = lv[:, 1:] / lv[:, :-1] - 1
        real_g[key] = ng - 0.01
    pop = np.tile(np.linspace(86.5, 88.0, len(YEARS)), (N, 1))
    levels["gdp_per_capita"] = levels["gdp"] / pop
    real_g["gdp_per_capita"] = np.full_like(pop, np.nan)
    sample = Paths(YEARS, levels, real_g)

    def status(known: dict[int, float], last: int | None) -> dict[int, str]:
        return {y: "published" if y in known else "simulated" for y in YEARS}

    info = {
        "gdp": IndicatorInfo(
            "gdp", "地区生产总值", UNITS["亿元"], "simulated", "split", actual["gdp"], 2024,
            actual_status={y: "published" for y in actual["gdp"]},
            actual_growth={2024: 0.08}, growth_status={2024: "published"},
            status_by_year=status(actual["gdp"], 2024),
        ),
        "industrial_output": IndicatorInfo(
            "industrial_output", "工业总产值", UNITS["亿元"], "simulated", "nominal_only",
            actual["industrial_output"], 2024,
            actual_status={2021: "published", 2022: "published", 2024: "assumed"},
            status_by_year={**status(actual["industrial_output"], 2024), 2024: "assumed"},
        ),
        "gdp_per_capita": IndicatorInfo(
            "gdp_per_capita", "人均地区生产总值", UNITS["万元"], "derived", "nominal_only", {}, 2024,
            components=("gdp", "population"), status_by_year=status({}, None),
        ),
    }  # fmt: skip
    pct = {k: np.quantile(v, QUANTILES, axis=0).T for k, v in levels.items()}

    def level_target(name, key, thr, strength, source=None):
        x = levels[key][:, YEARS.index(2026)]
        k = int((x >= thr).sum())
        lo, hi = _wilson(k, N)
        by = [FirstPassage(2024, 0.0, 0.0)]
        prev = 0.0
        reached = np.zeros(N, dtype=bool)
        for y in (2025, 2026):
            reached |= levels[key][:, YEARS.index(y)] >= thr
            p = float(reached.mean())
            by.append(FirstPassage(y, p, p - prev))
            prev = p
        start = levels[key][0, YEARS.index(2024)]
        req = (thr / start) ** 0.5 - 1
        return TargetResult(
            name=name,
            indicator=key,
            label=info[key].label,
            measure="level",
            basis="nominal",
            comparison="at_least",
            year=2026,
            first_year=None,
            threshold=thr,
            unit=info[key].unit,
            successes=k,
            draws=N,
            probability=k / N,
            ci_low=lo,
            ci_high=hi,
            median=float(np.median(x)),
            p5=float(np.quantile(x, 0.05)),
            p95=float(np.quantile(x, 0.95)),
            gap=float(np.median(x)) - thr,
            start_year=2024,
            start_value=float(start),
            start_status="simulated" if info[key].kind == "derived" else info[key].actual_status.get(2024),
            required_growth=req,
            required_real_growth=req - 0.01,
            required_from_year=2024,
            projected_pace=float(np.median((x / start) ** 0.5 - 1)),
            historical=HistoricalGrowth(2022, 2024, (930.71 / 860.79) ** 0.5 - 1, None),
            first_passage=tuple(by),
            strength=strength,
            source=source,
        ), x

    targets = []
    samples = {}
    for args in (
        ("经济总量突破1100亿元", "gdp", 1100.0, "突破", "001_806b7ce717d61b69.txt"),
        ("工业总产值突破1800亿元", "industrial_output", 1800.0, "力争", None),
        ("人均GDP突破12.5万元", "gdp_per_capita", 12.5, "突破", None),
    ):
        t, x = level_target(*args)
        targets.append(t)
        samples[t.name] = x
    g = real_g["gdp"][:, YEARS.index(2025)]
    k = int((g >= 0.075).sum())
    lo, hi = _wilson(k, N)
    targets.append(
        TargetResult(
            name="2025年GDP增长7.5%",
            indicator="gdp",
            label="地区生产总值",
            measure="growth",
            basis="real",
            comparison="at_least",
            year=2025,
            first_year=None,
            threshold=0.075,
            unit=UNITS["%"],
            successes=k,
            draws=N,
            probability=k / N,
            ci_low=lo,
            ci_high=hi,
            median=float(np.median(g)),
            p5=float(np.quantile(g, 0.05)),
            p95=float(np.quantile(g, 0.95)),
            gap=float(np.median(g)) - 0.075,
            projected_pace=float(np.median(g)),
            strength="确保",
        )
    )
    samples[targets[-1].name] = g
    lo, hi = _wilson(N, N)
    targets.append(
        TargetResult(
            name="2024年GDP增长7.5%",
            indicator="gdp",
            label="地区生产总值",
            measure="growth",
            basis="real",
            comparison="at_least",
            year=2024,
            first_year=None,
            threshold=0.075,
            unit=UNITS["%"],
            successes=N,
            draws=N,
            probability=1.0,
            ci_low=1.0,
            ci_high=1.0,
            median=0.08,
            p5=0.08,
            p95=0.08,
            gap=0.005,
            determined=True,
            evidence="published",
        )
    )
    samples[targets[-1].name] = np.full(N, 0.08)
    assumptions = (
        Assumption("gdp", "real_growth", (2025, 2026), UNITS["亿元"], Normal(0.07, 0.02),
                   reason="假设：近三年实际增速均值"),
        Assumption("gdp", "deflator", (2025, 2026), UNITS["亿元"], Normal(0.01, 0.01),
                   reason="假设：湖北2023年隐含平减指数约-2%", source="published-statistics.md 4b"),
        Assumption("industrial_output", "assumed_level", (2024,), UNITS["亿元"], value=1500.0,
                   reason="假设：2024年总产值未公布"),
    )  # fmt: skip
    return Results(
        scenario="大冶市2026年目标可达性（测试情景）",
        region="大冶市",
        draws=N,
        seed=7,
        entropy=7,
        years=YEARS,
        indicators=info,
        percentiles=pct,
        targets=tuple(targets),
        sample=sample,
        target_samples=samples,
        distributions={name: histogram_of(x) for name, x in samples.items()},
        assumptions=assumptions,
        notes=(ScenarioNote("测试说明"), GapYears("gdp", (2023,))),
        retained=0,
    )
