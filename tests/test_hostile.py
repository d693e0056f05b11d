"""Hostile and broken inputs through the command line: nothing runs that shouldn't, no output lies,
every failure is one line that names the file, exits 2, and leaves the previous outputs as they were.

Each case runs ``indicators …`` on a throw-away copy of the tree: in a fresh process where the
command finds its files from the project root, in this process (quicker) where every path is given.
The slow cases (rendering a report full of payloads, ``make``, long inputs) are in
``test_hostile_slow.py``; the mutation fuzz is in ``test_hostile_fuzz.py``.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from hostile_helpers import (
    PAYLOADS,
    REPORT,
    assert_one_line_error,
    cli,
    live_payloads,
    make_tree,
    run_main,
    snapshot,
    visible_text,
)
from indicators import fileio
from indicators.bundle import load_bundle
from indicators.excel import write_workbook
from indicators.fileio import ReportError

from conftest import FIXTURES, SEED


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A tree with the 2021 report extracted, analysed and exported (Excel and PDF)."""
    tree = make_tree(tmp_path_factory.mktemp("built") / "tree")
    targets = tree / f"data/processed/{REPORT}/targets.csv"
    for args in (("extract", tree / f"data/raw/{REPORT}.txt", "--out", targets), ("analyse", targets)):
        run = run_main(*args)
        assert run.returncode == 0, run.stderr
    # what `indicators excel` does, without a process; the PDF stands in as bytes a failing run must not
    # touch (typesetting it takes seconds; test_a_year_without_reference_figures… makes real ones)
    write_workbook(load_bundle(REPORT, targets.parent), tree / f"reports/{REPORT}.xlsx")
    (tree / f"reports/{REPORT}.pdf").write_bytes(b"%PDF-1.7 the previous, good report\n")
    return tree


@pytest.fixture
def tree(built, tmp_path) -> Path:
    """A fresh copy of the built tree for one case."""
    copy = tmp_path / "tree"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def processed(tree: Path, name: str = "") -> Path:
    return tree / "data/processed" / REPORT / name


def rewrite_table(path: Path, change) -> None:
    """Edit a table as a person would: the CSV, through pandas; its Parquet copy no longer matches."""
    table = pd.read_csv(path, encoding="utf-8")
    change(table)
    table.to_csv(path, index=False, encoding="utf-8")


# --- inputs that are not regular files, too big, or damaged ---------------------------------------


@pytest.mark.slow  # a process per command
def test_fifo_as_input_is_refused_without_hanging(tree):
    fifo = tree / "data/raw/pipe.txt"
    os.mkfifo(fifo)
    start = time.monotonic()
    run = cli(tree, "extract", fifo, "--report-id", "pipe", timeout=60)
    assert time.monotonic() - start < 30
    assert "FIFO" in assert_one_line_error(run, fifo)
    assert not processed(tree).parent.joinpath("pipe").exists()


def test_dev_zero_is_refused_cleanly(tree):
    before = snapshot(tree)
    run = run_main("extract", "/dev/zero", "--report-id", "zero", "--out", tree / "out/targets.csv")
    assert "character device" in assert_one_line_error(run, "/dev/zero")
    assert snapshot(tree) == before


def test_folder_and_oversized_file_are_refused(tree):
    big = tree / "data/raw/big-2021-annual.txt"
    with open(big, "wb") as fh:  # sparse: the size is checked before anything is read
        fh.truncate(fileio.MAX_INPUT_BYTES + 1)
    out = tree / "out/targets.csv"
    assert "limit" in assert_one_line_error(run_main("extract", big, "--out", out), big)
    folder = tree / "data/raw/dir-2021-annual.txt"
    folder.mkdir()
    assert "folder" in assert_one_line_error(run_main("extract", folder, "--out", out), folder)
    assert not out.parent.exists()


def test_nul_after_the_first_4kb_is_refused_with_its_line(tree):
    raw = tree / "data/raw/nul-2021-annual.txt"
    text = SEED.read_bytes()
    cut = text.index(b"\n", 6000) + 1
    raw.write_bytes(text[:cut] + b"\x00" + text[cut:])
    err = assert_one_line_error(run_main("extract", raw, "--out", tree / "out/targets.csv"), raw)
    line = text[:cut].count(b"\n") + 1
    assert "NUL" in err and f"line {line}" in err
    assert not (tree / "out").exists()


