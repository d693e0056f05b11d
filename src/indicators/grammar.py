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
    "人": "人",
}
#: normalised unit → (base unit, how many base units it holds); units of one base convert into each other
UNIT_SCALES = {
    "人": ("人", 1.0),
    "万人": ("人", 1e4),
    "元": ("元", 1.0),
    "万元": ("元", 1e4),
    "亿元": ("元", 1e8),
    "万亿元": ("元", 1e12),
    "万美元": ("美元", 1e4),
    "亿美元": ("美元", 1e8),
    "公里": ("公里", 1.0),
    "万公里": ("公里", 1e4),
    "万斤": ("斤", 1e4),
    "亿斤": ("斤", 1e8),
    "万吨": ("斤", 2e7),
}
#: what a base unit measures; figures of different dimensions never measure one indicator
_DIMENSIONS = {"人": "people", "元": "money", "美元": "money", "公里": "length", "斤": "mass"}
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
    "前两个季度": "H1",
    "一至三季度": "Q1-Q3",
}
#: cumulative month spans that have a quarter or half-year name
_MONTH_SPANS = {3: "Q1", 6: "H1", 9: "Q1-Q3"}
_SUB_ALT = "|".join(sorted(SUB_PERIODS, key=len, reverse=True))
_MONTHS = r"1\s*[-—~～至]\s*(?P<m_to>\d{1,2})\s*月份?"
PERIOD_RE = re.compile(
    rf"(?<![\d.])(?P<year>(?:19|20)\d\d)(?P<nian>年度|年)?\s*"
    rf"(?:(?P<sub>{_SUB_ALT})|{_MONTHS}|(?P<month>\d{{1,2}})\s*月份?(?P<mend>末|底)?|(?P<full>全年|年末|年底|底|末))?"
    rf"(?![\d.%年])(?!\s*(?:{_UNIT_ALT}))"
)
SUB_PERIOD_RE = re.compile(
    rf"(?P<sub>{_SUB_ALT})|(?<![\d.]){_MONTHS}|(?<![\d.年])(?P<month>\d{{1,2}})\s*月份?(?P<mend>末|底)"
)

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
#: prefixes tried longest first, so that 不超过 is not read as 超过
_PREFIXES = tuple(sorted(PREFIX_QUALIFIERS, key=lambda p: len(p[0]), reverse=True))
SUFFIX_QUALIFIERS = (
    ("左右", "about"),
    ("上下", "about"),
    ("以上", "at_least"),
    ("以内", "at_most"),
    ("以下", "at_most"),
)
_SUFFIX_RE = re.compile(r"\s*(左右|上下|以上|以内|以下)")
#: characters that may follow a figure in well-formed text; anything else hints at a dropped comma
_FIGURE_FOLLOWERS = set(",，。;；:、)）(（ \t/和与及或的等”》-—~～至到") | {"左", "以"}

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
IN_STEP_RE = re.compile(
    r"(?:与|和|同)(?P<ref>[^,，。;；与和同]{1,20}?)(?:基本|大体|保持)?(?:同步|相匹配|相适应|相协调)"
)
ABOVE_RE = re.compile(r"(?P<pre>高于|快于|超过|不低于)(?P<region>全国|全省)(?:平均)?(?:水平|增速|增幅)?")
SENTENCE_END_RE = re.compile(r"[。;；!！?？]")


