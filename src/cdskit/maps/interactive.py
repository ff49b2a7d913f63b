"""Interactive choropleth maps that open anywhere: one self-contained, offline HTML file.

:func:`choropleth` joins one indicator's figures (one period, one vintage) to boundaries,
classifies them (:mod:`cdskit.maps.classification`) and draws a folium map whose page holds
everything it needs: Leaflet inlined from a pinned, hash-checked copy
(:mod:`cdskit.maps.web_assets`), no CDN links and no basemap unless asked for. Every string
from data or parameters is HTML-escaped before it reaches the page. The returned
:class:`Map` keeps its :class:`~cdskit.maps.data.MapData`, from which the static twin
(:mod:`cdskit.maps.static`, which never imports this module) draws the same classes, colours,
legend, title and footer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import shapely.geometry
from branca.element import Element

from cdskit.maps._text import TEXT
from cdskit.maps._web_page import (
    HATCH_ID,
    FitWhenSized,
    OfflinePage,
    PlaceLabels,
    UnitLabels,
    head,
    overlay,
    page_root,
    undated_pattern_id,
)
from cdskit.maps.classification import (
    CONTEXT_FILL,
    CONTEXT_LINE,
    HIGHLIGHT_COLOUR,
    NO_DATA_LINE,
    OUTLINE_COLOUR,
    UNDATED_LINE,
    Classification,
)
from cdskit.maps.data import MapData, MapOptions, prepare
from cdskit.safe_text import escape_html


@dataclass
class Map(OfflinePage):
    """An interactive choropleth and everything needed to redraw it as a static twin.

    :meth:`save` writes it as one self-contained HTML file, the same bytes every time the same
    map is drawn; :meth:`to_html` returns that page.

    Attributes
    ----------
    folium_map : folium.Map
        The map.
    data : MapData
        Units with their figures, classes, texts and provenance (shared with the static twin).
    """

    folium_map: folium.Map
    data: MapData

    @property
    def title(self) -> str:
        """Title of the map."""
        return self.data.title

    @property
    def classification(self) -> Classification:
        """Class breaks and colours."""
        return self.data.classification

    @property
    def classes(self) -> dict[str, int | None]:
        """Class index of every unit by unit code (``None`` for units without a figure)."""
        return self.data.classes

    def _page_key(self) -> str:
        return json.dumps(self.data.provenance, ensure_ascii=False, sort_keys=True, default=str)


def choropleth(
    observations: pd.DataFrame,
    boundaries: gpd.GeoDataFrame,
    *,
    indicator: str,
    period: str,
    tiles: str | None = None,
    tiles_attribution: str | None = None,
    options: MapOptions | None = None,
    **overrides: Any,
) -> Map:
    """Draw one indicator for one period as an interactive, offline choropleth.

    Parameters
    ----------
    observations, boundaries : pandas.DataFrame, geopandas.GeoDataFrame
        The figures (e.g. from :func:`cdskit.load`) and the units to draw them on (one level,
        one vintage, from :func:`cdskit.geo.load_boundaries`), as
        :func:`~cdskit.maps.data.prepare` takes them.
    indicator, period : str
        Codebook id of the indicator and the period to draw (``"2022"``, ``"2023-H1"``…).
    tiles : str, optional
        Online basemap (a folium tile name or URL template). Off by default: the map then needs
        no network at all.
    tiles_attribution : str, optional
        Credit of the basemap; required for a URL template.
    options : MapOptions, optional
        How the map is drawn: language, classes, highlighted provinces, labels… (see
        :class:`~cdskit.maps.data.MapOptions`, which documents each option and its default).
    **overrides
        Any field of :class:`~cdskit.maps.data.MapOptions` by name (``language="en"``,
        ``scheme="natural_breaks"``, ``highlight=None``…), applied over ``options``.

    Returns
    -------
    Map
        The map; :func:`cdskit.maps.save` writes it with its static twin, ``.classes`` gives
        each unit's class.

    Raises
    ------
    ParameterError, JoinError
        As :func:`~cdskit.maps.data.prepare` raises them (an unknown option, indicator or
        period; figures and boundaries that do not match).
    """
    data = prepare(
        observations, boundaries, indicator=indicator, period=period, options=options, **overrides
    )
    if tiles is not None:
        data.provenance["parameters"]["tiles"] = tiles
    return Map(_draw(data, tiles=tiles, tiles_attribution=tiles_attribution), data)


def _draw(data: MapData, *, tiles: str | None, tiles_attribution: str | None) -> folium.Map:
    west, south, east, north = data.units.total_bounds
    fmap = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        tiles=None,
        zoom_snap=0.25,
        zoom_delta=0.5,
        prefer_canvas=False,
    )
    fmap.default_js = []  # folium's CDN scripts (jQuery, Bootstrap…): Leaflet is inlined instead
    fmap.default_css = []
    if tiles is not None:
        _add_tiles(fmap, tiles, tiles_attribution)
    root = page_root(fmap)
    root.header.add_child(Element(head(data)), name="cdskit_head")
    root.html.add_child(Element(overlay(data)), name="cdskit_overlay")

    if data.context is not None:
        _context_layer(data.context).add_to(fmap)
    folium.GeoJson(
        _feature_collection(data),
        name=escape_html(data.legend_title),
        style_function=_unit_style,
        highlight_function=lambda feature: {"weight": 2.5, "color": "#111111"},
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "value", "period", "source"],
            aliases=[
                escape_html(TEXT[data.language]["tooltip"][key]) for key in _tooltip_keys(data)
            ],
            sticky=True,
            class_name="cdskit-tooltip",
        ),
    ).add_to(fmap)
    if data.outlines is not None:
        _line_layer(data.outlines, OUTLINE_COLOUR, 1.6).add_to(fmap)
    if data.highlighted is not None:
        _focus_layer(data.highlighted, HIGHLIGHT_COLOUR).add_to(fmap)
    if data.places:
        fmap.add_child(PlaceLabels(data.places))
    label_pad = 0
    if data.labels:
        labels = UnitLabels(data.labels)
        fmap.add_child(labels)
        label_pad = max(label["width"] for label in labels.labels) // 2
    fmap.add_child(FitWhenSized([[south, west], [north, east]], label_pad=label_pad))
    return fmap


_TOOLTIP_KEYS = ("unit", "value", "period", "source")


def _tooltip(data: MapData) -> dict[str, str]:
    return TEXT[data.language]["tooltip"]


def _tooltip_keys(data: MapData) -> tuple[str, ...]:
    """Tooltip labels: a rank map names its figure "Hạng" / "Rank"."""
    is_rank = data.classification.scheme == "rank_bands"
    return tuple("rank" if key == "value" and is_rank else key for key in _TOOLTIP_KEYS)


def _feature_collection(data: MapData) -> dict[str, Any]:
    features = []
    for row in data.units.itertuples(index=False):
        features.append(
            {
                "type": "Feature",
                "id": row.unit_code,
                "properties": {
                    # Escaped here: folium's tooltip inserts property values as raw HTML.
                    "unit_code": escape_html(row.unit_code),
                    "name": escape_html(row.unit_name),
                    "value": escape_html(row.value_text),
                    "period": escape_html(row.period_text),
                    "source": escape_html(row.source_text),
                    "class": -1 if row.class_index is None else int(row.class_index),
                    "fill": row.colour,
                    "undated": bool(getattr(row, "undated", False)) and row.class_index is not None,
                },
                "geometry": shapely.geometry.mapping(row.geometry),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _unit_style(feature: dict[str, Any]) -> dict[str, Any]:
    properties = feature["properties"]
    if properties["class"] < 0:
        return {
            "fillColor": f"url(#{HATCH_ID})",
            "fillOpacity": 1,
            "color": NO_DATA_LINE,
            "weight": 0.8,
            "dashArray": "4 3",
        }
    if properties.get("undated"):
        return {
            "fillColor": f"url(#{undated_pattern_id(properties['fill'])})",
            "fillOpacity": 1,
            "color": UNDATED_LINE,
            "weight": 1.6,
            "dashArray": "6 4",
        }
    return {"fillColor": properties["fill"], "fillOpacity": 0.9, "color": "#ffffff", "weight": 0.6}


def _context_layer(frame: gpd.GeoDataFrame) -> folium.GeoJson:
    """Neighbouring provinces in grey, named in a tooltip; not part of the figures."""
    features = gpd.GeoDataFrame(
        {"name": [escape_html(name) for name in frame["unit_name"]]},
        geometry=frame.geometry.values,
        crs=frame.crs,
    )
    return folium.GeoJson(
        json.loads(features.to_json(drop_id=True)),
        name="context",
        style_function=lambda f: {
            "fillColor": CONTEXT_FILL,
            "fillOpacity": 1,
            "color": CONTEXT_LINE,
            "weight": 0.8,
        },
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False, class_name="cdskit-tooltip"),
        control=False,
    )


def _line_layer(frame: gpd.GeoDataFrame, colour: str, weight: float) -> folium.GeoJson:
    geometry = gpd.GeoDataFrame(geometry=frame.geometry.values, crs=frame.crs)
    return folium.GeoJson(
        json.loads(geometry.to_json(drop_id=True)),
        style_function=lambda feature: {"fill": False, "color": colour, "weight": weight},
        interactive=False,
        control=False,
    )


def _focus_layer(frame: gpd.GeoDataFrame, default: str) -> folium.GeoJson:
    """Outline each highlighted province in its own colour (``cdskit.terms.FOCUS_COLOURS``)."""
    colours = [c if isinstance(c, str) else default for c in frame["colour"]]
    lines = gpd.GeoDataFrame(
        {"unit_code": frame["unit_code"].to_numpy(), "colour": colours},
        geometry=frame.geometry.values,
        crs=frame.crs,
    )
    return folium.GeoJson(
        json.loads(lines.to_json(drop_id=True)),
        name="focus-provinces",
        style_function=lambda f: {"fill": False, "color": f["properties"]["colour"], "weight": 3},
        interactive=False,
        control=False,
    )


def _add_tiles(fmap: folium.Map, tiles: str, attribution: str | None) -> None:
    from cdskit.errors import ParameterError

    if "{" in tiles and not attribution:
        raise ParameterError(
            f"tiles={tiles!r} is a URL template: pass tiles_attribution= with the credit its "
            "provider requires (e.g. '© OpenStreetMap contributors')."
        )
    folium.TileLayer(tiles, attr=escape_html(attribution) if attribution else None).add_to(fmap)
