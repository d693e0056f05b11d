"""Layouts: how a report's lines become task blocks (narrative, flattened table, article), and the
text normalisation and period words they rely on."""

from __future__ import annotations

import pytest

from indicators import grammar as g
from indicators.fileio import read_report_text
from indicators.layouts import (
    detect_layout,
    header_kind,
    looks_like_unit,
    split_article,
    split_narrative,
    split_table,
)

from conftest import FIXTURES, SEED


def _lines(*cells: str) -> list[str]:
    return "\n".join(cells).split("\n")


HEADER = ("芜湖市2024年重点工作任务完成情况", "序号", "工作任务", "牵头责任单位", "完成情况")


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("序号", "num"),
        ("工作任务", "task"),
        ("目标与任务", "task"),
        ("重点工作任务", "task"),
        ("牵头责任单位", "lead"),
        ("责任单位", "lead"),
        ("协同责任单位", "co"),
        ("完成情况", "progress"),
        ("一季度进展情况", "progress"),
        ("上半年工作进展", "progress"),
        ("1-11月完成情况", "progress"),
        ("完成时限", "other"),
        ("地区生产总值增长9%", None),
        ("市发改委", None),
    ],
)
def test_header_cells(cell, kind):
    assert header_kind(cell) == kind


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("市发改委", True),
        ("市发展和改革委员会", True),
        ("市人力资源和社会保障局、市农业农村局", True),
        ("各县市区政府、开发区管委会", True),
        ("人行芜湖中心支行等", True),
        ("(市地方金融局)", True),
        ("市政府各部门、各直属单位", True),
        ("市发展和改革", False),  # the first half of a name broken over two lines
        ("已完成。", False),
        ("全市实现地区生产总值4550亿元,增长4%左右。", False),
        ("推进中", False),
        ("", False),
    ],
)
def test_unit_names(text, unit):
    assert looks_like_unit(text) == unit


def test_table_blocks_keep_their_lines():
    lines = _lines(
        *HEADER,
        "1",
        "地区生产总值增长6%左右,",
        "力争达到6.5%。",  # a target broken over two lines
        "市发展和改革",
        "委员会",
        "全市地区生产总值增长5.6%。",
        "其中一季度增长5.1%。",
        "2",
        "城镇新增就业6.5万人。",
        "市人社局",
        "全市城镇新增就业3万人。",
        "市农业农村局",
        "农村劳动力转移就业2万人。",
    )
    blocks = split_table(lines)
    assert [b.task for b in blocks] == [1, 2]
    first, second = blocks
    assert first.target_text == "地区生产总值增长6%左右,力争达到6.5%。" and first.target_line == 7
    assert first.lead_units == "市发展和改革委员会"
    assert [line for line, _, _ in first.progress] == [11, 12] and first.progress_units == {}
    assert second.lead_units == "市人社局、市农业农村局"
    assert second.progress_units == {16: "市人社局", 18: "市农业农村局"}
    assert second.last_line == 18


def test_table_numbering_must_continue():
    lines = _lines(
        *HEADER, "1", "地区生产总值增长6%。", "市发改委", "全市增长5.6%。", "7", "见附表。", "2", "城镇新增就业6万人。"
    )
    blocks = split_table(lines)
    assert [b.task for b in blocks] == [1, 2]
    assert [text[offset:] for _, text, offset in blocks[0].progress] == ["全市增长5.6%。", "7", "见附表。"]


def test_table_sections_take_the_main_targets():
    lines = _lines(
        *HEADER,
        "一、确保完成全年主要预期目标",
        "1",
        "地区生产总值增长6%。",
        "市发改委",
        "全市增长5.6%。",
        "二、扩大有效投资",
        "1",
        "推进重点项目建设。",
        "市发改委",
        "开工项目120个。",
    )
    blocks = split_table(lines)
    assert [(b.task, b.target_text) for b in blocks] == [(1, "地区生产总值增长6%。")]


def test_table_stops_at_the_page_footer():
    lines = _lines(
        *HEADER, "1", "地区生产总值增长6%。", "市发改委", "全市增长5.6%。", "扫一扫在手机打开当前页", "关闭窗口"
    )
    (block,) = split_table(lines)
    assert block.last_line == 9 and len(block.progress) == 1


def test_no_header_no_table():
    assert split_table(_lines("芜湖市2024年通报", "1", "地区生产总值增长6%。", "市发改委")) == []
    assert split_table(_lines("序号", "工作任务", "牵头单位")) == []  # no progress column


def test_seed_is_narrative():
    lines = read_report_text(SEED).split("\n")
    layout, blocks = detect_layout(lines)
    assert layout == "narrative" and [b.task for b in blocks] == list(range(1, 17))
    assert blocks == split_narrative(lines) and not any(b.truncated for b in blocks)


