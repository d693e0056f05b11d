"""The Excel workbook: sheets, numbers as in the table, colours, charts, safety, atomicity."""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from indicators import excel
from indicators.bundle import ReportBundle
from indicators.excel import write_workbook
from indicators.extract import TARGET_COLUMNS
from indicators.labels import STATUS_COLOURS, STATUS_LABELS, STATUSES
from indicators.paths import DATA_REFERENCE, ROOT
from indicators.present import actual_text as actual_words
from indicators.present import target_text as target_words

NAN = float("nan")
INJECTIONS = ("=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(A1)")
ATTAINMENT_COLUMNS = TARGET_COLUMNS + (
    "good_direction",
    "tolerance",
    "benchmark_value",
    "attainment_ratio",
    "gap_to_target",
    "provincial_avg_reference",
    "gap_to_provincial_pp",
    "gap_to_national_pp",
    "status",
    "status_basis",
    "provisional",
    "check_flags",
)


def _row(
    task: int, metric: str, zh: str, en: str, comparator: str, target: float, actual: float, status: str, **extra
) -> dict:
    row = {c: NAN for c in ATTAINMENT_COLUMNS}
    row.update(
        report_id="test-2021-annual",
        task=task,
        metric=metric,
        indicator_zh=zh,
        indicator_en=en,
        is_headline=True,
        comparator=comparator,
        target_value=target,
        target_unit="%",
        target_reference="",
        target_text=f"{zh}增长{target:g}%左右。",  # as a report prints it: 10%, 8.5%
        target_line=10 * task,
        actual_value=actual,
        actual_unit="%",
        actual_period="2021",
        actual_basis="",
        provincial_avg_source="",
        national_avg_source="",
        national_note="",
        stated_outcome="",
        lead_units="市发展和改革委员会",
        co_units="",
        source_line=10 * task + 2,
        source_text=f"进展情况:{zh}增长{actual}%。",
        flags="",
        good_direction="higher",
        status=status,
        status_basis=f"basis of task {task}",
        provisional=False,
        check_flags="",
    )
    if not math.isnan(target) and not math.isnan(actual) and target:
        row["attainment_ratio"] = actual / target
        row["gap_to_target"] = actual - target
    row.update(extra)
    return row


def make_attainment() -> pd.DataFrame:
    """Seven headline rows covering every status and comparator kind, plus one context row."""
    rows = [
        _row(
            1,
            "gdp_growth",
            "地区生产总值增速",
            "GDP growth",
            "about",
            8.5,
            11.6,
            "exceeded",
            tolerance=0.5,
            provincial_avg=8.3,
            provincial_avg_source="reference",
            gap_to_provincial_pp=3.3,
            national_avg=8.1,
            gap_to_national_pp=3.5,
            source_text=INJECTIONS[0],
        ),
        _row(
            2,
            "budget_revenue_growth",
            "一般公共预算收入增速",
            "General budget revenue growth",
            "about",
            5.0,
            5.2,
            "within_band",
            tolerance=0.5,
            provincial_avg=8.8,
            provincial_avg_source="stated",
            gap_to_provincial_pp=-3.6,
            flags="estimated;partial_period",
            provisional=True,
            source_text=INJECTIONS[1],
        ),
        _row(
            3,
            "fixed_asset_investment_growth",
            "固定资产投资增速",
            "Fixed-asset investment growth",
            "at_least",
            10.0,
            10.0,
            "met",
            source_text=INJECTIONS[2],
            check_flags="provincial_gap",
        ),
        _row(
            4,
            "cpi_change",
            "居民消费价格涨幅",
            "CPI change",
            "at_most",
            3.0,
            0.9,
            "met",
            good_direction="ceiling",
            source_text=INJECTIONS[3],
            attainment_ratio=3.0 / 0.9,
        ),
        _row(
            5,
            "disposable_income_growth",
            "居民人均可支配收入增速",
            "Disposable income per capita growth",
            "in_step_with",
            NAN,
            9.5,
            "missed",
            target_reference="gdp_growth",
            benchmark_value=11.6,
            gap_to_target=-2.1,
            attainment_ratio=9.5 / 11.6,
        ),
        _row(
            6,
            "energy_intensity_reduction",
            "单位生产总值能耗降低",
            "Energy intensity reduction",
            "qualitative",
            NAN,
            NAN,
            "not_assessable",
            target_unit="",
            actual_unit="",
            flags="actual_missing",
            stated_outcome="完成省下达任务",
        ),
        _row(
            7,
            "grain_output",
            "粮食产量",
            "Grain output",
            "exact",
            14.0,
            14.652,
            "exceeded",
            target_unit="亿斤",
            actual_unit="亿斤",
            gap_to_target=0.652,
        ),
        _row(
            1,
            "gdp_level",
            "地区生产总值",
            "GDP (level)",
            "",
            NAN,
            4302.0,
            "not_assessable",
            is_headline=False,
            target_unit="亿元",
            actual_unit="亿元",
        ),
    ]
    return pd.DataFrame(rows, columns=list(ATTAINMENT_COLUMNS))


