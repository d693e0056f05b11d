"""Other reports of the genre: the two real fixtures against what an analyst reads off them, and
variations written here (other numbers, other order, other periods and layouts, traditional characters,
cut documents) to check that the output follows the input rather than the fixtures."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from indicators.analyse import compute_attainment
from indicators.benchmarks import load_benchmarks
from indicators.extract import detect_meta, extract_report, parse_report, parse_targets
from indicators.fileio import ReportError, read_report_text
from indicators.schema import validate_attainment, validate_targets

from conftest import FIXTURES, flags_of, headline, row_of, target_row

WUHU_2022 = FIXTURES / "wuhu-2022-annual.txt"
NATIONAL_2019 = FIXTURES / "national-2019-annual.txt"

#: the analyst's indicator names (expected.csv) → the catalogue's metric ids
METRIC_OF = {
    "地区生产总值": "gdp_growth",
    "一般公共预算收入": "budget_revenue_growth",
    "农村常住居民人均可支配收入": "rural_disposable_income_growth",
    "城镇居民人均可支配收入": "urban_disposable_income_growth",
    "单位生产总值能耗和二氧化碳排放量降低、主要污染物排放总量削减": "energy_intensity_reduction",
    "国内生产总值": "gdp_growth",
    "城镇新增就业": "urban_new_jobs",
    "城镇登记失业率": "urban_unemployment_rate",
    "减轻企业税收和社保缴费负担": "tax_fee_cut",
    "制造业等行业增值税税率": "vat_rate",
    "减少农村贫困人口": "rural_poverty_reduction",
    "新建改建农村公路": "rural_roads_built",
    "移动网络流量平均资费降低": "mobile_data_tariff_cut",
    "二氧化硫排放量下降": "so2_emissions_cut",
    "氮氧化物排放量下降": "nox_emissions_cut",
    "化学需氧量排放量下降": "cod_emissions_cut",
    "氨氮排放量下降": "ammonia_emissions_cut",
    "中央财政一般性支出压减": "central_general_expenditure_cut",
    "“三公”经费压减": "three_public_expenses_cut",
}
#: the analyst's qualifiers → comparators; "relative" is in_step_with (与经济增长同步)
COMPARATOR_OF = {
    "about": "about",
    "at_least": "at_least",
    "at_most": "at_most",
    "exact": "exact",
    "relative": "in_step_with",
    "qualitative": "qualitative",
}


def _expected_period(text: str, year: int) -> str:
    """The analyst's period words (2022年, 前三季度, 2022年前三季度) as an ``actual_period`` label."""
    found = re.match(r"(\d{4})年", text)
    label = found.group(1) if found else str(year)
    return label + ("Q1-Q3" if "前三季度" in text else "")


def _expected_rows(name: str, year: int) -> list[dict]:
    table = pd.read_csv(FIXTURES / f"{name}.expected.csv", dtype=str, keep_default_na=False)
    return [
        {**row, "metric": METRIC_OF[row["indicator_zh"]], "period": _expected_period(row["actual_period"], year)}
        for row in table.to_dict("records")
    ]


def _is(value: object, expected: str) -> bool:
    if expected == "":
        return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
    return float(value) == pytest.approx(float(expected))


@pytest.fixture(scope="module")
def wuhu_2022(catalogue) -> pd.DataFrame:
    return extract_report(WUHU_2022, catalogue)


@pytest.fixture(scope="module")
def national_2019(catalogue) -> pd.DataFrame:
    return extract_report(NATIONAL_2019, catalogue)


# --- the fixtures against the analyst's reading --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "year"), [("wuhu-2022-annual", 2022), ("national-2019-annual", 2019)], ids=["wuhu-2022", "national"]
)
def test_fixture_matches_the_analysts_reading(catalogue, name, year):
    table = extract_report(FIXTURES / f"{name}.txt", catalogue)
    validate_targets(table)
    for expected in _expected_rows(name, year):
        rows = table[table.metric == expected["metric"]]
        if expected["task_no"]:
            rows = rows[rows.task == int(expected["task_no"])]
        assert len(rows) == 1, expected["indicator_zh"]
        row = rows.iloc[0]
        comparator = COMPARATOR_OF[expected["target_qualifier"]]
        low = expected["target_value"]
        if "-" in low:  # deliberate difference: the analyst writes a range as "6-6.5" with qualifier
            low, high = low.split("-")  # "exact"; the table says comparator range, target_high 6.5
            comparator = "range"
            assert row.target_high == pytest.approx(float(high))
        assert row.comparator == comparator, expected["indicator_zh"]
        assert _is(row.target_value, low), expected["indicator_zh"]
        if expected["target_unit"]:
            assert row.target_unit == expected["target_unit"]
        assert _is(row.actual_value, expected["actual_value"]), expected["indicator_zh"]
        if expected["actual_value"]:
            assert row.actual_unit == expected["actual_unit"]
            assert row.actual_period == expected["period"], expected["indicator_zh"]
        else:
            # deliberate difference: with no figure there is no period of a figure (the analyst writes
            # the report's year); a target without an actual is flagged instead
            assert pd.isna(row.actual_period)
            assert comparator == "qualitative" or "actual_missing" in flags_of(row)


