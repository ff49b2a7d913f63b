"""Read an Ookla quarter file in bounded memory, keeping only the tiles of a unit grid.

The file is scanned in record batches of the needed columns only (never the ``tile`` WKT).
Each batch's quadkeys are decoded to tile indices without Python objects, tiles outside the
grid's bounding box are dropped first, then tiles that touch no unit; only the survivors are
kept. From 2023 Q3 the files carry tile centroids (``tile_x``, ``tile_y``); the scan then also
asks Arrow to skip row groups whose statistics lie outside the box. Peak memory is one batch
plus the selected tiles, whatever the size of the file.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds

from cdskit.connectivity._tiles import OOKLA_ZOOM, lonlat_to_tile, quadkeys_to_tiles
from cdskit.connectivity._tiling import UnitGrid
from cdskit.errors import InputError

#: Columns every quarter has (Q1 2019 onwards).
REQUIRED_COLUMNS = ("quadkey", "avg_d_kbps", "avg_u_kbps", "avg_lat_ms", "tests", "devices")
#: Columns only some quarters have: latency under load (2022 Q4+), tile centroids (2023 Q3+).
OPTIONAL_COLUMNS = ("avg_lat_down_ms", "avg_lat_up_ms", "tile_x", "tile_y")
#: Measures carried per tile (a quarter without a column gets it as missing, never as zero).
MEASURES = (
    "avg_d_kbps",
    "avg_u_kbps",
    "avg_lat_ms",
    "avg_lat_down_ms",
    "avg_lat_up_ms",
    "tests",
    "devices",
)
#: Longitude/latitude box of Vietnam, its islands and archipelagos (west, south, east, north).
VIETNAM_BOUNDS = (102.1, 6.0, 117.9, 23.4)
#: Rows per scanned batch.
BATCH_ROWS = 1 << 20


def read_tiles(
    path: str | os.PathLike[str], grid: UnitGrid, *, batch_rows: int = BATCH_ROWS
) -> pd.DataFrame:
    """Return the tiles of an Ookla quarter file that touch the units of ``grid``.

    Parameters
    ----------
    path : str or path-like
        A ``*_performance_{mobile,fixed}_tiles.parquet`` file in the provider's schema.
    grid : UnitGrid
        Units on the tile grid (see :func:`unit_grid`).
    batch_rows : int, default 1_048_576
        Rows read per batch: the memory bound of the scan.

    Returns
    -------
    pandas.DataFrame
        One row per kept tile: ``key`` (``x * 2**16 + y``) and :data:`MEASURES` as float64
        (all missing when the quarter lacks the column). ``attrs`` holds ``columns`` (the
        measures the file has), ``rows_scanned`` and ``tiles_in_vietnam``.

    Raises
    ------
    InputError
        When the file is not Parquet, lacks a required column, holds a malformed quadkey, has
        no tile in Vietnam, or none touching the units.
    """
    path = Path(path)
    dataset = _open(path)
    names = set(dataset.schema.names)
    present = [column for column in MEASURES if column in names]
    west, south, east, north = grid.bounds
    x0, y0 = lonlat_to_tile(west, north)
    x1, y1 = lonlat_to_tile(east, south)
    vx0, vy0 = lonlat_to_tile(VIETNAM_BOUNDS[0], VIETNAM_BOUNDS[3])
    vx1, vy1 = lonlat_to_tile(VIETNAM_BOUNDS[2], VIETNAM_BOUNDS[1])
    keys = np.sort(grid.pieces["key"].unique())
    side = 2**OOKLA_ZOOM
    kept: list[pd.DataFrame] = []
    scanned = in_vietnam = 0
    scanner = dataset.scanner(
        columns=["quadkey", *present],
        filter=_centroid_filter(names, grid.bounds),
        batch_size=batch_rows,
        batch_readahead=1,
        fragment_readahead=1,
        use_threads=True,
    )
    for batch in scanner.to_batches():
        x, y = quadkeys_to_tiles(batch.column("quadkey"), origin=f"{path}, column quadkey")
        if "tile_x" not in names:  # without centroids the whole file is scanned
            in_vietnam += int(((x >= vx0) & (x <= vx1) & (y >= vy0) & (y <= vy1)).sum())
        scanned += batch.num_rows
        inside = np.flatnonzero((x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))
        key = x[inside] * side + y[inside]
        position = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        touching = keys[position] == key
        rows = pa.array(inside[touching])
        frame = {"key": key[touching]}
        for column in present:
            frame[column] = batch.column(column).take(rows).to_numpy(zero_copy_only=False)
        kept.append(pd.DataFrame(frame))
    tiles = _assemble(kept, present)
    if "tile_x" in names:
        in_vietnam = _count_in_vietnam(dataset)
    if in_vietnam == 0:
        raise InputError(
            f"{path} has no tile in Vietnam (longitude {VIETNAM_BOUNDS[0]}–{VIETNAM_BOUNDS[2]}, "
            f"latitude {VIETNAM_BOUNDS[1]}–{VIETNAM_BOUNDS[3]}) among its {scanned:,} tiles "
            "read: the provider may have left the region out of this quarter. Choose another "
            "quarter (cdskit connectivity ookla --list shows them)."
        )
    if tiles.empty:
        raise InputError(
            f"{path} has {in_vietnam:,} tiles in Vietnam but none touching the "
            f"{len(grid.units)} chosen units; check the provinces and the file's quarter."
        )
    tiles.attrs.update(columns=present, rows_scanned=scanned, tiles_in_vietnam=in_vietnam)
    return tiles


def check_tiles_file(path: str | os.PathLike[str]) -> list[str]:
    """Check that a file is an Ookla tiles file, before anything else is loaded.

    Parameters
    ----------
    path : str or path-like
        The quarter file.

    Returns
    -------
    list of str
        The measures of :data:`MEASURES` the file has (the others are missing in its quarter).

    Raises
    ------
    InputError
        When the file is not Parquet or lacks a column every quarter has.
    """
    names = set(_open(Path(path)).schema.names)
    return [column for column in MEASURES if column in names]


def _open(path: Path) -> ds.Dataset:
    try:
        dataset = ds.dataset(path, format="parquet")
    except (pa.ArrowInvalid, OSError) as error:
        raise InputError(f"{path} is not a readable Parquet file ({error}).") from error
    names = set(dataset.schema.names)
    missing = [column for column in REQUIRED_COLUMNS if column not in names]
    if missing:
        raise InputError(
            f"{path} lacks column(s) {', '.join(missing)} that every Ookla quarter has "
            f"(found: {', '.join(sorted(names))}). Is this a performance tiles file?"
        )
    return dataset


def _centroid_filter(names: set[str], bounds: tuple[float, float, float, float]) -> ds.Expression:
    """Row filter on tile centroids (quarters from 2023 Q3), a tile's width around the box."""
    if not {"tile_x", "tile_y"} <= names:
        return None
    margin = 0.01  # larger than a zoom-16 tile (about 0.0055°)
    west, south, east, north = bounds
    return (
        (ds.field("tile_x") >= west - margin)
        & (ds.field("tile_x") <= east + margin)
        & (ds.field("tile_y") >= south - margin)
        & (ds.field("tile_y") <= north + margin)
    )


def _count_in_vietnam(dataset: ds.Dataset) -> int:
    west, south, east, north = VIETNAM_BOUNDS
    expression = (
        (ds.field("tile_x") >= west)
        & (ds.field("tile_x") <= east)
        & (ds.field("tile_y") >= south)
        & (ds.field("tile_y") <= north)
    )
    return int(dataset.count_rows(filter=expression))


def _assemble(kept: list[pd.DataFrame], present: list[str]) -> pd.DataFrame:
    tiles = pd.concat(kept, ignore_index=True) if kept else pd.DataFrame({"key": []})
    tiles["key"] = tiles["key"].astype("int64")
    for column in MEASURES:
        if column in present:
            tiles[column] = pd.to_numeric(tiles[column]).astype("float64")
        else:
            tiles[column] = np.nan
    duplicated = tiles["key"].duplicated()
    if duplicated.any():
        key = int(tiles.loc[duplicated, "key"].iloc[0])
        raise InputError(
            f"Tile x={key // 2**OOKLA_ZOOM}, y={key % 2**OOKLA_ZOOM} appears twice in the file; "
            "a quarter file has one row per tile."
        )
    return tiles[["key", *MEASURES]]
