"""Shared by the hostile-input tests: a throw-away copy of the tree, the CLI run in it, and the checks
every hostile case makes (exit status, one line naming the file, nothing written, no live HTML)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from conftest import ROOT

REPORT = "wuhu-2021-annual"
#: payloads a hostile report carries in every text field; each holds a marker so a live element made
#: from it can be told from the page's own markup
PAYLOADS = (
    "<img src=x onerror=alert('XSSM1')>",
    "<script>alert('XSSM2')</script>",
    "<iframe src=\"javascript:alert('XSSM3')\"></iframe>",
    "[click](javascript:alert('XSSM4'))",
    "<a href=\"javascript:alert('XSSM5')\">x</a>",
    "<svg onload=alert('XSSM6')>",
    "![i](https://XSSM7.invalid/x.png)",
    "\"><b id=XSSM8>",
    "<style>@import 'https://XSSM9.invalid/';</style>",
    "<javascript:alert('XSSM10')>",
    "<meta http-equiv=refresh content=\"0;url=https://XSSM11.invalid\">",
    "https://XSSM12.invalid/phish",
)
MARKER = "XSSM"


def make_tree(base: Path) -> Path:
    """A copy of the project's inputs under ``base`` (code comes from the installed package)."""
    base.mkdir(parents=True, exist_ok=True)
    for folder in ("notebooks", "docs", "data/raw", "data/reference"):
        shutil.copytree(ROOT / folder, base / folder, ignore=shutil.ignore_patterns("__pycache__", "*.lock"))
    (base / "data/processed").mkdir(exist_ok=True)
    (base / "reports").mkdir(exist_ok=True)
    return base


def cli(tree: Path, *args: str, timeout: float = 120, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``indicators <args>`` in a fresh process with ``tree`` as its root."""
    env = {**os.environ, "INDICATORS_ROOT": str(tree), "PYTHONWARNINGS": "ignore"}
    env.pop("INDICATORS_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "indicators.cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or tree,
        timeout=timeout,
        check=False,
    )


def run_main(*args: str | Path) -> subprocess.CompletedProcess:
    """``indicators <args>`` in this process (for cases that name every path; quicker than a process)."""
    from contextlib import redirect_stderr, redirect_stdout
    from io import StringIO

    from indicators.cli import main

    out, err = StringIO(), StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in args])
    return subprocess.CompletedProcess(["indicators", *map(str, args)], code, out.getvalue(), err.getvalue())


def assert_one_line_error(run: subprocess.CompletedProcess, name: str | Path, code: int = 2) -> str:
    """Exit ``code``, no traceback, exactly one line on stderr, and it names ``name``."""
    err = run.stderr.strip()
    assert run.returncode == code, f"exit {run.returncode}: {run.stderr}{run.stdout}"
    assert "Traceback" not in run.stderr, run.stderr
    assert err.count("\n") == 0, f"more than one line: {run.stderr!r}"
    assert str(name) in err, f"{name} not named in {err!r}"
    return err


def snapshot(tree: Path) -> dict[str, bytes]:
    """Every output the pipeline writes (tables and reports), by path: to show nothing changed.

    Not its bookkeeping: logs (the kernels' chatter), lock files, option stamps.
    """
    files = {}
    for folder in ("data/processed", "reports"):
        for path in sorted((tree / folder).rglob("*")):
            name = str(path.relative_to(tree))
            if path.suffix in (".log", ".lock") or "/.option-" in name or not path.is_file() or path.is_symlink():
                continue
            files[name] = path.read_bytes()
    return files


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside script and style elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.code: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag in ("script", "style"):
            self._in = tag

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        (self.code if self._in else self.text).append(data)


def live_payloads(page: str, marker: str = MARKER) -> list[str]:
    """What in ``page`` is live and came from a payload: an element, attribute or script holding ``marker``.

    Parsed with the standard library's HTML parser (as a browser tokenises), never grepped.
    """
    parser = _Elements()
    parser.feed(page)
    parser.close()
    live = []
    for tag, attrs in parser.tags:
        for name, value in attrs:
            if marker in (name or "") or marker in (value or ""):
                live.append(f"<{tag} {name}={value!r}>")
        if marker in tag:
            live.append(f"<{tag}>")
    live += [f"script/style: {code.strip()[:80]}" for code in parser.code if marker in code]
    return live


def visible_text(page: str) -> str:
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return "".join(parser.text)
