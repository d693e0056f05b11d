"""Charts of an attainment table (see docs/tables.md), drawn with matplotlib's object API.

Every chart function takes the attainment table and ``lang`` ("zh" or "en") and returns a
:class:`matplotlib.figure.Figure`; none changes its input and none touches pyplot, so the
functions work headless, in threads and inline in Jupyter. Text the chosen fonts cannot show
raises :class:`~indicators.fonts.FontError` instead of drawing empty boxes.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

from . import fonts
from .fileio import write_bytes_atomic
from .labels import STATUS_COLOURS, check_lang, indicator_label, status_label
from .present import (
    average_gap_decimals,
    flags_text,
    number_text,
    period_text,
    rank_text,
    row_decimals,
    target_text,
    unit_text,
    value_text,
)
from .values import as_number as _num

FORMATS = ("png", "svg")
DEFAULT_DPI = 150
PROVISIONAL_HATCH = "///"
#: hatch colours of provisional bars: light on dark status colours, dark on light ones
HATCH_ON_DARK = "#ffffff"
HATCH_ON_LIGHT = "#333333"
#: gid of the hatching patches drawn over provisional bars (not bars of their own)
HATCH_GID = "provisional-hatch"
#: gid of the grey band of an 'about' target drawn behind a gap bar
BAND_GID = "target-band"
GRID_COLOUR = "#e5e5e5"
LABEL_BOX = {
    "boxstyle": "square,pad=0.08",
    "facecolor": "white",
    "edgecolor": "none",
    "alpha": 0.85,
}
EDGE_COLOUR = "#333333"
MUTED_COLOUR = "#555555"
TARGET_COLOUR = "#111111"
BAND_COLOUR = "#d9d9d9"
CEILING_SHADE = STATUS_COLOURS["missed"]
BETTER_COLOUR = STATUS_COLOURS["exceeded"]
WORSE_COLOUR = STATUS_COLOURS["missed"]
NEUTRAL_COLOUR = "#8c8c8c"
GAP_COLOURS = {"better": BETTER_COLOUR, "worse": WORSE_COLOUR, "neutral": NEUTRAL_COLOUR}
PROVINCIAL_MARKER = "^"
NATIONAL_MARKER = "D"
PROVINCIAL_COLOUR = "#2166ac"
NATIONAL_COLOUR = "#b35806"
PROVINCIAL_STYLE = {
    "marker": PROVINCIAL_MARKER,
    "color": PROVINCIAL_COLOUR,
    "mec": PROVINCIAL_COLOUR,
    "ms": 7,
}
NATIONAL_STYLE = {
    "marker": NATIONAL_MARKER,
    "color": "white",
    "mec": NATIONAL_COLOUR,
    "mew": 1.6,
    "ms": 7,
}
#: display width of a row label before it wraps (a Chinese character counts 2, a Latin one 1)
WRAP_UNITS = 36
#: display width of a bullet chart's title, subtitle and text lines
BULLET_WRAP_UNITS = 76
ROW_HEIGHT_IN = 0.42
BULLET_WIDTH_IN = 6.4
BULLET_HEIGHT_IN = 2.5
#: how far under its bar (in rows) the national gap is drawn
NATIONAL_OFFSET = 0.36
RELATIVE_COMPARATORS = ("in_step_with", "above_benchmark")
_TOKEN_RE = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|\s+|.")

TEXT = {
    "zh": {
        "ratio_title": "主要预期目标完成情况（按指标类型衡量）",
        "ratio_subtitle": "总量指标：完成率 = 完成值 ÷ 目标值，≥100% 为达到目标",
        "ratio_axis": "完成率（%）",
        "target_line": "100% = 目标",
        "gap_panel": "速度、比率、上限及相对目标：与目标（或参照值）的差距，百分点；0 = 目标，灰带 = “左右”区间",
        "gap_panel_axis": "与目标的差距（百分点）",
        "zero_line": "0 = 目标",
        "band": "“左右”目标的区间",
        "no_gap": "无差距数值",
        "other_unit": "单位非百分比",
        "provisional": "暂定（预计数、非全年或上年数据）",
        "no_ratio": "无完成率",
        "unlike": "口径不同，不作比较",
        "prior_year": "仅有{}年数据，不判定本年",
        "qualitative": "定性目标",
        "no_target": "无数值目标",
        "no_actual": "无完成值",
        "relative": "相对目标",
        "above_benchmark": "高于{}",
        "in_step_with": "与{}同步",
        "no_benchmark": "无基准数值",
        "relative_claim": "，无基准数值；通报称“{}”",
        "relative_values": "：完成 {actual}，基准 {benchmark}",
        "report_says": "通报：“{}”",
        "paren": "（{}）",
        "colon": "：",
        "no_rows": "没有可绘制的指标",
        "gap_title": "与全省平均水平的差距（百分点）",
        "gap_subtitle": "本市减全省平均：正值 = 高于全省，负值 = 低于全省；◇ = 与全国平均的差距",
        "gap_axis": "与全省平均的差距（百分点）",
        "better": "优于全省",
        "worse": "差于全省",
        "neutral": "无好坏之分（上限型指标）",
        "national_gap": "与全国平均的差距",
        "province": "全省",
        "nation": "全国",
        "target": "目标",
        "benchmark": "基准",
        "actual": "完成",
        "bullets_title": "主要预期目标：完成值、目标与全省、全国平均",
        "source": {
            "stated": "通报所述",
            "derived": "由通报差距推算",
            "reference": "参考数据",
        },
        "reference": {"national": "全国平均", "provincial": "全省平均"},
        "sep": "，",
        "disputed": "报告称{}，不一致",
        "not_independent": "非独立来源",
    },
    "en": {
        "ratio_title": "Main targets, each by the measure of its kind",
        "ratio_subtitle": "quantities: attainment = actual ÷ target; ≥ 100% means met",
        "ratio_axis": "attainment (%)",
        "target_line": "100% = target",
        "gap_panel": "rates, ceilings and relative targets: gap to the target (or reference) in pp; "
        "0 = target, grey = band of an 'about' target",
        "gap_panel_axis": "gap to the target (pp)",
        "zero_line": "0 = target",
        "band": "band of an 'about' target",
        "no_gap": "no gap figure",
        "other_unit": "not in %",
        "provisional": "provisional (estimate, part-year or prior-year figure)",
        "no_ratio": "no ratio",
        "unlike": "unlike bases, not compared",
        "prior_year": "only the {} figure: no status for this year",
        "qualitative": "qualitative target",
        "no_target": "no numeric target",
        "no_actual": "no actual figure",
        "relative": "relative target",
        "above_benchmark": "above the {}",
        "in_step_with": "in step with {}",
        "no_benchmark": "no benchmark figure",
        "relative_claim": ", no benchmark figure; the report says “{}”",
        "relative_values": ": actual {actual} vs benchmark {benchmark}",
        "report_says": "report: “{}”",
        "paren": " ({})",
        "colon": ": ",
        "no_rows": "no indicators to draw",
        "gap_title": "Gap to the provincial average (percentage points)",
        "gap_subtitle": (
            "city minus provincial average: positive = above the province, "
            "negative = below; ◇ = gap to the national average"
        ),
        "gap_axis": "gap to the provincial average (pp)",
        "better": "better than the province",
        "worse": "worse than the province",
        "neutral": "neither better nor worse (ceiling target)",
        "national_gap": "gap to the national average",
        "province": "province",
        "nation": "nation",
        "target": "target",
        "benchmark": "benchmark",
        "actual": "actual",
        "bullets_title": "Main targets: actual, target, provincial and national averages",
        "source": {
            "stated": "stated in the report",
            "derived": "derived from a stated gap",
            "reference": "reference file",
        },
        "reference": {"national": "national average", "provincial": "provincial average"},
        "sep": ", ",
        "disputed": "report says {}: disputed",
        "not_independent": "not independent",
    },
}



# --- reading cells --------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A cell as stripped text; empty for None and NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value).strip()


def _truthy(value: Any) -> bool:
    """A boolean cell as written by pandas, Parquet or a CSV round trip ("True", 1, NaN)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return _num(value) not in (None, 0.0)


