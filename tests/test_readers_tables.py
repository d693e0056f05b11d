"""Tables of the sixth blind set's kinds, on variants written here (other figures, other orders, the damage
repaired or made worse): tab rows with a 完成率 column, the lead unit before the task, a 计量单位 column
with rates in the headers, region and national columns, a prior year's column beside the plan and its
estimate, a unitless ratio, damaged ``|`` rows and space-aligned rows without numbers.
"""

from __future__ import annotations

import pytest

from extraction_helpers import is_missing
from extraction_helpers import pair_values as _values
from extraction_helpers import row_with_target as _row
from extraction_helpers import table_of as _table
from indicators.extraction.readers.cells import header_kind, table_cells


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("民生实事项目", "name"),
        ("实事项目名称", "name"),
        ("任务指标", "name"),
        ("全年目标(增长%)", "plan"),
        ("年度目标增幅(%)", "plan"),
        ("计划增长", "plan"),
        ("全区(%)", "province"),
        ("全国(%)", "nation"),
        ("比全省(±百分点)", "province_gap"),
        ("比全市增减(个百分点)", "province_gap"),
        ("与全国差距(百分点)", "nation_gap"),
        ("上年实绩", "prior"),
        ("去年同期", "prior"),
        ("占全年比重(%)", "rate"),
        ("完成计划情况", "status"),
    ],
)
def test_header_words_of_these_tables(cell, kind):
    assert header_kind(cell) == kind


def test_empty_cells_between_bars_keep_their_place():
    cells = [c.text for c in table_cells(("| 固定资产投资 | 10 |  | 3 |", "a\tb\t\t4", "|---|:-:|"))]
    assert cells == ["", "固定资产投资", "10", "—", "3", "", "a", "b", "—", "4", ""]  # the rule: a row break


def test_runs_of_tabs_that_align_a_header_mark_no_empty_cells():
    cells = [c.text for c in table_cells(("序号\t\t项目\t\t年度目标\t完成情况", "1\t\t新建幼儿园\t\t12所\t\t完成13所"))]
    assert cells == ["", "序号", "项目", "年度目标", "完成情况", "", "1", "新建幼儿园", "12所", "完成13所"]
    rows = [["序号", "项目名称", "年度目标", "完成情况"], ["1", "新建幼儿园", "新建幼儿园12所", "完成13所"],
            ["2", "农村公路", "新改建农村公路90公里", "完成96公里"]]
    table = _table("某市2031年民生实事完成情况", *("\t\t".join(row) for row in rows))
    assert _values(table) == {(12, 13), (90, 96)}


# --- tab rows: a name before the task, two measures in a cell, a 完成率 column --------------------------


@pytest.mark.parametrize(("sep", "order"), [("\t", (0, 1, 2)), ("\t", (2, 0, 1)), (" | ", (1, 2, 0))])
def test_tab_rows_of_a_livelihood_table_with_a_completion_column(sep, order):
    rows = [
        ["老旧小区改造", "改造老旧小区41个、涉及6300户", "完成改造43个、6525户", "103.6%(按户数计)", "市住建局"],
        ["城镇新增就业", "城镇新增就业9000人", "新增9720人", "108%", "市人社局"],
        ["农村公路", "新改建农村公路260公里", "完成248.3公里", "95.5%", "市交通运输局"],
    ]
    header = ["序号", "民生实事项目", "年度目标任务", "完成情况", "完成率", "责任单位"]
    lines = ["某市2031年民生实事完成情况", "", sep.join(header)]
    lines += [sep.join([str(n), *rows[k]]) for n, k in enumerate(order, start=1)]
    lines += ["", "农村公路建设受雨季影响未能全部完成,剩余任务纳入下年实施。"]
    table = _table(*lines)
    assert _values(table) == {(41, 43), (6300, 6525), (9000, 9720), (260, 248.3)}
    assert not (table.actual_unit == "%").any()  # a 完成率 cell is no result of its own
    assert _row(table, 9000).stated_completion_pct == 108
    assert _row(table, 260).stated_completion_pct == 95.5  # the row before a closing paragraph keeps its cells
    assert _row(table, 260).lead_units == "市交通运输局"


# --- one cell per line: the lead unit before the task, a 完成进度(%) column -----------------------------