# Traditional characters of these reports' indicator phrases, labels and units (增長, 國內生產總值,
# 規模以上工業增加值, 進展情況, 億元, 個百分點 ...) with their simplified forms. One character for one,
# so offsets and line numbers do not move. Only characters that are never simplified forms are listed.
_TRADITIONAL_PAIRS = (
    "長长國国內内產产總总區区規规業业億亿萬万額额費费進进價价資资財财稅税預预計计實实現现際际標标務务達达"
    "單单經经濟济發发會会農农鎮镇準准質质環环氣气優优數数從从職职勞劳動动個个點点較较減减於于與与縣县報报"
    "況况責责協协導导調调糧粮兩两網网聯联關关續续維维護护約约餘余確确緊紧嚴严節节設设構构醫医療疗學学術术"
    "擴扩為为這这們们對对應应統统權权蕪芜貧贫脫脱車车鐵铁運运輸输補补貼贴廢废處处驗验檢检測测監监銀银險险"
    "證证號号適适體体壓压縮缩戶户時时間间開开來来頭头條条線线綠绿態态據据顯显劃划備备歷历響响機机辦办廳厅"
    "廣广東东門门臺台傳传頂顶項项類类積积極极創创試试強强飲饮級级細细顆颗濃浓採采購购銷销貿贸營营礎础鄉乡"
    "稱称紀纪貸贷結结勢势穩稳張张帶带圍围貫贯徹彻揮挥爭争習习歲岁幣币匯汇漲涨絕绝陸陆綜综雙双島岛灣湾黨党"
    "員员組组織织團团層层屬属無无給给審审議议論论認认識识讓让說说請请讀读該该談谈講讲變变貨货賽赛軍军載载"
    "輛辆輕轻轉转邊边選选還还遠远郵邮鋼钢錄录錢钱錯错閉闭問问隊队階阶隨随難难電电頁页順顺領领頻频題题願愿"
    "顧顾風风養养館馆馬马駐驻麥麦黃黄齊齐齡龄龍龙後后裡里週周僅仅並并係系幾几亞亚製制範范築筑復复複复徵征"
    "佔占負负擔担繳缴愛爱莊庄畝亩噸吨裝装罰罚氫氢廠厂礦矿藥药衛卫陳陈園园場场塊块壞坏夠够奪夺婦妇媽妈寧宁"
    "將将專专尋寻屆届嶺岭幫帮庫库廬庐彈弹徑径憑凭懷怀戰战擊击擇择擬拟攜携敵敌斷断晉晋書书樣样樹树橋桥檔档"
    "歐欧殘残殺杀毀毁溫温滿满滬沪滯滞漁渔潛潜濕湿災灾熱热燈灯爾尔獎奖獲获畫画畢毕盡尽礙碍禮礼禍祸種种窮穷"
    "競竞筆笔簡简籌筹紅红紙纸純纯終终絡络絲丝綱纲緒绪編编緩缓練练績绩繼继罷罢義义聖圣聞闻聲声聽听膚肤興兴"
    "舊旧艱艰藝艺蘇苏蟲虫襲袭親亲覺觉觀观訂订訊讯討讨訓训記记訪访評评詞词詳详誌志語语誠诚課课諾诺謝谢豐丰"
    "貝贝貢贡販贩賈贾賓宾賬账賴赖贊赞趕赶趨趋躍跃軌轨軟软輔辅轄辖辭辞連连遊游過过違违遲迟遷迁遺遗邁迈鄭郑"
    "釋释針针鈞钧鍵键鏈链鐘钟鑒鉴閃闪閒闲閩闽闊阔陝陕陣阵陰阴雖虽雜杂雞鸡離离雲云靜静頒颁頓顿頗颇顏颜飛飞"
    "飯饭飽饱饑饥驅驱驚惊髮发鬆松魯鲁鮮鲜鳥鸟鹽盐麗丽牽牵佈布獨独衝冲臨临蘭兰錦锦彙汇"
    "決决堅坚當当隱隐歸归劇剧遞递閱阅鎖锁兒儿淨净凈净則则剛刚勵励參参啟启圖图圓圆壯壮夢梦奮奋寬宽幹干彎弯懸悬"
    "戲戏擁拥攝摄敗败暫暂棄弃歡欢沒没淺浅湧涌溝沟滅灭漢汉潔洁瀏浏爐炉牆墙狀状猶犹獻献異异盤盘眾众簽签紡纺縱纵"
    "肅肃腦脑艙舱蘊蕴虧亏觸触託托訴诉詢询誤误諮咨謀谋賀贺賦赋賠赔贏赢跡迹踐践軸轴輝辉遼辽鄰邻鑄铸隸隶須须鬧闹"
    "齒齿"
    "「“」”『‘』’"
)
TRADITIONAL = str.maketrans(_TRADITIONAL_PAIRS[0::2], _TRADITIONAL_PAIRS[1::2])
_TRADITIONAL_RE = re.compile(f"[{re.escape(_TRADITIONAL_PAIRS[0::2])}]")


