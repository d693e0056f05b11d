"""The corpus of real reports of the genre (tests/fixtures/corpus) and reports composed for the tests
(tests/fixtures/composed, composed-2 … composed-8): the extractor against truth tables written by hand,
with the scoring of ``tests/fixtures/corpus/score.py``, in process.

This is the project's measure of reach across the genre: it fails when pairs recall drops below 90% or
precision below 95%, when a document is refused that holds figures, or when one crashes.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from indicators.extract import read_report
from indicators.fileio import ReportError, read_report_text
from indicators.schema import validate_targets

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = FIXTURES / "corpus"
COMPOSED_SETS = [FIXTURES / f"composed{suffix}" for suffix in ("", "-2", "-3", "-4", "-5", "-6", "-7", "-8")]
_spec = importlib.util.spec_from_file_location("corpus_score", CORPUS / "score.py")
score = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score)

NAMES = sorted(p.stem for p in (CORPUS / "truth").glob("*.csv"))
MIN_PAIRS_RECALL = 0.90
MIN_PRECISION = 0.95


def _as_cells(table) -> list[dict]:
    """The table as the scorer reads a CSV: every value a string, missing ones empty."""
    out = []
    for record in table.astype(object).to_dict("records"):
        out.append({k: "" if v is None or (isinstance(v, float) and v != v) else str(v) for k, v in record.items()})
    return out


def _score_all(folder: Path, names: list[str], catalogue) -> dict[str, tuple]:
    found = {}
    for name in names:
        truth = score.read_rows(folder / "truth" / f"{name}.csv")
        try:
            extraction = read_report(read_report_text(folder / "docs" / f"{name}.txt"), catalogue, name)
        except ReportError as exc:
            found[name] = ("refused", exc.problem, score.score_doc([], truth), None)
            continue
        validate_targets(extraction.table, name)
        found[name] = ("ok", "", score.score_doc(_as_cells(extraction.table), truth), extraction)
    return found


def _recall_and_precision(found: dict[str, tuple]) -> tuple[float, float, str]:
    totals = [0, 0, 0, 0]  # pairs found, pairs, right, output pairs
    for _state, _why, (hp, np_, _ha, _na, right, out, _missed), _ in found.values():
        for i, v in enumerate((hp, np_, right, out)):
            totals[i] += v
    said = f"pairs {totals[0]}/{totals[1]}, precision {totals[2]}/{totals[3]}"
    return totals[0] / totals[1], totals[2] / totals[3], said


@pytest.fixture(scope="module")
def results(catalogue) -> dict[str, tuple]:
    return _score_all(CORPUS, NAMES, catalogue)


@pytest.fixture(scope="module", params=COMPOSED_SETS, ids=lambda folder: folder.name)
def composed(request, catalogue) -> dict[str, tuple]:
    names = sorted(p.stem for p in (request.param / "truth").glob("*.csv"))
    return _score_all(request.param, names, catalogue)


def test_corpus_is_complete():
    index = list(csv.DictReader((CORPUS / "index.csv").open(encoding="utf-8")))
    assert {row["name"] for row in index} == set(NAMES) and len(NAMES) >= 16
    assert {row["layout"] for row in index} >= {"narrative", "news", "cell-table", "pipe-table", "plan-table"}


def test_pairs_recall_and_precision(results):
    recall, precision, said = _recall_and_precision(results)
    assert recall >= MIN_PAIRS_RECALL and precision >= MIN_PRECISION, said


def test_composed_reports(composed):
    recall, precision, said = _recall_and_precision(composed)
    assert recall >= MIN_PAIRS_RECALL and precision >= MIN_PRECISION, said
    refused = {name for name, (state, *_rest) in composed.items() if state == "refused"}
    without_figures = {name for name, (_s, _w, scores, _e) in composed.items() if scores[1] == 0 and scores[3] == 0}
    assert refused == without_figures  # refused: the texts whose truth holds no figure, and only those


@pytest.mark.parametrize("name", NAMES)
def test_every_document_with_figures_gives_a_table(results, name):
    state, why, *_ = results[name]
    assert state == "ok", f"{name} refused: {why}"


def test_mentions_say_what_was_read_and_where_it_went(results):
    for name, (_state, _why, _scores, extraction) in results.items():
        mentions = extraction.mentions
        assert len(mentions) > 0, name
        placed = mentions[mentions.placed]
        assert placed.placed_as.str.match(r"^(target|actual|completion|target_gap|provincial_avg|provincial_gap|"
                                          r"national_avg|national_gap|rank):").all(), name
        # every figure of the table is a mention that was placed, on the line the table says
        table = extraction.table
        for row in table[table.actual_value.notna()].itertuples():
            on_line = placed[(placed.line == row.source_line) & placed.placed_as.str.startswith("actual")]
            assert len(on_line), (name, row.subject)
        coverage = extraction.coverage
        assert coverage["quantities_read"] == len(mentions) and coverage["quantities_placed"] == len(placed)