@pytest.mark.parametrize("lead", ["牵头单位", "责任单位", "牵头部门"])
def test_the_lead_unit_before_the_task_and_two_ratios_in_one_cell(lead):
    table = _table(
        "某市2031年重点工作主要指标一季度完成情况表", "",
        "序号", lead, "年度目标任务", "一季度完成情况", "完成进度(%)",
        "1", "市发改委、市统计局", "地区生产总值增长6.5%左右", "一季度全市地区生产总值增长6.9%", "—",
        "2", "市文旅局", "接待游客2100万人次、旅游总收入190亿元",
        "接待游客480.2万人次,实现旅游总收入40.3亿元", "22.9、21.2",
        "3", "市林业局", "完成植树造林12万亩", "完成造林3.9万亩", "32.5",
    )
    assert _values(table) == {(6.5, 6.9), (2100, 480.2), (190, 40.3), (12, 3.9)}
    assert _row(table, 2100).stated_completion_pct == 22.9
    assert _row(table, 190).stated_completion_pct == 21.2
    assert _row(table, 6.5).lead_units == "市发改委、市统计局"
    assert "text_truncated" not in _row(table, 12)["flags"]  # a row ending in its last column is whole


def test_a_last_row_whose_completion_cell_is_empty_is_not_cut():
    table = _table(
        "某市2031年重点工作主要指标上半年完成情况表",
        "序号", "牵头单位", "年度目标任务", "上半年完成情况", "完成进度(%)",
        "1", "市商务局", "实际利用外资2.4亿美元", "1.1亿美元", "45.8",
        "2", "市环保局", "空气质量优良天数比例达95%以上", "96.2%", "—",
    )
    assert _values(table) == {(2.4, 1.1), (95, 96.2)}
    assert "text_truncated" not in _row(table, 95)["flags"]


# --- a 计量单位 column, rates in the headers, a 全省平均 column with an empty cell -------------------------


@pytest.mark.parametrize("empty_row", [0, 1, 2])
def test_unit_column_with_rates_in_the_headers_and_an_empty_average_cell(empty_row):
    rows = [["地区生产总值", "亿元", "611.2", "5.7", "6.5", "5.9"],
            ["地方级财政收入", "亿元", "29.8", "-2.4", "5", "1.1"],
            ["农村常住居民人均可支配收入", "元", "9215", "7.2", "8", "6.6"]]
    rows[empty_row][-1] = ""
    lines = ["某市2031年前三季度国民经济和社会发展计划执行情况", "", "1-9月主要经济指标完成情况",
             "指标名称", "计量单位", "1-9月完成", "同比增长(%)", "全年目标(增长%)", "全省平均(%)"]
    for row in rows:
        lines += row
    lines += ["注:地区生产总值增速按可比价计算。"]
    table = _table(*lines)
    assert _values(table) == {(6.5, 5.7), (5, -2.4), (8, 7.2)}
    growth = table[table.target_value.notna()]
    assert set(growth.actual_period) == {"2031Q1-Q3"} and not growth["flags"].str.contains("period_assumed").any()
    averages = {r.target_value: r.provincial_avg for r in growth.itertuples()}
    expected = {6.5: 5.9, 5: 1.1, 8: 6.6}
    expected[[6.5, 5, 8][empty_row]] = None
    for target, average in expected.items():
        assert is_missing(averages[target]) if average is None else averages[target] == average


# --- region and national columns ---------------------------------------------------------------------


def test_region_and_national_columns_and_a_missing_national_cell():
    table = _table(
        "某市2031年上半年国民经济和社会发展计划执行情况", "",
        "|指标名称|年度目标(%)|上半年增速(%)|全区平均(%)|全国(%)|全区排位|",
        "|地区生产总值|6.5|6.1|5.8|5.3|3|",
        "|固定资产投资|8|-3.2|-5.1||4|",
        "|城镇居民人均可支配收入|7|7.4|7.0|6.6|1|",
    )
    assert _values(table) == {(6.5, 6.1), (8, -3.2), (7, 7.4)}
    gdp, investment = _row(table, 6.5), _row(table, 8)
    assert (gdp.provincial_avg, gdp.national_avg, gdp.provincial_rank) == (5.8, 5.3, 3)
    assert investment.provincial_avg == -5.1 and is_missing(investment.national_avg) and investment.provincial_rank == 4


# --- damaged ``|`` rows: a row broken over two lines, a merged cell, ``&nbsp;`` for empty cells ------------


