"""Web-mercator tiles: quadkeys, tile indices, bounds and areas, vectorised with NumPy.

Ookla's open data is published on zoom-16 web-mercator tiles (about 610 m at the equator),
each named by its *quadkey*: one digit 0-3 per zoom level, the bits of the tile's column ``x``
and row ``y`` interleaved (``digit = x_bit + 2 * y_bit``, most significant level first). A tile
is a rectangle in longitude/latitude, so its bounds follow from ``(x, y, zoom)`` alone and the
``tile`` WKT column never needs to be parsed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from cdskit.errors import InputError

#: Zoom level of Ookla's tiles.
OOKLA_ZOOM = 16
#: Mean Earth radius (km) used for tile areas on the sphere.
EARTH_RADIUS_KM = 6371.0088
_ZERO = ord("0")


def tile_bounds(
    x: np.ndarray | int, y: np.ndarray | int, zoom: int = OOKLA_ZOOM
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return the longitude/latitude bounds of web-mercator tiles.

    Parameters
    ----------
    x, y : int or array of int
        Tile column (from the antimeridian eastwards) and row (from the north).
    zoom : int, default 16
        Zoom level (``2**zoom`` tiles per side).

    Returns
    -------
    tuple of numpy.ndarray
        ``(west, south, east, north)`` in degrees (EPSG:4326).

    Examples
    --------
    >>> west, south, east, north = tile_bounds(0, 0, zoom=1)
    >>> float(west), float(east), round(float(north), 4), float(south)
    (-180.0, 0.0, 85.0511, 0.0)
    """
    x = np.asarray(x, dtype="float64")
    y = np.asarray(y, dtype="float64")
    side = float(2**zoom)
    west = x / side * 360.0 - 180.0
    east = (x + 1.0) / side * 360.0 - 180.0
    north = np.degrees(np.arctan(np.sinh(np.pi * (1.0 - 2.0 * y / side))))
    south = np.degrees(np.arctan(np.sinh(np.pi * (1.0 - 2.0 * (y + 1.0) / side))))
    return west, south, east, north


def tile_area_km2(x: np.ndarray | int, y: np.ndarray | int, zoom: int = OOKLA_ZOOM) -> np.ndarray:
    """Return the area of web-mercator tiles on the sphere, in km².

    Parameters
    ----------
    x, y : int or array of int
        Tile column and row.
    zoom : int, default 16
        Zoom level.

    Returns
    -------
    numpy.ndarray
        ``R² · Δλ · (sin φ_north − sin φ_south)`` with ``R`` = :data:`EARTH_RADIUS_KM`.

    Examples
    --------
    >>> x, y = lonlat_to_tile(105.85, 21.03)  # a zoom-16 tile in Hà Nội
    >>> round(float(tile_area_km2(x, y)), 3)  # 611 m x cos(21°), squared
    0.325
    """
    west, south, east, north = tile_bounds(x, y, zoom)
    return (
        EARTH_RADIUS_KM**2
        * np.radians(east - west)
        * (np.sin(np.radians(north)) - np.sin(np.radians(south)))
    )


def lonlat_to_tile(
    lon: np.ndarray | float, lat: np.ndarray | float, zoom: int = OOKLA_ZOOM
) -> tuple[np.ndarray, np.ndarray]:
    """Return the tile column and row holding points.

    Parameters
    ----------
    lon, lat : float or array of float
        Longitude and latitude in degrees.
    zoom : int, default 16
        Zoom level.

    Returns
    -------
    tuple of numpy.ndarray
        ``(x, y)`` as int64, clipped to the valid range.

    Examples
    --------
    >>> [int(i) for i in lonlat_to_tile(105.85, 21.03)]
    [52037, 28850]
    """
    side = 2**zoom
    lon = np.asarray(lon, dtype="float64")
    lat = np.clip(np.asarray(lat, dtype="float64"), -85.05112878, 85.05112878)
    x = np.floor((lon + 180.0) / 360.0 * side)
    rad = np.radians(lat)
    y = np.floor((1.0 - np.log(np.tan(rad) + 1.0 / np.cos(rad)) / np.pi) / 2.0 * side)
    return (
        np.clip(x, 0, side - 1).astype("int64"),
        np.clip(y, 0, side - 1).astype("int64"),
    )


def tile_to_quadkey(x: int, y: int, zoom: int = OOKLA_ZOOM) -> str:
    """Return the quadkey of one tile.

    Parameters
    ----------
    x, y : int
        Tile column and row.
    zoom : int, default 16
        Zoom level (the quadkey's length).

    Returns
    -------
    str
        ``zoom`` digits 0-3.

    Examples
    --------
    >>> tile_to_quadkey(3, 5, zoom=3)
    '213'
    """
    digits = []
    for level in range(zoom, 0, -1):
        mask = 1 << (level - 1)
        digits.append(str((1 if x & mask else 0) + (2 if y & mask else 0)))
    return "".join(digits)


