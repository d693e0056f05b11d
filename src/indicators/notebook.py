"""What the notebooks call: parameter checks, loading the shared tables, and tables that read well.

Notebooks stay thin (load, call, show); anything worth testing lives here. Heavy modules (pandera,
papermill, nbconvert, openpyxl, typst) are not imported on this path, to keep kernels quick to start.

Everything that comes from a document (a report's sentences, its ``.source.yml``, a table cell) is
escaped before it reaches HTML: :func:`md_text` for Markdown, :func:`safe_style` and the ``style_*``
functions for tables. The rendered pages are shared; a report's text must stay text in them.
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path

import pandas as pd

from .analyse import DEFAULT_TOLERANCE_PP, compute_attainment
from .benchmarks import city_names, load_benchmarks, province_of
from .fileio import ReportError, check_report_id, read_table, read_yaml
from .labels import (
    STATUS_COLOURS,
    STATUSES,
    check_lang,
    column_label,
    kind_label,
    status_counts_text,
    status_label,
)
from .pages import CONTENT_SECURITY_POLICY, with_csp  # noqa: F401 - the pages' policy, kept importable here
from .paths import DATA_PROCESSED, processed_dir
from .present import (
    actual_text,
    average_gap_text,
    average_text,
    column_text,
    finding_indicators,
    flag_text,
    flags_text,
    gap_to_target_text,
    measure_text,
    metric_text,  # noqa: F401 - the notebooks name indicators through it,
    number_text,
    rank_text,
    ratio_text,
    reader_table,
    status_text,
    target_text,
)

#: Markdown punctuation that makes structure anywhere in a line (emphasis, links, images, code, tables)
_MD_INLINE = re.compile(r"([\\`*_\[\]{}|~])")
#: … and at the start of one (headings, lists; a quote's ">" is already &gt;)
_MD_BLOCK_START = re.compile(r"^(?:[#+\-]+|\d+[.)])(?=\s|$)")
#: the columns a notebook needs before it can show anything (the stage validated the rest with pandera)
_NEEDED = {
    "targets": ("report_id", "task", "metric", "is_headline", "source_line", "source_text"),
    "attainment": ("report_id", "task", "metric", "is_headline", "status"),
}


# --- text from documents, made safe for HTML --------------------------------------------------------


def md_text(value: object) -> str:
    """``value`` as literal text inside Markdown: no HTML, no link, image, emphasis or autolink.

    Only what Markdown would read as structure is escaped, so the Markdown stays readable.

    >>> md_text("<img src=x onerror=alert(1)> [a](javascript:b) https://x.org")
    '&lt;img src=x onerror=alert(1)&gt; \\\\[a\\\\](javascript:b) https&#58;//x.org'
    """
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = " ".join(str(value).split())  # one line: a value never opens a Markdown block of its own
    text = _MD_INLINE.sub(r"\\\1", html.escape(text, quote=False))
    if _MD_BLOCK_START.match(text):  # "# x", "- x", "1. x": escape the mark, not the digits
        text = "\\" + text if text[0] in "#+-" else re.sub(r"^(\d+)", r"\1\\", text, count=1)
    text = text.replace("://", "&#58;//")  # no autolinks (https://…)
    return re.sub(r"(?i)\bwww\.", lambda m: m.group()[:-1] + "&#46;", text)


def escape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and labels are HTML-escaped (numbers stay numbers).

    A pandas Styler writes cells and headers into HTML as they are; this is what makes it safe.
    """

    def esc(value: object) -> object:  # cells and headers are element text, never attribute values
        return html.escape(value, quote=False) if isinstance(value, str) else value

    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(esc, na_action="ignore")
    out.columns = [esc(c) for c in out.columns]
    out.index = [esc(i) for i in out.index]
    return out


def safe_style(frame: pd.DataFrame):
    """``frame.style`` with every text cell and label escaped, no index shown."""
    return escape_frame(frame).style.hide(axis="index")


