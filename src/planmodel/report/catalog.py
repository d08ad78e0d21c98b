"""The words of the reports: every key with its Chinese and English text side by side.

Read through :func:`planmodel.report.i18n.text`. Placeholders are ``{name}``; both languages of a
key take the same placeholders (tests/test_i18n.py checks it). Chinese follows statistical usage:
可比价 (real) / 现价 (current prices), 百分点 for changes of shares,
初步数 for preliminary figures (初步核算/初步核实), 预计数 for early estimates (预计).
"""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    # punctuation and small words
    "paren": ("（{text}）", " ({text})"),
    "comma": ("，", ", "),
    "colon": ("：", ": "),
    "full_stop": ("。", "."),
    "quoted": ("“{text}”", "“{text}”"),
    "in_year": ("{year}年", "{year}"),
    "times": ("{n}次", "{n}"),
    "points_unit": ("个百分点", " pp"),
    "status_preliminary": ("初步数", "preliminary"),
    "status_estimate": ("预计数", "early estimate"),
    "status_assumed": ("假设值", "assumed"),
    "status_simulated": ("推算", "simulated"),
    "status_pre_revision": ("按普查前口径推算", "simulated on the pre-census basis"),
    "status_revised": ("按普查修订后口径推算", "simulated on the revised basis"),
    "basis_real": ("可比价", "real"),
    "basis_nominal": ("名义", "nominal"),
    # status bands
    "band_met": ("已实现", "met"),
    "band_missed": ("未实现", "missed"),
    "band_certain": ("基本确定", "near certain"),
    "band_likely": ("较有把握", "likely"),
    "band_possible": ("有一定可能", "possible"),
    "band_hard": ("难度较大", "difficult"),
    "band_remote": ("基本无望", "remote"),
    # target types
    "type_level": ("总量", "level"),
    "type_share": ("比重", "share"),
    "type_ratio": ("比值", "ratio"),
    "type_growth": ("增速", "growth in a year"),
    "type_avg_growth": ("年均增速", "average growth"),
    "type_cumulative": ("累计", "cumulative"),
    "type_joint": ("联合目标", "joint"),
    # gaps
    "gap_short": ("还差{size}", "{size} short"),
    "gap_ahead": ("已超出{size}", "{size} ahead"),
    "gap_above": ("需压减{size}", "{size} over"),
    "gap_inside": ("已在区间内", "within the range"),
    # what a target says
    "subject_level": ("{years}{label}{condition}", "{label} {condition} in {years}"),
    "subject_growth": (
        "{years}{label}增速{basis}{condition}",
        "{basis}growth of {label} {condition} in {years}",
    ),
    "subject_avg": (
        "{years}{label}年均增速{basis}{condition}",
        "average annual {basis}growth of {label} {condition} over {years}",
    ),
    "subject_cumulative": ("{years}{label}累计{condition}", "cumulative {label} {condition} over {years}"),
    "subject_joint": ("同时实现{names}", "all of {names}"),
    "subject_joint_many": ("同时实现{n}项目标（{first}等）", "all {n} targets together ({first} and others)"),
    "cond_at_least": ("不低于{value}", "at least {value}"),
    "target_note": ("说明：{note}", "Note: {note}"),
    # a relative target (above: / below: another indicator), by its comparison and margin
    "cond_above": ("高于{ref}", "above {ref}"),
    "cond_above_by": ("高于{ref}{size}以上", "at least {size} above {ref}"),
    "cond_below_within": ("低于{ref}不超过{size}", "at most {size} below {ref}"),
    "cond_below": ("低于{ref}", "below {ref}"),
    "cond_below_by": ("低于{ref}{size}以上", "at least {size} below {ref}"),
    "cond_above_within": ("高于{ref}不超过{size}", "at most {size} above {ref}"),
    "cond_exceeds": ("突破{value}", "above {value}"),
    "cond_at_most": ("不超过{value}", "at most {value}"),
    "cond_between": ("在{low}–{high}之间", "between {low} and {high}"),
    # findings
    "under_named": ("按{name}测算", "Under the {name} scenario"),
    "under_this": ("按本情景假设测算", "Under this scenario"),
    "finding_open": (
        "{under}，{subject}的概率{probability}，判断为{band}{pace}。",
        "{under}, the probability of {subject} {probability}: {band}{pace}.",
    ),
    "finding_settled": ("{subject}：{status}{detail}。", "{subject}: {status}{detail}."),
    "settled_published": ("（{year}年公布值为{value}）", " (published value {value} in {year})"),
    "settled_preliminary": (
        "（按{year}年初步数{value}判定）",
        " (on the preliminary value {value} for {year})",
    ),
    "settled_estimate": (
        "（按{year}年预计数{value}判定）",
        " (on the early estimate {value} for {year})",
    ),
    "settled_assumed": ("（按假设值{value}判定，须核实）", " (on an assumed value {value}; to be checked)"),
    "settled_simulated": ("（按推算值{value}判定）", " (on a simulated value {value})"),
    "prob_about": ("约为{p}（95%区间{interval}）", "is about {p} (95% interval {interval})"),
    "prob_below": (
        "低于{bound}（95%上限，{n}次模拟均未实现）",
        "is below {bound} (95% upper bound; none of {n} draws met it)",
    ),
    "prob_above": (
        "高于{bound}（95%下限，{n}次模拟均实现）",
        "is above {bound} (95% lower bound; all {n} draws met it)",
    ),
    "pace_growth": (
        "；以{year}年的{latest}为起点，需{basis}年均增长{need}{real}，模拟中位数为年均{projected}",
        "; from {latest} in {year} it needs {basis}growth of {need} a year{real}, against a "
        "simulated median of {projected} a year",
    ),
    "pace_growth_one_year": (
        "；以{year}年的{latest}为起点，{target_year}年需{basis}增长{need}{real}，模拟中位数为{projected}",
        "; from {latest} in {year} it needs {basis}growth of {need} in {target_year}{real}, against a "
        "simulated median of {projected}",
    ),
    "pace_real": ("（按可比价约为{real}）", " (about {real} in real terms)"),
    "pace_growth_hold": (
        "；{year}年已达{latest}，即使年均下降{fall}仍可实现",
        "; at {latest} in {year} it is met even if the level falls by {fall} a year",
    ),
    "pace_growth_level": (
        "；{year}年为{latest}，与目标基本持平，保持不降即可实现",
        "; at {latest} in {year} it is level with the target and is met if it does not fall",
    ),
    "pace_change": (
        "；以{year}年的{latest}为起点，需每年提高{need}，模拟中位数为每年{projected}",
        "; from {latest} in {year} it needs a rise of {need} a year, against a simulated "
        "median of {projected} a year",
    ),
    "pace_change_down": (
        "；以{year}年的{latest}为起点，需每年降低{need}，模拟中位数为每年{projected}",
        "; from {latest} in {year} it needs a fall of {need} a year, against a simulated "
        "median of {projected} a year",
    ),
    "pace_change_hold": (
        "；{year}年已达{latest}，每年下降不超过{need}即可保持",
        "; at {latest} in {year} it holds if it falls by no more than {need} a year",
    ),
    "pace_recent": ("，近年实际为{recent}", "; recently {recent}"),
    "pace_remaining": (
        "；{years}需年均增长{need}，模拟中位数为{median}",
        "; the years {years} need {need} a year (simulated median {median})",
    ),
    "pace_median": ("；模拟中位数为{median}", "; the simulated median is {median}"),
    # the overall judgement
    "cutoff": ("数据截至{year}年", "Data up to {year}"),
    "count_item": ("{word}{n}项", "{n} {word}"),
    "summary_total": ("{under}，共评估{n}项量化目标", "{under}, {n} quantified targets were assessed"),
    "summary_settled": ("，其中{n}项已由数据确定（{parts}）", "; settled by data: {n} ({parts})"),
    "summary_open": ("；其余{n}项中，{parts}", "; still open: {n} ({parts})"),
    "summary_open_all": (
        "，{n}项均未由数据确定，其中{parts}",
        "; none settled by data, still open: {n} ({parts})",
    ),
    "summary_good": ("基本确定或较有把握的目标：{names}。", "Near certain or likely: {names}."),
    "summary_middle": ("有一定可能的目标：{names}。", "Possible: {names}."),
    "summary_bad": ("难度较大或基本无望的目标：{names}。", "Difficult or remote: {names}."),
    # assumptions, correlations, sources
    "variable_real_growth": ("可比价增速", "real growth"),
    "variable_growth": ("增速", "growth"),
    "variable_change": ("年变化量", "yearly change"),
    "variable_deflator": ("价格变动", "price change"),
    "variable_assumed_level": ("假设的起点值", "assumed start value"),
    "variable_assumed_growth": ("假设的历史增速", "assumed past growth"),
    "variable_over_years": ("趋势与逐年持续性", "trend and persistence"),
    "variable_deflator_over_years": ("价格趋势与持续性", "price trend and persistence"),
    "variable_rebase": ("普查修订", "census revision"),
    "variable_revision": ("公布值的修订", "revision of a published value"),
    "param_trend_sd": (
        "平均水平本身的不确定性（标准差）{value}",
        "doubt about the average itself (sd) {value}",
    ),
    "param_persistence": ("逐年偏离的持续性{value}", "persistence of yearly deviations {value}"),
    "param_start_deviation": ("起点偏离{value}", "starting deviation {value}"),
    "param_revision_sd": ("修订幅度（标准差）{value}", "revision (sd) {value}"),
    "revision_level": ("总量{status}可能修订，{detail}", "{status} level may be revised: {detail}"),
    "revision_growth": ("增速{status}可能修订，{detail}", "{status} growth rate may be revised: {detail}"),
    "setting_rebase": ("普查后口径较原口径变动{shift}", "new basis ÷ old basis − 1: {shift}"),
    "driver_real_growth": ("可比价增速", " real growth"),
    "driver_growth": ("增速", " growth"),
    "driver_change": ("年变化量", " yearly change"),
    "driver_deflator": ("价格变动", " price change"),
    "driver_trend": ("的趋势", " (trend)"),
    "driver_rebase": ("普查修订幅度", " census revision"),
    "unnamed_document": ("所引规划文件", "the cited plan document"),
    # risks
    "risk_assumed_level": (
        "{label}{years}的起点值{value}为假设值，并非公布数据（{reason}）；以此为起点的目标，"
        "其概率随这一假设变化，应以统计部门数据替换。",
        "{label}: the start value {value} for {years} is assumed, not published ({reason}); "
        "targets measured from it move with this assumption and it should be replaced by "
        "official data.",
    ),
    "risk_assumed_growth": (
        "{label}{years}的增速{value}为假设值，并非公布数据（{reason}）。",
        "{label}: growth of {value} in {years} is assumed, not published ({reason}).",
    ),
    "risk_rebase": (
        "{label}自{year}年起为普查修订后口径，此前年份按假设的修订幅度折算，修订幅度为{shift}，其不确定性已计入模拟。",
        "{label}: on the revised census basis from {year}; earlier years are carried over by an assumed "
        "revision, {shift}, whose uncertainty is simulated.",
    ),
    "risk_revision": (
        "{label}{years}公布值仍可能修订，修订幅度已计入模拟。",
        "{label}: the published value for {years} may still be revised; the revision is simulated.",
    ),
    "early_estimate": ("预计数", "early estimates"),
    "early_preliminary": ("初步数", "preliminary figures"),
    "risk_preliminary": (
        "{label}{years}数据为{what}，最终核实后可能调整。",
        "{label}: the figures for {years} are {what} and may still be revised.",
    ),
    "risk_gap": (
        "{label}{years}数据未公布，在前后年份公布值之间模拟（与两端公布值吻合）。",
        "{label}: {years} not published; simulated between the published years around it (matching both).",
    ),
    "risk_settled_on_assumptions": (
        "{names}按预计数或初步数判定，须以最终核实数据核实。",
        "{names} are settled on early estimates or preliminary values; check them against final data.",
    ),
    # method
    "method_mc": (
        "本报告采用蒙特卡洛模拟：按情景给出的增长假设及其不确定性，从各指标最新实际值出发逐年模拟{draws}次，"
        "实现目标的模拟次数所占比例即为实现概率。",
        "Monte Carlo simulation: starting from each indicator's latest known value, the "
        "scenario's growth assumptions and their uncertainty are simulated year by year "
        "{draws} times; the share of runs that meet a target is its probability.",
    ),
    "method_prices": (
        "总量按现价计算，增速按目标口径（可比价或现价）计算；现价增长=（1+可比价增长）×（1+价格变动）−1，"
        "可比价增速与价格变动分别模拟。",
        "Levels are at current prices and growth targets on their own basis (real or "
        "nominal); nominal growth = (1 + real growth) × (1 + price change) − 1, with real "
        "growth and prices simulated separately.",
    ),
    "method_interval": (
        "实现概率后括注的95%区间只反映模拟次数有限带来的误差，不反映假设本身的不确定性；"
        "所有模拟均未实现（或均实现）时，给出95%单侧上限（或下限）。",
        "The 95% interval after a probability reflects only the finite number of runs, "
        "not doubt about the assumptions; when no run (or every run) meets a target, "
        "the one-sided 95% bound is given.",
    ),
    "method_pace": (
        "所需年均增速从各指标最新实际值起算至目标年份（同一指标的各项目标起点相同）；比重类指标的变化以"
        "百分点表示。最新实际值为假设值、预计数、初步数或推算值的，表中注明。",
        "Required paces run from each indicator's latest known value to the target year "
        "(the same start for every target of an indicator); changes of shares are in "
        "percentage points. Latest values that are assumed, estimates, preliminary or simulated are "
        "marked.",
    ),
    "method_bands": (
        "判断标准：基本确定，{certain}及以上；较有把握，{likely}至{certain}；有一定可能，{possible}至"
        "{likely}；难度较大，{hard}至{possible}；基本无望，低于{hard}。已由数据确定的目标标为已实现或"
        "未实现。",
        "Bands: near certain, {certain} or more; likely, {likely} to {certain}; possible, "
        "{possible} to {likely}; difficult, {hard} to {possible}; remote, below {hard}. "
        "Targets settled by data are marked met or missed.",
    ),
    "method_corr": (
        "相关系数表示同一年内两项假设同向变动的程度，取值−1至1；未列出的假设之间相互独立。",
        "A correlation says how strongly two assumptions move together in the same year "
        "(−1 to 1); assumptions not listed are independent.",
    ),
    # growth assumptions: as written, or calibrated by the outside view (planmodel.calibration)
    "calibration_none": ("增速假设按情景原样", "growth assumptions as written"),
    "calibration_outside_view": (
        "增速假设经外部视角校准（按以往省级增速目标与实际的偏差平移、加宽）",
        "growth assumptions calibrated by the outside view (shifted and widened by the errors of "
        "past provincial growth targets)",
    ),
    "calibration_chart": ("增速假设经外部视角校准", "growth calibrated (outside view)"),
    "shift_down": ("下调", "lowered"),
    "shift_up": ("上调", "raised"),
    "method_outside_view": (
        "外部视角校准：以{first}–{last}年{pairs}个省级年度GDP增速目标与实际值（首次公布数）的偏差为参照，"
        "可比价增速和现价总量增速的假设平均{direction}{shift}；某年假设的波动小于以往偏差（标准差{yearly}）的，"
        "改用以往偏差的分布；平均水平本身的不确定性（标准差）不小于{trend}。价格、比重、人口等假设不变。",
        "Outside view: by the errors of {pairs} provincial annual GDP growth targets ({first}–{last}) "
        "against their first-released outcomes, real growth and the growth of money totals are {direction} "
        "by {shift} on average; a year whose assumption is narrower than those errors (sd {yearly}) takes "
        "their distribution instead; the doubt about the average itself (sd) is at least {trend}. Prices, "
        "shares and population are left as written.",
    ),
    # run information
    "run_file": ("情景文件", "Scenario file"),
    "run_hash": ("情景文件校验码（SHA-256）", "Scenario file checksum (SHA-256)"),
    "run_draws": ("模拟次数", "Number of runs"),
    "run_seed": ("随机数种子", "Random seed"),
    "run_data": ("使用数据", "Data used"),
    "run_data_all": ("情景文件中的全部数据", "all data in the scenario file"),
    "run_data_cut": ("仅用{year}年及以前的数据", "data up to {year} only"),
    "run_version": ("软件版本", "Software"),
    "run_created": ("生成时间", "Created"),
    "run_replay": ("复现方法（命令行）", "To replay (command line)"),
    "run_calibration": ("校准方式", "Calibration"),
}

