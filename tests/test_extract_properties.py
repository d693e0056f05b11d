"""Properties: any text gives a valid table or a one-line ReportError, never a crash; and broken pieces of
real reports (cut, shuffled, characters dropped, tables cut) still give tables most of the time.

The second kind is what a scheduled job meets: a page recovered only in part. Inputs are built from the
seed and the corpus of real reports, so they reach the readers and the alignment rather than stopping at
the first check.
"""

from __future__ import annotations

import random
from pathlib import Path

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
CORPUS = sorted((Path(__file__).resolve().parent / "fixtures" / "corpus" / "docs").glob("*.txt"))
CORPUS_LINES = [p.read_text(encoding="utf-8").split("\n") for p in CORPUS]
REPORT_CHARS = sorted(set("".join(SEED_LINES[:140])))
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse(text: str) -> pd.DataFrame | None:
    """The table, or None after a clear error; anything else fails the test."""
    try:
        table = parse_report(normalise_text(text), CATALOGUE, "prop")
    except ReportError as exc:
        assert exc.problem and "\n" not in exc.problem
        return None
    validate_targets(table)
    return table


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_text(text):
    _parse(text)


@SETTINGS
@given(st.lists(st.sampled_from(REPORT_CHARS), max_size=300).map("".join))
def test_text_made_of_the_reports_characters(text):
    _parse(text)


@SETTINGS
@given(st.integers(0, len(CORPUS) - 1), st.integers(0, 60), st.integers(1, 80), st.data())
def test_corpus_fragments_never_crash(doc, start, length, data):
    lines = CORPUS_LINES[doc][start : start + length]
    cut = data.draw(st.integers(0, 30))
    _parse("\n".join(line[cut:] if i % 4 == 1 else line for i, line in enumerate(lines)))


# --- most broken pieces still give a table --------------------------------------------------------------


def _drop_characters(text: str, rng: random.Random, share: float) -> str:
    return "".join(ch for ch in text if ch == "\n" or rng.random() > share)


def _share_with_tables(texts: list[str]) -> float:
    tables = [_parse(t) for t in texts]
    return sum(1 for t in tables if t is not None and len(t)) / len(texts)


def test_cut_seed_pages_give_tables():
    rng = random.Random(7)
    texts = []
    for _ in range(40):
        end = rng.randint(8, 200)
        texts.append("\n".join(SEED_LINES[: end]))  # a page recovered only up to some line
    assert _share_with_tables(texts) >= 0.9


def test_shuffled_seed_blocks_give_the_same_figures():
    body = "\n".join(SEED_LINES[4:96]).split("\n\n牵头")
    rng = random.Random(3)
    reference = _parse("\n".join(SEED_LINES[:96]))
    for _ in range(5):
        rng.shuffle(body)
        table = _parse("\n".join(SEED_LINES[:4]) + "\n" + "\n\n牵头".join(body))
        assert table is not None
        figures = {round(v, 6) for v in table.actual_value.dropna()}
        assert figures <= {round(v, 6) for v in reference.actual_value.dropna()}
        assert len(figures) >= 0.7 * reference.actual_value.nunique()


def test_corpus_with_characters_dropped_gives_tables():
    rng = random.Random(11)
    texts = [_drop_characters("\n".join(lines), rng, 0.01) for lines in CORPUS_LINES for _ in range(3)]
    assert _share_with_tables(texts) >= 0.9


def test_corpus_cut_anywhere_gives_tables():
    rng = random.Random(5)
    texts = []
    for lines in CORPUS_LINES:
        text = "\n".join(lines)
        for _ in range(3):
            texts.append(text[: rng.randint(len(text) * 3 // 5, len(text))])  # cut mid-table, mid-sentence
    assert _share_with_tables(texts) >= 0.85


def test_corpus_paragraphs_shuffled_give_tables():
    rng = random.Random(9)
    texts = []
    for lines in CORPUS_LINES:
        body = [line for line in lines if line.strip()]
        head, rest = body[:3], body[3:]
        rng.shuffle(rest)
        texts.append("\n".join(head + rest))
    assert _share_with_tables(texts) >= 0.75
