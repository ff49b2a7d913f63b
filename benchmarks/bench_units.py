"""Resolve 1,000,000 commune names with resolve_many against a row-by-row resolve() loop.

Synthetic test data: names drawn from the 2025 commune list of 12 provinces, written as
full name, upper case, decomposed Unicode, without diacritics, with the old tone placement.
The row-by-row baseline is timed in the same run, in a forked process (so nothing it caches
helps the timed calls) on the distinct (name, province) pairs of a slice, each resolved once:
every call does the whole look-up, as if nothing were cached. Only public names of cdskit are used.
"""

from __future__ import annotations

import multiprocessing
import resource
import time
import unicodedata

import numpy as np
import pandas as pd

from cdskit import units as u
from cdskit.errors import UnknownUnitError

ROWS = 1_000_000
BASELINE_ROWS = 20_000


def without_diacritics(text: str) -> str:
    """Return ``text`` without diacritics, keeping case (``Đắk Lắk`` → ``Dak Lak``)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


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
            without_diacritics(name),
            f"  {name.replace('òa', 'oà').replace('óa', 'oá')}\u00a0",
        ]
        provinces += [code] * 5
    pick = rng.integers(0, len(spellings), ROWS)
    return (
        pd.Series(np.array(spellings, dtype=object)[pick]),
        pd.Series(np.array(provinces, dtype=object)[pick]),
    )


def _resolve_each(pairs: list[tuple[str, str]], answer) -> None:
    """Resolve each pair once with :func:`cdskit.units.resolve`; send the seconds per pair."""
    first, *timed = pairs  # the first call builds the commune index: not timed
    try:
        u.resolve(first[0], level="commune", vintage=2025, province=first[1])
    except UnknownUnitError:
        pass
    start = time.perf_counter()
    for name, province in timed:
        try:
            u.resolve(name, level="commune", vintage=2025, province=province)
        except UnknownUnitError:
            pass
    answer.send((time.perf_counter() - start) / len(timed))


def row_by_row(pairs: list[tuple[str, str]]) -> float:
    """Return the seconds per row of a row-by-row loop, timed in a forked process."""
    receive, answer = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_resolve_each, args=(pairs, answer))
    child.start()
    per_row = receive.recv()
    child.join()
    return per_row


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
    pairs = list(dict.fromkeys(zip(names[:BASELINE_ROWS], provinces[:BASELINE_ROWS], strict=True)))
    per_row = row_by_row(pairs)
    print("statuses:", out["status"].value_counts().to_dict())
    print(
        f"resolve_many, first call (builds the index): {cold:.2f} s = {ROWS / cold:,.0f} rows/s;"
        f" peak RSS +{grown:.0f} MiB"
    )
    print(f"resolve_many, second call:                  {warm:.2f} s = {ROWS / warm:,.0f} rows/s")
    print(
        f"row by row, {len(pairs):,} distinct pairs of a {BASELINE_ROWS:,}-row slice:"
        f" {per_row * 1e6:.0f} µs/row ="
        f" {1 / per_row:,.0f} rows/s ({per_row * ROWS:.0f} s for {ROWS:,})"
    )
    print(f"speed-up of the first call over row by row: {per_row * ROWS / cold:.0f}x")


if __name__ == "__main__":
    main()
