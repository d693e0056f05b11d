"""Layout readers: each turns a document's lines into task blocks; the best-scoring reading wins.

A reader is a function ``Document -> list[Block]`` registered under a name. ``read_layouts`` runs
every reader; the extraction step scores the blocks each one found (how many targets and actuals
they hold and pair) and keeps the best non-overlapping set, so that a report laid out in one way
is read by that reader, and a report mixing layouts (a paragraph of main indicators, then a
numbered list) is read by several. A new layout is a new module here with one ``@register``.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Block
from ..text import Document

Reader = Callable[[Document], list[Block]]
READERS: dict[str, Reader] = {}
#: which reader wins a tie between equal scores (the more specific structure first)
PREFERENCE = ("narrative", "guanyu", "labelled", "table", "plan_table", "matrix_table", "region_columns", "task_groups", "bare_rows", "inline_list", "article")


def register(name: str) -> Callable[[Reader], Reader]:
    """Add a layout reader under ``name``; ``PREFERENCE`` orders ties (an unlisted reader comes last)."""

    def add(reader: Reader) -> Reader:
        READERS[name] = reader
        ordered = sorted(READERS.items(), key=lambda kv: PREFERENCE.index(kv[0]) if kv[0] in PREFERENCE else 99)
        READERS.clear()
        READERS.update(ordered)
        return reader

    return add


def read_layouts(doc: Document) -> dict[str, list[Block]]:
    """Every reader's blocks for ``doc`` (readers that find nothing are left out)."""
    found = {}
    for name, reader in READERS.items():
        blocks = reader(doc)
        if blocks:
            found[name] = blocks
    return found


# the readers register themselves on import, in order of preference on ties
from . import (  # noqa: E402,F401
    article,
    bare_rows,
    guanyu,
    inline_list,
    labelled,
    matrix_table,
    narrative,
    plan_table,
    region_columns,
    table,
    task_groups,
)
