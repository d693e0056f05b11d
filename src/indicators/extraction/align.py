"""Pairing a block's targets with its actuals: by subject, unit, verb and distance.

Each target figure looks for the actual that measures the same thing: the same catalogue concept
when both name one, else the closest subject phrase; always a unit of the same dimension. What stays
unpaired is kept: a target without a result, a result without a target (when the block states no
target at all, or the catalogue knows the indicator), or a mention reported as left unplaced.
A stated completion (完成年度计划31%) is attached to the figure it speaks of, never made a target.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from copy import copy
from dataclasses import dataclass, field

from . import cues as c
from .mention_groups import set_subject
from .mention_types import Claim, Mention, Reading
from .mentions import is_stage_only
from .model import MIXED, TARGET
from .quantities import compatible

#: a pair is kept when its score reaches this (a concept match alone does; a weak subject does not)
MIN_SCORE = 1.0
#: stages of building something, earliest first: preparation, started, finished
#: stages before the thing counted: preparation (设计, 招标), and applications put forward (推荐申报71家), which
#: answer a target only when the target counts them too (申报…)
_PREPARED_RE = re.compile(r"前期|设计|招标|立项|选址|规划编制|开展.{0,2}(?:调研|摸排)|申报|推荐|申请")
_STARTED_RE = re.compile(r"开工|在建|正在|启动|动工|进场")
_FINISHED_RE = re.compile(r"建成|竣工|完工|投用|交付|完成")
_BUILD_RE = re.compile(r"新建|建成|建设|改扩建|扩建")
_NOISE_RE = re.compile(r"[“”\"‘’'「」()（）\s,，、:：。]|及(?=以上)|的")


@dataclass
class Draft:
    """One future row: a target and/or an actual of one subject, with what the text says beside them."""

    target: Mention | None = None
    actual: Mention | None = None
    claim: Claim | None = None  # a target without a figure (relative, qualitative)
    subject: str = ""
    concept: str | None = None
    primary: bool = False  # the task's own target (the headline row of a main task)
    primary_hint: bool = False  # states the figure of the task's own qualitative target
    under_qualitative: bool = False  # a result of a task whose target is qualitative (完成省下达任务)
    extras: list[Mention] = field(default_factory=list)  # completion, gaps, comparisons, rank
    claims: list[Claim] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


@dataclass
class Alignment:
    drafts: list[Draft]
    unplaced: list[tuple[Mention, str]]  # mentions left out of the table, with the reason


def align(reading: Reading) -> Alignment:
    """Pair the targets and actuals of one block and attach everything else to them."""
    mentions = reading.mentions
    for m, nxt in zip(mentions, mentions[1:], strict=False):
        if nxt.span == m.span:
            m.data["next_role"] = nxt.role
    targets = _expand_targets([m for m in mentions if m.role == "target"], reading)
    restated = _restated(targets)
    targets = [t for t in targets if id(t) not in restated]
    actuals = _expand_targets([m for m in mentions if m.role in ("actual", "part")], reading)
    _mark_totals_to_date(actuals)
    drafts: list[Draft] = []
    unplaced: list[tuple[Mention, str]] = []
    used: set[int] = set()
    pairs = _match([t for t in targets if not t.data.get("distributive")], actuals)
    _pair_by_stated_share(pairs, [t for t in targets if not t.data.get("distributive")], actuals, mentions)
    for t in targets:
        a = pairs.get(id(t))
        if a is not None:
            used.add(id(a))
        drafts.append(Draft(target=t, actual=a, subject=_best_subject(t, a), concept=t.concept or (a and a.concept)))
    _share_with_group(drafts, actuals, used)
    bare = _bare_targets(reading, drafts)
    bare_drafts = []
    for claim, subject, concept in bare:
        draft = Draft(claim=claim, subject=subject, concept=concept)
        bare_drafts.append(draft)
        a = _actual_for_claim(draft, actuals, used, reading)
        if a is not None:
            used.add(id(a))
            draft.actual = a
            draft.concept = draft.concept or a.concept
        drafts.append(draft)
    _distribute(drafts, actuals, used, reading)
    _merge_restated(drafts, reading)
    for d in _repeated_targets(drafts):
        drafts.remove(d)
        unplaced.append((d.target, "repeats a target paired elsewhere in the task"))
    _order_primary(drafts, reading)
    has_target = any(d.target is not None or d.claim is not None for d in drafts)
    qualitative = any(d.claim is not None and d.claim.kind == "qualitative" for d in bare_drafts)
    target_units: dict[tuple, list] = {}
    for m in mentions:
        if m.role == "target":
            target_units.setdefault((m.span, m.sentence), []).append(m.unit)
    for a in actuals:
        if id(a) in used or (a.role == "part" and not a.concept):
            continue
        mixed = reading.block.spans[a.span].kind == MIXED
        # an article's result that no target of its sentence could measure (…多出320公里,…比例达到91.6%)
        on_its_own = mixed and not any(compatible(u, a.unit) for u in target_units.get((a.span, a.sentence), []))
        if not has_target or a.concept or on_its_own or _stated_completion_follows(a, mentions):
            drafts.append(Draft(actual=a, subject=a.subject, concept=a.concept, under_qualitative=qualitative))
        else:
            unplaced.append((a, "a result in a task whose target names something else"))
    _inherit(drafts, reading)
    _attach_extras(drafts, mentions, reading, unplaced)
    for m in mentions:
        if id(m) in restated:
            unplaced.append((m, "restates a target of the task's own text"))
        if m.role in ("projection", "baseline", "part", "descriptor", "group_count", "other_comparison"):
            unplaced.append((m, m.role))
    return Alignment(drafts, unplaced)


# --- matching ------------------------------------------------------------------------------------


def similarity(a: str, b: str) -> float:
    """How alike two subject phrases are: containment, else the Dice coefficient of character pairs."""
    a, b = _NOISE_RE.sub("", a or ""), _NOISE_RE.sub("", b or "")
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 0.9 if min(len(a), len(b)) >= 2 else 0.3
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 3 and len(short) >= 0.3 * len(long_) and _subsequence(short, long_):
        return 0.7  # an abbreviation: 安防工程 of 农村公路安全生命防护工程, 新增托位 of 新增3岁以下婴幼儿托位
    pa = {a[i : i + 2] for i in range(len(a) - 1)}
    pb = {b[i : i + 2] for i in range(len(b) - 1)}
    if not pa or not pb:
        return 0.0
    return 2 * len(pa & pb) / (len(pa) + len(pb))


def _subsequence(short: str, long_: str) -> bool:
    it = iter(long_)
    return all(ch in it for ch in short)


def _stage_fit(t: Mention, a: Mention) -> float:
    """A result at the stage the target counts answers it best: things finished for a target to build
    (竣工315户 over 已开工480户, and either over 完成设计招标96个), things started for a target to start
    (新开工…300个 takes 新开工238个, not 竣工投产145个); a running total (累计) is not the year's."""
    said = a.data.get("clause") or a.subject or ""
    wanted = t.data.get("clause") or t.subject or ""
    if _PREPARED_RE.search(said) and not _PREPARED_RE.search(wanted):
        return -0.8
    started, finished = bool(_STARTED_RE.search(said)), bool(_FINISHED_RE.search(said)) and not _STARTED_RE.search(said)
    if a.role == "part" and finished:
        # 开工18所,其中已建成5所 answers 新建幼儿园20所 with the part built; 开工改造122个,其中完工86个
        # answers 改造老旧小区100个 with the whole
        return 0.3 if _BUILD_RE.search(wanted) else -0.6
    if _STARTED_RE.search(wanted) or "筹集" in wanted:  # 筹集保障性租赁住房: counted when started
        return 0.3 if started else -0.4 if finished else 0.0
    if started or ("累计" in said and not a.data.get("to_date")):  # …新建5G基站1367个,累计建成6235个: the year's
        return -0.4
    return 0.3 if finished else 0.0


