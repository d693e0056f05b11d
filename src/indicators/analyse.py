"""Attainment analysis: how far each target was met, and how the city stands against province and nation.

``compute_attainment`` is pure: the targets table, the benchmark table and the catalogue in; the
attainment table, the consistency findings and the benchmark rows used out. Every rule is written
in ``METHODOLOGY`` (shown in the README, the metadata file, the workbook and the PDF).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import periods as g
from .benchmarks import currency_of
from .catalogue import Catalogue, MetricEntry, load_catalogue
from .extract import FLAG_ORDER
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
    "source_line",
)
DEFAULT_TOLERANCE_PP = 0.5
DEFAULT_TOLERANCE_REL = 0.02
RATE_UNITS = ("%", "pp")
PROVISIONAL_FLAGS = {
    "estimated": ("rests on an estimate (预计)", "依据预计数"),
    "partial_period": ("covers only part of the year", "仅为部分时期数据"),
    "prior_year_data": ("is the previous year's figure", "为上年数据"),
}
_EPS = 1e-9

METHODOLOGY = [
    "Attainment ratio: oriented so that 100% or more always means the target was met — actual ÷ target "
    "where higher is better, target ÷ actual where lower is better or the target is a ceiling "
    "(e.g. a CPI ceiling of 3% with 1% actual gives 300%, met). It is left empty where it has no meaning: "
    "qualitative targets, no target figure, a zero or negative denominator.",
    "Gap to target: actual − target in the target's unit (percentage points for growth rates and shares).",
    "about (左右, 近): a band of ±{tol_pp} pp around the target for rates, ±{tol_rel_pct}% of the target "
    "for levels. Inside the band: within_band; beyond it on the good side: exceeded; on the bad side: "
    "missed. For a ceiling (CPI) anything at or below the band is met, above it missed.",
    "at_least (以上, 不低于, 稳定在) and exact (a bare number, read as a floor where higher is better and "
    "as a ceiling where lower is better): beyond the target on the good side exceeded, equal met, "
    "otherwise missed. at_most (以内, 控制在): at or under the ceiling met (exceeded where lower is "
    "better and the actual is strictly under), over it missed. range (6%-6.5%): inside within_band.",
    "in_step_with (与经济增长同步): the benchmark is the related figure of the same report (GDP growth); "
    "within ±{tol_pp} pp of it within_band, ahead exceeded, behind missed; the gap is stated in words.",
    "above_benchmark (高于全国平均水平): compared with the national (or provincial) figure on the same "
    "basis and year when one exists; otherwise the report's own statement decides and status_basis "
    "says so. Growth rates in RMB and in US dollars are never compared with each other.",
    "qualitative (完成省下达任务): the status is the report's own verdict (完成省下达的任务 → met, 未完成 → "
    "missed), marked as such; a task with no figure and no verdict (monitoring) is not_assessable. "
    "Figures the report gives beside a target without a target of their own are context: not_assessable.",
    "Provincial and national averages come, in this order, from the report's own statement (stated), "
    "from a gap it states (derived: city − gap), or from the reference file (reference, with its source "
    "URL and sentence). Gaps are city − average in pp, for rates and shares only, on the same year, "
    "period and currency basis; otherwise they are left empty and the reason is given.",
    "Provisional: a status resting on an estimated (预计), part-year or previous-year figure keeps its "
    "flag and is marked provisional.",
    "Time-proportional (序时进度): a part-year figure of a level that accumulates over the year (new jobs, "
    "revenue, output, roads built: units 万人, 亿元, 亿美元, 元, 万公里, ...) is compared with the yearly target "
    "× months covered ÷ 12 (a first-quarter figure with 3/12 of it), by the rules above; the row is flagged "
    "time_proportional, benchmark_value holds the pro-rata target and status_basis says so. Growth rates, "
    "shares, concentrations, per-worker figures and harvests are compared with the yearly target as they are.",
    "Consistency checks (findings): stated completion percentages and stated gaps are recomputed; "
    "provincial averages implied by the report are compared with the official reference figures. "
    "Agreement allows half a unit of the last digit the report prints. A disagreement is shown, "
    "never corrected: the report's figures stay as the report gives them.",
    "Not claimed: the analysis does not judge whether a target was ambitious, does not adjust for "
    "price bases beyond what the report says, and does not fill figures the report and the "
    "reference file do not give.",
]


@dataclass
class AttainmentResult:
    """The three tables the analysis writes."""

    attainment: pd.DataFrame
    findings: pd.DataFrame
    benchmarks_used: pd.DataFrame


@dataclass
class _Bench:
    value: float | None
    source_row: dict | None
    note: str | None


def methodology(tolerance_pp: float = DEFAULT_TOLERANCE_PP, tolerance_rel: float = DEFAULT_TOLERANCE_REL) -> list[str]:
    """The rules, with the tolerances in force written in."""
    return [p.format(tol_pp=_fmt(tolerance_pp), tol_rel_pct=_fmt(tolerance_rel * 100)) for p in METHODOLOGY]


def compute_attainment(
    targets: pd.DataFrame,
    benchmarks: pd.DataFrame,
    catalogue: Catalogue | None = None,
    province: str | None = None,
    tolerance_pp: float = DEFAULT_TOLERANCE_PP,
    tolerance_rel: float = DEFAULT_TOLERANCE_REL,
) -> AttainmentResult:
    """Attainment, gaps and status for every row of ``targets`` (a new table; inputs are not changed).

    Args:
        targets: the table written by ``indicators extract``.
        benchmarks: reference figures (``benchmarks.load_benchmarks``).
        catalogue: metric catalogue (direction, benchmark ids); the project's by default.
        province: region id of the city's province in ``benchmarks`` (e.g. ``anhui``).
        tolerance_pp: half-width of the band for ``about`` targets on rates, in pp.
        tolerance_rel: half-width of the band for ``about`` targets on levels, as a share of the target.
    """
    if tolerance_pp < 0 or tolerance_rel < 0:
        raise ValueError("tolerances must not be negative")
    catalogue = catalogue or load_catalogue()
    rows = targets.to_dict("records")
    used: dict[tuple, dict] = {}
    out = []
    for row in rows:
        new = dict(row)
        new.update(_assess(row, rows, benchmarks, catalogue, province, tolerance_pp, tolerance_rel, used))
        out.append(new)
    attainment = pd.DataFrame(out)
    findings = consistency_findings(attainment)
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
    return AttainmentResult(_typed(attainment), findings, _benchmarks_used(used))


# --- one row -------------------------------------------------------------------------------------


def _assess(
    row: dict,
    rows: list[dict],
    benchmarks: pd.DataFrame,
    catalogue: Catalogue,
    province: str | None,
    tol_pp: float,
    tol_rel: float,
    used: dict,
) -> dict:
    entry = catalogue.metric(row["metric"]) if row["metric"] in catalogue else None
    direction = (entry.good_direction if entry else "") or "higher"
    unit = _first(row.get("target_unit"), row.get("actual_unit"), entry.unit if entry else None)
    actual = _num(row.get("actual_value"))
    target = _num(row.get("target_value"))
    tolerance = tol_pp if unit in RATE_UNITS else (tol_rel * abs(target) if target is not None else None)
    result: dict = {
        "good_direction": direction,
        "tolerance": tolerance if row.get("comparator") in ("about", "in_step_with") else None,
        "benchmark_value": None,
        "attainment_ratio": None,
        "gap_to_target": None,
        "provincial_avg_reference": None,
        "gap_to_provincial_pp": None,
        "national_avg_reference": None,
        "gap_to_national_pp": None,
    }
    notes_en: list[str] = []
    notes_zh: list[str] = []
    comparable = entry is not None and entry.regional_comparison == "yes" and actual is not None
    for level, region in (("provincial", province), ("national", "china")):
        bench = _benchmark(benchmarks, region, entry, row) if comparable and region else _Bench(None, None, None)
        if bench.source_row:
            used[(bench.source_row["region"], bench.source_row["metric"], bench.source_row["year"])] = {
                **bench.source_row,
                "used_for": row["metric"],
            }
        result[f"{level}_avg_reference"] = bench.value
        own = _num(row.get(f"{level}_avg"))
        if own is None and bench.value is not None:
            result[f"{level}_avg"] = bench.value
            result[f"{level}_avg_source"] = "reference"
            own = bench.value
        if bench.note and own is None:
            notes_en.append(bench.note)
            notes_zh.append(bench.note)
        if own is not None and actual is not None and unit in RATE_UNITS:
            result[f"gap_to_{level}_pp"] = round(actual - own, 6)

    comparator = row.get("comparator")
    if comparator is None or (isinstance(comparator, float) and math.isnan(comparator)):
        status, en, zh = (
            "not_assessable",
            "context figure given beside the target; no target of its own",
            "随附数据，无单独目标",
        )
    elif actual is None and comparator != "qualitative":
        status, en, zh = "not_assessable", "the progress text gives no achieved figure", "进展情况未给出完成数"
    elif comparator == "qualitative":
        status, en, zh = _qualitative(row)
    elif comparator == "in_step_with":
        ref = _reference_actual(row, rows)
        result["benchmark_value"] = ref
        status, en, zh = _in_step(row, actual, ref, tol_pp, catalogue, result)
    elif comparator == "above_benchmark":
        region = row.get("target_reference") or "national"
        bench_value = _num(result.get(f"{region}_avg")) if f"{region}_avg" in result else _num(row.get(f"{region}_avg"))
        result["benchmark_value"] = bench_value
        status, en, zh = _above(row, actual, bench_value, region, result)
    elif target is None:
        status, en, zh = "not_assessable", "the target gives no figure", "目标未给出数值"
    elif (share := time_share(row, entry, unit)) is not None:
        status, en, zh = _time_proportional(row, actual, target, share, direction, tol_rel, unit, result)
    else:
        status, en, zh = _against_target(row, actual, target, direction, tolerance, unit, result)

    flags = set(filter(None, str(row.get("flags") or "").split(";")))
    provisional = bool(flags & set(PROVISIONAL_FLAGS)) and status != "not_assessable"
    if provisional:
        why = [PROVISIONAL_FLAGS[f] for f in PROVISIONAL_FLAGS if f in flags]
        en += "; provisional: the figure " + " and ".join(w[0] for w in why)
        zh += "；暂定：" + "、".join(w[1] for w in why)
    if notes_en and status != "not_assessable":
        en += "; " + "; ".join(dict.fromkeys(notes_en))
    result.update(status=status, status_basis=en, status_basis_zh=zh, provisional=provisional)
    return result


def _against_target(
    row: dict, actual: float, target: float, direction: str, tol: float | None, unit: str | None, result: dict
) -> tuple[str, str, str]:
    comparator = row["comparator"]
    high = _num(row.get("target_high"))
    gap = actual - target
    result["gap_to_target"] = round(gap, 6)
    lower_better = direction in ("lower", "ceiling")
    if lower_better:
        result["attainment_ratio"] = target / actual if actual > 0 and target > 0 else None
    else:
        result["attainment_ratio"] = actual / target if target > 0 else None
    u = _unit_text(unit)
    gap_u = _unit_text("pp" if unit == "%" else unit)
    said = f"{_fmt(actual)}{u} against {_label_target(row, target, high, u)}"
    said_zh = f"完成{_fmt(actual)}{u}，目标{_label_target_zh(row, target, high, u)}"
    oriented = -gap if lower_better else gap
    if comparator == "about" and tol is not None:
        if abs(gap) <= tol + _EPS:
            return (
                "within_band",
                f"{said}: within the ±{_fmt(tol)}{gap_u} band",
                f"{said_zh}：在±{_fmt(tol)}{gap_u}区间内",
            )
        if direction == "ceiling":
            if gap < 0:
                return (
                    "met",
                    f"{said}: under the ceiling by {_fmt(-gap)}{gap_u}",
                    f"{said_zh}：低于上限{_fmt(-gap)}{gap_u}",
                )
            return "missed", f"{said}: over the ceiling by {_fmt(gap)}{gap_u}", f"{said_zh}：超出上限{_fmt(gap)}{gap_u}"
        if oriented > 0:
            return (
                "exceeded",
                f"{said}: {_fmt(abs(gap))}{gap_u} better than target, beyond the ±{_fmt(tol)} band",
                f"{said_zh}：优于目标{_fmt(abs(gap))}{gap_u}",
            )
        return (
            "missed",
            f"{said}: {_fmt(abs(gap))}{gap_u} short, beyond the ±{_fmt(tol)} band",
            f"{said_zh}：差{_fmt(abs(gap))}{gap_u}",
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
            return "missed", f"{said}: over the ceiling by {_fmt(gap)}{gap_u}", f"{said_zh}：超出上限{_fmt(gap)}{gap_u}"
        if gap < -_EPS and direction == "lower":
            return (
                "exceeded",
                f"{said}: {_fmt(-gap)}{gap_u} under the ceiling",
                f"{said_zh}：低于上限{_fmt(-gap)}{gap_u}",
            )
        return "met", f"{said}: at or under the ceiling", f"{said_zh}：未超上限"
    if oriented > _EPS:
        return (
            "exceeded",
            f"{said}: {_fmt(abs(gap))}{gap_u} beyond the target",
            f"{said_zh}：超出目标{_fmt(abs(gap))}{gap_u}",
        )
    if oriented < -_EPS:
        return "missed", f"{said}: {_fmt(abs(gap))}{gap_u} short of the target", f"{said_zh}：差{_fmt(abs(gap))}{gap_u}"
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
    months = round(share * 12)
    u = _unit_text(unit)
    result.update(benchmark_value=expected, tolerance=tolerance)
    flags = set(filter(None, str(row.get("flags") or "").split(";"))) | {"time_proportional"}
    result["flags"] = ";".join(f for f in FLAG_ORDER if f in flags)
    return (
        status,
        f"time-proportional (序时进度): {row.get('actual_period')} covers {months}/12 of the year, so "
        f"{months}/12 of the yearly {_fmt(target)}{u} = {_fmt(expected)}{u} is expected; {en}",
        f"按序时进度：{row.get('actual_period')}为全年的{months}/12，"
        f"全年目标{_fmt(target)}{u}的{months}/12即{_fmt(expected)}{u}；{zh}",
    )


def _in_step(
    row: dict, actual: float, ref: float | None, tol: float, catalogue: Catalogue, result: dict
) -> tuple[str, str, str]:
    ref_metric = row.get("target_reference") or "gdp_growth"
    ref_name = catalogue.label(ref_metric, "en") if ref_metric in catalogue else ref_metric
    ref_zh = catalogue.label(ref_metric, "zh") if ref_metric in catalogue else ref_metric
    if ref is None:
        return (
            "not_assessable",
            f"must keep pace with {ref_name}, but the report gives no such figure",
            f"需与{ref_zh}同步，但报告未给出该数据",
        )
    gap = actual - ref
    result["gap_to_target"] = round(gap, 6)
    result["attainment_ratio"] = actual / ref if ref > 0 else None
    said = f"grew {_fmt(actual)}% against {ref_name} of {_fmt(ref)}%"
    said_zh = f"增长{_fmt(actual)}%，{ref_zh}{_fmt(ref)}%"
    if abs(gap) <= tol + _EPS:
        return (
            "within_band",
            f"{said}: in step (within ±{_fmt(tol)} pp)",
            f"{said_zh}：基本同步(±{_fmt(tol)}个百分点内)",
        )
    if gap > 0:
        return "exceeded", f"{said}: {_fmt(gap)} pp ahead", f"{said_zh}：快{_fmt(gap)}个百分点"
    return "missed", f"{said}: {_fmt(-gap)} pp behind, not in step", f"{said_zh}：慢{_fmt(-gap)}个百分点，未同步"


def _above(row: dict, actual: float, bench: float | None, region: str, result: dict) -> tuple[str, str, str]:
    where_en = "the national average" if region == "national" else "the provincial average"
    where_zh = "全国平均水平" if region == "national" else "全省平均水平"
    if bench is not None:
        gap = actual - bench
        result["gap_to_target"] = round(gap, 6)
        result["attainment_ratio"] = actual / bench if bench > 0 else None
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


def _reference_actual(row: dict, rows: list[dict]) -> float | None:
    """The report's own figure a relative target refers to (GDP growth): a headline row first."""
    ref = row.get("target_reference")
    found = [o for o in rows if o["report_id"] == row["report_id"] and o["metric"] == ref]
    for other in sorted(found, key=lambda o: not o.get("is_headline")):
        value = _num(other.get("actual_value"))
        if value is not None:
            return value
    return None


