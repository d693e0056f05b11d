"""``indicators benchmarks``: the hand-checked reference files are the test of the release reader."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from indicators.analyse import compute_attainment
from indicators.benchmarks import load_benchmarks
from indicators.cli import main
from indicators.fileio import ReportError
from indicators.paths import DATA_REFERENCE
from indicators.releases import read_release, read_sources, write_benchmarks

from conftest import headline

SOURCES = DATA_REFERENCE / "sources"
YEARS = (2021, 2022)


@pytest.fixture(scope="module")
def read() -> tuple[pd.DataFrame, list[str]]:
    return read_sources([SOURCES])


def _hand(year: int) -> pd.DataFrame:
    return pd.read_csv(DATA_REFERENCE / f"benchmarks-{year}.csv", encoding="utf-8")


def _source_files() -> dict[str, str]:
    """The source address of each saved text (its ``# source:`` line) → its file name."""
    out = {}
    for path in SOURCES.glob("*.txt"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        out[first.removeprefix("# source:").strip()] = path.name
    return out


def _same(a: float, b: float) -> bool:
    """Equal at the precision the hand-checked file prints."""
    text = f"{b:.6f}".rstrip("0")
    digits = len(text.split(".")[1]) if "." in text else 0
    return round(a, digits) == round(b, digits)


@pytest.mark.parametrize("year", YEARS)
def test_the_reader_reproduces_every_figure_of_the_hand_checked_files(read, year):
    table, notes = read
    got = table[table.year == year].set_index(["region", "metric"])
    unread = {n.split(":", 1)[0] for n in notes if "not read" in n}
    files = _source_files()
    missing = []
    for row in _hand(year).itertuples():
        key = (row.region, row.metric)
        if key in got.index and _same(float(got.loc[key, "value"]), float(row.value)):
            continue
        missing.append((row.region, row.metric, files.get(row.source_url)))
    # the only figures not reproduced are those of the texts the reader says it cannot read (Japanese)
    assert all(file in unread for _, _, file in missing), missing
    assert len(missing) == (3 if year == 2022 else 0)


def test_derived_figures_are_typed_as_the_hand_checked_files_type_them(read):
    table, _ = read
    got = table[table.year == 2021].set_index(["region", "metric"])
    hand = _hand(2021).set_index(["region", "metric"])
    for key in [k for k in hand.index if hand.loc[k, "source_type"].startswith("derived")]:
        assert got.loc[key, "source_type"] == hand.loc[key, "source_type"], key
    assert "NOT independent of wuhu" in got.loc[("anhui", "industrial_value_added_growth"), "how_obtained"]
    income = got.loc[("anhui", "urban_disposable_income_growth"), "how_obtained"]
    assert "china 8.2" in income and "0.8 pp" in income  # from the province's own gap, not from Wuhu's
    # a later revision is written beside the first figure; an estimate and a copy that dropped digits lose
    later = table[table.year == 2022].set_index(["region", "metric"])
    assert later.loc[("china", "rd_intensity"), "value"] == 2.55
    assert later.loc[("china", "rd_intensity_final"), "value"] == 2.54
    assert later.loc[("china", "disposable_income_growth"), "value"] == 5.0
    assert "029car" in later.loc[("china", "disposable_income_growth"), "how_obtained"]
    assert later.loc[("anhui", "gdp_growth"), "source_file"].startswith("anhui-2022-stats-bureau")
    assert later.loc[("anhui", "retail_sales_growth"), "how_obtained"].startswith("estimate")


def test_every_quote_is_found_verbatim_in_its_source(read):
    table, _ = read
    for row in table.itertuples():
        text = (SOURCES / row.source_file).read_text(encoding="utf-8")
        assert row.source_snippet and row.source_snippet in text, (row.metric, row.source_snippet)
        assert text.splitlines()[int(row.source_line) - 1].find(row.source_snippet) >= 0
        assert row.source_url and row.source_url in text.splitlines()[0]


def _copy_sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    shutil.copytree(SOURCES, folder)
    return folder


def _value(table: pd.DataFrame, year: int, region: str, metric: str) -> float:
    rows = table[(table.year == year) & (table.region == region) & (table.metric == metric)]
    assert len(rows) == 1, (region, metric, len(rows))
    return float(rows.value.iloc[0])


def test_a_changed_number_in_a_source_text_changes_the_output(tmp_path):
    folder = _copy_sources(tmp_path)
    communique = folder / "china-2021-nbs-communique-fubaore.txt"
    communique.write_text(communique.read_text(encoding="utf-8").replace("比上年增长8.1%", "比上年增长8.4%"),
                          encoding="utf-8")
    city = folder / "anhui-2021-wuhu-city-press-conference-hkcd.txt"
    city.write_text(city.read_text(encoding="utf-8").replace("比全省高5.2個百分點", "比全省高5.0個百分點"),
                    encoding="utf-8")
    table, notes = read_sources([folder])
    assert _value(table, 2021, "china", "gdp_growth") == pytest.approx(8.4)
    assert _value(table, 2021, "anhui", "industrial_value_added_growth") == pytest.approx(9.1)
    # the province's 0.2 pp lead over the nation no longer agrees with 8.3: said, not hidden
    assert any("anhui gdp_growth 2021" in n and "implies 8.6" in n for n in notes), notes


def test_two_sources_of_the_same_standing_that_disagree_are_both_left_out(tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    text = "# source: http://example.org/{}\n国家统计局发布：2021年全国居民消费价格比上年上涨{}%。\n"
    (folder / "china-2021-a.txt").write_text(text.format("a", "0.9"), encoding="utf-8")
    (folder / "china-2021-b.txt").write_text(text.format("b", "1.1"), encoding="utf-8")
    table, notes = read_sources([folder])
    assert table[table.metric == "cpi_change"].empty
    assert any("neither stands above the other" in n for n in notes)
    (folder / "china-2021-b.txt").write_text(text.format("b", "0.9"), encoding="utf-8")
    table, _ = read_sources([folder])
    assert _value(table, 2021, "china", "cpi_change") == pytest.approx(0.9)


def test_what_a_release_cannot_give_is_not_read():
    japanese = read_release("# source: x\n全国の一般公共予算の収入は前年度比 0.6%増", "china-2022-ja.txt")
    assert not japanese.figures and "Japanese" in japanese.notes[0]
    text = ("# source: x\n2021年前三季度,全国居民人均可支配收入增长10.4%。2021年,全国居民消费价格上涨0.9%,"
            "低于涨幅3%左右的全年预期目标。全国居民人均可支配收入两年平均增长6.9%。")
    reading = read_release(text, "china-2021-x.txt")
    assert [(f.metric, f.value) for f in reading.figures] == [("cpi_change", 0.9)]  # no part-year, target, average


def test_the_command_writes_files_the_analysis_reads_with_the_same_judgements(tmp_path, seed_table, capsys):
    out = tmp_path / "reference"
    out.mkdir()
    assert main(["benchmarks", str(SOURCES), "--out", str(out)]) == 0
    written = sorted(p.name for p in out.glob("benchmarks-*.csv"))
    assert written == ["benchmarks-2021.csv", "benchmarks-2022.csv"]
    assert "Japanese" in capsys.readouterr().err
    shutil.copy(DATA_REFERENCE / "regions.csv", out / "regions.csv")
    city = ("芜湖", "wuhu")
    generated = compute_attainment(seed_table, load_benchmarks(out), province="anhui", city=city).attainment
    hand = compute_attainment(seed_table, load_benchmarks(), province="anhui", city=city).attainment
    for task in range(1, 17):
        a, b = headline(generated, task), headline(hand, task)
        assert a.status == b.status, task
        for column in ("provincial_avg", "national_avg", "gap_to_provincial_pp", "gap_to_national_pp"):
            assert (pd.isna(a[column]) and pd.isna(b[column])) or a[column] == pytest.approx(b[column]), (task, column)
        assert bool(a.provincial_disputed) == bool(b.provincial_disputed)
    # an existing (hand-checked) file is not replaced without --force
    assert main(["benchmarks", str(SOURCES), "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["benchmarks", str(SOURCES), "--out", str(out), "--force"]) == 0


def test_a_missing_source_is_an_error_naming_it(tmp_path):
    with pytest.raises(ReportError, match="nothing.txt"):
        read_sources([tmp_path / "nothing.txt"])
    with pytest.raises(ReportError, match="exists"):
        (tmp_path / "benchmarks-2021.csv").write_text("x", encoding="utf-8")
        write_benchmarks(pd.DataFrame({"year": [2021], "region": ["anhui"]}), tmp_path)
