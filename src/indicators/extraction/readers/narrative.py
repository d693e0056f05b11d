"""Numbered narrative: ``N.<target>`` then ``进展情况:…`` and ``牵头责任单位:…`` lines.

Sections (``一、…``, ``(二)…``) are followed, sub-items (``1)…``, ``(2)…``) of a numbered task become
tasks ``N.k``, and a task whose progress follows in the same paragraph (``…100个。上半年,引进…``) is
split where the progress begins. Tasks of the section of main expected targets are the headline ones.
A task may be a heading over labelled lines (``1.经济增长`` / ``任务内容:…`` / ``推进情况:…``), its target
may be the heading itself with the units and the result labelled below (``(一)…增长8%以上`` /
``牵头单位:…`` / ``半年实现:…`` / ``进度评价:…``), or a ``(一)关于“…”任务`` item. Labels come in families
(``common.TARGET_LABEL_RE``, ``PROGRESS_LABEL_RE``, ``STATUS_LABEL_RE``: ``【年度任务】`` / ``【进展】``, ``工作量:`` /
``完成量:`` / ``进度:``, ``目标值:`` / ``实际值:`` / ``评价:``, ``督查情况:``); a heading may share its paragraph with
its target label (``一、生产总值。年度目标:增长14%。1-11月…``).
"""

from __future__ import annotations

import re

from ..mentions import paragraph_roles
from ..model import MIXED, PROGRESS, TARGET, Block, Span
from ..text import Document
from . import register
from .bracketed import bracketed_head
from .common import (
    CO_RE,
    FOOTER_RE,
    GUANYU_RE,
    LEAD_RE,
    PERIOD_WORDS,
    PROGRESS_LABEL_RE,
    SECTION_RE,
    STATUS_LABEL_RE,
    SUBSECTION_RE,
    SUBTASK_RE,
    TARGET_LABEL_RE,
    TRAILING_LEAD_RE,
    TRUNCATION_RE,
    clean_units,
    is_main_section,
    looks_like_unit,
    mark_truncated,
)

TASK_LINE_RE = re.compile(
    r"^\s*(?:(?P<num>\d{1,4})\s*[.．、](?!\d)|第\s*(?P<nth>\d{1,4}|[一二三四五六七八九十]{1,3})\s*项\s*[:：.、]?"
    r"|(?P<circled>[①-⑳])\s*[.．、]?|(?P<bullet>[◆●■▲★☆◇○•▶►※])\s*)\s*(?P<text>\S.*)$"
)
#: where progress starts inside a task's paragraph: a sentence opening with a period or a result
_PROGRESS_START_RE = re.compile(
    r"(?<=。)\s*(?=(?:已经?)?(?:开工|动工|竣工|完工)|预计\s*(?:上半年|前三季度|[一二三四]季度|1\s*[-—至~]\s*\d{1,2}\s*月))"
    # 改造提升农村公路100公里。完成…128公里,超额完成年度任务: a sentence of 完成 that ends in its verdict
    r"|(?<=。)\s*(?=(?:累计)?完成[^。;；]{0,30}\d[^。;；]*?(?:超额完成|未完成|完成年度|达到序时|序时推进))"
    r"|(?<=[。;；])\s*(?=(?:截至|截止|今年以来|目前|当前|年末|年底|受[^。;；,，]{2,30}?影响[,，]|上半年|下半年|前三季度|[一二三四]季度|1\s*[-—至~]\s*\d{1,2}\s*月"
    r"|全年|(?:19|20)\d\d\s*年(?:上半年|前三季度|[一二三四]季度|1\s*[-—至~]\s*\d{1,2}\s*月|以来|底|末)?[,，]|已经?|实际"
    r"|(?:全市|全县|全区|我市|我县)(?:实现|完成|累计)?"
    r"|[\u4e00-\u9fff]{1,8}?(?:已经?|实际)(?:完成|建成|实现|开工|达到)|[\u4e00-\u9fff]{1,12}?(?:目标|计划)[^。;；]{0,20}?[,，]\s*实际))"
)