@pytest.mark.parametrize("damaged", [False, True])
def test_damaged_pipe_rows_with_a_signed_gap_column(damaged):
    merged = "4.9%0.7个百分点|7" if damaged else "4.9|7|0.7"
    whole = "4|农村居民人均可支配收入|19260|元|6.9|7.5|-0.2|"
    broken = ["4|农村居民人均可支配", "收入|19260|元|6.9|7.5|-0.2|"] if damaged else [whole]
    table = _table(
        "2031年某县主要经济指标完成情况",
        "发布日期:2032-01-20&nbsp;&nbsp;来源:县统计局", "",
        "序号|指标名称|全年完成|单位|增幅(%)|年度目标增幅(%)|比全省(±百分点)|",
        f"1|地区生产总值|688.1|亿元|6.3|7|{'+' if damaged else ''}0.4|",
        f"2|规模以上工业增加值|301.7|亿元|{merged}|",
        "3|固定资产投资|402.5|亿元|-1.8|6|-3.3|",
        *broken,
        "5|单位GDP能耗下降|3.2|%|&nbsp;|3|&nbsp;|",
    )
    assert _values(table) == {(7, 6.3), (7, 4.9), (6, -1.8), (7.5, 6.9), (3, 3.2)}
    paired = table[table.target_value.notna()]
    gaps = {(r.target_value, r.actual_value): r.provincial_gap_pp for r in paired.itertuples()}
    assert gaps[(7, 6.3)] == 0.4 and gaps[(6, -1.8)] == -3.3 and gaps[(7.5, 6.9)] == -0.2 and gaps[(7, 4.9)] == 0.7
    industry = table[table.actual_value == 4.9].iloc[0]
    assert ("text_damaged" in industry["flags"]) == damaged
    assert "direction_inferred" not in ";".join(table["flags"])


# --- a prior year's column beside the plan and its estimate; a unitless ratio ----------------------------


@pytest.mark.parametrize(
    ("prior", "plan", "estimate"), [("2030年实绩", "2031年计划", "2031年预计"), ("上年实绩", "年度计划", "全年预计")]
)
def test_a_prior_years_column_is_no_result(prior, plan, estimate):
    table = _table(
        "关于某市2031年国民经济和社会发展计划执行情况与2032年计划草案的报告", "",
        "2031年主要指标计划执行情况",
        f"序号 | 指标 | 单位 | {prior} | {plan} | {estimate} | 完成计划情况 |",
        "1 | 地区生产总值增长 | % | 4.1 | 5.5左右 | 5.9 | 完成 |",
        "2 | 一般公共预算收入增长 | % | 7.7 | 5 | 2.6 | 未完成 |",
        "3 | 城乡居民收入比 | — | 1.84 | 1.82以下 | 1.81 | 完成 |",
        "4 | 单位GDP能耗降低 | % | 2.8 | 完成省下达任务 | — | 待省核定 |",
        "5 | 货物出口额 | 亿元 | 1530 | 1600 | 1682 | 完成 |",
    )
    assert _values(table) == {(5.5, 5.9), (5, 2.6), (1.82, 1.81), (1600, 1682)}
    assert not table.actual_value.isin([4.1, 7.7, 1.84, 2.8, 1530]).any()
    ratio = _row(table, 1.82)
    assert ratio.comparator == "at_most" and not ratio.target_unit and not ratio.actual_unit
    assert "estimated" in ratio["flags"]
    energy = table[table.subject.str.contains("能耗")].iloc[0]
    assert energy.comparator == "qualitative" and is_missing(energy.actual_value)


def test_next_years_plan_column_is_not_paired_with_this_years_results():
    table = _table(
        "某市2031年计划执行情况和2032年计划", "",
        "| 指标 | 单位 | 2031年计划 | 2031年完成 | 2032年计划 |",
        "| 地区生产总值增长 | % | 6 | 6.4 | 5.5左右 |",
        "| 城镇调查失业率 | % | 5.5以内 | 4.7 | 5.5以内 |",
    )
    assert _values(table) == {(6, 6.4), (5.5, 4.7)}
    assert set(table.comparator.dropna()) == {"exact", "at_most"}


def test_a_unitless_cell_gives_no_unit_to_figures_written_with_one():
    table = _table(
        "某市2031年主要指标计划执行情况",
        "| 指标 | 单位 | 2031年计划 | 2031年预计 |",
        "| 城乡居民收入比 | — | 1.9以下 | 1.88 |",
        "| 城镇调查失业率 | — | 5.5%以内 | 4.9% |",
    )
    assert _values(table) == {(1.9, 1.88), (5.5, 4.9)}
    assert _row(table, 5.5).target_unit == "%"


# --- space-aligned rows without numbers --------------------------------------------------------------


@pytest.mark.parametrize("gap", ["    ", " "])
def test_space_aligned_rows_without_numbers(gap):
    rows = [("一般公共预算收入", "260亿元", "71.5亿元", "27.5", "财政局"),
            ("新增高新技术企业", "180家", "35家", "19.4", "科技局"),
            ("新增人才公寓", "2400套", "开工610套", "25.4", "住建局"),
            ("服务业增加值占GDP比重", "52%", "51.2%", "—", "发改委")]
    lines = ["某市2031年一季度重点工作目标任务推进情况", "",
             "一季度,全市实现地区生产总值702.3亿元,同比增长6.4%(全年目标6%左右)。", "",
             gap.join(["任务指标", "全年目标", "一季度完成", "占全年比重(%)", "牵头部门"])]
    lines += [gap.join(row) for row in rows]
    lines += ["", "注:服务业增加值占GDP比重为一季度数。"]
    table = _table(*lines)
    assert _values(table) == {(6, 6.4), (260, 71.5), (180, 35), (2400, 610), (52, 51.2)}
    assert _row(table, 260).stated_completion_pct == 27.5 and _row(table, 260).lead_units == "财政局"
    assert not (table.actual_value == 27.5).any()


