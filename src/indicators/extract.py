"""Extraction: a key-task completion report becomes a targets/actuals table, one row per (task, metric).

``parse_report`` is the pure core (text in, table out); ``extract_report`` adds the file handling.
Every figure comes from the text: each row keeps the line it was read from and flags for anything
estimated, partial, prior-year, inferred or damaged.

The layouts (narrative, flattened table, news article) are told apart in ``layouts``; traditional
characters are folded to simplified ones before reading (``grammar.to_simplified``), one for one, so
that line numbers and offsets stay those of the report.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from . import grammar as g
from .catalogue import Catalogue, Mention, load_catalogue
from .fileio import ReportError, read_report_text
from .labels import FLAG_LABELS
from .layouts import HEADER_CELLS, PROGRESS_RE, TaskBlock, detect_layout
from .paths import report_id_for

TARGET_COLUMNS = (
    "report_id",
    "task",
    "metric",
    "indicator_zh",
    "indicator_en",
    "is_headline",
    "comparator",
    "target_value",
    "target_high",
    "target_unit",
    "target_reference",
    "target_text",
    "target_line",
    "actual_value",
    "actual_unit",
    "actual_period",
    "actual_basis",
    "provincial_avg",
    "provincial_avg_source",
    "provincial_gap_pp",
    "provincial_note",
    "national_avg",
    "national_avg_source",
    "national_gap_pp",
    "national_note",
    "stated_completion_pct",
    "stated_gap_to_target",
    "stated_outcome",
    "lead_units",
    "co_units",
    "source_line",
    "source_text",
    "flags",
)
#: flags in the order they are written (the glossary in labels.py is the one list)
FLAG_ORDER = tuple(FLAG_LABELS)
UNKNOWN_METRIC = "unclassified"
_TITLE_YEAR_RE = re.compile(r"(?P<year>(?:19|20)\d\d)\s*年")
_CITY_RE = re.compile(r"^(?P<city>[\u4e00-\u9fff]{2,8}?(?:市|省|县|区|州|盟|自治州))")
_TITLE_WORDS_RE = re.compile(r"完成情况|进展情况|落实情况|通报|工作报告|重点工作|目标任务|指标任务")
#: a city named as the government that publishes (芜湖市人民政府), not a word ending in 市 (年度市政府)
_GOV_CITY_RE = re.compile(r"(?P<city>(?:(?![年度本我全该各这月日的在])[\u4e00-\u9fff]){2,6}?[市县州])(?:人民)?政府")
_NATIONAL_RE = re.compile(r"国务院|全国人大|全国两会")
_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?:(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})|年(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日)(?!\d)"
)
_PUBLISHED_HINT_RE = re.compile(r"发布|来源|时间|日期|印发")
_HEAD_LINES = 40
_GROUP_GAP_RE = re.compile(r"\s*(?:、|和|及|与|以及)\s*")
_RESPECTIVELY_RE = re.compile(r"分别")
_ALL_OF_THEM_RE = re.compile(r"均|都")
_UP_PRE = {"高于", "超过", "超出", "快于"}
_DOWN_PRE = {"低于", "慢于"}
_UP_DIR = {"高", "高出", "快", "多"}


@dataclass
class ReportMeta:
    """What the report says about itself."""

    report_id: str
    title: str
    city: str | None
    year: int
    period: str  # annual, Q1, H1, Q1-Q3, M01-M11
    source_file: str
    published: str | None = None  # publication date, ISO (2022-01-28), where the page gives one
    layout: str | None = None  # narrative, table, article

    @property
    def period_label(self) -> str:
        """The report's period as an ``actual_period`` label: ``2021``, ``2025Q1``, ``2023M01-M11``."""
        return str(self.year) if self.period == "annual" else f"{self.year}{self.period}"


@dataclass
class Target:
    metric: str
    comparator: str
    value: float | None = None
    high: float | None = None
    unit: str | None = None
    reference: str | None = None
    inexact: bool = False


@dataclass
class _Token:
    start: int
    end: int
    kind: str
    data: object = None


@dataclass
class _TaskState:
    """Rows of one task while its progress text is read."""

    rows: dict[str, dict] = field(default_factory=dict)
    outcomes: list[str] = field(default_factory=list)


