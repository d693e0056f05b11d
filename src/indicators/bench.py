"""``make bench``: rendering at scale (1, 4 and 16 copies of a report), the naive route beside ours, and make.

Every figure is a whole-process wall time (what a person or cron waits for: Python start-up, imports,
kernel start and shutdown included), the median of ``--repeat`` runs, measured in a throw-away copy of
the project so that nothing in ``data/`` or ``reports/`` is touched.

- naive: for each notebook the papermill CLI, then the nbconvert CLI (two Python start-ups and a kernel
  per notebook, one after another); measured on one report, and N times that for N reports, since
  nothing is shared between notebooks on that route;
- a process per report: ``indicators render <id>`` once per report, one after another (each starts
  kernels of its own, as every per-report rule did before the pool);
- one pool: ``indicators render --all``, every report through one pool of warm kernels (what
  ``make report`` does through ``indicators pool``);
- make: ``make report`` and ``make -j2 report`` from clean on a copy of the tree (the two reports in
  ``data/raw/`` and the panel), and a no-op ``make report``;
- the corpus of real reports in ``tests/fixtures/corpus/`` when there is one (extracted and analysed
  first, then rendered through one pool).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .paths import DATA_PROCESSED, ROOT

COPIES = (1, 4, 16)
CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


#: CPU seconds (user + system) of every measured process and of the processes it waited for (its
#: kernels included: they count only because they are reaped), summed per measure like the wall time
CPU: dict[str, list[float]] = {}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _median(runs: int, measure: Callable[[], float], key: str | None = None) -> float:
    walls, cpus = [], []
    for _ in range(max(1, runs)):
        before = _children_cpu()
        walls.append(measure())
        cpus.append(_children_cpu() - before)
    if key:
        CPU[key] = cpus
    return statistics.median(walls)


def cpu(key: str) -> float | None:
    return statistics.median(CPU[key]) if key in CPU else None


def make_project(root: Path, report_id: str, copies: int) -> list[str]:
    """A project root holding ``copies`` analysed copies of ``report_id`` (``copy-01`` …)."""
    for folder in ("data/reference", "notebooks"):
        shutil.copytree(ROOT / folder, root / folder, dirs_exist_ok=True)
    ids = [f"copy-{i:02d}" for i in range(1, copies + 1)]
    for copy in ids:
        shutil.copytree(DATA_PROCESSED / report_id, root / "data/processed" / copy)
    (root / "reports").mkdir(exist_ok=True)
    return ids


def _env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "INDICATORS_RENDER_POOL"}
    env["INDICATORS_ROOT"] = str(root)
    return env


def _timed(args: list[str], env: dict[str, str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def one_pool(root: Path) -> float:
    """``indicators render --all`` over every report in ``root``."""
    shutil.rmtree(root / "reports", ignore_errors=True)
    (root / "reports").mkdir()
    return _timed([_bin("indicators"), "render", "--all"], _env(root))


def process_per_report(root: Path, ids: list[str]) -> float:
    """``indicators render <id>`` for each report, one after another."""
    start = time.perf_counter()
    for report in ids:
        subprocess.run([_bin("indicators"), "render", report], env=_env(root), check=True, capture_output=True)
    return time.perf_counter() - start


def naive(root: Path, report_id: str) -> tuple[float, int]:
    """papermill CLI then nbconvert CLI for each notebook of one report; returns (seconds, notebooks)."""
    from .render import plan_jobs

    env = _env(root)
    out = root / "naive"
    out.mkdir(exist_ok=True)
    jobs = _in_root(root, lambda: plan_jobs(report_id))
    start = time.perf_counter()
    for job in jobs:
        executed = out / f"{job.output.replace('/', '--')}.ipynb"
        args = [_bin("papermill"), str(root / "notebooks" / job.notebook), str(executed), "-k", "python3"]
        args += ["--cwd", str(root), "--no-progress-bar"]
        for key, value in job.parameters.items():
            args += ["-p", key, str(value)]
        subprocess.run(args, env=env, check=True, capture_output=True)
        subprocess.run(
            [_bin("jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            env=env,
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - start, len(jobs)


def _in_root(root: Path, fn: Callable):
    from . import render

    saved = render.processed_dir
    render.processed_dir = lambda report_id: root / "data/processed" / report_id
    try:
        return fn()
    finally:
        render.processed_dir = saved


def count_notebooks(root: Path, ids: list[str]) -> int:
    from .render import plan_jobs

    return sum(len(_in_root(root, lambda r=r: plan_jobs(r))) for r in ids)


def make_tree(root: Path) -> Path:
    """A copy of the tree for ``make`` (the code, notebooks, raw and reference data; nothing built)."""
    tree = root / "tree"
    tree.mkdir()
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, tree / name)
    for folder in ("src", "notebooks", "docs", "data/raw", "data/reference"):
        shutil.copytree(ROOT / folder, tree / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (tree / "data/processed").mkdir()
    (tree / "reports").mkdir()
    return tree


def time_make(tree: Path, *args: str, clean: bool = True) -> float:
    venv = Path(sys.prefix)
    env = {k: v for k, v in os.environ.items() if k not in ("INDICATORS_ROOT", "INDICATORS_RENDER_POOL", "MAKEFLAGS")}
    make = ["make", "-s", "-C", str(tree), f"VENV={venv}"]
    if clean:
        subprocess.run([*make, "clean"], env=env, check=True, capture_output=True)
    start = time.perf_counter()
    subprocess.run([*make, *args], env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def corpus_row(root: Path, runs: int) -> tuple[int, int, float] | None:
    """(reports, notebooks, seconds) for the corpus of real reports, or None when there is none."""
    found = [*CORPUS.glob("*"), *CORPUS.glob("docs/*")] if CORPUS.is_dir() else []
    sources = sorted(p for p in found if p.suffix in (".txt", ".html"))
    if not sources:
        return None
    from .pipeline import run_analyse, run_extract

    for folder in ("data/reference", "notebooks"):
        shutil.copytree(ROOT / folder, root / folder, dirs_exist_ok=True)
    ids = []
    for source in sources:
        try:
            targets = run_extract(source, root / "data/processed" / source.stem.split(".")[0] / "targets.csv")
            run_analyse(targets, benchmarks_dir=root / "data/reference")
        except Exception as exc:  # noqa: BLE001 - a report extraction cannot read yet is left out, said so
            print(f"    corpus: {source.name} left out ({exc})")
            continue
        ids.append(targets.parent.name)
    if not ids:
        return None
    return len(ids), count_notebooks(root, ids), _median(runs, lambda: one_pool(root))


def _row(n: int, notebooks: int, pooled: float, separate: float | None, naive_s: float | None) -> str:
    naive_total = naive_s * n if naive_s else None
    cells = [
        f"{n:>7}",
        f"{notebooks:>9}",
        f"{(f'{naive_total:.0f}' + ('' if n == 1 else '*')) if naive_total else '—':>9}",
        f"{f'{separate:.1f}' if separate else '—':>17}",
        f"{pooled:>11.1f}",
        f"{pooled / notebooks:>10.2f}",
        f"{f'{naive_total / pooled:.0f}x' if naive_total else '—':>9}",
    ]
    return " ".join(cells)


HEADER = ("reports", "notebooks", "naive s", "process/report s", "one pool s", "s/notebook", "vs naive")
WIDTHS = (7, 9, 9, 17, 11, 10, 9)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report-id", default="wuhu-2021-annual")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the table shows medians (3)")
    parser.add_argument("--copies", type=int, nargs="+", default=list(COPIES), help="numbers of copies (1 4 16)")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive route (about 3 minutes)")
    parser.add_argument("--no-make", action="store_true", help="skip the make timings")
    parser.add_argument("--per-report-max", type=int, default=4, help="largest N timed a process per report (4)")
    args = parser.parse_args(argv)
    runs = args.repeat
    copies = "/".join(map(str, args.copies))
    print(f"==> bench: {args.report_id} x{copies}, medians of {runs} run(s), {os.cpu_count()} cores")
    rows = []
    with tempfile.TemporaryDirectory(prefix="indicators-bench-") as tmp:
        naive_s = None
        if not args.no_naive:
            root = Path(tmp, "naive")
            make_project(root, args.report_id, 1)
            naive_s, naive_n = naive(root, "copy-01")
            print(f"    naive route: {naive_n} notebooks in {naive_s:.1f} s (once)")
        for n in args.copies:
            root = Path(tmp, f"n{n}")
            ids = make_project(root, args.report_id, n)
            notebooks = count_notebooks(root, ids)
            pooled = _median(runs, lambda root=root: one_pool(root), key=f"pool{n}")
            separate = None
            if n <= args.per_report_max:
                separate = _median(runs, lambda root=root, ids=ids: process_per_report(root, ids))
            rows.append((n, notebooks, pooled, separate))
            also = f", a process per report {separate:.1f} s" if separate else ""
            print(f"    {n} report(s): one pool {pooled:.1f} s{also}")
        corpus = corpus_row(Path(tmp, "corpus"), runs)
        make_rows = []
        if not args.no_make:
            tree = make_tree(Path(tmp))
            make_rows.append(("make report (clean)", _median(runs, lambda: time_make(tree, "report"))))
            make_rows.append(("make -j2 report (clean)", _median(runs, lambda: time_make(tree, "-j2", "report"))))
            time_make(tree, "report", clean=False)
            noop = _median(max(runs, 5), lambda: time_make(tree, "report", clean=False))
            make_rows.append(("make report (no-op)", noop))

    print()
    print(" ".join(f"{h:>{w}}" for h, w in zip(HEADER, WIDTHS, strict=True)))
    print("-" * (sum(WIDTHS) + len(WIDTHS) - 1))
    for n, notebooks, pooled, separate in rows:
        print(_row(n, notebooks, pooled, separate, naive_s))
    if len(rows) > 1:
        (n0, _, t0, _), (n1, _, t1, _) = rows[0], rows[-1]
        c0, c1 = cpu(f"pool{n0}"), cpu(f"pool{n1}")
        print(
            f"each added report: {(t1 - t0) / (n1 - n0):.1f} s wall, {(c1 - c0) / (n1 - n0):.1f} s CPU "
            f"(one pool, {n0} -> {n1} reports; CPU of the command and its kernels)"
        )
    for n, *_ in rows:
        print(f"    one pool, {n} report(s): {cpu(f'pool{n}'):.1f} s CPU (median)")
    if naive_s and len(rows) > 1:
        print("* N x the one-report naive time (measured once): that route shares nothing between notebooks")
    if corpus:
        print(
            f"corpus (tests/fixtures/corpus/): {corpus[0]} reports, {corpus[1]} notebooks, one pool {corpus[2]:.1f} s"
        )
    else:
        print("corpus: no report in tests/fixtures/corpus/ that extraction reads yet")
    for label, seconds in make_rows:
        print(f"{label:<28} {seconds:>8.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
