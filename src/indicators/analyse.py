"""Attainment analysis: how far each target was met, and how the city stands against province and nation.

``compute_attainment`` is pure: the targets table, the benchmark table and the catalogue in; the
attainment table, the consistency findings and the benchmark rows used out. Every rule is written
in ``METHODOLOGY`` (shown in the README, the metadata file, the workbook and the PDF).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import periods as g
from .benchmarks import currency_of, independent_of
from .catalogue import Catalogue, MetricEntry, load_catalogue
from .extract import FLAG_ORDER
from .labels import VALUE_WORDS
from .measures import (
    RATE_UNITS,
    attainment_ratio,
    basis_words,
    figure_on_basis,
    gap_to_band,
    headroom,
    price_basis,
    target_kind,
)
from .methodology import METHODOLOGY as _RULES
from .methodology import methodology as _methodology
from .present import coded_text, metric_text
from .values import as_number as _num

FINDINGS_COLUMNS = (
    "report_id",
    "task",
    "metric",
    "subject",
    "check",
    "stated",
    "recomputed",
    "difference",
    "agrees",
    "note",
    "note_zh",
    "source_line",
)
DEFAULT_TOLERANCE_PP = 0.5
DEFAULT_TOLERANCE_REL = 0.02
PROVISIONAL_FLAGS = {
    "estimated": ("rests on an estimate (预计)", "依据预计数"),
    "partial_period": ("covers only part of the year", "仅为部分时期数据"),
    "prior_year_data": ("is the previous year's figure", "为上年数据"),
}
#: verdicts that say how a target went (not_comparable and not_assessable say why there is none)
VERDICTS = ("exceeded", "met", "within_band", "on_track", "behind_schedule", "missed")
#: a part-year figure is on track where a whole-year one would be exceeded, met or within the band
_PART_YEAR = {"exceeded": "on_track", "met": "on_track", "within_band": "on_track", "missed": "behind_schedule"}
_EPS = 1e-9
METHODOLOGY = [en for en, _ in _RULES]


@dataclass
class AttainmentResult:
    """The three tables the analysis writes."""

    attainment: pd.DataFrame
    findings: pd.DataFrame
    benchmarks_used: pd.DataFrame


@dataclass
class _Bench:
    """A reference figure comparable with a row, or the reason (en, zh) there is none."""

    value: float | None = None
    source_row: dict | None = None
    note: tuple[str, str] | None = None

    @property
    def source_type(self) -> str | None:
        return str(self.source_row.get("source_type") or "") or None if self.source_row else None


def methodology(
    tolerance_pp: float = DEFAULT_TOLERANCE_PP, tolerance_rel: float = DEFAULT_TOLERANCE_REL, lang: str = "en"
) -> list[str]:
    """The rules in ``lang`` (``en`` or ``zh``), with the tolerances in force written in."""
    return _methodology(tolerance_pp, tolerance_rel, lang)


def compute_attainment(
    targets: pd.DataFrame,
    benchmarks: pd.DataFrame,
    catalogue: Catalogue | None = None,
    province: str | None = None,
    tolerance_pp: float = DEFAULT_TOLERANCE_PP,
    tolerance_rel: float = DEFAULT_TOLERANCE_REL,
    city: tuple[str, ...] | str | None = None,
) -> AttainmentResult:
    """Attainment, gaps and status for every row of ``targets`` (a new table; inputs are not changed).

    Args:
        targets: the table written by ``indicators extract``.
        benchmarks: reference figures (``benchmarks.load_benchmarks``).
        catalogue: metric catalogue (direction, price basis, benchmark ids); the project's by default.
        province: region id of the city's province in ``benchmarks`` (e.g. ``anhui``).
        tolerance_pp: half-width of the band for ``about`` targets on rates, in pp.
        tolerance_rel: half-width of the band for ``about`` targets on levels, as a share of the target.
        city: the names of the report's city (``benchmarks.city_names``): a reference figure derived from
            that city's own release is marked not independent of the report.
    """
    if tolerance_pp < 0 or tolerance_rel < 0:
        raise ValueError("tolerances must not be negative")
    catalogue = catalogue or load_catalogue()
    rows = targets.to_dict("records")
    used: dict[tuple, dict] = {}
    out = []
    for row in rows:
        new = dict(row)
        new.update(_assess(row, rows, benchmarks, catalogue, province, city, tolerance_pp, tolerance_rel, used))
        out.append(new)
    attainment = pd.DataFrame(out)
    # the checks are of the report's own figures: where the reference is shown instead, look at the report's
    own_view = attainment.copy()
    for level in ("provincial", "national"):
        for column in (f"{level}_avg", f"{level}_avg_source"):
            if column in targets.columns:
                own_view[column] = targets[column].to_numpy()
    findings = consistency_findings(own_view)
    # a row is flagged where the report disagrees with itself or the reference, or makes a claim
    # that no figure can check; "no reference figure to compare with" alone is not a problem
    flagged = findings.loc[findings.agrees.eq(False).fillna(False) | findings.check.eq("national_claim")]
    check_flags: dict[tuple, list[str]] = {}
    for f in flagged.itertuples():
        check_flags.setdefault((f.report_id, f.task, f.metric, f.subject), []).append(f.check)
    attainment["check_flags"] = [
        ";".join(dict.fromkeys(check_flags.get((r.report_id, r.task, r.metric, r.subject), [])))
        for r in attainment.itertuples()
    ]
    return AttainmentResult(_typed(attainment), findings, _benchmarks_used(used, city))


def status_counts(table: pd.DataFrame, headline_only: bool = True) -> list[tuple[str, int, int]]:
    """(status, firm, provisional) for each status present, in the order of ``labels.STATUSES``:
    provisional statuses are counted apart from firm ones."""
    from .labels import STATUSES

    rows = table[table["is_headline"].astype(bool)] if headline_only and "is_headline" in table else table
    provisional = rows["provisional"].astype(bool) if "provisional" in rows else pd.Series(False, index=rows.index)
    out = []
    for status in STATUSES:
        mask = rows["status"] == status
        if mask.any():
            out.append((status, int((mask & ~provisional).sum()), int((mask & provisional).sum())))
    return out


# --- one row -------------------------------------------------------------------------------------


def _assess(
    row: dict,
    rows: list[dict],
    benchmarks: pd.DataFrame,
    catalogue: Catalogue,
    province: str | None,
    city: tuple[str, ...] | str | None,
    tol_pp: float,
    tol_rel: float,
    used: dict,
) -> dict:
    entry = catalogue.metric(row["metric"]) if row["metric"] in catalogue else None
    direction = (entry.good_direction if entry else "") or "higher"
    unit = _first(row.get("target_unit"), row.get("actual_unit"), entry.unit if entry else None)
    actual = _num(row.get("actual_value"))
    target = _num(row.get("target_value"))
    high = _num(row.get("target_high"))
    comparator = _comparator(row)
    kind = target_kind(comparator, unit, direction)
    basis = price_basis(row, entry) if actual is not None else ""
    tolerance = tol_pp if unit in RATE_UNITS else (tol_rel * abs(target) if target is not None else None)
    result: dict = {
        "good_direction": direction,
        "target_kind": kind,
        "actual_price_basis": basis,
        "tolerance": tolerance if comparator in ("about", "in_step_with") else None,
        "benchmark_value": None,
        "attainment_ratio": None,
        "gap_to_target": None,
        "gap_to_band": None,
        "headroom": None,
    }
    whole_city = _about_the_city(row, rows)
    notes = _averages(row, result, benchmarks, entry if whole_city else None, province, city, actual, unit, basis, used)

    months = g.period_months(str(row.get("actual_period") or ""))
    flags = set(filter(None, str(row.get("flags") or "").split(";")))
    part_year = (months is not None and months < 12) or (months is None and "partial_period" in flags)
    if comparator is None:
        status, en, zh = _CONTEXT
    elif actual is None and comparator != "qualitative":
        status, en, zh = "not_assessable", "the progress text gives no achieved figure", "进展情况未给出完成数"
    elif comparator == "qualitative":
        status, en, zh = _qualitative(row)
    elif "prior_year_data" in flags and comparator not in ("qualitative",):
        status, en, zh = _prior_year(row, actual, target, unit)
    elif comparator == "in_step_with":
        ref_row = _reference_row(row, rows)
        status, en, zh = _in_step(row, actual, ref_row, tol_pp, catalogue, entry, result)
    elif comparator == "above_benchmark":
        region = row.get("target_reference") or "national"
        bench_value = _num(result.get(f"{region}_avg", row.get(f"{region}_avg")))
        result["benchmark_value"] = bench_value
        status, en, zh = _above(row, actual, bench_value, region, result)
    elif target is None:
        status, en, zh = "not_assessable", "the target gives no figure", "目标未给出数值"
    elif (share := time_share(row, entry, unit)) is not None:
        status, en, zh = _time_proportional(row, actual, target, share, direction, tol_rel, unit, result)
    else:
        status, en, zh = _against_target(row, actual, target, direction, tolerance, unit, result)
        if part_year:
            status, en, zh = _year_to_date(row, status, en, zh)

    if kind in ("quantity", "rate", "ceiling") and actual is not None and target is not None and status in VERDICTS:
        # a part-year level is measured against its time-proportional expectation (benchmark_value)
        expected = _num(result["benchmark_value"]) if "time_proportional" in str(result.get("flags")) else None
        result["attainment_ratio"] = attainment_ratio(kind, actual, expected if expected is not None else target)
        result["headroom"] = headroom(kind, actual, target, high if comparator == "range" else None)
        if kind == "rate" and "time_proportional" not in str(result.get("flags") or ""):
            result["gap_to_band"] = gap_to_band(actual, target, high, comparator, result["tolerance"])
    provisional = bool(flags & set(PROVISIONAL_FLAGS)) and comparator is not None and actual is not None
    if provisional:
        why = [PROVISIONAL_FLAGS[f] for f in PROVISIONAL_FLAGS if f in flags]
        en += "; provisional: the figure " + " and ".join(w[0] for w in why)
        zh += "；暂定：" + "、".join(w[1] for w in why)
    result["benchmark_note"] = "; ".join(dict.fromkeys(n[0] for n in notes)) or None
    result["benchmark_note_zh"] = "；".join(dict.fromkeys(n[1] for n in notes)) or None
    result.update(status=status, status_basis=en, status_basis_zh=zh, provisional=provisional)
    return result


def _about_the_city(row: dict, rows: list[dict]) -> bool:
    """Whether a row's figure speaks for the city as a whole: a task's own target is a catalogued indicator.
    Figures inside a task about a district, a project or an unlisted indicator (江北集中区 … 增长135%)
    describe that subject, and are not held against provincial or national averages."""
    if row.get("is_headline"):
        return True
    heads = [o for o in rows if o.get("task") == row.get("task") and o.get("report_id") == row.get("report_id")
             and o.get("is_headline")]
    return bool(heads) and all(o.get("metric") != "unclassified" for o in heads)


def _comparator(row: dict) -> str | None:
    comparator = row.get("comparator")
    return comparator if isinstance(comparator, str) and comparator else None


def _averages(
    row: dict,
    result: dict,
    benchmarks: pd.DataFrame,
    entry: MetricEntry | None,
    province: str | None,
    city: tuple[str, ...] | str | None,
    actual: float | None,
    unit: str | None,
    basis: str,
    used: dict,
) -> list[tuple[str, str]]:
    """Provincial and national figures of a row: the report's, the reference's, which one is shown
    (the reference where the two disagree), whether the reference is independent of the city, and the
    gaps. Returns the reasons (en, zh) why a comparison was not made."""
    notes: list[tuple[str, str]] = []
    comparable = entry is not None and entry.regional_comparison == "yes" and actual is not None
    for level, region in (("provincial", province), ("national", "china")):
        bench = _benchmark(benchmarks, region, entry, row, basis) if comparable and region else _Bench()
        if bench.source_row:
            independent = independent_of(bench.source_row, city)
            key = (bench.source_row["region"], bench.source_row["metric"], bench.source_row["year"])
            used[key] = {**bench.source_row, "used_for": row["metric"]}
        else:
            independent = None
        own = _num(row.get(f"{level}_avg"))
        disputed = own is not None and bench.value is not None and not _agrees(own, bench.value)
        shown = own
        if bench.value is not None and (own is None or disputed):
            shown = bench.value
            result[f"{level}_avg"] = bench.value
            result[f"{level}_avg_source"] = "reference"
        result[f"{level}_avg_reference"] = bench.value
        result[f"{level}_avg_report"] = own
        result[f"{level}_disputed"] = disputed
        result[f"{level}_reference_type"] = bench.source_type if bench.value is not None else None
        result[f"{level}_reference_independent"] = independent if bench.value is not None else None
        result[f"gap_to_{level}_pp"] = None
        if bench.note and shown is None:
            notes.append(bench.note)
        if shown is not None and actual is not None and unit in RATE_UNITS:
            result[f"gap_to_{level}_pp"] = round(actual - shown, 6)
        if disputed:
            notes.append(
                (
                    f"the report's {level} figure ({_fmt(own)}) disagrees with the reference ({_fmt(bench.value)}): "
                    "the reference is shown",
                    f"报告的{_LEVEL_ZH[level]}数字({_fmt(own)})与参考数据({_fmt(bench.value)})不一致：显示参考数据",
                )
            )
        if bench.value is not None and independent is False:
            notes.append(
                (
                    f"the {level} reference figure is derived from the city's own release: not independent",
                    f"{_LEVEL_ZH[level]}参考数据由本市自己的发布推算：非独立来源",
                )
            )
    return notes


_LEVEL_ZH = {"provincial": "全省", "national": "全国"}
_CONTEXT = ("not_assessable", "context figure given beside the target; no target of its own", "随附数据，无单独目标")


def _agrees(own: float, reference: float) -> bool:
    """Whether the report's figure agrees with the reference within half a unit of its last digit."""
    return abs(own - reference) <= _half_unit(own) + 1e-6


