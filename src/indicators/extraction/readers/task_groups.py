"""Tables with a row per district and a column group per task: ``乡镇 | 农村改厕任务(户) | 已完成(户) |
完成率 | 高标准农田任务(亩) | 已完成(亩) | 完成率``, ``|``-separated or one cell per line.

A group is a task's plan column (its name ends in 任务/目标/计划, its unit in brackets) followed by a
completion column (已完成, 完成数, 实际完成) and, where given, a rate. Each (row, group) is a block whose
subject is ``task(district)``; ``/`` or ``—`` marks a district without that task; a ``合计`` row is a row.
"""

from __future__ import annotations

import re

from ..model import PROGRESS, TARGET, Block, Span
from ..text import Document
from . import register
from .cells import Cell, header_kind
from .common import EMPTY_CELL_RE, FOOTER_RE, TRUNCATION_RE, mark_truncated

_PLAN_RE = re.compile(r"^(?P<name>[^\d()（）|]{2,20}?)(?:年度|全年)?(?:任务|目标|计划)数?(?:[(（](?P<unit>[^()（）]{1,6})[)）])?$")
_DONE_RE = re.compile(r"^(?:已|实际|累计)?完成(?:数|量|情况)?(?:[(（](?P<unit>[^()（）]{1,6})[)）])?$")
_RATE_RE = re.compile(r"^(?:完成率|完成比例|完成进度)(?:[(（]%[)）]|%)?$")
_VALUE_RE = re.compile(r"^(?:-?\d+(?:\.\d+)?%?|[/／—－-]{1,2})$")
_NAMED_RE = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,20}?)(?:[(（](?P<unit>[^()（）]{1,6})[)）])?$")
_BARE_PLAN_RE = re.compile(r"^(?:年度|全年)?(?:目标|任务|计划)(?:数|值)?$")
_NAME_RE = re.compile(r"^[\u4e00-\u9fff()（）]{1,12}$")


@register("task_groups")
def read_task_groups(doc: Document) -> list[Block]:
    cells = [c for c in doc.cells if not c.brk]
    for i in range(len(cells) - 2):
        groups, start = _groups(cells, i + 1)
        if groups and _NAME_RE.match(cells[i].text):
            width = sum(len(g[2]) for g in groups)
            blocks = _rows(cells[start:], groups, width)
            if blocks:
                mark_truncated(blocks, doc.lines)
                return blocks
    return []


def _groups(cells: list[Cell], j: int) -> tuple[list[tuple[str, str | None, list[str]]], int]:
    """The column groups from ``j`` (task name, unit, the roles of its columns), and where the rows start."""
    groups = []
    while j + 1 < len(cells):
        plan, done = _PLAN_RE.match(cells[j].text), _DONE_RE.match(cells[j + 1].text)
        named = None
        if not (plan and done) and j + 2 < len(cells):
            # 地区生产总值增速(%) / 年度目标 / 上半年: the task's name over its own plan and result columns
            named = _NAMED_RE.match(cells[j].text)
            if not (named and _BARE_PLAN_RE.match(cells[j + 1].text) and _result_column(cells[j + 2].text)):
                break
            j += 1
        elif not (plan and done):
            break
        roles = ["target", "actual"]
        if j + 2 < len(cells) and _RATE_RE.match(cells[j + 2].text):
            roles.append("completion")
        if named:
            groups.append((named.group("name"), named.group("unit"), roles))
        else:
            groups.append((plan.group("name"), plan.group("unit") or done.group("unit"), roles))
        j += len(roles)
    return groups, j


def _result_column(text: str) -> bool:
    return bool(_DONE_RE.match(text)) or header_kind(text) == "actual"


def _rows(cells: list[Cell], groups: list[tuple[str, str | None, list[str]]], width: int) -> list[Block]:
    blocks: list[Block] = []
    k = 0
    while k + width < len(cells):
        name, values = cells[k], cells[k + 1 : k + 1 + width]
        if TRUNCATION_RE.match(name.text) or FOOTER_RE.match(name.text) or not _NAME_RE.match(name.text):
            break
        if not all(_VALUE_RE.match(v.text) for v in values):
            break
        at = 0
        for task, unit, roles in groups:
            group = values[at : at + len(roles)]
            at += len(roles)
            if EMPTY_CELL_RE.match(group[0].text) or EMPTY_CELL_RE.match(group[1].text):
                continue
            subject = f"{task}({name.text})"
            spans = [
                Span(cell.line, cell.start, cell.text, TARGET if role == "target" else PROGRESS,
                     unit="%" if role == "completion" else unit, subject=subject,
                     role=role if role == "completion" else None)
                for cell, role in zip(group, roles, strict=True)
            ]
            block = Block("task_groups", spans, section=name.text)
            block.end_line = values[-1].line
            block.cells = 1 + width
            blocks.append(block)
        k += 1 + width
    return blocks
