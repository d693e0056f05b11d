"""Everything an export needs about one analysed report, read from ``data/processed/<report-id>/``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from .fileio import ReportError, read_table
from .paths import processed_dir


@dataclass
class ReportBundle:
    """The attainment table, its findings, the benchmarks used and the report's metadata."""

    report_id: str
    attainment: pd.DataFrame
    findings: pd.DataFrame
    benchmarks: pd.DataFrame
    meta: dict = field(default_factory=dict)


def bundle_paths(report_id: str, folder: Path | None = None) -> dict[str, Path]:
    """Files a bundle is read from (the inputs of every export)."""
    folder = Path(folder) if folder else processed_dir(report_id)
    return {
        "attainment": folder / "attainment.csv",
        "findings": folder / "findings.csv",
        "benchmarks": folder / "benchmarks_used.csv",
        "meta": folder / "attainment.meta.yml",
    }


def load_bundle(report_id: str, folder: Path | None = None) -> ReportBundle:
    """Read the analysed tables of ``report_id`` (run ``indicators analyse`` first)."""
    paths = bundle_paths(report_id, folder)
    for name, path in paths.items():
        if not path.exists() and not path.with_suffix(".parquet").exists():
            raise ReportError(path, f"{name} table not found: run `make analyse` first")
    with open(paths["meta"], encoding="utf-8") as fh:
        meta = yaml.safe_load(fh) or {}
    return ReportBundle(
        report_id=report_id,
        attainment=read_table(paths["attainment"]),
        findings=pd.read_csv(paths["findings"], encoding="utf-8"),
        benchmarks=pd.read_csv(paths["benchmarks"], encoding="utf-8"),
        meta=meta,
    )
