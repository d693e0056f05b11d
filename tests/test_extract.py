"""Extraction of the seed report, and of variations of it: the output must follow the input."""

from __future__ import annotations

import html
import math
import re

import pandas as pd
import pytest

from indicators.extract import extract_report, parse_report
from indicators.fileio import ReportError, read_report_text
from indicators.schema import validate_targets

from conftest import SEED, flags_of, headline, main_section, row_of

NAN = math.nan

# task, metric, comparator, target, target unit, actual, actual unit, period, provincial avg, its source,
# stated provincial gap, flags — what a careful analyst reads off the seed
SEED_HEADLINES = [
    (1, "gdp_growth", "about", 8.5, "%", 11.6, "%", "2021", NAN, None, NAN, set()),
    (2, "budget_revenue_growth", "about", 5, "%", 9, "%", "2021", 8.8, "stated", 0.2, {"text_damaged"}),
    (
        3,
        "fixed_asset_investment_growth",
        "about",
        10,
        "%",
        15.7,
        "%",
        "2021",
        9.4,
        "derived",
        6.3,
        {"direction_inferred", "text_damaged"},
    ),
    (
        4,
        "industrial_value_added_growth",
        "about",
        9,
        "%",
        14.1,
        "%",
        "2021",
        7.8,
        "derived",
        6.3,
        {"direction_inferred", "text_damaged"},
    ),
    (5, "retail_sales_growth", "exact", 9, "%", 24.5, "%", "2021", 17.1, "derived", 7.4, {"text_damaged"}),
    (6, "trade_growth", "above_benchmark", NAN, None, 36.5, "%", "2021", NAN, None, NAN, set()),
    (7, "disposable_income_growth", "in_step_with", NAN, None, 10.0, "%", "2021", NAN, None, NAN, {"text_damaged"}),
    (8, "urbanization_rate_change", "exact", 0.5, "pp", 0.69, "pp", "2021", NAN, None, NAN, {"estimated"}),
    (9, "services_value_added_growth", "at_least", 8, "%", 11.7, "%", "2021", NAN, None, NAN, {"text_damaged"}),
    (10, "urban_new_jobs", "exact", 6.9, "万人", 7.6, "万人", "2021", NAN, None, NAN, set()),
    (
        11,
        "energy_intensity_reduction",
        "exact",
        3.2,
        "%",
        3.8,
        "%",
        "2021Q1-Q3",
        NAN,
        None,
        NAN,
        {"partial_period", "text_damaged", "target_from_progress"},
    ),
    (12, "cpi_change", "about", 3, "%", 1.3, "%", "2021", NAN, None, NAN, set()),
    (13, "labour_productivity", "exact", 17.5, "万元/人", 20, "万元/人", "2021", NAN, None, NAN, {"estimated"}),
    (14, "rd_intensity", "exact", 3.2, "%", 3.34, "%", "2020", NAN, None, NAN, {"prior_year_data", "name_inexact"}),
    (15, "grain_output", "at_least", 27.1, "亿斤", 27.752, "亿斤", "2021", NAN, None, NAN, set()),
    (16, "target_monitoring", "qualitative", NAN, None, NAN, None, None, NAN, None, NAN, set()),
]

SEED_SECONDARY = [
    (1, "gdp_level", 4302, "亿元", "2021", set()),
    (2, "budget_revenue_level", 361.2, "亿元", "2021", set()),
    (5, "retail_sales_level", 1972.95, "亿元", "2021", {"text_damaged"}),
    (6, "trade_level", 115.27, "亿美元", "2021", set()),
    (7, "disposable_income_level", 40501, "元", "2021", {"text_damaged"}),
    (7, "urban_disposable_income_level", 48668, "元", "2021", {"text_damaged"}),
    (7, "urban_disposable_income_growth", 9.2, "%", "2021", {"text_damaged"}),
    (7, "rural_disposable_income_level", 27202, "元", "2021", {"text_damaged"}),
    (7, "rural_disposable_income_growth", 11.2, "%", "2021", {"text_damaged"}),
    (8, "urbanization_rate", 73, "%", "2021", {"estimated"}),
    (11, "pm25", 33.8, "μg/m³", "2021", set()),
    (11, "good_air_days_share", 84.9, "%", "2021", set()),
    (11, "drinking_water_compliance", 100, "%", "2021", set()),
    (14, "rd_expenditure_level", 125.28, "亿元", "2020", {"prior_year_data"}),
    (14, "rd_expenditure_growth", 12.3, "%", "2020", {"prior_year_data"}),
    (14, "rd_intensity_change", 0.26, "pp", "2020", {"prior_year_data", "name_inexact"}),
]


