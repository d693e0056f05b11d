"""Paragraphs: news articles, paragraphs of main indicators, notices of results.

Each paragraph with figures is a block whose roles come from cue words (报告提出…, 计划…, 现已完成…,
超额完成X的年度目标任务, 为任务的X%). A paragraph of targets without results is read together with the
paragraphs of results that follow it (报告提出… / 落实结果显示…), so that they can be paired.
"""

from __future__ import annotations

import re

from ..mentions import paragraph_roles
from ..model import MIXED, Block, Span
from ..quantities import find_quantities
from ..text import Document
from . import register
from .common import FOOTER_RE, TRUNCATION_RE, mark_truncated

_DIGIT_RE = re.compile(r"\d")


@register("article")
def read_article(doc: Document) -> list[Block]:
    blocks: list[Block] = []
    waiting: Block | None = None  # paragraphs of targets waiting for their results
    heading = ""
    for i, line in enumerate(doc.lines):
        stripped = line.strip()
        if not stripped:
            continue
        if TRUNCATION_RE.match(stripped) or FOOTER_RE.match(stripped):
            waiting = None
            continue
        if not _DIGIT_RE.search(stripped) or not find_quantities(stripped):
            if len(stripped) <= 20:
                heading = stripped
            continue
        span = Span(i + 1, len(line) - len(line.lstrip()), stripped, MIXED)
        roles = paragraph_roles(stripped) & {"target", "actual"}
        targets_only, results_only = roles == {"target"}, roles == {"actual"}
        if waiting is not None and (results_only or targets_only):
            waiting.spans.append(span)  # 报告提出… / 报告明确… / 落实结果显示…: one block
            if results_only:
                waiting = None
            continue
        block = Block("article", [span], section_title=heading)
        blocks.append(block)
        waiting = block if targets_only else None
    mark_truncated(blocks, doc.lines)
    return blocks