def warnings_markdown(meta: dict, lang: str = "zh") -> str:
    """The warnings a step recorded (``warnings`` in the metadata) as a Markdown list, or ``""``."""
    notes = meta.get("warnings") if isinstance(meta, dict) else None
    if not isinstance(notes, list) or not notes:
        return ""
    head = "**注意 (warnings)**" if lang == "zh" else "**Warnings**"
    return head + "\n\n" + "\n".join(f"- {md_text(n)}" for n in notes)


def _check_loaded(table: pd.DataFrame, path: Path, kind: str) -> pd.DataFrame:
    """The checks a notebook can afford (the stage that wrote the table validated it in full)."""
    if table.empty:
        raise ReportError(path, f"{kind} table has no rows")
    missing = [c for c in _NEEDED.get(kind, ()) if c not in table.columns]
    if missing:
        raise ReportError(path, f"{kind} table lacks column(s) {', '.join(missing)}")
    if "status" in table.columns:
        bad = sorted(set(table["status"].dropna().astype(str)) - set(STATUSES))
        if bad or table["status"].isna().any():
            shown = bad[0][:40] if bad else "(empty)"
            raise ReportError(path, f"status {shown!r} is not one of {', '.join(STATUSES)}")
    return table


def check_params(
    report_id: str, lang: str, tolerance_pp: float | None = None, metric: str | None = None, task: int | str = 0
) -> None:
    """Fail early, in words, on a parameter that cannot work (``task`` 0: the task whose headline is ``metric``)."""
    check_lang(lang)
    check_report_id(report_id, "report_id parameter")
    folder = processed_dir(report_id)
    if not folder.exists():
        known = sorted(p.name for p in DATA_PROCESSED.iterdir() if p.is_dir()) if DATA_PROCESSED.exists() else []
        raise ValueError(f"report_id {report_id!r} has no processed tables (run `make analyse`); known: {known}")
    if tolerance_pp is not None and (
        not isinstance(tolerance_pp, int | float) or not math.isfinite(tolerance_pp) or tolerance_pp < 0
    ):
        raise ValueError(f"tolerance_pp must be a number ≥ 0, not {tolerance_pp!r}")
    if metric is not None and task not in (0, "0", "", None):
        targets = load_targets(report_id)
        if not ((targets.task.astype(str) == str(task)) & (targets.metric == metric)).any():
            rows = targets[targets.task.astype(str) == str(task)].metric.tolist()
            raise ValueError(f"task {task!r} of {report_id} has no row for metric {metric!r}; it has {rows}")
    elif metric is not None:
        headlines = load_targets(report_id).query("is_headline").metric.tolist()
        if metric not in headlines:
            raise ValueError(f"metric {metric!r} is not a headline indicator of {report_id}; choose one of {headlines}")


def profile_table(table: pd.DataFrame, metric: str, task: int | str = 0) -> pd.DataFrame:
    """The table with other tasks' rows of ``metric`` left out, so that the profile shows ``task``'s row.

    Its row of ``metric`` is then the headline row, else the first (the same rule the charts use); the
    rows of other metrics stay, for targets that refer to them (in step with GDP growth). ``task`` 0
    keeps the whole table (the metric's headline row).
    """
    if task in (0, "0", "", None):
        return table
    return table[(table.metric != metric) | (table.task.astype(str) == str(task))]


def profile_row(table: pd.DataFrame, metric: str, task: int | str = 0) -> pd.Series:
    """The row a profile page shows: ``metric`` in ``task``, its headline row first."""
    rows = profile_table(table, metric, task)
    rows = rows[rows.metric == metric].sort_values("is_headline", ascending=False, kind="stable")
    if task in (0, "0", "", None):
        rows = rows[rows.is_headline]
    return rows.iloc[0]


def load_targets(report_id: str) -> pd.DataFrame:
    """The targets/actuals table of a report."""
    path = processed_dir(report_id) / "targets.csv"
    return _check_loaded(read_table(path), path, "targets")


def methodology(report_id: str, lang: str = "zh") -> list[str]:
    """The rules of the analysis in ``lang``, as the report's metadata holds them."""
    from .methodology import methodology_of

    return methodology_of(report_meta(report_id), lang)


