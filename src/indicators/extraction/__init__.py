"""Extraction: a target-versus-actual report becomes a table of targets and actuals.

The step has an inspectable table in the middle (OWID's meadow/garden split):

1. ``text.prepare``: the lines as read (simplified characters, mirror glosses removed);
2. ``readers``: every layout reader turns lines into task blocks;
3. ``mentions.read_block``: every quantity of a block with its role, subject, verb, period;
4. ``align.align``: targets paired with actuals; the best-scoring non-overlapping blocks are kept;
5. ``harmonise.draft_row``: catalogue ids, signs, units, flags — one row per (task, subject, measure).

The mentions (step 3, with whether and where each was placed) are the middle table; the rows the
garden. ``parse_report`` is pure (text in, table out); ``extract_report`` adds the file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from ..catalogue import Catalogue, load_catalogue
from ..fileio import ReportError, read_report_text
from ..labels import FLAG_LABELS
from ..paths import report_id_for
from ..schema import TARGETS_COLUMNS
from .align import Alignment, Draft, align
from .harmonise import UNCLASSIFIED, draft_row
from .mention_types import Reading
from .mentions import read_block
from .meta import ReportMeta, detect_meta
from .model import MIXED, Block
from .readers import READERS
from .readers.common import mark_truncated
from .text import Document, prepare

TARGET_COLUMNS = tuple(TARGETS_COLUMNS)
#: readers of free text (paragraphs): they read what the readers of structures (numbered tasks,
#: tables, lists) leave, so that a task's progress paragraph is never read apart from its task
FREE_READERS = ("article",)
FLAG_ORDER = tuple(FLAG_LABELS)
MENTION_COLUMNS = (
    "report_id",
    "task",
    "task_label",
    "reader",
    "line",
    "start",
    "text",
    "value",
    "value_high",
    "unit",
    "role",
    "verb",
    "qualifier",
    "period",
    "subject",
    "concept",
    "placed",
    "placed_as",
    "note",
    "task_has_target",
)


@dataclass
class _Candidate:
    block: Block
    reading: Reading
    alignment: Alignment
    score: float
    start: int
    end: int


@dataclass
class Extraction:
    """The result of reading one report: the targets table, every quantity read, and the metadata."""

    table: pd.DataFrame
    mentions: pd.DataFrame
    meta: ReportMeta

    @property
    def coverage(self) -> dict:
        """How many quantities were read, and how many of them the table holds."""
        m = self.mentions
        read = int(len(m))
        placed = int(m["placed"].sum()) if read else 0
        # targets and results of tasks that state a target figure, left out: what should have paired
        sides = m[m["role"].isin(["target", "actual"]) & m["task_has_target"]] if read else m
        left = int((~sides["placed"]).sum()) if read else 0
        return {
            "quantities_read": read,
            "quantities_placed": placed,
            "share_placed": round(placed / read, 3) if read else None,
            "targets_and_results_left": left,
            "targets_and_results_in_tasks_with_targets": int(len(sides)),
            "by_role": {str(k): int(v) for k, v in m["role"].value_counts().items()} if read else {},
        }


def parse_report(
    text: str,
    catalogue: Catalogue | None = None,
    report_id: str = "report",
    source_file: str = "<text>",
    year: int | None = None,
    period: str | None = None,
    city: str | None = None,
) -> pd.DataFrame:
    """Parse a report's text into the targets/actuals table (see docs/tables.md).

    ``year``, ``period`` (``annual``, ``Q1``, ``H1``, ``Q1-Q3``, ``M01-M11``) and ``city`` override what
    the title says. The report's metadata is in ``table.attrs["meta"]``; ``read_report`` gives the
    mentions (every quantity read, placed in the table or not) as well.

    Raises:
        ReportError: the text holds no quantitative target or actual at all.

    Example:
        >>> table = parse_report("芜湖市2021年通报\\n一、主要预期目标\\n1.地区生产总值增长8%左右。\\n"
        ...                      "进展情况:2021年,全市地区生产总值增长9.1%。")
        >>> row = table.iloc[0]
        >>> row.metric, float(row.target_value), float(row.actual_value)
        ('gdp_growth', 8.0, 9.1)
    """
    return read_report(text, catalogue, report_id, source_file, year, period, city).table


def read_report(
    text: str,
    catalogue: Catalogue | None = None,
    report_id: str = "report",
    source_file: str = "<text>",
    year: int | None = None,
    period: str | None = None,
    city: str | None = None,
) -> Extraction:
    """Read a report's text: the targets table, the mentions table and the metadata (see ``parse_report``)."""
    from .. import periods as g

    catalogue = catalogue or load_catalogue()
    if period is not None and period != "annual" and g.period_months(f"2000{period}") is None:
        raise ValueError(f"period {period!r} is not annual, Q1, H1, Q1-Q3, M01-M11, ...")
    doc = prepare(text)
    meta = detect_meta(list(doc.lines), report_id, source_file, year, period, city)
    chosen = _choose(doc, catalogue, meta)
    if not any(d.target is not None or d.actual is not None for c in chosen for d in c.alignment.drafts):
        raise ReportError(
            source_file,
            "no figure found: no task, table row or paragraph states a quantitative target or actual "
            "(is this a target-versus-actual report?)",
        )
    meta.layout = "+".join(dict.fromkeys(c.block.reader for c in chosen))
    rows, mentions = _rows(chosen, doc, catalogue, meta)
    table = _typed(rows)
    table.attrs["meta"] = asdict(meta)
    return Extraction(table, pd.DataFrame(mentions, columns=list(MENTION_COLUMNS)), meta)


