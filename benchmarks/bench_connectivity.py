"""Benchmark: 5,000,000 Ookla tiles over Vietnam → the 429 communes of the four focus provinces.

Writes a synthetic quarter file in the provider's Parquet schema (2024 Q1: quadkey, tile WKT,
speeds, latencies, tests, devices, tile centroids; ``--schema 2022`` leaves out the centroid
and latency-under-load columns), with distinct zoom-16 tiles drawn uniformly over the box of
Vietnam, its islands and archipelagos. Then, each in a fresh process so that its peak memory is
its own, on the same file and the same commune layer:

- cdskit: ``unit_grid`` + ``read_tiles`` (batched scan, quadkeys decoded in NumPy, only tiles of
  the provinces kept) + ``aggregate_tiles`` (area shares, tests-weighted means, per commune
  and province);
- baseline: the plain geopandas way: read the whole file, parse the ``tile`` WKT, ``sjoin``
  with the communes, ``groupby`` per commune (a straddling tile counts whole in every commune
  it touches).

Prints seconds per stage, peak resident memory of each process, the speed-up and how far the
two agree. Targets: cdskit under 15 s and under 2 GiB, at least 3x the baseline.

Usage: CDSKIT_MIRROR=../shared/mirror python benchmarks/bench_connectivity.py [--tiles N]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path

FOCUS = ["15", "20", "24", "38"]
TARGET_SECONDS = 15.0
TARGET_GIB = 2.0
TARGET_SPEEDUP = 3.0


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _communes():
    from cdskit.geo import load_boundaries

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_boundaries("commune", 2025, provinces=FOCUS)


def generate(path: str, tiles: int, schema: int, seed: int = 16) -> None:
    """Write ``tiles`` distinct synthetic tiles over Vietnam's box as one quarter file."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from cdskit.connectivity import VIETNAM_BOUNDS, lonlat_to_tile, tile_bounds

    rng = np.random.default_rng(seed)
    x0, y0 = lonlat_to_tile(VIETNAM_BOUNDS[0], VIETNAM_BOUNDS[3])
    x1, y1 = lonlat_to_tile(VIETNAM_BOUNDS[2], VIETNAM_BOUNDS[1])
    width, height = int(x1 - x0 + 1), int(y1 - y0 + 1)
    if tiles > width * height:
        raise SystemExit(f"at most {width * height:,} distinct tiles fit in Vietnam's box")
    cells = np.sort(rng.choice(width * height, size=tiles, replace=False))
    x = x0 + cells // height
    y = y0 + cells % height
    digits = np.empty((tiles, 16), dtype="uint8")
    for level in range(16):
        shift = 15 - level
        digits[:, level] = 48 + ((x >> shift) & 1) + 2 * ((y >> shift) & 1)
    offsets = np.arange(0, 16 * tiles + 1, 16, dtype="int32")
    quadkey = pa.StringArray.from_buffers(tiles, pa.py_buffer(offsets), pa.py_buffer(digits))
    order = pc.sort_indices(quadkey)  # the provider's files are ordered by quadkey
    west, south, east, north = (pa.array(v).cast(pa.string()) for v in tile_bounds(x, y))
    corners = [west, south, east, south, east, north, west, north, west, south]
    separators = [" ", ", ", " ", ", ", " ", ", ", " ", ", ", " "]
    parts = [pa.scalar("POLYGON((")]
    for value, separator in zip(corners, [*separators, "))"], strict=True):
        parts += [value, pa.scalar(separator)]
    wkt = pc.binary_join_element_wise(*parts, "")
    tests = 1 + rng.geometric(0.3, tiles)
    columns = {
        "quadkey": quadkey,
        "tile": wkt,
        "avg_d_kbps": rng.lognormal(10.3, 0.8, tiles).astype("int64"),
        "avg_u_kbps": rng.lognormal(9.3, 0.8, tiles).astype("int64"),
        "avg_lat_ms": rng.integers(8, 200, tiles),
        "tests": tests,
        "devices": np.maximum(1, tests - rng.integers(0, 3, tiles)),
    }
    if schema >= 2023:
        down = rng.integers(20, 400, tiles).astype("float64")
        down[rng.random(tiles) < 0.6] = np.nan  # sparse, as in the provider's files
        columns["avg_lat_down_ms"] = pa.array(down, from_pandas=True).cast(pa.int64())
        columns["avg_lat_up_ms"] = rng.integers(20, 400, tiles)
        columns["tile_x"] = (tile_bounds(x, y)[0] + tile_bounds(x, y)[2]) / 2
        columns["tile_y"] = (tile_bounds(x, y)[1] + tile_bounds(x, y)[3]) / 2
    table = pa.table(columns).take(order)
    pq.write_table(table, path, row_group_size=500_000, compression="snappy")


