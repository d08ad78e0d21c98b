"""The YAML block ``planmodel fit`` prints: scenario keys from a fitted history, with comments.

Every fitted driver becomes the keys the scenario language uses (``real_growth`` / ``growth`` /
``change`` with a normal ``mean`` and ``sd``, ``over_years: {trend_sd, persistence,
start_deviation}``, ``deflator`` and ``deflator_over_years``), each with a reason labelled 假设 (a
fit is still an assumption about the future); comments give the sample size, the posterior
uncertainty and the diagnostics, and a warning when fewer than 6 years were given. Pure text.
"""

from __future__ import annotations

import math

from ..report import formats
from .fit import FEW_YEARS, MIN_YEARS, DriverFit, HistoryFit, PairCorrelation

GROWTH_KINDS = ("real_growth", "growth", "deflator")
NO_DEFLATOR = "假设：历史中现价增速不足4年，暂按价格不变，请替换"


_rate = formats.scenario_rate


def _number(x: float) -> str:
    return formats.significant(x, 3)


def _value(fit: DriverFit, x: float) -> str:
    return _rate(x) if fit.kind in GROWTH_KINDS else _number(x)


def _points(fit: DriverFit, x: float) -> str:
    return formats.number(100 * x, "zh", 2) + "个百分点" if fit.kind in GROWTH_KINDS else _number(x)


def _span(fit: DriverFit) -> str:
    gaps = fit.years[-1] - fit.years[0] + 1 - fit.n
    text = f"{fit.years[0]}–{fit.years[-1]}年{fit.n}年"
    return text + (f"（缺{gaps}年）" if gaps else "")


def _p(x: float) -> str:
    return formats.DASH if math.isnan(x) else formats.fixed(x, 2)


def comments(fit: DriverFit) -> list[str]:
    """Comment lines on one driver: sample, posterior uncertainty, diagnostics, warnings."""
    e, d = fit.estimate, fit.diagnostics
    out = [
        f"# {fit.name} ({fit.kind}): {fit.n} years {fit.years[0]}–{fit.years[-1]}; mean "
        f"{_value(fit, e.mean)} ± {_value(fit, e.mean_sd)}, deviations' sd {_value(fit, e.sigma)} ± "
        f"{_value(fit, e.sigma_sd)} (sample sd {_value(fit, e.sd_point)}), persistence "
        f"{_p(e.persistence)} ± {_p(e.persistence_sd)} (posterior means ± sds)",
        f"#   diagnostics: innovations lag-1 autocorrelation {_p(d.innovation_lag1)}, Ljung-Box p "
        f"{_p(d.ljung_box_p)} ({d.lags} lag{'s' if d.lags > 1 else ''}), Shapiro-Wilk p {_p(d.shapiro_p)}; "
        f"one-step RMSE {_value(fit, d.rmse_ar1)} (AR(1)) vs {_value(fit, d.rmse_mean)} (mean alone)",
    ]
    if fit.few_years:
        out.append(
            f"#   WARNING: only {fit.n} years (fewer than {FEW_YEARS}): the fit says little; the wide "
            "trend_sd says so too — weigh it against what you know"
        )
    if not math.isnan(d.ljung_box_p) and d.ljung_box_p < 0.05:
        out.append("#   WARNING: the innovations are still autocorrelated (Ljung-Box p < 0.05): "
                   "the AR(1) misses structure (a break, a trend?)")
    if not math.isnan(d.shapiro_p) and d.shapiro_p < 0.05:
        out.append("#   WARNING: the deviations are not normal (Shapiro-Wilk p < 0.05): a shock year? "
                   "consider student_t, or leave the year out and say why")
    return out


def _reason(fit: DriverFit) -> str:
    e = fit.estimate
    return (
        f"假设（按历史拟合）：{_span(fit)}，均值{_value(fit, e.mean)}，"
        f"逐年标准差{_value(fit, e.sd)}（含参数不确定性）"
    )


def _over_reason(fit: DriverFit) -> str:
    e = fit.estimate
    return (
        f"假设（按历史拟合）：均值本身的后验标准差{_points(fit, e.mean_sd)}（{fit.n}年数据），"
        f"加上可能持续多年的偏离，合计趋势不确定{_points(fit, e.trend_sd)}；"
        f"延续系数{_p(e.persistence)}±{_p(e.persistence_sd)}；起点偏差为{fit.years[-1]}年与均值之差"
    )


def driver_lines(fit: DriverFit, key: str, over_key: str) -> list[str]:
    """The scenario lines of one driver (indented for an indicator), with its comments."""
    e = fit.estimate
    lines = ["    " + c for c in comments(fit)]
    lines.append(
        f"    {key}: {{normal: {{mean: {_value(fit, e.mean)}, sd: {_value(fit, e.sd)}}}, "
        f'reason: "{_reason(fit)}"}}'
    )
    over = [f"trend_sd: {_value(fit, e.trend_sd)}", f"persistence: {_p(e.persistence)}"]
    if round(e.persistence, 2) != 0:
        over.append(f"start_deviation: {_value(fit, fit.start_deviation)}")
    lines.append(f"    {over_key}:")
    lines += [f"      {item}" for item in over]
    if round(e.persistence, 2) != 0:
        last = fit.years[-1]
        lines[-1] += f"   # the {last} deviation: keep only if the scenario's last published year is {last}"
    lines.append(f'      reason: "{_over_reason(fit)}"')
    return lines


def _correlation_line(c: PairCorrelation) -> str:
    note = (
        f"# {c.n} common years; 90% interval {_p(c.low90)} to {_p(c.high90)}"
        + (f"; held inside the persistences' bound {_p(c.bound)}" if abs(c.rho) > 0.99 * c.bound else "")
    )
    return f"  - [{c.a}, {c.b}, {_p(c.usable)}]   {note}"


def yaml_block(result: HistoryFit, source: str) -> str:
    """The block to paste into a scenario (label, unit and actual stay the scenario's own)."""
    by_key: dict[str, dict[str, DriverFit]] = {}
    for f in result.drivers:
        key, _, _ = f.name.partition(".")
        by_key.setdefault(key, {})[f.kind] = f
    lines = [
        f"# planmodel fit {source}: Bayesian AR(1) per driver (docs/calibration.md). Paste under the",
        "# scenario's indicators; keep its label, unit and actual. Rates are the drivers' own",
        "# (real growth 可比价, nominal growth 现价, changes in the indicator's unit).",
    ]
    if any(f.few_years for f in result.drivers):
        lines.append(f"# WARNING: some series have fewer than {FEW_YEARS} years — see the comments below.")
    for name, n in result.skipped.items():
        lines.append(f"# WARNING: {name} has only {n} year{'s' if n != 1 else ''}: not fitted (at least "
                     f"{MIN_YEARS} are needed).")
    lines.append("indicators:")
    for key, fits in by_key.items():
        lines.append(f"  {key}:")
        main = next(fits[k] for k in ("real_growth", "growth", "change") if k in fits)
        lines += driver_lines(main, main.kind, "over_years")
        if "deflator" in fits:
            lines += driver_lines(fits["deflator"], "deflator", "deflator_over_years")
        elif main.kind == "real_growth":
            lines.append(f'    deflator: {{fixed: 0%, reason: "{NO_DEFLATOR}"}}')
    if result.correlations:
        lines.append("correlation:   # same-year correlation of the deviations from the fitted means")
        lines += [_correlation_line(c) for c in result.correlations]
    return "\n".join(lines)