def extract_report(
    source: str | Path,
    catalogue: Catalogue | None = None,
    report_id: str | None = None,
    year: int | None = None,
    period: str | None = None,
    city: str | None = None,
) -> pd.DataFrame:
    """Read a report file (any common encoding, plain text or saved HTML) and parse it."""
    source = Path(source)
    text = read_report_text(source)
    return parse_report(text, catalogue, report_id or report_id_for(source), str(source), year, period, city)


# --- choosing blocks -----------------------------------------------------------------------------


def _choose(doc: Document, catalogue: Catalogue, meta: ReportMeta) -> list[_Candidate]:
    """The best non-overlapping blocks of all readers (weighted interval scheduling on their extent)."""
    offsets = [0]
    for line in doc.lines:
        offsets.append(offsets[-1] + len(line) + 1)
    order = list(READERS)

    def candidates(names, view: Document) -> list[_Candidate]:
        out = []
        for name in names:
            preference = (len(order) - order.index(name)) * 1e-4
            for block in READERS[name](view):
                first, first_at, last, last_at = block.extent
                start, end = offsets[first - 1] + first_at, offsets[last - 1] + last_at
                if any(a < end and start < b for a, b in taken):
                    continue
                reading = read_block(block, catalogue, meta.year)
                alignment = align(reading)
                score = _score(alignment, block)
                if score > 0:
                    out.append(_Candidate(block, reading, alignment, score + preference, start, max(end, start + 1)))
        return out

    taken: list[tuple[int, int]] = []
    chosen = _best_set(candidates([n for n in order if n not in FREE_READERS], doc))
    taken = [(c.start, c.end) for c in chosen]
    # the readers of free text see only what the structures left (their lines blanked, numbers kept)
    held = {n for c in chosen for n in range(c.block.first_line, c.block.last_held_line + 1)}
    gaps = Document(doc.original, tuple("" if i + 1 in held else line for i, line in enumerate(doc.lines)), doc.maps)
    chosen += _best_set(candidates([n for n in order if n in FREE_READERS], gaps))
    chosen.sort(key=lambda c: c.start)
    return chosen


def _score(alignment: Alignment, block: Block) -> float:
    """What a block is worth: pairs most, then lone targets, then results with a subject (whether or
    not they make a row: a reading that explains a figure is worth more than one that misses it).
    A task without figures is worth a little for each line it holds, so that a table row is not
    outweighed by the numbered list inside one of its cells."""
    score = sum(0.5 for m, _ in alignment.unplaced if m.role == "actual" and m.subject)
    lines = block.last_held_line - block.first_line + 1
    for d in alignment.drafts:
        if d.target is not None and d.actual is not None:
            score += 3.0
        elif d.claim is not None and d.actual is not None:
            score += 2.0
        elif d.target is not None:
            score += 1.0
        elif d.actual is not None:
            score += 0.5 + (0.5 if d.concept else 0.0)
        elif d.claim is not None:
            score += 0.3 if d.claim.kind != "qualitative" else 0.01 * lines
        score += 0.2 * len(d.extras)
    return score


def _best_set(candidates: list[_Candidate]) -> list[_Candidate]:
    """Weighted interval scheduling: the set of non-overlapping blocks with the highest total score."""
    import bisect

    items = sorted(candidates, key=lambda c: c.end)
    ends = [c.end for c in items]
    best = [0.0] * (len(items) + 1)
    take = [False] * len(items)
    for i, c in enumerate(items):
        j = bisect.bisect_right(ends, c.start, 0, i)
        with_it = best[j] + c.score
        if with_it > best[i]:
            best[i + 1], take[i] = with_it, True
        else:
            best[i + 1] = best[i]
    chosen = []
    i = len(items) - 1
    while i >= 0:
        if take[i]:
            chosen.append(items[i])
            i = bisect.bisect_right(ends, items[i].start, 0, i) - 1
        else:
            i -= 1
    return chosen