def _mark_totals_to_date(actuals: list[Mention]) -> None:
    """A running total (累计) of a period within the year, with no figure of the year beside it in its text
    (截至8月底,累计建成充电桩1364个), is the year's result so far, not the stock."""
    for a in actuals:
        said = a.data.get("clause") or a.subject or ""
        if "累计" not in said or a.period is None or not a.period.partial:
            continue
        beside = [x for x in actuals if x.span == a.span and x is not a and x.unit.base == a.unit.base
                  and "累计" not in (x.data.get("clause") or x.subject or "")
                  and not x.data.get("change")  # 较去年同期增加9天: a change, no figure of the year
                  and not _month_only(x)]  # 4月份21天,1-4月累计76天
        a.data["to_date"] = not any(similarity(x.subject, a.subject) >= 0.5 for x in beside)


def _month_only(m: Mention) -> bool:
    """Whether a figure is a single month's own (``4月份…21天``, ``当月``)."""
    return bool(c.MONTH_SAID_RE.search(m.data.get("clause") or ""))


def _score(t: Mention, a: Mention) -> float | None:
    if not compatible(t.unit, a.unit):
        return None
    score = 0.0
    if t.concept and a.concept:
        if t.concept != a.concept:
            return None
        score += 3.0
    said = similarity(t.subject, a.subject)
    if t.inherited and t.data.get("clause"):  # 建设住房10万套,基本建成8万套: the clause of its own names it
        said = max(said, similarity(t.data["clause"], a.data.get("clause") or a.subject))
    score += 2.0 * said
    score += _stage_fit(t, a)
    if a.role == "part" and t.data.get("part"):  # …120所,其中幼儿园80所 answers to the result's own 其中
        score += 0.5
    elif a.role == "part" and not _FINISHED_RE.search(a.data.get("clause") or ""):
        # 投资增长8.2%,其中民间投资增长5.3%: a part answers a target for the whole only when it is named
        score -= 0.4 if similarity(t.subject, a.subject) < 0.8 else 0.0
    if _month_only(a) and not _month_only(t):
        score -= 0.5  # 4月份…21天 beside 1-4月累计…76天: a month's own result answers no target of the year
    if a.data.get("change") and t.verb not in ("up", "down"):
        score -= 1.0  # 138.5亿斤,比上年增产7.2亿斤 against a target for the level: the change is no answer
    if t.unit.dimension == "percent":
        rate_t, rate_a = t.verb in ("up", "down"), a.verb in ("up", "down")
        score += 0.5 if rate_t == rate_a else -0.5
    if t.span == a.span:
        if t.sentence == a.sentence:  # 计划X…,现已Y: the plan and its result in one sentence
            score += 1.2 if a.data.get("cue") == "strong" and t.start < a.start else 0.8
        else:
            score += 0.2
    return score


