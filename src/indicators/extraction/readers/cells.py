"""Tables as they survive a web page: one cell per line, ``|``-separated, or a row per line.

``table_cells`` turns lines into cells (with row breaks where a line is a whole row or a lone ``|``);
``find_header`` finds a header row (cells naming columns, even when a name is broken over two lines,
``牵头责任`` + ``单位``, ``落实情况`` + ``(全年)``, a two-line header's upper labels ``2024年`` / ``1-10月`` passed
over where the rows' width says they are no columns) and says what each column holds. A ``|`` row with as
many bars as its header keeps the empty cells at its ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .common import PERIOD_WORDS

_YEAR = r"(?:(?:19|20)\d\d\s*年(?:度)?)?"
#: a quarter's column, Q1 … Q4 (cumulative in a monitoring table: Q3 is 前三季度)
QUARTER = r"[QqＱ][1-4１-４]"
HEADER_KINDS: dict[str, re.Pattern] = {
    "num": re.compile(r"^(?:序号|编号|序)$"),
    "task": re.compile(
        r"^(?:重点|主要|年度|全年|量化)?(?:指标)?(?:工作任务|目标任务|工作目标|任务内容|工作内容|重点任务|重点工作|主要目标|督查内容|内容与要求|"
        r"目标与任务|任务名称|工作事项|任务|目标|内容|建设内容|建设任务)(?:及要求)?$"
    ),
    "name": re.compile(r"^(?:主要)?(?:指标名称|指标|经济指标|主要指标|(?:为民办)?(?:民生)?(?:实事)?项目(?:名称)?|民生实事|实事名称|事项|工程名称|名称|(?:任务|目标|考核)指标)(?:[(（](?:单位|任务|项目|目标)[)）])?$"),
    "lead": re.compile(r"^(?:牵头(?:责任)?(?:单位|部门)|责任(?:单位|部门)|牵头单位及责任人|主办单位|承办单位)$"),
    "co": re.compile(r"^(?:协同|配合|协办|参与)(?:责任)?(?:单位|部门)$"),
    "rate": re.compile(
        r"^(?:完成率|完成比例|完成进度|完成度|进度(?=[(（]%|%)|(?:执行|完成|实际)[/／]计划|(?:完成|占)(?:全年|年度)?(?:计划|目标)(?:任务)?的?(?:比例|比重|进度)?"
        r"|占(?:全年|年度)(?:计划|目标|任务)?的?(?:比例|比重|进度))"
        r"(?:[(（]%[)）]|%)?$"
    ),
    "progress": re.compile(
        rf"^{PERIOD_WORDS}?(?:工作)?(?:进展情况|完成情况|工作进展|落实情况|推进情况|进展|完成进度|执行情况)(?:[(（].{{1,8}}[)）])?$"
    ),
    "status": re.compile(r"^(?:完成状态|工作评价|进度状态|状态|评价|完成与否|是否完成|进度评价|完成(?:计划|目标)情况)$"),
    "plan": re.compile(
        rf"^{_YEAR}(?:(?:年度|全年)?预期(?:目标)?(?:增长|增速)?|(?:年度|全年)目标(?:任务)?|(?:年度|全年)?计划(?:目标|数)?|目标值|计划值|(?<=年)目标|(?<=年度)目标"
        rf"|(?:年度|全年)?(?:计划|目标)(?:投资|任务)(?:额|数)?|任务(?:目标|数)|目标数|(?:年度|全年)?(?:计划|目标)(?:增长|增速|增幅))"
        rf"(?:[(（](?:(?:增长|增速|增幅)[,，、]?)?(?:%|％)[)）]|[(（](?:亿元|万元|元|[\u4e00-\u9fff]{{1,4}})[)）])?$"
    ),
    "actual": re.compile(
        rf"^{_YEAR}(?:{PERIOD_WORDS}?(?:(?:实际|预计|累计)?(?:完成|实绩|完成值|执行数?|实现)(?:情况|投资|数|结果)?|预计(?:数|值)?|累计|实际(?:值|数|结果)?)|"
        rf"(?:截至目前|今年以来)(?:完成|累计)?|\d{{1,2}}\s*月(?:末|底)|预计全年|{PERIOD_WORDS}(?:实际)?(?:增速|增长|增幅)|"
        rf"1\s*[-—~至]\s*\d{{1,2}}\s*月份?|(?:上|下)半年|前三季度|[一二三四]季度|截至\s*\d{{1,2}}\s*月(?:底|末)?|{QUARTER})(?:[(（].{{1,6}}[)）])*$"
    ),
    "unit": re.compile(r"^(?:计量)?单位$"),
    # the year before's figures, a baseline: 上年实绩, 去年同期 (a dated column, 2023年实绩, is told by its year)
    "prior": re.compile(r"^(?:上年|去年|上一年)度?(?:同期)?(?:实绩|完成|实际|完成值|完成数|执行数)?(?:[(（].{1,6}[)）])?$"),
    # 全省平均(%), 全区增速, 全省增长(%), the region alone: 全区, 全国(%)
    "province": re.compile(r"^(?:全[省区]|全市平均)(?:平均)?(?:增速|增幅|增长|水平)?(?:[(（]%[)）]|%)?$"),
    "nation": re.compile(r"^全国(?:平均)?(?:增速|增幅|增长|水平)?(?:[(（]%[)）]|%)?$"),
    # 比全省(±百分点), 与全省差距(个百分点): the outcome's gap to the region, signed
    "province_gap": re.compile(r"^(?:比|较|与)全[省区市](?:平均(?:水平)?)?(?:增减|差距|相比|比较|高低)?[(（]?(?:±|\+[/／]?-)?个?百分点[)）]?$"),
    "nation_gap": re.compile(r"^(?:比|较|与)全国(?:平均(?:水平)?)?(?:增减|差距|相比|比较|高低)?[(（]?(?:±|\+[/／]?-)?个?百分点[)）]?$"),
    "rank": re.compile(r"^(?:全[省区]|在全[省区])?(?:位次|排名|排位|名次)$"),
    "sub": re.compile(r"^(?:绝对值|(?:同比|比上年)?(?:增长|增速|增幅)(?:%|％|[(（]%[)）])?|总量)$"),
    "other": re.compile(r"^(?:(?:比计划|比上年|同比|比年初)?增减(?:[(（].{1,4}[)）])?|备注说明|情况说明|说明|近期工作安排|下步工作(?:安排|打算)?|下一步工作|完成时限|时限|备注|责任领导|分管领导|牵头领导|责任人|(?:序时|时序)进度(?:要求)?(?:[(（]%[)）]|%)?)$"),
}
#: a column named by its period alone (1-10月, 上半年), which may go on in the next cell (上半年 / 完成)
_BARE_PERIOD_RE = re.compile(r"^(?:1\s*[-—~至]\s*\d{1,2}\s*月份?|[上下]半年|前三季度|[一二三四]季度)$")
_ROW_NUMBER_RE = re.compile(r"^(?P<num>\d{1,4})\s*[.．、]?$")
_MODIFIER_RE = re.compile(r"^[(（].{1,8}[)）]$|^%$|^％$")


@dataclass
class Cell:
    line: int  # 1-based
    start: int  # offset in the line
    text: str
    row_start: bool = False  # the first cell of a line that holds a whole row
    brk: bool = False  # not a cell: a row break (a line that is only ``|``)
    cont: bool = False  # on a line that goes on with the row of the line before (a cell broken over lines)
    damaged: bool = False  # split by a reader from a cell that lost its separator


def table_cells(lines: tuple[str, ...]) -> list[Cell]:
    """Cells of every line, in order; a line holding several ``|``- or tab-separated cells is a row."""
    cells: list[Cell] = []
    spaced = 0  # a header written on one line with spaces (its column count): its rows are too
    aligned = False  # a header whose columns are apart by runs of tabs: tabs align, they mark no empty cell
    frame: tuple[int, bool, bool] | None = None  # the bars of the last ``|`` header line (see ``_frame``)
    stacked = -1
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or i == stacked:
            continue
        header = _stacked_header(line, lines[i + 1] if i + 1 < len(lines) else "")
        if header:  # 年度 | 前三季度 over 目标(%) | 完成(%): one header row
            stacked = i + 1
            cells.append(Cell(i + 1, 0, "", brk=True))
            cells.extend(Cell(i + 1, 0, text, row_start=k == 0) for k, text in enumerate(header))
            continue
        if "|" in stripped or "\t" in stripped or "｜" in stripped:
            parts = _separated(line, aligned)
            if "\t\t" in line and _header_words(parts):
                aligned, parts = True, _separated(line, True)
            if _header_words(parts):
                frame = _frame(line)
            elif frame and frame[0] and _frame(line)[0] == frame[0] and len(parts) >= 2:
                parts = _framed(line, frame)
            if not parts:
                cells.append(Cell(i + 1, 0, "", brk=True))
                continue
            if _continues_row(lines, i) and cells and not cells[-1].brk:
                # | 3 | 固定资产投资完成1200亿元,增 / 长22% | 完成投资568.2亿元 |: a cell broken over two lines
                last = cells[-1]
                cells[-1] = Cell(last.line, last.start, last.text + parts[0][1], last.row_start)
                parts = parts[1:]
                cells.extend(Cell(i + 1, at, text, cont=True) for at, text in parts)
                continue
            if len(parts) >= 2:
                cells.append(Cell(i + 1, 0, "", brk=True))
            for k, (at, text) in enumerate(parts):
                cells.append(Cell(i + 1, at, text, row_start=len(parts) >= 2 and k == 0))
            continue
        words = stripped.split()
        header_line = len(words) >= 3 and sum(1 for w in words if header_kind(w)) >= 3
        spaced = len(words) if header_line else spaced
        numbered = spaced and len(words) >= 3 and re.match(r"\d{1,3}$", words[0])
        # 一般公共预算收入 120亿元 66.1亿元 55.1 财政局: one word per column of the header, with figures
        filled = spaced and len(words) == spaced and any(_DIGIT.search(w) for w in words[1:])
        if header_line or numbered or filled:
            offset = len(line) - len(line.lstrip())
            cells.append(Cell(i + 1, 0, "", brk=True))
            for k, w in enumerate(words):
                at = line.index(w, offset)
                offset = at + len(w)
                cells.append(Cell(i + 1, at, w, row_start=k == 0))
            continue
        fields = [m for m in re.finditer(r"\S+(?: \S+)*", line)]  # columns apart by two spaces or more
        figures = sum(1 for m in fields[1:] if _FIGURE_RE.match(m.group(0)))
        # 新建 5G 基站    个    1000    626, or as many columns as the header (345亿元 / 开工860套 / 财政局)
        if spaced and len(fields) >= 3 and (figures >= 2 or len(fields) == spaced and any(_DIGIT.search(m.group(0)) for m in fields[1:])):
            cells.append(Cell(i + 1, 0, "", brk=True))  # 新建 5G 基站    个    1000    626: a row, its name spaced
            cells.extend(Cell(i + 1, m.start(), re.sub(r"\s+", "", m.group(0)) if k == 0 else m.group(0), row_start=k == 0)
                         for k, m in enumerate(fields))
            continue
        cells.append(Cell(i + 1, len(line) - len(line.lstrip()), stripped))
    return cells


_SEPARATOR_RULE_RE = re.compile(r"[\s:-]+")
#: what an empty cell between two others reads as (a dropped empty cell would shift the ones after it)
EMPTY_CELL = "—"


def _separated(line: str, aligned: bool = False) -> list[tuple[int, str]]:
    """The cells of a ``|``- or tab-separated line, with their offsets; an empty cell between two others
    (``| 10 |  | 3 |``, ``10\t\t3``) is kept as ``—``, unless the tabs are ``aligned`` (a run of them is one
    separator); a Markdown rule line (``|---|:-:|``) gives none."""
    parts = []
    if aligned:
        line = re.sub(r"\t{2,}", lambda m: "\t" + " " * (len(m.group(0)) - 1), line)  # offsets kept
    for m in re.finditer(r"[^|｜\t]*", line):
        if m.start() and line[m.start() - 1] not in "|｜\t" and not m.group(0):
            continue  # the empty match finditer gives after each run
        text = m.group(0).strip()
        parts.append((m.start() + len(m.group(0)) - len(m.group(0).lstrip()), text))
    filled = [k for k, (_, text) in enumerate(parts) if text]
    if all(_SEPARATOR_RULE_RE.fullmatch(parts[k][1]) for k in filled):
        return []
    if len(filled) < 2:
        return [(at, text) for at, text in parts if text]
    inside = parts[filled[0] : filled[-1] + 1]
    return [(at, text or EMPTY_CELL) for at, text in inside]


_BAR_RE = re.compile(r"[|｜]")


def _frame(line: str) -> tuple[int, bool, bool]:
    """A ``|`` line's bars: how many, and whether it opens and closes with one."""
    stripped = line.strip()
    return len(_BAR_RE.findall(stripped)), bool(_BAR_RE.match(stripped)), bool(_BAR_RE.fullmatch(stripped[-1:]))