def report_meta(report_id: str) -> dict:
    """The analysis metadata (title, city, tolerances, methodology)."""
    for name in ("attainment.meta.yml", "targets.meta.yml"):
        path = processed_dir(report_id) / name
        if path.exists():
            loaded = read_yaml(path, "metadata file") or {}  # libyaml when present: quick, once per notebook
            if not isinstance(loaded, dict):
                raise ReportError(path, "metadata file is not a mapping of fields")
            return loaded
    return {}


def load_attainment(report_id: str, tolerance_pp: float = DEFAULT_TOLERANCE_PP) -> pd.DataFrame:
    """The shared attainment table; recomputed in memory only when another tolerance is asked for."""
    path = processed_dir(report_id) / "attainment.csv"
    meta = report_meta(report_id)
    if math.isclose(float(meta.get("tolerance_pp", DEFAULT_TOLERANCE_PP)), tolerance_pp) and (
        path.exists() or path.with_suffix(".parquet").exists()
    ):
        return _check_loaded(read_table(path), path, "attainment")
    targets = load_targets(report_id)
    province = meta.get("province") or province_of(meta.get("city"))
    city = city_names(meta.get("city"))
    return compute_attainment(targets, load_benchmarks(), None, province, tolerance_pp, city=city).attainment


def load_findings(report_id: str) -> pd.DataFrame:
    path = processed_dir(report_id) / "findings.csv"
    if not path.exists():
        raise ReportError(path, "findings not found: run `make analyse` first")
    return read_table(path)


