"""Benchmark: the 429-commune map as cdskit draws it against a plain ``geopandas.explore()``.

Both maps show the same figures on the same 429 communes of the four focus provinces (2025).
The baseline is ``GeoDataFrame.explore()`` of the unsimplified layer saved with folium's
defaults (CDN scripts, full-detail GeoJSON); cdskit's ``maps.choropleth`` simplifies the
coverage, inlines Leaflet and writes one offline file. Both are timed in the same run (best of
``--repeat``; cdskit also once with an empty cache, since it caches the simplified shapes), and
HTML sizes are printed side by side. The figures drawn are synthetic
(one rank per commune in code order): the benchmark measures drawing, not data.

Usage: CDSKIT_MIRROR=../shared/mirror:<npm mirror> python benchmarks/bench_maps.py [--repeat N]
(the npm mirror comes from ``.ci/npm-mirror.sh DIR``; without it Leaflet is downloaded once
into the cache).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
import warnings
from pathlib import Path

FOCUS = ["15", "20", "24", "38"]


def _observations(layer):
    """Synthetic figures: rank n of n in code order, one per commune."""
    import pandas as pd

    count = len(layer)
    return pd.DataFrame(
        {
            "unit_code": layer["unit_code"],
            "unit_level": "commune",
            "vintage": 2025,
            "province_code": layer["province_code"],
            "indicator": "villages_with_3g4g",
            "period": "2022",
            "value": [float(i) for i in range(1, count + 1)],
            "value_as_published": [str(i) for i in range(1, count + 1)],
            "source_id": "synthetic",
        }
    )


def _best(repeat: int, run) -> tuple[float, Path]:
    best, path = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        path = run()
        best = min(best, time.perf_counter() - start)
    return best, path


def _external(page: str) -> int:
    return len(re.findall(r"<(?:script|link)[^>]+(?:src|href)=[\"']?(?:https?:)?//", page))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="renders to time (best kept)")
    args = parser.parse_args()
    if not os.environ.get("CDSKIT_MIRROR"):
        print("CDSKIT_MIRROR is not set: point it at the boundary mirror.", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")
    import pandas as pd

    from cdskit import maps
    from cdskit.geo import load_boundaries

    layer = load_boundaries("commune", 2025, provinces=FOCUS)
    observations = _observations(layer)
    sources = {"synthetic": "Synthetic benchmark figures"}
    with tempfile.TemporaryDirectory(prefix="cdskit-bench-maps-") as folder:
        out = Path(folder)

        def baseline() -> Path:
            frame = layer.merge(observations[["unit_code", "value"]], on="unit_code")
            # five quantile classes by pandas (explore's scheme= would need mapclassify)
            frame["quintile"] = pd.qcut(frame["value"], 5, labels=False)
            target = out / "explore.html"
            frame.explore(column="quintile", categorical=True, tooltip="unit_name").save(
                str(target)
            )
            return target

        def ours() -> Path:
            the_map = maps.choropleth(
                observations,
                layer,
                indicator="villages_with_3g4g",
                period="2022",
                sources=sources,
            )
            return the_map.save(out / "cdskit.html")

        base_time, base_path = _best(args.repeat, baseline)
        # cdskit caches the simplified shapes: the first render (empty cache) is cold.
        os.environ["CDSKIT_CACHE"] = str(out / "cache")
        cold_time, our_path = _best(1, ours)
        our_time, our_path = _best(args.repeat, ours)
        base_page = base_path.read_text(encoding="utf-8")
        our_page = our_path.read_text(encoding="utf-8")
        rows = [
            ("", "geopandas.explore()", "cdskit maps.choropleth"),
            ("units drawn", str(len(layer)), str(len(layer))),
            ("render + save, cold (s)", f"{base_time:.2f}", f"{cold_time:.2f}"),
            ("render + save, cached (s)", f"{base_time:.2f}", f"{our_time:.2f}"),
            (
                "HTML size (MB)",
                f"{base_path.stat().st_size / 1e6:.2f}",
                f"{our_path.stat().st_size / 1e6:.2f}",
            ),
            ("external scripts/styles", str(_external(base_page)), str(_external(our_page))),
            (
                "opens offline",
                "no" if _external(base_page) else "yes",
                "no" if _external(our_page) else "yes",
            ),
        ]
        width = max(len(r[0]) for r in rows)
        for label, base, mine in rows:
            print(f"{label:<{width}}  {base:>22}  {mine:>24}")
        ratio = base_path.stat().st_size / our_path.stat().st_size
        print(f"size: cdskit's file is {ratio:.1f}x smaller (budget for 429 communes: 3 MB)")
        print(
            f"time: cdskit takes {cold_time / base_time:.1f}x the baseline's time cold "
            f"(coverage simplification included), {our_time / base_time:.2f}x once the "
            "simplified shapes are cached"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
