"""Peer of ``bench_build.py``: the same messy long CSV cleaned with plain, vectorised pandas.

What an analyst would write by hand without cdskit: read the table with ``dtype=str``, clean
the text columns (NFC, invisible characters, whitespace), parse the vi-VN values with vectorised
regular expressions (missing markers, qualifiers such as ``hơn``/``≥``, signs, ``1.902.270``,
``0,4874``, percents, ``16/34`` ranks, trailing units such as ``19 thôn``), check the periods,
and compute name keys (no diacritics, ``đ`` → ``d``, lower case) for the province and unit
columns. There is no unit register, no codebook, no validation rule, no reject reason and no
provenance: it is the floor that cdskit's read + clean + validate is compared with.

It runs in its own process (``bench_build.py`` starts it on the file it generated), so its peak
RSS is its own. Prints the seconds of the work (after imports; wall-clock and CPU), the peak RSS
of the process and a last line of JSON for the caller.

Run: ``python benchmarks/peer_pandas_clean.py FILE.csv`` (``--parquet OUT`` also writes the
cleaned table to Parquet).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import pandas as pd

MARKERS = (
    "-",
    "—",
    "–",
    "…",
    "...",
    "x",
    "n/a",
    "na",
    "chưa có số liệu",
    "không có số liệu",
    "",
)
QUALIFIERS = r"khoảng|trên|hơn|gần|dưới|>=|<=|>|<|≥|≤"
VALUE = (
    rf"^(?:(?P<qualifier>{QUALIFIERS})\s*)?(?P<sign>[+\-−])?\s*(?P<number>\d[\d.,]*)"
    r"(?:\s*(?P<percent>%)|\s*/\s*(?P<denominator>\d[\d.,]*))?"
    r"(?:\s*(?P<unit>[^\W\d_][^\d]*))?$"
)
VI_NUMBER = r"(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?"
PERIOD = r"\d{4}(?:-(?:H[12]|0[1-9]|1[0-2]|Q[1-4](?:-Q[1-4])?))?"
PREFIX = r"^(?:tinh|thanh pho|xa|phuong|dac khu|thi tran) "


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_rss_mib() -> float:
    """Peak RSS of this process in MiB.

    On Linux the high-water mark of the process's own memory (``VmHWM``): ``ru_maxrss`` is
    inherited from the parent across fork and exec, so a process started by a bigger one would
    report the parent's peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def clean_text(column: pd.Series) -> pd.Series:
    """NFC, non-breaking spaces as spaces, stripped."""
    return column.str.normalize("NFC").str.replace("\u00a0", " ", regex=False).str.strip()


def name_key(column: pd.Series) -> pd.Series:
    """Lower case, no diacritics, ``đ`` → ``d``, without an administrative prefix."""
    key = (
        column.str.replace("đ", "d")
        .str.replace("Đ", "D")
        .str.normalize("NFD")
        .str.replace(r"[\u0300-\u036f]", "", regex=True)
        .str.lower()
    )
    return key, key.str.replace(PREFIX, "", regex=True)


def vi_float(numbers: pd.Series) -> pd.Series:
    return pd.to_numeric(numbers.str.replace(".", "").str.replace(",", "."), errors="coerce")


def parse_values(texts: pd.Series) -> pd.DataFrame:
    """Value, denominator, qualifier, unit and an error flag for each cell (vectorised)."""
    missing = texts.str.lower().isin(MARKERS) | texts.isna()
    found = texts.str.extract(VALUE, flags=2)  # re.IGNORECASE
    good = (
        found["number"].str.fullmatch(VI_NUMBER).fillna(False)
        & (found["denominator"].isna() | found["denominator"].str.fullmatch(VI_NUMBER))
    ).astype(bool)
    value = vi_float(found["number"].where(good))
    value = value.where(found["sign"].isna(), -value)
    return pd.DataFrame(
        {
            "value": value,
            "denominator": vi_float(found["denominator"].where(good)),
            "qualifier": found["qualifier"].str.lower(),
            "percent": found["percent"].notna(),
            "unit_text": found["unit"],
            "error": ~missing & ~good,
        },
        index=texts.index,
    )


def clean(path: Path) -> pd.DataFrame:
    table = pd.read_csv(path, dtype=str, skiprows=1, keep_default_na=False, encoding="utf-8")
    for column in ("unit", "province", "period", "value"):
        table[column] = clean_text(table[column])
    values = parse_values(table["value"])
    period_ok = table["period"].str.fullmatch(PERIOD)
    _, province_name = name_key(table["province"])
    unit_key, unit_name = name_key(table["unit"])
    out = pd.concat(
        [
            table[["indicator", "unit_level", "vintage", "period", "note"]],
            values,
            pd.DataFrame(
                {
                    "province_key": province_name,
                    "unit_key": unit_name,
                    "unit_prefix": unit_key.str.len() != unit_name.str.len(),
                    "period_ok": period_ok,
                },
                index=table.index,
            ),
        ],
        axis=1,
    )
    out["error"] = out["error"] | ~out["period_ok"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--parquet", type=Path, help="also write the cleaned table here")
    args = parser.parse_args()
    started, cpu = time.perf_counter(), _cpu_seconds()
    out = clean(args.csv)
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    write_s = write_cpu = None
    if args.parquet:
        started, write_cpu = time.perf_counter(), _cpu_seconds()
        out.to_parquet(args.parquet, index=False)
        write_s, write_cpu = time.perf_counter() - started, _cpu_seconds() - write_cpu
    peak = _peak_rss_mib()
    errors = int(np.count_nonzero(out["error"]))
    print(f"pandas peer: {len(out):,} rows in {seconds:.2f} s (CPU {cpu:.2f} s), {errors:,} errors")
    print(f"pandas peer: peak RSS {peak:,.0f} MiB")
    figures = {"seconds": seconds, "cpu": cpu, "peak_mib": peak, "rows": len(out)}
    figures |= {"write": write_s, "write_cpu": write_cpu}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
