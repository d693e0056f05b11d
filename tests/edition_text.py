"""Every text a reader sees in an output (HTML pages, workbook cells, PDF pages), and what must not be in it:
code tokens (``within_band``, ``text_truncated``, metric ids), ``nan``/``None``/``True``, and in the Chinese
edition English words beyond a short allow-list (units, abbreviations)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

#: Latin words a Chinese page may hold: units, abbreviations Chinese statistics use as they are, names
ZH_ALLOWED = {
    "pp", "cpi", "gdp", "pm", "r", "d", "rd", "ppi", "m", "km", "kg", "kwh", "g", "a", "aaa", "aaaa", "aaaaa", "sha",
    "excel", "pdf", "html", "csv", "yml", "id", "it", "sc", "noto", "sans", "cjk", "μg", "mb", "wuhu", "anhui",
    "5g", "a股", "h", "q", "vs", "ok", "ai", "ipo", "etc", "t", "x", "nev", "indicators", "typst", "ev",
    "htm", "shtml", "aspx", "php", "jsp",  # the end of a web address a PDF cell wraps
}
#: a code token: snake_case words, ``nan``/``None``/``True``/``False`` as words
_SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
_RAW = re.compile(r"(?<![A-Za-z])(nan|NaN|None|True|False|NaT|<NA>)(?![A-Za-z])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
#: what is not prose: web addresses, file names and paths (also as a PDF wraps them), report ids, checksums
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\S*[/?=.][A-Za-z]\S*|\b[a-z0-9]+(?:-[a-z0-9]+){2,}\b|[0-9a-f]{16,}"
)
#: an abbreviation written in capitals (GDP, CPI, RMB, USD; R&DGDP as a damaged source writes it)
_ACRONYM = re.compile(r"^[A-Z&]{1,6}$")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def html_texts(path: Path) -> list[str]:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.parts


def workbook_texts(path: Path) -> Iterator[str]:
    import openpyxl

    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        yield ws.title
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield str(cell.value)


def pdf_texts(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(path).pages]


def problems(texts: list[str] | Iterator[str], lang: str, where: str) -> list[str]:
    """What a reader of the ``lang`` edition should not see: code tokens, ``nan``/``None``, and (zh) English."""
    found = []
    for text in texts:
        plain = _URL.sub(" ", text)
        for match in _SNAKE.findall(plain):
            found.append(f"{where}: code token {match!r} in {text[:80]!r}")
        for match in _RAW.findall(plain):
            found.append(f"{where}: raw value {match!r} in {text[:80]!r}")
        if lang == "zh":
            words = [w for w in _WORD.findall(plain)
                     if w.lower().strip("'’-") not in ZH_ALLOWED and not _ACRONYM.match(w)]
            if words:
                found.append(f"{where}: English {words[:4]} in {text[:80]!r}")
    return found
