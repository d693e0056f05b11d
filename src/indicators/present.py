"""How a row reads, in ``zh`` or ``en``: the one presentation layer of the notebooks, workbook, PDF and charts.

A value with its unit, a gap with its sign and unit, a target in words, an actual with its period,
a status with its provisional mark, a flag, a provincial figure: each is worded here and nowhere
else, so that one row shows the same string in every output. The unit glossary is :data:`UNITS`.

Rounding: a figure is shown with the decimals the report printed it with (``12.0%`` stays ``12.0``,
``3.125`` stays ``3.125``), read from the sentence it came from; a gap with the decimals of the
two figures it is the difference of, never more.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from .labels import (
    COMPARATOR_LABELS,
    STATUS_LABELS,
    check_lang,
    flag_text,
    mark,
    status_label,
)
from .values import as_number

__all__ = [
    "MISSING", "UNITS", "actual_text", "average_text", "decimals_of", "flag_text", "flags_text",
    "gap_decimals", "gap_text", "measure_text", "number_format", "number_text", "period_text",
    "rank_text", "ratio_text", "row_decimals", "status_text", "target_text", "unit_text", "value_text",
]

MISSING = "—"
MAX_DECIMALS = 4

#: units as the tables hold them → (zh, en); composite units (万 + 人, 亿 + 元) are built by :func:`unit_text`
UNITS: dict[str, tuple[str, str]] = {
    "%": ("%", "%"),
    "pp": ("个百分点", "pp"),
    "μg/m³": ("微克/立方米", "μg/m³"),
    "微克/立方米": ("微克/立方米", "μg/m³"),
    "元/人": ("元/人", "CNY per person"),
    "万元/人": ("万元/人", "CNY 10k per person"),
}
#: base units (after a magnitude prefix): zh → en; currencies are written code first (CNY 100m)
BASE_UNITS = {
    "元": "CNY", "美元": "USD", "人": "persons", "人次": "person-times", "斤": "jin", "吨": "tonnes",
    "亩": "mu", "户": "households", "个": "units", "套": "units", "家": "firms", "座": "facilities",
    "张": "beds", "所": "institutions", "条": "lines", "口": "wells", "台": "sets", "公里": "km",
    "平方米": "m²", "批次": "batches", "辆": "vehicles", "项": "projects", "件": "items", "次": "times",
    "千瓦": "kW", "千瓦时": "kWh", "标准煤": "tce", "公顷": "ha", "天": "days", "年": "years",
}
CURRENCIES = ("CNY", "USD")
#: magnitude prefixes: zh → en
PREFIXES = (("万亿", "trillion"), ("亿", "100m"), ("万", "10k"), ("千", "thousand"), ("百", "hundred"))
_TRADITIONAL = str.maketrans({"億": "亿", "萬": "万", "畝": "亩"})

#: words of target wording: (zh, en)
WORDS = {
    "about": ("{v}左右", "about {v}"),
    "ceiling": ("(上限)", " (ceiling)"),
    "qualitative": ("定性目标", "qualitative"),
    "no_target": ("无数值目标", "no numeric target"),
    "no_actual": ("无完成值", "not reported"),
    "estimate": ("预计", "est."),
    "in_step": ("与{ref}同步", "in step with {ref}"),
    "above": ("高于{region}平均水平", "above the {region} average"),
    "regions": ({"national": "全国", "provincial": "全省"}, {"national": "national", "provincial": "provincial"}),
    "attainment": ("完成率", "attainment"),
    "headroom": ("余量", "headroom"),
    "outside_band": ("(超出区间 {gap})", " ({gap} outside the band)"),
    "vs_reference": ("(对参照值)", " vs the reference"),
    "unclassified": ("未收录指标", "indicator not in the catalogue"),
}

#: what an in_step_with target keeps pace with, as reports word it: (zh, en)
REFERENCES = {"gdp_growth": ("经济增长", "GDP growth")}

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_PERIOD = re.compile(r"^(\d{4})(?:(Q|H|M)(\d+)(?:-(?:Q|H|M)?(\d+))?)?$")
_QUARTERS_ZH = {(1, 1): "一季度", (1, 2): "上半年", (1, 3): "前三季度", (1, 4): "全年"}


def _i(lang: str) -> int:
    return 0 if check_lang(lang) == "zh" else 1


def cell(row: Mapping[str, Any] | None, key: str) -> Any:
    """A cell of a row (a dict or a Series): None when missing, NaN, NA or blank."""
    value = row.get(key) if row is not None and hasattr(row, "get") else None
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    try:
        import pandas as pd  # loaded already wherever a table is shown

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _text(row: Mapping[str, Any] | None, key: str) -> str:
    value = cell(row, key)
    return "" if value is None else str(value).strip()


def _true(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value) if value is not None else False


# --- numbers ---------------------------------------------------------------------------------------


def decimals_of(value: Any, text: Any = None) -> int:
    """Decimals a figure is written with: as printed in ``text`` where it is there (``12.0`` → 1), else
    as the number holds them (``3.125`` → 3), at most ``MAX_DECIMALS``.

    >>> decimals_of(12.0, "增长12.0%"), decimals_of(0.652), decimals_of(4321.0)
    (1, 3, 0)
    """
    number = as_number(value)
    if number is None:
        return 0
    if isinstance(text, str) and text:
        printed = [m for m in _NUMBER.findall(text.replace(",", "")) if math.isclose(float(m), abs(number))]
        if printed:
            return min(MAX_DECIMALS, max(len(m.partition(".")[2]) for m in printed))
    shown = f"{abs(number):.{MAX_DECIMALS}f}".rstrip("0")
    return len(shown.partition(".")[2])


def number_text(value: Any, decimals: int | None = None, signed: bool = False) -> str:
    """A figure with ``decimals`` places (its own when None), ``+`` on a positive one when ``signed``;
    ``—`` when missing. No thousands separators, no exponent, never ``-0``."""
    number = as_number(value)
    if number is None:
        return MISSING
    places = decimals_of(number) if decimals is None else max(0, int(decimals))
    text = f"{number:.{places}f}"
    if text.startswith("-") and not text.strip("-0."):
        text = text[1:]
    if signed and not text.startswith("-") and text.strip("0."):
        text = "+" + text
    return text


def unit_text(unit: Any, lang: str = "zh") -> str:
    """A unit as a reader of ``lang`` writes it: ``亿元`` → ``CNY 100m``, ``万人`` → ``10k persons``,
    ``亿斤`` → ``100m jin``, ``%`` → ``%``, ``pp`` → ``个百分点`` / ``pp``. Unknown units stay as written."""
    i = _i(lang)
    if unit is None or (isinstance(unit, float) and math.isnan(unit)):
        return ""
    unit = str(unit).strip().translate(_TRADITIONAL)
    if unit in UNITS:
        return UNITS[unit][i]
    if i == 0:
        return unit
    for prefix, words in (*PREFIXES, ("", "")):
        base = unit[len(prefix):] if unit.startswith(prefix) else None
        if base in BASE_UNITS:
            name = BASE_UNITS[base]
            if not words:
                return name
            return f"{name} {words}" if name in CURRENCIES else f"{words} {name}"
    return unit


def _with_unit(number: str, unit: Any, lang: str) -> str:
    shown = unit_text(unit, lang)
    if number == MISSING or not shown:
        return number
    if shown == "%" or (lang == "zh" and shown != "μg/m³"):
        return f"{number}{shown}"
    return f"{number} {shown}"


def value_text(value: Any, unit: Any = "", lang: str = "zh", decimals: int | None = None) -> str:
    """A figure with its unit: ``8.5%``, ``6.9万人`` / ``6.9 10k persons``, ``4321亿元`` / ``4321 CNY 100m``."""
    check_lang(lang)
    return _with_unit(number_text(value, decimals), unit, lang)


def gap_unit(unit: Any) -> str:
    """The unit of a difference of two figures in ``unit``: percentage points for a rate."""
    text = "" if unit is None or (isinstance(unit, float) and math.isnan(unit)) else str(unit).strip()
    return "pp" if text in ("%", "pp") else text


def gap_text(gap: Any, unit: Any = "", lang: str = "zh", decimals: int | None = None) -> str:
    """A difference with its sign and unit: ``+3.1个百分点`` / ``+3.1 pp``, ``-0.37 pp``, ``+0.7万人``."""
    check_lang(lang)
    return _with_unit(number_text(gap, decimals, signed=True), gap_unit(unit), lang)


def ratio_text(value: Any) -> str:
    """An attainment fraction as a percentage with one decimal: ``110.1%``."""
    number = as_number(value)
    return MISSING if number is None else f"{number * 100:.1f}%"


def row_decimals(row: Mapping[str, Any]) -> dict[str, int]:
    """Decimals of a row's target and actual as the report printed them, and of the gap between them."""
    target = decimals_of(cell(row, "target_value"), cell(row, "target_text"))
    high = decimals_of(cell(row, "target_high"), cell(row, "target_text"))
    actual = decimals_of(cell(row, "actual_value"), cell(row, "source_text"))
    return {"target": target, "target_high": high, "actual": actual, "gap": max(target, actual)}