def test_control_characters_are_stripped_with_a_warning_the_table_carries(tree):
    raw = tree / "data/raw/ctl-2021-annual.txt"
    text = SEED.read_text(encoding="utf-8")
    raw.write_text(text.replace("全市实现地区生产总值", "全市实现\x1b[31m地区\u202e生产总值\x07", 1), encoding="utf-8")
    out = tree / "data/processed/ctl-2021-annual"
    run = run_main("extract", raw, "--out", out / "targets.csv")
    assert run.returncode == 0, run.stderr
    assert "warning" in run.stderr and str(raw) in run.stderr and "control character" in run.stderr
    assert run.stderr.strip().count("\n") == 0
    table = (out / "targets.csv").read_text(encoding="utf-8")
    assert "\x1b" not in table and "\u202e" not in table and "\x07" not in table
    meta = yaml.safe_load((out / "targets.meta.yml").read_text(encoding="utf-8"))
    assert any("control character" in w for w in meta["warnings"])
    assert run_main("analyse", out / "targets.csv").returncode == 0
    analysed = yaml.safe_load((out / "attainment.meta.yml").read_text(encoding="utf-8"))
    assert any("control character" in w for w in analysed["warnings"])


# --- report ids and raw file names ----------------------------------------------------------------


@pytest.mark.parametrize("bad", ["..", "../x", "a/b", "A-B", "a b", "wuhu_2021", "-", "x" * 65, "芜湖-2021"])
def test_report_id_argument_is_checked_for_every_command(tmp_path, bad):
    # the id is checked before any path is made from it, so this runs in process without a tree
    for command in ("excel", "pdf", "render"):
        run = run_main(command, bad)
        if bad == "-":  # argparse reads it as a positional; still one line and exit 2
            assert run.returncode == 2 and run.stderr.strip().count("\n") == 0
            continue
        assert "cannot be a report id" in assert_one_line_error(run, "report id")
    run = run_main("extract", SEED, "--report-id", bad, "--out", tmp_path / "out/targets.csv")
    assert run.returncode == 2 and run.stderr.strip().count("\n") == 0 and "Traceback" not in run.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.slow  # a process per command
def test_report_id_dot_dot_through_the_console(tree):
    before = snapshot(tree)
    for args in (("extract", f"data/raw/{REPORT}.txt", "--report-id", ".."), ("pdf", "..")):
        assert_one_line_error(cli(tree, *args), "report id")
    assert snapshot(tree) == before
    assert not (tree / "data/targets.csv").exists() and not (tree / "data/processed/targets.csv").exists()


@pytest.mark.parametrize(
    "name", ["wuhu 2022 annual.txt", "芜湖-2022.txt", "Wuhu-2022.txt", "a..b.txt", "wuhu-2021-annual.old.txt"]
)
def test_raw_file_whose_name_cannot_be_an_id(tree, name):
    raw = tree / "data/raw" / name
    shutil.copy(FIXTURES / "wuhu-2022-annual.txt", raw)
    before = snapshot(tree)
    err = assert_one_line_error(run_main("extract", raw), raw)
    assert "--report-id" in err
    assert snapshot(tree) == before  # wuhu-2021-annual.old.txt never replaces the 2021 tables
    ok = run_main("extract", raw, "--report-id", "wuhu-2022-renamed", "--out", tree / "renamed/targets.csv")
    assert ok.returncode == 0, ok.stderr
    listing = run_main("ids", tree / "data/raw", "--check")
    assert listing.returncode == 2 and REPORT in listing.stdout.split() and name not in listing.stdout
    assert name in listing.stderr and listing.stderr.strip().count("\n") == 0


# --- .source.yml -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"title: [unclosed\n", "not valid YAML: line"),
        (b"title: x\n\tyear: 2021\n", "not valid YAML: line 2"),
        (b"year: abc\n", "year: 'abc' is not a year"),
        (b"title: \xff\xfe\xfa\n", "not UTF-8"),
        (b"- a\n- list\n", "not a mapping"),
        (b"", "not a mapping"),
        (b"sha256: 12345\n", "not a SHA-256"),
        (b"published: [1, 2]\n", "not a date"),
        (b"title: !!python/object/apply:os.system ['echo pwned']\n", "not valid YAML"),
    ],
)
def test_broken_source_yml_is_one_line_naming_it(tree, content, words):
    side = tree / f"data/raw/{REPORT}.source.yml"
    side.write_bytes(content)
    before = snapshot(tree)
    err = assert_one_line_error(run_main("extract", tree / f"data/raw/{REPORT}.txt", "--out", processed(tree,
                                "targets.csv")), side)
    assert words in err
    assert snapshot(tree) == before


