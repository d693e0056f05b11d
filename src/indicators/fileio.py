"""Reading report files in the encodings and shapes they arrive in, and writing outputs atomically.

Every input goes through :func:`read_input_bytes`: a regular file (never a FIFO, a device or a
socket), under a size limit, read with a time bound. Every output goes through :func:`_atomic`: it
never replaces anything but a regular file, and appears whole or not at all. A problem with a file is
a :class:`ReportError`, told in one line that names the file.
"""

from __future__ import annotations

import datetime
import errno
import fcntl
import hashlib
import html
import io
import logging
import os
import re
import stat
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where a table is read or written: checks and locks stay light
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
#: the largest input read (a report is ~100 KB; a 2 MB one is already unusual)
MAX_INPUT_BYTES = 20 * 1024 * 1024
#: processed tables and panels may be larger than a report, not without bound
MAX_TABLE_BYTES = 200 * 1024 * 1024
#: side files (``.source.yml``, ``.meta.yml``) are a few lines
MAX_SIDE_FILE_BYTES = 1024 * 1024
#: seconds a read may take before it is given up (a slow network mount, a file that keeps growing)
READ_TIMEOUT_S = 60.0
#: how long a second run waits for the one holding an output's lock before it gives up
LOCK_TIMEOUT_S = 3600.0
_CHUNK = 1024 * 1024
#: report ids: short lowercase ASCII words joined by hyphens (``wuhu-2021-annual``)
REPORT_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REPORT_ID_MAX = 64
#: control characters stripped from report text (C0 and C1 but tab and line ends, DEL) and the
#: bidirectional overrides that make text read differently from what it is
_CONTROLS_RE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: parquet key-value metadata: the sha256 of the CSV written with it (the CSV is the table; the
#: Parquet copy is used only while it still describes that CSV)
CSV_SHA256_KEY = b"indicators.csv_sha256"
_KIND = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFLNK: "a symbolic link",
    stat.S_IFDIR: "a folder",
}
log = logging.getLogger("indicators")
_WARNINGS: list[str] = []
_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<\?xml)|<(p|div|br|body|table|span)[\s>/]", re.I)