def _against_target(
    row: dict, actual: float, target: float, direction: str, tol: float | None, unit: str | None, result: dict
) -> tuple[str, str, str]:
    comparator = row["comparator"]
    high = _num(row.get("target_high"))
    gap = actual - target
    result["gap_to_target"] = round(gap, 6)
    lower_better = direction in ("lower", "ceiling")
    u = _unit_text(unit)
    gap_u = _unit_text("pp" if unit == "%" else unit)
    u_zh = "个百分点" if unit == "pp" else u  # points in words in the Chinese text
    gzh = "个百分点" if unit in ("%", "pp") else gap_u
    said = f"{_fmt(actual)}{u} against {_label_target(row, target, high, u)}"
    said_zh = f"完成{_fmt(actual)}{u_zh}，目标{_label_target_zh(row, target, high, u_zh)}"
    oriented = -gap if lower_better else gap
    if comparator == "about" and tol is not None:
        if abs(gap) <= tol + _EPS:
            return (
                "within_band",
                f"{said}: within the ±{_fmt(tol)}{gap_u} band",
                f"{said_zh}：在±{_fmt(tol)}{gzh}区间内",
            )
        if direction == "ceiling":
            if gap < 0:
                return (
                    "met",
                    f"{said}: under the ceiling by {_fmt(-gap)}{gap_u}",
                    f"{said_zh}：低于上限{_fmt(-gap)}{gzh}",
                )
            return "missed", f"{said}: over the ceiling by {_fmt(gap)}{gap_u}", f"{said_zh}：超出上限{_fmt(gap)}{gzh}"
        if oriented > 0:
            return (
                "exceeded",
                f"{said}: {_fmt(abs(gap))}{gap_u} better than target, beyond the ±{_fmt(tol)} band",
                f"{said_zh}：优于目标{_fmt(abs(gap))}{gzh}",
            )
        return (
            "missed",
            f"{said}: {_fmt(abs(gap))}{gap_u} short, beyond the ±{_fmt(tol)} band",
            f"{said_zh}：差{_fmt(abs(gap))}{gzh}",
        )
    if comparator == "range" and high is not None:
        if target - _EPS <= actual <= high + _EPS:
            return "within_band", f"{said}: inside the range", f"{said_zh}：在目标区间内"
        above = actual > high
        if above != lower_better:
            return "exceeded", f"{said}: beyond the range on the good side", f"{said_zh}：优于目标区间"
        return "missed", f"{said}: outside the range on the bad side", f"{said_zh}：未达目标区间"
    ceiling = comparator == "at_most" or (comparator == "exact" and lower_better)
    if ceiling:
        if gap > _EPS:
            return "missed", f"{said}: over the ceiling by {_fmt(gap)}{gap_u}", f"{said_zh}：超出上限{_fmt(gap)}{gzh}"
        if gap < -_EPS and direction == "lower":
            return (
                "exceeded",
                f"{said}: {_fmt(-gap)}{gap_u} under the ceiling",
                f"{said_zh}：低于上限{_fmt(-gap)}{gzh}",
            )
        return "met", f"{said}: at or under the ceiling", f"{said_zh}：未超上限"
    if oriented > _EPS:
        return (
            "exceeded",
            f"{said}: {_fmt(abs(gap))}{gap_u} beyond the target",
            f"{said_zh}：超出目标{_fmt(abs(gap))}{gzh}",
        )
    if oriented < -_EPS:
        return "missed", f"{said}: {_fmt(abs(gap))}{gap_u} short of the target", f"{said_zh}：差{_fmt(abs(gap))}{gzh}"
    return "met", f"{said}: exactly on target", f"{said_zh}：恰好达到目标"


