"""Command line: ``indicators extract|analyse|benchmarks|excel|pdf|render|pool|panel|render-panel|ids|bench-extract``.

Errors in the input are told in one line naming the file and the problem (exit status 2), never
as a traceback; nothing is written when a step fails. Every command checks what it is given before
it starts: report ids (``[a-z0-9-]``, no ``..``), ``--out`` paths (a regular file or nothing, never an
input or another output), the tables it reads (against their declared schemas). A step that writes
holds a lock on its output, so two runs in one tree take turns instead of breaking each other.
Each command imports what it needs when it runs, so ``indicators --help`` never loads pandas.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import math
import os
import signal
import stat
import sys
import threading
import time
from pathlib import Path

from .fileio import ReportError, check_report_id  # no pandas: fileio imports it where a table is read

EXIT_INPUT_ERROR = 2
EXIT_FAILURE = 1
EXIT_INTERRUPTED = 130
#: a message is cut at this length (a hostile input can make a long one)
MESSAGE_LIMIT = 600


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line too (exit status 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        _say(f"{self.prog}: error: {message} (see {self.prog} --help)")
        raise SystemExit(EXIT_INPUT_ERROR)


def _one_line(text: str) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= MESSAGE_LIMIT else line[: MESSAGE_LIMIT - 1] + "…"


def _say(text: str) -> None:
    print(_one_line(text), file=sys.stderr, flush=True)


class _WarningLine(logging.Handler):
    """Warnings of the package as one line each on stderr: ``indicators <command>: warning: <file>: …``."""

    def __init__(self, command: str) -> None:
        super().__init__(logging.WARNING)
        self.command = command

    def emit(self, record: logging.LogRecord) -> None:
        _say(f"indicators {self.command}: warning: {record.getMessage()}")


def _report_id(value: str) -> str:
    return check_report_id(value, "report id argument")


def _cmd_ids_name_ok(name: str) -> bool:
    from .fileio import REPORT_ID_RE

    stem = name.rpartition(".")[0]
    return bool(REPORT_ID_RE.match(stem)) and len(stem) <= 64


def _tolerance(value: float, option: str) -> float:
    if not math.isfinite(value) or value < 0:
        raise ReportError(option, f"{value!r} is not a tolerance: give a number ≥ 0")
    return value


def _bundle_inputs(report_id: str) -> list[Path]:
    from .bundle import bundle_paths
    from .fileio import table_paths

    paths = bundle_paths(report_id)
    return [*table_paths(paths["attainment"]), paths["findings"], paths["benchmarks"], paths["meta"]]


def _export_out(args: argparse.Namespace, suffix: str) -> Path:
    """The checked ``--out`` of an export: the right suffix, a regular file or nothing, not an input."""
    from .fileio import check_output
    from .paths import REPORTS

    out = Path(args.out) if args.out else REPORTS / f"{args.report_id}{suffix}"
    if out.suffix.lower() != suffix:
        raise ReportError(out, f"the output of `indicators {args.command}` must end in {suffix}")
    return check_output(out, _bundle_inputs(args.report_id))


def _out_folder(path: Path) -> Path:
    """An output folder may be a real folder or nothing (never a symlink, a file, a device)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return path
    if not stat.S_ISDIR(mode):
        raise ReportError(path, "exists and is not a folder (or is a symbolic link): refusing to write into it")
    return path


def _cmd_extract(args: argparse.Namespace) -> None:
    from .fileio import check_table_output, output_lock, read_table, report_id_of, table_paths, write_table
    from .panel import expand_sources
    from .paths import DATA_PROCESSED, processed_dir
    from .pipeline import coverage_line, run_extract

    sources = expand_sources(args.sources)
    several = len(sources) > 1
    if several and args.report_id:
        raise ValueError("--report-id names one report; it cannot be used with several sources")
    if args.report_id:
        _report_id(args.report_id)
    if args.out:
        check_table_output(args.out)
    written = []
    for source in sources:
        report_id = _report_id(args.report_id) if args.report_id else report_id_of(source)
        out = Path(args.out) if args.out and not several else processed_dir(report_id) / "targets.csv"
        with output_lock([*table_paths(out), out.with_name(out.stem + ".meta.yml")]):
            out = run_extract(source, out, report_id, args.year, args.period, args.city)
        written.append(out)
        print(f"wrote {out} and {out.with_suffix('.parquet').name}: {coverage_line(out)}")
    if several:
        import pandas as pd

        from .fileio import check_outputs

        panel = pd.concat([read_table(path) for path in written], ignore_index=True)
        out = Path(args.out) if args.out else DATA_PROCESSED / "targets_panel.csv"
        check_outputs(table_paths(out), [*written, *sources])
        with output_lock(table_paths(out)):
            write_table(panel, out)
        print(f"wrote {out}: {len(written)} reports, {len(panel)} rows keyed by report_id")