def gap_decimals(row: Mapping[str, Any]) -> int:
    """Decimals of a gap of ``row`` (target against actual, or actual against an average)."""
    return row_decimals(row)["gap"]


def number_format(decimals: int, unit: Any = "", lang: str = "zh", signed: bool = False) -> str:
    """The spreadsheet number format that shows a figure as :func:`value_text` (or :func:`gap_text`) does."""
    digits = "0" + ("." + "0" * decimals if decimals > 0 else "")
    shown = unit_text(gap_unit(unit) if signed else unit, lang)
    suffix = "" if not shown else ('"%"' if shown == "%" else f'"{"" if lang == "zh" else " "}{shown}"')
    if not signed:
        return digits + suffix
    return f"+{digits}{suffix};-{digits}{suffix};{digits}{suffix}"


# --- periods ---------------------------------------------------------------------------------------


def period_text(value: Any, lang: str = "zh") -> str:
    """A period code in words: ``2021Q1-Q3`` → ``2021年前三季度`` / ``2021 Q1–Q3``; ``2021`` → ``2021年``."""
    check_lang(lang)
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value).strip()
    match = _PERIOD.match(text)
    if not match:
        return text
    year, kind, first, last = match.groups()
    if not kind:
        return f"{year}年" if lang == "zh" else year
    a, b = int(first), int(last or first)
    if lang == "en":
        if kind == "M":
            months = [dt.date(2000, m, 1).strftime("%b") for m in (a, b)]
            return f"{year} {months[0]}–{months[1]}" if a != b else f"{year} {months[0]}"
        return f"{year} {kind}{a}–{kind}{b}" if a != b else f"{year} {kind}{a}"
    if kind == "Q":
        return f"{year}年" + _QUARTERS_ZH.get((a, b), f"第{a}–{b}季度")
    if kind == "H":
        return f"{year}年" + ("上半年" if (a, b) == (1, 1) else "全年" if b == 2 else "下半年")
    return f"{year}年{a}–{b}月" if a != b else f"{year}年{a}月"