# --- rows ----------------------------------------------------------------------------------------


def _labels(chosen: list[_Candidate]) -> list[str]:
    """Task labels as written; where numbering restarts in another section, the section goes in front."""
    tops: dict[str, set[str]] = {}
    for c in chosen:
        if c.block.number:
            tops.setdefault(c.block.number.split(".")[0], set()).add(c.block.section)
    restart = any(len(sections) > 1 for sections in tops.values())  # 一、1. 2. … 二、1. 2. …
    labels = []
    for c in chosen:
        number, section = c.block.number, c.block.section
        if number and restart and section:
            sep = "" if section.startswith("(") else "."
            labels.append(f"{section}{sep}{number}")
        else:
            labels.append(number)
    return labels


def _rows(chosen: list[_Candidate], doc: Document, catalogue: Catalogue, meta: ReportMeta):
    mark_truncated([c.block for c in chosen], doc.lines)
    rows: list[dict] = []
    mentions: list[dict] = []
    labels = _labels(chosen)
    worth = [[d for d in c.alignment.drafts if _worth_a_row(d, c.block)] for c in chosen]
    ranks = _task_numbers(chosen, [bool(w) for w in worth])
    for c, label, task, drafts in sorted(zip(chosen, labels, ranks, worth, strict=True), key=lambda x: x[2]):
        placed: dict[int, tuple[str, str]] = {}
        task_rows = []
        chosen_rows: dict[tuple, tuple[dict, Draft]] = {}
        seen_results: set[tuple] = set()
        for d in drafts:
            if d.target is None and d.claim is None and d.actual is not None and d.concept:
                # the same catalogued result read again (a page repeating itself): no row to build
                said = (d.concept, d.actual.unit.dimension, d.actual.verb)
                if said in seen_results:
                    placed.setdefault(id(d.actual), ("", "repeats a figure of the same indicator in this task"))
                    continue
                seen_results.add(said)
            row = draft_row(d, c.block, task, label, doc, catalogue, meta, list(TARGET_COLUMNS))
            key = _key(row)
            if key in chosen_rows and row["metric"] == UNCLASSIFIED:
                row["subject"] = _distinct_subject(row, chosen_rows[key][0], d)
                key = _key(row)
            if key in chosen_rows:
                kept, kept_draft = chosen_rows[key]
                headline = kept["is_headline"] or row["is_headline"]
                if _completeness(d) > _completeness(kept_draft):  # the same indicator read twice: keep the pair
                    kept, kept_draft, d = row, d, kept_draft
                    chosen_rows[key] = (kept, kept_draft)
                kept["is_headline"] = headline
                for m in (d.target, d.actual):
                    if m is not None:
                        placed.setdefault(id(m), ("", "repeats a figure of the same indicator in this task"))
                continue
            chosen_rows[key] = (row, d)
        for row, d in chosen_rows.values():
            task_rows.append(row)
            for side, m in (("target", d.target), ("actual", d.actual)):
                if m is not None:
                    placed[id(m)] = (side, row["metric"])
            for m in d.extras:
                placed[id(m)] = (m.role, row["metric"])
        _basis_from_level(task_rows, catalogue)
        for row in task_rows:
            row["flags"] = ";".join(f for f in FLAG_ORDER if f in row["flags"])
            row.pop("_target_unit", None)
            rows.append(row)
        unplaced = {id(m): reason for m, reason in c.alignment.unplaced}
        has_target = any(m.role == "target" for m in c.reading.mentions)
        for m in c.reading.mentions:
            side, where = placed.get(id(m), ("", ""))
            mentions.append(
                {
                    "report_id": meta.report_id,
                    "task": task or None,
                    "task_label": label or None,
                    "reader": c.block.reader,
                    "line": m.line,
                    "start": c.block.spans[m.span].start + m.start,
                    "text": m.text,
                    "value": m.value,
                    "value_high": m.high,
                    "unit": m.unit.display,
                    "role": m.role,
                    "verb": m.verb,
                    "qualifier": m.qualifier,
                    "period": m.period.label if m.period else None,
                    "subject": m.subject,
                    "concept": m.concept,
                    "placed": id(m) in placed and bool(side),
                    "placed_as": f"{side}:{where}" if side else None,
                    "note": unplaced.get(id(m)) or (where if not side else None),
                    "task_has_target": has_target,
                }
            )
    return rows, mentions


