"""The layout readers, each on small texts written here: what a reader finds, and the table it leads to.

Every layout the genre uses has a text of its own below (numbered narrative, 关于…事项 items, flattened
tables with and without a header, ``|`` rows, plan-execution tables, tables by district, a paragraph
listing lagging targets, news articles, a paragraph of main indicators, a notice of results); the
figures are made up, so that a test holds because the rule reads the text, not because it knows it.
"""

from __future__ import annotations

import pytest

from indicators.extract import parse_report
from indicators.extraction.readers.cells import header_kind
from indicators.extraction.readers.common import looks_like_unit
from indicators.extraction.readers.narrative import read_narrative
from indicators.extraction.readers.table import read_task_table
from indicators.extraction.text import prepare
from indicators.fileio import read_report_text
from indicators.periods import period_code, period_months
from indicators.schema import validate_targets

from conftest import SEED, flags_of, headline


def _table(*lines: str, catalogue=None):
    table = parse_report("\n".join(lines), catalogue)
    validate_targets(table)
    return table


def _pairs(table) -> set[tuple]:
    """(subject, target, actual) of every row holding both figures."""
    rows = table[table.target_value.notna() & table.actual_value.notna()]
    return {(r.subject, round(r.target_value, 6), round(r.actual_value, 6)) for r in rows.itertuples()}


def _values(table) -> set[tuple]:
    rows = table[table.target_value.notna() & table.actual_value.notna()]
    return {(round(r.target_value, 6), round(r.actual_value, 6)) for r in rows.itertuples()}


# --- cells and units ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("序号", "num"),
        ("工作任务", "task"),
        ("目标与任务", "task"),
        ("重点工作任务", "task"),
        ("督查内容", "task"),
        ("内容与要求", "task"),
        ("牵头责任单位", "lead"),
        ("责任单位", "lead"),
        ("协同责任单位", "co"),
        ("完成情况", "progress"),
        ("一季度进展情况", "progress"),
        ("上半年工作进展", "progress"),
        ("1-8月累计", "actual"),
        ("1-10月完成投资(万元)", "actual"),
        ("1-10月", "actual"),
        ("年度计划投资(万元)", "plan"),
        ("占全年计划(%)", "rate"),
        ("完成计划%", "rate"),
        ("执行/计划(%)", "rate"),
        ("序时进度(%)", "other"),
        ("全市平均增速", "province"),
        ("实际值", "actual"),
        ("前三季度实际", "actual"),
        ("截至5月底", "actual"),
        ("预计全年", "actual"),
        ("同比增长(%)", "sub"),
        ("任务数", "plan"),
        ("目标数", "plan"),
        ("进度(%)", "rate"),
        ("1-11月完成情况", "progress"),
        ("落实情况(全年)", "progress"),
        ("完成状态", "status"),
        ("指标名称", "name"),
        ("项目名称", "name"),
        ("预期增长(%)", "plan"),
        ("2024年计划", "plan"),
        ("上半年完成(%)", "actual"),
        ("2024年实绩(预计)", "actual"),
        ("增长%", "sub"),
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
        ("市政府各部门、各直属机构。", True),
        ("市发展和改革", False),  # the first half of a name broken over two lines
        ("已完成。", False),
        ("全市实现地区生产总值4550亿元,增长4%左右。", False),
        ("", False),
    ],
)
def test_unit_names(text, unit):
    assert looks_like_unit(text) == unit


# --- numbered narrative ------------------------------------------------------------------------------

NARRATIVE = """宣州市2025年重点工作任务完成情况的通报
一、确保完成全年主要预期目标
1.地区生产总值增长{gdp_t}%左右。
进展情况:2025年,全市地区生产总值{level}亿元,同比增长{gdp_a}%,高于全省平均{gap}个百分点。
牵头责任单位:市发展和改革委员会。
2.城镇新增就业{jobs_t}万人以上。
进展情况:全年城镇新增就业{jobs_a}万人,完成全年目标任务的{pct}%。
牵头责任单位:市人力资源和社会保障局。
二、扩大有效投资
3.聚力重大项目建设。
1)实施重点项目{projects_t}个,完成投资{invest_t}亿元。
进展情况:全年实施重点项目{projects_a}个,完成投资{invest_a}亿元。
牵头责任单位:市发展和改革委员会。
2)推进项目审批制度改革。
进展情况:全年办理审批事项{permits}件。
"""
FIGURES = dict(
    gdp_t=6, level=2345.6, gdp_a=6.4, gap=0.3, jobs_t=4.5, jobs_a=4.9, pct=108.9,
    projects_t=300, invest_t=800, projects_a=312, invest_a=823.5, permits=5120,
)  # fmt: skip


@pytest.mark.parametrize("figures", [FIGURES, {k: round(v * 1.5 + 1, 2) for k, v in FIGURES.items()}])
def test_numbered_narrative_reads_every_section(catalogue, figures):
    table = _table(NARRATIVE.format(**figures), catalogue=catalogue)
    gdp = headline(table, 1)
    assert (gdp.metric, gdp.comparator, gdp.target_value, gdp.actual_value) == (
        "gdp_growth", "about", figures["gdp_t"], figures["gdp_a"]
    )  # fmt: skip
    assert gdp.provincial_gap_pp == pytest.approx(figures["gap"]) and gdp.provincial_avg_source == "derived"
    jobs = headline(table, 2)
    assert (jobs.target_value, jobs.actual_value, jobs.stated_completion_pct) == (
        figures["jobs_t"], figures["jobs_a"], figures["pct"]
    )  # fmt: skip
    # the sub-items of a later section are rows too, labelled N.k, never headline
    later = table[table.task_label == "3.1"]
    assert _values(later) == {(figures["projects_t"], figures["projects_a"]), (figures["invest_t"], figures["invest_a"])}
    assert not later.is_headline.any() and set(later.section) == {"二"}
    # a qualitative sub-item of a later section gives no row; its figure stays in the mentions
    assert "3.2" not in set(table.task_label)


def test_items_headed_by_their_target_over_a_labelled_progress_line():
    table = _table(
        "某市2026年1-9月份市政府重点工作推进情况的通报",
        "二、具体进展",
        "(一)地区生产总值增长7%以上。",
        "工作进展:前三季度全市地区生产总值增长6.2%。(责任单位:市发改委)",
        "(二)汽车产业。全年整车产量力争达到120万辆。",
        "落实情况:1-9月,全市整车产量96.4万辆。",
        "(三)新能源发展。新增新能源并网装机60万千瓦。",
        "前三季度进展:新增新能源并网装机容量41.5万千瓦。",
        "第4项 力争社会消费品零售总额增长8%左右",
        "推进情况:1-9月社会消费品零售总额增长7.1%。",
    )
    assert _values(table) == {(7, 6.2), (120, 96.4), (60, 41.5), (8, 7.1)}
    assert list(table.task_label) == ["1", "2", "3", "4"]


def test_numbering_that_restarts_in_each_section_keeps_its_section():
    text = NARRATIVE.format(**FIGURES).replace("3.聚力重大项目建设。", "1.聚力重大项目建设。")
    table = parse_report(text)
    assert {"一.1", "一.2", "二.1.1"} <= set(table.task_label)


def test_progress_in_the_same_paragraph_as_the_target():
    table = _table(
        "2023年上半年重点工作完成情况",
        "一、主要指标",
        "1.新开工亿元以上项目80个;引进10亿元以上项目12个。上半年,新开工亿元以上项目46个,引进10亿元以上项目9个。",
    )
    assert _values(table) == {(80, 46), (12, 9)}


def test_seed_reads_as_narrative():
    doc = prepare(read_report_text(SEED))
    blocks = read_narrative(doc)
    main = [b for b in blocks if b.main]
    assert [b.number for b in main] == [str(n) for n in range(1, 17)] and not any(b.truncated for b in main)
    assert any(b.number == "20.1" for b in blocks)  # sub-items of later sections