def quadkeys_to_tiles(
    quadkeys: pa.Array | pa.ChunkedArray, *, zoom: int = OOKLA_ZOOM, origin: str = "quadkey"
) -> tuple[np.ndarray, np.ndarray]:
    """Decode an Arrow column of quadkeys into tile columns and rows without Python objects.

    Parameters
    ----------
    quadkeys : pyarrow.Array or pyarrow.ChunkedArray
        Quadkey strings (``string`` or ``large_string``), all of length ``zoom``.
    zoom : int, default 16
        Expected zoom level.
    origin : str, default "quadkey"
        Where the column comes from, named in error messages (file and column).

    Returns
    -------
    tuple of numpy.ndarray
        ``(x, y)`` as int64.

    Raises
    ------
    InputError
        When a quadkey is null, has another length or holds a digit other than 0-3; the message
        gives the first offending row and value.

    Examples
    --------
    >>> import pyarrow as pa
    >>> quadkeys_to_tiles(pa.array(["213", "000"]), zoom=3)
    (array([3, 0]), array([5, 0]))
    """
    if isinstance(quadkeys, pa.ChunkedArray):
        quadkeys = quadkeys.combine_chunks() if quadkeys.num_chunks else pa.array([], pa.string())
    if len(quadkeys) == 0:
        return np.zeros(0, "int64"), np.zeros(0, "int64")
    if quadkeys.null_count:
        row = int(np.flatnonzero(quadkeys.is_null().to_numpy(zero_copy_only=False))[0])
        raise InputError(f"{origin}: row {row + 1} has no quadkey; every tile needs one.")
    if pa.types.is_large_string(quadkeys.type):
        offset_type = "int64"
    elif pa.types.is_string(quadkeys.type):
        offset_type = "int32"
    else:
        raise InputError(f"{origin}: quadkeys must be text, found {quadkeys.type}.")
    offsets = np.frombuffer(quadkeys.buffers()[1], dtype=offset_type)[
        quadkeys.offset : quadkeys.offset + len(quadkeys) + 1
    ]
    lengths = np.diff(offsets)
    if (lengths != zoom).any():
        row = int(np.flatnonzero(lengths != zoom)[0])
        raise InputError(
            f"{origin}: row {row + 1} has quadkey {quadkeys[row].as_py()!r} of length "
            f"{int(lengths[row])}; zoom-{zoom} tiles have {zoom}-digit quadkeys."
        )
    data = np.frombuffer(quadkeys.buffers()[2], dtype="uint8")[offsets[0] : offsets[-1]]
    digits = data.reshape(-1, zoom) - np.uint8(_ZERO)
    if (digits > 3).any():
        row = int(np.flatnonzero((digits > 3).any(axis=1))[0])
        raise InputError(
            f"{origin}: row {row + 1} has quadkey {quadkeys[row].as_py()!r}; quadkey digits "
            "are 0, 1, 2 or 3."
        )
    weights = np.left_shift(np.int64(1), np.arange(zoom - 1, -1, -1, dtype="int64"))
    x = (digits & 1).astype("int64") @ weights
    y = (digits >> 1).astype("int64") @ weights
    return x, y


#: What a tile's measures can be: column → (lowest, highest) possible value, inclusive. A speed
#: above 10 Gbit/s (the fastest consumer links), a latency above a minute, a negative value of
#: any measure, a fractional count of tests or devices, or more devices than tests cannot be a
#: measurement; such a tile is left out whole.
TILE_LIMITS: dict[str, tuple[float, float]] = {
    "avg_d_kbps": (0.0, 10_000_000.0),
    "avg_u_kbps": (0.0, 10_000_000.0),
    "avg_lat_ms": (0.0, 60_000.0),
    "avg_lat_down_ms": (0.0, 60_000.0),
    "avg_lat_up_ms": (0.0, 60_000.0),
    "tests": (1.0, float("inf")),
    "devices": (1.0, float("inf")),
}
_WHOLE = ("tests", "devices")


def screen_tiles(tiles: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """Leave out tiles whose measures cannot be measurements, counting them by rule.

    The one rule for what a tile may hold (:data:`TILE_LIMITS`): every measure present lies in
    its range (a missing measure, such as latency under load before 2022 Q4, is allowed),
    tests and devices are whole numbers, and a tile has no more devices than tests. A tile
    breaking any rule is left out whole, so none of its values is ever weighted into a mean.

    Parameters
    ----------
    tiles : pandas.DataFrame
        Tiles with some of the columns of :data:`TILE_LIMITS` (e.g. from ``read_tiles``).

    Returns
    -------
    tuple of (pandas.DataFrame, dict of str to int)
        The tiles kept (same columns, index reset) and, per rule broken, the number of tiles
        breaking it (``{"avg_d_kbps outside [0, 10000000]": 1}``; a tile breaking two rules
        counts under both). ``"tiles rejected"`` holds the number of tiles left out.

    Examples
    --------
    >>> tiles = pd.DataFrame({"key": [1, 2, 3], "avg_d_kbps": [37_222.0, -500_000.0, 9e9],
    ...     "tests": [4.0, 2.0, 1.0], "devices": [2.0, 1.0, 1.0]})
    >>> kept, rejected = screen_tiles(tiles)
    >>> kept["key"].tolist(), rejected
    ([1], {'avg_d_kbps outside [0, 10000000]': 2, 'tiles rejected': 2})
    """
    bad = np.zeros(len(tiles), dtype=bool)
    counts: dict[str, int] = {}

    def count(rule: str, broken: np.ndarray) -> None:
        nonlocal bad
        if broken.any():
            counts[rule] = int(broken.sum())
            bad |= broken

    for column, (low, high) in TILE_LIMITS.items():
        if column not in tiles:
            continue
        values = pd.to_numeric(tiles[column], errors="coerce").to_numpy(dtype="float64")
        present = ~np.isnan(values)
        count(
            f"{column} outside [{low:g}, {high:.0f}]"
            if np.isfinite(high)
            else f"{column} < {low:g}",
            present & ((values < low) | (values > high) | np.isinf(values)),
        )
        if column in _WHOLE:
            count(f"{column} not a whole number", present & np.isfinite(values) & (values % 1 != 0))
    if {"tests", "devices"} <= set(tiles.columns):
        count("devices > tests", (tiles["devices"] > tiles["tests"]).to_numpy(dtype=bool))
    if bad.any():
        counts["tiles rejected"] = int(bad.sum())
    return tiles.loc[~bad].reset_index(drop=True), counts
