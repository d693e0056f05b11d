"""The HTML pages' frame: the Content-Security-Policy, a way back to the front page, and the front pages.

Standard library only at import time (a render's process stays light). Every text that comes from a
document or a table is escaped (``html.escape``) before it is written into a page.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re

#: the rendered pages run no script at all (not even the template's CDN MathJax and require.js) and load
#: nothing from elsewhere: a second wall behind the escaping, should some text ever slip through
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)
#: the one script a page may run: the front page's summary table sorts by a column when its heading is
#: clicked (or Enter / Space on it). Each cell's ``data-sort`` holds its key: space-separated parts, numbers
#: compared as numbers; an empty key sorts last either way; ties keep the report's order.
SORTER_SCRIPT = (
    "(function(){"
    "function key(td){var s=td.getAttribute('data-sort');if(s===null){s=td.textContent;}s=s.trim();"
    "return s===''?null:s.split(' ').map(function(t){var n=Number(t);return isNaN(n)?t:n;});}"
    "function cmp(a,b){for(var i=0;i<Math.max(a.length,b.length);i++){var x=a[i],y=b[i];"
    "if(x===undefined){return -1;}if(y===undefined){return 1;}if(x===y){continue;}"
    "if(typeof x!==typeof y){return typeof x==='number'?-1:1;}"
    "return typeof x==='number'?(x<y?-1:1):String(x).localeCompare(String(y),'zh');}return 0;}"
    "document.querySelectorAll('table.sortable').forEach(function(table){"
    "var heads=table.tHead.rows[0].cells;"
    "Array.prototype.forEach.call(heads,function(th,col){th.tabIndex=0;"
    "function sort(){var up=th.getAttribute('aria-sort')!=='ascending';"
    "Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort');});"
    "th.setAttribute('aria-sort',up?'ascending':'descending');"
    "var body=table.tBodies[0];"
    "Array.prototype.map.call(body.rows,function(r,i){return [key(r.cells[col]),i,r];})"
    ".sort(function(p,q){if(p[0]===null||q[0]===null){return p[0]===q[0]?p[1]-q[1]:(p[0]===null?1:-1);}"
    "var c=cmp(p[0],q[0]);return c===0?p[1]-q[1]:(up?c:-c);})"
    ".forEach(function(p){body.appendChild(p[2]);});}"
    "th.addEventListener('click',sort);"
    "th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();sort();}});"
    "});});})();"
)


def script_hash(script: str) -> str:
    """The Content-Security-Policy source that allows exactly ``script`` inline (``'sha256-…'``)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


#: the front page's policy: the one above, with the sorter (and nothing else) allowed to run
FRONT_PAGE_POLICY = f"{CONTENT_SECURITY_POLICY}; script-src {script_hash(SORTER_SCRIPT)}"
#: words of the pages' frame: key → (zh, en)
FRAME_WORDS = {
    "back": ("← 返回本报告首页", "← Back to the report's front page"),
    "all": ("← 全部报告", "← All reports"),
}
_STYLE = (
    "<style>nav.indicators-nav{font:14px/1.5 sans-serif;padding:6px 12px;border-bottom:1px solid #ccc;}"
    "nav.indicators-nav a{color:#1f4e9c;text-decoration:none;margin-right:1.5em}</style>"
)


