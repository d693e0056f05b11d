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
    return subprocess.run(
        ["make", "-C", str(tree), f"VENV={VENV}", *targets], capture_output=True, text=True, env=env, check=False
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
        f"reports/{REPORT}/indicators/cpi_change.html",
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
