"""``make bench``: the naive notebook route against ours, for the same notebooks, side by side.

Naive: for each notebook, the papermill CLI, then the nbconvert CLI (two Python start-ups and one
kernel per notebook, one after another). Ours: ``indicators render`` (one process, notebooks side
by side, one kernel per worker). Also times a no-op ``make report``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .paths import NOTEBOOKS, ROOT
from .render import KERNEL, plan_jobs, render_report


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def naive_route(report_id: str, out_dir: Path) -> tuple[float, int]:
    """papermill CLI then nbconvert CLI per notebook; returns (seconds, notebooks)."""
    jobs = plan_jobs(report_id)
    start = time.perf_counter()
    for job in jobs:
        executed = out_dir / f"{job.output.replace('/', '--')}.ipynb"
        args = [_bin("papermill"), str(NOTEBOOKS / job.notebook), str(executed), "-k", KERNEL,
                "--cwd", str(ROOT), "--no-progress-bar"]
        for key, value in job.parameters.items():
            args += ["-p", key, str(value)]
        subprocess.run(args, check=True, capture_output=True)
        subprocess.run([_bin("jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
                       check=True, capture_output=True)
    return time.perf_counter() - start, len(jobs)


def our_route(report_id: str, out_dir: Path) -> tuple[float, int]:
    start = time.perf_counter()
    written = render_report(report_id, out_dir, log=lambda *_: None)
    return time.perf_counter() - start, len(written)


def noop_make() -> float:
    """Seconds for ``make report`` when everything is up to date."""
    subprocess.run(["make", "-s", "report"], cwd=ROOT, check=True, capture_output=True)
    start = time.perf_counter()
    subprocess.run(["make", "-s", "report"], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report-id", default="wuhu-2021-annual")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        naive_dir, ours_dir = Path(tmp, "naive"), Path(tmp, "ours")
        naive_dir.mkdir()
        print(f"==> bench: the {len(plan_jobs(args.report_id))} notebooks of {args.report_id}, both routes")
        naive_s, n = naive_route(args.report_id, naive_dir)
        ours_s, m = our_route(args.report_id, ours_dir)
    noop = noop_make()
    print(f"{'route':<40}{'notebooks':>10}{'seconds':>10}{'s/notebook':>12}")
    print(f"{'naive: papermill CLI + nbconvert CLI':<40}{n:>10}{naive_s:>10.1f}{naive_s / n:>12.2f}")
    print(f"{'ours: indicators render':<40}{m:>10}{ours_s:>10.1f}{ours_s / m:>12.2f}")
    print(f"speed-up: {naive_s / ours_s:.1f}x")
    print(f"{'no-op make report':<40}{'':>10}{noop:>10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
