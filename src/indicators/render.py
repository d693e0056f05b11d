"""Run the parameterised notebooks through papermill and render them to HTML without code.

One process executes and renders (no papermill/nbconvert start-up per notebook), and independent
notebooks run side by side in worker processes. Outputs are built in a staging folder and moved
into ``reports/<report-id>/`` only when every notebook succeeded: a failure leaves the last good
reports in place and keeps the failing executed notebook, with its failing cell marked by papermill,
in ``reports/<report-id>/failed/``.
"""

from __future__ import annotations

import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .fileio import read_table, write_text_atomic
from .paths import NOTEBOOKS, REPORTS, ROOT, processed_dir

KERNEL = "python3"
CELL_TIMEOUT = 300  # seconds per cell
PROFILE_NOTEBOOK = "30-indicator.ipynb"
PANEL_NOTEBOOK = "40-panel.ipynb"


class RenderError(RuntimeError):
    """A notebook failed; the message names it and where the marked copy was kept."""


@dataclass(frozen=True)
class NotebookJob:
    """One notebook run: which notebook, with which parameters, to which output name."""

    notebook: str
    output: str  # path relative to the report's folder, without suffix
    parameters: dict = field(default_factory=dict)


def plan_jobs(report_id: str, lang: str = "zh", tolerance_pp: float = 0.5) -> list[NotebookJob]:
    """The notebooks of one report: extraction, attainment overview, one profile per headline indicator."""
    common = {"report_id": report_id, "lang": lang}
    jobs = [
        NotebookJob("10-extract.ipynb", "10-extract", common),
        NotebookJob("20-attainment.ipynb", "20-attainment", {**common, "tolerance_pp": tolerance_pp}),
    ]
    targets = read_table(processed_dir(report_id) / "targets.csv")
    for metric in targets.loc[targets.is_headline, "metric"]:
        params = {**common, "metric": str(metric), "tolerance_pp": tolerance_pp}
        jobs.append(NotebookJob(PROFILE_NOTEBOOK, f"indicators/{metric}", params))
    return jobs


#: first cell of every run: the worker's kernel is reused across notebooks, so each starts from an
#: empty namespace (imported modules stay loaded, which is the point)
RESET_SOURCE = "# fresh namespace: this kernel is reused across notebooks to save start-up time\n%reset -f"

_WORKER: dict = {}


def _exporter():
    if "exporter" not in _WORKER:
        from nbconvert import HTMLExporter

        _WORKER["exporter"] = HTMLExporter(
            template_name="lab", exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
        )
    return _WORKER["exporter"]