def paren(text: str, lang: str = "zh") -> str:
    """``(text)`` after a figure (no space in Chinese, as the status marks have it); empty for no text."""
    if not text:
        return ""
    return f"({text})" if lang == "zh" else f" ({text})"


# --- a row in words --------------------------------------------------------------------------------


def _reference_name(reference: str, lang: str) -> str:
    from .catalogue import load_catalogue

    try:
        catalogue = load_catalogue()
        return catalogue.label(reference, lang) if reference in catalogue else reference
    except Exception:  # a missing catalogue must not stop an output
        return reference


def target_text(row: Mapping[str, Any], lang: str = "zh") -> str:
    """The target as a reader says it: ``8.5%左右`` / ``about 8.5%``, ``≥ 10%``, ``≤ 3%(上限)`` /
    ``≤ 3% (ceiling)``, ``6–6.5%``, ``与地区生产总值增长同步``, ``高于全国平均水平``."""
    i = _i(lang)
    comparator = _text(row, "comparator")
    unit = cell(row, "target_unit")
    places = row_decimals(row)["target"]
    figure = value_text(cell(row, "target_value"), unit, lang, places)
    ceiling = _text(row, "good_direction") == "ceiling"
    lower = _text(row, "good_direction") in ("lower", "ceiling")
    reference = _text(row, "target_reference")
    if comparator == "qualitative":
        return WORDS["qualitative"][i]
    if comparator == "in_step_with":
        reference = reference or "gdp_growth"
        name = REFERENCES[reference][i] if reference in REFERENCES else _reference_name(reference, lang)
        return WORDS["in_step"][i].format(ref=name)
    if comparator == "above_benchmark":
        regions = WORDS["regions"][i]
        return WORDS["above"][i].format(region=regions.get(reference, regions["national"]))
    if figure == MISSING:
        return WORDS["no_target"][i]
    cap = WORDS["ceiling"][i] if ceiling else ""
    if comparator == "about":
        return WORDS["about"][i].format(v=figure) + cap
    if comparator == "at_least":
        return f"≥ {figure}"
    if comparator == "at_most" or (comparator == "exact" and lower):
        return f"≤ {figure}{cap}"
    if comparator == "range" and cell(row, "target_high") is not None:
        low = number_text(cell(row, "target_value"), places)
        return f"{low}–{value_text(cell(row, 'target_high'), unit, lang, row_decimals(row)['target_high'])}"
    return figure + cap


