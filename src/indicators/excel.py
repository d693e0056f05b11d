"""Write one analysed report as a self-contained Excel workbook (summary, tables, notes, charts).

Every value is written as a value, never as a formula: text that would start with ``=``, ``+``,
``-`` or ``@`` is stored as a string cell (with Excel's quote prefix), so a damaged or hostile
source line cannot run anything when the workbook is opened.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.marker import DataPoint
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .bundle import ReportBundle, check_statuses
from .catalogue import load_catalogue
from .fileio import write_with_atomic
from .labels import (
    FLAG_LABELS,
    STATUS_COLOURS,
    STATUSES,
    check_lang,
    column_label,
    kind_label,
    status_counts_text,
    status_label,
    status_meaning,
)
from .methodology import methodology_of
from .present import (
    actual_text,
    average_gap_decimals,
    average_text,
    coded_text,
    coverage_lines,
    decimals_of,
    finding_indicators,
    flag_text,
    flags_of,
    flags_text,
    gap_decimals,
    gap_unit,
    measure_text,
    number_format,
    number_text,
    publisher_text,
    rank_text,
    reader_columns,
    reader_table,
    row_decimals,
    target_text,
    unit_text,
)

#: first characters that make Excel (or LibreOffice) read a typed string as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_CELL_CHARS = 32_767
MIN_WIDTH, MAX_WIDTH, WRAP_WIDTH = 6, 40, 60
RATIO_FORMAT = "0.0%"
BOOL_FORMAT = '"TRUE";"TRUE";"FALSE"'  # LibreOffice otherwise shows a boolean as 1 or 0
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
LINE_HEIGHT = 16  # points per wrapped line (CJK glyphs are a little taller than Latin)
#: rendered width, in digit widths, of a wide (CJK) and of another character in running text
RUNNING_WIDTH = {True: 1.8, False: 0.85}
HEADER_FONT = Font(name="Calibri", bold=True)
TITLE_FONT = Font(name="Calibri", bold=True, size=14)
TOP = Alignment(vertical="top")
WRAP = Alignment(vertical="top", wrap_text=True)
WRAP_LEFT = Alignment(vertical="top", wrap_text=True, horizontal="left")

ROW_CM = 0.53  # height of a default worksheet row, to place charts below one another
TARGET_ACTUAL_COLOURS = ("BDBDBD", "2166AC")  # neutral: the status colours mean attainment
SHEETS = ("Summary", "Charts", "Table", "Findings", "Benchmarks", "Notes")
#: the sheets' names in each edition, in the order of ``SHEETS``
SHEET_NAMES = {
    "zh": ("汇总", "图表", "全表", "一致性核查", "参考数据", "说明"),
    "en": SHEETS,
}
FINDINGS_COLUMNS = (
    "report_id", "task", "metric", "check", "stated", "recomputed", "difference", "agrees", "note", "note_zh",
    "source_line",
)
BENCHMARK_COLUMNS = (
    "region", "metric", "value", "unit", "basis", "year", "how_obtained", "source_type", "published",
    "independent", "source_url", "source_snippet",
)
#: columns of the full tables whose text is long enough to wrap
WRAP_COLUMNS = frozenset({
    "target_text", "source_text", "status_basis", "note", "source_snippet", "how_obtained",
    "national_note", "lead_units", "co_units", "stated_outcome", "flags", "check_flags", "text",
    "source_url", "provincial_note", "status_basis_zh",
})

#: the Notes sheet's words
NOTES_WORDS = {
    "zh": {
        "header": ("部分", "项目", "内容"), "method": "方法说明", "source": "原报告", "report_id": "报告编号",
        "title": "标题", "publisher": "发布机关", "published": "发布日期", "source_file": "原文文件",
        "sha256": "原文校验码(SHA-256)", "url": "网址", "coverage": "读取范围", "warning": "注意",
        "tolerance": "容差", "tolerance_pp": "速度、比率指标",
        "tolerance_pp_text": "“左右”目标的区间为目标 ±{}个百分点",
        "tolerance_rel": "总量指标", "tolerance_rel_text": "“左右”目标的区间为目标值的 ±{}%",
        "bands": "本表所用区间({unit})", "bands_text": "{widths}(各行的区间见“全表”的“容差”列)",
        "workbook": "本工作簿", "generated": "生成时间", "status": "完成状态", "flag": "标记",
    },
    "en": {
        "header": ("Section", "Item", "Text"), "method": "Method", "source": "Source report", "report_id": "Report id",
        "title": "Title", "publisher": "Published by", "published": "Published on", "source_file": "Source file",
        "sha256": "Source checksum (SHA-256)", "url": "Web address", "coverage": "What was read", "warning": "Warning",
        "tolerance": "Tolerance", "tolerance_pp": "Rates and shares",
        "tolerance_pp_text": "the band of an 'about' target is the target ± {} pp",
        "tolerance_rel": "Levels", "tolerance_rel_text": "the band of an 'about' target is the target ± {}% of it",
        "bands": "Bands used here ({unit})", "bands_text": "{widths} (each row's band: the Table sheet, Tolerance)",
        "workbook": "This workbook", "generated": "Made on", "status": "Status", "flag": "Flag",
    },
}

#: Summary columns: (key, zh header, en header)
SUMMARY_COLUMNS = (
    ("task", None, None),
    ("indicator_zh", "指标", "Name in the source (Chinese)"),
    ("indicator_en", "指标(英文)", "Indicator"),
    ("target", None, None),
    ("target_value", "目标值(数值)", "Target (number)"),
    ("actual", None, None),
    ("actual_value", "完成值(数值)", "Actual (number)"),
    ("target_kind", None, None),
    ("measure", "衡量(按指标类型)", "Measure (by kind of target)"),
    ("attainment_ratio", None, None),
    ("gap_to_target", "与目标差距(目标单位)", "Gap to target (target unit)"),
    ("gap_to_band", "超出区间", "Outside the band"),
    ("headroom", "距上限余量", "Headroom under the ceiling"),
    ("provincial_avg", "全省数字(来源与标记)", "Provincial figure (source, marks)"),
    ("gap_to_provincial_pp", None, None),
    ("provincial_rank", None, None),
    ("gap_to_national_pp", None, None),
    ("status", None, None),
    ("provisional", "暂定", "Provisional"),
    ("status_basis", None, None),
    ("benchmark_note", "比较说明(全省、全国)", "Comparison notes (province, nation)"),
    ("flags", None, None),
    ("check_flags", "一致性问题", "Consistency issues"),
    ("source_line", "完成值原文行号", "Actual: source line"),
    ("target_line", "目标原文行号", "Target: source line"),
)
SUMMARY_WRAP = frozenset({
    "indicator_zh", "indicator_en", "target", "actual", "status_basis", "flags", "check_flags", "measure",
    "provincial_avg", "benchmark_note",
})

TEXT = {
    "zh": {
        "summary_title": "完成情况汇总",
        "generated": "生成时间",
        "source": "来源",
        "lines_note": "原文行号指原始文本文件中的行；原文见“全表”的“原文”列。",
        "charts_title": "图表数据",
        "chart_ratio": "总量指标完成率(速度指标不计完成率)",
        "chart_growth": "增速类主要目标:目标与完成",
        "task_label": "任务",
        "target_series": "目标",
        "actual_series": "完成",
        "target_basis": "目标依据",
        "no_actual": "无完成值",
        "ceiling": "(上限)",
        "qualitative": "定性目标",
        "no_target": "无目标",
        "above": "高于{region}平均水平",
        "in_step": "与{name}同步",
        "yes": "是",
        "est": "预计",
    },
    "en": {
        "summary_title": "attainment summary",
        "generated": "Generated",
        "source": "Source",
        "lines_note": "Source lines are line numbers in the raw text file; "
        "the lines themselves are in the Table sheet (column Source text).",
        "charts_title": "Chart data",
        "chart_ratio": "Attainment of quantity targets (rates have no ratio)",
        "chart_growth": "Headline growth targets: target vs actual",
        "task_label": "Task",
        "target_series": "Target",
        "actual_series": "Actual",
        "target_basis": "Target basis",
        "no_actual": "not reported",
        "ceiling": " (ceiling)",
        "qualitative": "qualitative",
        "no_target": "no target",
        "above": "above the {region} average",
        "in_step": "in step with {name}",
        "yes": "yes",
        "est": "est.",
    },
}


def write_workbook(bundle: ReportBundle, path: Path, lang: str = "zh") -> Path:
    """Write ``bundle`` as an .xlsx workbook at ``path`` (atomically) and return the path.

    Sheets: Summary (one row per task), Charts (native Excel charts and their data), Table (the
    full attainment table), Findings, Benchmarks and Notes (method, source, flags, date).
    """
    check_lang(lang)
    path = Path(path)
    workbook = build_workbook(bundle, lang)
    write_with_atomic(path, lambda tmp: workbook.save(tmp))
    return path


def build_workbook(bundle: ReportBundle, lang: str = "zh") -> Workbook:
    """The workbook of :func:`write_workbook`, in memory."""
    check_lang(lang)
    check_statuses(bundle)
    generated = _generated_at(bundle.meta)
    headline = _headline_rows(bundle.attainment)
    workbook = Workbook()
    workbook.remove(workbook.active)
    _summary_sheet(workbook.create_sheet(SHEET_NAMES[lang][0]), bundle, headline, lang, generated)
    _charts_sheet(workbook.create_sheet(SHEET_NAMES[lang][1]), headline, lang)
    names = dict(zip(SHEETS, SHEET_NAMES[lang], strict=True))
    _frame_sheet(workbook.create_sheet(names["Table"]), bundle.attainment, list(bundle.attainment.columns), lang,
                 pages_wide=3)
    findings, benchmarks = bundle.findings, bundle.benchmarks
    if len(findings):  # the indicator each finding is about, named as the table names it
        findings = findings.assign(metric=finding_indicators(findings, bundle.attainment, lang))
    _frame_sheet(workbook.create_sheet(names["Findings"]), findings, _ordered(findings, FINDINGS_COLUMNS), lang)
    _frame_sheet(workbook.create_sheet(names["Benchmarks"]), benchmarks,
                 _ordered(benchmarks, BENCHMARK_COLUMNS), lang, links=("source_url",))
    _notes_sheet(workbook.create_sheet(names["Notes"]), bundle, lang, generated)
    workbook.properties.title = _title(bundle)
    workbook.properties.creator = "indicators"
    return workbook


# ---------------------------------------------------------------- safe cell writes


def _plain(value: Any) -> Any:
    """A value openpyxl can store: None for NaN/NA/inf, Python scalars, text for the rest."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy scalar
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value if math.isfinite(value) else None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def _put(ws: Worksheet, row: int, col: int, value: Any, number_format: str | None = None,
         align: Alignment | None = TOP) -> Any:
    """Write one value; every string is stored as text (never a formula). Returns the cell."""
    value = _plain(value)
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_CHARS]
        cell.value = text
        cell.data_type = "s"  # openpyxl would otherwise take "=..." for a formula
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    else:
        cell.value = value
    if isinstance(value, bool):
        number_format = BOOL_FORMAT
    if number_format and isinstance(value, (int, float)):
        cell.number_format = number_format
    if align is not None:
        cell.alignment = align
    return cell