def _cmd_analyse(args: argparse.Namespace) -> int:
    from .bundle import bundle_paths
    from .fileio import check_table_output, output_lock, table_paths
    from .paths import DATA_PROCESSED
    from .pipeline import run_analyse

    _tolerance(args.tolerance_pp, "--tolerance-pp")
    _tolerance(args.tolerance_rel, "--tolerance-rel")
    tables = [Path(args.table)] if args.table else sorted(DATA_PROCESSED.glob("*/targets.csv"))
    if not tables:
        raise ReportError(DATA_PROCESSED, "no targets table to analyse: run `indicators extract` first")
    if args.out and len(tables) > 1:
        raise ValueError("--out names one table; give the targets table to analyse as well")
    if args.out:
        check_table_output(args.out)
    failed = 0
    for table in tables:
        out = Path(args.out) if args.out else table.with_name("attainment.csv")
        paths = bundle_paths(table.parent.name, out.parent)
        outputs = [*table_paths(out), paths["findings"], paths["benchmarks"], out.with_name("attainment.meta.yml")]
        try:
            with output_lock(outputs):
                out = run_analyse(table, out, args.tolerance_pp, args.tolerance_rel, args.province)
        except ReportError as exc:
            if len(tables) == 1:
                raise
            _say(f"indicators analyse: error: {exc}")  # the other reports are still analysed
            failed += 1
            continue
        print(f"wrote {out}, findings.csv, benchmarks_used.csv and attainment.meta.yml")
    return EXIT_INPUT_ERROR if failed else 0


def _cmd_benchmarks(args: argparse.Namespace) -> None:
    from .paths import DATA_REFERENCE
    from .releases import read_sources, write_benchmarks

    table, notes = read_sources(args.sources, args.year)
    for note in notes:
        print(f"indicators benchmarks: {note}", file=sys.stderr)
    if table.empty:
        raise ValueError("no reference figure read from the sources")
    for path in write_benchmarks(table, Path(args.out) if args.out else DATA_REFERENCE, args.force):
        year = int(path.stem.rsplit("-", 1)[1])
        rows = table[table.year == year]
        print(f"wrote {path}: {len(rows)} figures ({', '.join(sorted(set(rows.region)))}) "
              f"from {rows.source_file.nunique()} sources")


def _cmd_excel(args: argparse.Namespace) -> None:
    from .bundle import load_bundle
    from .excel import write_workbook
    from .fileio import output_lock

    _report_id(args.report_id)
    out = _export_out(args, ".xlsx")
    bundle = load_bundle(args.report_id)
    with output_lock([out]):
        write_workbook(bundle, out, args.lang)
    print(f"wrote {out}")


def _cmd_pdf(args: argparse.Namespace) -> None:
    from .bundle import load_bundle
    from .fileio import output_lock
    from .pdf import write_pdf

    _report_id(args.report_id)
    out = _export_out(args, ".pdf")
    bundle = load_bundle(args.report_id)
    with output_lock([out]):
        write_pdf(bundle, out, args.lang)
    print(f"wrote {out}")


def check_render_inputs(report_id: str) -> None:
    """Read and check every table the notebooks of ``report_id`` will read, before any kernel starts.

    A broken table is then one line naming it (exit status 2), not a failed notebook.
    """
    from .bundle import load_bundle
    from .paths import processed_dir
    from .schema import read_checked

    read_checked(processed_dir(report_id) / "targets.csv", "targets")
    load_bundle(report_id)


