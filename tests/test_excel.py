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
from indicators.present import column_text, flag_text, reader_columns
from indicators.present import target_text as target_words

ZH = dict(zip(excel.SHEETS, excel.SHEET_NAMES["zh"], strict=True))  # the sheets of the Chinese edition
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
            "note_zh": ['=HYPERLINK("http://x")', "不一致：报告称高于全省6.3个百分点，重算为5.3个百分点"],
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


def _summary(path: Path, lang: str = "zh") -> pd.DataFrame:
    return pd.read_excel(path, sheet_name=excel.SHEET_NAMES[lang][0], header=2)


def _column(ws, header_row: int, name: str) -> int:
    headers = [c.value for c in ws[header_row]]
    return headers.index(name) + 1


@pytest.fixture(scope="module")
def workbook_zh(tmp_path_factory) -> Path:
    return write_workbook(make_bundle(), tmp_path_factory.mktemp("xl") / "report.xlsx")


def test_sheets_and_tasks(workbook_zh: Path) -> None:
    wb = openpyxl.load_workbook(workbook_zh)
    assert wb.sheetnames == ["汇总", "图表", "全表", "一致性核查", "参考数据", "说明"]  # the zh edition in Chinese
    summary = _summary(workbook_zh)
    assert summary["序号"].tolist() == [1, 2, 3, 4, 5, 6, 7]  # headline rows only, in task order
    assert "地区生产总值" not in summary["指标"].tolist()
    table = pd.read_excel(workbook_zh, sheet_name=ZH["Table"])
    # every column a reader of the zh edition needs, under its Chinese header (present.reader_table)
    kept = reader_columns(make_attainment(), "zh")
    assert list(table.columns) == [column_text(c, "zh") for c in kept]
    assert "indicator_en" not in kept and "status_basis" not in kept
    assert len(table) == len(make_attainment())
    bundle = make_bundle()
    for sheet, frame, columns in (("Findings", bundle.findings, excel.FINDINGS_COLUMNS),
                                  ("Benchmarks", bundle.benchmarks, excel.BENCHMARK_COLUMNS)):
        shown = list(pd.read_excel(workbook_zh, sheet_name=ZH[sheet]).columns)
        assert shown == [column_text(c, "zh") for c in reader_columns(frame, "zh", list(columns))]


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
    table = pd.read_excel(workbook_zh, sheet_name=ZH["Table"])
    np.testing.assert_allclose(table["完成率"], make_attainment()["attainment_ratio"])
    assert table["主要目标"].tolist() == ["是" if h else "否" for h in make_attainment()["is_headline"]]
    ws = openpyxl.load_workbook(workbook_zh)[ZH["Table"]]
    ratio = ws.cell(2, _column(ws, 1, "完成率"))
    assert isinstance(ratio.value, float) and ratio.number_format == excel.RATIO_FORMAT


def test_consistency_problems_are_explained(workbook_zh: Path) -> None:
    summary = _summary(workbook_zh).set_index("序号")
    assert summary.loc[3, "一致性问题"] == "报告所述与全省差距：不一致：报告称高于全省6.3个百分点，重算为5.3个百分点"
    assert summary["一致性问题"].isna().sum() == 6
    english = write_workbook(make_bundle(), workbook_zh.with_name("en-checks.xlsx"), "en")
    summary = _summary(english, "en").set_index("Task")
    columns = list(summary.columns)  # the English indicator first; the source's name last, by its lines
    assert columns[0] == "Indicator" and columns[-1] == "Name in the source (Chinese)"
    assert not summary["Indicator"].str.contains(r"[\u4e00-\u9fff]").any()
    assert "指标(英文)" not in _summary(workbook_zh).columns
    assert summary.loc[3, "Consistency issues"] == (
        "stated gap to the province: DISAGREES: stated gap 6.3 pp, recomputed 5.3 pp")
    ws = openpyxl.load_workbook(english)["Findings"]  # the findings' notes are in English: the en edition
    note = ws.cell(2, _column(ws, 1, "Note"))
    assert note.value == '=HYPERLINK("http://x")' and note.data_type == "s"


def test_number_formats_and_words(workbook_zh: Path) -> None:
    ws = openpyxl.load_workbook(workbook_zh)[ZH["Summary"]]
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
    ws = openpyxl.load_workbook(workbook_zh)[ZH["Summary"]]
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
    ws = openpyxl.load_workbook(workbook_zh)[ZH["Charts"]]
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
    # the growth chart: headline growth targets with a target figure, beside its own table; like with like:
    # no pace to keep (in step with GDP) and no ceiling among growth targets
    top = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 3).value == "目标")
    growth = [ws.cell(r, 2).value for r in range(top + 1, ws.max_row + 1) if ws.cell(r, 2).value]
    assert [g.split(".")[0] for g in growth] == ["1", "2", "3"]
    assert growth_chart.anchor._from.row == top - 1


