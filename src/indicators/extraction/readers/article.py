"""Paragraphs: news articles, paragraphs of main indicators, notices of results.

Each paragraph with figures is a block whose roles come from cue words (报告提出…, 计划…, 现已完成…,
超额完成X的年度目标任务, 为任务的X%). A paragraph of targets without results is read together with the
paragraphs of results that follow it (报告提出… / 落实结果显示…), so that they can be paired. A paragraph
may end with its lead unit (``(牵头单位:市民政局)``).
"""

from __future__ import annotations

import re

from ..mentions import paragraph_roles
from ..model import MIXED, TARGET, Block, Span
from ..quantities import find_quantities
from ..text import Document
from . import register
from .common import FOOTER_RE, SECTION_RE, TRAILING_LEAD_RE, TRUNCATION_RE, clean_units, mark_truncated

_DIGIT_RE = re.compile(r"\d")
#: a heading over paragraphs of targets (二、年初确定的民生实事目标), not of results (三、完成情况)
_TARGETS_HEADING_RE = re.compile(r"(?:预期)?目标|计划|任务")
_RESULTS_WORDS_RE = re.compile(r"完成情况|落实情况|进展情况|执行情况|推进情况|完成结果|落实结果")


def _under_targets(heading: str, paragraph: str) -> bool:
    """A paragraph of plain figures under a section heading of targets, with no result word of its own."""
    if not (SECTION_RE.match(heading) and _TARGETS_HEADING_RE.search(heading)) or _RESULTS_WORDS_RE.search(heading):
        return False
    return not _RESULTS_WORDS_RE.match(paragraph) and "actual" not in paragraph_roles(paragraph, cued_only=True)


@register("article")
def read_article(doc: Document) -> list[Block]:
    blocks: list[Block] = []
    waiting: Block | None = None  # paragraphs of targets waiting for their results
    answered = False  # whether results have joined the waiting block (more results may follow)
    heading = ""
    for i, line in enumerate(doc.lines):
        stripped = line.strip()
        if not stripped:
            continue
        if TRUNCATION_RE.match(stripped) or FOOTER_RE.match(stripped):
            waiting = None
            continue
        if waiting is not None and answered and _TARGETS_HEADING_RE.search(stripped) and SECTION_RE.match(stripped):
            waiting = None  # a new heading of targets: the next pairing
        if not _DIGIT_RE.search(stripped) or not find_quantities(stripped):
            if len(stripped) <= 20:
                heading = stripped
            continue
        lead = TRAILING_LEAD_RE.search(stripped)  # …,惠及4.87万人。(牵头单位:市民政局)
        if lead:
            stripped = stripped[: lead.start()].rstrip()
        span = Span(i + 1, len(line) - len(line.lstrip()), stripped, MIXED)
        roles = paragraph_roles(stripped) & {"target", "actual"}
        if _under_targets(heading, stripped):  # 二、年初确定的民生实事目标 / 新建幼儿园30所,改造…
            span.kind, roles = TARGET, {"target"}
        targets_only, results_only = roles == {"target"}, roles == {"actual"}
        if waiting is not None and (results_only or (targets_only and not answered)):
            # 报告提出… / 报告明确… / 落实结果显示…, or targets under one heading and results under another: one block
            waiting.spans.append(span)
            waiting.lead_units = waiting.lead_units or (clean_units(lead.group("text")) if lead else None)
            answered = answered or results_only
            continue
        block = Block("article", [span], section_title=heading, lead_units=clean_units(lead.group("text")) if lead else None)
        blocks.append(block)
        waiting, answered = (block if targets_only else None), False
    mark_truncated(blocks, doc.lines)
    return blocks
