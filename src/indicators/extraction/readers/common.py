"""Words every layout shares: section headings, progress labels, responsible units, page furniture."""

from __future__ import annotations

import re

from ..model import Block

SECTION_RE = re.compile(r"^\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[、.．]\s*(?P<text>\S.*)?$")
SUBSECTION_RE = re.compile(r"^\s*[(（](?P<num>[一二三四五六七八九十]{1,3})[)）]\s*(?P<text>\S.*)?$")
SUBTASK_RE = re.compile(r"^\s*(?:(?P<a>\d{1,2})\s*[)）]|[(（](?P<b>\d{1,2})[)）])\s*(?P<text>\S.*)$")
PERIOD_WORDS = (
    r"(?:(?:19|20)\d\d\s*年(?:度)?)?(?:第?[一二三四]季度|上半年|下半年|半年|前三季度|全年|年度|今年以来|"
    r"1\s*[-—~至]\s*\d{1,2}\s*月份?|截至\s*\d{1,2}\s*月(?:底|末)?)"
)
#: the words of a result label, by family (完成/进展/进度/实际/实现/落实/推进/执行/督查/兑现): 完成情况, 进展, 完成量,
#: 实际值, 督查情况 (a bare 进度: is a verdict unless it states a figure: see ``STATUS_LABEL_RE``)
RESULT_LABEL_WORDS = (
    r"(?:工作)?(?:进展情况|完成情况|工作进展|落实情况|推进情况|执行情况|实现情况|兑现情况|兑现结果|进展|完成进度|完成量|完成值|完成数"
    r"|实际完成|实际值|实际数|实际|实现值|(?:督查|核查|检查|督导|考核)情况)"
)
#: a label on its own (``进展:``) or in brackets (``【进展】``)
_OPEN, _CLOSE = r"[【\[［]", r"[】\]］]"
#: a progress label: 工作进展:, 推进情况:, 1-9月完成情况:, 督查情况:, 【进展】, 完成量:, 实际值:, and a period's
#: result (半年实现:, 前三季度完成:)
PROGRESS_LABEL_RE = re.compile(
    rf"^\s*{PERIOD_WORDS}?\s*{RESULT_LABEL_WORDS}\s*[::]\s*"
    rf"|^\s*{PERIOD_WORDS}\s*(?:实际)?(?:实现|完成)\s*[::]\s*"
    rf"|^\s*{_OPEN}\s*{PERIOD_WORDS}?\s*{RESULT_LABEL_WORDS}\s*{_CLOSE}\s*"
)
#: the words of a target label, by family (目标/任务/计划/工作量/承诺): 任务内容, 年度目标, 年度任务, 工作量, 目标值
TARGET_LABEL_WORDS = (
    r"(?:任务内容|目标内容|工作内容|目标任务|工作目标|工作任务|任务目标|主要目标|预期目标|计划任务|承诺(?:目标|事项|内容)"
    r"|(?:年度|全年|年初)(?:目标|任务|计划)|工作量|任务量|目标值|计划值|预期值|计划数|目标|任务|计划)"
)
#: a target label over its own line, under the task's heading: 任务内容:, 目标任务:, 【年度任务】, 目标值:
TARGET_LABEL_RE = re.compile(
    rf"^\s*{TARGET_LABEL_WORDS}\s*[::]\s*|^\s*{_OPEN}\s*{TARGET_LABEL_WORDS}\s*{_CLOSE}\s*"
)
#: the report's verdict on a task on a line of its own: 进度评价:达到序时进度, 评价:完成, 进度:序时推进
STATUS_LABEL_RE = re.compile(
    r"^\s*(?:(?:进度评价|进展评价|完成评价|推进评价|进度状态|完成状态|评价)\s*[::]|(?:进度|状态)\s*[::](?=\D*$))"
    r"\s*(?P<text>\S.*?)\s*$"
)
LEAD_RE = re.compile(r"^\s*[(（【]?\s*(?:牵头(?:责任)?(?:单位|部门)|责任(?:单位|部门))\s*[::]\s*(?P<text>[^)）】]*)[)）】]?\s*$")
CO_RE = re.compile(r"^\s*[(（【]?\s*(?:协同|配合|协办)(?:责任)?(?:单位|部门)\s*[::]\s*(?P<text>[^)）】]*)[)）】]?\s*$")
#: a ``(牵头责任单位:…)`` or ``【责任单位:…】`` at the end of a progress paragraph
TRAILING_LEAD_RE = re.compile(
    r"[(（【]\s*(?:牵头(?:责任)?(?:单位|部门)|责任(?:单位|部门))\s*[::](?P<text>[^()（）【】]*)[)）】]\s*$"
)
#: a ``关于“…”事项`` item (also ``…”任务``, ``…”工作``, ``…”的推进情况``): the target in the quotes, then its progress
GUANYU_RE = re.compile(
    r"^关于\s*[“\"‘'「](?P<target>.+?)[”\"’'」]\s*(?:的)?(?:事项|任务|工作|(?:推进|落实|进展|完成)情况)[。.]?\s*(?P<rest>.*)$"
)
#: the section holding the main expected targets (its tasks give the headline rows)
MAIN_SECTION_RE = re.compile(r"主要(?:预期)?(?:经济)?(?:指标|目标)|预期目标|主要经济指标")
#: where recovered text stops, and page furniture after the body
#: an empty table cell: a district or row without that column's figure (``/``, ``—``, ``-``; a web page's
#: ``&nbsp;`` left as written)
EMPTY_CELL_RE = re.compile(r"^(?:[/／—－-]{1,2}|(?:&nbsp;?|\u00a0|\s)+)$")
TRUNCATION_RE = re.compile(r"^\s*(?:\[\s*(?:\.{3}|…+)\s*\]|…{2,}|\.{6,}|[(（]未完[)）]|未完待续)\s*$")
FOOTER_RE = re.compile(
    r"^\s*(?:扫一扫|【?关闭(?:窗口)?】?$|【?打印(?:本页)?】?$|分享到|相关链接|上一篇|下一篇|责任编辑|附件[:：]?\s*$"
    r"|(?:注|备注|说明|数据来源|资料来源)\s*[:：]"
    r"|请各(?:县|区|市|地|有关|责任|牵头|部门|单位)|特此通报|(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$)"
)
STATUS_RE = re.compile(
    r"^(?:已完成|未完成|完成|基本完成|超额完成|序时推进|按序时推进|达到序时进度|未达序时进度|正在推进|推进中|"
    r"有序推进|持续推进|进度滞后|滞后|未达预期|正常推进|已办结|办结|达到预期|好于预期|低于预期|"
    r"(?:亮)?[红黄绿]灯|[红黄绿]色)[。.]?$"
)
_UNIT_SUFFIX = (
    "委员会|管委会|管理委员会|办公室|部门|小组|单位|中心|集团|公司|政府|支行|分行|海关|分局|银行|联社|协会|机构|"
    "成员单位|局|委|办|厅|院|部|所|站|队|处|社|署|馆|组|会"
)
_UNIT_PART_RE = re.compile(rf"^[\u4e00-\u9fff()（）]{{1,30}}?(?:{_UNIT_SUFFIX})(?:[(（][^()（）]{{1,20}}[)）])?等?$")
_UNIT_SPLIT_RE = re.compile(r"[、,，;；/]|\s+")
_BRACKETED_RE = re.compile(r"^[(（](.+)[)）]$")
DANGLING = tuple(",，、:：(（“《—-")
_ENDINGS = ("。", ".", ")", "）", "”", "!", "！", "；", ";", "%", "?", "？")


