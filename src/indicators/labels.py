"""Display labels in Chinese and English for statuses, comparators and columns (one place for all outputs)."""

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


# --- words for a row's judgement: the measure of its kind, its averages, its status --------------------
# (every output calls these, so that a figure reads the same in the notebooks, the workbook and the PDF)

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
