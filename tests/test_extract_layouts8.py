"""Narrative, paragraph and news layouts of the eighth blind set, each on a small variant written here.

Items numbered ①②③ (restarting under each 一、二、 heading, and kept apart from the figures when a file is
read), ``第N项`` items labelled 承诺目标: / 兑现情况:, ``N.name:`` items that give the results first and the
year's target after them, and a plan-execution list (``——name。计划…,执行…``). The figures and their order
differ from the set's documents: a test holds because the rule reads the text, not because it knows the
document.
"""

from __future__ import annotations

import pytest

from extraction_helpers import pair_values
from extraction_helpers import table_of as _table
from indicators.extract import parse_report
from indicators.extraction.readers.common import PROGRESS_LABEL_RE, TARGET_LABEL_RE
from indicators.fileio import normalise_text

# --- circled item numbers --------------------------------------------------------------------------


def test_circled_numbers_survive_the_folding_of_full_width_text():
    assert normalise_text("①新建公园１２个。") == "①新建公园12个。"
    assert normalise_text("⑳增长８%") == "⑳增长8%"


def test_circled_items_restart_under_each_section():
    table = _table(
        "某县2019年度政府工作报告目标任务完成情况的通报",
        "",
        "一、主要经济指标",
        "",
        "①规模工业增加值增长8%。全年规模工业增加值增长8.6%。",
        "",
        "②固定资产投资增长12%以上。全年完成固定资产投资420亿元,增长11.2%。",
        "",
        "二、民生实事",
        "",
        "①新建农村公路150公里。全年完成农村公路建设163公里。",
        "",
        "②森林覆盖率保持在58%以上。年末全县森林覆盖率达到59.4%。",
        "",
        "③外贸出口突破30亿元。受订单减少影响,全年完成外贸出口27.5亿元。",
    )
    assert {(8, 8.6), (12, 11.2), (150, 163), (58, 59.4), (30, 27.5)} <= pair_values(table)
    assert set(table.task_label) >= {"一.1", "一.2", "二.1", "二.2", "二.3"}


def test_circled_items_read_from_a_file(tmp_path):
    from indicators.fileio import read_report_text

    path = tmp_path / "report.txt"
    path.write_text("某市2020年度目标任务完成情况\n\n一、经济指标\n\n①地区生产总值增长７%。全年地区生产总值增长6.4%。\n",
                    encoding="utf-8")
    assert (7, 6.4) in pair_values(parse_report(read_report_text(path)))


# --- 承诺目标 / 兑现情况 -------------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["承诺目标:", "承诺事项:", "承诺内容:"])
def test_pledge_labels_are_target_labels(label):
    assert TARGET_LABEL_RE.match(label + "新建公园12个。")


@pytest.mark.parametrize("label", ["兑现情况:", "兑现结果:"])
def test_delivery_labels_are_result_labels(label):
    assert PROGRESS_LABEL_RE.match(label + "建成公园13个。")


def test_numbered_pledges_with_their_delivery():
    table = _table(
        "某市人民政府办公室关于2012年十件民生实事兑现情况的通报",
        "",
        "第一项:城镇保障性住房",
        "承诺目标:新建公共租赁住房2500套。",
        "兑现情况:新建公共租赁住房2680套,已分配1900套。",
        "",
        "第二项:农村公路",
        "承诺目标:新建通村公路600公里。",
        "兑现情况:新建通村公路574公里,兑现率95.7%。",
        "",
        "第三项:就业",
        "承诺目标:城镇登记失业率控制在4%以内。",
        "兑现情况:城镇登记失业率3.6%。",
    )
    assert {(2500, 2680), (600, 574), (4, 3.6)} <= pair_values(table)


# --- results first, the year's target after them -----------------------------------------------------