# --- 关于“…”事项 ------------------------------------------------------------------------------------


def test_guanyu_items():
    table = _table(
        "芜湖市2024年一季度重点工作完成情况的通报",
        "1.关于“新建5G基站3000个”事项。",
        "一季度建设5G基站650个,完成年度计划22%,进度滞后。(牵头责任单位:市经济和信息化局)",
        "2.关于“改造老旧小区120个,涉及18000户”事项。",
        "截至3月底,已改造老旧小区31个,涉及4100户。(牵头责任单位:市住房城乡建设局)",
    )
    assert _values(table) == {(3000, 650), (120, 31), (18000, 4100)}
    row = headline(table, 1)
    assert row.stated_completion_pct == 22 and row.lead_units == "市经济和信息化局"
    assert "partial_period" in flags_of(row)


# --- flattened tables --------------------------------------------------------------------------------

HEADER = ("芜湖市2024年重点工作任务完成情况", "序号", "工作任务", "牵头责任单位", "完成情况")


def test_guanyu_items_with_progress_on_the_same_line_and_a_closing_paragraph():
    table = _table(
        "关于2027年一季度市政府重点工作滞后事项的通报",
        "1.关于“城镇调查失业率控制在5%以内”事项。3月份城镇调查失业率为5.4%,高于目标0.4个百分点。(牵头单位:市人社局)",
        "2.关于“新增规上工业企业200家”事项。一季度新增规上工业企业31家。",
        "请各牵头单位对照滞后事项,认真分析原因,确保完成全年目标任务。",
        "某市人民政府办公室",
        "2027年4月28日",
    )
    assert _values(table) == {(5, 5.4), (200, 31)}
    assert table[table.target_value == 5].lead_units.item() == "市人社局"
    assert table.stated_outcome.isna().all()  # 请各…确保完成全年目标任务 closes the notice: no verdict of task 2


def test_table_blocks_keep_their_lines():
    lines = (
        *HEADER,
        "1",
        "地区生产总值增长6%左右,",
        "力争达到6.5%。",  # a target broken over two lines
        "市发展和改革",
        "委员会",
        "全市地区生产总值增长5.6%。",
        "2",
        "城镇新增就业6.5万人。",
        "市人社局",
        "全市城镇新增就业3万人。",
        "市农业农村局",
        "农村劳动力转移就业2万人。",
    )
    blocks = read_task_table(prepare("\n".join(lines)))
    assert [b.number for b in blocks] == ["1", "2"]
    first, second = blocks
    assert first.target_text == "地区生产总值增长6%左右,力争达到6.5%。" and first.target_line == 7
    assert first.lead_units == "市发展和改革委员会"
    assert second.lead_units == "市人社局、市农业农村局"
    assert [(s.line, s.lead_units) for s in second.texts("progress")] == [(15, "市人社局"), (17, "市农业农村局")]


def test_table_with_split_header_cells_status_and_co_units():
    table = _table(
        "【重点工作落实】2023年度市政府重点工作落实情况的通报",
        "序号", "督查内容", "牵头责任", "单位", "协同责任单位", "落实情况", "(全年)", "完成状态",
        "1", "地区生产总值增长7.5%以上。", "市发改委", "市政府各部门、各直属机构。",
        "全年地区生产总值增长8.2%,增幅高于全省平均水平1.4个百分点,居全省第3位", "已完成",
        "2", "全员劳动生产率52000元/人以上", "市发改委", "市政府各部门。", "预计达到61000元/人。", "已完成",
    )  # fmt: skip
    gdp = headline(table, 1)
    assert (gdp.target_value, gdp.actual_value, gdp.provincial_gap_pp, gdp.provincial_rank) == (7.5, 8.2, 1.4, 3)
    assert gdp.actual_period == "2023" and gdp.stated_outcome == "已完成"
    productivity = headline(table, 2)
    assert (productivity.target_value, productivity.actual_value) == (52000, 61000)
    assert "estimated" in flags_of(productivity)


@pytest.mark.parametrize("separator", ["\t", " | "])
def test_rows_on_one_line(catalogue, separator):
    cells = [
        ["序号", "内容与要求", "完成情况", "责任单位"],
        ["1", "确保地区生产总值增长7%左右。", "全年地区生产总值预计增长4.5%左右。", "市发改委"],
        ["2", "市县长项目落地率50%以上。", "35个市县长项目中,已落地29个,落地率82.9%。", "市发改委"],
    ]
    lines = [separator.join(row) + (" |" if separator != "\t" else "") for row in cells]
    table = parse_report("\n".join(lines), catalogue, year=2020)
    assert _values(table) == {(7, 4.5), (50, 82.9)}
    gdp = headline(table, 1)
    assert {"estimated", "approximate_actual"} <= flags_of(gdp)


def test_one_target_for_a_group_of_indicators():
    table = _table(
        "序号 | 内容与要求 | 完成情况 | 责任单位 |",
        "1 | 4个结构性指标均实现10%以上增长。 | 1-11月,4个结构性指标中,民间投资下降2.5%,交通投资增长11.2%,"
        "生态投资增长3%,技术改造投资增长15.6%。 | 市发改委 |",
    )
    assert _values(table) == {(10, -2.5), (10, 11.2), (10, 3), (10, 15.6)}
    assert table["flags"].str.contains("target_shared").all()


def test_table_numbering_must_continue():
    lines = (*HEADER, "1", "地区生产总值增长6%。", "市发改委", "全市增长5.6%。", "7", "见附表。", "2", "城镇新增就业6万人。")
    blocks = read_task_table(prepare("\n".join(lines)))
    assert [b.number for b in blocks] == ["1", "2"]


def test_table_sections_mark_the_main_targets():
    table = _table(
        *HEADER,
        "一、确保完成全年主要预期目标",
        "1", "地区生产总值增长6%。", "市发改委", "全市地区生产总值增长5.6%。",
        "二、扩大有效投资",
        "1", "开工项目100个。", "市发改委", "开工项目120个。",
    )  # fmt: skip
    assert _values(table) == {(6, 5.6), (100, 120)}
    assert list(table.loc[table.is_headline, "target_value"]) == [6]


def test_table_without_a_header():
    table = _table(
        "芜湖市2024年重点工作任务完成情况",
        "1", "地区生产总值增长6%。", "市发改委", "全市地区生产总值增长6.3%。",
        "2", "城镇新增就业6万人。", "市人社局", "全市城镇新增就业6.4万人。",
    )  # fmt: skip
    assert _values(table) == {(6, 6.3), (6, 6.4)}


def test_table_stops_at_the_page_footer():
    lines = (*HEADER, "1", "地区生产总值增长6%。", "市发改委", "全市增长5.6%。", "扫一扫在手机打开当前页", "关闭窗口")
    (block,) = read_task_table(prepare("\n".join(lines)))
    assert block.last_line == 9


def test_numbered_lists_inside_cells_are_not_tasks():
    table = _table(
        *HEADER,
        "1", "全面优化整合政策体系。", "市发改委", "(市地方金融局)",
        "1.完成国土空间总体规划审查。", "2.印发产业政策。",
        "2", "城镇新增就业6万人。", "市人社局", "新增就业3.1万人。",
    )  # fmt: skip
    assert sorted(table.task_label.unique()) == ["1", "2"]
    assert headline(table, 1).lead_units == "市发改委、(市地方金融局)"