def to_simplified(text: str) -> str:
    """Fold the traditional characters of :data:`TRADITIONAL` to simplified ones (same length, same lines)."""
    return text.translate(TRADITIONAL) if _TRADITIONAL_RE.search(text) else text


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
        for word, qualifier in _PREFIXES:
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


def period_label(
    year: int, sub: str | None, month_to: str | None, month: str | None = None, month_end: bool = False
) -> tuple[str, bool]:
    """Normalised period label and whether it covers only part of the year.

    ``1-3月`` and ``3月底`` (cumulative to the end of March) are the first quarter: ``Q1``; likewise
    ``H1`` and ``Q1-Q3``; other cumulative spans are ``M01-Mnn``; a month alone is ``Mnn``.
    """
    if sub:
        return f"{year}{SUB_PERIODS[sub]}", True
    if month and month_end:
        month_to, month = month, None
    if month and int(month) < 12:
        return f"{year}M{int(month):02d}", True
    if month_to:
        last = int(month_to)
        if last >= 12:
            return str(year), False
        return f"{year}{_MONTH_SPANS.get(last, f'M01-M{last:02d}')}", True
    return str(year), False


_PERIOD_CODE_RE = re.compile(r"^(?:Q(?P<q1>[1-4])(?:-Q(?P<q2>[1-4]))?|H(?P<h>[12])|M(?P<m1>\d\d)(?:-M(?P<m2>\d\d))?)$")


def period_months(label: str) -> int | None:
    """Months a period label covers: ``2025Q1`` → 3, ``2025Q1-Q3`` → 9, ``2025M01-M11`` → 11, ``2025`` → 12.

    None for a label that is not a period.
    """
    label = str(label or "")
    if re.fullmatch(r"(?:19|20)\d\d", label):
        return 12
    m = _PERIOD_CODE_RE.match(label[4:]) if re.match(r"(?:19|20)\d\d", label) else None
    if not m:
        return None
    if m.group("q1"):
        return 3 * (int(m.group("q2") or m.group("q1")) - int(m.group("q1")) + 1)
    if m.group("h"):
        return 6
    if m.group("m2"):
        return int(m.group("m2")) - int(m.group("m1")) + 1
    return 1


_REPORT_PERIOD_RE = re.compile(
    rf"(?P<sub>{_SUB_ALT})|(?<![\d.]){_MONTHS}|(?<![\d.])(?P<month>\d{{1,2}})\s*月份?(?P<mend>末|底)"
)


#: a report "of the third quarter" tells the progress up to its end
_REPORT_QUARTERS = {"Q1": "Q1", "Q2": "H1", "Q3": "Q1-Q3", "Q4": None}


def period_code(text: str) -> str | None:
    """The part of the year a title or heading speaks of: ``Q1``, ``H1``, ``Q1-Q3``, ``M01-M11``.

    A quarter names the progress up to its end (三季度 → ``Q1-Q3``, 四季度 → the whole year). None when
    the text names no part of the year (an annual report) or the whole of it (``1-12月``).
    """
    m = _REPORT_PERIOD_RE.search(text)
    if not m:
        return None
    label, partial = period_label(2000, m.group("sub"), m.group("m_to"), m.group("month"), bool(m.group("mend")))
    code = label[4:] if partial else None
    return _REPORT_QUARTERS.get(code, code) if code else None


def convert_unit(value: float, unit: str | None, to: str | None) -> float | None:
    """``value`` in ``unit`` expressed in ``to`` (1.5 万人 → 15000 人); None when they do not convert."""
    if unit == to:
        return value
    a, b = UNIT_SCALES.get(unit or ""), UNIT_SCALES.get(to or "")
    if not a or not b or a[0] != b[0]:
        return None
    return round(value * a[1] / b[1], 10)


def units_compatible(unit: str | None, other: str | None) -> bool:
    """False only when both units are known to measure different things (亿元 and 万人)."""
    a, b = UNIT_SCALES.get(unit or ""), UNIT_SCALES.get(other or "")
    if unit == other or not a or not b:
        return True
    return _DIMENSIONS[a[0]] == _DIMENSIONS[b[0]]


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
