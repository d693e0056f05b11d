"""Plan-execution tables: ``指标名称 | 预期增长(%) | 上半年完成(%)`` or ``指标名称 / 单位 / 2024年计划 /
2024年实绩(预计) / 绝对值 / 增长% / 绝对值 / 增长%``, one cell per line or ``|``-separated.

A row is an indicator name followed by its values: the plan's first, then the outcome's. Where the
header has sub-columns (绝对值, 增长) and a row lost its empty cells, the values that remain are the
growth rates (the figure every plan row states). A cell may carry its own unit (``2.7万人以上``) or
words instead of a figure (``与全省保持一致``, ``同比持平``, ``低于控制目标2.1个百分点``). Of running totals by
period (``Q1 | Q2 | Q3 | Q4``), the last filled one is the result; a task column before the target
(``重点工作 | 年度目标``) names the rows. One cell per line, a cell its line wrapped (``改造老旧小区86个、`` /
``1.1万户``) is joined with the line below, a numbered row keeps its cells (words too: ``申报52家``) up to
the next number (an unnumbered row keeps a figure in words), and ``/`` is an empty cell: see ``plan_rows``.
"""

from __future__ import annotations

import math
import re

from ..model import PROGRESS, TARGET, Block, Span
from ..quantities import PURE_NUMBER
from ..text import Document
from . import register
from .cells import Cell, find_header, header_kind, header_unit
from .common import mark_truncated
from .plan_cells import (
    Column,
    RowRead,
    by_column,
    by_figures,
    by_position,
    columns_of,
    dated_kinds,
    is_unit_word,
    latest_of_series,
    number,
)
from .plan_rows import Row, is_value, table_rows


@register("plan_table")
def read_plan_table(doc: Document) -> list[Block]:
    cells = doc.cells
    header = find_header(cells, ({"name", "task"}, {"plan", "task"}, {"actual", "progress"}))
    if header is not None and "name" not in header.kinds:
        header.kinds = _task_as_name(header.kinds)
    if header is None or "name" not in header.kinds:
        return []
    if "actual" not in header.kinds:  # 指标名称 | 年度目标 | 完成情况: the progress column holds the results
        header.kinds = ["actual" if k == "progress" else k for k in header.kinds]
    header.kinds = dated_kinds(header.kinds, header.names)
    columns, has_unit = columns_of(header.kinds, header.names)
    if not columns:
        return []
    positions = by_position(header.kinds, header.names)
    table_unit = _table_unit(cells[max(0, header.first - 4) : header.first])
    if table_unit:  # 单位:% above the header: the unit of every figure the columns do not name one for
        for col in [*columns, *(c for c in positions if isinstance(c, Column))]:
            col.unit = col.unit or table_unit
    read = []
    kinds = header.kinds
    lead_first = "lead" in kinds and kinds.index("lead") < kinds.index("name")
    for row in table_rows(cells[header.start :], "num" in kinds, len(positions), lead_first):
        if row.whole and len(row.values) == len(positions) + 1 and not is_value(row.values[0].text):
            # | 创新驱动 | 研发投入占比 | % | 3.2 | 3.3 |: a category cell, filled on a group's first row only
            row.section, row.name, row.values = ("", row.name.text), row.values[0], row.values[1:]
        named = header_unit(row.name.text) if re.search(r"[(（][^()（）]{1,6}[)）]\s*$", row.name.text) else None
        named = named if named is None or is_unit_word(named) else None  # 改造(含棚户区改造): no unit
        if len(row.values) == len(positions) and (row.whole or len(positions) > len(columns) + has_unit):
            # a whole row, or every cell of a row under a header with columns beyond the figures (比计划增减)
            cells_read = by_column(row.values, positions, named, row.name.text)
        else:
            cells_read = by_figures(row.values, columns, named, has_unit, "lead" in header.kinds)
        cells_read.assigned = latest_of_series(cells_read.assigned)
        if cells_read.assigned:
            read.append((row, cells_read))
    growth_plan = _growth_plans([(r.assigned, r.unit) for _row, r in read])
    blocks = []
    parent = ""
    for row, r in read:
        subject = row.name.text
        if header_kind(subject) == "sub" and parent:  # 地区生产总值(亿元) / 增长(%): the growth of the row above
            subject = re.sub(r"[(（][^()（）]{1,6}[)）]\s*$", "", parent) + subject
        else:
            parent = subject
        blocks.append(_row_block(row, r, subject, growth_plan))
    for b in blocks:
        b.spans = [s for s in b.spans if s.text]
    mark_truncated(blocks, doc.lines)
    return [b for b in blocks if b.spans]


