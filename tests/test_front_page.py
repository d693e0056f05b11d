"""The front page's summary table sorts: each cell carries its sort key, the one script the page runs is the
sorter its policy allows by hash, and (where Node.js is installed) the sorter run on the page's own keys
puts the rows in the order their figures call for, following the figures when they change."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from indicators.pages import FRONT_PAGE_POLICY, SORTER_SCRIPT, front_page, script_hash
from indicators.pipeline import run_analyse, run_extract

from conftest import ROOT

REPORT = """某某市2021年重点工作目标任务完成情况的通报
1.地区生产总值增长{gdp_t}%左右。
完成情况：全市地区生产总值增长{gdp_a}%。
2.城镇新增就业{jobs_t}万人。
完成情况：全年城镇新增就业{jobs_a}万人。
3.固定资产投资增长{fai_t}%。
完成情况：全年固定资产投资增长{fai_a}%。
4.粮食产量稳定在{grain_t}亿斤以上。
完成情况：全年粮食产量{grain_a}亿斤。
"""
FIRST = {"gdp_t": "8.5", "gdp_a": "9.1", "jobs_t": "6", "jobs_a": "7.5", "fai_t": "10", "fai_a": "12.5",
         "grain_t": "20", "grain_a": "21.3"}
#: the same report with other figures, in another order of size
SECOND = {"gdp_t": "6", "gdp_a": "5.2", "jobs_t": "12", "jobs_a": "11.9", "fai_t": "3", "fai_a": "9",
          "grain_t": "30", "grain_a": "30.6"}


class _Table(HTMLParser):
    """The summary table's header and, per row, each cell's (sort key, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.headers: list[str] = []
        self.rows: list[list[dict]] = []
        self.scripts: list[str] = []
        self._cell: dict | None = None
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = {"sort": attrs.get("data-sort"), "text": "", "tag": tag}
        elif tag == "script":
            self._in = "script"
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            (self.headers.append(self._cell["text"]) if tag == "th" else self.rows[-1].append(self._cell))
            self._cell = None
        elif tag == "script":
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1] += data
        elif self._cell is not None:
            self._cell["text"] += data


def _front(tmp_path: Path, figures: dict, lang: str = "zh") -> tuple[str, _Table]:
    raw = tmp_path / "data/raw/moumou-2021-annual.txt"
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(REPORT.format(**figures), encoding="utf-8")
    folder = tmp_path / "data/processed/moumou-2021-annual"
    run_analyse(run_extract(raw, folder / "targets.csv"), benchmarks_dir=ROOT / "data/reference")
    page = front_page("moumou-2021-annual", {}, lang, folder=folder)
    table = _Table()
    table.feed(page)
    return page, table


def _rows(table: _Table) -> list[list[dict]]:
    return [r for r in table.rows if r]


def test_the_page_runs_only_the_sorter_its_policy_allows(tmp_path):
    page, table = _front(tmp_path, FIRST)
    assert table.scripts == [SORTER_SCRIPT]
    assert f"script-src {script_hash(SORTER_SCRIPT)}" in FRONT_PAGE_POLICY
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert policy.replace("&#x27;", "'") == FRONT_PAGE_POLICY
    assert "unsafe-inline" not in FRONT_PAGE_POLICY.split("script-src", 1)[1]
    assert "class='sortable'" in page


