"""The glossary, in Chinese and English: statuses, kinds, comparators, flags, columns and coded values.

Data only (and lookups); how a row reads is worded from these by ``present.py``, for every output."""

from __future__ import annotations

LANGS = ("zh", "en")

#: verdicts on a target; on_track / behind_schedule are the only verdicts a part-year figure gets,
#: not_comparable is a comparison refused (unlike price bases or periods), not a verdict
STATUSES = (
    "exceeded",
    "met",
    "within_band",
    "on_track",
    "behind_schedule",
    "missed",
    "not_comparable",
    "not_assessable",
)

STATUS_LABELS = {
    "zh": {
        "exceeded": "超额完成",
        "met": "完成",
        "within_band": "区间内",
        "on_track": "符合序时进度",
        "behind_schedule": "落后于序时进度",
        "missed": "未完成",
        "not_comparable": "口径不可比",
        "not_assessable": "无法评估",
    },
    "en": {
        "exceeded": "exceeded",
        "met": "met",
        "within_band": "within band",
        "on_track": "on track",
        "behind_schedule": "behind schedule",
        "missed": "missed",
        "not_comparable": "not comparable",
        "not_assessable": "not assessable",
    },
}

#: status colours shared by charts, the workbook and the PDF (colour-blind-safe palette)
STATUS_COLOURS = {
    "exceeded": "#1b7837",
    "met": "#5aae61",
    "within_band": "#f1b6da",
    "on_track": "#b8e186",
    "behind_schedule": "#de77ae",
    "missed": "#c51b7d",
    "not_comparable": "#c2a5cf",
    "not_assessable": "#bababa",
}

#: kinds of target, each with its one measure (see ``measures``): kind → (zh, en, measure zh, measure en)
KINDS = ("quantity", "rate", "ceiling", "relative", "qualitative", "context")
KIND_LABELS = {
    "quantity": ("总量指标", "quantity", "完成率 = 完成值 ÷ 目标值", "attainment = actual ÷ target"),
    "rate": ("速度、比率指标", "rate", "与目标(或区间)的差距，百分点", "gap to the target (or its band), pp"),
    "ceiling": ("上限指标", "ceiling", "距上限的余量", "headroom under the ceiling"),
    "relative": ("相对目标", "relative target", "与参照值的差距，百分点", "gap to the reference, pp"),
    "qualitative": ("定性目标", "qualitative", "报告自述结论", "the report's own verdict"),
    "context": ("随附数据", "context figure", "无(无单独目标)", "none (no target of its own)"),
}
#: price bases of a growth rate
PRICE_BASES = ("nominal", "real", "")

#: marks shown beside a figure or status in headline outputs: (zh, en)
MARKS = {
    "provisional": ("暂定", "provisional"),
    "disputed": ("与参考数据不一致", "disputed"),
    "not_independent": ("非独立来源", "not independent"),
    "report_says": ("报告称", "report says"),
    "reference": ("参考数据", "reference"),
    "rank": ("全省第{}位", "rank {} in province"),
}

COMPARATOR_LABELS = {
    "zh": {
        "about": "左右",
        "at_least": "不低于",
        "at_most": "不高于",
        "exact": "目标值",
        "range": "区间",
        "above_benchmark": "高于平均水平",
        "in_step_with": "与…同步",
        "qualitative": "定性",
        "": "无目标",
    },
    "en": {
        "about": "about",
        "at_least": "at least",
        "at_most": "at most",
        "exact": "target",
        "range": "range",
        "above_benchmark": "above the average",
        "in_step_with": "in step with",
        "qualitative": "qualitative",
        "": "no target",
    },
}