@pytest.mark.parametrize(
    ("tail", "truncated"),
    [
        (["全市增长5.6%。"], False),
        (["全市增长5.6%。", "[...]"], True),
        (["全市增长5.6%,"], True),
        ([], True),  # the page stops after the unit
        (["全市增长5.6%。", "扫一扫在手机打开当前页"], False),
    ],
)
def test_truncation(tail, truncated):
    table = parse_report("\n".join((*HEADER, "1", "地区生产总值增长6%。", "市发改委", *tail)))
    assert ("text_truncated" in flags_of(headline(table, 1))) == truncated


# --- plan-execution tables ---------------------------------------------------------------------------


def test_plan_table_with_pipes_and_words_in_cells():
    table = _table(
        "关于2025年上半年国民经济和社会发展计划执行情况的报告",
        "2025年上半年主要预期目标完成情况",
        "|", "指标名称 |", "预期增长(%) |", "上半年完成(%) |",
        "|", "地区生产总值 |", "6左右 |", "5.2 |",
        "|", "规上工业增加值 |", "7以上 |", "-2.4 |",
        "|", "城镇新增就业 |", "3万人以上 |", "1.6万人 |",
        "|", "居民消费价格涨幅 |", "与全省保持一致 |", "低于控制目标2.1个百分点 |",
    )  # fmt: skip
    assert _values(table) == {(6, 5.2), (7, -2.4), (3, 1.6)}
    gdp = table[table.metric == "gdp_growth"].iloc[0]
    assert gdp.comparator == "about" and gdp.actual_period == "2025H1"


def test_plan_table_with_lost_cells():
    table = _table(
        "关于2024年国民经济和社会发展计划执行情况的报告",
        "2024年国民经济和社会发展计划主要指标预计完成情况",
        "指标名称", "单位", "2024年计划", "2024年实绩", "(预计)", "绝对值", "增长", "%", "绝对值", "增长", "%",
        "地区生产总值", "亿元", "7", "5.5",
        "一般公共预算收入", "亿元", "5", "同比持平",
        "社会消费品零售总额", "亿元", "238", "8", "231", "3.7",
    )  # fmt: skip
    assert _values(table) == {(7, 5.5), (5, 0), (238, 231), (8, 3.7)}
    assert "estimated" in flags_of(table[table.metric == "gdp_growth"].iloc[0])


def test_plan_table_numbered_with_category_rows_and_a_unit_column():
    table = _table(
        "2023年某市十方面民生实事项目完成情况",
        "序号", "项目名称", "目标任务", "单位", "完成", "完成率", "(%)",
        "一、稳就业", "1", "城镇新增就业", "4", "万人", "5.1", "127.5",
        "二、教育", "2", "新建幼儿园", "12", "所", "13", "108.3",
        "3", "新增学位", "0.8", "万个", "0.9", "112.5",
    )  # fmt: skip
    assert _values(table) == {(4, 5.1), (12, 13), (0.8, 0.9)}
    schools = table[table.target_value == 12].iloc[0]
    assert schools.target_unit == "所" and schools.stated_completion_pct == 108.3
    assert schools.section == "二"


def test_plan_table_whole_rows_with_a_growth_column_and_empty_cells():
    table = _table(
        "关于某市2025年上半年国民经济和社会发展计划执行情况的报告",
        "指标 | 单位 | 年度预期目标 | 上半年完成值 | 增长(%) |",
        "地区生产总值 | 亿元 | 增长6% | 1200.5 | 5.1 |",
        "规上工业增加值 | — | 增长9% | — | 9.4 |",
        "城镇新增就业 | 万人 | 4.2 | 2.3 | — |",
        "市政府办公室",
    )  # fmt: skip
    assert _values(table) == {(6, 5.1), (9, 9.4), (4.2, 2.3)}
    gdp = table[table.metric == "gdp_growth"].iloc[0]
    assert gdp.actual_period == "2025H1"


def test_plan_table_with_a_header_over_two_lines_and_provincial_columns():
    table = _table(
        "某市2024年前三季度主要经济指标完成情况",
        "指标 | 年度 | 前三季度 | 全省 | 全省 |",
        " | 目标(%) | 完成(%) | 平均(%) | 位次 |",
        "地区生产总值增长 | 6 | 5.5 | 5.9 | 12 |",
        "固定资产投资增长 | 9 | -3.1 | 4.2 | 16 |",
        "两项指标中,1项增速低于年度目标,其余1项低于全省。",
    )  # fmt: skip
    assert _values(table) == {(6, 5.5), (9, -3.1)}
    gdp = table[table.metric == "gdp_growth"].iloc[0]
    assert (gdp.provincial_avg, gdp.provincial_rank) == (5.9, 12)
    assert len(table) == 2  # the tallies of indicators are no results


def test_plan_table_with_an_estimated_column_split_over_two_cells():
    table = _table(
        "关于某市2022年国民经济和社会发展计划执行情况的报告",
        "指标名称", "单位", "2022年计划", "2022年预计", "完成",
        "地区生产总值增速", "%", "7左右", "4.1",
        "城镇常住居民人均可支配收入", "元", "41000", "40210",
    )  # fmt: skip
    assert _values(table) == {(7, 4.1), (41000, 40210)}
    assert all("estimated" in flags_of(row) for _, row in table.iterrows())


def test_plan_table_with_a_unit_line_split_headers_and_regional_columns():
    table = _table(
        "2026年上半年某市主要经济指标完成情况",
        "单位:%",
        "指标名称", "上半年", "完成", "全年", "目标", "全区", "平均", "全区", "位次",
        "地区生产总值增速", "4.4", "6", "4.9", "9",
        "固定资产投资增速", "-2.5", "8", "1.2", "13",
    )  # fmt: skip
    assert _values(table) == {(6, 4.4), (8, -2.5)}
    gdp = table[table.target_value == 6].iloc[0]
    assert (gdp.provincial_avg, gdp.provincial_rank, gdp.target_unit) == (4.9, 9, "%")


def test_numbered_pipe_rows_under_a_header_over_two_lines():
    table = _table(
        "2026年1-9月某市主要经济指标运行情况",
        "| 序号 | 指标 | 年度 | 1-9月 | 全省 | 全省 |",
        "|  |  | 目标(%) | 增速(%) | 平均(%) | 排名 |",
        "| 1 | 地区生产总值 | 5左右 | 5.3 | 4.8 | 6 |",
        "| 2 | 社会消费品零售总额 | 7 | -1.2 | 2.5 | 15 |",
    )
    assert _values(table) == {(5, 5.3), (7, -1.2)}
    assert table[table.target_value == 7].provincial_rank.item() == 15


def test_plan_table_with_a_difference_column_and_wrapped_names():
    table = _table(
        "某市2026年国民经济和社会发展主要指标完成情况",
        "指标", "名称", "单位", "2026年", "计划", "2026年", "完成", "比计划", "增减",
        "地区生产总值增长", "%", "7", "6.6", "-0.4",
        "规模以上工业增加值", "增长", "%", "9", "9.8", "0.8",
        "全社会固定资产投资", "亿元", "900", "932.5", "32.5",
    )  # fmt: skip
    assert _values(table) == {(7, 6.6), (9, 9.8), (900, 932.5)}
    assert "规模以上工业增加值增长" in set(table.subject)


# --- tables by district ------------------------------------------------------------------------------


def test_table_by_district_reads_columns_from_the_figures():
    table = _table(
        "2019年民生工程项目完成情况表",
        "地区", "城镇新增就业(人)", "城镇登记失业率低于(%)", "技能培训(人次)",
        "目标", "任务", "进度", "完成比例(%)", "目标", "任务", "进度", "完成比例(%)",
        "目标", "任务", "进度", "完成比例(%)",
        "全市", "1000", "1250", "125", "4.5", "3.9", "800", "900", "112.5",
        "北区", "400", "380", "95", "4.5", "4.1", "300", "330", "110",
    )  # fmt: skip
    assert _values(table) == {(1000, 1250), (4.5, 3.9), (800, 900), (400, 380), (4.5, 4.1), (300, 330)}
    rate = table[table.subject == "城镇登记失业率(北区)"].iloc[0]
    assert rate.comparator == "at_most" and rate.target_unit == "%"
    assert table[table.subject == "技能培训(全市)"].stated_completion_pct.item() == 112.5