def test_wuhu_2022_table_details(wuhu_2022):
    assert sorted(wuhu_2022.task.unique()) == [1, 2, 3, 4, 5, 6]
    gdp = headline(wuhu_2022, 1)
    assert flags_of(gdp) == {"period_assumed", "approximate_actual"}  # 增长4%左右, no period beside it
    assert row_of(wuhu_2022, "gdp_level").actual_value == pytest.approx(4550)
    assert headline(wuhu_2022, 2).target_reference == "gdp_growth"
    # task 3: two lead units, each with its own progress text; each figure keeps the unit that gave it
    whole = headline(wuhu_2022, 3)
    assert whole.lead_units == "市农业农村局、市人社局" and "actual_missing" in flags_of(whole)
    rural = row_of(wuhu_2022, "rural_disposable_income_growth")
    urban = row_of(wuhu_2022, "urban_disposable_income_growth")
    assert rural.lead_units == "市农业农村局" and rural.source_line == 46
    assert urban.lead_units == "市人社局" and urban.source_line == 50
    # the parts are held to the whole's target (in step with GDP), and say so
    assert {"target_inherited", "partial_period"} <= flags_of(rural)
    assert row_of(wuhu_2022, "urban_disposable_income_level").actual_value == pytest.approx(39455)
    assert headline(wuhu_2022, 4).stated_outcome == "已完成"
    # task 6: three units before one progress text, cut off by the end of the page
    last = headline(wuhu_2022, 6)
    assert last.lead_units == "市经信局、市财政局、市税务局"
    assert "text_truncated" in flags_of(last)
    assert not wuhu_2022.loc[wuhu_2022.task < 6, "flags"].str.contains("text_truncated").any()
    lines = read_report_text(WUHU_2022).split("\n")
    assert all(lines[r.source_line - 1].strip() == r.source_text for r in wuhu_2022.itertuples())


def test_national_article_details(national_2019):
    gdp = headline(national_2019, 1)
    assert gdp.stated_outcome == "符合年度预期目标"
    assert row_of(national_2019, "gdp_level").actual_value == pytest.approx(990865)
    assert row_of(national_2019, "tax_fee_cut").target_unit == "万亿元"
    assert "lower_bound_actual" in flags_of(row_of(national_2019, "tax_fee_cut"))  # 超过2.3万亿元
    # one target sentence covering two pollutants gives two rows; 分别 pairs the results in order
    assert national_2019.loc[national_2019.metric == "so2_emissions_cut", "task"].item() == (
        national_2019.loc[national_2019.metric == "nox_emissions_cut", "task"].item()
    )
    assert row_of(national_2019, "central_general_expenditure_cut").stated_outcome == "已完成"


def test_fixture_metadata():
    meta = detect_meta(read_report_text(WUHU_2022).split("\n"), "wuhu-2022-annual", str(WUHU_2022))
    assert (meta.year, meta.period, meta.city, meta.published) == (2022, "annual", "芜湖市", "2023-01-17")
    assert meta.title == "2022年度市政府重点工作任务完成情况"
    national = detect_meta(read_report_text(NATIONAL_2019).split("\n"), "n", str(NATIONAL_2019))
    assert (national.year, national.period, national.city) == (2019, "annual", "全国")
    assert national.published is None


@pytest.mark.parametrize(
    ("head", "city"),
    [
        (["为切实推进市政府决策部署的贯彻落实,现将2021年重点工作上半年完成情况通报如下:"], None),
        (["为加快推进县城建设,现将2023年民生实事完成情况通报如下。", "来源:某某县人民政府 2024-01-05"], "某某县"),
        (["黄石市2019年政府工作报告目标任务完成情况"], "黄石市"),
    ],
)
def test_a_sentence_at_the_top_is_no_title_to_take_a_city_from(head, city):
    assert detect_meta([*head, "1.地区生产总值增长7%。"], "x", "x.txt").city == city


