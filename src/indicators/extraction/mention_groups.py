"""Mentions read together: claims without a figure, lists given 分别 or 均, plans in brackets, totals,
counts side by side, and the roles a block of mixed text settles (the second half of reading a block;
``mentions.read_block`` calls these)."""

from __future__ import annotations

import re
from copy import copy

from ..catalogue import Catalogue
from . import cues as c
from .mention_types import (
    BREAK_RE,
    COMPOUNDS,
    FIGURE_NEXT_RE,
    JOINER_RE,
    LIST_SEP_RE,
    STOP_RE,
    Claim,
    Mention,
    is_verb_only,
)
from .model import Block, Span

# --- claims and groups ---------------------------------------------------------------------------


def claims(k: int, span: Span, phrases) -> list[Claim]:
    text = span.text
    out = []
    for start, _, kind, m in phrases:
        if kind == "comparison" and not (m.group("avg") or m.group("gap")):
            out.append(Claim(k, span.line, start, "comparison", _clause(text, m), {"region": m.group("region")}))
        if kind == "rank":
            n = m.group("n") or m.group("top")
            out.append(Claim(k, span.line, start, "rank", m.group(0), {"rank": n, "scope": m.group("scope")}))
    for kind, pattern in (
        ("outcome", c.OUTCOME_RE),
        ("in_step", c.IN_STEP_RE),
        ("above", c.ABOVE_RE),
        ("above", c.ABOVE_OTHER_RE),
        ("same_as_region", c.SAME_AS_REGION_RE),
        ("qualitative", c.QUALITATIVE_RE),
    ):
        for m in pattern.finditer(text):
            if kind in ("outcome", "qualitative") and FIGURE_NEXT_RE.match(text, m.end()):
                continue  # 完成年度目标的23%: a completion figure, not a verdict
            out.append(Claim(k, span.line, m.start(), kind, m.group(0), m.groupdict()))
    return out


def _clause(text: str, m: re.Match) -> str:
    start = max(text.rfind(ch, 0, m.start()) for ch in ",，。;；") + 1
    ends = [i for i in (text.find(ch, m.end()) for ch in ",，。;；") if i >= 0]
    return text[start : min(ends) if ends else len(text)].strip()


_GROUPED = ("actual", "target", "completion", "target_gap")


def groups(mentions: list[Mention], text: str, catalogue: Catalogue) -> None:
    """Indicators named together take the figures after 分别 in turn and share the one after 均.

    Targets listed after their results (``…5.6%,…4.24%,分别优于6%和5.5%左右的预期目标``) take the
    subjects of those results, in order.
    """
    i = 0
    last_items: tuple[int, list[str]] | None = None
    while i < len(mentions):
        m = mentions[i]
        items = _items(m.subject, catalogue)
        pre = text[max(0, m.start - 12) : m.start]
        if (
            (c.RESPECTIVELY_RE.search(pre) and m.role in _GROUPED)
            or _targets_listed_after_all(m, mentions, i, pre, text)
            or _list_after_respectively(m, mentions, i, text, last_items)
        ):
            group = [m]
            j = i + 1
            while j < len(mentions) and mentions[j].clause == m.clause and mentions[j].role in _GROUPED:
                between = text[mentions[j - 1].end : mentions[j].start]
                if not JOINER_RE.fullmatch(between):
                    break
                group.append(mentions[j])
                j += 1
            if len(group) == 1 and len(items) > 1:
                m.data["items"] = items  # 化学需氧量、氨氮排放量分别下降2%: one figure for each
            if len(group) > 1:
                if len(items) != len(group) and last_items and len(last_items[1]) == len(group) and (
                    last_items[0] == m.sentence and (m.inherited or not m.subject)
                ):
                    items = last_items[1]  # …分别达到a和b,分别增长c和d: the same indicators again
                _respectively(group, items, mentions[:i], catalogue, text)
                if len(items) == len(group):
                    last_items = (m.sentence, items)
            i = j
            continue
        named = all(catalogue.find_mentions(item) for item in items)
        if len(items) > 1 and (c.ALL_OF_THEM_RE.search(pre) or (m.role == "target" and named)):
            m.data["items"] = items
        i += 1