def _framed(line: str, frame: tuple[int, bool, bool]) -> list[tuple[int, str]]:
    """The cells of a row with as many bars as its header: one per column of the header, the empty ones at
    either end too (``… | 371.2 | &nbsp; | &nbsp;``: the page's blanks, trimmed away, were cells)."""
    pieces = [(m.start(), m.group(0)) for m in re.finditer(r"[^|｜]*", line) if m.start() == 0 or line[m.start() - 1] in "|｜"]
    _, opens, closes = frame
    pieces = pieces[1 if opens else 0 : len(pieces) - 1 if closes else len(pieces)]
    return [(at + len(text) - len(text.lstrip()), text.strip() or EMPTY_CELL) for at, text in pieces]


def _header_words(parts: list[tuple[int, str]]) -> bool:
    """Whether the cells of a line are a header's: three or more, most of them column names."""
    named = [text for _, text in parts if text != EMPTY_CELL]
    return len(named) >= 3 and sum(1 for text in named if header_kind(text)) >= 0.6 * len(named)


_DIGIT = re.compile(r"\d")
_FIGURE_RE = re.compile(r"^[≤≥<>＜＞]?-?\d+(?:\.\d+)?%?$")


def _continues_row(lines: tuple[str, ...], i: int) -> bool:
    """Whether line ``i`` goes on with the ``|`` row of the line before, which stopped inside a cell:
    ``| 3 | …增`` / ``长22% | …|``; or, in rows written without a leading bar, ``7|城镇居民人均可支配`` /
    ``收入|52810|元|…|`` where the two lines hold as many bars as the row before them."""
    above_at = [j for j in range(i - 1, max(-1, i - 3), -1) if lines[j].strip()]
    above = lines[above_at[0]].strip() if above_at else ""
    here = lines[i].strip()
    if not above or above.endswith(("|", "｜")) or here.startswith(("|", "｜")):
        return False
    if above.startswith("|") and above.count("|") >= 2:
        return True
    before = next((lines[j].strip() for j in range(above_at[0] - 1, max(-1, above_at[0] - 3), -1) if lines[j].strip()), "")
    bars = before.count("|")
    return before.endswith("|") and here.endswith("|") and bars >= 3 and above.count("|") + here.count("|") == bars