# --- time-proportional rule (序时进度) --------------------------------------------------------------

#: units of levels that accumulate over the year, so that a part-year figure is a share of the year's
FLOW_UNITS = ("万人", "人", "亿元", "万亿元", "亿美元", "万美元", "万元", "元", "万公里", "公里")
TIME_PROPORTIONAL_COMPARATORS = ("about", "at_least", "at_most", "exact", "range")


def time_share(row: dict, entry: MetricEntry | None, unit: str | None) -> float | None:
    """Share of the year a part-year level figure covers (``2025Q1`` → 0.25), when the row is to be
    compared with the time-proportional expectation; None when the rule does not apply.

    Catalogued levels follow their unit (FLOW_UNITS); an indicator outside the catalogue is a flow when
    it counts things done in the year (新建5G基站2500个, 改造老旧小区187个), not a stock (总数达30家)."""
    if entry is None:
        if not _is_flow_count(row, unit):
            return None
    elif entry.measure not in ("level", "level_change") or unit not in FLOW_UNITS:
        return None
    if row.get("comparator") not in TIME_PROPORTIONAL_COMPARATORS:
        return None
    months = g.period_months(str(row.get("actual_period") or ""))
    if months is None or months >= 12:
        return None
    return months / 12


_STOCK_WORDS = ("总数", "总量", "余额", "累计", "总计", "存量", "比重", "浓度", "率")