def _same(a, b) -> bool:
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or b is pd.NA or (isinstance(b, float) and math.isnan(b))
    return a == pytest.approx(b) if isinstance(a, float | int) else a == b


@pytest.mark.parametrize("expected", SEED_HEADLINES, ids=lambda e: f"task{e[0]}")
def test_seed_headline(seed_table, expected):
    task, metric, comparator, target, t_unit, actual, a_unit, period, prov, prov_src, prov_gap, flags = expected
    row = headline(seed_table, task)
    assert row.metric == metric
    assert row.comparator == comparator
    assert _same(target, row.target_value) and _same(t_unit, row.target_unit)
    assert _same(actual, row.actual_value) and _same(a_unit, row.actual_unit)
    assert _same(period, row.actual_period)
    assert _same(prov, row.provincial_avg) and _same(prov_src, row.provincial_avg_source)
    assert _same(prov_gap, row.provincial_gap_pp)
    assert flags_of(row) == flags


@pytest.mark.parametrize("expected", SEED_SECONDARY, ids=lambda e: e[1])
def test_seed_secondary_figures(seed_table, expected):
    task, metric, actual, unit, period, flags = expected
    row = row_of(main_section(seed_table), metric)
    assert row.task == task and not row.is_headline
    assert row.actual_value == pytest.approx(actual) and row.actual_unit == unit
    assert row.actual_period == period
    assert flags_of(row) == flags


def test_seed_shape_and_schema(seed_table):
    validate_targets(seed_table)
    main = main_section(seed_table)
    assert sorted(main.task.unique()) == list(range(1, 17))
    assert main.groupby("task").is_headline.sum().eq(1).all()
    # the whole document is read: the quantitative sub-tasks of sections 二–十二 are rows too, never headline
    later = seed_table[seed_table.section != "一"]
    assert len(later) > 20 and not later.is_headline.any()
    assert later.task_label.str.fullmatch(r"\d+(\.\d+)?").all()
    assert (later.target_value.notna() & later.actual_value.notna()).sum() >= 10
    keyed = seed_table.assign(subject=seed_table.subject.where(seed_table.metric == "unclassified", ""))
    assert not keyed.duplicated(["task", "metric", "subject", "measure"]).any()


def test_seed_special_statements(seed_table):
    seed_table = main_section(seed_table)
    trade = headline(seed_table, 6)
    assert trade.target_reference == "national" and trade.actual_basis == "USD"
    assert "高于全国平均水平" in trade.national_note
    assert headline(seed_table, 7).target_reference == "gdp_growth"
    assert headline(seed_table, 10).stated_completion_pct == pytest.approx(110.14)
    grain = headline(seed_table, 15)
    assert grain.stated_completion_pct == pytest.approx(102.4)
    assert grain.stated_gap_to_target == pytest.approx(0.652)
    assert "完成省下达的任务" in headline(seed_table, 11).stated_outcome
    assert row_of(seed_table, "pm25").comparator == "qualitative"
    assert pd.isna(row_of(seed_table, "gdp_level").comparator)


def test_units_and_responsible_units(seed_table):
    assert headline(seed_table, 12).co_units.startswith("市市场价格调控")  # written 协同单位
    assert headline(seed_table, 7).lead_units == "市人力资源和社会保障局、市农业农村局"
    assert pd.isna(headline(seed_table, 7).co_units)


def test_every_figure_is_on_its_source_line(seed_table):
    lines = read_report_text(SEED).split("\n")  # the file's lines, full-width forms folded (NFKC)
    assert len(lines) == len(SEED.read_text(encoding="utf-8").split("\n"))
    for row in seed_table.itertuples():
        line = lines[row.source_line - 1]
        assert row.source_text == line.strip()
        if not pd.isna(row.actual_value):
            printed = f"{row.actual_value:g}"
            assert printed in line or f"{row.actual_value:.1f}" in line, (row.metric, line)
        if not pd.isna(row.target_text):
            assert lines[row.target_line - 1].strip().endswith(row.target_text)