def _header(ws: Worksheet, row: int, names: Sequence[str]) -> None:
    for col, name in enumerate(names, start=1):
        cell = _put(ws, row, col, name, align=WRAP)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL


def _finish_table(ws: Worksheet, header_row: int, n_cols: int, n_rows: int,
                  freeze_col: int = 1, widths: dict[str, float] | None = None,
                  pages_wide: int = 1) -> None:
    """Freeze the header, filter the table, size columns and rows, set up printing."""
    last = get_column_letter(max(n_cols, 1))
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row + max(n_rows, 1)}"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=freeze_col)
    _fit_columns(ws, header_row)
    for letter, width in (widths or {}).items():
        ws.column_dimensions[letter].width = width
    _fit_rows(ws, header_row)
    _page_setup(ws, header_row, pages_wide)


def _page_setup(ws: Worksheet, header_row: int, pages_wide: int = 1) -> None:
    """Print landscape on A4, ``pages_wide`` pages across, with the header on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = pages_wide
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"


# ---------------------------------------------------------------- text helpers


def _display_width(text: str) -> int:
    """Width in Excel character units: CJK and other wide characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _running_width(text: str) -> float:
    """Estimated width of text as a proportional font sets it (for row heights)."""
    return sum(RUNNING_WIDTH[unicodedata.east_asian_width(ch) in "WF"] for ch in text)