def _is_flow_count(row: dict, unit: str | None) -> bool:
    if row.get("measure") not in ("level", "level_change") or not unit or unit in RATE_UNITS:
        return False
    subject = str(row.get("subject") or "")
    return not any(word in subject for word in _STOCK_WORDS) and "/" not in unit


def time_proportional_target(target: float, share: float) -> float:
    """The part of a yearly target due by the end of a part-year period (序时进度)."""
    return round(target * share, 9)


def _time_proportional(
    row: dict,
    actual: float,
    target: float,
    share: float,
    direction: str,
    tol_rel: float,
    unit: str | None,
    result: dict,
) -> tuple[str, str, str]:
    """Compare a part-year level with the pro-rata target, by the ordinary rules, and say so."""
    expected = time_proportional_target(target, share)
    high = _num(row.get("target_high"))
    scaled = {**row, "target_high": time_proportional_target(high, share) if high is not None else None}
    tolerance = tol_rel * abs(expected) if row.get("comparator") == "about" else None
    status, en, zh = _against_target(scaled, actual, expected, direction, tolerance, unit, result)
    status = _PART_YEAR.get(status, status)
    months = round(share * 12)
    u = _unit_text(unit)
    result.update(benchmark_value=expected, tolerance=tolerance)
    flags = set(filter(None, str(row.get("flags") or "").split(";"))) | {"time_proportional"}
    result["flags"] = ";".join(f for f in FLAG_ORDER if f in flags)
    return (
        status,
        f"time-proportional (序时进度): {row.get('actual_period')} covers {months}/12 of the year, so "
        f"{months}/12 of the yearly {_fmt(target)}{u} = {_fmt(expected)}{u} is expected; {en}; "
        f"{_STATUS_WORDS[status][0]}",
        f"按序时进度：{row.get('actual_period')}为全年的{months}/12，"
        f"全年目标{_fmt(target)}{u}的{months}/12即{_fmt(expected)}{u}；{zh}；{_STATUS_WORDS[status][1]}",
    )


_STATUS_WORDS = {
    "on_track": ("on track (the year's result is not yet known)", "符合序时进度(全年结果尚未知)"),
    "behind_schedule": ("behind schedule (the year's result is not yet known)", "落后于序时进度(全年结果尚未知)"),
}


def _year_to_date(row: dict, status: str, en: str, zh: str) -> tuple[str, str, str]:
    """A part-year rate held to its yearly target: on track or behind schedule, never exceeded or met."""
    status = _PART_YEAR.get(status, status)
    period = row.get("actual_period") or "part of the year"
    return (
        status,
        f"year to date ({period}): {en}; {_STATUS_WORDS[status][0]}" if status in _STATUS_WORDS else en,
        f"年内累计({period})：{zh}；{_STATUS_WORDS[status][1]}" if status in _STATUS_WORDS else zh,
    )


def _prior_year(row: dict, actual: float, target: float | None, unit: str | None) -> tuple[str, str, str]:
    """An earlier year's figure gives no status for this year's target; it is quoted as an indication."""
    period = row.get("actual_period") or "an earlier year"
    u = _unit_text(unit)
    said = f"{_fmt(actual)}{u}"
    against_en = f" (the target is {_fmt(target)}{u})" if target is not None else ""
    against_zh = f"(目标{_fmt(target)}{u})" if target is not None else ""
    return (
        "not_assessable",
        f"only the {period} figure is given ({said}){against_en}: it says nothing about this year; "
        "no status until this year's figure is published",
        f"仅有{period}年数据({said}){against_zh}，不能说明本年情况；待本年数据公布后再判定",
    )