def test_table_with_a_column_pair_per_district():
    lines = [
        "2026年民生实事项目1-9月完成情况统计表",
        "| 项目名称 | 单位 | 全市 |  | 东区 |  | 西区 |  |",
        "|  |  | 任务 | 完成 | 任务 | 完成 | 任务 | 完成 |",
        "| 新增停车泊位 | 个 | 9000 | 9420 | 3000 | 3310 | 2500 | 2270 |",
        "| 农村公路大中修 | 公里 | 500 | 433 | / | / | 80 | 77.5 |",
    ]
    table = _table(*lines)
    assert _values(table) == {(9000, 9420), (3000, 3310), (2500, 2270), (500, 433), (80, 77.5)}
    assert table[table.actual_value == 77.5].subject.item() == "农村公路大中修(西区)"
    flattened = _table(lines[0], *(cell.strip() for line in lines[1:] for cell in line.split("|") if cell.strip()))
    assert _values(flattened) == _values(table)


def test_table_by_town_with_two_figures_under_each_column():
    table = _table(
        "某县2026年农村危房改造和道路硬化分镇完成情况表",
        "镇名", "农村危房改造", "(户)", "屯级道路硬化", "(公里)",
        "任务", "完成", "任务", "完成",
        "东镇", "90", "94", "10.5", "11.2",
        "西镇", "60", "60", "7", "6.4",
    )  # fmt: skip
    assert _values(table) == {(90, 94), (10.5, 11.2), (60, 60), (7, 6.4)}
    assert table[table.actual_value == 6.4].subject.item() == "屯级道路硬化(西镇)"


def test_column_pairs_per_street_with_units_in_the_row_names():
    table = _table(
        "2026年园区民生实事项目前三季度推进情况(分街道)",
        "| 项目(单位) | 东街道 |  | 西街道 |  |",
        "|  | 目标 | 完成 | 目标 | 完成 |",
        "| 新增公共停车泊位(个) | 700 | 515 | 400 | 420 |",
        "| 既有住宅加装电梯(台) | 30 | 21 | — | — |",
    )
    assert _values(table) == {(700, 515), (400, 420), (30, 21)}
    assert table[table.actual_value == 21].subject.item() == "既有住宅加装电梯(东街道)"
    assert table[table.actual_value == 21].actual_unit.item() == "台"


def test_table_by_district_with_a_column_a_district_does_not_have():
    table = _table(
        "2022年民生实事项目完成情况表",
        "地区", "老旧小区改造", "(个)", "新增学位", "(个)",
        "目标", "任务", "进度", "完成比例(%)", "目标", "任务", "进度", "完成比例(%)",
        "全市", "40", "44", "110", "900", "990", "110",
        "开发区", "/", "/", "/", "300", "315", "105",
        "东区", "25", "25", "100", "/", "/", "/",
    )  # fmt: skip
    assert _values(table) == {(40, 44), (900, 990), (300, 315), (25, 25)}
    assert set(table.subject) == {"老旧小区改造(全市)", "新增学位(全市)", "新增学位(开发区)", "老旧小区改造(东区)"}


# --- a paragraph of lagging targets ------------------------------------------------------------------


def test_inline_list_of_lagging_targets():
    table = _table(
        "关于1-5月份市政府重点工作进展情况的报告",
        "未达预期3项分别是:市发改委牵头的第1项“地区生产总值增长6.5%以上”,一季度增长6.1%,增速居全省第9位;"
        "市财政局牵头的第4项“一般公共预算收入增长5%”,1-5月份增长3.2%;市生态环境局牵头的第11项“生态环境质量指标完成省下达目标任务”,"
        "截至5月31日PM2.5平均浓度38.2微克/立方米。",
    )
    assert _values(table) == {(6.5, 6.1), (5, 3.2)}
    assert list(table.loc[table.is_headline, "task_label"]) == ["1", "4", "11"]
    gdp = headline(table, 1)
    assert gdp.provincial_rank == 9 and gdp.lead_units == "市发改委" and gdp.actual_period.endswith("Q1")
    assert table[table.metric == "pm25"].actual_value.item() == 38.2


# --- news articles and paragraphs --------------------------------------------------------------------


def test_article_targets_then_results():
    table = _table(
        "2021年《政府工作报告》量化指标任务落实情况",
        "报告提出,国内生产总值增长6%以上;城镇新增就业1100万人以上,城镇调查失业率5.5%左右。",
        "落实情况显示,2021年国内生产总值比上年增长8.1%;城镇新增就业1269万人;城镇调查失业率平均为5.1%。",
    )
    assert _values(table) == {(6, 8.1), (1100, 1269), (5.5, 5.1)}


def test_article_results_then_targets():
    table = _table(
        "2020年量化指标任务全部完成",
        "全年城镇新增就业1186万人,超额完成原定新增900万人以上目标。城镇调查失业率平均为5.6%,年末城镇登记失业率为4.24%,"
        "分别优于6%和5.5%左右的预期目标。",
        "企业宽带和专线平均资费同比分别下降31.7%和18.6%,远低于原计划降低15%的既定目标。",
    )
    assert _values(table) == {(900, 1186), (6, 5.6), (5.5, 4.24), (15, 31.7), (15, 18.6)}


def test_article_plan_and_progress_in_one_sentence():
    table = _table(
        "截至10月底,今年20件为民办实事项目进展顺利。",
        "我市今年计划建成200公里农村公路,现已完成216公里;150公里安保工程,现已完成164公里;"
        "80个村庄规划编制工作已完成;计划新增7条公交线路,现已新增9条,其中市本级6条、县区3条。",
    )
    assert _values(table) == {(200, 216), (150, 164), (80, 80), (7, 9)}
    assert "actual_as_stated" in flags_of(table[table.target_value == 80].iloc[0])
    assert "year_unknown" in flags_of(table.iloc[0])


def test_article_results_beyond_the_yearly_target():
    table = _table(
        "2018年10个民生实事项目全面落实",
        "全年新(改)扩建幼儿园48所,超额完成40所的年度目标任务;增加入学名额1.25万个,超额完成1万个的年度目标任务。",
        "全年新开工安置房16768套,超额完成1万套的年度目标任务。",
    )
    assert _values(table) == {(40, 48), (1, 1.25), (1, 1.6768)}
    assert "unit_converted" in flags_of(table[table.actual_value == 1.6768].iloc[0])


def test_article_plans_met_in_full_lists_of_targets_and_results_said_as_actual():
    table = _table(
        "2030年政府工作报告量化指标任务落实情况",
        "就业方面,城镇新增就业900万人以上、城镇调查失业率5%左右的目标均完成,全年城镇新增就业960万人,城镇调查失业率为4.8%。",
        "报告提出完成农村改厕120万户。实际上,农村改厕120万户的年度任务全部完成。",
        "此外,单位国内生产总值能耗下降2.5%以上,实际下降2.9%;棚户区改造300万套,实际开工315万套。",
    )
    assert _values(table) == {(900, 960), (5, 4.8), (120, 120), (2.5, 2.9), (300, 315)}
    done = table[table.target_value == 120].iloc[0]
    assert "actual_as_stated" in flags_of(done)


