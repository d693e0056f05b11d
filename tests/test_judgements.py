"""Issue 10 end to end on the two Wuhu reports: every headline output (notebook summary, workbook, PDF,
chart) shows the measure of each kind of target, the provisional marks counted apart, the reference
figure where the report disagrees, and the rules in both languages."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from indicators import excel, notebook, pdf, plots
from indicators.analyse import compute_attainment, methodology
from indicators.benchmarks import load_benchmarks
from indicators.bundle import ReportBundle
from indicators.catalogue import load_catalogue
from indicators.extract import parse_report
from indicators.fileio import read_report_text
from indicators.methodology import METHODOLOGY
from indicators.paths import ROOT

from conftest import headline

CITY = ("芜湖", "wuhu")
RATE_KINDS = ("rate", "ceiling", "relative")


@pytest.fixture(scope="module")
def result(seed_table):
    return compute_attainment(seed_table, load_benchmarks(), province="anhui", city=CITY)


@pytest.fixture(scope="module")
def bundle(result) -> ReportBundle:
    meta = {"title": "芜湖市2021年通报", "city": "芜湖市", "year": 2021, "methodology": methodology(lang="en"),
            "methodology_zh": methodology(lang="zh")}
    return ReportBundle("wuhu-2021-annual", result.attainment, result.findings, result.benchmarks_used, meta)


def _rates(table: pd.DataFrame) -> set[int]:
    heads = table[table.is_headline]
    return set(heads[heads.target_kind.isin(RATE_KINDS)].task)


def test_notebook_summary_shows_no_ratio_for_a_rate_and_marks_provisional_and_disputes(result):
    table = result.attainment
    for lang in ("zh", "en"):
        summary = notebook.headline_summary(table, lang).set_index(notebook.column_label("task", lang))
        measure = summary[notebook.MEASURE_HEADER[lang]]
        for task in _rates(table):
            assert "完成率" not in measure[task] and "attainment" not in measure[task], (task, measure[task])
        gdp = "+3.1个百分点(超出区间 +2.6个百分点)" if lang == "zh" else "+3.1 pp (+2.6 pp outside the band)"
        assert measure[1] == gdp
        assert measure[12] == ("余量 1.7个百分点" if lang == "zh" else "headroom 1.7 pp")
        assert measure[10].endswith("110.1%")
        status = summary[notebook.column_label("status", lang)]
        assert status[8] == ("超额完成(暂定)" if lang == "zh" else "exceeded (provisional)")
        assert status[11] == ("符合序时进度(暂定)" if lang == "zh" else "on track (provisional)")
        assert status[9] in ("超额完成", "exceeded")
        province = summary[notebook.column_label("provincial_avg", lang)]
        assert province[4].startswith("8.9%") and "7.8" in province[4]
        assert ("不一致" if lang == "zh" else "disputed") in province[4]
        assert ("非独立来源" if lang == "zh" else "not independent") in province[5]
        assert summary[notebook.column_label("provincial_rank", lang)][15] != ""
    counts = notebook.status_counts(table, "zh")
    assert "超额完成 8(另暂定 2)" in counts and "口径不可比 1" in counts


def test_workbook_summary_marks_provisional_and_shows_the_reference_figure(bundle, tmp_path):
    path = excel.write_workbook(bundle, tmp_path / "wuhu.xlsx")
    ws = openpyxl.load_workbook(path)["汇总"]  # the zh edition: sheet names in Chinese (issue 11)
    header = [c.value for c in ws[3]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
    for task in _rates(bundle.attainment):
        assert rows[task]["完成率"] is None, task  # no 完成率 of a rate target
    assert rows[10]["完成率"] == pytest.approx(7.6 / 6.9)
    assert {t for t, r in rows.items() if r["暂定"] == "是"} == {8, 11, 13, 14}
    assert "8.9%" in rows[4]["全省数字(来源与标记)"] and "报告称7.8%" in rows[4]["全省数字(来源与标记)"]
    assert rows[4]["与全省差距(百分点)"] == pytest.approx(5.2)
    assert rows[7]["完成状态"] == "口径不可比" and "名义" in rows[7]["判定依据"]
    assert "另暂定" in ws["A2"].value
    notes = pd.read_excel(path, sheet_name="说明")
    assert notes[notes["部分"] == "方法说明"]["内容"].tolist() == methodology(lang="zh")
    english = pd.read_excel(excel.write_workbook(bundle, tmp_path / "en.xlsx", "en"), sheet_name="Notes")
    assert english[english.Section == "Method"].Text.tolist() == methodology(lang="en")
    benchmarks = pd.read_excel(path, sheet_name="参考数据")
    circular = benchmarks[benchmarks["来源类型"] == "由市统计局发布推算"]
    assert len(circular) and set(circular["独立来源"]) == {"否"}


def test_pdf_summary_measures_marks_and_methodology(bundle):
    for lang in ("zh", "en"):
        data = pdf.document_data(bundle, lang)
        rows = {r["cells"][0]: r for r in data["summary"]["rows"]}
        for task in _rates(bundle.attainment):
            assert "完成率" not in rows[str(task)]["cells"][4] and "attainment" not in rows[str(task)]["cells"][4]
        assert rows["8"]["status"]["provisional"] and not rows["9"]["status"]["provisional"]
        province = rows["4"]["cells"][5]
        assert "8.9%" in province[0] and "7.8" in province[0]
        assert data["methodology"] == methodology(lang=lang)
        assert ("另暂定" if lang == "zh" else "provisional") in data["summary"]["counts"]
        assert "not_comparable" in [s["key"] for s in data["legend"]]


def test_headline_chart_never_draws_a_ratio_of_rates(result):
    table = result.attainment
    fig = plots.plot_attainment_ratios(table, "en")
    quantities, rates = fig.axes[0], fig.axes[1]
    q_tasks = {int(t.get_text().split(".")[0]) for t in quantities.get_yticklabels()}
    assert q_tasks == set(table[table.is_headline & (table.target_kind == "quantity")].task)
    text = "\n".join(t.get_text() for t in fig.findobj(plots.Text))
    for ratio in ("272.2%", "180.0%", "230.8%", "86.2%"):  # retail, budget revenue, CPI, income as ratios
        assert ratio not in text
    assert "+15.5" in text  # retail: the gap in pp
    assert len([p for p in rates.patches if p.get_gid() == plots.HATCH_GID]) == 2  # tasks 8 and 11


def test_the_readme_states_the_same_rules():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for words in ("One measure per kind of target", "`quantity`", "`rate`", "`ceiling`", "`relative`",
                  "`not_comparable`", "`on_track`", "`behind_schedule`", "Prior-year data gives no status",
                  "not independent", "Disputes in the headline", "make benchmarks YEAR="):
        assert words in readme, words
    assert len(METHODOLOGY) == len(methodology(lang="zh")) == len(methodology(lang="en"))
    assert all(zh and en and zh != en for en, zh in METHODOLOGY)


@pytest.fixture(scope="module")
def result_2022():
    path = ROOT / "data" / "raw" / "wuhu-2022-annual.txt"
    table = parse_report(read_report_text(path), load_catalogue(), "wuhu-2022-annual", str(path))
    return compute_attainment(table, load_benchmarks(), province="anhui", city=CITY).attainment


def test_2022_gaps_exist_where_the_2022_file_has_the_figure_and_say_why_where_not(result_2022):
    gdp = headline(result_2022, 1)
    assert gdp.provincial_avg == pytest.approx(3.5) and gdp.gap_to_provincial_pp == pytest.approx(0.5)
    assert gdp.gap_to_national_pp == pytest.approx(1.0)
    budget = headline(result_2022, 2)
    assert budget.status == "not_comparable" and "nominal" in budget.status_basis  # 9.5% nominal vs 4% real
    assert pd.isna(budget.gap_to_provincial_pp) and "同口径" in budget.benchmark_note
    assert pd.isna(budget.gap_to_national_pp) and "0.6%" in budget.benchmark_note and "9.1%" in budget.benchmark_note
    for row in result_2022[result_2022.metric.str.contains("disposable_income_growth")].itertuples():
        if not pd.isna(row.actual_value):  # the Q1-Q3 figures: not compared with GDP nor with the provinces
            assert row.status == "not_comparable" and "different periods" in row.status_basis
            assert "2022Q1-Q3" in row.benchmark_note


def test_reports_and_figures_paths_exist():
    assert Path(ROOT / "data" / "reference" / "benchmarks-2022.csv").exists()
    assert len(list((ROOT / "data" / "reference" / "sources").glob("*.txt"))) >= 30