def test_script_hash_is_the_sha256_of_the_script():
    assert script_hash("alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    assert script_hash(SORTER_SCRIPT) != script_hash(SORTER_SCRIPT + " ")


@pytest.mark.parametrize("figures", [FIRST, SECOND], ids=["first", "second"])
def test_cells_carry_the_figures_as_sort_keys(tmp_path, figures):
    _, table = _front(tmp_path, figures)
    rows = {r[0]["text"]: r for r in _rows(table)}
    assert set(rows) == {"1", "2", "3", "4"}
    for task, (t, a) in {"1": ("gdp_t", "gdp_a"), "2": ("jobs_t", "jobs_a"), "3": ("fai_t", "fai_a"),
                         "4": ("grain_t", "grain_a")}.items():
        assert float(rows[task][2]["sort"]) == float(figures[t])
        assert float(rows[task][3]["sort"]) == float(figures[a])
    # quantities (jobs, grain: kind 0) before rates (kind 1) by their measure; the status key is a rank
    assert rows["2"][4]["sort"].split()[0] == "0" and rows["1"][4]["sort"].split()[0] == "1"
    assert all(r[5]["sort"].isdigit() for r in rows.values())


_STUB = """
const fs = require('fs');
const [rows, col, clicks] = JSON.parse(fs.readFileSync(0, 'utf8'));
function el(attrs, text) {
  return {attrs: Object.assign({}, attrs), textContent: text || '', listeners: {},
    getAttribute(n) { return n in this.attrs ? this.attrs[n] : null; },
    setAttribute(n, v) { this.attrs[n] = String(v); }, removeAttribute(n) { delete this.attrs[n]; },
    addEventListener(t, f) { this.listeners[t] = f; }};
}
const trs = rows.map((r, i) => Object.assign(el({}), {id: i,
  cells: r.map(c => c.sort === null ? el({}, c.text) : el({'data-sort': c.sort}, c.text))}));
const body = {rows: trs.slice(), appendChild(r) { this.rows.splice(this.rows.indexOf(r), 1); this.rows.push(r); }};
const heads = rows[0].map(() => el({}));
global.document = {querySelectorAll() { return [{tHead: {rows: [{cells: heads}]}, tBodies: [body]}]; }};
eval(fs.readFileSync(process.argv[process.argv.length - 1], 'utf8'));
for (let i = 0; i < clicks; i++) heads[col].listeners.click();
console.log(JSON.stringify({order: body.rows.map(r => r.id), sort: heads[col].attrs['aria-sort']}));
"""


def _sorted_by_node(tmp_path: Path, rows: list[list[dict]], col: int, clicks: int) -> tuple[list[int], str]:
    script = tmp_path / "sorter.js"
    script.write_text(SORTER_SCRIPT, encoding="utf-8")
    run = subprocess.run(["node", "-e", _STUB, str(script)], input=json.dumps([rows, col, clicks]),
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    return out["order"], out["sort"]


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
@pytest.mark.parametrize("figures", [FIRST, SECOND], ids=["first", "second"])
def test_the_sorter_orders_rows_by_their_figures(tmp_path, figures):
    _, table = _front(tmp_path, figures)
    rows = _rows(table)
    tasks = [r[0]["text"] for r in rows]
    names = {"1": "gdp", "2": "jobs", "3": "fai", "4": "grain"}

    def expected(suffix: str, reverse: bool = False) -> list[str]:
        return sorted(tasks, key=lambda t: float(figures[f"{names[t]}_{suffix}"]), reverse=reverse)

    for col, suffix in ((2, "t"), (3, "a")):
        order, how = _sorted_by_node(tmp_path, rows, col, 1)
        assert [tasks[i] for i in order] == expected(suffix) and how == "ascending"
        order, how = _sorted_by_node(tmp_path, rows, col, 2)
        assert [tasks[i] for i in order] == expected(suffix, reverse=True) and how == "descending"
    order, _ = _sorted_by_node(tmp_path, rows, 0, 2)  # by task, descending
    assert [tasks[i] for i in order] == ["4", "3", "2", "1"]


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_empty_keys_sort_last_both_ways(tmp_path):
    rows = [[{"sort": k, "text": ""}] for k in ("2", "", "10", "1 5", "1")]
    up, _ = _sorted_by_node(tmp_path, rows, 0, 1)
    down, _ = _sorted_by_node(tmp_path, rows, 0, 2)
    assert up == [4, 3, 0, 2, 1] and down == [2, 0, 3, 4, 1]