def actual_text(row: Mapping[str, Any], lang: str = "zh", with_period: bool = True) -> str:
    """The achieved figure: ``11.6%(2021年)`` / ``11.6% (2021)``, ``≈ 4%``, ``≥ 2.3万亿元(预计)``."""
    i = _i(lang)
    if cell(row, "actual_value") is None:
        return WORDS["no_actual"][i]
    flags = flags_of(row)
    prefix = "≈ " if "approximate_actual" in flags else "≥ " if "lower_bound_actual" in flags else ""
    figure = prefix + value_text(cell(row, "actual_value"), cell(row, "actual_unit"), lang, row_decimals(row)["actual"])
    notes = [period_text(cell(row, "actual_period"), lang)] if with_period else []
    notes.append(_basis_text(_text(row, "actual_basis"), lang))
    if "estimated" in flags:
        notes.append(WORDS["estimate"][i])
    return figure + paren(("，" if lang == "zh" else ", ").join(n for n in notes if n), lang)


#: price and currency bases of a figure: (zh, en)
BASES = {"nominal": ("名义", "nominal"), "real": ("实际", "real"), "cny": ("人民币计价", "in CNY"),
         "usd": ("美元计价", "in USD")}


def _basis_text(basis: str, lang: str) -> str:
    words = BASES.get(basis.lower())
    return words[_i(lang)] if words else basis


def gap_to_target_text(row: Mapping[str, Any], lang: str = "zh") -> str:
    """Actual minus target in the target's unit (pp for rates), to the report's precision."""
    unit = cell(row, "target_unit") or cell(row, "actual_unit")
    return gap_text(cell(row, "gap_to_target"), unit, lang, gap_decimals(row))


def average_gap_decimals(row: Mapping[str, Any], level: str = "provincial") -> int:
    """Decimals of the city's gap to the provincial (national) figure: those of the two figures."""
    return max(decimals_of(cell(row, "actual_value"), cell(row, "source_text")), decimals_of(cell(row, f"{level}_avg")))


def average_gap_text(row: Mapping[str, Any], level: str = "provincial", lang: str = "zh") -> str:
    """City minus the provincial (national) figure, in pp, to the precision of the two figures."""
    return gap_text(cell(row, f"gap_to_{level}_pp"), "pp", lang, average_gap_decimals(row, level))


def flags_of(row: Mapping[str, Any], column: str = "flags") -> list[str]:
    """The flags of a row, as a list."""
    return [f.strip() for f in _text(row, column).split(";") if f.strip()]


def flags_text(row: Mapping[str, Any], lang: str = "zh", long: bool = False, provisional: bool = False) -> list[str]:
    """The row's flags in words (short, or explained); with ``provisional``, the provisional mark first
    where the row's status is provisional."""
    words = [mark("provisional", lang)] if provisional and _true(cell(row, "provisional")) else []
    for flag in flags_of(row):
        shown = flag_text(flag, lang, long)
        if shown not in words:
            words.append(shown)
    return words