def test_metadata_is_on_the_table_and_can_be_overridden(catalogue, wuhu_2022):
    assert wuhu_2022.attrs["meta"]["layout"] == "table"
    text = read_report_text(WUHU_2022)
    table = parse_report(text, catalogue, "w", year=2023, period="H1", city="合肥市")
    assert table.attrs["meta"]["year"] == 2023 and table.attrs["meta"]["city"] == "合肥市"
    assert headline(table, 1).actual_period == "2023H1"  # assumed from the report's (overridden) period
    assert {"period_assumed", "partial_period"} <= flags_of(headline(table, 1))
    with pytest.raises(ValueError, match="period"):
        parse_report(text, catalogue, period="spring")


def test_fixtures_analyse(wuhu_2022, national_2019):
    for table in (wuhu_2022, national_2019):
        validate_attainment(compute_attainment(table, load_benchmarks(), province="anhui").attainment)
    wuhu = compute_attainment(wuhu_2022, load_benchmarks(), province="anhui").attainment
    assert headline(wuhu, 1).status == "missed"  # the GDP target was missed that year
    national = compute_attainment(national_2019, load_benchmarks()).attainment
    assert headline(national, 1).status == "within_band"  # 6.1% in 6%-6.5%
    assert row_of(national, "urban_unemployment_rate").status == "exceeded"


# --- the same table with other numbers, another order, another shape -----------------------------

_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])")


def _body(text: str) -> tuple[list[str], int]:
    lines = text.split("\n")
    return lines, next(i for i, line in enumerate(lines) if line.strip() == "完成情况") + 1


def _bump(text: str, delta: float) -> str:
    """Add ``delta`` to every figure of the table body (not task numbers, years or quoted names)."""
    lines, start = _body(text)

    def bump(m: re.Match) -> str:
        value = m.group(1)
        if re.fullmatch(r"20\d\d", value) or value == "1":
            return value
        return f"{float(value) + delta:.6f}".rstrip("0").rstrip(".")

    for i in range(start, len(lines)):
        if not re.fullmatch(r"\s*\d{1,2}\s*", lines[i]):
            lines[i] = _NUMBER.sub(bump, lines[i])
    return "\n".join(lines)


def test_table_with_other_numbers(catalogue, wuhu_2022):
    bumped = parse_report(_bump(read_report_text(WUHU_2022), 0.75), catalogue)
    merged = wuhu_2022.merge(bumped, on=["task", "metric"], suffixes=("", "_new"))
    assert len(merged) == len(wuhu_2022) == len(bumped)
    for column in ("target_value", "actual_value"):
        has = merged[column].notna()
        assert has.any()
        assert (merged.loc[has, f"{column}_new"] - merged.loc[has, column]).sub(0.75).abs().max() < 1e-9


def _rows(text: str) -> tuple[list[str], list[list[str]], list[str]]:
    """Head, rows (each starting with its number line) and tail of the flattened table."""
    lines, start = _body(text)
    numbers = [i for i in range(start, len(lines)) if re.fullmatch(r"\s*\d{1,2}\s*", lines[i])]
    end = next(i for i in range(len(lines)) if lines[i].startswith("[...]"))
    bounds = [*numbers, end]
    return lines[: numbers[0]], [lines[a:b] for a, b in zip(bounds, bounds[1:], strict=False)], lines[end:]


def test_table_rows_in_another_order(catalogue, wuhu_2022):
    head, rows, tail = _rows(read_report_text(WUHU_2022))
    order = [3, 1, 0, 2, 4, 5]  # the four main targets shuffled; numbers rewritten in the new order
    shuffled = [[f"  {k + 1}", *rows[i][1:]] for k, i in enumerate(order)]
    table = parse_report("\n".join(head + [line for r in shuffled for line in r] + tail), catalogue)
    for k, i in enumerate(order):
        before = wuhu_2022[wuhu_2022.task == i + 1].set_index("metric")
        after = table[table.task == k + 1].set_index("metric")
        assert sorted(before.index) == sorted(after.index)
        for column in ("comparator", "target_value", "actual_value", "actual_period", "lead_units", "flags"):
            pd.testing.assert_series_equal(before[column], after.loc[before.index, column], check_names=False)


