"""The text the readers see: simplified characters, mirror glosses removed, line numbers kept.

Traditional characters are converted with OpenCC (``t2s``), line by line, so that line numbers stay
those of the report; pinyin glosses that some mirror sites insert after characters (``體現(xiàn)``) are
removed. Provenance comments at the top of a file (lines starting with ``#``) are blanked, not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

#: a pinyin gloss after a character: 城鎮(zhèn), 發(fā), 網(wǎng)
_GLOSS_RE = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[)）]")
_COMMENT_RE = re.compile(r"^\s*#")


@dataclass(frozen=True)
class Document:
    """A report as lines: ``original`` as received, ``lines`` as read (same count, same order)."""

    original: tuple[str, ...]
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @cached_property
    def cells(self) -> list:
        """The document as table cells (read once, shared by the table readers)."""
        from .readers.cells import table_cells

        return table_cells(self.lines)


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(line: str) -> str:
    """``line`` in simplified characters, the same length (character by character where phrases differ)."""
    if line.isascii():
        return line
    converted = _converter().convert(line)
    if len(converted) == len(line):
        return converted
    return "".join(ch if ch.isascii() else _converter().convert(ch)[:1] or ch for ch in line)


def strip_glosses(line: str) -> str:
    """Remove the pinyin glosses a mirror inserts after characters (``體現(xiàn)`` → ``體現``)."""
    return _GLOSS_RE.sub("", line)


def prepare(text: str) -> Document:
    """Split ``text`` into lines and make the reading copy (comments blanked, simplified, no glosses)."""
    original = text.split("\n")
    lines = []
    in_header = True
    for line in original:
        if in_header and _COMMENT_RE.match(line):
            lines.append("")
            continue
        if line.strip():
            in_header = False
        lines.append(strip_glosses(to_simplified(line)))
    return Document(tuple(original), tuple(lines))
