"""What a map of a few provinces draws around and on them: grey neighbours and unit labels.

A map of four provinces floats in empty space unless the provinces around them are drawn;
:func:`neighbours` picks the provinces of the same vintage that share a border with the drawn
ones. :func:`unit_labels` writes each drawn province's name (and, on a map without classes,
its value, and the date of an undated figure) at a point inside its largest part.
"""

from __future__ import annotations

import warnings
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

#: Size budget of the grey context layer as GeoJSON: context needs no detail.
CONTEXT_BYTES = 120_000
#: Gap tolerated between two provinces that share a border (degrees; boundary files of
#: different sources do not always meet exactly).
_TOUCH = 0.005


def neighbours(units: gpd.GeoDataFrame, vintage: int) -> gpd.GeoDataFrame | None:
    """Return the provinces of ``vintage`` sharing a border with ``units`` (not themselves).

    Provinces lying between scattered drawn ones (mostly inside their convex hull) are
    included too, so the map has no empty hole between them.

    Parameters
    ----------
    units : geopandas.GeoDataFrame
        The provinces drawn (``unit_code``, geometry in EPSG:4326).
    vintage : int
        Their vintage; neighbours are of the same one.

    Returns
    -------
    geopandas.GeoDataFrame or None
        ``unit_code``, ``unit_name`` and geometry (simplified for the web), or ``None`` when
        no other province borders them.
    """
    from cdskit.geo import load_boundaries
    from cdskit.geo.boundaries import BoundaryWarning
    from cdskit.geo.geometry import simplify_coverage
    from cdskit.maps._labels import own_vintage_name

    with warnings.catch_warnings():
        # the drawn layer already warned about names its file misspells
        warnings.simplefilter("ignore", BoundaryWarning)
        every = load_boundaries("province", vintage, simplify="web")
    union = units.geometry.union_all()
    drawn = set(units["unit_code"].astype(str))
    others = every[~every["unit_code"].astype(str).isin(drawn)]
    bordering = others.intersects(union.buffer(_TOUCH))
    # provinces lying between scattered drawn ones (most of their area inside the drawn
    # provinces' hull), so the map shows no hole where they are
    shapes = others.geometry.values
    inside = shapely.area(shapely.intersection(shapes, union.convex_hull))
    between = pd.Series(inside > 0.5 * shapely.area(shapes), index=others.index)
    found = others[bordering | between]
    if found.empty:
        return None
    found = simplify_coverage(
        found[["unit_code", "unit_name", "geometry"]].reset_index(drop=True),
        max_bytes=CONTEXT_BYTES,
        precision=3,
    )
    return gpd.GeoDataFrame(
        {
            "unit_code": found["unit_code"].astype(str).to_numpy(),
            "unit_name": [
                own_vintage_name(code, name, "province", vintage)
                for code, name in zip(found["unit_code"], found["unit_name"], strict=True)
            ],
        },
        geometry=found.geometry.values,
        crs=found.crs,
    )


def unit_labels(units: gpd.GeoDataFrame, *, values: bool) -> list[dict[str, Any]]:
    """Return a label for each unit: name, value (when ``values``), date of an undated figure.

    Parameters
    ----------
    units : geopandas.GeoDataFrame
        Labelled units of :class:`~cdskit.maps.data.MapData` (``value_text``, ``period_text``,
        ``undated``).
    values : bool
        Write each unit's value under its name (maps without classes).

    Returns
    -------
    list of dict
        ``code``, ``name``, ``lines`` (the text lines under the name), ``lat``, ``lon``.
    """
    labels = []
    for row in units.itertuples(index=False):
        parts = list(getattr(row.geometry, "geoms", [row.geometry]))
        point = max(parts, key=lambda part: part.area).representative_point()
        lines = []
        has_value = row.value is not None and not pd.isna(row.value)
        if has_value and values:
            lines.append(str(row.value_text))
        if has_value and bool(getattr(row, "undated", False)):
            lines.append(str(row.period_text))
        labels.append(
            {
                "code": str(row.unit_code),
                "name": str(row.unit_name),
                "lines": lines,
                "lat": float(point.y),
                "lon": float(point.x),
            }
        )
    return labels
