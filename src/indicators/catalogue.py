"""The metric catalogue: stable ASCII ids, Chinese names and aliases, English names, units, direction.

The catalogue (``data/reference/metrics.csv``) is data, not code: a new indicator is a new row.
Each metric belongs to a *concept* (what is measured, e.g. ``gdp``) and has a *measure* (how:
``growth``, ``level``, ``rate``, ``change_pp``, ``reduction``, ``level_change``, ``qualitative``),
so that one mention of 地区生产总值 can yield both the level and the growth figure beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .fileio import ReportError
from .paths import METRICS_CSV
from .trie import alternation

MEASURES = ("growth", "level", "rate", "change_pp", "reduction", "level_change", "qualitative")
DIRECTIONS = ("higher", "lower", "ceiling", "")
CATALOGUE_COLUMNS = (
    "metric",
    "concept",
    "measure",
    "name_zh",
    "name_en",
    "aliases_zh",
    "unit",
    "good_direction",
    "regional_comparison",
    "benchmark_metrics",
    "description",
)
#: aliases at least this long are also matched with one character missing (scraping damage)
FUZZY_MIN_LENGTH = 6


@dataclass(frozen=True)
class Mention:
    """A place in the text where an indicator is named."""

    start: int
    end: int
    concept: str
    alias: str
    inexact: bool  # matched with one character missing


@dataclass(frozen=True)
class MetricEntry:
    """One row of the catalogue."""

    metric: str
    concept: str
    measure: str
    name_zh: str
    name_en: str
    aliases_zh: str
    unit: str
    good_direction: str
    regional_comparison: str
    benchmark_metrics: str
    description: str


class Catalogue:
    """The metric table plus a scanner that finds indicator names in text."""

    def __init__(self, table: pd.DataFrame, source: str = "catalogue") -> None:
        self.source = source
        self._entries = {
            row["metric"]: MetricEntry(**{c: str(row[c]) for c in CATALOGUE_COLUMNS})
            for row in table.to_dict("records")
        }
        self._by_concept: dict[str, list[MetricEntry]] = {}
        for entry in self._entries.values():
            self._by_concept.setdefault(entry.concept, []).append(entry)
        variants: dict[str, tuple[str, str, bool]] = {}
        exact: dict[str, str] = {}
        for row in table.itertuples():
            for alias in str(row.aliases_zh).split("|"):
                alias = alias.strip()
                if alias:
                    exact.setdefault(alias, row.concept)
        for alias, concept in exact.items():
            if len(alias) >= FUZZY_MIN_LENGTH:
                for i in range(1, len(alias) - 1):
                    variant = alias[:i] + alias[i + 1 :]
                    if variant not in exact:
                        variants.setdefault(variant, (concept, alias, True))
        for alias, concept in exact.items():
            variants[alias] = (concept, alias, False)
        self._variants = variants
        self._pattern = re.compile(alternation(variants))

    def metric(self, metric_id: str) -> MetricEntry:
        return self._entries[metric_id]

    def __contains__(self, metric_id: object) -> bool:
        return metric_id in self._entries

    @property
    def ids(self) -> list[str]:
        return list(self._entries)

    def find_mentions(self, text: str) -> list[Mention]:
        """All indicator names in ``text``, longest match first, left to right, not overlapping."""
        found = []
        for match in self._pattern.finditer(text):
            concept, alias, inexact = self._variants[match.group(0)]
            found.append(Mention(match.start(), match.end(), concept, alias, inexact))
        return found

    def metric_for(self, concept: str, measure: str) -> str | None:
        """The metric id measuring ``concept`` by ``measure``, if the catalogue has one."""
        for entry in self._by_concept.get(concept, []):
            if entry.measure == measure:
                return entry.metric
        return None

    def measures_of(self, concept: str) -> list[str]:
        return [entry.measure for entry in self._by_concept.get(concept, [])]

    def default_metric(self, concept: str) -> str:
        """The concept's first metric in catalogue order (used when a target names no figure)."""
        return self._by_concept[concept][0].metric

    def label(self, metric_id: str, lang: str = "zh") -> str:
        """Display name of a metric in ``zh`` or ``en``."""
        entry = self._entries.get(metric_id)
        if entry is None:
            return metric_id
        return entry.name_en if lang == "en" else entry.name_zh


def read_catalogue_table(path: str | Path = METRICS_CSV) -> pd.DataFrame:
    """Read and check the catalogue CSV; a malformed row is an error that names the row."""
    path = Path(path)
    if not path.exists():
        raise ReportError(path, "metric catalogue not found")
    table = pd.read_csv(path, encoding="utf-8", dtype=str, keep_default_na=False)
    missing = [c for c in CATALOGUE_COLUMNS if c not in table.columns]
    if missing:
        raise ReportError(path, f"metric catalogue lacks columns: {', '.join(missing)}")
    problems = []
    if table.metric.duplicated().any():
        problems.append(f"duplicate ids {sorted(set(table.metric[table.metric.duplicated()]))}")
    for row in table.itertuples():
        if not re.fullmatch(r"[a-z][a-z0-9_]*", row.metric):
            problems.append(f"id {row.metric!r} is not snake_case ASCII")
        if row.measure not in MEASURES:
            problems.append(f"{row.metric}: measure {row.measure!r} not in {MEASURES}")
        if row.good_direction not in DIRECTIONS:
            problems.append(f"{row.metric}: good_direction {row.good_direction!r} not in {DIRECTIONS}")
    if problems:
        raise ReportError(path, "metric catalogue: " + "; ".join(problems))
    return table


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> Catalogue:
    return Catalogue(read_catalogue_table(path), source=path)


def load_catalogue(path: str | Path = METRICS_CSV) -> Catalogue:
    """The catalogue at ``path`` (cached until the file changes)."""
    path = Path(path)
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return _cached(str(path), mtime)