# --- the output follows the input ----------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\d.A-Za-z])(\d+(?:\.\d+)?)(?![\d.])")


def _section_one(text: str) -> tuple[int, int]:
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("一、"))
    end = next(i for i, line in enumerate(lines) if line.startswith("二、"))
    return start, end


def _bump_numbers(text: str, delta: float) -> str:
    """Add ``delta`` to every figure of section 一 (not task numbers, not years)."""
    lines = text.split("\n")
    start, end = _section_one(text)

    def bump(m: re.Match) -> str:
        value = m.group(1)
        if re.fullmatch(r"20\d\d", value):
            return value
        return f"{float(value) + delta:.6f}".rstrip("0").rstrip(".")

    for i in range(start + 1, end):
        head = re.match(r"^\d+\.", lines[i])
        keep = head.group(0) if head else ""
        lines[i] = keep + _NUMBER.sub(bump, lines[i][len(keep) :])
    return "\n".join(lines)


def test_other_numbers_in_every_sentence(seed_text, seed_table, catalogue):
    bumped = main_section(parse_report(_bump_numbers(seed_text, 1.25), catalogue, "x"))
    seed_table = main_section(seed_table)
    assert len(bumped) == len(seed_table)
    merged = seed_table.merge(bumped, on=["task", "metric", "subject", "measure"], suffixes=("", "_new"))
    assert len(merged) == len(seed_table)
    for column in ("target_value", "actual_value", "stated_completion_pct", "stated_gap_to_target"):
        has = merged[column].notna()
        assert (merged.loc[has, f"{column}_new"] - merged.loc[has, column]).abs().sub(1.25).abs().max() < 1e-9
    stated = merged.provincial_avg_source == "stated"
    assert (merged.loc[stated, "provincial_avg_new"] - merged.loc[stated, "provincial_avg"]).eq(1.25).all()
    derived = merged.provincial_avg_source == "derived"
    expected = merged.loc[derived, "actual_value_new"] - merged.loc[derived, "provincial_gap_pp_new"]
    assert (merged.loc[derived, "provincial_avg_new"] - expected).abs().max() < 1e-9


def test_tasks_in_another_order(seed_text, seed_table, catalogue):
    lines = seed_text.split("\n")
    start, end = _section_one(seed_text)
    blocks, current = [], []
    for line in lines[start + 1 : end]:
        if re.match(r"^\d+\.", line) and current:
            blocks.append(current)
            current = []
        current.append(line)
    blocks.append(current)
    shuffled = lines[: start + 1] + [line for b in reversed(blocks) for line in b] + lines[end:]
    table = parse_report("\n".join(shuffled), catalogue, "wuhu-2021-annual")
    ignore = ["target_line", "source_line", "report_id"]
    pd.testing.assert_frame_equal(table.drop(columns=ignore), seed_table.drop(columns=ignore))
    assert (table.source_line != seed_table.source_line).any()


@pytest.mark.parametrize(
    ("damaged", "repaired", "task", "gap", "avg", "flags"),
    [
        ("增长15.7%全省6.3百分点", "增长15.7%,高于全省6.3个百分点", 3, 6.3, 9.4, set()),
        ("增长15.7%全省6.3百分点", "增长15.7%,比全省低6.3个百分点", 3, -6.3, 22.0, set()),
        ("增长14.1%全省6.3百分点", "增长14.1%,比全省高5.2个百分点", 4, 5.2, 8.9, {"text_damaged"}),
        ("增幅(8.8%0.2个百分点", "增幅(8.8%)0.2个百分点", 2, 0.2, 8.8, set()),
    ],
)
def test_damage_repaired(seed_text, catalogue, damaged, repaired, task, gap, avg, flags):
    assert damaged in seed_text
    row = headline(parse_report(seed_text.replace(damaged, repaired), catalogue), task)
    assert row.provincial_gap_pp == pytest.approx(gap)
    assert row.provincial_avg == pytest.approx(avg)
    assert flags_of(row) == flags  # task 4 keeps the damage of "2021全市"


