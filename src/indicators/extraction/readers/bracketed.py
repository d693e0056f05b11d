"""Items whose target sits in brackets at the head of the line, the progress after it:
``5.【新开工亿元以上项目200个】1-9月新开工176个``, ``(2)【市住建局】“改造城镇老旧小区95个”:截至9月底开工87个`` or
``3.“新增就业2万人”——1-9月新增1.6万人(市人社局)``.

Not a reader of its own: the numbered-narrative reader asks ``bracketed_head`` how an item's text opens.
A lead unit may stand in its own brackets before the target; the target is closed by ``】`` or ``”``.
Scraped pages lose a bracket now and then: a target without its ``【`` runs from the item number to the
``】``, one without its ``】`` ends at the first space (and the row is flagged ``text_damaged``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .common import clean_units, looks_like_unit

_LEAD_RE = re.compile(r"[【\[［](?P<lead>[^】\]］“”]{2,40})[】\]］]\s*")
_QUOTED_RE = re.compile(r"[“\"](?P<target>[^”\"]{2,200})[”\"]\s*(?:[::,，]|[—－-]{1,2})?\s*")
_BRACKETED_RE = re.compile(r"[【\[［](?P<target>[^】\]］]{2,200})[】\]］]\s*")
_OPEN_ONLY_RE = re.compile(r"[【\[［](?P<target>[^】\]］\s]{2,200})\s+")
_CLOSE_ONLY_RE = re.compile(r"(?P<target>[^【\[［】\]］“”]{2,200}?)[】\]］]\s*")
_DAMAGED = (_OPEN_ONLY_RE, _CLOSE_ONLY_RE)


@dataclass
class BracketedHead:
    target_start: int
    target_end: int
    progress_start: int
    lead: str | None
    damaged: bool


def bracketed_head(text: str) -> BracketedHead | None:
    """Where the bracketed target of an item's text lies, and where its progress starts; None when the
    text does not open with a bracketed target followed by more text."""
    at = 0
    lead = None
    found = _LEAD_RE.match(text)
    if found and looks_like_unit(found.group("lead")):
        lead, at = clean_units(found.group("lead")), found.end()
    for pattern in (_QUOTED_RE, _BRACKETED_RE, *_DAMAGED):
        target = pattern.match(text, at)
        if target and target.end() < len(text.rstrip()):
            return BracketedHead(target.start("target"), target.end("target"), target.end(), lead, pattern in _DAMAGED)
        if pattern is _BRACKETED_RE and target:
            return None  # 【…】 with nothing after it: a heading, not an item
    return None
