"""Extraction: a key-task completion report becomes a targets/actuals table, one row per (task, metric).

``parse_report`` is the pure core (text in, table out); ``extract_report`` adds the file handling.
Every figure comes from the text: each row keeps the line it was read from and flags for anything
estimated, partial, prior-year, inferred or damaged.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import grammar as g
from .catalogue import Catalogue, Mention, load_catalogue
from .fileio import ReportError, read_report_text
from .layouts import TaskBlock, split_tasks
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
FLAG_ORDER = (
    "estimated",
    "partial_period",
    "prior_year_data",
    "period_assumed",
    "approximate_actual",
    "lower_bound_actual",
    "direction_inferred",
    "text_damaged",
    "name_inexact",
    "target_from_progress",
    "actual_missing",
    "metric_unknown",
)
UNKNOWN_METRIC = "unclassified"
_TITLE_YEAR_RE = re.compile(r"(?P<year>(?:19|20)\d\d)\s*年")
_CITY_RE = re.compile(r"^(?P<city>[\u4e00-\u9fff]{2,8}?(?:市|省|县|区|州|盟|自治州))")
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


def detect_meta(lines: list[str], report_id: str, source_file: str, year: int | None = None) -> ReportMeta:
    """Title, city, year and period of a report, read from its first lines (``year`` overrides)."""
    title = next((line.strip() for line in lines if line.strip() and not line.startswith("#")), "")
    found_year = _TITLE_YEAR_RE.search(title)
    if year is None and found_year:
        year = int(found_year.group("year"))
    if year is None:
        years = Counter(int(m.group("year")) for line in lines[:200] for m in _TITLE_YEAR_RE.finditer(line))
        if not years:
            raise ReportError(source_file, "cannot tell the report year from the title or text: pass --year")
        year = years.most_common(1)[0][0]
    city = _CITY_RE.match(title)
    period = "annual"
    for word, code in g.SUB_PERIODS.items():
        if word in title:
            period = code
    month = re.search(r"1\s*[-—~]\s*(\d{1,2})\s*月", title)
    if month and int(month.group(1)) < 12:
        period = f"M01-M{int(month.group(1)):02d}"
    return ReportMeta(report_id, title, city.group("city") if city else None, year, period, source_file)


def parse_report(
    text: str,
    catalogue: Catalogue | None = None,
    report_id: str = "report",
    source_file: str = "<text>",
    year: int | None = None,
) -> pd.DataFrame:
    """Parse the text of a completion report into the targets/actuals table (see docs/tables.md).

    Raises:
        ReportError: no task list could be found, or the tasks hold nothing to read.

    Example:
        >>> table = parse_report("芜湖市2021年通报\\n一、目标\\n1.地区生产总值增长8%左右。\\n"
        ...                      "进展情况:2021年,全市地区生产总值增长9.1%。")
        >>> table.loc[0, ["metric", "target_value", "actual_value"]].tolist()
        ['gdp_growth', 8.0, 9.1]
    """
    catalogue = catalogue or load_catalogue()
    lines = text.split("\n")
    blocks = split_tasks(lines)
    if not blocks:
        raise ReportError(source_file, "no task list found: is this a key-task completion report?")
    meta = detect_meta(lines, report_id, source_file, year)
    rows: list[dict] = []
    for block in blocks:
        rows.extend(_block_rows(block, catalogue, meta))
    table = pd.DataFrame(rows, columns=list(TARGET_COLUMNS))
    _check_sanity(table, source_file)
    return _typed(table)


def extract_report(
    source: str | Path,
    catalogue: Catalogue | None = None,
    report_id: str | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """Read a report file (any common encoding, plain text or saved HTML) and parse it."""
    source = Path(source)
    text = read_report_text(source)
    return parse_report(text, catalogue, report_id or report_id_for(source), str(source), year)


# --- targets -------------------------------------------------------------------------------------


def parse_target(text: str, catalogue: Catalogue) -> Target:
    """Read a target sentence: which metric, what kind of target, which number."""
    mentions = catalogue.find_mentions(text)
    subject = mentions[0] if mentions else None
    in_step = g.IN_STEP_RE.search(text)
    if subject and in_step and subject.start < in_step.start():
        refs = [m for m in mentions if in_step.start("ref") <= m.start < in_step.end("ref")]
        reference = catalogue.metric_for(refs[0].concept, "growth") if refs else None
        metric = catalogue.metric_for(subject.concept, "growth") or catalogue.default_metric(subject.concept)
        return Target(metric, "in_step_with", reference=reference, inexact=subject.inexact)
    figures = [f for f in _figures(text, mentions) if f.unit and (subject is None or f.start >= subject.end)]
    above = g.ABOVE_RE.search(text)
    if subject and above and not any(f.start > above.start() for f in figures):
        verb = g.classify_verb(text[subject.end : above.start()])
        metric = _resolve_metric(catalogue, subject.concept, "%", verb) or catalogue.default_metric(subject.concept)
        region = "national" if above.group("region") == "全国" else "provincial"
        return Target(metric, "above_benchmark", reference=region, inexact=subject.inexact)
    if subject and figures:
        fig = figures[0]
        verb = g.classify_verb(text[_last_mention_before(mentions, fig.start).end : fig.start])
        metric = _resolve_metric(catalogue, subject.concept, fig.unit, verb)
        if metric:
            measure = catalogue.metric(metric).measure
            sign = _sign(measure, verb)
            comparator = "range" if fig.value_high is not None else (fig.qualifier or "exact")
            high = fig.value_high * sign if fig.value_high is not None else None
            return Target(metric, comparator, fig.value * sign, high, fig.unit, inexact=subject.inexact)
    if subject:
        return Target(catalogue.default_metric(subject.concept), "qualitative", inexact=subject.inexact)
    return Target(UNKNOWN_METRIC, "qualitative")


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
            return catalogue.metric_for(concept, measure)
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
    label, partial = g.period_label(year, groups.get("sub"), groups.get("m_to"), groups.get("month"))
    damaged = (
        bool(groups.get("year"))
        and not groups.get("nian")
        and not (groups.get("sub") or groups.get("m_to") or groups.get("month") or groups.get("full"))
    )
    return g.Period(token.start, token.end, label, partial, year, damaged)


def _block_rows(block: TaskBlock, catalogue: Catalogue, meta: ReportMeta) -> list[dict]:
    target = parse_target(block.target_text, catalogue)
    state = _TaskState()
    headline = _new_row(block, target.metric, catalogue, meta, is_headline=True)
    headline.update(
        comparator=target.comparator,
        target_value=target.value,
        target_high=target.high,
        target_unit=target.unit,
        target_reference=target.reference,
    )
    if target.inexact:
        _flag(headline, "name_inexact")
    if target.metric == UNKNOWN_METRIC:
        _flag(headline, "metric_unknown")
    state.rows[target.metric] = headline
    secondary_comparator = "qualitative" if target.comparator == "qualitative" else None
    for line_no, line, offset in block.progress:
        _read_progress(line[offset:], line_no, line, block, catalogue, meta, state, secondary_comparator)
    _finish_task(state, catalogue, meta)
    return list(state.rows.values())


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
    """Read one line of progress text into the task's rows."""
    mention: Mention | None = None
    period: g.Period | None = None
    last_row: dict | None = None
    prev_end = 0
    for token in _tokenize(text, catalogue):
        if token.kind == "mention":
            mention = token.data
        elif token.kind == "period":
            period = _period_of(token, meta.year) or period
        elif token.kind == "figure":
            fig = g.parse_figure(token.data, text)
            if fig.unit and mention is not None:
                row = _record_figure(
                    fig,
                    text[prev_end : fig.start],
                    mention,
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
    if period is None:
        row["actual_period"] = str(meta.year)
        _flag(row, "period_assumed")
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
    if _is_missing(headline["actual_value"]) and headline["comparator"] != "qualitative":
        _flag(headline, "actual_missing")


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