def test_more_damage_is_flagged_not_invented(seed_text, catalogue):
    text = seed_text.replace("2021年,全市实现地区生产总值", "2021,全市实现地区生产总值")
    text = text.replace("预计比上年提高0.69个百分点", "预计比上年提高0.69百分点")
    text = text.replace("增长24.5%,比全省", "增长24.5%比全省")
    text = text.replace("同比上涨1.3%", "同比上涨1.3")  # the unit is lost: no figure to read
    table = parse_report(text, catalogue)
    assert "text_damaged" in flags_of(headline(table, 1))
    assert headline(table, 1).actual_value == pytest.approx(11.6)
    assert "text_damaged" in flags_of(headline(table, 8))
    assert "text_damaged" in flags_of(headline(table, 5))
    cpi = headline(table, 12)
    assert pd.isna(cpi.actual_value) and "actual_missing" in flags_of(cpi)


def test_estimate_and_period_words_follow_the_text(seed_text, catalogue):
    text = seed_text.replace("全员劳动生产率预计20万元/人", "全员劳动生产率20万元/人")
    text = text.replace("2021年,全市居民消费价格", "2021年前三季度,全市居民消费价格")
    text = text.replace("2021年,全市一般公共预算收入", "2021年1-11月,全市一般公共预算收入")
    table = parse_report(text, catalogue)
    assert "estimated" not in flags_of(headline(table, 13))
    assert headline(table, 12).actual_period == "2021Q1-Q3"
    assert "partial_period" in flags_of(headline(table, 12))
    assert headline(table, 2).actual_period == "2021M01-M11"


# --- encodings and file shapes -------------------------------------------------------------------

_COMPARE = ["task", "metric", "comparator", "target_value", "actual_value", "actual_period", "flags"]


def _values(table: pd.DataFrame) -> pd.DataFrame:
    return table[_COMPARE].reset_index(drop=True)


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("gb18030"),
        lambda t: "\ufeff".encode() + t.encode("utf-8"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.encode("utf-16"),
    ],
    ids=["gb18030", "utf8-bom", "crlf", "utf16-bom"],
)
def test_encodings(tmp_path, seed_table, encode):
    raw = SEED.read_text(encoding="utf-8")
    path = tmp_path / "report.txt"
    path.write_bytes(encode(raw))
    table = extract_report(path, report_id="wuhu-2021-annual")
    pd.testing.assert_frame_equal(_values(table), _values(seed_table))


def test_full_width_digits_and_punctuation(tmp_path, seed_table):
    raw = SEED.read_text(encoding="utf-8")
    wide = raw.translate(str.maketrans("0123456789%:,();.", "０１２３４５６７８９％：，（）；．"))
    path = tmp_path / "wide.txt"
    path.write_text(wide, encoding="utf-8")
    pd.testing.assert_frame_equal(_values(extract_report(path)), _values(seed_table))


def test_saved_html_page(tmp_path, seed_table):
    raw = SEED.read_text(encoding="utf-8")
    body = "\n".join(f"<p style='text-indent:2em'>{html.escape(line)}</p>" for line in raw.split("\n") if line)
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>通报</title>"
        "<script>var x = '1.地区生产总值增长99%';</script></head>"
        f"<body><div class='nav'>首页 &gt; 政务公开</div>{body}</body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    table = extract_report(path)
    pd.testing.assert_frame_equal(_values(table), _values(seed_table))
    lines = read_report_text(path).split("\n")
    assert all(lines[r.source_line - 1].strip() == r.source_text for r in table.itertuples())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"   \n\n  ", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"\x81\x30\xff\xfe\xfd" * 20 + b"\xff", "cannot be decoded"),
        (b"Quarterly minutes of the board.\nNothing to see.", "no figure found"),
        ("芜湖市2021年通报\n一、工作\n1.加强管理。\n进展情况:做了大量工作。".encode(), "no figure found"),
    ],
    ids=["empty", "blank", "png", "undecodable", "english", "no-figures"],
)
def test_bad_input_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReportError) as err:
        extract_report(path)
    assert message in str(err.value) and str(path) in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(ReportError, match="file not found"):
        extract_report(tmp_path / "nope.txt")
