"""Shared fixtures: the seed report, the catalogue and the tables built from them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from indicators.catalogue import load_catalogue
from indicators.extract import TARGET_COLUMNS, parse_report
from indicators.fileio import read_report_text

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "wuhu-2021-annual.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return read_report_text(SEED)


@pytest.fixture(scope="session")
def seed_table(seed_text, catalogue) -> pd.DataFrame:
    return parse_report(seed_text, catalogue, "wuhu-2021-annual", str(SEED))


def headline(table: pd.DataFrame, task: int) -> pd.Series:
    """The headline row of ``task``."""
    rows = table[(table.task == task) & table.is_headline]
    assert len(rows) == 1, f"task {task} has {len(rows)} headline rows"
    return rows.iloc[0]


def main_section(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of the seed's section 一 (its sixteen main targets and their secondary figures)."""
    return table[table.section == "一"]


def row_of(table: pd.DataFrame, metric: str) -> pd.Series:
    rows = table[table.metric == metric]
    assert len(rows) == 1, f"{metric}: {len(rows)} rows"
    return rows.iloc[0]


def flags_of(row: pd.Series) -> set[str]:
    return set(filter(None, str(row["flags"]).split(";")))


def target_row(**values) -> dict:
    """One row of a targets table with harmless defaults; ``values`` set what the test is about."""
    row = dict.fromkeys(TARGET_COLUMNS)
    row.update(
        report_id="t",
        task=1,
        metric="gdp_growth",
        indicator_zh="x",
        indicator_en="x",
        is_headline=True,
        target_text="target",
        target_line=1,
        source_line=1,
        source_text="text",
        flags="",
    )
    row.update(values)
    return row