def groups_across_spans(mentions: list[Mention], catalogue: Catalogue) -> None:
    """Results given 分别 without naming their indicators (前三季度分别增长4.6%、6.7%) are those of the
    targets given 分别 in the task's target (城镇、农村居民收入分别增长6%、7.5%), in order."""
    groups: dict[tuple, list[Mention]] = {}
    for m in mentions:
        if "group_id" in m.data:
            groups.setdefault(m.data["group_id"], []).append(m)
    named = [g for g in groups.values() if g[0].role == "target" and all(x.subject for x in g)]
    for group in groups.values():
        if group[0].role != "actual" or any(x.subject and not x.inherited and not is_verb_only(x.subject) for x in group):
            continue
        source = next((g for g in named if len(g) == len(group)), None)
        if source is None:  # 新(改)建农村公路1000公里,实施安全生命防护工程800公里。完成情况:分别完成1126公里、912公里
            kind = [t for t in mentions if t.role == "target" and t.unit.dimension == group[0].unit.dimension]
            source = kind if len(kind) == len(group) else None
        if source is not None:
            for target, member in zip(source, group, strict=True):
                set_subject(member, target.subject, catalogue)


_ALL_BEFORE_RE = re.compile(r"(?<!平)均|都")
_CLAUSE_GROUP_END = "。;；!！"


def one_target_for_the_results_before(mentions: list[Mention], text: str) -> None:
    """``…增长14.1%,…增长15.3%,均完成了增长12%的年初预期目标``: one target after 均/都 holds for each result of
    its kind in its part of the sentence (since the last ; or 。), which are then answered together."""
    for i, m in enumerate(mentions):
        if m.role != "target" or m.data.get("group") or not _ALL_BEFORE_RE.search(text[max(0, m.start - 12) : m.start]):
            continue
        start = max(text.rfind(ch, 0, m.start) for ch in _CLAUSE_GROUP_END) + 1
        before = [x for x in mentions[:i] if x.start >= start]
        rate = m.verb in ("up", "down")
        results = [x for x in before if x.role == "actual" and x.unit.dimension == m.unit.dimension
                   and (x.verb in ("up", "down")) == rate]
        if len(results) >= 2 and not any(x.role == "target" for x in before):
            for x in results:
                x.data["group"] = "respectively"


def plans_in_brackets(mentions: list[Mention], text: str, catalogue: Catalogue) -> None:
    """``改造老旧小区46个、惠及居民9630户(计划40个、8000户)``: the plans in brackets are those of the results of
    their units just before them (in their part of the sentence), in order, whatever the figure before named."""
    brackets: dict[int, list[int]] = {}
    for i, m in enumerate(mentions):
        if m.role == "target" and c.PAREN_PLAN_RE.search(text, max(0, m.start - 12), m.start):
            brackets.setdefault(max(text.rfind(ch, 0, m.start) for ch in "(（"), []).append(i)
    for opened, plans in brackets.items():
        if any(mentions[i].data.get("group") for i in plans):
            continue  # (预期分别增长13%和14%): read in turn already
        start = max(text.rfind(ch, 0, opened) for ch in _CLAUSE_GROUP_END) + 1
        for base in {mentions[i].unit.base for i in plans}:
            mine = [mentions[i] for i in plans if mentions[i].unit.base == base]
            results = [x for x in mentions[: plans[0]] if start <= x.start < opened and x.role == "actual"
                       and x.unit.base == base][-len(mine) :]
            if len(results) != len(mine) or not all(r.subject for r in results):
                continue
            for plan, result in zip(mine, results, strict=True):
                if plan.subject != result.subject:
                    set_subject(plan, result.subject, catalogue)
                    plan.data["subject_from"] = "the result before its brackets"


def _list_after_respectively(
    m: Mention, mentions: list[Mention], i: int, text: str, last_items: tuple[int, list[str]] | None
) -> bool:
    """``…分别达到37150元、15370元,增长5.1%、7.0%(目标:7%、9%)``: a list of as many figures, later in the sentence
    of a list given 分别, is of the same indicators in turn (分别 is said once)."""
    if last_items is None or last_items[0] != m.sentence or m.role not in _GROUPED:
        return False
    run = [m]
    for nxt in mentions[i + 1 :]:
        if nxt.clause != m.clause or nxt.role != m.role or not JOINER_RE.fullmatch(text[run[-1].end : nxt.start]):
            break
        run.append(nxt)
    return len(run) == len(last_items[1]) > 1


