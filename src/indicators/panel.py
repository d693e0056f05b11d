"""Attainment across reports: several files extracted at once, one long panel table, a metric over time.

``build_panel`` and ``attainment_over_time`` are pure (tables in, table out); ``run_panel`` reads every
``data/processed/<report-id>/attainment.parquet`` with the metadata beside it and writes
``data/processed/panel.csv`` and ``.parquet``; ``extract_many`` extracts files or folders of reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from . import periods as g
from .catalogue import Catalogue, load_catalogue
from .extract import extract_report
from .fileio import ReportError, read_provenance, read_yaml, write_table
from .paths import DATA_PROCESSED, report_id_for

#: columns the panel puts before those of the attainment tables
PANEL_KEYS = ("report_id", "city", "year", "period", "period_months", "published")
#: columns of ``attainment_over_time``
OVER_TIME_COLUMNS = (
    "report_id",
    "city",
    "year",
    "period",
    "actual_period",
    "task",
    "comparator",
    "target_reference",
    "good_direction",
    "target",
    "target_high",
    "target_unit",
    "actual",
    "actual_unit",
    "status",
    "attainment_ratio",
    "gap_to_target",
    "benchmark_value",
    "provisional",
    "flags",
)
REPORT_SUFFIXES = (".txt", ".html", ".htm")
_YEAR_IN_ID_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def city_key(city: object) -> str | None:
    """A city as the panel keys it: the name without 市 (``芜湖市`` and ``芜湖`` are one city)."""
    if not isinstance(city, str) or not city.strip():
        return None
    city = city.strip()
    return city[:-1] if city.endswith("市") and len(city) > 2 else city


def period_months(period: object) -> int | None:
    """Months of the year a report covers: ``annual`` → 12, ``Q1`` → 3, ``Q1-Q3`` → 9, ``M01-M11`` → 11."""
    if period in (None, "", "annual") or (isinstance(period, float) and pd.isna(period)):
        return 12
    return g.period_months(f"2000{period}")


def build_panel(attainment_tables: list[pd.DataFrame], metas: list[dict]) -> pd.DataFrame:
    """One long table of several reports' attainment rows, keyed by ``report_id`` with the report's
    ``city``, ``year``, ``period`` (``annual``, ``Q1``, ``H1``, …), ``period_months`` and ``published``.

    ``metas[i]`` describes ``attainment_tables[i]`` (the ``targets.meta.yml`` of the report); rows are
    ordered by city, year, part of the year, task.

    Raises:
        ValueError: the lists differ in length, or two tables are for the same report.
    """
    if len(attainment_tables) != len(metas):
        raise ValueError(f"{len(attainment_tables)} tables but {len(metas)} metadata records")
    frames = []
    seen: set[str] = set()
    for table, meta in zip(attainment_tables, metas, strict=True):
        report_id = str(meta.get("report_id") or (table["report_id"].iloc[0] if len(table) else ""))
        if not report_id:
            raise ValueError("a table has no rows and its metadata no report_id")
        if report_id in seen:
            raise ValueError(f"two tables for report {report_id!r}")
        seen.add(report_id)
        period = str(meta.get("period") or "annual")
        keys = {
            "report_id": report_id,
            "city": city_key(meta.get("city")),
            "year": meta.get("year"),
            "period": period,
            "period_months": period_months(period),
            "published": str(meta["published"]) if meta.get("published") else None,
        }
        frame = table.drop(columns=[c for c in PANEL_KEYS if c in table.columns]).copy()
        frame.attrs = {}
        for position, (column, value) in enumerate(keys.items()):
            frame.insert(position, column, [value] * len(frame))
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=list(PANEL_KEYS))
    panel = pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)
    panel["year"] = pd.to_numeric(panel["year"], errors="coerce").astype("Int64")
    panel["period_months"] = pd.to_numeric(panel["period_months"], errors="coerce").astype("Int64")
    for column in ("report_id", "city", "period", "published"):
        panel[column] = panel[column].astype("string")
    order = ["city", "year", "period_months", "report_id"] + [c for c in ("task",) if c in panel.columns]
    panel = panel.sort_values(order, kind="stable", na_position="last").reset_index(drop=True)
    return panel


def attainment_over_time(panel: pd.DataFrame, metric: str, city: str | None = None) -> pd.DataFrame:
    """One row per report for ``metric``: year, period, target, comparator, actual, status, attainment ratio.

    Where a report has the metric in several tasks, the headline row is taken, else a row with a
    target of its own. ``city`` (with or without 市) keeps one city's reports (none: an empty table).

    Raises:
        ValueError: no report of the panel has ``metric``.
    """
    rows = panel[panel["metric"] == metric] if "metric" in panel.columns else panel.iloc[0:0]
    if rows.empty and not panel.empty:
        raise ValueError(f"metric {metric!r} is in no report of the panel")
    if city is not None:
        rows = rows[rows["city"] == city_key(city)]
    rank = pd.Series(0, index=rows.index)
    if not rows.empty:
        has_target = rows["comparator"].notna() & rows["comparator"].ne("qualitative")
        rank = (~rows["is_headline"].astype(bool)).astype(int) * 2 + (~has_target).astype(int)
    chosen = rows.assign(_rank=rank).sort_values(["report_id", "_rank", "task"], kind="stable")
    chosen = chosen.drop_duplicates("report_id").drop(columns="_rank")
    out = chosen.rename(columns={"target_value": "target", "actual_value": "actual"})
    for column in OVER_TIME_COLUMNS:
        if column not in out.columns:
            out[column] = pd.NA
    order = ["city", "year", "period_months", "report_id"] if "period_months" in out.columns else ["report_id"]
    out = out.sort_values(order, kind="stable", na_position="last")
    return out[list(OVER_TIME_COLUMNS)].reset_index(drop=True)


# --- files ---------------------------------------------------------------------------------------


def read_report_meta(folder: Path) -> dict:
    """A processed report's metadata: ``targets.meta.yml`` over ``attainment.meta.yml``, else from its id."""
    folder = Path(folder)
    meta: dict = {}
    for name in ("attainment.meta.yml", "targets.meta.yml"):
        path = folder / name
        if path.exists():
            loaded = read_yaml(path, "metadata file") or {}
            if not isinstance(loaded, dict):
                raise ReportError(path, "metadata file is not a mapping of fields")
            meta.update({k: v for k, v in loaded.items() if v is not None and not isinstance(v, list | dict)})
    meta.setdefault("report_id", folder.name)
    if meta.get("year") is None and (found := _YEAR_IN_ID_RE.search(str(meta["report_id"]))):
        meta["year"] = int(found.group(1))
    meta.setdefault("period", "annual")
    return meta