def make_bundle(**changes) -> ReportBundle:
    findings = pd.DataFrame(
        {
            "report_id": ["test-2021-annual"] * 2,
            "task": [1, 3],
            "metric": ["gdp_growth", "fixed_asset_investment_growth"],
            "check": ["completion_pct", "provincial_gap"],
            "stated": [136.5, 6.3],
            "recomputed": [136.47, 5.3],
            "difference": [0.03, 1.0],
            "agrees": [True, False],
            "note": ['=HYPERLINK("http://x")', "DISAGREES: stated gap 6.3 pp, recomputed 5.3 pp"],
            "source_line": [12, 32],
        }
    )
    benchmarks = pd.read_csv(DATA_REFERENCE / "benchmarks-2021.csv", encoding="utf-8")
    benchmarks.insert(5, "year", 2021)
    benchmarks["independent"] = ~benchmarks.source_type.str.startswith("derived-from-city")
    meta = {
        "title": "测试市2021年政府重点工作任务完成情况的通报",
        "publisher": "测试市人民政府",
        "published": "2022-01-28",
        "source_file": "data/raw/test-2021-annual.txt",
        "sha256": "ab" * 32,
        "tolerance_pp": 0.5,
        "tolerance_rel": 0.02,
        "generated_at": "2024-05-01T12:00:00+00:00",
        "columns": {"task": "int: task number in the report"},
        "methodology": [
            "First paragraph of the method.",
            "-Second paragraph, starting with a dash.",
        ],
        "methodology_zh": ["方法第一段。", "方法第二段。"],
    }
    parts = {
        "report_id": "test-2021-annual",
        "attainment": make_attainment(),
        "findings": findings,
        "benchmarks": benchmarks,
        "meta": meta,
    }
    parts.update(changes)
    return ReportBundle(**parts)


def _summary(path: Path) -> pd.DataFrame:
    return pd.read_excel(path, sheet_name="Summary", header=2)


def _column(ws, header_row: int, name: str) -> int:
    headers = [c.value for c in ws[header_row]]
    return headers.index(name) + 1


@pytest.fixture(scope="module")
def workbook_zh(tmp_path_factory) -> Path:
    return write_workbook(make_bundle(), tmp_path_factory.mktemp("xl") / "report.xlsx")


def test_sheets_and_tasks(workbook_zh: Path) -> None:
    wb = openpyxl.load_workbook(workbook_zh)
    assert wb.sheetnames == ["Summary", "Charts", "Table", "Findings", "Benchmarks", "Notes"]
    summary = _summary(workbook_zh)
    assert summary["序号"].tolist() == [1, 2, 3, 4, 5, 6, 7]  # headline rows only, in task order
    assert "地区生产总值" not in summary["指标(中文)"].tolist()
    table = pd.read_excel(workbook_zh, sheet_name="Table")
    assert list(table.columns) == list(ATTAINMENT_COLUMNS)
    assert len(table) == len(make_attainment())
    for sheet, columns in (("Findings", excel.FINDINGS_COLUMNS), ("Benchmarks", excel.BENCHMARK_COLUMNS)):
        assert list(pd.read_excel(workbook_zh, sheet_name=sheet).columns) == list(columns)


