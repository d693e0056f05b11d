"""Project paths, built once from the package location (override the root with INDICATORS_ROOT)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("INDICATORS_ROOT", Path(__file__).resolve().parents[2]))
DATA_RAW = ROOT / "data" / "raw"
DATA_INTERIM = ROOT / "data" / "interim"
DATA_PROCESSED = ROOT / "data" / "processed"
DATA_REFERENCE = ROOT / "data" / "reference"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"

METRICS_CSV = DATA_REFERENCE / "metrics.csv"
BENCHMARK_GLOB = "benchmarks-*.csv"


def report_id_for(source: Path) -> str:
    """The report id of a raw file: its name without suffixes (``wuhu-2021-annual``)."""
    name = Path(source).name
    return name.split(".")[0]


def current_root() -> Path:
    """The project root as the environment says now (a test or a kernel may set INDICATORS_ROOT after import)."""
    return Path(os.environ.get("INDICATORS_ROOT", ROOT))


def processed_dir(report_id: str) -> Path:
    """Folder holding the tables written for one report."""
    return current_root() / "data" / "processed" / report_id


def interim_dir(report_id: str) -> Path:
    """Folder holding the middle tables of one report (the mentions extraction read)."""
    return current_root() / "data" / "interim" / report_id
