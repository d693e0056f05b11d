"""Labelled paragraphs: ``【就业】目标:城镇新增就业1200万人左右。实际:城镇新增就业1244万人。``

A ``目标:`` label opens a task and a ``实际:`` (``完成情况:``, ``落实情况:``) label gives its results, on the
same line or on the lines that follow; a bracketed heading (``【物价】``, ``[财政]``) names the task.
"""

from __future__ import annotations

import re

from ..model import PROGRESS, TARGET, Block, Span
from ..text import Document
from . import register
from .common import FOOTER_RE, LEAD_RE, PERIOD_WORDS, SECTION_RE, TRUNCATION_RE, clean_units, mark_truncated

_MARK = r"(?:[(（]?(?P<mark>[一二三四五六七八九十]{1,3}|\d{1,3})[)）.、．]\s*)?"
_TARGET_LABEL = r"(?:年度|全年|预期|计划|工作|任务|年初)?目标(?:任务)?"
#: 实际:, 完成情况:, and a period before a result word (上半年完成:, 1-9月进展:, 截至6月底完成情况:)
_RESULT_LABEL = (
    rf"(?:实际(?:完成)?|完成情况|落实情况|执行情况|进展情况|结果|截至目前|进度|{PERIOD_WORDS}\s*(?:实际)?(?:完成|进展|推进)(?:情况)?)"
)
#: a label in brackets instead of a colon: 【目标】…【进展】…
_OPEN, _CLOSE = r"[【\[［]", r"[】\]］]"
TARGET_RE = re.compile(
    rf"^\s*{_MARK}(?:(?:{_OPEN}(?P<head>[^】\]］]{{1,16}}){_CLOSE})?\s*{_TARGET_LABEL}\s*[::]|{_OPEN}{_TARGET_LABEL}{_CLOSE})"
    rf"\s*(?P<text>.+)$"
)
RESULT_RE = re.compile(
    rf"(?:(?:^|(?<=[。;；!！\s]))\s*{_RESULT_LABEL}\s*[::]|{_OPEN}(?:{_RESULT_LABEL}|进展|完成){_CLOSE})\s*"
)


@register("labelled")
def read_labelled(doc: Document) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    section = ""
    for i, line in enumerate(doc.lines):
        stripped = line.strip()
        if not stripped:
            continue
        if TRUNCATION_RE.match(stripped) or FOOTER_RE.match(stripped):
            current = None
            continue
        heading = SECTION_RE.match(stripped)
        if heading and not TARGET_RE.match(line):
            section, current = heading.group("num"), None
            continue
        opened = TARGET_RE.match(line)
        if opened:
            start = opened.start("text")
            result = RESULT_RE.search(line, start)
            target_end = result.start() if result else len(line.rstrip())
            head = opened.group("head") or ""
            current = Block("labelled", [Span(i + 1, start, line[start:target_end].rstrip(), TARGET)],
                            number=opened.group("mark") or "", section=head or section, section_title=head or section)
            blocks.append(current)
            if result:
                current.spans.append(Span(i + 1, result.end(), line[result.end() :].rstrip(), PROGRESS))
            continue
        result = RESULT_RE.match(line)
        if current is not None and result:
            current.spans.append(Span(i + 1, result.end(), line[result.end() :].rstrip(), PROGRESS))
            continue
        lead = LEAD_RE.match(stripped)
        if current is not None and lead:
            current.lead_units = clean_units(lead.group("text")) or None
            current.end_line = i + 1
            continue
        current = None
    blocks = [b for b in blocks if b.texts(PROGRESS)]
    mark_truncated(blocks, doc.lines)
    return blocks