def _benchmark(benchmarks: pd.DataFrame, region: str, entry, row: dict) -> _Bench:
    """The reference figure comparable with ``row`` for ``region``, or a note saying why there is none."""
    ids = [i.strip() for i in str(entry.benchmark_metrics).split("|") if i.strip()]
    if not ids or benchmarks.empty:
        return _Bench(None, None, None)
    bare = {i.lstrip("-"): (-1.0 if i.startswith("-") else 1.0) for i in ids}
    cands = benchmarks[(benchmarks.region == region) & benchmarks.metric.isin(bare)]
    if cands.empty:
        return _Bench(None, None, None)
    period = str(row.get("actual_period") or "")
    year = int(period[:4]) if period[:4].isdigit() else None
    same_year = cands[cands.year == year]
    if same_year.empty:
        years = ", ".join(str(y) for y in sorted(cands.year.unique()))
        return _Bench(None, None, f"{region} reference figure is for {years}, the city's for {year}: not compared")
    if len(period) > 4:
        return _Bench(
            None, None, f"the city's figure covers {period}, the {region} reference the whole year: not compared"
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
                f"{region} reference is {r['basis']}-based ({_fmt(r['value'])}%), the city's growth is "
                f"{currency}-based: unlike bases, not compared",
            )
    else:
        currencies = {currency_of(b) for b in same_year.basis} - {None}
        if len(currencies) > 1:
            return _Bench(
                None,
                None,
                f"{region} references exist on several currency bases and the report names none: not compared",
            )
    chosen = chosen or same_year.iloc[0].to_dict()
    unit = str(row.get("actual_unit") or "")
    if chosen["unit"] != unit and not (unit == "%" and chosen["unit"] == "%"):
        return _Bench(
            None, None, f"{region} reference is in {chosen['unit']}, the city's figure in {unit}: not compared"
        )
    return _Bench(float(chosen["value"]) * bare[chosen["metric"]], chosen, None)