def detect_meta(
    lines: list[str],
    report_id: str,
    source_file: str,
    year: int | None = None,
    period: str | None = None,
    city: str | None = None,
    layout: str | None = None,
) -> ReportMeta:
    """Title, city, year, period, publication date and layout of a report (the parameters override).

    The title is the first line near the top naming a year and what the page is (完成情况, 通报, …);
    the period comes from the title or a heading (一季度进展情况), else the report is annual; the city
    from the title or the publishing government (来源: 芜湖市人民政府), ``全国`` for the State Council.
    """
    written = [line.strip() for line in lines[: _HEAD_LINES * 5] if line.strip() and not line.lstrip().startswith("#")]
    head = [g.to_simplified(line) for line in written]
    at = next(
        (
            i
            for i, line in enumerate(head[:_HEAD_LINES])
            if _TITLE_YEAR_RE.search(line) and _TITLE_WORDS_RE.search(line)
        ),
        0,
    )
    title = head[at] if head else ""
    found_year = _TITLE_YEAR_RE.search(title)
    if year is None and found_year:
        year = int(found_year.group("year"))
    if year is None:
        years = Counter(int(m.group("year")) for line in head for m in _TITLE_YEAR_RE.finditer(line))
        if not years:
            raise ReportError(source_file, "cannot tell the report year from the title or text: pass --year")
        year = years.most_common(1)[0][0]
    if period is None:
        labels = [m.group(0) for line in head if (m := PROGRESS_RE.match(line) or HEADER_CELLS["progress"].match(line))]
        period = next((code for text in [title, *labels] if (code := g.period_code(text))), "annual")
    if layout is None:
        layout = detect_layout([g.to_simplified(line) for line in lines])[0]
    return ReportMeta(
        report_id,
        written[at] if written else "",
        city or _city_of(title, head[:_HEAD_LINES]),
        year,
        period,
        source_file,
        _published(head[:_HEAD_LINES]),
        layout,
    )


def _city_of(title: str, head: list[str]) -> str | None:
    """The city a report is about: from its title, else from the government that publishes it."""
    if found := _CITY_RE.match(title):
        return found.group("city")
    sources = [line for line in head if _PUBLISHED_HINT_RE.search(line)]
    for text in (title, *sources):
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


def parse_report(
    text: str,
    catalogue: Catalogue | None = None,
    report_id: str = "report",
    source_file: str = "<text>",
    year: int | None = None,
    period: str | None = None,
    city: str | None = None,
) -> pd.DataFrame:
    """Parse the text of a completion report into the targets/actuals table (see docs/tables.md).

    ``year``, ``period`` (``annual``, ``Q1``, ``H1``, ``Q1-Q3``, ``M01-M11``) and ``city`` override what
    the title says. Traditional characters are read as simplified ones; the text columns keep the
    report's own characters. The report's metadata (``detect_meta``) is in ``table.attrs["meta"]``.

    Raises:
        ReportError: no task list could be found, or the tasks hold nothing to read.

    Example:
        >>> table = parse_report("芜湖市2021年通报\\n一、目标\\n1.地区生产总值增长8%左右。\\n"
        ...                      "进展情况:2021年,全市地区生产总值增长9.1%。")
        >>> row = table.iloc[0]
        >>> row.metric, float(row.target_value), float(row.actual_value)
        ('gdp_growth', 8.0, 9.1)
    """
    catalogue = catalogue or load_catalogue()
    simplified = g.to_simplified(text)
    lines = simplified.split("\n")
    layout, blocks = detect_layout(lines)
    if not blocks:
        raise ReportError(
            source_file,
            "no task list found (no numbered tasks, no table under 序号/工作任务/完成情况, no 报告提出… "
            "article): is this a key-task completion report?",
        )
    if period is not None and period != "annual" and g.period_months(f"2000{period}") is None:
        raise ValueError(f"period {period!r} is not annual, Q1, H1, Q1-Q3, M01-M11, ...")
    meta = detect_meta(text.split("\n"), report_id, source_file, year, period, city, layout)
    rows: list[dict] = []
    for block in blocks:
        rows.extend(_block_rows(block, catalogue, meta))
    table = pd.DataFrame(rows, columns=list(TARGET_COLUMNS))
    _check_sanity(table, source_file)
    if not any(block.progress for block in blocks):
        raise ReportError(
            source_file,
            f"found {len(blocks)} tasks but no progress text (进展情况/完成情况) in any of them: "
            "a task-allocation notice rather than a completion report?",
        )
    table = _typed(table)
    if simplified != text:
        table = _as_written(table, text, simplified)
    table.attrs["meta"] = asdict(meta)
    return table