def _match(targets: list[Mention], actuals: list[Mention]) -> dict[int, Mention]:
    """Greedy pairing by score; a lone compatible pair is kept even when its subjects say little."""
    candidates = []
    compatible_of: dict[int, list[Mention]] = {id(t): [] for t in targets}  # in reading order
    count_a: Counter = Counter()
    for i, t in enumerate(targets):
        for j, a in enumerate(actuals):
            score = _score(t, a)
            if score is not None:
                candidates.append((score, -i, -j, t, a))
                compatible_of[id(t)].append(a)
                count_a[id(a)] += 1
    candidates.sort(key=lambda x: (x[0], x[1], x[2]), reverse=True)
    pairs: dict[int, Mention] = {}
    taken: set[int] = set()
    for score, _, _, t, a in candidates:
        if id(t) in pairs or id(a) in taken:
            continue
        # candidates come best first: the first free one seen for a target is its best left
        alone = count_a[id(a)] == 1
        if score >= MIN_SCORE or alone or len(compatible_of[id(t)]) == 1 and count_a[id(a)] == 1:
            if _enumerated(t, a, actuals):
                continue
            pairs[id(t)] = a
            taken.add(id(a))
    return pairs


def _pair_by_stated_share(pairs: dict[int, Mention], targets: list[Mention], actuals: list[Mention],
                          mentions: list[Mention]) -> None:
    """A result followed by the share of its plan it makes (583.4亿元,完成年度计划的88.4%) pairs with the one
    free target it is that share of (660亿元), whatever their names say."""
    taken = {id(a) for a in pairs.values()}
    for k, a in enumerate(mentions):
        if id(a) in taken or a not in actuals or a.value <= 0:
            continue
        share = next((m for m in mentions[k + 1 : k + 3] if m.role == "completion" and m.span == a.span), None)
        if share is None or not share.value:
            continue
        fits = [t for t in targets if id(t) not in pairs and t.value > 0 and compatible(t.unit, a.unit)
                and abs(100 * _ratio(a, t) - share.value) <= max(0.15, 0.002 * share.value)]
        if len(fits) == 1:
            pairs[id(fits[0])] = a
            taken.add(id(a))