def test_results_first_then_the_year_target():
    table = _table(
        "某旗2016年上半年重点工作推进情况通报",
        "",
        "(一)主要经济指标",
        "",
        "1.社会消费品零售总额:完成23.6亿元,增长6.8%,年度目标增长8%。",
        "",
        "2.地区生产总值:上半年同比增长5.9%,与全年7%的目标相差1.1个百分点。",
        "",
        "3.城镇居民人均可支配收入:上半年达到15230元,增长6.1%,年目标增长7.5%。",
        "",
        "(二)重点任务",
        "",
        "4.造林绿化:完成造林任务18.2万亩,年度任务30万亩。",
        "",
        "5.农村公路:新建农村公路95公里,年度目标160公里。",
    )
    assert {(8, 6.8), (7, 5.9), (7.5, 6.1), (30, 18.2), (160, 95)} <= pair_values(table)
    assert not any(t == 18.2 for t, _ in pair_values(table))


def test_a_name_colon_heading_over_a_target_is_still_a_target():
    table = _table(
        "某县2017年重点工作进展情况",
        "",
        "1.固定资产投资:增长12%。上半年全县固定资产投资增长9.8%。",
    )
    assert (12, 9.8) in pair_values(table)


# --- plan and execution -----------------------------------------------------------------------------


def test_plan_then_execution_list():
    table = _table(
        "关于某州2018年国民经济和社会发展计划执行情况的报告",
        "",
        "(一)主要指标执行情况",
        "",
        "——规模以上工业增加值。计划增长9%,执行增长10.2%。",
        "",
        "——常住人口城镇化率。计划达到48%,预计执行47.5%。",
        "",
        "——城乡常住居民人均可支配收入。计划分别增长9%、11%,执行分别增长8.7%、10.4%。",
        "",
        "——城镇登记失业率。计划控制在4.2%以内,执行3.8%。",
    )
    values = pair_values(table)
    assert {(9, 10.2), (48, 47.5), (9, 8.7), (11, 10.4), (4.2, 3.8)} <= values
    assert (9, 10.4) not in values and (11, 8.7) not in values


# --- a review's words for its targets ---------------------------------------------------------------


def test_two_targets_in_a_list_before_the_aim_word():
    table = _table(
        "某市2020年政府工作报告",
        "",
        "一、2020年工作回顾",
        "",
        "城镇和农村常住居民人均可支配收入分别增长7.8%和9.2%,均超过7%和8.5%的年初预期。",
    )
    values = pair_values(table)
    assert {(7, 7.8), (8.5, 9.2)} <= values
    assert (8.5, 7.8) not in values and (7, 9.2) not in values


def test_a_rate_level_with_the_aim_is_its_own_target():
    table = _table(
        "某市2020年政府工作报告",
        "",
        "一、2020年工作回顾",
        "",
        "全市一般公共预算收入增长5.6%,与年初预期持平;规模以上工业增加值增长7.2%。",
    )
    row = table[table.actual_value == 5.6].iloc[0]
    assert row.target_value == 5.6 and "target_from_gap" in row["flags"]
    assert table[table.actual_value == 7.2].target_value.isna().all()


def test_a_later_quarter_plan_is_not_the_year_target():
    table = _table(
        "某市一季度经济运行情况",
        "",
        "一季度共新开工重点项目31个,总投资215亿元。市发改局表示,二季度计划再新开工项目25个。",
        "",
        "下半年计划新增规上企业20家,上半年新增规上企业12家。",
    )
    assert not any(t in (25, 20) for t, _ in pair_values(table))


def test_a_figure_opening_a_quoted_speech_is_no_quoted_name():
    table = _table(
        "某县一季度经济运行情况",
        "",
        "一季度实现社会消费品零售总额45.2亿元,增长3.9%。“距离7%的全年目标还有差距,餐饮恢复偏慢。”局长说。",
    )
    assert (7, 3.9) in pair_values(table)


# --- targets in brackets ----------------------------------------------------------------------------


