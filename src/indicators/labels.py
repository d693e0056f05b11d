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