@register("narrative")
def read_narrative(doc: Document) -> list[Block]:
    """Blocks of numbered tasks (and their sub-items), each with its progress and units."""
    lines = doc.lines
    blocks: list[Block] = []
    sections = [""] * 2  # level-1 and level-2 section titles
    markers = [""] * 2
    any_main = any(
        (m := SECTION_RE.match(line) or SUBSECTION_RE.match(line)) and is_main_section(m.group("text") or "")
        for line in lines
    )
    current: Block | None = None
    parent = ""
    in_progress = False
    for i, line in enumerate(lines):
        n = i + 1
        if not line.strip():
            continue
        if TRUNCATION_RE.match(line) or FOOTER_RE.match(line):
            current = None
            continue
        sec = SECTION_RE.match(line)
        labelled_next = _label_next(lines, i, PROGRESS_LABEL_RE)
        heads_a_target = _label_next(lines, i, TARGET_LABEL_RE)  # 一、经济增长 / 任务内容:…
        sec_text = (sec.group("text") or "") if sec else ""
        if sec and (_is_item(sec_text) or GUANYU_RE.match(sec_text) or heads_a_target
                    or (labelled_next and _DIGIT_RE.search(sec_text))):
            # 一、新建幼儿园15所。截至9月底,已建成9所 (or its progress on a labelled line below): an item
            numeral = sec.group("num")
            number = parent = str(_NUMERALS.index(numeral) + 1) if numeral in _NUMERALS else numeral
            title = " ".join(t for t in sections if t)
            current = Block("narrative", [], number=number, main=is_main_section(title) if any_main else True)
            _add_task_text(current, n, sec.start("text"), sec.group("text"))
            blocks.append(current)
            in_progress = False
            continue
        if sec and not TASK_LINE_RE.match(line):
            sections, markers = [sec.group("text") or "", ""], [sec.group("num"), ""]
            current, parent = None, ""
            continue
        sub = SUBSECTION_RE.match(line)
        sub_text = (sub.group("text") or "") if sub else ""
        if sub and (GUANYU_RE.match(sub_text) or heads_a_target
                    or _DIGIT_RE.search(sub_text) and (labelled_next or _holds_its_progress(sub_text))):
            # (一)地区生产总值增长9%以上。 over 工作进展:…: an item numbered (一), (二) …
            numeral = sub.group("num")
            number = parent = str(_NUMERALS.index(numeral) + 1) if numeral in _NUMERALS else numeral
            title = " ".join(t for t in sections if t)
            current = Block("narrative", [], number=number, section=markers[0], section_title=title,
                            main=is_main_section(title) if any_main else True)
            _add_task_text(current, n, sub.start("text"), sub.group("text"))
            blocks.append(current)
            in_progress = False
            continue
        if sub:
            sections[1], markers[1] = sub.group("text") or "", f"({sub.group('num')})"
            current, parent = None, ""
            continue
        if current is not None and (label := TARGET_LABEL_RE.match(line)) and not current.texts(PROGRESS):
            _retitle(current)  # 1.经济增长 / 任务内容:全市地区生产总值增长7%以上。
            current.spans.append(Span(n, label.end(), line[label.end() :].rstrip(), TARGET))
            in_progress = False
            continue
        if current is not None and (status := STATUS_LABEL_RE.match(line)):
            current.status = status.group("text").rstrip("。.")
            current.end_line, in_progress = n, False
            continue
        if current is not None and (label := PROGRESS_LABEL_RE.match(line)):
            _settle_heading_item(current)
            current.spans.append(Span(n, label.end(), line[label.end() :], PROGRESS))
            in_progress = True
            continue
        if current is not None and (lead := LEAD_RE.match(line)):
            current.lead_units = clean_units(lead.group("text"))
            current.end_line, in_progress = n, False
            continue
        if current is not None and (co := CO_RE.match(line)):
            current.co_units = clean_units(co.group("text"))
            current.end_line, in_progress = n, False
            continue
        task = TASK_LINE_RE.match(line)
        if task and task.group("bullet") and _BULLET_HEADING_RE.match(task.group("text")):
            task = None  # ▲项目建设:… — a heading over a paragraph of several results, for the article reader
        subtask = None if task else SUBTASK_RE.match(line)
        if task or subtask:
            if task:
                number = parent = task.group("num") or _arabic(task.group("nth") or "") or _circled(task.group("circled"))
                text, offset = task.group("text"), task.start("text")
            else:
                k = subtask.group("a") or subtask.group("b")
                number = f"{parent}.{k}" if parent else k
                text, offset = subtask.group("text"), subtask.start("text")
            title = " ".join(t for t in sections if t)
            current = Block(
                "narrative",
                [],
                number=number,
                section=markers[1] or markers[0],
                section_title=title,
                main=is_main_section(title) if any_main else True,
            )
            _add_task_text(current, n, offset, text)
            blocks.append(current)
            in_progress = False
            continue
        if current is None:
            continue
        if in_progress or current.texts(PROGRESS) or current.texts(TARGET):
            _add_progress(current, n, line)
    blocks = [b for b in blocks if _worth_keeping(b, blocks)]
    mark_truncated(blocks, lines)
    return blocks


