"""Attainment rules on small hand-made tables, then end to end on the seed report."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.analyse import compute_attainment
from indicators.benchmarks import load_benchmarks
from indicators.schema import validate_attainment, validate_findings

from conftest import headline, target_row

BENCH_COLUMNS = ["region", "metric", "value", "unit", "basis", "how_obtained", "source_url", "source_snippet", "year"]


def make_row(task: int = 1, metric: str = "gdp_growth", **values) -> dict:
    defaults = {"indicator_zh": metric, "indicator_en": metric, "actual_period": "2021"}
    return target_row(task=task, metric=metric, **{**defaults, **values})


def bench(*rows: tuple) -> pd.DataFrame:
    """Benchmark rows: (region, metric, value, unit, basis, year)."""
    records = [
        {
            "region": r,
            "metric": m,
            "value": v,
            "unit": u,
            "basis": b,
            "how_obtained": "stated",
            "source_url": "http://example.org",
            "source_snippet": "…",
            "year": y,
        }
        for r, m, v, u, b, y in rows
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
    assert row.status == status
    assert row.gap_to_target == pytest.approx(actual - 8.5)
    assert row.attainment_ratio == pytest.approx(actual / 8.5)
    assert row.tolerance == pytest.approx(tolerance)


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


@pytest.mark.parametrize(
    ("actual", "status", "ratio"),
    [
        (1.3, "met", 3 / 1.3),
        (3.4, "within_band", 3 / 3.4),
        (4.0, "missed", 0.75),
        (0.0, "met", None),
        (-0.5, "met", None),
    ],
)
def test_cpi_ceiling_is_oriented(actual, status, ratio):
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
    assert row.good_direction == "ceiling"
    assert row.status == status
    if ratio is None:
        assert pd.isna(row.attainment_ratio)  # zero or negative denominator
    else:
        assert row.attainment_ratio == pytest.approx(ratio)
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
    assert row.status == status
    assert row.attainment_ratio == pytest.approx(4.5 / actual)


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
    assert negative.attainment_ratio == pytest.approx(-0.4)


# --- relative targets ---------------------------------------------------------------------------


def _income(actual: float, gdp: float | None) -> list[dict]:
    rows = [
        make_row(
            task=7,
            metric="disposable_income_growth",
            comparator="in_step_with",
            target_reference="gdp_growth",
            actual_value=actual,
            actual_unit="%",
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
def test_in_step_with_gdp(actual, gdp, status, words):
    row = assess(*_income(actual, gdp)).query("metric == 'disposable_income_growth'").iloc[0]
    assert row.status == status and words in row.status_basis
    assert row.benchmark_value == pytest.approx(gdp)
    assert row.gap_to_target == pytest.approx(actual - gdp)


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
    assert "unlike bases" in row.status_basis


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


@pytest.mark.parametrize("flag", ["estimated", "partial_period", "prior_year_data"])
def test_provisional_figures_say_so(flag):
    row = one(
        make_row(
            comparator="at_least", target_value=8.0, target_unit="%", actual_value=9.0, actual_unit="%", flags=flag
        )
    )
    assert row.provisional and "provisional" in row.status_basis and row.status == "exceeded"
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
            provincial_avg=9.0,
            provincial_avg_source="stated",
        ),
        benchmarks=rows,
    )
    assert own.provincial_avg == 9.0 and own.provincial_avg_source == "stated"
    assert own.provincial_avg_reference == pytest.approx(8.3)
    assert own.gap_to_provincial_pp == pytest.approx(2.6) and own.gap_to_national_pp == pytest.approx(3.5)
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
        ),
        benchmarks=rows,
    )
    assert pd.isna(prior.gap_to_national_pp) and "2020" in prior.status_basis
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
    assert "official gap 5.2 pp" in finding.note and "inferred" in finding.note
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
    7: "missed",
    8: "exceeded",
    9: "exceeded",
    10: "exceeded",
    11: "exceeded",
    12: "met",
    13: "exceeded",
    14: "exceeded",
    15: "exceeded",
    16: "not_assessable",
}


@pytest.fixture(scope="module")
def seed_result(seed_table):
    return compute_attainment(seed_table, load_benchmarks(), province="anhui")


def test_seed_tables_match_their_schemas(seed_result):
    validate_attainment(seed_result.attainment)
    validate_findings(seed_result.findings)


def test_seed_statuses(seed_result):
    table = seed_result.attainment
    assert {t: headline(table, t).status for t in range(1, 17)} == SEED_STATUS
    assert {t for t in range(1, 17) if headline(table, t).provisional} == {8, 11, 13, 14}
    assert headline(table, 12).attainment_ratio == pytest.approx(3 / 1.3)
    assert "1.6 pp behind" in headline(table, 7).status_basis
    assert "report's own statement" in headline(table, 6).status_basis
    assert headline(table, 6).provincial_avg == pytest.approx(36.1)  # the USD-based provincial figure


def test_seed_findings(seed_result):
    f = seed_result.findings.set_index(["task", "check"])
    assert f.loc[(10, "completion_pct"), "agrees"]
    assert f.loc[(15, "completion_pct"), "agrees"] and f.loc[(15, "gap_to_target"), "agrees"]
    assert f.loc[(2, "provincial_gap"), "agrees"]
    assert f.loc[(3, "provincial_avg_vs_reference"), "agrees"]
    assert not f.loc[(4, "provincial_avg_vs_reference"), "agrees"]
    assert "official gap 5.2 pp" in f.loc[(4, "provincial_avg_vs_reference"), "note"]
    assert pd.isna(f.loc[(6, "national_claim"), "agrees"])


def test_seed_tolerance_and_benchmark_changes_follow(seed_table):
    wide = compute_attainment(seed_table, load_benchmarks(), province="anhui", tolerance_pp=2.0).attainment
    assert headline(wide, 7).status == "within_band"
    benchmarks = load_benchmarks()
    benchmarks.loc[(benchmarks.region == "anhui") & (benchmarks.metric == "gdp_growth"), "value"] = 12.0
    moved = compute_attainment(seed_table, benchmarks, province="anhui").attainment
    assert headline(moved, 1).gap_to_provincial_pp == pytest.approx(-0.4)
    benchmarks.loc[(benchmarks.region == "anhui") & (benchmarks.metric == "industrial_value_added_growth"), "value"] = (
        7.8
    )
    fixed = compute_attainment(seed_table, benchmarks, province="anhui").findings.set_index(["task", "check"])
    assert fixed.loc[(4, "provincial_avg_vs_reference"), "agrees"]
