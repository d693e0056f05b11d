"""The small grammar of target and progress sentences: figures, units, periods, verbs and comparisons.

Everything here is about how these reports *write* numbers; no figure of any report is written here.
Damaged text (dropped characters from web scraping) is read where the reading is unambiguous and
reported through flags where it is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NUM = r"\d+(?:\.\d+)?"

#: unit as written → normalised unit (longest spellings first when compiled)
UNITS = {
    "个百分点": "pp",
    "百分点": "pp",
    "%": "%",
    "万亿元": "万亿元",
    "亿美元": "亿美元",
    "万美元": "万美元",
    "亿元": "亿元",
    "万元/人": "万元/人",
    "元/人": "元",
    "万元": "万元",
    "元": "元",
    "万人": "万人",
    "亿斤": "亿斤",
    "万斤": "万斤",
    "万吨": "万吨",
    "微克/立方米": "μg/m³",
    "μg/m³": "μg/m³",
    "μg/m3": "μg/m³",
    "万公里": "万公里",
    "公里": "公里",
}
#: units that are counted things we do not analyse; consumed so that their numbers are not misread
OTHER_UNITS = (
    "人次",
    "万人次",
    "个",
    "家",
    "项",
    "件",
    "户",
    "名",
    "台",
    "所",
    "张",
    "座",
    "套",
    "次",
    "批",
    "亩",
    "万亩",
    "吨",
    "平方米",
    "万平方米",
    "米",
    "天",
    "月份",
    "月",
    "日",
    "号",
    "期",
    "场",
    "位",
    "单",
    "条",
    "种",
    "类",
    "处",
    "万",
    "人",
    "亿",
)
_UNIT_ALT = "|".join(re.escape(u) for u in sorted([*UNITS, *OTHER_UNITS], key=len, reverse=True))

FIGURE_RE = re.compile(rf"(?P<num>{NUM})(?:\s*%?\s*(?:-|—|~|～|至)\s*(?P<num2>{NUM}))?\s*(?P<unit>{_UNIT_ALT})?")

SUB_PERIODS = {
    "前三季度": "Q1-Q3",
    "上半年": "H1",
    "下半年": "H2",
    "一季度": "Q1",
    "第一季度": "Q1",
    "二季度": "Q2",
    "第二季度": "Q2",
    "三季度": "Q3",
    "第三季度": "Q3",
    "四季度": "Q4",
    "第四季度": "Q4",
    "前两季度": "H1",
}
_SUB_ALT = "|".join(sorted(SUB_PERIODS, key=len, reverse=True))
_MONTHS = r"1\s*[-—~～至]\s*(?P<m_to>\d{1,2})\s*月份?"
PERIOD_RE = re.compile(
    rf"(?<![\d.])(?P<year>(?:19|20)\d\d)(?P<nian>年度|年)?\s*"
    rf"(?:(?P<sub>{_SUB_ALT})|{_MONTHS}|(?P<month>\d{{1,2}})\s*月份?(?:末|底)?|(?P<full>全年|年末|年底|底|末))?"
    rf"(?![\d.%年])(?!\s*(?:{_UNIT_ALT}))"
)
SUB_PERIOD_RE = re.compile(rf"(?P<sub>{_SUB_ALT})|(?<![\d.]){_MONTHS}")

UP_VERBS = ("同比增长", "增长", "增速", "增幅", "上涨", "涨幅", "提高", "上升", "增加", "提升", "增", "涨")
DOWN_VERBS = ("下降", "降低", "减少", "回落", "下滑", "降幅", "压减", "降")
_VERB_RE = re.compile("|".join(sorted((*UP_VERBS, *DOWN_VERBS), key=len, reverse=True)))
_TO_LEVEL_RE = re.compile(r"(?:到|至)\s*$")

PREFIX_QUALIFIERS = (
    ("不低于", "at_least"),
    ("不少于", "at_least"),
    ("至少", "at_least"),
    ("稳定在", "at_least"),
    ("保持在", "at_least"),
    ("超过", "at_least"),
    ("逾", "at_least"),
    ("超", "at_least"),
    ("不超过", "at_most"),
    ("不高于", "at_most"),
    ("控制在", "at_most"),
    ("低于", "at_most"),
    ("近", "about"),
    ("约", "about"),
)
SUFFIX_QUALIFIERS = (("左右", "about"), ("以上", "at_least"), ("以内", "at_most"), ("以下", "at_most"))
_SUFFIX_RE = re.compile(r"\s*(左右|以上|以内|以下)")
#: characters that may follow a figure in well-formed text; anything else hints at a dropped comma
_FIGURE_FOLLOWERS = set(",，。;；:、)）(（ \t/和与及或的-—~～至到") | {"左", "以"}

# Comparisons with the province or the nation, e.g. 高于全省平均增幅(8.8%)0.2个百分点, 比全省高7.4个百分点,
# 全省6.3百分点 (damaged), 进出口增速高于全国平均水平 (a claim without figures).
COMPARISON_RE = re.compile(
    r"(?P<pre>高于|低于|超过|超出|快于|慢于|比|较)?\s*(?P<region>全省|全国)"
    r"(?P<what>(?:平均|水平|增幅|增速|平均值|同期)*)\s*"
    r"(?P<open>[(（])?\s*(?:(?P<avg>" + NUM + r")\s*%)?\s*(?P<close>[)）])?\s*"
    r"(?P<dir>高出|高|低|快|慢|多|少)?\s*"
    r"(?:(?P<gap>" + NUM + r")\s*(?P<gap_unit>个百分点|百分点))?"
)
COMPLETION_RE = re.compile(
    r"(?:完成|达到)(?:了)?(?:全年|年度)?(?:目标任务|目标|任务|计划)的?\s*(?P<pct>" + NUM + r")\s*%"
    r"|(?:完成率|达成率)(?:为|达到?)?\s*(?P<pct2>" + NUM + r")\s*%"
    r"|占(?:全年|年度)?计划的\s*(?P<pct3>" + NUM + r")\s*%"
)
TARGET_GAP_RE = re.compile(
    r"(?P<dir>超过|超出|超|高出|低于|差)(?:全年|年度)?(?:目标任务|目标|计划)\s*(?P<num>" + NUM + r")\s*"
    r"(?P<unit>" + _UNIT_ALT + r")?"
)
TARGET_DEF_RE = re.compile(
    r"(?P<verb>降低|下降|增长|提高|压减|减少)?(?:目标|任务)(?:任务)?(?:为|是|值为)\s*(?P<num>" + NUM + r")\s*"
    r"(?P<unit>" + _UNIT_ALT + r")"
)
OUTCOME_RE = re.compile(
    r"已完成|未完成[^,，。;；]{0,10}|(?:完成|达到)(?:了)?(?:省|市)?(?:下达的?)?(?:时序进度)?(?:目标)?任务"
    r"|完成(?:了)?(?:年度|全年)目标|符合(?:年度)?预期目标|达到(?:年度)?(?:预期)?目标"
)
ESTIMATE_RE = re.compile(r"预计|预估|初步测算|预测")
IN_STEP_RE = re.compile(r"与(?P<ref>[^,，。;；]{1,20}?)(?:基本|大体)?(?:同步|相匹配|相适应|相协调)")
ABOVE_RE = re.compile(r"(?P<pre>高于|快于|超过|不低于)(?P<region>全国|全省)(?:平均)?(?:水平|增速|增幅)?")
SENTENCE_END_RE = re.compile(r"[。;；!！?？]")


@dataclass
class Figure:
    """A number with its unit as found in a sentence."""

    start: int
    end: int
    value: float
    value_high: float | None
    unit: str | None  # normalised, None for units we do not analyse
    raw_unit: str | None
    qualifier: str | None = None
    damaged: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass
class Period:
    start: int
    end: int
    label: str
    partial: bool
    year: int | None
    damaged: bool


def parse_figure(match: re.Match, text: str) -> Figure:
    """Turn a FIGURE_RE match into a Figure, reading qualifiers and signs of damage around it."""
    raw_unit = match.group("unit")
    unit = UNITS.get(raw_unit) if raw_unit else None
    num2 = match.group("num2")
    fig = Figure(
        start=match.start(),
        end=match.end(),
        value=float(match.group("num")),
        value_high=float(num2) if num2 else None,
        unit=unit,
        raw_unit=raw_unit,
    )
    suffix = _SUFFIX_RE.match(text, match.end())
    if suffix:
        fig.qualifier = dict(SUFFIX_QUALIFIERS)[suffix.group(1)]
        fig.end = suffix.end()
    else:
        before = text[max(0, match.start() - 4) : match.start()]
        for word, qualifier in PREFIX_QUALIFIERS:
            if before.endswith(word):
                fig.qualifier = qualifier
                break
    if raw_unit == "百分点":
        fig.damaged = True
        fig.notes.append("百分点 without 个")
    nxt = text[fig.end : fig.end + 1]
    if unit and nxt and nxt not in _FIGURE_FOLLOWERS:
        fig.damaged = True
        fig.notes.append(f"no punctuation after the figure (followed by {nxt!r})")
    return fig


def period_label(year: int, sub: str | None, month_to: str | None, month: str | None = None) -> tuple[str, bool]:
    """Normalised period label and whether it covers only part of the year."""
    if sub:
        code = SUB_PERIODS[sub]
        return f"{year}{code}", True
    if month and int(month) < 12:
        return f"{year}M{int(month):02d}", True
    if month_to:
        month = int(month_to)
        if month >= 12:
            return str(year), False
        return f"{year}M01-M{month:02d}", True
    return str(year), False


def classify_verb(gap: str) -> str | None:
    """``up``, ``down``, ``to`` (a level reached: 提高到) or None for the verb nearest a figure."""
    if _TO_LEVEL_RE.search(gap):
        return "to"
    verbs = list(_VERB_RE.finditer(gap))
    if not verbs:
        return None
    return "down" if verbs[-1].group(0) in DOWN_VERBS else "up"


def sentence_start(text: str, pos: int) -> int:
    """Start of the sentence holding ``pos``."""
    ends = [m.end() for m in SENTENCE_END_RE.finditer(text, 0, pos)]
    return ends[-1] if ends else 0
