"""Tables of the eighth blind set's kinds, on variants written here (other figures, other orders, cleaner or
more damaged text): a ``|`` table named by ``指标(任务)`` with a 备注 / 说明 column of words, one cell per line
with long cells wrapped onto the next line and rows that lack their last cell, and a plan table of one cell
per line with ``/`` for its empty cells and livestock in 万头只.
"""

from __future__ import annotations

import pytest

from extraction_helpers import is_missing
from extraction_helpers import pair_values as _values
from extraction_helpers import row_with_target as _row
from extraction_helpers import table_of as _table
from indicators.extraction.quantities import parse_unit
from indicators.extraction.readers.cells import header_kind, wrapped


@pytest.mark.parametrize(
    ("cell", "kind"),
    [("指标(任务)", "name"), ("指标（项目）", "name"), ("指标名称(单位)", "name"),
     ("备注", "other"), ("说明", "other"), ("备注说明", "other"), ("情况说明", "other")],
)
def test_header_words_of_these_tables(cell, kind):
    assert header_kind(cell) == kind


# --- a ``|`` table named by 指标(任务), with a 备注 column of words ------------------------------------------


_ROWS = [
    ("地区生产总值", "亿元", "1460", "701.3", "48.0", "增长7.9%,增速居全市第2位"),
    ("一般公共预算总收入", "亿元", "118", "66.4", "56.3", "税收占比88.1%"),
    ("新增高新技术企业", "家", "35", "—", "—", "年底集中认定"),
    ("城镇登记失业率", "%", "3.5以内", "2.04", "—", "控制在目标范围内"),
    ("新增公共停车泊位", "个", "6200", "3391", "54.7", "—"),
    ("空气质量优良天数比例", "%", "≥93", "95.6", "—", "居全市各县(市、区)第4位"),
]


@pytest.mark.parametrize("name", ["指标(任务)", "指标（项目）"])
@pytest.mark.parametrize("remark", ["备注", "说明"])
@pytest.mark.parametrize("outer", [False, True])
def test_a_bar_table_with_a_column_of_remarks(name, remark, outer):
    header = ["序号", name, "单位", "年度目标", "1-6月完成", "完成进度(%)", remark]
    join = (lambda cells: "| " + " | ".join(cells) + " |") if outer else " | ".join
    lines = ["某市2031年上半年主要指标完成情况通报", "", join(header)]
    lines += [join([str(n), *row]) for n, row in enumerate(_ROWS, start=1)]
    lines += ["", "从完成情况看,6项指标中,超序时进度的有3项。"]
    table = _table(*lines)
    assert _values(table) == {(1460, 701.3), (118, 66.4), (3.5, 2.04), (6200, 3391), (93, 95.6)}
    assert _row(table, 3.5).comparator == "at_most" and _row(table, 93).comparator == "at_least"
    assert is_missing(_row(table, 35).actual_value)  # a ``—`` result: none, not a figure from the remark
    assert _row(table, 1460).stated_completion_pct == 48.0
    # the remark's figures (7.9%, 88.1%, 第2位) are no results
    assert not {7.9, 88.1, 2.0} & set(table.actual_value.dropna().round(6))


def test_remarks_before_the_completion_column_are_not_read_either():
    table = _table(
        "某县2031年1-9月重点指标完成情况", "",
        "序号 | 指标(任务) | 单位 | 年度目标 | 备注 | 1-9月完成",
        "1 | 外贸出口 | 亿元 | 45 | 受海外订单减少影响,进度滞后 | 29.8",
        "2 | 城镇新增就业 | 人 | 9000 | 已超序时进度 | 7240",
        "3 | 新建改造城市道路 | 公里 | 18 | 3条道路9月开工 | 10.5",
    )
    assert _values(table) == {(45, 29.8), (9000, 7240), (18, 10.5)}


# --- one cell per line, long cells wrapped onto the next line, a 备注 column --------------------------------


def _one_per_line(rows: list[list[str]], remark: str = "备注") -> list[str]:
    lines = ["某市2031年1-9月政府工作报告重点工作完成情况表", "",
             "序号", "重点工作任务", "年度目标", "1-9月完成情况", "完成进度", remark]
    for n, row in enumerate(rows, start=1):
        lines += [str(n), *row]
    return [*lines, "", "某市人民政府督查室", "2031年10月20日"]


