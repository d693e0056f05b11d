"""Narrative, paragraph and news layouts of the seventh blind set, each on a small variant written here.

Label families (目标/任务/计划/工作量 over 完成/进展/进度/实际/督查, with a colon or in 【】), a heading and its
target label in one paragraph, figures spaced out or written full width on a page scraped with its
markup, a list of lagging targets with their progress in brackets, and the words that tell a result of
its own from a restated target (a month's own figure, applications put forward, the set then its part).
The figures and their order differ from the set's documents: a test holds because the rule reads the
text, not because it knows the document.
"""

from __future__ import annotations

import pytest

from extraction_helpers import pair_values
from extraction_helpers import table_of as _table
from indicators.extract import parse_report
from indicators.extraction.readers.common import PROGRESS_LABEL_RE, STATUS_LABEL_RE, TARGET_LABEL_RE
from indicators.extraction.text import join_spaced_figures, prepare
from indicators.fileio import read_report_text

# --- label families ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    ["【年度任务】", "【目标】", "年度任务:", "工作量:", "目标值:", "计划值:", "全年计划:", "任务:", "【 工作目标 】"],
)
def test_target_labels_as_a_family(label):
    assert TARGET_LABEL_RE.match(label + "新建公园12个。")


@pytest.mark.parametrize(
    "label",
    ["【进展】", "【完成情况】", "完成量:", "实际值:", "督查情况:", "核查情况:", "1-9月完成:", "实际完成:",
     "【上半年进展】"],
)
def test_result_labels_as_a_family(label):
    assert PROGRESS_LABEL_RE.match(label + "建成公园9个。")


@pytest.mark.parametrize(("line", "verdict"), [("进度:序时推进", "序时推进"), ("评价:未完成(2条道路延至2032年)", None),
                                              ("进度:完成9个", False)])
def test_a_bare_progress_word_is_a_verdict_unless_it_states_a_figure(line, verdict):
    status = STATUS_LABEL_RE.match(line)
    assert bool(status) is (verdict is not False)
    if verdict:
        assert status.group("text") == verdict


@pytest.mark.parametrize(("target", "result"), [("【年度任务】", "【进展】"), ("年度任务:", "进展:")])
def test_headings_over_bracketed_task_and_progress_blocks(target, result):
    table = _table(
        "某市2031年上半年政府工作报告目标任务推进情况",
        "一、稳增长",
        "(一)工业生产",
        f"{target}规模以上工业增加值增长7%,原煤产量稳定在1.5亿吨左右。",
        f"{result}上半年全市规上工业增加值同比增长8.4%;原煤产量7630万吨,同比增长3.1%。",
        "(二)生态建设",
        f"{target}完成营造林9万亩,城区优良天数不少于300天。",
        f"{result}1-6月,完成营造林5.2万亩;城区优良天数151天,同比增加6天。",
    )
    assert pair_values(table) == {(7, 8.4), (1.5, 0.763), (9, 5.2), (300, 151)}  # 7630万吨 in the target's 亿吨
    assert set(table.task_label) == {"1", "2"}


def test_livelihood_items_with_workload_and_completed_amount_lines():
    table = _table(
        "某市2031年十件民生实事前三季度进展情况",
        "一、公共停车",
        "工作量:新增公共停车泊位2500个,改造老旧小区40个。",
        "完成量:新增泊位1980个;40个小区已全部开工,完工27个。",
        "进度:序时推进",
        "二、农村户厕",
        "工作量:完成农村户厕改造4200座。",
        "完成量:已改造4310座,提前完成全年任务。",
        "进度:已完成",
    )
    assert pair_values(table) == {(2500, 1980), (40, 27), (4200, 4310)}


def test_target_value_and_actual_value_lines_with_a_verdict():
    table = _table(
        "某高新区管委会2031年度目标责任考核指标完成情况公示",
        "(一)经济发展指标",
        "1.固定资产投资",
        "目标值:860亿元",
        "实际值:902.5亿元",
        "评价:完成",
        "2.万元GDP能耗下降",
        "目标值:≥2.5%",
        "实际值:2.2%",
        "评价:未完成(2家企业技改延至2032年)",
        "(二)民生指标",
        "3.新建中小学、幼儿园",
        "目标值:8所",
        "实际值:8所",
        "评价:完成",
    )
    assert pair_values(table) == {(860, 902.5), (2.5, 2.2), (8, 8)}
    assert 2032 not in set(table.actual_value)


def test_target_sentences_each_followed_by_an_inspection_paragraph():
    table = _table(
        "某自治区人民政府督查室关于2031年主要目标任务上半年落实情况的督查通报",
        "二、主要目标任务落实情况",
        "    (一)全区生产总值增长7%左右。",
        "    督查情况:上半年全区生产总值4121.6亿元,同比增长6.6%,比全国低0.4个百分点。",
        "    (二)新建改建农村公路3000公里。",
        "    督查情况:截至6月底,已完成1630公里,完成年度任务的54.3%。",
        "    (三)减少农村贫困人口50万人以上。",
        "    督查情况:减贫人口将于年底统一核定。",
    )
    assert pair_values(table) == {(7, 6.6), (3000, 1630)}
    assert table[table.target_value == 50].actual_value.isna().all()


