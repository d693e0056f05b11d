"""From paired mentions to table rows: the catalogue's metric ids, signs, units, periods and flags.

The catalogue enriches, it does not gate: a subject it knows gets its metric id and names; one it does
not know keeps its figures under ``metric = unclassified`` with the indicator as written in
``subject``. Signs follow the measure (a fall is negative growth, a positive reduction).
"""

from __future__ import annotations

import math
import re

from ..catalogue import Catalogue
from . import cues as c
from .align import Draft
from .mention_types import Mention
from .meta import ReportMeta
from .model import Block
from .quantities import Unit, convert
from .text import Document

UNCLASSIFIED = "unclassified"
#: text columns given in the report's own characters (read in simplified ones)
_AS_WRITTEN = ("target_text", "subject", "lead_units", "co_units", "provincial_note", "national_note", "stated_outcome")
_CLAIM_COMPARATORS = {"in_step": "in_step_with", "above": "above_benchmark", "same_as_region": "in_step_with"}


def draft_row(
    draft: Draft,
    block: Block,
    task: int,
    label: str,
    doc: Document,
    catalogue: Catalogue,
    meta: ReportMeta,
    columns: list[str],
) -> dict:
    """One row of the targets table (a dict over ``columns``) for a draft of block ``block``."""
    row = dict.fromkeys(columns)
    t, a = draft.target, draft.actual
    measure = _measure(t, a, draft)
    metric, entry = _metric(draft, measure, catalogue, t or a)
    subject = _display_subject(draft, block)
    row.update(
        report_id=meta.report_id,
        task=task,
        task_label=label,
        section=block.section or None,
        metric=metric,
        subject=subject,
        measure=entry.measure if entry else measure,
        indicator_zh=entry.name_zh if entry else subject,
        indicator_en=entry.name_en if entry else subject,
        is_headline=bool(draft.primary and block.main),
        target_text=block.target_text or (_sentence_of(block, t) if t else None),
        target_line=block.target_line if block.target_text or t is None else t.line,
        lead_units=_lead(block, t, a),
        co_units=block.co_units,
        flags="",
    )
    flags: set[str] = set(draft.flags)
    sign_measure = entry.measure if entry else measure
    if t is not None:
        _fill_target(row, t, a, sign_measure, flags)
    elif draft.claim is not None:
        _fill_claim(row, draft, catalogue)
    elif draft.under_qualitative:
        row["comparator"] = "qualitative"
    if a is not None:
        _fill_actual(row, a, t, sign_measure, meta, flags)
    line = (a.line if a is not None else row["target_line"]) or block.first_line
    row["source_line"] = line
    row["source_text"] = doc.original[line - 1].strip() or doc.lines[line - 1].strip()
    for m in draft.extras:
        _fill_extra(row, m, flags)
    if t is None and draft.claim is None and a is not None:
        _target_from_gap(row, a, draft.extras, flags)
        _target_met_flat(row, a, block.spans[a.span].text, flags)
    for claim in draft.claims:
        if claim.kind == "comparison":
            prefix = "provincial" if claim.data.get("region") in c.PROVINCE_WORDS else "national"
            row[f"{prefix}_note"] = row[f"{prefix}_note"] or claim.text
        elif claim.kind == "outcome":
            row["stated_outcome"] = "; ".join(dict.fromkeys(filter(None, [row["stated_outcome"], claim.text])))
        elif claim.kind == "rank" and claim.data.get("rank") and row.get("provincial_rank") is None:
            rank = _rank_number(claim.data["rank"])
            if rank is not None and claim.data.get("scope") in (None, *c.PROVINCE_WORDS):
                row["provincial_rank"] = rank
    if block.status and draft.primary:  # the table's status column is the report's verdict on the task
        row["stated_outcome"] = "; ".join(dict.fromkeys(filter(None, [block.status, row["stated_outcome"]])))
    if (t is not None or draft.claim is not None) and a is None and row["comparator"] not in (None, "qualitative"):
        flags.add("actual_missing")
    if metric == UNCLASSIFIED:
        flags.add("metric_unknown")
    if (t and t.inexact) or (a and a.inexact):
        flags.add("name_inexact")
    if block.truncated:
        flags.add("text_truncated")
    flags.update(note for note in block.notes if note in ("column_guessed", "text_damaged"))
    if meta.year is None:
        flags.add("year_unknown")
    elif meta.year_source == "text":
        flags.add("year_inferred")
    row["flags"] = flags
    near = (row["target_line"], row["source_line"], *range(block.first_line, block.last_held_line + 1))
    for column in _AS_WRITTEN:
        row[column] = doc.as_written(row[column], *near)
    if metric == UNCLASSIFIED:
        row["indicator_zh"] = row["subject"]
    return row