def extract_report(
    source: str | Path,
    catalogue: Catalogue | None = None,
    report_id: str | None = None,
    year: int | None = None,
    period: str | None = None,
    city: str | None = None,
) -> pd.DataFrame:
    """Read a report file (any common encoding, plain text or saved HTML) and parse it."""
    source = Path(source)
    text = read_report_text(source)
    return parse_report(text, catalogue, report_id or report_id_for(source), str(source), year, period, city)


# --- targets -------------------------------------------------------------------------------------


def parse_target(text: str, catalogue: Catalogue) -> Target:
    """Read a target sentence: which metric, what kind of target, which number (its first target)."""
    return parse_targets(text, catalogue)[0]


def parse_targets(text: str, catalogue: Catalogue) -> list[Target]:
    """Every target of a target sentence, in order; the first is the task's own.

    Indicators named together (二氧化硫、氮氧化物排放量下降3%) share the figure that follows them;
    each further indicator with its own figure (城镇登记失业率4.5%以内) is a target of its own.
    """
    mentions = catalogue.find_mentions(text)
    in_step = g.IN_STEP_RE.search(text)
    subjects = [m for m in mentions if not (in_step and in_step.start("ref") <= m.start < in_step.end("ref"))]
    if not subjects:
        return [Target(UNKNOWN_METRIC, "qualitative")]
    groups: list[list[Mention]] = []
    for mention in subjects:
        if groups and _GROUP_GAP_RE.fullmatch(text[groups[-1][-1].end : mention.start]):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    targets: list[Target] = []
    for k, group in enumerate(groups):
        end = groups[k + 1][0].start if k + 1 < len(groups) else len(text)
        for target in _group_targets(text, group, mentions, end, in_step, catalogue):
            if all(t.metric != target.metric for t in targets):
                targets.append(target)
    return targets


def _group_targets(
    text: str,
    group: list[Mention],
    mentions: list[Mention],
    end: int,
    in_step: re.Match | None,
    catalogue: Catalogue,
) -> list[Target]:
    """The targets of indicators named together, read from the text up to the next indicator (``end``)."""
    last = group[-1]
    if in_step and group[0].start < in_step.start() < end:
        refs = [m for m in mentions if in_step.start("ref") <= m.start < in_step.end("ref")]
        reference = catalogue.metric_for(refs[0].concept, "growth") if refs else None
        return [
            Target(
                catalogue.metric_for(m.concept, "growth") or catalogue.default_metric(m.concept),
                "in_step_with",
                reference=reference,
                inexact=m.inexact,
            )
            for m in group
        ]
    figures = [
        f
        for f in _figures(text, mentions)
        if last.end <= f.start < end and (f.unit or _implied_unit(f, last.concept, catalogue))
    ]
    above = g.ABOVE_RE.search(text, last.end, end)
    if above and not any(f.start > above.start() for f in figures):
        verb = g.classify_verb(text[last.end : above.start()])
        region = "national" if above.group("region") == "全国" else "provincial"
        return [
            Target(
                _resolve_metric(catalogue, m.concept, "%", verb) or catalogue.default_metric(m.concept),
                "above_benchmark",
                reference=region,
                inexact=m.inexact,
            )
            for m in group
        ]
    targets = []
    for m in group:
        target = Target(catalogue.default_metric(m.concept), "qualitative", inexact=m.inexact)
        if figures:
            fig = figures[0]
            verb = g.classify_verb(text[_last_mention_before(mentions, fig.start).end : fig.start])
            metric = _resolve_metric(catalogue, m.concept, fig.unit, verb)
            if metric:
                sign = _sign(catalogue.metric(metric).measure, verb)
                comparator = "range" if fig.value_high is not None else (fig.qualifier or "exact")
                high = fig.value_high * sign if fig.value_high is not None else None
                target = Target(metric, comparator, fig.value * sign, high, fig.unit, inexact=m.inexact)
        targets.append(target)
    return targets


