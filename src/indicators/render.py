"""Run the parameterised notebooks through papermill on warm kernels and render them to HTML without code.

Every notebook of a run goes through one :class:`~indicators.kernels.KernelPool`: a few kernels
started and primed once, reused by every notebook of every report (see ``kernels.py``). A single
``indicators render <id>`` starts a pool of its own; inside ``indicators pool -- make …`` (what
``make report`` does) each report's render hands its notebooks to the run's pool instead
(``pool.py``). Outputs are built in a staging folder of their own (one per run, so two renders never
share one) and moved into ``reports/<report-id>/`` only when every notebook succeeded: a failure
leaves the last good reports in place and keeps the failing executed notebook, with its failing cell
marked by papermill, in ``reports/<report-id>/failed/``.

This module imports neither pandas nor papermill at load time: the command line stays quick, and
papermill and nbconvert are imported once, when the first kernel starts.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, as_completed, wait
from dataclasses import dataclass, field
from pathlib import Path

from .kernels import ENGINE, KERNEL, KernelPool
from .pages import finish_page
from .paths import DATA_PROCESSED, NOTEBOOKS, REPORTS, ROOT, processed_dir

CELL_TIMEOUT = 300  # seconds per cell
PROFILE_NOTEBOOK = "30-indicator.ipynb"
PANEL_NOTEBOOK = "40-panel.ipynb"
MAX_PROFILES = 100  # profile pages per report; the rest are listed on the index (the overview has every task)
LOG_NAME = ".render.log"  # kernels' own chatter (start-up warnings), in reports/
_UMASK = os.umask(0o022)  # read once, while nothing else runs (umask can only be read by setting it)
os.umask(_UMASK)

#: what every kernel does once, before its first notebook: import what the notebooks import, switch
#: on the inline backend they use, and render one small table and one small chart with the CJK font,
#: so that the Styler's templates and the font are loaded (then the heap is frozen). Nothing of it is
#: left in the namespace or shows in any output: the reset before each notebook clears the names, and
#: the notebooks set the same backend and font themselves.
PRIME_SOURCE = """\
get_ipython().run_line_magic("matplotlib", "inline")
from IPython.display import Markdown, display
import io, pandas, pandas.io.formats.style, matplotlib.figure
import indicators.fonts, indicators.notebook, indicators.panel, indicators.plots
pandas.DataFrame({"a": [1.5]}).style.hide(axis="index").format(precision=1).to_html()
indicators.fonts.use_cjk_font()
indicators.fonts.missing_glyphs("地区生产总值增长 GDP 8.5% ≥ ≤ – · 万亿元")
figure = matplotlib.figure.Figure(figsize=(1, 1), layout="constrained")
figure.add_subplot().set_title("地区生产总值")
figure.savefig(io.BytesIO(), format="png")
del figure
"""


class RenderError(RuntimeError):
    """A notebook failed; the message names it and where the marked copy was kept."""


@dataclass(frozen=True)
class NotebookJob:
    """One notebook run: which notebook, with which parameters, to which output name."""

    notebook: str
    output: str  # path relative to the report's folder, without suffix
    parameters: dict = field(default_factory=dict)


def profile_rows(report_id: str) -> list[tuple[int | str, str]]:
    """The rows that get a profile page: per task its headline row, else its first row, as (task, metric).

    Read with the csv module (a render does not need pandas); the targets table has one row per
    (task, metric) and a metric such as ``unclassified`` may appear in several tasks, so a page is
    named by task and metric.
    """
    path = processed_dir(report_id) / "targets.csv"
    if not path.exists():
        raise RenderError(f"{path}: table not found (run `make analyse` first)")
    chosen: dict[str, tuple[bool, str]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            task, metric = (row.get("task") or "").strip(), (row.get("metric") or "").strip()
            if not task or not metric:
                continue
            headline = (row.get("is_headline") or "").strip().lower() in ("true", "1", "yes")
            if task not in chosen or (headline and not chosen[task][0]):
                chosen[task] = (headline, metric)
    return [(int(task) if task.isdigit() else task, metric) for task, (_, metric) in chosen.items()]


def page_name(task: int | str, metric: str) -> str:
    """File name of a profile page: ``<task>-<metric>`` in safe ASCII (``3-fixed_asset_investment_growth``)."""

    def safe(text: object) -> str:
        return re.sub(r"[^A-Za-z0-9_.]+", "_", str(text)).strip("._")

    return f"{safe(task) or 'task'}-{safe(metric) or 'row'}"


def plan_jobs(
    report_id: str, lang: str = "zh", tolerance_pp: float = 0.5, max_profiles: int = MAX_PROFILES
) -> list[NotebookJob]:
    """The notebooks of one report: extraction, attainment overview, one profile per task (at most ``max_profiles``)."""
    common = {"report_id": report_id, "lang": lang}
    jobs = [
        NotebookJob("10-extract.ipynb", "10-extract", common),
        NotebookJob("20-attainment.ipynb", "20-attainment", {**common, "tolerance_pp": tolerance_pp}),
    ]
    seen: set[str] = set()
    for task, metric in profile_rows(report_id)[: max(0, max_profiles)]:
        name = base = page_name(task, metric)
        while name in seen:  # two task labels that read the same in ASCII
            name = f"{base}-{len(seen)}"
        seen.add(name)
        params = {**common, "task": task, "metric": metric, "tolerance_pp": tolerance_pp}
        jobs.append(NotebookJob(PROFILE_NOTEBOOK, f"indicators/{name}", params))
    return jobs


def panel_job(lang: str = "zh") -> NotebookJob:
    return NotebookJob(PANEL_NOTEBOOK, "40-panel", {"report_ids": "all", "metric": "all", "lang": lang})


def new_pool(workers: int | None = None, kernel: str = KERNEL, log_dir: Path | None = None) -> KernelPool:
    """A pool of primed kernels working in the project root; their chatter goes to ``<log_dir>/.render.log``."""
    log_path = Path(log_dir or REPORTS) / LOG_NAME
    return KernelPool(workers, prime=PRIME_SOURCE, cwd=ROOT, kernel=kernel, log_path=log_path)


class Progress:
    """Notebooks done out of notebooks asked for: a tqdm bar on a terminal, silent otherwise.

    A scheduled log gets one line per report (the caller prints it through :meth:`write`, which
    keeps the bar intact on a terminal).
    """

    def __init__(self, enabled: bool | None = None, stream=None) -> None:
        stream = stream or sys.stderr
        self._lock = threading.Lock()
        self._bar = None
        if enabled if enabled is not None else _isatty(stream):
            from tqdm import tqdm

            self._bar = tqdm(total=0, unit="nb", desc="notebooks", file=stream, leave=False, dynamic_ncols=True)

    def add(self, n: int) -> None:
        if self._bar is not None:
            with self._lock:
                self._bar.total += n
                self._bar.refresh()

    def update(self, n: int = 1) -> None:
        if self._bar is not None:
            with self._lock:
                self._bar.update(n)

    def write(self, line: str) -> None:
        if self._bar is not None:
            with self._lock:
                self._bar.write(line, file=sys.stdout)
        else:
            print(line, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _isatty(stream) -> bool:
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


_LOCAL = threading.local()


def _exporter():
    """nbconvert's HTML exporter without code or prompts; one per worker thread."""
    if not hasattr(_LOCAL, "exporter"):
        from nbconvert import HTMLExporter

        _LOCAL.exporter = HTMLExporter(
            template_name="lab", exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
        )
    return _LOCAL.exporter