def _targets_listed_after_all(m: Mention, mentions: list[Mention], i: int, pre: str, text: str) -> bool:
    """``…增长9.1%,…增长10.6%,都跑赢了年初8%和9%的目标``: targets listed after 均/都 are taken in turn, as
    after 分别 (one figure after 均 is shared by all: see ``groups``)."""
    if m.role != "target" or not c.ALL_OF_THEM_RE.search(pre) or i + 1 >= len(mentions):
        return False
    nxt = mentions[i + 1]
    return nxt.role == "target" and nxt.clause == m.clause and bool(JOINER_RE.fullmatch(text[m.end : nxt.start]))


def _respectively(
    group: list[Mention], items: list[str], before: list[Mention], catalogue: Catalogue, text: str = ""
) -> None:
    if group[0].role in ("completion", "target_gap"):  # 分别完成年度计划的103.6%和102.8%: one per result before
        results = [b for b in before if b.role == "actual" and b.span == group[0].span]
        if group[0].unit.dimension == "points":  # 分别比预期目标高出0.6和1.8个百分点: gaps of the rates before
            results = [b for b in results if b.unit.dimension == "percent"]
        results = results[-len(group) :]
        for member in group:
            member.role = group[0].role
            member.data.update({k: v for k, v in group[0].data.items() if k in ("dir", "dir2")})
        if len(results) == len(group):
            for result, member in zip(results, group, strict=True):
                member.data["for_start"] = result.start
        return
    role = "target" if any(g.role == "target" for g in group) else group[0].role
    for member in group:
        member.role = role
        member.data["group"] = "respectively"
        member.data["group_id"] = (group[0].span, group[0].start)
        member.verb = member.verb or group[0].verb
        if role == "target":
            member.cued = True
    if len(items) < len(group) and len(items) == 1:
        items = _compound(items[0], len(group))
    if len(items) == len(group):
        for item, member in zip(items, group, strict=True):
            set_subject(member, item, catalogue)
        return
    first = group[0]
    here = [b for b in before if (b.sentence, b.span) == (first.sentence, first.span)]
    same = [b for b in here if b.unit.dimension == first.unit.dimension]
    if role == "target":  # …5.6%,…4.24%,分别优于6%和5.5%的预期目标: the results just given
        results = [b for b in same if b.role == "actual"][-len(group) :]
        if len(results) != len(group):  # …增长10.2%;农村…增长13.5%,分别超过…: over a ; of the same full stop
            results = [
                b for b in before if b.span == first.span and b.role == "actual" and b.unit.dimension == first.unit.dimension
                and not STOP_RE.search(text, b.end, first.start)
            ][-len(group) :]
    else:  # 城镇居民收入34226元,农村居民纯收入18974元,分别增长10.7%和11.3%: the indicators just named
        results = [b for b in here if b.role == "actual" and b.unit.dimension != first.unit.dimension][-len(group) :]
        if len(results) != len(group) or len({r.subject for r in results}) != len(results):
            # 计划新改建农村公路1200公里、建设村道安保工程300公里,现已分别完成680公里和142公里
            results = [b for b in same if b.role == "target"][-len(group) :]
    if len(results) == len(group):
        for result, member in zip(results, group, strict=True):
            member.subject, member.concept, member.inexact = result.subject, result.concept, result.inexact
            member.data["subject_from"] = "the figure it follows"


def set_subject(m: Mention, subject: str, catalogue: Catalogue | None) -> None:
    """Give ``m`` a subject of its own (one item of a list) and the concept that subject names."""
    m.subject, m.inherited = subject, False
    m.concept, m.inexact = (head_concept(subject, catalogue) if catalogue else None) or (None, False)


#: words a subject may end with after the indicator's name (社零总量, 进出口值, 地区生产总值增速)
_HEAD_TAIL_RE = re.compile(
    r"(?:增速|增幅|涨幅|降幅|增长率?|增长速度|总量|总额|规模|水平|值|额|数|人数|人员|指数|指标|比重|占比|[(（][^()（）]{1,12}[)）])+$"
)


def head_concept(subject: str, catalogue: Catalogue) -> tuple[str, bool] | None:
    """The concept a subject *is* (the name at its end: Chinese noun phrases end with their head), so that
    万元国内生产总值用水量 is not GDP; None when the subject ends with no known name."""
    found = catalogue.find_mentions(subject)
    if not found:
        return None
    last = found[-1]
    rest = subject[last.end :]
    if rest and not _HEAD_TAIL_RE.fullmatch(rest):
        return None
    if subject[max(0, last.start - 1) : last.start] == "占":
        return None  # 研发经费支出占GDP比重 is a share of GDP, not GDP
    return last.concept, last.inexact