def _kernel(kernel: str):
    """This worker's kernel, started on first use and restarted if it died."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    km = _WORKER.get("km")
    if km is not None and run_sync(km.is_alive)():
        return km
    km = AsyncKernelManager(kernel_name=kernel)
    run_sync(km.start_kernel)(cwd=str(ROOT))
    _WORKER["km"] = km
    return km


def _stop_kernel() -> None:
    km = _WORKER.pop("km", None)
    if km is not None:
        from jupyter_core.utils import run_sync

        run_sync(km.shutdown_kernel)(now=True)


def _warm_up(log_path: str | None = None, kernel: str = KERNEL) -> None:
    """Per worker: send kernel chatter to a log file, import papermill/nbconvert, start the kernel."""
    import atexit

    if log_path:
        fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(fd, 2)
    import papermill  # noqa: F401

    _exporter()
    _kernel(kernel)
    atexit.register(_stop_kernel)


def run_job(
    job: NotebookJob, staging: Path, kernel: str = KERNEL, timeout: int = CELL_TIMEOUT, reuse_kernel: bool = True
) -> tuple[str, float]:
    """Execute one notebook with papermill and write ``<output>.ipynb`` and ``<output>.html`` in ``staging``."""
    import nbformat
    import papermill as pm

    start = time.perf_counter()
    executed = staging / f"{job.output}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    notebook = nbformat.read(NOTEBOOKS / job.notebook, as_version=4)
    extra = {}
    if reuse_kernel:
        reset = nbformat.v4.new_code_cell(RESET_SOURCE)
        reset.metadata["tags"] = ["fresh-namespace"]
        notebook.cells.insert(0, reset)
        extra["km"] = _kernel(kernel)
    pm.execute_notebook(
        notebook,
        str(executed),
        parameters=job.parameters,
        kernel_name=kernel,
        cwd=str(ROOT),
        execution_timeout=timeout,
        progress_bar=False,
        log_output=False,
        request_save_on_cell_execute=False,
        **extra,
    )
    body, _ = _exporter().from_notebook_node(nbformat.read(executed, as_version=4))
    executed.with_suffix(".html").write_text(body, encoding="utf-8")
    return job.output, time.perf_counter() - start


def render_report(
    report_id: str,
    out_dir: Path | None = None,
    lang: str = "zh",
    tolerance_pp: float = 0.5,
    workers: int | None = None,
    kernel: str = KERNEL,
    timeout: int = CELL_TIMEOUT,
    log=print,
) -> list[Path]:
    """Execute and render every notebook of ``report_id``; returns the HTML files written."""
    out_dir = Path(out_dir) if out_dir else REPORTS / report_id
    return render_jobs(plan_jobs(report_id, lang, tolerance_pp), out_dir, report_id, workers, kernel, timeout, log)


def render_panel(lang: str = "zh", out_dir: Path | None = None, log=print) -> list[Path]:
    """Render the panel notebook (attainment over time, every analysed report) into ``reports/panel/``."""
    job = NotebookJob(PANEL_NOTEBOOK, "40-panel", {"report_ids": "all", "metric": "all", "lang": lang})
    return render_jobs([job], Path(out_dir) if out_dir else REPORTS / "panel", "panel", workers=1, log=log)


def render_jobs(
    jobs: list[NotebookJob],
    out_dir: Path,
    name: str,
    workers: int | None = None,
    kernel: str = KERNEL,
    timeout: int = CELL_TIMEOUT,
    log=print,
) -> list[Path]:
    """Run ``jobs`` side by side and publish their HTML into ``out_dir`` only if all succeed."""
    staging = out_dir.parent / f".{out_dir.name}.staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    failures: list[tuple[NotebookJob, BaseException]] = []
    log_path = str(out_dir.parent / f".{out_dir.name}.render.log")
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm_up, initargs=(log_path, kernel)) as pool:
        futures = {pool.submit(run_job, job, staging, kernel, timeout): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                output, seconds = future.result()
                log(f"    {output}.html ({seconds:.1f} s)")
            except BaseException as exc:  # noqa: BLE001 - reported below with the notebook's name
                failures.append((job, exc))
    if failures:
        failed_dir = out_dir / "failed"
        failed_dir.mkdir(parents=True, exist_ok=True)
        names = []
        for job, exc in failures:
            executed = staging / f"{job.output}.ipynb"
            if executed.exists():
                kept = failed_dir / f"{job.output.replace('/', '--')}.ipynb"
                os.replace(executed, kept)
                names.append(f"{job.output} ({_first_line(exc)}; marked copy: {kept})")
            else:
                names.append(f"{job.output} ({_first_line(exc)})")
        shutil.rmtree(staging, ignore_errors=True)
        raise RenderError(f"{len(failures)} notebook(s) failed for {name}: " + "; ".join(names))
    written = _publish(staging, out_dir)
    shutil.rmtree(out_dir / "failed", ignore_errors=True)
    _write_index(name, out_dir, jobs)
    return written


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return next((line for line in reversed(text) if line.strip()), type(exc).__name__)[:200]


def _publish(staging: Path, out_dir: Path) -> list[Path]:
    """Move every staged file into place (one rename each), then drop the staging folder."""
    written = []
    for path in sorted(staging.rglob("*")):
        if path.is_file():
            target = out_dir / path.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            if target.suffix == ".html":
                written.append(target)
    shutil.rmtree(staging, ignore_errors=True)
    return written


def _write_index(name: str, out_dir: Path, jobs: list[NotebookJob]) -> Path:
    """A small landing page linking the rendered notebooks (also the make target of this step)."""
    items = "\n".join(f'<li><a href="{job.output}.html">{job.output.split("/")[-1]}</a></li>' for job in jobs)
    exports = ""
    if name != "panel":
        exports = f"<p><a href='../{name}.xlsx'>Excel workbook</a> · <a href='../{name}.pdf'>PDF report</a></p>"
    html = f"<!doctype html><meta charset='utf-8'><title>{name}</title><h1>{name}</h1><ul>{items}</ul>{exports}"
    index = out_dir / "index.html"
    write_text_atomic(index, html)
    return index
