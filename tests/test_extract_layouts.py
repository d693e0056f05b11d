"""Narrative, paragraph and news layouts of the sixth blind set, each on a small variant written here.

Labels over their own lines (任务内容: / 推进情况:), a target as the heading with the units and the
result labelled below it, ``(一)关于“…”任务`` items, a dash list, pages that kept their HTML entities
and broke sentences before a figure, and articles that give the results first and the targets after.
The figures and their order differ from the set's documents: a test holds because the rule reads the
text, not because it knows the document.
"""

from __future__ import annotations

import pytest

from extraction_helpers import pair_values
from extraction_helpers import table_of as _table
from indicators.extract import parse_report
from indicators.extraction.text import decode_entities, prepare
from indicators.fileio import read_report_text

# --- labelled narrative ------------------------------------------------------------------------------


def test_a_heading_over_a_target_label_and_a_progress_label():
    table = _table(
        "某市2031年市政府重点工作任务上半年推进情况的通报",
        "一、重点任务推进情况",
        "1.项目建设",
        "目标任务:新开工亿元以上项目150个,固定资产投资增长9%左右。",
        "推进情况:上半年,新开工亿元以上项目81个;全市固定资产投资同比增长10.4%。",
        "责任单位:市发展改革委",
        "2.民生保障",
        "任务内容:城镇新增就业3.5万人,城镇登记失业率控制在3.5%以内。",
        "推进情况:1-6月,城镇新增就业2.1万人;6月末城镇登记失业率为3.1%。",
        "责任单位:市人力资源社会保障局",
    )
    assert pair_values(table) == {(150, 81), (9, 10.4), (3.5, 2.1), (3.5, 3.1)}
    assert set(table.lead_units) == {"市发展改革委", "市人力资源社会保障局"}
    assert "项目建设" not in set(table.target_text)  # the heading names the task, it is no target
    assert set(table.task_label) == {"1", "2"}


@pytest.mark.parametrize(("first", "second"), [("一、", "二、"), ("(一)", "(二)")])
def test_section_headings_over_target_labels_and_a_period_result_label(first, second):
    table = _table(
        "某县2031年重点工作前三季度推进情况",
        f"{first}农村公路",
        "任务内容:新改建农村公路320公里。",
        "前三季度完成:新改建农村公路251公里。",
        f"{second}生态环境",
        "年度目标:空气质量优良天数比率达到85%以上。",
        "推进情况:1-9月,优良天数比率为87.9%。",
    )
    assert pair_values(table) == {(320, 251), (85, 87.9)}
    assert set(table.task_label) == {"1", "2"}


def test_targets_as_headings_with_units_and_a_period_result_labelled_below():
    table = _table(
        "某市2031年政府工作报告主要目标任务前三季度推进情况",
        "一、主要目标任务推进情况",
        "(一)一般公共预算收入增长6%",
        "牵头单位:市财政局",
        "前三季度实现:1-9月,全市一般公共预算收入同比增长7.3%,两年平均增长5.2%。",
        "进度评价:达到序时进度",
        "(二)新增规上工业企业120户",
        "牵头单位:市经济和信息化局",
        "配合单位:市统计局",
        "半年实现:截至9月底,新增规上工业企业97户。",
        "进度评价:滞后于序时进度",
    )
    assert pair_values(table) == {(6, 7.3), (120, 97)}
    revenue = table[table.target_value == 6].iloc[0]
    assert revenue.lead_units == "市财政局" and revenue.stated_outcome == "达到序时进度"
    assert table[table.target_value == 120].co_units.item() == "市统计局"


def test_guanyu_items_said_as_tasks_and_as_their_progress(tmp_path):
    page = "\n".join(
        [
            "某市人民政府督查室关于2031年部分重点任务推进情况的督办通报",
            "各县、市、区人民政府：",
            "（一）关于“规模以上工业增加值增长8.5%”任务",
            "",
            "1—7月，全市规模以上工业增加值同比增长6.9%，增幅居全省第7位。【责任单位：市经信局】",
            "",
            "（二）关于“新建5G基站900个、充电桩1600个”的推进情况",
            "",
            "截至7月底，全市累计建成5G基站612个、充电桩1011个。【责任单位：市发改委、市经信局】",
            "",
            "（三）关于“粮食播种面积稳定在310万亩以上”任务",
            "",
            "今年全市夏粮播种面积121.4万亩，秋粮播种面积190.3万亩，合计311.7万亩。【责任单位：市农业农村局】",
        ]
    )
    path = tmp_path / "notice.txt"
    path.write_text(page, encoding="utf-8")
    table = parse_report(read_report_text(path))
    assert pair_values(table) == {(8.5, 6.9), (900, 612), (1600, 1011), (310, 311.7)}
    assert table[table.target_value == 8.5].lead_units.item() == "市经信局"
    assert table[table.target_value == 900].lead_units.item() == "市发改委、市经信局"