def _items(subject: str, catalogue: Catalogue) -> list[str]:
    """The indicators a subject lists (二氧化硫、氮氧化物排放量), never splitting inside a known name; a short
    first item shares the last one's head (城镇、农村常住居民收入 → 城镇常住居民收入, 农村常住居民收入)."""
    if not LIST_SEP_RE.search(subject):
        return [subject]
    inside = [(x.start, x.end) for x in catalogue.find_mentions(subject)]
    parts, start = [], 0
    for sep in LIST_SEP_RE.finditer(subject):
        if any(a < sep.start() < b for a, b in inside):
            continue
        parts.append(subject[start : sep.start()])
        start = sep.end()
    parts.append(subject[start:])
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return [subject]
    last = parts[-1]
    shared = [p + last[len(p) :] if len(p) <= 4 and len(last) > len(p) + 1 else p for p in parts[:-1]]
    return [*shared, last]


_TOTAL_RE = re.compile(r"^(?:两项|二者|以上|上述)?(?:合计|共计|总计|合共|总共)(?:为|达到?)?$")


def totals(mentions: list[Mention], catalogue: Catalogue) -> None:
    """``夏粮…168.2万亩,秋粮…322.5万亩,合计490.7万亩``: the sum is of what its parts share (播种面积), and the
    figures summed are its parts."""
    for k, m in enumerate(mentions):
        if m.role != "actual" or not _TOTAL_RE.match(m.data.get("clause", "")):
            continue
        parts = [p for p in mentions[:k] if p.sentence == m.sentence and p.role == "actual" and p.unit.base == m.unit.base]
        if len(parts) < 2 or any(not p.subject or p.inherited for p in parts):
            continue
        shared = _common_tail([p.subject for p in parts])
        if len(shared) < 2:
            continue
        set_subject(m, shared, catalogue)
        for p in parts:
            p.role = "part"


def _common_tail(subjects: list[str]) -> str:
    """The words all subjects end with (夏粮播种面积, 秋粮播种面积 → 播种面积), from a whole word on."""
    tail = subjects[0]
    for s in subjects[1:]:
        n = 0
        while n < min(len(tail), len(s)) and tail[-1 - n] == s[-1 - n]:
            n += 1
        tail = tail[len(tail) - n :]
    return tail


_DONE_SO_FAR_RE = re.compile(r"^[\u4e00-\u9fff]{0,10}?(?:已|现已|目前已|均已)")


def figure_first_plans(mentions: list[Mention], text: str) -> None:
    """``8所中小学已交付使用6所``: in progress text, a count followed in its clause by how many of them are done
    restates the plan (a target of the progress text, dropped where it repeats the task's own)."""
    for m, nxt in zip(mentions, mentions[1:], strict=False):
        if m.role != "actual" or nxt.role != "actual" or m.clause != nxt.clause or m.data.get("cue") == "strong":
            continue
        same_kind = m.unit.base == nxt.unit.base and m.unit.dimension.startswith("count") and nxt.value <= m.value
        if same_kind and _DONE_SO_FAR_RE.match(text[m.end : nxt.start]):
            m.role = "target"
            m.data["in_progress"] = True


def gaps_that_are_targets(mentions: list[Mention]) -> None:
    """``城镇新增就业2.73万人,超出年度目标2.5万人``: a 'gap' as large as half the result it follows is the
    target itself (the gap would be 0.23); a gap of a few points or a small margin stays a gap."""
    for m, nxt in zip(mentions, mentions[1:], strict=False):
        if nxt.role != "target_gap" or m.role != "actual" or m.sentence != nxt.sentence:
            continue
        if nxt.unit.base == m.unit.base and nxt.unit.dimension != "points" and 0.5 * m.value <= nxt.value < m.value * 1.0:
            nxt.role, nxt.cued = "target", True
            nxt.subject, nxt.concept, nxt.inherited = m.subject, m.concept, True


