"""Lagging targets listed in one paragraph: ``市发改委牵头的第1项“地区生产总值增长6.5%以上”,一季度
增长6.4%,增速居全省第6位;…``. Each item is a task numbered as written, its lead unit before 牵头的."""

from __future__ import annotations

import re

from ..model import PROGRESS, TARGET, Block, Span
from ..text import Document
from . import register

ITEM_RE = re.compile(r"第\s*(?P<num>\d{1,3})\s*项\s*[“\"「](?P<target>[^”\"」]{2,200})[”\"」]\s*[,，:：]?")
_UNIT_BEFORE_RE = re.compile(r"(?P<unit>[\u4e00-\u9fff()（）、]{2,30})牵头的\s*$")


@register("inline_list")
def read_inline_list(doc: Document) -> list[Block]:
    blocks: list[Block] = []
    for i, line in enumerate(doc.lines):
        if "项" not in line:
            continue
        items = list(ITEM_RE.finditer(line))
        for k, item in enumerate(items):
            end = items[k + 1].start() if k + 1 < len(items) else len(line)
            progress = line[item.end() : end]
            progress = progress[: len(progress.rstrip(" ;；。"))]
            spans = [Span(i + 1, item.start("target"), item.group("target"), TARGET)]
            if progress.strip():
                spans.append(Span(i + 1, item.end(), progress, PROGRESS))
            before = _UNIT_BEFORE_RE.search(line, max(0, item.start() - 34), item.start())
            unit = before.group("unit") if before else None
            blocks.append(Block("inline_list", spans, number=item.group("num"), lead_units=unit or None))
    return blocks