def _in_step(
    row: dict,
    actual: float,
    ref_row: dict | None,
    tol: float,
    catalogue: Catalogue,
    entry: MetricEntry | None,
    result: dict,
) -> tuple[str, str, str]:
    """Keeping pace with a figure of the same report (与经济增长同步), on the same price basis and period only."""
    ref_metric = row.get("target_reference") or "gdp_growth"
    ref_name = catalogue.label(ref_metric, "en") if ref_metric in catalogue else ref_metric
    ref_zh = catalogue.label(ref_metric, "zh") if ref_metric in catalogue else ref_metric
    ref = _num(ref_row.get("actual_value")) if ref_row else None
    if ref is None:
        return (
            "not_assessable",
            f"must keep pace with {ref_name}, but the report gives no such figure",
            f"需与{ref_zh}同步，但报告未给出该数据",
        )
    result["benchmark_value"] = ref
    name_en = str(row.get("indicator_en") or row.get("metric"))
    name_zh = str(row.get("indicator_zh") or row.get("metric"))
    ref_entry = catalogue.metric(ref_metric) if ref_metric in catalogue else None
    reasons: list[tuple[str, str]] = []
    period, ref_period = str(row.get("actual_period") or ""), str(ref_row.get("actual_period") or "")
    if period and ref_period and period != ref_period:
        reasons.append(
            (
                f"{name_en} covers {period}, {ref_name} {ref_period}: different periods",
                f"{name_zh}为{period}数据，{ref_zh}为{ref_period}数据：时期不同",
            )
        )
    basis, ref_basis = result.get("actual_price_basis") or "", price_basis(ref_row, ref_entry)
    used_en = used_zh = ""
    if basis and ref_basis and basis != ref_basis:
        alt = figure_on_basis(row, ref_basis)
        alt_ref = figure_on_basis(ref_row, basis) if alt is None else None
        if alt is not None:
            used_en = f"the {basis_words(ref_basis)} figure the report states ({_fmt(alt)}%) is used; "
            used_zh = f"采用报告给出的{basis_words(ref_basis, 'zh')}增速({_fmt(alt)}%)；"
            actual, basis = alt, ref_basis
        elif alt_ref is not None:
            used_en = f"the {basis_words(basis)} {ref_name} the report states ({_fmt(alt_ref)}%) is used; "
            used_zh = f"采用报告给出的{basis_words(basis, 'zh')}{ref_zh}({_fmt(alt_ref)}%)；"
            ref, ref_basis = alt_ref, basis
            result["benchmark_value"] = ref
        else:
            reasons.append(
                (
                    f"{name_en} is {basis_words(basis)}, {ref_name} {basis_words(ref_basis)}, and the report "
                    "gives neither on the other's basis: unlike price bases",
                    f"{name_zh}为{basis_words(basis, 'zh')}增速，{ref_zh}为{basis_words(ref_basis, 'zh')}增速，"
                    "报告未给出同口径数字：价格口径不同",
                )
            )
    said = f"grew {_fmt(actual)}% against {ref_name} of {_fmt(ref)}%"
    said_zh = f"增长{_fmt(actual)}%，{ref_zh}{_fmt(ref)}%"
    if reasons:
        return (
            "not_comparable",
            f"{said}: not compared — " + "; ".join(r[0] for r in reasons),
            f"{said_zh}：不作比较——" + "；".join(r[1] for r in reasons),
        )
    result["actual_price_basis"] = basis
    gap = actual - ref
    result["gap_to_target"] = round(gap, 6)
    if abs(gap) <= tol + _EPS:
        return (
            "within_band",
            f"{used_en}{said}: in step (within ±{_fmt(tol)} pp)",
            f"{used_zh}{said_zh}：基本同步(±{_fmt(tol)}个百分点内)",
        )
    if gap > 0:
        return "exceeded", f"{used_en}{said}: {_fmt(gap)} pp ahead", f"{used_zh}{said_zh}：快{_fmt(gap)}个百分点"
    return (
        "missed",
        f"{used_en}{said}: {_fmt(-gap)} pp behind, not in step",
        f"{used_zh}{said_zh}：慢{_fmt(-gap)}个百分点，未同步",
    )


def _above(row: dict, actual: float, bench: float | None, region: str, result: dict) -> tuple[str, str, str]:
    where_en = "the national average" if region == "national" else "the provincial average"
    where_zh = "全国平均水平" if region == "national" else "全省平均水平"
    if bench is not None:
        gap = actual - bench
        result["gap_to_target"] = round(gap, 6)
        said = f"{_fmt(actual)}% against {where_en} of {_fmt(bench)}%"
        said_zh = f"{_fmt(actual)}%，{where_zh}{_fmt(bench)}%"
        if gap > _EPS:
            return "exceeded", f"{said}: {_fmt(gap)} pp above", f"{said_zh}：高{_fmt(gap)}个百分点"
        if gap < -_EPS:
            return "missed", f"{said}: {_fmt(-gap)} pp below", f"{said_zh}：低{_fmt(-gap)}个百分点"
        return "met", f"{said}: equal", f"{said_zh}：持平"
    note = row.get(f"{region}_note")
    if isinstance(note, str) and note:
        if any(w in note for w in ("高于", "超过", "快于")):
            return (
                "met",
                f"report's own statement: “{note}”; no {where_en[4:]} figure on the same basis to check it",
                f"依据报告自述：“{note}”；无同口径{where_zh}数据可核对",
            )
        return "missed", f"report's own statement: “{note}”", f"依据报告自述：“{note}”"
    return (
        "not_assessable",
        f"no figure for {where_en} and no statement in the report",
        f"无{where_zh}数据，报告亦未说明",
    )


