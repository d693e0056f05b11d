"""Splitting a report's lines into task blocks, whatever the layout the report came in.

A block is a task number, its target sentence, the lines of its progress text and its responsible
units, each with the line number it came from. The extraction grammar works on blocks only.

Layouts read:

- ``narrative``: ``N.<target>。`` / ``进展情况:…`` / ``牵头责任单位:…`` (the 2021 notice);
- ``table``: a table flattened to one cell per line (or tab- or ``|``-separated cells), under a header
  ``序号 / 工作任务 / 牵头责任单位 / 完成情况``; a task may list several units, each followed by its own
  progress text, and a unit name may be broken over two lines;
- ``article``: a news article without numbered tasks, where targets follow ``报告提出`` and results
  follow ``实际…`` / ``落实结果显示``; each paragraph holding targets becomes a task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TASK_RE = re.compile(r"^\s*(?P<num>\d{1,3})\s*[.．、]\s*(?P<text>\S.*)$")
SECTION_RE = re.compile(r"^\s*(?P<num>[一二三四五六七八九十]+)\s*[、.．]\s*(?P<text>\S.*)$")
_PERIOD_WORDS = r"(?:第?[一二三四]季度|上半年|前三季度|全年|年度|1\s*[-—~至]\s*\d{1,2}\s*月份?)"
PROGRESS_RE = re.compile(rf"^\s*{_PERIOD_WORDS}?(?:进展情况|完成情况|工作进展|落实情况|推进情况|进展)\s*[::]?\s*")
LEAD_RE = re.compile(r"^\s*(?:牵头(?:责任)?(?:单位|部门)|责任单位)\s*[::]?\s*(?P<text>.*)$")
CO_RE = re.compile(r"^\s*(?:协同|配合|协办)(?:责任)?(?:单位|部门)\s*[::]?\s*(?P<text>.*)$")
#: the section holding the headline economic targets
MAIN_SECTION_WORDS = ("主要预期目标", "主要目标", "预期目标")

#: header cells of a flattened table, by the column they name
HEADER_CELLS = {
    "num": re.compile(r"^序号$"),
    "task": re.compile(
        r"^(?:重点)?(?:工作任务|目标与任务|目标任务|工作目标|任务内容|工作内容|重点任务|主要目标|目标|任务|指标)$"
    ),
    "lead": re.compile(r"^(?:牵头(?:责任)?(?:单位|部门)|责任(?:单位|部门)|牵头单位及责任人)$"),
    "co": re.compile(r"^(?:协同|配合|协办)(?:责任)?(?:单位|部门)$"),
    "progress": re.compile(
        rf"^{_PERIOD_WORDS}?(?:工作)?(?:进展情况|完成情况|工作进展|落实情况|推进情况|进展|完成进度)$"
    ),
    "other": re.compile(r"^(?:完成时限|时限|备注|责任领导|分管领导|牵头领导|责任人)$"),
}
_ROW_NUMBER_RE = re.compile(r"^(?P<num>\d{1,3})\s*[.．、]?$")
_UNIT_SUFFIX = (
    "委员会|管委会|办公室|部门|小组|单位|中心|集团|公司|政府|支行|分行|海关|分局|银行|联社|协会|"
    "局|委|办|厅|院|部|所|站|队|处|社|署|馆|组"
)
_UNIT_PART_RE = re.compile(rf"^[\u4e00-\u9fff()（）]{{1,28}}?(?:{_UNIT_SUFFIX})(?:[(（][^()（）]{{1,20}}[)）])?等?$")
_UNIT_SPLIT_RE = re.compile(r"[、,，;；/]|\s+")
_BRACKETED_RE = re.compile(r"^[(（](.+)[)）]$")  # (市地方金融局): a unit that shares the task
_NEW_UNIT_START = tuple("市县区省各")
#: a line that marks where recovered text stops
TRUNCATION_RE = re.compile(r"^\s*(?:\[\s*(?:\.{3}|…+)\s*\]|…{2,}|\.{6,}|[(（]未完[)）]|未完待续)\s*$")
#: page furniture after the body of a web page
FOOTER_RE = re.compile(
    r"^\s*(?:扫一扫|【?关闭(?:窗口)?】?$|【?打印(?:本页)?】?$|分享到|相关链接|上一篇|下一篇|责任编辑)"
)
_DANGLING = tuple(",，、:：(（“《—-")

TARGET_CUE_RE = re.compile(
    r"(?:报告|规划|计划|方案|文件|会议)?(?:提出|明确|要求|确定|部署)了?[,，:：]?|(?:指标|任务|目标)(?:还)?包括[:：]?"
)
ACTUAL_CUE_RE = re.compile(
    r"(?:^|(?<=[。;；,，!！]))\s*(?:实际上|实际(?=[“\"「,，:：])|从?(?:落实|完成|执行)(?:结果|情况)(?:显示|来看|看)"
    r"|结果显示|最终"
    r"|(?:这些|上述|以上)(?:任务|目标|指标))"
)


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
    #: the unit whose own progress text a line belongs to, when a task lists several units each with its text
    progress_units: dict[int, str] = field(default_factory=dict)
    last_line: int = 0  # last line of the report that belongs to the block
    truncated: bool = False  # the document stops inside this block
    #: keep only rows of the target's own indicators (progress read from text shared with other tasks)
    only_targets: bool = False


@dataclass
class _Cell:
    line: int  # 1-based
    text: str
    offset: int  # where the cell starts in its line


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
            current.last_line = i + 1
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
        else:
            continue
        current.last_line = i + 1
    return blocks


# --- flattened tables ----------------------------------------------------------------------------


def _cells(lines: list[str]) -> list[_Cell]:
    """Non-empty cells: one per line, or several when a line holds tab- or ``|``-separated cells."""
    cells: list[_Cell] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("|") or "\t" in stripped:
            for part in re.finditer(r"[^|\t]+", line):
                text = part.group(0)
                if text.strip() and not re.fullmatch(r"[\s:-]+", text):
                    cells.append(_Cell(i + 1, text.strip(), part.start() + len(text) - len(text.lstrip())))
        else:
            cells.append(_Cell(i + 1, stripped, len(line) - len(line.lstrip())))
    return cells


def header_kind(text: str) -> str | None:
    """The column a table header cell names (``num``, ``task``, ``lead``, ``co``, ``progress``, ``other``)."""
    text = re.sub(r"\s+", "", text)
    return next((kind for kind, pattern in HEADER_CELLS.items() if pattern.match(text)), None)


def looks_like_unit(text: str) -> bool:
    """Whether a cell is the name of one or more responsible units (市发展和改革委员会、市财政局)."""
    text = _units(text)
    if not text or len(text) > 80:
        return False
    parts = [_BRACKETED_RE.sub(r"\1", p) for p in _UNIT_SPLIT_RE.split(text) if p]
    return bool(parts) and all(_UNIT_PART_RE.match(p) for p in parts)


def _find_header(cells: list[_Cell]) -> tuple[int, list[str]] | None:
    """Index of the first cell after the header, and the header's column kinds (``num`` first)."""
    for k, cell in enumerate(cells):
        if "序号" not in cell.text or header_kind(cell.text) != "num":
            continue
        kinds = ["num"]
        j = k + 1
        while j < len(cells) and (kind := header_kind(cells[j].text)) not in (None, "num"):
            kinds.append(kind)
            j += 1
        if "task" in kinds and "progress" in kinds:
            return j, kinds
    return None


