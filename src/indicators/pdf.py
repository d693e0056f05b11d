"""The PDF report: attainment summary, charts, one section per target, findings and method (Typst).

All data reaches the Typst template as JSON through ``sys.inputs`` (and the charts as SVG text),
so nothing in the data is ever read as Typst markup and no escaping is needed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Callable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from .bundle import ReportBundle, check_statuses
from .fileio import write_bytes_atomic
from .labels import (
    STATUS_COLOURS,
    STATUSES,
    check_lang,
    column_label,
    indicator_label,
    kind_label,
    status_counts_text,
    status_label,
)
from .methodology import methodology_of
from .present import (
    MISSING,
    actual_text,
    average_gap_text,
    average_text,
    coded_text,
    coverage_lines,
    finding_indicators,
    flags_text,
    gap_to_target_text,
    measure_text,
    metric_text,
    number_text,
    paren,
    place_text,
    publisher_text,
    rank_text,
    target_text,
    title_text,
    value_text,
)
from .values import as_number

TEMPLATE = "report.typ"
FONT_CACHE = Path(tempfile.gettempdir()) / "indicators-fonts"
#: the charts of the report: key in sys.inputs, function of indicators.plots
CHARTS = (
    ("chart_ratios", "plot_attainment_ratios"),
    ("chart_provincial", "plot_provincial_gaps"),
    ("chart_bullets", "plot_bullet_page"),
)
#: bullet charts on one A4 page: three, one to a line, so that no label is under 7 pt
BULLETS_PER_PAGE = 3
#: room for a chart on its page, in points: (width, height), upright (bullets) and on its side (the rest);
#: the template's margins and heading leave this much of an A4 page
CHART_ROOM = {False: (516.0, 680.0), True: (762.0, 450.0)}
_SVG_SIZE = re.compile(
    r'<svg\b[^>]*?\bwidth="([\d.]+)(?:pt|px)?"[^>]*?\bheight="([\d.]+)(?:pt|px)?"', re.S
)

TEXT = {
    "zh": {
        "subtitle": "主要目标完成情况分析",
        "meta_city": "城市",
        "meta_year": "年度",
        "meta_title": "原报告",
        "meta_publisher": "发布机关",
        "meta_published": "发布日期",
        "meta_source": "原文文件",
        "meta_sha256": "原文 SHA-256",
        "meta_report_id": "报告编号",
        "meta_made": "本文件生成日期",
        "contents": "目录",
        "summary": "主要目标完成情况一览",
        "summary_note": "每类目标一种衡量：总量指标为完成率（完成值 ÷ 目标值）；速度、比率指标为与目标"
                        "（“左右”目标为其区间）的差距，以百分点计，不计算完成率；上限指标为距上限余量；"
                        "相对目标为与参照值的差距。部分时期数据只判“符合/落后于序时进度”；上年数据不判定本年。"
                        "“—”表示不适用或原文未给出。标 * 的状态为暂定：依据预计数、部分时期或上年数据。"
                        "全省数字与参考数据不一致时显示参考数据并注明；"
                        "由本市自己发布推算的参考数据注明“非独立来源”。",
        "measure": "衡量(按指标类型)",
        "comparison_notes": "比较说明",
        "province": "全省数字(来源与标记)",
        "legend": "状态颜色",
        "charts": "图表",
        "indicators": "各项目标详情",
        "findings": "一致性核查",
        "findings_intro": "将报告自述的数字（如“完成目标任务的××%”“比全省高×个百分点”）"
                          "与据原文数字重新计算的结果对照。底色标红的行两者不一致。",
        "findings_none": "没有核查记录。",
        "methodology": "方法说明",
        "benchmarks": "参考数据",
        "benchmarks_intro": "全省、全国数字取自以下参考数据，“来源类型”如实注明：多为报纸报道或转载网站刊发的统计发布，"
                            "而非统计局网站本身。“由所述差距推算”的数字系据差距倒推；由本市自己的发布推算的数字不能印证本市的说法"
                            "（独立来源：否）。",
        "source_type": "来源类型",
        "published": "发布日期",
        "independent": "独立来源",
        "benchmarks_none": "未使用参考数据。",
        "page": "第 {n} 页 / 共 {total} 页",
        "target_sentence": "目标原文",
        "source_sentence": "进展原文",
        "line": "第 {n} 行",
        "provisional": "临时判定",
        "stated_completion": "报告自述完成比例",
        "stated_gap": "报告自述超出目标",
        "stated_outcome": "报告自述结论",
        "context": "同任务其他数字",
        "check_flags": "核查问题",
        "co_units": "协同责任单位",
        "reference_value": "参考值",
        "source_url": "来源",
        "national_note": "报告原话",
        "yes": "是",
        "no": "否",
        "unchecked": "无法核对",
        "basis": "口径",
        "region": "地区",
        "value": "数值",
        "how_obtained": "取得方式",
        "year": "年份",
        "check": "核查项",
        "stated": "报告数",
        "recomputed": "重算数",
        "difference": "差额",
        "agrees": "一致",
        "note": "说明",
        "made_by": "由 indicators 程序根据政府公开通报自动生成。",
    },
    "en": {
        "subtitle": "Attainment of the year's targets",
        "meta_city": "City",
        "meta_year": "Year",
        "meta_title": "Source report",
        "meta_publisher": "Published by",
        "meta_published": "Published on",
        "meta_source": "Source file",
        "meta_sha256": "Source SHA-256",
        "meta_report_id": "Report id",
        "meta_made": "This document made on",
        "contents": "Contents",
        "summary": "Main targets at a glance",
        "summary_note": "One measure per kind of target: quantities by attainment (actual ÷ target); rates by "
                        "the gap in pp to the target (or the band of an 'about' target), with no ratio; ceilings "
                        "by the headroom left; relative targets by the gap to the reference. A part-year figure "
                        "is only on track or behind schedule; a prior-year figure gives no status for this year. "
                        "“—” means not applicable or not given. A status marked * is provisional: it rests on an "
                        "estimate, a part-year or a prior-year figure. Where the report's provincial figure "
                        "disagrees with the reference, the reference is shown and the dispute marked; a reference "
                        "derived from the city's own release is marked not independent.",
        "measure": "Measure (by kind)",
        "comparison_notes": "Comparison notes",
        "province": "Provincial figure (source, marks)",
        "legend": "Status colours",
        "charts": "Charts",
        "indicators": "Target by target",
        "findings": "Consistency checks",
        "findings_intro": "Figures the report states about itself (e.g. “…% of the target”, "
                          "“… pp above the province”) set against the same figures recomputed "
                          "from its numbers. Rows shaded red disagree.",
        "findings_none": "No checks recorded.",
        "methodology": "Method",
        "benchmarks": "Reference figures",
        "benchmarks_intro": "Provincial and national figures come from these reference files; the source type "
                            "says honestly where each was read — mostly a newspaper's report or a site re-publishing "
                            "a statistics release, not a bureau's own site. “derived from a stated gap” means "
                            "worked back from a "
                            "stated gap; a figure derived from the city's own release cannot confirm the city's claims "
                            "(independent: no).",
        "source_type": "Source type",
        "published": "Published",
        "independent": "Independent",
        "benchmarks_none": "No reference figures used.",
        "page": "Page {n} of {total}",
        "target_sentence": "Target as written",
        "source_sentence": "Progress as written",
        "line": "line {n}",
        "provisional": "provisional",
        "stated_completion": "Completion the report states",
        "stated_gap": "Excess over target the report states",
        "stated_outcome": "The report's verdict",
        "context": "Other figures, same task",
        "check_flags": "Check problems",
        "co_units": "Supporting units",
        "reference_value": "reference figure",
        "source_url": "source",
        "national_note": "the report's words",
        "yes": "yes",
        "no": "NO",
        "unchecked": "cannot check",
        "basis": "Basis",
        "region": "Region",
        "value": "Value",
        "how_obtained": "How obtained",
        "year": "Year",
        "check": "Check",
        "stated": "Stated",
        "recomputed": "Recomputed",
        "difference": "Difference",
        "agrees": "Agrees",
        "note": "Note",
        "made_by": "Made automatically by the indicators program from the government's "
                    "public notice.",
    },
}


class PdfError(RuntimeError):
    """The PDF could not be typeset (missing font, template error)."""


# ---------------------------------------------------------------- value formatting


def _missing(value: Any) -> bool:
    """True for None, NaN, pd.NA and blank strings."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _text(value: Any) -> str:
    """A cell as text ('' when missing)."""
    return "" if _missing(value) else str(value).strip()