def _ratio(a: Mention, t: Mention) -> float:
    """``a`` over ``t`` with their scales (万 vs 亿) taken into account."""
    return (a.value * a.unit.scale) / (t.value * t.unit.scale)


def _enumerated(t: Mention, a: Mention, actuals: list[Mention]) -> bool:
    """A target counting several kinds together (A、B或C企业项目3个) whose results come one kind at a time
    has no single actual: pairing it with one part would misstate it."""
    parts = [p for p in re.split(r"、|或", t.subject) if len(p) >= 2]
    if len(parts) < 2 or all(p in a.subject for p in parts):
        return False  # the result names the whole list (新建、改扩建幼儿园35所): it is the whole
    hits = [
        x
        for x in actuals
        if compatible(t.unit, x.unit) and any(p in x.subject for p in parts) and not all(p in x.subject for p in parts)
    ]
    return len(hits) >= 2


def _restated(targets: list[Mention]) -> set[int]:
    """Targets of the progress text that repeat one of the target text (为年度计划80亿元的110.8%)."""
    own = {(t.value, t.unit.base) for t in targets if not t.data.get("in_progress")}
    restated = {id(t) for t in targets if t.data.get("in_progress") and (t.value, t.unit.base) in own}
    seen: set[tuple] = set()
    for t in targets:  # 新增高标准农田3万亩。年度目标:3万亩: the figure again, under a label and no name
        key = (t.value, t.unit.base, t.span)
        if key in seen and not t.subject:
            restated.add(id(t))
        seen.add(key)
    return restated


def _expand_targets(targets: list[Mention], reading: Reading) -> list[Mention]:
    """A figure naming several indicators (二氧化硫、氮氧化物排放量下降3%, …均下降3.3%) is one per indicator."""
    out = []
    for t in targets:
        items = t.data.get("items")
        if items and len(items) > 1:
            for item in items:
                clone = copy(t)
                clone.data = {**t.data, "shared_by": len(items)}
                set_subject(clone, item, reading.catalogue)
                out.append(clone)
        else:
            out.append(t)
    return out


def _distribute(drafts: list[Draft], actuals: list[Mention], used: set[int], reading: Reading) -> None:
    """A target for a group (4个结构性指标均实现10%以上增长) holds for each member the progress lists:
    the N results after ``N个…中`` when the progress names the group, else the N results left."""
    for draft in list(drafts):
        t = draft.target
        if t is None or draft.actual is not None or not t.data.get("distributive"):
            continue
        n = t.data["distributive"]
        members = [
            a
            for a in actuals
            if id(a) not in used
            and a.role == "actual"
            and compatible(t.unit, a.unit)
            and (a.verb in ("up", "down")) == (t.verb in ("up", "down"))
        ]
        header = next(
            (m for m in reading.mentions if m.role == "group_count" and m.value == n and m.span != t.span), None
        )
        if header is not None:
            members = [a for a in members if (a.span, a.start) > (header.span, header.start)][:n]
        if len(members) != n or n < 2:
            continue
        draft.actual, draft.subject, draft.concept = members[0], members[0].subject, members[0].concept
        draft.flags.add("target_shared")
        for a in members:
            used.add(id(a))
        for a in members[1:]:
            drafts.append(Draft(target=t, actual=a, subject=a.subject, concept=a.concept, flags={"target_shared"}))


