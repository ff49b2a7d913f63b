"""Benchmark: the whole cleaning pipeline on a messy 1,000,000-row long table, stage by stage.

The raw table is synthetic test data generated here from a seeded RNG: commune × indicator ×
month in the 2025 vintage, with the real commune names of a few provinces written the ways
spreadsheets write them (``Xã``/``Phường`` prefix or none, decomposed Unicode, non-breaking
spaces, no diacritics, upper case) and values in vi-VN formats (``1.902.270``, ``0,4874``,
``99,8%``, ``16/34``, ``hơn 1.100``, ``19 thôn``), missing markers (``-``, ``chưa có số liệu``,
empty) and a few cells that are not numbers. It is written as a CSV into a temporary project
with its own codebook and ``sources.yml`` (both synthetic too).

Stages timed, each on the previous one's output:

1. **read**: :func:`cdskit.raw.read.read_tables` (decode, split, header, NFC-cleaned cells);
2. **clean**: :func:`cdskit.processing.clean.clean_tables` (reshape, values, periods, units, rules);
3. **validate**: :func:`cdskit.processing.validate.validate` (handed the cleaned table, as
   ``cdskit build`` does) and :func:`cdskit.processing.validate.flag_conflicts`;
4. **write**: :func:`cdskit.processing.publish.write_dataset` (Parquet, CSV, datapackage) and the
   validation report (:func:`cdskit.processing.pipeline.write_validation_report`).

Baseline, measured in the same run: the clean step written row by row (below): a loop over the
rows that parses each value cell, checks each period and calls :func:`cdskit.units.resolve`
for each row's commune. It runs on a sample and its time is extrapolated to the whole table (the
output says so); on that sample it must agree with cdskit about every row's code and value.

Peer, measured in the same run: ``peer_pandas_clean.py``, the same file cleaned with plain
vectorised pandas (``dtype=str``, regular expressions, name keys; no validation, no reject
reasons, no provenance) in its own process, before cdskit's stages. The ratio of cdskit's read +
clean + validate to the peer's time (wall-clock and CPU) and peak memory is printed.

Whole build, measured in the same run: :func:`cdskit.processing.pipeline.build` (what ``cdskit
build`` runs, dating and every file written) in its own process on the same project, against
the peer with its Parquet write; ratio of time and peak memory printed.

Size: up to about 1.1 million rows the table holds the communes of ten provinces and 25
indicators; beyond, every commune of the 34 provinces and as many indicators as needed
(``--rows 5000000``: 3,321 communes × 38 indicators × 40 months, cut to 5,000,000 rows).

Run: ``python benchmarks/bench_build.py`` (``--rows``, ``--sample``; ``--keep DIR`` keeps the
generated project).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import multiprocessing
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
import unicodedata
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core: no threaded BLAS/Arrow kernels

import numpy as np
import pandas as pd
import pyarrow as pa

from cdskit.errors import UnknownUnitError
from cdskit.processing.clean import clean_tables
from cdskit.processing.pipeline import _summary, build, check, write_validation_report
from cdskit.processing.publish import write_dataset
from cdskit.processing.validate import _validate_handed, flag_conflicts
from cdskit.raw.read import read_tables
from cdskit.units import resolver as units
from cdskit.values import MISSING_MARKERS
from cdskit.vietnamese import name_key

SEED = 20250701
FILE = "bench/communes_long.csv"
PROVINCES = ("20", "15", "24", "38", "40", "25", "08", "19", "22", "37")  # Lạng Sơn, Lào Cai…
N_INDICATORS = 25
MONTHS = [f"{y}-{m:02d}" for y in range(2022, 2026) for m in range(1, 13)][:40]
KINDS = ("percent", "count", "rank", "index", "points")
MARKERS = ["-", "—", "…", "x", "chưa có số liệu", "Chưa có số liệu", "", "n/a"]
QUALIFIERS = ["hơn ", "trên ", "gần ", "khoảng ", ">", "≥ "]

SOURCES = """\
# synthetic test data: a made-up publication for the benchmark
sources:
  - id: bench-pub
    title: "Bảng số liệu xã (synthetic)"
    publisher: "Cơ quan thử nghiệm"
    date: "2025-09-30"
    url: ""
    licence: "not stated"
