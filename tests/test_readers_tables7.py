"""Tables of the seventh blind set's kinds, on variants written here (other figures, other orders, the damage
repaired or made worse): a two-line header of one cell per line (a year and a period over the column
names), cumulative quarter columns with a bare 全区 column and empty cells at the row's end, units inside
the cells and an 执行结果 column, blank lines for a row's last empty cells, a task-named first column with a
红黄绿灯 status column, a figure's period in brackets after it.
"""

from __future__ import annotations

import pytest

from extraction_helpers import is_missing
from extraction_helpers import pair_values as _values
from extraction_helpers import row_with_target as _row
from extraction_helpers import table_of as _table
from indicators.extraction.quantities import find_quantities
from indicators.extraction.readers.cells import find_header, header_kind, table_cells


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("2018年执行结果", "actual"),
        ("完成结果", "actual"),
        ("Q3", "actual"),
        ("全省增长(%)", "province"),
        ("全区", "province"),
        ("全国增长", "nation"),
        ("全区排位", "rank"),
    ],
)
def test_header_words_of_these_tables(cell, kind):
    assert header_kind(cell) == kind


# --- a two-line header of one cell per line: 2024年 / 1-10月 over the column names ------------------------


@pytest.mark.parametrize("labels", [["2031年", "1-8月"], ["1-8月"], ["2031年度", "前8个月"]])
def test_year_and_period_labels_over_a_header_are_no_columns(labels):
    lines = ["某区2031年政府工作报告量化指标1-8月完成情况", "",
             "序号", "指标", "计量单位", *labels, "年度目标", "累计完成", "同比增长(%)", "占年度目标(%)"]
    rows = [["区级一般公共预算收入", "亿元", "88", "61.2", "4.1", "69.5"],
            ["新建城市绿地", "公顷", "40", "27.5", "—", "68.8"],
            ["城镇新增就业", "人", "2.2万", "15310", "—", "69.6"],
            ["PM2.5累计平均浓度", "微克/立方米", "32以下", "30", "-1.8", "—"]]
    for n, row in enumerate(rows, start=1):
        lines += [str(n), *row]
    table = _table(*lines)
    assert _values(table) == {(88, 61.2), (40, 27.5), (2.2, 1.531), (32, 30)}
    assert _row(table, 2.2).target_unit == "万人"
    assert _row(table, 32).comparator == "at_most"
    assert _row(table, 88).stated_completion_pct == 69.5


def test_a_growth_target_against_a_level_takes_the_growth_column():
    table = _table(
        "某区2031年政府工作报告量化指标1-8月完成情况", "",
        "序号", "指标", "计量单位", "2031年", "1-8月", "年度目标", "累计完成", "同比增长(%)", "占年度目标(%)",
        "1", "社会消费品零售总额", "亿元", "增长6%", "402.7", "3.3", "—",
        "2", "固定资产投资", "亿元", "增长9%", "—", "-2.5", "—",
    )
    assert _values(table) == {(6, 3.3), (9, -2.5)}


@pytest.mark.parametrize("numbered", [True, False])
def test_a_period_column_before_the_plan_stays_a_column_where_the_rows_fill_it(numbered):
    """A period alone before the plan is a column of its own when the rows have a cell for it (or their
    width cannot be counted)."""
    lines = [*(["序号"] if numbered else []), "指标", "1-8月", "年度目标", "增长(%)"]
    lines += [*(["1"] if numbered else []), "地区生产总值", "1702.3", "6.5", "5.9"]
    header = find_header(table_cells(tuple(lines)), ({"name"}, {"task", "plan"}, {"actual"}))
    assert header.kinds[-3:] == ["actual", "task", "sub"]


# --- cumulative quarter columns, a bare 全区 column, empty cells at a row's end ---------------------------


@pytest.mark.parametrize(("latest", "outer"), [(2, False), (3, False), (3, True)])
def test_cumulative_quarter_columns_give_the_last_filled_one(latest, outer):
    quarters = [["3.9", "5.1", "6.0"], ["22.4", "41.8", "60.3"], ["-8.2", "-5.5", "-3.1"]]
    lines = ["某市2031年主要经济指标季度监测情况", "",
             "序号 | 指标名称 | 单位 | 年度目标 | Q1 | Q2 | Q3 | Q4 | 全区 | 全区排位"]
    rows = [("地区生产总值增长", "%", "7左右", "5.2", "4"),
            ("一般公共预算收入", "亿元", "80", "&nbsp;", "&nbsp;"),
            ("固定资产投资增长", "%", "9", "-6.8", "11")]
    for n, ((name, unit, plan, region, rank), q) in enumerate(zip(rows, quarters, strict=True), start=1):
        filled = [*q[:latest], *["&nbsp;"] * (4 - latest)]
        lines.append(" | ".join([str(n), name, unit, plan, *filled, region, rank]))
    if outer:  # | … | rows, the empty cells left blank
        lines[2:] = [f"| {line.replace('&nbsp;', ' ')} |" for line in lines[2:]]
    table = _table(*lines)
    last = [q[latest - 1] for q in quarters]
    assert _values(table) == {(7, float(last[0])), (80, float(last[1])), (9, float(last[2]))}
    assert _row(table, 7).provincial_avg == 5.2 and _row(table, 9).provincial_avg == -6.8
    assert is_missing(_row(table, 80).provincial_avg)


