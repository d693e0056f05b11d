"""Tables by district: indicator columns, each with ``目标任务 / 进度 / 完成比例(%)`` under it, and a
row per district (全市, 东坡区 …) of figures, flattened one cell per line.

Which figures belong to which column is read from the figures themselves: three that agree
(进度 ÷ 目标 = 完成比例) are one column's triple; a column without a completion ratio (a rate, such as
城镇登记失业率低于(%)) takes two. A row with fewer figures than columns is flagged: its column is a guess.
"""

from __future__ import annotations

import re

from ..model import PROGRESS, TARGET, Block, Span
from ..text import Document
from . import register
from .cells import Cell, header_unit
from .common import EMPTY_CELL_RE, looks_like_unit, mark_truncated

_SUB_RE = re.compile(
    r"^(?:目标任务|目标|任务|计划|进度|完成数?|完成比例(?:[(（]%[)）])?|完成率(?:[(（]%[)）])?|[(（]%[)）])$"
)
_COLUMN_RE = re.compile(r"^(?P<name>[^()（）\d]{2,30}?)(?P<qual>低于|高于|不低于|不超过|以上|以下)?\s*[(（](?P<unit>[^()（）]{1,6})[)）]$")
_NUMBER_RE = re.compile(r"^-?\d+(?:\.\d+)?$")
_QUALIFIERS = {"低于": "at_most", "不超过": "at_most", "以下": "at_most", "高于": "at_least", "不低于": "at_least", "以上": "at_least"}


@register("matrix_table")
def read_matrix_table(doc: Document) -> list[Block]:
    cells = [c for c in doc.cells if not c.brk]
    blocks: list[Block] = []
    i = 0
    while i < len(cells):
        run = _sub_run(cells, i)
        if run < 4:  # two columns of 任务 / 完成 at least
            i += 1
            continue
        columns = _columns(cells, i)
        per = _subs_per_column(cells[i : i + run], len(columns))
        i += run
        if not columns:
            continue
        while i < len(cells) and not _NUMBER_RE.match(cells[i].text) and not _is_region(cells, i):
            i += 1
        while i < len(cells) and _is_region(cells, i):
            region = cells[i]
            j = i + 1
            values = []
            while j < len(cells) and (_NUMBER_RE.match(cells[j].text) or EMPTY_CELL_RE.match(cells[j].text)):
                values.append(cells[j])
                j += 1
            block = _row_block(region, values, columns, per)
            if block is not None:
                blocks.append(block)
            i = j
    mark_truncated(blocks, doc.lines)
    return blocks


def _sub_run(cells: list[Cell], i: int) -> int:
    j = i
    while j < len(cells) and _SUB_RE.match(cells[j].text.replace(" ", "")):
        j += 1
    return j - i


def _columns(cells: list[Cell], end: int) -> list[tuple[str, str, str | None]]:
    """(name, unit, qualifier) of the indicator columns named before the sub-header run; a name broken over
    two lines (城镇老旧小区 / 改造(户)) is joined again."""
    found = []
    k = end - 1
    while k >= 0 and end - k < 40:
        text = cells[k].text
        if re.match(r"^[(（][^()（）]{1,6}[)）]$", text) and k > 0:
            text, k = cells[k - 1].text + text, k - 1
        if text in _CORNER_WORDS:
            break
        m = _COLUMN_RE.match(text)
        if m and not looks_like_unit(text):
            name = m.group("name")
            before = cells[k - 1].text if k > 0 else ""
            if len(name) <= 4 and re.fullmatch(r"[\u4e00-\u9fff]{2,12}", before) and not looks_like_unit(before):
                name, k = before + name, k - 1
            found.append((name, header_unit(text) or m.group("unit"), _QUALIFIERS.get(m.group("qual") or "")))
        k -= 1
    return list(reversed(found))


def _subs_per_column(subs: list[Cell], columns: int) -> int:
    """Cells under each column (目标任务 / 进度 / 完成比例 → 3), a name broken over two cells counted once."""
    names = [c.text.replace(" ", "") for c in subs]
    joined = sum(1 for a, b in zip(names, names[1:], strict=False) if a == "目标" and b == "任务")
    return max(1, (len(names) - joined) // columns) if columns else 1


#: the corner cell over the district names
_CORNER_WORDS = {"地区", "区域", "单位", "县(市、区)", "县区", "县(区)", "县市区", "镇名", "乡镇", "乡镇名称", "镇(街道)", "街道", "名称"}


def _is_region(cells: list[Cell], i: int) -> bool:
    text = cells[i].text
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,12}", text)) and not _SUB_RE.match(text) and text not in _CORNER_WORDS


def _row_block(region: Cell, values: list[Cell], columns, per: int) -> Block | None:
    numbers = [None if EMPTY_CELL_RE.match(c.text) else float(c.text) for c in values]
    spans: list[Span] = []
    k = 0
    used = 0
    for name, unit, qualifier in columns:
        rest = numbers[k:]
        if rest and rest[0] is None:  # the column's cells are marked empty
            skipped = 0
            while k < len(numbers) and numbers[k] is None and skipped < per:
                k, skipped = k + 1, skipped + 1
            used += 1
            continue
        if None in rest[:2]:
            break
        if len(rest) >= 3 and rest[2] is not None and _agrees(rest[0], rest[1], rest[2]):
            take = 3
        elif len(rest) >= 2:
            take = 2
        else:
            break
        subject = f"{name}({region.text})"
        cells = values[k : k + take]
        spans.append(Span(cells[0].line, cells[0].start, cells[0].text, TARGET, unit=unit, subject=subject, qualifier=qualifier))
        spans.append(Span(cells[1].line, cells[1].start, cells[1].text, PROGRESS, unit=unit, subject=subject))
        if take == 3:
            spans.append(Span(cells[2].line, cells[2].start, cells[2].text, PROGRESS, unit="%", subject=subject, role="completion"))
        k += take
        used += 1
    if not spans:
        return None
    block = Block("matrix_table", spans, section=region.text)
    if used < len(columns) and k == len(numbers) and len(numbers) < 2 * len(columns):
        block.notes.append("column_guessed")
    return block


def _agrees(target: float, actual: float, ratio: float) -> bool:
    """进度 ÷ 目标 × 100 is the stated completion ratio, to its rounding."""
    if target <= 0:
        return False
    return abs(actual / target * 100 - ratio) <= max(0.15, ratio * 0.002)
