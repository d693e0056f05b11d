"""Declared schemas of the tables passed between stages, checked (pandera) where each table is written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from .fileio import ReportError
from .labels import FLAG_LABELS, KINDS, PRICE_BASES, STATUSES

COMPARATORS = ["about", "at_least", "at_most", "exact", "range", "above_benchmark", "in_step_with", "qualitative"]
PROVENANCE = ["stated", "derived", "reference"]
FLAGS = list(FLAG_LABELS)
#: a period label: ``2021``, ``2021Q1-Q3``, ``2021M01-M11``; without the year when the report names none
_PERIOD = r"^((19|20)\d\d(Q[1-4](-Q[1-4])?|H[12]|M\d\d(-M\d\d)?)?|Q[1-4](-Q[1-4])?|H[12]|M\d\d(-M\d\d)?)$"
MEASURES = ["growth", "level", "rate", "change_pp", "reduction", "level_change", "qualitative"]


def _text(nullable: bool = True, **kwargs) -> pa.Column:
    return pa.Column("string", nullable=nullable, coerce=True, **kwargs)


def _number(nullable: bool = True, **kwargs) -> pa.Column:
    return pa.Column(float, nullable=nullable, coerce=True, **kwargs)


def _flags_known(series: pd.Series) -> pd.Series:
    return series.fillna("").map(lambda s: all(f in FLAGS for f in s.split(";") if f))


TARGETS_COLUMNS = {
    "report_id": _text(False, checks=pa.Check.str_matches(r"^[A-Za-z0-9_.-]+$")),
    "task": pa.Column(int, checks=pa.Check.ge(1), coerce=True),  # the task's place in the report: 1, 2, 3 …
    "task_label": _text(),  # the task number as written (3, 17.2, (二)1); empty when unnumbered
    "section": _text(),  # the section marker (一, (二)) where the report has sections
    "metric": _text(False, checks=pa.Check.str_matches(r"^[a-z][a-z0-9_]*$")),
    "subject": _text(False),  # the indicator as the report writes it
    "measure": _text(False, checks=pa.Check.isin(MEASURES)),
    "indicator_zh": _text(False),
    "indicator_en": _text(False),
    "is_headline": pa.Column(bool, coerce=True),
    "comparator": _text(checks=pa.Check.isin(COMPARATORS)),
    "target_value": _number(),
    "target_high": _number(),
    "target_unit": _text(),
    "target_reference": _text(),
    "target_text": _text(),
    "target_line": pa.Column(int, checks=pa.Check.ge(1), coerce=True),
    "actual_value": _number(),
    "actual_unit": _text(),
    "actual_period": _text(checks=pa.Check.str_matches(_PERIOD)),
    "actual_basis": _text(checks=pa.Check.isin(["USD", "CNY"])),
    "provincial_avg": _number(),
    "provincial_avg_source": _text(checks=pa.Check.isin(PROVENANCE)),
    "provincial_gap_pp": _number(),
    "provincial_note": _text(),
    "national_avg": _number(),
    "national_avg_source": _text(checks=pa.Check.isin(PROVENANCE)),
    "national_gap_pp": _number(),
    "national_note": _text(),
    "provincial_rank": _number(checks=pa.Check.ge(1)),
    "stated_completion_pct": _number(checks=pa.Check.ge(0)),
    "stated_gap_to_target": _number(),
    "stated_outcome": _text(),
    "lead_units": _text(),
    "co_units": _text(),
    "source_line": pa.Column(int, checks=pa.Check.ge(1), coerce=True),
    "source_text": _text(False),
    "flags": _text(checks=pa.Check(_flags_known, element_wise=False, error="unknown flag")),
}


def _one_headline_per_task(df: pd.DataFrame) -> bool:
    counts = df.groupby(["report_id", "task"])["is_headline"].sum()
    return bool((counts <= 1).all())


#: a row is one (task, indicator, measure): the metric id, or for unclassified rows the subject
ROW_KEY = ["report_id", "task", "metric", "subject", "measure"]


def _unique_rows(df: pd.DataFrame) -> bool:
    keyed = df.assign(subject=df["subject"].where(df["metric"] == "unclassified", ""))
    return not keyed.duplicated(ROW_KEY).any()


TARGETS_SCHEMA = pa.DataFrameSchema(
    TARGETS_COLUMNS,
    checks=[
        pa.Check(_one_headline_per_task, error="a task has more than one headline row"),
        pa.Check(_unique_rows, error="a (report, task, metric or subject, measure) appears twice"),
    ],
    strict=False,
    ordered=False,
)

ATTAINMENT_SCHEMA = TARGETS_SCHEMA.add_columns(
    {
        "good_direction": _text(checks=pa.Check.isin(["higher", "lower", "ceiling"])),
        "target_kind": _text(False, checks=pa.Check.isin(list(KINDS))),
        "actual_price_basis": _text(checks=pa.Check.isin(list(PRICE_BASES))),
        "tolerance": _number(checks=pa.Check.ge(0)),
        "benchmark_value": _number(),
        "attainment_ratio": _number(),
        "gap_to_target": _number(),
        "gap_to_band": _number(),
        "headroom": _number(),
        "provincial_avg_reference": _number(),
        "provincial_avg_report": _number(),
        "provincial_disputed": pa.Column(bool, coerce=True),
        "provincial_reference_type": _text(),
        "provincial_reference_independent": pa.Column("boolean", nullable=True, coerce=True),
        "gap_to_provincial_pp": _number(),
        "national_avg_reference": _number(),
        "national_avg_report": _number(),
        "national_disputed": pa.Column(bool, coerce=True),
        "national_reference_type": _text(),
        "national_reference_independent": pa.Column("boolean", nullable=True, coerce=True),
        "gap_to_national_pp": _number(),
        "benchmark_note": _text(),
        "benchmark_note_zh": _text(),
        "status": _text(False, checks=pa.Check.isin(list(STATUSES))),
        "status_basis": _text(False),
        "status_basis_zh": _text(False),
        "provisional": pa.Column(bool, coerce=True),
        "check_flags": _text(),
    }
)

FINDINGS_SCHEMA = pa.DataFrameSchema(
    {
        "report_id": _text(False),
        "task": pa.Column(int, coerce=True),
        "metric": _text(False),
        "subject": _text(),
        "check": _text(False),
        "stated": _number(),
        "recomputed": _number(),
        "difference": _number(),
        "agrees": pa.Column("boolean", nullable=True, coerce=True),
        "note": _text(False),
        "note_zh": _text(False),
        "source_line": pa.Column("Int64", nullable=True, coerce=True),
    },
    strict=True,
)


def column_kinds(columns: dict | None = None) -> dict[str, str]:
    """``float``, ``int``, ``bool`` or ``str`` for each declared column (one place for the dtypes)."""
    kinds = {}
    for name, column in (columns or TARGETS_COLUMNS).items():
        dtype = str(column.dtype)
        kinds[name] = next((k for k in ("float", "int", "bool") if dtype.startswith(k)), "str")
    return kinds


def validate(table: pd.DataFrame, schema: pa.DataFrameSchema, where: str) -> pd.DataFrame:
    """Validate ``table``; a failure becomes a ReportError that says which column broke which rule."""
    try:
        return schema.validate(table, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases
        summary = "; ".join(
            f"{row.column or 'table'}: {row.check} (e.g. {row.failure_case!r})"
            for row in cases.drop_duplicates(["column", "check"]).head(5).itertuples()
        )
        raise ReportError(where, f"table does not match its declared schema: {summary}") from exc
    except SchemaError as exc:
        raise ReportError(where, f"table does not match its declared schema: {exc}") from exc


def validate_targets(table: pd.DataFrame, where: str = "targets") -> pd.DataFrame:
    return validate(table, TARGETS_SCHEMA, where)


def validate_attainment(table: pd.DataFrame, where: str = "attainment") -> pd.DataFrame:
    return validate(table, ATTAINMENT_SCHEMA, where)


def validate_findings(table: pd.DataFrame, where: str = "findings") -> pd.DataFrame:
    return validate(table, FINDINGS_SCHEMA, where)


# --- validation where a table is read ---------------------------------------------------------------
# Every stage checks the table it reads, not only the one it writes: a table edited by hand, cut short
# or left by another version is a one-line error naming the file, before anything is computed from it.

BENCHMARKS_USED_SCHEMA = pa.DataFrameSchema(
    {
        "region": _text(False),
        "metric": _text(False),
        "value": _number(False),
        "unit": _text(),
        "basis": _text(),
        "year": pa.Column(int, coerce=True),
        "how_obtained": _text(),
        "source_url": _text(),
        "source_snippet": _text(),
        "used_for": _text(),
    },
    strict=False,
)

#: what each table read by a stage must be, and whether it may have no rows
READ_SCHEMAS: dict[str, tuple[pa.DataFrameSchema, bool]] = {
    "targets": (TARGETS_SCHEMA, False),
    "attainment": (ATTAINMENT_SCHEMA, False),
    "findings": (FINDINGS_SCHEMA, True),
    "benchmarks_used": (BENCHMARKS_USED_SCHEMA, True),
    "panel": (ATTAINMENT_SCHEMA, False),
}


def check_read(table: pd.DataFrame, kind: str, where: str | Path) -> pd.DataFrame:
    """Check a table just read against the schema of ``kind``; returns it as read (not coerced, so a
    stage sees the same values it saw before this check existed).

    Raises:
        ReportError: no rows (where rows are needed), a missing column, a value against its rule
            (a status outside the closed list, a non-number, an unsafe report id); names ``where``.
    """
    from .fileio import REPORT_ID_RE

    schema, may_be_empty = READ_SCHEMAS[kind]
    if table.empty and not may_be_empty:
        raise ReportError(where, f"{kind} table has no rows: was it cut short? (re-run the step that writes it)")
    missing = [name for name in schema.columns if name not in table.columns]
    if missing:
        shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
        raise ReportError(where, f"{kind} table lacks column(s) {shown} (re-run the step that writes it)")
    validate(table, schema, str(where))
    if "report_id" in table.columns:
        bad = sorted({str(v) for v in table["report_id"].dropna() if not REPORT_ID_RE.match(str(v))})
        if bad:
            raise ReportError(where, f"report_id {bad[0][:60]!r} cannot be a report id (lowercase ASCII, digits, -)")
    return table


def read_checked(path: str | Path, kind: str) -> pd.DataFrame:
    """Read the table at ``path`` (:func:`indicators.fileio.read_table`) and check it (:func:`check_read`)."""
    from .fileio import read_table

    schema, _ = READ_SCHEMAS[kind]
    text = [name for name, column in schema.columns.items() if str(column.dtype).startswith(("string", "str"))]
    return check_read(read_table(path, text), kind, path)
