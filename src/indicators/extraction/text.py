"""The text the readers see: simplified characters, mirror glosses removed, line numbers kept.

Traditional characters are converted with OpenCC (``t2s``), line by line, so that line numbers stay
those of the report; pinyin glosses that some mirror sites insert after characters (``體現(xiàn)``) are
removed. Provenance comments at the top of a file (lines starting with ``#``) are blanked, not read.
Pages copied with their markup keep HTML entities (``&nbsp;`` indents, ``&ldquo;…&rdquo;``): they are
read as the characters they stand for. A sentence broken before its figure (``同比增长`` / ``31.5%。``)
is read whole on its first line, the next line left blank. A figure of prose that a page spaced out
(``5 3 2.6亿元``, ``1 2 0 0 0套``, ``16 218元``) is read without its spaces.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

#: a pinyin gloss after a character: 城鎮(zhèn), 發(fā), 網(wǎng)
_GLOSS_RE = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[)）]")
_COMMENT_RE = re.compile(r"^\s*#")
#: an HTML entity left in a page's text: &nbsp; (also without its ;), &ldquo;, &#8220;, &#x201C;
_ENTITY_RE = re.compile(r"&(?:#\d{2,6}|#[xX][0-9a-fA-F]{2,5}|[A-Za-z][A-Za-z0-9]{1,7});|&nbsp(?![A-Za-z0-9;])")
_SPACES = "\u00a0\u2002\u2003\u2009\u3000"
#: prose (a comma or a full stop inside), cut after a word, and a line that is a figure ending its sentence
_PROSE_RE = re.compile(r"[,，。;；]")
_CUT_AFTER_WORD_RE = re.compile(r"[\u4e00-\u9fff]$")
#: a figure of prose spaced out after a word: digit by digit (5 3 2.6亿元) or in thousands (16 218元), its unit after it
_SPACED_FIGURE_RE = re.compile(
    r"(?<=[\u4e00-\u9fff:：,，])(?:\d(?: \d){2,}|\d{1,3}(?: \d{3})+)(?:\.\d+)?(?=[%‰\u4e00-\u9fff])"
)
_FIGURE_ENDING_RE = re.compile(r"^-?\d+(?:\.\d+)?\s*[%‰\u4e00-\u9fff][^|\t]{0,40}?[。;；]$")


@dataclass(frozen=True)
class Document:
    """A report as lines: ``original`` as received, ``lines`` as read (same count, same order).

    ``maps[i]`` gives, for each character of ``lines[i]``, its offset in ``source(i)`` (``original[i]`` and
    the lines read onto it; None where the two line up one for one: characters converted, none removed).
    """

    original: tuple[str, ...]
    lines: tuple[str, ...]
    maps: tuple[tuple[int, ...] | None, ...] = ()
    joined: frozenset[int] = frozenset()  # lines (0-based) whose next line was read onto them

    def source(self, i: int) -> str:
        """Line ``i`` as received, with the lines read onto it (what ``maps[i]`` points into)."""
        text = self.original[i]
        while i in self.joined:
            i += 1
            text += self.original[i]
        return text

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
            after = at + len(value)  # up to the next character read: an entity or a gloss ends with the value
            start, end = mapping[at], mapping[after] if after < len(mapping) else len(self.source(i))
            # glosses and entities are the mirror's and the markup's, not the report's
            return strip_glosses(decode_entities(self.source(i)[start:end])[0])[0]
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


def join_spaced_figures(line: str) -> tuple[str, tuple[int, ...] | None]:
    """``line`` with the spaces inside its figures of prose removed (``收入16 218元`` → ``收入16218元``), with the
    offset in ``line`` of every character kept (None when there is none); table rows are left alone."""
    if " " not in line or "|" in line or "\t" in line or not _PROSE_RE.search(line):
        return line, None
    gaps = {k for m in _SPACED_FIGURE_RE.finditer(line) for k in range(m.start(), m.end()) if line[k] == " "}
    if not gaps:
        return line, None
    kept = [k for k in range(len(line)) if k not in gaps]
    return "".join(line[k] for k in kept), tuple(kept)


def decode_entities(line: str) -> tuple[str, tuple[int, ...] | None]:
    """``line`` with its HTML entities read (``&nbsp;`` as a space, ``&ldquo;`` as ``“``), with the offset in
    ``line`` of every character kept (None when there is none)."""
    if "&" not in line:
        return line, None
    kept, mapping, at = [], [], 0
    for m in _ENTITY_RE.finditer(line):
        char = html.unescape(m.group(0) if m.group(0).endswith(";") else m.group(0) + ";")
        if len(char) != 1 or char == m.group(0):
            continue
        kept.append(line[at : m.start()] + (" " if char in _SPACES else char))
        mapping.extend(range(at, m.start() + 1))
        at = m.end()
    if not kept:
        return line, None
    kept.append(line[at:])
    mapping.extend(range(at, len(line)))
    return "".join(kept), tuple(mapping)


def _compose(first: tuple[int, ...] | None, then: tuple[int, ...] | None) -> tuple[int, ...] | None:
    """The offsets of two removals one after the other."""
    if first is None or then is None:
        return then if first is None else first
    return tuple(first[k] for k in then)


def _broken_before_figure(line: str, nxt: str) -> bool:
    """Whether ``nxt`` carries on a sentence of prose that ``line`` broke just before a figure
    (``…同比增长`` / ``31.5%。``): ``line`` is prose (it has a comma) cut after a word, ``nxt`` a figure
    that ends its sentence; table rows (``|``, tabs) and list items are left alone."""
    line, nxt = line.strip(), nxt.strip()
    if len(line) < 12 or "|" in line + nxt or "\t" in line + nxt or not _PROSE_RE.search(line):
        return False
    return bool(_CUT_AFTER_WORD_RE.search(line)) and bool(_FIGURE_ENDING_RE.match(nxt))


def _join_broken(lines: list[str], maps: list[tuple[int, ...] | None], original: tuple[str, ...]) -> frozenset[int]:
    """Read each sentence broken before its figure on its first line (the next line left blank)."""
    joined = set()
    for i in range(len(lines) - 1):
        if not _broken_before_figure(lines[i], lines[i + 1]):
            continue
        width = len(original[i])  # offsets of the next line count from the end of this one
        here = maps[i] or tuple(range(len(lines[i])))
        there = maps[i + 1] or tuple(range(len(lines[i + 1])))
        maps[i] = here + tuple(width + k for k in there)
        lines[i], lines[i + 1], maps[i + 1] = lines[i] + lines[i + 1], "", None
        joined.add(i)
    return frozenset(joined)


def prepare(text: str) -> Document:
    """Split ``text`` into lines and make the reading copy (comments blanked, entities read, simplified,
    no glosses, figures without their spaces, sentences broken before a figure read whole)."""
    original = text.split("\n")
    decoded = [decode_entities(line) for line in original]
    plain = "\n".join(line for line, _ in decoded)
    simplified = to_simplified(plain).split("\n")  # one call for the whole text; per line where lengths moved
    if len(simplified) != len(original) or any(len(a) != len(b) for a, (b, _) in zip(simplified, decoded, strict=True)):
        simplified = [to_simplified(line) for line, _ in decoded]
    lines, maps = [], []
    in_header = True
    for line, simple, (_, entities) in zip(original, simplified, decoded, strict=True):
        if in_header and _COMMENT_RE.match(line):
            lines.append("")
            maps.append(None)
            continue
        if line.strip():
            in_header = False
        read, mapping = strip_glosses(simple)
        read, spaced = join_spaced_figures(read)
        lines.append(read)
        maps.append(_compose(_compose(entities, mapping), spaced))
    joined = _join_broken(lines, maps, tuple(original))
    return Document(tuple(original), tuple(lines), tuple(maps), joined)
