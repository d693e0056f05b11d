"""Task tables: ``序号 / 工作任务 / 牵头责任单位 / 完成情况`` and their variants, flattened.

Rows start at a number that continues the numbering (or at a line holding a whole ``|`` row). A row's
cells are read by what they look like: the first text is the target (a target broken over lines is
joined), unit names are the responsible units, a short status word (已完成) the status, and the rest
progress text; a task may list several units, each with its own progress. A section row
(``一、确保完成全年主要预期目标``) restarts the numbering and marks the main targets. Without a header,
a run of numbered rows whose first cell states a target is read the same way.
"""

from __future__ import annotations

import re

from ..model import PROGRESS, TARGET, Block, Span
from ..text import Document
from . import register
from .cells import Cell, find_header, header_period, row_number
from .common import FOOTER_RE, SECTION_RE, STATUS_RE, TRUNCATION_RE, is_main_section, looks_like_unit, mark_truncated

_NEW_UNIT_START = tuple("市县区省各")


@register("table")
def read_task_table(doc: Document) -> list[Block]:
    cells = doc.cells
    header = find_header(cells, ({"task", "name"}, {"progress", "actual", "status"}))
    if header is not None and "task" not in header.kinds and not {"progress", "status"} & set(header.kinds):
        header = None  # 指标名称 / 目标值 / 完成值: a plan table, for the plan-table reader
    if header is None:
        return _headerless(doc, cells)
    kinds = header.kinds
    period = next((header_period(n) for n, k in zip(header.names, kinds, strict=True) if k == "progress"), None)
    rows = _rows(cells[header.start :])
    blocks = _blocks(rows, kinds, period, doc)
    mark_truncated(blocks, doc.lines)
    return blocks


def _rows(cells: list[Cell]) -> list[tuple[tuple[str, str], str, list[Cell]]]:
    """((section marker, title), number, cells) per row; reading stops at a truncation marker or the footer."""
    rows: list[tuple[tuple[str, str], str, list[Cell]]] = []
    section = ("", "")
    previous = 0
    whole = closed = False  # the row was a whole line; a paragraph after it closed it
    row_line = 0  # the line of the last row's number
    for k, cell in enumerate(cells):
        if cell.brk:
            continue
        if TRUNCATION_RE.match(cell.text) or FOOTER_RE.match(cell.text):
            break
        number = row_number(cell)
        inside = whole and rows and cell.line == row_line and not cell.row_start  # | 2 | 新增上市企业 | 家 | 3 | 1 |
        if number is not None and (previous < number <= previous + 3 and not inside or (cell.row_start and number >= 1)):
            previous, whole, closed, row_line = number, cell.row_start, False, cell.line
            rows.append((section, str(number), []))
            continue
        sec = SECTION_RE.match(cell.text)
        if sec and len(cell.text) <= 40 and not cell.text.endswith("。"):
            section = (sec.group("num"), sec.group("text") or cell.text)
            previous = 0
            continue
        closed = closed or (whole and _paragraph_after(cells, k))
        if rows and not closed:
            rows[-1][2].append(cell)
    return rows


def _paragraph_after(cells: list[Cell], k: int) -> bool:
    """Whether cell ``k`` is a line of its own after a blank line, below a row written whole on one line:
    the text after the table (a closing sentence), not a cell of its last row."""
    before = next((c for c in reversed(cells[:k]) if not c.brk), None)
    after = cells[k + 1] if k + 1 < len(cells) else None
    alone = not cells[k].row_start and (after is None or after.brk or after.line != cells[k].line)
    return alone and before is not None and cells[k].line > before.line + 1


def _blocks(rows, kinds: list[str], period: str | None, doc: Document) -> list[Block]:
    any_main = any(is_main_section(title) for (_, title), _, _ in rows)
    blocks = []
    for (marker, title), number, row_cells in rows:
        if not row_cells:
            continue
        block = _row_block(number, row_cells, kinds, period, doc)
        block.section, block.section_title = marker, title
        block.main = is_main_section(title) if any_main else True
        blocks.append(block)
    return blocks


