"""Maps: figures classified once, drawn as an offline interactive map and a static twin.

:func:`choropleth` returns a map that saves as one self-contained HTML file;
:func:`save_twins` writes its PNG, SVG and PDF twin from the same classes.
"""

from __future__ import annotations

from cdskit.maps.classes import Classification, classify
from cdskit.maps.data import MapData, gap_table, prepare
from cdskit.maps.interactive import Map, choropleth
from cdskit.maps.static import figure, save_static, save_twins
from cdskit.maps.web_assets import LEAFLET, asset_path, get_asset

__all__ = [
    "LEAFLET",
    "Classification",
    "Map",
    "MapData",
    "asset_path",
    "choropleth",
    "classify",
    "figure",
    "gap_table",
    "get_asset",
    "prepare",
    "save_static",
    "save_twins",
]
