"""Property tests: any text, or any fragment of the report, gives a valid table or a clear ReportError."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.catalogue import load_catalogue
from indicators.extract import parse_report
from indicators.fileio import ReportError, normalise_text
from indicators.schema import validate_targets

from conftest import SEED

CATALOGUE = load_catalogue()
SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")
REPORT_CHARS = sorted(set("".join(SEED_LINES[:140])))
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse_or_clear_error(text: str) -> None:
    try:
        table = parse_report(normalise_text(text), CATALOGUE, "prop")
    except ReportError as exc:
        assert exc.problem and "\n" not in exc.problem
        return
    assert isinstance(table, pd.DataFrame)
    validate_targets(table)


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_text(text):
    _parse_or_clear_error(text)


@SETTINGS
@given(st.lists(st.sampled_from(REPORT_CHARS), max_size=300).map("".join))
def test_text_made_of_the_reports_characters(text):
    _parse_or_clear_error(text)


@SETTINGS
@given(st.integers(0, 140), st.integers(1, 140), st.booleans())
def test_fragments_of_the_report(start, length, keep_title):
    lines = SEED_LINES[start : start + length]
    if keep_title:
        lines = SEED_LINES[:1] + lines
    _parse_or_clear_error("\n".join(lines))


@SETTINGS
@given(st.lists(st.integers(0, 140), min_size=1, max_size=60), st.data())
def test_report_lines_shuffled_and_cut(indices, data):
    lines = [SEED_LINES[i] for i in indices]
    cut = data.draw(st.integers(0, 20))
    text = "\n".join(SEED_LINES[:1] + [line[cut:] if i % 3 == 0 else line for i, line in enumerate(lines)])
    _parse_or_clear_error(text)
