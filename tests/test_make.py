"""`make report` end to end on a copy of the tree (slow): outputs, incremental rebuilds, failures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("make")]
REPORT = "wuhu-2021-annual"
# the virtual environment running the tests (never the interpreter it links to: make must not install there)
VENV = Path(sys.prefix) if sys.prefix != sys.base_prefix and (Path(sys.prefix) / ".installed").exists() else None


def make(tree: Path, *targets: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "INDICATORS_ROOT"}
    # STAMP: the copy's own marker that the environment is ready, so that make never installs the package
    # from the copy into the environment running the tests (it would point that environment at the copy)
    ready = f"STAMP={tree / '.venv-ready'}"
    return subprocess.run(
        ["make", "-C", str(tree), f"VENV={VENV}", ready, *targets], capture_output=True, text=True, env=env, check=False
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    if VENV is None:
        pytest.skip("needs the project's virtual environment (run through `make test`)")
    root = tmp_path_factory.mktemp("tree")
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, root / name)  # copy2 keeps mtimes: the venv stamp stays newer
    for folder in ("src", "notebooks", "docs", "data/raw", "data/reference"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "data/processed").mkdir()
    (root / "reports").mkdir()
    (root / ".venv-ready").touch()  # newer than the copied pyproject.toml
    return root


def test_report_builds_then_is_a_no_op(tree):
    run = make(tree, "report")
    assert run.returncode == 0, run.stdout + run.stderr
    for step in ("==> extract", "==> analyse", "==> notebooks", "==> excel", "==> pdf"):
        assert step in run.stdout
    for path in (
        f"reports/{REPORT}.xlsx",
        f"reports/{REPORT}.pdf",
        f"reports/{REPORT}/index.html",
        f"reports/{REPORT}/20-attainment.html",
        f"reports/{REPORT}/indicators/12-cpi_change.html",
    ):
        assert (tree / path).stat().st_size > 0, path
    start = time.perf_counter()
    again = make(tree, "report")
    assert again.returncode == 0 and "==> extract" not in again.stdout and "==> notebooks" not in again.stdout
    assert time.perf_counter() - start < 5


def test_only_what_changed_is_rebuilt(tree):
    assert make(tree, "report").returncode == 0
    os.utime(tree / "src/indicators/excel.py")
    run = make(tree, "report")
    assert run.returncode == 0
    assert "==> excel" in run.stdout and "==> pdf" not in run.stdout and "==> analyse" not in run.stdout


def test_broken_input_fails_and_keeps_the_last_good_reports(tree):
    assert make(tree, "report").returncode == 0
    outputs = [
        tree / f"reports/{REPORT}.xlsx",
        tree / f"reports/{REPORT}.pdf",
        tree / f"reports/{REPORT}/index.html",
        tree / f"data/processed/{REPORT}/attainment.csv",
    ]
    before = {p: p.read_bytes() for p in outputs}
    raw = tree / f"data/raw/{REPORT}.txt"
    good = raw.read_bytes()
    try:
        raw.write_text("会议纪要\n今天开会，讨论了工作。\n", encoding="utf-8")
        run = make(tree, "report")
        assert run.returncode != 0
        assert f"{REPORT}.txt: no figure found" in run.stderr
        assert "Traceback" not in run.stderr
        assert {p: p.read_bytes() for p in outputs} == before
    finally:
        raw.write_bytes(good)


def test_options_are_inputs(tree):
    """LANG_LABELS and TOLERANCE_PP rebuild what they affect, so every output of a run has the same options."""
    assert make(tree, "report").returncode == 0
    run = make(tree, "report", "LANG_LABELS=en")
    assert run.returncode == 0, run.stderr
    for step in ("==> notebooks", "==> excel", "==> pdf"):
        assert step in run.stdout
    assert "==> extract" not in run.stdout and "==> analyse" not in run.stdout
    overview = (tree / f"reports/{REPORT}/20-attainment.html").read_text(encoding="utf-8")
    assert "exceeded" in overview and "超额完成" not in overview
    run = make(tree, "report", "LANG_LABELS=en", "TOLERANCE_PP=1.0")
    assert run.returncode == 0 and "==> analyse" in run.stdout and "==> notebooks" in run.stdout
    assert "==> extract" not in run.stdout
    again = make(tree, "report", "LANG_LABELS=en", "TOLERANCE_PP=1.0")
    assert again.returncode == 0 and "==>" not in again.stdout.replace("==> report: done", "")
    assert make(tree, "report").returncode == 0  # back to the defaults for the other tests


def test_one_pool_for_the_run_and_no_kernel_left(tree):
    """`make -j2 report` renders every report through one pool; no kernel outlives make."""
    for path in (tree / "reports").glob("*/index.html"):
        os.utime(path, (0, 0))  # out of date: every report and the panel render again
    token = f"run-{os.getpid()}-{time.time_ns()}"
    env = {k: v for k, v in os.environ.items() if k != "INDICATORS_ROOT"}
    env["INDICATORS_TEST_TOKEN"] = token
    run = subprocess.run(
        ["make", "-C", str(tree), f"VENV={VENV}", "-j2", "report"], capture_output=True, text=True, env=env, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "jobserver unavailable" not in run.stderr
    assert run.stdout.count("rendered ") == 3  # one line per report, and the panel
    left = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if token.encode() in (entry / "environ").read_bytes():
                    left.append(entry.name)
            except OSError:
                pass
    assert not left
    log = (tree / "reports/.render.log").read_text(encoding="utf-8", errors="replace")
    assert "Parent appears to have exited" not in log
