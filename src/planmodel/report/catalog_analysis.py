"""Words of the analyses (required pace, seek, sensitivity, sweep, compare, conditions), zh and en.

Merged into :data:`planmodel.report.i18n.TEXT`; both languages of a key take the same placeholders.
"""

from __future__ import annotations

ANALYSIS: dict[str, tuple[str, str]] = {
    # factor names
    "factor_real_growth": ("{years}年{label}实际增速", "real growth of {label} in {years}"),
    "factor_growth": ("{years}年{label}增速", "growth of {label} in {years}"),
    "factor_change": ("{years}年{label}年均变动", "yearly change of {label} in {years}"),
    "factor_deflator": ("{years}年{label}价格走势（平减指数）", "prices of {label} (deflator) in {years}"),
    "param_prices": ("{label}价格走势（平减指数）", "prices of {label} (deflator)"),
    "factor_rebase": ("{label}普查修订幅度", "census revision of {label}"),
    "factor_revision": ("{years}年{label}数据修订幅度", "revision of {label} for {years}"),
    "factor_growth_revision": (
        "{years}年{label}增速（最终核实）",
        "{label} growth for {years} as finally revised",
    ),
    # sentences
    "drivers_one": ("{target}主要取决于{first}。", "{target} depends mainly on {first}."),
    "drivers_two": (
        "{target}主要取决于{first}，其次是{second}。",
        "{target} depends mainly on {first}, then on {second}.",
    ),
    "drivers_more": (
        "{target}主要取决于{first}，其次是{rest}。",
        "{target} depends mainly on {first}, then on {rest}.",
    ),
    "drivers_none": ("{target}的概率几乎不随单项假设变动。", "No single assumption moves {target} much."),
    "limit_at_least": ("{factor}不低于{value}", "{factor} at least {value}"),
    "limit_at_most": ("{factor}不高于{value}", "{factor} at most {value}"),
    "conditions_sentence": (
        "若{limits}，{target}的达标概率升至约{density}（涵盖{coverage}的达标情形）。",
        "If {limits}, the chance of {target} rises to about {density} ({coverage} of the successful draws).",
    ),
    "conditions_none": ("{target}找不到简单的达标条件。", "No simple condition makes {target} likely."),
    "seek_found": (
        "{param}需达到{value}，{target}的达标概率才有{goal}（现为{now}）。",
        "{param} must reach {value} to give {target} a probability of {goal} (now {now}).",
    ),
    "seek_found_down": (
        "{param}需不高于{value}，{target}的达标概率才有{goal}（现为{now}）。",
        "{param} must be at most {value} to give {target} a probability of {goal} (now {now}).",
    ),
    "seek_unreachable": (
        "{param}在{low}至{high}之间取任何值，{target}的达标概率都达不到{goal}（最高{best}）。",
        "No value of {param} from {low} to {high} gives {target} a probability of {goal} (best {best}).",
    ),
    "seek_always": (
        "{param}在{low}至{high}之间取任何值，{target}的达标概率都不低于{goal}。",
        "Any value of {param} from {low} to {high} gives {target} a probability of at least {goal}.",
    ),
    "required_slack": ("已留有余地，年均下降{needed}仍可达到", "met even if it falls {needed} a year"),
    "required_needed": ("需年均增长{needed}", "needs {needed} a year"),
    "required_needed_once": ("需增长{needed}", "needs {needed} growth"),
    "required_needed_change": ("需年均提高{needed}", "needs {needed} a year"),
    "required_needed_change_once": ("需提高{needed}", "needs a rise of {needed}"),
    "required_published": ("{year}年已公布{value}", "published for {year}: {value}"),
    "pair_sentence": (
        "{indicator}：{base_year}年{base}到{year}年{level}，年均名义增长{nominal}；与可比价年均增长{real}"
        "的目标同时成立，需价格年均上涨{price}。",
        "{indicator}: {base} in {base_year} to {level} in {year} is {nominal} a year nominal; beside "
        "{real} real growth, prices must rise {price} a year.",
    ),
    "pair_flag": (
        "按情景的价格假设，价格年均涨幅达到{price}的概率为{probability}，两项目标难以同时实现。",
        "Under the scenario's prices the chance of {price} a year is {probability}: the two targets "
        "can hardly both hold.",
    ),
    # console table headers
    "col_required_needed": ("所需增速或变化", "Needed"),
    "col_required_real": ("所需（按可比价）", "Needed, real"),
    "col_last_3y": ("近3年实际", "Last 3 years"),
    "col_last_5y": ("近5年实际", "Last 5 years"),
    "col_required_assumed": ("情景假设", "Scenario"),
    "col_assumption": ("假设", "Assumption"),
    "col_at_p10": ("10%分位值", "10th percentile"),
    "col_at_p90": ("90%分位值", "90th percentile"),
    "col_probability_p10": ("取10%分位时概率", "Probability at 10th"),
    "col_probability_p90": ("取90%分位时概率", "Probability at 90th"),
    "col_swing": ("概率变动幅度", "Swing"),
    "col_sobol_first": ("一阶敏感性指数", "Sobol first-order"),
    "col_sobol_total": ("总敏感性指数", "Sobol total"),
    "col_condition": ("条件", "Condition"),
    "col_at_least": ("不低于", "at least"),
    "col_at_most": ("不高于", "at most"),
    "col_probability_inside": ("条件内达标概率", "Probability inside"),
    "col_coverage": ("涵盖达标情形", "Share of successes"),
    # chart and table labels
    "chart_required_title": ("所需增速与近年实际", "Growth needed and growth achieved"),
    "chart_needed": ("所需", "needed"),
    "chart_achieved": ("近年实际", "recent years"),
    "chart_assumed": ("情景假设", "scenario"),
    "chart_seek_title": ("{target}：达标概率随{param}变化", "{target}: probability against {param}"),
    "chart_success_probability": ("达标概率", "probability"),
    "chart_tornado_title": (
        "{target}：各项假设取10%/90%分位时的达标概率",
        "{target}: probability with one assumption at its 10th/90th percentile",
    ),
    "chart_p10": ("取10%分位", "at 10th percentile"),
    "chart_p90": ("取90%分位", "at 90th percentile"),
    "chart_tornado_axis": ("达标概率（竖线为基准{p}）", "probability (line: base {p})"),
    "chart_sweep_title": ("{target}：达标概率", "{target}: probability"),
    "chart_compare_title": (
        "{label}：各情景对比（10%–90%区间与中位数）",
        "{label}: scenarios (10–90% range and median)",
    ),
    "chart_met": ("达标", "met"),
    "chart_not_met": ("未达标", "not met"),
    "chart_conditions_title": (
        "{target}：虚线框内达标概率约{density}（涵盖{coverage}的达标情形）",
        "{target}: inside the dashed limits about {density} ({coverage} of the successes)",
    ),
    "chart_compare_dashboard": ("各情景达标概率", "Probability by scenario"),
    "slide_tornado": ("关键假设的影响：{target}", "What drives {target}"),
}