# --- a heading and its target label in one paragraph; damaged pages ---------------------------------


def test_a_heading_then_a_target_label_in_the_same_paragraph():
    table = _table(
        "某市关于2031年1-10月重点工作目标任务完成情况的通报",
        "一、地方财政收入。年度目标:24.6亿元。1-10月完成20.8亿元,完成年度任务的84.6%。(牵头单位:市财政局)",
        "二、移民搬迁。年度目标:搬迁安置1.2万户4.3万人。截至10月底,已搬迁入住1.05万户3.9万人。",
        "三、保障性住房。年度目标:开工建设6000套,基本建成3500套。1-10月开工6120套,基本建成3180套。",
    )
    assert pair_values(table) == {(24.6, 20.8), (1.2, 1.05), (4.3, 3.9), (6000, 6120), (3500, 3180)}
    assert table[table.target_value == 24.6].lead_units.item() == "市财政局"


@pytest.mark.parametrize(
    ("line", "read"),
    [
        ("完成生产总值5 3 2.6亿元,增长8%", "完成生产总值532.6亿元,增长8%"),
        ("开工建设1 2 0 0 0套,基本建成7000套", "开工建设12000套,基本建成7000套"),
        ("人均可支配收入16 218元,增长9%。", "人均可支配收入16218元,增长9%。"),
        ("地区生产总值 亿元 530 211.7", None),  # a row of cells keeps its spaces
        ("2031年 1 2月", None),  # no figure of prose
    ],
)
def test_figures_spaced_out_are_read_whole(line, read):
    joined, mapping = join_spaced_figures(line)
    assert joined == (read or line)
    if read:
        at = joined.index("亿元" if "亿元" in joined else "套" if "套" in joined else "元")
        assert line[mapping[at]] == joined[at]


def test_a_page_scraped_with_its_markup_full_width_and_spaced_digits(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<div>当前位置:首页&gt;&gt;督查通报</div><br>\n"
        "某市2031年1-11月重点工作目标任务完成情况的通报<br>\n"
        "&nbsp;&nbsp;一、生产总值。年度目标:增长９％。1-11月预计完成生产总值1 0 4 2.6亿元,增长８．７％,"
        "高于全省平均0.6个百分点。(牵头单位:市发改委<br>\n"
        "&nbsp;&nbsp;二、全社会固定资产投资。年度目标:完成９２０亿元。1-11月完成866.2亿元增长11.6%完成年度目标的94.2%。"
        "(牵头单位:市发改委)<br>\n"
        "&nbsp;&nbsp;三、城镇居民人均可支配收入。年度目标:增长10%。"
        "前三季度城镇居民人均可支配收入24 306元,增长9.1%。<br>\n"
        "&nbsp;&nbsp;四、城镇新增就业。年度目标:城镇新增就业2.4万人。1-11月全市城镇新增就业2.2",
        encoding="utf-8",
    )
    table = parse_report(read_report_text(page))
    assert {(9, 8.7), (920, 866.2), (10, 9.1)} <= pair_values(table)
    assert {1042.6, 24306} <= set(table.actual_value)
    assert table[table.target_value == 2.4].actual_value.isna().all()  # cut mid-number: no result


def test_spaces_kept_by_a_document_traced_back():
    doc = prepare("标题\n年度目标:开工建设1 2 0 0 0套。")
    assert doc.lines[1] == "年度目标:开工建设12000套。"
    assert doc.as_written("12000套", 2) == "1 2 0 0 0套"


# --- lists and paragraphs ----------------------------------------------------------------------------


@pytest.mark.parametrize("separator", [";", "；"])
def test_a_list_of_lagging_targets_with_progress_in_brackets(separator):
    items = [
        "外贸进出口总额完成3.6亿美元(1-5月完成1.02亿美元,完成年度目标的28.3%,县商务局)",
        "规模以上工业增加值增长11%(1-5月增长5.4%,低于全市平均2.1个百分点,县经信局)",
        "招商引资实际到位资金增长18%(1-5月增长9.2%,县投资促进中心)",
    ]
    table = _table(
        "某县2031年1-5月份《政府工作报告》主要指标推进情况通报",
        "    未达序时进度的指标有3项,分别是:" + separator.join(items) + "。",
    )
    assert pair_values(table) == {(3.6, 1.02), (11, 5.4), (18, 9.2)}
    assert set(table.lead_units.dropna()) == {"县商务局", "县经信局", "县投资促进中心"}


def test_a_target_with_a_result_of_its_own_after_already_done():
    table = _table(
        "某县2031年1-5月主要指标推进情况",
        "达到序时进度的指标中:新建高标准农田8万亩,已完成主体工程6.4万亩;改造农村公路危桥18座,已完工9座;"
        "新建村级综合服务站30个,已全部完成。",
    )
    assert pair_values(table) == {(8, 6.4), (18, 9), (30, 30)}
    assert 8 not in set(table.actual_value)