def with_csp(page: str, policy: str = CONTENT_SECURITY_POLICY) -> str:
    """``page`` with a Content-Security-Policy ``<meta>`` as the first element of its ``<head>``."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">'
    found = re.search(r"<head\b[^>]*>", page, flags=re.IGNORECASE)
    if found:
        return page[: found.end()] + tag + page[found.end() :]
    return f"<head>{tag}</head>" + page


def finish_page(page: str, depth: int, lang: str = "zh", panel: bool = False) -> str:
    """A rendered notebook as published: the policy first in its head, its title taken from its first
    heading, and a link back to the front page (``depth`` folders up; the panel links to all reports)."""
    i = 0 if lang == "zh" else 1
    heading = re.search(r"<h1\b[^>]*>(.*?)</h1>", page, flags=re.S | re.I)
    if heading:
        title = html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))).replace("¶", "").strip()
        page = re.sub(r"<title>.*?</title>", lambda _: f"<title>{html.escape(title)}</title>", page, count=1,
                      flags=re.S | re.I)
    up = "../" * depth
    links = [(f"{up}../index.html", FRAME_WORDS["all"][i])] if panel else [(f"{up}index.html", FRAME_WORDS["back"][i])]
    nav = _STYLE + '<nav class="indicators-nav">' + "".join(
        f'<a href="{html.escape(href)}">{html.escape(text)}</a>' for href, text in links) + "</nav>"
    body = re.search(r"<body\b[^>]*>", page, flags=re.I)
    if body:
        page = page[: body.end()] + nav + page[body.end() :]
    page = re.sub(r"<html\b[^>]*>", f'<html lang="{"zh-CN" if i == 0 else "en"}">', page, count=1, flags=re.I)
    return with_csp(page)


# --- the front pages ----------------------------------------------------------------------------------

#: words of the front pages: key → (zh, en)
FRONT_WORDS = {
    "published": ("发布日期", "published"),
    "publisher": ("发布机关", "published by"),
    "file": ("原文文件", "source file"),
    "made": ("本页生成", "page made"),
    "statuses": ("主要目标完成状态", "Headline targets by status"),
    "coverage": ("读取范围", "What was read"),
    "warnings": ("注意", "Warnings"),
    "summary": ("主要目标一览", "Headline targets"),
    "summary_note": ("点击列标题按该列排序(再点一次反向)；点击指标名称查看详情。",
                     "Click a column heading to sort by it (again to reverse); click an indicator for its page."),
    "outputs": ("本报告的各种形式", "This report as"),
    "overview": ("完成情况分析(图表)", "attainment overview (charts)"),
    "extract": ("目标与完成情况表(含原文出处)", "targets and actuals, with their sources"),
    "workbook": ("Excel 工作簿", "Excel workbook"),
    "pdf": ("PDF 报告(可打印)", "PDF report (print-ready)"),
    "panel": ("历年对比", "attainment over time"),
    "all": ("全部报告", "all reports"),
    "more": ("另有 {n} 项任务无单独页面，见完成情况分析。",
             "{n} more task(s) have no page of their own: see the overview."),
    "reports": ("全部报告", "All reports"),
    "reports_note": ("每份通报一个首页：标题、来源、完成状态与读取范围。",
                     "One front page per report: title, source, statuses and what was read."),
    "columns": (("序号", "指标", "目标", "完成", "衡量(按指标类型)", "完成状态"),
                ("Task", "Indicator", "Target", "Actual", "Measure (by kind)", "Status")),
}
_FRONT_STYLE = (
    "<style>body{font:15px/1.55 'Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:1100px;margin:0 auto;"
    "padding:0 16px 40px;color:#222}h1{font-size:26px;margin:18px 0 4px}h2{font-size:18px;margin:26px 0 8px;"
    "border-bottom:1px solid #ddd}table{border-collapse:collapse;width:100%;font-size:14px}"
    "th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}th{background:#dde4ee}"
    ".meta{color:#555}.chip{padding:1px 6px;border-radius:3px;white-space:nowrap}a{color:#1f4e9c}"
    "ul.links li{margin:2px 0}table.sortable th{cursor:pointer;user-select:none}"
    "table.sortable th[aria-sort=ascending]::after{content:' ▲'}table.sortable th[aria-sort=descending]::after"
    "{content:' ▼'}</style>"
)


def _w(key: str, lang: str):
    return FRONT_WORDS[key][0 if lang == "zh" else 1]


def _page(title: str, body: str, lang: str, sortable: bool = False) -> str:
    """A page of its own (not a rendered notebook); ``sortable`` adds the sorter and the policy that lets
    it, and only it, run."""
    script = f"<script>{SORTER_SCRIPT}</script>" if sortable else ""
    return with_csp(
        f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>{_FRONT_STYLE}</head><body>{body}{script}</body></html>",
        FRONT_PAGE_POLICY if sortable else CONTENT_SECURITY_POLICY,
    )


def front_page(report_id: str, profiles: dict[tuple[str, str], str], lang: str = "zh", hidden: int = 0,
               folder=None) -> str:
    """The front page of a report: title, source and date, the headline statuses (provisional apart), what
    was read and what was not, a summary table linking each indicator's page (``profiles``: (task, metric)
    → page path), and links to the overview, the table, the workbook, the PDF, the panel and all reports.
    ``folder`` holds the report's tables (``data/processed/<report_id>`` by default)."""
    import datetime as dt

    from .analyse import status_counts
    from .bundle import load_bundle
    from .fileio import ReportError, read_table, read_yaml
    from .labels import STATUS_COLOURS, status_counts_text
    from .paths import processed_dir
    from .present import (
        actual_text,
        coverage_lines,
        measure_text,
        publisher_text,
        status_text,
        target_text,
        title_text,
    )

    esc = html.escape
    folder = folder or processed_dir(report_id)
    try:
        bundle = load_bundle(report_id, folder)
        meta, table = bundle.meta, bundle.attainment
    except ReportError:  # not analysed (a render of the extraction alone): the targets, without statuses
        table = read_table(folder / "targets.csv").assign(status="not_assessable", provisional=False)
        meta = read_yaml(folder / "targets.meta.yml", "metadata file") if (folder / "targets.meta.yml").exists() else {}
        meta = meta if isinstance(meta, dict) else {}
    title = title_text({**meta, "report_id": report_id}, lang)
    source = []
    for key, value in (("publisher", publisher_text(meta.get("publisher"), meta.get("city"), lang)),
                       ("published", meta.get("published")),
                       ("file", str(meta.get("source_file") or "").rsplit("/", 1)[-1])):
        if value:
            source.append(f"{_w(key, lang)} {esc(str(value))}")
    source.append(f"{_w('made', lang)} {dt.date.today().isoformat()}")
    headline = table[table["is_headline"].astype(bool)].sort_values("task", kind="stable")
    counts = status_counts_text(status_counts(headline, headline_only=False), lang)
    coverage = "".join(f"<li>{esc(label)}：{esc(text)}</li>" if lang == "zh" else
                       f"<li>{esc(label)}: {esc(text)}</li>" for label, text in coverage_lines(table, meta, lang))
    notes = meta.get("warnings") if isinstance(meta.get("warnings"), list) else []
    warnings = (f"<h2>{_w('warnings', lang)}</h2><ul>" + "".join(f"<li>{esc(str(n))}</li>" for n in notes)
                + "</ul>") if notes else ""
    rows = []
    for row in headline.to_dict("records"):
        name = esc(str(row.get("indicator_en" if lang == "en" else "indicator_zh") or row.get("subject")
                       or row.get("metric")))
        page = profiles.get((str(row["task"]), str(row["metric"])))
        if page:
            name = f'<a href="{esc(page)}.html">{name}</a>'
        colour = STATUS_COLOURS.get(str(row.get("status")), "#bababa")
        ink = "#fff" if row.get("status") in ("exceeded", "missed") else "#000"
        cells = [esc(str(row["task"])), name, esc(target_text(row, lang)), esc(actual_text(row, lang)),
                 esc(measure_text(row, lang))]
        status = f'<span class="chip" style="background:{colour};color:{ink}">{esc(status_text(row, lang))}</span>'
        keys = sort_keys(row)
        rows.append("<tr>" + "".join(f'<td data-sort="{esc(k)}">{c}</td>' if k is not None else f"<td>{c}</td>"
                                     for c, k in zip([*cells, status], keys, strict=True)) + "</tr>")
    header = "".join(f"<th>{esc(c)}</th>" for c in _w("columns", lang))
    links = [("20-attainment.html", _w("overview", lang)), ("10-extract.html", _w("extract", lang)),
             (f"../{report_id}.xlsx", _w("workbook", lang)), (f"../{report_id}.pdf", _w("pdf", lang)),
             ("../panel/index.html", _w("panel", lang)), ("../index.html", _w("all", lang))]
    more = f"<p>{esc(_w('more', lang).format(n=hidden))}</p>" if hidden else ""
    body = (
        f'<nav class="indicators-nav"><a href="../index.html">{esc(FRAME_WORDS["all"][0 if lang == "zh" else 1])}'
        f"</a></nav><h1>{esc(title)}</h1><p class='meta'>{' · '.join(source)}</p>"
        f"<h2>{_w('statuses', lang)}</h2><p>{esc(counts)}</p>"
        f"<h2>{_w('coverage', lang)}</h2><ul>{coverage}</ul>{warnings}"
        f"<h2>{_w('summary', lang)}</h2><p class='meta'>{_w('summary_note', lang)}</p>"
        f"<table class='sortable'><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"
        f"<h2>{_w('outputs', lang)}</h2><ul class='links'>"
        + "".join(f'<li><a href="{esc(href)}">{esc(text)}</a></li>' for href, text in links) + "</ul>"
    )
    return _page(title, body, lang, sortable=True)