def headline_summary(table: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """One row per task: target, actual, ratio, gaps, status, flags — with labels in ``lang``."""
    check_lang(lang)
    rows = table[table.is_headline].sort_values("task")
    name = "indicator_zh" if lang == "zh" else "indicator_en"
    records = rows.to_dict("records")
    out = pd.DataFrame(
        {
            column_label("task", lang): rows.task.values,
            column_label("indicator", lang): rows[name].values,
            column_label("target", lang): [target_text(r, lang) for r in records],
            column_label("actual", lang): [actual_text(r, lang) for r in records],
        }
    )
    if "status" in rows:
        out[column_label("target_kind", lang)] = [kind_label(str(r.get("target_kind")), lang) for r in records]
        out[MEASURE_HEADER[lang]] = [measure_text(r, lang) for r in records]
        out[column_label("provincial_avg", lang)] = [average_text(r, "provincial", lang) for r in records]
        out[column_label("gap_to_provincial_pp", lang)] = [_blank(average_gap_text(r, "provincial", lang))
                                                           for r in records]
        out[column_label("provincial_rank", lang)] = [rank_text(r, lang) for r in records]
        out[column_label("gap_to_national_pp", lang)] = [_blank(average_gap_text(r, "national", lang))
                                                         for r in records]
        out[column_label("status", lang)] = [status_text(r, lang) for r in records]
    out[column_label("flags", lang)] = ["; ".join(flags_text(r, lang, long=True)) for r in records]
    return out


def _blank(text: str) -> str:
    """A missing figure as an empty cell (``—`` reads as a value in a table of figures)."""
    return "" if text == "—" else text


#: header of the column that holds each row's measure (the one its kind of target is judged by)
MEASURE_HEADER = {"zh": "衡量(按指标类型)", "en": "Measure (by kind of target)"}


def status_counts(table: pd.DataFrame, lang: str = "zh") -> str:
    """The headline statuses counted, provisional ones apart: ``超额完成 8(另暂定 2) · …``."""
    from .analyse import status_counts as count

    return status_counts_text(count(table), lang)


def style_summary(summary: pd.DataFrame, lang: str = "zh"):
    """A Styler: status cells in the status colours (a provisional status too); figures come worded already."""
    status_col = html.escape(column_label("status", lang))
    colours = {html.escape(status_label(s, lang)): c for s, c in STATUS_COLOURS.items()}
    dark = {html.escape(status_label(s, lang)) for s in ("exceeded", "missed")}
    summary = escape_frame(summary)

    def status_of(value: object) -> str:
        """The status label a cell starts with (``超额完成(暂定)`` → ``超额完成``)."""
        text = str(value)
        return next((label for label in colours if text == label or text.startswith((label + "(", label + " ("))), "")

    def colour_of(value: object) -> str:
        return colours.get(status_of(value), "#ffffff")

    def is_dark(value: object) -> bool:
        return status_of(value) in dark

    styler = summary.style.hide(axis="index")
    if status_col in summary:
        styler = styler.map(
            lambda v: (
                f"background-color: {colour_of(v)}; white-space: nowrap; color: {'#fff' if is_dark(v) else '#000'}"
            ),
            subset=[status_col],
        )
    return styler.set_properties(**{"text-align": "left"})


def flag_table(table: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """How often each flag occurs, with what it means."""
    counts: dict[str, int] = {}
    for value in table["flags"].fillna(""):
        for flag in filter(None, value.split(";")):
            counts[flag] = counts.get(flag, 0) + 1
    headers = ("标记", "行数", "含义") if lang == "zh" else ("Flag", "Rows", "Meaning")
    return pd.DataFrame(
        [(flag_text(flag, lang), n, flag_text(flag, lang, long=True)) for flag, n in sorted(counts.items())],
        columns=list(headers),
    )


def source_lines(table: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Every figure with the line of the report it was read from."""
    name = "indicator_zh" if lang == "zh" else "indicator_en"
    rows = table.sort_values(["task", "is_headline"], ascending=[True, False])
    return pd.DataFrame(
        {
            column_label("task", lang): rows.task.values,
            column_label("indicator", lang): rows[name].values,
            column_label("actual", lang): [actual_text(r, lang) for r in rows.to_dict("records")],
            column_label("source_line", lang): rows.source_line.values,
            column_label("source_text", lang): rows.source_text.values,
        }
    )


def available_reports(processed: Path = DATA_PROCESSED) -> list[str]:
    """Report ids that have an attainment table."""
    if not processed.exists():
        return []
    return sorted(p.parent.name for p in processed.glob("*/attainment.csv"))


def indicator_facts(row: pd.Series, lang: str = "zh") -> pd.DataFrame:
    """Target, actual, benchmarks and status of one row, as a two-column table."""
    zh = lang == "zh"
    flags = flags_text(row, lang, long=True)
    basis = row.get("status_basis_zh") if zh else row.get("status_basis")
    items = [
        (column_label("target", lang), target_text(row, lang)),
        (column_label("actual", lang), actual_text(row, lang)),
        (column_label("target_kind", lang), kind_label(str(row.get("target_kind")), lang)),
        (MEASURE_HEADER[lang], measure_text(row, lang)),
        (column_label("attainment_ratio", lang), _blank(ratio_text(row.get("attainment_ratio")))),
        (column_label("gap_to_target", lang), _blank(gap_to_target_text(row, lang))),
        ("全省平均" if zh else "Provincial average", average_text(row, "provincial", lang)),
        (column_label("gap_to_provincial_pp", lang), _blank(average_gap_text(row, "provincial", lang))),
        (column_label("provincial_rank", lang), rank_text(row, lang)),
        ("全国平均" if zh else "National average", average_text(row, "national", lang)),
        (column_label("gap_to_national_pp", lang), _blank(average_gap_text(row, "national", lang))),
        ("比较说明" if zh else "Comparison notes", _text_or_blank(row.get(f"benchmark_note{'_zh' if zh else ''}"))),
        ("完成状态" if zh else "Status", status_text(row, lang)),
        ("判定依据" if zh else "How decided", basis or ""),
        ("标记" if zh else "Flags", "; ".join(flags)),
        ("牵头责任单位" if zh else "Lead units", _text_or_blank(row.get("lead_units"))),
        ("协同责任单位" if zh else "Co-operating units", _text_or_blank(row.get("co_units"))),
    ]
    return pd.DataFrame(items, columns=["item", "value"])


def _text_or_blank(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA else str(value)


def style_facts(facts: pd.DataFrame):
    """The facts table left-aligned, without index or header."""
    return escape_frame(facts).style.hide(axis="index").hide(axis="columns").set_properties(**{"text-align": "left"})


def source_markdown(row: pd.Series, table: pd.DataFrame, lang: str = "zh") -> str:
    """The target sentence and the progress sentences behind a task's figures, quoted with line numbers."""
    colon = "：" if check_lang(lang) == "zh" else ": "
    target_where = words("line", lang, n=row.target_line)
    lines = [f"> **{words('target', lang)}** ({target_where}){colon}{md_text(row.target_text)}", ">"]
    task_rows = table[table.task == row.task].drop_duplicates("source_line")
    for r in task_rows.itertuples():
        if r.source_line != row.target_line:
            where = words("line", lang, n=r.source_line)
            lines.append(f"> **{words('progress', lang)}** ({where}){colon}{md_text(r.source_text)}")
            lines.append(">")
    return "\n".join(lines[:-1])


def load_panel(report_ids: str = "all") -> pd.DataFrame:
    """The panel (``data/processed/panel.csv``), optionally only the comma-separated ``report_ids``."""
    path = DATA_PROCESSED / "panel.csv"
    panel = _check_loaded(read_table(path), path, "attainment")
    if report_ids.strip() in ("", "all"):
        return panel
    wanted = [r.strip() for r in report_ids.split(",") if r.strip()]
    unknown = sorted(set(wanted) - set(panel.report_id))
    if unknown:
        raise ValueError(f"report_ids {unknown} are not in the panel; it holds {sorted(set(panel.report_id))}")
    return panel[panel.report_id.isin(wanted)].reset_index(drop=True)


def panel_metrics(panel: pd.DataFrame, metric: str = "all", min_reports: int = 2) -> list[str]:
    """Headline metrics to show: ``metric`` itself, or every one found in at least ``min_reports`` reports."""
    headline = panel[panel.is_headline.astype(bool)]
    if metric != "all":
        if metric not in set(panel.metric):
            raise ValueError(
                f"metric {metric!r} is in no report of the panel; choose from {sorted(set(headline.metric))}"
            )
        return [metric]
    counts = headline.groupby("metric", sort=False).report_id.nunique()
    shared = [m for m, n in counts.items() if n >= min_reports]
    return shared or list(counts.index)


def panel_summary(panel: pd.DataFrame, metrics: list[str], lang: str = "zh") -> pd.DataFrame:
    """One row per metric, one column per report: "target → actual (status)"."""
    from .panel import attainment_over_time

    name = "indicator_zh" if lang == "zh" else "indicator_en"
    names = panel.drop_duplicates("metric").set_index("metric")[name]
    rows = []
    for metric in metrics:
        cells = {column_label("indicator", lang): names[metric]}
        for r in attainment_over_time(panel, metric).to_dict("records"):
            key = str(r["report_id"])
            target = target_text({**r, "target_value": r["target"]}, lang)
            actual = actual_text({**r, "actual_value": r["actual"]}, lang, with_period=False)
            cells[key] = f"{target} → {actual} ({status_text(r, lang)})"
        rows.append(cells)
    return pd.DataFrame(rows).fillna("")


# --- the pages' own words, in each edition ------------------------------------------------------------

#: headings and short texts of the notebooks: key → (zh, en)
PAGE_TEXT = {
    "extract_title": ("# 目标与完成情况表", "# Targets and actuals"),
    "extract_intro": (
        "从通报中读出的内容：每项任务、每个数字一行，注明其所在原文行号，"
        "并标出预计数、部分时期、上年数据、推定或原文残缺等需要读者留意之处。",
        "What the extraction read off the report: one row per task and figure, each with the line of the report "
        "it came from and flags for anything estimated, partial, prior-year, inferred or damaged.",
    ),
    "extract_counts": ("{tasks} 项任务，{rows} 个数字", "{tasks} tasks, {rows} figures"),
    "headline": ("## 主要目标", "## Headline targets"),
    "flags": ("## 标记", "## Flags"),
    "sources": ("## 每个数字的出处", "## Where each figure comes from"),
    "attainment_title": ("# 目标完成情况", "# Attainment overview"),
    "attainment_intro": ("各项目标按其类型衡量完成程度：总量指标看完成率，速度指标看与目标相差的百分点，"
                         "上限指标看距上限的余量；并与全省、全国平均水平比较。判定规则见文末方法说明。",
                         "How far each target was met, by the measure that fits its kind (% of target for quantities, "
                         "the gap in pp for rates, headroom under a ceiling), and how the city stands against the "
                         "provincial and national averages. Rules: see the method at the end."),
    "band": ("“左右”目标容差 ±{tol}个百分点", "band ±{tol} pp for 'about' targets"),
    "summary": ("## 完成情况一览", "## Summary"),
    "measures": ("## 衡量：总量指标看完成率，速度指标看百分点",
                 "## Measures: % of target for quantities, pp for rates"),
    "gaps": ("## 与全省、全国平均水平的差距", "## Gaps to the provincial and national averages"),
    "bullets": ("## 各项目标与完成值", "## Each indicator against its target"),
    "findings": ("## 一致性核查", "## Consistency findings"),
    "findings_intro": ("将报告自述的数字与据原文重新计算的结果对照；不一致之处如实列出，不作更正。",
                       "The report checked against itself and against official reference figures. A disagreement is "
                       "shown, never corrected."),
    "method": ("## 方法说明", "## Method"),
    "source": ("## 原文", "## Source"),
    "panel_title": ("# 历年目标完成情况", "# Attainment over time"),
    "panel_intro": ("同一指标在各期通报中的目标与完成情况：与上年相比是否更好？",
                    "The same indicators across reports (years, periods): are we doing better than last year?"),
    "panel_counts": ("{reports} 期通报，{metrics} 项指标", "{reports} reports, {metrics} indicators"),
    "panel_summary": ("## 各期目标与完成", "## Target → actual, report by report"),
    "panel_chart": ("## 历年变化", "## Over time"),
    "panel_rows": ("## 图中每个点的数据", "## Every row behind the chart"),
    "line": ("第{n}行", "line {n}"),
    "target": ("目标", "Target"),
    "progress": ("进展", "Progress"),
}


def words(key: str, lang: str = "zh", **values: object) -> str:
    """A text of the pages in ``lang`` (:data:`PAGE_TEXT`), with ``values`` filled in (escaped)."""
    text = PAGE_TEXT[key][0 if check_lang(lang) == "zh" else 1]
    return text.format(**{k: md_text(v) for k, v in values.items()}) if values else text


def heading(key: str, lang: str = "zh"):
    """A heading or paragraph of the pages, to display: ``heading("summary", lang)``."""
    from IPython.display import Markdown

    return Markdown(words(key, lang))


def findings_table(findings: pd.DataFrame, table: pd.DataFrame, lang: str = "zh"):
    """The consistency findings for readers of ``lang`` (checks and indicators in words), styled: rows that
    disagree shaded."""
    frame = findings.drop(columns=["report_id", "subject"], errors="ignore")
    shown = reader_table(frame.assign(metric=finding_indicators(findings, table, lang)), lang)
    shown = shown.rename(columns={column_text("metric", lang): column_label("indicator", lang)})
    disagree = [str(v).lower() in ("false", "0") for v in frame.get("agrees", pd.Series(dtype=object))]
    return safe_style(_as_text(shown)).apply(
        lambda row: ["background-color: #f4cccc" if disagree[row.name] else "" for _ in row], axis=1)


def panel_rows(rows: pd.DataFrame, lang: str = "zh"):
    """The rows behind a panel chart, for readers of ``lang``."""
    return safe_style(_as_text(reader_table(rows, lang)))


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as a reader sees it: a figure without float noise (``0.2``, not ``0.200000``), nothing for
    a missing value (never ``nan`` or ``None``)."""

    def shown(value: object) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return ""
        if isinstance(value, float):
            return number_text(value)
        return str(value)

    return frame.map(shown)


def file_name(path: object) -> str:
    """The name of a file, without the folders of the machine it was read on."""
    return Path(str(path)).name if path not in (None, "") and not (isinstance(path, float) and math.isnan(path)) else ""