def run_job(slot, job: NotebookJob, staging: Path, timeout: int = CELL_TIMEOUT) -> tuple[str, float]:
    """On a pool kernel: execute one notebook with papermill, write ``<output>.ipynb`` and ``<output>.html``."""
    import papermill as pm

    start = time.perf_counter()
    executed = staging / f"{job.output}.ipynb"
    nb = pm.execute_notebook(
        str(NOTEBOOKS / job.notebook),
        str(executed),
        parameters=job.parameters,
        engine_name=ENGINE,
        kernel_name=slot.pool.kernel,
        execution_timeout=timeout,
        progress_bar=False,
        log_output=False,
        request_save_on_cell_execute=False,
        slot=slot,  # no cwd: the kernel already works in the root, and a chdir here would race other threads
    )
    body, _ = _exporter().from_notebook_node(nb)
    depth = job.output.count("/")
    body = finish_page(body, depth, str(job.parameters.get("lang", "zh")), panel=job.notebook == PANEL_NOTEBOOK)
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
    pool: KernelPool | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Execute and render every notebook of ``report_id``; returns the HTML files written."""
    out_dir = Path(out_dir) if out_dir else REPORTS / report_id
    jobs = plan_jobs(report_id, lang, tolerance_pp)
    return render_jobs(jobs, out_dir, report_id, workers, kernel, timeout, log, pool, progress)


def render_panel(
    lang: str = "zh",
    out_dir: Path | None = None,
    log=print,
    pool: KernelPool | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Render the panel notebook (attainment over time, every analysed report) into ``reports/panel/``."""
    out_dir = Path(out_dir) if out_dir else REPORTS / "panel"
    return render_jobs([panel_job(lang)], out_dir, "panel", workers=1, log=log, pool=pool, progress=progress)