def _row_block(row: Row, r: RowRead, subject: str, growth_plan: bool) -> Block:
    """One row as a block: a span per figure, with its column's role, unit, period and verb."""
    name_cell, values, status, assigned, row_unit = row.name, r.values, r.status, r.assigned, r.unit
    spans = []
    # 年度计划投资(万元) | 1-8月累计: a result column without a unit counts in the plan's
    plan_unit = next((col.unit for _c, col in assigned if col.side == "target" and col.unit), None)
    for cell, col in assigned:
        kind = TARGET if col.side == "target" else PROGRESS
        unit = "%" if growth_plan and col.side == "target" and row_unit not in (None, PURE_NUMBER) else col.unit or row_unit
        unit = unit or (plan_unit if col.side == "actual" else None)
        period = (col.period or "") + ("(预计)" if col.estimated else "") or None
        role = None if col.side in ("target", "actual") else col.side
        verb = "up" if growth_plan and col.side == "target" else col.verb
        signed = 1 if re.match(r"\+\d", cell.text) else 0  # +0.4 in a 比全省(±百分点) column: a sign, not a joiner
        spans.append(Span(cell.line, cell.start + signed, cell.text[signed:], kind, unit=unit, period=period,
                          subject=subject, verb=verb, role=role, damaged=cell.damaged))
    block = Block("plan_table", [Span(name_cell.line, name_cell.start, "", TARGET), *spans], number=row.number or "")
    block.section, block.section_title = row.section
    block.status = status[0].text.rstrip("。.") if status else None
    block.lead_units = r.lead
    block.end_line = max([name_cell.line, *(v.line for v in values), *(v.line for v in status)])
    # the row's cells the columns leave unread (序时进度, 牵头单位) are its own, not another reader's
    block.held_to = max((c.line, c.start + len(c.text)) for c in [name_cell, *row.values])
    block.cells = 1 + len(values) + len(status)
    return block


def _task_as_name(kinds: list[str]) -> list[str]:
    """A header naming its rows by their task (重点工作 | 年度目标 | 一季度完成): a task column followed by a
    target column is the rows' name."""
    k = kinds.index("task") if "task" in kinds else -1
    if k < 0 or not {"task", "plan"} & set(kinds[k + 1 :]):
        return kinds
    return [*kinds[:k], "name", *kinds[k + 1 :]]


def _growth_plans(rows: list[tuple[list[tuple[Cell, Column]], str | None]]) -> bool:
    """Whether the bare plan figures of level rows are growth rates: the outcome is given as a level and a
    growth (1-10月 | 增长% | 全年目标), and the plan column stands by the growths, not by the levels, in
    most rows (10 beside 9.7 rather than 478.6; a row without its level votes for the growth)."""
    votes = 0
    for assigned, row_unit in rows:
        if not row_unit or row_unit in ("%", "％", PURE_NUMBER) or not re.fullmatch(r"-?\d+(?:\.\d+)?", _text_of(assigned, "target")):
            continue
        plan = [number(c.text) for c, col in assigned if col.side == "target" and not col.unit]
        level = [number(c.text) for c, col in assigned if col.side == "actual" and not col.unit]
        growth = [number(c.text) for c, col in assigned if col.side == "actual" and col.unit == "%"]
        if len(plan) != 1 or not plan[0] or not growth or not growth[0]:
            continue
        if not level or not level[0]:
            votes += 1
            continue
        near_growth = abs(math.log10(abs(plan[0]) / abs(growth[0])))
        near_level = abs(math.log10(abs(plan[0]) / abs(level[0])))
        votes += 1 if near_growth < near_level else -1
    return votes > 0


def _text_of(assigned: list[tuple[Cell, Column]], side: str) -> str:
    return next((c.text.strip() for c, col in assigned if col.side == side), "")


_TABLE_UNIT_RE = re.compile(r"^(?:计量)?单位\s*[::]\s*(?P<unit>[^、,，/\s]{1,6})$")


def _table_unit(cells: list[Cell]) -> str | None:
    """The one unit a line above the header gives the whole table (``单位:%``, ``单位:亿元``)."""
    for cell in reversed(cells):
        m = _TABLE_UNIT_RE.match(cell.text.strip())
        if m and is_unit_word(m.group("unit")):
            return "%" if m.group("unit") in ("%", "％") else m.group("unit")
    return None
