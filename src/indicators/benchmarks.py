"""Official provincial and national reference figures (``data/reference/benchmarks-*.csv``).

A reference file that is missing, empty or unreadable is an error naming it, never an empty table:
without it the provincial and national comparisons (and the findings that rest on them) would
vanish without a word. What the files do not cover (another year, a city not in ``regions.csv``)
is a warning that the analysis carries into its outputs (:func:`coverage_warnings`).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from .fileio import ReportError, read_input_bytes, warn
from .paths import BENCHMARK_GLOB, DATA_REFERENCE

BENCHMARK_COLUMNS = (
    "region",
    "metric",
    "value",
    "unit",
    "basis",
    "how_obtained",
    "source_url",
    "source_snippet",
)
#: columns a benchmark file may leave out (older files): what kind of document a figure was read in, and when
#: it was published; an empty source_type reads "not stated"
OPTIONAL_COLUMNS = ("source_type", "published")
#: source types of figures worked out from a city's own claims: never independent of that city's report
CITY_DERIVED = "derived-from-city-"
#: the report's words for the regions of a benchmark
REGION_LEVELS = {"national": ("china",)}
REGIONS_CSV = DATA_REFERENCE / "regions.csv"
REGION_COLUMNS = ("city_zh", "city_id", "province_id")
#: basis words that name a currency; growth rates on different currencies are not comparable
CURRENCY_BASES = {"RMB": "CNY", "CNY": "CNY", "USD": "USD"}


def load_benchmarks(folder: str | Path = DATA_REFERENCE) -> pd.DataFrame:
    """All benchmark files in ``folder`` as one table with a ``year`` column.

    The year comes from a ``year`` column when the file has one, else from the file name
    (``benchmarks-2021.csv``), so an analyst can add a file per year or add rows with a year.
    """
    folder = Path(folder)
    frames = []
    paths = sorted(folder.glob(BENCHMARK_GLOB))
    if not paths:
        raise ReportError(
            folder / BENCHMARK_GLOB,
            "no reference figures: provincial and national comparisons need at least one benchmarks file",
        )
    for path in paths:
        table = read_reference_csv(path, "benchmark file", dtype={"basis": str, "how_obtained": str})
        missing = [c for c in BENCHMARK_COLUMNS if c not in table.columns]
        if missing:
            raise ReportError(path, f"benchmark file lacks columns: {', '.join(missing)}")
        if "year" not in table.columns:
            found = re.search(r"(19|20)\d\d", path.name)
            if not found:
                raise ReportError(path, "benchmark file has no year column and no year in its name")
            table["year"] = int(found.group(0))
        if table["value"].isna().any() or not pd.api.types.is_numeric_dtype(table["value"]):
            raise ReportError(path, "benchmark values must all be numbers")
        table["file"] = path.name
        frames.append(table)
    out = pd.concat(frames, ignore_index=True)
    out["year"] = out["year"].astype(int)
    for column in OPTIONAL_COLUMNS:
        if column not in out.columns:
            out[column] = ""
    for column in ("basis", "how_obtained", "source_url", "source_snippet", *OPTIONAL_COLUMNS):
        out[column] = out[column].fillna("").astype(str)
    return out


def read_reference_csv(path: str | Path, what: str, **read_csv) -> pd.DataFrame:
    """A reference CSV file, read safely: a regular file, UTF-8, with a header and at least one row.

    Raises:
        ReportError: the file is missing, empty, not UTF-8 or not a readable CSV (named).
    """
    path = Path(path)
    data = read_input_bytes(path, what=what)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportError(path, f"{what} is not UTF-8 text (byte {exc.start})") from exc
    if not text.strip():
        raise ReportError(path, f"{what} is empty")
    try:
        table = pd.read_csv(io.StringIO(text), **read_csv)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ReportError(path, f"{what} is not a readable CSV: {first}") from exc
    if table.empty:
        raise ReportError(path, f"{what} has a header but no rows")
    return table


def province_of(city: str | None, regions_csv: Path = REGIONS_CSV) -> str | None:
    """Region id of the province a city belongs to (from ``data/reference/regions.csv``).

    Raises:
        ReportError: a city is given and ``regions.csv`` is missing, empty or lacks its columns.
    """
    if not city:
        return None
    if not Path(regions_csv).exists():
        raise ReportError(regions_csv, f"regions file not found; it gives the province of {city!r}")
    regions = read_reference_csv(regions_csv, "regions file", dtype=str)
    missing = [c for c in REGION_COLUMNS if c not in regions.columns]
    if missing:
        raise ReportError(regions_csv, f"regions file lacks columns: {', '.join(missing)}")
    name = city.removesuffix("市")
    hit = regions[(regions.city_zh == name) | (regions.city_id == city)]
    if hit.empty:
        warn(regions_csv, f"city {city!r} is not listed: its province is unknown, so no provincial comparison")
        return None
    return str(hit.province_id.iloc[0])


def coverage_warnings(
    benchmarks: pd.DataFrame, year: object, province: str | None, where: str | Path, city: str | None = None
) -> list[str]:
    """Warn (and return the warnings) where the reference figures do not cover a report.

    ``where`` names the report's table; the warnings say which comparisons are missing and why. (A
    city missing from ``regions.csv`` was already told by :func:`province_of`.)
    """
    said = []
    if province is None and not city:
        said.append(warn(where, "no city in the report's metadata, so no province: provincial averages are "
                                "not compared (give --province, or city in the .source.yml)"))
    try:
        year = int(year) if year is not None and str(year).strip() else None
    except (TypeError, ValueError):
        year = None
    if year is None:
        return said
    covered = benchmarks[benchmarks["year"] == year] if "year" in benchmarks else benchmarks.iloc[0:0]
    if covered.empty:
        said.append(warn(where, f"no reference figures for {year} in {BENCHMARK_GLOB}: provincial and national "
                                f"averages are not compared (add benchmarks-{year}.csv)"))
        return said
    if province is not None and not (covered["region"] == province).any():
        said.append(warn(where, f"no reference figures for {province} in {year}: provincial averages not compared"))
    return said


def currency_of(basis: str) -> str | None:
    """``CNY``/``USD`` when a benchmark's basis names a currency."""
    return CURRENCY_BASES.get(str(basis).strip().upper())