def _fields(line: str) -> list[str]:
    fields = [f.strip() for f in line.strip().split("|")]
    return fields[:-1] if fields and fields[-1] == "" and line.rstrip().endswith("|") else fields


def _stacked_header(line: str, below: str) -> list[str] | None:
    """A ``|`` header written over two lines, read as one: the cells of each column joined top to bottom,
    where that names more columns than the top line alone."""
    if "|" not in line or "|" not in below:
        return None
    top, bottom = _fields(line), _fields(below)
    if len(top) != len(bottom) or len(top) < 3 or any(len(t) > 12 for t in top + bottom):
        return None
    joined = [t + b for t, b in zip(top, bottom, strict=True)]
    named = sum(1 for j in joined if header_kind(j))
    if named < 3 or named <= sum(1 for t in top if header_kind(t)):
        return None
    return [j for j in joined if j]


_ANY_HEADER_RE = re.compile("|".join(f"(?:{p.pattern})" for p in HEADER_KINDS.values()))


@lru_cache(maxsize=4096)
def header_kind(text: str) -> str | None:
    """The column a header cell names (``num``, ``task``, ``lead``, ``progress``, ``plan`` …), or None."""
    text = re.sub(r"\s+", "", text)
    if len(text) > 24 or not _ANY_HEADER_RE.match(text):
        return None
    return next((kind for kind, pattern in HEADER_KINDS.items() if pattern.match(text)), None)