def _implied_unit(fig: g.Figure, concept: str, catalogue: Catalogue) -> bool:
    """Give a bare ``1000万`` the unit the indicator is counted in (万人); True when one was given."""
    if fig.unit or fig.raw_unit not in ("万", "亿"):
        return bool(fig.unit)
    for measure in ("level", "level_change"):
        metric = catalogue.metric_for(concept, measure)
        unit = catalogue.metric(metric).unit if metric else ""
        if unit.startswith(fig.raw_unit) and unit in g.UNITS.values():
            fig.unit = unit
            return True
    return False


def _figures(text: str, mentions: list[Mention]) -> list[g.Figure]:
    taken = [(m.start, m.end) for m in mentions]
    return [
        g.parse_figure(m, text)
        for m in g.FIGURE_RE.finditer(text)
        if not any(s < m.end() and m.start() < e for s, e in taken)
    ]


def _last_mention_before(mentions: list[Mention], pos: int) -> Mention:
    return [m for m in mentions if m.end <= pos][-1]


def _resolve_metric(catalogue: Catalogue, concept: str, unit: str, verb: str | None) -> str | None:
    """The metric a figure of ``unit`` measures, given the concept named and the verb before it."""
    measures = catalogue.measures_of(concept)
    if unit == "pp":
        wanted = ["change_pp"]
    elif unit == "%":
        wanted = ["growth", "reduction", "rate"] if verb in ("up", "down") else ["rate", "growth", "reduction"]
    else:
        wanted = ["level_change"] if verb in ("up", "down") else ["level"]
    for measure in wanted:
        if measure in measures:
            metric = catalogue.metric_for(concept, measure)
            if metric and not g.units_compatible(unit, catalogue.metric(metric).unit):
                return None  # 常住人口365万人 is not a figure of 地区生产总值
            return metric
    return None


def _sign(measure: str, verb: str | None) -> float:
    """+1 or -1: a fall is negative growth, a rise is a negative reduction."""
    if measure == "reduction":
        return -1.0 if verb == "up" else 1.0
    if measure in ("growth", "change_pp", "level_change"):
        return -1.0 if verb == "down" else 1.0
    return 1.0


# --- progress text -------------------------------------------------------------------------------


def _tokenize(text: str, catalogue: Catalogue) -> list[_Token]:
    """Non-overlapping tokens of a progress text: special phrases first, then names, periods, figures."""
    candidates: list[tuple[int, _Token]] = []
    for kind, pattern in (
        ("completion", g.COMPLETION_RE),
        ("target_gap", g.TARGET_GAP_RE),
        ("target_def", g.TARGET_DEF_RE),
        ("comparison", g.COMPARISON_RE),
        ("outcome", g.OUTCOME_RE),
    ):
        for m in pattern.finditer(text):
            if kind == "comparison" and not _is_comparison(m):
                continue
            candidates.append((0, _Token(m.start(), m.end(), kind, m)))
    for mention in catalogue.find_mentions(text):
        candidates.append((1, _Token(mention.start, mention.end, "mention", mention)))
    for pattern in (g.PERIOD_RE, g.SUB_PERIOD_RE):
        for m in pattern.finditer(text):
            candidates.append((2, _Token(m.start(), m.end(), "period", m)))
    for m in g.FIGURE_RE.finditer(text):
        candidates.append((3, _Token(m.start(), m.end(), "figure", m)))
    candidates.sort(key=lambda c: (c[0], c[1].start, -(c[1].end - c[1].start)))
    chosen: list[_Token] = []
    for _, token in candidates:
        if not any(t.start < token.end and token.start < t.end for t in chosen):
            chosen.append(token)
    return sorted(chosen, key=lambda t: t.start)


def _is_comparison(m: re.Match) -> bool:
    if m.group("avg") or m.group("gap"):
        return True
    return bool(m.group("pre")) and m.group("pre") not in ("比", "较")


