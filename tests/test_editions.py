"""Both editions of every output, over the 2021 and 2022 Wuhu reports (slow): each in its own language, and
one row's figures the same string in the HTML pages, the workbook and the PDF."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from edition_text import html_texts, pdf_texts, problems, workbook_texts
from indicators.bundle import load_bundle
from indicators.excel import SHEET_NAMES, write_workbook
from indicators.labels import column_label
from indicators.panel import run_panel
from indicators.pdf import write_pdf
from indicators.pipeline import run_analyse, run_extract
from indicators.present import (
    actual_text,
    average_gap_text,
    gap_decimals,
    gap_unit,
    measure_text,
    number_format,
    target_text,
)
from indicators.render import render_panel, render_report

from conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("editions")]
REPORTS = ("wuhu-2021-annual", "wuhu-2022-annual")
LANGS = ("zh", "en")


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """Every output of both reports in both editions: ``root / f"reports-{lang}"``."""
    root = tmp_path_factory.mktemp("editions")
    for folder in ("data/raw", "data/reference", "notebooks", "docs"):
        shutil.copytree(ROOT / folder, root / folder)
    previous = os.environ.get("INDICATORS_ROOT")
    os.environ["INDICATORS_ROOT"] = str(root)  # the kernels inherit it
    try:
        for report in REPORTS:
            targets = run_extract(root / "data/raw" / f"{report}.txt", root / "data/processed" / report / "targets.csv")
            run_analyse(targets, benchmarks_dir=root / "data/reference")
        run_panel(root / "data/processed")
        for lang in LANGS:
            out = root / f"reports-{lang}"
            for report in REPORTS:
                render_report(report, out / report, lang=lang, workers=2, log=lambda *_: None)
                write_workbook(load_bundle(report), out / f"{report}.xlsx", lang)
                write_pdf(load_bundle(report), out / f"{report}.pdf", lang)
            render_panel(lang, out / "panel", log=lambda *_: None)
        yield root
    finally:
        if previous is None:
            os.environ.pop("INDICATORS_ROOT", None)
        else:
            os.environ["INDICATORS_ROOT"] = previous


def _source_words(root: Path) -> list[str]:
    """The sources' own metadata (titles, publishers), shown as received."""
    words = []
    for report in REPORTS:
        meta = load_bundle(report).meta
        words += [str(meta[k]) for k in ("title", "publisher") if meta.get(k)]
    return sorted(set(words), key=len, reverse=True)


def _without(texts, words: list[str]):
    for text in texts:
        for word in words:
            text = text.replace(word, " ")
        yield text


@pytest.mark.parametrize("lang", LANGS)
def test_every_text_of_an_edition_is_in_its_language(editions, lang):
    out = editions / f"reports-{lang}"
    source = _source_words(editions)
    found = []
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 40 and (out / "index.html").exists()
    for page in pages:
        found += problems(_without(html_texts(page), source), lang, str(page.relative_to(out)))
    for report in REPORTS:
        found += problems(_without(workbook_texts(out / f"{report}.xlsx"), source), lang, f"{report}.xlsx")
        found += problems(_without(pdf_texts(out / f"{report}.pdf"), source), lang, f"{report}.pdf")
    assert not found, f"{len(found)} problems, e.g.\n" + "\n".join(found[:25])


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("report", REPORTS)
def test_a_row_reads_the_same_in_every_output(editions, lang, report):
    out = editions / f"reports-{lang}"
    table = load_bundle(report).attainment
    rows = table[table["is_headline"].astype(bool)].to_dict("records")
    page = _squeeze("".join(html_texts(out / report / "20-attainment.html")))
    pdf = _squeeze("".join(pdf_texts(out / f"{report}.pdf")))
    ws = openpyxl.load_workbook(out / f"{report}.xlsx")[SHEET_NAMES[lang][0]]
    header = [c.value for c in ws[3]]
    cells = {r[0].value: {h: c for h, c in zip(header, r, strict=True)} for r in ws.iter_rows(min_row=4) if r[0].value}
    for row in rows:
        shown = {
            "target": target_text(row, lang),
            "actual": actual_text(row, lang),
            "measure": measure_text(row, lang),
            "province": average_gap_text(row, "provincial", lang),
        }
        book = cells[row["task"]]
        assert book[column_label("target", lang)].value == shown["target"], (row["task"], shown["target"])
        assert book[column_label("actual", lang)].value == shown["actual"], (row["task"], shown["actual"])
        for key, text in shown.items():
            if not text or text == "—":
                continue
            assert _squeeze(text) in page, (report, lang, row["task"], key, text)
            if key != "province":  # the PDF's summary page gives the gap to the province with the average
                assert _squeeze(text) in pdf, (report, lang, row["task"], key, text)
        # a number the workbook keeps as a number shows with the same rounding and unit
        gap = [c for h, c in book.items() if h in ("与目标差距(目标单位)", "Gap to target (target unit)")][0]
        if gap.value is not None:
            unit = row.get("target_unit") if isinstance(row.get("target_unit"), str) else row.get("actual_unit")
            assert gap.number_format == number_format(gap_decimals(row), gap_unit(unit), lang, signed=True)
