"""Helpers the extraction tests share: a report written line by line read into a checked table, and its
pairs, rows and empty cells."""

from __future__ import annotations

import math

from indicators.extract import parse_report
from indicators.schema import validate_targets


def table_of(*lines: str):
    """The targets table of a report given line by line, checked against the schema."""
    table = parse_report("\n".join(lines))
    validate_targets(table)
    return table


def pair_values(table) -> set[tuple]:
    """Every (target, actual) pair of the table, rounded to 6 places."""
    rows = table[table.target_value.notna() & table.actual_value.notna()]
    return {(round(r.target_value, 6), round(r.actual_value, 6)) for r in rows.itertuples()}


def row_with_target(table, target):
    """The one row whose target is ``target``."""
    rows = table[table.target_value.round(6) == target]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