def _row_tokens(cells: list[_Cell]) -> list[tuple[str, list[_Cell]]]:
    """The cells of one row as ``unit`` / ``text`` tokens, a unit name broken over two lines joined again.

    The first cell is always the target text.
    """
    tokens: list[tuple[str, list[_Cell]]] = []
    j = 0
    while j < len(cells):
        cell = cells[j]
        if j == 0:
            tokens.append(("text", [cell]))
        elif looks_like_unit(cell.text):
            tokens.append(("unit", [cell]))
        elif (
            j + 1 < len(cells)
            and len(cell.text) <= 20
            and not re.search(r"[。,，;；:：\d%]", cell.text)
            and not cells[j + 1].text.startswith(_NEW_UNIT_START)
            and looks_like_unit(cell.text + cells[j + 1].text)
        ):
            tokens.append(("unit", [cell, cells[j + 1]]))
            j += 1
        else:
            tokens.append(("text", [cell]))
        j += 1
    return tokens


def _unit_name(cells: list[_Cell]) -> str:
    return _units("".join(c.text for c in cells))


def _table_block(number: int, cells: list[_Cell], kinds: list[str], lines: list[str]) -> TaskBlock:
    """One table row (the cells after its number) as a task block, following the header's column order."""
    tokens = _row_tokens(cells)
    target = tokens[0][1][0]
    block = TaskBlock(number, target.text, target.line, target_source=lines[target.line - 1].strip())
    block.last_line = max(c.line for c in cells)
    units_first = kinds.index("lead") < kinds.index("progress") if "lead" in kinds else False
    has_co = "co" in kinds
    leads: list[str] = []
    cos: list[str] = []
    runs: list[tuple[list[str], list[_Cell]]] = []  # (units, progress cells) pairs
    seen_unit = False
    for kind, token_cells in tokens[1:]:
        if kind == "unit":
            name = _unit_name(token_cells)
            if not runs or runs[-1][1] or not seen_unit:
                runs.append(([], []))
            first_of_run = not runs[-1][0]
            runs[-1][0].append(name)
            (cos if has_co and not first_of_run else leads).append(name)
            seen_unit = True
        elif units_first and not seen_unit:
            block.target_text += token_cells[0].text  # a target broken over several lines
        else:
            if not runs:
                runs.append(([], []))
            runs[-1][1].extend(token_cells)
    progress_cells = [c for _, texts in runs for c in texts]
    block.progress = [(c.line, lines[c.line - 1], c.offset) for c in progress_cells]
    block.lead_units = "、".join(dict.fromkeys(leads)) or None
    block.co_units = "、".join(dict.fromkeys(cos)) or None
    paired = [(units, texts) for units, texts in runs if units and texts]
    if units_first and len(paired) > 1:
        block.progress_units = {c.line: "、".join(units) for units, texts in paired for c in texts}
    return block


