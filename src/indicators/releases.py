"""Reference figures read from statistics releases: ``indicators benchmarks SOURCE.txt…``.

Next year's provincial and national figures come from dropping next year's release (a bureau's
communiqué or press conference, as a newspaper or a mirror site printed it) into
``data/reference/sources/`` and running this reader, not from typing numbers. A source file is the
text as retrieved, headed by ``# source: <address>`` (and, if known, ``# source_type: …`` and
``# published: …``), as in ``data/reference/sources/``.

The release is read with the extraction's own pieces, not a second grammar: the text is prepared as
reports are (:func:`indicators.extraction.text.prepare`: simplified characters, mirror glosses gone),
every figure is found with its unit (:func:`indicators.extraction.quantities.find_quantities`), its
indicator is the catalogue name just before it (:meth:`Catalogue.find_mentions`, the extraction's
``head_concept`` rule against names used as modifiers), and its verb is the extraction's
(:func:`indicators.extraction.cues.classify_verb`). What is particular to releases lives here: the
region a figure is about (全国, the province, a city), the price basis words (扣除价格因素实际增长 →
``<metric>_real``, 同口径 → ``<metric>_comparable``), the currency of a growth rate (from the level
beside it), gaps stated against another region (比全省高5.2个百分点), and the choice between sources
that give the same figure.

Rules of the choice, in order: a stated figure beats an estimate (预计) and a derived one; a
statistics bureau's communiqué beats its release, which beats other bodies' releases, which beat a
government work report and unattributed copies; between two releases of the same standing with
different figures, the later one is a revision, written as ``<metric>_final`` beside the first
(what a report written at the time could know). Two figures of the same standing that cannot be
ordered are both left out and the conflict is reported. A figure derived from a city's own release
(the city's figure minus the lead it claims) is typed ``derived-from-city-statistics-bureau``: the
analysis never uses it to confirm that city's claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from . import periods as g
from .benchmarks import BENCHMARK_COLUMNS, OPTIONAL_COLUMNS
from .catalogue import Catalogue, load_catalogue
from .extraction.cues import classify_verb
from .extraction.mention_groups import head_concept
from .extraction.quantities import convert, find_quantities, parse_unit
from .extraction.text import Document, prepare
from .fileio import ReportError, read_report_text, write_text_atomic
from .paths import DATA_REFERENCE

#: a benchmark file's columns (``benchmarks``), then where in the release each figure was read
COLUMNS = (*BENCHMARK_COLUMNS, *OPTIONAL_COLUMNS, "source_file", "source_line")
NATIONAL = "china"
NATIONAL_WORDS = ("全国", "我国", "中国")
PROVINCE_WORDS = ("全省", "我省", "本省")
CITY_WORDS = ("全市", "我市", "本市")
#: standing of a source type (the first word that matches the type): higher wins a conflict
STANDING = (
    ("statistics-bureau-communique", 6),
    ("statistics-bureau", 5),
    ("customs", 4),
    ("environment", 4),
    ("finance-ministry", 4),
    ("data-portal", 3),
    ("government-work-report", 2),
    ("derived-from-provincial", 1),
    ("derived-from-national", 1),
    ("derived-from-city", 0),
)
_HEADER_RE = re.compile(r"^#\s*(source|source_type|published)\s*:\s*(.+?)\s*$")
_SENTENCE_RE = re.compile(r"[^。;；!！?？]+[。;；!！?？]?")
_BRACKETS_RE = re.compile(r"[(（[【][^()（）\[\]【】]{0,40}[)）\]】]")
_YEAR_RE = re.compile(r"(?<![\d.])((?:19|20)\d\d)年(?!末|底)")
_DATE_RE = re.compile(r"(?<![\d.])(20\d\d)\s*([-年/.])\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})(?![\d.%个])")
_URL_DATE_RE = re.compile(r"(?<!\d)(20\d\d)[-/]?(\d\d)[-/]?(\d\d)(?!\d)|(?<!\d)(20\d\d)/(\d{1,2})/")
_KANA_RE = re.compile(r"[\u3040-\u30ff]")
_ESTIMATE_RE = re.compile(r"预计|预估|初步测算")
_BASIS_LEAD_RE = re.compile(r"^[\s,，]*(?:扣除价格因素|实际增长|按可比价|按不变价)")
_AVERAGE_RE = re.compile(r"(?:两|三|五)年平均|年均")
_TARGET_AFTER_RE = re.compile(r"^[^,，。;；]{0,10}?(?:的)?(?:全年|年度)?(?:预期|计划)?(?:目标|任务)")
_TARGET_BEFORE_RE = re.compile(r"(?:目标|任务数?|计划|预期|低于|高于|超过|突破|逾)[^,，。;；\d]{0,4}$")
_GROWTH_WORD_RE = re.compile(r"增长|增速|增幅|涨幅|上涨|下降|降低|降幅|回落|减少|提高|上升")
_REAL_RE = re.compile(r"扣除价格因素|实际(?:增长|增速|增幅)|按可比价|按不变价")
_NOMINAL_RE = re.compile(r"名义")
_COMPARABLE_RE = re.compile(r"同口径|可比口径")
_MODIFIER_BEFORE_RE = re.compile(r"(?:人均|万元|单位|每)$")
_GAP_RE = re.compile(
    r"(?P<pre>比|较|高于|低于|快于|慢于|超过|超出)(?P<region>全国|全省|我国|{provinces})(?:平均)?(?:水平)?"
    r"(?:增速|增幅)?(?P<dir>高|快|低|慢|多|少)?\s*$"
)


@dataclass
class Figure:
    """One reference figure read in a source (or derived from a stated gap)."""

    region: str
    metric: str
    value: float
    unit: str
    year: int
    basis: str = ""
    how_obtained: str = "stated"
    source_url: str = ""
    source_snippet: str = ""
    source_type: str = ""
    published: str = ""
    source_file: str = ""
    source_line: int = 0
    estimate: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def standing(self) -> float:
        rank = next((r for prefix, r in STANDING if self.source_type.startswith(prefix)), 1.5)
        return rank - (2.5 if self.estimate else 0)

    def row(self) -> dict:
        how = self.how_obtained + ("".join(f"; {n}" for n in dict.fromkeys(self.notes)))
        return {
            "region": self.region,
            "metric": self.metric,
            "value": self.value,
            "unit": self.unit,
            "basis": self.basis,
            "how_obtained": how,
            "source_url": self.source_url,
            "source_snippet": self.source_snippet,
            "source_type": self.source_type,
            "published": self.published,
            "source_file": self.source_file,
            "source_line": self.source_line,
        }


@dataclass
class Gap:
    """``比全省高5.2个百分点``: the subject region's figure minus another region's, as stated."""

    region: str  # the region the sentence is about
    level: str  # its level: national, province or city
    other: str  # the region it is compared with
    metric: str
    gap: float
    own: float | None  # the subject's own figure, when the sentence gives it
    basis: str  # the basis of that figure (a currency, nominal, real), which the derived figure shares
    unit: str
    year: int
    source: Figure  # where it was said (source columns)


@dataclass
class Reading:
    """Everything read in one source: its figures, its stated gaps and what could not be read."""

    source_file: str
    figures: list[Figure]
    gaps: list[Gap]
    notes: list[str]


@dataclass(frozen=True)
class Regions:
    """Region words of the reference files: provinces and cities by their Chinese names."""

    provinces: dict[str, str]  # 安徽 → anhui
    cities: dict[str, tuple[str, str]]  # 芜湖 → (wuhu, anhui)

    @classmethod
    def load(cls, path: Path = DATA_REFERENCE / "regions.csv") -> Regions:
        table = pd.read_csv(path, encoding="utf-8", dtype=str).fillna("")
        provinces = {r.province_zh: r.province_id for r in table.itertuples() if r.province_zh}
        cities = {r.city_zh: (r.city_id, r.province_id) for r in table.itertuples() if r.city_zh}
        return cls(provinces, cities)

    def words(self) -> list[tuple[str, str, str]]:
        """(word, level, region id), longest words first."""
        out = [(w, "national", NATIONAL) for w in NATIONAL_WORDS]
        out += [(w, "province", "") for w in PROVINCE_WORDS] + [(w, "city", "") for w in CITY_WORDS]
        out += [(zh, "province", pid) for zh, pid in self.provinces.items()]
        out += [(zh, "city", cid) for zh, (cid, _) in self.cities.items()]
        return sorted(out, key=lambda w: -len(w[0]))


# --- one source ----------------------------------------------------------------------------------


def read_release(
    text: str,
    source_file: str = "<text>",
    catalogue: Catalogue | None = None,
    regions: Regions | None = None,
    year: int | None = None,
) -> Reading:
    """The reference figures of one release text (see the module docstring for the rules)."""
    catalogue = catalogue or load_catalogue()
    regions = regions or Regions.load()
    header = _header(text)
    name = Path(source_file).name
    if _KANA_RE.search(text):
        return Reading(name, [], [], [f"{name}: not read: a Japanese text (the reader reads Chinese releases)"])
    doc = prepare(text)
    year = year or _year(doc, name)
    if year is None:
        return Reading(name, [], [], [f"{name}: not read: no year in the text or the file name (give --year)"])
    home = _home_region(doc, regions, name)
    source = Figure(
        region="",
        metric="",
        value=0.0,
        unit="",
        year=year,
        source_url=header.get("source", ""),
        source_type=header.get("source_type") or _source_type(doc.text, header.get("source", "")),
        published=header.get("published") or _published(text, header.get("source", "")),
        source_file=name,
    )
    figures: list[Figure] = []
    gaps: list[Gap] = []
    for i, line in enumerate(doc.lines):
        sentences: list[tuple[int, str]] = []
        for m in _SENTENCE_RE.finditer(line):
            if sentences and _BASIS_LEAD_RE.match(m.group(0)):  # "…增长9.1%;扣除价格因素实际增长8.1%": one subject
                start, text_so_far = sentences[-1]
                sentences[-1] = (start, text_so_far + m.group(0))
            else:
                sentences.append((m.start(), m.group(0)))
        for start, sentence in sentences:
            _read_sentence(doc, i, start, sentence, catalogue, regions, home, source, figures, gaps)
    notes = [] if figures or gaps else [f"{name}: no reference figure found"]
    return Reading(name, figures, gaps, notes)


def _read_sentence(
    doc: Document,
    i: int,
    offset: int,
    sentence: str,
    catalogue: Catalogue,
    regions: Regions,
    home: tuple[str, str],
    source: Figure,
    figures: list[Figure],
    gaps: list[Gap],
) -> None:
    partial = any(m.group("sub") or m.group("m_to") or m.group("month") for m in g.SUB_PERIOD_RE.finditer(sentence))
    if partial:
        return  # a part of the year: not a reference for the whole year
    estimated = _ESTIMATE_RE.search(sentence)
    estimate = bool(estimated)
    blanked = _BRACKETS_RE.sub(lambda m: " " * len(m.group(0)), sentence)  # asides are no subject
    if blanked.lstrip(" ,，").startswith("其中") and _region_before(blanked, regions, ("", "")) == ("", ""):
        return  # the parts of a whole just given (其中, 出口…), unless they are another region's (其中,安徽…)
    mentions = [
        x for x in catalogue.find_mentions(blanked)
        if not x.inexact and not _MODIFIER_BEFORE_RE.search(blanked[: x.start])
    ]
    gap_re = re.compile(_GAP_RE.pattern.format(provinces="|".join(map(re.escape, regions.provinces)) or "省"))
    for q in find_quantities(sentence):
        if q.descriptor or q.qualifier in ("at_least", "at_most"):
            continue
        before = [x for x in mentions if x.end <= q.start]
        if not before:
            continue
        mention = before[-1]
        gap_text = _BRACKETS_RE.sub("", blanked[mention.end : q.start])
        if _AVERAGE_RE.search(gap_text[-8:]) or _TARGET_BEFORE_RE.search(gap_text) or _TARGET_AFTER_RE.match(
            sentence[q.end :]
        ):
            continue
        head = head_concept(blanked[mention.start : mention.end], catalogue)
        concept = head[0] if head else mention.concept
        region = _region_before(blanked[: mention.start], regions, home)
        compared = gap_re.search(blanked[: q.start])
        unit = q.unit.display
        start = mention.start
        if q.start - mention.end > 30:  # a subject far back: quote from the clause of the figure
            start = max(start, max((m.end() for m in re.finditer(r"[,，:：]", sentence[: q.start])), default=0))
        snippet = _as_received(doc, i, offset + start, offset + q.end)
        if compared and unit == "pp":
            _read_gap(compared, q, concept, gap_text, sentence, region, regions, home, catalogue, source, figures,
                      gaps, snippet, i)
            continue
        figure = _figure(q, concept, gap_text, sentence, catalogue)
        if figure is None:
            continue
        metric, value, unit_out, basis, how = figure
        if any(f.region == region[1] and f.metric == metric for f in figures):
            continue  # the first figure of an indicator in a text is its headline; later ones are parts or repeats
        figures.append(
            replace(
                source,
                region=region[1],
                metric=metric,
                value=value,
                unit=unit_out,
                basis=basis,
                how_obtained=(f"estimate ({estimated.group(0)}), not a final statistic" if estimated else how),
                source_snippet=snippet,
                source_line=i + 1,
                estimate=estimate or q.qualifier == "about",
                notes=[],
            )
        )


def _figure(q, concept: str, gap_text: str, sentence: str, catalogue: Catalogue):
    """(benchmark id, value, unit, basis words, how obtained) of a figure of ``concept``, or None."""
    unit = q.unit.display
    measures = catalogue.measures_of(concept)
    verb = classify_verb(gap_text)
    value = q.value
    if unit == "%":
        growth_word = _GROWTH_WORD_RE.search(gap_text)
        if "rate" in measures and not growth_word:
            measure = "rate"
        elif "reduction" in measures and verb == "down":
            measure = "reduction"
        elif growth_word or verb in ("up", "down"):
            measure = "growth"
            value = -value if verb == "down" else value
        else:
            return None
    elif unit == "pp":
        if verb not in ("up", "down"):
            return None
        measure, value = "change_pp", (-value if verb == "down" else value)
    elif verb in (None, "to"):
        measure = "level"
    else:
        return None
    metric = catalogue.metric_for(concept, measure)
    if metric is None:
        return None
    entry = catalogue.metric(metric)
    how = "stated"
    if measure == "level" and entry.unit and unit != entry.unit:
        converted = convert(value, q.unit, parse_unit(entry.unit))
        if converted is None:
            return None
        how = f"stated as {_fmt(value)} {unit}; converted to {entry.unit}"
        value, unit = converted, entry.unit
    ids = [i.strip() for i in entry.benchmark_metrics.split("|") if i.strip()] or [metric]
    basis = ""
    if len(ids) > 1:  # bases told apart by currency: the level beside the growth rate says which
        currency = _currency(sentence[: q.start])
        wanted = {"CNY": "_cny", "USD": "_usd"}.get(currency or "")
        ids = [i for i in ids if wanted and i.endswith(wanted)]
        if not ids:
            return None
        basis = {"CNY": "RMB", "USD": "USD"}[currency]
    bench = ids[0]
    if bench.startswith("-"):
        bench, value = bench[1:], -value
    words = gap_text[-16:]
    if measure == "growth" and _REAL_RE.search(words) and entry.price_basis != "real":
        bench, basis = f"{bench}_real", "real (price-adjusted)"
    elif measure == "growth" and _COMPARABLE_RE.search(gap_text):
        bench, basis = f"{bench}_comparable", "同口径 (like-for-like basis)"
    elif measure == "growth" and _NOMINAL_RE.search(words):
        basis = "nominal"
    elif not basis and entry.price_basis:
        basis = {"real": "comparable prices", "nominal": "nominal"}[entry.price_basis]
    return bench, round(value, 6), unit, basis, how


def _read_gap(compared, q, concept, gap_text, sentence, region, regions, home, catalogue, source, figures, gaps,
              snippet, i) -> None:
    """A stated gap to another region: kept to derive that region's (or this one's) figure later."""
    sign = -1.0 if (compared.group("pre") in ("低于", "慢于") or compared.group("dir") in ("低", "慢", "少")) else 1.0
    words = compared.group("region")
    other = NATIONAL if words in ("全国", "我国") else regions.provinces.get(words)
    other = other or _province_of(region, regions, home)
    metric = catalogue.metric_for(concept, "growth" if _GROWTH_WORD_RE.search(sentence) else "rate")
    if metric is None or other is None:
        return
    own = next((f for f in reversed(figures) if f.source_line == i + 1 and f.region == region[1]
                and f.metric.startswith(metric)), None)
    if own is not None and own.metric != metric:
        metric = own.metric  # a currency or price basis read from the figure itself
    if own is None and region[0] == "city":
        return
    gaps.append(Gap(region=region[1], level=region[0], other=other, metric=metric, gap=sign * q.value,
                    own=own.value if own else None, basis=own.basis if own else "", unit="%", year=source.year,
                    source=replace(source, source_snippet=snippet, source_line=i + 1)))


def _province_of(region: tuple[str, str], regions: Regions, home: tuple[str, str]) -> str | None:
    """The province a 全省 refers to: the city's province, else the text's own province."""
    if region[0] == "city":
        for cid, pid in regions.cities.values():
            if cid == region[1]:
                return pid
    if region[0] == "province":
        return region[1]
    return home[1] if home[0] == "province" else None


def _region_before(text: str, regions: Regions, home: tuple[str, str]) -> tuple[str, str]:
    """(level, region id) of the region word nearest before a subject, else the text's own region."""
    best = None
    for word, level, rid in regions.words():
        at = text.rfind(word)
        if at >= 0 and (best is None or at > best[0]):
            best = (at, level, rid)
    if best is None:
        return home
    _, level, rid = best
    if rid:
        return level, rid
    if level == "province":
        return level, home[1] if home[0] == "province" else _city_province(home, regions) or ""
    return home if home[0] == level else (level, "")


