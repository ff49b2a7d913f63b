"""Units cut along the tile grid: which part of every zoom-16 tile lies in which unit.

A unit layer (communes, provinces) is decomposed once into tile-aligned pieces by quad-tree
subdivision: each unit starts from the few cells of the coarsest zoom that hold its bounding
box, and each cell is clipped to the unit and split into its four children until zoom 16. A cell
the unit covers entirely stops there (every tile below it lies wholly inside), a cell it misses
is dropped, and only cells on the unit's border are clipped again, so the work grows with the
length of the borders, not with the number of tiles. The result is a table of
``(x, y, unit, share)`` rows at zoom 16, where ``share`` is the fraction of the tile's area
inside the unit: tiles are then assigned to units by an integer join, with no geometry at all.

Because a web-mercator tile is a rectangle in longitude/latitude and is small (about 0.005°),
its area share measured in degrees equals its share of true area to within 1e-4.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from cdskit.connectivity._tiles import OOKLA_ZOOM, lonlat_to_tile, tile_area_km2, tile_bounds
from cdskit.errors import InputError

#: A cell covered to within this fraction of its area counts as covered entirely.
FULL_TOLERANCE = 1e-9
#: Pieces smaller than this fraction of their cell are slivers of shared borders and dropped.
SLIVER_TOLERANCE = 1e-9


@dataclass(frozen=True)
class UnitGrid:
    """A unit layer on the zoom-16 tile grid.

    Attributes
    ----------
    units : pandas.DataFrame
        One row per unit (in the layer's order): ``unit_code``, ``province_code``, ``unit_name``
        and ``level`` when the layer has them, and ``area_km2`` (the sum of its pieces, on the
        sphere).
    pieces : pandas.DataFrame
        One row per (tile, unit) with the tile inside or across the unit's border: ``key``
        (``x * 2**16 + y``), ``unit`` (row of :attr:`units`), ``share`` (fraction of the tile's
        area in the unit) and ``area_km2`` (that part's area).
    """

    units: pd.DataFrame
    pieces: pd.DataFrame

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """Return the ``(west, south, east, north)`` bounds of every tile of the grid."""
        side = 2**OOKLA_ZOOM
        x, y = self.pieces["key"].to_numpy() // side, self.pieces["key"].to_numpy() % side
        west, _, _, north = tile_bounds(x.min(), y.min())
        _, south, east, _ = tile_bounds(x.max(), y.max())
        return float(west), float(south), float(east), float(north)


def unit_grid(units: gpd.GeoDataFrame, *, zoom: int = OOKLA_ZOOM) -> UnitGrid:
    """Cut a unit layer along the web-mercator tile grid.

    Parameters
    ----------
    units : geopandas.GeoDataFrame
        Polygons in EPSG:4326 with columns ``unit_code`` and ``province_code`` (``unit_name``
        is kept when present), e.g. ``cdskit.geo.load_boundaries("commune", 2025, ...)``.
        Units must not overlap (boundary layers are exact coverages).
    zoom : int, default 16
        Zoom level of the tiles.

    Returns
    -------
    UnitGrid
        The units and their pieces on the tile grid.

    Raises
    ------
    InputError
        When the layer is empty, not in EPSG:4326, lacks a column or has no polygon area.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> layer = gpd.GeoDataFrame(
    ...     {"unit_code": ["A"], "province_code": ["P"]},
    ...     geometry=[shapely.box(105.0, 21.0, 105.02, 21.02)], crs="EPSG:4326")
    >>> grid = unit_grid(layer)
    >>> bool(grid.pieces["share"].between(0, 1).all()), round(float(grid.units["area_km2"][0]), 2)
    (True, 4.62)
    """
    _check_layer(units)
    geoms = np.asarray(units.geometry.values, dtype=object)
    bounds = shapely.bounds(geoms)
    start = _start_zoom(bounds, zoom)
    found: list[tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    pending = _seed(bounds, start, geoms)
    for level in range(int(start.min()), zoom + 1):
        unit, x, y, geom = pending.pop(level)
        if len(unit) == 0:
            continue
        west, south, east, north = tile_bounds(x, y, level)
        clipped = _clip(geom, west, south, east, north)
        share = shapely.area(clipped) / ((east - west) * (north - south))
        full = share >= 1.0 - FULL_TOLERANCE
        partial = (share > SLIVER_TOLERANCE) & ~full
        found.append((level, unit[full], x[full], y[full], np.ones(int(full.sum()))))
        if level == zoom:
            found.append((level, unit[partial], x[partial], y[partial], share[partial]))
            break
        children = _children(unit[partial], x[partial], y[partial], clipped[partial])
        following = pending.setdefault(level + 1, _empty())
        pending[level + 1] = tuple(
            np.concatenate([a, b]) for a, b in zip(following, children, strict=True)
        )
    pieces = _expand(found, zoom)
    table = units[[c for c in ("unit_code", "province_code", "unit_name", "level") if c in units]]
    table = table.reset_index(drop=True).astype({"unit_code": str, "province_code": str})
    area = pieces.groupby("unit")["area_km2"].sum()
    table["area_km2"] = area.reindex(range(len(table)), fill_value=0.0).to_numpy()
    return UnitGrid(units=table, pieces=pieces)


def _check_layer(units: gpd.GeoDataFrame) -> None:
    if len(units) == 0:
        raise InputError("The unit layer is empty: load at least one unit.")
    missing = [c for c in ("unit_code", "province_code") if c not in units.columns]
    if missing:
        raise InputError(
            f"The unit layer lacks column(s) {', '.join(missing)}; load it with "
            "cdskit.geo.load_boundaries, which provides unit_code and province_code."
        )
    if units.crs is None or units.crs.to_epsg() != 4326:
        raise InputError(
            f"The unit layer is in {units.crs}, expected EPSG:4326 (longitude/latitude); "
            "reproject it with .to_crs(4326)."
        )
    empty = shapely.area(np.asarray(units.geometry.values, dtype=object)) <= 0
    if empty.any():
        code = units["unit_code"].iloc[int(np.flatnonzero(empty)[0])]
        raise InputError(f"Unit {code} has no polygon area; check the boundary layer.")


def _clip(
    geom: np.ndarray, west: np.ndarray, south: np.ndarray, east: np.ndarray, north: np.ndarray
) -> np.ndarray:
    """Clip each geometry to its own rectangle (GEOS rectangle clipping, no overlay)."""
    # shapely.clip_by_rect only takes one rectangle; its ufunc takes one per geometry.
    return shapely.lib.clip_by_rect(geom, west, south, east, north)


def _start_zoom(bounds: np.ndarray, zoom: int) -> np.ndarray:
    """Deepest zoom at which each unit's bounding box spans at most 2 x 2 cells."""
    start = np.zeros(len(bounds), dtype="int64")
    for level in range(zoom + 1):
        x0, y0 = lonlat_to_tile(bounds[:, 0], bounds[:, 3], level)
        x1, y1 = lonlat_to_tile(bounds[:, 2], bounds[:, 1], level)
        start[(x1 - x0 <= 1) & (y1 - y0 <= 1)] = level
    return start


def _empty() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    return (np.zeros(0, "int64"),) * 3 + (np.zeros(0, dtype=object),)


def _seed(
    bounds: np.ndarray, start: np.ndarray, geoms: np.ndarray
) -> dict[int, tuple[np.ndarray, ...]]:
    pending: dict[int, list[tuple[int, int, int]]] = {}
    for unit, (level, box) in enumerate(zip(start, bounds, strict=True)):
        x0, y0 = lonlat_to_tile(box[0], box[3], int(level))
        x1, y1 = lonlat_to_tile(box[2], box[1], int(level))
        for x in range(int(x0), int(x1) + 1):
            for y in range(int(y0), int(y1) + 1):
                pending.setdefault(int(level), []).append((unit, x, y))
    seeded: dict[int, tuple[np.ndarray, ...]] = {}
    for level in range(int(start.min()), int(start.max()) + 2):
        rows = np.array(pending.get(level, []), dtype="int64").reshape(-1, 3)
        seeded[level] = (rows[:, 0], rows[:, 1], rows[:, 2], geoms[rows[:, 0]])
    return seeded


def _children(
    unit: np.ndarray, x: np.ndarray, y: np.ndarray, geom: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    dx = np.array([0, 1, 0, 1])
    dy = np.array([0, 0, 1, 1])
    return (
        np.repeat(unit, 4),
        (2 * x[:, None] + dx).ravel(),
        (2 * y[:, None] + dy).ravel(),
        np.repeat(geom, 4),
    )


def _expand(
    found: list[tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]], zoom: int
) -> pd.DataFrame:
    """Spell every piece out at ``zoom``: a covered cell becomes all the tiles below it."""
    keys, units, shares = [], [], []
    for level, unit, x, y, share in found:
        depth = 2 ** (zoom - level)
        offsets = np.arange(depth)
        tx = (x[:, None, None] * depth + offsets[None, :, None]) + 0 * offsets[None, None, :]
        ty = (y[:, None, None] * depth + offsets[None, None, :]) + 0 * offsets[None, :, None]
        keys.append((tx * 2**zoom + ty).ravel())
        units.append(np.repeat(unit, depth * depth))
        shares.append(np.repeat(share, depth * depth))
    key = np.concatenate(keys) if keys else np.zeros(0, "int64")
    share = np.concatenate(shares) if shares else np.zeros(0)
    side = 2**zoom
    return pd.DataFrame(
        {
            "key": key.astype("int64"),
            "unit": np.concatenate(units).astype("int64") if units else np.zeros(0, "int64"),
            "share": share,
            "area_km2": share * tile_area_km2(key // side, key % side, zoom),
        }
    )