def _fit_columns(ws: Worksheet, first_row: int = 1) -> None:
    """Size each column to its widest cell (capped; wrapped columns get room to wrap)."""
    widths: dict[int, int] = {}
    wrapped: set[int] = set()
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            if cell.value is None:
                continue
            if isinstance(cell.value, float):
                width = len(f"{cell.value:,.2f}") + 2
            else:
                lines = str(cell.value).split("\n")
                width = max(_display_width(line) for line in lines) + 2
            if cell.row == first_row:  # headers wrap: a long header need not widen a number column
                width = min(width, 18)
            widths[cell.column] = max(widths.get(cell.column, 0), width)
            if cell.alignment is not None and cell.alignment.wrap_text and cell.row > first_row:
                wrapped.add(cell.column)
    for col, width in widths.items():
        cap = WRAP_WIDTH if col in wrapped else MAX_WIDTH
        ws.column_dimensions[get_column_letter(col)].width = max(MIN_WIDTH, min(width, cap))


def _fit_rows(ws: Worksheet, first_row: int = 1) -> None:
    """Give rows with wrapped text the height of their longest cell (viewers do not all autofit)."""
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or not (cell.alignment and cell.alignment.wrap_text):
                continue
            width = ws.column_dimensions[cell.column_letter].width or 8.43
            parts = cell.value.split("\n")
            cell_lines = sum(max(1, math.ceil(_running_width(p) / max(1.0, width))) for p in parts)
            lines = max(lines, cell_lines)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = min(409, LINE_HEIGHT * lines)