def _share_with_group(drafts: list[Draft], actuals: list[Mention], used: set[int]) -> None:
    """One target after results given together (宽带和专线资费分别下降a和b,远低于原计划降低15%的目标)
    holds for each of them."""
    for draft in list(drafts):
        t, a = draft.target, draft.actual
        if t is None or a is None or a.data.get("group") != "respectively" or t.data.get("group"):
            continue
        for other in actuals:
            if (
                id(other) not in used
                and other.data.get("group") == "respectively"
                and other.span == a.span
                and other.sentence == a.sentence
                and compatible(t.unit, other.unit)
            ):
                used.add(id(other))
                drafts.append(Draft(target=t, actual=other, subject=other.subject, concept=other.concept,
                                    flags={"target_shared"}))
                draft.flags.add("target_shared")


# --- targets without figures ---------------------------------------------------------------------


def _bare_targets(reading: Reading, drafts: list[Draft]) -> list[tuple[Claim, str, str | None]]:
    """Relative and qualitative targets of the target text (no figure of their own)."""
    out = []
    target_spans = {i for i, s in enumerate(reading.block.spans) if s.kind == TARGET}
    numbered = [d for d in drafts if d.target is not None and d.target.span in target_spans]
    for claim in reading.claims:
        if claim.span not in target_spans or claim.kind not in ("in_step", "above", "same_as_region", "qualitative"):
            continue
        text = reading.block.spans[claim.span].text
        # a table's target cell (完成省下达任务) is about its row's indicator
        subject = _subject_before(text, claim.start) or reading.block.spans[claim.span].subject or ""
        if any(d.target.start < claim.start and similarity(d.subject, subject) > 0.6 for d in numbered):
            continue
        out.append((claim, subject, _concept(subject, reading)))
    if not out and not numbered and target_spans:
        span_index = min(target_spans)
        text = reading.block.spans[span_index].text
        claim = Claim(span_index, reading.block.spans[span_index].line, 0, "qualitative", text.strip())
        out.append((claim, text, _concept(text, reading)))
    return out


def _concept(subject: str, reading: Reading) -> str | None:
    """The catalogue concept a target phrase without a figure is about (the first name it gives:
    能耗及生态环境质量指标完成省政府下达任务 is about 能耗)."""
    found = reading.catalogue.find_mentions(subject) if reading.catalogue else []
    return found[0].concept if found else None


def _merge_restated(drafts: list[Draft], reading: Reading) -> None:
    """A qualitative target (能耗…完成省下达任务) whose figure the progress text states (目标为3.2%) takes it."""
    for bare in [d for d in drafts if d.claim is not None and d.claim.kind == "qualitative" and d.concept]:
        in_progress = [d for d in drafts if d.target is not None and d.target.data.get("in_progress")]
        restated = next((d for d in in_progress if d.concept == bare.concept), None)
        if restated is None:
            continue
        restated.claims.extend(bare.claims)
        restated.primary_hint = True
        drafts.remove(bare)


def _repeated_targets(drafts: list[Draft]) -> list[Draft]:
    """Lone targets stated again where their result is given (报告提出…120万户。…120万户的任务全部完成)."""
    paired = [d for d in drafts if d.target is not None and d.actual is not None]
    return [
        d
        for d in drafts
        if d.target is not None and d.actual is None and d.claim is None
        and any(
            p.target.value == d.target.value and p.target.unit.base == d.target.unit.base
            and similarity(p.subject, d.subject) >= 0.5
            for p in paired
        )
    ]