def test_columns_in_another_order_and_other_header_words(catalogue):
    text = "\n".join(
        [
            "芜湖市2024年上半年重点工作任务进展情况",
            "序号",
            "目标与任务",
            "上半年进展情况",
            "牵头单位",
            "1",
            "地区生产总值增长6%左右。",
            "上半年,全市地区生产总值同比增长5.6%。",
            "市发改委",
            "2",
            "城镇新增就业6.5万人以上。",
            "全市城镇新增就业3.5万人。",
            "市人力资源和社会保障局",
        ]
    )
    table = parse_report(text, catalogue)
    assert table.attrs["meta"]["period"] == "H1" and table.attrs["meta"]["layout"] == "table"
    assert headline(table, 1).actual_value == pytest.approx(5.6) and headline(table, 1).lead_units == "市发改委"
    jobs = headline(table, 2)
    assert (jobs.comparator, jobs.target_value, jobs.actual_value) == ("at_least", 6.5, 3.5)
    # the column header (上半年进展情况) gives the period: read, not assumed
    assert jobs.actual_period == "2024H1" and "partial_period" in flags_of(jobs)
    assert "period_assumed" not in flags_of(jobs)
    assert jobs.lead_units == "市人力资源和社会保障局"


@pytest.mark.parametrize("separator", ["\t", " | "])
def test_rows_on_one_line(catalogue, separator):
    cells = [
        ["序号", "工作任务", "牵头责任单位", "完成情况"],
        ["1", "地区生产总值增长6%左右。", "市发改委", "全市地区生产总值增长5.6%。"],
        ["2", "城镇新增就业6.5万人。", "市人社局", "全市城镇新增就业7.1万人。"],
    ]
    if separator == "\t":
        lines = ["\t".join(row) for row in cells]
    else:
        lines = ["| " + " | ".join(row) + " |" for row in cells]
        lines.insert(1, "|---|---|---|---|")
    table = parse_report("芜湖市2024年重点工作任务完成情况\n" + "\n".join(lines), catalogue)
    assert headline(table, 1).actual_value == pytest.approx(5.6)
    assert headline(table, 2).actual_value == pytest.approx(7.1) and headline(table, 2).lead_units == "市人社局"
    assert headline(table, 2).source_line == 4 + (separator != "\t")


def test_unit_name_split_over_two_lines(catalogue):
    text = "\n".join(
        [
            "芜湖市2024年重点工作任务完成情况",
            "序号",
            "工作任务",
            "牵头责任单位",
            "完成情况",
            "1",
            "全社会固定资产投资增长8%。",
            "市发展和改革",
            "委员会",
            "全市固定资产投资增长9.2%。",
            "2",
            "社会消费品零售总额增长7%。",
            "市商务局",
            "市统计局",
            "全市社会消费品零售总额增长6.1%。",
        ]
    )
    table = parse_report(text, catalogue)
    assert headline(table, 1).lead_units == "市发展和改革委员会"
    assert headline(table, 1).actual_value == pytest.approx(9.2)
    assert headline(table, 2).lead_units == "市商务局、市统计局"  # two units, one progress text


# --- a quarterly report in the table layout, and the time-proportional rule ----------------------

QUARTERLY = """芜湖市2025年一季度重点工作任务进展情况
发布时间:2025-04-21
序号
目标与任务
牵头责任单位
一季度进展情况
1
地区生产总值增长6%-6.5%。
市发展和改革委员会
一季度,全市实现地区生产总值1234.5亿元,同比增长5.8%。
2
城镇新增就业6.9万人。
市人力资源和社会保障局
今年以来,全市城镇新增就业{jobs}万人。
3
居民消费价格涨幅控制在3%以内。
市发展和改革委员会
1-3月,全市居民消费价格同比上涨0.3%。
4
城镇调查失业率控制在5.5%左右。
市人力资源和社会保障局
一季度,全市城镇调查失业率5.2%。
"""


def test_quarterly_table(catalogue):
    table = parse_report(QUARTERLY.format(jobs=1.9), catalogue, "wuhu-2025-q1")
    validate_targets(table)
    meta = table.attrs["meta"]
    assert (meta["year"], meta["period"], meta["published"], meta["city"]) == (2025, "Q1", "2025-04-21", "芜湖市")
    gdp = headline(table, 1)
    assert (gdp.comparator, gdp.target_value, gdp.target_high, gdp.actual_period) == ("range", 6, 6.5, "2025Q1")
    jobs = headline(table, 2)
    assert jobs.actual_period == "2025Q1" and "partial_period" in flags_of(jobs)  # from the column header
    assert headline(table, 3).comparator == "at_most" and headline(table, 3).actual_period == "2025Q1"
    assert headline(table, 4).metric == "surveyed_unemployment_rate"
    assert headline(table, 1).lead_units == "市发展和改革委员会"


