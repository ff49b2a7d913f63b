"""Web-mercator tiles: quadkeys, tile indices, bounds and areas, vectorised with NumPy.

Ookla's open data is published on zoom-16 web-mercator tiles (about 610 m at the equator),
each named by its *quadkey*: one digit 0-3 per zoom level, the bits of the tile's column ``x``
and row ``y`` interleaved (``digit = x_bit + 2 * y_bit``, most significant level first). A tile
is a rectangle in longitude/latitude, so its bounds follow from ``(x, y, zoom)`` alone and the
``tile`` WKT column never needs to be parsed.
"""

from __future__ import annotations

import numpy as np
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