@dataclass
class Header:
    start: int  # index of the first cell after the header
    kinds: list[str]
    names: list[str]  # the header words as written (joined when broken over lines)
    first: int  # index of the first header cell


def find_header(cells: list[Cell], need: tuple[set[str], ...], start: int = 0) -> Header | None:
    """The first run of header cells holding one kind of each set in ``need``."""
    k = start
    while k < len(cells):
        run = _header_run(cells, k, labels=True)
        if run is not None and run[3] and _row_width(cells, run[0]) != len(run[1]):
            run = _header_run(cells, k)  # the year or period words name columns of their own after all
        if run is not None:
            end, kinds, names, _ = run
            if all(kinds_set & set(kinds) for kinds_set in need) and len(kinds) >= 2:
                return Header(end, kinds, names, k)
            k = max(end, k + 1)
            continue
        k += 1
    return None


#: the upper line of a two-line header, over the column names: a year (2024年) or a period (1-10月) alone
_GROUP_LABEL_RE = re.compile(
    r"^(?:(?:19|20)\d\d\s*年(?:度)?|1\s*[-—~至]\s*\d{1,2}\s*月份?|前\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*个月|[上下]半年|前三季度|[一二三四]季度)$"
)


def _group_labels(cells: list[Cell], j: int) -> int:
    """How many cells from ``j`` are the labels of a two-line header's upper line (``2024年`` / ``1-10月``
    over ``年度目标`` / ``累计完成``): year or period words alone, then a plan or result column's name."""
    n = 0
    while j + n < len(cells) and not cells[j + n].brk and _GROUP_LABEL_RE.match(cells[j + n].text.strip()):
        n += 1
    after = cells[j + n].text if n and j + n < len(cells) else ""
    return n if header_kind(after) in ("plan", "task", "actual") and not _GROUP_LABEL_RE.match(after) else 0