def status_text(row: Mapping[str, Any], lang: str = "zh") -> str:
    """The status in words, with the provisional mark where it rests on an estimate, part-year or
    prior-year figure: ``超额完成(暂定)`` / ``exceeded (provisional)``."""
    words = status_label(_text(row, "status") or "not_assessable", lang)
    if _true(cell(row, "provisional")):
        words += paren(mark("provisional", lang), lang)
    return words


#: the column holding each kind of target's measure (see ``measures``)
MEASURE_COLUMNS = {"quantity": "attainment_ratio", "ceiling": "headroom", "rate": "gap_to_target",
                   "relative": "gap_to_target"}


def measure_value(row: Mapping[str, Any]) -> float | None:
    """The figure of a row's measure, by the kind of its target (None where the kind has none)."""
    column = MEASURE_COLUMNS.get(_text(row, "target_kind"))
    return as_number(cell(row, column)) if column else None


def measure_text(row: Mapping[str, Any], lang: str = "zh") -> str:
    """A row's measure in words, by the kind of its target: ``完成率 110.1%`` for a quantity, ``+3.1个百分点
    (超出区间 +2.6个百分点)`` for a rate, ``余量 1.7个百分点`` under a ceiling, ``-1.6个百分点(对参照值)``
    for a relative target; empty where the kind has no measure or the figures are missing."""
    i = _i(lang)
    kind = _text(row, "target_kind")
    unit = cell(row, "target_unit") or cell(row, "actual_unit")
    places = gap_decimals(row)
    figure = measure_value(row)
    if figure is None:
        return ""
    if kind == "quantity":
        return f"{WORDS['attainment'][i]} {ratio_text(figure)}"
    if kind == "ceiling":
        room = _with_unit(number_text(figure, places), gap_unit(unit), lang)
        return f"{WORDS['headroom'][i]} {room}"
    text = gap_text(figure, unit, lang, places)  # a rate or a relative target: the gap to it
    band = as_number(cell(row, "gap_to_band"))
    if band:
        text += WORDS["outside_band"][i].format(gap=gap_text(band, unit, lang, places))
    if kind == "relative":
        text += WORDS["vs_reference"][i]
    return text


#: where a provincial or national figure came from: (zh, en)
AVERAGE_SOURCES = {
    "stated": ("报告所述", "stated in the report"),
    "derived": ("由报告所述差距推算", "derived from a gap the report states"),
    "reference": ("参考数据", "reference"),
}


def average_text(row: Mapping[str, Any], level: str = "provincial", lang: str = "zh") -> str:
    """A provincial (or national) figure in words, with what a reader must know about it: ``8.9%(参考数据；
    报告称7.8%，不一致；非独立来源)`` / ``8.9% (reference; report says 7.8%, disputed; not independent)``."""
    i = _i(lang)
    value = cell(row, f"{level}_avg")
    if value is None:
        return ""
    unit = cell(row, "actual_unit")
    text = value_text(value, unit, lang)
    notes = []
    source = _text(row, f"{level}_avg_source")
    if source in AVERAGE_SOURCES:
        notes.append(AVERAGE_SOURCES[source][i])
    if _true(cell(row, f"{level}_disputed")):
        own = cell(row, f"{level}_avg_report")
        said = ""
        if own is not None:
            said = f"{mark('report_says', lang)}{'' if i == 0 else ' '}{value_text(own, unit, lang)}"
        notes.append(f"{said}{'，' if i == 0 else ', '}{mark('disputed', lang)}" if said else mark("disputed", lang))
    independent = cell(row, f"{level}_reference_independent")
    if independent is not None and not _true(independent) and cell(row, f"{level}_avg_reference") is not None:
        notes.append(mark("not_independent", lang))
    return text + paren(("；" if i == 0 else "; ").join(notes), lang)


def rank_text(row: Mapping[str, Any], lang: str = "zh") -> str:
    """The provincial rank the report states (居全省第6位 → ``全省第6位``), or empty."""
    rank = as_number(cell(row, "provincial_rank"))
    if rank is None or rank != int(rank) or cell(row, "actual_value") is None:
        return ""  # a rank belongs beside a figure
    return mark("rank", lang, int(rank))


def comparator_text(comparator: str, lang: str = "zh") -> str:
    """The kind of comparison a target makes, in words (``左右`` / ``about``)."""
    return COMPARATOR_LABELS[check_lang(lang)].get(comparator, comparator)