def _period_of(token: _Token, report_year: int) -> g.Period | None:
    m: re.Match = token.data
    groups = m.groupdict()
    year = int(groups["year"]) if groups.get("year") else report_year
    if groups.get("year") and not report_year - 6 <= year <= report_year + 1:
        return None
    label, partial = g.period_label(
        year, groups.get("sub"), groups.get("m_to"), groups.get("month"), bool(groups.get("mend"))
    )
    damaged = (
        bool(groups.get("year"))
        and not groups.get("nian")
        and not (groups.get("sub") or groups.get("m_to") or groups.get("month") or groups.get("full"))
    )
    return g.Period(token.start, token.end, label, partial, year, damaged)


def _block_rows(block: TaskBlock, catalogue: Catalogue, meta: ReportMeta) -> list[dict]:
    targets = parse_targets(block.target_text, catalogue)
    state = _TaskState()
    for k, target in enumerate(targets):
        if target.metric in state.rows or (k and target.metric == UNKNOWN_METRIC):
            continue
        row = _new_row(block, target.metric, catalogue, meta, is_headline=k == 0)
        row.update(
            comparator=target.comparator,
            target_value=target.value,
            target_high=target.high,
            target_unit=target.unit,
            target_reference=target.reference,
        )
        if target.inexact:
            _flag(row, "name_inexact")
        if target.metric == UNKNOWN_METRIC:
            _flag(row, "metric_unknown")
        state.rows[target.metric] = row
    secondary_comparator = "qualitative" if targets[0].comparator == "qualitative" else None
    for line_no, line, offset in block.progress:
        _read_progress(line[offset:], line_no, line, block, catalogue, meta, state, secondary_comparator)
    _finish_task(state, catalogue, meta)
    rows = list(state.rows.values())
    if block.only_targets:
        concepts = {catalogue.metric(t.metric).concept for t in targets if t.metric in catalogue}
        rows = [r for r in rows if r["is_headline"] or catalogue.metric(r["metric"]).concept in concepts]
    if block.truncated:
        for row in rows:
            _flag(row, "text_truncated")
    return rows


def _read_progress(
    text: str,
    line_no: int,
    line: str,
    block: TaskBlock,
    catalogue: Catalogue,
    meta: ReportMeta,
    state: _TaskState,
    secondary_comparator: str | None,
) -> None:
    """Read one line of progress text into the task's rows.

    A figure belongs to the indicator named last before it; indicators named together take the
    figures after ``分别`` in turn (二氧化硫、氮氧化物排放量分别下降4.4%和3.5%) and share one after ``均``.
    """
    mention: Mention | None = None
    group: list[Mention] = []  # indicators named together, the last one being ``mention``
    queue: list[Mention] = []  # indicators still waiting for their figure after 分别
    queue_gap = ""
    period: g.Period | None = None
    last_row: dict | None = None
    prev_end = 0
    prev_kind = ""
    for token in _tokenize(text, catalogue):
        if token.kind == "mention":
            joined = prev_kind == "mention" and _GROUP_GAP_RE.fullmatch(text[prev_end : token.start])
            group = [*group, token.data] if joined else [token.data]
            mention = token.data
            queue = []
        elif token.kind == "period":
            period = _period_of(token, meta.year) or period
        elif token.kind == "figure":
            fig = g.parse_figure(token.data, text)
            gap = text[prev_end : fig.start]
            owners = [mention] if mention is not None else []
            if prev_kind == "mention" and len(group) > 1:
                if _RESPECTIVELY_RE.search(gap):
                    owners, queue, queue_gap = group[:1], group[1:], gap
                elif _ALL_OF_THEM_RE.search(gap):
                    owners = list(group)
            elif queue:
                owners = [queue.pop(0)]
                if g.classify_verb(gap) is None:
                    gap = queue_gap
            for owner in owners:
                if fig.unit or _implied_unit(fig, owner.concept, catalogue):
                    row = _record_figure(
                        fig,
                        gap,
                        owner,
                        period,
                        text,
                        line_no,
                        line,
                        block,
                        catalogue,
                        meta,
                        state,
                        secondary_comparator,
                    )
                    last_row = row or last_row
        elif token.kind == "comparison":
            _record_comparison(token.data, mention, last_row, state, catalogue)
        elif token.kind == "completion":
            m = token.data
            pct = next(v for v in (m.group("pct"), m.group("pct2"), m.group("pct3")) if v)
            _headline(state).setdefault("_completion", float(pct))
        elif token.kind == "target_gap":
            m = token.data
            sign = -1.0 if m.group("dir") in ("低于", "差") else 1.0
            _headline(state).setdefault("_target_gap", sign * float(m.group("num")))
        elif token.kind == "target_def" and mention is not None:
            _record_target_def(token.data, mention, block, catalogue, meta, state)
        elif token.kind == "outcome":
            state.outcomes.append(token.data.group(0))
        prev_end = token.end
        if token.kind != "period":
            prev_kind = token.kind


