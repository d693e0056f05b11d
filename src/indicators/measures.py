"""The measure that fits each kind of target, and the basis (price, period) a figure is on.

A ratio of two growth rates means nothing to a reader, so the analysis first says what kind of
target a row holds and then uses that kind's one measure, in every output:

=============  ==============================================================  =====================
kind           what                                                            measure
=============  ==============================================================  =====================
quantity       additive levels: jobs, grain, counts, amounts (个, 万人, 亿元)     actual ÷ target (完成率)
rate           growth, shares, changes in pp, intensities (%, pp)              gap in pp (to the band)
ceiling        a limit not to pass: CPI 3%左右, 以内, a bare lower-is-better number  headroom under it
relative       in step with GDP growth, above the provincial average            gap to the reference
qualitative    完成省下达任务: the report's verdict                                none
context        a figure beside a target, without a target of its own           none
=============  ==============================================================  =====================

The price basis of a growth rate (nominal, at current prices; real, at comparable prices) is the
catalogue's for the metric unless the report's words beside the figure say otherwise
(扣除价格因素实际增长9.0%). Figures on different bases are not compared.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .labels import KINDS, PRICE_BASES
from .values import as_number

if TYPE_CHECKING:
    from .catalogue import MetricEntry

__all__ = ["KINDS", "PRICE_BASES", "RATE_UNITS", "target_kind", "attainment_ratio", "gap_to_band", "headroom",
           "price_basis", "stated_price_basis", "figure_on_basis", "basis_words"]
RATE_UNITS = ("%", "pp")
#: the words for each basis, in both languages
PRICE_BASIS_WORDS = {
    "nominal": ("nominal (current prices)", "名义(现价)"),
    "real": ("real (comparable prices)", "实际(可比价)"),
}
#: words just before a figure that put it on a price basis (read in the simplified text)
_REAL_BEFORE_RE = re.compile(
    r"(?:扣除价格因素|按可比价格?计算|按不变价格?计算|可比价|不变价)[,，]?\s*(?:实际)?(?:增长|增速|增幅|为|达)?\s*$"
    r"|实际(?:增长|增速|增幅|上涨|下降)(?:率)?(?:为|达)?\s*$"
)
_NOMINAL_BEFORE_RE = re.compile(r"(?:名义|按现价计算[,，]?\s*)(?:增长|增速|增幅|上涨)?(?:率)?(?:为|达)?\s*$")
#: how far before a figure its basis words may start (characters)
_BASIS_WINDOW = 14


def target_kind(comparator: Any, unit: str | None, direction: str) -> str:
    """The kind of a row's target (see the module table). ``comparator`` empty: a context figure."""
    comparator = comparator if isinstance(comparator, str) and comparator else None
    if comparator is None:
        return "context"
    if comparator == "qualitative":
        return "qualitative"
    if comparator in ("in_step_with", "above_benchmark"):
        return "relative"
    if direction == "ceiling" or comparator == "at_most" or (comparator == "exact" and direction == "lower"):
        return "ceiling"
    return "rate" if unit in RATE_UNITS else "quantity"


def attainment_ratio(kind: str, actual: float | None, target: float | None) -> float | None:
    """actual ÷ target for a quantity (the report's own 完成率); None for every other kind."""
    if kind != "quantity" or actual is None or target is None or target <= 0:
        return None
    return actual / target


def gap_to_band(
    actual: float, target: float, high: float | None, comparator: str, tolerance: float | None
) -> float | None:
    """How far a figure lies outside the band of an ``about`` target or a range (0 inside, signed)."""
    if comparator == "about" and tolerance is not None:
        low, top = target - tolerance, target + tolerance
    elif comparator == "range" and high is not None:
        low, top = target, high
    else:
        return None
    if actual < low:
        return round(actual - low, 6)
    if actual > top:
        return round(actual - top, 6)
    return 0.0


def headroom(kind: str, actual: float | None, target: float | None, high: float | None = None) -> float | None:
    """Room left under a ceiling (ceiling − actual, in the target's unit); negative when it was passed."""
    if kind != "ceiling" or actual is None or target is None:
        return None
    return round((high if high is not None else target) - actual, 6)


def _quantities(text: str) -> list:
    """The extraction's quantities of ``text`` (imported here: the chart path never needs them)."""
    from .extraction.quantities import find_quantities

    return find_quantities(text)


def _figure_at(text: str, value: float) -> int | None:
    """Where in ``text`` the figure ``value`` (as a % or pp) is written; None when it is not."""
    for q in _quantities(text):
        if q.unit.display in RATE_UNITS and abs(abs(q.value) - abs(value)) < 1e-9:
            return q.start
    return None


def stated_price_basis(text: str, value: float | None) -> str:
    """``real`` or ``nominal`` when the words just before the figure ``value`` in ``text`` say so, else ``""``."""
    if not isinstance(text, str) or value is None:
        return ""
    from .extraction.text import to_simplified

    line = to_simplified(text)
    at = _figure_at(line, value)
    if at is None:
        return ""
    before = line[max(0, at - _BASIS_WINDOW) : at]
    if _REAL_BEFORE_RE.search(before):
        return "real"
    if _NOMINAL_BEFORE_RE.search(before):
        return "nominal"
    return ""


def price_basis(row: Mapping[str, Any], entry: MetricEntry | None) -> str:
    """The price basis of a row's achieved figure: the report's words, else the catalogue's, else ``""``."""
    stated = stated_price_basis(row.get("source_text"), as_number(row.get("actual_value")))
    return stated or (entry.price_basis if entry is not None else "")


def figure_on_basis(row: Mapping[str, Any], basis: str) -> float | None:
    """A growth figure on ``basis`` that the row's source line states after its own figure
    (居民人均可支配收入增长10.0%,扣除价格因素实际增长9.0% → 9.0 on ``real``); None when it states none."""
    text = row.get("source_text")
    actual = as_number(row.get("actual_value"))
    if not isinstance(text, str) or basis not in PRICE_BASIS_WORDS:
        return None
    from .extraction.text import to_simplified

    line = to_simplified(text)
    start = _figure_at(line, actual) if actual is not None else None
    pattern = _REAL_BEFORE_RE if basis == "real" else _NOMINAL_BEFORE_RE
    for q in _quantities(line):
        if q.unit.display != "%" or (start is not None and q.start <= start):
            continue
        if pattern.search(line[max(0, q.start - _BASIS_WINDOW) : q.start]):
            return -q.value if (actual is not None and actual < 0 < q.value) else q.value
    return None


def basis_words(basis: str, lang: str = "en") -> str:
    """``nominal (current prices)`` / ``名义(现价)``; the empty string for an unknown basis."""
    words = PRICE_BASIS_WORDS.get(basis)
    if words is None:
        return ""
    return words[0] if lang == "en" else words[1]
