"""Maps: figures classified once, drawn as an offline interactive map and a static twin.

:func:`choropleth` returns a map; :func:`save` writes it as one self-contained HTML file and
its PNG, SVG and PDF twin drawn from the same classes.

The modules form a stack, each importing only those below it:
``classification`` (classes and colours) → ``data`` (:func:`prepare`, :class:`MapData`) →
``interactive`` | ``static`` (the two renderers, which never import each other) →
``page_parts`` (tables and summary of a report page) and ``downloads`` (:func:`save`).
"""

from __future__ import annotations

from cdskit.maps.categories import Category, CategoryMap, category_map, evidence_map
from cdskit.maps.classification import Classification, classify, rank_bands
from cdskit.maps.data import ARCHIPELAGOS, MapData, MapOptions, as_map_data, prepare
from cdskit.maps.downloads import Downloads, save
from cdskit.maps.interactive import Map, choropleth
from cdskit.maps.page_parts import gap_table, map_summary, map_table
from cdskit.maps.static import figure, save_twins
from cdskit.maps.web_assets import LEAFLET, asset_path, get_asset

__all__ = [
    "ARCHIPELAGOS",
    "LEAFLET",
    "Category",
    "CategoryMap",
    "Classification",
    "Downloads",
    "Map",
    "MapData",
    "MapOptions",
    "as_map_data",
    "asset_path",
    "category_map",
    "choropleth",
    "classify",
    "evidence_map",
    "figure",
    "gap_table",
    "get_asset",
    "map_summary",
    "map_table",
    "prepare",
    "rank_bands",
    "save",
    "save_twins",
]
