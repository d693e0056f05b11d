"""The rows of a plan-execution table (see ``plan_table``): where each row starts and which cells are its own.

A row starts at its name, or at its number where the header has a 序号 column; a section row heads the
rows after it. One cell per line, a cell its line wrapped (``改造老旧小区86个、`` / ``1.1万户``) is joined with
the line below; a numbered row keeps its cells, words too (``申报52家``), up to the next number unless a
sub-row (``其中:…``) starts; an unnumbered row keeps a figure in words no unit cell follows; ``/`` is an
empty cell; blank lines in a flattened table are the empty cells a row lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..quantities import find_quantities
from .cells import EMPTY_CELL, Cell, header_kind, row_number, wrapped
from .common import EMPTY_CELL_RE, FOOTER_RE, SECTION_RE, SUBSECTION_RE, TRUNCATION_RE, looks_like_unit
from .plan_cells import is_unit_word

VALUE_WORDS_RE = re.compile(
    r"^(?:-?\d|同比持平|持平|与全[省国]|完成(?:省|市)?下达|序时推进|按序时|低于|高于|达到|已完成|未完成|(?:下降|增长)(?=\s*-?\d)|基本持平|—|-$|[<>≤≥＜＞]\s*\d)"
)


def is_value(text: str) -> bool:
    """A value's cell: a figure, words standing for one (持平, 完成省下达…), or a unit."""
    return bool(VALUE_WORDS_RE.match(text) or is_unit_word(text))


@dataclass
class Row:
    name: Cell
    values: list[Cell]
    number: str | None = None
    section: tuple[str, str] = ("", "")
    whole: bool = False  # a whole ``|`` row on one line: its cells stand under the header's columns


def table_rows(cells: list[Cell], numbered: bool, width: int = 0, lead_first: bool = False) -> list[Row]:
    """Rows until the table ends (a paragraph, the footer). A row starts at its name (or, where the header
    has a 序号 column, at its number); a short section row (``一、稳就业促增收``) heads the rows after it.
    In a table of one cell per line with no blank lines between its cells, each blank line in a row of fewer
    than ``width`` cells is an empty cell it lost (two blank lines at a row's end: its last two cells). Where
    the lead unit's column comes before the name, a unit's cell goes with the row named after it."""
    rows: list[Row] = []
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
        if len(text) > 40 and not VALUE_WORDS_RE.match(text):
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
        valued = is_value(text) or bool(EMPTY_CELL_RE.match(text))  # ``/``: an empty cell
        valued = valued and not (not breaks and rows and _second_unit(cells, k, rows[-1]))
        if rows and rows[-1].whole and cell.line != rows[-1].name.line and not cell.row_start and not cell.cont:
            new_row = True  # a line after a whole ``|`` row is no cell of it
        if rows and not breaks and not rows[-1].values and not valued and number is None and (
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
            not breaks and not valued and header_kind(text) is None and not held
        ):
            row_whole = cell.row_start or ((number is not None or lead is not None) and whole)
            rows.append(Row(cell, [lead] if lead else [], number, section, whole=row_whole))
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
    return not next_row and (is_value(after.text) or bool(EMPTY_CELL_RE.match(after.text)))


def _second_unit(cells: list[Cell], k: int, row: Row) -> bool:
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


def _fill(row: Row, last: int, missing: int) -> None:
    """Empty cells for the blank lines after line ``last``, the cells a row lost."""
    row.values += [Cell(last + 1 + n, 0, EMPTY_CELL) for n in range(max(0, missing))]


def _consecutive(cells: list[Cell]) -> bool:
    """Whether the cells stand on consecutive lines, bar a few (a table flattened without blank lines)."""
    steps = [b.line - a.line for a, b in zip(cells, cells[1:], strict=False)]
    return len(steps) >= 8 and sum(1 for step in steps if step == 1) >= 0.8 * len(steps)


def _names_next(cells: list[Cell], k: int) -> bool:
    """Whether the cell after ``k`` is a name (so ``k`` numbers a row), not a figure or a unit."""
    after = next((c for c in cells[k + 1 :] if not c.brk), None)
    return after is not None and not (is_value(after.text) or EMPTY_CELL_RE.match(after.text))
