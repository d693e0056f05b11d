"""Command line: ``indicators extract|analyse|benchmarks|excel|pdf|render|pool|bench``.

Errors in the input are told in one line naming the file and the problem (exit status 2), never
as a traceback; nothing is written when a step fails. Each command imports what it needs when it
runs, so ``indicators --help`` (and a render handed to a running pool) never loads pandas.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
import time
from pathlib import Path

EXIT_INPUT_ERROR = 2
EXIT_INTERRUPTED = 130


def _cmd_extract(args: argparse.Namespace) -> None:
    from .fileio import read_table, write_table
    from .panel import expand_sources
    from .paths import DATA_PROCESSED
    from .pipeline import coverage_line, run_extract

    sources = expand_sources(args.sources)
    several = len(sources) > 1
    if several and args.report_id:
        raise ValueError("--report-id names one report; it cannot be used with several sources")
    written = []
    for source in sources:
        out = run_extract(
            source, None if several else args.out, args.report_id, args.year, args.period, args.city
        )
        written.append(out)
        print(f"wrote {out} and {out.with_suffix('.parquet').name}: {coverage_line(out)}")
    if several:
        import pandas as pd

        panel = pd.concat([read_table(path) for path in written], ignore_index=True)
        out = Path(args.out) if args.out else DATA_PROCESSED / "targets_panel.csv"
        write_table(panel, out)
        print(f"wrote {out}: {len(written)} reports, {len(panel)} rows keyed by report_id")


def _cmd_analyse(args: argparse.Namespace) -> None:
    from .fileio import ReportError
    from .paths import DATA_PROCESSED
    from .pipeline import run_analyse

    tables = [Path(args.table)] if args.table else sorted(DATA_PROCESSED.glob("*/targets.csv"))
    if not tables:
        raise ReportError(DATA_PROCESSED, "no targets table to analyse: run `indicators extract` first")
    if args.out and len(tables) > 1:
        raise ValueError("--out names one table; give the targets table to analyse as well")
    for table in tables:
        out = run_analyse(table, args.out, args.tolerance_pp, args.tolerance_rel, args.province)
        print(f"wrote {out}, findings.csv, benchmarks_used.csv and attainment.meta.yml")


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
    from .paths import REPORTS

    out = Path(args.out) if args.out else REPORTS / f"{args.report_id}.xlsx"
    write_workbook(load_bundle(args.report_id), out, args.lang)
    print(f"wrote {out}")


def _cmd_pdf(args: argparse.Namespace) -> None:
    from .bundle import load_bundle
    from .paths import REPORTS
    from .pdf import write_pdf

    out = Path(args.out) if args.out else REPORTS / f"{args.report_id}.pdf"
    write_pdf(load_bundle(args.report_id), out, args.lang)
    print(f"wrote {out}")


def _cmd_render(args: argparse.Namespace) -> None:
    from . import pool

    if args.all:
        if args.report_id or args.out:
            raise ValueError("--all renders every analysed report into reports/; give no report id or --out")
        _render_all(args)
        return
    if not args.report_id:
        raise ValueError("give a report id (e.g. wuhu-2021-annual), or --all")
    start = time.perf_counter()
    out = str(Path(args.out).resolve()) if args.out else None
    answer = pool.request("report", report_id=args.report_id, lang=args.lang, tolerance_pp=args.tolerance_pp, out=out)
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
    from .render import Progress, render_all

    start = time.perf_counter()
    progress = Progress()
    try:
        done = render_all(args.lang, args.tolerance_pp, args.workers, log=progress.write, progress=progress)
    finally:
        progress.close()
    notebooks = sum(len(written) for written in done.values())
    reports = len(done) - ("panel" in done)
    panel = " and the panel" if "panel" in done else ""
    print(f"rendered {notebooks} notebooks of {reports} report(s){panel} in {time.perf_counter() - start:.1f} s")


def _cmd_panel(args: argparse.Namespace) -> None:
    from .panel import run_panel
    from .paths import DATA_PROCESSED

    out = run_panel(DATA_PROCESSED, Path(args.out) if args.out else None)
    print(f"wrote {out} and {out.with_suffix('.parquet').name}")


def _cmd_render_panel(args: argparse.Namespace) -> None:
    from . import pool

    out = str(Path(args.out).resolve()) if args.out else None
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
    parser = argparse.ArgumentParser(
        prog="indicators", description="Target-versus-actual analytics for government work-report notices."
    )
    sub = parser.add_subparsers(dest="command", required=True)

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

    p = sub.add_parser("bench-extract", help="time the extraction of a report in process")
    p.add_argument("source", nargs="?", default="data/raw/wuhu-2021-annual.txt")
    p.add_argument("--repeat", type=int, default=20)
    p.set_defaults(func=_cmd_bench_extract)
    return parser


def _is_input_error(exc: BaseException) -> bool:
    """A ReportError, checked without importing fileio (and pandas) when no command has."""
    fileio = sys.modules.get(f"{__package__}.fileio")
    return fileio is not None and isinstance(exc, fileio.ReportError)


def _terminate_as_interrupt(signum, _frame) -> None:
    """SIGTERM (``kill``, a scheduler's time limit) unwinds like Ctrl-C, so kernels are stopped and reaped."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in ("render", "render-panel") and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    try:
        args.func(args)
    except KeyboardInterrupt:
        print(f"indicators {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if _is_input_error(exc):
            print(f"indicators {args.command}: error: {exc}", file=sys.stderr)
            return EXIT_INPUT_ERROR
        if isinstance(exc, ValueError | RuntimeError | OSError):
            print(f"indicators {args.command}: error: {exc}", file=sys.stderr)
            return 1
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