def is_status_label(text: str, lang: str = "zh") -> bool:
    """Whether ``text`` is a status in words (with or without a provisional mark)."""
    return any(text == label or text.startswith((label + "(", label + " ("))
               for label in STATUS_LABELS[check_lang(lang)].values())


# --- tables as a reader sees them ----------------------------------------------------------------------

#: columns a reader of one edition does not need: the other language's copy of a text
OTHER_LANGUAGE = {
    "zh": ("indicator_en", "benchmark_note", "status_basis", "note"),
    "en": ("benchmark_note_zh", "status_basis_zh", "note_zh"),
}
#: what the curated reference files say about how a figure was obtained, in Chinese, by how the note starts
HOW_OBTAINED_ZH = (("stated as", "来源直接给出(已换算单位)"), ("stated", "来源直接给出"), ("derived", "由所述差距推算"))
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SOURCE_COLUMNS = ("provincial_avg_source", "national_avg_source")
_METRIC_COLUMNS = ("metric", "used_for", "target_reference")
_BOOL_COLUMNS = ("is_headline", "provisional", "provincial_disputed", "national_disputed", "agrees", "independent",
                 "provincial_reference_independent", "national_reference_independent")


def column_text(column: str, lang: str = "zh") -> str:
    """A column's header in words (the glossary ``COLUMN_WORDS``)."""
    from .labels import COLUMN_WORDS

    words = COLUMN_WORDS.get(column)
    return words[_i(lang)] if words else column


def finding_indicators(findings: Any, table: Any, lang: str = "zh") -> list[str]:
    """The indicator each finding is about, as the table names it in ``lang``: matched on task, metric and
    subject (two unclassified figures of one task are two indicators), else on task and metric where that
    is one row, else the finding's subject."""
    names: dict[tuple, str] = {}
    by_metric: dict[tuple, set] = {}
    column = "indicator_en" if _i(lang) else "indicator_zh"
    for row in table.to_dict("records") if table is not None and column in table else []:
        name = _text(row, column) or _text(row, "indicator_zh")
        task, metric = str(row.get("task")), _text(row, "metric")
        names.setdefault((task, metric, _text(row, "subject")), name)
        by_metric.setdefault((task, metric), set()).add(name)
    shown = []
    for finding in findings.to_dict("records"):
        task, metric, subject = str(finding.get("task")), _text(finding, "metric"), _text(finding, "subject")
        alone = by_metric.get((task, metric), set())
        shown.append(names.get((task, metric, subject)) or (next(iter(alone)) if len(alone) == 1 else "")
                     or subject or metric_text(metric, lang))
    return shown


def metric_text(metric: str, lang: str = "zh") -> str:
    """A metric id in words: the catalogue's name; ``trade_growth_usd`` → its base name and the currency."""
    from .labels import VALUE_WORDS

    if metric in ("national", "provincial"):
        return VALUE_WORDS["region"][metric][_i(lang)]
    name = _reference_name(metric, lang)
    if name != metric:
        return name
    base, _, suffix = metric.rpartition("_")
    words = {"usd": ("美元计价", "in USD"), "cny": ("人民币计价", "in CNY"), "comparable": ("可比口径", "comparable")}
    if base and suffix in words:
        return metric_text(base, lang) + paren(words[suffix][_i(lang)], lang)
    return WORDS["unclassified"][_i(lang)] if metric == "unclassified" else metric


