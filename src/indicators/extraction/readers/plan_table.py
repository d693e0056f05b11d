"""Plan-execution tables: ``指标名称 | 预期增长(%) | 上半年完成(%)`` or ``指标名称 / 单位 / 2024年计划 /
2024年实绩(预计) / 绝对值 / 增长% / 绝对值 / 增长%``, one cell per line or ``|``-separated.

A row is an indicator name followed by its values: the plan's first, then the outcome's. Where the
header has sub-columns (绝对值, 增长) and a row lost its empty cells, the values that remain are the
growth rates (the figure every plan row states). A cell may carry its own unit (``2.7万人以上``) or
words instead of a figure (``与全省保持一致``, ``同比持平``, ``低于控制目标2.1个百分点``). Of running totals by
period (``Q1 | Q2 | Q3 | Q4``), the last filled one is the result; a task column before the target
(``重点工作 | 年度目标``) names the rows. One cell per line, a cell its line wrapped (``改造老旧小区86个、`` /
``1.1万户``) is joined with the line below, a numbered row keeps its cells (words too: ``申报52家``) up to
the next number (an unnumbered row keeps a figure in words), and ``/`` is an empty cell.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..model import PROGRESS, TARGET, Block, Span
from ..quantities import PURE_NUMBER, find_quantities
from ..text import Document
from . import register
from .cells import EMPTY_CELL, Cell, find_header, header_kind, header_unit, row_number, wrapped
from .common import (
    EMPTY_CELL_RE,
    FOOTER_RE,
    SECTION_RE,
    SUBSECTION_RE,
    TRUNCATION_RE,
    looks_like_unit,
    mark_truncated,
)
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

_VALUE_WORDS_RE = re.compile(
    r"^(?:-?\d|同比持平|持平|与全[省国]|完成(?:省|市)?下达|序时推进|按序时|低于|高于|达到|已完成|未完成|(?:下降|增长)(?=\s*-?\d)|基本持平|—|-$|[<>≤≥＜＞]\s*\d)"
)


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
    for row in _rows(cells[header.start :], "num" in kinds, len(positions), lead_first):
        if row.whole and len(row.values) == len(positions) + 1 and not _is_value(row.values[0].text):
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


def _row_block(row: _Row, r: RowRead, subject: str, growth_plan: bool) -> Block:
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


def _is_value(text: str) -> bool:
    return bool(_VALUE_WORDS_RE.match(text) or is_unit_word(text))


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


@dataclass
class _Row:
    name: Cell
    values: list[Cell]
    number: str | None = None
    section: tuple[str, str] = ("", "")
    whole: bool = False  # a whole ``|`` row on one line: its cells stand under the header's columns


def _rows(cells: list[Cell], numbered: bool, width: int = 0, lead_first: bool = False) -> list[_Row]:
    """Rows until the table ends (a paragraph, the footer). A row starts at its name (or, where the header
    has a 序号 column, at its number); a short section row (``一、稳就业促增收``) heads the rows after it.
    In a table of one cell per line with no blank lines between its cells, each blank line in a row of fewer
    than ``width`` cells is an empty cell it lost (two blank lines at a row's end: its last two cells). Where the lead unit's column comes before the name, a
    unit's cell goes with the row named after it."""
    rows: list[_Row] = []
    lead: Cell | None = None
    breaks = sum(1 for c in cells[:60] if c.brk) >= 2
    blanks = not breaks and width > 0 and _consecutive([c for c in cells[:60] if not c.brk])
    last = 0
    new_row = True
    number: str | None = None
    whole = False
    previous = 0
    section = ("", "")
    for k, cell in enumerate(cells):
        if cell.brk:
            new_row = True
            continue
        text = cell.text
        if TRUNCATION_RE.match(text) or FOOTER_RE.match(text):
            if blanks and rows and cell.line - last - 1 == width - len(rows[-1].values):
                _fill(rows[-1], last, cell.line - last - 1)  # the last row's empty cells, then the note
            break
        heading = SECTION_RE.match(text) or SUBSECTION_RE.match(text)
        if heading:
            if len(text) > 24 or re.search(r"[。;；]", text):
                break
            section = (heading.group("num"), heading.group("text") or text)
            new_row = True
            continue
        if len(text) > 40 and not _VALUE_WORDS_RE.match(text):
            break
        if blanks and rows:  # each blank line an empty cell, as many as the row lacks
            _fill(rows[-1], last, min(cell.line - last - 1, width - len(rows[-1].values)))
        last = cell.line
        n = row_number(cell) if numbered and _names_next(cells, k) else None
        if n is not None and (previous < n <= previous + 3 or (new_row and breaks)) and number is None:
            number, previous, new_row, whole = str(n), n, True, cell.row_start
            continue
        if lead_first and lead is None and looks_like_unit(text) and (number is not None or new_row or not breaks):
            lead, whole = cell, whole or cell.row_start  # 市发改委 / 地区生产总值 / …: the row's lead unit first
            continue
        is_value = _is_value(text) or bool(EMPTY_CELL_RE.match(text))  # ``/``: an empty cell
        is_value = is_value and not (not breaks and rows and _second_unit(cells, k, rows[-1]))
        if rows and rows[-1].whole and cell.line != rows[-1].name.line and not cell.row_start and not cell.cont:
            new_row = True  # a line after a whole ``|`` row is no cell of it
        if rows and not breaks and not rows[-1].values and not is_value and number is None and (
            len(text) <= 6 and not _has_figure(text) or wrapped(rows[-1].name.text, text)
        ):
            name = rows[-1].name  # 规模以上工业增加值 / 增长: a name wrapped over two cells
            rows[-1].name = Cell(name.line, name.start, name.text + text, name.row_start)
            continue
        if rows and not breaks and rows[-1].values and wrapped(rows[-1].values[-1].text, text):
            rows[-1].values[-1] = _joined(rows[-1].values[-1], text)  # 改造老旧小区86个、 / 1.1万户: one cell
            continue
        # a numbered row's cells go on to the next number, bar a sub-row (其中:…); an unnumbered row keeps a
        # figure in words (申报52家, 新建8.5万亩) that no figure follows
        held = bool(rows) and len(rows[-1].values) < width and (
            rows[-1].number is not None and not _starts_sub_row(cells, k, previous) if numbered
            else _figure_in_words(cells, k)
        )
        if number is not None or (breaks and new_row) or (
            not breaks and not is_value and header_kind(text) is None and not held
        ):
            row_whole = cell.row_start or ((number is not None or lead is not None) and whole)
            rows.append(_Row(cell, [lead] if lead else [], number, section, whole=row_whole))
            new_row, number, lead = False, None, None
            continue
        if rows:
            rows[-1].values.append(cell)
        new_row = False
    return rows


_SUB_ROW_RE = re.compile(r"^(?:其中|含|包括|[#＃]|[(（]\d{1,2}[)）]|——)")


def _starts_sub_row(cells: list[Cell], k: int, previous: int) -> bool:
    """Whether cell ``k``, inside a numbered row, names an unnumbered row of its own: ``其中:工业投资``, or
    words without a figure followed by a figure that is not the next row's number."""
    text = cells[k].text.strip()
    if _SUB_ROW_RE.match(text):
        return True
    after = next((c for c in cells[k + 1 :] if not c.brk), None)
    if after is None or re.search(r"\d", text):
        return False
    n = row_number(after)
    next_row = n is not None and previous < n <= previous + 3
    return not next_row and (_is_value(after.text) or bool(EMPTY_CELL_RE.match(after.text)))


def _second_unit(cells: list[Cell], k: int, row: _Row) -> bool:
    """Whether cell ``k`` names the next row though it starts with a figure (``10亿元以上项目`` / ``个``): a
    unit cell follows it, and the row it would join has its unit cell already."""
    after = next((c for c in cells[k + 1 :] if not c.brk), None)
    return (
        after is not None and is_unit_word(after.text) and not is_unit_word(cells[k].text)
        and any(is_unit_word(v.text) for v in row.values)
    )


def _has_figure(text: str) -> bool:
    """Whether ``text`` holds a quantity with its unit (``52家``, ``7.2万亩``)."""
    return any(q.unit is not None for q in find_quantities(text))


def _figure_in_words(cells: list[Cell], k: int) -> bool:
    """Whether cell ``k`` is a figure said in words (``申报52家``, ``已完工7.2万亩``): a quantity with its unit,
    not followed by a unit cell (as a name is: ``10亿元以上项目`` / ``个``)."""
    if not _has_figure(cells[k].text):
        return False
    after = next((c for c in cells[k + 1 :] if not c.brk), None)
    return after is None or not is_unit_word(after.text)


def _joined(cell: Cell, text: str) -> Cell:
    """A cell and the line its text wrapped onto, as one cell (read from the first line's offset)."""
    return Cell(cell.line, cell.start, cell.text + text, cell.row_start, cell.brk, cell.cont, cell.damaged)


def _fill(row: _Row, last: int, missing: int) -> None:
    """Empty cells for the blank lines after line ``last``, the cells a row lost."""
    row.values += [Cell(last + 1 + n, 0, EMPTY_CELL) for n in range(max(0, missing))]


def _consecutive(cells: list[Cell]) -> bool:
    """Whether the cells stand on consecutive lines, bar a few (a table flattened without blank lines)."""
    steps = [b.line - a.line for a, b in zip(cells, cells[1:], strict=False)]
    return len(steps) >= 8 and sum(1 for step in steps if step == 1) >= 0.8 * len(steps)


_TABLE_UNIT_RE = re.compile(r"^(?:计量)?单位\s*[::]\s*(?P<unit>[^、,，/\s]{1,6})$")


def _table_unit(cells: list[Cell]) -> str | None:
    """The one unit a line above the header gives the whole table (``单位:%``, ``单位:亿元``)."""
    for cell in reversed(cells):
        m = _TABLE_UNIT_RE.match(cell.text.strip())
        if m and is_unit_word(m.group("unit")):
            return "%" if m.group("unit") in ("%", "％") else m.group("unit")
    return None


def _names_next(cells: list[Cell], k: int) -> bool:
    """Whether the cell after ``k`` is a name (so ``k`` numbers a row), not a figure or a unit."""
    after = next((c for c in cells[k + 1 :] if not c.brk), None)
    return after is not None and not (_is_value(after.text) or EMPTY_CELL_RE.match(after.text))
