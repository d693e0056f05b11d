"""How a plan-execution table's columns and row cells are read (see ``plan_table``).

The header's columns become ``Column`` s (the plan, the outcome, a completion, a comparison, a baseline),
told apart by their words and, where they carry years, by the years (``2023年实绩`` before ``2024年计划``
is the prior year's). A row's cells go to the columns by position where the row has one cell per
column (``by_column``), else by what the figures look like (``by_figures``: a unit cell, a figure in
百分点 for the gap column, the growth rates every plan row states).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..quantities import PURE_NUMBER, parse_unit
from .cells import QUARTER, Cell, header_period, header_unit
from .common import EMPTY_CELL_RE, PERIOD_WORDS, STATUS_RE, looks_like_unit


def is_unit_word(text: str) -> bool:
    """A unit column's cell: 亿元, %, 张, 万人次 …"""
    text = text.strip()
    if re.fullmatch(r"[(（][^()（）]+[)）]", text):  # (亿元)
        text = text[1:-1]
    return text in ("%", "％") or parse_unit(text) is not None


#: header columns holding what the outcome is compared with, as the role of their figures
_COMPARISONS = {"province": "provincial_avg", "nation": "national_avg", "rank": "rank",
                "province_gap": "provincial_gap", "nation_gap": "national_gap"}


@dataclass
class Column:
    """What a header column holds: its figures' side, unit, verb and period, and whether they are estimates."""

    side: str  # target, actual, completion, or a comparison role
    unit: str | None
    verb: str | None
    period: str | None
    estimated: bool
    series: bool = False  # one of several columns named by a period alone (Q1 | Q2 | Q3): running totals


@dataclass
class RowRead:
    """What a row's cells hold: its figures by column, its status cells, the unit of its bare numbers and
    its lead unit."""

    values: list[Cell]
    status: list[Cell]
    assigned: list[tuple[Cell, Column]]
    unit: str | None
    lead: str | None = None


#: a row named as a rate (its figures are percentages whatever its unit cell says)
_RATE_NAME_RE = re.compile(r"(?:增长|增速|增幅|涨幅|降幅|下降|降低|率|比重|占比)$")


def by_column(values: list[Cell], positions: list, unit: str | None, name: str = "") -> RowRead:
    """A row with one cell per column: each cell under its header. A unit cell left empty (``—``) says
    the figures are pure numbers (城乡居民收入比 | — | 1.71以下), unless the name is a rate's."""
    under = list(zip(values, positions, strict=True))
    lead = next((v.text for v, c in under if c == "lead" and looks_like_unit(v.text)), None)
    unit_cell = next((v.text for v, c in under if c == "unit"), "")
    unit = unit_cell if is_unit_word(unit_cell) else unit
    if EMPTY_CELL_RE.match(unit_cell) and unit is None:
        unit = "%" if _RATE_NAME_RE.search(name) else PURE_NUMBER
    pairs = [(v, c) for v, c in under if isinstance(c, Column)]
    status = [v for v in values if STATUS_RE.match(v.text.strip())]
    assigned = [(v, c) for v, c in pairs if not EMPTY_CELL_RE.match(v.text) and v not in status]
    return RowRead([v for v, _ in pairs], status, assigned, unit, lead)


def by_figures(values: list[Cell], columns: list[Column], unit: str | None, has_unit: bool, has_lead: bool) -> RowRead:
    """A row that lost cells: the unit, status and lead cells told by what they say, the figures placed by
    what they look like (``_place_points``, ``_assign``)."""
    unit_cell = next((v for v in values if is_unit_word(v.text)), None) if has_unit else None
    if unit_cell is not None:  # the 单位 column, wherever the header puts it
        unit, values = unit_cell.text, [v for v in values if v is not unit_cell]
    leads = [v for v in values if looks_like_unit(v.text)] if has_lead else []
    status = [v for v in values if STATUS_RE.match(v.text.strip())]
    values = [v for v in values if not STATUS_RE.match(v.text.strip()) and v not in leads]
    values, placed, rest = _place_points(values, columns)
    assigned = placed + _assign(values, rest) if placed else _assign(values, columns)
    assigned = [(v, c) for v, c in assigned if not EMPTY_CELL_RE.match(v.text)]
    return RowRead(values, status, assigned, unit, leads[0].text if len(leads) == 1 else None)


_HEADER_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年")


def dated_kinds(kinds: list[str], names: list[str]) -> list[str]:
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


