"""Resolve 1,000,000 commune names with resolve_many against a row-by-row resolve() loop.

Synthetic test data: names drawn from the 2025 commune list of 12 provinces, written as
full name, upper case, decomposed Unicode, without diacritics, with the old tone placement.
The row-by-row baseline (lookup cache cleared after each row) is timed on a slice in the same run.
"""

from __future__ import annotations

import resource
import time
import unicodedata

import numpy as np
import pandas as pd

from cdskit.errors import UnknownUnitError
from cdskit.units import resolver as u
from cdskit.units._match import lookup
from cdskit.units._tables import ascii_name

ROWS = 1_000_000
BASELINE_ROWS = 20_000


def messy_names(rng: np.random.Generator) -> tuple[pd.Series, pd.Series]:
    table = u.units("commune", 2025)
    keep = [*sorted(set(table["province_code"]))[:8], "15", "20", "24", "38"]
    table = table[table["province_code"].isin(keep)]
    spellings, provinces = [], []
    for name, full, code in zip(
        table["name"], table["full_name"], table["province_code"], strict=True
    ):
        spellings += [
            full,
            name.upper(),
            unicodedata.normalize("NFD", full),
            ascii_name(name),
            f"  {name.replace('òa', 'oà').replace('óa', 'oá')}\u00a0",
        ]
        provinces += [code] * 5
    pick = rng.integers(0, len(spellings), ROWS)
    return (
        pd.Series(np.array(spellings, dtype=object)[pick]),
        pd.Series(np.array(provinces, dtype=object)[pick]),
    )


def main() -> None:
    names, provinces = messy_names(np.random.default_rng(7))
    distinct = len(set(zip(names, provinces, strict=True)))
    print(f"rows: {len(names):,}  distinct (name, province): {distinct:,}")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    out = u.resolve_many(names, level="commune", vintage=2025, province=provinces)
    cold = time.perf_counter() - start
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    start = time.perf_counter()
    u.resolve_many(names, level="commune", vintage=2025, province=provinces)
    warm = time.perf_counter() - start
    start = time.perf_counter()
    for name, province in zip(names[:BASELINE_ROWS], provinces[:BASELINE_ROWS], strict=True):
        lookup.cache_clear()
        try:
            u.resolve(name, level="commune", vintage=2025, province=province)
        except UnknownUnitError:
            pass
    per_row = (time.perf_counter() - start) / BASELINE_ROWS
    print("statuses:", out["status"].value_counts().to_dict())
    print(
        f"resolve_many, first call (builds the index): {cold:.2f} s = {ROWS / cold:,.0f} rows/s;"
        f" peak RSS +{grown:.0f} MiB"
    )
    print(f"resolve_many, second call:                  {warm:.2f} s = {ROWS / warm:,.0f} rows/s")
    print(
        f"row by row, {BASELINE_ROWS:,}-row slice: {per_row * 1e6:.0f} µs/row ="
        f" {1 / per_row:,.0f} rows/s ({per_row * ROWS:.0f} s for {ROWS:,})"
    )
    print(f"speed-up of the first call over row by row: {per_row * ROWS / cold:.0f}x")


if __name__ == "__main__":
    main()