@pytest.mark.parametrize(("jobs", "status"), [(1.9, "on_track"), (1.725, "on_track"), (1.2, "behind_schedule")])
def test_quarterly_levels_are_compared_with_the_time_proportional_target(catalogue, jobs, status):
    table = parse_report(QUARTERLY.format(jobs=jobs), catalogue, "wuhu-2025-q1")
    result = compute_attainment(table, load_benchmarks(), province="anhui").attainment
    validate_attainment(result)
    row = headline(result, 2)
    assert row.status == status
    assert row.benchmark_value == pytest.approx(6.9 * 3 / 12)
    assert row.attainment_ratio == pytest.approx(jobs / (6.9 * 3 / 12))
    assert "time_proportional" in flags_of(row) and "序时进度" in row.status_basis and row.provisional
    # growth rates and shares are compared with the yearly target as they are
    assert "time_proportional" not in flags_of(headline(result, 1))
    assert headline(result, 1).status == "behind_schedule"  # 5.8% under the 6%-6.5% range, in the first quarter


def test_time_proportional_share_follows_the_period(catalogue):
    text = QUARTERLY.format(jobs=4.0).replace("今年以来,", "前三季度,")
    row = headline(compute_attainment(parse_report(text, catalogue), load_benchmarks()).attainment, 2)
    assert row.actual_period == "2025Q1-Q3"
    assert row.benchmark_value == pytest.approx(6.9 * 9 / 12) and row.status == "behind_schedule"
    annual = parse_report(text.replace("前三季度,", "2025年,"), catalogue)
    row = headline(compute_attainment(annual, load_benchmarks()).attainment, 2)
    assert "time_proportional" not in flags_of(row) and pd.isna(row.benchmark_value)


def _one_row(**values) -> pd.Series:
    row = target_row(**{"flags": "partial_period", **values})
    return compute_attainment(pd.DataFrame([row]), load_benchmarks()).attainment.iloc[0]


@pytest.mark.parametrize(
    ("metric", "comparator", "target", "high", "unit", "actual", "period", "expected", "status"),
    [
        ("urban_new_jobs", "at_least", 8, None, "万人", 4.1, "2025H1", 4, "on_track"),
        ("urban_new_jobs", "about", 8, None, "万人", 3.95, "2025H1", 4, "on_track"),  # ±2% of 4
        ("budget_revenue_level", "range", 400, 420, "亿元", 290, "2025Q1-Q3", 300, "behind_schedule"),
        ("tax_fee_cut", "exact", 120, None, "亿元", 11, "2025M01", 10, "on_track"),
        ("urban_new_jobs", "exact", 60000, None, "人", 50000, "2025M01-M11", 55000, "behind_schedule"),
        ("gdp_growth", "about", 6, None, "%", 5.8, "2025Q1", None, "on_track"),  # a rate: as it is
        ("pm25", "at_most", 35, None, "μg/m³", 40, "2025Q1", None, "behind_schedule"),  # a concentration: as it is
        ("grain_output", "at_least", 27, None, "亿斤", 12, "2025H1", None, "behind_schedule"),  # a harvest: as it is
    ],
)
def test_time_proportional_rule(metric, comparator, target, high, unit, actual, period, expected, status):
    row = _one_row(
        metric=metric,
        comparator=comparator,
        target_value=target,
        target_high=high,
        target_unit=unit,
        actual_value=actual,
        actual_unit=unit,
        actual_period=period,
    )
    assert row.status == status
    if expected is None:
        assert "time_proportional" not in flags_of(row) and pd.isna(row.benchmark_value)
    else:
        assert "time_proportional" in flags_of(row) and row.benchmark_value == pytest.approx(expected)
        assert row.gap_to_target == pytest.approx(actual - expected)
        assert "序时进度" in row.status_basis and "序时进度" in row.status_basis_zh


# --- traditional characters ------------------------------------------------------------------------

TRADITIONAL = """蕪湖市2023年政府重點工作任務完成情況的通報
一、確保完成全年主要預期目標
1.國內生產總值增長6%左右。
進展情況:2023年,全市實現地區生產總值4741.1億元,同比增長5.8%。
牽頭責任單位:市發展和改革委員會。
2.規模以上工業增加值增長8%以上。
進展情況:2023年前三季度,全市規上工業增加值同比增長9.1%,高於全省平均增幅(7.3%)1.8個百分點。
牽頭責任單位:市經濟和信息化局。
3.城鎮新增就業6.5萬人。
進展情況:2023年,全市城鎮新增就業7.3萬人,完成全年目標任務的112.3%。
"""


