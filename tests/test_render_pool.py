"""The render pool: pages per task row, cheap imports, pooled HTML equal to a notebook run on its own,
and no kernel process left alive the moment a render returns (success, a failing notebook, Ctrl-C)."""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from indicators import render
from indicators.render import NotebookJob, page_name, plan_jobs, profile_rows

from conftest import ROOT

REPORT = "wuhu-2021-annual"
CLI = [sys.executable, "-m", "indicators.cli"]


def write_targets(folder: Path, rows: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "targets.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["report_id", "task", "metric", "is_headline", "section"])
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def processed(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "processed_dir", lambda report_id: tmp_path / report_id)
    return tmp_path


def test_pages_are_named_by_task_and_metric(processed):
    write_targets(
        processed / "r",
        [
            {"report_id": "r", "task": 1, "metric": "gdp_growth", "is_headline": "True"},
            {"report_id": "r", "task": 1, "metric": "gdp_level", "is_headline": "False"},
            {"report_id": "r", "task": 2, "metric": "unclassified", "is_headline": "True"},
            {"report_id": "r", "task": 3, "metric": "unclassified", "is_headline": "True"},
            # no headline row: the task's first row gets the page
            {"report_id": "r", "task": 4, "metric": "unclassified", "is_headline": "False"},
            {"report_id": "r", "task": 4, "metric": "cpi_change", "is_headline": "False"},
            # the headline row wins even when it comes later
            {"report_id": "r", "task": 5, "metric": "grain_output", "is_headline": "False"},
            {"report_id": "r", "task": 5, "metric": "rd_intensity", "is_headline": "True"},
        ],
    )
    assert profile_rows("r") == [
        (1, "gdp_growth"),
        (2, "unclassified"),
        (3, "unclassified"),
        (4, "unclassified"),
        (5, "rd_intensity"),
    ]
    jobs = plan_jobs("r", lang="en", tolerance_pp=1.0)
    outputs = [job.output for job in jobs]
    assert outputs[:2] == ["10-extract", "20-attainment"]
    assert outputs[2:] == [
        "indicators/1-gdp_growth",
        "indicators/2-unclassified",
        "indicators/3-unclassified",
        "indicators/4-unclassified",
        "indicators/5-rd_intensity",
    ]
    assert len(set(outputs)) == len(outputs)
    assert jobs[3].parameters == {
        "report_id": "r",
        "lang": "en",
        "task": 2,
        "metric": "unclassified",
        "tolerance_pp": 1.0,
    }


def test_long_reports_are_capped(processed):
    write_targets(
        processed / "long",
        [{"report_id": "long", "task": t, "metric": "unclassified", "is_headline": "True"} for t in range(1, 501)],
    )
    jobs = plan_jobs("long", "en", max_profiles=render.MAX_PROFILES)
    assert len(jobs) == 2 + render.MAX_PROFILES
    staged = processed / "out"
    staged.mkdir()
    render._write_index("long", staged, jobs)
    index = (staged / "index.html").read_text(encoding="utf-8")
    assert f"{500 - render.MAX_PROFILES} more task(s)" in index


def test_page_names_are_safe_file_names():
    assert page_name(3, "fixed_asset_investment_growth") == "3-fixed_asset_investment_growth"
    assert page_name("7", "../../etc/passwd") == "7-etc_passwd"
    assert page_name("二", "x y") == "task-x_y"
    assert page_name(2, "") == "2-row"


def test_help_does_not_import_pandas_or_papermill():
    code = (
        "import sys\n"
        "from indicators.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'papermill', 'nbformat', 'matplotlib') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


def test_a_render_in_a_pool_imports_no_pandas(tmp_path):
    """The client half of `indicators render` (inside `indicators pool`) stays on the standard library."""
    code = (
        "import sys, os\n"
        "from indicators import pool\n"
        "os.environ[pool.ENV] = sys.argv[1]\n"
        "assert pool.request('report', report_id='x') is None\n"  # nobody listening: render here
        "assert 'pandas' not in sys.modules and 'asyncio' not in sys.modules\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "no-socket")], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr


def test_dry_run_and_jobserver_flags(monkeypatch):
    from indicators import pool

    monkeypatch.setenv("MAKEFLAGS", "n -- LANG_LABELS=en")
    assert pool._dry_run()
    monkeypatch.setenv("MAKEFLAGS", " -j2 --jobserver-auth=98,99")
    assert not pool._dry_run()
    assert pool._jobserver_fds() == ()  # not open here: nothing to pass on


# --- slow: real kernels ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project's data with the seed extracted and analysed."""
    from indicators.pipeline import run_analyse, run_extract

    root = tmp_path_factory.mktemp("pool-project")
    for folder in ("data/raw", "data/reference", "notebooks", "docs"):
        shutil.copytree(ROOT / folder, root / folder)
    targets = run_extract(root / "data/raw" / f"{REPORT}.txt", root / "data/processed" / REPORT / "targets.csv")
    run_analyse(targets, benchmarks_dir=root / "data/reference")
    return root


def _environ(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return b""


def _marked(token: bytes, exclude: int) -> set[int]:
    """Processes whose environment carries ``token`` (the render's kernels inherit it), but ``exclude``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != exclude and token in _environ(int(entry.name)):
            found.add(int(entry.name))
    return found


def run_watched(
    args: list[str], root: Path, interrupt_after_kernels: int = 0, timeout: float = 300, signum: int = signal.SIGINT
):
    """Run the command line, note every process carrying its token; returns (status, stderr, seen, alive).

    Its temporary files (the kernels' connection files among them) go to a folder of their own, which
    must be empty again when it returns: a killed kernel's connection file is removed too.
    """
    token = f"INDICATORS_TEST_TOKEN={uuid.uuid4().hex}"
    scratch = root / f"tmp-{uuid.uuid4().hex[:8]}"
    scratch.mkdir()
    env = {**os.environ, "INDICATORS_ROOT": str(root), "INDICATORS_TEST_TOKEN": token.split("=", 1)[1]}
    env["TMPDIR"] = str(scratch)
    env.pop("INDICATORS_RENDER_POOL", None)
    proc = subprocess.Popen([*CLI, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen: set[int] = set()
    deadline = time.monotonic() + timeout
    interrupted = False
    while proc.poll() is None and time.monotonic() < deadline:
        seen |= _marked(token.encode(), proc.pid)
        if interrupt_after_kernels and not interrupted and len(seen) >= interrupt_after_kernels:
            time.sleep(1.0)  # let the kernels get busy with notebooks
            proc.send_signal(signum)
            interrupted = True
        time.sleep(0.05)
    _, err = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
    alive = {pid for pid in seen if Path(f"/proc/{pid}").exists()}  # a zombie still has its /proc entry
    alive |= _marked(token.encode(), proc.pid)
    for _ in range(40):  # a process in its last moments may still be removing its folder: wait 2 s at most
        if not any(scratch.iterdir()):
            break
        time.sleep(0.05)
    left = sorted(p.name for p in scratch.iterdir())
    assert not left, f"left behind in TMPDIR: {left}"
    return proc.returncode, err.decode(errors="replace"), seen, alive


@pytest.mark.slow
@pytest.mark.xdist_group("notebooks")
def test_no_kernel_is_left_after_a_render(project):
    status, err, seen, alive = run_watched(["render", REPORT, "--out", str(project / "out")], project)
    assert status == 0, err
    assert len(seen) >= 2  # two kernels (this machine has two cores, the report many notebooks)
    assert not alive


@pytest.mark.slow
@pytest.mark.xdist_group("notebooks")
def test_no_kernel_is_left_after_a_failing_notebook(project):
    status, err, seen, alive = run_watched(
        ["render", REPORT, "--tolerance-pp", "-1", "--out", str(project / "f")], project
    )
    assert status == 1 and "notebook(s) failed" in err and "tolerance_pp must be a number" in err
    assert seen and not alive
    assert list((project / "f" / "failed").glob("*.ipynb"))


@pytest.mark.slow
@pytest.mark.xdist_group("notebooks")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_no_kernel_is_left_after_an_interrupt(project, signum):
    out = project / f"i{signum}"
    status, err, seen, alive = run_watched(
        ["render", REPORT, "--out", str(out)], project, interrupt_after_kernels=2, signum=signum
    )
    assert status == 130 and "interrupted" in err and "Traceback" not in err
    assert seen and not alive
    assert not (out / "index.html").exists()
    assert not list(project.glob(f".{out.name}.staging-*"))


@pytest.mark.slow
@pytest.mark.xdist_group("notebooks")
def test_no_kernel_is_left_by_a_pool_around_a_command(project):
    """`indicators pool -- …`: the inner render is served by the pool, which reaps its kernels, also on Ctrl-C."""
    inner = [*CLI, "render", REPORT, "--out", str(project / "p")]
    status, err, seen, alive = run_watched(["pool", "--", *inner], project)
    assert status == 0, err
    assert (project / "p" / "index.html").exists() and seen and not alive
    status, err, seen, alive = run_watched(["pool", "--", *inner], project, interrupt_after_kernels=2)
    assert status == 130 and seen and not alive


def _without_random_ids(page: str) -> str:
    """Ids random by design: pandas Styler table ids, and the id papermill gives its injected cell."""
    return re.sub(r'id="cell-id=[0-9a-f]{8}"', 'id="cell-id"', re.sub(r"T_[0-9a-f]{5}", "T_", page))


@pytest.mark.slow
@pytest.mark.xdist_group("notebooks")
def test_pooled_html_equals_a_notebook_run_on_its_own(project, tmp_path, monkeypatch):
    import nbformat
    import papermill as pm

    from indicators.pages import finish_page

    monkeypatch.setenv("INDICATORS_ROOT", str(project))
    monkeypatch.setattr(render, "ROOT", project)
    monkeypatch.setattr(render, "NOTEBOOKS", project / "notebooks")
    monkeypatch.setattr(render, "processed_dir", lambda report_id: project / "data/processed" / report_id)
    jobs = plan_jobs(REPORT, lang="en")
    chosen = [jobs[0], jobs[1], jobs[4], jobs[-1]]  # extract, overview, two profiles
    # the pool's kernels run other notebooks first, so the chosen ones run on a used, reset kernel
    pooled = tmp_path / "pooled"
    render.render_jobs([*jobs[5:9], *chosen], pooled, REPORT, workers=2)
    for job in chosen:
        alone = tmp_path / "alone" / f"{job.output}.ipynb"
        alone.parent.mkdir(parents=True, exist_ok=True)
        pm.execute_notebook(
            str(project / "notebooks" / job.notebook),
            str(alone),
            parameters=job.parameters,
            kernel_name="python3",
            cwd=str(project),
            progress_bar=False,
        )
        expected, _ = render._exporter().from_notebook_node(nbformat.read(alone, as_version=4))
        # the page as published: the policy, its title and the way back (pages.finish_page)
        expected = finish_page(expected, job.output.count("/"), "en", panel=job.notebook == render.PANEL_NOTEBOOK)
        got = (pooled / f"{job.output}.html").read_text(encoding="utf-8")
        assert _without_random_ids(got) == _without_random_ids(expected), job.output


def test_job_outputs_stay_inside_the_report_folder():
    job = NotebookJob("30-indicator.ipynb", "indicators/" + page_name(1, "../x"), {})
    assert ".." not in job.output