def _record_figure(
    fig: g.Figure,
    gap: str,
    mention: Mention,
    period: g.Period | None,
    text: str,
    line_no: int,
    line: str,
    block: TaskBlock,
    catalogue: Catalogue,
    meta: ReportMeta,
    state: _TaskState,
    secondary_comparator: str | None,
) -> dict | None:
    verb = g.classify_verb(gap)
    metric = _resolve_metric(catalogue, mention.concept, fig.unit, verb)
    if metric is None:
        return None
    row = state.rows.get(metric)
    if row is None:
        row = _new_row(block, metric, catalogue, meta, is_headline=False)
        row["comparator"] = secondary_comparator
        state.rows[metric] = row
    if not _is_missing(row["actual_value"]):
        return None  # the first figure of a metric in a task is its actual; later ones are context
    sign = _sign(catalogue.metric(metric).measure, verb)
    row.update(actual_value=fig.value * sign, actual_unit=fig.unit, source_line=line_no, source_text=line.strip())
    if block.progress_units.get(line_no):
        row["lead_units"] = block.progress_units[line_no]
    if period is None:
        row["actual_period"] = meta.period_label
        _flag(row, "period_assumed")
        if meta.period != "annual":
            _flag(row, "partial_period")
    else:
        row["actual_period"] = period.label
        if period.partial:
            _flag(row, "partial_period")
        if period.year is not None and period.year < meta.year:
            _flag(row, "prior_year_data")
        if period.damaged:
            _flag(row, "text_damaged")
    if g.ESTIMATE_RE.search(text, g.sentence_start(text, fig.start), fig.start):
        _flag(row, "estimated")
    if fig.qualifier == "about":
        _flag(row, "approximate_actual")
    elif fig.qualifier == "at_least":
        _flag(row, "lower_bound_actual")
    if fig.damaged:
        _flag(row, "text_damaged")
    if mention.inexact:
        _flag(row, "name_inexact")
    if fig.unit in ("亿美元", "万美元"):
        row["_currency"] = "USD"
    elif fig.unit in ("亿元", "万亿元", "万元"):
        row["_currency"] = "CNY"
    return row


def _record_comparison(
    m: re.Match, mention: Mention | None, last_row: dict | None, state: _TaskState, catalogue: Catalogue
) -> None:
    """Attach a comparison with the province or nation to the growth figure it speaks of."""
    row = None
    if mention is not None:
        growth = catalogue.metric_for(mention.concept, "growth")
        row = state.rows.get(growth) if growth else None
    if row is None or _is_missing(row["actual_value"]):
        row = last_row
    if row is None:
        return
    prefix = "provincial" if m.group("region") == "全省" else "national"
    pre, direction = m.group("pre"), m.group("dir")
    if m.group("avg") is None and m.group("gap") is None:
        row[f"{prefix}_note"] = _clause(m)
        return
    if m.group("avg") is not None and _is_missing(row[f"{prefix}_avg"]):
        row[f"{prefix}_avg"] = float(m.group("avg"))
        row[f"{prefix}_avg_source"] = "stated"
    if m.group("gap") is not None:
        if pre in _DOWN_PRE or direction in ("低", "慢", "少"):
            sign = -1.0
        elif pre in _UP_PRE or direction in _UP_DIR:
            sign = 1.0
        else:
            sign = 1.0
            _flag(row, "direction_inferred")
        gap_pp = sign * float(m.group("gap"))
        row[f"{prefix}_gap_pp"] = gap_pp
        if _is_missing(row[f"{prefix}_avg"]) and not _is_missing(row["actual_value"]):
            row[f"{prefix}_avg"] = round(row["actual_value"] - gap_pp, 6)
            row[f"{prefix}_avg_source"] = "derived"
        if m.group("gap_unit") == "百分点":
            _flag(row, "text_damaged")
    if (m.group("open") and not m.group("close")) or (m.group("avg") and m.group("gap") and not m.group("close")):
        _flag(row, "text_damaged")


