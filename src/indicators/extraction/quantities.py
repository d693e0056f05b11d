"""Quantities as these reports write them: a number, a range, a unit of any kind, a qualifier.

A quantity is a number with a unit (``6.5%``, ``2500个``, ``288.83万平方米``, ``3350吨/天``); a bare
number is a quantity only where a table header or a scale word (``1000万``) gives it a unit. Every
unit has a *base* (what is counted: 人, 元, 个, 平方米 …), a *scale* (万 = 10⁴) and a *dimension*; two
figures can measure one thing only when their dimensions agree, and they convert into each other when
their bases do. No figure of any report is written here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..trie import alternation

NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"

#: base unit → dimension; bases of one dimension never convert unless listed in BASE_FACTORS
BASE_DIMENSIONS = {
    "%": "percent",
    "‰": "permille",
    "pp": "points",
    "元": "money",
    "美元": "money_usd",
    "元/人": "money_per_person",
    "人": "people",
    "人次": "visits",
    "批次": "batches",
    "平方米": "area",
    "亩": "area",
    "公顷": "area",
    "平方公里": "area",
    "公里": "length",
    "米": "length",
    "斤": "mass",
    "吨": "mass",
    "公斤": "mass",
    "立方米": "volume",
    "千瓦时": "energy",
    "吨标准煤": "energy_coal",
    "千瓦": "power",
    "μg/m³": "concentration",
    "吨/天": "throughput",
    "天": "days",
    "小时": "hours",
    "分钟": "minutes",
    "个月": "months",
    "倍": "times",
    "万": "scaled",  # a bare 万 or 亿: the unit is implied by the indicator
}
#: how many of the dimension's common base one base holds (公里 = 1000 米, 吨 = 2000 斤, 亩 ≈ 666.67 m²)
BASE_FACTORS = {
    "米": 1.0,
    "公里": 1000.0,
    "斤": 1.0,
    "公斤": 2.0,
    "吨": 2000.0,
    "平方米": 1.0,
    "亩": 10000 / 15,
    "公顷": 10000.0,
    "平方公里": 1e6,
}
#: counters of things: each is its own base (个 of 个, 户 of 户) in the dimension "count:<base>"
COUNTERS = (
    "个",
    "家",
    "户",
    "座",
    "套",
    "所",
    "项",
    "件",
    "台",
    "张",
    "条",
    "处",
    "口",
    "批",
    "次",
    "场",
    "辆",
    "艘",
    "架",
    "只",
    "头",
    "头只",  # livestock: 万头只 (heads and heads of sheep counted together)
    "株",
    "棵",
    "本",
    "册",
    "间",
    "栋",
    "幢",
    "宗",
    "例",
    "份",
    "款",
    "部",
    "支",
    "篇",
    "门",
    "根",
    "盏",
    "眼",
    "块",
    "片",
    "单",
    "笔",
    "期",
    "届",
    "趟",
    "列",
    "班",
    "床",
    "张床",
    "剂次",
    "剂",
    "例次",
    "台次",
    "架次",
    "所学校",
    "名",
)
#: spellings → base (the spelling as written is kept for the table; the base decides comparability)
SPELLINGS = {
    "%": "%",
    "‰": "‰",
    "个百分点": "pp",
    "百分点": "pp",
    "元/人": "元/人",
    "元": "元",
    "美元": "美元",
    "人次": "人次",
    "头(只)": "头只",
    "头（只）": "头只",
    "人": "人",
    "名": "人",
    "批次": "批次",
    "平方米": "平方米",
    "平米": "平方米",
    "㎡": "平方米",
    "平方公里": "平方公里",
    "亩": "亩",
    "公顷": "公顷",
    "公里": "公里",
    "千米": "公里",
    "米": "米",
    "斤": "斤",
    "吨/天": "吨/天",
    "吨/日": "吨/天",
    "吨标准煤": "吨标准煤",
    "吨标煤": "吨标准煤",
    "吨": "吨",
    "公斤": "公斤",
    "千克": "公斤",
    "立方米": "立方米",
    "千瓦时": "千瓦时",
    "度": "千瓦时",
    "千瓦": "千瓦",
    "微克/立方米": "μg/m³",
    "μg/m³": "μg/m³",
    "μg/m3": "μg/m³",
    "ug/m³": "μg/m³",
    "ug/m3": "μg/m³",
    "天": "天",
    "小时": "小时",
    "分钟": "分钟",
    "个月": "个月",
    "倍": "倍",
}
SCALES = {"": 1.0, "十": 10.0, "百": 100.0, "千": 1e3, "万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8}
SCALES["万亿"] = 1e12
#: bases written without scale prefixes (万% means nothing)
_UNSCALED = {"%", "‰", "pp", "天", "小时", "分钟", "个月", "倍"}
#: units written as whole words, normalised for the table (元/人 keeps its per-person sense)
_DISPLAY = {"个百分点": "pp", "百分点": "pp", "微克/立方米": "μg/m³", "μg/m3": "μg/m³", "ug/m3": "μg/m³", "ug/m³": "μg/m³", "名": "人", "吨/日": "吨/天"}

QUALIFIER_PREFIXES = (
    ("不低于", "at_least"),
    ("不少于", "at_least"),
    ("至少", "at_least"),
    ("稳定在", "at_least"),
    ("保持在", "at_least"),
    ("超过", "at_least"),
    ("突破", "at_least"),
    ("达到或超过", "at_least"),
    ("逾", "at_least"),
    ("超", "at_least"),
    ("≤", "at_most"),
    ("<", "at_most"),
    ("＜", "at_most"),
    ("≥", "at_least"),
    (">", "at_least"),
    ("＞", "at_least"),
    ("不超过", "at_most"),
    ("不高于", "at_most"),
    ("控制在", "at_most"),
    ("低于", "at_most"),
    ("近", "about"),
    ("约", "about"),
    ("大约", "about"),
)
_PREFIXES = tuple(sorted(QUALIFIER_PREFIXES, key=lambda p: len(p[0]), reverse=True))
QUALIFIER_SUFFIXES = {
    "左右": "about",
    "上下": "about",
    "以上": "at_least",
    "及以上": "at_least",
    "以内": "at_most",
    "以下": "at_most",
    "余": "at_least",
    "多": "at_least",
}
_SUFFIX_RE = re.compile(r"\s*(及以上|左右|上下|以上|以内|以下)")
_COUNT_SUFFIX_RE = re.compile(r"(余|多)(?![出了于])(?=[\u4e00-\u9fff])")  # not 1500公里多出320公里
#: characters that may follow a figure in well-formed text; anything else hints at a dropped comma
FIGURE_FOLLOWERS = set(",，。;；:、)）(（ \t/和与及或的等”》’-—~～至到|") | {"左", "以", "上", "及", "增", "下", "提", "降", "目"}


def _unit_alternatives() -> list[str]:
    words = set(SPELLINGS) | set(COUNTERS)
    out = set(words)
    for word in words:
        if SPELLINGS.get(word, word) in _UNSCALED:
            continue
        for prefix in SCALES:
            if prefix:
                out.add(prefix + word)
    out.update(p for p in SCALES if p)  # bare 万 / 亿
    return sorted(out, key=len, reverse=True)


_UNIT_ALT = alternation(_unit_alternatives())
#: a number (not part of a code such as PM2.5, 5G or B2B), an optional range, an optional unit
QUANTITY_RE = re.compile(
    rf"(?<![\dA-Za-z.＿_×*+])(?P<num>{NUM})(?:\s*(?:%|％)?\s*(?:-|—|–|~|～|至|到)\s*(?P<num2>{NUM}))?"
    rf"(?P<approx>余|多)?\s*(?P<unit>{_UNIT_ALT})?(?(unit)|(?![A-Za-z\d]))"
)


@dataclass(frozen=True)
class Unit:
    """A unit as written (``万平方米``), its base (``平方米``), its scale (10⁴) and its dimension."""

    written: str
    base: str
    scale: float
    dimension: str

    @property
    def display(self) -> str:
        """The unit as the table writes it (个百分点 → pp)."""
        return _DISPLAY.get(self.written, self.written)


#: the unit hint of a table cell whose unit column says there is none (``城乡居民收入比 | — | 1.71以下``): a
#: pure number, comparable only with pure numbers; never matched in running text
PURE_NUMBER = "(无单位)"
_PURE = Unit("", "1", 1.0, "pure_number")


@lru_cache(maxsize=2048)
def parse_unit(written: str | None) -> Unit | None:
    """The Unit of a unit word (``万套`` → base 套, scale 10⁴), or None for no unit."""
    if not written:
        return None
    if written == PURE_NUMBER:
        return _PURE
    for prefix in sorted(SCALES, key=len, reverse=True):
        if not written.startswith(prefix):
            continue
        rest = written[len(prefix) :]
        if not rest and prefix:
            return Unit(written, "万", SCALES[prefix], "scaled")
        base = SPELLINGS.get(rest) or (rest if rest in COUNTERS else None)
        if base is None:
            continue
        if base in ("名",):
            base = "人"
        if prefix and base in _UNSCALED:
            return None
        dimension = BASE_DIMENSIONS.get(base) or f"count:{base}"
        return Unit(written, base, SCALES[prefix], dimension)
    return None


def compatible(a: Unit | None, b: Unit | None) -> bool:
    """Whether two figures can measure the same thing (same dimension; a bare 万 fits any count)."""
    if a is None or b is None:
        return False
    if a.dimension == b.dimension:
        return True
    if "scaled" in (a.dimension, b.dimension):
        other = b if a.dimension == "scaled" else a
        return other.dimension not in ("percent", "points", "times") and other.scale >= 1e4
    return False


def convert(value: float, unit: Unit | None, to: Unit | None) -> float | None:
    """``value`` in ``unit`` expressed in ``to`` (1.52万人 → 15200人); None when they do not convert."""
    if unit is None or to is None:
        return None
    if unit.written == to.written:
        return value
    if unit.dimension != to.dimension or unit.dimension == "scaled":
        return None
    if unit.base == to.base:
        factor = 1.0
    elif unit.base in BASE_FACTORS and to.base in BASE_FACTORS:
        factor = BASE_FACTORS[unit.base] / BASE_FACTORS[to.base]
    else:
        return None
    return round(value * factor * unit.scale / to.scale, 10)


@dataclass
class Quantity:
    """A number with its unit as found in a text (offsets into that text)."""

    start: int
    end: int
    value: float
    high: float | None
    unit: Unit
    qualifier: str | None = None
    damaged: bool = False
    notes: list[str] = field(default_factory=list)
    #: part of a name (``5亿元以上项目``) rather than a figure of its own
    descriptor: bool = False


def _number(text: str) -> float:
    return float(text.replace(",", ""))


#: dimensions after which a CJK character means a dropped comma (``增长15.7%全省``); a count may be
#: followed by its noun (``改造187个老旧小区``)
_PUNCTUATED = {"percent", "permille", "points", "money", "money_usd", "money_per_person", "concentration"}
_DESCRIPTOR_HEAD_RE = re.compile(
    r"(?:及)?(?:以上|以下)?(?:的)?[\u4e00-\u9fff]{0,4}?(?:项目|企业|工程|园区|平台|公司|集团|商户)"
)
_PER_RE = re.compile(r"每(?P<per>[十百千万]?人|户|平方公里|万元GDP|万元)\s*$")
_PEOPLE_NOUN_RE = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:人口|人员|群众|劳动力)")


def find_quantities(text: str, unit_hint: str | None = None) -> list[Quantity]:
    """Every quantity of ``text`` in order. Bare numbers count only with a ``unit_hint`` (a table's %)."""
    out: list[Quantity] = []
    hint = parse_unit(unit_hint) if unit_hint else None
    for m in QUANTITY_RE.finditer(text):
        unit = parse_unit(m.group("unit"))
        shared = False
        if unit is None and hint is None:
            unit, shared = _unit_of_list(text, m.end()), True  # 分别为4.6、1.2、0.4万人: the last one's unit
        if unit is None:
            if hint is None or _looks_like_date(text, m):
                continue
            unit, shared = hint, False
        if unit.dimension == "scaled" and hint is not None and hint.scale == 1 and hint.dimension != "scaled" and hint.base not in _UNSCALED:
            unit = _scaled_hint(unit, hint)  # 1.6万 in a cell whose column counts 人: 1.6万人
        high = _number(m.group("num2")) if m.group("num2") else None
        value = _number(m.group("num"))
        start = m.start()
        if start and text[start - 1] in "-−－" and _MINUS_CONTEXT_RE.search(text, 0, start - 1):
            value, start = -value, start - 1  # a negative figure: -3.6 in a cell, 增长率为-1.86‰
        q = Quantity(start, m.end(), value, high, unit)
        if unit.dimension == "scaled" and _PEOPLE_NOUN_RE.match(text, m.end()):
            q.unit = Unit(unit.written + "人", "人", unit.scale, "people")  # 30万农村人口
        per = _PER_RE.search(text, max(0, m.start() - 8), m.start())
        if per:
            u = q.unit
            q.unit = Unit(f"{u.written}/每{per.group('per')}", f"{u.base}/{per.group('per')}", u.scale,
                          f"{u.dimension}/{per.group('per')}")
        if shared:
            q.notes.append("unit written after the last figure of the list")
        _read_qualifier(text, q, bool(m.group("approx")))
        if unit.dimension in ("money", "money_usd", "scaled") and _DESCRIPTOR_HEAD_RE.match(text, q.end):
            q.descriptor = True
        if not q.descriptor:
            _read_damage(text, q)
        out.append(q)
    return out


def _scaled_hint(scale: Unit, hint: Unit) -> Unit:
    """A bare scale word (万, 亿) on the unit a cell's column gives: 万 on 人 is 万人."""
    return Unit(scale.written + hint.written, hint.base, scale.scale * hint.scale, hint.dimension)


_LIST_GAP_RE = re.compile(r"\s*[、和与及]\s*(?:\d+(?:\.\d+)?\s*[、和与及]\s*)*")


#: what may stand before a minus sign that makes the figure negative (not a range 2.6-2.7, not 1-9月)
_MINUS_CONTEXT_RE = re.compile(r"(?:^[\s|:：]*|(?:为|是|达|至|到|了|增长|增速|增幅|[:：(（,，]))$")


def _unit_of_list(text: str, end: int) -> Unit | None:
    """The unit of the last figure of a list of bare numbers (4.6、1.2、0.4万人) the number at ``end`` opens."""
    gap = _LIST_GAP_RE.match(text, end)
    if not gap or gap.end() == end:
        return None
    last = QUANTITY_RE.match(text, gap.end())
    return parse_unit(last.group("unit")) if last else None


def _looks_like_date(text: str, m: re.Match) -> bool:
    """A bare number that is part of a date or a time (2021年, 5月, 08:33), not a figure of a column."""
    after = text[m.end() : m.end() + 1]
    return after in ("年", "月", "日", "号", "/", ":", "：", "-", ".")


def _read_qualifier(text: str, q: Quantity, approx: bool = False) -> None:
    suffix = _SUFFIX_RE.match(text, q.end)
    if suffix:
        q.qualifier = QUALIFIER_SUFFIXES[suffix.group(1)]
        q.end = suffix.end()
        return
    if q.unit.dimension not in ("percent", "points") and (_COUNT_SUFFIX_RE.match(text, q.end) or approx):
        q.qualifier = "at_least"  # 5000余家, 700余单
        return
    before = text[max(0, q.start - 5) : q.start]
    for word, qualifier in _PREFIXES:
        if before.endswith(word):
            q.qualifier = qualifier
            return


def _read_damage(text: str, q: Quantity) -> None:
    if q.unit.written == "百分点":
        q.damaged = True
        q.notes.append("百分点 without 个")
    nxt = text[q.end : q.end + 1]
    if q.unit.dimension in _PUNCTUATED and nxt and nxt not in FIGURE_FOLLOWERS:
        q.damaged = True
        q.notes.append(f"no punctuation after the figure (followed by {nxt!r})")