def test_traditional_characters(catalogue):
    table = parse_report(TRADITIONAL, catalogue)
    assert table.attrs["meta"]["city"] == "芜湖市" and table.attrs["meta"]["year"] == 2023
    gdp = headline(table, 1)
    assert (gdp.metric, gdp.comparator, gdp.target_value, gdp.actual_value) == ("gdp_growth", "about", 6, 5.8)
    assert row_of(table, "gdp_level").actual_unit == "亿元"
    iva = headline(table, 2)
    assert (iva.metric, iva.comparator, iva.actual_period) == ("industrial_value_added_growth", "at_least", "2023Q1-Q3")
    assert iva.provincial_avg == pytest.approx(7.3) and iva.provincial_gap_pp == pytest.approx(1.8)
    jobs = headline(table, 3)
    assert jobs.actual_value == pytest.approx(7.3) and jobs.stated_completion_pct == pytest.approx(112.3)
    # the text columns keep the report's own characters, on the report's own lines
    lines = TRADITIONAL.split("\n")
    assert gdp.target_text == "國內生產總值增長6%左右。" and gdp.source_text == lines[3]
    assert iva.lead_units == "市經濟和信息化局"
    assert all(lines[r.source_line - 1].strip() == r.source_text for r in table.itertuples())


def test_traditional_table_reads_like_the_simplified_one(catalogue, wuhu_2022):
    text = read_report_text(WUHU_2022)
    for simplified, traditional in (
        ("地区生产总值增长", "地區生產總值增長"),
        ("一般公共预算收入", "一般公共預算收入"),
        ("经济增长", "經濟增長"),
        ("完成情况", "完成情況"),
        ("牵头责任单位", "牽頭責任單位"),
        ("亿元", "億元"),
    ):
        assert simplified in text
        text = text.replace(simplified, traditional)
    table = parse_report(text, catalogue)
    columns = ["task", "metric", "comparator", "target_value", "actual_value", "actual_period", "flags"]
    pd.testing.assert_frame_equal(table[columns], wuhu_2022[columns])
    assert "億元" in row_of(table, "gdp_level").source_text


# --- truncated and unknown documents ----------------------------------------------------------------


def test_table_cut_after_a_target_gives_a_partial_flagged_table(catalogue):
    lines = read_report_text(WUHU_2022).split("\n")
    cut = lines.index("  市财政局") + 1  # task 2 keeps its target and unit, loses its progress
    table = parse_report("\n".join(lines[:cut]), catalogue)
    assert sorted(table.task.unique()) == [1, 2]
    assert headline(table, 1).actual_value == pytest.approx(4) and "text_truncated" not in flags_of(headline(table, 1))
    assert {"text_truncated", "actual_missing"} <= flags_of(headline(table, 2))


def test_table_cut_mid_sentence(catalogue):
    lines = read_report_text(WUHU_2022).split("\n")
    end = next(i for i, line in enumerate(lines) if "19792元" in line)
    lines[end] = lines[end][: lines[end].index("增速")]  # ends with a comma: the page stops here
    table = parse_report("\n".join(lines[: end + 1]), catalogue)
    assert "text_truncated" in flags_of(row_of(table, "rural_disposable_income_level"))
    assert row_of(table, "rural_disposable_income_level").actual_value == pytest.approx(19792)


@pytest.mark.parametrize(
    "text",
    [
        "2022年度市政府重点工作任务完成情况\n序号\n工作任务",  # cut inside the header
        "2022年度工作总结\n今年全市经济运行平稳,各项工作有序推进。",  # no tasks, no targets
        "2019年政府工作报告\n全国两会召开在即,38项指标任务均已完成。",  # an article without targets
    ],
    ids=["header-only", "prose", "article-without-targets"],
)
def test_unknown_layouts_are_a_clear_error(catalogue, text):
    with pytest.raises(ReportError, match="no figure found"):
        parse_report(text, catalogue)


def test_a_task_allocation_notice_gives_its_targets_without_results(catalogue):
    text = "\n".join(
        [
            "芜湖市人民政府关于2024年重点工作及责任分解的通知",
            "一、确保完成全年主要预期目标",
            "1.地区生产总值增长6%左右。",
            "牵头责任单位:市发展和改革委员会。",
            "2.一般公共预算收入增长3%左右。",
            "牵头责任单位:市财政局。",
        ]
    )
    table = parse_report(text, catalogue)  # targets are figures: a table, every row flagged
    assert list(table.target_value) == [6, 3] and table.actual_value.isna().all()
    assert table["flags"].str.contains("actual_missing").all()


