"""The presentation layer: one wording and one rounding rule for every output."""

from __future__ import annotations

import math

import pytest

from indicators import present


def test_periods_in_words() -> None:
    assert present.period_text("2021Q1-Q3", "zh") == "2021年前三季度"
    assert present.period_text("2021M01-M11", "en") == "2021 Jan–Nov"
    assert present.period_text("2021H1", "zh") == "2021年上半年"
    assert present.period_text("2021", "en") == "2021"


def test_numbers_keep_the_decimals_the_report_printed() -> None:
    assert present.number_text(-0.4, signed=True) == "-0.4"
    assert present.number_text(3.1, signed=True) == "+3.1"
    assert present.number_text(-0.001, 1, signed=True) == "0.0"
    assert present.number_text(10, 0) == "10" and present.number_text(0.652) == "0.652"
    assert present.decimals_of(12.0, "同比增长12.0%") == 1
    assert present.decimals_of(12.0, "同比增长12%") == 0
    assert present.decimals_of(27.752, None) == 3
    assert present.ratio_text(1.0) == "100.0%" and present.ratio_text(math.nan) == present.MISSING


def test_a_gap_has_the_precision_of_its_two_figures() -> None:
    row = {"target_value": 58.1, "actual_value": 57.73, "gap_to_target": 57.73 - 58.1, "target_unit": "%",
           "target_text": "常住人口城镇化率达到58.1%", "source_text": "城镇化率57.73%"}
    assert present.gap_decimals(row) == 2
    assert present.gap_to_target_text(row, "zh") == "-0.37个百分点"
    assert present.gap_to_target_text(row, "en") == "-0.37 pp"
    row = {"target_value": 27.1, "actual_value": 27.752, "gap_to_target": 27.752 - 27.1, "target_unit": "亿斤"}
    assert present.gap_to_target_text(row, "en") == "+0.652 100m jin"
    assert present.gap_to_target_text(row, "zh") == "+0.652亿斤"


@pytest.mark.parametrize(
    ("unit", "en"),
    [("亿元", "CNY 100m"), ("万人", "10k persons"), ("万斤", "10k jin"), ("亿斤", "100m jin"),
     ("万元/人", "CNY 10k per person"), ("億元", "CNY 100m"), ("万亿元", "CNY trillion"), ("个", "units"),
     ("%", "%"), ("pp", "pp"), ("万平方米", "10k m²")],
)
def test_the_unit_glossary(unit: str, en: str) -> None:
    assert present.unit_text(unit, "en") == en


def test_values_with_units() -> None:
    assert present.value_text(6.9, "万人", "zh") == "6.9万人"
    assert present.value_text(6.9, "万人", "en") == "6.9 10k persons"
    assert present.value_text(8.5, "%", "en") == "8.5%"
    assert present.value_text(12.0, "%", "zh", 1) == "12.0%"


def test_targets_in_words() -> None:
    row = {"comparator": "range", "target_value": 6, "target_high": 6.5, "target_unit": "%"}
    assert present.target_text(row, "zh") == "6–6.5%"
    row = {"comparator": "at_least", "target_value": 8, "target_unit": "%"}
    assert present.target_text(row, "en") == "≥ 8%"
    row = {"comparator": "above_benchmark", "target_reference": "national"}
    assert present.target_text(row, "zh") == "高于全国平均水平"
    row = {"comparator": "about", "target_value": 3, "target_unit": "%", "good_direction": "ceiling"}
    assert present.target_text(row, "zh") == "3%左右(上限)"
    assert present.target_text(row, "en") == "about 3% (ceiling)"
    row = {"comparator": "exact", "target_value": 4.5, "target_unit": "%", "good_direction": "lower"}
    assert present.target_text(row, "zh") == present.target_text(row, "en") == "≤ 4.5%"