def test_results_at_the_stage_the_target_counts():
    table = _table(
        "某县2026年民生实事进展情况",
        "1.改造农村危房600户。进展情况:目前已完成设计招标650户,已开工560户,竣工410户。",
        "2.新开工亿元以上项目120个。进展情况:新开工亿元以上项目97个,竣工投产亿元以上项目41个。",
        "3.新建改扩建中小学10所。进展情况:10所中小学已交付使用7所,3所主体完工。",
        "4.危桥改造25座。进展情况:危桥改造21座(另有4座在建)。",
        "5.改造老旧小区90个。进展情况:已完成设计招标的小区70个,已开工小区35个,暂无完工小区。",
    )
    assert _values(table) == {(600, 410), (120, 97), (10, 7), (25, 21), (90, 35)}


def test_results_given_respectively_without_names_follow_the_targets_in_order():
    table = _table(
        "某市2026年1-9月重点工作进展情况",
        "3.目标任务:城镇新增就业5万人、失业人员再就业1.5万人、就业困难人员就业4000人。",
        "完成情况:分别完成4.12万人、1.33万人和3518人。",
        "4.目标任务:新建高标准农田12万亩。完成情况:新建高标准农田12万亩,全年建成12万亩。",
    )
    assert _values(table) == {(5, 4.12), (1.5, 1.33), (4000, 3518), (12, 12)}


def test_abbreviated_names_new_units_and_plans_done_in_full():
    table = _table(
        "某县2027年民生实事完成情况",
        "序号 | 目标任务 | 完成情况 | 牵头单位 |",
        "1 | 新建改造农村公路260公里,实施农村公路安全生命防护工程350公里。 | 完成新改建农村公路281公里,实施安防工程372公里。 | 县交通局 |",
        "2 | 新增3岁以下婴幼儿托位1200个,每千人口拥有托位数达到3.2个。 | 新增托位1315个,每千人口拥有托位数达3.4个。 | 县卫健委 |",
        "3 | 为老年人免费接种流感疫苗3万剂次。 | 实际接种3.4万剂次。 | 县卫健委 |",
        "4 | 招引亿元以上项目80个。 | 新签约亿元以上项目52个。 | 县投促中心 |",
    )
    assert _values(table) >= {(260, 281), (350, 372), (1200, 1315), (3.2, 3.4), (3, 3.4), (80, 52)}
    assert table[table.target_value == 3].target_unit.item() == "万剂次"


def test_article_plan_said_done_after_a_comma():
    table = _table(
        "2027年民生工程进展",
        "教育方面,新增公办幼儿园学位960个,已全部完成;新开通城乡公交线路6条,已全部开通运营。",
        "共安排专项债券2.1万亿元,比上年增加0.4万亿元,已全部下达。",
    )
    assert _values(table) == {(960, 960), (6, 6)}


def test_labelled_lines_under_section_markers_with_their_units():
    table = _table(
        "某市2027年1-10月份政府工作报告目标任务完成情况",
        "一、稳增长",
        "(一)目标任务:全市生产总值增长6%以上。",
        "完成情况:前三季度全市生产总值增长6.4%。",
        "责任单位:市发展改革委",
        "二、惠民生",
        "(一)目标任务:新建高标准农田20万亩。",
        "完成情况:已开工20万亩,完工16.5万亩。",
        "责任单位:市农业农村局",
    )
    assert _values(table) == {(6, 6.4), (20, 16.5)}
    assert list(table.lead_units) == ["市发展改革委", "市农业农村局"]
    assert list(table.section) == ["一", "二"]


def test_items_with_the_target_in_brackets_even_when_a_bracket_is_lost():
    table = _table(
        "某市2027年前三季度重点目标任务进展情况",
        "1.【地区生产总值增长6%左右】前三季度全市地区生产总值同比增长5.7%。预计全年增长6%左右。",
        "2.规模以上工业增加值增长8%】前三季度规上工业增加值同比增长9.1%。",
        "3.【新建安置房2600套 1-9月建成安置房1980套。",
        "4.【新增高速公路通车里程30公里】预计年底前建成通车32公里。",
        "(5)【市住建局】“改造城镇老旧小区70个”:截至9月底开工改造66个,完成改造31个。",
    )
    assert _values(table) == {(6, 5.7), (8, 9.1), (2600, 1980), (70, 31)}
    assert "text_damaged" in flags_of(table[table.target_value == 8].iloc[0])
    assert "text_damaged" not in flags_of(table[table.target_value == 6].iloc[0])
    assert table[table.target_value == 70].lead_units.item() == "市住建局"
    assert table[table.target_value == 30].actual_value.isna().all()  # a forecast is no result


def test_started_and_finished_targets_stated_after_their_results():
    table = _table(
        "某市2026年政府工作报告目标任务完成情况",
        "9.保障性住房",
        "完成情况:全年新开工各类保障性住房7300套,基本建成5120套;省下达任务为开工7000套、基本建成5000套。",
    )
    assert _values(table) == {(7000, 7300), (5000, 5120)}
    assert set(table.subject) >= {"新开工各类保障性住房", "基本建成各类保障性住房"}


def test_plans_opening_a_sentence_and_targets_stated_as_a_margin():
    table = _table(
        "某市2026年为民办实事项目完成情况",
        "▲教育:年初计划新建中小学幼儿园12所,新增学位0.9万个。截至年底,已有11所竣工交付,新增学位0.86万个。",
        "▲就业:城镇新增就业3.4万人,超出年度目标3万人。",
        "▲交通:新增公交车300辆,比年初计划的280辆多出20辆;更新出租车500辆,计划450辆。",
    )
    assert _values(table) >= {(12, 11), (0.9, 0.86), (3, 3.4), (450, 500)}
    assert (280, 300) in _values(table)


def test_labelled_paragraphs_of_targets_and_results():
    table = _table(
        "2030年政府工作报告量化指标任务落实情况",
        "【经济增长】目标:国内生产总值增长4.5%左右。实际:全年国内生产总值比上年增长4.7%。",
        "【就业】目标:城镇新增就业1000万人左右,城镇调查失业率5%左右。",
        "实际:城镇新增就业1031万人,全国城镇调查失业率平均值为5.1%。",
        "【住房】目标:新开工改造城镇老旧小区4万个。实际:全年新开工改造4.2万个。",
    )
    assert _values(table) == {(4.5, 4.7), (1000, 1031), (5, 5.1), (4, 4.2)}
    assert set(table.section) >= {"经济增长", "就业", "住房"}


@pytest.mark.parametrize("period", ["上半年", "1-9月", "截至11月底"])
def test_labelled_lines_with_a_period_before_the_result_word(period):
    table = _table(
        "某市2031年重点任务落实情况",
        "【任务一】扩大投资",
        "年度目标:固定资产投资增长9%,重点项目完成投资380亿元。",
        f"{period}完成:固定资产投资下降1.5%;重点项目完成投资206.4亿元。",
        "责任单位:市发展改革局",
        "【任务二】稳定就业",
        "年度目标:城镇新增就业2.8万人。",
        f"{period}完成情况:城镇新增就业1.75万人。",
    )
    assert _values(table) == {(9, -1.5), (380, 206.4), (2.8, 1.75)}


def test_pipe_table_with_a_schedule_column_after_the_completion():
    table = _table(
        "某市2031年1-6月主要指标完成情况",
        "| 指标 | 单位 | 年度目标 | 1-6月完成 | 增速(%) | 完成进度(%) | 序时进度(%) |",
        "| 一般公共预算收入 | 亿元 | 140 | 77.3 | 2.4 | 55.2 | 50 |",
        "| 规模以上工业增加值增速 | % | 6.5 | — | 5.1 | — | — |",
        "| 出口总额 | 亿元 | 260 | 118.9 | -3.2 | 45.7 | 50 |",
    )
    assert _values(table) == {(140, 77.3), (6.5, 5.1), (260, 118.9)}


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 0, 1)])
def test_cell_table_with_the_target_after_the_result_and_a_period_for_a_header(order):
    rows = [
        ("社会消费品零售总额", "亿元", "316.2", "7.9", "8.5", "6.6"),
        ("一般公共预算收入", "亿元", "27.4", "2.2", "4", "1.9"),
        ("固定资产投资", "亿元", "—", "12.3", "10", "4.1"),
    ]
    lines = ["某区2031年1-8月主要经济指标", "指标名称", "计量单位", "1-8月", "增长%", "全年目标", "全市平均增速"]
    for k in order:
        lines.extend(rows[k])
    table = _table(*lines)
    assert _values(table) == {(8.5, 7.9), (4, 2.2), (10, 12.3)}