def coded_text(column: str, value: Any, lang: str = "zh") -> Any:
    """A cell of a table as a reader sees it: codes in words (statuses, flags, sources, regions, booleans,
    units, periods), numbers as numbers, empty for missing."""
    from .labels import VALUE_WORDS, kind_label

    i = _i(lang)
    if value is None or cell({"v": value}, "v") is None:
        return None
    if column in _BOOL_COLUMNS or isinstance(value, bool):
        truth = _true(value) if not isinstance(value, bool) else value
        return VALUE_WORDS["bool"][truth][i]
    if isinstance(value, (int, float)) or hasattr(value, "dtype"):
        return value
    text = str(value)
    if column == "status":
        return status_label(text, lang)
    if column in ("flags", "check_flags"):
        words = [flag_text(f, lang) if column == "flags" else VALUE_WORDS["check"].get(f, (f, f))[i]
                 for f in text.split(";") if f.strip()]
        return ("；" if i == 0 else "; ").join(words)
    if column == "comparator":
        return comparator_text(text, lang)
    if column == "target_kind":
        return kind_label(text, lang)
    if column in _METRIC_COLUMNS:
        return metric_text(text, lang)
    if column in ("target_unit", "actual_unit", "unit"):
        return unit_text(text, lang)
    if column == "actual_period":
        return period_text(text, lang)
    if column in _SOURCE_COLUMNS:
        return VALUE_WORDS["source"].get(text, (text, text))[i]
    if column in ("provincial_reference_type", "national_reference_type"):
        return VALUE_WORDS["source_type"].get(text, (text, text))[i]
    if column == "how_obtained" and i == 0:
        return next((zh for start, zh in HOW_OBTAINED_ZH if text.startswith(start)), text)
    if column == "basis":
        return _basis_words(text, i)
    if column in VALUE_WORDS:
        return VALUE_WORDS[column].get(text.lower() if column == "region" else text, (text, text))[i]
    return text


def _basis_words(text: str, i: int) -> str:
    """The basis of a reference figure in words; a curated English note in the Chinese edition by its
    first words (``nominal (the gap statement …)`` → ``名义(现价)``), the Chinese it starts with kept."""
    from .labels import VALUE_WORDS

    known = VALUE_WORDS["basis"]
    if text in known:
        return known[text][i]
    if i == 1:
        return text
    head = re.split(r"\s*[(;（]", text, maxsplit=1)[0].strip()
    if head in known:
        return known[head][0]
    return head if re.search(r"[\u4e00-\u9fff]", head) else "见参考数据文件"


def reader_table(frame: Any, lang: str = "zh", columns: list[str] | None = None) -> Any:
    """A copy of a table for readers of ``lang``: headers and coded values in words, numbers kept as numbers,
    the other language's text columns and metric ids left out where the indicator is named."""
    import pandas as pd

    keep = reader_columns(frame, lang, columns)
    return pd.DataFrame({column_text(c, lang): [coded_text(c, v, lang) for v in frame[c].tolist()] for c in keep})


def reader_columns(frame: Any, lang: str = "zh", columns: list[str] | None = None) -> list[str]:
    """The columns :func:`reader_table` keeps, in order."""
    check_lang(lang)
    keep = [c for c in (columns or list(frame.columns)) if c in frame.columns and c not in OTHER_LANGUAGE[lang]]
    if "indicator_zh" in keep or "indicator_en" in keep:
        keep = [c for c in keep if c != "metric"]
    return keep


# --- what was read, and what was not ------------------------------------------------------------------

COVERAGE_WORDS = {
    "tasks": ("任务", "Tasks"),
    "tasks_text": ("识别出 {tasks} 项任务，表格共 {rows} 行数字", "{tasks} tasks found, {rows} rows of figures"),
    "quantities": ("数字", "Figures"),
    "quantities_text": ("原文中读出 {read} 个数字，其中 {placed} 个({share})列入表格；其余为说明性数字或未能与目标配对",
                        "{read} figures read in the text, {placed} ({share}) placed in the table; the rest describe "
                        "or could not be paired with a target"),
    "cut": ("原文完整性", "Completeness"),
    "cut_text": ("原文在第 {tasks} 项任务处中断(网页只存有部分内容)：其后的任务未能读取",
                 "the text stops inside task {tasks} (only part of the page was kept): later tasks could not be read"),
    "whole": ("未发现原文中断", "no sign of the text being cut"),
    "layout": ("版式", "Layout"),
}


