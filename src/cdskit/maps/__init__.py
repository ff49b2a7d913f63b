"""Maps: figures classified once, drawn as an offline interactive map and a static twin.

:func:`choropleth` returns a map that saves as one self-contained HTML file;
:func:`save_twins` writes its PNG, SVG and PDF twin from the same classes.
"""

from __future__ import annotations

from cdskit.maps.categories import Category, CategoryMap, category_map, evidence_map
from cdskit.maps.classes import Classification, classify, rank_bands
from cdskit.maps.data import ARCHIPELAGOS, MapData, prepare
from cdskit.maps.interactive import Map, choropleth
from cdskit.maps.report import Downloads, gap_table, map_summary, map_table, save_all
from cdskit.maps.static import figure, save_static, save_twins
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
    "save_all",
    "save_static",
    "save_twins",
]