@pytest.mark.parametrize("piped", [True, False])
def test_districts_as_rows_with_a_column_group_per_task(piped):
    header = ["街道", "污水管网改造任务(公里)", "已完成(公里)", "完成率", "加装电梯任务(台)", "已完成(台)", "完成率"]
    rows = [
        ["东城街道", "12", "9.5", "79.2%", "30", "31", "103.3%"],
        ["西城街道", "8", "3", "37.5%", "/", "/", "/"],
        ["合计", "20", "12.5", "62.5%", "30", "31", "103.3%"],
    ]
    lines = ["某区2031年前三季度民生项目进展"]
    for row in [header, *rows]:
        lines.extend(["| " + " | ".join(row) + " |"] if piped else row)
    table = _table(*lines)
    assert _values(table) == {(12, 9.5), (8, 3), (30, 31), (20, 12.5)}
    assert len(table[table.target_value.notna()]) == 5


def test_plan_table_with_units_in_the_names_growth_sub_rows_and_an_execution_ratio():
    table = _table(
        "某市2031年国民经济和社会发展计划执行情况",
        "| 指标 | 2031年计划 | 2031年执行 | 执行/计划(%) |",
        "| 固定资产投资(亿元) | 1800 | 1710.4 | 95 |",
        "|   增长(%) | 9 | 6.3 | — |",
        "| 城镇登记失业率(%) | 4.2以内 | 3.9 | — |",
        "| 地区生产总值(亿元) | 5200 | 5248.8 | 100.9 |",
        "|   增长(%) | 6.5 | 6.8 | — |",
    )
    assert _values(table) == {(1800, 1710.4), (9, 6.3), (4.2, 3.9), (5200, 5248.8), (6.5, 6.8)}
    assert {"固定资产投资增长(%)", "地区生产总值增长(%)"} <= set(table.subject)


def test_space_aligned_table_without_row_numbers_and_names_with_spaces():
    table = _table(
        "某市2031年上半年重点项目推进情况",
        "项目                    单位        全年目标     上半年完成     完成进度",
        "新建 5G 基站            个          1400         733            52.4%",
        "风电 光伏 项目开工      个          25           19             76%",
        "新增储能装机            万千瓦      ≥80          31.5           39.4%",
    )
    assert _values(table) == {(1400, 733), (25, 19), (80, 31.5)}


@pytest.mark.parametrize("order", [(0, 1, 2, 3), (3, 2, 1, 0)])
def test_cells_without_a_header_each_figure_with_its_unit_or_verb(order):
    rows = [
        ("规模以上工业增加值", "增长6.5%", "增长7.1%", "—"),
        ("固定资产投资", "增长8%", "下降2.4%", "—"),
        ("一般公共预算收入", "120亿元", "47.9亿元", "39.9%"),
        ("招商引资到位资金", "300亿元", "1236000万元", "41.2%"),
    ]
    lines = ["某市2031年1-5月重点指标监测情况", "一、重点指标完成情况"]
    for k in order:
        lines.extend(rows[k])
    table = _table(*lines)
    assert _values(table) == {(6.5, 7.1), (8, -2.4), (120, 47.9), (300, 123.6)}  # 万元 read in the target's 亿元


@pytest.mark.parametrize("opening", ["1-9月,", "截至9月底,", "前三季度,"])
def test_items_numbered_in_brackets_with_their_results_in_the_same_paragraph(opening):
    table = _table(
        "某市2031年前三季度政府工作报告目标任务落实情况",
        "一、经济运行指标",
        f"(一)一般公共预算收入增长6%。{opening}全市一般公共预算收入增长4.4%。",
        f"(二)新建改造农村公路900公里。{opening}已完成新建改造农村公路713公里。",
        "(三)改造棚户区1.2万户,新开工公租房1500套。棚户区改造目标1.2万户,实际完成签约1.31万户;公租房新开工970套。",
        "(四)完成造林8万亩。春季造林已完成6.9万亩。",
        "二、存在的问题",
    )
    assert _values(table) == {(6, 4.4), (900, 713), (1.2, 1.31), (1500, 970), (8, 6.9)}


@pytest.mark.parametrize(("below", "above"), [(1.4, 0.8), (0.3, 2.5)])
def test_a_rate_and_its_gap_in_points_give_the_target_a_margin_of_a_level_does_not(below, above):
    table = _table(
        "关于某市2031年国民经济和社会发展计划执行情况的报告",
        f"2031年,全市地区生产总值增长5.1%,低于预期目标{below}个百分点;规模以上工业增加值增长9.3%,"
        f"高于年度目标{above}个百分点;城市低保月人均补助水平提高到685元,超过年度目标15元。",
    )
    assert _values(table) == {(round(5.1 + below, 6), 5.1), (round(9.3 - above, 6), 9.3)}
    derived = table[table.target_value.notna()]
    assert all("target_from_gap" in f for f in derived["flags"])


@pytest.mark.parametrize(("done", "plan"), [(11, 10), (7, 9)])
def test_counts_with_their_plan_in_brackets_and_a_gap_said_higher_by(done, plan):
    table = _table(
        "某县2032年政府工作报告",
        "一、2031年工作回顾",
        f"民生实事扎实推进。新建改扩建中小学幼儿园{done}所(计划{plan}所);完成农村改厕1.74万户(计划1.6万户);"
        "新增城区停车位2850个(计划2500个)。全县固定资产投资增长13.9%,比年初目标高出1.9个百分点。",
    )
    assert _values(table) == {(plan, done), (1.6, 1.74), (2500, 2850), (12, 13.9)}


@pytest.mark.parametrize(("result", "aim"), [(4.7, 6), (7.2, 6.5)])
def test_a_year_aim_with_its_verb_after_the_result_and_an_improvement_margin(result, aim):
    table = _table(
        "某市2032年1-2月主要经济指标",
        f"社会消费品零售总额完成98.6亿元,同比增长{result}%,全年目标增长{aim}%。",
        "PM2.5平均浓度33微克/立方米,较年度目标35微克/立方米改善2微克/立方米。",
        "招商引资方面,全年目标引进亿元以上项目36个,1-2月已引进7个;旅游总收入52.4亿元,距离300亿元的年度目标还差247.6亿元。",
    )
    assert _values(table) == {(aim, result), (35, 33), (36, 7), (300, 52.4)}


def test_plan_table_with_a_category_column_filled_on_a_group_s_first_row():
    table = _table(
        "某市2031年国民经济和社会发展计划执行情况",
        "| 类别 | 指标名称 | 单位 | 2031年计划 | 2031年完成 |",
        "| 创新驱动 | 研发投入占GDP比重 | % | 2.9 | 3.05 |",
        "|  | 每万人发明专利拥有量 | 件 | 35 | 38.2 |",
        "| 民生福祉 | 城镇新增就业 | 万人 | 8 | 8.7 |",
        "|  | 城镇调查失业率 | % | 5.5以内 | 4.8 |",
    )
    assert _values(table) == {(2.9, 3.05), (35, 38.2), (8, 8.7), (5.5, 4.8)}