@pytest.mark.slow  # a process per command
def test_source_yml_that_is_a_fifo_is_refused(tree):
    side = tree / f"data/raw/{REPORT}.source.yml"
    side.unlink()
    os.mkfifo(side)
    assert "FIFO" in assert_one_line_error(cli(tree, "extract", f"data/raw/{REPORT}.txt", timeout=60), side.name)


def test_checksum_that_does_not_match_is_a_carried_warning(tree):
    side = tree / f"data/raw/{REPORT}.source.yml"
    side.write_text(side.read_text(encoding="utf-8").replace("sha256: 1a", "sha256: 2a"), encoding="utf-8")
    run = run_main("extract", tree / f"data/raw/{REPORT}.txt", "--out", processed(tree, "targets.csv"))
    assert run.returncode == 0 and "sha256 does not match" in run.stderr and side.name in run.stderr
    meta = yaml.safe_load(processed(tree, "targets.meta.yml").read_text(encoding="utf-8"))
    assert any("sha256 does not match" in w for w in meta["warnings"])


# --- --out -----------------------------------------------------------------------------------------


@pytest.mark.slow  # a process per command
def test_out_refuses_symlink_fifo_folder_and_device(tree):
    victim = tree / "victim.csv"
    victim.write_text("keep me\n", encoding="utf-8")
    link = tree / "link.csv"
    link.symlink_to(victim)
    fifo = tree / "fifo.csv"
    os.mkfifo(fifo)
    folder = tree / "folder.csv"
    folder.mkdir()
    for out, kind in ((link, "symbolic link"), (fifo, "FIFO"), (folder, "folder")):
        run = run_main("extract", tree / f"data/raw/{REPORT}.txt", "--out", out)
        assert kind in assert_one_line_error(run, out)
    assert link.is_symlink() and victim.read_text(encoding="utf-8") == "keep me\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and folder.is_dir() and not any(folder.iterdir())
    with pytest.raises(ReportError, match="character device"):
        fileio.check_output("/dev/null")
    for command, suffix in (("excel", ".xlsx"), ("pdf", ".pdf")):
        fake = tree / f"dev-null{suffix}"
        os.mkfifo(fake)
        assert_one_line_error(cli(tree, command, REPORT, "--out", fake, timeout=60), fake)
        assert stat.S_ISFIFO(os.lstat(fake).st_mode)
    assert_one_line_error(cli(tree, "pdf", REPORT, "--out", "/dev/null"), "/dev/null")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.slow  # a process per command
def test_out_never_overwrites_its_own_other_output_or_an_input(tree):
    before = snapshot(tree)
    cases = [
        (("extract", f"data/raw/{REPORT}.txt", "--out", "t.parquet"), "t.parquet", "must end in .csv"),
        (("extract", f"data/raw/{REPORT}.txt", "--out", "data/reference/metrics.csv"), "metrics.csv", "input"),
        (("analyse", processed(tree, "targets.csv"), "--out", processed(tree, "targets.csv")), "targets.csv", "input"),
        (("analyse", processed(tree, "targets.csv"), "--out", processed(tree, "findings.csv")), "findings.csv",
         "another output"),
        (("excel", REPORT, "--out", f"reports/{REPORT}.pdf"), f"{REPORT}.pdf", "must end in .xlsx"),
        (("pdf", REPORT, "--out", processed(tree, "attainment.csv")), "attainment.csv", "must end in .pdf"),
        (("panel", "--out", processed(tree, "attainment.csv")), "attainment.csv", "input"),
    ]
    metrics = (tree / "data/reference/metrics.csv").read_bytes()
    for args, name, words in cases:
        assert words in assert_one_line_error(cli(tree, *args), name), args
    assert snapshot(tree) == before
    assert (tree / "data/reference/metrics.csv").read_bytes() == metrics
    assert not (tree / "t.parquet").exists() and not (tree / "t.csv").exists()


