"""Short bilingual descriptions of every scenario key, for the JSON Schema (editor hover text).

Keyed by ``"<block>.<key>"``, where the blocks are those of :mod:`planmodel.scenario.schema`
(``scenario``, ``simulation``, ``indicator``, ``observation``, ``over_years``, ``rebase``,
``derived``, ``target``, ``family`` for distribution families and ``param`` for their parameters).
Only text lives here; which keys exist comes from the parser's own definitions, and
``tests/test_schema.py`` fails when a key has no description or a description has no key.
"""

from __future__ import annotations

NOTE_EN = (
    "备注的英文（英文报告使用，不写则照录备注）",
    "The note in English (reports in English; else the note as written)",
)
REASON_EN = (
    "理由的英文（英文报告使用，不写则照录理由）",
    "The reason in English (reports in English; else the reason as written)",
)

DESCRIPTIONS: dict[str, tuple[str, str]] = {
    # top level
    "scenario.scenario": ("情景名称（报告标题用）", "Scenario name, used as the report title"),
    "scenario.scenario_en": ("情景英文名称", "Scenario name in English"),
    "scenario.issuer": ("规划发布单位，如 荷塘区人民政府", "Issuer of the plan"),
    "scenario.region": ("地区名称", "Region the scenario describes"),
    "scenario.description": ("情景说明", "What the scenario assumes, in a sentence or two"),
    "scenario.base_year": ("基期年份（规划起点）", "Base year of the plan"),
    "scenario.calibration": (
        "增速假设按情景原样（none），或按以往省级增速目标与实际的偏差平移、加宽（outside_view）",
        "Growth assumptions as written (none), or shifted and widened by past provincial growth "
        "targets' errors (outside_view; docs/calibration.md)",
    ),
    "scenario.start_year": (
        "模拟起始年份（默认最早实际值年份）",
        "First year shown (default: first published)",
    ),
    "scenario.horizon": ("目标年份（模拟到此年）", "Last simulated year, the plan's horizon"),
    "scenario.simulation": (
        "模拟设置：抽样次数、随机种子、分块大小",
        "Run settings: draws, seed, block size",
    ),
    "scenario.indicators": (
        "模拟指标，键为英文短名（如 gdp）",
        "Simulated indicators by short English key (e.g. gdp)",
    ),
    "scenario.derived": ("由公式计算的派生指标（如 人均GDP）", "Indicators computed by formula"),
    "scenario.correlation": (
        "驱动因素之间的相关系数 [甲, 乙, rho]",
        "Correlations of drivers as [driver, driver, rho]",
    ),
    "scenario.targets": ("规划目标列表", "The plan's quantified targets"),
    "scenario.notes": ("说明（一段文字或列表）", "Notes: one text or a list of texts"),
    "scenario.notes_en": (
        "说明的英文，与说明逐条对应（英文报告使用）",
        "The notes in English, one for each note, in order (reports in English)",
    ),
    "scenario.plan_period": (
        "规划期，如 2021-2025（基期为前一年）",
        "Plan period, e.g. 2021-2025 (base: the year before)",
    ),
    "scenario.wording": (
        "措辞容差表，如 {左右: {rates: 0.5个百分点, levels: 5%}}",
        "Tolerances of plan words, e.g. {左右: {rates: 0.5个百分点, levels: 5%}}",
    ),
    "scenario.tasks": (
        "无量化数值的规划任务（列出，不建模）",
        "Plan items with no number (listed, not modelled)",
    ),
    # simulation
    "simulation.draws": ("抽样次数", "Number of Monte Carlo draws"),
    "simulation.seed": ("随机种子（同一种子结果逐位相同）", "Seed; same seed gives the same numbers"),
    "simulation.block_size": ("每块抽样数（10,000 的倍数）", "Draws per block, a multiple of 10,000"),
    # indicator
    "indicator.label": ("指标中文名称", "Indicator name in Chinese"),
    "indicator.label_en": ("指标英文名称", "Indicator name in English"),
    "indicator.unit": ("单位，如 亿元、万人、%", "Unit, e.g. 亿元, 万人, %"),
    "indicator.region": ("地区（与情景不同时）", "Region, when not the scenario's"),
    "indicator.source": ("数据来源", "Source of the data"),
    "indicator.note": ("备注", "Note"),
    "indicator.note_en": NOTE_EN,
    "indicator.actual": ("实际值（年份: 数值）", "Published levels by year"),
    "indicator.actual_growth": ("实际增速（年份: 增速）", "Published growth by year"),
    "indicator.actual_avg_growth": (
        "公布的多年平均增速（期间: 增速或 {value, sd}）",
        "Published average growth over a span (span: rate or {value, sd})",
    ),
    "indicator.ytd": (
        "当年累计数据（1–N月或季度的增速、两年平均）",
        "Year-to-date data (growth through a month or quarter, 两年平均)",
    ),
    "indicator.real_growth": (
        "可比价增速假设（需配 deflator）",
        "Real (constant-price) growth; needs a deflator",
    ),
    "indicator.deflator": ("价格指数涨幅假设（现价 = 可比价 × 价格）", "Price change (deflator) per year"),
    "indicator.growth": ("水平值增速假设（现价或无价格指标）", "Growth of the level itself"),
    "indicator.change": ("每年增减量假设（如 +0.8个百分点）", "Additive change per year, in the unit"),
    "indicator.over_years": (
        "年际不确定性：趋势偏差、持续性",
        "How deviations behave across years: trend doubt, persistence",
    ),
    "indicator.deflator_over_years": ("价格指数的年际不确定性", "Across-year behaviour of the deflator"),
    "indicator.rebase": ("普查修订：某年起数据口径调整", "Census revision of levels from a year on"),
    "indicator.allow": (
        "确属本意时跳过的合理性检查：scale（公布值相差千倍以上）、growth（增速超过100%）",
        "Plausibility checks to skip where the numbers are really meant: scale, growth",
    ),
    # published values
    "observation.value": ("数值", "The value"),
    "observation.source": ("来源", "Source"),
    "observation.note": ("备注（假设值必须说明理由）", "Note; an assumed value must say why"),
    "observation.note_en": NOTE_EN,
    "observation.assumed": ("是否为假设值（非公布数据）", "True if assumed, not published"),
    "observation.vintage": ("数据版本：预计、初步核算、最终核实", "Vintage: estimate, preliminary, final"),
    "observation.revision_sd": ("尚待修订幅度的标准差", "Standard deviation of revisions still to come"),
    # over_years
    "over_years.trend_sd": (
        "趋势偏差的标准差（整个期间共用）",
        "Doubt about the average, shared by all years",
    ),
    "over_years.persistence": ("年际持续性 AR(1) 系数，-1 到 1", "AR(1) persistence, between -1 and 1"),
    "over_years.start_deviation": ("最近一期观测偏差", "Latest observed deviation from the mean"),
    "over_years.reason": ("理由", "Reason"),
    "over_years.reason_en": REASON_EN,
    "over_years.source": ("来源", "Source"),
    # rebase
    "rebase.year": ("新口径起始年份", "First year on the revised basis"),
    "rebase.shift": ("修订幅度（新口径/旧口径 − 1）的分布", "Distribution of new/old basis − 1"),
    "rebase.reason": ("理由", "Reason"),
    "rebase.reason_en": REASON_EN,
    "rebase.source": ("来源", "Source"),
    # derived
    "derived.label": ("派生指标中文名称", "Derived indicator name in Chinese"),
    "derived.label_en": ("派生指标英文名称", "Name in English"),
    "derived.unit": ("单位", "Unit"),
    "derived.formula": (
        "计算公式，如 gdp / population",
        "Formula over indicator keys, e.g. gdp / population",
    ),
    "derived.sum_of": ("部分之和：各组成部分的指标键列表", "Sum of parts: the keys of the parts"),
    "derived.region": ("地区", "Region"),
    "derived.note": ("备注", "Note"),
    "derived.note_en": NOTE_EN,
    # target
    "target.name": ("目标名称（唯一）", "Target name (unique)"),
    "target.name_en": ("目标英文名称", "Target name in English"),
    "target.indicator": ("所考核的指标键", "Key of the indicator the target is on"),
    "target.measure": (
        "考核口径：水平值、当年增速、年均增速、累计",
        "What is compared: level, growth, avg_growth or cumulative",
    ),
    "target.basis": ("增速口径：real 可比价 / nominal 现价", "Price basis of growth: real or nominal"),
    "target.year": ("考核年份", "Year of the target"),
    "target.years": ("考核期间，如 2021-2025", "Span of years, e.g. 2021-2025"),
    "target.at_least": ("不低于", "At least this value"),
    "target.at_most": ("不高于", "At most this value"),
    "target.between": ("区间 [下限, 上限]", "Between [low, high]"),
    "target.all_of": ("同时达成的目标名称列表", "Names of targets that must all be met"),
    "target.strength": (
        "规划措辞（突破、力争、左右…）；左右、力争等另给宽松读法",
        "The plan's wording (突破, 力争, 左右…); 左右 and 力争 add a tolerant reading",
    ),
    "target.attribute": (
        "属性：约束性（binding）或预期性（expected）",
        "Binding (约束性) or expected (预期性)",
    ),
    "target.tolerance": (
        "措辞容差（如 0.3个百分点、3%、50亿元；0 为不设）",
        "Tolerance of the wording (0.3个百分点, 3% of the number, 50亿元; 0: none)",
    ),
    "target.base_year": ("中期评估的基期年份", "Base year (基期) in the mid-term table"),
    "target.above": (
        "相对目标：高于另一指标的同一度量（可给 margin）",
        "Relative target: above another indicator's same measure (optional margin)",
    ),
    "target.below": (
        "相对目标：低于另一指标的同一度量",
        "Relative target: below another indicator's same measure",
    ),
    "target.source": ("规划原文出处", "Where the plan states the target"),
    "target.note": ("备注", "Note"),
    "target.note_en": ("备注的英文", "The note in English"),
    "target.level_basis": (
        "有普查修订时按哪个口径考核：revised / pre_revision",
        "Basis of a level target under a rebase",
    ),
    "target.allow": (
        "确属本意时跳过的合理性检查：scale（与公布值相差千倍以上）、growth（增速超过100%）",
        "Plausibility checks to skip where the number is really meant: scale, growth",
    ),
    # distribution families and parameters
    "family.fixed": ("确定值", "A fixed value"),
    "family.normal": ("正态分布", "Normal distribution"),
    "family.student_t": ("t 分布（厚尾）", "Student's t (fat tails)"),
    "family.triangular": ("三角分布", "Triangular distribution"),
    "family.pert": ("PERT 分布", "PERT distribution"),
    "family.uniform": ("均匀分布", "Uniform distribution"),
    "family.range90": (
        "90% 区间 [5%分位, 95%分位] 的正态分布",
        "Normal given by its 5th and 95th percentiles",
    ),
    "param.mean": ("均值", "Mean"),
    "param.sd": ("标准差", "Standard deviation"),
    "param.scale": ("尺度", "Scale"),
    "param.df": ("自由度", "Degrees of freedom"),
    "param.low": ("下限", "Low"),
    "param.mode": ("众数（最可能值）", "Mode (most likely value)"),
    "param.high": ("上限", "High"),
    "param.lambda": ("形状参数（默认 4）", "Shape (default 4)"),
}
