"""Benchmark: load + assemble + simplify the 429 communes of the four focus provinces.

Runs the same request twice in a fresh cache folder: cold (read the 429 GeoJSON files, resolve
overlaps, simplify to the web budget, write GeoParquet) and cached (read GeoParquet), and prints
both timings side by side with the speed-up. Target: cached at least 10x faster than cold.

Usage: CDSKIT_MIRROR=../shared/mirror python benchmarks/bench_boundaries.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import warnings

FOCUS = ["15", "20", "24", "38"]
TARGET = 10.0


def _timed(simplify: str) -> tuple[float, float, object]:
    """Return (seconds, peak resident memory of the process so far in MiB, layer)."""
    from cdskit.geo import load_boundaries

    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        layer = load_boundaries("commune", 2025, provinces=FOCUS, simplify=simplify)
    elapsed = time.perf_counter() - start
    return elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, layer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="cached loads to time (best kept)")
    parser.add_argument("--simplify", default="web", help="simplify argument (default: web)")
    args = parser.parse_args()
    if not os.environ.get("CDSKIT_MIRROR"):
        print(
            "CDSKIT_MIRROR is not set: point it at the boundary mirror, e.g.\n"
            "  CDSKIT_MIRROR=../shared/mirror python benchmarks/bench_boundaries.py",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="cdskit-bench-") as cache:
        os.environ["CDSKIT_CACHE"] = cache  # empty cache: the first load is cold
        cold, cold_peak, layer = _timed(args.simplify)
        if layer.attrs.get("cache") != "miss":
            print("error: the first load was not cold", file=sys.stderr)
            return 1
        runs = [_timed(args.simplify) for _ in range(max(1, args.repeat))]
        cached, _, again = min(runs, key=lambda run: run[0])
        if again.attrs.get("cache") != "hit":
            print("error: the second load did not hit the cache", file=sys.stderr)
            return 1
    from cdskit.geo.geometry import geojson_bytes

    speedup = cold / cached
    print(
        f"communes: {len(layer)} units, simplify={args.simplify!r}, "
        f"tolerance {layer.attrs.get('simplify_tolerance')}, "
        f"GeoJSON {geojson_bytes(layer):,} bytes"
    )
    print(f"{'':<12}{'cold':>12}{'cached':>12}")
    print(f"{'time (s)':<12}{cold:>12.3f}{cached:>12.3f}")
    print(f"peak resident memory of the process after the cold load: {cold_peak:.0f} MiB")
    verdict = "meets" if speedup >= TARGET else "misses"
    print(f"speed-up: {speedup:.1f}x (cached vs cold; {verdict} the {TARGET:.0f}x target)")
    return 0 if speedup >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