_MARGIN_RE = re.compile(r"多出|多|超出|超过|少了?|减少|改善|优于")
_BESIDE_WORDS_RE = re.compile(r"另有|还有|尚有|其中|含|包括")
_PLAN_BESIDE_RE = re.compile(r"计划|目标|任务|预期")
#: the things counted, then a stage word, in one clause: the first count is the set the second is part of
_SET_THEN_MEMBERS_RE = re.compile(
    r"[^,，;；。、和及\d]{1,16}?(?:中|里)?(?:已经?|均已)?(?:全部)?(?:开复工|复工|开工|完工|建成|竣工|投产|开通|通过|完成)"
)
#: two measures of the same people written together (搬迁2.6万户9.1万人, 脱贫1200户3800人): no descriptor
_MEASURES_TOGETHER = {("户", "人")}


def adjacent_counts(mentions: list[Mention], text: str) -> None:
    """A count naming where the next one is (``8个县(市)区176个村``, ``全省16个市17项指标``) is a descriptor."""
    for m, nxt in zip(mentions, mentions[1:], strict=False):
        between = text[m.end : nxt.start]
        near = len(between) <= 6 and not BREAK_RE.search(between)
        if _MARGIN_RE.fullmatch(between.strip()) and nxt.unit.base == m.unit.base:
            nxt.role = "other_comparison"  # 比年初计划的50个多出4个: the margin, no figure of its own
            continue
        beside = nxt.role == "part" or _BESIDE_WORDS_RE.search(between)  # 18座(另有2座在建): no descriptor
        beside = beside or (nxt.role == "target" and _PLAN_BESIDE_RE.search(between))  # 9所(计划8所): its plan
        beside = beside or nxt.role == "completion"  # 占年度任务(14所)的78.6%: the plan the share is of
        beside = beside or (m.unit.base, nxt.unit.base) in _MEASURES_TOGETHER
        if m.unit.dimension.startswith("count") and near and not beside and m.role in ("actual", "target"):
            m.role = "descriptor"
        elif m.role == "actual" and m.unit.dimension.startswith("count") and m.unit.base == nxt.unit.base \
                and _SET_THEN_MEMBERS_RE.fullmatch(between):
            m.role = "descriptor"  # 120项亿元以上重点项目开复工103项: the set, then how many of it moved


def _compound(subject: str, n: int) -> list[str]:
    for word, halves in COMPOUNDS.items():
        if word in subject and len(halves) == n:
            return [subject.replace(word, half, 1) for half in halves]
    return [subject]


_PERIOD_SAID_RE = re.compile(r"全年|上半年|前三季度|[一二三四]季度|截至|截止|年末|年底|1\s*[-—~至]\s*\d{1,2}\s*月")


_SAID_RESULT_RE = re.compile(r"^\s*(?:实际(?:完成|为|增长|达到)?|全年(?:实际)?(?:完成|新增|实现|达到)|年末为)")


def _reports_result_of(m: Mention, nxt: Mention, similarity) -> bool:
    """Whether ``nxt``, in the clause right after ``m``, reports the result of what ``m`` plans: the same
    subject and unit, a clause opening with 实际 / 全年完成, and a figure of the same size."""
    if nxt.role != "actual" or nxt.unit.base != m.unit.base or nxt.unit.dimension != m.unit.dimension:
        return False
    if not _SAID_RESULT_RE.match(nxt.data.get("clause", "")):
        return False
    same = m.concept == nxt.concept if m.concept and nxt.concept else similarity(m.subject, nxt.subject) >= 0.8
    return bool(m.subject) and same and m.value > 0 and 0.5 <= nxt.value / m.value <= 2


