"""Pairing a block's targets with its actuals: by subject, unit, verb and distance.

Each target figure looks for the actual that measures the same thing: the same catalogue concept
when both name one, else the closest subject phrase; always a unit of the same dimension. What stays
unpaired is kept: a target without a result, a result without a target (when the block states no
target at all, or the catalogue knows the indicator), or a mention reported as left unplaced.
A stated completion (完成年度计划31%) is attached to the figure it speaks of, never made a target.
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass, field

from . import cues as c
from .mentions import Claim, Mention, Reading, set_subject
from .model import MIXED, TARGET
from .quantities import compatible

#: a pair is kept when its score reaches this (a concept match alone does; a weak subject does not)
MIN_SCORE = 1.0
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
    targets = _expand_targets([m for m in mentions if m.role == "target"], reading)
    actuals = _expand_targets([m for m in mentions if m.role in ("actual", "part")], reading)
    drafts: list[Draft] = []
    unplaced: list[tuple[Mention, str]] = []
    used: set[int] = set()
    pairs = _match([t for t in targets if not t.data.get("distributive")], actuals)
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
    _order_primary(drafts, reading)
    has_target = any(d.target is not None or d.claim is not None for d in drafts)
    qualitative = any(d.claim is not None and d.claim.kind == "qualitative" for d in bare_drafts)
    target_sentences = {(m.span, m.sentence) for m in mentions if m.role == "target"}
    for a in actuals:
        if id(a) in used or (a.role == "part" and not a.concept):
            continue
        mixed = reading.block.spans[a.span].kind == MIXED
        on_its_own = mixed and (a.span, a.sentence) not in target_sentences  # an article's sentence of results
        if not has_target or a.concept or on_its_own or _stated_completion_follows(a, mentions):
            drafts.append(Draft(actual=a, subject=a.subject, concept=a.concept, under_qualitative=qualitative))
        else:
            unplaced.append((a, "a result in a task whose target names something else"))
    _inherit(drafts, reading)
    _attach_extras(drafts, mentions, reading, unplaced)
    for m in mentions:
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
    pa = {a[i : i + 2] for i in range(len(a) - 1)}
    pb = {b[i : i + 2] for i in range(len(b) - 1)}
    if not pa or not pb:
        return 0.0
    return 2 * len(pa & pb) / (len(pa) + len(pb))


def _score(t: Mention, a: Mention) -> float | None:
    if not compatible(t.unit, a.unit):
        return None
    score = 0.0
    if t.concept and a.concept:
        if t.concept != a.concept:
            return None
        score += 3.0
    score += 2.0 * similarity(t.subject, a.subject)
    if t.unit.dimension == "percent":
        rate_t, rate_a = t.verb in ("up", "down"), a.verb in ("up", "down")
        score += 0.5 if rate_t == rate_a else -0.5
    elif t.verb and t.verb == a.verb:
        score += 0.3  # 新增150户 ↔ 新增176户, 达到1800户 ↔ 总数达到1826户
    if t.span == a.span:
        if t.sentence == a.sentence:  # 计划X…,现已Y: the plan and its result in one sentence
            score += 1.2 if a.data.get("cue") == "strong" and t.start < a.start else 0.8
        else:
            score += 0.2
    return score


def _match(targets: list[Mention], actuals: list[Mention]) -> dict[int, Mention]:
    """Greedy pairing by score; a lone compatible pair is kept even when its subjects say little."""
    candidates = []
    for i, t in enumerate(targets):
        for j, a in enumerate(actuals):
            score = _score(t, a)
            if score is not None:
                candidates.append((score, -i, -j, t, a))
    candidates.sort(key=lambda x: (x[0], x[1], x[2]), reverse=True)
    compatible_of_t = {id(t): sum(1 for x in candidates if x[3] is t) for t in targets}
    compatible_of_a = {id(a): sum(1 for x in candidates if x[4] is a) for a in actuals}
    pairs: dict[int, Mention] = {}
    taken: set[int] = set()
    for score, _, _, t, a in candidates:
        if id(t) in pairs or id(a) in taken:
            continue
        alone = compatible_of_a[id(a)] == 1 and _first_compatible(t, actuals, taken) is a
        if score >= MIN_SCORE or alone or compatible_of_t[id(t)] == 1 and compatible_of_a[id(a)] == 1:
            if _enumerated(t, a, actuals):
                continue
            pairs[id(t)] = a
            taken.add(id(a))
    return pairs


def _first_compatible(t: Mention, actuals: list[Mention], taken: set[int]) -> Mention | None:
    return next((a for a in actuals if id(a) not in taken and _score(t, a) is not None), None)


def _enumerated(t: Mention, a: Mention, actuals: list[Mention]) -> bool:
    """A target counting several kinds together (A、B或C企业项目3个) whose results come one kind at a time
    has no single actual: pairing it with one part would misstate it."""
    parts = [p for p in re.split(r"、|或", t.subject) if len(p) >= 2]
    if len(parts) < 2:
        return False
    hits = [x for x in actuals if compatible(t.unit, x.unit) and any(p in x.subject for p in parts)]
    return len(hits) >= 2


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
        subject = _subject_before(text, claim.start)
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
        return None
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


# --- the rest ------------------------------------------------------------------------------------


def _best_subject(t: Mention, a: Mention | None) -> str:
    if a is not None and (not t.subject or len(t.subject) <= 1 or t.data.get("role_from")):
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
    for m in mentions:
        if m.role not in ("completion", "target_gap", "provincial_avg", "provincial_gap", "national_avg",
                          "national_gap", "rank"):
            continue
        owner = _owner(m, sided, drafts)
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
            owner = _owner(claim, sided, drafts)
            if owner is not None:
                owner.claims.append(claim)


def _stated_completion_follows(a: Mention, mentions: list[Mention]) -> bool:
    """A result followed, before the next figure, by its completion (改造农村公路200公里,完成年度目标的110%)."""
    later = [m for m in mentions if m.span == a.span and m.start > a.start]
    return bool(later) and later[0].role in ("completion", "target_gap")


def _owner(item, sided, drafts: list[Draft]) -> Draft | None:
    """The row whose figure comes last before ``item`` in the same span (else the task's own row); a
    completion given for several results at once (分别完成…的a%和b%) goes to the one it names."""
    meant = getattr(item, "data", {}).get("for_start")
    if meant is not None:
        named = [d for m, d in sided if m.span == item.span and m.start == meant and m.role == "actual"]
        if named:
            return named[0]
    before = [
        (m, d)
        for m, d in sided
        if m.span == item.span and m.start <= item.start and m.role in ("actual", "part")
    ]
    subject = getattr(item, "subject", None)
    if not before and subject:  # a table's 完成比例 cell: the result cell of the same row and column before it
        before = [(m, d) for m, d in sided if m.span < item.span and m.role == "actual" and m.subject == subject]
        if before:
            return max(before, key=lambda x: (x[0].span, x[0].start))[1]
    if before:
        return max(before, key=lambda x: x[0].start)[1]
    primary = [d for d in drafts if d.primary]
    return primary[0] if primary else None
