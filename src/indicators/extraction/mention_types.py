"""What reading a block gives: its mentions (figures with their roles), its claims (statements without a
figure), and the patterns the reading and the grouping of mentions share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import periods as g
from ..catalogue import Catalogue
from .model import Block
from .quantities import Unit

#: roles a figure can have; only targets and actuals become the two sides of a row
ROLES = (
    "other_comparison",
    "target",
    "actual",
    "completion",
    "target_gap",
    "provincial_avg",
    "provincial_gap",
    "national_avg",
    "national_gap",
    "rank",
    "baseline",
    "projection",
    "part",
    "descriptor",
    "group_count",
)

#: 城乡居民收入分别增长a、b: the two halves of a compound subject
COMPOUNDS = {"城乡": ("城镇", "农村")}
@dataclass
class Mention:
    """One figure of a block (offsets are into the span's text; ``line`` is the report's line)."""

    span: int
    line: int
    start: int
    end: int
    text: str
    value: float
    high: float | None
    unit: Unit
    qualifier: str | None
    role: str
    verb: str | None = None
    subject: str = ""
    concept: str | None = None
    inexact: bool = False
    period: g.Period | None = None
    estimated: bool = False
    damaged: bool = False
    cued: bool = False  # a cue word decided the role (not the kind of text it is in)
    inherited: bool = False  # the subject was taken from the figure before
    sentence: int = 0
    clause: int = 0
    data: dict = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def is_level(self) -> bool:
        return self.unit.dimension not in ("percent", "points")


@dataclass
class Claim:
    """A statement without a figure of its own: 高于全国平均水平, 已完成, 序时推进, a relative target."""

    span: int
    line: int
    start: int
    kind: str  # comparison, outcome, in_step, above, same_as_region, qualitative
    text: str
    data: dict = field(default_factory=dict)


@dataclass
class Reading:
    """What was read in one block."""

    block: Block
    mentions: list[Mention]
    claims: list[Claim]
    catalogue: Catalogue | None = None


# --- patterns shared by the reading and the grouping ------------------------------------------------

LIST_SEP_RE = re.compile(r"、|和|及|与|以及")
STOP_RE = re.compile(r"[。!！?？]")
JOINER_RE = re.compile(r"\s*(?:和|与|及|、|,|，)?\s*")
BREAK_RE = re.compile(r"[,，;；。、和及]")
FIGURE_NEXT_RE = re.compile(r"(?:任务|计划)?(?:数|量)?的?\s*\d")
VERB_ONLY_RE = re.compile(
    r"^(?:新建|建成|建设|改造|实施|开工|新开工|完成|新增|引进|培育|认证|新认证|开展|解决|建|新|扩建|提升|累计|"
    r"新建或改造|升级改造|巩固提升|实现|达到|投入|计划|涉及|已改造|已开工|正在实施|推动|推进|启动|打造|"
    r"竣工|完工|主体完工|交付使用|交付|投用|投入使用|在建|动工|已建成|已竣工|已完工|基本建成|基本完工|建成投用|"
    r"超出|超过|高于|低于|好于|优于|快于|慢于)*$"
)


def is_verb_only(text: str) -> bool:
    return bool(VERB_ONLY_RE.match(text))