# --- consistency ---------------------------------------------------------------------------------


def consistency_findings(attainment: pd.DataFrame) -> pd.DataFrame:
    """Checks of the report against itself and against the reference figures, one row per check."""
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
        stated_pct = _num(row.get("stated_completion_pct"))
        if stated_pct is not None and actual is not None and target:
            recomputed = actual / target * 100
            found.append(
                _finding(
                    base,
                    "completion_pct",
                    stated_pct,
                    recomputed,
                    f"report says {_fmt(stated_pct)}% of target; {_fmt(actual)} ÷ {_fmt(target)} = {recomputed:.3f}%",
                )
            )
        stated_gap = _num(row.get("stated_gap_to_target"))
        if stated_gap is not None and actual is not None and target is not None:
            recomputed = actual - target
            found.append(
                _finding(
                    base,
                    "gap_to_target",
                    stated_gap,
                    recomputed,
                    f"report says {_fmt(stated_gap)} beyond target; "
                    f"{_fmt(actual)} − {_fmt(target)} = {_fmt(round(recomputed, 6))}",
                )
            )
        for level, word in (("provincial", "province"), ("national", "nation")):
            source = row.get(f"{level}_avg_source")
            own = _num(row.get(f"{level}_avg"))
            stated_gap_pp = _num(row.get(f"{level}_gap_pp"))
            if source == "stated" and stated_gap_pp is not None and actual is not None and own is not None:
                recomputed = actual - own
                found.append(
                    _finding(
                        base,
                        f"{level}_gap",
                        stated_gap_pp,
                        recomputed,
                        f"report says {_fmt(stated_gap_pp)} pp above the {word} ({_fmt(own)}%); "
                        f"{_fmt(actual)} − {_fmt(own)} = {_fmt(round(recomputed, 6))}",
                    )
                )
            if source in ("stated", "derived") and own is not None:
                ref = _num(row.get(f"{level}_avg_reference"))
                how = "stated" if source == "stated" else f"derived from the stated gap of {_fmt(stated_gap_pp)} pp"
                inferred = (
                    " (direction word missing in the text: 'above' inferred)"
                    if "direction_inferred" in str(row.get("flags"))
                    else ""
                )
                if ref is None:
                    found.append(
                        _finding(
                            base,
                            f"{level}_avg_vs_reference",
                            own,
                            None,
                            f"{word} average {_fmt(own)}% {how}{inferred}; "
                            "no official reference figure to check it against",
                        )
                    )
                else:
                    gap_official = (actual - ref) if actual is not None else None
                    note = f"{word} average {_fmt(own)}% {how}{inferred}; official reference {_fmt(ref)}%" + (
                        f" (official gap {_fmt(round(gap_official, 6))} pp)" if gap_official is not None else ""
                    )
                    found.append(_finding(base, f"{level}_avg_vs_reference", own, ref, note))
        note = row.get("national_note")
        if isinstance(note, str) and note and _num(row.get("national_avg")) is None:
            ref_basis = "no official national figure on the same basis"
            found.append(
                {
                    **base,
                    "check": "national_claim",
                    "stated": None,
                    "recomputed": None,
                    "difference": None,
                    "agrees": None,
                    "note": f"report says “{note}”; {ref_basis}: cannot be verified",
                }
            )
    table = pd.DataFrame(found, columns=list(FINDINGS_COLUMNS))
    table["agrees"] = table["agrees"].astype("boolean")
    for column in ("stated", "recomputed", "difference"):
        table[column] = pd.to_numeric(table[column], errors="coerce").astype("float64")
    table["source_line"] = table["source_line"].astype("Int64")
    return table


