"""The pieces between the readers and the table: spans of text and task blocks.

A reader turns the document's lines into blocks; a block is one task (or one row of a table, one
paragraph of an article) with the spans of text that state its target and its progress, each span
keeping the line and offset it came from so that every figure can be traced to its source.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: what a span of text states, which decides the role its figures get by default
TARGET, PROGRESS, MIXED = "target", "progress", "mixed"


@dataclass
class Span:
    """A piece of one line: its text, where it starts, and what the reader knows about it."""

    line: int  # 1-based line number in the document
    start: int  # offset of ``text`` in its line
    text: str
    kind: str  # TARGET, PROGRESS or MIXED (an article: roles come from cue words)
    unit: str | None = None  # unit for bare numbers (a table column headed 预期增长(%))
    period: str | None = None  # period words from a table header (落实情况(全年), 上半年完成)
    subject: str | None = None  # the indicator a table row names
    role: str | None = None  # the role a table column gives (target, actual, completion)
    lead_units: str | None = None  # the unit this progress text belongs to (several units per task)
    verb: str | None = None  # the verb a table column implies (增长 → up) for figures without one
    qualifier: str | None = None  # the qualifier a column name carries (城镇登记失业率低于(%) → at_most)
    damaged: bool = False  # the reader repaired the text (a table cell that lost its separator, split in two)

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Block:
    """One task of a report as a reader found it."""

    reader: str
    spans: list[Span]
    number: str = ""  # the task number as written (``3``, ``17.2``), empty when unnumbered
    section: str = ""  # the section marker (``一``, ``(二)``), empty when the report has none
    section_title: str = ""
    main: bool = True  # in the section of the main expected targets (or the report has no sections)
    lead_units: str | None = None
    co_units: str | None = None
    status: str | None = None  # a status cell or phrase (已完成, 序时推进)
    truncated: bool = False
    notes: list[str] = field(default_factory=list)
    end_line: int = 0  # the last line the block holds (a unit or status cell after its text), 0: its spans'
    cells: int = 0  # how many table cells the block's row has (a cut row has fewer than the rows before)
    held_to: tuple[int, int] = (0, 0)  # (line, end offset) of the row's last cell, read or not (a table row)

    @property
    def last_held_line(self) -> int:
        return max(self.last_line, self.end_line)

    @property
    def first_line(self) -> int:
        return min(s.line for s in self.spans)

    @property
    def last_line(self) -> int:
        return max(s.line for s in self.spans)

    @property
    def extent(self) -> tuple[int, int, int, int]:
        """(first line, its offset, last line, end offset): where the block lies in the document."""
        first = min(self.spans, key=lambda s: (s.line, s.start))
        last = max(self.spans, key=lambda s: (s.line, s.end))
        return (first.line, first.start, *max((last.line, last.end), self.held_to))

    def texts(self, kind: str) -> list[Span]:
        return [s for s in self.spans if s.kind == kind]

    @property
    def target_text(self) -> str:
        return "".join(s.text for s in self.texts(TARGET)).strip()

    @property
    def target_line(self) -> int:
        spans = self.texts(TARGET) or self.spans
        return spans[0].line