def test_one_bracket_for_two_results_said_once_respectively():
    table = _table(
        "某市2021年政府工作报告",
        "",
        "一、2021年工作回顾",
        "",
        "◆居民收入稳步增长。城镇、农村常住居民人均可支配收入分别达到41200元、16350元,增长6.3%、8.8%(目标:7.5%、9.5%)。",
        "",
        "◆工业和投资回升。规模以上工业增加值增长11.6%(目标:10%),固定资产投资增长8.1%(目标:12%)。",
    )
    values = pair_values(table)
    assert {(7.5, 6.3), (9.5, 8.8), (10, 11.6), (12, 8.1)} <= values
    assert (7.5, 8.8) not in values and (9.5, 9.5) not in values


# --- ①②③ items inside one paragraph -----------------------------------------------------------------


def test_circled_items_inline_with_their_lead_units():
    table = _table(
        "某区2023年上半年区政府工作报告重点任务落实情况的通报",
        "",
        "一、进度滞后的任务",
        "",
        "进度滞后的3项任务是:①固定资产投资增长8%(区发展改革局):1-6月同比下降3.1%;②新增规上企业150家(区统计局):"
        "上半年新增52家,完成年度任务的34.7%;③社会消费品零售总额增长6%(区商务局、区统计局):1-6月同比增长2.4%。",
    )
    values = pair_values(table)
    assert {(8, -3.1), (150, 52), (6, 2.4)} <= values
    leads = set(table.lead_units.dropna())
    assert {"区发展改革局", "区统计局"} <= leads


# --- words that tell a result from a plan ------------------------------------------------------------


def test_funds_already_secured_are_a_result_not_a_projection():
    table = _table(
        "某市2024年一季度重点任务推进情况",
        "",
        "任务三 争取中央预算内资金",
        "年度目标任务:争取中央预算内投资资金8亿元。",
        "一季度进展:已争取到位中央预算内投资资金2.3亿元,完成年度目标任务的28.8%。",
    )
    assert (8, 2.3) in pair_values(table)


def test_a_rate_before_a_named_task_word_is_the_target():
    table = _table(
        "某县2015年经济社会发展情况",
        "",
        "节能减排方面,单位GDP能耗下降3.8%,超额完成市下达的3.2%的降耗任务。",
    )
    assert (3.2, 3.8) in pair_values(table)


def test_the_task_that_introduces_its_parts_is_the_target():
    table = _table(
        "某市2012年民生工程进展情况",
        "",
        "全市新建标准化卫生室45所的任务中,已竣工29所,其余16所正在建设。",
    )
    values = pair_values(table)
    assert (45, 29) in values and (45, 16) not in values


def test_results_first_in_other_words():
    table = _table(
        "某县2018年上半年重点工作推进情况通报",
        "",
        "(一)主要经济指标",
        "",
        "1.地区生产总值:上半年全县实现地区生产总值88.2亿元,同比增长6.9%,比全年7.5%的目标低0.6个百分点。",
        "",
        "2.固定资产投资:1-6月完成62.4亿元,增长9.2%;全年计划完成投资130亿元。",
        "",
        "3.一般公共预算收入:截至6月底完成8.12亿元,增长5.5%,年度预算目标15亿元。",
        "",
        "4.城镇新增就业:新增就业3260人,全年目标6000人。",
    )
    values = pair_values(table)
    assert {(7.5, 6.9), (130, 62.4), (15, 8.12), (6000, 3260)} <= values
    assert not any(t in (88.2, 6.9, 8.12) for t, _ in values)


def test_a_sentence_of_completion_ending_in_its_verdict_is_the_progress():
    table = _table(
        "某市2019年1-11月政府工作报告重点任务进展情况",
        "",
        "一、民生实事",
        "",
        "3.新建城市公园8处。完成城市公园建设9处,超额完成年度任务。",
        "",
        "4.改造农村户厕6000户。完成户厕改造4870户,未完成年度任务。",
    )
    assert {(8, 9), (6000, 4870)} <= pair_values(table)