def test_a_row_with_empty_cells_at_its_end_keeps_its_columns():
    cells = table_cells(("序号 | 指标名称 | 单位 | 年度目标 | 1-9月 | 全区 | 全区排位",
                         "1 | 外贸进出口总额 | 亿元 | 520 | 377.1 |   |  "))
    row = [c.text for c in cells if c.line == 2 and not c.brk]
    assert row == ["1", "外贸进出口总额", "亿元", "520", "377.1", "—", "—"]


def test_ug_per_cubic_metre_is_a_concentration():
    (q,) = find_quantities("≤26ug/m3")
    assert q.unit.base == "μg/m³" and q.qualifier == "at_most"


# --- units inside the cells, an 执行结果 column, a target said in words -------------------------------------


@pytest.mark.parametrize("bars", [True, False])
def test_units_in_cells_and_a_result_column(bars):
    rows = [["1", "地区生产总值", "增长7.5%左右", "860.3亿元,增长7.1%", "基本完成"],
            ["2", "城镇登记失业率", "4%以内", "3.4%", "完成"],
            ["3", "单位GDP能耗下降", "完成省下达任务", "下降3.9%", "完成"],
            ["4", "中心城区PM2.5平均浓度", "控制在38μg/m³以内", "35μg/m³", "完成"],
            ["5", "污水集中处理率", "≥95%", "96.1%", "完成"]]
    header = ["序号", "指标", "2031年预期目标", "2031年执行结果", "完成情况"]
    join = (lambda cells: "| " + " | ".join(cells) + " |") if bars else "|".join
    table = _table("某市2031年国民经济和社会发展计划主要指标执行情况", "",
                   join(header), *(join(r) for r in rows))
    assert _values(table) == {(7.5, 7.1), (4, 3.4), (38, 35), (95, 96.1)}
    energy = table[table.actual_value == 3.9]
    assert len(energy) == 1 and energy.iloc[0].comparator == "qualitative"
    assert _row(table, 95).comparator == "at_least"


# --- one cell per line, 计划 / 完成 / 比上年增长 / 全省增长 columns, blank lines for empty cells ----------------


def test_blank_lines_at_a_rows_end_are_its_empty_cells():
    table = _table(
        "某市2031年国民经济和社会发展计划执行情况", "",
        "指标名称", "单位", "2031年计划", "2031年完成", "比上年增长(%)", "全省增长(%)",
        "生产总值", "亿元", "增长9%", "1204.6", "9.8", "8.7",
        "地方财政一般预算收入", "亿元", "61", "66.02", "12.4", "11.9",
        "万元生产总值能耗降低", "%", "3.5", "3.62", "", "",
        "人口自然增长率", "‰", "7以内", "5.9", "", "",
        "注:空格表示无此项数据。",
    )
    assert _values(table) == {(9, 9.8), (61, 66.02), (3.5, 3.62), (7, 5.9)}
    assert _row(table, 7).actual_unit == "‰"
    assert _row(table, 9).provincial_avg == 8.7


# --- a task-named first column, 占年度目标 / 序时进度, a 红黄绿灯 status column -----------------------------------


@pytest.mark.parametrize("light", ["红灯", "黄灯", "绿灯"])
def test_a_task_column_before_the_target_names_the_rows(light):
    table = _table(
        "某县2031年一季度重点工作量化指标调度情况", "",
        "序号|重点工作|年度目标|一季度完成|占年度目标(%)|序时进度(%)|状态|责任单位",
        f"1|地区生产总值增长|7%左右|6.4%|—|—|{light}|县发改委",
        f"2|新建高标准农田|4.6万亩|1.2万亩|26.1|25|{light}|县农业农村局",
        f"3|森林覆盖率|稳定在38%以上|38.3%(2030年底)|—|—|{light}|县林业局",
    )
    assert _values(table) == {(7, 6.4), (4.6, 1.2), (38, 38.3)}
    assert _row(table, 4.6).lead_units == "县农业农村局"
    assert _row(table, 38).actual_period == "2030" and "prior_year_data" in _row(table, 38)["flags"]
