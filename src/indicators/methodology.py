"""The rules of the analysis, in English and Chinese: one text, shown by the README, the metadata file,
the notebooks, the workbook's Notes and the PDF's methodology page."""

from __future__ import annotations

from .labels import check_lang

#: each rule as (English, Chinese); ``{tol_pp}`` and ``{tol_rel_pct}`` are the tolerances in force
METHODOLOGY: list[tuple[str, str]] = [
    (
        "One measure per kind of target. Quantities and levels (jobs, grain, counts, amounts): the attainment "
        "ratio actual ÷ target, the report's own 完成率. Rates (growth, shares, changes in pp, intensities): the "
        "gap in percentage points to the target, or to the band of an 'about' (左右) target; no ratio is "
        "computed for them (a ratio of two growth rates means nothing). Ceilings (CPI 3%左右, 以内, a bare "
        "number where lower is better): the headroom left under the ceiling. Relative targets (高于全省, "
        "与经济增长同步): the gap in pp to the reference figure. Charts follow the same rule: % of target for "
        "quantities and pp for rates, in separate panels, never a ratio of rates.",
        "每类目标只用一种衡量方法。总量指标（就业人数、粮食产量、个数、金额）：完成率 = 完成值 ÷ 目标值，即报告本身"
        "所说的"
        "完成率。速度和比率指标（增速、比重、百分点变化、强度）：与目标（“左右”目标则为其区间）的差距，以百分点计，"
        "不计算完成率（两个增速相除没有意义）。上限指标（居民消费价格涨幅3%左右、“以内”、越低越好的指标）：距上限的"
        "余量。"
        "相对目标（高于全省、与经济增长同步）：与参照值的差距（百分点）。图表同样如此：总量指标画完成率，速度指标画"
        "百分点差距，分栏显示，绝不画增速之比。",
    ),
    (
        "Gap to target: actual − target in the target's unit (percentage points for rates). 'about' (左右, 近) "
        "targets have a band of ±{tol_pp} pp for rates and ±{tol_rel_pct}% of the target for levels: inside the "
        "band 'within band', beyond it on the good side exceeded, on the bad side missed; 'outside the band' is "
        "how far "
        "outside the band the figure lies. 'at least' (以上, 不低于) and a bare number (a floor where higher is "
        "better): beyond it exceeded, equal met, short missed. range (6%-6.5%): inside 'within band'.",
        "与目标差距 = 完成值 − 目标值，单位同目标（速度指标为百分点）。“左右”（近）目标设容差区间：速度指标±{tol_pp"
        "}个"
        "百分点，总量指标为目标值的±{tol_rel_pct}%；区间内为“区间内”，好于区间为“超额完成”，差于区间为“未完成”；"
        "“超出区间”为完成值落在区间外的距离。“以上”“不低于”及越高越好的单一数值：超过为超额完成，相等为完成，"
        "不足为未完成。区间目标（6%-6.5%）：落在区间内为“区间内”。",
    ),
    (
        "Ceilings: at or under the ceiling (for CPI 3%左右, at or under its band) met, over it missed; the "
        "headroom is ceiling − actual (1.3% against 3%: 1.7 pp of headroom), never a ratio.",
        "上限指标：不超过上限（居民消费价格涨幅3%左右：不超过其区间上沿）为完成，超过为未完成；距上限余量 = 上限 − "
        "完成值（完成1.3%、上限3%：余量1.7个百分点），不计算比率。",
    ),
    (
        "Like with like. Every figure carries its basis: price basis (nominal, at current prices, or real, at "
        "comparable prices; the catalogue's convention for the metric unless the report's words beside the figure "
        "say otherwise), currency (RMB or USD), period. Figures on different bases are never compared: the real "
        "figure is used where the text or the reference file states one (扣除价格因素实际增长9.0%); otherwise the "
        "status is 'not comparable' and the 'how decided' note says why in words (nominal income growth against "
        "real GDP "
        "growth; a Q1–Q3 figure against a full-year one; growth in USD against growth in RMB).",
        "同口径比较。每个数字都带口径：价格口径（名义即现价，或实际即可比价；默认按指标目录的惯例，报告在数字旁另有"
        "说明"
        "的从其说明）、币种（人民币或美元）、时期。不同口径的数字不作比较：原文或参考数据给出实际增速的（扣除价格因"
        "素实际"
        "增长9.0%），用实际增速；否则判为“口径不可比”，并在判定依据中说明原因（名义收入增速与实际GDP增速、前三季度"
        "数据"
        "与全年数据、美元计价增速与人民币计价增速）。",
    ),
    (
        "Part of the year. A part-year figure is never 'exceeded' against a full-year target: it is 'on track' "
        "or 'behind schedule'. A level that accumulates over the year (new jobs, revenue, output, projects: units "
        "万人, 亿元, 个, ...) is compared with the time-proportional expectation, target × months covered ÷ 12 "
        "(序时进度; the benchmark column holds it, the row is flagged 'time-proportional'); a rate is compared "
        "with the "
        "yearly target as it stands. A figure for an earlier year (R&D intensity of 2020 in the 2021 report) "
        "gives no status for this year: 'not assessable', with the earlier figure quoted as an indication only.",
        "非全年数据。部分时期的数据不与全年目标比出“超额完成”，只判“符合序时进度”或“落后于序时进度”。随时间累计的总量"
        "（新增就业、收入、产值、项目数，单位如万人、亿元、个）与按序时进度折算的目标（目标 × 已过月数 ÷ 12）比较"
        "（“比较基准值”列为折算值，标记为“按序时进度”）；速度指标按全年目标直接比较。上年数据（如2021年通报中"
        "2020年的研发投入强度）不能判定本年目标：判为“无法评估”，上年数字仅作参考。",
    ),
    (
        "Provisional. A status resting on an estimate (预计), a part-year or a prior-year figure keeps its flag "
        "and is marked provisional in every headline output (table, chart, workbook summary, PDF); the headline "
        "counts give provisional statuses apart from firm ones.",
        "暂定。依据预计数（预计）、部分时期数据或上年数据作出的判定保留其标记，并在所有汇总输出（表格、图表、工作簿"
        "汇总表、PDF）中标为“暂定”；汇总计数将暂定判定与确定判定分开计。",
    ),
    (
        "Relative targets. 'in step with' (与经济增长同步): the reference is the related figure of the same report "
        "(GDP growth), on the same price basis and period; within ±{tol_pp} pp 'within band', ahead exceeded, behind "
        "missed. 'above the average' (高于全国平均水平): compared with the national (or provincial) figure on the same "
        "basis and year when one exists; otherwise the report's own statement decides and the 'how decided' note "
        "says so.",
        "相对目标。与经济增长同步：参照本报告中的相关数字（地区生产总值增速），且须价格口径和时期相同；相差±{tol_pp"
        "}个"
        "百分点以内为“区间内”，快于参照为“超额完成”，慢于参照为“未完成”。高于全国（全省）平均水平：有同口径、同年度的"
        "全国（全省）数字时与之比较；没有时依据报告自述，并在判定依据中注明。",
    ),
    (
        "qualitative (完成省下达任务): the status is the report's own verdict (完成 → met, 未完成 → missed), "
        "marked as such; a task with no figure and no verdict (monitoring) is 'not assessable'. Figures the report "
        "gives beside a target without a target of their own are context: 'not assessable'.",
        "定性目标（完成省下达任务）：依据报告自述的结论（完成 → 完成，未完成 → 未完成），并注明；既无数字又无结论的"
        "任务"
        "（如监测预警）为“无法评估”。报告在目标旁给出、本身没有目标的数字为随附数据：无法评估。",
    ),
    (
        "Provincial and national figures come, in this order, from the report's own statement (stated), from a "
        "gap it states (derived: city − gap), or from the reference files (reference). Gaps are city − average "
        "in pp, for rates only, on the same year, period, price and currency basis; where no gap is given, "
        "the comparison note says why. The rank the report states (居全省第6位) is shown beside the gap.",
        "全省、全国数字依次取自：报告自述、由报告所述差距推算（本市 − 差距）、参考数据文件。"
        "差距 = 本市 − 平均，以百分点计，仅用于速度和比率指标，且须年度、时期、价格口径和币种相同；"
        "未给出差距的，“比较说明”列说明原因。报告所述位次（居全省第6位）与差距并列显示。",
    ),
    (
        "Disputes. Where the report's own provincial or national figure disagrees with the reference file (by "
        "more than half a unit of the last digit the report prints), the headline shows the reference figure, "
        "marks the disagreement and keeps the report's figure beside it ('provincial figure the report gives'); the "
        "findings "
        "explain it. The report's figures are never corrected.",
        "不一致。报告自述（或由其推算）的全省、全国数字与参考数据不一致（相差超过报告所印末位数字的半个单位）时，汇"
        "总表"
        "显示参考数据，标明不一致，并保留报告数字（“报告所述全省数字”列）；一致性核查中说明。报告原数字不作修改。",
    ),
    (
        "Sources as they are. Each reference figure names its source type (a statistics bureau's release read "
        "in a newspaper or on a mirror site, a figure derived from a city's own release, ...), the date published "
        "and the exact quote. A figure derived from the city's own release is never used to confirm that city's "
        "claims: the check says 'not independent'.",
        "来源如实标注。每个参考数字注明来源类型（经报纸或转载网站刊发的统计局发布、由某市自己的发布推算等）、发布日"
        "期和"
        "原文引语。由本市自己的发布推算出的数字，不用于印证本市的说法：核查结果注明“非独立来源”。",
    ),
    (
        "Consistency checks (findings): stated completion percentages and stated gaps are recomputed; provincial "
        "averages implied by the report are compared with the reference figures. Agreement allows half a unit of "
        "the last digit the report prints. A disagreement is shown, never corrected.",
        "一致性核查：重新计算报告自述的完成比例和差距；将报告隐含的全省平均与参考数据比较。允许相差报告"
        "所印"
        "末位数字的半个单位。不一致之处如实列出，不作更正。",
    ),
    (
        "Not claimed: whether a target was ambitious; price adjustments beyond what the report or the reference "
        "files state; any figure that neither the report nor the reference files give.",
        "不作判断：目标是否积极；报告和参考数据未给出的价格换算；报告和参考数据均未给出的数字。",
    ),
]


def methodology(tolerance_pp: float = 0.5, tolerance_rel: float = 0.02, lang: str = "en") -> list[str]:
    """The rules in ``lang``, with the tolerances in force written in."""
    i = 0 if check_lang(lang) == "en" else 1
    return [rule[i].format(tol_pp=_fmt(tolerance_pp), tol_rel_pct=_fmt(tolerance_rel * 100)) for rule in METHODOLOGY]


def methodology_of(meta: dict, lang: str = "zh") -> list[str]:
    """The rules as a metadata file holds them (``methodology`` in English, ``methodology_zh`` in Chinese)."""
    key = "methodology_zh" if check_lang(lang) == "zh" else "methodology"
    value = (meta or {}).get(key) or (meta or {}).get("methodology") or []
    if isinstance(value, str):
        return [p.strip() for p in value.split("\n\n") if p.strip()]
    return [str(p) for p in value]


def _fmt(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
