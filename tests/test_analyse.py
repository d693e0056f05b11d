"""Attainment rules on small hand-made tables, then end to end on the seed report."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from indicators.analyse import compute_attainment
from indicators.benchmarks import load_benchmarks
from indicators.schema import validate_attainment, validate_findings

from conftest import headline, target_row

BENCH_COLUMNS = [
    "region", "metric", "value", "unit", "basis", "how_obtained", "source_url", "source_snippet", "year", "source_type",
]


def make_row(task: int = 1, metric: str = "gdp_growth", **values) -> dict:
    defaults = {"indicator_zh": metric, "indicator_en": metric, "actual_period": "2021"}
    return target_row(task=task, metric=metric, **{**defaults, **values})


def bench(*rows: tuple) -> pd.DataFrame:
    """Benchmark rows: (region, metric, value, unit, basis, year[, source_type, how_obtained])."""
    records = [
        {
            "region": r[0],
            "metric": r[1],
            "value": r[2],
            "unit": r[3],
            "basis": r[4],
            "how_obtained": r[7] if len(r) > 7 else "stated",
            "source_url": "http://example.org",
            "source_snippet": "…",
            "year": r[5],
            "source_type": r[6] if len(r) > 6 else "statistics-bureau-press-release-via-newspaper",
        }
        for r in rows
    ]
    return pd.DataFrame(records, columns=BENCH_COLUMNS)


NO_BENCH = bench()


def assess(*rows: dict, benchmarks: pd.DataFrame = NO_BENCH, **kwargs) -> pd.DataFrame:
    result = compute_attainment(pd.DataFrame(list(rows)), benchmarks, province="anhui", **kwargs)
    return result.attainment


def one(row: dict, **kwargs) -> pd.Series:
    return assess(row, **kwargs).iloc[0]


# --- about (左右) ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "tolerance", "status"),
    [
        (8.3, 0.5, "within_band"),
        (8.5, 0.5, "within_band"),
        (9.0, 0.5, "within_band"),
        (9.1, 0.5, "exceeded"),
        (7.9, 0.5, "missed"),
        (8.3, 0.1, "missed"),
        (8.3, 0.2, "within_band"),
    ],
)
def test_about_band(actual, tolerance, status):
    row = one(
        make_row(comparator="about", target_value=8.5, target_unit="%", actual_value=actual, actual_unit="%"),
        tolerance_pp=tolerance,
    )
    assert row.status == status and row.target_kind == "rate"
    assert row.gap_to_target == pytest.approx(actual - 8.5)
    assert pd.isna(row.attainment_ratio)  # a growth target has no 完成率: the measure is the gap in pp
    assert row.tolerance == pytest.approx(tolerance)
    low, high = 8.5 - tolerance, 8.5 + tolerance
    expected = actual - low if actual < low - 1e-9 else actual - high if actual > high + 1e-9 else 0.0
    assert row.gap_to_band == pytest.approx(expected, abs=1e-9)


def test_about_on_a_level_uses_the_relative_band():
    row = make_row(
        metric="grain_output",
        comparator="about",
        target_value=27.0,
        target_unit="亿斤",
        actual_value=26.6,
        actual_unit="亿斤",
    )
    assert one(row).status == "within_band"  # 2% of 27 = 0.54
    assert one(row, tolerance_rel=0.01).status == "missed"
    assert one(row).target_kind == "quantity" and one(row).attainment_ratio == pytest.approx(26.6 / 27)


@pytest.mark.parametrize(
    ("actual", "status", "room"),
    [(1.3, "met", 1.7), (3.4, "within_band", -0.4), (4.0, "missed", -1.0), (0.0, "met", 3.0), (-0.5, "met", 3.5)],
)
def test_cpi_ceiling_has_headroom_not_a_ratio(actual, status, room):
    row = one(
        make_row(
            metric="cpi_change",
            comparator="about",
            target_value=3.0,
            target_unit="%",
            actual_value=actual,
            actual_unit="%",
        )
    )
    assert row.good_direction == "ceiling" and row.target_kind == "ceiling"
    assert row.status == status
    assert pd.isna(row.attainment_ratio)  # never 3 ÷ 1.3 = 231%
    assert row.headroom == pytest.approx(room)
    if status == "met":
        assert "ceiling" in row.status_basis


# --- floors, ceilings, exact numbers, ranges ----------------------------------------------------


@pytest.mark.parametrize(
    ("comparator", "actual", "status"),
    [
        ("at_least", 8.0, "met"),
        ("at_least", 11.7, "exceeded"),
        ("at_least", 7.9, "missed"),
        ("exact", 8.0, "met"),
        ("exact", 8.2, "exceeded"),
        ("exact", 7.0, "missed"),
    ],
)
def test_floor_targets(comparator, actual, status):
    row = one(
        make_row(
            metric="services_value_added_growth",
            comparator=comparator,
            target_value=8.0,
            target_unit="%",
            actual_value=actual,
            actual_unit="%",
        )
    )
    assert row.status == status


@pytest.mark.parametrize(
    ("comparator", "actual", "status"),
    [
        ("at_most", 3.62, "exceeded"),
        ("at_most", 4.5, "met"),
        ("at_most", 5.0, "missed"),
        ("exact", 4.0, "exceeded"),
        ("exact", 4.6, "missed"),
    ],
)
def test_lower_is_better_targets(comparator, actual, status):
    row = one(
        make_row(
            metric="urban_unemployment_rate",
            comparator=comparator,
            target_value=4.5,
            target_unit="%",
            actual_value=actual,
            actual_unit="%",
        )
    )
    assert row.status == status and row.target_kind == "ceiling"
    assert pd.isna(row.attainment_ratio) and row.headroom == pytest.approx(4.5 - actual)


@pytest.mark.parametrize(
    ("actual", "status"), [(6.1, "within_band"), (6.5, "within_band"), (7.0, "exceeded"), (5.9, "missed")]
)
def test_range_target(actual, status):
    row = one(
        make_row(
            comparator="range", target_value=6.0, target_high=6.5, target_unit="%", actual_value=actual, actual_unit="%"
        )
    )
    assert row.status == status


def test_zero_target_and_negative_growth():
    zero = one(make_row(comparator="at_least", target_value=0.0, target_unit="%", actual_value=1.0, actual_unit="%"))
    assert pd.isna(zero.attainment_ratio) and zero.status == "exceeded"
    negative = one(make_row(comparator="about", target_value=5.0, target_unit="%", actual_value=-2.0, actual_unit="%"))
    assert negative.status == "missed" and negative.gap_to_target == pytest.approx(-7.0)
    assert pd.isna(negative.attainment_ratio) and negative.gap_to_band == pytest.approx(-6.5)
    jobs = one(make_row(metric="urban_new_jobs", comparator="exact", target_value=0.0, target_unit="万人",
                        actual_value=1.0, actual_unit="万人"))
    assert pd.isna(jobs.attainment_ratio) and jobs.status == "exceeded"  # a zero denominator


# --- relative targets ---------------------------------------------------------------------------


def _income(actual: float, gdp: float | None, text: str = "text", period: str = "2021") -> list[dict]:
    rows = [
        make_row(
            task=7,
            metric="disposable_income_growth",
            comparator="in_step_with",
            target_reference="gdp_growth",
            actual_value=actual,
            actual_unit="%",
            actual_period=period,
            source_text=text,
        )
    ]
    if gdp is not None:
        rows.append(
            make_row(
                task=1,
                metric="gdp_growth",
                comparator="about",
                target_value=8.5,
                target_unit="%",
                actual_value=gdp,
                actual_unit="%",
            )
        )
    return rows


@pytest.mark.parametrize(
    ("actual", "gdp", "status", "words"),
    [
        (10.0, 11.6, "missed", "1.6 pp behind"),
        (10.0, 10.2, "within_band", "in step"),
        (12.0, 11.0, "exceeded", "1 pp ahead"),
    ],
)
def test_in_step_with_gdp_on_the_real_figure_the_report_states(actual, gdp, status, words):
    text = f"全市居民人均可支配收入40501元、增速{actual + 1.2:g}%，扣除价格因素实际增长{actual:g}%"
    row = assess(*_income(actual + 1.2, gdp, text)).query("metric == 'disposable_income_growth'").iloc[0]
    assert row.status == status and words in row.status_basis
    assert "real" in row.status_basis and row.actual_price_basis == "real"
    assert row.benchmark_value == pytest.approx(gdp)
    assert row.gap_to_target == pytest.approx(actual - gdp)
    assert pd.isna(row.attainment_ratio) and row.target_kind == "relative"


def test_nominal_income_against_real_gdp_is_not_comparable():
    row = assess(*_income(10.0, 11.6, "全市居民人均可支配收入40501元、增速10.0%")).iloc[0]
    assert row.status == "not_comparable" and row.actual_price_basis == "nominal"
    assert "nominal" in row.status_basis and "real" in row.status_basis and "名义" in row.status_basis_zh
    assert pd.isna(row.gap_to_target) and pd.isna(row.attainment_ratio)
    # the same figure stated as real is compared
    real = assess(*_income(10.0, 11.6, "全市居民人均可支配收入40501元、实际增长10.0%")).iloc[0]
    assert real.status == "missed" and real.gap_to_target == pytest.approx(-1.6)


def test_part_year_income_against_full_year_gdp_is_not_comparable():
    text = "2022年前三季度，城镇居民人均可支配收入39455元，实际增长6.4%"
    row = assess(*_income(6.4, 4.0, text, period="2022Q1-Q3")).iloc[0]
    assert row.status == "not_comparable" and "different periods" in row.status_basis
    assert row.status != "exceeded"


def test_in_step_without_reference_is_not_assessable():
    assert assess(*_income(10.0, None)).iloc[0].status == "not_assessable"


def _trade(basis: str | None, note: str | None = "进出口增速高于全国平均水平") -> dict:
    return make_row(
        task=6,
        metric="trade_growth",
        comparator="above_benchmark",
        target_reference="national",
        actual_value=36.5,
        actual_unit="%",
        actual_basis=basis,
        national_note=note,
    )


def test_above_benchmark_on_the_same_basis():
    rows = bench(
        ("china", "trade_growth_cny", 21.4, "%", "RMB", 2021), ("china", "trade_growth_usd", 40.0, "%", "USD", 2021)
    )
    cny = one(_trade("CNY"), benchmarks=rows)
    assert cny.status == "exceeded" and cny.national_avg == pytest.approx(21.4)
    assert cny.gap_to_national_pp == pytest.approx(15.1)
    usd = one(_trade("USD"), benchmarks=rows)
    assert usd.status == "missed" and usd.benchmark_value == pytest.approx(40.0)


def test_unlike_basis_falls_back_to_the_reports_statement():
    row = one(_trade("USD"), benchmarks=bench(("china", "trade_growth_cny", 21.4, "%", "RMB", 2021)))
    assert pd.isna(row.gap_to_national_pp) and pd.isna(row.national_avg)
    assert row.status == "met" and "report's own statement" in row.status_basis
    assert "unlike bases" in row.benchmark_note and "币种" in row.benchmark_note_zh


def test_above_benchmark_with_nothing_to_go_on():
    assert one(_trade(None, note=None)).status == "not_assessable"


# --- qualitative, context, provisional ------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "metric", "status"),
    [
        ("完成省下达的任务", "energy_intensity_reduction", "met"),
        ("未完成年度目标", "energy_intensity_reduction", "missed"),
        (None, "target_monitoring", "not_assessable"),
    ],
)
def test_qualitative_takes_the_reports_verdict(outcome, metric, status):
    row = one(make_row(metric=metric, comparator="qualitative", stated_outcome=outcome))
    assert row.status == status
    if outcome:
        assert outcome in row.status_basis and pd.isna(row.attainment_ratio)


def test_context_rows_and_missing_actuals_are_not_assessable():
    context = make_row(metric="gdp_level", is_headline=False, actual_value=4000.0, actual_unit="亿元")
    missing = make_row(task=2, comparator="about", target_value=8.5, target_unit="%", flags="actual_missing")
    table = assess(
        make_row(task=1, comparator="about", target_value=8.5, target_unit="%", actual_value=9.0, actual_unit="%"),
        context,
        missing,
    )
    assert table.status.tolist() == ["within_band", "not_assessable", "not_assessable"]


@pytest.mark.parametrize(
    ("flag", "period", "status"),
    [
        ("estimated", "2021", "exceeded"),
        ("partial_period", "2021Q1-Q3", "on_track"),
        ("prior_year_data", "2020", "not_assessable"),
    ],
)
def test_provisional_figures_say_so(flag, period, status):
    row = one(
        make_row(
            comparator="at_least",
            target_value=8.0,
            target_unit="%",
            actual_value=9.0,
            actual_unit="%",
            flags=flag,
            actual_period=period,
        )
    )
    assert row.provisional and "provisional" in row.status_basis and row.status == status
    assert not one(
        make_row(comparator="at_least", target_value=8.0, target_unit="%", actual_value=9.0, actual_unit="%")
    ).provisional


# --- benchmarks -------------------------------------------------------------------------------------


def test_benchmark_order_report_first_then_reference():
    rows = bench(
        ("anhui", "gdp_growth", 8.3, "%", "comparable prices", 2021), ("china", "gdp_growth", 8.1, "%", "", 2021)
    )
    own = one(
        make_row(
            comparator="about",
            target_value=8.5,
            target_unit="%",
            actual_value=11.6,
            actual_unit="%",
            provincial_avg=8.3,
            provincial_avg_source="stated",
        ),
        benchmarks=rows,
    )
    assert own.provincial_avg == 8.3 and own.provincial_avg_source == "stated" and not own.provincial_disputed
    assert own.provincial_avg_reference == pytest.approx(8.3) and own.provincial_avg_report == pytest.approx(8.3)
    assert own.gap_to_provincial_pp == pytest.approx(3.3) and own.gap_to_national_pp == pytest.approx(3.5)
    assert own.provincial_reference_type == "statistics-bureau-press-release-via-newspaper"
    ref = one(
        make_row(comparator="about", target_value=8.5, target_unit="%", actual_value=11.6, actual_unit="%"),
        benchmarks=rows,
    )
    assert ref.provincial_avg == pytest.approx(8.3) and ref.provincial_avg_source == "reference"
    assert ref.gap_to_provincial_pp == pytest.approx(3.3)


def test_no_gap_across_years_or_part_years():
    rows = bench(("china", "rd_intensity", 2.44, "%", "", 2021))
    prior = one(
        make_row(
            metric="rd_intensity",
            comparator="exact",
            target_value=3.2,
            target_unit="%",
            actual_value=3.34,
            actual_unit="%",
            actual_period="2020",
            flags="prior_year_data",
        ),
        benchmarks=rows,
    )
    assert pd.isna(prior.gap_to_national_pp) and "2020" in prior.benchmark_note
    assert prior.status == "not_assessable" and prior.provisional  # no status for this year from last year's data
    assert pd.isna(prior.gap_to_target) and "3.34%" in prior.status_basis and "2020" in prior.status_basis_zh
    part = one(
        make_row(
            metric="rd_intensity",
            comparator="exact",
            target_value=3.2,
            target_unit="%",
            actual_value=3.34,
            actual_unit="%",
            actual_period="2021Q1-Q3",
        ),
        benchmarks=rows,
    )
    assert pd.isna(part.gap_to_national_pp)
    full = one(
        make_row(
            metric="rd_intensity",
            comparator="exact",
            target_value=3.2,
            target_unit="%",
            actual_value=3.34,
            actual_unit="%",
        ),
        benchmarks=rows,
    )
    assert full.gap_to_national_pp == pytest.approx(0.9)


def test_inputs_are_not_mutated():
    rows = pd.DataFrame(
        [make_row(comparator="about", target_value=8.5, target_unit="%", actual_value=9.0, actual_unit="%")]
    )
    before = rows.copy()
    compute_attainment(rows, NO_BENCH)
    pd.testing.assert_frame_equal(rows, before)


# --- findings -----------------------------------------------------------------------------------


def test_stated_completion_percentage_is_checked():
    ok = make_row(
        task=10,
        metric="urban_new_jobs",
        comparator="exact",
        target_value=6.9,
        target_unit="万人",
        actual_value=7.6,
        actual_unit="万人",
        stated_completion_pct=110.14,
    )
    result = compute_attainment(pd.DataFrame([ok]), NO_BENCH)
    assert result.findings.agrees.tolist() == [True]
    wrong = {**ok, "stated_completion_pct": 112.0}
    result = compute_attainment(pd.DataFrame([wrong]), NO_BENCH)
    assert result.findings.agrees.tolist() == [False]
    assert "completion_pct" in result.attainment.check_flags.iloc[0]


def test_derived_provincial_average_checked_against_reference():
    row = make_row(
        task=4,
        metric="industrial_value_added_growth",
        comparator="about",
        target_value=9.0,
        target_unit="%",
        actual_value=14.1,
        actual_unit="%",
        provincial_avg=7.8,
        provincial_avg_source="derived",
        provincial_gap_pp=6.3,
        flags="direction_inferred",
    )
    disagree = compute_attainment(
        pd.DataFrame([row]), bench(("anhui", "industrial_value_added_growth", 8.9, "%", "", 2021)), province="anhui"
    )
    finding = disagree.findings.iloc[0]
    assert not finding.agrees and finding.recomputed == pytest.approx(8.9)
    assert "gap by the reference 5.2 pp" in finding.note and "inferred" in finding.note
    agree = compute_attainment(
        pd.DataFrame([row]), bench(("anhui", "industrial_value_added_growth", 7.8, "%", "", 2021)), province="anhui"
    )
    assert agree.findings.agrees.tolist() == [True] and agree.attainment.check_flags.iloc[0] == ""


# --- end to end -------------------------------------------------------------------------------------

SEED_STATUS = {
    1: "exceeded",
    2: "exceeded",
    3: "exceeded",
    4: "exceeded",
    5: "exceeded",
    6: "met",
    7: "not_comparable",
    8: "exceeded",
    9: "exceeded",
    10: "exceeded",
    11: "on_track",
    12: "met",
    13: "exceeded",
    14: "not_assessable",
    15: "exceeded",
    16: "not_assessable",
}


@pytest.fixture(scope="module")
def seed_result(seed_table):
    return compute_attainment(seed_table, load_benchmarks(), province="anhui", city=("芜湖", "wuhu"))


def test_seed_tables_match_their_schemas(seed_result):
    validate_attainment(seed_result.attainment)
    validate_findings(seed_result.findings)


def test_seed_statuses(seed_result):
    table = seed_result.attainment
    assert {t: headline(table, t).status for t in range(1, 17)} == SEED_STATUS
    assert {t for t in range(1, 17) if headline(table, t).provisional} == {8, 11, 13, 14}
    heads = table[table.is_headline]
    rates = heads[heads.target_kind.isin(["rate", "ceiling", "relative"])]
    assert set(rates.task) >= {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 14}
    assert rates.attainment_ratio.isna().all()  # no 完成率 of any rate target
    assert headline(table, 10).attainment_ratio == pytest.approx(7.6 / 6.9)  # jobs: the report's own 110.14%
    assert headline(table, 15).attainment_ratio == pytest.approx(27.752 / 27.1)
    assert headline(table, 12).headroom == pytest.approx(1.7) and headline(table, 12).target_kind == "ceiling"
    income = headline(table, 7)
    assert "nominal" in income.status_basis and "real" in income.status_basis and pd.isna(income.gap_to_target)
    assert "report's own statement" in headline(table, 6).status_basis
    trade = headline(table, 6)
    assert trade.provincial_avg == pytest.approx(36.1)  # the USD-based provincial figure, Wuhu's own claim
    assert trade.provincial_reference_independent is False or not trade.provincial_reference_independent
    assert "not independent" in trade.benchmark_note


def test_seed_dispute_shows_the_reference_figure(seed_result):
    industry = headline(seed_result.attainment, 4)
    assert industry.provincial_disputed and industry.provincial_avg == pytest.approx(8.9)
    assert industry.provincial_avg_source == "reference" and industry.provincial_avg_report == pytest.approx(7.8)
    assert industry.gap_to_provincial_pp == pytest.approx(5.2)
    assert industry.provincial_reference_type == "derived-from-city-statistics-bureau"
    investment = headline(seed_result.attainment, 3)  # 9.4 derived from the report and stated by the province
    assert not investment.provincial_disputed and investment.provincial_avg_source == "derived"
    assert bool(investment.provincial_reference_independent)


def test_seed_prior_year_and_part_year_are_not_claimed(seed_result):
    rd, energy = headline(seed_result.attainment, 14), headline(seed_result.attainment, 11)
    assert rd.status == "not_assessable" and rd.provisional and "2020" in rd.status_basis
    assert energy.status == "on_track" and energy.provisional and "2021Q1-Q3" in energy.status_basis


def test_seed_findings(seed_result):
    f = seed_result.findings.set_index(["task", "check"])
    assert f.loc[(10, "completion_pct"), "agrees"]
    assert f.loc[(15, "completion_pct"), "agrees"] and f.loc[(15, "gap_to_target"), "agrees"]
    assert f.loc[(2, "provincial_gap"), "agrees"]
    assert f.loc[(3, "provincial_avg_vs_reference"), "agrees"]
    assert not f.loc[(4, "provincial_avg_vs_reference"), "agrees"]
    assert "gap by the reference 5.2 pp" in f.loc[(4, "provincial_avg_vs_reference"), "note"]
    assert "not independent" in f.loc[(4, "provincial_avg_vs_reference"), "note"]
    # retail: 17.1 both ways, but the reference is Wuhu's own claim: it confirms nothing
    assert pd.isna(f.loc[(5, "provincial_avg_vs_reference"), "agrees"])
    assert "not independent" in f.loc[(5, "provincial_avg_vs_reference"), "note"]
    assert pd.isna(f.loc[(6, "national_claim"), "agrees"])


def test_seed_findings_are_explained_in_both_languages(seed_result):
    """Every finding has a Chinese note with the same figures as its English one, and no English in it."""
    f = seed_result.findings
    assert f["note_zh"].str.len().gt(0).all()
    for en, zh in zip(f["note"], f["note_zh"], strict=True):
        assert not re.search(r"[A-Za-z]{3,}", zh), zh
        assert sorted(re.findall(r"\d+(?:\.\d+)?", en)) == sorted(re.findall(r"\d+(?:\.\d+)?", zh)), (en, zh)
    g = f.set_index(["task", "check"])
    assert g.loc[(4, "provincial_avg_vs_reference"), "note_zh"].startswith("不一致：")
    assert "与报告同源" in g.loc[(4, "provincial_avg_vs_reference"), "note_zh"]
    assert g.loc[(5, "provincial_avg_vs_reference"), "note_zh"].startswith("非独立核对：")


def test_seed_tolerance_and_benchmark_changes_follow(seed_table):
    wide = compute_attainment(seed_table, load_benchmarks(), province="anhui", tolerance_pp=3.5).attainment
    assert headline(wide, 1).status == "within_band" and headline(wide, 1).gap_to_band == 0
    benchmarks = load_benchmarks()
    benchmarks.loc[(benchmarks.region == "anhui") & (benchmarks.metric == "gdp_growth"), "value"] = 12.0
    moved = compute_attainment(seed_table, benchmarks, province="anhui").attainment
    assert headline(moved, 1).gap_to_provincial_pp == pytest.approx(-0.4)
    industry = (benchmarks.region == "anhui") & (benchmarks.metric == "industrial_value_added_growth")
    benchmarks.loc[industry, "value"] = 7.8
    circular = compute_attainment(seed_table, benchmarks, province="anhui").findings.set_index(["task", "check"])
    assert pd.isna(circular.loc[(4, "provincial_avg_vs_reference"), "agrees"])  # Wuhu's own claim confirms nothing
    benchmarks.loc[industry, "source_type"] = "statistics-bureau-press-release-via-newspaper"
    fixed = compute_attainment(seed_table, benchmarks, province="anhui").findings.set_index(["task", "check"])
    assert fixed.loc[(4, "provincial_avg_vs_reference"), "agrees"]


# --- issue 10: the right measure, like with like, sources as they are ----------------------------------


@pytest.mark.parametrize("comparator", ["about", "at_least", "exact", "at_most", "range"])
@pytest.mark.parametrize(
    ("metric", "unit", "target", "actual"),
    [
        ("energy_intensity_reduction", "%", 3.2, 3.8),
        ("gdp_growth", "%", 6.0, 9.5),
        ("urban_new_jobs", "万人", 6.9, 7.5),
        ("cpi_change", "%", 3.0, 1.0),
        ("grain_output", "亿斤", 27.0, 30.0),
    ],
)
@pytest.mark.parametrize("period", ["2021Q1", "2021H1", "2021Q1-Q3", "2021M01-M11"])
def test_a_part_year_actual_is_never_exceeded_against_a_full_year_target(
    comparator, metric, unit, target, actual, period
):
    row = one(
        make_row(
            metric=metric,
            comparator=comparator,
            target_value=target,
            target_high=target + 0.5 if comparator == "range" else None,
            target_unit=unit,
            actual_value=actual,
            actual_unit=unit,
            actual_period=period,
            flags="partial_period",
        )
    )
    assert row.status in ("on_track", "behind_schedule") and row.provisional
    assert row.status != "exceeded" and row.status != "met"


def test_the_whole_year_figure_is_judged_as_before():
    row = one(make_row(metric="energy_intensity_reduction", comparator="exact", target_value=3.2, target_unit="%",
                       actual_value=3.8, actual_unit="%"))
    assert row.status == "exceeded" and not row.provisional and row.gap_to_target == pytest.approx(0.6)


def _industry(own: float | None, source: str = "derived", **bench_extra) -> pd.Series:
    row = make_row(
        task=4,
        metric="industrial_value_added_growth",
        comparator="about",
        target_value=9.0,
        target_unit="%",
        actual_value=14.1,
        actual_unit="%",
        provincial_avg=own,
        provincial_avg_source=source if own is not None else None,
        provincial_gap_pp=round(14.1 - own, 6) if own is not None else None,
    )
    reference = ("anhui", "industrial_value_added_growth", 8.9, "%", "", 2021,
                 bench_extra.get("source_type", "statistics-bureau-press-release-via-newspaper"),
                 bench_extra.get("how_obtained", "stated"))
    return compute_attainment(pd.DataFrame([row]), bench(reference), province="anhui",
                              city=bench_extra.get("city")).attainment.iloc[0]


def test_the_headline_shows_the_reference_figure_when_the_report_disagrees():
    disputed = _industry(7.8)
    assert disputed.provincial_disputed and disputed.provincial_avg == pytest.approx(8.9)
    assert disputed.provincial_avg_source == "reference" and disputed.provincial_avg_report == pytest.approx(7.8)
    assert disputed.gap_to_provincial_pp == pytest.approx(5.2)
    assert "disagrees" in disputed.benchmark_note and "不一致" in disputed.benchmark_note_zh
    agreed = _industry(8.9)  # the same figure: the report's own stays
    assert not agreed.provincial_disputed and agreed.provincial_avg_source == "derived"
    close = _industry(8.94, "stated")  # at the precision the report prints (±0.005), 8.94 is not 8.9
    assert close.provincial_disputed
    none = _industry(None)
    assert not none.provincial_disputed and none.provincial_avg_source == "reference"


def test_a_figure_derived_from_the_citys_own_release_is_not_independent():
    kwargs = {"source_type": "derived-from-city-statistics-bureau",
              "how_obtained": "derived: Wuhu 14.1 minus the 5.2 pp lead Wuhu claims"}
    own_city = _industry(8.9, city=("芜湖", "wuhu"), **kwargs)
    assert own_city.provincial_reference_independent is False or not own_city.provincial_reference_independent
    assert "not independent" in own_city.benchmark_note
    other_city = _industry(8.9, city=("合肥", "hefei"), **kwargs)
    assert bool(other_city.provincial_reference_independent)
    row = make_row(task=4, metric="industrial_value_added_growth", comparator="about", target_value=9.0,
                   target_unit="%", actual_value=14.1, actual_unit="%", provincial_avg=8.9,
                   provincial_avg_source="derived", provincial_gap_pp=5.2)
    reference = bench(("anhui", "industrial_value_added_growth", 8.9, "%", "", 2021, kwargs["source_type"],
                       kwargs["how_obtained"]))
    result = compute_attainment(pd.DataFrame([row]), reference, province="anhui", city=("芜湖", "wuhu"))
    finding = result.findings.set_index("check").loc["provincial_avg_vs_reference"]
    assert pd.isna(finding.agrees) and "not independent" in finding.note
    assert result.benchmarks_used.independent.tolist() == [False]
    assert result.benchmarks_used.source_type.tolist() == ["derived-from-city-statistics-bureau"]


def test_a_reference_on_another_basis_is_named_not_used():
    row = make_row(task=2, metric="budget_revenue_growth", comparator="in_step_with", target_reference="gdp_growth",
                   actual_value=9.5, actual_unit="%", actual_period="2022")
    comparable = bench(("anhui", "budget_revenue_growth_comparable", 9.9, "%", "同口径", 2022))
    out = one(row, benchmarks=comparable)
    assert pd.isna(out.provincial_avg) and pd.isna(out.gap_to_provincial_pp)
    # the reference named in words (issue 11: no metric ids in what readers see), in both languages
    assert "budget revenue growth (comparable)" in out.benchmark_note.lower() and "同口径" in out.benchmark_note_zh
    assert "budget_revenue_growth_comparable" not in out.benchmark_note + out.benchmark_note_zh
    empty = one(row, benchmarks=bench(("anhui", "gdp_growth", 3.5, "%", "", 2022)))
    assert "no anhui (provincial) figure for this indicator in 2022" in empty.benchmark_note
    other_year = one(row, benchmarks=bench(("china", "gdp_growth", 8.1, "%", "", 2021)))
    assert "no national figures for 2022" in other_year.benchmark_note


def test_a_real_figure_is_compared_with_the_references_real_figure():
    rows = bench(("anhui", "disposable_income_growth", 10.0, "%", "nominal", 2021),
                 ("anhui", "disposable_income_growth_real", 9.0, "%", "real", 2021))
    nominal = one(make_row(metric="disposable_income_growth", comparator="at_least", target_value=8.0,
                           target_unit="%", actual_value=10.4, actual_unit="%", source_text="居民收入增长10.4%"),
                  benchmarks=rows)
    assert nominal.provincial_avg == pytest.approx(10.0) and nominal.actual_price_basis == "nominal"
    real = one(make_row(metric="disposable_income_growth", comparator="at_least", target_value=8.0,
                        target_unit="%", actual_value=9.6, actual_unit="%",
                        source_text="居民收入扣除价格因素实际增长9.6%"), benchmarks=rows)
    assert real.provincial_avg == pytest.approx(9.0) and real.actual_price_basis == "real"
    assert real.gap_to_provincial_pp == pytest.approx(0.6)


def test_status_counts_keep_provisional_apart(seed_result):
    from indicators.analyse import status_counts
    from indicators.labels import status_counts_text

    counts = {s: (firm, prov) for s, firm, prov in status_counts(seed_result.attainment)}
    assert counts["exceeded"] == (8, 2)  # tasks 8 and 13 rest on estimates
    assert counts["on_track"] == (0, 1) and counts["not_assessable"] == (1, 1)
    assert sum(f + p for f, p in counts.values()) == 16
    assert "超额完成 8(另暂定 2)" in status_counts_text(status_counts(seed_result.attainment), "zh")
    assert "exceeded 8 (+2 provisional)" in status_counts_text(status_counts(seed_result.attainment), "en")


def test_a_reference_published_on_two_bases_is_not_matched_to_an_unstated_one():
    row = make_row(metric="budget_revenue_growth", comparator="at_least", target_value=5.0, target_unit="%",
                   actual_value=9.5, actual_unit="%", actual_period="2022")
    rows = bench(("china", "budget_revenue_growth", 0.6, "%", "unadjusted headline", 2022),
                 ("china", "budget_revenue_growth_comparable", 9.1, "%", "excluding VAT credit refunds", 2022))
    out = one(row, benchmarks=rows)
    assert pd.isna(out.gap_to_national_pp) and "0.6%" in out.benchmark_note and "9.1%" in out.benchmark_note
    plain = one(row, benchmarks=rows[rows.metric == "budget_revenue_growth"])
    assert plain.gap_to_national_pp == pytest.approx(8.9)