# --- the article layout ------------------------------------------------------------------------------


def test_article_with_results_in_a_later_paragraph(catalogue):
    text = "\n".join(
        [
            "国务院公布2020年《政府工作报告》量化指标任务落实情况",
            "报告提出,2020年城镇新增就业900万人以上,城镇调查失业率6%左右。",
            "报告明确,粮食产量稳定在13000亿斤以上。",
            "落实结果显示,全年城镇新增就业1186万人,城镇调查失业率为5.2%,粮食产量13390亿斤。",
        ]
    )
    table = parse_report(text, catalogue)
    assert table.attrs["meta"]["layout"] == "article"
    pairs = {r.metric: (r.target_value, r.actual_value) for r in table.itertuples()}
    assert pairs == {"urban_new_jobs": (900, 1186), "surveyed_unemployment_rate": (6, 5.2), "grain_output": (13000, 13390)}
    assert row_of(table, "grain_output").source_line == 4 and row_of(table, "grain_output").target_line == 3


def test_article_paragraphs_reordered_and_renumbered(catalogue, national_2019):
    lines = read_report_text(NATIONAL_2019).split("\n")
    body = [line for line in lines[3:] if line.strip()]
    text = "\n".join(lines[:3] + list(reversed(body)))
    table = parse_report(_bump_article(text, 1.5), catalogue)
    merged = national_2019.merge(table, on="metric", suffixes=("", "_new"))
    assert len(merged) == len(national_2019) == len(table)
    has = merged.actual_value.notna()
    assert (merged.loc[has, "actual_value_new"] - merged.loc[has, "actual_value"]).sub(1.5).abs().max() < 1e-9
    has = merged.target_value.notna()
    assert (merged.loc[has, "target_value_new"] - merged.loc[has, "target_value"]).sub(1.5).abs().max() < 1e-9


def _bump_article(text: str, delta: float) -> str:
    """Add ``delta`` to the figures of the article's paragraphs (not years, not 16% → 13% twice)."""
    lines = text.split("\n")

    def bump(m: re.Match) -> str:
        value = m.group(1)
        if re.fullmatch(r"20\d\d", value) or value in ("38", "19"):
            return value
        return f"{float(value) + delta:.6f}".rstrip("0").rstrip(".")

    return "\n".join(lines[:3] + [_NUMBER.sub(bump, line) for line in lines[3:]])


# --- the grammar of targets and periods, written here ----------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "metric", "comparator", "value", "high"),
    [
        ("地区生产总值增长6%-6.5%", "gdp_growth", "range", 6, 6.5),
        ("地区生产总值增长5.5%～6%", "gdp_growth", "range", 5.5, 6),
        ("地区生产总值增长7%上下", "gdp_growth", "about", 7, None),
        ("居民消费价格涨幅控制在3%以内", "cpi_change", "at_most", 3, None),
        ("居民消费价格涨幅控制在2.5%", "cpi_change", "at_most", 2.5, None),
        ("居民消费价格涨幅不超过3.5%", "cpi_change", "at_most", 3.5, None),
        ("城镇新增就业不低于6万人", "urban_new_jobs", "at_least", 6, None),
        ("城镇新增就业8万人以上", "urban_new_jobs", "at_least", 8, None),
        ("城镇新增就业近7万人", "urban_new_jobs", "about", 7, None),
        ("进出口总额逾100亿美元", "trade_level", "at_least", 100, None),
        ("一般公共预算收入增长4%左右", "budget_revenue_growth", "about", 4, None),
        ("单位生产总值能耗下降3.1%", "energy_intensity_reduction", "exact", 3.1, None),
        ("城镇调查失业率控制在5.5%左右", "surveyed_unemployment_rate", "about", 5.5, None),
        ("粮食产量稳定在27亿斤以上", "grain_output", "at_least", 27, None),
        ("减少农村贫困人口800万以上", "rural_poverty_reduction", "at_least", 800, None),  # 万 for 万人
        ("移动网络流量平均资费再降低15%以上", "mobile_data_tariff_cut", "at_least", 15, None),
    ],
)
def test_target_phrasings(catalogue, sentence, metric, comparator, value, high):
    target = parse_targets(sentence, catalogue)[0]
    assert (target.metric, target.comparator) == (metric, comparator)
    assert target.value == pytest.approx(value)
    assert (target.high is None and high is None) or target.high == pytest.approx(high)