def test_fixture_layouts():
    for name, layout, tasks in (("wuhu-2022-annual", "table", 6), ("national-2019-annual", "article", 6)):
        found, blocks = detect_layout(read_report_text(FIXTURES / f"{name}.txt").split("\n"))
        assert (found, len(blocks)) == (layout, tasks)


def test_a_table_with_more_tasks_wins_over_stray_numbered_lines():
    lines = _lines(
        *HEADER,
        "1",
        "地区生产总值增长6%。",
        "市发改委",
        "1.全市增长5.6%。",  # a numbered line inside a progress cell
        "2",
        "城镇新增就业6万人。",
        "市人社局",
        "新增就业6.2万人。",
    )
    layout, blocks = detect_layout(lines)
    assert layout == "table" and len(blocks) == 2


def test_numbered_lists_inside_cells_are_not_tasks():
    lines = _lines(
        *HEADER,
        "1",
        "全面优化整合政策体系。",
        "市发改委",
        "(市地方金融局)",
        "1.完成国土空间总体规划审查。",
        "2.印发产业政策。",
        "3.推进奖补兑现。",
        "2",
        "城镇新增就业6万人。",
        "市人社局",
        "新增就业3.1万人。",
    )
    layout, blocks = detect_layout(lines)
    assert layout == "table" and [b.task for b in blocks] == [1, 2]
    assert blocks[0].lead_units == "市发改委、(市地方金融局)" and len(blocks[0].progress) == 3


def test_article_blocks():
    lines = _lines(
        "2020年政府工作报告目标落实情况",
        "报告提出,城镇新增就业900万人以上。实际上,全年城镇新增就业1186万人。",
        "报告明确,粮食产量稳定在13000亿斤以上。",
        "会议还强调要做好各项工作。",
        "落实结果显示,粮食产量13390亿斤。",
    )
    blocks = split_article(lines)
    assert [(b.task, b.target_text, b.only_targets) for b in blocks] == [
        (1, "城镇新增就业900万人以上", False),
        (2, "粮食产量稳定在13000亿斤以上", True),
    ]
    assert [line for line, _, _ in blocks[0].progress] == [2]
    assert [line for line, _, _ in blocks[1].progress] == [5]


@pytest.mark.parametrize(
    ("tail", "truncated"),
    [
        (["全市增长5.6%。"], False),
        (["全市增长5.6%。", "[...]"], True),
        (["全市增长5.6%,其中"], False),  # no dangling mark: a line may end without 。
        (["全市增长5.6%,"], True),
        ([], True),  # the page stops after the unit
        (["全市增长5.6%。", "扫一扫在手机打开当前页"], False),
    ],
)
def test_truncation(tail, truncated):
    layout, blocks = detect_layout(_lines(*HEADER, "1", "地区生产总值增长6%。", "市发改委", *tail))
    assert layout == "table" and blocks[-1].truncated == truncated


def test_truncation_only_marks_the_block_at_the_end():
    lines = read_report_text(SEED).split("\n")
    cut = lines.index("2.一般公共预算收入增长5%左右。") + 1
    layout, blocks = detect_layout(lines[:cut])
    assert [b.truncated for b in blocks] == [False, True]


def test_traditional_folding_keeps_length_and_lines():
    text = "國內生產總值增長6%\n規模以上工業增加值增長9%左右\n進展情況:「三公」經費壓減3%"
    folded = g.to_simplified(text)
    assert folded == "国内生产总值增长6%\n规模以上工业增加值增长9%左右\n进展情况:“三公”经费压减3%"
    assert len(folded) == len(text) and folded.count("\n") == text.count("\n")
    seed = read_report_text(SEED)
    assert g.to_simplified(seed) == seed  # simplified text is left alone


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("芜湖市2025年一季度重点工作任务进展情况", "Q1"),
        ("2024年上半年重点工作任务完成情况", "H1"),
        ("2023年前三季度", "Q1-Q3"),
        ("2023年1-11月主要指标", "M01-M11"),
        ("2023年1至6月", "H1"),
        ("2023年三季度重点工作完成情况", "Q1-Q3"),  # a quarter's report tells the progress up to its end
        ("2024年二季度重点工作进展情况", "H1"),
        ("2024年四季度重点工作完成情况", None),
        ("2022年度市政府重点工作任务完成情况", None),
        ("2022年1-12月", None),
    ],
)
def test_period_of_a_title(title, code):
    assert g.period_code(title) == code


@pytest.mark.parametrize(
    ("label", "months"),
    [("2025", 12), ("2025Q1", 3), ("2025Q2", 3), ("2025H1", 6), ("2025Q1-Q3", 9), ("2025M01-M11", 11), ("x", None)],
)
def test_months_of_a_period(label, months):
    assert g.period_months(label) == months