def run_cdskit(path: str, queue: multiprocessing.Queue) -> None:
    """Grid, scan and aggregate with cdskit; report stage times and peak memory."""
    from cdskit.connectivity import aggregate_tiles, read_tiles, unit_grid

    communes = _communes()
    times = {}
    start = time.perf_counter()
    grid = unit_grid(communes)
    times["grid"] = time.perf_counter() - start
    mark = time.perf_counter()
    tiles = read_tiles(path, grid)
    times["scan"] = time.perf_counter() - mark
    mark = time.perf_counter()
    result = aggregate_tiles(tiles, grid)
    times["aggregate"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - start
    communes_out = result[result["unit_level"] == "commune"].set_index("unit_code")
    queue.put(
        {
            "times": times,
            "peak": _peak_mib(),
            "kept": len(tiles),
            "scanned": tiles.attrs["rows_scanned"],
            "download": communes_out["download_mbps"].to_dict(),
            "tests": communes_out["tests"].to_dict(),
        }
    )


def run_baseline(path: str, queue: multiprocessing.Queue) -> None:
    """The plain geopandas way: whole file, WKT geometry, sjoin, groupby."""
    import geopandas as gpd
    import pandas as pd

    communes = _communes()[["unit_code", "geometry"]]
    times = {}
    start = time.perf_counter()
    frame = pd.read_parquet(path)
    tiles = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries.from_wkt(frame.pop("tile")), crs=4326)
    times["read"] = time.perf_counter() - start
    mark = time.perf_counter()
    joined = gpd.sjoin(tiles, communes, predicate="intersects", how="inner")
    times["sjoin"] = time.perf_counter() - mark
    mark = time.perf_counter()
    joined["weighted"] = joined["avg_d_kbps"] * joined["tests"]
    sums = joined.groupby("unit_code")[["weighted", "tests", "devices"]].sum()
    download = sums["weighted"] / sums["tests"] / 1000
    times["groupby"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - start
    queue.put(
        {
            "times": times,
            "peak": _peak_mib(),
            "kept": int(joined.index.nunique()),
            "download": download.to_dict(),
            "tests": sums["tests"].to_dict(),
        }
    )


def _in_child(target, path: str) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(path, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiles", type=int, default=5_000_000, help="synthetic tiles")
    parser.add_argument("--schema", type=int, default=2024, choices=(2022, 2024))
    parser.add_argument("--keep", type=Path, help="write the quarter file here and keep it")
    parser.add_argument("--no-baseline", action="store_true", help="time cdskit only")
    args = parser.parse_args()
    if not os.environ.get("CDSKIT_MIRROR"):
        print("CDSKIT_MIRROR is not set: point it at the boundary mirror.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="cdskit-bench-") as folder:
        os.environ.setdefault("CDSKIT_CACHE", str(Path(folder) / "cache"))
        path = str(args.keep or Path(folder) / "2024-01-01_performance_mobile_tiles.parquet")
        start = time.perf_counter()
        context = multiprocessing.get_context("spawn")
        writer = context.Process(target=generate, args=(path, args.tiles, args.schema))
        writer.start()
        writer.join()
        size = os.path.getsize(path)
        print(
            f"synthetic quarter file ({args.schema} schema): {args.tiles:,} tiles, "
            f"{size / 2**20:,.0f} MiB, written in {time.perf_counter() - start:.1f} s"
        )
        _in_child(run_cdskit, path)  # warm the boundary cache: both runs then read it alike
        ours = _in_child(run_cdskit, path)
        base = None if args.no_baseline else _in_child(run_baseline, path)
    times = ours["times"]
    print(
        f"cdskit:   grid {times['grid']:.2f} s + scan {times['scan']:.2f} s + aggregate "
        f"{times['aggregate']:.2f} s = {times['total']:.2f} s; peak memory "
        f"{ours['peak']:,.0f} MiB; {ours['scanned']:,} rows scanned, {ours['kept']:,} tiles kept"
    )
    ok = times["total"] < TARGET_SECONDS and ours["peak"] < TARGET_GIB * 1024
    if base is not None:
        bt = base["times"]
        print(
            f"baseline: read+WKT {bt['read']:.2f} s + sjoin {bt['sjoin']:.2f} s + groupby "
            f"{bt['groupby']:.2f} s = {bt['total']:.2f} s; peak memory {base['peak']:,.0f} MiB; "
            f"{base['kept']:,} tiles joined"
        )
        speedup = bt["total"] / times["total"]
        print(f"speed-up: {speedup:.1f}x; memory: {base['peak'] / ours['peak']:.1f}x less")
        import numpy as np

        common = sorted(set(ours["download"]) & set(base["download"]))
        gap = np.array([abs(ours["download"][c] - base["download"][c]) for c in common])
        tests = sum(ours["tests"].values()), sum(base["tests"].values())
        print(
            f"agreement: {len(common)} communes in both; download differs by a median "
            f"{np.nanmedian(gap):.3f} Mbit/s (max {np.nanmax(gap):.3f}); tests {tests[0]:,.0f} "
            f"(area shares) vs {tests[1]:,.0f} (straddling tiles counted in every commune)"
        )
        ok = ok and speedup >= TARGET_SPEEDUP
    speed = "not measured (--no-baseline)" if base is None else f">= {TARGET_SPEEDUP:.0f}x"
    print(
        f"targets: < {TARGET_SECONDS:.0f} s, < {TARGET_GIB:.0f} GiB, speed-up {speed}: "
        f"{'met' if ok else 'missed'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
