"""Periods as these reports write them: 2021年, 上半年, 前三季度, 1-11月, 截至3月底, 2021年度.

A period label is ``2021`` (the whole year), ``2021Q1``, ``2021H1``, ``2021Q1-Q3``, ``2021M01-M11`` or
``2021M05``; where a report names no year, the label has none (``H1``). Extraction reads the words,
the analysis asks how many months a label covers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: first characters of the units a number can carry (2021个 is a count, not the year 2021)
_UNIT_START = "个家户座套所项件台张条处口批次场辆艘架只头株棵本册间栋幢宗例份款部支篇门根盏眼块片单笔期万亿千百元美人吨斤亩米公平立千度倍天小"

SUB_PERIODS = {
    "前三季度": "Q1-Q3",
    "上半年": "H1",
    "下半年": "H2",
    "一季度": "Q1",
    "第一季度": "Q1",
    "二季度": "Q2",
    "第二季度": "Q2",
    "三季度": "Q3",
    "第三季度": "Q3",
    "四季度": "Q4",
    "第四季度": "Q4",
    "前两季度": "H1",
    "前两个季度": "H1",
    "一至三季度": "Q1-Q3",
}
#: cumulative month spans that have a quarter or half-year name
_MONTH_SPANS = {3: "Q1", 6: "H1", 9: "Q1-Q3"}
_SUB_ALT = "|".join(sorted(SUB_PERIODS, key=len, reverse=True))
_MONTHS = r"1\s*[-—~～至]\s*(?P<m_to>\d{1,2})\s*月份?"
PERIOD_RE = re.compile(
    rf"(?<![\d.])(?P<year>(?:19|20)\d\d)(?P<nian>年度|年)?\s*"
    rf"(?:(?P<sub>{_SUB_ALT})|{_MONTHS}|(?P<month>\d{{1,2}})\s*月份?(?P<mend>末|底)?|(?P<full>全年|年末|年底|底|末))?"
    rf"(?![\d.%年])(?!\s*[{_UNIT_START}])"
)
SUB_PERIOD_RE = re.compile(
    rf"(?P<sub>{_SUB_ALT})|(?<![\d.]){_MONTHS}|(?<![\d.年])(?P<month>\d{{1,2}})\s*月份?(?P<mend>末|底)"
    rf"|(?<![\d年])(?P<whole>全年|年末|年底)"
)


@dataclass
class Period:
    start: int
    end: int
    label: str
    partial: bool
    year: int | None
    damaged: bool


def period_label(
    year: int, sub: str | None, month_to: str | None, month: str | None = None, month_end: bool = False
) -> tuple[str, bool]:
    """Normalised period label and whether it covers only part of the year.

    ``1-3月`` and ``3月底`` (cumulative to the end of March) are the first quarter: ``Q1``; likewise
    ``H1`` and ``Q1-Q3``; other cumulative spans are ``M01-Mnn``; a month alone is ``Mnn``.
    """
    if sub:
        return f"{year}{SUB_PERIODS[sub]}", True
    if month and month_end:
        month_to, month = month, None
    if month and int(month) < 12:
        return f"{year}M{int(month):02d}", True
    if month_to:
        last = int(month_to)
        if last >= 12:
            return str(year), False
        return f"{year}{_MONTH_SPANS.get(last, f'M01-M{last:02d}')}", True
    return str(year), False


_PERIOD_CODE_RE = re.compile(r"^(?:Q(?P<q1>[1-4])(?:-Q(?P<q2>[1-4]))?|H(?P<h>[12])|M(?P<m1>\d\d)(?:-M(?P<m2>\d\d))?)$")


def period_months(label: str) -> int | None:
    """Months a period label covers: ``2025Q1`` → 3, ``2025Q1-Q3`` → 9, ``2025M01-M11`` → 11, ``2025`` → 12,
    ``H1`` (no year written) → 6. None for a label that is not a period.
    """
    label = str(label or "")
    if re.fullmatch(r"(?:19|20)\d\d", label):
        return 12
    code = label[4:] if re.match(r"(?:19|20)\d\d", label) else label
    m = _PERIOD_CODE_RE.match(code)
    if not m:
        return None
    if m.group("q1"):
        return 3 * (int(m.group("q2") or m.group("q1")) - int(m.group("q1")) + 1)
    if m.group("h"):
        return 6
    if m.group("m2"):
        return int(m.group("m2")) - int(m.group("m1")) + 1
    return 1


_REPORT_PERIOD_RE = re.compile(
    rf"(?P<sub>{_SUB_ALT})|(?<![\d.]){_MONTHS}|(?<![\d.])(?P<month>\d{{1,2}})\s*月份?(?P<mend>末|底)"
)


#: a report "of the third quarter" tells the progress up to its end
_REPORT_QUARTERS = {"Q1": "Q1", "Q2": "H1", "Q3": "Q1-Q3", "Q4": None}


def period_code(text: str) -> str | None:
    """The part of the year a title or heading speaks of: ``Q1``, ``H1``, ``Q1-Q3``, ``M01-M11``.

    A quarter names the progress up to its end (三季度 → ``Q1-Q3``, 四季度 → the whole year). None when
    the text names no part of the year (an annual report) or the whole of it (``1-12月``).
    """
    m = _REPORT_PERIOD_RE.search(text)
    if not m:
        return None
    label, partial = period_label(2000, m.group("sub"), m.group("m_to"), m.group("month"), bool(m.group("mend")))
    code = label[4:] if partial else None
    return _REPORT_QUARTERS.get(code, code) if code else None