@pytest.mark.slow  # a process per command
def test_render_out_that_is_not_a_folder_is_refused(tree):
    target = tree / "elsewhere"
    target.mkdir()
    link = tree / "reports/link"
    link.symlink_to(target)
    assert "not a folder" in assert_one_line_error(cli(tree, "render", REPORT, "--out", link), link)
    assert not any(target.iterdir())


# --- tables read by each stage ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (lambda p: p.write_bytes(b""), "empty"),
        (lambda p: p.write_text(p.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8"), "no rows"),
        (lambda p: rewrite_table(p, lambda t: t.pop("metric")), "lacks column(s) metric"),
        (lambda p: rewrite_table(p, lambda t: t.__setitem__("task", "abc")), "task"),
        (lambda p: p.write_bytes("任务,指标\n1,\xff".encode("gb18030") + b"\xff\xfe"), "UTF-8"),
        (lambda p: rewrite_table(p, lambda t: t.__setitem__("report_id", "..")), "report id"),
    ],
)
def test_broken_targets_table_for_analyse(tree, damage, words):
    targets = processed(tree, "targets.csv")
    damage(targets)
    before = snapshot(tree)
    assert words in assert_one_line_error(run_main("analyse", targets), targets)
    assert snapshot(tree) == before


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (lambda t: t.pop("status"), "lacks column(s) status"),
        (lambda t: t.__setitem__("status", t["status"].where(t.index != 3, "bogus")), "'bogus'"),
        (lambda t: t.__setitem__("status", t["status"].where(t.index != 3, None)), "status"),
        (lambda t: t.__setitem__("actual_value", t["actual_value"].astype(object).where(t.index != 2, "abc")),
         "actual_value"),
    ],
)
@pytest.mark.slow  # a process per command
def test_broken_attainment_table_for_every_export(tree, damage, words):
    attainment = processed(tree, "attainment.csv")
    rewrite_table(attainment, damage)
    before = snapshot(tree)
    commands = [("excel", REPORT), ("pdf", REPORT)]
    if words in ("'bogus'", "lacks column(s) status"):  # the cases of the issue: every reader
        commands += [("render", REPORT), ("panel",)]
    for args in commands:
        err = assert_one_line_error(cli(tree, *args), attainment.relative_to(tree))
        assert words in err, args
    assert snapshot(tree) == before


@pytest.mark.slow  # a process per command
def test_header_only_attainment_and_broken_findings_and_meta(tree):
    attainment = processed(tree, "attainment.csv")
    original = attainment.read_bytes()
    attainment.write_text(original.decode("utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert "no rows" in assert_one_line_error(cli(tree, "pdf", REPORT), "attainment.csv")
    attainment.write_bytes(original)
    findings = processed(tree, "findings.csv")
    rewrite_table(findings, lambda t: t.pop("check"))
    assert "check" in assert_one_line_error(cli(tree, "excel", REPORT), "findings.csv")
    findings.write_text("report_id,task\n", encoding="utf-8")
    assert_one_line_error(cli(tree, "pdf", REPORT), "findings.csv")
    meta = processed(tree, "attainment.meta.yml")
    meta.write_text("title: [broken\n", encoding="utf-8")
    assert "not valid YAML" in assert_one_line_error(cli(tree, "render", REPORT), "attainment.meta.yml")


def test_an_edit_to_the_csv_is_never_hidden_by_the_parquet_copy(tmp_path):
    csv = tmp_path / "t.csv"
    fileio.write_table(pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}), csv)
    assert fileio.read_table(csv).a.tolist() == [1, 2]
    csv.write_text("a,b\n7,x\n8,y\n", encoding="utf-8")  # within the same second as the write
    os.utime(csv.with_suffix(".parquet"))  # even when the Parquet copy looks newer
    assert fileio.read_table(csv).a.tolist() == [7, 8]
    csv.unlink()
    assert fileio.read_table(csv).a.tolist() == [1, 2]  # without a CSV the Parquet copy is the table
    csv.with_suffix(".parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(ReportError, match="t.parquet: is not a readable Parquet"):
        fileio.read_table(csv)


def test_analyse_reads_the_edited_csv(tree):
    targets = processed(tree, "targets.csv")
    rewrite_table(targets, lambda t: t.__setitem__("actual_value", t["actual_value"].where(t.task != 1, 1.0)))
    assert run_main("analyse", targets).returncode == 0
    table = pd.read_csv(processed(tree, "attainment.csv"))
    assert table[(table.task == 1) & table.is_headline].status.item() == "missed"


# --- reference files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "damage", "words"),
    [
        ("regions.csv", Path.unlink, "regions file not found"),
        ("regions.csv", lambda p: p.write_bytes(b""), "regions file is empty"),
        ("regions.csv", lambda p: p.write_text("city_zh,city_id,province_id\n", encoding="utf-8"), "no rows"),
        ("regions.csv", lambda p: p.write_text("city,x\n芜湖,1\n", encoding="utf-8"), "lacks columns"),
        ("benchmarks-2021.csv", lambda p: [f.unlink() for f in p.parent.glob("benchmarks-*.csv")],
         "no reference figures"),
        ("benchmarks-2021.csv", lambda p: p.write_bytes(b""), "benchmark file is empty"),
        ("benchmarks-2021.csv", lambda p: p.write_text(p.read_text(encoding="utf-8").splitlines()[0] + "\n",
                                                       encoding="utf-8"), "no rows"),
        ("benchmarks-2021.csv", lambda p: p.write_text("region,metric\nanhui,x\n", encoding="utf-8"), "lacks"),
    ],
)
@pytest.mark.slow  # a process per command
def test_missing_or_empty_reference_files_are_errors(tree, name, damage, words):
    reference = tree / "data/reference" / name
    damage(reference)
    before = snapshot(tree)
    run = cli(tree, "analyse", processed(tree, "targets.csv"))
    shown = "benchmarks-*.csv" if words == "no reference figures" else name
    assert words in assert_one_line_error(run, shown)
    assert snapshot(tree) == before


