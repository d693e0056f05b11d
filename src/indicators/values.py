"""Reading single values out of table cells, whatever pandas, Parquet or a CSV round trip made of them."""

from __future__ import annotations

import math
from typing import Any


def as_number(value: Any) -> float | None:
    """A finite float, or None for empty, NaN, pd.NA, booleans and anything that is not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
