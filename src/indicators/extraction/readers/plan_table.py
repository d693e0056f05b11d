"""Plan-execution tables: ``指标名称 | 预期增长(%) | 上半年完成(%)`` or ``指标名称 / 单位 / 2024年计划 /
2024年实绩(预计) / 绝对值 / 增长% / 绝对值 / 增长%``, one cell per line or ``|``-separated.

A row is an indicator name followed by its values: the plan's first, then the outcome's. Where the
header has sub-columns (绝对值, 增长) and a row lost its empty cells, the values that remain are the
growth rates (the figure every plan row states). A cell may carry its own unit (``2.7万人以上``) or
words instead of a figure (``与全省保持一致``, ``同比持平``, ``低于控制目标2.1个百分点``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..model import PROGRESS, TARGET, Block, Span
from ..quantities import PURE_NUMBER, parse_unit
from ..text import Document
from . import register
from .cells import EMPTY_CELL, Cell, find_header, header_kind, header_period, header_unit, row_number
from .common import (
    EMPTY_CELL_RE,
    FOOTER_RE,
    SECTION_RE,
    STATUS_RE,
    SUBSECTION_RE,
    TRUNCATION_RE,
    looks_like_unit,
    mark_truncated,
)


def _is_unit_word(text: str) -> bool:
    """A unit column's cell: 亿元, %, 张, 万人次 …"""
    text = text.strip().strip("()（）")
    return text in ("%", "％") or parse_unit(text) is not None
_VALUE_WORDS_RE = re.compile(
    r"^(?:-?\d|同比持平|持平|与全[省国]|完成(?:省|市)?下达|序时推进|按序时|低于|高于|达到|已完成|未完成|(?:下降|增长)(?=\s*-?\d)|基本持平|—|-$|[<>≤≥＜＞]\s*\d)"
)




#: header columns holding what the outcome is compared with, as the role of their figures
_COMPARISONS = {"province": "provincial_avg", "nation": "national_avg", "rank": "rank",
                "province_gap": "provincial_gap", "nation_gap": "national_gap"}


@dataclass
class _Column:
    side: str  # target, actual, completion, or a comparison role
    unit: str | None
    verb: str | None
    period: str | None
    estimated: bool


@register("plan_table")
def read_plan_table(doc: Document) -> list[Block]:
    cells = doc.cells
    header = find_header(cells, ({"name"}, {"plan", "task"}, {"actual", "progress"}))
    if header is None:
        return []
    if "actual" not in header.kinds:  # 指标名称 | 年度目标 | 完成情况: the progress column holds the results
        header.kinds = ["actual" if k == "progress" else k for k in header.kinds]
    header.kinds = _dated_kinds(header.kinds, header.names)
    columns, has_unit = _columns(header.kinds, header.names)
    if not columns:
        return []
    by_position = _by_position(header.kinds, header.names)
    table_unit = _table_unit(cells[max(0, header.first - 4) : header.first])
    if table_unit:  # 单位:% above the header: the unit of every figure the columns do not name one for
        for col in [*columns, *(c for c in by_position if isinstance(c, _Column))]:
            col.unit = col.unit or table_unit
    read = []
    for row in _rows(cells[header.start :], numbered="num" in header.kinds, width=len(by_position)):
        if row.whole and len(row.values) == len(by_position) + 1 and not _is_value(row.values[0].text):
            # | 创新驱动 | 研发投入占比 | % | 3.2 | 3.3 |: a category cell, filled on a group's first row only
            row.section, row.name, row.values = ("", row.name.text), row.values[0], row.values[1:]
        named = header_unit(row.name.text) if re.search(r"[(（][^()（）]{1,6}[)）]\s*$", row.name.text) else None
        if len(row.values) == len(by_position) and (row.whole or len(by_position) > len(columns) + has_unit):
            # a whole row, or every cell of a row under a header with columns beyond the figures (比计划增减)
            cells_read = _by_column(row.values, by_position, named, row.name.text)
        else:
            cells_read = _by_figures(row.values, columns, named, has_unit, "lead" in header.kinds)
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