# ---------------------------------------------------------------- sheets


def _title(bundle: ReportBundle) -> str:
    meta = bundle.meta or {}
    source = meta.get("source") if isinstance(meta.get("source"), dict) else {}
    return str(meta.get("title") or source.get("title") or bundle.report_id)


def _generated_at(meta: dict) -> str:
    value = (meta or {}).get("generated_at")
    if value:
        return value.isoformat(timespec="seconds") if isinstance(value, datetime) else str(value)
    return datetime.now(UTC).isoformat(timespec="seconds")


def _headline_rows(table: pd.DataFrame) -> pd.DataFrame:
    """One row per task: the headline rows, in task order (all rows if none is marked)."""
    if "is_headline" in table.columns:
        marked = table[table["is_headline"].fillna(False).astype(bool)]
        if not marked.empty:
            table = marked
    return table.sort_values("task", kind="stable").reset_index(drop=True)


def _summary_header(key: str, zh: str | None, en: str | None, lang: str) -> str:
    if zh is None:
        return column_label(key, lang)
    return zh if lang == "zh" else en


def _summary_columns(lang: str) -> list[tuple]:
    """The summary's columns in an edition: the indicator in its language first; the English edition keeps
    the name the source wrote at the end, beside the source lines, to find it in the text."""
    if lang == "zh":
        return [c for c in SUMMARY_COLUMNS if c[0] != "indicator_en"]
    source_name = [c for c in SUMMARY_COLUMNS if c[0] == "indicator_zh"]
    return [c for c in SUMMARY_COLUMNS if c[0] != "indicator_zh"] + source_name