def _sentence_of(block: Block, m: Mention) -> str:
    """The sentence of an article that states a target (its target text)."""
    from .cues import SENTENCE_END_RE

    text = block.spans[m.span].text
    start = max((x.end() for x in SENTENCE_END_RE.finditer(text, 0, m.start)), default=0)
    end = next((x.end() for x in SENTENCE_END_RE.finditer(text, m.end)), len(text))
    return text[start:end].strip()


def _measure(t: Mention | None, a: Mention | None, draft: Draft) -> str:
    """growth, reduction, rate, change_pp, level or level_change, from the unit and the verb."""
    m = t or a
    if m is None:
        return "growth" if draft.claim is not None and draft.claim.kind != "qualitative" else "qualitative"
    if m.unit.dimension == "points":
        return "change_pp"
    if m.unit.dimension == "percent":
        if m.verb == "up":
            return "growth"
        if m.verb == "down":  # a target to cut (能耗下降3%) is a reduction; a fall in a result is negative growth
            return "reduction" if t is not None else "growth"
        if a is not None and a.verb in ("up", "down"):
            return "growth"  # 制造业投资不低于5% judged on 制造业投资同比下降2.4%
        return "rate"
    verb = m.verb if m.verb is not None or a is None else a.verb
    if verb in ("up", "down") and m is a and "比" in (m.data.get("before") or ""):
        return "level_change"
    return "level"


def _metric(draft: Draft, measure: str, catalogue: Catalogue, m: Mention | None):
    concept = draft.concept
    if not concept:
        return UNCLASSIFIED, None
    wanted = {
        "growth": ["growth", "reduction", "rate"],
        "reduction": ["reduction", "growth", "rate"],
        "rate": ["rate", "growth", "reduction"],
        "change_pp": ["change_pp"],
        "level": ["level"],
        "level_change": ["level_change", "level"],
        "qualitative": ["qualitative", "growth", "reduction", "rate", "level"],
    }[measure]
    if draft.claim is not None and draft.target is None and measure == "growth":
        wanted = ["growth", "reduction", "rate", "level"]
    for kind in wanted:
        metric = catalogue.metric_for(concept, kind)
        if metric is None:
            continue
        entry = catalogue.metric(metric)
        if m is not None and entry.unit and not _fits(m.unit, entry.unit):
            return UNCLASSIFIED, None
        return metric, entry
    return UNCLASSIFIED, None


def _fits(unit: Unit, catalogue_unit: str) -> bool:
    """A figure's unit can measure a catalogue metric of ``catalogue_unit`` (万人 fits 万人 and 人)."""
    from .quantities import compatible, parse_unit

    other = parse_unit({"pp": "个百分点"}.get(catalogue_unit, catalogue_unit))
    return other is None or compatible(unit, other)


def _display_subject(draft: Draft, block: Block) -> str:
    subject = (draft.subject or "").strip(" ,，。;；:：、")
    if draft.claim is not None and draft.target is None and draft.actual is None:
        subject = _first_clause(subject or draft.claim.text)  # a target in words: its first clause
    return subject[:60] or (block.target_text or "")[:40]


#: where a clause of a long target ends
_CLAUSE_END_RE = re.compile(r"[,，;；。:：]")