def _row_block(row: _Row, r: _RowRead, subject: str, growth_plan: bool) -> Block:
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
        spans.append(Span(cell.line, cell.start, cell.text, kind, unit=unit, period=period,
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


@dataclass
class _RowRead:
    """What a row's cells hold: its figures by column, its status cells, the unit of its bare numbers and
    its lead unit."""

    values: list[Cell]
    status: list[Cell]
    assigned: list[tuple[Cell, _Column]]
    unit: str | None
    lead: str | None = None


#: a row named as a rate (its figures are percentages whatever its unit cell says)
_RATE_NAME_RE = re.compile(r"(?:增长|增速|增幅|涨幅|降幅|下降|降低|率|比重|占比)$")


def _by_column(values: list[Cell], by_position: list, unit: str | None, name: str = "") -> _RowRead:
    """A row with one cell per column: each cell under its header. A unit cell left empty (``—``) says
    the figures are pure numbers (城乡居民收入比 | — | 1.71以下), unless the name is a rate's."""
    under = list(zip(values, by_position, strict=True))
    lead = next((v.text for v, c in under if c == "lead" and looks_like_unit(v.text)), None)
    unit_cell = next((v.text for v, c in under if c == "unit"), "")
    unit = unit_cell if _is_unit_word(unit_cell) else unit
    if EMPTY_CELL_RE.match(unit_cell) and unit is None:
        unit = "%" if _RATE_NAME_RE.search(name) else PURE_NUMBER
    pairs = [(v, c) for v, c in under if isinstance(c, _Column)]
    status = [v for v in values if STATUS_RE.match(v.text.strip())]
    assigned = [(v, c) for v, c in pairs if not EMPTY_CELL_RE.match(v.text) and v not in status]
    return _RowRead([v for v, _ in pairs], status, assigned, unit, lead)


def _by_figures(values: list[Cell], columns: list[_Column], unit: str | None, has_unit: bool, has_lead: bool) -> _RowRead:
    """A row that lost cells: the unit, status and lead cells told by what they say, the figures placed
    by ``_assign``."""
    unit_cell = next((v for v in values if _is_unit_word(v.text)), None) if has_unit else None
    if unit_cell is not None:  # the 单位 column, wherever the header puts it
        unit, values = unit_cell.text, [v for v in values if v is not unit_cell]
    leads = [v for v in values if looks_like_unit(v.text)] if has_lead else []
    status = [v for v in values if STATUS_RE.match(v.text.strip())]
    values = [v for v in values if not STATUS_RE.match(v.text.strip()) and v not in leads]
    values, placed, rest = _place_points(values, columns)
    assigned = placed + _assign(values, rest) if placed else _assign(values, columns)
    assigned = [(v, c) for v, c in assigned if not EMPTY_CELL_RE.match(v.text)]
    return _RowRead(values, status, assigned, unit, leads[0].text if len(leads) == 1 else None)


def _is_value(text: str) -> bool:
    return bool(_VALUE_WORDS_RE.match(text) or _is_unit_word(text))


def _growth_plans(rows: list[tuple[list[tuple[Cell, _Column]], str | None]]) -> bool:
    """Whether the bare plan figures of level rows are growth rates: the outcome is given as a level and a
    growth (1-10月 | 增长% | 全年目标), and the plan column stands by the growths, not by the levels, in
    most rows (10 beside 9.7 rather than 478.6; a row without its level votes for the growth)."""
    votes = 0
    for assigned, row_unit in rows:
        if not row_unit or row_unit in ("%", "％", PURE_NUMBER) or not re.fullmatch(r"-?\d+(?:\.\d+)?", _text_of(assigned, "target")):
            continue
        plan = [_number(c.text) for c, col in assigned if col.side == "target" and not col.unit]
        level = [_number(c.text) for c, col in assigned if col.side == "actual" and not col.unit]
        growth = [_number(c.text) for c, col in assigned if col.side == "actual" and col.unit == "%"]
        if len(plan) != 1 or not plan[0] or not growth or not growth[0]:
            continue
        if not level or not level[0]:
            votes += 1
            continue
        near_growth = abs(math.log10(abs(plan[0]) / abs(growth[0])))
        near_level = abs(math.log10(abs(plan[0]) / abs(level[0])))
        votes += 1 if near_growth < near_level else -1
    return votes > 0


def _text_of(assigned: list[tuple[Cell, _Column]], side: str) -> str:
    return next((c.text.strip() for c, col in assigned if col.side == side), "")


_HEADER_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年")


def _dated_kinds(kinds: list[str], names: list[str]) -> list[str]:
    """Columns told apart by the years they name: a result of a year before every plan's is the prior
    year's, a baseline (``2023年实绩 | 2024年计划 | 2024年预计``); a plan of a year after every result's,
    beside a plan of the results' year, is next year's, not read (``2024年计划 | 2024年完成 | 2025年计划``)."""
    years = [int(m.group(1)) if (m := _HEADER_YEAR_RE.search(n)) else None for n in names]
    plans = {y for k, y in zip(kinds, years, strict=True) if k == "plan" and y}
    results = {y for k, y in zip(kinds, years, strict=True) if k == "actual" and y}
    out = []
    for kind, year in zip(kinds, years, strict=True):
        if kind == "actual" and year and plans and year < min(plans):
            kind = "prior"
        elif kind == "plan" and year and results and year > max(results) and plans & results:
            kind = "other"
        out.append(kind)
    return out


def _columns(kinds: list[str], names: list[str]) -> tuple[list[_Column], bool]:
    # 指标 / 年度目标 / 1-9月完成: a target column after the name is the plan
    kinds = ["plan" if k == "task" else k for k in kinds]
    sides = [(k, n) for k, n in zip(kinds, names, strict=True) if k in ("plan", "actual", "prior")]
    rates = [n for k, n in zip(kinds, names, strict=True) if k == "rate"]
    subs = [n for k, n in zip(kinds, names, strict=True) if k == "sub"]
    columns = []
    two_level = subs and len(subs) % len(sides) == 0 and kinds.index("sub") > max(i for i, k in enumerate(kinds) if k in ("plan", "actual", "prior"))
    if not two_level:  # 年度预期目标 / 上半年完成值 / 增长(%): a growth column beside the outcome's level
        return [c for c in _by_position(kinds, names) if isinstance(c, _Column)], "unit" in kinds
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


def _by_position(kinds: list[str], names: list[str]) -> list[_Column | str | None]:
    """What each header column after the name holds, read one-level: a column, ``unit``, or None (ignored)."""
    kinds = ["plan" if k == "task" else k for k in kinds]
    out: list[_Column | str | None] = []
    side, side_name = "actual", ""
    for kind, name in zip(kinds, names, strict=True):
        if kind in ("num", "name"):
            continue
        if kind in ("plan", "actual", "prior"):
            side, side_name = kind, name
            verb = "up" if re.search(r"增长|增速|增幅", name) else None
            out.append(_column(kind, name, header_unit(name), verb))
        elif kind == "sub":  # 1-9月完成 | 同比增长(%): the growth of the column before, over its period
            growth = header_unit(name) == "%"
            column = _column(side, name, "%" if growth else None, "up" if growth else None)
            column.period = column.period or header_period(side_name)
            column.estimated = column.estimated or "预计" in side_name
            out.append(column)
        elif kind == "rate":
            out.append(_Column("completion", "%", None, header_period(name), False))
        elif kind in _COMPARISONS:
            unit = "个百分点" if kind.endswith("_gap") else header_unit(name)
            out.append(_Column(_COMPARISONS[kind], unit, None, None, False))
        else:
            out.append(kind if kind in ("unit", "lead") else None)
    return out


def _column(kind: str, name: str, unit: str | None, verb: str | None) -> _Column:
    side = {"plan": "target", "prior": "baseline"}.get(kind, "actual")
    return _Column(side, unit, verb, header_period(name), "预计" in name)


@dataclass
class _Row:
    name: Cell
    values: list[Cell]
    number: str | None = None
    section: tuple[str, str] = ("", "")
    whole: bool = False  # a whole ``|`` row on one line: its cells stand under the header's columns


def _rows(cells: list[Cell], numbered: bool, width: int = 0) -> list[_Row]:
    """Rows until the table ends (a paragraph, the footer). A row starts at its name (or, where the header
    has a 序号 column, at its number); a short section row (``一、稳就业促增收``) heads the rows after it.
    In a table of one cell per line with no blank lines between its cells, a blank line in a row of fewer
    than ``width`` cells is the empty cell it lost."""
    rows: list[_Row] = []
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
        if blanks and rows and cell.line == last + 2 and len(rows[-1].values) < width:
            rows[-1].values.append(Cell(last + 1, 0, EMPTY_CELL))
        last = cell.line
        n = row_number(cell) if numbered and _names_next(cells, k) else None
        if n is not None and (previous < n <= previous + 3 or (new_row and breaks)) and number is None:
            number, previous, new_row, whole = str(n), n, True, cell.row_start
            continue
        is_value = bool(_VALUE_WORDS_RE.match(text) or _is_unit_word(text))
        if rows and rows[-1].whole and cell.line != rows[-1].name.line and not cell.row_start and not cell.cont:
            new_row = True  # a line after a whole ``|`` row is no cell of it
        if rows and not breaks and not rows[-1].values and not is_value and len(text) <= 6 and number is None:
            name = rows[-1].name  # 规模以上工业增加值 / 增长: a name wrapped over two cells
            rows[-1].name = Cell(name.line, name.start, name.text + text, name.row_start)
            continue
        if number is not None or (breaks and new_row) or (not breaks and not is_value and header_kind(text) is None):
            rows.append(_Row(cell, [], number, section, whole=cell.row_start or (number is not None and whole)))
            new_row, number = False, None
            continue
        if rows:
            rows[-1].values.append(cell)
        new_row = False
    return rows


def _consecutive(cells: list[Cell]) -> bool:
    """Whether the cells stand on consecutive lines, bar a few (a table flattened without blank lines)."""
    steps = [b.line - a.line for a, b in zip(cells, cells[1:], strict=False)]
    return len(steps) >= 8 and sum(1 for step in steps if step == 1) >= 0.8 * len(steps)


_TABLE_UNIT_RE = re.compile(r"^(?:计量)?单位\s*[::]\s*(?P<unit>[^、,，/\s]{1,6})$")


def _table_unit(cells: list[Cell]) -> str | None:
    """The one unit a line above the header gives the whole table (``单位:%``, ``单位:亿元``)."""
    for cell in reversed(cells):
        m = _TABLE_UNIT_RE.match(cell.text.strip())
        if m and _is_unit_word(m.group("unit")):
            return "%" if m.group("unit") in ("%", "％") else m.group("unit")
    return None


def _names_next(cells: list[Cell], k: int) -> bool:
    """Whether the cell after ``k`` is a name (so ``k`` numbers a row), not a figure or a unit."""
    after = next((c for c in cells[k + 1 :] if not c.brk), None)
    return after is not None and not (_VALUE_WORDS_RE.match(after.text) or _is_unit_word(after.text))


def _assign(values: list[Cell], columns: list[_Column]) -> list[tuple[Cell, _Column]]:
    """Values to columns: all of them in order; or, where a row lost its empty cells, the growth columns of
    each side first (every plan row states its growth), a level only where a large figure stands between
    two small ones (6.5 / 2810.6 / 4.8: the plan's growth, then the outcome's level and growth)."""
    if len(values) == len(columns):
        return list(zip(values, columns, strict=True))
    completion = [c for c in columns if c.side == "completion"]
    if completion and len(values) == len(columns) - len(completion):
        return list(zip(values, [c for c in columns if c.side != "completion"], strict=True))
    compared = _without_trailing_comparisons(columns)
    if len(compared) < len(columns) and len(compared) <= len(values) < len(columns):
        # 全省平均 left empty (no benchmark for that indicator): the row's own figures come first; which
        # comparison is missing cannot be told, so none is read
        return list(zip(values, compared, strict=False))
    sides = [[c for c in columns if c.side == side] for side in ("target", "actual")]
    if not all(sides):
        return []
    if len(values) == 3 and all(len(side) == 2 for side in sides):
        numbers = [_number(v.text) for v in values]
        if None not in numbers and abs(numbers[1]) > 10 * max(abs(numbers[0]), abs(numbers[2]), 1):
            return list(zip(values, [sides[0][1], sides[1][0], sides[1][1]], strict=True))
        return list(zip(values, [sides[0][0], sides[0][1], sides[1][1]], strict=True))
    if len(values) % 2:
        return []
    half = len(values) // 2
    out = []
    for side_values, side_columns in zip((values[:half], values[half:]), sides, strict=True):
        if len(side_values) > len(side_columns):
            return []
        out.extend(zip(side_values, side_columns[len(side_columns) - len(side_values) :], strict=True))
    return out


_MERGED_POINTS_RE = re.compile(r"^(?P<a>[+-]?\d+(?:\.\d+)?%?)(?P<b>[+-]?\d+(?:\.\d+)?个?百分点)$")
_POINTS_CELL_RE = re.compile(r"^[+-]?\d+(?:\.\d+)?个?百分点$")


def _place_points(values: list[Cell], columns: list[_Column]) -> tuple[list[Cell], list[tuple[Cell, _Column]], list[_Column]]:
    """A figure written in 百分点 in a row that lost cells goes to the one gap column (比全省(±百分点)),
    wherever it stands; a cell that lost its separator (``8.8%1.1个百分点``) is two cells. Gives the other
    values, the placed ones and the other columns (nothing placed where that cannot be told)."""
    gaps = [c for c in columns if c.unit == "个百分点"]
    if len(gaps) != 1:
        return values, [], columns
    cells: list[Cell] = []
    for v in values:
        m = _MERGED_POINTS_RE.match(v.text.strip())
        if m:
            cells += [Cell(v.line, v.start, m.group("a"), damaged=True),
                      Cell(v.line, v.start + m.start("b"), m.group("b"), damaged=True)]
        else:
            cells.append(v)
    points = [v for v in cells if _POINTS_CELL_RE.match(v.text.strip())]
    if len(points) != 1:
        return values, [], columns
    return [v for v in cells if v is not points[0]], [(points[0], gaps[0])], [c for c in columns if c is not gaps[0]]


def _without_trailing_comparisons(columns: list[_Column]) -> list[_Column]:
    """The columns up to the comparison columns at the end of the header (全省平均, 全国, 位次)."""
    end = len(columns)
    while end and columns[end - 1].side in _COMPARISONS.values():
        end -= 1
    return columns[:end]


def _number(text: str) -> float | None:
    m = re.match(r"\s*(-?\d+(?:\.\d+)?)", text)
    return float(m.group(1)) if m else None