files:
  - path: {path}
    sha256: "{sha256}"
    description: synthetic benchmark table
    layout: long
    number_locale: vi
    source: bench-pub
"""


# --- synthetic messy project -------------------------------------------------------------


def _vi(values: np.ndarray, decimals: int) -> np.ndarray:
    """Format numbers the vi-VN way (1.902.270; 0,4874) without Babel, for speed."""
    texts = [f"{v:,.{decimals}f}" for v in values]
    return np.array(
        [t.replace(",", "\x00").replace(".", ",").replace("\x00", ".") for t in texts],
        dtype=object,
    )


def _spellings(name: str, full_name: str) -> list[str]:
    """Ways a commune is written: full name, bare name, NFD, NBSP, no diacritics, upper."""
    prefix = full_name[: len(full_name) - len(name)].strip()
    return [
        full_name,
        name,
        unicodedata.normalize("NFD", full_name),
        full_name.replace(" ", "\u00a0"),
        f"{prefix} {name_key(name).title()}",
        name.upper(),
        f" {name} ",
    ]


def _province_spellings(name: str) -> list[str]:
    plain = name_key(name).title()
    return [name, f"Tỉnh {name}", unicodedata.normalize("NFD", name), plain, name.upper()]


def _values_for(kind: str, n: int, rng: np.random.Generator) -> np.ndarray:
    pick = rng.random(n)
    if kind == "percent":
        pool = np.char.add(_vi(rng.integers(0, 1001, 1001) / 10, 1).astype(str), "%")
        out = rng.choice(pool.astype(object), n)
        qualified = pick < 0.1
        out[qualified] = np.char.add(
            rng.choice(np.array(QUALIFIERS), qualified.sum()), out[qualified].astype(str)
        )
    elif kind == "count":
        pool = _vi(rng.integers(0, 2_000_000, 20_000), 0)
        out = rng.choice(pool, n)
        village = pick > 0.9
        out[village] = np.char.add(rng.choice(pool[:300], village.sum()).astype(str), " thôn")
        qualified = pick < 0.1
        out[qualified] = np.char.add(
            rng.choice(np.array(QUALIFIERS), qualified.sum()),
            rng.choice(pool[:500], qualified.sum()).astype(str),
        )
    elif kind == "rank":
        out = np.array([f"{r}/34" for r in rng.integers(1, 35, n)], dtype=object)
    elif kind == "index":
        out = rng.choice(_vi(rng.random(10_000), 4), n)
    else:
        out = np.array([f"{p}/30" for p in rng.integers(0, 31, n)], dtype=object)
    out = out.astype(object)
    missing = rng.random(n) < 0.05
    out[missing] = rng.choice(np.array(MARKERS, dtype=object), missing.sum())
    broken = rng.random(n) < 0.001
    out[broken] = rng.choice(np.array(["12,3,4", "1..5", "không rõ"], dtype=object), broken.sum())
    return out


def _grid_shape(rows: int) -> tuple[pd.DataFrame, int]:
    """Communes and the number of indicators a table of ``rows`` rows needs.

    Up to about 1.1 million rows: the communes of :data:`PROVINCES` and :data:`N_INDICATORS`
    indicators. Beyond: every commune of the 34 provinces (those of PROVINCES first), then
    as many indicators as the rows need (5,000,000 rows: 38).
    """
    communes = units.units("commune", 2025)
    ours = communes["province_code"].isin(PROVINCES)
    per_commune = N_INDICATORS * len(MONTHS)
    if rows <= ours.sum() * per_commune:
        return communes[ours].head(max(1, math.ceil(rows / per_commune))), N_INDICATORS
    communes = pd.concat([communes[ours], communes[~ours]])
    return communes, max(N_INDICATORS, math.ceil(rows / (len(communes) * len(MONTHS))))


def generate(root: Path, rows: int, rng: np.random.Generator | None = None) -> Path:
    """Write the synthetic project under ``root``; return its raw folder."""
    rng = np.random.default_rng(SEED) if rng is None else rng
    communes, n_indicators = _grid_shape(rows)
    provinces = units.units("province", 2025).set_index("code")["name"]

    grid = pd.MultiIndex.from_product(
        [range(len(communes)), range(n_indicators), range(len(MONTHS))]
    ).to_frame(index=False, name=["c", "i", "m"])
    grid = grid.sample(frac=1, random_state=SEED).head(rows).reset_index(drop=True)
    kind_of = np.array([KINDS[i % len(KINDS)] for i in range(n_indicators)])

    choice = rng.integers(0, 1 << 30, len(grid))
    # Each commune's spellings (7) and its province's (5), picked per row.
    unit_names = np.array(
        [_spellings(c.name, c.full_name) for c in communes.itertuples()], dtype=object
    )
    province_names = np.array(
        [_province_spellings(provinces[c.province_code]) for c in communes.itertuples()],
        dtype=object,
    )
    where = grid["c"].to_numpy()
    unit = unit_names[where, choice % unit_names.shape[1]]
    province = province_names[where, (choice >> 8) % province_names.shape[1]]
    del where, choice
    value = np.empty(len(grid), dtype=object)
    for i in range(n_indicators):
        here = np.flatnonzero(grid["i"].to_numpy() == i)
        value[here] = _values_for(kind_of[i], len(here), rng)

    table = pd.DataFrame(
        {
            "unit": unit,
            "unit_level": "commune",
            "province": province,
            "vintage": "2025",
            "indicator": np.array([f"bench_{i:02d}" for i in range(n_indicators)])[grid["i"]],
            "period": np.array(MONTHS)[grid["m"]],
            "value": value,
            "note": "",
        }
    )
    raw = root / "data" / "raw"
    (raw / "bench").mkdir(parents=True)
    with open(raw / FILE, "w", encoding="utf-8", newline="") as stream:
        stream.write("Bảng số liệu chuyển đổi số cấp xã (synthetic test data)\n\n")
        table.to_csv(stream, index=False, lineterminator="\n")
    digest = hashlib.sha256((raw / FILE).read_bytes()).hexdigest()
    (raw / "sources.yml").write_text(SOURCES.format(path=FILE, sha256=digest), encoding="utf-8")
    lines = [
        "indicator,label_vi,label_en,unit_vi,unit_en,kind,min,max,higher_is_better,"
        "aggregation,preferred_source,notes_vi,notes_en"
    ]
    ranges = {"percent": "0,100", "count": "0,", "rank": "1,34", "index": "0,1", "points": "0,"}
    for i in range(n_indicators):
        kind = kind_of[i]
        lines.append(
            f"bench_{i:02d},Chỉ tiêu {i} (synthetic),Indicator {i} (synthetic),,,"
            f"{kind},{ranges[kind]},true,not_aggregable,,,"
        )
    (root / "data" / "codebook.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return raw


# --- row-by-row baseline -----------------------------------------------------------------

_SPACE = re.compile(r"[\s\u00a0\u2007\u202f]+")
_ONE = re.compile(
    r"^(?:(?P<q>khoảng|trên|hơn|gần|>=|<=|>|<|≥|≤)\s*)?(?P<s>[+\-−])?\s*(?P<n>\d[\d.,]*)"
    r"(?:\s*(?P<p>%)|\s*/\s*(?P<d>\d[\d.,]*))?(?:\s*(?P<u>[^\W\d_][^\d]*))?$",
    re.IGNORECASE,
)
_VI = re.compile(r"(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?")
_PERIOD = re.compile(r"^(\d{4})(?:-(?:H[12]|0[1-9]|1[0-2]|Q[1-4](?:-Q[1-4])?))?$")
_MARKERS = {m.casefold() for m in MISSING_MARKERS}


def _clean(cell: object) -> str:
    text = "" if cell is None or (isinstance(cell, float) and math.isnan(cell)) else str(cell)
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def parse_cell(cell: object) -> tuple[float, float, bool]:
    """Parse one value cell: (value, denominator, is_error)."""
    text = _clean(cell)
    if text.casefold() in _MARKERS:
        return math.nan, math.nan, False
    match = _ONE.match(text)
    if not match or not _VI.fullmatch(match["n"]) or (match["d"] and not _VI.fullmatch(match["d"])):
        return math.nan, math.nan, True
    value = -_number(match["n"]) if match["s"] else _number(match["n"])
    return value, _number(match["d"]) if match["d"] else math.nan, False


def clean_row_by_row(raw_rows: pd.DataFrame) -> pd.DataFrame:
    """The clean step one row at a time: value, period, province and commune per row."""
    out = []
    for record in raw_rows.itertuples(index=False):
        value, denominator, error = parse_cell(record.value)
        period = _clean(record.period)
        good_period = _PERIOD.match(period) is not None
        code = None
        try:
            province = units.resolve(_clean(record.province), level="province", vintage=2025)
            code = units.resolve(
                _clean(record.unit), level="commune", vintage=2025, province=province.code
            ).code
        except UnknownUnitError:
            pass
        out.append((code, value, denominator, error or not good_period))
    return pd.DataFrame(out, columns=["unit_code", "value", "denominator", "error"])


# --- the pipeline, stage by stage --------------------------------------------------------


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


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_peer(csv_file: Path, parquet: Path | None = None) -> dict:
    """Run ``peer_pandas_clean.py`` on ``csv_file`` in its own process; return its figures.

    With ``parquet``, the peer also writes its cleaned table there (``write``, ``write_cpu``).
    """
    script = Path(__file__).with_name("peer_pandas_clean.py")
    command = [sys.executable, str(script), str(csv_file)]
    command += ["--parquet", str(parquet)] if parquet else []
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def whole_build(root: Path, processed: Path) -> None:
    """Run :func:`cdskit.processing.pipeline.build` on the project; print its figures as JSON.

    The build of ``cdskit build``: read, clean, validate, date, and write the CSV, Parquet,
    codebook, sources, ``datapackage.json`` and the validation report (rejects allowed).
    """
    started, cpu = time.perf_counter(), _cpu_seconds()
    result = build(root / "data" / "raw", processed, allow_rejects=True)
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    figures = {"seconds": seconds, "cpu": cpu, "peak_mib": _peak_rss_mib()}
    print(json.dumps(figures | {"accepted": result.n_accepted, "rejected": result.n_rejected}))


def run_whole_build(root: Path) -> dict:
    """Run :func:`whole_build` in its own process (its peak RSS is its own); return its figures."""
    processed = Path(tempfile.mkdtemp(prefix="cdskit-bench-build-"))
    try:
        command = [sys.executable, __file__, "--whole-build", str(root), str(processed)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    finally:
        shutil.rmtree(processed, ignore_errors=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _sample_rows(table, size: int) -> pd.DataFrame:
    """Return ``size`` raw rows of ``table`` (seeded) as Python objects, with their origin."""
    sample_at = np.random.default_rng(SEED).choice(len(table.data), size, replace=False)
    sample = table.data.iloc[sample_at].astype(object)
    sample = sample.where(sample.notna(), None).reset_index(drop=True)
    sample["origin"] = table.origin("value").iloc[sample_at].to_numpy()
    return sample


def run_pipeline(raw: Path, processed: Path, sample_size: int = 0) -> tuple[dict[str, float], dict]:
    """Run read → clean → validate → write; return seconds per stage and the outputs.

    The tables read are handed to the clean step and not kept, as ``cdskit build`` does; the
    raw rows the baseline needs (``sample_size`` of them) are copied out before.
    """
    register, codebook = check(raw)
    entry = register.files[0]
    seconds: dict[str, float] = {}
    peaks: dict[str, float] = {}  # peak RSS (MiB) at the end of each stage
    cpu = _cpu_seconds()
    started = time.perf_counter()
    tables = [
        read_tables(
            raw / entry.path,
            header_hint=("unit", "indicator", "value"),
            display_root=raw,
            number_locale="vi",
        )
    ]
    seconds["read"] = time.perf_counter() - started
    peaks["read"] = _peak_rss_mib()
    sample = _sample_rows(tables[0][0], sample_size) if sample_size else None

    started = time.perf_counter()
    cleaned = clean_tables(tables.pop(), entry, register, codebook)
    seconds["clean"] = time.perf_counter() - started
    peaks["clean"] = _peak_rss_mib()

    started = time.perf_counter()
    handed, cleaned.observations = [cleaned.observations], None  # as cdskit build hands it
    checked = _validate_handed(handed, codebook)
    accepted = checked.accepted
    accepted["conflict"] = flag_conflicts(accepted)
    seconds["validate"] = time.perf_counter() - started
    peaks["validate"] = _peak_rss_mib()
    cpu = _cpu_seconds() - cpu

    started = time.perf_counter()
    rejects = pd.concat([cleaned.rejects, checked.rejects], ignore_index=True)
    summary = _summary(cleaned.counts, checked.rejects)
    write_validation_report(rejects, summary, cleaned.set_aside, processed)
    write_dataset(accepted, codebook, register, processed)
    seconds["write"] = time.perf_counter() - started
    peaks["write"] = _peak_rss_mib()
    out = {"sample": sample, "accepted": accepted, "rejects": rejects, "peaks": peaks, "cpu": cpu}
    return seconds, out


def _agreement(sample_raw: pd.DataFrame, slow: pd.DataFrame, accepted: pd.DataFrame) -> str:
    """Compare the baseline's codes and values with cdskit's on the sample's lines."""
    fast = accepted.set_index("origin")[["unit_code", "value"]]
    published = differ = refused_both = refused_one = 0
    for origin, row in zip(sample_raw["origin"], slow.itertuples(), strict=True):
        baseline_ok = isinstance(row.unit_code, str) and not row.error
        if origin not in fast.index:
            refused_both += not baseline_ok
            refused_one += baseline_ok
            continue
        published += 1
        code, value = fast.loc[origin]
        same_value = (math.isnan(row.value) and pd.isna(value)) or row.value == value
        differ += row.unit_code != code or not same_value or not baseline_ok
    return (
        f"{published:,} sample rows published by cdskit ({differ} differ from the baseline), "
        f"{refused_both:,} refused by both, {refused_one:,} refused by cdskit only"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=20_000, help="baseline sample rows")
    parser.add_argument("--keep", type=Path, help="generate the project here and keep it")
    parser.add_argument(
        "--tracemalloc",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run the pipeline a second time under tracemalloc to measure its allocations",
    )
    parser.add_argument(
        "--whole-build",
        nargs=2,
        type=Path,
        metavar=("ROOT", "OUT"),
        help="only build the project in ROOT into OUT and print its figures (used internally)",
    )
    args = parser.parse_args()
    pa.set_cpu_count(1)  # one core for Arrow's kernels too
    pa.set_io_thread_count(1)

    if args.whole_build:
        whole_build(*args.whole_build)
        return
    root = args.keep or Path(tempfile.mkdtemp(prefix="cdskit-bench-"))
    try:
        started = time.perf_counter()
        # A separate process writes the table, so the peak memory below is the pipeline's.
        spawn = multiprocessing.get_context("spawn")
        with spawn.Pool(1) as pool:
            raw = pool.apply(generate, (root, args.rows, None))
        size = (raw / FILE).stat().st_size / 2**20
        print(
            f"generated {args.rows:,} rows (synthetic, seed {SEED}): {FILE}, {size:,.0f} MiB, "
            f"in {time.perf_counter() - started:.1f} s"
        )
        peer = run_peer(raw / FILE)
        rss_before = _peak_rss_mib()
        seconds, out = run_pipeline(raw, root / "data" / "processed", args.sample)
        rss_after = _peak_rss_mib()
        accepted, rejects = out["accepted"], out["rejects"]
        n = len(accepted) + len(rejects)
        if n < args.rows:  # the grid is communes of PROVINCES x indicators x months
            print(f"note: the synthetic grid holds {n:,} rows, fewer than the {args.rows:,} asked")
        for stage, s in seconds.items():
            print(
                f"{stage:>9}: {s:6.2f} s = {n / s:>12,.0f} rows/s "
                f"(peak RSS so far {out['peaks'][stage]:,.0f} MiB)"
            )
        cleaned_s = seconds["read"] + seconds["clean"] + seconds["validate"]
        total_s = sum(seconds.values())
        print(f"read + clean + validate: {cleaned_s:6.2f} s = {n / cleaned_s:,.0f} rows/s")
        print(f"total with writing:      {total_s:6.2f} s = {n / total_s:,.0f} rows/s")
        print(
            f"pandas peer (own process, same file): {peer['seconds']:6.2f} s (CPU "
            f"{peer['cpu']:.2f} s), peak RSS {peer['peak_mib']:,.0f} MiB\n"
            f"cdskit read + clean + validate:       {cleaned_s:6.2f} s (CPU {out['cpu']:.2f} s), "
            f"peak RSS {out['peaks']['validate']:,.0f} MiB\n"
            f"ratio cdskit / peer: time {cleaned_s / peer['seconds']:.2f}x (CPU "
            f"{out['cpu'] / peer['cpu']:.2f}x), peak memory "
            f"{out['peaks']['validate'] / peer['peak_mib']:.2f}x (target <= 1.0x and <= 600 MiB)"
        )
        whole = run_whole_build(root)
        parquet = root / "peer.parquet"
        peer_write = run_peer(raw / FILE, parquet)
        parquet.unlink(missing_ok=True)
        peer_s = peer_write["seconds"] + peer_write["write"]
        peer_cpu = peer_write["cpu"] + peer_write["write_cpu"]
        print(
            f"cdskit build (own process: read, clean, validate, date; CSV, Parquet, "
            f"datapackage, report): {whole['seconds']:6.2f} s (CPU {whole['cpu']:.2f} s), peak "
            f"RSS {whole['peak_mib']:,.0f} MiB\n"
            f"pandas peer with its Parquet write:  {peer_s:6.2f} s (CPU {peer_cpu:.2f} s), peak "
            f"RSS {peer_write['peak_mib']:,.0f} MiB\n"
            f"ratio build / peer: time {whole['seconds'] / peer_s:.2f}x (CPU "
            f"{whole['cpu'] / peer_cpu:.2f}x), peak memory "
            f"{whole['peak_mib'] / peer_write['peak_mib']:.2f}x (target <= 1.5x and <= 700 MiB)"
        )
        rules = ", ".join(f"{rule} {n:,}" for rule, n in rejects["rule"].value_counts().items())
        print(f"published {len(accepted):,} rows, rejected {len(rejects):,} ({rules or 'none'})")
        print(
            f"memory: peak RSS {rss_before:,.0f} MiB before the pipeline (imports; the table "
            f"is generated in another process), {rss_after:,.0f} MiB after it"
        )
        if args.tracemalloc:
            arrow_before = pa.default_memory_pool().max_memory() / 2**20
            tracemalloc.start()
            run_pipeline(raw, root / "data" / "processed")
            traced = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            print(
                f"memory of a second, traced run (slower, not timed): tracemalloc peak "
                f"{traced:,.0f} MiB (Python and NumPy allocations) + Arrow pool peak "
                f"{pa.default_memory_pool().max_memory() / 2**20:,.0f} MiB (was "
                f"{arrow_before:,.0f} MiB before it)"
            )

        sample = out["sample"]
        started = time.perf_counter()
        slow = clean_row_by_row(sample)
        slow_sample_s = time.perf_counter() - started
        slow_s = slow_sample_s * n / len(sample)
        print(
            f"row-by-row clean (baseline): {slow_sample_s:.2f} s for a sample of "
            f"{len(sample):,} rows = {len(sample) / slow_sample_s:,.0f} rows/s; extrapolated "
            f"to {n:,} rows: {slow_s:,.1f} s"
        )
        print(
            f"speed-up of the clean step: {slow_s / seconds['clean']:.1f}x; of read + clean "
            f"+ validate against the baseline's clean alone: {slow_s / cleaned_s:.1f}x"
        )
        print(f"agreement on the sample: {_agreement(sample, slow, accepted)}")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