_NUMERALS = "一二三四五六七八九十"
_TRAILING_UNITS_RE = re.compile(r"(?<=[。;；.])\s*[(（](?P<text>[^()（）]{2,60})[)）]\s*$")
_BULLET_HEADING_RE = re.compile(r"^[^\d:：。,，]{1,10}[:：]")


def _arabic(numeral: str) -> str:
    """第十二项 → 12 (digits pass through; a bullet gives no number)."""
    if not numeral or numeral.isdigit():
        return numeral
    tens, _, units = numeral.rpartition("十")
    if "十" not in numeral:
        return str(_NUMERALS.index(numeral) + 1) if len(numeral) == 1 else numeral
    value = (_NUMERALS.index(tens) + 1 if tens else 1) * 10 + (_NUMERALS.index(units) + 1 if units else 0)
    return str(value)
_DIGIT_RE = re.compile(r"\d")


def _circled(mark: str | None) -> str:
    """③ → 3 (items ①②③, restarting under each section heading); no mark gives no number."""
    return str(ord(mark) - ord("①") + 1) if mark else ""


def _holds_its_progress(text: str) -> bool:
    """Whether a ``(一)`` line is an item whose results follow in its paragraph (``(三)固定资产投资增长8%。
    1-9月,全市固定资产投资下降6.8%``): a figure before the sentence where the results start."""
    split = _PROGRESS_START_RE.search(text) or _PLAN_THEN_RESULT_RE.search(text)
    return bool(split) and bool(_DIGIT_RE.search(text[: split.start()]))


def _label_next(lines: tuple[str, ...], i: int, label: re.Pattern) -> bool:
    """Whether the next line with text, past the lines naming units, opens with ``label`` (a progress label:
    工作进展:, 落实情况:, 半年实现: …; a target label: 任务内容:, 目标任务: …)."""
    for line in lines[i + 1 : i + 6]:
        if line.strip() and not (LEAD_RE.match(line) or CO_RE.match(line)):
            return bool(label.match(line))
    return False


def _retitle(block: Block) -> None:
    """A task's heading without a figure, over a labelled target line, names the task: it is no target."""
    heading = block.texts(TARGET)
    if heading and len(heading) == len(block.spans) and not any(_DIGIT_RE.search(s.text) for s in heading):
        block.section_title = block.section_title or " ".join(s.text.strip() for s in heading)
        block.spans = []


def _settle_heading_item(block: Block) -> None:
    """An item opened by a short heading (``(一)汽车产业。全年整车产量力争达到260万辆。``) was read as mixed
    text; when a progress label follows, its own text is the target, unless a result word says otherwise."""
    if block.texts(PROGRESS) or len(block.spans) != 1 or block.spans[0].kind != MIXED:
        return
    if "actual" not in paragraph_roles(block.spans[0].text, cued_only=True):
        block.spans[0].kind = TARGET


def _is_item(text: str) -> bool:
    """A line numbered 一、二、 that is a task with its figures (not a section heading): it states a figure and
    goes on past its first sentence."""
    return bool(re.search(r"\d", text)) and bool(re.search(r"[。;；].{4,}", text))


#: a progress label inside the task's own paragraph: …增长8%左右。完成情况:全市实现…
_INLINE_LABEL_RE = re.compile(
    rf"[。;；]\s*{PERIOD_WORDS}?(?:完成情况|进展情况|落实情况|执行情况|推进情况|工作进展|进展|完成)\s*[::]\s*"
)
#: a short heading that opens an item (1.经济增长。年初预期…,实际…): what follows is results and plans mixed
_HEADING_RE = re.compile(r"^[^\d。;；,，]{2,12}[。.]\s*(?=\S)")
#: a report word after a plan word in the same paragraph: the paragraph mixes both (年初计划…,实际完成…)
_PLAN_THEN_RESULT_RE = re.compile(r"(?:预期|计划|目标).{0,40}?[,，;；]\s*(?:实际|现已|已经?|截至|截止|全年实现|实现)")


#: a ``name:`` heading whose body opens with the period's result (``1.地区生产总值:前三季度实现…``,
#: ``3.固定资产投资:完成186亿元…``): results first, the year's target after them, in the same paragraph
_RESULTS_FIRST_RE = re.compile(
    rf"^[^\d。;；,，:：]{{2,16}}[:：]\s*(?={PERIOD_WORDS}?\s*(?:[,，]\s*)?(?:全[省市县区旗州盟])?(?:已经?|累计|实际)?"
    r"(?:完成|实现|达到|接待|新建|开工|新增|引进|实施|增长|下降|同比)|(?:已经?|累计)\S)"
)