def _clause(m: re.Match) -> str:
    """The clause around a match, as the report words it."""
    text = m.string
    start = max(text.rfind(c, 0, m.start()) for c in ",，。;；") + 1
    ends = [i for i in (text.find(c, m.end()) for c in ",，。;；") if i >= 0]
    return text[start : min(ends) if ends else len(text)].strip()


def _record_target_def(
    m: re.Match,
    mention: Mention,
    block: TaskBlock,
    catalogue: Catalogue,
    meta: ReportMeta,
    state: _TaskState,
) -> None:
    """A target stated inside the progress text (省下达我市的年度能耗强度降低目标为X%)."""
    unit = g.UNITS.get(m.group("unit"))
    if not unit:
        return
    verb = g.classify_verb(m.group("verb") or "")
    metric = _resolve_metric(catalogue, mention.concept, unit, verb)
    if metric is None:
        return
    row = state.rows.get(metric)
    if row is None:
        row = _new_row(block, metric, catalogue, meta, is_headline=False)
        state.rows[metric] = row
    if not _is_missing(row["target_value"]):
        return
    row.update(
        target_value=float(m.group("num")) * _sign(catalogue.metric(metric).measure, verb),
        target_unit=unit,
    )
    if row["comparator"] in (None, "qualitative"):
        row["comparator"] = "exact"
    _flag(row, "target_from_progress")
    after = m.string[m.end() : m.end() + 1]
    if after and after not in g._FIGURE_FOLLOWERS:
        _flag(row, "text_damaged")


def _finish_task(state: _TaskState, catalogue: Catalogue, meta: ReportMeta) -> None:
    headline = _headline(state)
    outcome = "; ".join(dict.fromkeys(state.outcomes)) or None
    for row in state.rows.values():
        row["stated_outcome"] = outcome
    headline["stated_completion_pct"] = headline.pop("_completion", None)
    headline["stated_gap_to_target"] = headline.pop("_target_gap", None)
    currencies = {
        catalogue.metric(r["metric"]).concept: r.get("_currency")
        for r in state.rows.values()
        if r["metric"] in catalogue and r.get("_currency")
    }
    for row in state.rows.values():
        row.pop("_currency", None)
        if row["metric"] not in catalogue:
            continue
        entry = catalogue.metric(row["metric"])
        if entry.measure == "growth" and "|" in entry.benchmark_metrics:
            row["actual_basis"] = currencies.get(entry.concept)
    _inherit_target(state, catalogue)
    for row in state.rows.values():
        _to_target_unit(row)
        if _is_missing(row["actual_value"]) and row["comparator"] not in (None, "qualitative"):
            _flag(row, "actual_missing")


def _to_target_unit(row: dict) -> None:
    """Express the actual in the target's unit when the two differ in scale only (万人 and 人)."""
    unit, target_unit = row["actual_unit"], row["target_unit"]
    if _is_missing(row["actual_value"]) or not unit or not target_unit or unit == target_unit:
        return
    converted = g.convert_unit(row["actual_value"], unit, target_unit)
    if converted is not None:
        row.update(actual_value=converted, actual_unit=target_unit)
        _flag(row, "unit_converted")


def _inherit_target(state: _TaskState, catalogue: Catalogue) -> None:
    """When the task's own figure is missing but its parts are given (城镇、农村居民收入 for 居民收入),
    each part is held to the task's target, flagged ``target_inherited``."""
    headline = _headline(state)
    if not _is_missing(headline["actual_value"]) or headline["comparator"] in (None, "qualitative"):
        return
    if headline["metric"] not in catalogue:
        return
    whole = catalogue.metric(headline["metric"])
    for row in state.rows.values():
        if row["is_headline"] or row["comparator"] is not None or row["metric"] not in catalogue:
            continue
        part = catalogue.metric(row["metric"])
        if part.measure == whole.measure and part.concept.endswith("_" + whole.concept):
            for column in ("comparator", "target_value", "target_high", "target_unit", "target_reference"):
                row[column] = headline[column]
            _flag(row, "target_inherited")