def test_numbers_equal_the_attainment_table(workbook_zh: Path) -> None:
    summary = _summary(workbook_zh).set_index("序号")
    source = make_attainment().query("is_headline").set_index("task")
    pairs = {
        "完成率": "attainment_ratio",
        "与目标差距(目标单位)": "gap_to_target",
        "与全省差距(百分点)": "gap_to_provincial_pp",
        "与全国差距(百分点)": "gap_to_national_pp",
        "完成值原文行号": "source_line",
        "目标原文行号": "target_line",
    }
    for shown, column in pairs.items():
        np.testing.assert_allclose(summary[shown].astype(float), source[column].astype(float))
    table = pd.read_excel(workbook_zh, sheet_name="Table")
    np.testing.assert_allclose(table["attainment_ratio"], make_attainment()["attainment_ratio"])
    assert table["is_headline"].tolist() == make_attainment()["is_headline"].tolist()
    ws = openpyxl.load_workbook(workbook_zh)["Table"]
    flag = ws.cell(2, _column(ws, 1, "is_headline"))
    assert flag.value is True and flag.number_format == excel.BOOL_FORMAT


def test_consistency_problems_are_explained(workbook_zh: Path) -> None:
    summary = _summary(workbook_zh).set_index("序号")
    assert summary.loc[3, "一致性问题"] == ("provincial_gap: DISAGREES: stated gap 6.3 pp, recomputed 5.3 pp")
    assert summary["一致性问题"].isna().sum() == 6
    ws = openpyxl.load_workbook(workbook_zh)["Findings"]
    note = ws.cell(2, _column(ws, 1, "note"))
    assert note.value == '=HYPERLINK("http://x")' and note.data_type == "s"


def test_number_formats_and_words(workbook_zh: Path) -> None:
    ws = openpyxl.load_workbook(workbook_zh)["Summary"]
    ratio = ws.cell(4, _column(ws, 3, "完成率"))
    assert ratio.number_format == "0.0%" and isinstance(ratio.value, float)
    gap = ws.cell(4, _column(ws, 3, "与目标差距(目标单位)"))
    assert gap.number_format.startswith("+0.0") and "个百分点" in gap.number_format  # the zh edition: no "pp"
    grain_gap = ws.cell(10, _column(ws, 3, "与目标差距(目标单位)"))
    assert grain_gap.value == pytest.approx(0.652) and "亿斤" in grain_gap.number_format
    assert grain_gap.number_format.startswith("+0.000")  # as precise as 14.652
    targets = [ws.cell(r, _column(ws, 3, "目标")).value for r in range(4, 11)]
    assert targets[0] == "8.5%左右"
    assert targets[2] == "≥ 10%"
    assert targets[3] == "≤ 3%(上限)"
    assert targets[4].startswith("与") and targets[4].endswith("同步")
    assert targets[5] == "定性目标"
    actual = ws.cell(5, _column(ws, 3, "完成")).value
    assert actual.startswith("5.2%") and "2021" in actual and "预计" in actual


def test_target_and_actual_words_in_english() -> None:
    rows = make_attainment().to_dict("records")
    assert target_words(rows[0], "en") == "about 8.5%"
    assert target_words(rows[2], "en") == "≥ 10%"
    assert target_words(rows[3], "en") == "≤ 3% (ceiling)"
    assert target_words(rows[4], "en") == "in step with GDP growth"
    assert target_words(rows[5], "en") == "qualitative"
    assert target_words({**rows[0], "comparator": "range", "target_value": 6.0, "target_high": 6.5}, "en") == "6–6.5%"
    assert actual_words(rows[0], "en") == "11.6% (2021)"
    assert actual_words(rows[5], "en") == "not reported"
    assert actual_words(rows[6], "en") == "14.652 100m jin (2021)"


def test_status_is_coloured_by_conditional_formatting(workbook_zh: Path) -> None:
    ws = openpyxl.load_workbook(workbook_zh)["Summary"]
    letter = openpyxl.utils.get_column_letter(_column(ws, 3, "完成状态"))
    rules = [(str(cf.sqref), rule) for cf in ws.conditional_formatting for rule in cf.rules]
    assert len(rules) == len(STATUSES)
    found = {}
    for sqref, rule in rules:
        assert sqref == f"{letter}4:{letter}10"
        label = rule.formula[0].strip('"')
        found[label] = rule.dxf.fill.bgColor.rgb[-6:]
    assert found == {STATUS_LABELS["zh"][s]: STATUS_COLOURS[s].lstrip("#").upper() for s in STATUSES}
    status_cells = [ws[f"{letter}{r}"] for r in range(4, 11)]
    assert [c.value for c in status_cells][:2] == ["超额完成", "区间内"]
    assert all(c.fill.fill_type is None for c in status_cells)  # no static fills