def sort_keys(row: dict) -> list[str | None]:
    """The keys the summary table sorts a row by, one per column (``None``: by the cell's text): the task
    by its number, target and actual by their values, the measure by kind then figure, the status from
    best to worst."""
    from .labels import KINDS, STATUSES
    from .present import measure_value
    from .values import as_number

    def number(value: object) -> str:
        found = as_number(value)
        return "" if found is None else repr(float(found))

    kind = str(row.get("target_kind") or "")
    measure = number(measure_value(row))
    task = re.findall(r"\d+", str(row.get("task") or ""))
    status = str(row.get("status") or "not_assessable")
    return [
        " ".join(task) or None,
        None,
        number(row.get("target_value")),
        number(row.get("actual_value")),
        f"{KINDS.index(kind) if kind in KINDS else len(KINDS)} {measure}" if measure else "",
        str(STATUSES.index(status) if status in STATUSES else len(STATUSES)),
    ]


def reports_page(reports: list[tuple[str, str]], lang: str = "zh") -> str:
    """``reports/index.html``: every report's front page, by title (``reports``: (report id, title))."""
    esc = html.escape
    items = "".join(f'<li><a href="{esc(rid)}/index.html">{esc(title)}</a> <span class="meta">({esc(rid)})</span></li>'
                    for rid, title in reports)
    body = (f"<h1>{_w('reports', lang)}</h1><p class='meta'>{_w('reports_note', lang)}</p><ul class='links'>{items}"
            f'</ul><p><a href="panel/index.html">{_w("panel", lang)}</a></p>')
    return _page(_w("reports", lang), body, lang)


def panel_page(outputs: list[str], lang: str = "zh") -> str:
    """``reports/panel/index.html``: the way to the panel's notebook and back to all reports."""
    esc = html.escape
    items = "".join(f'<li><a href="{esc(o)}.html">{_w("panel", lang)}</a></li>' for o in outputs)
    body = (f'<nav class="indicators-nav"><a href="../index.html">{esc(FRAME_WORDS["all"][0 if lang == "zh" else 1])}'
            f"</a></nav><h1>{_w('panel', lang)}</h1><ul class='links'>{items}</ul>")
    return _page(_w("panel", lang), body, lang)


def page_title(path) -> str:
    """The ``<title>`` of a page written here ('' when there is none)."""
    try:
        found = re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), flags=re.S | re.I)
    except OSError:
        return ""
    return html.unescape(found.group(1)).strip() if found else ""