def _truthy(value: Any) -> bool:
    """Booleans as they come out of CSV or Parquet."""
    if _missing(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def _join(parts: list[str], lang: str) -> str:
    """Parts joined with the list separator of ``lang``."""
    return ("；" if lang == "zh" else "; ").join(part for part in parts if part)


def _split(value: Any) -> list[str]:
    """Items of a ';'-separated cell."""
    return [part.strip() for part in _text(value).split(";") if part.strip()]


# ---------------------------------------------------------------- row wording


def _status(row: Mapping, lang: str) -> dict:
    """Status label, fill colour and a readable ink colour for that fill."""
    status = _text(row.get("status")) or "not_assessable"
    fill = STATUS_COLOURS.get(status, STATUS_COLOURS["not_assessable"])
    return {
        "key": status,
        "label": status_label(status, lang),
        "fill": fill,
        "ink": _ink_for(fill),
        "provisional": _truthy(row.get("provisional")),
    }


def _ink_for(fill: str) -> str:
    """Black or white text, whichever reads better on ``fill`` (relative luminance)."""
    red, green, blue = (int(fill.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#000000" if luminance > 0.4 else "#ffffff"


def _status_basis(row: Mapping, lang: str) -> str:
    """How the status was decided, in Chinese where the table has ``status_basis_zh``."""
    zh = _text(row.get("status_basis_zh")) if lang == "zh" else ""
    return zh or _text(row.get("status_basis")) or MISSING


def _line(number: Any, lang: str) -> str:
    """'第 12 行' / 'line 12' ('' when missing)."""
    shown = number_text(number, 0)
    return "" if shown == MISSING else TEXT[lang]["line"].format(n=shown)


def _average(row: Mapping, region: str, lang: str, benchmarks: list[dict]) -> list:
    """Lines on an average: value and source, gap, official figure, the report's words, URLs."""
    text = TEXT[lang]
    unit = _text(row.get("actual_unit")) or _text(row.get("target_unit"))
    value = as_number(row.get(f"{region}_avg"))
    gap = as_number(row.get(f"gap_to_{region}_pp"))
    source = _text(row.get(f"{region}_avg_source"))
    lines: list = []
    first = []
    if value is not None:
        first.append(average_text(row, region, lang))
    if gap is not None:
        shown = average_gap_text(row, region, lang)
        first.append(f"差距 {shown}" if lang == "zh" else f"gap {shown}")
    if region == "provincial" and rank_text(row, lang):
        first.append(rank_text(row, lang))
    reference = as_number(row.get(f"{region}_avg_reference"))
    differs = reference is not None and (value is None or abs(reference - value) > 1e-9)
    if differs:
        first.append(f"{text['reference_value']} {value_text(reference, unit, lang)}")
    if first:
        lines.append(_join(first, lang))
    note = _text(row.get(f"{region}_note"))
    if note:
        lines.append(f"{text['national_note']}:“{note}”" if lang == "zh"
                     else f"{text['national_note']}: “{note}”")
    if differs or (value is not None and source == "reference"):
        lines.extend({"url": url} for url in _benchmark_urls(row, region, benchmarks))
    return lines or [MISSING]


def _benchmark_urls(row: Mapping, region: str, benchmarks: list[dict]) -> list[str]:
    """Source URLs of the reference figures (rows of benchmarks_used) behind a row's average."""
    metric = _text(row.get("metric"))
    basis = _text(row.get("actual_basis")).lower()
    regions = {"provincial": ("anhui", "provincial", "province"),
               "national": ("china", "national", "nation")}[region]
    urls = []
    for bench in benchmarks:
        name = _text(bench.get("metric"))
        if _text(bench.get("region")).lower() not in regions:
            continue
        same_basis = name.startswith(metric + "_") and bool(basis) and name.endswith(basis)
        used_for = _text(bench.get("used_for"))
        if used_for and (used_for != metric or not (name == metric or same_basis or not basis)):
            continue
        if not used_for and name != metric and not same_basis:
            continue
        url = _text(bench.get("source_url"))
        if url and url not in urls:
            urls.append(url)
    return urls


# ---------------------------------------------------------------- document parts


def _headline(table: pd.DataFrame) -> pd.DataFrame:
    """The headline rows (one per task), in task order."""
    if table.empty:
        return table
    rows = table[table["is_headline"].map(_truthy)] if "is_headline" in table else table
    return rows.sort_values("task", kind="stable")


def _records(table: pd.DataFrame | None) -> list[dict]:
    """Rows as plain dicts (none for a missing table)."""
    return [] if table is None else table.to_dict("records")


def _summary(table: pd.DataFrame, lang: str) -> dict:
    """The one-page table of headline rows."""
    text = TEXT[lang]
    columns = [column_label(c, lang) for c in ("task", "indicator", "target", "actual")]
    columns += [text["measure"], text["province"]]
    columns += [column_label(c, lang) for c in ("gap_to_provincial_pp", "gap_to_national_pp", "status")]
    rows = []
    for row in _records(_headline(table)):
        province = [p for p in (average_text(row, "provincial", lang), rank_text(row, lang)) if p]
        rows.append({
            "cells": [
                number_text(row.get("task"), 0),
                indicator_label(row, lang),
                target_text(row, lang),
                actual_text(row, lang),
                measure_text(row, lang) or MISSING,
                province or MISSING,
                average_gap_text(row, "provincial", lang),
                average_gap_text(row, "national", lang),
            ],
            "status": _status(row, lang),
        })
    counts = status_counts_text(_status_counts(table), lang) if not table.empty else ""
    return {"columns": columns, "rows": rows, "counts": counts}


def _status_counts(table: pd.DataFrame) -> list[tuple[str, int, int]]:
    from .analyse import status_counts

    return status_counts(_headline(table).assign(is_headline=True), headline_only=False)


def _section(row: dict, others: list[dict], lang: str, benchmarks: list[dict]) -> dict:
    """Everything about one headline target, as label/value pairs and quotes."""
    text = TEXT[lang]
    status = _status(row, lang)
    fields = [
        [column_label("target", lang), target_text(row, lang)],
        [column_label("actual", lang), actual_text(row, lang)],
        [column_label("target_kind", lang), kind_label(_text(row.get("target_kind")), lang)],
        [text["measure"], measure_text(row, lang) or MISSING],
        [column_label("gap_to_target", lang), gap_to_target_text(row, lang)],
        [column_label("provincial_avg", lang), _average(row, "provincial", lang, benchmarks)],
        [column_label("national_avg", lang), _average(row, "national", lang, benchmarks)],
        [column_label("status_basis", lang), _status_basis(row, lang)],
    ]
    note = _text(row.get("benchmark_note_zh" if lang == "zh" else "benchmark_note"))
    if note:
        fields.append([text["comparison_notes"], note])
    stated = [
        ("stated_completion", as_number(row.get("stated_completion_pct")), "%"),
        ("stated_gap", as_number(row.get("stated_gap_to_target")), _text(row.get("target_unit"))),
    ]
    for key, value, unit in stated:
        if value is not None:
            fields.append([text[key], value_text(value, unit, lang)])
    if _text(row.get("stated_outcome")):
        fields.append([text["stated_outcome"], f"“{_text(row.get('stated_outcome'))}”"])
    flags = flags_text(row, lang, long=True)
    if flags:
        fields.append([column_label("flags", lang), flags])
    checks = [coded_text("check", check, lang) for check in _split(row.get("check_flags"))]
    if checks:
        fields.append([text["check_flags"], _join(checks, lang) + paren(text["findings"], lang)])
    if others:
        shown = [f"{indicator_label(o, lang)} {actual_text(o, lang)}" for o in others
                 if as_number(o.get("actual_value")) is not None]
        if shown:
            fields.append([text["context"], shown])
    fields.append([column_label("lead_units", lang), _text(row.get("lead_units")) or MISSING])
    if _text(row.get("co_units")):
        fields.append([text["co_units"], _text(row.get("co_units"))])
    quotes = []
    for key, text_col, line_col in (("target_sentence", "target_text", "target_line"),
                                    ("source_sentence", "source_text", "source_line")):
        if _text(row.get(text_col)):
            quotes.append({"label": text[key], "line": _line(row.get(line_col), lang),
                           "text": _text(row.get(text_col))})
    if len(quotes) == 2 and quotes[0]["text"] == quotes[1]["text"]:
        quotes = quotes[:1]
    return {
        "heading": f"{number_text(row.get('task'), 0)}. {indicator_label(row, lang)}",
        "status": status,
        "provisional": text["provisional"] if status["provisional"] else "",
        "fields": fields,
        "quotes": quotes,
    }


def _sections(table: pd.DataFrame, lang: str, benchmarks: pd.DataFrame) -> list[dict]:
    """One section per headline row, with the task's context figures."""
    sections = []
    rows, references = _records(table), _records(benchmarks)
    for row in _records(_headline(table)):
        others = [o for o in rows
                  if o.get("task") == row.get("task") and not _truthy(o.get("is_headline"))]
        sections.append(_section(row, others, lang, references))
    return sections


def _findings(findings: pd.DataFrame, table: pd.DataFrame, lang: str) -> dict:
    """The consistency checks; rows that disagree are marked for shading."""
    text = TEXT[lang]
    names = finding_indicators(findings, table, lang) if len(findings) else []
    columns = [column_label("task", lang), column_label("indicator", lang), text["check"],
               text["stated"], text["recomputed"], text["difference"], text["agrees"],
               text["note"], column_label("source_line", lang)]
    rows = []
    for finding, name in zip(_records(findings), names, strict=True):
        agrees = None if _missing(finding.get("agrees")) else _truthy(finding.get("agrees"))
        check = _text(finding.get("check"))
        rows.append({
            "cells": [
                number_text(finding.get("task"), 0),
                name,
                coded_text("check", check, lang),
                number_text(finding.get("stated")),
                number_text(finding.get("recomputed")),
                number_text(finding.get("difference"), signed=True),
                {True: text["yes"], False: text["no"], None: text["unchecked"]}[agrees],
                _text(finding.get("note_zh" if lang == "zh" else "note")) or MISSING,
                number_text(finding.get("source_line"), 0),
            ],
            "agrees": agrees is not False,
        })
    return {"columns": columns, "rows": rows}


def _benchmarks(benchmarks: pd.DataFrame, lang: str) -> dict:
    """The reference figures used, with their sources."""
    text = TEXT[lang]
    columns = [text["region"], column_label("indicator", lang), text["value"], text["basis"],
               text["how_obtained"], text["source_type"], text["published"], text["independent"], text["year"],
               text["source_url"]]
    rows = []
    for bench in _records(benchmarks):
        region = _text(bench.get("region"))
        metric = _text(bench.get("metric"))
        name = metric_text(metric, lang)
        rows.append({
            "cells": [
                coded_text("region", region, lang) or region,
                name,
                value_text(bench.get("value"), bench.get("unit"), lang),
                coded_text("basis", _text(bench.get("basis")), lang) or MISSING,
                coded_text("how_obtained", _text(bench.get("how_obtained")), lang) or MISSING,
                coded_text("source_type", _text(bench.get("source_type")), lang) or MISSING,
                _text(bench.get("published")) or MISSING,
                _independent(bench.get("independent"), lang),
                number_text(bench.get("year"), 0),
            ],
            "url": _text(bench.get("source_url")),
        })
    return {"columns": columns, "rows": rows}


def _independent(value: Any, lang: str) -> str:
    if _missing(value):
        return MISSING
    return TEXT[lang]["yes"] if _truthy(value) else TEXT[lang]["no"]


def _paragraphs(value: Any) -> list[str]:
    """Methodology paragraphs from a list, a string or nothing."""
    if isinstance(value, str):
        return [part.strip() for part in value.split("\n\n") if part.strip()]
    if isinstance(value, (list, tuple)):
        return [str(part).strip() for part in value if str(part).strip()]
    return []


def _warning_rows(meta: dict, lang: str) -> list[list[str]]:
    """What the analysis warned about (missing reference figures, stripped characters), on the title page."""
    notes = meta.get("warnings")
    if not isinstance(notes, list) or not notes:
        return []
    return [["注意" if lang == "zh" else "Warning", _text(note)] for note in notes]


def document_data(bundle: ReportBundle, lang: str = "zh", today: dt.date | None = None) -> dict:
    """Every text the template shows, already formatted, as JSON-ready data."""
    lang = check_lang(lang)
    meta = bundle.meta or {}
    text = TEXT[lang]
    table = bundle.attainment
    city, year = place_text(_text(meta.get("city")), lang), number_text(meta.get("year"), 0)
    if lang == "zh" and city and city[-1] not in "市县区省州盟":
        city += "市"
    heading = (f"{city}{year}年{text['subtitle']}" if lang == "zh"
               else f"{city} {year}: {text['subtitle'].lower()}").strip()
    statuses = STATUSES
    return {
        "lang": lang,
        "heading": heading,
        "title": title_text({**meta, "report_id": bundle.report_id}, lang),
        "text": text,
        "meta": [
            [text["meta_city"], city or MISSING],
            [text["meta_year"], year],
            [text["meta_title"], _text(meta.get("title")) or MISSING],
            [text["meta_publisher"], publisher_text(meta.get("publisher"), meta.get("city"), lang) or MISSING],
            [text["meta_published"], _text(meta.get("published")) or MISSING],
            [text["meta_report_id"], bundle.report_id],
            [text["meta_source"], Path(_text(meta.get("source_file"))).name or MISSING],
            [text["meta_sha256"], _text(meta.get("sha256")) or MISSING],
            [text["meta_made"], (today or dt.date.today()).isoformat()],
            *[list(line) for line in coverage_lines(table, meta, lang)],
            *_warning_rows(meta, lang),
        ],
        "summary": _summary(table, lang),
        "legend": [_status({"status": s}, lang) for s in statuses],
        "charts": [],
        "sections": _sections(table, lang, bundle.benchmarks),
        "findings": _findings(bundle.findings, table, lang),
        "methodology": methodology_of(meta, lang),
        "benchmarks": _benchmarks(bundle.benchmarks, lang),
    }


# ---------------------------------------------------------------- charts, fonts, typesetting


def chart_figures(table: pd.DataFrame, lang: str) -> list[tuple[str, Any]]:
    """The report's charts, one page each: the measures and the provincial gaps (set on their side), then
    the bullet charts, ``BULLETS_PER_PAGE`` to a page, over as many pages as they need."""
    from . import plots

    (ratios_key, ratios), (gaps_key, gaps), (bullets_key, bullets) = CHARTS
    figures = [(ratios_key, getattr(plots, ratios)(table, lang)), (gaps_key, getattr(plots, gaps)(table, lang))]
    headline = table["is_headline"].map(_truthy) if "is_headline" in table else pd.Series(True, index=table.index)
    tasks = list(dict.fromkeys(table.loc[headline, "task"].tolist())) if "task" in table else []
    for n, start in enumerate(range(0, len(tasks), BULLETS_PER_PAGE), start=1):
        part = table.assign(is_headline=headline & table["task"].isin(tasks[start : start + BULLETS_PER_PAGE]))
        figures.append((f"{bullets_key}_{n}", getattr(plots, bullets)(part, lang)))
    return figures


def is_flipped(key: str) -> bool:
    """Whether a chart's page is set on its side (all but the bullet charts)."""
    return not key.startswith(CHARTS[2][0])


def _chart_svgs(table: pd.DataFrame, lang: str) -> dict[str, str]:
    """SVG text of each chart, glyphs drawn as paths (typst then needs no font for them)."""
    import matplotlib

    from . import plots

    with matplotlib.rc_context({"svg.fonttype": "path"}):
        return {key: plots.figure_bytes(figure, "svg").decode("utf-8") for key, figure in chart_figures(table, lang)}


def _aspect(svg: str) -> float:
    """Height over width of an SVG picture (0.75 when its root gives no size)."""
    match = _SVG_SIZE.search(svg[:2000])
    if not match or not float(match.group(1)):
        return 0.75
    return float(match.group(2)) / float(match.group(1))


def _font_folder(font_file: Path, cache: Path = FONT_CACHE) -> Path:
    """A folder holding only ``font_file`` (typst reads whole folders), made once per font."""
    font_file = Path(font_file).resolve()
    key = hashlib.sha256(str(font_file).encode("utf-8")).hexdigest()[:12]
    folder = cache / key
    target = folder / font_file.name
    if target.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f".{font_file.name}.{os.getpid()}.tmp"
    try:
        os.symlink(font_file, staging)
    except OSError:
        shutil.copyfile(font_file, staging)
    os.replace(staging, target)
    return folder


@lru_cache(maxsize=4)
def _font_family(folder: str, wanted: str) -> str:
    """``wanted`` if typst finds that family in ``folder``, else the first family there."""
    import typst

    families = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                           font_paths=[folder]).families()
    if not families:
        raise PdfError(f"typst finds no usable font in {folder}")
    matches = [family for family in families if family.lower() == wanted.lower()]
    return matches[0] if matches else families[0]


def _cjk_font() -> tuple[Path, str]:
    """The font folder for typst and the CJK family name in it."""
    from .fonts import cjk_font_family, cjk_font_path

    font_file = Path(cjk_font_path())
    if not font_file.is_file():
        raise PdfError(f"CJK font not found: {font_file}")
    folder = _font_folder(font_file)
    return folder, _font_family(str(folder), cjk_font_family())


def _template() -> bytes:
    """The Typst template shipped with the package."""
    return (resources.files("indicators") / "templates" / TEMPLATE).read_bytes()


def _typeset(data: dict, charts: dict[str, str], font_folder: Path) -> bytes:
    """Compile the template; a font warning is an error, other warnings are passed on."""
    import typst

    inputs = {"data": json.dumps(data, ensure_ascii=False, allow_nan=False)} | charts
    try:
        pdf, problems = typst.compile_with_warnings(
            _template(), font_paths=[str(font_folder)], ignore_system_fonts=True,
            sys_inputs=inputs, format="pdf",
        )
    except typst.TypstError as exc:
        raise PdfError(f"typst could not typeset the report: {exc}") from exc
    for problem in problems:
        message = str(problem)
        if "font" in message.lower() or "glyph" in message.lower():
            raise PdfError(f"typst font problem: {message}")
        warnings.warn(f"typst: {message}", stacklevel=3)
    return pdf


def render_pdf(bundle: ReportBundle, lang: str = "zh", charts: bool = True,
               today: dt.date | None = None,
               chart_maker: Callable[[pd.DataFrame, str], dict[str, str]] | None = None) -> bytes:
    """The report as PDF bytes (``charts=False`` leaves the chart pages out)."""
    check_statuses(bundle)
    data = document_data(bundle, lang, today)
    svgs = (chart_maker or _chart_svgs)(bundle.attainment, lang) if charts else {}
    data["charts"] = [{"key": key, "aspect": _aspect(svg), "flipped": is_flipped(key),
                       "room": [value / 72 * 2.54 for value in CHART_ROOM[is_flipped(key)]]}
                      for key, svg in svgs.items()]
    font_folder, family = _cjk_font()
    data["font"] = family
    return _typeset(data, svgs, font_folder)


def write_pdf(bundle: ReportBundle, path: Path, lang: str = "zh") -> Path:
    """Write the PDF report of ``bundle`` in ``lang`` ('zh' or 'en') to ``path``, atomically."""
    path = Path(path)
    write_bytes_atomic(path, render_pdf(bundle, lang))
    return path