@pytest.mark.parametrize("cut", [3, 9])
def test_pipe_rows_whose_cells_break_across_lines(cut):
    first = "全社会固定资产投资完成900亿元,增长15%"
    lines = [
        "某市2031年1-6月政府工作目标完成情况表",
        "| 序号 | 目标任务 | 1-6月完成情况 | 完成率(%) | 责任单位 |",
        f"| 1 | {first[:cut]}",
        f"{first[cut:]} | 完成投资431.2亿元,增长14.1% | 47.9 | 市发改委 |",
        "| 2 | 治理水土流失面积500平方公里 | 完成治理233平方公",
        "里 | 46.6 | 市水利局 |",
        "| 3 | 城镇新增就业3万人 | 新增1.62万人 | 54 | 市人社局 |",
    ]
    table = _table(*lines)
    assert _values(table) == {(900, 431.2), (15, 14.1), (500, 233), (3, 1.62)}


@pytest.mark.parametrize(("plan", "done"), [(60, 71.5), (90, 82.4)])
def test_a_summary_of_plans_with_a_verb_each_followed_by_its_result(plan, done):
    table = _table(
        "某区2031年政府工作报告主要目标任务完成情况",
        f"超额完成的有:完成中小河道整治{plan}公里,全年完成{done}公里;高新技术产业产值占比达到35%,实际为36.4%;"
        "新增养老床位400张,全年新增452张。",
    )
    assert _values(table) == {(plan, done), (35, 36.4), (400, 452)}


@pytest.mark.parametrize("sep", [" | ", "\t"])
def test_plan_tables_with_cumulative_and_share_of_plan_columns(sep):
    table = _table(
        "某州2031年1-8月重点项目完成情况",
        sep.join(["项目名称", "年度计划投资(万元)", "1-8月累计", "占全年计划(%)"]),
        sep.join(["县医院迁建", "26000", "19800", "76.2"]),
        sep.join(["城南污水处理厂", "14000", "15100", "107.9"]),
        sep.join(["滨江绿道", "7300", "3900", "53.4"]),
    )
    assert _values(table) == {(26000, 19800), (14000, 15100), (7300, 3900)}


@pytest.mark.parametrize("period", ["截至11月底", "1-11月"])
def test_a_target_restated_under_a_label_then_a_period_and_its_result(period):
    table = _table(
        "某县2031年重点工作完成情况",
        f"1.新增高标准农田2.5万亩。年度目标:2.5万亩;{period}:2.2万亩。",
        f"2.新建村级养老服务站16个。年度目标:16个;{period}:17个。",
    )
    assert _values(table) == {(2.5, 2.2), (16, 17)}


@pytest.mark.parametrize("label", ["进展", "上半年进展", "完成"])
def test_items_with_a_short_progress_label_inside_their_paragraph(label):
    table = _table(
        "某区2031年上半年为民办实事项目进展情况",
        f"一、新建社区养老服务中心12个。{label}:已建成7个,5个正在装修。",
        f"二、改造背街小巷45条。{label}:已完工31条。",
        f"三、新增公共充电桩1600个。{label}:新建1105个。",
    )
    assert _values(table) == {(12, 7), (45, 31), (1600, 1105)}


def test_plan_table_with_a_target_count_an_actual_and_a_growth_column():
    table = _table(
        "某市2031年前三季度主要指标",
        "| 指标 | 单位 | 目标数 | 前三季度实际 | 同比增长(%) |",
        "| 一般公共预算收入 | 亿元 | 64 | 49.7 | 5.2 |",
        "| 新增市场主体 | 万户 | 3.5 | 2.9 | 11.4 |",
    )
    assert _values(table) == {(64, 49.7), (3.5, 2.9)}


@pytest.mark.parametrize(("plan", "done"), [("工作目标:", "截至目前:"), ("任务目标:", "进度:"), ("【目标】", "【进展】")])
def test_labels_for_the_target_and_the_result_in_other_words(plan, done):
    table = _table(
        "某市2031年重点任务落实情况",
        "1.稳定就业",
        f"{plan}城镇新增就业2.7万人。",
        f"{done}城镇新增就业2.15万人。",
        "2.扩大投资",
        f"{plan}重点项目完成投资260亿元。{done}重点项目完成投资188.4亿元。",
    )
    assert _values(table) == {(2.7, 2.15), (260, 188.4)}


@pytest.mark.parametrize("mark", ["◆", "●", "第一项:", "第十一项:"])
def test_items_marked_by_a_bullet_or_a_numeral_item_word(mark):
    table = _table(
        "某区2031年上半年重点工作",
        f"{mark}新增高新技术企业150家。上半年新增认定64家。",
        f"{mark}实施城市更新项目36个。已开工30个,完工11个。",
    )
    assert _values(table) == {(150, 64), (36, 11)}


@pytest.mark.parametrize(("aim", "result"), [(7, 4.4), (6, 6.8)])
def test_targets_after_results_introduced_by_a_comparison_word_only(aim, result):
    table = _table(
        "某市2031年经济运行情况",
        f"去年全市规模以上工业增加值增长{result}%,与年初{aim}%的预期相比仍有差距;固定资产投资增长9.6%,而年初的目标是11%。"
        "前三季度,社会消费品零售总额增长5.5%,比全年6%的目标低0.5个百分点。",
    )
    assert _values(table) == {(aim, result), (11, 9.6), (6, 5.5)}
    assert len(table) == 3


@pytest.mark.parametrize(("plan", "done"), [(14, 11), (9, 10)])
def test_a_share_of_a_plan_given_in_brackets(plan, done):
    table = _table(
        "某市2031年民生实事进展",
        f"截至10月底,全市已新建公办幼儿园{done}所,占年度任务({plan}所)的{round(100 * done / plan, 1)}%;"
        "改造老旧小区58个,占年度计划(75个)的77.3%。",
    )
    assert _values(table) == {(plan, done), (75, 58)}


@pytest.mark.parametrize("bar", ["|", "｜"])
def test_a_name_plan_and_progress_table_of_figures(bar):
    table = _table(
        "某市2031年民生實事完成情況",
        bar.join(["指標名稱", "年度目標", "完成情況"]),
        bar.join(["新建幼兒園(所)", "11", "12"]),
        bar.join(["改造老舊小區(個)", "54", "49"]),
        bar.join(["新增停車位(個)", "4200", "4630"]),
    )
    assert _values(table) == {(11, 12), (54, 49), (4200, 4630)}


def test_a_bare_period_column_before_a_growth_column_is_a_column_of_its_own():
    table = _table(
        "某县2031年前三季度重点指标",
        "| 指标 | 单位 | 全年目标 | 前三季度 | 增长(%) | 完成全年目标(%) |",
        "| 地区生产总值 | 亿元 | 410 | 297.3 | 6.2 | 72.5 |",
        "| 一般公共预算收入 | 亿元 | 26 | 20.4 | 3.8 | 78.5 |",
    )
    assert _values(table) == {(410, 297.3), (26, 20.4)}


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0)])
def test_districts_as_rows_under_a_task_named_over_its_plan_and_result(order):
    rows = [("城区", "6.5", "5.6"), ("东县", "7", "7.3"), ("西县", "6", "6.4")]
    lines = ["某市2031年上半年各县区重点指标完成情况", "县区", "地区生产总值增速(%)", "年度目标", "上半年"]
    for k in order:
        lines.extend(rows[k])
    table = _table(*lines)
    assert _values(table) == {(6.5, 5.6), (7, 7.3), (6, 6.4)}


@pytest.mark.parametrize("said", ["已新增", "截至目前已新增", "已经新增"])
def test_items_under_a_heading_with_a_plan_then_a_result_after_a_comma(said):
    table = _table(
        "某区2031年民生项目",
        "1、城市更新:计划改造老旧小区32个,截至目前已完成27个。",
        f"2、教育:计划新增学位2600个,{said}2710个。",
    )
    assert _values(table) == {(32, 27), (2600, 2710)}