def _first_clause(text: str, longest: int = 24) -> str:
    """A name for a target stated only in words: the text itself when short, else its first clause
    (``激发市场主体活力,充分尊重…`` → ``激发市场主体活力``), never a cut mid-word without a mark."""
    text = text.strip(" ,，。;；:：、")
    if len(text) <= longest:
        return text
    head = _CLAUSE_END_RE.split(text, maxsplit=1)[0].strip()
    if 4 <= len(head) <= longest:
        return head
    return text[: longest - 1] + "…"


def _lead(block: Block, t: Mention | None, a: Mention | None) -> str | None:
    if a is not None:
        span = block.spans[a.span]
        if span.lead_units:
            return span.lead_units
    return block.lead_units


def _sign(measure: str, verb: str | None) -> float:
    """+1 or -1: a fall is negative growth, a rise a negative reduction."""
    if measure == "reduction":
        return -1.0 if verb == "up" else 1.0
    if measure in ("growth", "change_pp", "level_change", "rate"):
        return -1.0 if verb == "down" and measure != "rate" else 1.0
    return 1.0


def _fill_target(row: dict, t: Mention, a: Mention | None, measure: str, flags: set[str]) -> None:
    sign = _sign(measure, t.verb)
    unit = t.unit
    if unit.dimension == "scaled" and a is not None and a.unit.dimension != "scaled":
        unit = Unit(a.unit.written[: len(a.unit.written)] if a.unit.scale == unit.scale else unit.written,
                    a.unit.base, unit.scale, a.unit.dimension)
        if a.unit.scale != unit.scale:
            unit = Unit(unit.written + a.unit.base, a.unit.base, unit.scale, a.unit.dimension)
    row.update(
        comparator="range" if t.high is not None else (t.qualifier or "exact"),
        target_value=t.value * sign,
        target_high=t.high * sign if t.high is not None else None,
        target_unit=unit.display,
    )
    row["_target_unit"] = unit
    if t.damaged:
        flags.add("text_damaged")
    if t.span is not None and t.data.get("in_progress"):
        flags.add("target_from_progress")


#: a gap to a stated aim (预期目标, 年度目标, 年初目标); a margin over a task (超任务17元) is not read back
_GAP_TO_AIM_RE = re.compile(r"目标|预期")


def _target_from_gap(row: dict, a: Mention, extras: list[Mention], flags: set[str]) -> None:
    """``增长5.8%,低于预期目标1.2个百分点``: no target is restated, but the rate and its stated gap in
    percentage points give it (5.8 + 1.2 = 7)."""
    gap, value = row.get("stated_gap_to_target"), row.get("actual_value")
    said = next((m for m in extras if m.role == "target_gap"), None)
    if gap is None or value is None or said is None or not _GAP_TO_AIM_RE.search(said.data.get("clause") or ""):
        return
    if said.unit.dimension != "points" or row.get("actual_unit") != "%":
        return  # a margin of a level (超过年度目标30元) leaves the target unstated
    row.update(comparator="exact", target_value=round(value - gap, 6), target_unit=row.get("actual_unit"))
    flags.add("target_from_gap")


#: a rate said level with the aim right after it (``增长11.2%,与年初预期持平``): a gap of zero
_FLAT_TO_AIM_RE = re.compile(r"\s*[,，]?\s*(?:与|和|同)(?:年初|全年|年度)?(?:预期|目标|计划)(?:目标)?(?:基本)?持平")


def _target_met_flat(row: dict, a: Mention, text: str, flags: set[str]) -> None:
    """``增长11.2%,与年初预期持平`` with no target figure: the target is the rate itself (a gap of zero)."""
    if row.get("target_value") is not None or row.get("actual_unit") != "%":
        return
    if _FLAT_TO_AIM_RE.match(text, a.end):
        row.update(comparator="exact", target_value=row["actual_value"], target_unit="%")
        flags.add("target_from_gap")