def _row_width(cells: list[Cell], start: int) -> int | None:
    """The cells of the first row after a header, where rows are numbered 1, 2 … one cell per line."""
    body = [c for c in cells[start : start + 80] if not c.brk]
    if not body or row_number(body[0]) != 1:
        return None
    return next((k for k, c in enumerate(body) if row_number(c) == 2), None)


def _header_run(cells: list[Cell], k: int, labels: bool = False) -> tuple[int, list[str], list[str], int] | None:
    """(first cell after the header, column kinds, names, how many group labels were passed over); with
    ``labels``, a two-line header's upper labels are passed over (``_group_labels``)."""
    kinds: list[str] = []
    names: list[str] = []
    unnamed = skipped = 0
    j = k
    while j < len(cells):
        cell = cells[j]
        if cell.brk or (cell.text == EMPTY_CELL and j > k and cell.line == cells[k].line):
            j += 1  # | 全年目标 |  | 1-6月完成 |: a name standing over two columns
            continue
        if labels and kinds and (n := _group_labels(cells, j)):
            j, skipped = j + n, skipped + n
            continue
        text = cell.text
        if len(text) > 24:
            break
        kind = header_kind(text)
        step = 1
        # a name broken over two cells: 牵头责任 + 单位; 2022年预计 + 完成 (one column, not two)
        wrapped_name = kind == "name" and j + 1 < len(cells) and header_kind(cells[j + 1].text) == "name"
        bare_period = (  # 上半年 / 完成: one column; 前三季度 / 增长(%): two
            kind == "actual" and _BARE_PERIOD_RE.match(text)
            and j + 1 < len(cells) and header_kind(cells[j + 1].text) in (None, "actual")
        )
        # …but two named cells of one ``|`` line are two columns (2023年预计 | 完成情况)
        apart = j + 1 < len(cells) and _one_row_line(cells, k, j + 1) and header_kind(cells[j + 1].text) is not None
        # …and a name whose second line names nothing alone, or a region alone over its second line:
        # 全区 + 平均, 全区 + 位次 (one column each, 全区平均 and 全区位次)
        broken = j + 1 < len(cells) and (header_kind(cells[j + 1].text) is None or text in ("全省", "全区", "全国"))
        if (kind is None or text.endswith("预计") or wrapped_name or bare_period or broken) and j + 1 < len(cells) and not cells[j + 1].brk and not apart:
            joined = text + cells[j + 1].text
            joined_kind = header_kind(joined)
            if joined_kind is not None:
                kind, text, step = joined_kind, joined, 2
        if kind is None and _unnamed_column(cells, k, j, len(kinds) - unnamed):
            kind, unnamed = "other", unnamed + 1  # | 序号 | 指标 | 备注说明 | …: a column the rows have, not read
        if kind is None:
            break
        # a modifier on the next line: 落实情况 / (全年), 2024年实绩 / (预计), 增长 / %
        while j + step < len(cells) and _MODIFIER_RE.match(cells[j + step].text) and not cells[j + step].brk:
            text += cells[j + step].text
            step += 1
        kinds.append(kind)
        names.append(text)
        j += step
    if len(kinds) - unnamed < 2:
        return None
    return j, kinds, names, skipped