@pytest.mark.parametrize(("first", "second"), [((540, 497.3), (210, 188.6)), ((300, 121.8), (95, 70.1))])
def test_results_pair_with_the_plan_their_stated_share_is_of(first, second):
    (t1, a1), (t2, a2) = first, second
    table = _table(
        "某市2031年1-9月重点工作推进情况",
        f"(四)实施省市重点项目130个,年度计划投资{t1}亿元,其中省重点项目38个、年度计划投资{t2}亿元。",
        f"工作进展:(1)130个省市重点项目累计完成投资{a1}亿元,完成年度计划的{round(100 * a1 / t1, 1)}%;"
        f"(2)38个省重点项目完成投资{a2}亿元,完成年度计划的{round(100 * a2 / t2, 1)}%。",
    )
    assert {(t1, a1), (t2, a2)} <= _values(table)


@pytest.mark.parametrize("verb", ["推动", "推进", "启动"])
def test_a_count_after_a_leading_verb_names_what_follows_it(verb):
    table = _table(
        "某区2031年前三季度重点工作进展",
        f"(七)老旧小区。{verb}28个老旧小区综合整治新开工。",
        "前三季度进展:一是新开工老旧小区综合整治项目31个;二是完成加装电梯46部。",
    )
    assert (28, 31) in _values(table)
    assert not table.subject.str.startswith(("一是", "二是")).any()


def test_targets_in_one_section_and_results_in_another_in_another_order():
    table = _table(
        "某市2026年政府工作报告目标任务完成情况",
        "一、年初确定的主要预期目标",
        "市政府工作报告提出的主要预期目标是:地区生产总值增长6%左右;一般公共预算收入增长4%;城镇新增就业6万人。",
        "二、年初确定的民生实事目标",
        "新建改扩建幼儿园24所,改造老旧小区180个,完成农村户厕改造3万座。",
        "三、完成情况",
        "(一)主要指标。全年全市地区生产总值增长5.1%;城镇新增就业6.3万人;一般公共预算收入增长4.6%。",
        "(二)民生实事。共改造老旧小区185个;幼儿园开工26所、建成投用22所;完成农村户厕改造3.1万座。",
    )
    assert _values(table) == {(6, 5.1), (4, 4.6), (6, 6.3), (24, 22), (180, 185), (3, 3.1)}


def test_lists_given_respectively_with_the_unit_after_the_last_figure():
    table = _table(
        "我市2026年18项民生工程全面完成",
        "城镇老旧小区改造、棚户区改造年度任务分别为150个、2800套,实际分别完成161个、2950套。",
        "城镇新增就业、失业人员再就业目标分别为3.8、0.9万人,实际分别完成4.02万人、0.97万人。",
        "新建改扩建中小学校18所,其中新建学校7所,实际建成18所,其中新建学校7所。",
    )
    assert _values(table) >= {(150, 161), (2800, 2950), (3.8, 4.02), (0.9, 0.97), (18, 18)}


def test_signs_symbols_minutes_and_results_after_a_sentence_of_targets():
    table = _table(
        "2030年全省政府工作报告落实情况",
        "报告提出地方一般公共预算收入增长6%,全年完成9876.5亿元,按自然口径下降3.1%。",
        "计划全市急救平均反应时间控制在12分钟以内,实际平均为11.2分钟。",
        "报告提出人口自然增长率控制在2‰以内,实际为-0.93‰。",
    )
    assert _values(table) >= {(6, -3.1), (12, 11.2), (2, -0.93)}
    assert table[table.target_value == 12].target_unit.item() == "分钟"


def test_counts_of_tasks_and_started_against_finished():
    table = _table(
        "某县2027年政府工作报告目标任务完成情况",
        "2027年县政府工作报告共确定目标任务64项,截至12月底,已完成60项,基本完成3项。",
        "1.完成棚户区改造2400套。进展情况:棚户区改造已开工2210套,基本建成970套。",
    )
    assert _values(table) == {(2400, 970)}


def test_targets_in_brackets_after_their_results_and_regional_comparisons():
    table = _table(
        "2026年上半年某市经济运行情况",
        "上半年,全市实现地区生产总值812.3亿元,同比增长6.9%,高于全区(6.1%)0.8个百分点,居全区第4位(年度目标7%);"
        "全社会固定资产投资增长9.4%,居全区第7位(年度目标10%)。",
        "全年城镇新增就业5.3万人,完成年度目标(5万人)的106%。",
    )
    assert _values(table) == {(7, 6.9), (10, 9.4), (5, 5.3)}
    gdp = table[table.target_value == 7].iloc[0]
    assert (gdp.provincial_avg, gdp.provincial_rank) == (6.1, 4)


def test_paragraph_of_main_indicators_gives_results_without_targets():
    table = _table(
        "一、主要指标任务完成情况",
        "上半年,全市完成地区生产总值802.81亿元,按可比价格计算,比上年同期增长8.6%,高出全省0.1个百分点,增幅全省排第7位;"
        "规模以上工业增加值可比增长9.1%,增幅全省排第10位;城镇登记失业率3.31%。",
    )
    assert table.target_value.isna().all()
    growth = table[table.metric == "gdp_growth"].iloc[0]
    assert (growth.actual_value, growth.provincial_gap_pp, growth.provincial_rank) == (8.6, 0.1, 7)
    assert set(table.metric) >= {"gdp_level", "industrial_value_added_growth", "urban_unemployment_rate"}


def test_a_notice_of_completion_shares_invents_no_target():
    table = _table(
        "(二)为民办实事考核指标完成情况。改造县乡公路3290公里,为任务的164.5%;城市低保对象月人均补差185元,超任务17元;"
        "城镇生活垃圾无害化处理率达65.4%,超任务9.4个百分点。"
    )
    assert table.target_value.isna().all()
    roads = table[table.actual_value == 3290].iloc[0]
    assert roads.stated_completion_pct == 164.5
    assert table[table.actual_value == 185].stated_gap_to_target.item() == 17


# --- traditional characters and mirror damage --------------------------------------------------------


def test_traditional_article_with_pinyin_glosses():
    table = _table(
        "2021年《政府工作報告》量化指標任務完成情況",
        "2021年全國城鎮(zhèn)新增就業(yè)1269萬人,超額完成1100萬人以上的預期目標。",
        "全年國內生產總值增長8.1%,高於6%以上的預期目標。全國高標準農田建成1.05億畝,完成1億畝的目標任務。",
    )
    assert _values(table) == {(1100, 1269), (6, 8.1), (1, 1.05)}
    jobs = table[table.metric == "urban_new_jobs"].iloc[0]
    assert "(zhèn)" not in jobs.subject and jobs.subject.endswith("新增就業")  # the report's characters, no gloss
    assert table[table.metric == "gdp_growth"].iloc[0].subject == "國內生產總值"


def test_variant_characters_of_a_mirror():
    # 産 (not 產) is how some mirrors write 产: OpenCC folds it, a hand-made table of pairs missed it
    table = _table("2022年國民經濟運行情況", "全年國內生産總值增長3%,低於5.5%左右的預期目標。")
    assert _values(table) == {(5.5, 3)} and table.metric.item() == "gdp_growth"


# --- periods -----------------------------------------------------------------------------------------


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
    assert period_code(title) == code


@pytest.mark.parametrize(
    ("label", "months"),
    [
        ("2025", 12),
        ("2025Q1", 3),
        ("2025H1", 6),
        ("2025Q1-Q3", 9),
        ("2025M01-M11", 11),
        ("H1", 6),  # no year written in the report
        ("x", None),
    ],
)
def test_months_of_a_period(label, months):
    assert period_months(label) == months