def analysed_reports() -> list[str]:
    """Report ids with an attainment table, in name order."""
    return sorted(p.parent.name for p in DATA_PROCESSED.glob("*/attainment.csv"))


def render_all(
    lang: str = "zh",
    tolerance_pp: float = 0.5,
    workers: int | None = None,
    report_ids: list[str] | None = None,
    panel: bool | None = None,
    log=print,
    progress: Progress | None = None,
    pool: KernelPool | None = None,
) -> dict[str, list[Path]]:
    """Every analysed report (and the panel, when there is one) through one pool of warm kernels.

    Reports are rendered side by side (their notebooks share the pool's queue) and each is
    published as soon as its own notebooks are done, with one line per report through ``log``.
    Raises :class:`RenderError` naming every report that failed; the others are published.
    """
    ids = list(report_ids) if report_ids is not None else analysed_reports()
    with_panel = (DATA_PROCESSED / "panel.csv").exists() and len(analysed_reports()) > 1 if panel is None else panel
    if not ids and not with_panel:
        raise RenderError(f"no analysed report in {DATA_PROCESSED} (run `make analyse` first)")
    owned = pool is None
    pool = pool or new_pool(workers)
    results: dict[str, list[Path]] = {}
    errors: list[str] = []

    def one(name: str) -> None:
        start = time.perf_counter()
        try:
            if name == "panel":
                written = render_panel(lang, log=log, pool=pool, progress=progress)
            else:
                written = render_report(name, None, lang, tolerance_pp, log=log, pool=pool, progress=progress)
        except Exception as exc:  # noqa: BLE001 - collected, reported together below
            errors.append(str(exc))
            return
        results[name] = written
        what = "panel notebook(s)" if name == "panel" else f"notebooks for {name}"
        log(f"rendered {len(written)} {what} in {time.perf_counter() - start:.1f} s")

    names = ids + (["panel"] if with_panel else [])
    try:
        pool.warm()
        threads = [threading.Thread(target=one, args=(name,), name=f"render-{name}", daemon=True) for name in names]
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():  # a timed join keeps Ctrl-C deliverable to this (main) thread
                thread.join(0.2)
    except BaseException:
        pool.abort()
        raise
    if owned:
        pool.close()
    if errors:
        raise RenderError("; ".join(errors))
    return results


