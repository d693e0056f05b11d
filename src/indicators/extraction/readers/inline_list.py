"""Lagging targets listed in one paragraph: ``市发改委牵头的第1项“地区生产总值增长6.5%以上”,一季度
增长6.4%,增速居全省第6位;…``. Each item is a task numbered as written, its lead unit before 牵头的."""

from __future__ import annotations

import re

from ..model import PROGRESS, TARGET, Block, Span
from ..text import Document
from . import register

ITEM_RE = re.compile(
    r"(?:第\s*(?P<num>\d{1,3})\s*项\s*[“\"「](?P<target>[^”\"」]{2,200})[”\"」]"
    r"|(?P<ordinal>[一二三四五六七八九十]{1,3})是\s*[“\"「](?P<target2>[^”\"」]*\d[^”\"」]{0,200})[”\"」])"
    r"\s*(?:[(（]第\s*(?P<num2>\d{1,3})\s*项[)）])?\s*[,，:：]?"
)
_NUMERALS = "一二三四五六七八九十"
_UNIT_BEFORE_RE = re.compile(r"(?P<unit>[\u4e00-\u9fff()（）、]{2,30})牵头的\s*$")


@register("inline_list")
def read_inline_list(doc: Document) -> list[Block]:
    blocks: list[Block] = []
    for i, line in enumerate(doc.lines):
        if "项" not in line and "是" not in line:
            continue
        items = list(ITEM_RE.finditer(line))
        if len(items) < 2 and not (items and items[0].group("num")):
            continue  # one quoted phrase is no list (第N项 alone is)
        for k, item in enumerate(items):
            end = items[k + 1].start() if k + 1 < len(items) else len(line)
            progress = line[item.end() : end]
            progress = progress[: len(progress.rstrip(" ;；。"))]
            which = "target" if item.group("target") else "target2"
            spans = [Span(i + 1, item.start(which), item.group(which), TARGET)]
            if progress.strip():
                spans.append(Span(i + 1, item.end(), progress, PROGRESS))
            before = _UNIT_BEFORE_RE.search(line, max(0, item.start() - 34), item.start())
            unit = before.group("unit") if before else None
            number = item.group("num") or item.group("num2") or _ordinal(item.group("ordinal"))
            blocks.append(Block("inline_list", spans, number=number, lead_units=unit or None))
    return blocks


def _ordinal(word: str | None) -> str:
    """一是, 二是 … as 1, 2 … (when the item gives no 第N项 of its own)."""
    if not word:
        return ""
    if word in _NUMERALS:
        return str(_NUMERALS.index(word) + 1)
    return word
