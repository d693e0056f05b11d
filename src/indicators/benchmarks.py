"""Official provincial and national reference figures (``data/reference/benchmarks-*.csv``)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .fileio import ReportError
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
#: basis words that name a currency; growth rates on different currencies are not comparable
CURRENCY_BASES = {"RMB": "CNY", "CNY": "CNY", "USD": "USD"}


def load_benchmarks(folder: str | Path = DATA_REFERENCE) -> pd.DataFrame:
    """All benchmark files in ``folder`` as one table with a ``year`` column.

    The year comes from a ``year`` column when the file has one, else from the file name
    (``benchmarks-2021.csv``), so an analyst can add a file per year or add rows with a year.
    """
    folder = Path(folder)
    frames = []
    for path in sorted(folder.glob(BENCHMARK_GLOB)):
        table = pd.read_csv(path, encoding="utf-8", dtype={"basis": str, "how_obtained": str})
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
    if not frames:
        return pd.DataFrame(columns=[*BENCHMARK_COLUMNS, "year", "file"])
    out = pd.concat(frames, ignore_index=True)
    out["year"] = out["year"].astype(int)
    for column in OPTIONAL_COLUMNS:
        if column not in out.columns:
            out[column] = ""
    for column in ("basis", "how_obtained", "source_url", "source_snippet", *OPTIONAL_COLUMNS):
        out[column] = out[column].fillna("").astype(str)
    return out


def province_of(city: str | None, regions_csv: Path = REGIONS_CSV) -> str | None:
    """Region id of the province a city belongs to (from ``data/reference/regions.csv``)."""
    if not city or not Path(regions_csv).exists():
        return None
    regions = pd.read_csv(regions_csv, encoding="utf-8", dtype=str)
    name = city.removesuffix("市")
    hit = regions[(regions.city_zh == name) | (regions.city_id == city)]
    return None if hit.empty else str(hit.province_id.iloc[0])


def currency_of(basis: str) -> str | None:
    """``CNY``/``USD`` when a benchmark's basis names a currency."""
    return CURRENCY_BASES.get(str(basis).strip().upper())


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