def clean_units(text: str) -> str:
    return text.strip().rstrip("。.;；,，、 ")


def looks_like_unit(text: str) -> bool:
    """Whether a cell names one or more responsible units (市发展和改革委员会、市财政局)."""
    text = clean_units(text)
    if not text or len(text) > 90 or re.search(r"\d", text):
        return False
    parts = [_BRACKETED_RE.sub(r"\1", p) for p in _UNIT_SPLIT_RE.split(text) if p]
    return bool(parts) and all(_UNIT_PART_RE.match(p) for p in parts)


def is_main_section(title: str) -> bool:
    return bool(MAIN_SECTION_RE.search(title or ""))


#: readers of tables: a cell may end without punctuation, so only a dangling mark or a missing column tells a cut
TABLE_READERS = ("table", "plan_table", "matrix_table")


def mark_truncated(blocks: list[Block], lines: tuple[str, ...]) -> None:
    """Mark the last block when the document stops inside it (a ``[...]`` marker, no progress, a cut line,
    a table row with fewer cells than the rows before it)."""
    if not blocks:
        return
    content = [i + 1 for i, line in enumerate(lines) if line.strip() and not FOOTER_RE.match(line)]
    if not content:
        return
    marked = any(TRUNCATION_RE.match(lines[i - 1]) for i in content[-2:])
    body = [i for i in content if not TRUNCATION_RE.match(lines[i - 1])]
    last = max(blocks, key=lambda b: b.extent[2:])
    if not body or last.last_held_line < body[-1]:
        return
    from ..model import PROGRESS

    tail_span = max(last.spans, key=lambda s: (s.line, s.end))
    tail = tail_span.text.rstrip().rstrip("|").rstrip()
    if last.reader in TABLE_READERS:
        widths = sorted(b.cells for b in blocks[:-1] if b.cells)
        short = bool(widths) and 0 < last.cells < widths[len(widths) // 2]
        cut = (tail.endswith(DANGLING) and not EMPTY_CELL_RE.match(tail)) or short  # ``—``: an empty cell
    else:
        cut = tail.endswith(DANGLING) or (bool(tail) and not tail.endswith(_ENDINGS) and len(tail) > 12)
    if marked or not last.texts(PROGRESS) and tail_span.kind != "mixed" or cut:
        last.truncated = True