def _inherit(drafts: list[Draft], reading: Reading) -> None:
    """When the task's own figure is missing but its parts are given (城镇、农村居民收入 for 居民收入), each
    part is held to the task's target, flagged ``target_inherited``."""
    primary = next((d for d in drafts if d.primary), None)
    if primary is None or primary.actual is not None or not primary.concept:
        return
    if primary.target is None and (primary.claim is None or primary.claim.kind == "qualitative"):
        return
    for d in drafts:
        if d is primary or d.target is not None or d.claim is not None or d.actual is None or not d.concept:
            continue
        if d.concept.endswith("_" + primary.concept) and d.actual.unit.dimension == "percent":
            d.target, d.claim = primary.target, primary.claim
            d.flags.add("target_inherited")


def _subject_before(text: str, pos: int) -> str:
    start = max((m.end() for m in c.CLAUSE_END_RE.finditer(text, 0, pos)), default=0)
    subject = text[start:pos]
    subject = re.sub(r"(?:增长|增速|增幅|的)?(?:基本|大体|保持)?$", "", subject)
    return subject.strip(" ,，。")


def _actual_for_claim(draft: Draft, actuals: list[Mention], used: set[int], reading: Reading) -> Mention | None:
    """The result a relative target is judged on: a growth figure of the same indicator."""
    if draft.claim.kind == "qualitative":
        return _row_result(draft, actuals, used, reading)
    best, best_score = None, 0.0
    for a in actuals:
        if id(a) in used or a.unit.dimension != "percent":
            continue
        if draft.concept and a.concept and a.concept != draft.concept:
            continue  # 居民收入 is not 农村居民收入: a part may inherit the target, it is not the whole
        score = similarity(draft.subject, a.subject) + (2.0 if draft.concept and a.concept == draft.concept else 0)
        score += 0.5 if a.verb in ("up", "down") else 0
        if best is None or score > best_score:
            best, best_score = a, score
    return best if best is not None and best_score >= 0.5 else None


def _row_result(draft: Draft, actuals: list[Mention], used: set[int], reading: Reading) -> Mention | None:
    """The result of a table row whose target is said in words (完成省下达任务): the row's one result."""
    row = reading.block.spans[draft.claim.span].subject
    if not row:
        return None
    spans = reading.block.spans
    mine = [a for a in actuals if id(a) not in used and a.role == "actual" and spans[a.span].subject == row]
    return mine[0] if len(mine) == 1 else None


# --- the rest ------------------------------------------------------------------------------------


def _best_subject(t: Mention, a: Mention | None) -> str:
    if a is not None and (not t.subject or len(t.subject) <= 1 or t.data.get("role_from") or is_stage_only(t.subject)):
        return a.subject
    return t.subject


def _order_primary(drafts: list[Draft], reading: Reading) -> None:
    """The task's own target is the first one its target text states."""
    target_spans = {i for i, s in enumerate(reading.block.spans) if s.kind == TARGET}

    def where(d: Draft) -> tuple:
        if d.target is not None and d.target.span in target_spans:
            return (0, d.target.span, d.target.start)
        if d.claim is not None and d.claim.span in target_spans:
            return (0, d.claim.span, d.claim.start)
        return (1, 0, 0)

    hinted = [d for d in drafts if d.primary_hint]
    candidates = [d for d in drafts if where(d)[0] == 0]
    if not target_spans:  # an article: its first target is the paragraph's own
        candidates = [d for d in drafts if d.target is not None]
        where = lambda d: (0, d.target.span, d.target.start)  # noqa: E731
    if hinted:
        hinted[0].primary = True
    elif candidates:
        min(candidates, key=where).primary = True