def _plain(text: str) -> str:
    """Text safe from matplotlib's mathtext (a lone ``$`` would start a formula)."""
    return text.replace("$", r"\$")


def _rows(table: pd.DataFrame, headline_only: bool = True) -> list[dict[str, Any]]:
    """Rows as dicts ordered by task (headline first within a task); the table is not changed."""
    records = table.to_dict("records")
    if headline_only:
        records = [r for r in records if _truthy(r.get("is_headline"))]
    order = {id(r): i for i, r in enumerate(records)}

    def key(r: dict[str, Any]) -> tuple[float, int, int]:
        task = _num(r.get("task"))
        return (
            task if task is not None else math.inf,
            not _truthy(r.get("is_headline")),
            order[id(r)],
        )

    return sorted(records, key=key)


def _task_label(row: Mapping[str, Any], lang: str) -> str:
    task = _num(row.get("task"))
    name = _text(indicator_label(row, lang)) if _has_name(row, lang) else _text(row.get("metric"))
    prefix = f"{task:g}. " if task is not None else ""
    return f"{prefix}{name}"


def _has_name(row: Mapping[str, Any], lang: str) -> bool:
    column = "indicator_en" if lang == "en" else "indicator_zh"
    return bool(_text(row.get(column)))


def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _wrap(text: str, units: int = WRAP_UNITS) -> str:
    """Break ``text`` into lines of at most ``units`` display width.

    Latin words stay whole; Chinese text may break between any two characters.
    """
    lines, line, width = [], "", 0
    for token in _TOKEN_RE.findall(text):
        size = sum(_char_width(ch) for ch in token)
        if line.strip() and width + size > units and not token.isspace():
            lines.append(line.rstrip())
            line, width = "", 0
        if line or not token.isspace():
            line, width = line + token, width + size
    lines.append(line.rstrip())
    return "\n".join(lines)


# --- formatting -----------------------------------------------------------------------------


def _join_lines(parts: list[str], units: int, sep: str = " · ") -> str:
    """Join ``parts`` with ``sep``, starting a new line (never with ``sep``) past ``units`` wide."""
    lines: list[str] = []
    for part in parts:
        joined = f"{lines[-1]}{sep}{part}" if lines else part
        if lines and sum(_char_width(ch) for ch in joined) <= units:
            lines[-1] = joined
        else:
            lines.append(part)
    return "\n".join(lines)


def _subtitle(row: Mapping[str, Any], lang: str) -> str:
    """Status · period · flags, on as many lines as ``BULLET_WRAP_UNITS`` needs."""
    parts = [status_label(_text(row.get("status")) or "not_assessable", lang)]
    parts += [p for p in (period_text(row.get("actual_period"), lang),) if p]
    parts += flags_text(row, lang, provisional=True)
    return _join_lines(parts, BULLET_WRAP_UNITS)