def _city_province(home: tuple[str, str], regions: Regions) -> str | None:
    return next((pid for cid, pid in regions.cities.values() if cid == home[1]), None)


def _home_region(doc: Document, regions: Regions, name: str) -> tuple[str, str]:
    """The region a text is about: the region it names most often (not as the other side of a comparison:
    比全国, 居全国); 全市 and 全省 count for the city or province the text names; with no region word, the
    region its file name begins with (``anhui-2021-…``)."""
    text = doc.text
    counts: dict[tuple[str, str], int] = {}
    for word, level, rid in regions.words():
        for m in re.finditer(re.escape(word), text):
            if text[max(0, m.start() - 2) : m.start()].endswith(("比", "居", "于", "较", "过")):
                continue
            counts[(level, rid)] = counts.get((level, rid), 0) + 1
    for level in ("city", "province"):
        anonymous = counts.pop((level, ""), 0)
        named = [k for k in counts if k[0] == level]
        if anonymous and named:
            counts[max(named, key=counts.get)] += anonymous
    prefix = name.split("-", 1)[0]
    if not counts:
        return ("national", NATIONAL) if prefix == NATIONAL else ("province", prefix)
    return max(counts, key=lambda k: (counts[k], k[1] == prefix))


def _currency(before: str) -> str | None:
    """The currency of the money figure nearest before a growth rate (its level), if any."""
    for q in reversed(find_quantities(before)):
        if q.unit.dimension == "money_usd":
            return "USD"
        if q.unit.dimension == "money":
            return "CNY"
    return None


