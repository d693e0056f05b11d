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
    """A report as lines: ``original`` as received, ``lines`` as read (same count, same order).

    ``maps[i]`` gives, for each character of ``lines[i]``, its offset in ``original[i]`` (None where the
    two line up one for one: characters converted, none removed).
    """

    original: tuple[str, ...]
    lines: tuple[str, ...]
    maps: tuple[tuple[int, ...] | None, ...] = ()

    @cached_property
    def as_received(self) -> bool:
        """Whether the lines read are the lines received (nothing converted, no gloss removed)."""
        return self.lines == self.original

    def as_written(self, value: str | None, *near: int) -> str | None:
        """``value`` (read from ``lines``) in the report's own characters, looked for on the lines ``near``."""
        if not value or self.as_received:
            return value
        for line_no in near:
            if not line_no or line_no > len(self.lines):
                continue
            i = line_no - 1
            at = self.lines[i].find(value)
            if at < 0:
                continue
            mapping = self.maps[i] if self.maps else None
            if mapping is None:
                return self.original[i][at : at + len(value)]
            start, end = mapping[at], mapping[at + len(value) - 1] + 1
            return strip_glosses(self.original[i][start:end])[0]  # glosses are the mirror's, not the report's
        return value

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


def strip_glosses(line: str) -> tuple[str, tuple[int, ...] | None]:
    """Remove the pinyin glosses a mirror inserts after characters (``體現(xiàn)`` → ``體現``), with the
    offset in ``line`` of every character kept (None when nothing was removed)."""
    glosses = list(_GLOSS_RE.finditer(line))
    if not glosses:
        return line, None
    kept, mapping, at = [], [], 0
    for m in glosses:
        kept.append(line[at : m.start()])
        mapping.extend(range(at, m.start()))
        at = m.end()
    kept.append(line[at:])
    mapping.extend(range(at, len(line)))
    return "".join(kept), tuple(mapping)


def prepare(text: str) -> Document:
    """Split ``text`` into lines and make the reading copy (comments blanked, simplified, no glosses)."""
    original = text.split("\n")
    simplified = to_simplified(text).split("\n")  # one call for the whole text; per line where lengths moved
    if len(simplified) != len(original) or any(len(a) != len(b) for a, b in zip(simplified, original, strict=True)):
        simplified = [to_simplified(line) for line in original]
    lines, maps = [], []
    in_header = True
    for line, simple in zip(original, simplified, strict=True):
        if in_header and _COMMENT_RE.match(line):
            lines.append("")
            maps.append(None)
            continue
        if line.strip():
            in_header = False
        read, mapping = strip_glosses(simple)
        lines.append(read)
        maps.append(mapping)
    return Document(tuple(original), tuple(lines), tuple(maps))