def _one_row_line(cells: list[Cell], k: int, j: int) -> bool:
    """Whether cell ``j`` is on the line of the header starting at ``k``, a line holding a whole row."""
    first = next((c for c in cells[k:j] if not c.brk), cells[j])
    return first.row_start and cells[j].line == first.line and not cells[j].row_start


def _unnamed_column(cells: list[Cell], k: int, j: int, named: int) -> bool:
    """Whether cell ``j`` is a column of a header written whole on one line (starting at ``k``), after a
    named one: short words, not a figure."""
    return named >= 1 and _one_row_line(cells, k, j) and len(cells[j].text) <= 16 and not _FIGURE_RE.match(cells[j].text)


def row_number(cell: Cell) -> int | None:
    m = _ROW_NUMBER_RE.match(cell.text)
    return int(m.group("num")) if m else None


def header_period(name: str) -> str | None:
    """Period words a column name carries: 落实情况(全年) → 全年, 上半年完成(%) → 上半年."""
    m = re.search(PERIOD_WORDS, name)
    return m.group(0) if m and m.group(0) else None


def header_unit(name: str) -> str | None:
    """The unit a column name gives its bare numbers: 预期增长(%) → %, 城镇新增就业(人) → 人."""
    m = re.search(r"[(（](?P<unit>%|％|[\u4e00-\u9fff/]{1,6})[)）]\s*$", name)
    if m:
        return "%" if m.group("unit") in ("%", "％") else m.group("unit")
    if re.search(r"%|％|增长|增速|增幅", name):
        return "%"
    return None


#: a cell cut where its line wrapped: it ends on a joining mark (``改造老旧小区86个、``, ``开工…,``), or inside
#: ``以上`` / ``以下`` / ``以内`` (``其中10亿元以`` / ``上项目12个``), or inside brackets the line below closes
_OPEN_END_RE = re.compile(r"[、,，:：(（]$")
_SPLIT_BOUND_RE = re.compile(r"以$")
_BOUND_REST_RE = re.compile(r"^[上下内]")


def wrapped(cell: str, below: str) -> bool:
    """Whether ``below`` (the next line, one cell per line) goes on with ``cell``, a cell its line wrapped."""
    cell, below = cell.strip(), below.strip()
    if not cell or not below or _ROW_NUMBER_RE.match(below) or cell == EMPTY_CELL or below == EMPTY_CELL:
        return False
    return bool(
        _OPEN_END_RE.search(cell)
        or _SPLIT_BOUND_RE.search(cell) and _BOUND_REST_RE.match(below)
        or _unclosed(cell) and re.match(r"^[^(（]*[)）]", below)  # 改造(含 / 棚户区改造)
    )


def _unclosed(text: str) -> bool:
    """Whether a bracket opened in ``text`` is not closed in it."""
    depth = 0
    for ch in text:
        depth = depth + 1 if ch in "(（" else max(0, depth - 1) if ch in ")）" else depth
    return depth > 0
