"""Targets listed in one paragraph, each quoted and followed by its progress: ``市发改委牵头的第1项
“地区生产总值增长6.5%以上”,一季度增长6.4%,增速居全省第6位;…``, ``一是“…”(第1项),…``,
``(1)“…”(牵头单位:市发展改革委),上半年…``, ``县发改委牵头的“…”,上半年增长5.6%;…``.

Items may be numbered ①②③ inside the paragraph, each ``target(lead):progress`` (``①地区生产总值增长5%(区发展改革局):
上半年…;②…``). A list may also give its items unquoted after a colon, each with its progress in brackets and its lead unit
last (``未达序时进度的指标有3项,分别是:固定资产投资增长15%(1-5月增长9.7%,县发改委);…``).

Each item is a task numbered as written (第N项, N是, (N), or its place in the list), its lead unit before
牵头的 or in brackets after the quote. A paragraph is a list when it quotes at least two targets with
figures (or one numbered 第N项).
"""

from __future__ import annotations

import re

from ..model import PROGRESS, TARGET, Block, Span
from ..text import Document
from . import register
from .common import PERIOD_WORDS, clean_units, looks_like_unit

ITEM_RE = re.compile(
    r"(?:第\s*(?P<num>\d{1,3})\s*项|(?P<ordinal>[一二三四五六七八九十]{1,3})是|[(（](?P<paren>\d{1,3})[)）])?\s*"
    r"[“\"「](?P<target>[^”\"」]{2,200})[”\"」]"
    r"\s*(?:[(（](?:第\s*(?P<num2>\d{1,3})\s*项|牵头(?:责任)?(?:单位|部门)[:：](?P<lead>[^()（）]{1,40}))[)）])?"
    r"\s*[,，:：]?"
)
_NUMERALS = "一二三四五六七八九十"
_UNIT_BEFORE_RE = re.compile(r"(?P<unit>[\u4e00-\u9fff()（）、]{2,30})牵头的\s*$")
_FIGURE_RE = re.compile(r"\d")
#: an unquoted item of a list after a colon: a target with its figure, then its progress in brackets, opening
#: with a period or a result word (固定资产投资增长15%(1-5月增长9.7%,县发改委))
BRACKETED_ITEM_RE = re.compile(
    rf"^(?P<target>[^()（）:：]*\d[^()（）:：]*)[(（](?P<progress>(?:{PERIOD_WORDS}|截至|截止|已|目前)[^()（）]*\d[^()（）]*)[)）]$"
)
_ITEM_SEP_RE = re.compile(r"[;；]")


@register("inline_list")
def read_inline_list(doc: Document) -> list[Block]:
    blocks: list[Block] = []
    for i, line in enumerate(doc.lines):
        if "“" not in line and '"' not in line and "「" not in line:
            continue
        items = [m for m in ITEM_RE.finditer(line) if _is_item(m, line)]
        if len(items) < 2 and not (items and items[0].group("num")):
            continue  # one quoted phrase is no list (第N项 alone is)
        for k, item in enumerate(items):
            end = items[k + 1].start() if k + 1 < len(items) else len(line)
            progress = line[item.end() : end]
            progress = progress[: len(progress.rstrip(" ;；。"))]
            spans = [Span(i + 1, item.start("target"), item.group("target"), TARGET)]
            if progress.strip():
                spans.append(Span(i + 1, item.end(), progress, PROGRESS))
            before = _UNIT_BEFORE_RE.search(line, max(0, item.start() - 34), item.start())
            unit = item.group("lead") or (before.group("unit") if before else None)
            number = (
                item.group("num") or item.group("num2") or item.group("paren") or _ordinal(item.group("ordinal"))
            )
            blocks.append(Block("inline_list", spans, number=number or str(k + 1), lead_units=unit or None))
    for i, line in enumerate(doc.lines):
        blocks.extend(_bracketed_items(i + 1, line))
        blocks.extend(_circled_items(i + 1, line))
    return blocks


#: an item numbered ①②③ inside a paragraph: its target (with a figure), its lead unit in brackets, a colon,
#: its progress (①地区生产总值增长5%(区发展改革局):上半年…;②…)
CIRCLED_ITEM_RE = re.compile(
    r"^(?P<target>[^:：;；]*?\d[^:：;；]*?)\s*(?:[(（](?P<lead>[^()（）]{2,40})[)）])?\s*[:：]\s*(?P<progress>\S.*)$"
)
_CIRCLED_RE = re.compile(r"[①-⑳]")


def _circled_items(line_no: int, line: str) -> list[Block]:
    """The items of a paragraph numbered ①②③ inline, each ``target(lead):progress``: two or more."""
    marks = list(_CIRCLED_RE.finditer(line))
    if len(marks) < 2:
        return []
    blocks = []
    for k, mark in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(line)
        part = line[mark.end() : end]
        part = part[: len(part.rstrip(" ;；。"))]
        item = CIRCLED_ITEM_RE.match(part)
        if item is None:
            continue
        lead, target = item.group("lead"), item.group("target")
        if lead and not looks_like_unit(lead):  # a bracket of words is part of the target, not its lead unit
            lead, target = None, part[item.start("target") : item.end("lead") + 1]
        at = mark.end()
        spans = [
            Span(line_no, at + item.start("target"), target, TARGET),
            Span(line_no, at + item.start("progress"), item.group("progress"), PROGRESS),
        ]
        number = str(ord(mark.group(0)) - ord("①") + 1)
        blocks.append(Block("inline_list", spans, number=number, lead_units=clean_units(lead) if lead else None))
    return blocks if len(blocks) >= 2 else []


def _bracketed_items(line_no: int, line: str) -> list[Block]:
    """The unquoted items after a line's first colon, ``target(progress,lead)`` between ``;``: two or more."""
    colon = re.search(r"[:：]", line)
    if colon is None:
        return []
    blocks, at = [], colon.end()
    for part in _ITEM_SEP_RE.split(line[colon.end() :]):
        item = BRACKETED_ITEM_RE.match(part.strip().rstrip("。."))
        start = at + len(part) - len(part.lstrip())
        at += len(part) + 1
        if item is None:
            continue
        progress, lead = item.group("progress"), None
        head, _, last = progress.rpartition(",") if "," in progress else progress.rpartition("，")
        if head and looks_like_unit(last):
            progress, lead = head, clean_units(last)
        spans = [
            Span(line_no, start + item.start("target"), item.group("target"), TARGET),
            Span(line_no, start + item.start("progress"), progress, PROGRESS),
        ]
        blocks.append(Block("inline_list", spans, number=str(len(blocks) + 1), lead_units=lead))
    return blocks if len(blocks) >= 2 else []


def _is_item(m: re.Match, line: str) -> bool:
    """A quoted target of the list: numbered 第N项, or stating a figure and followed by its progress."""
    if m.group("num") or m.group("num2"):
        return True
    return bool(_FIGURE_RE.search(m.group("target"))) and len(line) - m.end() > 2


def _ordinal(word: str | None) -> str:
    """一是, 二是 … as 1, 2 … (when the item gives no 第N项 of its own)."""
    if not word:
        return ""
    if word in _NUMERALS:
        return str(_NUMERALS.index(word) + 1)
    return word