def _qualitative(row: dict) -> tuple[str, str, str]:
    outcome = row.get("stated_outcome")
    if isinstance(outcome, str) and outcome:
        if "未完成" in outcome:
            return "missed", f"report's own verdict: “{outcome}”", f"依据报告自述：“{outcome}”"
        return (
            "met",
            f"report's own verdict: “{outcome}” (not checked against a figure)",
            f"依据报告自述：“{outcome}”(无数值核对)",
        )
    if row.get("metric") == "target_monitoring":
        return "not_assessable", "monitoring task: nothing to attain", "监测类任务，无可考核目标"
    return "not_assessable", "qualitative target and no verdict in the report", "定性目标，报告未给出结论"


def _reference_row(row: dict, rows: list[dict]) -> dict | None:
    """The row of the report's own figure a relative target refers to (GDP growth): a headline row first."""
    ref = row.get("target_reference")
    found = [o for o in rows if o["report_id"] == row["report_id"] and o["metric"] == ref]
    for other in sorted(found, key=lambda o: not o.get("is_headline")):
        if _num(other.get("actual_value")) is not None:
            return other
    return None


_REGION_EN = {"china": "national"}
_REGION_ZH = {"china": "全国"}


def _benchmark(benchmarks: pd.DataFrame, region: str, entry: MetricEntry, row: dict, basis: str = "") -> _Bench:
    """The reference figure comparable with ``row`` for ``region`` (same year, whole year, price basis,
    currency and unit), or a note (en, zh) saying why there is none."""
    ids = [i.strip() for i in str(entry.benchmark_metrics).split("|") if i.strip()]
    if not ids or benchmarks.empty:
        return _Bench()
    if basis == "real" and entry.price_basis == "nominal":
        ids = [f"{i}_real" for i in ids]  # the city's real growth: the reference's real figure
    bare = {i.lstrip("-"): (-1.0 if i.startswith("-") else 1.0) for i in ids}
    where_en = _REGION_EN.get(region, f"{region} (provincial)")
    where_zh = _REGION_ZH.get(region, "全省")
    period = str(row.get("actual_period") or "")
    year = int(period[:4]) if period[:4].isdigit() else None
    in_region = benchmarks[benchmarks.region == region]
    cands = in_region[in_region.metric.isin(bare)]
    same_year = cands[cands.year == year]
    if same_year.empty:
        pairs = zip(in_region.metric, in_region.year, strict=True)
        is_variant = [y == year and _variant_of(str(m), bare) for m, y in pairs]
        variants = in_region[is_variant]
        if not variants.empty:
            v = variants.iloc[0]
            return _Bench(
                None,
                None,
                (
                    f"the {where_en} reference for {year} is on another basis only ({metric_text(v['metric'], 'en')}: "
                    f"{_fmt(float(v['value']))}{_unit_text(v['unit'])}, {v['basis'] or 'basis not stated'}); "
                    "the city's figure is as reported: not compared",
                    f"{where_zh}{year}年参考数据只有其他口径({metric_text(v['metric'], 'zh')}："
                    f"{_fmt(float(v['value']))}{_unit_text(v['unit'])}，"
                    f"{coded_text('basis', v['basis'], 'zh') or '口径未注明'})：不作比较",
                ),
            )
        if cands.empty and in_region[in_region.year == year].empty:
            return _Bench(
                None,
                None,
                (
                    f"the reference files hold no {where_en} figures for {year}",
                    f"参考数据文件中没有{where_zh}{year}年的数据",
                ),
            )
        if cands.empty:
            return _Bench(
                None,
                None,
                (
                    f"the reference files hold no {where_en} figure for this indicator in {year}",
                    f"参考数据文件中没有{where_zh}{year}年该指标的数据",
                ),
            )
        years = ", ".join(str(y) for y in sorted(cands.year.unique()))
        return _Bench(
            None,
            None,
            (
                f"{where_en} reference figure is for {years}, the city's for {year}: not compared",
                f"{where_zh}参考数据为{years}年，本市数据为{year}年：不作比较",
            ),
        )
    adjusted = in_region[(in_region.year == year) & in_region.metric.isin([f"{i}_comparable" for i in bare])]
    if not adjusted.empty:
        a, plain = adjusted.iloc[0], same_year.iloc[0]
        return _Bench(
            None,
            None,
            (
                f"the {where_en} reference for {year} is {_fmt(float(plain['value']))}% as published and "
                f"{_fmt(float(a['value']))}% on a like-for-like basis ({a['basis'] or 'adjusted'}); the report does "
                "not say which basis its figure is on: not compared",
                f"{where_zh}{year}年参考数据公布口径为{_fmt(float(plain['value']))}%，同口径为{_fmt(float(a['value']))}%"
                f"({coded_text('basis', a['basis'], 'zh') or '调整后'})；报告未说明本市数字的口径：不作比较",
            ),
        )
    if len(period) > 4:
        return _Bench(
            None,
            None,
            (
                f"the city's figure covers {period}, the {where_en} reference the whole year: not compared",
                f"本市数据为{period}，{where_zh}参考数据为全年：不作比较",
            ),
        )
    currency = row.get("actual_basis") if isinstance(row.get("actual_basis"), str) else None
    chosen = None
    if currency:
        matched = [r for r in same_year.to_dict("records") if currency_of(r["basis"]) == currency]
        unlike = [r for r in same_year.to_dict("records") if currency_of(r["basis"]) not in (None, currency)]
        if matched:
            chosen = matched[0]
        elif unlike:
            r = unlike[0]
            return _Bench(
                None,
                r,
                (
                    f"{where_en} reference is {r['basis']}-based ({_fmt(r['value'])}%), the city's growth is "
                    f"{currency}-based: unlike bases, not compared",
                    f"{where_zh}参考数据按{r['basis']}计({_fmt(r['value'])}%)，本市增速按{currency}计：币种口径不同，不作比较",
                ),
            )
    else:
        currencies = {currency_of(b) for b in same_year.basis} - {None}
        if len(currencies) > 1:
            return _Bench(
                None,
                None,
                (
                    f"{where_en} references exist on several currency bases and the report names none: not compared",
                    f"{where_zh}参考数据有多种币种口径，报告未注明币种：不作比较",
                ),
            )
    chosen = chosen or same_year.iloc[0].to_dict()
    unit = str(row.get("actual_unit") or "")
    if chosen["unit"] != unit:
        return _Bench(
            None,
            None,
            (
                f"{where_en} reference is in {chosen['unit']}, the city's figure in {unit}: not compared",
                f"{where_zh}参考数据单位为{chosen['unit']}，本市为{unit}：不作比较",
            ),
        )
    return _Bench(float(chosen["value"]) * bare[chosen["metric"]], chosen, None)