def _cmd_render(args: argparse.Namespace) -> None:
    from . import pool
    from .fileio import output_lock
    from .paths import REPORTS

    # (a tolerance the notebooks cannot use fails them, in words: see notebook.check_params)
    if args.workers is not None and args.workers < 1:
        raise ReportError("--workers", f"{args.workers} is not a number of workers: give 1 or more")
    if args.all:
        if args.report_id or args.out:
            raise ValueError("--all renders every analysed report into reports/; give no report id or --out")
        _render_all(args)
        return
    if not args.report_id:
        raise ValueError("give a report id (e.g. wuhu-2021-annual), or --all")
    _report_id(args.report_id)
    folder = _out_folder(Path(args.out) if args.out else REPORTS / args.report_id)
    check_render_inputs(args.report_id)
    start = time.perf_counter()
    out = str(Path(args.out).resolve()) if args.out else None
    with output_lock([folder]):
        answer = pool.request(
            "report", report_id=args.report_id, lang=args.lang, tolerance_pp=args.tolerance_pp, out=out
        )
        if answer is None:  # no pool around: one of our own, for this report
            from .render import Progress, render_report

            progress = Progress()
            try:
                written = len(
                    render_report(
                        args.report_id, out and Path(out), args.lang, args.tolerance_pp, args.workers, progress=progress
                    )
                )
            finally:
                progress.close()
        elif not answer.get("ok"):
            raise RuntimeError(answer.get("error", "render failed"))
        else:
            written = answer["written"]
    print(f"rendered {written} notebooks for {args.report_id} in {time.perf_counter() - start:.1f} s")


def _render_all(args: argparse.Namespace) -> None:
    from .fileio import output_lock
    from .paths import DATA_PROCESSED, REPORTS
    from .render import Progress, analysed_reports, render_all
    from .schema import read_checked

    ids = analysed_reports()
    for report_id in ids:  # every table checked before any kernel starts
        _report_id(report_id)
        check_render_inputs(report_id)
    panel = DATA_PROCESSED / "panel.csv"
    if panel.exists() and len(ids) > 1:
        read_checked(panel, "panel")
    start = time.perf_counter()
    progress = Progress()
    with contextlib.ExitStack() as locks:
        for name in [*ids, "panel"]:
            locks.enter_context(output_lock([_out_folder(REPORTS / name)]))
        try:
            done = render_all(args.lang, args.tolerance_pp, args.workers, log=progress.write, progress=progress)
        finally:
            progress.close()
    notebooks = sum(len(written) for written in done.values())
    reports = len(done) - ("panel" in done)
    panel_words = " and the panel" if "panel" in done else ""
    print(f"rendered {notebooks} notebooks of {reports} report(s){panel_words} in {time.perf_counter() - start:.1f} s")


def _cmd_panel(args: argparse.Namespace) -> None:
    from .fileio import check_outputs, check_table_output, output_lock, table_paths
    from .panel import run_panel
    from .paths import DATA_PROCESSED

    out = check_table_output(Path(args.out) if args.out else DATA_PROCESSED / "panel.csv")
    inputs = [p for pattern in ("*/attainment.csv", "*/attainment.parquet") for p in DATA_PROCESSED.glob(pattern)]
    check_outputs(table_paths(out), inputs)
    with output_lock(table_paths(out)):
        out = run_panel(DATA_PROCESSED, out)
    print(f"wrote {out} and {out.with_suffix('.parquet').name}")


def _cmd_render_panel(args: argparse.Namespace) -> None:
    from . import pool
    from .fileio import output_lock
    from .paths import DATA_PROCESSED, REPORTS
    from .schema import read_checked

    folder = _out_folder(Path(args.out) if args.out else REPORTS / "panel")
    read_checked(DATA_PROCESSED / "panel.csv", "panel")
    out = str(Path(args.out).resolve()) if args.out else None
    with output_lock([folder]):
        answer = pool.request("panel", lang=args.lang, out=out)
        if answer is None:
            from .render import render_panel

            written = len(render_panel(args.lang, out and Path(out)))
        elif not answer.get("ok"):
            raise RuntimeError(answer.get("error", "render failed"))
        else:
            written = answer["written"]
    print(f"rendered {written} panel notebook(s)")


def _cmd_pool(args: argparse.Namespace) -> None:
    from .pool import serve

    command = args.command_line[1:] if args.command_line[:1] == ["--"] else args.command_line
    status = serve(command, args.workers)
    if status:
        raise SystemExit(status)