def _summary_sheet(ws: Worksheet, bundle: ReportBundle, rows: pd.DataFrame, lang: str,
                   generated: str) -> None:
    text = TEXT[lang]
    title = _put(ws, 1, 1, f"{_title(bundle)} — {text['summary_title']}", align=None)
    title.font = TITLE_FONT
    counts = status_counts_text(_counts(rows), lang)
    _put(ws, 2, 1, f"{counts}    {text['generated']}: {generated}    {text['lines_note']}", align=None)
    header_row = 3
    columns = _summary_columns(lang)
    keys = [key for key, _, _ in columns]
    notes = _finding_notes(bundle.findings)
    _header(ws, header_row, [_summary_header(k, zh, en, lang) for k, zh, en in columns])
    for i, row in enumerate(rows.to_dict("records"), start=header_row + 1):
        values = {
            "target": target_text(row, lang),
            "actual": actual_text(row, lang),
            "status": status_label(_plain(row.get("status")) or "not_assessable", lang),
            "provisional": text["yes"] if _plain(row.get("provisional")) else "",
            "flags": "; ".join(flags_text(row, lang)),
            "check_flags": _check_words(row, notes, lang),
            "status_basis": _status_basis(row, lang),
            "target_kind": kind_label(_plain(row.get("target_kind")) or "", lang),
            "measure": measure_text(row, lang),
            "provincial_avg": average_text(row, "provincial", lang),
            "provincial_rank": rank_text(row, lang),
            "benchmark_note": row.get("benchmark_note_zh" if lang == "zh" else "benchmark_note"),
        }
        places = row_decimals(row)
        formats = {
            "target_value": number_format(places["target"], row.get("target_unit"), lang),
            "actual_value": number_format(places["actual"], row.get("actual_unit"), lang),
            "attainment_ratio": RATIO_FORMAT,
            "gap_to_target": number_format(gap_decimals(row), _gap_unit(row), lang, signed=True),
            "gap_to_band": number_format(gap_decimals(row), _gap_unit(row), lang, signed=True),
            "headroom": number_format(gap_decimals(row), _gap_unit(row), lang, signed=True),
            "gap_to_provincial_pp": number_format(average_gap_decimals(row, "provincial"), "%", lang, signed=True),
            "gap_to_national_pp": number_format(average_gap_decimals(row, "national"), "%", lang, signed=True),
        }
        for col, key in enumerate(keys, start=1):
            value = values[key] if key in values else row.get(key)
            _put(ws, i, col, value, formats.get(key), WRAP if key in SUMMARY_WRAP else TOP)
    last_row = header_row + max(len(rows), 1)
    status_col = get_column_letter(keys.index("status") + 1)
    _status_rules(ws, f"{status_col}{header_row + 1}:{status_col}{last_row}", lang)
    _finish_table(ws, header_row, len(keys), len(rows), freeze_col=3, widths={"A": 6})


def _counts(rows: pd.DataFrame) -> list[tuple[str, int, int]]:
    """Statuses of the summary rows, provisional ones counted apart."""
    from .analyse import status_counts

    if rows.empty or "status" not in rows:
        return []
    return status_counts(rows.assign(provisional=rows.get("provisional", False)), headline_only=False)


def _finding_notes(findings: pd.DataFrame) -> dict[tuple, dict]:
    """Each finding, keyed by (task, metric, check)."""
    if findings is None or not {"task", "metric", "check"} <= set(findings.columns):
        return {}
    return {(_plain(r["task"]), _plain(r["metric"]), _plain(r.get("subject")), _plain(r["check"])): r
            for r in findings.to_dict("records")}


def _check_words(row: dict, findings: dict[tuple, dict], lang: str) -> str:
    """The row's consistency problems in words, each with its finding's note in the edition's language."""
    lines = []
    for check in flags_of(row, "check_flags"):
        words = coded_text("check", check, lang)
        key = tuple(_plain(row.get(k)) for k in ("task", "metric", "subject"))
        finding = findings.get((*key, check), {})
        note = _plain(finding.get("note_zh" if lang == "zh" else "note"))
        lines.append((f"{words}：{note}" if lang == "zh" else f"{words}: {note}") if note else words)
    return "\n".join(lines)