GLOSSARY: dict[str, str] = {
    "地区生产总值": "GDP",
    "人均地区生产总值": "GDP per capita",
    "工业总产值": "gross industrial output",
    "规模以上工业增加值": "value added of industry above designated size",
    "规上工业增加值": "value added of industry above designated size",
    "一般公共预算收入": "general public budget revenue",
    "地方一般公共预算收入": "general public budget revenue",
    "社会消费品零售总额": "retail sales of consumer goods",
    "固定资产投资": "fixed-asset investment",
    "常住人口": "resident population",
    "城镇化率": "urbanisation rate",
    "常住人口城镇化率": "urbanisation rate",
    "城镇居民人均可支配收入": "urban per-capita disposable income",
    "农村居民人均可支配收入": "rural per-capita disposable income",
    "城乡居民收入比": "urban-rural income ratio",
    "确保": "ensure",
    "力争": "strive for",
    "争取": "aim for",
    "左右": "about",
    "约": "about",
    "突破": "exceed",
    "达到": "reach",
    "以上": "at least",
    "高于": "above",
}
"""English names of common statistics and commitment words, used when a scenario gives none."""

UNITS_EN: dict[str, tuple[float, str, int]] = {
    "元": (1.0, "yuan", 0),
    "千元": (1.0, "thousand yuan", 0),
    "万元": (10.0, "thousand yuan", -1),
    "亿元": (0.1, "bn yuan", 1),
    "万亿元": (1.0, "tn yuan", 0),
    "人": (1.0, "people", 0),
    "万人": (10.0, "thousand people", -1),
    "%": (1.0, "%", 0),
    "‰": (1.0, "‰", 0),
    "倍": (1.0, "times", 0),
    "": (1.0, "", 0),
    "家": (1.0, "firms", 0),
    "个": (1.0, "units", 0),
    "项": (1.0, "items", 0),
    "户": (1.0, "households", 0),
    "所": (1.0, "institutions", 0),
    "平方公里": (1.0, "km²", 0),
    "万平方米": (10.0, "thousand m²", -1),
}
"""English units: (factor applied to the value, symbol, change in decimals). 亿元 → bn yuan ÷ 10."""

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