@pytest.mark.slow  # a process per command
def test_a_year_without_reference_figures_is_a_warning_every_output_carries(tree):
    raw = tree / "data/raw/wuhu-2022-annual.txt"
    targets = tree / "data/processed/wuhu-2022-annual/targets.csv"
    (tree / "data/reference/benchmarks-2022.csv").unlink()  # a year the reference does not cover yet
    for args in (("extract", raw, "--out", targets), ("analyse", targets)):
        run = cli(tree, *args)  # a process of its own: the reference folder is the tree's
        assert run.returncode == 0, run.stderr
    assert "no reference figures for 2022" in run.stderr and "targets.csv" in run.stderr
    meta = yaml.safe_load((tree / "data/processed/wuhu-2022-annual/attainment.meta.yml").read_text(encoding="utf-8"))
    assert any("no reference figures for 2022" in w for w in meta["warnings"])
    assert cli(tree, "excel", "wuhu-2022-annual").returncode == 0
    assert cli(tree, "pdf", "wuhu-2022-annual", "--lang", "en").returncode == 0
    from openpyxl import load_workbook
    from pypdf import PdfReader

    notes = load_workbook(tree / "reports/wuhu-2022-annual.xlsx")["说明"]  # the zh edition's Notes sheet
    assert any("no reference figures for 2022" in str(c.value) for row in notes.iter_rows() for c in row)
    pdf_text = "".join(page.extract_text() for page in PdfReader(tree / "reports/wuhu-2022-annual.pdf").pages)
    assert "no reference figures for 2022" in " ".join(pdf_text.split())


# --- one writer at a time, stale temporary files, a full disk --------------------------------------


def test_a_second_writer_waits_for_the_first(tmp_path):
    out = tmp_path / "out.csv"
    said: list[str] = []
    order: list[str] = []
    with fileio.output_lock([out]):
        with pytest.raises(ReportError, match="held this lock"), fileio.output_lock([out], 0.3, said.append):
            pass

        def second():
            with fileio.output_lock([out], timeout=30, say=said.append):
                order.append("second")

        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)
        order.append("first done")
    thread.join(10)
    assert order == ["first done", "second"]
    assert any("waiting for another run" in s and str(out) in s for s in said)
    assert not list(tmp_path.iterdir())  # the lock lives outside the output folder


def test_stale_tmp_files_are_removed_when_the_lock_is_taken(tree):
    stale = processed(tree, ".targets.csv.k1ll3d.tmp")
    stale.write_bytes(b"half")
    other = processed(tree, ".unrelated.tmp")
    other.write_bytes(b"not ours")
    assert run_main("extract", tree / f"data/raw/{REPORT}.txt", "--out", processed(tree, "targets.csv")).returncode == 0
    assert not stale.exists() and other.exists()


