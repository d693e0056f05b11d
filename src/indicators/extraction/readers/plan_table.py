"""Plan-execution tables: ``指标名称 | 预期增长(%) | 上半年完成(%)`` or ``指标名称 / 单位 / 2024年计划 /
2024年实绩(预计) / 绝对值 / 增长% / 绝对值 / 增长%``, one cell per line or ``|``-separated.

A row is an indicator name followed by its values: the plan's first, then the outcome's. Where the
header has sub-columns (绝对值, 增长) and a row lost its empty cells, the values that remain are the
growth rates (the figure every plan row states). A cell may carry its own unit (``2.7万人以上``) or
words instead of a figure (``与全省保持一致``, ``同比持平``, ``低于控制目标2.1个百分点``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import PROGRESS, TARGET, Block, Span
from ..text import Document
from . import register
from .cells import Cell, find_header, header_kind, header_period, header_unit
from .common import FOOTER_RE, SECTION_RE, STATUS_RE, SUBSECTION_RE, TRUNCATION_RE, mark_truncated

_UNIT_WORD_RE = re.compile(r"^(?:%|％|[万亿千百]?(?:元|美元|人|吨|斤|亩|公里|平方米|千瓦时|户|个|家)|个百分点|百分点|元/人)$")
_VALUE_WORDS_RE = re.compile(
    r"^(?:-?\d|同比持平|持平|与全[省国]|完成(?:省|市)?下达|序时推进|按序时|低于|高于|达到|已完成|未完成|下降|增长|基本持平|—|-$)"
)


@dataclass
class _Column:
    side: str  # target or actual
    unit: str | None
    verb: str | None
    period: str | None
    estimated: bool


@register("plan_table")
def read_plan_table(doc: Document) -> list[Block]:
    cells = doc.cells
    header = find_header(cells, ({"name"}, {"plan"}, {"actual"}))
    if header is None:
        return []
    columns, has_unit = _columns(header.kinds, header.names)
    if not columns:
        return []
    blocks = []
    for name_cell, values in _rows(cells[header.start :]):
        row_unit = header_unit(name_cell.text) if re.search(r"[(（][^()（）]{1,6}[)）]\s*$", name_cell.text) else None
        if has_unit and values and _UNIT_WORD_RE.match(values[0].text):
            row_unit, values = values[0].text, values[1:]
        status = [v for v in values if STATUS_RE.match(v.text.strip())]
        values = [v for v in values if not STATUS_RE.match(v.text.strip())]
        assigned = _assign(values, columns)
        if not assigned:
            continue
        spans = []
        for cell, col in assigned:
            kind = TARGET if col.side == "target" else PROGRESS
            unit = col.unit or row_unit
            period = (col.period or "") + ("(预计)" if col.estimated else "") or None
            role = "completion" if col.side == "completion" else None
            spans.append(Span(cell.line, cell.start, cell.text, kind, unit=unit, period=period,
                              subject=name_cell.text, verb=col.verb, role=role))
        block = Block("plan_table", [Span(name_cell.line, name_cell.start, "", TARGET), *spans])
        block.status = status[0].text.rstrip("。.") if status else None
        block.end_line = max([name_cell.line, *(v.line for v in values), *(v.line for v in status)])
        block.cells = 1 + len(values) + len(status)
        blocks.append(block)
    for b in blocks:
        b.spans = [s for s in b.spans if s.text]
    mark_truncated(blocks, doc.lines)
    return [b for b in blocks if b.spans]


def _columns(kinds: list[str], names: list[str]) -> tuple[list[_Column], bool]:
    sides = [(k, n) for k, n in zip(kinds, names, strict=True) if k in ("plan", "actual")]
    rates = [n for k, n in zip(kinds, names, strict=True) if k == "rate"]
    subs = [n for k, n in zip(kinds, names, strict=True) if k == "sub"]
    columns = []
    if subs and len(subs) % len(sides) == 0:
        per = len(subs) // len(sides)
        for s, (kind, name) in enumerate(sides):
            for sub in subs[s * per : (s + 1) * per]:
                growth = header_unit(sub) == "%"
                columns.append(_column(kind, name, "%" if growth else None, "up" if growth else None))
    else:
        for kind, name in sides:
            unit = header_unit(name)
            verb = "up" if re.search(r"增长|增速|增幅", name) else None
            columns.append(_column(kind, name, unit, verb))
    for name in rates:  # 完成率: the completion the table states, after the figures
        columns.append(_Column("completion", "%", None, header_period(name), False))
    return columns, "unit" in kinds


def _column(kind: str, name: str, unit: str | None, verb: str | None) -> _Column:
    return _Column("target" if kind == "plan" else "actual", unit, verb, header_period(name), "预计" in name)


def _rows(cells: list[Cell]) -> list[tuple[Cell, list[Cell]]]:
    """(name cell, value cells) per row, until the table ends (a paragraph, a heading, the footer)."""
    rows: list[tuple[Cell, list[Cell]]] = []
    breaks = sum(1 for c in cells[:60] if c.brk) >= 2
    new_row = True
    for cell in cells:
        if cell.brk:
            new_row = True
            continue
        text = cell.text
        if TRUNCATION_RE.match(text) or FOOTER_RE.match(text) or SECTION_RE.match(text) or SUBSECTION_RE.match(text):
            break
        if len(text) > 40 and not _VALUE_WORDS_RE.match(text):
            break
        is_value = bool(_VALUE_WORDS_RE.match(text) or _UNIT_WORD_RE.match(text))
        if (breaks and new_row) or (not breaks and not is_value and header_kind(text) is None):
            rows.append((cell, []))
            new_row = False
            continue
        if rows:
            rows[-1][1].append(cell)
        new_row = False
    return rows


def _assign(values: list[Cell], columns: list[_Column]) -> list[tuple[Cell, _Column]]:
    """Values to columns: all of them in order, or (cells lost) the growth columns of each side."""
    if len(values) == len(columns):
        return list(zip(values, columns, strict=True))
    completion = [c for c in columns if c.side == "completion"]
    if completion and len(values) == len(columns) - len(completion):
        return list(zip(values, [c for c in columns if c.side != "completion"], strict=True))
    sides = [[c for c in columns if c.side == side] for side in ("target", "actual")]
    if len(values) % 2 or not all(sides):
        return []
    half = len(values) // 2
    out = []
    for side_values, side_columns in zip((values[:half], values[half:]), sides, strict=True):
        if len(side_values) > len(side_columns):
            return []
        out.extend(zip(side_values, side_columns[len(side_columns) - len(side_values) :], strict=True))
    return out
