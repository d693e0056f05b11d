"""How a row is named when its target is stated only in words: short texts as they are, long ones by
their first clause, never cut mid-word."""

from __future__ import annotations

import pytest

from indicators.extract import parse_report
from indicators.extraction.harmonise import _first_clause
from indicators.schema import validate_targets


@pytest.mark.parametrize(("text", "name"), [
    ("减税降费", "减税降费"),
    ("激发市场主体活力,充分尊重企业的创意创新创造,推动市场主体提质增量", "激发市场主体活力"),
    ("优化营商环境；深化放管服改革，推进一网通办和一件事一次办改革", "优化营商环境"),
    ("主要预期目标月度、季度、年度完成情况监测预警", "主要预期目标月度、季度、年度完成情况监测预警"),
    ("推进长江大保护和生态环境治理体系与治理能力现代化建设工作全面提速和质量提升", None),
    ("做好,稳就业保民生促发展各项重点工作任务并确保全年社会大局和谐稳定有序", None),  # a first clause too short
])
def test_first_clause(text, name):
    assert _first_clause(text) == (name or text[:23] + "…")
    assert len(_first_clause(text)) <= 24


def test_a_qualitative_task_is_named_by_its_first_clause():
    table = parse_report("\n".join([
        "某市2030年政府重点工作任务完成情况",
        "1.地区生产总值增长7%左右。",
        "进展情况:全市地区生产总值增长7.4%。",
        "2.深入推进营商环境改革,全面落实市场准入负面清单制度,持续压减审批事项和办理时限,打造一流营商环境。",
        "进展情况:全年新增市场主体2.1万户。",
    ]))
    validate_targets(table)
    names = table.set_index("task")["indicator_zh"]
    assert names[2] == "深入推进营商环境改革"
    assert table.set_index("task").loc[2, "target_text"].endswith("打造一流营商环境。")  # the whole text kept