def _results_first_heading(text: str) -> re.Match | None:
    """A ``name:`` heading over results that come before the target (read as mixed text), when the body
    names a year target after its first figure (``全年目标为…``, ``年度计划…``, ``与全年8%的目标相差…``)."""
    head = _RESULTS_FIRST_RE.match(text)
    if head is None:
        return None
    body = text[head.end() :]
    first = _DIGIT_RE.search(body)
    return head if first and _YEAR_TARGET_RE.search(body, first.start()) else None


_YEAR_TARGET_RE = re.compile(r"(?:全年|年度|年初|年)(?:的)?(?:预算)?(?:目标|任务|计划|预期)|全年[^。;；,，]{0,8}的目标")


def _add_task_text(block: Block, line_no: int, offset: int, text: str) -> None:
    """The task's own line: its target, and the start of its progress when both share the paragraph.

    A paragraph that opens with a short heading (``经济增长。``) or that gives a plan and then its result
    (``年初预期…增长11%,实际增长10.3%``) is read as mixed text, its figures' roles taken from cue words.
    """
    headed = _HEADING_RE.match(text)
    if headed and TARGET_LABEL_RE.match(text[headed.end() :]):  # 一、生产总值。年度目标:增长14%。1-11月…
        block.section_title = block.section_title or text[: headed.end()].strip().rstrip("。.")
        text, offset = text[headed.end() :], offset + headed.end()
    label = TARGET_LABEL_RE.match(text)
    if label:  # (一)目标任务:全市生产总值增长6%以上。
        text, offset = text[label.end() :], offset + label.end()
    head = bracketed_head(text)
    if head is not None:  # 5.【新开工亿元以上项目200个】1-9月…, (2)【市住建局】“…”:截至9月底…
        block.spans.append(Span(line_no, offset + head.target_start, text[head.target_start : head.target_end], TARGET))
        _add_progress(block, line_no, text[head.progress_start :], offset + head.progress_start)
        block.lead_units = block.lead_units or head.lead
        if head.damaged:
            block.notes.append("text_damaged")
        return
    lead = len(text) - len(text.lstrip())
    guanyu = GUANYU_RE.match(text.strip())
    if guanyu:  # 关于“…”事项。 and, on the same line, its progress
        block.spans.append(Span(line_no, offset + lead + guanyu.start("target"), guanyu.group("target"), TARGET))
        if guanyu.group("rest"):
            _add_progress(block, line_no, guanyu.group("rest"), offset + lead + guanyu.start("rest"))
        return
    label = _INLINE_LABEL_RE.search(text)
    if label:
        block.spans.append(Span(line_no, offset, text[: label.start() + 1], TARGET))
        _add_progress(block, line_no, text[label.end() :], offset + label.end())
        return
    heading = _HEADING_RE.match(text) or _results_first_heading(text)
    plan_result = _PLAN_THEN_RESULT_RE.search(text)
    split = _PROGRESS_START_RE.search(text)
    first_stop = re.search(r"[。;；]", text)
    after_first = first_stop is not None and plan_result is not None and plan_result.start() >= first_stop.start()
    if plan_result and not heading and split and after_first and _DIGIT_RE.search(text[: split.start()]):
        plan_result = None  # 改造棚户区1.5万户。棚户区改造目标1.5万户,实际完成…: the plan restated in the results
    if heading or plan_result:
        start = heading.end() if heading else 0
        block.section_title = block.section_title or (text[: start].rstrip("。. ") if heading else "")
        block.spans.append(Span(line_no, offset + start, text[start:], MIXED))
        return
    if split:
        block.spans.append(Span(line_no, offset, text[: split.start()], TARGET))
        _add_progress(block, line_no, text[split.start() :], offset + split.start())
    else:
        block.spans.append(Span(line_no, offset, text, TARGET))


def _add_progress(block: Block, line_no: int, text: str, offset: int = 0) -> None:
    """A line of progress text; a trailing ``(牵头责任单位:…)``, or units alone in brackets (``(市发改委)``),
    gives the block's lead units."""
    trailing = TRAILING_LEAD_RE.search(text) or _TRAILING_UNITS_RE.search(text)
    if trailing and looks_like_unit(trailing.group("text")) or trailing and trailing.re is TRAILING_LEAD_RE:
        block.lead_units = block.lead_units or clean_units(trailing.group("text"))
        text = text[: trailing.start()]
    stripped = text.lstrip()
    if stripped:
        block.spans.append(Span(line_no, offset + len(text) - len(stripped), stripped, PROGRESS))


def _worth_keeping(block: Block, blocks: list[Block]) -> bool:
    """Drop a heading task whose sub-items follow (``17.聚力长三角一体化发展。`` then ``1)…``)."""
    if block.texts(PROGRESS) or "." in block.number:
        return True
    return not any(b.number.startswith(block.number + ".") for b in blocks)