def _as_received(doc: Document, i: int, start: int, end: int) -> str:
    """The characters ``start:end`` of line ``i`` as the source file has them (glosses and all)."""
    mapping = doc.maps[i] if doc.maps else None
    if mapping is None:
        return doc.original[i][start:end]
    return doc.source(i)[mapping[start] : mapping[end - 1] + 1]


def _header(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER_RE.match(line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def _year(doc: Document, name: str) -> int | None:
    """The year a release speaks of: the year it names most, else the one in its file name."""
    counts: dict[int, int] = {}
    for m in _YEAR_RE.finditer(doc.text):
        counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
    found = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", name)
    named = int(found.group(1)) if found else None
    if counts:
        return max(counts, key=lambda y: (counts[y], y == named, y))
    return named


def _source_type(text: str, url: str) -> str:
    """What kind of document a text is, from its own words; where it was read, from its address."""
    if "统计公报" in text and "统计局" in text:
        kind = "statistics-bureau-communique"
    elif re.search(r"市统计局", text):
        kind = "city-statistics-bureau-release"
    elif "统计局" in text:
        kind = "statistics-bureau-release"
    elif "海关" in text:
        kind = "customs-release"
    elif "生态环境" in text:
        kind = "environment-bulletin"
    elif "政府工作报告" in text:
        kind = "government-work-report"
    else:
        return "unattributed"
    official = re.match(r"https?://[^/]*(?:stats\.gov\.cn|gov\.cn)(?:/|$)", url or "")
    return f"{kind}-{'official-site' if official else 'via-copy'}"


def _published(text: str, url: str) -> str:
    """The date a text shows (its first), else the one in its address, else empty."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    for m in _DATE_RE.finditer(body):
        month, day = int(m.group(3)), int(m.group(4))
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{m.group(1)}-{month:02d}-{day:02d}"
    m = _URL_DATE_RE.search(url or "")
    if m and m.group(1):
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    if m:
        return f"{m.group(4)}-{int(m.group(5)):02d}"
    return ""


# --- several sources ----------------------------------------------------------------------------


def merge_readings(readings: list[Reading], regions: Regions | None = None) -> tuple[pd.DataFrame, list[str]]:
    """One reference table (a ``year`` column) from the readings of several sources, and what was said
    about them: sources that agree, a figure revised, a conflict left out, a figure derived from a gap."""
    regions = regions or Regions.load()
    keep = set(regions.provinces.values()) | {NATIONAL}
    notes = [n for r in readings for n in r.notes]
    by_key: dict[tuple, list[Figure]] = {}
    for reading in readings:
        for figure in reading.figures:
            if figure.region in keep:
                by_key.setdefault((figure.region, figure.metric, figure.year), []).append(figure)
    chosen: dict[tuple, Figure] = {}
    for key, figures in by_key.items():
        chosen.update(_choose(key, figures, notes))
    for reading in readings:
        for gap in reading.gaps:
            _derive(gap, chosen, keep, notes)
    rows = [dict(f.row(), year=f.year) for f in chosen.values()]
    table = pd.DataFrame(rows, columns=[*COLUMNS, "year"])
    return table.sort_values(["year", "region", "metric"], kind="stable").reset_index(drop=True), notes


def _same(a: float, b: float) -> bool:
    """Equal at the precision of the less precise figure (123.4 and 123.42 are one figure, rounded)."""
    digits = min(_decimals(a), _decimals(b))
    return abs(round(a, digits) - round(b, digits)) < 1e-9


def _decimals(value: float) -> int:
    text = f"{value:.6f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def _choose(key: tuple, figures: list[Figure], notes: list[str]) -> dict[tuple, Figure]:
    figures = sorted(figures, key=lambda f: (-f.standing, f.published or "9999", f.source_file))
    best = figures[0]
    others = figures[1:]
    agreeing = [f for f in others if _same(f.value, best.value)]
    differing = [f for f in others if not _same(f.value, best.value)]
    also = sorted({f.source_file for f in agreeing} - {best.source_file})
    if also:
        best.notes.append("the same figure in " + ", ".join(also))
    out = {key: best}
    for other in differing:
        where = f"{other.source_file} ({other.source_type or 'source type not stated'})"
        if other.standing < best.standing:
            best.notes.append(f"{where} gives {_fmt(other.value)}, a lesser source: not used")
        elif other.published and best.published and other.published != best.published:
            region, metric, year = key
            final = replace(other, metric=f"{metric}_final", notes=[
                f"a revision, published {other.published}, of the {_fmt(best.value)} published {best.published}"])
            out[(region, f"{metric}_final", year)] = final
        else:
            notes.append(
                f"{key[0]} {key[1]} {key[2]}: {best.source_file} gives {_fmt(best.value)}, {where} gives "
                f"{_fmt(other.value)}, and neither stands above the other: both left out (keep one source)"
            )
            return {}
    return out


def _derive(gap: Gap, chosen: dict[tuple, Figure], keep: set[str], notes: list[str]) -> None:
    """A figure worked out from a stated gap: the other region's (own figure − gap), or, where the text
    gives no own figure, this region's (the other's figure + gap)."""
    level = gap.level  # the level of the region that states the gap
    if gap.own is not None:
        region, value = gap.other, gap.own - gap.gap
        how = (f"derived: {gap.region} {_fmt(gap.own)} minus the {_fmt(gap.gap)} pp lead it states over "
               f"{gap.other}")
        kind = {"city": "derived-from-city-statistics-bureau", "province": "derived-from-provincial-statistics-bureau",
                "national": "derived-from-national-statistics-bureau"}.get(level, "derived")
        if level == "city":
            how += f"; NOT independent of {gap.region}'s own figures"
    else:
        base = chosen.get((gap.other, gap.metric, gap.year))
        if base is None:
            return
        region, value = gap.region, base.value + gap.gap
        how = (f"derived: {gap.other} {_fmt(base.value)} ({base.source_file}) plus the {_fmt(gap.gap)} pp gap "
               f"{gap.region} states")
        kind = "derived-from-provincial-statistics-bureau" if level == "province" else "derived"
    if region not in keep:
        return
    key = (region, gap.metric, gap.year)
    basis = gap.basis if gap.own is not None else base.basis
    derived = replace(gap.source, region=region, metric=gap.metric, value=round(value, 6), unit=gap.unit,
                      basis=basis, how_obtained=how, source_type=kind, notes=[])
    present = chosen.get(key)
    if present is None:
        chosen[key] = derived
    elif not _same(present.value, derived.value):
        notes.append(f"{region} {gap.metric} {gap.year}: {present.source_file} gives {_fmt(present.value)}, but "
                     f"{gap.source.source_file} implies {_fmt(derived.value)} ({how})")
    elif present.how_obtained.startswith("derived") and derived.standing > present.standing:
        chosen[key] = derived
    else:
        present.notes.append(f"agrees with {_fmt(derived.value)} {how.replace('derived: ', 'derived from ')}"
                             f" ({gap.source.source_file})")


# --- files -----------------------------------------------------------------------------------------


def read_sources(sources: list[str | Path], year: int | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Read release files (a folder: every ``*.txt`` in it) into one reference table with a ``year`` column."""
    catalogue, regions = load_catalogue(), Regions.load()
    paths: list[Path] = []
    for source in sources:
        source = Path(source)
        if source.is_dir():
            paths += sorted(source.glob("*.txt"))
        elif source.exists():
            paths.append(source)
        else:
            raise ReportError(source, "source not found")
    if not paths:
        raise ReportError(Path(sources[0]) if sources else Path("."), "no release text to read")
    readings = [read_release(read_report_text(p), str(p), catalogue, regions, year) for p in paths]
    return merge_readings(readings, regions)


def write_benchmarks(table: pd.DataFrame, folder: str | Path = DATA_REFERENCE, force: bool = False) -> list[Path]:
    """Write one ``benchmarks-<year>.csv`` per year of ``table`` into ``folder`` (atomically). An existing
    file (a hand-checked one) is never replaced unless ``force``."""
    folder = Path(folder)
    written = []
    for year, rows in table.groupby("year", sort=True):
        path = folder / f"benchmarks-{int(year)}.csv"
        if path.exists() and not force:
            raise ReportError(path, "exists (a hand-checked file?): give --out another folder, or --force")
        write_text_atomic(path, rows[list(COLUMNS)].to_csv(index=False))
        written.append(path)
    return written


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
