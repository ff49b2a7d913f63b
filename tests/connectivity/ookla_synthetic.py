"""Synthetic Ookla tiles for the connectivity tests (all values are made up, marked synthetic).

Files are written in the provider's Parquet schema of a chosen quarter: the base columns of
every quarter, latency under load from 2022 Q4, tile centroids from 2023 Q3.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from cdskit.connectivity import tile_bounds, tile_to_quadkey

#: One synthetic tile: (x, y, avg_d_kbps, avg_u_kbps, avg_lat_ms, tests, devices)
Tile = tuple[int, int, int, int, int | None, int, int]


def tile_wkt(x: int, y: int) -> str:
    west, south, east, north = (float(v) for v in tile_bounds(x, y))
    return (
        f"POLYGON(({west} {south}, {east} {south}, {east} {north}, {west} {north}, {west} {south}))"
    )


def write_quarter(
    path: Path, tiles: Sequence[Tile], *, year: int = 2024, quarter: int = 1, **parquet: object
) -> Path:
    """Write synthetic tiles as one quarter file in the provider's schema of that quarter."""
    columns: dict[str, pa.Array] = {
        "quadkey": pa.array([tile_to_quadkey(t[0], t[1]) for t in tiles], pa.string()),
        "tile": pa.array([tile_wkt(t[0], t[1]) for t in tiles], pa.string()),
        "avg_d_kbps": pa.array([t[2] for t in tiles], pa.int64()),
        "avg_u_kbps": pa.array([t[3] for t in tiles], pa.int64()),
        "avg_lat_ms": pa.array([t[4] for t in tiles], pa.int64()),
        "tests": pa.array([t[5] for t in tiles], pa.int64()),
        "devices": pa.array([t[6] for t in tiles], pa.int64()),
    }
    if (year, quarter) >= (2022, 4):
        columns["avg_lat_down_ms"] = pa.array([None] * len(tiles), pa.int64())
        columns["avg_lat_up_ms"] = pa.array([t[4] for t in tiles], pa.int64())
    if (year, quarter) >= (2023, 3):
        centres = [tile_bounds(t[0], t[1]) for t in tiles]
        columns["tile_x"] = pa.array([float(b[0] + b[2]) / 2 for b in centres], pa.float64())
        columns["tile_y"] = pa.array([float(b[1] + b[3]) / 2 for b in centres], pa.float64())
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(columns), path, **parquet)
    return path