COLUMN_LABELS = {
    "zh": {
        "task": "序号",
        "metric": "指标代码",
        "indicator": "指标",
        "comparator": "目标类型",
        "target": "目标",
        "target_value": "目标值",
        "actual": "完成",
        "actual_value": "完成值",
        "actual_period": "时期",
        "attainment_ratio": "完成率",
        "target_kind": "指标类型",
        "gap_to_target": "与目标差距",
        "gap_to_band": "超出区间",
        "headroom": "距上限余量",
        "provincial_rank": "全省位次",
        "provisional": "暂定",
        "provincial_avg": "全省平均",
        "gap_to_provincial_pp": "与全省差距(百分点)",
        "national_avg": "全国平均",
        "gap_to_national_pp": "与全国差距(百分点)",
        "status": "完成状态",
        "status_basis": "判定依据",
        "flags": "标记",
        "source_line": "原文行号",
        "source_text": "原文",
        "lead_units": "牵头责任单位",
    },
    "en": {
        "task": "Task",
        "metric": "Metric id",
        "indicator": "Indicator",
        "comparator": "Target type",
        "target": "Target",
        "target_value": "Target value",
        "actual": "Actual",
        "actual_value": "Actual value",
        "actual_period": "Period",
        "attainment_ratio": "Attainment",
        "target_kind": "Kind of target",
        "gap_to_target": "Gap to target",
        "gap_to_band": "Outside band",
        "headroom": "Headroom",
        "provincial_rank": "Rank in province",
        "provisional": "Provisional",
        "provincial_avg": "Provincial avg",
        "gap_to_provincial_pp": "Gap to province (pp)",
        "national_avg": "National avg",
        "gap_to_national_pp": "Gap to nation (pp)",
        "status": "Status",
        "status_basis": "How decided",
        "flags": "Flags",
        "source_line": "Source line",
        "source_text": "Source text",
        "lead_units": "Lead units",
    },
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise a ValueError a person understands."""
    if lang not in LANGS:
        raise ValueError(f"label language must be one of {LANGS}, not {lang!r}")
    return lang


def status_label(status: str, lang: str = "zh") -> str:
    return STATUS_LABELS[check_lang(lang)].get(status, status)


def column_label(column: str, lang: str = "zh") -> str:
    return COLUMN_LABELS[check_lang(lang)].get(column, column)


def kind_label(kind: str, lang: str = "zh", measure: bool = False) -> str:
    """Words for a kind of target, or (``measure``) for the measure it is judged by."""
    entry = KIND_LABELS.get(kind)
    if entry is None:
        return kind
    return entry[(2 if measure else 0) + (0 if check_lang(lang) == "zh" else 1)]


def mark(key: str, lang: str = "zh", *args: object) -> str:
    """A mark of ``MARKS`` in ``lang`` (``mark("rank", "en", 6)`` → ``rank 6 in province``)."""
    zh, en = MARKS[key]
    return (zh if check_lang(lang) == "zh" else en).format(*args)


def status_counts_text(counts: list[tuple[str, int, int]], lang: str = "zh") -> str:
    """``超额完成 8(另暂定 2) · 完成 2``: each status with its firm and provisional counts, counted apart."""
    parts = []
    for status, firm, provisional in counts:
        label = status_label(status, lang)
        if provisional and lang == "zh":
            extra = f"(另暂定 {provisional})" if firm else "(均为暂定)"
        elif provisional:
            extra = f" (+{provisional} provisional)" if firm else " (all provisional)"
        else:
            extra = ""
        shown = firm if firm else provisional
        parts.append(f"{label} {shown}{extra}")
    return " · ".join(parts)


def indicator_label(row, lang: str = "zh") -> str:
    """Indicator name of a table row (a mapping with ``indicator_zh``/``indicator_en``)."""
    return str(row["indicator_en" if lang == "en" else "indicator_zh"])


#: every row flag: (short zh, short en, explanation zh, explanation en) — the one glossary all outputs use
FLAG_LABELS = {
    "estimated": (
        "预计数",
        "estimate",
        "完成值为预计数（原文“预计”）",
        "the achieved figure is an estimate (预计), not a final statistic",
    ),
    "partial_period": (
        "非全年",
        "part of year",
        "完成值只覆盖年内部分时期",
        "the achieved figure covers only part of the year",
    ),
    "prior_year_data": (
        "上年数据",
        "prior year",
        "完成值是上一年的数据",
        "the achieved figure is for an earlier year than the report",
    ),
    "period_assumed": (
        "时期推定",
        "period assumed",
        "原文未写明时期，按报告年度推定",
        "no period is written beside the figure; the report's year is assumed",
    ),
    "approximate_actual": (
        "约数",
        "approximate",
        "完成值为约数（原文“左右”等）",
        "the achieved figure is approximate (左右)",
    ),
    "lower_bound_actual": (
        "下限",
        "lower bound",
        "完成值为下限（原文“超过”“以上”等）",
        "the achieved figure is a lower bound (超过, 以上)",
    ),
    "direction_inferred": (
        "比较方向推定",
        "direction inferred",
        "与全省(全国)比较的方向词缺失，按“高于”推定",
        "the word saying above or below the province is missing; 'above' is assumed",
    ),
    "text_damaged": (
        "原文残缺",
        "text damaged",
        "原文在此处有残缺（网页抓取时丢字或丢标点）",
        "the source text is damaged next to the figure (characters or punctuation lost in scraping)",
    ),
    "name_inexact": (
        "名称缺字",
        "name inexact",
        "指标名称缺一字才与目录匹配",
        "the indicator name matched the catalogue only with one character missing",
    ),
    "target_from_progress": (
        "目标取自进展",
        "target in progress text",
        "目标值取自进展情况，而非任务标题",
        "the target figure is stated in the progress text, not the task title",
    ),
    "target_from_gap": (
        "目标由差距推算",
        "target from gap",
        "原文未重述目标，按完成值与所述差距（如“低于预期目标1.2个百分点”）推算",
        "the target is not restated; it is worked out from the result and the stated gap to it",
    ),
    "target_inherited": (
        "沿用总目标",
        "target inherited",
        "分项沿用总体目标（总体完成数缺失）",
        "a component is held to the whole's target because the whole's own figure is missing",
    ),
    "actual_missing": ("无完成值", "no actual", "原文未给出完成值", "the report gives no achieved figure"),
    "metric_unknown": (
        "指标未收录",
        "unknown metric",
        "指标不在指标目录中",
        "the indicator is not in the metric catalogue",
    ),
    "text_truncated": ("原文截断", "text truncated", "原文在此任务处中断", "the document stops inside this task"),
    "unit_converted": (
        "单位换算",
        "unit converted",
        "完成值已换算为目标的单位",
        "the achieved figure was converted to the target's unit",
    ),
    "year_unknown": (
        "年份不明",
        "year unknown",
        "原文未写明报告年份，时期只标月份或季度",
        "the text names no year for the report; periods carry no year",
    ),
    "year_inferred": (
        "年份推定",
        "year inferred",
        "标题缺失，报告年份取正文中最常出现的年份",
        "the title is missing; the report's year is the one the text names most often",
    ),
    "target_shared": (
        "共用目标",
        "shared target",
        "一个目标对应多个分项（如“4个指标均增长10%以上”“分别下降…远低于…目标”）",
        "one target stated for several items (e.g. four indicators each to grow at least 10%)",
    ),
    "actual_as_stated": (
        "按原文已完成",
        "done as stated",
        "原文称该项“已完成”，完成值即目标值",
        "the text says the item is done, so the achieved figure is the planned one",
    ),
    "column_guessed": (
        "列位推定",
        "column guessed",
        "表格该行数字少于列数，所属列为推定",
        "the table row has fewer figures than columns; which column they belong to is a guess",
    ),
    "time_proportional": (
        "按序时进度",
        "time-proportional",
        "部分时期数据与按月份折算的目标比较（序时进度）",
        "a part-year figure is compared with the target pro rata for the months covered",
    ),
}


def flag_text(flag: str, lang: str = "zh", long: bool = False) -> str:
    """Words for a row flag, short or as an explanation."""
    entry = FLAG_LABELS.get(flag)
    if entry is None:
        return flag
    return entry[(2 if long else 0) + (0 if check_lang(lang) == "zh" else 1)]


# --- what the statuses mean (``present.py`` words a row from these glossaries) ------------------------

#: what each status means, in words: (en, zh)
STATUS_MEANINGS = {
    "exceeded": (
        "The achieved figure goes beyond the target (for an 'about' target: beyond its tolerance band).",
        "完成值优于目标(“左右”目标：优于容差区间)。",
    ),
    "met": ("The target was reached.", "达到目标。"),
    "within_band": (
        "The achieved figure lies inside the tolerance band of an 'about' target or inside a range.",
        "完成值落在“左右”目标的容差区间或目标区间内。",
    ),
    "on_track": (
        "A part-year figure that is where the time-proportional expectation (or the yearly target, for a rate) "
        "says it should be; the year's result is not yet known.",
        "部分时期数据达到序时进度(速度指标为全年目标)；全年结果尚未知。",
    ),
    "behind_schedule": (
        "A part-year figure short of the time-proportional expectation (or the yearly target, for a rate).",
        "部分时期数据未达序时进度(速度指标为全年目标)。",
    ),
    "missed": ("The target was not reached.", "未达到目标。"),
    "not_comparable": (
        "No verdict: the figure and what it would be held to are on different bases (nominal and real prices, "
        "different periods or currencies); the reason is given in words.",
        "不作判定：完成值与比较对象口径不同(名义与实际、时期或币种不同)，原因另有说明。",
    ),
    "not_assessable": (
        "No verdict is possible: no achieved figure, only an earlier year's figure, a qualitative target without "
        "a verdict, or no benchmark to compare with.",
        "无法判定：无完成值、只有上年数据、定性目标未给结论，或无可比较的基准。",
    ),
}


def status_meaning(status: str, lang: str = "zh") -> str:
    en, zh = STATUS_MEANINGS.get(status, (status, status))
    return zh if check_lang(lang) == "zh" else en


# --- the glossary of the tables' columns and coded values (every output shows these words, never the codes) -

#: every column of the targets, attainment, findings and benchmarks tables: (zh, en)
COLUMN_WORDS = {
    "report_id": ("报告编号", "Report id"),
    "task": ("序号", "Task"),
    "task_label": ("原文序号", "Task as numbered"),
    "section": ("部分", "Section"),
    "metric": ("指标", "Indicator"),
    "subject": ("原文指标名称", "Indicator as written"),
    "measure": ("度量", "Measure"),
    "indicator_zh": ("指标", "Indicator (Chinese)"),
    "indicator_en": ("指标(英文)", "Indicator"),
    "is_headline": ("主要目标", "Headline"),
    "comparator": ("目标类型", "Target type"),
    "target_value": ("目标值", "Target value"),
    "target_high": ("目标上限", "Target upper end"),
    "target_unit": ("目标单位", "Target unit"),
    "target_reference": ("参照对象", "Reference"),
    "target_text": ("目标原文", "Target as written"),
    "target_line": ("目标原文行号", "Target: source line"),
    "actual_value": ("完成值", "Actual value"),
    "actual_unit": ("完成值单位", "Actual unit"),
    "actual_period": ("时期", "Period"),
    "actual_basis": ("币种", "Currency"),
    "provincial_avg": ("全省平均", "Provincial average"),
    "provincial_avg_source": ("全省数字来源", "Provincial figure: source"),
    "provincial_gap_pp": ("报告所述与全省差距(百分点)", "Stated gap to the province (pp)"),
    "provincial_note": ("报告关于全省的原话", "The report on the province"),
    "national_avg": ("全国平均", "National average"),
    "national_avg_source": ("全国数字来源", "National figure: source"),
    "national_gap_pp": ("报告所述与全国差距(百分点)", "Stated gap to the nation (pp)"),
    "national_note": ("报告关于全国的原话", "The report on the nation"),
    "provincial_rank": ("全省位次", "Rank in province"),
    "stated_completion_pct": ("报告所述完成比例(%)", "Stated completion (%)"),
    "stated_gap_to_target": ("报告所述超出目标", "Stated excess over target"),
    "stated_outcome": ("报告自述结论", "The report's verdict"),
    "lead_units": ("牵头责任单位", "Lead units"),
    "co_units": ("协同责任单位", "Supporting units"),
    "source_line": ("原文行号", "Source line"),
    "source_text": ("原文", "Source text"),
    "flags": ("标记", "Flags"),
    "good_direction": ("好的方向", "Good direction"),
    "target_kind": ("指标类型", "Kind of target"),
    "actual_price_basis": ("价格口径", "Price basis"),
    "tolerance": ("容差(目标单位)", "Tolerance (target unit)"),
    "benchmark_value": ("比较基准值", "Benchmark value"),
    "attainment_ratio": ("完成率", "Attainment"),
    "gap_to_target": ("与目标差距", "Gap to target"),
    "gap_to_band": ("超出区间", "Outside the band"),
    "headroom": ("距上限余量", "Headroom"),
    "provincial_avg_reference": ("全省参考数据", "Provincial reference figure"),
    "provincial_avg_report": ("报告所述全省数字", "Provincial figure the report gives"),
    "provincial_disputed": ("全省数字不一致", "Provincial figure disputed"),
    "provincial_reference_type": ("全省参考数据来源类型", "Provincial reference: source type"),
    "provincial_reference_independent": ("全省参考数据独立", "Provincial reference independent"),
    "gap_to_provincial_pp": ("与全省差距(百分点)", "Gap to province (pp)"),
    "national_avg_reference": ("全国参考数据", "National reference figure"),
    "national_avg_report": ("报告所述全国数字", "National figure the report gives"),
    "national_disputed": ("全国数字不一致", "National figure disputed"),
    "national_reference_type": ("全国参考数据来源类型", "National reference: source type"),
    "national_reference_independent": ("全国参考数据独立", "National reference independent"),
    "gap_to_national_pp": ("与全国差距(百分点)", "Gap to nation (pp)"),
    "benchmark_note": ("比较说明", "Comparison notes"),
    "benchmark_note_zh": ("比较说明", "Comparison notes (Chinese)"),
    "status": ("完成状态", "Status"),
    "status_basis": ("判定依据", "How decided"),
    "status_basis_zh": ("判定依据", "How decided (Chinese)"),
    "provisional": ("暂定", "Provisional"),
    "check_flags": ("核查问题", "Check problems"),
    # findings
    "check": ("核查项", "Check"),
    "stated": ("报告数", "Stated"),
    "recomputed": ("重算数", "Recomputed"),
    "difference": ("差额", "Difference"),
    "agrees": ("一致", "Agrees"),
    "note": ("说明", "Note"),
    "note_zh": ("说明", "Note (Chinese)"),
    # benchmarks
    "region": ("地区", "Region"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "basis": ("口径", "Basis"),
    "year": ("年份", "Year"),
    "how_obtained": ("取得方式", "How obtained"),
    "source_type": ("来源类型", "Source type"),
    "published": ("发布日期", "Published"),
    "independent": ("独立来源", "Independent"),
    "source_url": ("来源网址", "Source URL"),
    "source_snippet": ("来源原文", "Source quote"),
    "used_for": ("用于", "Used for"),
    # panel
    "city": ("城市", "City"),
    "period": ("时期", "Period"),
    "target": ("目标", "Target"),
    "actual": ("完成", "Actual"),
}

#: coded values of the tables, by column: value → (zh, en)
VALUE_WORDS = {
    "measure": {
        "growth": ("增速", "growth"), "level": ("总量", "level"), "rate": ("比率", "rate"),
        "change_pp": ("百分点变化", "change in pp"), "reduction": ("降低率", "reduction"),
        "level_change": ("增量", "change in level"), "qualitative": ("定性", "qualitative"),
    },
    "good_direction": {
        "higher": ("越高越好", "higher is better"), "lower": ("越低越好", "lower is better"),
        "ceiling": ("上限", "ceiling"),
    },
    "actual_price_basis": {"nominal": ("名义(现价)", "nominal"), "real": ("实际(可比价)", "real")},
    "actual_basis": {"CNY": ("人民币计价", "in CNY"), "USD": ("美元计价", "in USD")},
    "source": {
        "stated": ("报告所述", "stated in the report"),
        "derived": ("由报告所述差距推算", "derived from a gap the report states"),
        "reference": ("参考数据", "reference"),
    },
    "region": {
        "anhui": ("安徽省", "Anhui province"), "china": ("全国", "China"),
        "provincial": ("全省", "province"), "national": ("全国", "China"),
    },
    "check": {
        "completion_pct": ("报告所述完成比例", "stated completion %"),
        "gap_to_target": ("报告所述超出目标", "stated excess over target"),
        "provincial_gap": ("报告所述与全省差距", "stated gap to the province"),
        "national_gap": ("报告所述与全国差距", "stated gap to the nation"),
        "provincial_avg_vs_reference": ("全省平均与参考数据", "provincial average vs reference figure"),
        "national_avg_vs_reference": ("全国平均与参考数据", "national average vs reference figure"),
        "provincial_claim": ("与全省比较的说法", "claim about the province"),
        "national_claim": ("与全国比较的说法", "claim about the nation"),
    },
    "source_type": {
        "customs-press-conference-via-newspaper": ("海关新闻发布会(经报纸)", "customs press conference, via a newspaper"),
        "data-portal": ("数据平台", "data portal"),
        "derived-from-city-statistics-bureau": ("由市统计局发布推算", "derived from the city statistics bureau"),
        "derived-from-provincial-statistics-bureau": ("由省统计局发布推算",
                                                      "derived from the provincial statistics bureau"),
        "environment-bulletin-via-mirror": ("环境公报(经转载网站)", "environment bulletin, via a mirror site"),
        "environment-bulletin-via-newspaper": ("环境公报(经报纸)", "environment bulletin, via a newspaper"),
        "statistics-bureau-communique-via-mirror": ("统计公报(经转载网站)", "statistical communiqué, via a mirror site"),
        "statistics-bureau-press-release-via-mirror": ("统计局新闻稿(经转载网站)",
                                                       "statistics bureau release, via a mirror site"),
        "statistics-bureau-press-release-via-newspaper": ("统计局新闻稿(经报纸)",
                                                          "statistics bureau release, via a newspaper"),
    },
    "basis": {
        "RMB": ("人民币计价", "in RMB"), "USD": ("美元计价", "in USD"), "comparable prices": ("可比价", "comparable prices"),
        "constant prices": ("不变价", "constant prices"),
        "nominal": ("名义(现价)", "nominal"), "annual mean": ("年均值", "annual mean"),
        "339 cities": ("339个城市", "339 cities"), "339 cities, annual mean": ("339个城市年均值", "339 cities, annual mean"),
        "enterprises above designated size": ("规模以上企业", "enterprises above designated size"),
        "excluding rural households": ("不含农户", "excluding rural households"),
        "per capita, all residents": ("全体居民人均", "per capita, all residents"),
        "resident population, year end": ("年末常住人口", "resident population, year end"),
        "tertiary industry": ("第三产业", "tertiary industry"),
    },
    "bool": {True: ("是", "yes"), False: ("否", "no")},
}