def test_unnumbered_guanyu_items_in_traditional_characters():
    table = _table(
        "某市人民政府督查室關於2031年上半年重點任務推進情況的通報",
        "關於“城鎮新增就業1.5萬人”任務",
        "上半年全市城鎮新增就業9120人,完成年度目標的60.8%。(責任單位:市人社局)",
        "關於“接待遊客突破600萬人次”事項",
        "上半年全市接待國內外遊客233.5萬人次。",
    )
    assert pair_values(table) == {(1.5, 0.912), (600, 233.5)}
    assert table[table.target_value == 1.5].lead_units.item() == "市人社局"


def test_a_dash_list_of_quoted_targets_with_their_units_in_brackets():
    table = _table(
        "某市2031年《政府工作报告》目标任务前三季度进展情况通报",
        "二、未达到序时进度的任务(3项)",
        "1.“城镇居民人均可支配收入增长7%”——前三季度全市城镇居民人均可支配收入增长5.8%。(市统计局)",
        "2.“固定资产投资增长9%以上”——1-9月全市固定资产投资增长6.1%,其中民间投资增长11.2%。(市发改委)",
        "3.“新增高新技术企业300家”——截至9月底,新认定高新技术企业174家。(市科技局)",
    )
    assert pair_values(table) == {(7, 5.8), (9, 6.1), (300, 174)}  # the part (民间投资) answers no whole
    assert set(table.lead_units) == {"市统计局", "市发改委", "市科技局"}
    assert not (table.target_unit == "项").any()  # 任务(3项) counts the tasks


# --- damaged pages -----------------------------------------------------------------------------------


def test_html_entities_are_read_as_their_characters_and_traced_back():
    line = "&nbsp;&nbsp;推进&ldquo;两区&rdquo;建设&middot;一期&nbsp"
    read, mapping = decode_entities(line)
    assert read == "  推进“两区”建设·一期 "
    assert line[mapping[read.index("“")] :].startswith("&ldquo;")
    doc = prepare("標題\n" + line.replace("两区", "兩區"))
    assert doc.as_written("“两区”建设", 2) == "“兩區”建设"  # the report's characters, not its markup
    assert doc.as_written("推进“两区”", 2) == "推进“兩區”"
    assert decode_entities("A&B 公司&unknown;") == ("A&B 公司&unknown;", None)


def test_a_sentence_broken_before_its_figure_is_read_whole():
    doc = prepare("3.进出口总额增长12%。1-10月实现进出口总额88.1亿元,同比增长\n14.2%。\n4.新建公园5个。")
    assert doc.lines[0].endswith("同比增长14.2%。") and doc.lines[1] == ""
    assert doc.as_written("增长14.2%", 1) == "增长14.2%"
    table = prepare("指标名称,单位\n地区生产总值增长\n8.5")  # a cell per line is no sentence
    assert table.lines[2] == "8.5"


def test_a_damaged_page_of_numbered_tasks():
    table = _table(
        "某区2031年1-10月区政府重点工作完成情况",
        "&nbsp;&nbsp;&nbsp;&nbsp;一、经济发展",
        "&nbsp;&nbsp;&nbsp;&nbsp;1.区级财政收入增长12%。预计1-10月区级财政收入增长13.5%1.5个百分点(按可比口径",
        "&nbsp;&nbsp;&nbsp;&nbsp;2.规模以上工业总产值增长20%。1-10月实现规模以上工业总产值842.6亿元,同比增长",
        "22.4%。",
        "&nbsp;&nbsp;&nbsp;&nbsp;3.建设&ldquo;安居工程&rdquo;住房50万平方米。开工建设安居工程住房47.5万平方米。",
        "&nbsp;&nbsp;&nbsp;&nbsp;4.二氧化硫、氮氧化物排放量分别削减3%、2%。1-10月二氧化硫排放量削减3.4%,氮氧化物排放量削减1.6%。",
    )
    assert pair_values(table) == {(12, 13.5), (20, 22.4), (50, 47.5), (3, 3.4), (2, 1.6)}
    assert not table.target_text.str.contains("&").any()
    assert 1.5 not in set(table.actual_value)  # 13.5%1.5个百分点: a gap that lost its words, no result


# --- articles: plans, promises, results first ----------------------------------------------------------


def test_plans_opening_a_sentence_hold_to_its_end():
    table = _table(
        "某市2031年为民办实事项目上半年进展情况",
        "一、城乡供水",
        "计划新建农村供水工程9处,巩固提升3.2万农村人口供水保障水平。截至6月底,已完工4处,受益人口1.7万人。(牵头单位:市水务局)",
        "二、托育服务",
        "计划新增普惠托位1800个,建设社区托育点20个。上半年新增普惠托位760个,建成社区托育点11个。",
    )
    assert pair_values(table) == {(9, 4), (3.2, 1.7), (1800, 760), (20, 11)}
    assert table[table.target_value == 9].lead_units.item() == "市水务局"