def test_a_full_disk_keeps_the_previous_file_and_says_so(tmp_path):
    out = tmp_path / "t.csv"
    out.write_text("previous\n", encoding="utf-8")

    def full(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(ReportError) as caught:
        fileio.write_with_atomic(out, full)
    assert "disk is full" in str(caught.value) and str(out) in str(caught.value) and "\n" not in str(caught.value)
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]
    with pytest.raises(ReportError, match="empty file"):
        fileio.write_with_atomic(out, lambda tmp: None)
    assert out.read_text(encoding="utf-8") == "previous\n"


# --- every command, every error: one line -----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("analyse", "--tolerance-pp", "nan"),
        ("analyse", "--tolerance-pp", "-1"),
        ("render", REPORT, "--workers", "0"),
        ("excel", REPORT, "--lang", "fr"),
        ("nonsense",),
        ("extract",),
        ("--help-me",),
    ],
)
def test_bad_options_are_one_line(args):
    run = run_main(*args)  # refused before any file is touched
    assert run.returncode == 2 and run.stderr.strip().count("\n") == 0 and "Traceback" not in run.stderr, run.stderr


@pytest.mark.slow  # a process per command
def test_missing_tables_for_every_command(tmp_path):
    empty = make_tree(tmp_path / "empty")
    for args, name in (
        (("analyse",), "data/processed"),
        (("excel", REPORT), "attainment.csv"),
        (("pdf", REPORT), "attainment.csv"),
        (("render", REPORT), "targets.csv"),
        (("panel",), "data/processed"),
        (("render-panel",), "panel.csv"),
    ):
        assert_one_line_error(cli(empty, *args), name)


# --- text from documents in HTML ----------------------------------------------------------------------


def _markdown_html(markdown: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(markdown)  # what the HTML exporter does with a Markdown output


def test_the_live_html_check_finds_live_payloads():
    page = "<p>" + " ".join(PAYLOADS) + "</p>"
    assert len(live_payloads(page)) >= 8
    assert live_payloads(_markdown_html(" ".join(PAYLOADS)))  # Markdown passes raw HTML and links through


@pytest.mark.parametrize("payload", PAYLOADS)
def test_md_text_keeps_every_payload_text(payload):
    from indicators.notebook import md_text

    page = _markdown_html(f"**Title** {md_text(payload)} · > quoted {md_text('*' + payload + '*')}")
    assert live_payloads(page) == []
    assert payload in visible_text(page)


def test_tables_and_quotes_of_a_hostile_row_stay_text(seed_table):
    from indicators import notebook as nbk

    table = seed_table.copy()
    for n, column in enumerate(("indicator_zh", "target_text", "source_text", "lead_units", "co_units")):
        table[column] = table[column].fillna("").astype(str) + PAYLOADS[n] + PAYLOADS[n + 6]
    row = table[table.is_headline].iloc[0]
    pages = {
        "summary": nbk.style_summary(nbk.headline_summary(table)).to_html(),
        "summary en": nbk.style_summary(nbk.headline_summary(table, "en"), "en").to_html(),
        "facts": nbk.style_facts(nbk.indicator_facts(row)).to_html(),
        "sources": nbk.safe_style(nbk.source_lines(table)).to_html(),
        "quote": _markdown_html(nbk.source_markdown(row, table)),
        "warnings": _markdown_html(nbk.warnings_markdown({"warnings": list(PAYLOADS)})),
        "header": nbk.safe_style(pd.DataFrame({PAYLOADS[0]: [1]}, index=[PAYLOADS[1]])).to_html(),
    }
    for name, page in pages.items():
        assert live_payloads(page) == [], name
    assert PAYLOADS[0] in visible_text(pages["summary"]) and PAYLOADS[1] in visible_text(pages["quote"])


def test_with_csp_puts_the_policy_first_in_the_head():
    from html.parser import HTMLParser

    from indicators.notebook import CONTENT_SECURITY_POLICY, with_csp

    page = with_csp("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>t</title></head><body>x</body></html>")
    seen: list[tuple[str, dict]] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            seen.append((tag, dict(attrs)))

    Tags().feed(page)
    assert [t for t, _ in seen[:3]] == ["html", "head", "meta"]
    assert seen[2][1] == {"http-equiv": "Content-Security-Policy", "content": CONTENT_SECURITY_POLICY}
    assert "script-src" not in CONTENT_SECURITY_POLICY and "default-src 'none'" in CONTENT_SECURITY_POLICY