def test_source_text_that_looks_like_a_formula_stays_text(workbook_zh: Path) -> None:
    ws = openpyxl.load_workbook(workbook_zh)[ZH["Table"]]
    col = _column(ws, 1, "原文")
    cells = [ws.cell(r, col) for r in range(2, 6)]
    assert [c.value for c in cells] == list(INJECTIONS)
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells)
    with zipfile.ZipFile(workbook_zh) as zf:
        sheets = [zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any(re.search(r"<f[ >]", xml) for xml in sheets)  # no formula anywhere
    english = write_workbook(make_bundle(), workbook_zh.with_name("en-notes.xlsx"), "en")
    notes = openpyxl.load_workbook(english)["Notes"]  # the English method holds the paragraph
    texts = [c.value for c in notes["C"]]
    assert "-Second paragraph, starting with a dash." in texts


def test_english_labels(tmp_path: Path) -> None:
    path = write_workbook(make_bundle(), tmp_path / "en.xlsx", lang="en")
    summary = _summary(path, "en")
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
    ws = openpyxl.load_workbook(workbook_zh)[ZH["Summary"]]
    qualitative = 9  # task 6: no actual, no ratio, no gaps
    for name in ("完成率", "与目标差距(目标单位)", "与全省差距(百分点)", "与全国差距(百分点)"):
        assert ws.cell(qualitative, _column(ws, 3, name)).value is None
    table = openpyxl.load_workbook(workbook_zh)[ZH["Table"]]
    col = _column(table, 1, "目标上限")
    assert all(table.cell(r, col).value is None for r in range(2, table.max_row + 1))


def test_notes_sheet(workbook_zh: Path) -> None:
    notes = pd.read_excel(workbook_zh, sheet_name=ZH["Notes"])
    assert list(notes.columns) == ["部分", "项目", "内容"]
    method = notes[notes["部分"] == "方法说明"]["内容"].tolist()
    assert method == make_bundle().meta["methodology_zh"]  # one paragraph per row, in the edition's language only
    assert not set(make_bundle().meta["methodology"]) & set(notes["内容"])
    source = notes[notes["部分"] == "原报告"].set_index("项目")["内容"]
    assert source["原文校验码(SHA-256)"] == "ab" * 32 and source["发布机关"] == "测试市人民政府"
    assert "2024-05-01T12:00:00+00:00" in notes["内容"].tolist()
    tolerance = notes[notes["部分"] == "容差"].set_index("项目")["内容"]
    assert tolerance["速度、比率指标"] == "“左右”目标的区间为目标 ±0.5个百分点"
    assert tolerance["总量指标"] == "“左右”目标的区间为目标值的 ±2%"
    assert tolerance["本表所用区间(个百分点)"].startswith("±0.5")
    assert "任务" in set(notes[notes["部分"] == "读取范围"]["项目"])
    docs = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    documented = re.findall(r"`([a-z_]+)`", docs.split("| flags |", 1)[1].split("\n", 1)[0])
    glossary = notes[notes["部分"] == "标记"].set_index("项目")["内容"]
    assert documented and {flag_text(f, "zh") for f in documented} <= set(glossary.index)
    assert glossary["预计数"] == flag_text("estimated", "zh", long=True)


def test_frozen_header_filter_and_widths(workbook_zh: Path) -> None:
    wb = openpyxl.load_workbook(workbook_zh)
    assert wb[ZH["Summary"]].freeze_panes == "C4"
    assert wb[ZH["Summary"]].auto_filter.ref.startswith("A3:")
    for name in (ZH["Table"], ZH["Findings"], ZH["Benchmarks"], ZH["Notes"]):
        assert wb[name].freeze_panes == "A2"
        assert wb[name].auto_filter.ref.startswith("A1:")
    ws = wb[ZH["Table"]]
    text_col = openpyxl.utils.get_column_letter(_column(ws, 1, "原文"))
    assert ws[f"{text_col}2"].alignment.wrap_text
    zh_col = openpyxl.utils.get_column_letter(_column(ws, 1, "指标"))
    en_ws = openpyxl.load_workbook(write_workbook(make_bundle(), workbook_zh.with_name("en.xlsx"), "en"))["Table"]
    en_col = openpyxl.utils.get_column_letter(_column(en_ws, 1, "Indicator"))
    # 居民人均可支配收入增速 (11 CJK) is as wide as 22 Latin letters
    assert ws.column_dimensions[zh_col].width >= 22
    assert en_ws.column_dimensions[en_col].width <= excel.MAX_WIDTH


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
    en = _summary(write_workbook(bundle, tmp_path / "en.xlsx", lang="en"), "en")
    assert zh["判定依据"].iloc[0] == "依据1"
    assert en["How decided"].iloc[0] == "basis of task 1"


def test_empty_findings_and_benchmarks_still_write(tmp_path: Path) -> None:
    bundle = make_bundle(findings=pd.DataFrame(), benchmarks=pd.DataFrame(), meta={})
    path = write_workbook(bundle, tmp_path / "bare.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb[ZH["Findings"]].max_row == 1 and wb[ZH["Summary"]]["A1"].value.startswith("test-2021-annual")