class ReportError(Exception):
    """A problem with an input file, told in one line that names the file."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = " ".join(str(problem).split())  # one line, whatever the cause said
        super().__init__(f"{path}: {self.problem}")


class OutputError(ReportError, OSError):
    """An output could not be written (a full disk, a folder that cannot be made); still one line."""


# --- warnings that outputs carry -------------------------------------------------------------------


def warn(path: str | Path, problem: str) -> str:
    """Log a warning about ``path`` (one line) and keep it, so the step can carry it into its outputs."""
    message = f"{path}: {' '.join(str(problem).split())}"
    log.warning(message)
    _WARNINGS.append(message)
    return message


def warning_mark() -> int:
    """A mark in the warnings logged so far (see :func:`warnings_since`)."""
    return len(_WARNINGS)


def warnings_since(mark: int) -> list[str]:
    """The warnings logged since ``mark``, each once, in order."""
    return list(dict.fromkeys(_WARNINGS[mark:]))


# --- report ids and paths --------------------------------------------------------------------------


def check_report_id(report_id: object, where: str | Path | None = None) -> str:
    """``report_id`` if it can name files and folders safely (``[a-z0-9-]``, no ``..``), else a ReportError.

    ``where`` is the file the id comes from (a raw file's name); without it the id itself is named.
    """
    text = str(report_id)
    if len(text) <= REPORT_ID_MAX and REPORT_ID_RE.match(text):
        return text
    shown = text if len(text) <= 80 else text[:77] + "..."
    raise ReportError(
        where if where is not None else repr(shown),
        f"{shown!r} cannot be a report id: use lowercase ASCII letters, digits and single hyphens "
        f"(city-year-period, e.g. wuhu-2021-annual), at most {REPORT_ID_MAX} characters"
        + (" (rename the file, or give --report-id)" if isinstance(where, Path) else ""),
    )


def report_id_of(source: str | Path) -> str:
    """The report id a raw file's name gives (``wuhu-2021-annual.txt`` → ``wuhu-2021-annual``), checked.

    The name must be the id and one suffix: ``wuhu-2021-annual.backup.txt`` is refused rather than read
    as ``wuhu-2021-annual``, whose tables it would replace.
    """
    name = Path(source).name
    stem = name.rpartition(".")[0] or name
    return check_report_id(stem, Path(source))


def _kind(mode: int) -> str:
    return _KIND.get(stat.S_IFMT(mode), "not a regular file")


def check_output(path: str | Path, inputs: Iterable[str | Path] = (), others: Iterable[str | Path] = ()) -> Path:
    """Refuse an output path that would replace something it must not.

    An output may replace only a regular file (never a symbolic link, a FIFO, a device or a folder),
    must not be one of the step's ``inputs``, and must differ from the step's ``others`` outputs.
    """
    path = Path(path)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise ReportError(path, f"cannot be checked as an output: {exc.strerror}") from exc
    if mode is not None and not stat.S_ISREG(mode):
        raise ReportError(path, f"is {_kind(mode)}: an output may only replace a regular file; refusing to write")
    here = _same_key(path)
    for item in inputs:
        if _same_key(item) == here or _same_file(path, Path(item)):
            raise ReportError(path, f"is also an input of this step ({item}): refusing to overwrite it")
    for item in others:
        if _same_key(item) == here:
            raise ReportError(path, "is also another output of this step: give each output its own path")
    return path


def check_outputs(outputs: Iterable[str | Path], inputs: Iterable[str | Path] = ()) -> list[Path]:
    """:func:`check_output` for every output of a step: none replaces an input or another output."""
    outputs = [Path(p) for p in outputs]
    inputs = [Path(p) for p in inputs]
    for i, path in enumerate(outputs):
        check_output(path, inputs, outputs[:i] + outputs[i + 1 :])
    return outputs


def _same_key(path: str | Path) -> str:
    return os.path.normcase(os.path.abspath(os.path.realpath(path)))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


# --- reading ---------------------------------------------------------------------------------------


def read_input_bytes(
    path: str | Path, limit: int = MAX_INPUT_BYTES, timeout: float = READ_TIMEOUT_S, what: str = "file"
) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them, read within ``timeout`` seconds.

    A FIFO, a device (``/dev/zero``), a socket or a folder is refused before it is opened for
    reading, so nothing here can hang on a pipe or fill memory from an endless device.

    Raises:
        ReportError: the file is missing, not a regular file, too large, unreadable or too slow.
    """
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError as exc:
        raise ReportError(path, "file not found") from exc
    except OSError as exc:
        raise ReportError(path, f"cannot be read: {exc.strerror}") from exc
    if stat.S_ISDIR(mode):
        raise ReportError(path, f"is a folder, not a {what}")
    if not stat.S_ISREG(mode):
        raise ReportError(path, f"is {_kind(mode)}, not a regular file: refusing to read it")
    try:
        # O_NONBLOCK: if the path was swapped for a FIFO since the check, opening it does not wait
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ReportError(path, f"cannot be read: {exc.strerror}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReportError(path, f"is {_kind(info.st_mode)}, not a regular file: refusing to read it")
        if info.st_size > limit:
            raise ReportError(path, f"is {_size(info.st_size)}, over the {_size(limit)} limit for a {what}")
        deadline = time.monotonic() + timeout
        chunks: list[bytes] = []
        total = 0
        while True:
            try:
                chunk = os.read(fd, _CHUNK)
            except BlockingIOError:
                chunk = None
            except OSError as exc:
                raise ReportError(path, f"cannot be read: {exc.strerror}") from exc
            if chunk == b"":
                break
            if chunk:
                chunks.append(chunk)
                total += len(chunk)
                if total > limit:
                    raise ReportError(path, f"grew over the {_size(limit)} limit for a {what} while being read")
            if time.monotonic() > deadline:
                raise ReportError(path, f"reading took over {timeout:g} s: is it on a stalled mount?")
            if chunk is None:
                time.sleep(0.01)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


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


#: item marks NFKC would fold into bare digits (① → 1, fused with the text after it): kept as written
_CIRCLED_RE = re.compile(r"([①-⑳])")


def _nfkc(line: str) -> str:
    """NFKC, except the circled item numbers ①…⑳ (they number items; folded, ①地区生产总值 reads as a figure)."""
    return "".join(p if _CIRCLED_RE.fullmatch(p) else unicodedata.normalize("NFKC", p) for p in _CIRCLED_RE.split(line))


def normalise_text(text: str) -> str:
    """Unify line ends and fold full-width digits, letters and punctuation (NFKC, keeping ①…⑳), line by line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_nfkc(line) for line in text.split("\n"))


def read_report_text(path: str | Path) -> str:
    """The normalised text of a report file (plain text in any common encoding, or a saved HTML page).

    Control characters other than tab and line ends (and bidirectional overrides) are stripped, with
    a warning that names the file and the first line; a NUL character anywhere is refused.

    Raises:
        ReportError: the file is missing, not a regular file, too large, empty, binary or undecodable.
    """
    path = Path(path)
    raw = read_input_bytes(path, what="report file")
    if not raw.strip():
        raise ReportError(path, "file is empty")
    text = decode_bytes(raw, path)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ReportError(path, f"contains NUL characters (first on line {line}): a damaged or binary file")
    controls = sum(1 for ch in text[:4096] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if controls > 0.05 * min(len(text), 4096):
        raise ReportError(path, "looks like a binary file (control characters), not a text report")
    if _HTML_SNIFF.search(text[:2048]):
        text = html_to_text(text)
    text = strip_controls(normalise_text(text), path)
    if not text.strip():
        raise ReportError(path, "contains no text")
    return text


def strip_controls(text: str, path: str | Path) -> str:
    """``text`` without control characters and bidirectional overrides; a warning says how many and where."""
    found = _CONTROLS_RE.search(text)
    if not found:
        return text
    count = len(_CONTROLS_RE.findall(text))
    line = text.count("\n", 0, found.start()) + 1
    warn(path, f"{count} control character(s) stripped (first on line {line}, U+{ord(found.group()):04X})")
    return _CONTROLS_RE.sub("", text)


#: what a ``.source.yml`` field must be (anything else is refused, naming the file and the field)
_PROVENANCE_TYPES = {
    "report_id": "text",
    "title": "text",
    "publisher": "text",
    "city": "text",
    "period": "text",
    "url": "text",
    "received_as": "text",
    "sha256": "text",
    "year": "year",
    "published": "date",
}


def read_provenance(source: str | Path) -> dict:
    """The ``<report-id>.source.yml`` beside a raw report (title, publisher, date, sha256), or {}.

    Raises:
        ReportError: the file is not UTF-8, not YAML, not a mapping, or a field has the wrong type
            (``year: abc``); the message names the file, and the line where YAML can tell it.
    """
    source = Path(source)
    side = provenance_path(source)
    if not os.path.lexists(side):
        return {}
    loaded = read_yaml(side, "provenance file")
    if not isinstance(loaded, dict):
        raise ReportError(side, "provenance file is not a mapping of fields")
    for key, kind in _PROVENANCE_TYPES.items():
        value = loaded.get(key)
        if value is None:
            continue
        if kind == "year":
            bad = isinstance(value, bool) or not isinstance(value, int | str)
            if bad or not re.fullmatch(r"(19|20)\d\d", str(value)):
                raise ReportError(side, f"year: {_short(value)} is not a year (19xx or 20xx)")
            loaded[key] = int(value)
        elif kind == "date":
            if not isinstance(value, str | int | datetime.date):
                raise ReportError(side, f"published: {_short(value)} is not a date")
        elif not isinstance(value, str | int | float) or isinstance(value, bool):
            raise ReportError(side, f"{key}: {_short(value)} is not text")
        else:
            loaded[key] = str(value)
    digest = loaded.get("sha256")
    if digest is not None and not re.fullmatch(r"[0-9a-fA-F]{64}", digest):
        raise ReportError(side, f"sha256: {_short(digest)} is not a SHA-256 checksum (64 hex digits)")
    stated_id = loaded.get("report_id")
    if stated_id is not None and stated_id != source.name.split(".")[0]:
        warn(side, f"report_id {stated_id!r} is not the raw file's name ({source.name}); the file name is used")
    return loaded


def provenance_path(source: str | Path) -> Path:
    """The ``<report-id>.source.yml`` that belongs beside a raw report file."""
    source = Path(source)
    return source.with_name(source.name.split(".")[0] + ".source.yml")


def check_checksum(source: str | Path, provenance: dict) -> None:
    """Warn when the raw file is not the one its ``.source.yml`` describes (its sha256 differs)."""
    digest = provenance.get("sha256")
    if not digest:
        return
    actual = hashlib.sha256(read_input_bytes(source, what="report file")).hexdigest()
    if actual != str(digest).lower():
        name = Path(source).name
        warn(provenance_path(source), f"sha256 does not match {name} (the raw file changed, or this file is stale)")


def read_yaml(path: str | Path, what: str = "YAML file") -> object:
    """A small YAML file (``.source.yml``, ``.meta.yml``) read safely; any problem is one line naming it."""
    import yaml

    path = Path(path)
    raw = read_input_bytes(path, limit=MAX_SIDE_FILE_BYTES, what=what)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportError(path, f"{what} is not UTF-8 text (byte {exc.start})") from exc
    try:  # safe loading only (no !!python/object); libyaml's loader when present: 20× quicker
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ReportError(path, f"{what} is not valid YAML: {where}{problem}") from exc


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --- writing ---------------------------------------------------------------------------------------


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Fill a temporary file beside ``path``, flush it to disk, then rename it over ``path``.

    Only a regular file is ever replaced (see :func:`check_output`); a write that fails (a full
    disk, a killed process) leaves the previous file as it was and no temporary file behind.
    """
    check_output(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(path, f"cannot be written: {exc.strerror or exc}") from exc
    try:
        write(Path(tmp))
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        if not os.path.getsize(tmp) and _empty_is_suspect(path):
            raise ReportError(path, "writing produced an empty file; the previous file is kept")
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes the file private; outputs are for sharing
        check_output(path)
        os.replace(tmp, path)
    except ReportError:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    except OSError as exc:
        with suppress(OSError):
            os.unlink(tmp)
        reason = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise OutputError(path, f"cannot be written ({reason}); the previous file is kept") from exc
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


def _empty_is_suspect(path: Path) -> bool:
    return path.suffix.lower() in (".csv", ".parquet", ".xlsx", ".pdf", ".html", ".ipynb", ".png", ".svg")


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write UTF-8 text to ``path`` through a temporary file and a rename."""
    _atomic(Path(path), lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write bytes to ``path`` through a temporary file and a rename."""
    _atomic(Path(path), lambda tmp: tmp.write_bytes(data))


def write_with_atomic(path: str | Path, write: Callable[[Path], None]) -> None:
    """Let ``write`` fill a temporary file, then rename it to ``path``."""
    _atomic(Path(path), write)


def table_paths(csv_path: str | Path) -> list[Path]:
    """The files :func:`write_table` writes for ``csv_path``: the CSV and its Parquet copy."""
    csv_path = Path(csv_path)
    return [csv_path, csv_path.with_suffix(".parquet")]


def check_table_output(csv_path: str | Path) -> Path:
    """A table's output path must end in ``.csv``: its Parquet copy goes beside it, under another name."""
    csv_path = Path(csv_path)
    if csv_path.suffix.lower() != ".csv":
        raise ReportError(
            csv_path, "a table's output must end in .csv (its Parquet copy is written beside it as .parquet)"
        )
    return csv_path


def write_table(table: pd.DataFrame, csv_path: str | Path) -> list[Path]:
    """Write a table as UTF-8 CSV and, beside it, as Parquet; both atomically. Returns the paths.

    The Parquet copy records the sha256 of the CSV it was written with, so a reader can tell whether
    the CSV was edited since (then the CSV is the table; see :func:`read_table`).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    csv_path = check_table_output(csv_path)
    parquet_path = csv_path.with_suffix(".parquet")
    data = table.to_csv(index=False).encode("utf-8")
    arrow = pa.Table.from_pandas(table, preserve_index=False)
    arrow = arrow.replace_schema_metadata(
        {**(arrow.schema.metadata or {}), CSV_SHA256_KEY: hashlib.sha256(data).hexdigest().encode()}
    )
    write_with_atomic(parquet_path, lambda tmp: pq.write_table(arrow, tmp))
    write_bytes_atomic(csv_path, data)
    return [csv_path, parquet_path]


def read_table(csv_path: str | Path, text_columns: Iterable[str] = ()) -> pd.DataFrame:
    """Read a table written by :func:`write_table`: one source of truth, the CSV.

    The typed Parquet copy is read instead only while it was written with exactly this CSV (its
    recorded sha256 matches), so an edit to the CSV is never hidden by an older Parquet file,
    however soon after the write it was made. Without a CSV the Parquet copy is the table.

    ``text_columns`` are read from a CSV as text, as their Parquet copy has them (``"3.10"`` stays
    ``"3.10"``, never the number 3.1), so a table reads the same from either file.

    Raises:
        ReportError: neither file exists, or the one read is not a readable table (named).
    """
    csv_path = Path(csv_path)
    parquet_path = csv_path.with_suffix(".parquet")
    have_csv = os.path.lexists(csv_path)
    if not have_csv and not os.path.lexists(parquet_path):
        raise ReportError(csv_path, "table not found (run the step that writes it first)")
    if not have_csv:
        return _read_parquet(parquet_path, read_input_bytes(parquet_path, MAX_TABLE_BYTES, what="table"))
    data = read_input_bytes(csv_path, MAX_TABLE_BYTES, what="table")
    if os.path.lexists(parquet_path):
        with suppress(ReportError):
            copy = read_input_bytes(parquet_path, MAX_TABLE_BYTES, what="table")
            if _parquet_digest(copy) == hashlib.sha256(data).hexdigest():
                return _read_parquet(parquet_path, copy)
    return _read_csv(csv_path, data, text_columns)


def _parquet_digest(data: bytes) -> str | None:
    import pyarrow.parquet as pq

    try:
        metadata = pq.read_schema(io.BytesIO(data)).metadata or {}
    except Exception:  # noqa: BLE001 - a damaged copy is simply not used
        return None
    value = metadata.get(CSV_SHA256_KEY)
    return value.decode() if value else None


def _read_parquet(path: Path, data: bytes) -> pd.DataFrame:
    import pandas as pd

    try:
        return pd.read_parquet(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many kinds; all mean the same here
        raise ReportError(path, f"is not a readable Parquet table ({type(exc).__name__})") from exc


def _read_csv(path: Path, data: bytes, text_columns: Iterable[str] = ()) -> pd.DataFrame:
    import pandas as pd

    if not data.strip():
        raise ReportError(path, "table is empty (not even a header)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportError(path, f"table is not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV") from exc
    try:
        return pd.read_csv(io.StringIO(text), dtype=dict.fromkeys(text_columns, str) or None)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ReportError(path, f"is not a readable CSV table: {first}") from exc


# --- one writer at a time ---------------------------------------------------------------------------


def lock_path_for(path: str | Path) -> Path:
    """The lock file guarding ``path`` (a file or a folder), keyed by its absolute path.

    Locks of outputs inside the project live in ``reports/.locks/`` (shared by everyone who runs in
    the tree, removed by ``make clean``); others in a private folder of the temporary directory.
    Either way, taking one writes nothing beside the outputs (a failed run leaves no trace there).
    """
    from .paths import REPORTS, ROOT

    key = _same_key(path)
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    root = _same_key(ROOT)
    if key.startswith(root + os.sep):
        folder = REPORTS / ".locks"
    else:
        uid = os.getuid() if hasattr(os, "getuid") else "user"
        folder = Path(tempfile.gettempdir()) / f"indicators-locks-{uid}"
    return folder / f"{Path(path).name[:40]}.{digest}.lock"


@contextmanager
def output_lock(
    outputs: Iterable[str | Path], timeout: float = LOCK_TIMEOUT_S, say: Callable[[str], None] | None = None
) -> Iterator[Path]:
    """Hold the lock of the first of ``outputs`` while a step writes them; one writer at a time.

    A second run waits (saying so once, on stderr) until the first is done, and gives up with a
    one-line error after ``timeout`` seconds. Once the lock is held, temporary files left beside
    the outputs by a killed run are removed: nobody else can be writing them. Yields the lock file.
    """
    outputs = [Path(p) for p in outputs]
    lock = lock_path_for(outputs[0])
    try:
        lock.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError as exc:
        raise ReportError(lock, f"cannot open the lock file: {exc.strerror or exc}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            (say or _say)(f"waiting for another run that is writing {outputs[0]} (lock {lock})")
            deadline = time.monotonic() + timeout
            while True:
                time.sleep(0.2)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise ReportError(
                            lock, f"another run has held this lock for over {timeout:g} s; is it stuck?"
                        ) from None
        for output in outputs:
            remove_stale_tmp(output)
        yield lock
    finally:
        with suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def remove_stale_tmp(path: str | Path) -> list[Path]:
    """Remove temporary files a killed writer of ``path`` left beside it (``.<name>.*.tmp``)."""
    import glob

    path = Path(path)
    removed = []
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with suppress(OSError):
            if stat.S_ISREG(os.lstat(tmp).st_mode):
                tmp.unlink()
                removed.append(tmp)
    return removed
