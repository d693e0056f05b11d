"""What a report says about itself: title, city, year, period, publication date.

The title is the first line near the top naming a year and what the page is (完成情况, 通报 …). A page
without its title still gives a table: the year is then the one the text names most often (flagged
``year_inferred``) or unknown (``year_unknown``); ``--year`` and the ``.source.yml`` override.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .. import periods as g
from .readers.common import PROGRESS_LABEL_RE

_TITLE_YEAR_RE = re.compile(r"(?P<year>(?:19|20)\d\d)\s*年")
_CITY_RE = re.compile(r"^(?:关于)?(?P<city>[\u4e00-\u9fff]{2,8}?(?:市|省|县|区|州|盟|自治州))")
_TITLE_WORDS_RE = re.compile(r"完成情况|进展情况|落实情况|执行情况|通报|工作报告|重点工作|目标任务|指标任务|民生实事|成绩单")
_GOV_CITY_RE = re.compile(r"(?P<city>(?:(?![年度本我全该各这月日的在])[\u4e00-\u9fff]){2,6}?[市县州区])(?:人民)?政府")
_SENTENCE_RE = re.compile(r"[,,。;;]")
_NATIONAL_RE = re.compile(r"国务院|全国人大|全国两会")
_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?:(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})|年(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日)(?!\d)"
)
_PUBLISHED_HINT_RE = re.compile(r"发布|来源|时间|日期|印发|发表")
_HEAD_LINES = 40


@dataclass
class ReportMeta:
    """What the report says about itself."""

    report_id: str
    title: str
    city: str | None
    year: int | None
    period: str  # annual, Q1, H1, Q1-Q3, M01-M11
    source_file: str
    published: str | None = None  # publication date, ISO (2022-01-28), where the page gives one
    layout: str | None = None  # the reader(s) that read it: narrative, task_table, article …
    year_source: str = "title"  # title, given, text (most named), none

    @property
    def period_label(self) -> str | None:
        """The report's period as an ``actual_period`` label: ``2021``, ``2025Q1``, ``2023M01-M11``."""
        if self.year is None:
            return None if self.period == "annual" else self.period
        return str(self.year) if self.period == "annual" else f"{self.year}{self.period}"


def detect_meta(
    lines: list[str],
    report_id: str,
    source_file: str,
    year: int | None = None,
    period: str | None = None,
    city: str | None = None,
    layout: str | None = None,
) -> ReportMeta:
    """Title, city, year, period and publication date of a report (the parameters override).

    ``lines`` are the lines as read (simplified characters, comments blanked).
    """
    lines = [line for line in lines if not line.lstrip().startswith("#")]  # provenance comments
    head = [line.strip() for line in lines[: _HEAD_LINES * 5] if line.strip()]
    at = next(
        (i for i, line in enumerate(head[:_HEAD_LINES]) if _TITLE_YEAR_RE.search(line) and _TITLE_WORDS_RE.search(line)),
        None,
    )
    title = head[at] if at is not None else (head[0] if head else "")
    year_source = "given" if year is not None else "title"
    found_year = _TITLE_YEAR_RE.search(title) if at is not None else None
    if year is None and found_year:
        year = int(found_year.group("year"))
    if year is None:
        body = [line for line in lines if line.strip()]
        years = Counter(int(m.group("year")) for line in body for m in _TITLE_YEAR_RE.finditer(line))
        if years:
            year, year_source = years.most_common(1)[0][0], "text"
        else:
            year_source = "none"
    if period is None:
        labels = [m.group(0) for line in head if (m := PROGRESS_LABEL_RE.match(line))]
        period = next((code for text in [title, *labels] if (code := g.period_code(text))), "annual")
    return ReportMeta(
        report_id,
        title,
        city or _city_of(title, head[:_HEAD_LINES]),
        year,
        period,
        source_file,
        _published(head[:_HEAD_LINES]),
        layout,
        year_source,
    )


def _city_of(title: str, head: list[str]) -> str | None:
    """The city a report is about: from its title, else from the government that publishes it.

    A "title" that is a sentence (a page without its title: 为切实推进市政府决策部署…,…) names no city
    at its start, so only the publisher's line is asked then.
    """
    titled = not _SENTENCE_RE.search(title)
    if titled and (found := _CITY_RE.match(title)):
        return found.group("city")
    sources = [line for line in head if _PUBLISHED_HINT_RE.search(line)]
    for text in ([title] if titled else []) + sources:
        if found := _GOV_CITY_RE.search(text):
            return found.group("city")
    if _NATIONAL_RE.search(title):
        return "全国"
    return None


def _published(head: list[str]) -> str | None:
    """The publication date near the top of the page, as ``YYYY-MM-DD``."""
    for line in sorted(head, key=lambda line: not _PUBLISHED_HINT_RE.search(line)):
        found = _DATE_RE.search(line)
        if found and (_PUBLISHED_HINT_RE.search(line) or found.start() == 0):
            month, day = found.group("m") or found.group("m2"), found.group("d") or found.group("d2")
            if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
                return f"{found.group('y')}-{int(month):02d}-{int(day):02d}"
    return None