def _task_text(value: Any) -> str:
    """A task number as the report writes it (3, 20.1, 二.1)."""
    value = _plain(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _gap_unit(row: dict) -> Any:
    return _plain(row.get("target_unit")) or _plain(row.get("actual_unit")) or ""


def _status_basis(row: dict, lang: str) -> Any:
    """How the status was decided, in Chinese when the table has ``status_basis_zh``."""
    if lang == "zh" and _plain(row.get("status_basis_zh")) is not None:
        return row.get("status_basis_zh")
    return row.get("status_basis")


def _status_rules(ws: Worksheet, cells: str, lang: str) -> None:
    """One conditional-format rule per status, coloured with the shared palette."""
    for status in STATUSES:
        colour = STATUS_COLOURS[status].lstrip("#").upper()
        label = status_label(status, lang).replace('"', '""')
        rule = CellIsRule(
            operator="equal",
            formula=[f'"{label}"'],
            fill=PatternFill(start_color=colour, end_color=colour, fill_type="solid"),
            font=Font(color="FFFFFF" if _is_dark(colour) else "000000", bold=True),
        )
        ws.conditional_formatting.add(cells, rule)


def _is_dark(colour: str) -> bool:
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5


def _frame_sheet(ws: Worksheet, frame: pd.DataFrame, columns: list[str], lang: str,
                 links: Sequence[str] = (), pages_wide: int = 1) -> None:
    """A whole table for readers of ``lang``: headers and codes in words (``present.reader_table``), numbers
    as numbers with the decimals the report printed, empty where there is no value."""
    keys = reader_columns(frame, lang, columns)
    shown = reader_table(frame, lang, keys)
    _header(ws, 1, list(shown.columns))
    records = frame.to_dict("records")
    for i, values in enumerate(shown.itertuples(index=False), start=2):
        row = records[i - 2]
        for col, (key, value) in enumerate(zip(keys, values, strict=True), start=1):
            cell = _put(ws, i, col, value, _value_format(key, row, lang),
                        align=WRAP if key in WRAP_COLUMNS else TOP)
            is_url = isinstance(cell.value, str) and cell.value.startswith(("http://", "https://"))
            if key in links and is_url:
                cell.hyperlink = cell.value
                cell.style = "Hyperlink"
                cell.alignment = WRAP
    _finish_table(ws, 1, len(keys), len(frame), pages_wide=pages_wide)


def _value_format(key: str, row: dict, lang: str) -> str | None:
    """The number format of a figure of a full table: its unit and the decimals it was printed with."""
    if key == "attainment_ratio":
        return RATIO_FORMAT
    if key in ("target_value", "target_high"):
        return number_format(decimals_of(row.get(key), row.get("target_text")), row.get("target_unit"), lang)
    if key == "actual_value":
        return number_format(decimals_of(row.get(key), row.get("source_text")), row.get("actual_unit"), lang)
    if key in ("gap_to_target", "gap_to_band", "headroom"):
        return number_format(gap_decimals(row), _gap_unit(row), lang, signed=True)
    if key in ("gap_to_provincial_pp", "gap_to_national_pp"):
        return number_format(average_gap_decimals(row, key.split("_")[2]), "%", lang, signed=True)
    return None


def _ordered(frame: pd.DataFrame, preferred: Sequence[str]) -> list[str]:
    """The contract's columns first (those present), then any others the frame has."""
    first = [c for c in preferred if c in frame.columns]
    return first + [c for c in frame.columns if c not in preferred]


def _growth_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Headline growth targets (higher is better, % units) with a target figure and an actual to compare."""
    if rows.empty:
        return rows
    catalogue = load_catalogue()
    is_growth = rows["metric"].map(lambda m: catalogue.metric(m).measure if m in catalogue else "")
    target = rows["target_value"].where(rows["target_value"].notna(), rows.get("benchmark_value"))
    relative = rows["comparator"].isin(["in_step_with", "above_benchmark"])
    keep = (
        (is_growth == "growth")
        & (rows["good_direction"].fillna("higher") == "higher")  # like with like: no ceiling (CPI) beside growth
        & ~relative  # a pace to keep is not a target figure
        & (rows["status"] != "not_comparable")  # unlike bases are not set side by side
        & (rows["target_unit"].fillna("%") == "%")
        & (rows["actual_unit"] == "%")
        & rows["actual_value"].notna()
        & target.notna()
    )
    return rows[keep].assign(chart_target=target[keep])


def _charts_sheet(ws: Worksheet, rows: pd.DataFrame, lang: str) -> None:
    """Two native charts, each beside its own data table: attainment of quantity targets, and target
    against actual of growth targets (like with like: no ceiling, no pace to keep, no ratio of rates)."""
    text = TEXT[lang]
    _put(ws, 1, 1, text["charts_title"], align=None).font = TITLE_FONT
    name = "indicator_en" if lang == "en" else "indicator_zh"
    ratio_rows = rows[rows["attainment_ratio"].notna()]
    _header(ws, 2, [text["task_label"], column_label("indicator", lang),
                    column_label("attainment_ratio", lang), column_label("status", lang)])
    for i, row in enumerate(ratio_rows.to_dict("records"), start=3):
        _put(ws, i, 1, row.get("task"))
        _put(ws, i, 2, f"{_task_text(row.get('task'))}. {row.get(name)}")
        _put(ws, i, 3, row.get("attainment_ratio"), RATIO_FORMAT)
        _put(ws, i, 4, status_label(_plain(row.get("status")) or "not_assessable", lang))
    n = len(ratio_rows)
    if n:
        chart = _ratio_chart(ws, ratio_rows, text["chart_ratio"])
        ws.add_chart(chart, "G2")
    growth = _growth_rows(rows)
    top = 2 + max(n, math.ceil(_ratio_chart_height(n) / ROW_CM) if n else 0) + 3
    _header(ws, top, [text["task_label"], column_label("indicator", lang), text["target_series"],
                      text["actual_series"], text["target_basis"]])
    for i, row in enumerate(growth.to_dict("records"), start=top + 1):
        places = row_decimals(row)
        _put(ws, i, 1, row.get("task"))
        _put(ws, i, 2, f"{_task_text(row.get('task'))}. {row.get(name)}")
        _put(ws, i, 3, row.get("chart_target"), number_format(places["target"], "%", lang))
        _put(ws, i, 4, row.get("actual_value"), number_format(places["actual"], "%", lang))
        _put(ws, i, 5, target_text(row, lang))
    if len(growth):
        ws.add_chart(_growth_chart(ws, len(growth), top, text), f"G{top}")
    ws.auto_filter.ref = f"A2:D{2 + max(n, 1)}"
    ws.freeze_panes = "A3"
    _fit_columns(ws, 2)
    _fit_rows(ws, 2)
    _page_setup(ws, 2)


def _ratio_chart_height(n: int) -> float:
    return max(8.0, 0.75 * n + 3)


def _ratio_chart(ws: Worksheet, rows: pd.DataFrame, title: str) -> BarChart:
    """Horizontal bars of attainment ratios, task 1 at the top, each bar in its status colour."""
    n = len(rows)
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    chart.legend = None
    chart.add_data(Reference(ws, min_col=3, min_row=2, max_row=2 + n), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=3, max_row=2 + n))
    series = chart.series[0]
    for idx, status in enumerate(rows["status"].tolist()):
        point = DataPoint(idx=idx)
        point.graphicalProperties.solidFill = STATUS_COLOURS.get(status, "#bababa").lstrip("#")
        point.graphicalProperties.line.solidFill = "FFFFFF"
        series.dPt.append(point)
    series.dLbls = _value_labels("0%")
    chart.x_axis.scaling.orientation = "maxMin"  # first task at the top
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorUnit = 0.5  # a gridline at 100%: the bars that pass it met their target
    for axis in (chart.x_axis, chart.y_axis):
        axis.delete = False
    chart.gapWidth = 40
    chart.width, chart.height = 22, _ratio_chart_height(n)
    return chart


def _value_labels(number_format: str) -> DataLabelList:
    """Data labels that show the value only (no series or category name)."""
    labels = DataLabelList()
    labels.showVal = True
    labels.showCatName = labels.showSerName = False
    labels.showLegendKey = labels.showPercent = False
    labels.numFmt = number_format
    return labels


def _growth_chart(ws: Worksheet, n: int, top: int, text: dict) -> BarChart:
    """Clustered bars: target and actual growth (%) of each headline growth target (its table's header
    row is ``top``: task, indicator, target, actual)."""
    chart = BarChart()
    chart.type = "bar"  # horizontal: long indicator names stay readable
    chart.grouping = "clustered"
    chart.title = text["chart_growth"]
    chart.add_data(Reference(ws, min_col=3, max_col=4, min_row=top, max_row=top + n), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=top + 1, max_row=top + n))
    for series, colour in zip(chart.series, TARGET_ACTUAL_COLOURS, strict=True):
        series.graphicalProperties.solidFill = colour
        series.dLbls = _value_labels("0.0")
    chart.x_axis.scaling.orientation = "maxMin"
    chart.y_axis.title = "%"
    chart.y_axis.number_format = "0"
    chart.y_axis.scaling.min = 0
    for axis in (chart.x_axis, chart.y_axis):
        axis.delete = False
    chart.legend.position = "b"
    chart.gapWidth = 60
    chart.width, chart.height = 22, max(8.0, 1.1 * n + 3)
    return chart


def _tolerance_lines(bundle: ReportBundle, lang: str) -> list[tuple[str, str]]:
    """The bands of 'about' (左右) targets: the settings in force and the bands the table used, per unit."""
    words = NOTES_WORDS[lang]
    lines: list[tuple[str, str]] = []
    meta = bundle.meta or {}
    if _plain(meta.get("tolerance_pp")) is not None:
        lines.append((words["tolerance_pp"], words["tolerance_pp_text"].format(number_text(meta["tolerance_pp"]))))
    if _plain(meta.get("tolerance_rel")) is not None:
        share = number_text(float(meta["tolerance_rel"]) * 100)
        lines.append((words["tolerance_rel"], words["tolerance_rel_text"].format(share)))
    table = bundle.attainment
    if {"tolerance", "target_unit"} <= set(table.columns):
        used = table.dropna(subset=["tolerance"])
        units = used["target_unit"].fillna(used.get("actual_unit", pd.Series(dtype=str))).fillna("")
        for unit, values in used.groupby(units)["tolerance"]:
            shown = unit_text(gap_unit(unit), lang)
            widths = "、".join(f"±{number_text(v)}" for v in sorted(values.unique()))
            lines.append((words["bands"].format(unit=shown or "—"), words["bands_text"].format(widths=widths)))
    return lines


def _notes_sheet(ws: Worksheet, bundle: ReportBundle, lang: str, generated: str) -> None:
    """Method, source document, what was read and what was not, tolerance, date and the glossaries, one
    fact per row, all in the edition's language."""
    words = NOTES_WORDS[lang]
    meta = dict(bundle.meta or {})
    source = meta.get("source") if isinstance(meta.get("source"), dict) else {}
    rows: list[tuple[str, str, Any]] = []
    for n, paragraph in enumerate(methodology_of(meta, lang), start=1):
        rows.append((words["method"], str(n), paragraph))
    rows.append((words["source"], words["report_id"], bundle.report_id))
    for key in ("title", "publisher", "published", "source_file", "sha256", "url"):
        value = meta.get(key, source.get(key))
        if _plain(value) is not None:
            shown = Path(str(value)).name if key == "source_file" else value
            shown = publisher_text(value, meta.get("city"), lang) if key == "publisher" else shown
            rows.append((words["source"], words[key], shown))
    rows += [(words["coverage"], label, text) for label, text in coverage_lines(bundle.attainment, meta, lang)]
    notes = meta.get("warnings")
    for note in notes if isinstance(notes, list) else []:
        rows.append((words["warning"], "", str(note)))
    rows += [(words["tolerance"], label, text) for label, text in _tolerance_lines(bundle, lang)]
    rows.append((words["workbook"], words["generated"], generated))
    for status in STATUSES:
        rows.append((words["status"], status_label(status, lang), status_meaning(status, lang)))
    used = {f for row in bundle.attainment.to_dict("records") for f in flags_of(row)}
    for flag in [f for f in FLAG_LABELS if f in used] + [f for f in FLAG_LABELS if f not in used]:
        rows.append((words["flag"], flag_text(flag, lang), flag_text(flag, lang, long=True)))
    _header(ws, 1, list(words["header"]))
    for i, (section, item, value) in enumerate(rows, start=2):
        _put(ws, i, 1, section)
        _put(ws, i, 2, item, align=WRAP)
        _put(ws, i, 3, value, align=WRAP_LEFT)
    _finish_table(ws, 1, 3, len(rows), widths={"B": 24, "C": 100})