def coverage_lines(table: Any, meta: Mapping[str, Any] | None, lang: str = "zh") -> list[tuple[str, str]]:
    """What the extraction read and what it could not, as (label, sentence) pairs: tasks found, figures read
    against figures placed (``targets.meta.yml``), and where the text is cut (rows flagged ``text_truncated``)."""
    i = _i(lang)
    words = {key: value[i] for key, value in COVERAGE_WORDS.items()}
    lines = []
    if table is not None and "task" in table:
        lines.append((words["tasks"], words["tasks_text"].format(tasks=table["task"].nunique(), rows=len(table))))
    coverage = (meta or {}).get("coverage") if isinstance((meta or {}).get("coverage"), dict) else {}
    read, placed = as_number(coverage.get("quantities_read")), as_number(coverage.get("quantities_placed"))
    if read and placed is not None:
        share = f"{placed / read * 100:.0f}%"
        lines.append((words["quantities"], words["quantities_text"].format(read=int(read), placed=int(placed),
                                                                           share=share)))
    if table is not None and "flags" in table:
        cut = table[table["flags"].fillna("").str.contains("text_truncated")]
        tasks = "、".join(str(t) for t in sorted(set(cut["task"]))) if i == 0 else ", ".join(
            str(t) for t in sorted(set(cut["task"])))
        lines.append((words["cut"], words["cut_text"].format(tasks=tasks) if len(cut) else words["whole"]))
    return lines


def place_text(city: Any, lang: str = "zh") -> str:
    """A city as a reader of ``lang`` names it: ``芜湖市`` in Chinese, its pinyin (``Wuhu``) in English where the
    region table knows it."""
    name = "" if city is None else str(city).strip()
    if _i(lang) == 0 or not name:
        return name
    from .benchmarks import city_names

    ascii_names = [n for n in city_names(name) if n.isascii()]
    return ascii_names[0].replace("-", " ").title() if ascii_names else name


#: bodies that publish reports, and levels of government, in English (the longest name first)
PUBLISHER_BODIES = (
    ("人民政府办公室", "People's Government General Office"), ("人民政府办公厅", "People's Government General Office"),
    ("人民政府", "People's Government"), ("发展和改革委员会", "Development and Reform Commission"),
    ("发改委", "Development and Reform Commission"), ("统计局", "Statistics Bureau"),
)
PUBLISHER_LEVELS = {"省": "Provincial", "市": "Municipal", "州": "Prefectural", "县": "County", "区": "District"}


def publisher_text(publisher: Any, city: Any = None, lang: str = "zh") -> str:
    """Who published the report: as written in Chinese; in English, where it is the report's own place and
    a known body, the place in pinyin and the body in words, the original beside it (``Wuhu Municipal
    People's Government (芜湖市人民政府)``); otherwise as written."""
    original = "" if publisher is None else str(publisher).strip()
    if _i(lang) == 0 or not original or not city:
        return original
    place = str(city).strip()
    for zh, en in PUBLISHER_BODIES:
        head = original.removesuffix(zh)
        level = PUBLISHER_LEVELS.get(head[-1:]) if head != original else None
        if level and head in (place, place + head[-1:]):
            name = place_text(place, lang)
            return original if _CJK.search(name) else f"{name} {level} {en} ({original})"
        if head != original:
            break
    return original


#: what kind of report a title names, by the words in it (the first that matches): (words, English)
TITLE_KINDS = (
    (("政府工作报告",), "government work report"),
    (("计划执行情况",), "report on the implementation of the economic and social development plan"),
    (("计划的执行情况",), "report on the implementation of the economic and social development plan"),
    (("重点工作", "完成情况"), "notice on the completion of the government's key tasks"),
    (("重点工作", "进展情况"), "progress of the government's key tasks"),
    (("目标任务", "完成情况"), "completion of the year's targets"),
    (("目标任务", "进展情况"), "progress towards the year's targets"),
    (("民生",), "report on livelihood projects"),
)


def title_text(meta: Mapping[str, Any], lang: str = "zh") -> str:
    """The report's title: as written in Chinese; in English the place in pinyin, the year and the kind of
    report beside the original (``Wuhu 2021: notice on the completion of the government's key tasks —
    芜湖市2021年政府重点工作任务完成情况的通报``); ``report`` where the kind is not known."""
    original = str(meta.get("title") or meta.get("report_id") or "")
    if _i(lang) == 0:
        return original
    place, year = place_text(meta.get("city"), lang), number_text(meta.get("year"), 0)
    named = " ".join(p for p in (place, "" if year == MISSING else year) if p and not _CJK.search(p))
    kind = next((en for words, en in TITLE_KINDS if all(w in original for w in words)), "report")
    named = f"{named}: {kind}" if named and kind != "report" else " ".join(p for p in (named, kind) if p)
    return f"{named} — {original}" if original else named
