"""Tables without a header, one cell per line: a name, then its target and its result, each figure
carrying its own unit or verb (``社会消费品零售总额`` / ``530亿元`` / ``211.7亿元`` / ``39.9%``, or
``固定资产投资`` / ``增长5%`` / ``下降8.3%`` / ``—``).

Rows are read where at least three in a run have the same shape: a name and two or three figures, the
first two self-described (a unit or a verb of change); the first is the target, the second the
result, a third a completion share.
"""

from __future__ import annotations

import re

from ..model import PROGRESS, TARGET, Block, Span
from ..quantities import parse_unit
from ..text import Document
from . import register
from .cells import Cell, header_kind
from .common import EMPTY_CELL_RE, FOOTER_RE, TRUNCATION_RE, mark_truncated

_FIGURE_RE = re.compile(
    r"^(?:(?:增长|下降|提高|降低|减少)\s*)?[≤≥<>＜＞]?\s*-?\d+(?:\.\d+)?\s*(?P<unit>%|％|[\u4e00-\u9fff/]{1,6})?(?:以上|以内|左右)?$"
)
_NAME_RE = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fffA-Za-z0-9.()（）“”\"、]{1,29}$")
_MIN_ROWS = 3


@register("bare_rows")
def read_bare_rows(doc: Document) -> list[Block]:
    cells = [c for c in doc.cells if not c.brk and not c.row_start]
    rows = _rows(cells)
    blocks: list[Block] = []
    run: list[tuple[Cell, list[Cell]]] = []
    for row in [*rows, None]:
        if row is not None and (not run or _adjacent(run[-1], row)):
            run.append(row)
            continue
        if len(run) >= _MIN_ROWS:
            blocks.extend(_block(name, values) for name, values in run)
        run = [row] if row is not None else []
    mark_truncated(blocks, doc.lines)
    return blocks


def _rows(cells: list[Cell]) -> list[tuple[Cell, list[Cell]]]:
    """(name, figures) wherever a name is followed by two self-described figures (and maybe a share)."""
    rows = []
    k = 0
    while k + 2 < len(cells):
        name, first, second = cells[k], cells[k + 1], cells[k + 2]
        if (
            _NAME_RE.match(name.text)
            and not FOOTER_RE.match(name.text)
            and not TRUNCATION_RE.match(name.text)
            and header_kind(name.text) is None
            and _described(first.text)
            and (_described(second.text) or EMPTY_CELL_RE.match(second.text))
        ):
            values = [first, second]
            if k + 3 < len(cells) and (_share(cells[k + 3].text) or EMPTY_CELL_RE.match(cells[k + 3].text)):
                values.append(cells[k + 3])
            rows.append((name, values))
            k += 1 + len(values)
            continue
        k += 1
    return rows


def _described(text: str) -> bool:
    """A figure that says what it is: a unit (530亿元, 4万户) or a verb of change (增长7.5%, 下降8.3%)."""
    m = _FIGURE_RE.match(text.strip())
    if not m:
        return False
    unit = m.group("unit")
    return bool(unit) and (unit in ("%", "％") or parse_unit(unit) is not None)


def _share(text: str) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)?\s*[%％]", text.strip()))


def _adjacent(previous: tuple[Cell, list[Cell]], row: tuple[Cell, list[Cell]]) -> bool:
    """Whether ``row`` follows ``previous`` with no other text between (its name on the next line)."""
    return 0 < row[0].line - previous[1][-1].line <= 2


def _block(name: Cell, values: list[Cell]) -> Block:
    spans = [Span(name.line, name.start, "", TARGET)]
    for cell, role in zip(values, ("target", "actual", "completion"), strict=False):
        if EMPTY_CELL_RE.match(cell.text):
            continue
        kind = TARGET if role == "target" else PROGRESS
        spans.append(Span(cell.line, cell.start, cell.text, kind, subject=name.text,
                          unit="%" if role == "completion" else None, role="completion" if role == "completion" else None))
    block = Block("bare_rows", [s for s in spans if s.text])
    block.end_line = values[-1].line
    block.cells = 1 + len(values)
    return block
