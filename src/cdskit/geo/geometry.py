"""Coverage geometry: overlaps, clean coverages, simplification, dissolving and a layer cache.

A *coverage* is a set of polygons that do not overlap and share their common edges vertex for
vertex. Published boundary files are nearly, not exactly, coverages: neighbours overlap by
slivers (and, in the 2025 communes of Lào Cai, by one 3.49 km² piece). :func:`clean_coverage`
turns a layer into an exact coverage, giving every overlapping piece to the unit with the lowest
code, and reports what it moved; :func:`simplify_coverage` then simplifies shared edges once for
both neighbours (``shapely.coverage_simplify``), so no gaps or slivers appear between them.
Areas are measured in an equal-area projection (:data:`EQUAL_AREA`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from cdskit.errors import ParameterError
from cdskit.files import write_atomically, write_text_atomically
from cdskit.paths import cache_dir

#: Equal-area projection used for every area (World Cylindrical Equal Area).
EQUAL_AREA = "EPSG:6933"
#: Overlaps smaller than this (km², i.e. 1 m²) are floating-point noise and not reported.
MIN_REPORTED_OVERLAP_KM2 = 1e-6
#: Largest change in overlaps or holes (km²) that :func:`coverage_change` accepts as unchanged.
COVERAGE_TOLERANCE_KM2 = 0.01
#: Tolerances (degrees) tried, smallest first, when simplifying to a size budget.
TOLERANCES: tuple[float, ...] = (
    0.0,
    1e-5,
    2e-5,
    5e-5,
    1e-4,
    2e-4,
    3e-4,
    4e-4,
    5e-4,
    6e-4,
    7e-4,
    8e-4,
    1e-3,
    1.5e-3,
    2e-3,
    3e-3,
    5e-3,
    7e-3,
    1e-2,
    2e-2,
    5e-2,
)
_OVERLAP_COLUMNS = ["unit_code", "other_code", "area_km2", "kept_by"]


def find_overlaps(gdf: gpd.GeoDataFrame, *, code_column: str = "unit_code") -> pd.DataFrame:
    """Return every pair of units whose interiors overlap by at least 1 m².

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Polygons with a code column.
    code_column : str, default "unit_code"
        Column naming each unit.

    Returns
    -------
    pandas.DataFrame
        Columns ``unit_code``, ``other_code`` (the higher code of the pair), ``area_km2`` and
        ``kept_by`` (the code that keeps the piece: the lower one), largest overlap first.
    """
    geoms = gdf.geometry.values
    codes = gdf[code_column].astype(str).to_numpy()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    # Only pairs whose interiors meet (neighbours merely touching are most pairs).
    inside = shapely.relate_pattern(geoms[left], geoms[right], "T********")
    left, right = left[inside], right[inside]
    if len(left) == 0:
        return pd.DataFrame(columns=_OVERLAP_COLUMNS)
    pieces = gpd.GeoSeries(shapely.intersection(geoms[left], geoms[right]), crs=gdf.crs)
    polygonal = pieces.geometry.apply(_polygonal_part)
    areas = gpd.GeoSeries(polygonal, crs=gdf.crs).to_crs(EQUAL_AREA).area.to_numpy() / 1e6
    rows = []
    for i, j, area in zip(left, right, areas, strict=True):
        if area >= MIN_REPORTED_OVERLAP_KM2:
            low, high = sorted((codes[i], codes[j]))
            rows.append((low, high, float(area), low))
    frame = pd.DataFrame(rows, columns=_OVERLAP_COLUMNS)
    return frame.sort_values(["area_km2", "unit_code"], ascending=[False, True], ignore_index=True)


def clean_coverage(
    gdf: gpd.GeoDataFrame,
    *,
    code_column: str = "unit_code",
    grid_size: float | None = None,
    report: bool = True,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame | None]:
    """Make a layer an exact coverage: overlaps go to the lowest code, shared edges match.

    Gaps are never filled (a gap in the source stays a gap). Units are returned sorted by code.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Polygons in EPSG:4326 with a code column.
    code_column : str, default "unit_code"
        Column naming each unit; the unit with the lowest code keeps an overlapping piece.
    grid_size : float, optional
        Round coordinates to this grid (degrees) first, e.g. ``1e-5`` (about 1 m).
    report : bool, default True
        Measure the overlaps that are resolved (skip when only the clean layer is needed).

    Returns
    -------
    tuple of (geopandas.GeoDataFrame, pandas.DataFrame)
        The cleaned layer and the overlaps that were resolved (see :func:`find_overlaps`;
        ``None`` when ``report`` is False).
    """
    ordered = gdf.sort_values(code_column, kind="stable", ignore_index=True)
    overlaps = find_overlaps(ordered, code_column=code_column) if report else None
    geoms = ordered.geometry.values
    if grid_size:
        geoms = shapely.set_precision(geoms, grid_size)
    # "min_index" hands each overlap to the first (lowest-code) unit; gaps are kept as they are.
    cleaned = shapely.coverage_clean(geoms, merge_strategy="min_index")
    empty = ordered.loc[shapely.is_empty(cleaned), code_column].tolist()
    if empty:
        raise ParameterError(  # pragma: no cover - a unit fully inside another one
            f"Cleaning the coverage left units {empty} without area: they lie inside units "
            "with lower codes. Check the boundary files for duplicated units."
        )
    out = ordered.copy()
    out[out.geometry.name] = gpd.GeoSeries(cleaned, crs=gdf.crs).values
    return out, overlaps


def simplify_coverage(
    gdf: gpd.GeoDataFrame,
    *,
    tolerance: float | None = None,
    max_bytes: int | None = None,
    precision: int = 5,
) -> gpd.GeoDataFrame:
    """Simplify a coverage without opening gaps or overlaps between neighbours.

    Coordinates are first rounded to ``precision`` decimals and the layer cleaned
    (:func:`clean_coverage`); ``shapely.coverage_simplify`` then only removes vertices, so the
    result stays on the grid and keeps shared edges identical.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        A layer in EPSG:4326 with a ``unit_code`` column.
    tolerance : float, optional
        Simplification tolerance in degrees (about the square root of the largest triangle
        area removed); ``0`` only rounds and cleans.
    max_bytes : int, optional
        Size budget of the layer as GeoJSON (:func:`geojson_bytes`): the smallest tolerance of
        :data:`TOLERANCES` that fits is used. Give either ``tolerance`` or ``max_bytes``.
    precision : int, default 5
        Decimals kept in coordinates (5 decimals ≈ 1 m).

    Returns
    -------
    geopandas.GeoDataFrame
        The simplified layer, sorted by code; ``attrs["simplify_tolerance"]`` and
        ``attrs["geojson_bytes"]`` (with ``max_bytes``) record what was chosen.

    Raises
    ------
    ParameterError
        When both or neither of ``tolerance`` and ``max_bytes`` are given, when a value is
        negative, or when no tolerance fits the budget.
    """
    if (tolerance is None) == (max_bytes is None):
        raise ParameterError(
            "simplify_coverage needs exactly one of tolerance= (degrees, e.g. 0.001) or "
            "max_bytes= (GeoJSON size budget, e.g. 2_000_000)."
        )
    if not 0 <= int(precision) <= 15:
        raise ParameterError(f"Parameter precision={precision!r} must be between 0 and 15.")
    base, _ = clean_coverage(gdf, grid_size=10.0 ** -int(precision), report=False)
    if tolerance is not None:
        if tolerance < 0:
            raise ParameterError(f"Parameter tolerance={tolerance!r} must be >= 0 (degrees).")
        out = _simplified(base, tolerance)
        out.attrs["simplify_tolerance"] = float(tolerance)
        return out
    if max_bytes is None or max_bytes <= 0:
        raise ParameterError(f"Parameter max_bytes={max_bytes!r} must be a positive byte count.")
    return _fit_budget(base, int(max_bytes))


def _simplified(base: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    out = base.copy()
    if tolerance > 0:
        geoms = shapely.coverage_simplify(base.geometry.values, tolerance)
        out[out.geometry.name] = gpd.GeoSeries(geoms, crs=base.crs).values
    return out


def _fit_budget(base: gpd.GeoDataFrame, max_bytes: int) -> gpd.GeoDataFrame:
    """Return ``base`` at the smallest tolerance of TOLERANCES whose GeoJSON fits ``max_bytes``.

    A binary search (the size never grows with the tolerance) that first tries the position a
    sample of the units predicts and its neighbour: on a large layer the answer usually takes
    two simplifications of the whole layer instead of six. The answer is the same either way.
    """
    sizes: dict[int, tuple[int, gpd.GeoDataFrame]] = {}

    def size(position: int) -> int:
        if position not in sizes:
            layer = _simplified(base, TOLERANCES[position])
            sizes[position] = (geojson_bytes(layer), layer)
        return sizes[position][0]

    last = len(TOLERANCES) - 1
    low, high = 0, last
    guess = _predicted_position(base, max_bytes)
    if guess is not None:
        fits = size(guess) <= max_bytes
        low, high = (low, guess) if fits else (guess + 1, high)
        neighbour = guess - 1 if fits else guess + 1
        if low <= neighbour <= high:
            low, high = (low, neighbour) if size(neighbour) <= max_bytes else (neighbour + 1, high)
    low = min(low, last)
    while low < high:
        middle = (low + high) // 2
        if size(middle) <= max_bytes:
            high = middle
        else:
            low = middle + 1
    if size(low) > max_bytes:
        raise ParameterError(
            f"No simplification fits max_bytes={max_bytes:,}: even tolerance "
            f"{TOLERANCES[last]} gives {size(last):,} bytes of GeoJSON. Raise the budget or "
            "ask for fewer units."
        )
    nbytes, layer = sizes[low]
    layer.attrs["simplify_tolerance"] = TOLERANCES[low]
    layer.attrs["geojson_bytes"] = nbytes
    return layer


#: Layers of at least this many units predict their tolerance from every ``_SAMPLE_EVERY``-th.
_SAMPLE_MIN_UNITS = 64
_SAMPLE_EVERY = 8


def _predicted_position(base: gpd.GeoDataFrame, max_bytes: int) -> int | None:
    """Return the position in TOLERANCES a sample of the units predicts (``None``: too few).

    Every ``_SAMPLE_EVERY``-th unit is a coverage of its own; its GeoJSON, scaled by the share of
    the layer's coordinates it holds, estimates the layer's size at each tolerance.
    """
    if len(base) < _SAMPLE_MIN_UNITS:
        return None
    sample = base.iloc[::_SAMPLE_EVERY]
    share = shapely.get_num_coordinates(sample.geometry.values).sum() / max(
        shapely.get_num_coordinates(base.geometry.values).sum(), 1
    )
    budget = max_bytes * share
    low, high = 0, len(TOLERANCES) - 1
    while low < high:
        middle = (low + high) // 2
        if geojson_bytes(_simplified(sample, TOLERANCES[middle])) <= budget:
            high = middle
        else:
            low = middle + 1
    return low


def geojson_bytes(gdf: gpd.GeoDataFrame) -> int:
    """Return the size in bytes of a layer written as GeoJSON (UTF-8, no feature ids).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Any layer.

    Returns
    -------
    int
        ``len(gdf.to_json(drop_id=True).encode("utf-8"))``.
    """
    return len(gdf.to_json(drop_id=True, ensure_ascii=False).encode("utf-8"))


def coverage_change(before: gpd.GeoDataFrame, after: gpd.GeoDataFrame) -> dict[str, Any]:
    """Compare overlaps and holes of two versions of a layer, in km².

    Overlap is the sum of unit areas minus the area of their union; holes are the interior
    rings of the union (gaps enclosed by the layer).

    Parameters
    ----------
    before, after : geopandas.GeoDataFrame
        The same units before and after a change (e.g. simplification).

    Returns
    -------
    dict
        ``overlap_before``, ``overlap_after``, ``holes_before``, ``holes_after``,
        ``overlap_change``, ``holes_change`` (km², after − before) and ``unchanged`` (True when
        both changes are within :data:`COVERAGE_TOLERANCE_KM2`).
    """
    overlap_before, holes_before = _overlap_and_holes(before)
    overlap_after, holes_after = _overlap_and_holes(after)
    result = {
        "overlap_before": overlap_before,
        "overlap_after": overlap_after,
        "holes_before": holes_before,
        "holes_after": holes_after,
        "overlap_change": overlap_after - overlap_before,
        "holes_change": holes_after - holes_before,
    }
    result["unchanged"] = bool(
        abs(result["overlap_change"]) <= COVERAGE_TOLERANCE_KM2
        and abs(result["holes_change"]) <= COVERAGE_TOLERANCE_KM2
    )
    return result


def _overlap_and_holes(gdf: gpd.GeoDataFrame) -> tuple[float, float]:
    geoms = gdf.geometry.to_crs(EQUAL_AREA).values
    union = shapely.union_all(geoms)
    parts = [part for part in getattr(union, "geoms", [union]) if part.geom_type == "Polygon"]
    rings = [shapely.Polygon(ring) for part in parts for ring in part.interiors]
    # Area enclosed by the layer but covered by none of its units (islands inside holes excluded).
    holes = shapely.difference(shapely.union_all(rings), union).area if rings else 0.0
    return float(shapely.area(geoms).sum() - union.area) / 1e6, float(holes) / 1e6


def dissolve(gdf: gpd.GeoDataFrame, by: str) -> gpd.GeoDataFrame:
    """Merge the polygons of a clean coverage by a column (e.g. communes into provinces).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        A clean coverage (see :func:`clean_coverage`).
    by : str
        Column to group by.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per value of ``by`` (sorted), with that column and the merged geometry.
    """
    if by not in gdf:
        raise ParameterError(f"Cannot dissolve by {by!r}: the layer has no such column.")
    rows = []
    for key, group in gdf.groupby(by, sort=True):
        geoms = group.geometry.values
        merged = shapely.coverage_union_all(geoms)
        if not merged.is_valid:  # not an exact coverage: fall back to an overlay union
            merged = shapely.union_all(geoms)
        rows.append((key, merged))
    keys, geoms = zip(*rows, strict=True) if rows else ((), ())
    return gpd.GeoDataFrame({by: list(keys)}, geometry=list(geoms), crs=gdf.crs)


def cached_layer(
    kind: str, key: Mapping[str, Any], build: Callable[[], gpd.GeoDataFrame]
) -> gpd.GeoDataFrame:
    """Return a derived layer from the GeoParquet cache, building and storing it on a miss.

    The file is ``cache_dir()/derived/<kind>-<hash>.parquet`` where the hash covers ``key``
    (source file hashes and parameters), so any change of source or parameter misses the cache.
    ``attrs`` (JSON-serialisable) are stored beside it in ``<kind>-<hash>.json``. Both files are
    written to temporary names and renamed, so a failed build never leaves a partial entry.

    Parameters
    ----------
    kind : str
        Short label for the file name (``"commune-2025"``).
    key : mapping
        JSON-serialisable description of sources and parameters.
    build : callable
        Called without arguments on a miss; returns the layer.

    Returns
    -------
    geopandas.GeoDataFrame
        The layer, with ``attrs["cache"]`` set to ``"hit"`` or ``"miss"``.
    """
    digest = hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()
    folder = cache_dir() / "derived"
    parquet = folder / f"{kind}-{digest[:20]}.parquet"
    sidecar = parquet.with_suffix(".json")
    if not (parquet.is_file() and sidecar.is_file()):
        built = build()
        folder.mkdir(parents=True, exist_ok=True)
        attrs = {name: value for name, value in built.attrs.items() if name != "cache"}
        write_text_atomically(sidecar, json.dumps(attrs))
        write_atomically(parquet, lambda path: built.to_parquet(path, index=False))
        status = "miss"
    else:
        status = "hit"
    # Always the layer as stored: a freshly built one can carry a precision grid that the file
    # does not keep, and points derived from it (label and marker positions) would then differ
    # between the first run and the next.
    layer = gpd.read_parquet(parquet)
    layer.attrs.update(json.loads(sidecar.read_text(encoding="utf-8")))
    layer.attrs["cache"] = status
    return layer


def _polygonal_part(geom: shapely.Geometry) -> shapely.Geometry:
    if geom is None or geom.is_empty:
        return shapely.Polygon()
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [part for part in getattr(geom, "geoms", []) if part.geom_type.endswith("Polygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def equal_area_km2(gdf: gpd.GeoDataFrame) -> np.ndarray:
    """Return each unit's area in km², measured in :data:`EQUAL_AREA`.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Polygons with a CRS.

    Returns
    -------
    numpy.ndarray
        Areas in km².
    """
    return gdf.geometry.to_crs(EQUAL_AREA).area.to_numpy() / 1e6