def resolve_mixed_roles(mentions: list[Mention], block: Block) -> None:
    """In articles, a plain figure followed in its sentence by a reported result of the same thing is
    the plan (``300公里农村公路安保工程,现已完成344公里``); a plain figure the text says is done
    (``625个村庄规划编制工作已完成``) is both the plan and the result, flagged ``actual_as_stated``."""
    from .align import similarity

    added = []
    # for each figure, the next one in its sentence and the next result reported with a strong cue
    following: dict[int, int | None] = {}
    strong_after: dict[int, int | None] = {}
    last_seen: dict[tuple, int] = {}
    last_strong: dict[tuple, int] = {}
    for i in range(len(mentions) - 1, -1, -1):
        m = mentions[i]
        key = (m.span, m.sentence)
        following[i], strong_after[i] = last_seen.get(key), last_strong.get(key)
        last_seen[key] = i
        if m.role == "actual" and m.data.get("cue") == "strong":
            last_strong[key] = i
    for i, m in enumerate(mentions):
        nxt_same = following[i] is not None and mentions[following[i]].unit.dimension == m.unit.dimension
        if m.role == "target" and not nxt_same and c.TASK_DONE_RE.match(block.spans[m.span].text, m.end):
            done = copy(m)  # 340万人的年度任务全部完成: the result is the target
            done.role, done.data = "actual", {**m.data, "as_stated": True, "cue": "strong"}
            added.append((i, done))
            continue
        if m.role == "actual" and not nxt_same and _completes_its_task(m, mentions[:i], block.spans[m.span].text):
            m.role, m.cued = "target", True  # 完成160个重点村的年度建设任务: the task's size, met in full
            done = copy(m)
            done.role, done.data = "actual", {**m.data, "as_stated": True, "cue": "strong"}
            added.append((i, done))
            continue
        if m.role != "actual" or m.data.get("cue") in ("strong", "clause"):
            continue
        text = block.spans[m.span].text
        nxt_m = mentions[following[i]] if following[i] is not None else None
        if m.data.get("cue") == "weak":
            # 完成中小河道整治80公里,全年完成92.5公里 / 比重达到28%,实际为30.2%: the plan, then its result
            if nxt_m is not None and _reports_result_of(m, nxt_m, similarity):
                m.role, m.cued = "target", True
                m.data["role_from"] = "a result of the same thing follows"
            continue
        result = mentions[strong_after[i]] if strong_after[i] is not None else None
        reported = nxt_m is not None and nxt_m.role == "actual" and _PERIOD_SAID_RE.search(nxt_m.data.get("clause", ""))
        if c.MONTH_SAID_RE.search(m.data.get("clause", "")):
            continue  # 4月份…21天,1-4月累计…76天: a month's own result, never the plan of what follows
        if result is None and reported:  # 新建高标准农田1亿亩,全年建成1亿亩: the plan, then the year's result
            same = m.concept == nxt_m.concept if m.concept and nxt_m.concept else similarity(m.subject, nxt_m.subject) >= 0.8
            result = nxt_m if m.subject and same else None
        if result is not None and result.unit.dimension == m.unit.dimension and (
            result.inherited or not result.subject or similarity(m.subject, result.subject) >= 0.5
        ):
            m.role, m.cued = "target", True
            m.data["role_from"] = "a result of the same thing follows"
            continue
        nxt = mentions[following[i]].start if following[i] is not None else len(text)
        counted_tasks = m.unit.base in ("项", "件")  # 132项重点工作中,5项已完成: a count of tasks, not a plan
        change = c.COMPARED_RE.search(m.data.get("clause", ""))  # 比上年增加1.6万亿元,已全部下达: no plan
        if not counted_tasks and not change and c.DONE_AS_STATED_RE.match(text[m.end : min(nxt, m.end + 24)]):
            m.role, m.cued = "target", True
            if _done_with_own_figure(m, nxt_m, text):  # 新建高标准农田12万亩,已完成主体工程10.3万亩
                m.data["role_from"] = "a result of the same kind follows in its clause"
                continue
            done = copy(m)
            done.role, done.data = "actual", {**m.data, "as_stated": True, "cue": "strong"}
            added.append((i, done))
    for offset, (i, done) in enumerate(added):
        mentions.insert(i + 1 + offset, done)


def _completes_its_task(m: Mention, before: list[Mention], text: str) -> bool:
    """``完成160个重点推进村的年度建设任务``: a figure right after 完成 that sizes the year's task it names, with no
    result of its kind before it in its part of the sentence (``新建1860公里,超额完成1500公里的年度任务``)."""
    if not c.COMPLETES_A_TASK_RE.search(text, max(0, m.start - 4), m.start) or not c.TASK_SIZED_RE.match(text, m.end):
        return False
    start = max(text.rfind(ch, 0, m.start) for ch in _CLAUSE_GROUP_END) + 1
    return not any(x.start >= start and x.role == "actual" and x.unit.dimension == m.unit.dimension for x in before)


def _done_with_own_figure(m: Mention, nxt: Mention | None, text: str) -> bool:
    """Whether the ``已完成…`` after a figure goes on to a figure of its own of the same kind in its clause
    (``12万亩,已完成主体工程10.3万亩``): that figure is the result, the target is not met as stated."""
    if nxt is None or nxt.unit.dimension != m.unit.dimension:
        return False
    return not c.CLAUSE_END_RE.search(text[m.end : nxt.start].lstrip(",，、 "))
