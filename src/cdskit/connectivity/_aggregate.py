"""Tiles → units: area-share assignment and tests-weighted aggregation per unit and province."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cdskit.connectivity._tiles import screen_tiles
from cdskit.connectivity._tiling import UnitGrid
from cdskit.errors import InputError

#: Output columns of :func:`aggregate_tiles`, in order.
RESULT_COLUMNS = (
    "unit_code",
    "unit_level",
    "province_code",
    "tiles",
    "tests",
    "devices",
    "download_mbps",
    "upload_mbps",
    "latency_ms",
    "latency_down_ms",
    "latency_up_ms",
    "measured_area_km2",
    "area_km2",
    "measured_area_share",
)
#: Tests-weighted means: output column → (tile column, factor to the output unit).
_MEANS = {
    "download_mbps": ("avg_d_kbps", 1e-3),
    "upload_mbps": ("avg_u_kbps", 1e-3),
    "latency_ms": ("avg_lat_ms", 1.0),
    "latency_down_ms": ("avg_lat_down_ms", 1.0),
    "latency_up_ms": ("avg_lat_up_ms", 1.0),
}


def assign_tiles(tiles: pd.DataFrame, grid: UnitGrid) -> pd.DataFrame:
    """Assign tiles to units by area: one row per (tile, unit) part.

    Parameters
    ----------
    tiles : pandas.DataFrame
        Tiles with a ``key`` column (``x * 2**16 + y``), e.g. from :func:`read_tiles`.
    grid : UnitGrid
        Units on the tile grid.

    Returns
    -------
    pandas.DataFrame
        The tile columns plus ``unit`` (row of ``grid.units``), ``share`` (fraction of the
        tile's area in the unit) and ``area_km2`` (area of that part). A tile straddling a
        border yields one row per unit it touches; a tile touching no unit yields none.
    """
    if "key" not in tiles.columns:
        raise InputError("Tiles need a 'key' column (x * 2**16 + y); read them with read_tiles.")
    return grid.pieces.merge(tiles, on="key", how="inner", validate="many_to_one")


def aggregate_tiles(tiles: pd.DataFrame, grid: UnitGrid) -> pd.DataFrame:
    """Aggregate tiles to the grid's units and to their provinces.

    A tile split by a border gives each unit the share of its area inside it: that share of its
    tests and devices, and its measures weighted by those tests. Every figure of a province is
    computed from the tiles directly, not from its communes' figures. Tiles whose measures
    cannot be measurements (negative, a speed above 10 Gbit/s…; see
    :func:`cdskit.connectivity._tiles.screen_tiles`) are left out before anything is weighted,
    and counted by rule in ``attrs["tiles_rejected"]``.

    Parameters
    ----------
    tiles : pandas.DataFrame
        Tiles with ``key``, ``tests``, ``devices`` and the speed and latency columns of
        :data:`MEASURES` (missing values allowed: a measure is averaged over the tests of the
        tiles that have it).
    grid : UnitGrid
        Units on the tile grid; ``grid.units`` has ``unit_code`` and ``province_code``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RESULT_COLUMNS`, one row per unit (``unit_level`` from the layer's
        ``level`` column, ``"unit"`` when absent) then one per province (``"province"``).
        ``tiles`` counts the tiles touching the unit; ``tests`` and ``devices`` are area-share
        weighted sums (a device measured in two tiles counts twice); speeds are in Mbit/s,
        latencies in ms; ``measured_area_share`` is the share of the unit's area covered by a
        tile with at least one test (0-1). A unit with no tile has 0 tests, a measured share of
        0 and missing means.

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd, shapely
    >>> from cdskit.connectivity import tile_bounds, unit_grid
    >>> layer = gpd.GeoDataFrame({"unit_code": ["A"], "province_code": ["P"]},
    ...     geometry=[shapely.box(105.0, 21.0, 105.02, 21.02)], crs="EPSG:4326")
    >>> grid = unit_grid(layer)
    >>> tiles = pd.DataFrame({"key": grid.pieces["key"].iloc[:2], "tests": [1.0, 3.0],
    ...     "devices": [1.0, 2.0], "avg_d_kbps": [10_000.0, 30_000.0]})
    >>> result = aggregate_tiles(tiles, grid)
    >>> result[["unit_code", "unit_level", "tests", "download_mbps"]].values.tolist()
    [['A', 'unit', 4.0, 25.0], ['P', 'province', 4.0, 25.0]]
    """
    tiles, rejected = screen_tiles(tiles)
    parts = assign_tiles(tiles, grid)
    units = grid.units
    parts["province"] = units["province_code"].to_numpy()[parts["unit"].to_numpy()]
    level = units["level"] if "level" in units else pd.Series("unit", index=units.index)
    by_unit = _summarise(parts, "unit", units.index, units["area_km2"])
    by_unit.insert(0, "unit_code", units["unit_code"].to_numpy())
    by_unit.insert(1, "unit_level", level.to_numpy())
    by_unit.insert(2, "province_code", units["province_code"].to_numpy())
    province_area = units.groupby("province_code", sort=True)["area_km2"].sum()
    by_province = _summarise(parts, "province", province_area.index, province_area)
    by_province.insert(0, "unit_code", province_area.index.to_numpy())
    by_province.insert(1, "unit_level", "province")
    by_province.insert(2, "province_code", province_area.index.to_numpy())
    result = pd.concat([by_unit, by_province], ignore_index=True)[list(RESULT_COLUMNS)]
    result.attrs["tiles_rejected"] = rejected
    return result


def _summarise(parts: pd.DataFrame, by: str, index: pd.Index, area_km2: pd.Series) -> pd.DataFrame:
    parts = parts.assign(
        weight=parts["tests"].fillna(0.0) * parts["share"],
        devices_share=parts["devices"] * parts["share"],
        measured=parts["area_km2"].where(parts["tests"].fillna(0.0) > 0, 0.0),
    )
    grouped = parts.groupby(by, sort=True)
    out = pd.DataFrame(index=index)
    out["tiles"] = grouped.size().reindex(index, fill_value=0).to_numpy()
    out["tests"] = grouped["weight"].sum().reindex(index, fill_value=0.0).to_numpy()
    out["devices"] = grouped["devices_share"].sum(min_count=1).reindex(index).to_numpy()
    out.loc[out["tiles"] == 0, "devices"] = 0.0
    for name, (column, factor) in _MEANS.items():
        values = parts[column] if column in parts else pd.Series(np.nan, index=parts.index)
        has = values.notna()
        weighted = (values.fillna(0.0) * parts["weight"]).groupby(parts[by]).sum()
        weights = parts["weight"].where(has, 0.0).groupby(parts[by]).sum()
        mean = (weighted / weights.replace(0.0, np.nan)) * factor
        out[name] = mean.reindex(index).to_numpy()
    out["measured_area_km2"] = grouped["measured"].sum().reindex(index, fill_value=0.0).to_numpy()
    out["area_km2"] = np.asarray(area_km2, dtype="float64")
    out["measured_area_share"] = np.minimum(out["measured_area_km2"] / out["area_km2"], 1.0)
    return out.reset_index(drop=True)