def _cmd_ids(args: argparse.Namespace) -> int:
    """Print the report id of every raw report; a file whose name cannot be an id is one error line."""
    from .panel import REPORT_SUFFIXES
    from .paths import DATA_RAW

    folder = Path(args.folder) if args.folder else DATA_RAW
    if not folder.is_dir():
        raise ReportError(folder, "folder not found")
    bad = 0
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.suffix.lower() not in REPORT_SUFFIXES:
            continue
        if _cmd_ids_name_ok(path.name):
            print(path.name.rpartition(".")[0])
            continue
        bad += 1
        _say(
            f"indicators ids: error: {path}: the name cannot be a report id (use lowercase ASCII letters, "
            "digits and hyphens, e.g. wuhu-2021-annual.txt); this report is skipped"
        )
    return EXIT_INPUT_ERROR if bad and args.check else 0


def _cmd_bench_extract(args: argparse.Namespace) -> None:
    from .catalogue import load_catalogue
    from .extract import parse_report
    from .fileio import ReportError, read_report_text
    from .paths import ROOT

    def best_and_median(texts: list[str]) -> tuple[float, float, int]:
        rows = 0
        for text in texts:  # warm up: regular expressions compiled, catalogue loaded
            with contextlib.suppress(ReportError):
                rows = len(parse_report(text, catalogue))
        runs = []
        for _ in range(args.repeat):
            start = time.process_time()
            for text in texts:
                with contextlib.suppress(ReportError):
                    parse_report(text, catalogue)
            runs.append(time.process_time() - start)
        runs.sort()
        return runs[0], runs[len(runs) // 2], rows

    catalogue = load_catalogue()
    best, median, rows = best_and_median([read_report_text(args.source)])
    print(
        f"parse_report on {args.source}: {rows} rows; best {best * 1000:.1f} ms, median {median * 1000:.1f} ms "
        f"of CPU over {args.repeat} runs (catalogue loaded once)"
    )
    corpus = sorted((ROOT / "tests" / "fixtures" / "corpus" / "docs").glob("*.txt"))
    if corpus:
        best, median, _ = best_and_median([read_report_text(p) for p in corpus])
        print(f"parse_report on the {len(corpus)} corpus documents together: best {best * 1000:.0f} ms, "
              f"median {median * 1000:.0f} ms of CPU")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="indicators", description="Target-versus-actual analytics for government work-report notices."
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("extract", help="report text → targets/actuals table")
    p.add_argument(
        "sources", nargs="+", metavar="SOURCE", help="report file(s) or folder(s): text in any encoding or saved HTML"
    )
    p.add_argument(
        "--out",
        help="output CSV, Parquet beside it (default data/processed/<id>/targets.csv; with several sources the "
        "combined table, default data/processed/targets_panel.csv)",
    )
    p.add_argument("--report-id", help="report id (default: the file name without suffix)")
    p.add_argument("--year", type=int, help="report year, if the title does not say")
    p.add_argument("--period", help="report period if the title does not say: annual, Q1, H1, Q1-Q3, M01-M11")
    p.add_argument("--city", help="city, if the title does not say (e.g. 芜湖)")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("analyse", help="targets table → attainment, findings, benchmarks used")
    p.add_argument(
        "table", nargs="?", help="targets.csv from `indicators extract` (default: every data/processed/*/targets.csv)"
    )
    p.add_argument("--out", help="output CSV (default: attainment.csv beside the input)")
    p.add_argument("--tolerance-pp", type=float, default=0.5, help="band for 左右 targets on rates, in pp (0.5)")
    p.add_argument("--tolerance-rel", type=float, default=0.02, help="band for 左右 targets on levels, share (0.02)")
    p.add_argument("--province", help="region id of the province in the benchmark files (default: from the city)")
    p.set_defaults(func=_cmd_analyse)

    p = sub.add_parser(
        "benchmarks", help="statistics release text(s) → data/reference/benchmarks-<year>.csv, each figure quoted"
    )
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="release text file(s), or folder(s) of *.txt "
                   "(e.g. data/reference/sources), each headed by '# source: <address>'")
    p.add_argument("--out", help="folder for benchmarks-<year>.csv (default data/reference)")
    p.add_argument("--year", type=int, help="the year the releases report on, if their text does not say")
    p.add_argument("--force", action="store_true", help="replace an existing benchmarks-<year>.csv")
    p.set_defaults(func=_cmd_benchmarks)

    for name, func, what in (("excel", _cmd_excel, "workbook (.xlsx)"), ("pdf", _cmd_pdf, "PDF report")):
        p = sub.add_parser(name, help=f"analysed report → {what}")
        p.add_argument("report_id", help="e.g. wuhu-2021-annual")
        p.add_argument("--lang", choices=("zh", "en"), default="zh", help="label language (zh)")
        p.add_argument("--out", help=f"output path (default reports/<id>.{'xlsx' if name == 'excel' else 'pdf'})")
        p.set_defaults(func=func)

    p = sub.add_parser("render", help="execute the notebooks with papermill and render HTML without code")
    p.add_argument("report_id", nargs="?", help="e.g. wuhu-2021-annual")
    p.add_argument("--all", action="store_true", help="every analysed report and the panel, on one pool of kernels")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="label language (zh)")
    p.add_argument("--tolerance-pp", type=float, default=0.5, help="band for 左右 targets, pp (0.5)")
    p.add_argument("--workers", type=int, help="kernels, i.e. notebooks run side by side (default: number of cores)")
    p.add_argument("--out", help="output folder (default reports/<id>/)")
    p.set_defaults(func=_cmd_render)

    p = sub.add_parser(
        "pool", help="run a command (e.g. make report) with one pool of warm kernels that its renders share"
    )
    p.add_argument("--workers", type=int, help="kernels (default: number of cores)")
    p.add_argument("command_line", nargs=argparse.REMAINDER, metavar="-- COMMAND", help="e.g. -- make report")
    p.set_defaults(func=_cmd_pool)

    p = sub.add_parser("panel", help="every analysed report → data/processed/panel.csv (attainment over time)")
    p.add_argument("--out", help="output CSV (default data/processed/panel.csv)")
    p.set_defaults(func=_cmd_panel)

    p = sub.add_parser("render-panel", help="render the panel notebook (attainment over time) to reports/panel/")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="label language (zh)")
    p.add_argument("--out", help="output folder (default reports/panel/)")
    p.set_defaults(func=_cmd_render_panel)

    p = sub.add_parser("ids", help="list the report ids in data/raw/; a name that cannot be an id is an error line")
    p.add_argument("folder", nargs="?", help="folder of raw reports (default data/raw/)")
    p.add_argument("--check", action="store_true", help="exit with status 2 when a name cannot be an id")
    p.set_defaults(func=_cmd_ids)

    p = sub.add_parser("bench-extract", help="time the extraction of a report in process")
    p.add_argument("source", nargs="?", default="data/raw/wuhu-2021-annual.txt")
    p.add_argument("--repeat", type=int, default=20)
    p.set_defaults(func=_cmd_bench_extract)
    return parser