def test_wrapped_cells_are_joined_and_rows_keep_their_cells():
    table = _table(*_one_per_line([
        ["地区生产总值", "增长7%以上", "增长6.2%", "—", "增速居全省第9位"],
        ["规模以上工业增加", "值", "增长9%", "增长9.6%", "—", "序时推进"],
        ["一般公共预算收入", "42亿元", "31.5亿元", "75%"],  # no remark
        ["新增高新技术企业", "25家", "申报31家", "—", "认定结果12月公布"],
        ["签约亿元以上项目", "签约亿元以上项目70个,其中10亿元以", "上项目8个",
         "签约亿元以上项目52个,其中10亿元以", "上项目5个", "74%、63%", "大项目进度滞后"],
        ["高标准农田建设", "新建6.2万亩", "已完工5.1万亩", "82.3%"],  # no remark
        ["城镇老旧小区改造", "改造老旧小区64个、", "0.9万户", "开工64个,完工40个、", "5210户",
         "62.5%、57.9%", "开工率100%"],
        ["城区空气质量优良天数", "比例", "85%以上", "87.4%", "—", "高于全省平均2.1个百分点"],
    ]))
    assert {(7, 6.2), (9, 9.6), (42, 31.5), (25, 31), (70, 52), (8, 5), (6.2, 5.1), (64, 40),
            (0.9, 0.521), (85, 87.4)} == _values(table)
    assert _row(table, 42).stated_completion_pct == 75
    assert _row(table, 85).indicator_zh.endswith("比例")


@pytest.mark.parametrize("mark", ["、", ",", "，"])
def test_a_result_cell_wrapped_at_a_mark(mark):
    table = _table(*_one_per_line([
        ["棚户区改造", "改造棚户区1200套", f"开工1200套{mark}", "建成760套", "63.3%", "—"],
        ["城镇新增就业", "0.8万人", "0.66万人", "82.5%", "已超序时进度"],
    ], remark="说明"))
    assert _values(table) == {(1200, 760), (0.8, 0.66)}


@pytest.mark.parametrize(
    ("cell", "below", "joined"),
    [("改造老旧小区86个、", "1.1万户", True), ("其中10亿元以", "上项目12个", True), ("其中5亿元以", "下项目3个", True),
     ("开工31个,", "完工9个", True), ("增长8%以上", "增长6.9%", False), ("—", "上项目", False),
     ("新建8.5万亩", "已完工7.2万亩", False), ("改造小区、", "12", False)],
)
def test_what_a_wrapped_cell_looks_like(cell, below, joined):
    assert wrapped(cell, below) is joined


# --- a plan table of one cell per line, ``/`` for the empty cells ------------------------------------------


@pytest.mark.parametrize("empty", ["/", "／", "—"])
@pytest.mark.parametrize("heads", ["万头只", "万头(只)"])
def test_empty_cells_written_as_slashes(empty, heads):
    table = _table(
        "表1 2031年全市国民经济和社会发展主要指标完成情况", "",
        "指标名称", "单位", "2031年计划", "2031年完成", "比上年增长(%)", "完成计划(%)",
        "地区生产总值", "亿元", "增长6.5%", "842.7", "5.8", empty,
        "规模以上工业增加值", "亿元", "增长8%", empty, "7.2", empty,
        "原煤产量", "万吨", "9500", "10120", "6.4", "106.5",
        "牧业年度牲畜存栏", heads, "980", "1012.4", empty, "103.3",
        "城镇登记失业率", "%", "4.2以内", "3.66", empty, empty,
        "", "注:牲畜存栏为牧业年度(6月末)数据。",
    )
    assert _values(table) == {(6.5, 5.8), (8, 7.2), (9500, 10120), (980, 1012.4), (4.2, 3.66)}
    assert _row(table, 980).target_unit == heads and _row(table, 980).actual_unit == heads
    assert _row(table, 980).indicator_zh == "牧业年度牲畜存栏"
    assert _row(table, 4.2).comparator == "at_most"


def test_heads_of_livestock_are_a_count():
    unit = parse_unit("万头只")
    assert unit is not None and unit.scale == 10_000 and unit.base == "头只"


def test_a_numbered_row_keeps_words_but_not_a_sub_row():
    """Inside a numbered row, a result in words (``申报7310``) is the row's; ``其中:…`` or a name followed by
    its figures is a row of its own."""
    table = _table(
        "某市2031年1-9月主要指标完成情况", "",
        "序号", "指标名称", "单位", "年度目标", "1-9月完成", "完成进度(%)", "备注",
        "1", "固定资产投资", "亿元", "300", "221.4", "73.8",
        "其中:工业投资", "亿元", "120", "80.2", "66.8",
        "民间投资", "亿元", "150", "101.5", "67.7", "增速回落",
        "2", "社会消费品零售总额", "亿元", "260", "190.3", "73.2", "序时推进",
        "3", "新增市场主体", "户", "9000", "申报7310", "81.2",
    )
    assert _values(table) == {(300, 221.4), (120, 80.2), (150, 101.5), (260, 190.3), (9000, 7310)}
    assert _row(table, 120).indicator_zh.endswith("工业投资")