def _variant_of(metric: str, ids: dict) -> bool:
    """Whether a reference metric is another basis of one of ``ids`` (gdp_growth_real, ..._comparable)."""
    return any(metric.startswith(i + "_") for i in ids)


# --- consistency ---------------------------------------------------------------------------------


def consistency_findings(attainment: pd.DataFrame) -> pd.DataFrame:
    """Checks of the report against itself and against the reference figures, one row per check, each
    explained in English (``note``) and in Chinese (``note_zh``)."""
    found: list[dict] = []
    for row in attainment.to_dict("records"):
        actual, target = _num(row.get("actual_value")), _num(row.get("target_value"))
        base = {
            "report_id": row["report_id"],
            "task": row["task"],
            "metric": row["metric"],
            "subject": row.get("subject"),
            "source_line": row.get("source_line"),
        }
        a, t = _fmt(actual), _fmt(target)
        stated_pct = _num(row.get("stated_completion_pct"))
        if stated_pct is not None and actual is not None and target:
            recomputed = actual / target * 100
            s, r = _fmt(stated_pct), f"{recomputed:.3f}"
            found.append(_finding(base, "completion_pct", stated_pct, recomputed, (
                f"report says {s}% of target; {a} ÷ {t} = {r}%",
                f"报告称完成目标的{s}%；{a} ÷ {t} = {r}%")))
        stated_gap = _num(row.get("stated_gap_to_target"))
        if stated_gap is not None and actual is not None and target is not None:
            recomputed = actual - target
            s, r = _fmt(stated_gap), _fmt(round(recomputed, 6))
            found.append(_finding(base, "gap_to_target", stated_gap, recomputed, (
                f"report says {s} beyond target; {a} − {t} = {r}",
                f"报告称超出目标{s}；{a} − {t} = {r}")))
        for level in ("provincial", "national"):
            found.extend(_average_findings(base, row, level, actual))
        note = row.get("national_note")
        if isinstance(note, str) and note and _num(row.get("national_avg")) is None:
            found.append({**base, "check": "national_claim", "stated": None, "recomputed": None,
                          "difference": None, "agrees": None,
                          "note": f"report says “{note}”; no national reference figure on the same basis: "
                                  "cannot be verified",
                          "note_zh": f"报告称“{note}”；无同口径的全国参考数据，无法核实"})
    table = pd.DataFrame(found, columns=list(FINDINGS_COLUMNS))
    table["agrees"] = table["agrees"].astype("boolean")
    for column in ("stated", "recomputed", "difference"):
        table[column] = pd.to_numeric(table[column], errors="coerce").astype("float64")
    table["source_line"] = table["source_line"].astype("Int64")
    return table


#: the region of an average in the English notes' prose (the Chinese is the glossary's, ``VALUE_WORDS``)
_REGION_PROSE = {"provincial": "province", "national": "nation"}


def _average_findings(base: dict, row: dict, level: str, actual: float | None) -> list[dict]:
    """The checks of a provincial or national average the report states or implies: its stated gap
    recomputed, and the average against the reference figure."""
    word, word_zh = _REGION_PROSE[level], VALUE_WORDS["region"][level][0]
    source = row.get(f"{level}_avg_source")
    own = _num(row.get(f"{level}_avg"))
    gap = _num(row.get(f"{level}_gap_pp"))
    a, o, g = _fmt(actual), _fmt(own), _fmt(gap)
    found = []
    if source == "stated" and gap is not None and actual is not None and own is not None:
        r = _fmt(round(actual - own, 6))
        found.append(_finding(base, f"{level}_gap", gap, actual - own, (
            f"report says {g} pp above the {word} ({o}%); {a} − {o} = {r}",
            f"报告称高于{word_zh}{g}个百分点({word_zh}{o}%)；{a} − {o} = {r}")))
    if source not in ("stated", "derived") or own is None:
        return found
    how = ("stated", "报告所列") if source == "stated" else (
        f"derived from the stated gap of {g} pp", f"由报告所称差距{g}个百分点推算")
    inferred = ((" (direction word missing in the text: 'above' inferred)", "(原文缺方向词，按“高于”推断)")
                if "direction_inferred" in str(row.get("flags")) else ("", ""))
    said = (f"{word} average {o}% {how[0]}{inferred[0]}", f"{word_zh}平均{o}%，{how[1]}{inferred[1]}")
    ref = _num(row.get(f"{level}_avg_reference"))
    if ref is None:
        return [*found, _finding(base, f"{level}_avg_vs_reference", own, None, (
            f"{said[0]}; no reference figure to check it against", f"{said[1]}；无参考数据可供核对"))]
    by_ref = _fmt(round(actual - ref, 6)) if actual is not None else None
    note = (f"{said[0]}; reference figure {_fmt(ref)}%" + (f" (gap by the reference {by_ref} pp)" if by_ref else ""),
            f"{said[1]}；参考数据{_fmt(ref)}%" + (f"(按参考数据差距{by_ref}个百分点)" if by_ref else ""))
    finding = _finding(base, f"{level}_avg_vs_reference", own, ref, note)
    if row.get(f"{level}_reference_independent") is False:
        finding = _not_independent(finding, row.get(f"{level}_reference_type"))
    return [*found, finding]


