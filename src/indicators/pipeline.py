"""File-level steps of the pipeline: read declared inputs, call the pure stage, validate, write atomically.

The command line, the Makefile and the notebooks all go through these functions, so a figure is
computed in one place and every output is checked against its schema before it is written.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import yaml

from . import __version__
from .analyse import DEFAULT_TOLERANCE_PP, DEFAULT_TOLERANCE_REL, compute_attainment, methodology
from .benchmarks import REGIONS_CSV, city_names, city_of_report_id, coverage_warnings, load_benchmarks, province_of
from .bundle import bundle_paths
from .catalogue import load_catalogue
from .extract import read_report
from .fileio import (
    check_checksum,
    check_outputs,
    check_report_id,
    provenance_path,
    read_provenance,
    read_report_text,
    read_yaml,
    report_id_of,
    table_paths,
    warning_mark,
    warnings_since,
    write_table,
    write_text_atomic,
    write_with_atomic,
)
from .paths import BENCHMARK_GLOB, DATA_REFERENCE, METRICS_CSV, interim_dir, processed_dir

#: when fewer than this share of the targets and results of tasks with a target figure make the table,
#: the extraction says so (the layout was probably not understood)
LOW_COVERAGE = 0.5


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _dump_yaml(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def run_extract(
    source: str | Path,
    out: str | Path | None = None,
    report_id: str | None = None,
    year: int | None = None,
    period: str | None = None,
    city: str | None = None,
    catalogue_path: str | Path = METRICS_CSV,
) -> Path:
    """Extract one report file into ``targets.csv``/``.parquet`` plus ``targets.meta.yml``, and the
    mentions (every quantity read, placed or not) into ``data/interim/<id>/mentions.parquet``
    (beside ``out`` as ``<name>.mentions.parquet`` when an output is named).

    ``year``, ``period`` and ``city`` override what the report's title says; otherwise the
    ``<report-id>.source.yml`` beside the file gives them, else the title.
    """
    from .schema import validate_targets

    mark = warning_mark()
    source = Path(source)
    report_id = check_report_id(report_id, "--report-id") if report_id else report_id_of(source)
    text = read_report_text(source)
    provenance = read_provenance(source)
    check_checksum(source, provenance)
    period = period or (provenance.get("period") if provenance.get("period") != "annual" else None)
    extraction = read_report(
        text,
        load_catalogue(catalogue_path),
        report_id,
        str(source),
        year or provenance.get("year"),
        period,
        city or provenance.get("city"),
    )
    meta = dict(extraction.table.attrs.get("meta", {}))
    if not meta.get("city") and (named := city_of_report_id(report_id)):
        meta.update(city=named, city_source="report id")  # a page without its title, a file named by city
    table = validate_targets(extraction.table, str(source))
    meta.update({k: provenance[k] for k in ("title", "publisher", "published", "url") if provenance.get(k)})
    coverage = extraction.coverage
    meta.update(coverage=coverage, rows=len(table))
    meta.update(sha256=_sha256(source), extracted_at=_now(), catalogue=str(catalogue_path), version=__version__)
    out = Path(out) if out else processed_dir(report_id) / "targets.csv"
    mentions = out.with_name(out.stem + ".mentions.parquet") if out.parent != processed_dir(report_id) else (
        interim_dir(report_id) / "mentions.parquet"
    )
    # --- safety (issue 12): outputs never replace an input or each other; warnings travel with the table
    check_outputs([*table_paths(out), out.with_name(out.stem + ".meta.yml"), mentions],
                  [source, provenance_path(source), catalogue_path])
    if notes := warnings_since(mark):
        meta["warnings"] = notes
    # ---
    write_with_atomic(mentions, lambda tmp: extraction.mentions.to_parquet(tmp, index=False))
    write_table(table, out)
    write_text_atomic(out.with_name(out.stem + ".meta.yml"), _dump_yaml(meta))
    return out


def coverage_line(out: Path) -> str:
    """One line on what extraction read and placed, from the metadata beside ``out``; a warning when
    most of the figures read were left out of the table."""
    meta = yaml.safe_load(out.with_name(out.stem + ".meta.yml").read_text(encoding="utf-8")) or {}
    cov = meta.get("coverage") or {}
    read, placed = cov.get("quantities_read", 0), cov.get("quantities_placed", 0)
    left, sides = cov.get("targets_and_results_left", 0), cov.get("targets_and_results_in_tasks_with_targets", 0)
    line = f"{meta.get('rows', '?')} rows ({meta.get('layout')}); {placed} of {read} quantities read are in the table"
    if sides >= 8 and left > (1 - LOW_COVERAGE) * sides:
        line += (
            f"\nwarning: {meta.get('source_file')}: {left} of the {sides} targets and results of tasks with a target "
            "figure were left out of the table: has the layout changed?"
        )
    return line


def run_analyse(
    targets_csv: str | Path,
    out: str | Path | None = None,
    tolerance_pp: float = DEFAULT_TOLERANCE_PP,
    tolerance_rel: float = DEFAULT_TOLERANCE_REL,
    province: str | None = None,
    benchmarks_dir: str | Path = DATA_REFERENCE,
) -> Path:
    """Analyse a targets table: ``attainment``, ``findings``, ``benchmarks_used`` and the metadata file."""
    from .schema import read_checked, validate_attainment, validate_findings, validate_targets

    mark = warning_mark()
    targets_csv = Path(targets_csv)
    targets = validate_targets(read_checked(targets_csv, "targets"), str(targets_csv))
    meta_path = targets_csv.with_name(targets_csv.stem + ".meta.yml")
    report_meta: dict = {}
    if meta_path.exists():
        report_meta = read_yaml(meta_path, "metadata file") or {}
        if not isinstance(report_meta, dict):
            report_meta = {}
    province = province or province_of(report_meta.get("city"))
    city = city_names(report_meta.get("city"))
    benchmarks = load_benchmarks(benchmarks_dir)
    coverage_warnings(benchmarks, report_meta.get("year"), province, targets_csv, report_meta.get("city"))
    result = compute_attainment(
        targets, benchmarks, load_catalogue(), province, tolerance_pp, tolerance_rel, city
    )
    attainment = validate_attainment(result.attainment, str(targets_csv))
    findings = validate_findings(result.findings, str(targets_csv))
    report_id = str(targets["report_id"].iloc[0]) if not targets.empty else targets_csv.parent.name
    out = Path(out) if out else targets_csv.with_name("attainment.csv")
    paths = bundle_paths(report_id, out.parent)
    # --- safety (issue 12): outputs never replace an input or each other; warnings travel with the table
    check_outputs(
        [*table_paths(out), paths["findings"], paths["benchmarks"], out.with_name("attainment.meta.yml")],
        [*table_paths(targets_csv), meta_path, METRICS_CSV, REGIONS_CSV, *Path(benchmarks_dir).glob(BENCHMARK_GLOB)],
    )
    carried = report_meta.get("warnings") if isinstance(report_meta.get("warnings"), list) else []
    warnings = list(dict.fromkeys([*map(str, carried), *warnings_since(mark)]))
    # ---
    write_text_atomic(paths["findings"], findings.to_csv(index=False))
    write_text_atomic(paths["benchmarks"], result.benchmarks_used.to_csv(index=False))
    meta = {
        **{
            k: report_meta.get(k)
            for k in (
                "report_id",
                "title",
                "city",
                "year",
                "period",
                "publisher",
                "published",
                "url",
                "source_file",
                "sha256",
            )
        },
        "province": province,
        "tolerance_pp": tolerance_pp,
        "tolerance_rel": tolerance_rel,
        "generated_at": _now(),
        "version": __version__,
        "methodology": methodology(tolerance_pp, tolerance_rel, "en"),
        "methodology_zh": methodology(tolerance_pp, tolerance_rel, "zh"),
        "columns": _column_docs(),
    }
    if warnings:
        meta["warnings"] = warnings
    write_text_atomic(out.with_name("attainment.meta.yml"), _dump_yaml(meta))
    write_table(attainment, out)
    return out


def _column_docs() -> dict[str, str]:
    """Column descriptions from docs/tables.md, so the metadata file travels with the table."""
    docs = Path(__file__).resolve().parents[2] / "docs" / "tables.md"
    described: dict[str, str] = {}
    if not docs.exists():
        return described
    for line in docs.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("column", "---") and not cells[0].startswith("-"):
            for name in cells[0].split(","):
                described.setdefault(name.strip(), f"{cells[1]}: {cells[2]}".strip(": "))
    return described