def _row_block(number: str, cells: list[Cell], kinds: list[str], period: str | None, doc: Document) -> Block:
    """One table row as a task block, following the header's column order."""
    positional = cells and cells[0].row_start is False and len(cells) == len(kinds) - ("num" in kinds)
    rates = _rate_cells(cells, kinds) if len(cells) == len(kinds) - ("num" in kinds) else set()
    lead_first = {"lead", "task"} <= set(kinds) and kinds.index("lead") < kinds.index("task")
    tokens = _tokens(cells, lead_first)
    block = Block("table", [], number=number)
    row_name = None
    if {"name", "task"} <= set(kinds) and kinds.index("name") < kinds.index("task") and len(tokens) > 1:
        row_name = tokens[0][1][0].text  # 项目名称 / 年度目标 / 完成情况: the name, then the target
        tokens = tokens[1:]
    units_first = kinds.index("lead") < kinds.index("progress") if {"lead", "progress"} <= set(kinds) else False
    has_co = "co" in kinds
    leads: list[str] = []
    cos: list[str] = []
    runs: list[tuple[list[str], list[Cell]]] = []
    seen_unit = False
    target_cells: list[Cell] = []
    for k, (kind, token_cells) in enumerate(tokens):
        if kind == "text" and (k == 0 or lead_first and not target_cells and all(t == "unit" for t, _ in tokens[:k])):
            target_cells.extend(token_cells)  # the first text; after the lead where the header puts it first
            continue
        if kind == "unit":
            name = "".join(c.text for c in token_cells).strip().rstrip("。.;；,，、 ")
            if not runs or runs[-1][1] or not seen_unit:
                runs.append(([], []))
            first_of_run = not runs[-1][0]
            runs[-1][0].append(name)
            (cos if has_co and not first_of_run else leads).append(name)
            seen_unit = True
        elif kind == "status":
            block.status = token_cells[0].text.rstrip("。.")
        elif units_first and not seen_unit and target_cells and not positional:
            target_cells.extend(token_cells)  # a target broken over several lines
        else:
            if not runs:
                runs.append(([], []))
            runs[-1][1].extend(token_cells)
    for c in target_cells:
        block.spans.append(Span(c.line, c.start, c.text, TARGET, subject=row_name))
    paired = [(units, texts) for units, texts in runs if units and texts]
    several = units_first and len(paired) > 1
    for units, texts in runs:
        for c in texts:
            rate = id(c) in rates  # 完成率 / 完成进度(%): the completion the table states
            block.spans.append(
                Span(c.line, c.start, c.text, PROGRESS, period=period, subject=row_name,
                     lead_units="、".join(units) if several else None,
                     unit="%" if rate else None, role="completion" if rate else None)
            )
    block.end_line = max(c.line for c in cells)
    block.cells = len(cells)
    block.lead_units = "、".join(dict.fromkeys(leads)) or None
    block.co_units = "、".join(dict.fromkeys(cos)) or None
    if not block.spans:
        block.spans.append(Span(cells[0].line, cells[0].start, cells[0].text, TARGET))
    return block


#: a 完成率 cell: ratios (``108%``, ``49.9、47.6``, ``102.6%(按户数计)``) or an empty mark
_RATE_CELL_RE = re.compile(r"^(?:[—/-]{1,2}|\d+(?:\.\d+)?%?(?:[、,，/]\d+(?:\.\d+)?%?)*)(?:[(（][^()（）]{0,12}[)）])?$")


def _rate_cells(cells: list[Cell], kinds: list[str]) -> set[int]:
    """The cells (by id) under a 完成率 column, where the row has one cell per column and the cell holds
    ratios only."""
    columns = [k for k in kinds if k != "num"]
    return {id(c) for c, kind in zip(cells, columns, strict=True) if kind == "rate" and _RATE_CELL_RE.match(c.text.strip())}


_GLUED_RE = re.compile(r"^(?P<text>.+?[。;；])\s*(?P<rest>[^。;；]{2,60})$")


def _unglue(cells: list[Cell]) -> list[Cell]:
    """Split cells run together on one line: a target or progress text followed by a unit name or a status
    (``地区生产总值增长7%以上。市发改委``, ``全年增长7.3%。已完成``)."""
    out = []
    for cell in cells:
        m = _GLUED_RE.match(cell.text)
        rest = m.group("rest").strip() if m else ""
        if m and (looks_like_unit(rest) or STATUS_RE.match(rest)):
            out.append(Cell(cell.line, cell.start, m.group("text")))
            out.append(Cell(cell.line, cell.start + m.start("rest"), rest))
        else:
            out.append(cell)
    return out


def _tokens(cells: list[Cell], lead_first: bool = False) -> list[tuple[str, list[Cell]]]:
    """The cells of a row as ``unit`` / ``status`` / ``text`` tokens; a unit name broken over two lines joined.
    The first cell is a unit only where the header puts the lead column before the task."""
    cells = _unglue(cells)
    tokens: list[tuple[str, list[Cell]]] = []
    j = 0
    while j < len(cells):
        cell = cells[j]
        if (j > 0 or lead_first) and looks_like_unit(cell.text):
            tokens.append(("unit", [cell]))
        elif j > 0 and STATUS_RE.match(cell.text.strip()):
            tokens.append(("status", [cell]))
        elif (
            j > 0
            and j + 1 < len(cells)
            and len(cell.text) <= 20
            and not re.search(r"[。,，;；:：\d%]", cell.text)
            and not cells[j + 1].text.startswith(_NEW_UNIT_START)
            and looks_like_unit(cell.text + cells[j + 1].text)
        ):
            tokens.append(("unit", [cell, cells[j + 1]]))
            j += 1
        else:
            tokens.append(("text", [cell]))
        j += 1
    return tokens


def _headerless(doc: Document, cells: list[Cell]) -> list[Block]:
    """Numbered rows without a header: 1 / target / unit / progress, numbering 1, 2, 3 …"""
    starts = [k for k, c in enumerate(cells) if not c.brk and row_number(c) == 1]
    for k in starts:
        rows = _rows(cells[k:])
        if len(rows) >= 2 and all(len(r[2]) >= 2 for r in rows[:2]):
            kinds = ["num", "task", "lead", "progress"]
            blocks = _blocks(rows, kinds, None, doc)
            if any(b.texts(PROGRESS) for b in blocks):
                mark_truncated(blocks, doc.lines)
                return blocks
    return []