def city_of_report_id(report_id: str, regions_csv: Path = REGIONS_CSV) -> str | None:
    """The city a report id names by its leading words (``luan-2021-annual`` → 六安市), when ``regions.csv``
    lists it; None otherwise (a missing regions file included: extraction does not need it)."""
    if not Path(regions_csv).exists():
        return None
    try:
        regions = pd.read_csv(regions_csv, encoding="utf-8", dtype=str)
    except (ValueError, OSError, UnicodeDecodeError):
        return None
    if not {"city_id", "city_zh"} <= set(regions.columns):
        return None
    words = report_id.split("-")
    for n in (2, 1):  # suzhou-ah before suzhou
        hit = regions[regions.city_id == "-".join(words[:n])]
        if len(words) > n and len(hit) == 1:
            return f"{hit.city_zh.iloc[0]}市"
    return None


def city_names(city: str | None, regions_csv: Path = REGIONS_CSV) -> tuple[str, ...]:
    """Every name a city goes by in the reference files: 芜湖市 → (芜湖市, 芜湖, wuhu)."""
    if not city:
        return ()
    names = {city, city.removesuffix("市")}
    if Path(regions_csv).exists():
        regions = pd.read_csv(regions_csv, encoding="utf-8", dtype=str)
        hit = regions[(regions.city_zh == city.removesuffix("市")) | (regions.city_id == city)]
        for row in hit.itertuples():
            names |= {row.city_zh, row.city_id}
    return tuple(sorted(n for n in names if n))


def independent_of(reference: dict, city: tuple[str, ...] | str | None) -> bool:
    """Whether a reference figure can check a city's report: False when it was derived from that city's own
    release (its source type says so and its source names the city), or when the city is unknown."""
    source_type = str(reference.get("source_type") or "")
    if not source_type.startswith(CITY_DERIVED):
        return True
    names = (city,) if isinstance(city, str) else tuple(city or ())
    if not names:
        return False
    columns = ("how_obtained", "source_url", "source_snippet", "source_file")
    said = " ".join(str(reference.get(c) or "") for c in columns).lower()
    return not any(name.lower() in said for name in names if name)