def test_a_months_own_figure_is_no_plan_and_no_answer_to_the_years_target():
    table = _table(
        "1-5月我市经济运行稳中有进",
        "    生态环境方面,5月份全市空气质量优良天数24天,1-5月累计优良天数102天,较去年同期增加7天,"
        "全年的目标是优良天数达到280天以上。",
    )
    assert pair_values(table) == {(280, 102)}
    assert 24 not in set(table.target_value)


def test_applications_put_forward_are_no_result():
    table = _table(
        "某市2031年1-9月重点工作推进情况",
        "3.高新技术企业培育",
        "工作目标:新认定高新技术企业45家。",
        "完成进度:已向省科技厅推荐申报高新技术企业58家,截至目前已通过认定19家。",
    )
    assert pair_values(table) == {(45, 19)}


def test_the_set_then_how_many_of_it_moved():
    table = _table(
        "某市2031年上半年重点事项推进情况",
        "三、关于“实施重点项目80项,完成投资150亿元”事项",
        "    上半年,80项重点项目开复工66项,完成投资71.2亿元,占年度计划的47.5%。",
        "    责任领导:常务副市长   责任单位:市发改局",
    )
    assert pair_values(table) == {(80, 66), (150, 71.2)}


# --- review paragraphs, interviews, news ---------------------------------------------------------------


def test_an_interview_with_targets_said_aloud_and_next_years_targets():
    table = _table(
        "区长答记者问:2031年目标任务“成绩单”出炉",
        "    问:有没有没完成的?",
        "    答:有。全社会固定资产投资年初提的是增长9%左右,实际只增长了6.1%。",
        "    问:老百姓收入方面呢?",
        "    答:城镇居民人均可支配收入增长7.4%,农村居民人均可支配收入增长9.2%,都跑赢了年初7%和8.5%的目标。",
        "    问:2032年有什么打算?",
        "    答:今年我们的目标是地区生产总值增长6%左右,固定资产投资增长8%,一般公共预算收入增长5%。",
    )
    assert pair_values(table) == {(9, 6.1), (7, 7.4), (8.5, 9.2)}
    assert {6, 8, 5} <= set(table[table.actual_value.isna()].target_value)  # next year's: targets, no result
    assert not {8, 5} & set(table.actual_value)


def test_a_review_paragraph_of_shared_targets_control_figures_and_plans():
    table = _table(
        "政府工作报告",
        "    一、2030年工作回顾",
        "    居民收入较快增长。城镇居民人均可支配收入18230元,增长11.2%,农民人均纯收入6120元,增长12.6%,"
        "均完成了增长10%的年初预期目标。",
        "    人口自然增长率5.4‰,低于6‰的控制指标;社会消费品零售总额增长13.1%,完成了增长12%的计划;"
        "外贸进出口总额下降4.2%,未完成增长6%的年度计划。",
        "    全市完成85个美丽乡村示范村的年度建设任务,新建农村户用沼气1.1万户,比年初计划多1000户。",
    )
    assert pair_values(table) == {(10, 11.2), (10, 12.6), (6, 5.4), (12, 13.1), (6, -4.2), (85, 85)}
    assert 1000 not in set(table.target_value)  # a margin over the plan gives no plan


def test_plans_in_brackets_after_their_results_take_the_results_names():
    table = _table(
        "政府工作报告",
        "    十件民生实事全面完成。改造城镇老旧小区52个、惠及居民1.2万户(计划45个、1万户);"
        "新增公办幼儿园学位1800个(计划1500个)。",
        "    城镇居民人均可支配收入增长7.1%,农村居民人均可支配收入增长8.3%(预期分别增长6.5%和8%)。",
    )
    assert pair_values(table) == {(45, 52), (1, 1.2), (1500, 1800), (6.5, 7.1), (8, 8.3)}
    assert table[table.target_value == 45].subject.item() == "改造城镇老旧小区"


def test_gaps_given_respectively_belong_to_the_rates_over_a_semicolon():
    table = _table(
        "某市2030年国民经济和社会发展计划执行情况",
        "    居民收入方面,城镇居民人均可支配收入31260元,增长9.4%;农民人均纯收入12870元,增长10.9%,"
        "分别比预期目标高出0.4和0.9个百分点。",
    )
    assert pair_values(table) == {(9, 9.4), (10, 10.9)}


def test_a_stage_of_its_own_names_a_second_target_of_a_task():
    table = _table(
        "某自治区人民政府督查室关于2031年主要目标任务上半年落实情况的督查通报",
        "    (一)建设城镇保障性住房12万套,基本建成9万套。",
        "    督查情况:上半年新开工7.9万套,基本建成5.1万套,分别完成年度任务的65.8%和56.7%。",
    )
    assert pair_values(table) == {(12, 7.9), (9, 5.1)}


def test_a_plan_arranged_and_said_finished_in_full():
    table = _table(
        "2030年我市民生实事全面兑现",
        "    在住房保障方面,年初安排的2400套城市廉租住房已全部竣工,陆续交付使用。",
    )
    assert pair_values(table) == {(2400, 2400)}
