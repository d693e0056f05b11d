"""Display labels in Chinese and English for statuses, comparators and columns (one place for all outputs)."""

from __future__ import annotations

LANGS = ("zh", "en")

STATUSES = ("exceeded", "met", "within_band", "missed", "not_assessable")

STATUS_LABELS = {
    "zh": {
        "exceeded": "超额完成",
        "met": "完成",
        "within_band": "区间内",
        "missed": "未完成",
        "not_assessable": "无法评估",
    },
    "en": {
        "exceeded": "exceeded",
        "met": "met",
        "within_band": "within band",
        "missed": "missed",
        "not_assessable": "not assessable",
    },
}

#: status colours shared by charts, the workbook and the PDF (colour-blind-safe palette)
STATUS_COLOURS = {
    "exceeded": "#1b7837",
    "met": "#5aae61",
    "within_band": "#f1b6da",
    "missed": "#c51b7d",
    "not_assessable": "#bababa",
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
        "gap_to_target": "与目标差距",
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
        "gap_to_target": "Gap to target",
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