def test_charts_exist(workbook_zh: Path) -> None:
    ws = openpyxl.load_workbook(workbook_zh)["Charts"]
    charts = ws._charts
    kinds = [(type(c).__name__, c.type) for c in charts]
    assert kinds == [("BarChart", "bar"), ("BarChart", "bar")]
    ratio_chart, growth_chart = charts
    assert len(ratio_chart.series) == 1 and len(growth_chart.series) == 2
    assert growth_chart.grouping == "clustered"
    # the ratio chart plots the tasks that have a ratio; its bars carry the status colours
    ratios = [ws.cell(r, 3).value for r in range(3, 9)]
    assert ratios[0] == pytest.approx(11.6 / 8.5) and ws.cell(9, 3).value is None
    with zipfile.ZipFile(workbook_zh) as zf:
        xml = zf.read("xl/charts/chart1.xml").decode("utf-8")
    assert STATUS_COLOURS["exceeded"].lstrip("#").upper() in xml.upper()
    # the growth chart: headline growth rows with a numeric target (or a pace to keep)
    growth = [ws.cell(r, 6).value for r in range(3, 9)]
    assert [g.split(".")[0] if g else None for g in growth] == ["1", "2", "3", "4", "5", None]
    assert ws.cell(7, 7).value == pytest.approx(11.6)  # in step with GDP: GDP growth charted


def test_source_text_that_looks_like_a_formula_stays_text(workbook_zh: Path) -> None:
    ws = openpyxl.load_workbook(workbook_zh)["Table"]
    col = _column(ws, 1, "source_text")
    cells = [ws.cell(r, col) for r in range(2, 6)]
    assert [c.value for c in cells] == list(INJECTIONS)
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells)
    with zipfile.ZipFile(workbook_zh) as zf:
        sheets = [zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any(re.search(r"<f[ >]", xml) for xml in sheets)  # no formula anywhere
    notes = openpyxl.load_workbook(workbook_zh)["Notes"]
    texts = [c.value for c in notes["C"]]
    assert "-Second paragraph, starting with a dash." in texts


def test_english_labels(tmp_path: Path) -> None:
    path = write_workbook(make_bundle(), tmp_path / "en.xlsx", lang="en")
    summary = _summary(path)
    assert {"Task", "Status", "Attainment", "Target", "Actual"} <= set(summary.columns)
    assert summary["Status"].tolist()[:3] == ["exceeded", "within band", "met"]
    assert summary["Target"].iloc[0] == "about 8.5%"
    ws = openpyxl.load_workbook(path)["Summary"]
    labels = {r.formula[0].strip('"') for cf in ws.conditional_formatting for r in cf.rules}
    assert labels == set(STATUS_LABELS["en"].values())


def test_bad_language_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="language"):
        write_workbook(make_bundle(), tmp_path / "x.xlsx", lang="fr")
    assert not list(tmp_path.iterdir())


def test_changing_an_input_changes_the_cell(tmp_path: Path) -> None:
    table = make_attainment()
    table.loc[0, ["actual_value", "attainment_ratio", "gap_to_target"]] = [9.0, 9.0 / 8.5, 0.5]
    table.loc[0, "status"] = "within_band"
    path = write_workbook(make_bundle(attainment=table), tmp_path / "changed.xlsx")
    summary = _summary(path)
    assert summary["完成率"].iloc[0] == pytest.approx(9.0 / 8.5)
    assert summary["与目标差距(目标单位)"].iloc[0] == pytest.approx(0.5)
    assert summary["完成"].iloc[0].startswith("9%")
    assert summary["完成状态"].iloc[0] == "区间内"


