"""Tables with a column pair per district: ``项目名称 | 单位 | 全市 | 兰山区 | …`` over ``任务 | 完成 | 任务 | 完成 …``,
a row per indicator (``|``-separated or one cell per line; empty cells are lost, ``/`` marks a district
without that task). Each (row, district) is a block whose subject is ``name(district)``.
"""

from __future__ import annotations

import re

from ..model import PROGRESS, TARGET, Block, Span
from ..text import Document
from . import register
from .cells import Cell, header_kind, header_unit
from .common import EMPTY_CELL_RE, FOOTER_RE, TRUNCATION_RE, mark_truncated

_REGION_RE = re.compile(
    r"^(?:全市|全县|全区|全省|市本级|县本级|市直|[\u4e00-\u9fff]{1,8}(?:市|区|县|旗|镇|乡|街道|开发区|新区|园区|管委会))$"
)
_PLAN_WORDS = r"(?:年度)?(?:任务|目标|目标任务|计划|任务数|计划数)"
_PLAN_RE = re.compile(rf"^{_PLAN_WORDS}$")
_JOINED_RE = re.compile(rf"^(?P<region>{_REGION_RE.pattern[1:-1]}){_PLAN_WORDS}$")
_DONE_RE = re.compile(r"^(?:实际)?(?:完成|完成数|进度|实绩)$")
_VALUE_RE = re.compile(r"^(?:-?\d+(?:\.\d+)?|[/／—－-]{1,2})$")
_UNIT_END_RE = re.compile(r"[(（][^()（）]{1,6}[)）]$")


@register("region_columns")
def read_region_columns(doc: Document) -> list[Block]:
    cells = [c for c in doc.cells if not c.brk]
    for i, cell in enumerate(cells):
        if header_kind(cell.text) != "name":
            continue
        layout = _header(cells, i)
        if layout is not None:
            start, has_unit, regions = layout
            blocks = _rows(cells[start:], has_unit, regions)
            if blocks:
                mark_truncated(blocks, doc.lines)
                return blocks
    return []


def _header(cells: list[Cell], i: int) -> tuple[int, bool, list[str]] | None:
    """(first data cell, whether a 单位 column follows the name, the districts) of a header at ``i``."""
    j = i + 1
    has_unit = j < len(cells) and header_kind(cells[j].text) == "unit"
    j += has_unit
    regions = []
    while j < len(cells) and _REGION_RE.match(cells[j].text):
        regions.append(cells[j].text)
        j += 1
    if not regions:  # a header over two | lines read as one: 全市任务 | 完成 | 兰山区任务 | 完成 …
        while j + 1 < len(cells) and (joined := _JOINED_RE.match(cells[j].text)) and _DONE_RE.match(cells[j + 1].text):
            regions.append(joined.group("region"))
            j += 2
        return (j, has_unit, regions) if len(regions) >= 2 else None
    if len(regions) < 2:
        return None
    for _ in regions:
        if j + 1 >= len(cells) or not (_PLAN_RE.match(cells[j].text) and _DONE_RE.match(cells[j + 1].text)):
            return None
        j += 2
    return j, has_unit, regions


def _rows(cells: list[Cell], has_unit: bool, regions: list[str]) -> list[Block]:
    blocks: list[Block] = []
    k = 0
    width = 2 * len(regions)
    while k < len(cells):
        name = cells[k]
        if TRUNCATION_RE.match(name.text) or FOOTER_RE.match(name.text) or _VALUE_RE.match(name.text):
            break
        unit = cells[k + 1].text if has_unit and k + 1 < len(cells) else header_unit(name.text)  # 停车泊位(个)
        first = k + 1 + has_unit
        values = cells[first : first + width]
        taken = 0
        while taken < len(values) and _VALUE_RE.match(values[taken].text):
            taken += 1
        if taken < 2:
            break
        for r, region in enumerate(regions):
            pair = values[2 * r : 2 * r + 2]
            if len(pair) < 2 or 2 * r + 2 > taken or any(EMPTY_CELL_RE.match(c.text) for c in pair):
                continue
            subject = f"{_UNIT_END_RE.sub('', name.text) if not has_unit else name.text}({region})"
            block = Block(
                "region_columns",
                [
                    Span(pair[0].line, pair[0].start, pair[0].text, TARGET, unit=unit, subject=subject),
                    Span(pair[1].line, pair[1].start, pair[1].text, PROGRESS, unit=unit, subject=subject),
                ],
                section=region,
            )
            block.end_line = max(c.line for c in values[:taken])
            blocks.append(block)
        k = first + taken
    return blocks
