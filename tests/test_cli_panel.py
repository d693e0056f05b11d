"""Several reports through the command line: a folder extracted at once, then the panel."""

from __future__ import annotations

import shutil

import pandas as pd

from indicators.cli import main
from indicators.panel import attainment_over_time, build_panel

from conftest import FIXTURES, SEED


def test_folder_of_reports_gives_one_table_keyed_by_report(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("INDICATORS_ROOT", str(tmp_path))  # each report's own tables go to this tree, not the repo's
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / "wuhu-2021-annual.txt")
    shutil.copy(FIXTURES / "wuhu-2022-annual.txt", raw / "wuhu-2022-annual.txt")
    out = tmp_path / "targets_panel.csv"
    assert main(["extract", str(raw), "--out", str(out)]) == 0
    table = pd.read_csv(out, encoding="utf-8")
    assert set(table.report_id) == {"wuhu-2021-annual", "wuhu-2022-annual"}
    headlines = table[table.is_headline]
    assert headlines.groupby("report_id").task.nunique().to_dict() == {"wuhu-2021-annual": 16, "wuhu-2022-annual": 6}


def test_report_id_with_several_sources_is_refused(tmp_path, capsys):
    assert main(["extract", str(SEED), str(FIXTURES / "wuhu-2022-annual.txt"), "--report-id", "x"]) == 1
    assert "one report" in capsys.readouterr().err


def test_gdp_over_two_years(seed_table, catalogue):
    from indicators.analyse import compute_attainment
    from indicators.benchmarks import load_benchmarks
    from indicators.extract import extract_report

    later = extract_report(FIXTURES / "wuhu-2022-annual.txt", catalogue)
    tables = [compute_attainment(t, load_benchmarks(), province="anhui").attainment for t in (seed_table, later)]
    metas = [{"report_id": "wuhu-2021-annual", "city": "芜湖市", "year": 2021},
             {"report_id": "wuhu-2022-annual", "city": "芜湖", "year": 2022}]
    gdp = attainment_over_time(build_panel(tables, metas), "gdp_growth")
    assert gdp.year.tolist() == [2021, 2022]
    assert gdp.status.tolist() == ["exceeded", "missed"]
    assert gdp.comparator.tolist() == ["about", "at_least"]
