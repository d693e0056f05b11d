"""The notebooks, executed through papermill on the seed with non-default parameters (slow)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import papermill as pm
import pytest

from indicators.panel import run_panel
from indicators.pipeline import run_analyse, run_extract
from indicators.render import RenderError, render_report

from conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("notebooks")]
REPORT = "wuhu-2021-annual"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project's data with the seed extracted and analysed; notebooks read it."""
    root = tmp_path_factory.mktemp("project")
    for folder in ("data/raw", "data/reference", "notebooks", "docs"):
        shutil.copytree(ROOT / folder, root / folder)
    for report in (REPORT, "wuhu-2022-annual"):
        targets = run_extract(root / "data/raw" / f"{report}.txt", root / "data/processed" / report / "targets.csv")
        run_analyse(targets, benchmarks_dir=root / "data/reference")
    run_panel(root / "data/processed")
    previous = os.environ.get("INDICATORS_ROOT")
    os.environ["INDICATORS_ROOT"] = str(root)  # the kernels inherit it
    yield root
    if previous is None:
        os.environ.pop("INDICATORS_ROOT", None)
    else:
        os.environ["INDICATORS_ROOT"] = previous


def execute(project: Path, name: str, tmp_path: Path, **parameters) -> nbformat.NotebookNode:
    out = tmp_path / name
    pm.execute_notebook(
        str(project / "notebooks" / name),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(project),
        progress_bar=False,
        execution_timeout=300,
    )
    return nbformat.read(out, as_version=4)


def outputs_text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            parts.append(str(data.get("text/html", "")) + str(data.get("text/markdown", "")))
            parts.append(str(data.get("text/plain", "")) + str(out.get("text", "")))
    return "\n".join(parts)


def images(nb: nbformat.NotebookNode) -> int:
    return sum("image/png" in out.get("data", {}) for cell in nb.cells for out in cell.get("outputs", []))


def test_each_notebook_has_one_typed_parameters_cell():
    for path in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        lines = [line for line in tagged[0].source.splitlines() if line.strip()]
        assert all(": " in line.split("=")[0] and "#" in line for line in lines), path.name


def test_extract_notebook_shows_flags_and_sources(project, tmp_path):
    nb = execute(project, "10-extract.ipynb", tmp_path, report_id=REPORT, lang="en")
    text = outputs_text(nb)
    # the flag in words, never its code (issue 11: no raw tokens in what readers see)
    assert "direction inferred" in text and "direction_inferred" not in text and "'above' is assumed" in text
    assert "Source line" in text and "高于全省平均增幅" in text


def test_attainment_notebook_follows_tolerance_and_language(project, tmp_path):
    nb = execute(project, "20-attainment.ipynb", tmp_path, report_id=REPORT, lang="en", tolerance_pp=2.0)
    text = outputs_text(nb)
    assert "band ±2.0 pp" in text
    assert "within band" in text  # CPI 1.3% against 3%左右 is inside a 2 pp band
    assert "超额完成" not in text and "exceeded" in text
    assert images(nb) == 3
    assert "DISAGREES" in text  # the industrial value added finding


def test_indicator_profile_for_another_metric(project, tmp_path):
    nb = execute(project, "30-indicator.ipynb", tmp_path, report_id=REPORT, metric="cpi_change", lang="en")
    text = outputs_text(nb)
    assert "CPI change" in text and "about 3% (ceiling)" in text and "met" in text
    assert "居民消费价格(CPI)同比上涨1.3%" in text and "市发展和改革委员会" in text
    assert images(nb) == 1


def test_bad_parameter_fails_in_words(project, tmp_path):
    with pytest.raises(pm.PapermillExecutionError, match="not a headline indicator"):
        execute(project, "30-indicator.ipynb", tmp_path, report_id=REPORT, metric="gdp_level")


def test_render_publishes_only_when_all_succeed(project, tmp_path):
    out = tmp_path / "reports" / REPORT
    written = render_report(REPORT, out, lang="zh", workers=2, log=lambda *_: None)
    tasks = pd.read_csv(project / "data/processed" / REPORT / "targets.csv")["task"].nunique()
    assert len(written) == 2 + tasks and (out / "index.html").exists()  # extraction, overview, a page per task
    html = (out / "20-attainment.html").read_text(encoding="utf-8")
    assert "nbk.check_params" not in html and "超额完成" in html  # no code, Chinese labels
    for page in (out / "20-attainment.html", out / "index.html"):  # the second wall: no script runs
        assert '<meta http-equiv="Content-Security-Policy"' in page.read_text(encoding="utf-8")
    before = {p: p.read_bytes() for p in out.rglob("*.html")}
    with pytest.raises(RenderError, match="failed"):
        render_report(REPORT, out, lang="xx", workers=2, log=lambda *_: None)
    assert {p: p.read_bytes() for p in out.rglob("*.html")} == before
    failed = list((out / "failed").glob("*.ipynb"))
    assert failed
    marked = nbformat.read(failed[0], as_version=4)
    assert any(out.get("output_type") == "error" for c in marked.cells for out in c.get("outputs", []))


def test_panel_notebook_shows_attainment_over_time(project, tmp_path):
    nb = execute(project, "40-panel.ipynb", tmp_path, metric="gdp_growth", lang="en")
    text = outputs_text(nb)
    assert "2 reports" in text and "wuhu-2022-annual" in text
    # the one wording of an actual (present.actual_text): 约4% is marked approximate, as in every output
    assert "about 8.5% → 11.6% (exceeded)" in text and "≥ 9% → ≈ 4% (missed)" in text
    assert images(nb) == 1