def _finding(base: dict, check: str, stated: float, recomputed: float | None, note: str) -> dict:
    if recomputed is None:
        return {
            **base,
            "check": check,
            "stated": stated,
            "recomputed": None,
            "difference": None,
            "agrees": None,
            "note": note,
        }
    difference = round(recomputed - stated, 6) + 0.0
    agrees = abs(difference) <= _half_unit(stated) + 1e-6
    verdict = "agrees" if agrees else "DISAGREES"
    return {
        **base,
        "check": check,
        "stated": stated,
        "recomputed": round(recomputed, 6) + 0.0,
        "difference": difference,
        "agrees": agrees,
        "note": f"{verdict}: {note}",
    }


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


def _benchmarks_used(used: dict) -> pd.DataFrame:
    columns = [
        "region",
        "metric",
        "value",
        "unit",
        "basis",
        "year",
        "how_obtained",
        "source_url",
        "source_snippet",
        "used_for",
    ]
    if not used:
        return pd.DataFrame(columns=columns)
    table = pd.DataFrame(list(used.values()))
    return table[columns].sort_values(["region", "metric"]).reset_index(drop=True)


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
    ]
    out = table.copy()
    for column in floats:
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
    out["attainment_ratio"] = out["attainment_ratio"].round(6)
    out["provisional"] = out["provisional"].astype(bool)
    for column in (
        "good_direction",
        "status",
        "status_basis",
        "status_basis_zh",
        "check_flags",
        "provincial_avg_source",
        "national_avg_source",
    ):
        out[column] = out[column].astype("string")
    out["check_flags"] = out["check_flags"].fillna("")
    return out.replace({np.inf: np.nan, -np.inf: np.nan})