@pytest.mark.parametrize(
    ("sentence", "metric", "reference"),
    [
        ("一般公共预算收入增长与经济增长相匹配", "budget_revenue_growth", "gdp_growth"),
        ("居民人均可支配收入增长与经济增长基本同步", "disposable_income_growth", "gdp_growth"),
        ("居民收入增长和经济增长同步", "disposable_income_growth", "gdp_growth"),
        ("城镇居民人均可支配收入增长与地区生产总值增长保持同步", "urban_disposable_income_growth", "gdp_growth"),
    ],
)
def test_relative_targets(catalogue, sentence, metric, reference):
    target = parse_targets(sentence, catalogue)[0]
    assert (target.metric, target.comparator, target.reference) == (metric, "in_step_with", reference)


def test_several_targets_in_one_sentence(catalogue):
    targets = parse_targets("城镇新增就业7万人,城镇登记失业率控制在3.5%以内,化学需氧量、氨氮排放量下降1.5%", catalogue)
    assert [(t.metric, t.comparator, t.value) for t in targets] == [
        ("urban_new_jobs", "exact", 7),
        ("urban_unemployment_rate", "at_most", 3.5),
        ("cod_emissions_cut", "exact", 1.5),
        ("ammonia_emissions_cut", "exact", 1.5),
    ]


@pytest.mark.parametrize(
    ("words", "period", "flags"),
    [
        ("2025年一季度,", "2025Q1", {"partial_period"}),
        ("上半年,", "2025H1", {"partial_period"}),
        ("前三季度,", "2025Q1-Q3", {"partial_period"}),
        ("1-11月,", "2025M01-M11", {"partial_period"}),
        ("1-6月,", "2025H1", {"partial_period"}),
        ("2025年1至9月,", "2025Q1-Q3", {"partial_period"}),
        ("截至3月底,", "2025Q1", {"partial_period"}),
        ("2025年5月,", "2025M05", {"partial_period"}),
        ("2024年,", "2024", {"prior_year_data"}),
        ("今年以来,", "2025", {"period_assumed"}),
    ],
)
def test_periods_in_progress_text(catalogue, words, period, flags):
    text = f"芜湖市2025年重点工作任务完成情况\n一、主要预期目标\n1.地区生产总值增长6%。\n进展情况:{words}"
    text += "全市地区生产总值增长5%。"
    row = headline(parse_report(text, catalogue), 1)
    assert row.actual_period == period and flags_of(row) == flags


def test_respectively_and_both(catalogue):
    base = "2021年目标落实情况\n报告提出,二氧化硫、氮氧化物排放量下降3%。\n实际上,二氧化硫、氮氧化物排放量{}。"
    table = parse_report(base.format("分别下降2.1%和4.2%"), catalogue)
    assert row_of(table, "so2_emissions_cut").actual_value == pytest.approx(2.1)
    assert row_of(table, "nox_emissions_cut").actual_value == pytest.approx(4.2)
    table = parse_report(base.format("均下降3.3%"), catalogue)
    assert row_of(table, "so2_emissions_cut").actual_value == pytest.approx(3.3)
    assert row_of(table, "nox_emissions_cut").actual_value == pytest.approx(3.3)


def test_units_of_one_scale_are_converted_to_the_target_unit(catalogue):
    base = "芜湖市2025年通报\n一、主要预期目标\n1.城镇新增就业{target}。\n进展情况:全市城镇新增就业{actual}。"
    row = headline(parse_report(base.format(target="15000人", actual="1.52万人"), catalogue), 1)
    assert (row.actual_value, row.actual_unit) == (pytest.approx(15200), "人")
    assert "unit_converted" in flags_of(row)
    row = headline(parse_report(base.format(target="1.5万人", actual="15200人"), catalogue), 1)
    assert (row.actual_value, row.actual_unit) == (pytest.approx(1.52), "万人")
    row = headline(parse_report(base.format(target="1.5万人", actual="1.52万人"), catalogue), 1)
    assert "unit_converted" not in flags_of(row)


def test_a_figure_of_another_kind_is_not_read_as_the_indicator(catalogue):
    text = (
        "芜湖市2025年通报\n一、主要预期目标\n1.地区生产总值增长6%。\n进展情况:全市地区生产总值常住人口365万人,增长5%。"
    )
    table = parse_report(text, catalogue)
    assert set(table.metric) == {"gdp_growth"} and headline(table, 1).actual_value == pytest.approx(5)