def _status_colour(row: Mapping[str, Any]) -> str:
    return STATUS_COLOURS.get(_text(row.get("status")), STATUS_COLOURS["not_assessable"])


# --- checks and output ----------------------------------------------------------------------


def _figure_texts(fig: Figure) -> Iterable[str]:
    for artist in fig.findobj(Text):
        yield artist.get_text()


def _check_glyphs(fig: Figure) -> Figure:
    """Raise FontError if any text of ``fig`` has characters no configured font can show."""
    missing = fonts.missing_glyphs("".join(_figure_texts(fig)))
    if missing:
        chars = " ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in sorted(missing))
        raise fonts.FontError(
            f"the chart needs characters that neither {fonts.cjk_font_family()} nor DejaVu Sans can show: {chars}"
        )
    return fig


def figure_bytes(fig: Figure, fmt: str = "png", dpi: int = DEFAULT_DPI) -> bytes:
    """The figure rendered as PNG or SVG bytes (SVG text drawn as paths, no date stamp)."""
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"figure format must be one of {FORMATS}, not {fmt!r}")
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=dpi, bbox_inches="tight", pad_inches=0.15, metadata=metadata)
    return buffer.getvalue()


def save_figure(fig: Figure, path: str | Path, dpi: int = DEFAULT_DPI) -> Path:
    """Write the figure to ``path`` atomically, in the format its suffix names. Returns the path."""
    path = Path(path)
    write_bytes_atomic(path, figure_bytes(fig, path.suffix, dpi=dpi))
    return path