# --- a header line's columns ---------------------------------------------------------------------------


def test_an_unknown_column_of_a_header_line_keeps_the_columns_after_it():
    table = _table(
        "某市2031年上半年主要指标",
        "| 指标名称 | 备注说明 | 年度目标(%) | 上半年增速(%) |",
        "| 地区生产总值 | 可比价 | 6 | 6.3 |",
        "| 固定资产投资 | 不含农户 | 9 | 7.7 |",
    )
    assert _values(table) == {(6, 6.3), (9, 7.7)}


def test_a_rows_unread_cells_are_not_read_as_another_table():
    table = _table(
        "某区2031年民心工程上半年进展情况",
        "序号\t项目名称\t年度目标任务\t上半年完成情况\t序时进度\t实际进度\t牵头单位",
        "1\t燃气管网改造\t改造老旧燃气管网90公里\t完成改造40.5公里\t50%\t45%\t区城市管理委",
        "2\t新增养老床位\t新增养老床位600张\t新增床位330张\t50%\t55%\t区民政局",
    )
    assert _values(table) == {(90, 40.5), (600, 330)}
    assert not (table.actual_unit == "%").any()


def test_a_rate_row_with_an_empty_unit_cell_is_in_percent():
    table = _table(
        "某市2031年主要指标计划执行情况",
        "| 指标 | 单位 | 2031年计划 | 2031年预计 |",
        "| 地区生产总值增长 | — | 5.5 | 5.8 |",
        "| 城乡居民收入比 | — | 1.9以下 | 1.88 |",
    )
    assert _values(table) == {(5.5, 5.8), (1.9, 1.88)}
    assert _row(table, 5.5).actual_unit == "%" and not _row(table, 1.9).actual_unit


def test_a_blank_line_in_a_row_of_one_cell_per_line_is_its_empty_cell():
    table = _table(
        "某市2031年前三季度国民经济和社会发展计划执行情况", "",
        "指标名称", "计量单位", "1-9月完成", "同比增长(%)", "全年目标(增长%)", "全省平均(%)",
        "地区生产总值", "亿元", "702.5", "6.1", "6.5", "5.8",
        "进出口总额", "亿美元", "18.4", "12.6", "", "7.7",
        "实际利用外资", "亿美元", "3.02", "9.5", "8", "",
        "城镇常住居民人均可支配收入", "元", "21340", "6.6", "7", "6.9",
    )
    assert _values(table) == {(6.5, 6.1), (8, 9.5), (7, 6.6)}
    trade = table[(table.actual_value == 12.6)].iloc[0]
    assert is_missing(trade.target_value) and trade.provincial_avg == 7.7


def test_a_row_short_of_its_completion_cell_reads_no_completion_from_its_text():
    table = _table(
        "某市2031年民生实事完成情况",
        "序号", "目标任务", "责任单位", "完成情况", "完成率",
        "1", "新建公办幼儿园12所", "市教育局", "项目已全部开工,", "已建成13所",
        "2", "改造农村公路180公里", "市交通局", "完成186公里", "103.3",
    )
    assert _values(table) == {(12, 13), (180, 186)}
    assert is_missing(_row(table, 12).stated_completion_pct) and _row(table, 180).stated_completion_pct == 103.3


@pytest.mark.parametrize("numbered", [True, False])
def test_the_lead_unit_before_the_indicator_of_a_plan_table(numbered):
    rows = [["市发改委", "地区生产总值增速", "6.5%左右", "6.1%", "—"],
            ["市商务局", "实际利用外资", "3.2亿美元", "1.5亿美元", "46.9"],
            ["市住建局", "棚户区改造开工", "5200套", "2870套", "55.2"]]
    lines = ["某市2031年重点工作主要指标上半年完成情况", "", *(["序号"] if numbered else []),
             "责任单位", "主要指标", "年度目标", "上半年完成", "完成进度(%)"]
    for n, row in enumerate(rows, start=1):
        lines += [str(n), *row] if numbered else row
    table = _table(*lines)
    assert _values(table) == {(6.5, 6.1), (3.2, 1.5), (5200, 2870)}
    assert _row(table, 3.2).lead_units == "市商务局" and _row(table, 3.2).subject == "实际利用外资"
    assert _row(table, 5200).stated_completion_pct == 55.2
