"""Splitting a report's lines into task blocks, whatever the layout the report came in.

A block is a task number, its target sentence, the lines of its progress text and its responsible
units, each with the line number it came from. The extraction grammar works on blocks only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TASK_RE = re.compile(r"^\s*(?P<num>\d{1,3})\s*[.．、]\s*(?P<text>\S.*)$")
SECTION_RE = re.compile(r"^\s*(?P<num>[一二三四五六七八九十]+)\s*[、.．]\s*(?P<text>\S.*)$")
PROGRESS_RE = re.compile(r"^\s*(?:进展情况|完成情况|进展)\s*[::]?\s*")
LEAD_RE = re.compile(r"^\s*牵头(?:责任)?单位\s*[::]?\s*(?P<text>.*)$")
CO_RE = re.compile(r"^\s*(?:协同|配合)(?:责任)?单位\s*[::]?\s*(?P<text>.*)$")
#: the section holding the headline economic targets
MAIN_SECTION_WORDS = ("主要预期目标", "主要目标", "预期目标")


@dataclass
class TaskBlock:
    """One task of a report, with line numbers (1-based) into the text it was read from."""

    task: int
    target_text: str
    target_line: int
    progress: list[tuple[int, str, int]] = field(default_factory=list)  # (line no, line, text offset)
    lead_units: str | None = None
    co_units: str | None = None
    target_source: str = ""  # the whole line the target was read from


def _units(text: str) -> str:
    return text.strip().rstrip("。.;；,，、 ")


def split_narrative(lines: list[str]) -> list[TaskBlock]:
    """Blocks of the narrative layout: ``N.<target>`` / ``进展情况:…`` / ``牵头责任单位:…``.

    Only the tasks of the main-targets section are taken when the report has sections
    (一、确保完成全年主要预期目标); otherwise every numbered task.
    """
    sections: list[tuple[int, str]] = [
        (i, m.group("text")) for i, line in enumerate(lines) if (m := SECTION_RE.match(line))
    ]
    start, end = 0, len(lines)
    if sections:
        chosen = next((k for k, (_, text) in enumerate(sections) if any(w in text for w in MAIN_SECTION_WORDS)), 0)
        start = sections[chosen][0] + 1
        end = sections[chosen + 1][0] if chosen + 1 < len(sections) else len(lines)
    blocks: list[TaskBlock] = []
    current: TaskBlock | None = None
    in_progress = False
    for i in range(start, end):
        line = lines[i]
        if not line.strip():
            continue
        task = TASK_RE.match(line)
        if task and not PROGRESS_RE.match(line):
            current = TaskBlock(int(task.group("num")), task.group("text").strip(), i + 1, target_source=line.strip())
            blocks.append(current)
            in_progress = False
            continue
        if current is None:
            continue
        if lead := LEAD_RE.match(line):
            current.lead_units = _units(lead.group("text"))
            in_progress = False
        elif co := CO_RE.match(line):
            current.co_units = _units(co.group("text"))
            in_progress = False
        elif progress := PROGRESS_RE.match(line):
            current.progress.append((i + 1, line, progress.end()))
            in_progress = True
        elif in_progress or current.progress:
            current.progress.append((i + 1, line, len(line) - len(line.lstrip())))
    return blocks


def split_tasks(lines: list[str]) -> list[TaskBlock]:
    """Task blocks of a report in any supported layout (empty if none is recognised)."""
    return split_narrative(lines)