def _terminate_as_interrupt(signum, _frame) -> None:
    """SIGTERM (``kill``, a scheduler's time limit) unwinds like Ctrl-C, so kernels are stopped and reaped."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error already told in one line
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_INPUT_ERROR
    if args.command in ("render", "render-panel") and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    package_log = logging.getLogger("indicators")
    handler = _WarningLine(args.command)
    package_log.addHandler(handler)
    package_log.propagate = False
    try:
        return int(args.func(args) or 0)
    except ReportError as exc:
        _say(f"indicators {args.command}: error: {exc}")
        return EXIT_INPUT_ERROR
    except KeyboardInterrupt:
        _say(f"indicators {args.command}: interrupted; outputs written before stay as they were")
        return EXIT_INTERRUPTED
    except (ValueError, RuntimeError, OSError, MemoryError) as exc:
        _say(f"indicators {args.command}: error: {exc or type(exc).__name__}")
        return EXIT_FAILURE
    except Exception as exc:  # noqa: BLE001 - a bug still gets one line; INDICATORS_DEBUG=1 shows where
        if os.environ.get("INDICATORS_DEBUG"):
            raise
        _say(
            f"indicators {args.command}: internal error: {type(exc).__name__}: {exc} "
            "(INDICATORS_DEBUG=1 shows the traceback; please report it)"
        )
        return EXIT_FAILURE
    finally:
        package_log.removeHandler(handler)
        package_log.propagate = True


if __name__ == "__main__":
    sys.exit(main())