def load_processed(processed_dir: Path = DATA_PROCESSED) -> tuple[list[pd.DataFrame], list[dict]]:
    """The attainment table and metadata of every report under ``processed_dir``, by report id."""
    processed_dir = Path(processed_dir)
    folders = sorted(
        {p.parent for pattern in ("*/attainment.parquet", "*/attainment.csv") for p in processed_dir.glob(pattern)}
    )
    from .schema import read_checked

    # every table is checked as it is read: a hand-edited or cut-short one is an error naming it
    tables = [read_checked(folder / "attainment.csv", "attainment") for folder in folders]
    return tables, [read_report_meta(folder) for folder in folders]


def run_panel(processed_dir: Path = DATA_PROCESSED, out: Path | None = None) -> Path:
    """Write the panel of every analysed report to ``out`` (default ``<processed_dir>/panel.csv``) and
    ``.parquet`` beside it, atomically. Returns the CSV path.

    Raises:
        ReportError: no analysed report under ``processed_dir``.
    """
    processed_dir = Path(processed_dir)
    tables, metas = load_processed(processed_dir)
    if not tables:
        raise ReportError(processed_dir, "no attainment tables found: run `indicators analyse` first")
    panel = build_panel(tables, metas)
    out = Path(out) if out else processed_dir / "panel.csv"
    write_table(panel, out)
    return out


def expand_sources(sources: Iterable[str | Path]) -> list[Path]:
    """Report files named, with folders expanded to their ``*.txt`` / ``*.html`` / ``*.htm`` files (sorted).

    Raises:
        ReportError: a folder holds no report file.
    """
    files: list[Path] = []
    for source in sources:
        source = Path(source)
        if source.is_dir():
            found = sorted(p for p in source.iterdir() if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
            if not found:
                raise ReportError(source, "folder holds no .txt or .html report")
            files.extend(found)
        else:
            files.append(source)
    return files


def extract_many(
    sources: list[Path],
    catalogue: Catalogue | None = None,
    year: int | None = None,
    period: str | None = None,
    city: str | None = None,
) -> list[pd.DataFrame]:
    """Extract several report files or folders of them: one targets table per report, in file order.

    Each table's ``attrs["meta"]`` holds its metadata (``detect_meta``). ``year``/``period``/``city``
    override every report; otherwise a ``<report-id>.source.yml`` beside a file gives them, else the
    report's own title.

    Raises:
        ReportError: a file cannot be read or parsed, or two files have the same report id.
    """
    catalogue = catalogue or load_catalogue()
    tables = []
    seen: dict[str, Path] = {}
    for path in expand_sources(sources):
        report_id = report_id_for(path)
        if report_id in seen:
            raise ReportError(path, f"same report id {report_id!r} as {seen[report_id]}")
        seen[report_id] = path
        side = read_provenance(path)
        tables.append(
            extract_report(
                path,
                catalogue,
                report_id,
                year or side.get("year"),
                period or side.get("period"),
                city or side.get("city"),
            )
        )
    return tables