def render_jobs(
    jobs: list[NotebookJob],
    out_dir: Path,
    name: str,
    workers: int | None = None,
    kernel: str = KERNEL,
    timeout: int = CELL_TIMEOUT,
    log=print,
    pool: KernelPool | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Run ``jobs`` on ``pool`` (or a pool of its own) and publish their HTML into ``out_dir`` only if all succeed."""
    if pool is None:
        with new_pool(workers or min(len(jobs), os.cpu_count() or 1), kernel, Path(out_dir).parent) as own:
            return _render(jobs, Path(out_dir), name, own, timeout, progress, owned=True)
    return _render(jobs, Path(out_dir), name, pool, timeout, progress, owned=False)


def _render(
    jobs: list[NotebookJob],
    out_dir: Path,
    name: str,
    pool: KernelPool,
    timeout: int,
    progress: Progress | None,
    owned: bool,
) -> list[Path]:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.staging-{os.getpid()}-", dir=out_dir.parent))
    futures: dict[Future, NotebookJob] = {}
    try:
        for folder in {Path(job.output).parent for job in jobs}:
            (staging / folder).mkdir(parents=True, exist_ok=True)
        futures = {pool.submit(run_job, job, staging, timeout): job for job in jobs}
        if progress is not None:
            progress.add(len(jobs))
        failures: list[tuple[NotebookJob, BaseException]] = []
        for future in as_completed(futures):
            try:
                future.result()
            except Exception as exc:  # noqa: BLE001 - reported below with the notebook's name
                failures.append((futures[future], exc))
            if progress is not None:
                progress.update()
        if failures:
            raise RenderError(_keep_failures(failures, staging, out_dir, name))
        written = _publish(staging, out_dir)
        shutil.rmtree(out_dir / "failed", ignore_errors=True)
        _write_index(name, out_dir, jobs)
        return written
    except BaseException:
        for future in futures:
            future.cancel()
        if owned:
            pool.abort()  # Ctrl-C or a failure: kill this render's kernels now
        else:
            wait(futures)  # the pool serves others: let this report's running notebooks end first
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _keep_failures(failures: list[tuple[NotebookJob, BaseException]], staging: Path, out_dir: Path, name: str) -> str:
    """Move each failing executed notebook into ``out_dir/failed/``; the error message names them."""
    failed_dir = out_dir / "failed"
    failed_dir.mkdir(parents=True, exist_ok=True)
    names = []
    for job, exc in sorted(failures, key=lambda item: item[0].output):
        executed = staging / f"{job.output}.ipynb"
        if executed.exists() and executed.stat().st_size > 0:
            kept = failed_dir / f"{job.output.replace('/', '--')}.ipynb"
            os.replace(executed, kept)
            names.append(f"{job.output} ({_first_line(exc)}; marked copy: {kept})")
        else:
            names.append(f"{job.output} ({_first_line(exc)})")
    return f"{len(failures)} notebook(s) failed for {name}: " + "; ".join(names)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return next((line for line in reversed(text) if line.strip()), type(exc).__name__)[:200]


def _remove_stale_staging(out_dir: Path) -> None:
    """Staging folders left by a render that was killed (its process is gone)."""
    for folder in out_dir.parent.glob(f".{out_dir.name}.staging-*"):
        pid = folder.name.rsplit(".staging-", 1)[-1].split("-", 1)[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _publish(staging: Path, out_dir: Path) -> list[Path]:
    """Move every staged file into place (one rename each)."""
    written = []
    for path in sorted(staging.rglob("*")):
        if path.is_file():
            target = out_dir / path.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            if target.suffix == ".html":
                written.append(target)
    return written


def _write_index(name: str, out_dir: Path, jobs: list[NotebookJob]) -> Path:
    """The report's front page (``pages.front_page``; for the panel, a page leading to its notebook), then
    ``reports/index.html`` listing every report. Also the make target of this step."""
    from .pages import front_page, page_title, panel_page, reports_page

    lang = str(jobs[0].parameters.get("lang", "zh")) if jobs else "zh"
    if name == "panel":
        page = panel_page([job.output for job in jobs], lang)
    else:
        profiles = {(str(job.parameters.get("task")), str(job.parameters.get("metric"))): job.output
                    for job in jobs if job.notebook == PROFILE_NOTEBOOK}
        rows = len(profile_rows(name)) if (processed_dir(name) / "targets.csv").exists() else 0
        page = front_page(name, profiles, lang, hidden=max(0, rows - len(profiles)), folder=processed_dir(name))
    index = out_dir / "index.html"
    _write_text_atomic(index, page)
    reports = sorted((p.parent.name, page_title(p) or p.parent.name) for p in out_dir.parent.glob("*/index.html")
                     if p.parent.name != "panel")
    _write_text_atomic(out_dir.parent / "index.html", reports_page(reports, lang))
    return index


def _write_text_atomic(path: Path, text: str) -> None:
    """Write through a temporary file and a rename (as fileio does; fileio imports pandas, a render does not)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes the file private; outputs are for sharing
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