def _task_numbers(chosen: list[_Candidate], has_rows: list[bool]) -> list[int]:
    """Each block's ``task``: its rank in the report's own numbering (section, then number, then sub-item),
    unnumbered blocks in the order they appear, counting only blocks that give rows; so the table does
    not depend on the order the tasks are listed in (blocks without rows get 0)."""
    sections: dict[str, int] = {}
    keys = []
    for position, c in enumerate(chosen):
        section = sections.setdefault(c.block.section, len(sections))
        number = tuple(int(p) for p in c.block.number.split(".") if p.isdigit()) if c.block.number else ()
        keys.append((section, 0 if number else 1, number, position))
    order = sorted((i for i in range(len(chosen)) if has_rows[i]), key=keys.__getitem__)
    ranks = [0] * len(chosen)
    for rank, i in enumerate(order, start=1):
        ranks[i] = rank
    return ranks


def _basis_from_level(task_rows: list[dict], catalogue: Catalogue) -> None:
    """A growth rate whose currency matters (trade: RMB or USD) takes the currency of its level beside it."""
    basis = {}
    for row in task_rows:
        if row["metric"] in catalogue and row.get("actual_basis"):
            basis.setdefault(catalogue.metric(row["metric"]).concept, row["actual_basis"])
    for row in task_rows:
        if row["metric"] in catalogue and row["measure"] == "growth":
            entry = catalogue.metric(row["metric"])
            if "|" in entry.benchmark_metrics:
                row["actual_basis"] = basis.get(entry.concept)
            elif row["actual_unit"] == "%":
                row["actual_basis"] = None


def _distinct_subject(row: dict, other: dict, d: Draft) -> str:
    """A subject told apart from another row's of the same task: by unit (改造老旧小区: 187个, 29342户,
    288.83万平方米), else by the words before the figure (新增规上工业企业150户, 力争达到1800户)."""
    if _unit(row) != _unit(other):
        return f"{row['subject']}({_unit(row)})"
    said = ((d.target or d.actual).data.get("clause") or "") if (d.target or d.actual) else ""
    if said and said not in row["subject"]:
        return f"{row['subject']}({said[-12:]})"
    return f"{row['subject']}({row['task']}.{len(said)})"


def _completeness(d: Draft) -> int:
    """How much a draft holds: a target with its actual, a target, a result."""
    return 2 * (d.target is not None or d.claim is not None) + (d.actual is not None)


def _key(row: dict) -> tuple:
    """The row key: (task, metric, measure), and the subject where the metric is unclassified."""
    return (row["task"], row["metric"], row["subject"] if row["metric"] == UNCLASSIFIED else "", row["measure"])


def _unit(row: dict) -> str:
    return row.get("target_unit") or row.get("actual_unit") or ""


def _worth_a_row(d: Draft, block: Block) -> bool:
    """Targets (a task without a figure only in the main section); results alone when they read as an
    indicator (a verb, a concept, a cue, something attached) or, in a report's free text, name what they
    count (优化公交线路41条)."""
    if d.target is not None:
        return True
    if d.claim is not None:
        return block.main or d.claim.kind != "qualitative" or d.actual is not None
    a = d.actual
    if a is None:
        return False
    named = block.spans[a.span].kind == MIXED and len(a.subject) >= 2 and a.is_level
    return bool(d.concept or a.verb or a.cued or d.extras or d.claims or named)


def _typed(rows: list[dict]) -> pd.DataFrame:
    """The rows as a table with the declared dtypes (numbers float, ids str, flags str), built column by
    column (converting a finished frame column by column costs several times more)."""
    import numpy as np

    from ..schema import column_kinds

    data = {}
    for column, kind in column_kinds().items():
        values = [row.get(column) for row in rows]
        if kind == "float":
            data[column] = np.array([np.nan if v is None else float(v) for v in values], dtype="float64")
        elif kind == "int":
            data[column] = np.array(values, dtype="int64")
        elif kind == "bool":
            data[column] = np.array([bool(v) for v in values], dtype=bool)
        else:
            if column == "flags":
                values = [v or "" for v in values]
            data[column] = pd.array(values, dtype="string")
    table = pd.DataFrame(data)
    return table.sort_values(["task", "is_headline"], ascending=[True, False], kind="stable").reset_index(drop=True)


__all__ = [
    "FLAG_ORDER",
    "MENTION_COLUMNS",
    "TARGET_COLUMNS",
    "ReportMeta",
    "Extraction",
    "detect_meta",
    "extract_report",
    "read_report",
    "parse_report",
]