def _fill_claim(row: dict, draft: Draft, catalogue: Catalogue) -> None:
    claim = draft.claim
    row["comparator"] = _CLAIM_COMPARATORS.get(claim.kind, "qualitative")
    if claim.kind == "in_step":
        ref = claim.data.get("ref") or ""
        found = catalogue.find_mentions(ref)
        concept = found[-1].concept if found else ("gdp" if "经济" in ref else None)
        row["target_reference"] = catalogue.metric_for(concept, "growth") if concept else None
    elif claim.kind == "above":
        if claim.data.get("region"):
            row["target_reference"] = "national" if claim.data["region"] == "全国" else "provincial"
        else:
            row["target_reference"] = "gdp_growth" if catalogue.metric_for("gdp", "growth") else None
            row["comparator"] = "above_benchmark"
    elif claim.kind == "same_as_region":
        row["target_reference"] = "national" if claim.data.get("region") == "全国" else "provincial"


def _fill_actual(row: dict, a: Mention, t: Mention | None, measure: str, meta: ReportMeta, flags: set[str]) -> None:
    value = a.value * _sign(measure, a.verb)
    unit = a.unit
    target_unit = row.pop("_target_unit", None)
    if target_unit is not None and target_unit.written != unit.written:
        converted = convert(value, unit, target_unit)
        if converted is not None:
            value, unit = converted, target_unit
            flags.add("unit_converted")
    row.update(actual_value=value, actual_unit=unit.display)
    if unit.dimension == "money_usd":
        row["actual_basis"] = "USD"
    elif unit.dimension == "money":
        row["actual_basis"] = "CNY"
    period = a.period
    if period is None:
        row["actual_period"] = meta.period_label
        flags.add("period_assumed")
        if meta.period != "annual":
            flags.add("partial_period")
    else:
        row["actual_period"] = period.label
        if period.partial:
            flags.add("partial_period")
        if period.year is not None and meta.year is not None and period.year < meta.year:
            flags.add("prior_year_data")
        if period.damaged:
            flags.add("text_damaged")
    if a.estimated:
        flags.add("estimated")
    if a.qualifier == "about":
        flags.add("approximate_actual")
    elif a.qualifier == "at_least":
        flags.add("lower_bound_actual")
    if a.damaged:
        flags.add("text_damaged")
    if a.data.get("as_stated"):
        flags.add("actual_as_stated")


def _fill_extra(row: dict, m: Mention, flags: set[str]) -> None:
    role = m.role
    if role == "completion":
        if row["stated_completion_pct"] is None:
            row["stated_completion_pct"] = m.value
        return
    if role == "target_gap":
        if row["stated_gap_to_target"] is None:
            down = m.data.get("dir") in ("低于", "差", "少于") or m.data.get("dir2") in ("低", "少")
            row["stated_gap_to_target"] = -m.value if down else m.value
        return
    if role == "rank":
        if row.get("provincial_rank") is None:
            row["provincial_rank"] = m.value
        return
    prefix, kind = role.split("_")
    if kind == "avg":
        if row[f"{prefix}_avg"] is None:
            row[f"{prefix}_avg"] = m.value
            row[f"{prefix}_avg_source"] = "stated"
        if m.data.get("unclosed"):
            flags.add("text_damaged")
        return
    sign = m.data.get("sign")
    if sign is None:
        sign = 1.0
        flags.add("direction_inferred")
    gap = sign * m.value
    row[f"{prefix}_gap_pp"] = gap
    actual = row.get("actual_value")
    if row[f"{prefix}_avg"] is None and actual is not None and not _missing(actual):
        row[f"{prefix}_avg"] = round(actual - gap, 6)
        row[f"{prefix}_avg_source"] = "derived"
    if m.unit.written == "百分点" or m.data.get("unclosed"):
        flags.add("text_damaged")


def _rank_number(text: str) -> float | None:
    digits = "一二三四五六七八九十"
    if text.isdigit():
        return float(text)
    if text in digits:
        return float(digits.index(text) + 1)
    if text.startswith("十") and len(text) == 2 and text[1] in digits:
        return 10.0 + digits.index(text[1]) + 1
    return None


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))

