"""Everything an export needs about one analysed report, read from ``data/processed/<report-id>/``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .fileio import ReportError, read_yaml
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
    """Read the analysed tables of ``report_id`` (run ``indicators analyse`` first).

    Each table is checked against its declared schema as it is read (required columns, the closed
    list of statuses, numbers where numbers belong): an export never publishes a table it cannot
    trust; the error names the file.
    """
    from .schema import read_checked

    paths = bundle_paths(report_id, folder)
    for name, path in paths.items():
        if not path.exists() and not path.with_suffix(".parquet").exists():
            raise ReportError(path, f"{name} table not found: run `make analyse` first")
    meta = read_yaml(paths["meta"], "metadata file")
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ReportError(paths["meta"], "metadata file is not a mapping of fields")
    extraction = paths["meta"].with_name("targets.meta.yml")
    if "coverage" not in meta and extraction.is_file():  # what the extraction read: said on every output
        read = read_yaml(extraction, "metadata file")
        if isinstance(read, dict) and isinstance(read.get("coverage"), dict):
            meta["coverage"] = read["coverage"]
    return ReportBundle(
        report_id=report_id,
        attainment=read_checked(paths["attainment"], "attainment"),
        findings=read_checked(paths["findings"], "findings"),
        benchmarks=read_checked(paths["benchmarks"], "benchmarks_used"),
        meta=meta,
    )


def check_statuses(bundle: ReportBundle) -> None:
    """Refuse to export an attainment table without a status from the closed list on every row.

    :func:`load_bundle` checks the whole schema; this is the part an export cannot do without, kept
    for bundles built in code, so a missing status is never printed as "not assessable".
    """
    from .labels import STATUSES

    table = bundle.attainment
    where = f"attainment table of {bundle.report_id}"
    if "status" not in table.columns:
        raise ReportError(where, "has no status column")
    bad = table["status"][~table["status"].isin(STATUSES)]
    if not bad.empty:
        raise ReportError(where, f"status {str(bad.iloc[0])[:40]!r} is not one of {', '.join(STATUSES)}")
