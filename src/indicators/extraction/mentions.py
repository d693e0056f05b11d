"""Every quantity of a task block, with its role, verb, subject, period and the words around it.

A *mention* is one figure as the text gives it: ``2500个`` in ``力争新建5G基站2500个`` is a target of
subject ``新建5G基站``; ``873个`` in ``今年上半年建设5G基站873个`` an actual of ``建设5G基站``; ``35%``
in ``完成年度计划35%`` a stated completion. Roles come from where the text is (a target cell, a
progress paragraph) and from cue words (cues.py); subjects from the words around the figure.
Figures are kept whatever their unit; the alignment step decides which of them make the table.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .. import periods as g
from ..catalogue import Catalogue
from . import cues as c
from . import mention_groups as grouping
from .mention_types import STOP_RE, VERB_ONLY_RE, Claim, Mention, Reading, is_verb_only
from .model import MIXED, PROGRESS, TARGET, Block, Span
from .quantities import Quantity, Unit, find_quantities, parse_unit

_FILLER_HEAD_RE = re.compile(
    r"^(?:[,，、;；:：。\s“”\"(（)）]|分别|目标(?:是|为)|[一二三四五六七八九十]{1,3}[、.]|[一二三四五六七八九十]{1,3}是|\d{1,2}[、.](?!\d)|的|超额|力争|确保|争取|计划|年初(?:确定|提出|制定)?的?|远?(?:高于|低于|优于|好于|快于|慢于)|全市|我市|全县|我县|全区|我区|本市|市本级|今年以来|今年|去年|当年|年内|全年|截至目前|截至|截止|"
    r"目前|其中|共计|共|累计|已经|现已|已|实际上(?=[,，])|实际(?![使利]用|到位|[,，;；。])|均|实现|完成了?|预计|初步统计|据统计|根据[^,，]{0,20}?数据|"
    r"按(?:可比|不变)价格计算|按[^,，;；]{0,6}?口径(?:计算)?|(?:省|市|县|区|上级)?下达的?(?:年度)?(?:目标)?任务(?:为|是)|(?:省|市|县|区|上级)下达的?|(?:年度|全年)?(?:目标|任务)(?:为|是)|另外|另有|同时|此外|全面|合计|总计|达到|以上|上述|(?:以及|和|及|与)(?=$))+"
)
_FILLER_TAIL_RE = re.compile(
    r"(?:[,，、\s“”\"]|同比|比上年同期|比上年|较上年同期|较上年|比去年|较去年|同期|上年|预计|分别|平均|均|都|再|可比|"
    r"增长|增加|提高|提升|下降|降低|减少|上涨|上升|回落|增速|增幅|涨幅|降幅|压减|削减|收窄|控制在|稳定在|保持在|"
    r"不低于|不少于|不超过|不高于|至少|超过|突破|逾|超|近|约|为|达到|达|至|到|是|在|了|的|共|累计|目标|任务|要求|预期|计划|年度|全年|"
    r"[降提升减增](?=[至到])|[降提升减增]$)+$"
)
_GENERIC_RE = re.compile(
    r"^(?:总量|总数|规模|总额|总计|合计|数量|人数|个数|比重|占比|增速|增幅|速度|水平|同比|全年|当月|余额)?$"
    r"|^(?:与|和|同|比|较|而|但|对比)?(?:年初|今年|去年|全年|年度|当年)?(?:的|确定的|提出的|承诺的?)?$"  # 与年初8%的预期相比
)
_POST_NOUN_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9“”‘’\"()（）、]{1,16}")
_POST_STOP_RE = re.compile(
    r"(?:的|已|现已|正在|均|目标|任务|以上|左右|以内|,|，|。|;|；|和|及|、|其中|并|共|累计|涉及)"
)
_MAX_SUBJECT = 24
_CJK_OR_PLUS_RE = re.compile(r"[\u4e00-\u9fff+]")
_TARGET_IS_RE = re.compile(r"(?:目标|任务)(?:值)?(?:为|是)\s*$")
_TARGET_WORDS_END_RE = re.compile(r"(?:的?(?:年度|全年|年初|预期)*(?:目标|任务)(?:值)?(?:为|是)?\s*[(（]?)$")
_QUOTES_RE = re.compile(r"[“”\"‘’]")
_QUALIFIER_END_RE = re.compile(r"(?:不低于|不少于|不超过|不高于|至少|超过|突破|逾|超|近|约)\s*$")


def read_block(block: Block, catalogue: Catalogue, report_year: int | None) -> Reading:
    """All mentions and claims of ``block``, span by span."""
    mentions: list[Mention] = []
    claims: list[Claim] = []
    for k, span in enumerate(block.spans):
        found, said = _read_span(k, span, catalogue, report_year)
        mentions.extend(found)
        claims.extend(said)
    grouping.groups_across_spans(mentions, catalogue)
    mixed = [m for m in mentions if block.spans[m.span].kind == MIXED]
    if mixed:
        grouping.resolve_mixed_roles(mixed, block)
        others = [m for m in mentions if block.spans[m.span].kind != MIXED]
        mentions = sorted(others + mixed, key=lambda m: (m.span, m.start, m.role != "target"))
    return Reading(block, mentions, claims, catalogue)


def paragraph_roles(text: str, cued_only: bool = False) -> set[str]:
    """The roles cue words give the figures of a paragraph of free text (target, actual …), without the
    catalogue: what an article reader needs to tell a paragraph of targets from one of results. With
    ``cued_only``, only a figure a strong cue word speaks for (现已, 实际, 截至…) counts as an actual."""
    span = Span(0, 0, text, MIXED)
    bounds = _Bounds(text)
    cues = _Cues(text)
    phrases = _phrases(text)
    roles = set()
    for q in find_quantities(text):
        role = _special_role(q, phrases, text)
        if role is None:
            starts = bounds.full_stop_start(q.start), bounds.sentence_start(q.start), bounds.clause_start(q.start)
            role, cue = _cued_role(span, text, q, *starts, cues)
            if cued_only and cue != "strong":
                continue
        roles.add(role)
    return roles


# --- one span ------------------------------------------------------------------------------------


class _Bounds:
    """Where the clauses and sentences of a text end (looked up by position in log time)."""

    def __init__(self, text: str) -> None:
        self.sentences = [m.end() for m in c.SENTENCE_END_RE.finditer(text)]
        self.clauses = [m.end() for m in c.CLAUSE_END_RE.finditer(text)]
        self.stops = [m.end() for m in STOP_RE.finditer(text)]
        self.parts = [m.start() for m in c.PARTS_RE.finditer(text)]

    def clause_start(self, pos: int) -> int:
        i = bisect_right(self.clauses, pos)
        return self.clauses[i - 1] if i else 0

    def sentence_start(self, pos: int) -> int:
        i = bisect_right(self.sentences, pos)
        return self.sentences[i - 1] if i else 0

    def full_stop_start(self, pos: int) -> int:
        """Start of the sentence ended by 。 (a 报告提出 reaches over ;-separated clauses)."""
        i = bisect_right(self.stops, pos)
        return self.stops[i - 1] if i else 0


_DIGIT_RE = re.compile(r"\d")
#: a verb written after the figure: 实现10%以上增长
_VERB_AFTER_RE = re.compile(r"\s*(?:的)?(增长|下降|提高|降低|减少|增加)")
_CLAIM_WORDS_RE = re.compile(
    r"全省|全国|完成|序时|目标|同步|一致|相匹配|相适应|相协调|高于|快于|滞后|未达|符合|达到|第"
)


def _read_span(k: int, span: Span, catalogue: Catalogue, report_year: int | None):
    text = span.text
    if not _DIGIT_RE.search(text) and "持平" not in text:
        claims = grouping.claims(k, span, _PhraseIndex([])) if (span.kind == TARGET or _CLAIM_WORDS_RE.search(text)) else []
        return [], claims
    quantities = find_quantities(text, span.unit) + _flat(text, span) + _rank_cell(text, span)
    quantities.sort(key=lambda q: q.start)
    phrases = _phrases(text)
    claims = grouping.claims(k, span, phrases) if (span.kind == TARGET or _CLAIM_WORDS_RE.search(text)) else []
    periods = _periods(text, report_year)
    bounds = _Bounds(text)
    cues = _Cues(text)
    sentence_ends, clause_ends = bounds.sentences, bounds.clauses
    out: list[Mention] = []
    previous: Mention | None = None
    last: Mention | None = None
    for q in quantities:
        sentence = _index(sentence_ends, q.start)
        clause = _index(clause_ends, q.start)
        sent_start = sentence_ends[sentence - 1] if sentence else 0
        m = Mention(
            k,
            span.line,
            q.start,
            q.end,
            text[q.start : q.end],
            q.value,
            q.high,
            q.unit,
            q.qualifier,
            role="actual",
            damaged=q.damaged or span.damaged,
            sentence=sentence,
            clause=clause,
        )
        if q.damaged or span.damaged:
            m.data["damage"] = "; ".join(q.notes) or "a table cell that lost its separator"
        m.role = _special_role(q, phrases, text) or ""
        if q.descriptor:
            m.role = "descriptor"
        if not m.role:
            m.role, cue = _cued_role(
                span, text, q, bounds.full_stop_start(q.start), sent_start, bounds.clause_start(q.start), cues
            )
            m.cued = bool(cue)
            if cue:
                m.data["cue"] = cue
        if m.role == "actual" and _in_parts(text, q, bounds, out):
            m.role = "part"  # (其中 before a target introduces a target of its own: 其中工业投资增长12%以上)
        elif m.role == "target" and _in_parts(text, q, bounds, out):
            m.data["part"] = True  # …120所,其中幼儿园80所: answered by the result's own 其中
        same_clause_prev = previous if previous is not None and previous.clause == clause else None
        _read_subject(m, text, q, same_clause_prev, previous, span, catalogue, bounds)
        if _is_change_of(m, previous):
            m.data["change"] = True  # 粮食总产138.5亿斤,比上年增产7.2亿斤: the change, not the level
        m.period = _period_bracketed(periods, text, q.end) or _period_before(periods, q.start, sent_start) or (
            _header_period(span.period, report_year) if span.period else None
        )
        if cues.any("estimate", sent_start, q.start) or (span.period and "预计" in span.period):
            m.estimated = True
        if span.role and m.role in ("actual", "target") and not m.cued:
            m.role = span.role
            if m.role.endswith("_gap"):  # a table's 比全省(±百分点) cell: the figure carries its own sign
                m.data.setdefault("sign", 1.0)
        if m.verb is None:
            after = _VERB_AFTER_RE.match(text, q.end)
            m.verb = c.classify_verb(after.group(1)) if after else span.verb
        if q.notes and q.notes[-1].startswith("written as 持平"):
            m.verb, m.data["flat"] = m.verb or "up", True
        if m.qualifier is None and span.qualifier:
            m.qualifier = span.qualifier
        if m.role == "target" and span.kind == PROGRESS:
            m.data["in_progress"] = True
        counted = last is not None and last.role == "group_count" and last.clause == clause
        if m.role == "target" and counted and c.ALL_OF_THEM_RE.search(text, last.end, q.start):
            m.data["distributive"] = int(last.value)  # 4个结构性指标均实现10%以上增长
        m.data["before"] = text[max(0, q.start - 6) : q.start]
        glued = last is not None and last.end == q.start and last.unit.dimension == "percent"
        if m.unit.dimension == "points" and glued and m.role in ("actual", "target"):
            m.role = "other_comparison"  # 增长18.8%0.8个百分点: a gap whose comparison words were lost
        _phrase_data(m, q, phrases)
        out.append(m)
        last = m
        if m.role in ("actual", "target", "part", "baseline", "projection") and not m.data.get("change"):
            previous = m  # the figures a later one may take its indicator from
    grouping.groups(out, text, catalogue)
    grouping.one_target_for_the_results_before(out, text)
    grouping.plans_in_brackets(out, text, catalogue)
    grouping.totals(out, catalogue)
    grouping.adjacent_counts(out, text)
    grouping.gaps_that_are_targets(out)
    if span.kind == PROGRESS:
        grouping.figure_first_plans(out, text)
    return out, claims


#: a level given as its change from the year before: 比上年增产7.2亿斤, 较上年增加1.6万亿元
_CHANGE_RE = re.compile(r"^(?:比|较|同比)(?:上年|去年)?(?:同期)?(?:增产|减产|增加|减少|多|少|增长|下降|提高|降低|净增)")


def _is_change_of(m: Mention, previous: Mention | None) -> bool:
    """Whether a level right after a level of the same unit, in the same sentence, is its change."""
    return (
        m.role == "actual" and m.is_level and previous is not None and previous.sentence == m.sentence
        and previous.unit.base == m.unit.base and bool(_CHANGE_RE.match(m.data.get("clause", "")))
    )


_UP_PRE = {"高于", "超过", "超出", "高出", "快于", "好于", "优于"}
_DOWN_PRE = {"低于", "慢于"}


def _phrase_data(m: Mention, q: Quantity, phrases: _PhraseIndex) -> None:
    """Direction and damage of a comparison or a gap to target, from the phrase around the figure."""
    for _start, _end, kind, match in phrases.covering(q.start):
        if kind == "comparison" and m.role.endswith(("_avg", "_gap")):
            pre, direction = match.group("pre"), match.group("dir")
            if pre in _DOWN_PRE or direction in ("低", "慢", "少"):
                m.data["sign"] = -1.0
            elif pre in _UP_PRE or direction in ("高出", "高", "快", "多"):
                m.data["sign"] = 1.0
            unclosed = match.group("open") and not match.group("close")
            both_unclosed = match.group("avg") and match.group("gap") and not match.group("close")
            if unclosed or both_unclosed:
                m.data["unclosed"] = True
        elif kind == "target_gap" and m.role == "target_gap":
            m.data["dir"], m.data["dir2"] = match.group("dir"), match.group("dir2") or match.group("dir3")


_FLAT_RE = re.compile(r"(?:同比|比上年|较上年|与上年)(?:基本)?持平(?![(（]?\d)")
_FLAT_CELL_RE = re.compile(r"^(?:同比|比上年|较上年)?(?:基本)?持平$")


def _flat(text: str, span: Span) -> list[Quantity]:
    """``同比持平`` is a growth of 0% (a plan table's cell, or a sentence): a figure written in words."""
    pattern = _FLAT_CELL_RE if span.unit == "%" else _FLAT_RE
    found = []
    for m in pattern.finditer(text.strip() if pattern is _FLAT_CELL_RE else text):
        q = Quantity(m.start(), m.end(), 0.0, None, parse_unit("%"))
        q.notes.append("written as 持平 (flat)")
        found.append(q)
    return found


_RANK_CELL_RE = re.compile(r"^\s*(?:第)?(\d{1,3})(?:位|名)?\s*$")


def _rank_cell(text: str, span: Span) -> list[Quantity]:
    """A table's 位次 cell: a bare place number."""
    m = _RANK_CELL_RE.match(text) if span.role == "rank" and span.unit is None else None
    return [Quantity(m.start(1), m.end(1), float(m.group(1)), None, parse_unit("位") or parse_unit("个"))] if m else []


def _index(ends: list[int], pos: int) -> int:
    return bisect_right(ends, pos)


_PHRASES = (
    ("completion", c.COMPLETION_RE, re.compile(r"完成|达成|占|为")),
    ("target_gap", c.TARGET_GAP_RE, re.compile(r"目标|计划|任务")),
    ("comparison", c.COMPARISON_RE, re.compile(r"全省|全国|全疆|全区")),
    ("rank", c.RANK_RE, re.compile(r"第|前\s*\d|末位")),
    ("local_comparison", c.LOCAL_COMPARISON_RE, re.compile(r"百分点")),
)


class _PhraseIndex(list):
    """Phrases (start, end, kind, match) sorted by start; ``covering`` finds those around a position by
    bisection (a page of one long line stays linear)."""

    LONGEST = 120

    def __init__(self, phrases: list) -> None:
        super().__init__(sorted(phrases, key=lambda p: p[0]))
        self.starts = [p[0] for p in self]

    def covering(self, pos: int) -> list:
        i = bisect_right(self.starts, pos) - 1
        found = []
        while i >= 0 and self[i][0] >= pos - self.LONGEST:
            if self[i][1] > pos:
                found.append(self[i])
            i -= 1
        return found[::-1]


def _phrases(text: str) -> list[tuple[int, int, str, re.Match]]:
    """Phrases that give the figures inside them a role of their own (comparison, completion, rank …)."""
    found = []
    for kind, pattern, gate in _PHRASES:
        if not gate.search(text):
            continue
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            if kind == "comparison" and not c.is_comparison(m):
                continue
            if kind == "rank" and not (m.group("n") or m.group("top") or m.group("last")):
                continue
            if kind == "target_gap" and m.group("dir") in ("比", "较") and not m.group("dir2"):
                continue  # 较年度目标51微克/立方米改善3: the figure is the target, the gap comes after
            found.append((m.start(), m.end(), kind, m))
    return _PhraseIndex(found)


def _special_role(q: Quantity, phrases: _PhraseIndex, text: str) -> str | None:
    for _start, _end, kind, m in phrases.covering(q.start):
        if kind == "comparison":
            region = "provincial" if m.group("region") in c.PROVINCE_WORDS else "national"
            if m.group("avg") and m.start("avg") == q.start:
                return f"{region}_avg"
            if m.group("gap") and m.start("gap") == q.start:
                return f"{region}_gap"
            continue
        if kind == "rank":
            return "rank"
        if kind == "completion" and q.unit.dimension == "percent":
            return "completion"
        if kind == "target_gap" and q.start in (m.start("num"), m.start("num2")):
            return "target_gap"
        if kind == "local_comparison" and m.start("gap") == q.start:
            return "other_comparison"
    before = text[max(0, q.start - 6) : q.start]
    if q.unit.dimension == "months" and before.endswith(("前", "近")):
        return "descriptor"  # 前4个月, 近6个月: the period spoken of, no figure
    if c.BASELINE_RE.search(before):
        return "baseline"
    if c.BESIDE_RE.search(before):
        return "part"
    if c.QUOTED_NAME_RE.search(before) and _CJK_OR_PLUS_RE.match(text, q.end) and c.QUOTE_CLOSE_RE.match(text, q.end):
        return "descriptor"
    if (q.unit.dimension.startswith("count") and c.GROUP_AFTER_RE.match(text[q.end : q.end + 16])
            and not c.TARGET_POST_RE.match(text[q.end : q.end + 12])):  # 幼儿园62所的任务中,已竣工41所: the task
        return "group_count"
    if q.unit.dimension.startswith("count") and c.TALLY_AFTER_RE.match(text[q.end : q.end + 20]):
        return "descriptor"
    return None


def _in_parts(text: str, q: Quantity, bounds: _Bounds, before: list[Mention]) -> bool:
    """After ``其中`` in the same clause group (up to ; or 。), of the same kind as a figure before it: a part
    of that figure (…20条,其中市本级17条、闽侯1条; …10项,其中8项超额完成:新建农村公路1850公里 — 1850公里
    is no part). ``。其中,…`` opens a sentence whose whole is in the sentence before."""
    start = bounds.sentence_start(q.start)
    i = bisect_right(bounds.parts, q.start - 1) - 1
    at = bounds.parts[i] if i >= 0 and bounds.parts[i] >= start else None
    if at is None:
        return False
    clause_start = bounds.clause_start(q.start)
    if clause_start > at and c.STRONG_ACTUAL_RE.match(text, clause_start):
        return False  # …,其中新建学校11所,实际建成26所: a clause of its own reports the whole again
    wholes = [m for m in before if start <= m.start < at and m.role in ("actual", "target", "part", "group_count")]
    if not wholes and at == start and start:  # 。其中,城镇居民…: the whole is in the sentence before
        prior = bounds.sentence_start(start - 1)
        wholes = [m for m in before if prior <= m.start < start]
    return any(w.unit.dimension == q.unit.dimension for w in wholes)


def _cued_role(
    span: Span, text: str, q: Quantity, stop_start: int, sent_start: int, clause_start: int, cues: _Cues | None = None
):
    """target or actual for a plain figure, and which cue decided it: ``strong`` (现已, 实际),
    ``weak`` (a verb such as 完成), ``clause`` (a plan word), ``sentence`` (报告提出 earlier), or ``""`` (none:
    the kind of text decided)."""
    before = text[clause_start : q.start]
    after = text[q.end : q.end + 12]
    if span.kind == TARGET:
        return "target", ""
    defined = c.TARGET_DEF_RE.search(text, max(clause_start, q.start - 8), q.end)
    if defined and c.NAMED_TASK_DONE_RE.search(text, clause_start, defined.start()):
        defined = None  # 完成林业生态建设任务52.3万亩: the task's size done, a result
    if (defined and defined.end() == q.start) or c.TARGET_POST_RE.match(after) or c.LIST_TARGET_POST_RE.match(text, q.end):
        return "target", "clause"  # 目标为3.2%, 目标100万人; 4.7万批次的年度目标任务
    if span.kind != TARGET and c.PAREN_PLAN_RE.search(text, max(0, q.start - 12), q.start):
        return "target", "clause"  # 增长15.3%(计划16%), 3.51%(控制在4%以内)
    if span.kind == MIXED and c.ANNUAL_AIM_RE.search(before):
        return "target", "clause"  # an article's 全年力争突破4000亿元 after the result so far
    projected = c.PROJECTION_RE.search(before)
    if projected and (not c.ESTIMATE_RE.search(before) or "年" in projected.group(0)):
        return "projection", "clause"
    if span.kind == PROGRESS:
        if c.PROGRESS_TARGET_RE.search(before):
            return "target", "clause"
        return "actual", ""
    # MIXED (articles): a cue in the clause, or 报告提出… earlier in the sentence, decides; a verb after a
    # plan word is part of the plan (计划建成200公里), only a report word after it makes a result (现已完成)
    last_target = _last(c.TARGET_PRE_RE, before)
    if last_target >= 0:
        if c.STRONG_ACTUAL_RE.search(before, last_target):
            return "actual", "strong"
        return "target", "clause"
    if c.STRONG_ACTUAL_RE.search(before):
        return "actual", "strong"
    # 报告提出… reaches to the full stop (over ;-separated clauses) unless a report word comes after it;
    # a verb of its own (完成棚户区改造600万套) does not undo it
    cues = cues or _Cues(text)
    st = cues.last("sentence_target", stop_start, q.start)
    if st >= 0 and not cues.any("strong", st, q.start):
        if c.COMPARED_RE.search(before):
            return "actual", "compared"
        return "target", "sentence"
    opening = cues.last("plan_opening", sent_start, q.start)
    if opening >= 0 and not cues.any("strong", opening, q.start) and not c.ACTUAL_PRE_RE.search(before):
        return "target", "sentence"
    if c.ACTUAL_PRE_RE.search(before):
        return "actual", "weak"
    if cues.any("actual", sent_start, q.start):
        return "actual", "sentence"
    return "actual", ""


class _Cues:
    """Where the sentence-wide cue words of a text are, found once (a lookup per figure, not a scan: a page
    of one long line stays linear)."""

    PATTERNS = {
        "sentence_target": c.SENTENCE_TARGET_RE,
        "strong": c.STRONG_ACTUAL_RE,
        "actual": c.ACTUAL_PRE_RE,
        "estimate": c.ESTIMATE_RE,
        "plan_opening": c.PLAN_OPENING_RE,
    }

    def __init__(self, text: str) -> None:
        self.found = {
            name: [(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]
            for name, pattern in self.PATTERNS.items()
        }
        self.starts = {name: [a for a, _ in spans] for name, spans in self.found.items()}

    def last(self, name: str, lo: int, hi: int) -> int:
        """Start of the last cue ``name`` lying within [lo, hi), or -1."""
        spans, starts = self.found[name], self.starts[name]
        i = bisect_right(starts, hi - 1) - 1
        while i >= 0 and spans[i][0] >= lo:
            if spans[i][1] <= hi:
                return spans[i][0]
            i -= 1
        return -1

    def any(self, name: str, lo: int, hi: int) -> bool:
        return self.last(name, lo, hi) >= 0


def _last(pattern: re.Pattern, text: str) -> int:
    found = -1
    for m in pattern.finditer(text):
        found = m.start()
    return found


# --- subjects ------------------------------------------------------------------------------------


_STAGES = r"(?:新开工|开工|基本建成|建成|竣工|完工|主体完工|交付使用|投用|投入使用|在建|动工|建成投用)"
_STAGE_ONLY_RE = re.compile(rf"^(?:已|已经|全年)?{_STAGES}$")
def is_stage_only(subject: str | None) -> bool:
    """A subject that is only a stage of building (开工, 基本建成): it names no thing."""
    return bool(_STAGE_ONLY_RE.match(subject or ""))


_STAGE_HEAD_RE = re.compile(rf"^(?:已|已经|全年)?{_STAGES}*")
_BRACKET_OPEN_RE = re.compile(r"^\s*[(（][^()（）]{0,8}$")
#: …居全省第5位(年度目标8.5%), 达到年度预期目标(7%左右): a target in brackets is the figure's before it
_BRACKET_TARGET_RE = re.compile(
    r"(?:[(（][^()（）]{0,6}(?:目标|计划|预期)[^()（）]{0,4}|(?:目标|计划|预期)[(（]|比(?:年初|年度|全年)?(?:计划|目标|预期)的?)$"
)


def _read_subject(
    m: Mention,
    text: str,
    q: Quantity,
    same_clause_prev: Mention | None,
    previous: Mention | None,
    span: Span,
    catalogue: Catalogue,
    bounds: _Bounds,
) -> None:
    """The indicator a figure belongs to, its verb, and the catalogue concept it names."""
    clause_start = bounds.clause_start(q.start)
    if same_clause_prev is not None and same_clause_prev.end > clause_start and same_clause_prev.role != "baseline":
        clause_start = same_clause_prev.end
    raw = text[clause_start : q.start]
    m.data["clause"] = raw.strip(" ,，;；:：")
    if same_clause_prev is not None and same_clause_prev.role == "baseline":  # 现行16%的税率降至13%
        raw = raw.replace(text[same_clause_prev.start : same_clause_prev.end], "")
    head = _strip_head(raw)
    core = _FILLER_TAIL_RE.sub("", head)
    m.verb = _verb(raw)
    if core.rstrip("(（").endswith(("目标", "任务")) or _TARGET_IS_RE.search(raw):
        core = _TARGET_WORDS_END_RE.sub("", core)
        core = _FILLER_TAIL_RE.sub("", core)
        m.verb = _verb(_TARGET_IS_RE.sub("", raw)) or m.verb
    post = ""
    if m.is_level and (m.unit.dimension not in ("money", "money_usd", "money_per_person") or not core):
        post = _post_noun(text[q.end :])  # 改造187个老旧小区; 3.8万亿元专项债券额度已全部下达
    if same_clause_prev is not None and same_clause_prev.role == "descriptor" and post:
        core = ""  # 8个县(市)区176个村…: the words before are the descriptor's
    subject = core
    if post and (not core or _is_verb_phrase(core)):
        subject = core + post
    elif post and len(core) <= 1:
        subject = post
    if span.subject and (not subject or _GENERIC_RE.match(subject) or is_verb_only(subject)):
        subject = span.subject  # a table row's indicator, for a cell that names none
    if m.unit.base in ("项", "件") and m.role in ("actual", "target") and c.TASK_COUNT_NOUN_RE.match(text, q.end):
        m.role = "group_count"  # 其中3项任务已完成: a count of tasks
    weak = not subject or _GENERIC_RE.match(subject) or is_verb_only(subject)
    # 增长4.1%(年度计划7.5%): a figure in brackets right after another qualifies that one
    weak = weak or (same_clause_prev is not None and bool(_BRACKET_OPEN_RE.match(raw))) or bool(_BRACKET_TARGET_RE.search(raw))
    if weak and previous is not None and previous.sentence == m.sentence and previous.subject:
        # …地区生产总值1234亿元,同比增长5.6%: the figure belongs to the indicator named before it
        m.subject, m.inherited = previous.subject, True
        m.concept, m.inexact = previous.concept, previous.inexact
        stage = _STAGE_ONLY_RE.match(subject or "")
        staged = _STAGE_HEAD_RE.match(previous.subject)
        if stage and staged and staged.group(0) and staged.group(0) != stage.group(0):
            # 新开工保障性住房8600套,基本建成6320套: the second is 基本建成保障性住房, not 新开工…
            m.subject = stage.group(0) + _STAGE_HEAD_RE.sub("", previous.subject)
        return
    m.subject = _QUOTES_RE.sub("", subject).strip()[-_MAX_SUBJECT:]
    counted = c.TASK_COUNT_SUBJECT_RE.search(m.subject) or c.TASK_COUNT_SUBJECT_RE.search(m.data["clause"])
    if m.unit.base in ("项", "件") and m.role in ("actual", "target") and counted:
        m.role = "group_count"
    head = grouping.head_concept(m.subject, catalogue) if m.subject else None
    if head:
        m.concept, m.inexact = head
    elif span.subject is None and same_clause_prev is None:
        # the indicator may be named earlier in the sentence (全市地区生产总值…,比上年增长…)
        sent_start = bounds.sentence_start(q.start)
        if previous is not None and previous.sentence == m.sentence and not m.subject and previous.concept:
            m.concept, m.inexact = previous.concept, previous.inexact
        elif not m.subject:
            earlier = catalogue.find_mentions(text[sent_start : q.start])
            if earlier:
                m.concept, m.inexact = earlier[-1].concept, earlier[-1].inexact


#: words that introduce what follows (报告提出, 结果显示, 还包括): the subject starts after them
_INTRODUCER_RE = re.compile(r"^.*?(?:提出|明确|要求|包括|显示|来看|部署|确定)了?[,，:：]?(?=.)")


def _strip_head(raw: str) -> str:
    text = _INTRODUCER_RE.sub("", raw)
    if _PERIOD_GATE_RE.search(text):
        for pattern in (g.PERIOD_RE, g.SUB_PERIOD_RE):
            text = pattern.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _FILLER_HEAD_RE.sub("", text)
    return text


def _post_noun(after: str) -> str:
    """The noun a count is of when it follows the figure (``改造187个老旧小区``)."""
    m = _POST_NOUN_RE.match(after)
    if not m:
        return ""
    noun = m.group(0)
    stop = _POST_STOP_RE.search(noun)
    return noun[: stop.start()] if stop else noun




_VERB_END_RE = re.compile(r"(?:建|改造|实施|开工|新增|引进|培育|认证|开展|解决|提升|投资|涉及|完成|建设|创建|推动|推进|启动|打造)$")


def _is_verb_phrase(text: str) -> bool:
    return bool(_VERB_END_RE.search(text)) or (len(text) <= 4 and bool(VERB_ONLY_RE.match(text)))




def _verb(raw: str) -> str | None:
    tail = _QUALIFIER_END_RE.sub("", raw.rstrip())
    return c.classify_verb(tail[-8:])


# --- periods -------------------------------------------------------------------------------------


_PERIOD_GATE_RE = re.compile(r"年|月|季度|(?:19|20)\d\d")


def _periods(text: str, report_year: int | None) -> list[g.Period]:
    found = []
    if not _PERIOD_GATE_RE.search(text):
        return found
    for pattern in (g.PERIOD_RE, g.SUB_PERIOD_RE):
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            period = _period_of(m, report_year)
            if period is not None:
                found.append(period)
    found.sort(key=lambda p: (p.start, -(p.end - p.start)))
    kept: list[g.Period] = []
    for p in found:
        if kept and p.start < kept[-1].end:
            continue
        kept.append(p)
    return kept


def _period_of(m: re.Match, report_year: int | None) -> g.Period | None:
    groups = m.groupdict()
    written_year = int(groups["year"]) if groups.get("year") else None
    year = written_year or report_year
    if written_year and report_year and not report_year - 6 <= written_year <= report_year + 1:
        return None
    if groups.get("whole"):  # 全年, 年底: the whole year, whatever the report's period
        return g.Period(m.start(), m.end(), str(year), False, None, False) if year else None
    if year is None:
        label, partial = g.period_label(2000, groups.get("sub"), groups.get("m_to"), groups.get("month"),
                                        bool(groups.get("mend")))
        label = label[4:] if partial else None
        if label is None:
            return None
        return g.Period(m.start(), m.end(), label, partial, None, False)
    label, partial = g.period_label(
        year, groups.get("sub"), groups.get("m_to"), groups.get("month"), bool(groups.get("mend"))
    )
    damaged = (
        bool(groups.get("year"))
        and not groups.get("nian")
        and not (groups.get("sub") or groups.get("m_to") or groups.get("month") or groups.get("full"))
    )
    return g.Period(m.start(), m.end(), label, partial, written_year, damaged)


def _period_bracketed(periods: list[g.Period], text: str, end: int) -> g.Period | None:
    """The period a bracket right after a figure gives it: 40.2%(2024年底)."""
    if text[end : end + 1] not in ("(", "（"):
        return None
    return next((p for p in periods if p.start == end + 1 and text[p.end : p.end + 1] in (")", "）")), None)


def _period_before(periods: list[g.Period], pos: int, sent_start: int) -> g.Period | None:
    before = [p for p in periods if p.end <= pos + 1 and p.start < pos]
    if not before:
        return None
    in_sentence = [p for p in before if p.start >= sent_start]
    return (in_sentence or before)[-1]


def _header_period(words: str, report_year: int | None) -> g.Period | None:
    for pattern in (g.PERIOD_RE, g.SUB_PERIOD_RE):
        m = pattern.search(words)
        if m and m.end() > m.start():
            period = _period_of(m, report_year)
            if period is not None:
                return g.Period(0, 0, period.label, period.partial, period.year, False)
    return None


def unit_of(written: str | None) -> Unit | None:
    return parse_unit(written)
