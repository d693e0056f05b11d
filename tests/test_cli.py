"""The command line: outputs where the README says, one-line errors, nothing written on failure."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from indicators.cli import main

from conftest import SEED


def test_extract_and_analyse_write_their_tables(tmp_path, capsys):
    out = tmp_path / "wuhu" / "targets.csv"
    assert main(["extract", str(SEED), "--out", str(out), "--report-id", "wuhu-2021-annual"]) == 0
    assert out.exists() and out.with_suffix(".parquet").exists()
    assert (tmp_path / "wuhu" / "targets.meta.yml").exists()
    csv = pd.read_csv(out, encoding="utf-8")
    parquet = pd.read_parquet(out.with_suffix(".parquet"))
    assert len(csv) == len(parquet) and csv[csv.section == "一"].task.nunique() == 16
    assert main(["analyse", str(out), "--tolerance-pp", "0.3"]) == 0
    folder = tmp_path / "wuhu"
    for name in ("attainment.csv", "attainment.parquet", "findings.csv", "benchmarks_used.csv", "attainment.meta.yml"):
        assert (folder / name).exists(), name
    attainment = pd.read_parquet(folder / "attainment.parquet")
    rates = attainment[attainment.target_unit.isin(["%", "pp"])]
    assert rates.tolerance.dropna().eq(0.3).all() and rates.tolerance.notna().any()
    assert not list(folder.glob("*.tmp")) and not list(folder.glob(".*"))


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "file not found"),
        (b"", "file is empty"),
        (b"\x00\x01\x02binary", "binary"),
        ("会议纪要\n今天开会。".encode(), "no figure found"),
    ],
)
def test_bad_input_one_line_error_nothing_written(tmp_path, capsys, content, problem):
    source = tmp_path / "in.txt"
    if content is not None:
        source.write_bytes(content)
    out = tmp_path / "out" / "targets.csv"
    assert main(["extract", str(source), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(source) in err and problem in err
    assert not out.exists() and not (tmp_path / "out").exists()


def test_failure_keeps_the_previous_output(tmp_path, capsys):
    out = tmp_path / "targets.csv"
    assert main(["extract", str(SEED), "--out", str(out)]) == 0
    before = out.read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_text("芜湖市2021年通报\n一、任务\n1.加强管理。\n进展情况:做了工作。", encoding="utf-8")
    assert main(["extract", str(bad), "--out", str(out)]) == 2
    assert out.read_bytes() == before


def test_console_script_has_no_traceback(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "indicators.cli", "extract", str(tmp_path / "missing.txt")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr and "missing.txt: file not found" in run.stderr


@pytest.mark.parametrize(("name", "city"), [("luan-2021-annual", "六安市"), ("suzhou-ah-2021-h1", "宿州市"),
                                            ("nowhere-2021-annual", None)])
def test_a_page_without_its_title_takes_its_city_from_a_file_named_by_city(tmp_path, capsys, name, city):
    import yaml

    text = SEED.read_text(encoding="utf-8").split("\n")
    body = "\n".join(line for line in text if "芜湖" not in line)  # no title, no publisher: no city in the text
    source = tmp_path / f"{name}.txt"
    source.write_text(body, encoding="utf-8")
    assert main(["extract", str(source), "--out", str(tmp_path / "t.csv"), "--year", "2021"]) == 0
    meta = yaml.safe_load((tmp_path / "t.meta.yml").read_text(encoding="utf-8"))
    assert meta.get("city") == city
    assert (meta.get("city_source") == "report id") == (city is not None)