def test_a_name_wrapped_inside_its_brackets_is_one_name_and_no_unit():
    table = _table(*_one_per_line([
        ["城镇老旧小区改造（含", "棚户区改造）", "改造小区64个", "完工40个", "62.5%", "—"],
        ["农村生活污水治理行政", "村覆盖率", "达到55%以上", "52.3%", "—", "四季度集中验收"],
        ["城镇新增就业", "1.5万人", "1.21万人", "80.7%", "已超序时进度"],
    ]))
    assert _values(table) == {(64, 40), (55, 52.3), (1.5, 1.21)}
    assert _row(table, 64).target_unit == "个" and _row(table, 55).comparator == "at_least"


@pytest.mark.parametrize("sep", ["\t", " | "])
def test_small_figures_inside_a_whole_row_are_no_row_numbers(sep):
    """``2 | 新增上市企业 | 家 | 3 | 1``: the 3 and the 1 are the row's target and result, not rows 3 and 1."""
    rows = [["1", "地区生产总值", "亿元", "2180", "1042.6", "47.8", "增长8.7%,增速居全市第3位"],
            ["2", "新增上市企业", "家", "3", "1", "33.3", "另有2家已过会"],
            ["3", "新增高新技术企业", "家", "50", "—", "—", "年底集中认定"],
            ["4", "城镇登记失业率", "%", "3以内", "1.62", "—", "控制在目标范围内"]]
    header = ["序号", "指标(任务)", "单位", "年度目标", "1-6月完成", "完成进度(%)", "备注"]
    table = _table("某市2031年上半年主要指标完成情况", "", sep.join(header), *(sep.join(r) for r in rows))
    assert _values(table) == {(2180, 1042.6), (3, 1), (3, 1.62)}
    assert len(table) == 4


def test_an_unnumbered_table_keeps_results_in_words_and_wrapped_cells():
    lines = ["某市2031年1-9月政府工作报告重点工作完成情况表", "",
             "重点工作任务", "年度目标", "1-9月完成情况", "完成进度", "备注"]
    for row in [["地区生产总值", "增长7%以上", "增长6.2%", "—", "增速居全省第9位"],
                ["新增高新技术企业", "25家", "申报31家", "—", "认定结果12月公布"],
                ["签约亿元以上项目", "签约亿元以上项目70个,其中10亿元以", "上项目8个",
                 "签约亿元以上项目52个,其中10亿元以", "上项目5个", "74%、63%", "大项目进度滞后"],
                ["高标准农田建设", "新建6.2万亩", "已完工5.1万亩", "82.3%"],
                ["城镇老旧小区改造", "改造老旧小区64个、", "0.9万户", "开工64个,完工40个、", "5210户", "62.5%、57.9%"],
                ["城镇新增就业", "1.5万人", "1.21万人", "80.7%", "已超序时进度"]]:
        lines += row
    table = _table(*lines)
    assert _values(table) == {(7, 6.2), (25, 31), (70, 52), (8, 5), (6.2, 5.1), (64, 40), (0.9, 0.521), (1.5, 1.21)}


def test_a_name_with_a_figure_over_its_unit_cell_starts_its_row():
    """After a row that lacks its last cells, ``10亿元以上项目`` followed by its unit is the next row's name."""
    table = _table(
        "某市2031年1-9月主要指标完成情况", "",
        "指标名称", "单位", "年度目标", "1-9月完成", "完成进度(%)", "备注",
        "签约亿元以上项目", "个", "90", "71", "78.9",
        "10亿元以上项目", "个", "12", "7", "58.3", "进度滞后",
        "城镇新增就业", "人", "12000", "9650", "80.4", "已超序时进度",
    )
    assert _values(table) == {(90, 71), (12, 7), (12000, 9650)}


def test_a_numbered_plan_table_with_slashes_and_its_columns_in_another_order():
    lines = ["表1 2031年全市主要指标完成情况", "",
             "序号", "指标名称", "单位", "2031年计划", "2031年完成", "完成计划(%)", "比上年增长(%)"]
    rows = [["地区生产总值", "亿元", "增长6.5%", "842.7", "/", "5.8"],
            ["规模以上工业增加值", "亿元", "增长8%", "/", "/", "7.2"],
            ["原煤产量", "万吨", "9500", "10120", "106.5", "6.4"],
            ["牲畜存栏", "万头(只)", "980", "1012.4", "103.3", "/"],
            ["城镇登记失业率", "%", "4.2以内", "3.66", "/", "/"]]
    for n, row in enumerate(rows, start=1):
        lines += [str(n), *row]
    table = _table(*lines, "", "注:牲畜存栏为牧业年度数据。")
    assert _values(table) == {(6.5, 5.8), (8, 7.2), (9500, 10120), (980, 1012.4), (4.2, 3.66)}
    assert _row(table, 9500).stated_completion_pct == 106.5
    assert _row(table, 980).indicator_zh == "牲畜存栏"