def _attach_extras(drafts: list[Draft], mentions: list[Mention], reading: Reading, unplaced) -> None:
    """Completions, gaps to target, comparisons and ranks go to the figure they follow."""
    sided = [(d.actual, d) for d in drafts if d.actual is not None] + [(d.target, d) for d in drafts if d.target]
    index = _SidedIndex(sided)
    in_order = _completions_in_order(mentions, drafts, reading.block)
    for m in mentions:
        if m.role not in ("completion", "target_gap", "provincial_avg", "provincial_gap", "national_avg",
                          "national_gap", "rank"):
            continue
        owner = in_order.get(id(m)) or _owner(m, index, drafts)
        if owner is None:
            unplaced.append((m, f"{m.role} with no figure to attach to"))
        else:
            owner.extras.append(m)
    for claim in reading.claims:
        if reading.block.spans[claim.span].kind == TARGET:
            continue
        if claim.kind == "outcome":  # 完成省下达的任务: said of the task as a whole
            for d in drafts:
                d.claims.append(claim)
        elif claim.kind in ("comparison", "rank"):
            owner = _owner(claim, index, drafts)
            if owner is not None:
                owner.claims.append(claim)


def _completions_in_order(mentions: list[Mention], drafts: list[Draft], block) -> dict[int, Draft]:
    """A table's 完成率 cell holding one ratio per result of its row (``49.9、47.6``): each goes to the
    result of the same rank, in the order the results are written."""
    cells: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.role == "completion" and block.spans[m.span].role == "completion":
            cells.setdefault(m.span, []).append(m)
    out: dict[int, Draft] = {}
    for span, ratios in cells.items():
        results = sorted((d for d in drafts if d.actual is not None and d.actual.span < span and d.actual.is_level),
                         key=lambda d: (d.actual.span, d.actual.start))
        if len(ratios) > 1 and len(results) == len(ratios):
            out.update({id(m): d for m, d in zip(ratios, results, strict=True)})
    return out


def _stated_completion_follows(a: Mention, mentions: list[Mention]) -> bool:
    """A result followed, before the next figure, by its completion (改造农村公路200公里,完成年度目标的110%)."""
    return a.data.get("next_role") in ("completion", "target_gap")


class _SidedIndex:
    """The results of a block by span, sorted by position, to find the one a phrase follows by bisection."""

    def __init__(self, sided: list[tuple[Mention, Draft]]) -> None:
        self.by_span: dict[int, list[tuple[int, Mention, Draft]]] = {}
        for m, d in sided:
            if m.role in ("actual", "part"):
                self.by_span.setdefault(m.span, []).append((m.start, m, d))
        for rows in self.by_span.values():
            rows.sort(key=lambda r: r[0])
        self.starts = {span: [r[0] for r in rows] for span, rows in self.by_span.items()}
        self.all = sided

    def last_before(self, span: int, pos: int) -> Draft | None:
        rows = self.by_span.get(span)
        if not rows:
            return None
        i = bisect_right(self.starts[span], pos) - 1
        return rows[i][2] if i >= 0 else None

    def at(self, span: int, pos: int) -> Draft | None:
        rows = self.by_span.get(span, [])
        i = bisect_right(self.starts.get(span, []), pos) - 1
        return rows[i][2] if i >= 0 and rows[i][0] == pos else None


def _owner(item, index: _SidedIndex, drafts: list[Draft]) -> Draft | None:
    """The row whose figure comes last before ``item`` in the same span (else the task's own row); a
    completion given for several results at once (分别完成…的a%和b%) goes to the one it names."""
    meant = getattr(item, "data", {}).get("for_start")
    if meant is not None:
        named = index.at(item.span, meant)
        if named is not None:
            return named
    owner = index.last_before(item.span, item.start)
    if owner is not None:
        return owner
    subject = getattr(item, "subject", None)
    if subject:  # a table's 完成比例 cell: the result cell of the same row before it, the one held to a target
        before = [(m, d) for m, d in index.all if m.span < item.span and m.role == "actual" and m.subject == subject]
        before = [x for x in before if x[1].target is not None] or before  # 累计完成 | 同比增长 | 占年度目标
        if before:
            return max(before, key=lambda x: (x[0].span, x[0].start))[1]
    primary = [d for d in drafts if d.primary]
    return primary[0] if primary else None
