"""Reading report files in the encodings and shapes they arrive in, and writing outputs atomically."""

from __future__ import annotations

import html
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from contextlib import suppress
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

ENCODINGS = ("utf-8", "gb18030")
_BOMS = {b"\xef\xbb\xbf": "utf-8-sig", b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16"}
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "tr",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
    "td",
    "th",
    "ul",
    "ol",
    "title",
    "header",
    "footer",
    "pre",
    "blockquote",
}
_UMASK = os.umask(0o022)
os.umask(_UMASK)
_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<\?xml)|<(p|div|br|body|table|span)[\s>/]", re.I)


class ReportError(Exception):
    """A problem with an input file, told in one line that names the file."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class _TextOfHtml(HTMLParser):
    """Collects the visible text of a page, one line per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data.replace("\n", " "))


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page with one line per paragraph, table cell or line break."""
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def decode_bytes(raw: bytes, path: str | Path) -> str:
    """Decode report bytes: BOMs first, then UTF-8, then GB18030 (a superset of GBK and GB2312)."""
    for bom, encoding in _BOMS.items():
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReportError(
                    path, f"starts with a {encoding} byte-order mark but is not valid {encoding}"
                ) from exc
    if b"\x00" in raw[:4096]:
        raise ReportError(path, "looks like a binary file (NUL bytes), not a text report")
    for encoding in ENCODINGS:
        with suppress(UnicodeDecodeError):
            return raw.decode(encoding)
    raise ReportError(path, "cannot be decoded as UTF-8 or GB18030/GBK text")


def normalise_text(text: str) -> str:
    """Unify line ends and fold full-width digits, letters and punctuation (NFKC), line by line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(unicodedata.normalize("NFKC", line) for line in text.split("\n"))


def read_report_text(path: str | Path) -> str:
    """The normalised text of a report file (plain text in any common encoding, or a saved HTML page).

    Raises:
        ReportError: the file is missing, empty, binary or undecodable.
    """
    path = Path(path)
    if not path.exists():
        raise ReportError(path, "file not found")
    if path.is_dir():
        raise ReportError(path, "is a folder, not a report file")
    raw = path.read_bytes()
    if not raw.strip():
        raise ReportError(path, "file is empty")
    text = decode_bytes(raw, path)
    controls = sum(1 for ch in text[:4096] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if controls > 0.05 * min(len(text), 4096):
        raise ReportError(path, "looks like a binary file (control characters), not a text report")
    if _HTML_SNIFF.search(text[:2048]):
        text = html_to_text(text)
    text = normalise_text(text)
    if not text.strip():
        raise ReportError(path, "contains no text")
    return text


def read_provenance(source: str | Path) -> dict:
    """The ``<report-id>.source.yml`` beside a raw report (title, publisher, date, sha256), or {}."""
    import yaml

    source = Path(source)
    side = source.with_name(source.name.split(".")[0] + ".source.yml")
    if not side.exists():
        return {}
    with open(side, encoding="utf-8") as fh:
        loaded = yaml.safe_load(fh)
    if not isinstance(loaded, dict):
        raise ReportError(side, "provenance file is not a mapping of fields")
    return loaded


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes the file private; outputs are for sharing
        os.replace(tmp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write UTF-8 text to ``path`` through a temporary file and a rename."""
    _atomic(Path(path), lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write bytes to ``path`` through a temporary file and a rename."""
    _atomic(Path(path), lambda tmp: tmp.write_bytes(data))


def write_with_atomic(path: str | Path, write: Callable[[Path], None]) -> None:
    """Let ``write`` fill a temporary file, then rename it to ``path``."""
    _atomic(Path(path), write)


def write_table(table: pd.DataFrame, csv_path: str | Path) -> list[Path]:
    """Write a table as UTF-8 CSV and, beside it, as Parquet; both atomically. Returns the paths."""
    csv_path = Path(csv_path)
    parquet_path = csv_path.with_suffix(".parquet")
    write_with_atomic(parquet_path, lambda tmp: table.to_parquet(tmp, index=False))
    write_with_atomic(csv_path, lambda tmp: table.to_csv(tmp, index=False, encoding="utf-8"))
    return [csv_path, parquet_path]


def read_table(csv_path: str | Path) -> pd.DataFrame:
    """Read a table written by :func:`write_table`, preferring the typed Parquet copy."""
    csv_path = Path(csv_path)
    parquet_path = csv_path.with_suffix(".parquet")
    if parquet_path.exists() and (
        not csv_path.exists() or parquet_path.stat().st_mtime >= csv_path.stat().st_mtime - 1
    ):
        return pd.read_parquet(parquet_path)
    if not csv_path.exists():
        raise ReportError(csv_path, "table not found (run the step that writes it first)")
    return pd.read_csv(csv_path, encoding="utf-8")