def _headline(state: _TaskState) -> dict:
    return next(r for r in state.rows.values() if r["is_headline"])


def _new_row(block: TaskBlock, metric: str, catalogue: Catalogue, meta: ReportMeta, is_headline: bool) -> dict:
    row = dict.fromkeys(TARGET_COLUMNS)
    known = metric in catalogue
    row.update(
        report_id=meta.report_id,
        task=block.task,
        metric=metric,
        indicator_zh=catalogue.label(metric, "zh") if known else block.target_text[:40],
        indicator_en=catalogue.label(metric, "en") if known else "(not in the metric catalogue)",
        is_headline=is_headline,
        target_text=block.target_text,
        target_line=block.target_line,
        lead_units=block.lead_units,
        co_units=block.co_units,
        source_line=block.target_line,
        source_text=block.target_source or block.target_text,
        flags="",
    )
    return row


def _flag(row: dict, flag: str) -> None:
    flags = set(filter(None, (row.get("flags") or "").split(";")))
    flags.add(flag)
    row["flags"] = ";".join(f for f in FLAG_ORDER if f in flags)


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _check_sanity(table: pd.DataFrame, source_file: str) -> None:
    """Checks whose failure means the layout was not understood; messages say what probably went wrong."""
    if table.empty:
        raise ReportError(source_file, "no task list found: is this a key-task completion report?")
    duplicated = table.loc[table.is_headline, "task"].duplicated()
    if duplicated.any():
        tasks = sorted(set(table.loc[table.is_headline, "task"][duplicated]))
        raise ReportError(source_file, f"task numbers {tasks} appear twice: two lists in one file?")
    if table.actual_value.isna().all() and table.target_value.isna().all():
        raise ReportError(
            source_file,
            f"found {table.task.nunique()} tasks but no figure in any of them: has the layout changed?",
        )


def _as_written(table: pd.DataFrame, text: str, simplified: str) -> pd.DataFrame:
    """Put the report's own characters back into the text columns (read with traditional ones folded)."""
    original_lines = text.split("\n")
    starts = [0]
    for line in original_lines:
        starts.append(starts[-1] + len(line) + 1)
    out = table.copy()
    columns = ["target_text", "lead_units", "co_units", "provincial_note", "national_note", "stated_outcome"]
    for i, row in out.iterrows():
        out.at[i, "source_text"] = original_lines[int(row["source_line"]) - 1].strip()
        start = starts[int(row["target_line"]) - 1]
        for column in columns:
            out.at[i, column] = _written(row[column], simplified, text, start)
        if row["metric"] == UNKNOWN_METRIC:
            out.at[i, "indicator_zh"] = _written(row["indicator_zh"], simplified, text, start)
    return out


def _written(value: object, simplified: str, text: str, start: int) -> object:
    """``value`` (read from ``simplified``) in the characters of ``text``, searched from ``start``."""
    if not isinstance(value, str) or not value:
        return value
    found = simplified.find(value, start)
    if found >= 0:
        return text[found : found + len(value)]
    out, pos = [], start
    for ch in value:  # pieces joined from several places: align character by character
        found = simplified.find(ch, pos)
        if found < 0 or found - pos > 500:
            out.append(ch)
            continue
        out.append(text[found])
        pos = found + 1
    return "".join(out)


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    """Give the columns their declared dtypes (numbers float, ids str, flags str)."""
    floats = [
        "target_value",
        "target_high",
        "actual_value",
        "provincial_avg",
        "provincial_gap_pp",
        "national_avg",
        "national_gap_pp",
        "stated_completion_pct",
        "stated_gap_to_target",
    ]
    out = table.copy()
    for column in floats:
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
    for column in ("task", "target_line", "source_line"):
        out[column] = out[column].astype("int64")
    out["is_headline"] = out["is_headline"].astype(bool)
    for column in set(TARGET_COLUMNS) - set(floats) - {"task", "target_line", "source_line", "is_headline"}:
        out[column] = out[column].astype("string")
    out["flags"] = out["flags"].fillna("")
    return out.sort_values(["task", "is_headline"], ascending=[True, False], kind="stable").reset_index(drop=True)
