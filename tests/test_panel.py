"""The panel across reports: several files extracted at once, one long table, a metric over time."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
import yaml

from indicators.analyse import compute_attainment
from indicators.fileio import ReportError, read_table, write_table
from indicators.panel import (
    OVER_TIME_COLUMNS,
    attainment_over_time,
    build_panel,
    city_key,
    expand_sources,
    extract_many,
    read_report_meta,
    run_panel,
)
from indicators.pipeline import run_analyse, run_extract

from conftest import FIXTURES, SEED, target_row

NO_BENCH = pd.DataFrame(
    columns=["region", "metric", "value", "unit", "basis", "how_obtained", "source_url", "source_snippet", "year"]
)


def _attainment(report_id: str, rows: list[dict]) -> pd.DataFrame:
    """An attainment table from a few target rows: (task, metric, comparator, target, actual, period)."""
    records = [target_row(report_id=report_id, target_unit="%", actual_unit="%", **values) for values in rows]
    return compute_attainment(pd.DataFrame(records), NO_BENCH).attainment


A = _attainment(
    "city-2021-annual",
    [
        dict(task=1, metric="gdp_growth", comparator="about", target_value=8.5, actual_value=9.1, actual_period="2021"),
        dict(task=2, metric="cpi_change", comparator="about", target_value=3, actual_value=1.3, actual_period="2021"),
    ],
)
B = _attainment(
    "city-2022-q1",
    [
        dict(
            task=1, metric="gdp_growth", comparator="at_least", target_value=7, actual_value=5.1, actual_period="2022Q1"
        )
    ],
)
C = _attainment(
    "city-2022-annual",
    [
        dict(task=1, metric="gdp_level", is_headline=False, comparator=None, actual_value=4550.0, actual_period="2022"),
        dict(task=2, metric="gdp_growth", comparator="at_least", target_value=9, actual_value=4, actual_period="2022"),
        dict(task=3, metric="gdp_growth", is_headline=False, actual_value=4.1, actual_period="2022"),
    ],
)
META = {
    "city-2021-annual": {"report_id": "city-2021-annual", "city": "芜湖市", "year": 2021, "period": "annual"},
    "city-2022-q1": {
        "report_id": "city-2022-q1",
        "city": "芜湖",
        "year": 2022,
        "period": "Q1",
        "published": "2022-04-20",
    },
    "city-2022-annual": {"report_id": "city-2022-annual", "city": "芜湖市", "year": 2022, "period": "annual"},
}


def test_build_panel_keys_and_order():
    panel = build_panel([C, A, B], [META["city-2022-annual"], META["city-2021-annual"], META["city-2022-q1"]])
    assert list(panel.columns[:6]) == ["report_id", "city", "year", "period", "period_months", "published"]
    assert len(panel) == len(A) + len(B) + len(C)
    assert panel.city.unique().tolist() == ["芜湖"]  # 芜湖市 and 芜湖 are one city
    assert panel.drop_duplicates("report_id").report_id.tolist() == [
        "city-2021-annual",
        "city-2022-q1",
        "city-2022-annual",
    ]
    assert panel.loc[panel.report_id == "city-2022-q1", "period_months"].tolist() == [3]
    assert panel.loc[panel.report_id == "city-2022-q1", "published"].tolist() == ["2022-04-20"]
    assert str(panel.year.dtype) == "Int64"
    assert set(A.columns) <= set(panel.columns)


def test_build_panel_follows_its_input():
    moved = {**META["city-2021-annual"], "year": 2020, "city": "合肥市"}
    panel = build_panel([A], [moved])
    assert panel.year.unique().tolist() == [2020] and panel.city.unique().tolist() == ["合肥"]
    assert build_panel([], []).empty


@pytest.mark.parametrize(
    ("tables", "metas", "message"),
    [
        ([A], [], "1 tables but 0"),
        ([A, A], [META["city-2021-annual"]] * 2, "two tables"),
    ],
)
def test_build_panel_errors(tables, metas, message):
    with pytest.raises(ValueError, match=message):
        build_panel(tables, metas)


def test_attainment_over_time():
    panel = build_panel([A, B, C], [META[t.report_id.iloc[0]] for t in (A, B, C)])
    gdp = attainment_over_time(panel, "gdp_growth")
    assert gdp.report_id.tolist() == ["city-2021-annual", "city-2022-q1", "city-2022-annual"]
    assert gdp.period.tolist() == ["annual", "Q1", "annual"]
    assert gdp.target.tolist() == [8.5, 7, 9] and gdp.actual.tolist() == [9.1, 5.1, 4]  # C: the headline, task 2
    assert gdp.status.tolist() == ["exceeded", "missed", "missed"]
    assert gdp.attainment_ratio.iloc[2] == pytest.approx(4 / 9)
    assert attainment_over_time(panel, "cpi_change").report_id.tolist() == ["city-2021-annual"]
    assert attainment_over_time(panel, "gdp_growth", city="合肥").empty
    assert list(attainment_over_time(panel, "gdp_growth", city="合肥").columns) == list(OVER_TIME_COLUMNS)
    with pytest.raises(ValueError, match="no report"):
        attainment_over_time(panel, "grain_output")


def test_city_key():
    assert city_key("芜湖市") == "芜湖" and city_key("全国") == "全国" and city_key(None) is None


# --- files -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    """The seed and both fixtures extracted and analysed into a processed folder of their own."""
    root = tmp_path_factory.mktemp("processed")
    for source in (SEED, FIXTURES / "wuhu-2022-annual.txt", FIXTURES / "national-2019-annual.txt"):
        report_id = source.name.split(".")[0]
        run_analyse(run_extract(source, root / report_id / "targets.csv", report_id))
    return root


def test_run_panel_writes_both_files(processed):
    out = run_panel(processed)
    assert out == processed / "panel.csv" and out.with_suffix(".parquet").exists()
    assert not list(processed.glob(".*.tmp"))
    panel = read_table(out)
    csv = pd.read_csv(out, encoding="utf-8")
    assert len(panel) == len(csv)
    reports = panel.drop_duplicates("report_id").set_index("report_id")
    assert reports.loc["wuhu-2021-annual", "year"] == 2021 and reports.loc["wuhu-2022-annual", "year"] == 2022
    assert reports.loc["wuhu-2022-annual", "city"] == "芜湖" and reports.loc["national-2019-annual", "city"] == "全国"
    assert set(reports.period) == {"annual"}
    gdp = attainment_over_time(panel, "gdp_growth", city="芜湖市")
    assert gdp.year.tolist() == [2021, 2022] and gdp.status.tolist() == ["exceeded", "missed"]


def test_run_panel_follows_the_reports(processed, tmp_path):
    copy = tmp_path / "processed"
    shutil.copytree(processed, copy, ignore=shutil.ignore_patterns("panel.*"))
    folder = copy / "wuhu-2022-annual"
    table = read_table(folder / "attainment.csv")
    table.loc[table.metric == "gdp_growth", "status"] = "met"
    write_table(table, folder / "attainment.csv")
    meta = yaml.safe_load((folder / "targets.meta.yml").read_text(encoding="utf-8"))
    (folder / "targets.meta.yml").write_text(yaml.safe_dump({**meta, "period": "Q1-Q3"}), encoding="utf-8")
    shutil.rmtree(copy / "national-2019-annual")
    panel = read_table(run_panel(copy, tmp_path / "out" / "p.csv"))
    assert set(panel.report_id) == {"wuhu-2021-annual", "wuhu-2022-annual"}
    row = attainment_over_time(panel, "gdp_growth").set_index("report_id").loc["wuhu-2022-annual"]
    assert row.status == "met" and row.period == "Q1-Q3"


def test_run_panel_without_reports(tmp_path):
    with pytest.raises(ReportError, match="no attainment tables"):
        run_panel(tmp_path)


def test_meta_falls_back_to_the_report_id(tmp_path):
    folder = tmp_path / "hefei-2023-annual"
    write_table(A, folder / "attainment.csv")
    assert read_report_meta(folder) == {"report_id": "hefei-2023-annual", "year": 2023, "period": "annual"}


def test_extract_many_expands_folders(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    for name in ("wuhu-2022-annual.txt", "national-2019-annual.txt", "wuhu-2022-annual.expected.csv"):
        shutil.copy(FIXTURES / name, folder / name)
    (folder / "national-2019-annual.source.yml").write_text("year: 2019\ncity: 中国\n", encoding="utf-8")
    assert [p.name for p in expand_sources([folder, SEED])] == [
        "national-2019-annual.txt",
        "wuhu-2022-annual.txt",
        "wuhu-2021-annual.txt",
    ]
    tables = extract_many([folder, SEED])
    assert [t.report_id.iloc[0] for t in tables] == ["national-2019-annual", "wuhu-2022-annual", "wuhu-2021-annual"]
    assert [t.attrs["meta"]["layout"] for t in tables] == ["article", "table", "narrative"]
    assert tables[0].attrs["meta"]["city"] == "中国"  # the provenance file overrides the text
    assert extract_many([SEED], year=2020)[0].attrs["meta"]["year"] == 2020


def test_extract_many_errors(tmp_path):
    with pytest.raises(ReportError, match="no .txt or .html"):
        extract_many([tmp_path])
    (tmp_path / "a.txt").write_text("会议纪要\n今天开会。", encoding="utf-8")
    with pytest.raises(ReportError, match="no figure found"):
        extract_many([tmp_path])
    shutil.copy(SEED, tmp_path / "b.txt")
    shutil.copy(SEED, tmp_path / "b.html")
    (tmp_path / "a.txt").unlink()
    with pytest.raises(ReportError, match="same report id"):
        extract_many([tmp_path])
