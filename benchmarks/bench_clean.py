"""Benchmark: clean a messy 1,000,000-row indicator table, vectorised vs row by row.

The table is synthetic test data generated here from a seeded RNG (commune × indicator × month),
written the way provincial spreadsheets write it: vi-VN numbers, qualifiers, percents, ranks,
missing markers, province names in several spellings (NFC/NFD, accents placed differently,
upper case, without diacritics, NBSP) and communes with or without their type prefix.

Two implementations clean it:

- **vectorised** (cdskit): :func:`cdskit.values.parse_values` on the value column and
  :func:`cdskit.vietnamese.name_keys` on the name columns (both work once per distinct text);
- **row by row** (baseline, written below): a plain Python loop calling a per-cell parser.
  It runs on a sample of rows and its time is extrapolated to the full table.

Both must give identical results on the sample. Run: ``python benchmarks/bench_clean.py``
(``--rows`` and ``--sample`` change the sizes).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import resource
import sys
import time
import tracemalloc
import unicodedata

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core: no threaded BLAS/Arrow kernels

import numpy as np
import pandas as pd
import pyarrow as pa

from cdskit.values import MISSING_MARKERS, parse_values
from cdskit.vietnamese import name_key, name_keys

SEED = 20250701
PROVINCES = ["Thanh Hóa", "Lạng Sơn", "Lào Cai", "Bắc Ninh", "Đắk Lắk", "Quảng Ninh"]
SYLLABLES = ["Tân", "Lập", "Hòa", "Bình", "Phú", "Mỹ", "Quảng", "Đức", "Xuân", "Thủy", "Hưng"]
PREFIXES = ["Xã ", "Phường ", "xã ", "P. ", ""]
INDICATORS = [f"chi_so_{i:02d}" for i in range(40)]
QUALIFIERS = ["hơn ", "trên ", "gần ", "khoảng ", ">", "≥ ", "Hơn "]
MARKERS = ["-", "—", "…", "x", "chưa có số liệu", "Chưa có số liệu", "", "n/a"]
UNITS = ["thôn", "điểm", "hộ"]


# --- synthetic messy table ---------------------------------------------------------------


def _vi_number(values: np.ndarray, decimals: int) -> np.ndarray:
    """Format numbers the vi-VN way (1.902.270; 625,30) without Babel, for speed."""
    out = []
    for v in values:
        text = f"{v:,.{decimals}f}"
        out.append(text.replace(",", "\x00").replace(".", ",").replace("\x00", "."))
    return np.array(out, dtype=object)


def _province_variants(name: str) -> list[str]:
    nfd = unicodedata.normalize("NFD", name)
    plain = name_key(name).title()
    old_style = name.replace("óa", "oá").replace("òa", "oà")
    return [name, old_style, name.upper(), plain, nfd, name.replace(" ", "\u00a0"), f" {name} "]


def generate(rows: int, rng: np.random.Generator) -> pd.DataFrame:
    """Return the synthetic messy table (synthetic test data)."""
    communes = [
        f"{a} {b}" for a in SYLLABLES for b in SYLLABLES if a != b
    ]  # 110 synthetic commune names
    commune = rng.choice(np.array(communes, dtype=object), rows)
    prefix = rng.choice(np.array(PREFIXES, dtype=object), rows)
    province_pool = np.array([v for p in PROVINCES for v in _province_variants(p)], dtype=object)

    kind = rng.choice(6, rows, p=[0.35, 0.2, 0.1, 0.15, 0.1, 0.1])
    values = np.empty(rows, dtype=object)
    pct = _vi_number(rng.integers(0, 1001, 1001) / 10, 1)
    values[kind == 0] = np.char.add(rng.choice(pct, (kind == 0).sum()).astype(str), "%")
    counts = _vi_number(rng.integers(0, 2_000_000, 50_000), 0)
    values[kind == 1] = rng.choice(counts, (kind == 1).sum())
    ranks = np.array([f"{r}/{d}" for d in (34, 63) for r in range(1, d + 1)], dtype=object)
    values[kind == 2] = rng.choice(ranks, (kind == 2).sum())
    qualified = np.array(
        [q + c for q in QUALIFIERS for c in counts[:500]]
        + [q + p + "%" for q in QUALIFIERS for p in pct[:200]],
        dtype=object,
    )
    values[kind == 3] = rng.choice(qualified, (kind == 3).sum())
    index = _vi_number(rng.random(10_000), 4)
    with_units = np.array([f"{c} {u}" for c in counts[:300] for u in UNITS], dtype=object)
    values[kind == 4] = rng.choice(np.concatenate([index, with_units]), (kind == 4).sum())
    values[kind == 5] = rng.choice(
        np.array([*MARKERS, "12,3,4", "1.5"], dtype=object), (kind == 5).sum()
    )
    nfd = rng.random(rows) < 0.05
    values[nfd] = [unicodedata.normalize("NFD", v) for v in values[nfd]]

    return pd.DataFrame(
        {
            "province": rng.choice(province_pool, rows),
            "commune": np.char.add(prefix.astype(str), commune.astype(str)).astype(object),
            "indicator": rng.choice(np.array(INDICATORS, dtype=object), rows),
            "period": rng.choice(np.array([f"2024-{m:02d}" for m in range(1, 13)]), rows),
            "value": values,
        }
    )


# --- row-by-row baseline -----------------------------------------------------------------

_SPACE = re.compile(r"[\s\u00a0\u2007\u202f]+")
_ONE = re.compile(
    r"^(?:(?P<q>gần như|chưa đến|ít nhất|tối thiểu|tối đa|xấp xỉ|lên tới|khoảng|trên|hơn|gần"
    r"|dưới|tới|đạt|>=|<=|=>|=<|>|<|≥|≤|≈|~)\s*)?(?P<s>[+\-−])?\s*(?P<n>\d[\d.,]*(?: \d{3})*)"
    r"(?:\s*(?P<p>%)|\s*/\s*(?P<d>\d[\d.,]*(?: \d{3})*))?(?:\s*(?P<u>\(.*\)|[^\W\d_][^\d]*))?$",
    re.IGNORECASE,
)
_VI = re.compile(r"(?:[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{0,2}(?: \d{3})+|\d+)(?:,\d+)?")
_MARKERS = {m.casefold() for m in MISSING_MARKERS}
_ALIASES = {">=": "≥", "=>": "≥", "<=": "≤", "=<": "≤", "~": "≈", "đạt": None}


def _vi_float(text: str) -> float:
    return float(text.replace(".", "").replace(" ", "").replace(",", "."))


def parse_one(cell: object) -> tuple:
    """Parse one cell: (value, qualifier, denominator, percent, unit_text, missing, has_error)."""
    text = "" if cell is None else str(cell)
    text = re.sub("[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", unicodedata.normalize("NFC", text))
    text = _SPACE.sub(" ", text).strip()
    folded = text.casefold()
    if folded in _MARKERS or (folded and folded.rstrip(" .;:") in _MARKERS - {""}):
        return (math.nan, None, math.nan, False, None, text, False)
    match = _ONE.match(text)
    if not match or not _VI.fullmatch(match["n"]) or (match["d"] and not _VI.fullmatch(match["d"])):
        return (math.nan, None, math.nan, False, None, None, True)
    value = _vi_float(match["n"])
    if match["s"] in ("-", "−"):
        value = -value
    qualifier = match["q"].lower() if match["q"] else None
    qualifier = _ALIASES.get(qualifier, qualifier)
    denominator = _vi_float(match["d"]) if match["d"] else math.nan
    unit = match["u"].strip() if match["u"] else None
    return (value, qualifier, denominator, bool(match["p"]), unit, None, False)


_PREFIX = re.compile(r"^(?:xa|phuong|p\.)\s+")


def clean_row_by_row(table: pd.DataFrame) -> pd.DataFrame:
    out = []
    for province, commune, value in zip(
        table["province"], table["commune"], table["value"], strict=True
    ):
        parsed = parse_one(value)
        out.append((name_key(province), _PREFIX.sub("", name_key(commune)), *parsed))
    return pd.DataFrame(out, columns=_COLUMNS, index=table.index)


# --- vectorised (cdskit) -----------------------------------------------------------------

_COLUMNS = [
    "province_key",
    "commune_key",
    "value",
    "qualifier",
    "denominator",
    "percent",
    "unit_text",
    "missing_reason",
    "has_error",
]


def clean_vectorised(table: pd.DataFrame) -> pd.DataFrame:
    parsed = parse_values(table["value"], locale="vi")
    communes = name_keys(table["commune"])
    codes, uniques = pd.factorize(communes)
    stripped = pd.Series(uniques, dtype="string").str.replace(_PREFIX, "", regex=True)
    return pd.DataFrame(
        {
            "province_key": name_keys(table["province"]),
            "commune_key": stripped.to_numpy()[codes],
            "value": parsed["value"],
            "qualifier": parsed["qualifier"],
            "denominator": parsed["denominator"],
            "percent": parsed["percent"],
            "unit_text": parsed["unit_text"],
            "missing_reason": parsed["missing_reason"],
            "has_error": parsed["error"].notna(),
        },
        index=table.index,
    )


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).where(frame.notna(), None)


def _peak_mib() -> float:
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=100_000)
    parser.add_argument(
        "--worst-case",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also time parse_values on a column where every value is distinct",
    )
    args = parser.parse_args()

    rng = np.random.default_rng(SEED)
    started = time.perf_counter()
    table = generate(args.rows, rng)
    print(
        f"generated {len(table):,} rows (synthetic, seed {SEED}) "
        f"in {time.perf_counter() - started:.1f} s; "
        f"{table['value'].nunique():,} distinct values, "
        f"{table['province'].nunique()} province spellings"
    )
    peak_before = _peak_mib()

    started = time.perf_counter()
    fast = clean_vectorised(table)
    fast_s = time.perf_counter() - started
    peak_after = _peak_mib()

    tracemalloc.start()
    arrow_before = pa.default_memory_pool().max_memory()
    clean_vectorised(table)
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    arrow_peak = pa.default_memory_pool().max_memory() / 2**20

    sample = table.sample(n=min(args.sample, len(table)), random_state=SEED)
    started = time.perf_counter()
    slow_sample = clean_row_by_row(sample)
    slow_sample_s = time.perf_counter() - started
    slow_s = slow_sample_s * len(table) / len(sample)

    expected = _comparable(slow_sample)
    got = _comparable(fast.loc[sample.index])
    mismatched = ~(expected.eq(got) | (expected.isna() & got.isna())).all(axis=1)
    print(
        f"vectorised (cdskit): {fast_s:6.2f} s for {len(table):,} rows "
        f"= {len(table) / fast_s:,.0f} rows/s"
    )
    print(
        f"row by row baseline: {slow_sample_s:6.2f} s for a sample of {len(sample):,} rows "
        f"= {len(sample) / slow_sample_s:,.0f} rows/s; "
        f"extrapolated to {len(table):,} rows: {slow_s:.1f} s"
    )
    print(f"speed-up: {slow_s / fast_s:.1f}x")
    print(
        f"peak RSS: {peak_before:,.0f} MiB after generating, {peak_after:,.0f} MiB after "
        "the vectorised clean"
    )
    print(
        f"memory of a second vectorised clean: peak {traced_peak:,.0f} MiB traced by "
        f"tracemalloc (Python and NumPy) + Arrow pool peak {arrow_peak:,.0f} MiB "
        f"(was {arrow_before / 2**20:,.0f} MiB before it)"
    )
    print(
        f"identical results on the sample: {'yes' if not mismatched.any() else 'NO'} "
        f"({int(mismatched.sum())} differing rows); "
        f"{int(fast['has_error'].sum()):,} cells not numbers, "
        f"{int(fast['missing_reason'].notna().sum()):,} missing markers"
    )
    if mismatched.any():
        print(pd.concat([expected[mismatched].head(), got[mismatched].head()], axis=1))
        sys.exit(1)
    if args.worst_case:
        worst = pd.Series(
            _vi_number(rng.permutation(10 * args.rows)[: args.rows] + 0.5, 1), dtype=object
        )
        started = time.perf_counter()
        parse_values(worst)
        worst_s = time.perf_counter() - started
        print(
            f"worst case, every value distinct: parse_values on {len(worst):,} distinct "
            f"texts in {worst_s:.2f} s = {len(worst) / worst_s:,.0f} rows/s"
        )


if __name__ == "__main__":
    main()