def test_nan_becomes_an_empty_cell(workbook_zh: Path) -> None:
    ws = openpyxl.load_workbook(workbook_zh)["Summary"]
    qualitative = 9  # task 6: no actual, no ratio, no gaps
    for name in ("完成率", "与目标差距(目标单位)", "与全省差距(百分点)", "与全国差距(百分点)"):
        assert ws.cell(qualitative, _column(ws, 3, name)).value is None
    table = openpyxl.load_workbook(workbook_zh)["Table"]
    col = _column(table, 1, "target_high")
    assert all(table.cell(r, col).value is None for r in range(2, table.max_row + 1))


def test_notes_sheet(workbook_zh: Path) -> None:
    notes = pd.read_excel(workbook_zh, sheet_name="Notes")
    method = notes[notes.section == "methodology"]["text"].tolist()
    assert method == make_bundle().meta["methodology"]  # one paragraph per row
    assert notes[notes.section == "methodology_zh"]["text"].tolist() == make_bundle().meta["methodology_zh"]
    sections = notes.section.tolist()
    assert sections.index("methodology_zh") < sections.index("methodology")  # the edition's language first
    source = notes[notes.section == "source"].set_index("item")["text"]
    assert source["sha256"] == "ab" * 32 and source["publisher"] == "测试市人民政府"
    assert "2024-05-01T12:00:00+00:00" in notes["text"].tolist()
    tolerance = notes[notes.section == "tolerance"].set_index("item")["text"]
    assert tolerance["tolerance_pp"].startswith("0.5 — ")
    assert tolerance["tolerance_rel"].startswith("0.02 — ")
    assert tolerance["bands in pp"].startswith("±0.5 pp")
    columns = notes[notes.section == "column"].set_index("item")["text"]
    assert columns["task"] == "int: task number in the report"
    docs = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    documented = re.findall(r"`([a-z_]+)`", docs.split("| flags |", 1)[1].split("\n", 1)[0])
    glossary = notes[notes.section == "flag"].set_index("item")["text"]
    assert documented and set(documented) <= set(glossary.index)
    assert glossary["estimated"].startswith("预计数 / estimate: ")


def test_frozen_header_filter_and_widths(workbook_zh: Path) -> None:
    wb = openpyxl.load_workbook(workbook_zh)
    assert wb["Summary"].freeze_panes == "C4"
    assert wb["Summary"].auto_filter.ref.startswith("A3:")
    for name in ("Table", "Findings", "Benchmarks", "Notes"):
        assert wb[name].freeze_panes == "A2"
        assert wb[name].auto_filter.ref.startswith("A1:")
    ws = wb["Table"]
    text_col = openpyxl.utils.get_column_letter(_column(ws, 1, "source_text"))
    assert ws[f"{text_col}2"].alignment.wrap_text
    zh_col = openpyxl.utils.get_column_letter(_column(ws, 1, "indicator_zh"))
    en_col = openpyxl.utils.get_column_letter(_column(ws, 1, "indicator_en"))
    # 居民人均可支配收入增速 (11 CJK) is as wide as 22 Latin letters
    assert ws.column_dimensions[zh_col].width >= 22
    assert ws.column_dimensions[en_col].width <= excel.MAX_WIDTH


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "report.xlsx"
    assert write_workbook(make_bundle(), path) == path
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]
    before = path.read_bytes()

    def broken_save(self, filename) -> None:
        Path(filename).write_bytes(b"half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        write_workbook(make_bundle(), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]


def test_status_basis_follows_the_language(tmp_path: Path) -> None:
    table = make_attainment().assign(status_basis_zh=lambda t: "依据" + t["task"].astype(str))
    bundle = make_bundle(attainment=table)
    zh = _summary(write_workbook(bundle, tmp_path / "zh.xlsx"))
    en = _summary(write_workbook(bundle, tmp_path / "en.xlsx", lang="en"))
    assert zh["判定依据"].iloc[0] == "依据1"
    assert en["How decided"].iloc[0] == "basis of task 1"


def test_empty_findings_and_benchmarks_still_write(tmp_path: Path) -> None:
    bundle = make_bundle(findings=pd.DataFrame(), benchmarks=pd.DataFrame(), meta={})
    path = write_workbook(bundle, tmp_path / "bare.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb["Findings"].max_row == 1 and wb["Summary"]["A1"].value.startswith("test-2021-annual")
