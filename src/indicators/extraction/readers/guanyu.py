"""``关于“<target>”事项`` items without numbers (also ``…”任务``, ``…”的推进情况``): the quoted target, then
progress paragraphs that may end with ``(牵头责任单位:…)`` or ``【责任单位:…】``. (Numbered items of this
kind are read by the narrative reader.)"""

from __future__ import annotations

from ..model import TARGET, Block, Span
from ..text import Document
from . import register
from .common import FOOTER_RE, GUANYU_RE, SECTION_RE, SUBSECTION_RE, TRUNCATION_RE, mark_truncated
from .narrative import _add_progress


@register("guanyu")
def read_guanyu(doc: Document) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    for i, line in enumerate(doc.lines):
        if not line.strip():
            continue
        if TRUNCATION_RE.match(line) or FOOTER_RE.match(line) or SECTION_RE.match(line) or SUBSECTION_RE.match(line):
            current = None
            continue
        lead = len(line) - len(line.lstrip())
        if item := GUANYU_RE.match(line.strip()):
            current = Block("guanyu", [Span(i + 1, lead + item.start("target"), item.group("target"), TARGET)])
            blocks.append(current)
            if item.group("rest"):
                _add_progress(current, i + 1, item.group("rest"), lead + item.start("rest"))
        elif current is not None:
            _add_progress(current, i + 1, line)
    mark_truncated(blocks, doc.lines)
    return blocks