def _empty(ax: Axes, message: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", color=MUTED_COLOUR, transform=ax.transAxes)


def _start(lang: str) -> str:
    check_lang(lang)
    fonts.use_cjk_font()
    return lang


# --- shared drawing helpers -----------------------------------------------------------------


def _bar_style(colour: str) -> dict[str, Any]:
    return {"color": colour, "edgecolor": EDGE_COLOUR, "linewidth": 0.6}


def _hatch_colour(colour: str) -> str:
    red, green, blue, _ = to_rgba(colour)
    light = 0.299 * red + 0.587 * green + 0.114 * blue > 0.6
    return HATCH_ON_LIGHT if light else HATCH_ON_DARK


def _barh(ax: Axes, row: Mapping[str, Any], y: float, width: float, colour: str, **kwargs: Any):
    """A bar for one row; provisional rows get hatching drawn over it in a contrasting colour."""
    bars = ax.barh(y, width, **_bar_style(colour), **kwargs)
    if _truthy(row.get("provisional")):
        hatch = ax.barh(
            y,
            width,
            color="none",
            edgecolor=_hatch_colour(colour),
            linewidth=0,
            hatch=PROVISIONAL_HATCH,
            **kwargs,
        )
        for patch in hatch:
            patch.set_gid(HATCH_GID)
    return bars


def _provisional_handle(lang: str) -> Patch:
    return Patch(
        facecolor="white",
        edgecolor=EDGE_COLOUR,
        hatch=PROVISIONAL_HATCH,
        label=TEXT[lang]["provisional"],
    )


def _label_end(ax: Axes, x: float, y: float, text: str, pad: float = 4, **kwargs: Any) -> None:
    """A value label just past the end of a bar (left of it when the bar points left)."""
    style = {"va": "center", "fontsize": 9, "zorder": 5, "bbox": LABEL_BOX, **kwargs}
    ax.annotate(
        _plain(text),
        (x, y),
        xytext=(pad if x >= 0 else -pad, 0),
        textcoords="offset points",
        ha="left" if x >= 0 else "right",
        **style,
    )


def _row_axes(ax: Axes, rows: list[dict[str, Any]], lang: str, xlabel: str) -> None:
    """Row labels on the y axis (top to bottom), light grid, open frame."""
    ax.set_ylim(len(rows) - 0.4, -0.6)
    labels = [_plain(_wrap(_task_label(r, lang))) for r in rows]
    ax.set_yticks(range(len(rows)), labels=labels)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", color=GRID_COLOUR, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _legend(fig: Figure, handles: list[Any]) -> None:
    if handles:
        fig.legend(
            handles=handles,
            loc="outside lower center",
            ncols=min(4, len(handles)),
            fontsize=8.5,
            frameon=False,
        )


def _row_figure(title: str, subtitle: str, n_rows: int) -> tuple[Figure, Axes]:
    """A figure for one bar per row, its height growing with the rows."""
    fig = Figure(figsize=(10, max(2.8, 1.7 + ROW_HEIGHT_IN * n_rows)), layout="constrained")
    ax = fig.add_subplot()
    fig.suptitle(title, fontsize=13)
    if n_rows:
        ax.set_title(subtitle, fontsize=9, color=MUTED_COLOUR, loc="left")
    return fig, ax


# --- attainment ratios ----------------------------------------------------------------------


def _no_ratio_note(row: Mapping[str, Any], lang: str) -> str:
    """Short text shown in place of a bar: status plus why there is no ratio."""
    t = TEXT[lang]
    comparator = _text(row.get("comparator"))
    actual, unit = _num(row.get("actual_value")), _text(row.get("actual_unit"))
    benchmark = _num(row.get("benchmark_value"))
    if _text(row.get("status")) == "not_comparable":
        reason = t["unlike"]
    elif "prior_year_data" in _text(row.get("flags")):
        reason = t["prior_year"].format(_text(row.get("actual_period"))[:4] or "?")
    elif comparator == "qualitative":
        reason = t["qualitative"]
    elif comparator in RELATIVE_COMPARATORS:
        reason = t["relative"]
        claim = _text(row.get("national_note")) or _text(row.get("provincial_note"))
        if actual is not None and benchmark is not None:
            reason += t["relative_values"].format(
                actual=value_text(actual, unit, lang), benchmark=value_text(benchmark, unit, lang)
            )
        elif claim:
            reason += t["relative_claim"].format(claim)
    elif _num(row.get("target_value")) is None:
        reason = t["no_target"]
    elif actual is None:
        reason = t["no_actual"]
    else:
        reason = t["no_ratio"]
    return f"{_status_text(row, lang)} · {reason}"


def _status_text(row: Mapping[str, Any], lang: str) -> str:
    return status_label(_text(row.get("status")) or "not_assessable", lang)


def _status_handles(rows: list[dict[str, Any]], lang: str) -> list[Any]:
    present = {_text(r.get("status")) or "not_assessable" for r in rows}
    return [
        Patch(facecolor=colour, edgecolor=EDGE_COLOUR, linewidth=0.6, label=status_label(s, lang))
        for s, colour in STATUS_COLOURS.items()
        if s in present
    ]


def _kind(row: Mapping[str, Any]) -> str:
    """The row's kind of target (``target_kind``; worked out for a table that predates the column)."""
    kind = _text(row.get("target_kind"))
    if kind:
        return kind
    from .measures import target_kind

    unit = _text(row.get("target_unit")) or _text(row.get("actual_unit"))
    return target_kind(_text(row.get("comparator")) or None, unit, _text(row.get("good_direction")) or "higher")


def _ratio_panel(ax: Axes, rows: list[dict[str, Any]], lang: str) -> None:
    """Quantities: attainment in % of target, the 100% line."""
    t = TEXT[lang]
    percents = [_num(r.get("attainment_ratio")) for r in rows]
    percents = [None if v is None else 100 * v for v in percents]
    drawn = [p for p in percents if p is not None]
    low, high = min([0.0, *drawn]), max([110.0, *drawn])
    for y, (row, pct) in enumerate(zip(rows, percents, strict=True)):
        if pct is None:
            ax.plot([0], [y], marker="s", ms=7, color=_status_colour(row), mec=EDGE_COLOUR)
            _label_end(ax, 0, y, _no_ratio_note(row, lang), pad=8, color=MUTED_COLOUR)
            continue
        _barh(ax, row, y, pct, _status_colour(row), height=0.62)
        _label_end(ax, pct, y, f"{pct:.1f}%")
    ax.axvline(100, color=TARGET_COLOUR, linewidth=1.2, linestyle="--", zorder=3)
    ax.axvline(0, color=EDGE_COLOUR, linewidth=0.8)
    span = high - low
    ax.set_xlim(low - (0.12 * span if low < 0 else 0), high + 0.14 * span)
    _row_axes(ax, rows, lang, t["ratio_axis"])


def _pp_gap(row: Mapping[str, Any]) -> float | None:
    """The gap in pp a row is measured by (rates, ceilings and relative targets in % or pp), else None."""
    unit = _text(row.get("target_unit")) or _text(row.get("actual_unit"))
    if unit not in ("%", "pp", ""):
        return None
    return _num(row.get("gap_to_target"))


def _gap_panel(ax: Axes, rows: list[dict[str, Any]], lang: str) -> bool:
    """Rates, ceilings and relative targets: the gap in pp to the target, the band of an 'about' target
    shaded; rows without a gap keep their place with a note. Returns whether a band was drawn."""
    t = TEXT[lang]
    gaps = [_pp_gap(r) for r in rows]
    bands = [_num(r.get("tolerance")) if _text(r.get("comparator")) == "about" else None for r in rows]
    low, high = _gap_limits([g for g in gaps if g is not None] + [b for b in bands if b is not None]
                            + [-b for b in bands if b is not None])
    banded = False
    for y, (row, gap, band) in enumerate(zip(rows, gaps, bands, strict=True)):
        if band is not None and gap is not None:
            ax.add_patch(Rectangle((-band, y - 0.42), 2 * band, 0.84, color=BAND_COLOUR, zorder=0, linewidth=0,
                                   gid=BAND_GID))
            banded = True
        if gap is None:
            ax.plot([0], [y], marker="s", ms=7, color=_status_colour(row), mec=EDGE_COLOUR)
            note = _no_ratio_note(row, lang)
            if _kind(row) == "ceiling":
                note = f"{_status_text(row, lang)} · {t['other_unit']}"
            _label_end(ax, 0, y, note, pad=8, color=MUTED_COLOUR)
            continue
        _barh(ax, row, y, gap, _status_colour(row), height=0.5)
        _label_end(ax, gap, y, number_text(gap, _gap_places(row), signed=True), pad=5)
    ax.axvline(0, color=TARGET_COLOUR, linewidth=1.2, linestyle="--", zorder=3)
    ax.set_xlim(low, high)
    _row_axes(ax, rows, lang, t["gap_panel_axis"])
    return banded


def plot_attainment_ratios(table: pd.DataFrame, lang: str = "zh") -> Figure:
    """Headline targets, each by the measure of its kind, in two panels: quantities as % of target (bars
    to the 100% line); rates, ceilings and relative targets as the gap in pp to the target or reference
    (0 = target, the band of an 'about' target shaded). Never a ratio of rates. Bars take the status
    colour and provisional bars are hatched; rows without a measure keep their place with a short note.
    """
    t = TEXT[_start(lang)]
    rows = _rows(table)
    quantities = [r for r in rows if _kind(r) == "quantity"]
    others = [r for r in rows if _kind(r) != "quantity"]
    if not rows:
        fig, ax = _row_figure(t["ratio_title"], t["ratio_subtitle"], 0)
        _empty(ax, t["no_rows"])
        return _check_glyphs(fig)
    panels = [p for p in (quantities, others) if p]
    heights = [max(1.6, 0.9 + ROW_HEIGHT_IN * len(p)) for p in panels]
    fig = Figure(figsize=(10, 1.2 + sum(heights)), layout="constrained")
    fig.suptitle(t["ratio_title"], fontsize=13)
    axes = fig.subplots(len(panels), 1, gridspec_kw={"height_ratios": heights}, squeeze=False)[:, 0]
    banded = False
    for ax, panel in zip(axes, panels, strict=True):
        if panel is quantities:
            ax.set_title(t["ratio_subtitle"], fontsize=9, color=MUTED_COLOUR, loc="left")
            _ratio_panel(ax, panel, lang)
        else:
            ax.set_title(t["gap_panel"], fontsize=9, color=MUTED_COLOUR, loc="left")
            banded = _gap_panel(ax, panel, lang)
    handles = _status_handles(rows, lang)
    if quantities:
        handles.append(Line2D([], [], color=TARGET_COLOUR, linestyle="--", label=t["target_line"]))
    if others:
        handles.append(Line2D([], [], color=TARGET_COLOUR, linestyle="--", label=t["zero_line"]))
    if banded:
        handles.append(Patch(color=BAND_COLOUR, label=t["band"]))
    if any(_truthy(r.get("provisional")) for r in rows):
        handles.append(_provisional_handle(lang))
    _legend(fig, handles)
    return _check_glyphs(fig)


# --- gaps to the provincial average ---------------------------------------------------------


def _gap_colour(row: Mapping[str, Any], gap: float) -> tuple[str, str]:
    """Bar colour and legend key: better / worse than the province, or neutral."""
    direction = _text(row.get("good_direction"))
    if gap == 0 or direction not in ("higher", "lower"):
        return NEUTRAL_COLOUR, "neutral"
    better = gap > 0 if direction == "higher" else gap < 0
    return (BETTER_COLOUR, "better") if better else (WORSE_COLOUR, "worse")


def _gap_places(row: Mapping[str, Any]) -> int:
    """Decimals of a gap label: those of the figures it is the difference of."""
    return row_decimals(row)["gap"]


def _average_note(row: Mapping[str, Any], lang: str) -> str:
    """``全省 8.8%（通报所述）· 全国 8.1%``: the averages and where the provincial one came from."""
    t = TEXT[lang]
    unit = _text(row.get("actual_unit")) or _text(row.get("target_unit"))
    value = _num(row.get("provincial_avg"))
    note = t["province"] + (f" {value_text(value, unit, lang)}" if value is not None else "")
    source = _text(row.get("provincial_avg_source"))
    marks = [t["source"].get(source, source)] if source else []
    if _truthy(row.get("provincial_disputed")) and _num(row.get("provincial_avg_report")) is not None:
        marks.append(t["disputed"].format(value_text(_num(row.get("provincial_avg_report")), unit, lang)))
    independent = row.get("provincial_reference_independent")
    if _text(independent) and not _truthy(independent) and _num(row.get("provincial_avg_reference")) is not None:
        marks.append(t["not_independent"])
    if marks:
        note += t["paren"].format(t["sep"].join(marks))
    rank = rank_text(row, lang)
    if rank:
        note += f" · {rank}"
    national = _num(row.get("national_avg"))
    if national is not None:
        note += f" · {t['nation']} {value_text(national, unit, lang)}"
    return note


def _gap_limits(values: list[float]) -> tuple[float, float]:
    """x limits around zero with room for the value labels on whichever sides are used."""
    low, high = min([0.0, *values]), max([0.0, *values])
    span = max(high - low, 1.0)
    return low - (0.18 * span if low < 0 else 0.08 * span), high + 0.18 * span


def _draw_national_gap(ax: Axes, y: float, national: float) -> None:
    """The national gap: a thin line from zero ending in a hollow diamond, under the bar."""
    ax.hlines(y, 0, national, colors=NATIONAL_COLOUR, linewidth=1.4, zorder=3)
    ax.plot([national], [y], linestyle="none", zorder=4, **NATIONAL_STYLE)


def plot_provincial_gaps(table: pd.DataFrame, lang: str = "zh") -> Figure:
    """Diverging bars of city minus provincial average (pp), with the national gap as a marker.

    Each row is annotated with the averages and the provincial figure's source
    (stated / derived / reference). All rows with a provincial gap are shown, headline or not.
    """
    t = TEXT[_start(lang)]
    rows = [r for r in _rows(table, False) if _num(r.get("gap_to_provincial_pp")) is not None]
    fig, ax = _row_figure(t["gap_title"], t["gap_subtitle"], len(rows))
    if not rows:
        _empty(ax, t["no_rows"])
        return _check_glyphs(fig)
    gaps = [_num(r.get("gap_to_provincial_pp")) or 0.0 for r in rows]
    nationals = [_num(r.get("gap_to_national_pp")) for r in rows]
    low, high = _gap_limits([*gaps, *(n for n in nationals if n is not None)])
    keys = []
    for y, (row, gap, national) in enumerate(zip(rows, gaps, nationals, strict=True)):
        colour, key = _gap_colour(row, gap)
        keys.append(key)
        _barh(ax, row, y, gap, colour, height=0.5)
        if national is not None:
            _draw_national_gap(ax, y + NATIONAL_OFFSET, national)
        _label_end(ax, gap, y, number_text(gap, average_gap_decimals(row), signed=True), pad=5)
        ax.annotate(
            _plain(_average_note(row, lang)),
            (1, y),
            xycoords=("axes fraction", "data"),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=8.5,
            color=MUTED_COLOUR,
        )
    ax.axvline(0, color=TARGET_COLOUR, linewidth=1)
    ax.set_xlim(low, high)
    _row_axes(ax, rows, lang, t["gap_axis"])
    handles: list[Any] = [
        Patch(facecolor=colour, edgecolor=EDGE_COLOUR, linewidth=0.6, label=t[key])
        for key, colour in GAP_COLOURS.items()
        if key in keys
    ]
    if any(n is not None for n in nationals):
        style = {**NATIONAL_STYLE, "color": NATIONAL_COLOUR, "mfc": "white"}
        handles.append(Line2D([], [], linewidth=1.4, label=t["national_gap"], **style))
    if any(_truthy(r.get("provisional")) for r in rows):
        handles.append(_provisional_handle(lang))
    _legend(fig, handles)
    return _check_glyphs(fig)


# --- bullet charts --------------------------------------------------------------------------


def _metric_name(table: pd.DataFrame | None, metric: str, lang: str) -> str:
    """Display name of a metric id, looked up in the table itself; the id when absent."""
    if table is not None and "metric" in table.columns:
        for row in table.to_dict("records"):
            if _text(row.get("metric")) == metric and _has_name(row, lang):
                return _text(indicator_label(row, lang))
    return metric


def _relative_marks(row: Mapping[str, Any], table: pd.DataFrame | None, lang: str) -> dict:
    """An ``in_step_with`` / ``above_benchmark`` row: the benchmark is the target mark."""
    t = TEXT[lang]
    marks: dict[str, Any] = {"value": None, "band": None, "label": "", "cap": False}
    benchmark = _num(row.get("benchmark_value"))
    reference = _text(row.get("target_reference"))
    name = (t["reference"].get(reference) or _metric_name(table, reference, lang)) if reference else ""
    if benchmark is None:
        wording = t[_text(row.get("comparator"))].format(name or t["benchmark"])
        marks["label"] = f"{t['target']}{t['colon']}{wording}{t['paren'].format(t['no_benchmark'])}"
        return marks
    unit = _text(row.get("actual_unit")) or _text(row.get("target_unit"))
    shown = value_text(benchmark, unit, lang)
    marks["label"] = t["benchmark"] + t["colon"] + " ".join(p for p in (name, shown) if p)
    if _text(row.get("status")) == "not_comparable":  # unlike bases: named, never drawn against the bar
        marks["label"] += t["paren"].format(t["unlike"])
        return marks
    marks["value"] = benchmark
    return marks


def _target_marks(row: Mapping[str, Any], table: pd.DataFrame | None, lang: str) -> dict:
    """Where the target tick, its band and its label go, from comparator and direction."""
    t = TEXT[lang]
    comparator = _text(row.get("comparator"))
    if comparator in RELATIVE_COMPARATORS:
        return _relative_marks(row, table, lang)
    marks: dict[str, Any] = {"value": None, "band": None, "label": "", "cap": False}
    target, high = _num(row.get("target_value")), _num(row.get("target_high"))
    if target is None:
        return marks
    direction = _text(row.get("good_direction"))
    tolerance = _num(row.get("tolerance"))
    marks["value"] = target
    if comparator == "range" and high is not None:
        marks["band"] = (target, high)
    elif comparator == "about" and tolerance:
        marks["band"] = (target - tolerance, target + tolerance)
    marks["cap"] = direction == "ceiling" or (direction == "lower" and comparator != "range")
    marks["label"] = f"{t['target']} {target_text(row, lang)}"
    return marks


def _bullet_limits(values: list[float]) -> tuple[float, float]:
    low, high = min([0.0, *values]), max([0.0, *values])
    span = (high - low) or 1.0
    return (low - 0.08 * span if low < 0 else 0.0), high + 0.32 * span


def _status_basis(row: Mapping[str, Any], lang: str) -> str:
    """How the status was decided, in the chart's language when the table has it."""
    if lang == "zh":
        return _text(row.get("status_basis_zh"))
    return _text(row.get("status_basis"))


def _draw_text_only(ax: Axes, row: Mapping[str, Any], lang: str) -> None:
    """A qualitative row or one without figures: status and the report's verdict, no bar."""
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    box = {
        "boxstyle": "round,pad=0.35",
        "facecolor": _status_colour(row),
        "edgecolor": EDGE_COLOUR,
        "linewidth": 0.6,
    }
    ax.text(0.02, 0.62, _status_text(row, lang), ha="left", va="center", fontsize=11, bbox=box)
    outcome = _text(row.get("stated_outcome"))
    if outcome:
        outcome = TEXT[lang]["report_says"].format(outcome)
    else:
        outcome = _status_basis(row, lang) or _no_ratio_note(row, lang).split(" · ", 1)[-1]
    ax.text(
        0.02,
        0.25,
        _plain(_wrap(outcome, BULLET_WRAP_UNITS)),
        ha="left",
        va="center",
        fontsize=9,
        color=MUTED_COLOUR,
    )


def _actual_label_x(actual: float, marks: Mapping[str, Any], span: float) -> float:
    """Past the bar end, or past the target tick and band when they sit just beyond it."""
    ends = [marks["value"], *(marks["band"] or ())] if marks["value"] is not None else []
    near = [e for e in ends if actual <= e <= actual + 0.15 * span]
    return max([actual, *near]) if actual >= 0 else actual


def _draw_bullet(ax: Axes, row: Mapping[str, Any], table: pd.DataFrame | None, lang: str) -> None:
    """Draw one row's bullet chart into ``ax``."""
    t = TEXT[lang]
    subtitle = _subtitle(row, lang)
    title = _plain(_wrap(_task_label(row, lang), BULLET_WRAP_UNITS))
    ax.set_title(title, loc="left", fontsize=10.5, pad=15 + 10.5 * subtitle.count("\n"))
    ax.annotate(
        _plain(subtitle),
        (0, 1),
        xycoords="axes fraction",
        xytext=(0, 4),
        textcoords="offset points",
        va="bottom",
        ha="left",
        fontsize=8.5,
        color=MUTED_COLOUR,
    )
    actual = _num(row.get("actual_value"))
    marks = _target_marks(row, table, lang)
    if _text(row.get("comparator")) == "qualitative" or (actual is None and marks["value"] is None):
        _draw_text_only(ax, row, lang)
        return
    unit = _text(row.get("actual_unit")) or _text(row.get("target_unit"))
    provincial, national = _num(row.get("provincial_avg")), _num(row.get("national_avg"))
    values = [v for v in (actual, marks["value"], provincial, national) if v is not None]
    low, high = _bullet_limits([*values, *(marks["band"] or ())])
    ax.set_xlim(low, high)
    ax.set_ylim(-1.45 if national is not None else -1.0, 0.95)
    if marks["cap"]:
        ax.axvspan(marks["value"], high, color=CEILING_SHADE, alpha=0.08, linewidth=0)
    if marks["band"]:
        band_low, band_high = marks["band"]
        ax.barh(0, band_high - band_low, left=band_low, height=0.8, color=BAND_COLOUR, zorder=1)
    if actual is not None:
        _barh(ax, row, 0, actual, _status_colour(row), height=0.4, zorder=2)
        label_x = _actual_label_x(actual, marks, high - low)
        shown = value_text(actual, unit, lang, row_decimals(row)["actual"])
        _label_end(ax, label_x, 0, f"{t['actual']} {shown}", pad=5, fontsize=8.5)
    else:
        ax.text(
            0.5,
            0,
            t["no_actual"],
            transform=ax.get_yaxis_transform(),
            ha="center",
            va="center",
            fontsize=8.5,
            color=MUTED_COLOUR,
        )
    if marks["value"] is None and marks["label"]:
        ax.annotate(
            _plain(marks["label"]),
            (0, 0.45),
            xycoords=("axes fraction", "data"),
            xytext=(3, 0),
            textcoords="offset points",
            va="bottom",
            ha="left",
            fontsize=8.5,
        )
    if marks["value"] is not None:
        ax.vlines(marks["value"], -0.34, 0.34, colors=TARGET_COLOUR, linewidth=3, zorder=4)
        ax.annotate(
            _plain(marks["label"]),
            (marks["value"], 0.45),
            va="bottom",
            ha="center",
            fontsize=8.5,
            zorder=5,
        )
    _draw_averages(ax, provincial, national, unit, lang)
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.axvline(0, color=EDGE_COLOUR, linewidth=0.6)
    ax.set_xlabel(unit_text(unit, lang), fontsize=8.5, loc="right")
    ax.tick_params(axis="x", labelsize=8)


def _draw_averages(ax: Axes, provincial: float | None, national: float | None, unit: str, lang: str) -> None:
    """Provincial and national averages as labelled markers on two lines under the bar."""
    t = TEXT[lang]
    for y, value, style, name in (
        (-0.7, provincial, PROVINCIAL_STYLE, t["province"]),
        (-1.15, national, NATIONAL_STYLE, t["nation"]),
    ):
        if value is None:
            continue
        ax.plot([value], [y], linestyle="none", zorder=4, **style)
        ax.annotate(
            f"{name} {value_text(value, unit, lang)}",
            (value, y),
            xytext=(7, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=8.5,
            color=style["mec"],
        )


def _metric_row(table: pd.DataFrame, metric: str) -> dict[str, Any]:
    """The metric's headline row, else its first row."""
    rows = [r for r in _rows(table, headline_only=False) if _text(r.get("metric")) == metric]
    if not rows:
        known = sorted({_text(m) for m in table.get("metric", [])} - {""})
        raise KeyError(f"metric {metric!r} is not in the table (it has: {', '.join(known)})")
    headline = [r for r in rows if _truthy(r.get("is_headline"))]
    return (headline or rows)[0]


def _root_figure(ax: Axes) -> Figure:
    fig = ax.figure
    while not isinstance(fig, Figure):
        fig = fig.figure
    return fig


def plot_indicator_bullet(table: pd.DataFrame, metric: str, lang: str = "zh", ax: Axes | None = None) -> Figure:
    """Bullet chart of one metric: actual bar, target tick and band, provincial and national marks.

    Draws into ``ax`` when given (its figure is returned), else into a new figure.
    Raises KeyError when the table has no row for ``metric``.
    """
    _start(lang)
    row = _metric_row(table, metric)
    if ax is None:
        fig = Figure(figsize=(BULLET_WIDTH_IN, BULLET_HEIGHT_IN), layout="constrained")
        ax = fig.add_subplot()
    _draw_bullet(ax, row, table, lang)
    return _check_glyphs(_root_figure(ax))


def plot_bullets(table: pd.DataFrame, lang: str = "zh", columns: int = 2) -> Figure:
    """Small multiples: one bullet chart per headline row, ``columns`` to a line."""
    t = TEXT[_start(lang)]
    if columns < 1:
        raise ValueError(f"columns must be at least 1, not {columns}")
    rows = _rows(table)
    lines = max(1, math.ceil(len(rows) / columns))
    size = (BULLET_WIDTH_IN * columns, BULLET_HEIGHT_IN * lines + 0.6)
    fig = Figure(figsize=size, layout="constrained")
    fig.suptitle(t["bullets_title"], fontsize=13)
    axes = fig.subplots(lines, columns, squeeze=False).ravel()
    if not rows:
        _empty(axes[0], t["no_rows"])
    for ax, row in zip(axes, rows, strict=False):
        _draw_bullet(ax, row, table, lang)
    for ax in axes[len(rows) :]:
        ax.set_axis_off()
    return _check_glyphs(fig)


def plot_bullet_page(table: pd.DataFrame, lang: str = "zh") -> Figure:
    """The bullet charts of ``table``'s headline rows one to a line: a page of the PDF."""
    return plot_bullets(table, lang, columns=1)


# --- attainment over time (several reports) ------------------------------------------------------

OVER_TIME_TEXT = {
    "zh": {"title": "各年度目标与完成情况", "target": "目标", "actual": "完成", "no_figure": "无数值",
           "reference": "参照", "no_actual": "无完成值", "no_target": "无数值目标"},
    "en": {"title": "Targets and actuals over time", "target": "target", "actual": "actual", "no_figure": "no figure",
           "reference": "reference", "no_actual": "no actual", "no_target": "no numeric target"},
}


def _report_label(row: Mapping[str, Any]) -> str:
    period = _text(row.get("period"))
    year = _text(row.get("year"))
    return year if period in ("", "annual") else f"{year} {period}"


def plot_attainment_over_time(panel: pd.DataFrame, metrics: list[str], lang: str = "zh", columns: int = 2) -> Figure:
    """Small multiples, one per metric: the target (tick, band for 左右) and the actual (dot in its
    status colour, hollow when provisional) of every report in ``panel``, in report order."""
    from .panel import attainment_over_time

    t = OVER_TIME_TEXT[_start(lang)]
    lines = max(1, math.ceil(len(metrics) / columns))
    fig = Figure(figsize=(5.2 * columns, 2.8 * lines + 0.6), layout="constrained")
    fig.suptitle(t["title"], fontsize=13)
    axes = fig.subplots(lines, columns, squeeze=False).ravel()
    names = panel.drop_duplicates("metric").set_index("metric")
    for ax, metric in zip(axes, metrics, strict=False):
        series = attainment_over_time(panel, metric).to_dict("records")
        name = _text(names.at[metric, "indicator_zh" if lang == "zh" else "indicator_en"])
        ax.set_title(_wrap(name, 40), fontsize=10, loc="left")
        labels = [_report_label(r) for r in series]
        xs = list(range(len(series)))
        values: list[float] = []
        for x, r in zip(xs, series, strict=True):
            target, actual = _num(r.get("target")), _num(r.get("actual"))
            word = t["target"]
            if target is None and _text(r.get("comparator")) in RELATIVE_COMPARATORS:
                target = _num(r.get("benchmark_value"))  # e.g. the GDP growth income must keep pace with
                word = t["reference"]  # a pace to keep is a reference, not a target figure
            values += [v for v in (target, actual) if v is not None]
            colour = STATUS_COLOURS.get(_text(r.get("status")), NEUTRAL_COLOUR)
            if target is not None:
                high = _num(r.get("target_high"))
                if high is not None:
                    ax.add_patch(Rectangle((x - 0.25, target), 0.5, high - target, color=BAND_COLOUR, lw=0))
                ax.plot([x - 0.25, x + 0.25], [target, target], color=TARGET_COLOUR, lw=2.5)
                ax.annotate(
                    f"{word} {number_text(target)}",
                    (x + 0.28, target),
                    fontsize=8,
                    va="center",
                    color=MUTED_COLOUR,
                )
            if actual is not None:
                hollow = _truthy(r.get("provisional"))
                ax.scatter(
                    [x], [actual], s=70, zorder=3, color="white" if hollow else colour, edgecolor=colour, linewidth=2
                )
                ax.annotate(
                    f"{t['actual']} {number_text(actual)}", (x + 0.28, actual), fontsize=8, va="center", color=colour
                )
            missing = t["no_figure"] if target is None and actual is None else (
                t["no_actual"] if actual is None else t["no_target"] if target is None else "")
            if missing:  # a missing point says why
                y = target if target is not None else actual if actual is not None else 0
                ax.annotate(missing, (x, y), xytext=(0, 6), textcoords="offset points", fontsize=8, ha="center",
                            va="bottom", color=MUTED_COLOUR)
        if values and min(values) >= 0:
            ax.set_ylim(bottom=0)  # rates and levels from zero: no truncated axis exaggerates a change
        ax.set_xticks(xs, labels)
        ax.set_xlim(-0.6, max(len(xs) - 0.4, 0.9))
        unit = next((_text(r.get("actual_unit") or r.get("target_unit")) for r in series), "")
        ax.set_ylabel(unit_text(unit, lang) if unit else "", fontsize=8)
        ax.grid(axis="y", color=GRID_COLOUR)
        ax.spines[["top", "right"]].set_visible(False)
    for ax in axes[len(metrics) :]:
        ax.set_axis_off()
    handles = [Patch(color=STATUS_COLOURS[s], label=status_label(s, lang)) for s in STATUS_COLOURS]
    _legend(fig, handles)
    return _check_glyphs(fig)