def columns_of(kinds: list[str], names: list[str]) -> tuple[list[Column], bool]:
    """The columns holding figures, with two-level headers (绝对值 / 增长 under each side) read, and whether
    the header has a 单位 column."""
    # 指标 / 年度目标 / 1-9月完成: a target column after the name is the plan
    kinds = ["plan" if k == "task" else k for k in kinds]
    sides = [(k, n) for k, n in zip(kinds, names, strict=True) if k in ("plan", "actual", "prior")]
    rates = [n for k, n in zip(kinds, names, strict=True) if k == "rate"]
    subs = [n for k, n in zip(kinds, names, strict=True) if k == "sub"]
    columns = []
    two_level = subs and len(subs) % len(sides) == 0 and kinds.index("sub") > max(i for i, k in enumerate(kinds) if k in ("plan", "actual", "prior"))
    if not two_level:  # 年度预期目标 / 上半年完成值 / 增长(%): a growth column beside the outcome's level
        return [c for c in by_position(kinds, names) if isinstance(c, Column)], "unit" in kinds
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
        columns.append(Column("completion", "%", None, header_period(name), False))
    return columns, "unit" in kinds


def by_position(kinds: list[str], names: list[str]) -> list[Column | str | None]:
    """What each header column after the name holds, read one-level: a column, ``unit``, or None (ignored)."""
    kinds = ["plan" if k == "task" else k for k in kinds]
    out: list[Column | str | None] = []
    side, side_name = "actual", ""
    series = sum(1 for k, n in zip(kinds, names, strict=True) if k == "actual" and period_alone(n)) >= 2
    for kind, name in zip(kinds, names, strict=True):
        if kind in ("num", "name"):
            continue
        if kind in ("plan", "actual", "prior"):
            side, side_name = kind, name
            verb = "up" if re.search(r"增长|增速|增幅", name) else None
            column = _column(kind, name, header_unit(name), verb)
            column.series = series and kind == "actual" and period_alone(name)
            column.period = column.period or _QUARTER_PERIODS.get(name.strip()[-1:]) if column.series else column.period
            out.append(column)
        elif kind == "sub":  # 1-9月完成 | 同比增长(%): the growth of the column before, over its period
            growth = header_unit(name) == "%"
            column = _column(side, name, "%" if growth else None, "up" if growth else None)
            column.period = column.period or header_period(side_name)
            column.estimated = column.estimated or "预计" in side_name
            out.append(column)
        elif kind == "rate":
            out.append(Column("completion", "%", None, header_period(name), False))
        elif kind in _COMPARISONS:
            unit = "个百分点" if kind.endswith("_gap") else header_unit(name)
            out.append(Column(_COMPARISONS[kind], unit, None, None, False))
        else:
            out.append(kind if kind in ("unit", "lead") else None)
    return out


#: a column named by a period alone: 一季度, 上半年, 1-9月, Q3 (a year before it allowed)
_PERIOD_ALONE_RE = re.compile(rf"^(?:(?:19|20)\d\d\s*年(?:度)?)?(?:{PERIOD_WORDS}|{QUARTER})$")
#: the running total a quarter column of a monitoring table holds (Q2: 上半年)
_QUARTER_PERIODS = {"1": "一季度", "2": "上半年", "3": "前三季度", "4": "全年"}


def period_alone(name: str) -> bool:
    return bool(_PERIOD_ALONE_RE.match(re.sub(r"\s+", "", name)))


def latest_of_series(assigned: list[tuple[Cell, Column]]) -> list[tuple[Cell, Column]]:
    """Of a row's figures under running-total columns (一季度 | 上半年 | 前三季度, Q1 | Q2 | Q3 | Q4), only
    the last filled one is the result to date; the earlier ones are steps on the way."""
    series = [k for k, (_c, col) in enumerate(assigned) if col.series]
    return [a for k, a in enumerate(assigned) if k not in series[:-1]]


def _column(kind: str, name: str, unit: str | None, verb: str | None) -> Column:
    side = {"plan": "target", "prior": "baseline"}.get(kind, "actual")
    return Column(side, unit, verb, header_period(name), "预计" in name)


def _assign(values: list[Cell], columns: list[Column]) -> list[tuple[Cell, Column]]:
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
        numbers = [number(v.text) for v in values]
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


def _place_points(values: list[Cell], columns: list[Column]) -> tuple[list[Cell], list[tuple[Cell, Column]], list[Column]]:
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


def _without_trailing_comparisons(columns: list[Column]) -> list[Column]:
    """The columns up to the comparison columns at the end of the header (全省平均, 全国, 位次)."""
    end = len(columns)
    while end and columns[end - 1].side in _COMPARISONS.values():
        end -= 1
    return columns[:end]


def number(text: str) -> float | None:
    """The first number of a cell (``6.5`` of ``6.5左右``), or None."""
    m = re.match(r"\s*(-?\d+(?:\.\d+)?)", text)
    return float(m.group(1)) if m else None