def split_table(lines: list[str]) -> list[TaskBlock]:
    """Blocks of a flattened table: header cells, then per task a number, target, unit(s) and progress.

    Rows start at a bare number that continues the numbering; a section row (一、…) separates groups
    and, when one of them holds the main expected targets, only that group is taken. Reading stops at
    a truncation marker (``[...]``) or the page footer.
    """
    cells = _cells(lines)
    header = _find_header(cells)
    if header is None:
        return []
    start, kinds = header
    rows: list[tuple[int, int, list[_Cell]]] = []  # (section, number, cells)
    sections: list[str] = []
    previous = 0
    for cell in cells[start:]:
        if TRUNCATION_RE.match(cell.text) or FOOTER_RE.match(cell.text):
            break
        number = _ROW_NUMBER_RE.match(cell.text)
        if number and previous < int(number.group("num")) <= previous + 3:
            previous = int(number.group("num"))
            rows.append((len(sections), previous, []))
            continue
        section = SECTION_RE.match(cell.text)
        if section and len(cell.text) <= 40 and not cell.text.endswith("。"):
            sections.append(section.group("text"))
            previous = 0
            continue
        if rows:
            rows[-1][2].append(cell)
    main = next((k + 1 for k, text in enumerate(sections) if any(w in text for w in MAIN_SECTION_WORDS)), None)
    return [
        _table_block(number, row_cells, kinds, lines)
        for section, number, row_cells in rows
        if row_cells and (main is None or section == main)
    ]


# --- news articles -------------------------------------------------------------------------------


def split_article(lines: list[str]) -> list[TaskBlock]:
    """Blocks of a news article: each paragraph stating targets (报告提出…) is a task.

    The results are read from the same paragraph after 实际 / 落实结果显示 / 最终; a paragraph of
    targets without results is paired with the later paragraphs that give results only, keeping
    only the rows of its own indicators.
    """
    blocks: list[TaskBlock] = []
    for i, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cue = TARGET_CUE_RE.search(line)
        actual = ACTUAL_CUE_RE.search(line, cue.end() if cue else 0)
        if cue is None:
            if actual:
                for block in blocks:
                    if block.only_targets:
                        block.progress.append((i + 1, line, actual.start()))
                        block.last_line = i + 1
            continue
        target = line[cue.end() : actual.start() if actual else len(line)].strip(" ,，:：。;；")
        if not re.search(r"\d", target):
            continue
        block = TaskBlock(len(blocks) + 1, target, i + 1, target_source=line.strip(), last_line=i + 1)
        if actual:
            block.progress.append((i + 1, line, actual.start()))
        else:
            block.only_targets = True
        blocks.append(block)
    return blocks


# --- choosing a layout ---------------------------------------------------------------------------


def _mark_truncated(blocks: list[TaskBlock], lines: list[str]) -> None:
    """Mark the last block when the document stops inside it (a ``[...]`` marker, no progress, a cut line)."""
    if not blocks:
        return
    content = [i + 1 for i, line in enumerate(lines) if line.strip() and not FOOTER_RE.match(line)]
    marked = any(TRUNCATION_RE.match(lines[i - 1]) for i in content[-2:]) or (
        bool(content) and lines[content[-1] - 1].rstrip().endswith(("……", "[...]"))
    )
    body = [i for i in content if not TRUNCATION_RE.match(lines[i - 1])]
    last = blocks[-1]
    if not body or last.last_line < body[-1]:
        return
    cut = last.progress and lines[last.progress[-1][0] - 1].rstrip().endswith(_DANGLING)
    if marked or not last.progress or cut:
        last.truncated = True


def detect_layout(lines: list[str]) -> tuple[str, list[TaskBlock]]:
    """The layout of a report (``table``, ``narrative``, ``article`` or ``unknown``) and its task blocks."""
    table = split_table(lines)
    narrative = split_narrative(lines)
    labelled = [b for b in narrative if b.progress or b.lead_units]  # not numbered lists inside table cells
    if table and len(table) >= len(labelled):
        layout, blocks = "table", table
    elif narrative:
        layout, blocks = "narrative", narrative
    elif article := split_article(lines):
        layout, blocks = "article", article
    else:
        return "unknown", []
    _mark_truncated(blocks, lines)
    return layout, blocks


def split_tasks(lines: list[str]) -> list[TaskBlock]:
    """Task blocks of a report in any supported layout (empty if none is recognised)."""
    return detect_layout(lines)[1]
