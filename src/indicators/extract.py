"""The extraction step's public face: ``parse_report`` (text in, table out) and ``extract_report`` (a file).

The work is done in the ``extraction`` package (readers → mentions → alignment → rows); this module
keeps the names the command line, the pipeline, the notebooks and the tests call.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalogue import Catalogue
from .extraction import (
    FLAG_ORDER,
    MENTION_COLUMNS,
    TARGET_COLUMNS,
    Extraction,
    ReportMeta,
    detect_meta,
    extract_report,
    parse_report,
    read_report,
)
from .extraction.align import align
from .extraction.harmonise import UNCLASSIFIED, draft_row
from .extraction.mentions import read_block
from .extraction.meta import ReportMeta as _Meta
from .extraction.model import TARGET, Block, Span
from .extraction.text import prepare

UNKNOWN_METRIC = UNCLASSIFIED


@dataclass
class Target:
    """One target of a target sentence, as the table would hold it."""

    metric: str
    comparator: str
    value: float | None = None
    high: float | None = None
    unit: str | None = None
    reference: str | None = None
    subject: str = ""


def parse_targets(text: str, catalogue: Catalogue) -> list[Target]:
    """Every target of a target sentence, in order (``城镇新增就业7万人,城镇登记失业率控制在3.5%以内``)."""
    doc = prepare(text)
    block = Block("sentence", [Span(1, 0, doc.lines[0], TARGET)])
    alignment = align(read_block(block, catalogue, None))
    meta = _Meta("sentence", text, None, None, "annual", "<text>")
    out = []
    for draft in alignment.drafts:
        if draft.target is None and draft.claim is None:
            continue
        row = draft_row(draft, block, 1, "", doc, catalogue, meta, list(TARGET_COLUMNS))
        out.append(
            Target(
                row["metric"],
                row["comparator"] or "qualitative",
                row["target_value"],
                row["target_high"],
                row["target_unit"],
                row["target_reference"],
                row["subject"],
            )
        )
    return out or [Target(UNKNOWN_METRIC, "qualitative")]


def parse_target(text: str, catalogue: Catalogue) -> Target:
    """The first target of a target sentence."""
    return parse_targets(text, catalogue)[0]


__all__ = [
    "Extraction",
    "read_report",
    "FLAG_ORDER",
    "MENTION_COLUMNS",
    "TARGET_COLUMNS",
    "UNKNOWN_METRIC",
    "ReportMeta",
    "Target",
    "detect_meta",
    "extract_report",
    "parse_report",
    "parse_target",
    "parse_targets",
]