def test_actuals_with_period_and_marks() -> None:
    row = {"actual_value": 9.0, "actual_unit": "%", "actual_period": "2021Q1-Q3", "flags": "estimated;partial_period",
           "source_text": "前三季度预计增长9.0%"}
    assert present.actual_text(row, "zh") == "9.0%(2021年前三季度，预计)"
    assert present.actual_text(row, "en") == "9.0% (2021 Q1–Q3, est.)"
    assert present.actual_text({}, "en") == "not reported"


def test_the_english_title_names_the_place_in_pinyin_beside_the_original() -> None:
    meta = {"title": "芜湖市2021年政府重点工作任务完成情况的通报", "city": "芜湖市", "year": 2021}
    assert present.title_text(meta, "en") == (
        "Wuhu 2021: notice on the completion of the government's key tasks — "
        "芜湖市2021年政府重点工作任务完成情况的通报")
    assert present.title_text(meta, "zh") == meta["title"]
    other = {"title": "铜陵市2023年国民经济和社会发展计划执行情况", "city": "铜陵市", "year": 2023}
    assert present.title_text(other, "en").startswith("Tongling 2023: report on the implementation of")
    unknown = {"title": "某某文件", "city": "铜陵市", "year": 2019}
    assert present.title_text(unknown, "en") == "Tongling 2019 report — 某某文件"


def test_coverage_says_where_the_text_is_cut() -> None:
    import pandas as pd

    table = pd.DataFrame({"task": [1, 2, 6, 6], "flags": ["", "estimated", "text_truncated", ""]})
    meta = {"coverage": {"quantities_read": 14, "quantities_placed": 9}}
    lines = dict(present.coverage_lines(table, meta, "en"))
    assert lines["Tasks"].startswith("3 tasks found")
    assert lines["Figures"].startswith("14 figures read in the text, 9 (64%) placed")
    assert "stops inside task 6" in lines["Completeness"]
    assert "未发现" in dict(present.coverage_lines(table.assign(flags=""), meta, "zh"))["原文完整性"]


def test_findings_name_their_own_indicator():
    """Two unclassified figures of one task are two indicators: each finding names its own."""
    import pandas as pd

    from indicators.present import finding_indicators

    table = pd.DataFrame({
        "task": [7, 7, 8], "metric": ["unclassified", "unclassified", "gdp_growth"],
        "subject": ["年度计划投资", "新建绿道", "地区生产总值"],
        "indicator_zh": ["年度计划投资", "新建绿道", "地区生产总值增速"],
        "indicator_en": ["年度计划投资", "新建绿道", "GDP growth"],
    })
    findings = pd.DataFrame({"task": [7, 7, 8, 9], "metric": ["unclassified", "unclassified", "gdp_growth", "cpi"],
                             "subject": ["新建绿道", "年度计划投资", None, "居民消费价格"]})
    assert finding_indicators(findings, table, "zh") == ["新建绿道", "年度计划投资", "地区生产总值增速", "居民消费价格"]
    assert finding_indicators(findings, table, "en")[2] == "GDP growth"
    assert finding_indicators(findings.iloc[::-1], table, "zh")[:2] == ["居民消费价格", "地区生产总值增速"]


@pytest.mark.parametrize(("publisher", "city", "english"), [
    ("芜湖市人民政府", "芜湖市", "Wuhu Municipal People's Government (芜湖市人民政府)"),
    ("芜湖市人民政府办公室", "芜湖市", "Wuhu Municipal People's Government General Office (芜湖市人民政府办公室)"),
    ("铜陵市统计局", "铜陵", "Tongling Municipal Statistics Bureau (铜陵市统计局)"),
    ("安徽省统计局", "芜湖市", "安徽省统计局"),  # another place's body: as written
    ("芜湖市某某协会", "芜湖市", "芜湖市某某协会"),  # a body not in the glossary: as written
])
def test_publisher_in_english(publisher, city, english):
    assert present.publisher_text(publisher, city, "en") == english
    assert present.publisher_text(publisher, city, "zh") == publisher
