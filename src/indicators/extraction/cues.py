"""The words around a figure that tell its role: target or actual, comparison, completion, rank …

Each pattern is one way these reports phrase a role; a figure inside the phrase takes that role.
Patterns are plain data so that a new phrasing is a new line here, not a branch in the reader.
"""

from __future__ import annotations

import re

NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"

#: comparisons with the province or the nation: 高于全省平均增幅(8.8%)0.2个百分点, 比全省高7.4个百分点,
#: 低于同期全国增长水平(27.1%), 全省6.3百分点 (damaged), 高出全省0.1个百分点
#: the province-level region a comparison names: 全省, or 全区 / 全疆 in an autonomous region
PROVINCE_WORDS = ("全省", "全区", "全疆")
COMPARISON_RE = re.compile(
    r"(?P<pre>高于|低于|超过|超出|高出|快于|慢于|好于|优于|比|较)?\s*(?:同期)?(?P<region>全省|全国|全疆|全区(?=平均|水平|增幅|增速|[(（]))"
    r"(?P<what>(?:平均|水平|增幅|增速|增长|平均值|同期)*)\s*"
    r"(?P<open>[(（])?\s*(?:(?P<avg>" + NUM + r")\s*%)?\s*(?P<close>[)）])?\s*"
    r"(?P<dir>高出|高|低|快|慢|多|少)?\s*"
    r"(?:(?P<gap>" + NUM + r")\s*(?P<gap_unit>个百分点|百分点))?"
)
#: a comparison with a level that is neither the province nor the nation (a county against its city)
LOCAL_COMPARISON_RE = re.compile(
    r"(?:比|较|高于|低于|超过|高出|快于|慢于)\s*(?:全市|全县|全区|周边地区|全国同期|全省同期)?(?:平均)?(?:水平|增幅|增速)?"
    r"\s*(?:高|低|快|慢)?\s*(?P<gap>" + NUM + r")\s*个?百分点"
)
#: a completion the report states: 完成年度计划31%, 完成率8.7%, 为任务的164.5%, 完成任务数120%,
#: 完成年度计划5800套的105.5% (the plan inside), 为年计划的97.1%
COMPLETION_RE = re.compile(
    r"(?:完成|达到)了?(?:全年|年度|年初|年)?(?:目标任务|目标|任务|计划)(?:数|量)?的?\s*(?P<a>" + NUM + r")\s*%"
    r"|(?:完成率|达成率|完成比例|完成进度)(?:为|达到?|是)?\s*(?P<b>" + NUM + r")\s*%"
    r"|(?:占|为)(?:全年|年度|年(?=目标|计划))?(?:目标|计划)?(?:任务)?的\s*(?P<c>" + NUM + r")\s*%"
    r"|(?:占|为|完成)(?:全年|年度|年初|年)(?:目标|计划|任务)(?:任务)?[^,，。;；%]{1,14}?的\s*(?P<d>" + NUM + r")\s*%"
)
#: a gap to the target the report states: 超过目标任务0.652亿斤, 超任务17元, 低于控制目标2.1个百分点
TARGET_GAP_RE = re.compile(
    r"(?P<dir>超过|超出|超|高出|高于|低于|差|少于|多于|比|较)[\u4e00-\u9fff]{0,4}?(?:全年|年度|控制|预期)?(?:目标任务|目标|计划|任务)"
    r"(?P<dir2>高|低|多|少)?(?:出|了)?\s*(?P<num>" + NUM + r")"
    r"|(?:目标|计划|预期)(?P<dir3>高|低|多|少)(?:出|了)?\s*(?P<num2>" + NUM + r")"
)
#: a rank: 居全省第2位, 增幅全省排第7位, 排名全省第二, 居全省末位, 前8位
RANK_RE = re.compile(
    r"(?:居|位居|位列|位于|排名?|列|排在)?\s*(?P<scope>全省|全国|全市|全区|全疆)?(?:第\s*(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:位|名)?"
    r"|前\s*(?P<top>\d{1,2})\s*(?:位|名)|(?P<last>末位|倒数第\s*\d+位?))"
)
#: a target stated inside progress text: 省下达我市的年度能耗强度降低目标为3.2%
TARGET_DEF_RE = re.compile(r"(?:目标|任务)(?:任务)?(?:值)?(?:分别)?(?:为|是)?\s*[(（]?\s*(?=" + NUM + ")")
#: a named task said as done, its size the result: 完成林业生态建设任务52.3万亩 (not 完成年度目标任务60个的…)
NAMED_TASK_DONE_RE = re.compile(r"(?<![未没])完成了?(?!全年|年度|年初|年|目标|计划|省|市)(?:(?!的|下达)[\u4e00-\u9fff]){2,12}$")
#: cue words before a figure that make it a target (in a clause or, for 提出/明确, the rest of a sentence)
TARGET_PRE_RE = re.compile(
    r"计划(?!项目|单列|生育)|原定|原计划|预期目标|预期|承诺|(?:年度|既定|原定)?目标(?:任务)?(?:为|是|要求)|(?:年度|全年|年)(?:目标|任务)(?=[^\d,，;；。差多少高低超比的]{0,12}$)|力争|要求(?:控制在)?|确保|提出|明确|包括|部署"
    r"|控制在|拟|(?:定|提|订|确定|提出|制定)的(?:目标)?(?:是|为)"  # 年初提的是增长8%左右 (said aloud)
)
SENTENCE_TARGET_RE = re.compile(
    r"(?:报告|规划|计划|方案|文件|会议)(?:提出|明确|要求|确定|部署)了?|(?:提出|明确|要求|确定|部署|包括)了?[,，:：]"
)
#: ``年初计划新建…18所,新增学位1.2万个``, ``计划实施…12处,巩固提升…``, ``今年我们的目标是…``: a plan opening a sentence or clause holds
#: to its end (its ; or 。); not one a result refers to (超额完成年初确定的600亿元目标,增长21.6%; 距离年初确定的…)
PLAN_OPENING_RE = re.compile(
    r"(?:^|(?<=[,，。;；:：!！]))\s*(?:(?!完成|超|高于|低于|达到|实现|比|较|距|离|与|和|同)[\u4e00-\u9fff]){0,6}?年初(?:计划|确定|提出|预期|制定)"
    r"|(?:^|(?<=[。;；!！]))\s*(?:今年|全年|年度)?计划(?!项目|单列|生育)"
    r"|(?:^|(?<=[。;；!！:：]))\s*(?:今年|明年|全年|年度)?(?:我们的?)?(?:主要)?(?:预期|工作)?目标(?:是|为)"  # 答:今年我们的目标是…
)
#: cue words before a figure in progress text that make it a target (a plan restated beside its result)
PROGRESS_TARGET_RE = re.compile(
    r"原定|原计划|计划(?:为|是|要求)|(?:目标|任务)(?:为|是)|下达[^,，。;；]{0,10}(?:目标|任务)|要求(?:控制在|达到)"
    r"|(?:为|占)(?:全年|年度)(?:计划|目标)(?:任务)?\s*$"
)
#: a plan given in brackets after its result: 增长15.3%(计划16%), 3.51%(控制在4%以内), (预期12%), (目标:7%、9%)
PAREN_PLAN_RE = re.compile(r"[(（]\s*(?:年初)?(?:计划|预期|目标|控制在|力争|要求)(?:[^()（）%]|%\s*[、和与及]){0,12}$")
#: cue words right after a figure that make it a target: 4.7万批次的年度目标任务, 8000万亩的预期, 6%和5.5%左右的预期目标,
#: 12%的年初预期目标, 7‰的控制指标, 增长12%的计划, 3.5%的降耗任务
TARGET_POST_RE = re.compile(
    r"^\s*(?:[\u4e00-\u9fff]{1,4}?的|的)?(?:年度|全年|年初|预期|既定|原定|计划|控制|调控|考核|规划|预定){0,2}(?:增长|增速|下降|降耗|减排|节能)?"
    r"(?:目标|预期|任务|安排|(?<=的)计划|(?<=年度|全年|年初)计划)|^\s*的(?:控制|调控)指标"
)
#: cue words that make a figure an actual (results): 现已完成, 实际, 结果显示, 全年, 截至
ACTUAL_PRE_RE = re.compile(
    r"现已|已经|已|实际|实现|完成|建成|达到|结果显示|最终|实绩|截至|截止|目前|全年|上半年|前三季度|一季度|1\s*[-~～至]\s*\d{1,2}\s*月"
)
#: cues that a result is reported (not merely a verb that a plan could use too: 计划建成)
STRONG_ACTUAL_RE = re.compile(
    r"现已|已经|已|实际|结果显示|最终|实绩|截至|截止|目前|落实情况"
    r"|(?<=[,，;；])\s*(?:全年|上半年|前三季度|一季度|1\s*[-—~至]\s*\d{1,2}\s*月)(?:全[省市县区])?(?:完成|实现|达到)"
    # a plan-execution report's ``计划增长8.5%,执行增长7.8%`` / ``预计执行51.6%``: 执行 opens the result's clause
    r"|(?:^|(?<=[,，;；:：]))\s*(?:预计)?执行(?=[^,，。;；\d]{0,12}(?:\d|$))"
)
#: a single month's own figure (4月份全市空气质量优良天数21天, 当月): a result for that month, not the year's
MONTH_SAID_RE = re.compile(r"(?<![-—~至\d])\d{1,2}\s*月份|当月|本月")
#: a figure compared with the year before is a result, even in a sentence of targets (报告提出,…3%左右,全年…比上年上涨0.2%)
COMPARED_RE = re.compile(r"比上年|较上年|同比|比去年")
#: a count of the report's own tasks or indicators (17项量化指标任务, 147项重点工作): not an indicator
TASK_COUNT_SUBJECT_RE = re.compile(r"(?:任务|指标|工作|事项|实事|考核指标|目标|工程)(?:共计|共|合计|总计|累计)?\s*[(（]?$")
TASK_COUNT_NOUN_RE = re.compile(r"[\u4e00-\u9fff“”《》]{0,8}?(?:任务|指标|工作|事项|实事|大事|项目任务|民生工程|重点工程)")
#: ``N个X中,…`` / ``N个X均…``: a count that introduces the members listed after it
GROUP_AFTER_RE = re.compile(r"^[\u4e00-\u9fff“”、]{1,14}?(?:中[,，:：]|均|都|各)")
#: ``2项增速高于年度目标``, ``其余6项低于预期``: a tally of indicators by verdict, no result of its own
TALLY_AFTER_RE = re.compile(r"^(?:(?:主要|经济|指标|的|增速|增幅|均|都)*(?:高于|低于|快于|慢于|好于|优于|未达到?|达到|超过|超额完成|完成了?|未完成)(?:(?:年度|全年|年初)?(?:目标|预期|序时|计划)|全[省国市]))")
#: a figure in a name in quotes: “1%工作法”, “5G+”
QUOTED_NAME_RE = re.compile(r"[“\"‘][^”\"’]{0,3}$")
#: the name's quote closes soon after the figure (not a quoted speech: “距离8%的全年目标还有不小差距,…”)
QUOTE_CLOSE_RE = re.compile(r"[^”\"’,，。;；!！?？]{0,10}[”\"’]")
#: ``另有8个正在改造``: figures beside the result, not the result
BESIDE_RE = re.compile(r"(?:另有|还有|尚有|剩余)\s*$")
#: the year's aim stated after a result in an article (…完成产值1218.6亿元,全年力争突破4000亿元): a target
ANNUAL_AIM_RE = re.compile(r"(?:全年|今年|年度|年内)(?:力争|争取)")
#: a projection, not a result: 将解决50万, 有望突破300亿; nor a year target: 二季度计划再新开工40个
PROJECTION_RE = re.compile(
    r"将|有望|(?<!已)力争|(?<!已)争取|预计到|预计(?:到)?(?:年底|年内|年末)|年底前|到年底|计划(?:于|到)?\s*(?:19|20)\d\d"
    r"|(?:[二三四]季度|下半年|下一步|下阶段)(?:计划|安排)"  # 二季度计划再新开工项目40个: the next quarter's aim, not the year's
)
#: a figure given as the starting point of a change: 从2.8%提至3.6%, 现行16%的税率, 由…
BASELINE_RE = re.compile(r"(?:从|由|现行|原来?的?)\s*$")
#: ``其中`` introduces parts of the figure before it
PARTS_RE = re.compile(r"其中[:：,，]?\s*")
#: a list of indicators sharing figures: 分别 (in turn), 均/都 (one figure for all)
RESPECTIVELY_RE = re.compile(r"分别")
ALL_OF_THEM_RE = re.compile(r"均|都")
#: the things a target was met for, without a figure of their own: 已完成, 已全部完成, 已全部通过市级验收
DONE_AS_STATED_RE = re.compile(
    r"^[,，]?[^,，。;；\d]{0,16}?(?:已全部|均已|已经?)(?:全部)?(?:完成|通过|建成|竣工|完工|落实|发行|下达|到位|拨付|开通|投运|投用|办结)(?![^,，。;；]{0,6}(?:目标|任务))"
)
#: a figure in a list that ends in a target word: 城镇新增就业1100万人以上、城镇登记失业率4.5%以内的目标均…, 9%和10%的年初预期
LIST_TARGET_POST_RE = re.compile(r"[^,，;；。:：\d]{0,8}[、和及与][^,，;；。:：]{0,30}?\d[^,，;；。:：\d]{0,6}的(?:年度|全年|年初|预期|既定)?(?:目标|任务|预期)")
#: a target the text says was met in full: 340万人的年度任务全部完成, 600公里的目标如期实现
TASK_DONE_RE = re.compile(r"[^,，。;；\d]{0,8}?的(?:年度|全年)?(?:目标)?(?:任务|目标)(?:已|全部|如期|全面|顺利|提前|圆满)+(?:完成|实现)")
#: a task's size said as met: 完成160个重点推进村的年度建设任务 (完成 just before the figure, the task after it)
COMPLETES_A_TASK_RE = re.compile(r"(?<!超额)(?<!未)(?<!没有)完成了?\s*$")
TASK_SIZED_RE = re.compile(r"[^,，。;；\d]{0,10}?的(?:年度|全年)[\u4e00-\u9fff]{0,4}?任务(?=[,，。;；!！]|$)")
#: a stated outcome (no figure): 已完成, 完成省下达的任务, 符合年度预期目标, 序时推进
OUTCOME_RE = re.compile(
    r"已完成|未完成[^,，。;；]{0,10}|(?:完成|达到)了?(?:省|市)?(?:下达的?)?(?:时序进度|序时进度)?(?:目标)?任务"
    r"|完成了?(?:年度|全年)目标|符合(?:年度)?预期目标|达到(?:年度)?(?:预期)?目标|(?:达到|未达到?|按)序时进度|序时推进"
    r"|超额完成(?:[^,，。;；\d]{0,8}目标任务)?|进度滞后|未达预期"
)
ESTIMATE_RE = re.compile(r"预计|预估|初步测算|初步统计|预测")
#: relative targets: 与经济增长同步, 高于全国平均水平, 与全省保持一致
IN_STEP_RE = re.compile(
    r"(?:与|和|同)(?P<ref>[^,，。;；与和同]{1,20}?)(?:增长|增速)?(?:基本|大体|保持)?(?:同步|相匹配|相适应|相协调)"
)
ABOVE_RE = re.compile(
    r"(?P<pre>高于|快于|超过|不低于|好于|优于)(?P<region>全国|全省)(?:同期)?(?:平均)?(?:水平|增速|增幅|增长)?"
)
SAME_AS_REGION_RE = re.compile(r"与(?P<region>全国|全省)(?:平均水平)?(?:保持)?一致")
ABOVE_OTHER_RE = re.compile(r"(?P<pre>高于|快于|不低于)(?P<ref>经济增速|经济增长|GDP增速|地区生产总值增速|地区生产总值增长)")
QUALITATIVE_RE = re.compile(r"完成(?:省|市)?(?:政府)?下达的?(?:年度)?(?:目标)?任务|完成年度任务|达到(?:省|国家)?(?:下达)?(?:的)?(?:目标|要求)")
#: the sentence and clause ends of these texts
SENTENCE_END_RE = re.compile(r"[。;；!！?？]")
CLAUSE_END_RE = re.compile(r"[,，。;；!！?？:：]")
FLAT_RE = re.compile(r"(?:同比|比上年|较上年)?(?:基本)?持平")

UP_VERBS = ("同比增长", "增长", "增速", "增幅", "上涨", "涨幅", "提高", "上升", "增加", "提升", "增", "涨", "扩大")
DOWN_VERBS = ("下降", "降低", "减少", "回落", "下滑", "降幅", "压减", "降", "削减", "收窄", "缩小", "减")
_VERB_RE = re.compile("|".join(sorted((*UP_VERBS, *DOWN_VERBS), key=len, reverse=True)))
_TO_LEVEL_RE = re.compile(r"(?:到|至|达|为|是|在)\s*$")


def classify_verb(gap: str) -> str | None:
    """``up``, ``down``, ``to`` (a level reached: 提高到) or None for the words just before a figure."""
    if _TO_LEVEL_RE.search(gap):
        return "to"
    verbs = list(_VERB_RE.finditer(gap))
    if not verbs:
        return None
    return "down" if verbs[-1].group(0) in DOWN_VERBS else "up"


def is_comparison(m: re.Match) -> bool:
    """A COMPARISON_RE match that really compares (a figure, or 高于/低于 before the region)."""
    if m.group("avg") or m.group("gap"):
        return True
    return bool(m.group("pre")) and m.group("pre") not in ("比", "较")