def _finding(base: dict, check: str, stated: float, recomputed: float | None, note: tuple[str, str]) -> dict:
    """A finding: the figure the report states, the figure recomputed, and the verdict, with its note in
    English and Chinese (``note``: (en, zh))."""
    if recomputed is None:
        return {**base, "check": check, "stated": stated, "recomputed": None, "difference": None, "agrees": None,
                "note": note[0], "note_zh": note[1]}
    difference = round(recomputed - stated, 6) + 0.0
    agrees = abs(difference) <= _half_unit(stated) + 1e-6
    return {
        **base,
        "check": check,
        "stated": stated,
        "recomputed": round(recomputed, 6) + 0.0,
        "difference": difference,
        "agrees": agrees,
        "note": f"{'agrees' if agrees else 'DISAGREES'}: {note[0]}",
        "note_zh": f"{'一致' if agrees else '不一致'}：{note[1]}",
    }


def _not_independent(finding: dict, source_type: object) -> dict:
    """A check against a reference figure derived from the city's own release confirms nothing: agreement
    becomes 'not independent' (no verdict); a disagreement stays one, said to be between two of the city's
    own documents."""
    kind = VALUE_WORDS["source_type"].get(str(source_type), (None, None)) if source_type else (None, None)
    said = f"the reference is {source_type or 'derived from the city'}: not independent of the report"
    said_zh = f"参考数据{kind[0] or '由本市发布推算'}，与报告同源"
    if finding["agrees"]:
        note = finding["note"].replace("agrees: ", "", 1)
        note_zh = finding["note_zh"].replace("一致：", "", 1)
        return {**finding, "agrees": None, "note": f"not independent: {note}; {said}, so it cannot confirm it",
                "note_zh": f"非独立核对：{note_zh}；{said_zh}，不能证实"}
    return {**finding, "note": f"{finding['note']}; {said}", "note_zh": f"{finding['note_zh']}；{said_zh}"}


def _half_unit(value: float) -> float:
    """Half a unit of the last digit printed: 12.34 → 0.005, 8.8 → 0.05, 9 → 0.5."""
    text = _fmt(value)
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10 ** (-decimals)


# --- helpers -------------------------------------------------------------------------------------


def _label_target(row: dict, target: float, high: float | None, u: str) -> str:
    comparator = row["comparator"]
    if comparator == "range" and high is not None:
        return f"a target range of {_fmt(target)}–{_fmt(high)}{u}"
    words = {"about": "about ", "at_least": "at least ", "at_most": "at most ", "exact": ""}
    return f"a target of {words.get(comparator, '')}{_fmt(target)}{u}"


def _label_target_zh(row: dict, target: float, high: float | None, u: str) -> str:
    comparator = row["comparator"]
    if comparator == "range" and high is not None:
        return f"{_fmt(target)}–{_fmt(high)}{u}"
    words = {"about": "左右", "at_least": "以上", "at_most": "以内", "exact": ""}
    return f"{_fmt(target)}{u}{words.get(comparator, '')}"


def _unit_text(unit: str | None) -> str:
    if not unit:
        return ""
    return "%" if unit == "%" else f" {unit}"


def _fmt(value: float | None) -> str:
    """A number as the report would print it: no float noise, no trailing zeros."""
    if value is None:
        return ""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _first(*values: object) -> str | None:
    for value in values:
        if isinstance(value, str) and value:
            return value
    return None


BENCHMARKS_USED_COLUMNS = [
    "region",
    "metric",
    "value",
    "unit",
    "basis",
    "year",
    "how_obtained",
    "source_type",
    "published",
    "independent",
    "source_url",
    "source_snippet",
    "used_for",
]


def _benchmarks_used(used: dict, city: tuple[str, ...] | str | None = None) -> pd.DataFrame:
    if not used:
        return pd.DataFrame(columns=BENCHMARKS_USED_COLUMNS)
    table = pd.DataFrame(list(used.values()))
    for column in ("source_type", "published"):
        if column not in table.columns:
            table[column] = ""
    table["independent"] = [independent_of(r, city) for r in table.to_dict("records")]
    return table[BENCHMARKS_USED_COLUMNS].sort_values(["region", "metric"]).reset_index(drop=True)


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    floats = [
        "tolerance",
        "benchmark_value",
        "attainment_ratio",
        "gap_to_target",
        "provincial_avg",
        "provincial_avg_reference",
        "gap_to_provincial_pp",
        "national_avg",
        "national_avg_reference",
        "gap_to_national_pp",
        "gap_to_band",
        "headroom",
        "provincial_avg_report",
        "national_avg_report",
    ]
    out = table.copy()
    for column in floats:
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
    out["attainment_ratio"] = out["attainment_ratio"].round(6)
    out["provisional"] = out["provisional"].astype(bool)
    for level in ("provincial", "national"):
        out[f"{level}_disputed"] = out[f"{level}_disputed"].fillna(False).astype(bool)
        out[f"{level}_reference_independent"] = out[f"{level}_reference_independent"].astype("boolean")
    for column in (
        "good_direction",
        "status",
        "status_basis",
        "status_basis_zh",
        "check_flags",
        "provincial_avg_source",
        "national_avg_source",
        "target_kind",
        "actual_price_basis",
        "provincial_reference_type",
        "national_reference_type",
        "benchmark_note",
        "benchmark_note_zh",
    ):
        out[column] = out[column].astype("string")
    out["check_flags"] = out["check_flags"].fillna("")
    return out.replace({np.inf: np.nan, -np.inf: np.nan})