def test_promises_stated_after_the_results():
    table = _table(
        "我市2031年“十件实事”全面兑现",
        "交通条件改善。全年新建农村公路1260公里,比年初承诺的1100公里多出160公里,全市建制村通客车比例达到98.2%。",
        "饮水安全。全年解决21.4万农村人口饮水安全问题,年初承诺为20万人。",
        "能源建设。新建户用沼气池1.6万口,承诺1.5万口,超额完成任务。",
    )
    assert pair_values(table) == {(1100, 1260), (20, 21.4), (1.5, 1.6)}
    road = table[table.target_value == 1100].iloc[0]
    assert road.comparator == "exact" and road.subject == "新建农村公路"
    assert 98.2 in set(table.actual_value)  # a result no target of its sentence could measure


def test_a_review_paragraph_with_targets_as_gaps_shares_and_references():
    table = _table(
        "政府工作报告",
        "一、2030年工作回顾",
        "全年实现地区生产总值820.4亿元,增长8.6%,比年初预期多0.6个百分点;全社会固定资产投资完成455.2亿元,"
        "超额完成年初确定的430亿元目标,增长15.4%;地方公共财政收入38.1亿元,增长11.9%,较预期目标高出2.9个百分点;"
        "新建保障性住房3480套,完成年度计划3200套的108.8%;原油产量完成410万吨,为年计划的98.3%。",
    )
    assert pair_values(table) == {(8, 8.6), (430, 455.2), (9, 11.9), (3200, 3480)}
    assert 15.4 not in set(table.target_value)  # a plan a result refers to opens no plan
    assert table[table.actual_value == 410].target_value.isna().all()  # 为年计划的98.3%: no plan value


def test_a_change_from_the_year_before_and_a_target_without_a_direction():
    table = _table(
        "某市2030年国民经济和社会发展计划执行情况",
        "农业生产再获丰收。粮食总产达到96.2亿斤,比上年增产3.1亿斤,超过年初确定的94亿斤目标。",
        "生态环境持续改善。PM2.5年均浓度41微克/立方米,较年度目标44微克/立方米改善3微克/立方米。",
        "工业经济稳中有升。万元GDP能耗下降4.1%,完成省下达3.5%的年度目标。",
    )
    assert pair_values(table) == {(94, 96.2), (44, 41), (3.5, 4.1)}


def test_news_with_results_first_and_the_year_targets_after():
    table = _table(
        "前5个月我市主要经济指标稳中有进",
        "工业生产较快增长。1-5月,全市规模以上工业增加值同比增长9.4%,高出年度目标1.4个百分点。"
        "新材料产业完成产值386.2亿元,同比增长12.1%,全年力争突破1000亿元。",
        "投资增速回落。1-5月,全市固定资产投资同比增长3.9%,距离年初确定的8%增长目标仍有差距,其中工业投资增长9.9%。",
        "物价平稳。1-5月,全市居民消费价格同比上涨1.1%,低于3%左右的年度调控目标。",
    )
    assert pair_values(table) == {(8, 9.4), (1000, 386.2), (8, 3.9), (3, 1.1)}
    assert 9.9 not in set(table.target_value)
    assert 5 not in set(table.actual_value)  # 前5个月 is the period spoken of


@pytest.mark.parametrize("separator", [";", ","])
def test_targets_given_respectively_after_results_over_a_semicolon(separator):
    table = _table(
        "某市2030年主要经济指标完成情况",
        f"居民收入稳步提高。全年城镇居民人均可支配收入39120元,增长8.1%{separator}农村居民人均可支配收入15230元,"
        "增长9.4%,分别超过年初确定的7%以上和9%以上的增长目标。",
        "旅游业加快恢复。全年接待游客822.6万人次,完成年初计划800万人次的102.8%。",
    )
    assert pair_values(table) == {(7, 8.1), (9, 9.4), (800, 822.6)}
    assert 102.8 not in set(table.target_value)


def test_running_totals_and_sums_of_parts():
    table = _table(
        "某市2031年部分重点任务推进情况",
        "1.新建充电桩3000个。进展情况:截至8月底,全市累计建成充电桩1875个。",
        "2.新建5G基站1200个。进展情况:1-8月新建5G基站702个,累计建成5G基站8640个。",
        "3.油料播种面积稳定在60万亩以上。进展情况:春播油料21.5万亩,秋播油料39.2万亩,合计60.7万亩。",
    )
    assert pair_values(table) == {(3000, 1875), (1200, 702), (60, 60.7)}
