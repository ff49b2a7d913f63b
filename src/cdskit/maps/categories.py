"""A map of units in named categories (not a numeric scale), offline, with grey context.

:func:`category_map` draws each unit in the colour of its category (e.g. "gap figure of
2023–2025", "no published figure"), neighbouring units in grey for context, outlines and
place labels, and a tooltip of the unit's own rows. Like :func:`~cdskit.maps.choropleth` the page
is one self-contained HTML file with Leaflet inlined and every text HTML-escaped.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
import shapely.geometry
from branca.element import Element

from cdskit._version import __version__
from cdskit.errors import ParameterError
from cdskit.formatting import check_language
from cdskit.maps._text import TEXT
from cdskit.maps._web_page import _CSS, FitWhenSized, OfflinePage, PlaceLabels, page_root
from cdskit.maps.classification import OUTLINE_COLOUR
from cdskit.safe_text import escape_html

#: Fill of the units drawn only for context (neighbouring provinces).
CONTEXT_FILL = "#dee2e6"


@dataclass(frozen=True)
class Category:
    """One legend row: a key, its label, its fill colour and how its outline is drawn."""

    key: str
    label: str
    colour: str
    dashed: bool = False
    opacity: float = 0.9


@dataclass
class CategoryMap(OfflinePage):
    """An interactive map of units in categories; ``save`` writes one offline HTML file.

    The file holds the same bytes every time the same map is drawn.
    """

    folium_map: folium.Map
    units: gpd.GeoDataFrame
    categories: tuple[Category, ...]
    title: str
    language: str
    _frame_style = 'class="cdskit-map-frame" style="width:100%;height:640px;border:0"'

    @property
    def counts(self) -> dict[str, int]:
        """Number of units in each category, by key."""
        counts = self.units["category"].value_counts()
        return {c.key: int(counts.get(c.key, 0)) for c in self.categories}

    def _page_key(self) -> str:
        return "\n".join([self.title, *map(str, self.units["unit_code"])])


def category_map(
    units: gpd.GeoDataFrame,
    categories: Sequence[Category],
    *,
    title: str,
    tooltip: Sequence[tuple[str, str]],
    language: str = "vi",
    subtitle: str = "",
    legend_title: str = "",
    footer_lines: Sequence[str] = (),
    context: gpd.GeoDataFrame | None = None,
    outlines: gpd.GeoDataFrame | None = None,
    labels: Sequence[dict[str, Any]] = (),
    provenance: dict[str, Any] | None = None,
) -> CategoryMap:
    """Draw units coloured by category, with grey context units, outlines and labels.

    Parameters
    ----------
    units : geopandas.GeoDataFrame
        One row per unit: ``unit_code``, ``category`` (a key of ``categories``), the tooltip
        columns and ``geometry`` (EPSG:4326).
    categories : sequence of Category
        Legend rows in order; categories without a unit are left out of the legend.
    title : str
        Title drawn over the map.
    tooltip : sequence of (column, label)
        Columns shown in each unit's tooltip, with their labels (plain text, escaped here).
    language : {"vi", "en"}, default "vi"
        Language of the page.
    subtitle, legend_title : str, optional
        Line under the title; heading of the legend.
    footer_lines : sequence of str, optional
        Sources and credits at the foot of the map.
    context : geopandas.GeoDataFrame, optional
        Units drawn in grey behind, for context (``unit_name`` labels them in a tooltip).
    outlines : geopandas.GeoDataFrame, optional
        Borders drawn over the units (e.g. provinces).
    labels : sequence of dict, optional
        Place names drawn as text: ``name``, ``lat``, ``lon``.
    provenance : dict, optional
        Which data and parameters made the map (kept in the page's head).

    Returns
    -------
    CategoryMap
        The map.

    Examples
    --------
    >>> import shapely
    >>> square = shapely.box(105, 21, 105.1, 21.1)
    >>> units = gpd.GeoDataFrame(
    ...     {"unit_code": ["1"], "unit_name": ["Xã A"], "category": ["gap"]},
    ...     geometry=[square], crs=4326)  # synthetic unit
    >>> drawn = category_map(units, [Category("gap", "Có số liệu", "#d7301f")],
    ...     title="Bằng chứng", tooltip=[("unit_name", "Xã")])
    >>> drawn.counts, "Bằng chứng" in drawn.to_html()
    ({'gap': 1}, True)
    """
    language = check_language(language)
    keys = {c.key for c in categories}
    unknown = sorted(set(units["category"]) - keys)
    if unknown:
        raise ParameterError(
            f"Units have categories {unknown} that the legend does not list; expected one of "
            f"{sorted(keys)}."
        )
    style = {c.key: c for c in categories}
    west, south, east, north = units.total_bounds
    fmap = folium.Map(location=[(south + north) / 2, (west + east) / 2], tiles=None, zoom_snap=0.25)
    fmap.default_js = []
    fmap.default_css = []
    root = page_root(fmap)
    root.header.add_child(Element(_head(title, provenance or {})), name="cdskit_head")
    drawn = [c for c in categories if (units["category"] == c.key).any()]
    root.html.add_child(
        Element(_overlay(title, subtitle, legend_title, drawn, units, footer_lines)),
        name="cdskit_overlay",
    )
    if context is not None and len(context):
        folium.GeoJson(
            _features(context, [("unit_name", "")], context=True),
            style_function=lambda f: {
                "fillColor": CONTEXT_FILL,
                "fillOpacity": 1,
                "color": "#adb5bd",
                "weight": 0.8,
            },
            tooltip=folium.GeoJsonTooltip(fields=["unit_name"], labels=False),
            control=False,
        ).add_to(fmap)
    folium.GeoJson(
        _features(units, tooltip),
        style_function=lambda f: _style(style[f["properties"]["category"]]),
        highlight_function=lambda f: {"weight": 2.5, "color": "#111111"},
        tooltip=folium.GeoJsonTooltip(
            fields=[column for column, _ in tooltip],
            aliases=[escape_html(label) for _, label in tooltip],
            sticky=True,
            class_name="cdskit-tooltip",
        ),
    ).add_to(fmap)
    if outlines is not None and len(outlines):
        lines = gpd.GeoDataFrame(geometry=outlines.geometry.values, crs=outlines.crs)
        folium.GeoJson(
            json.loads(lines.to_json(drop_id=True)),
            style_function=lambda f: {"fill": False, "color": OUTLINE_COLOUR, "weight": 1.8},
            interactive=False,
            control=False,
        ).add_to(fmap)
    if labels:
        fmap.add_child(PlaceLabels(list(labels)))
    fmap.add_child(FitWhenSized([[south, west], [north, east]]))
    return CategoryMap(fmap, units, tuple(categories), title, language)


def _style(category: Category) -> dict[str, Any]:
    out = {
        "fillColor": category.colour,
        "fillOpacity": category.opacity,
        "color": "#ffffff",
        "weight": 0.5,
    }
    if category.dashed:
        out.update(color="#495057", weight=1.0, dashArray="4 3")
    return out


def _features(
    frame: gpd.GeoDataFrame, tooltip: Sequence[tuple[str, str]], *, context: bool = False
) -> dict[str, Any]:
    features = []
    for row in frame.to_dict("records"):
        properties = {
            # Escaped here: folium's tooltip inserts property values as raw HTML.
            column: escape_html("" if row.get(column) is None else str(row[column]))
            for column, _ in tooltip
        }
        properties["unit_code"] = escape_html(str(row["unit_code"]))
        if not context:
            properties["category"] = str(row["category"])
        features.append(
            {
                "type": "Feature",
                "id": str(row["unit_code"]),
                "properties": properties,
                "geometry": shapely.geometry.mapping(row["geometry"]),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _head(title: str, provenance: dict[str, Any]) -> str:
    data = json.dumps(provenance, ensure_ascii=False, sort_keys=True, default=str)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return "\n".join(
        [
            f"<title>{escape_html(title)}</title>",
            f'<meta name="generator" content="cdskit {escape_html(__version__)}">',
            f'<script type="application/json" id="cdskit-provenance">{data}</script>',
            f"<style>{_CSS}</style>",
        ]
    )


def _overlay(
    title: str,
    subtitle: str,
    legend_title: str,
    categories: Sequence[Category],
    units: gpd.GeoDataFrame,
    footer_lines: Sequence[str],
) -> str:
    esc = html.escape
    counts = units["category"].value_counts()
    rows = []
    for c in categories:
        border = "1px dashed #495057" if c.dashed else "1px solid #adb5bd"
        rows.append(
            f'<li><span class="swatch" style="background:{esc(c.colour)};'
            f'opacity:{c.opacity};border:{border}"></span>{esc(c.label)} '
            f'<span class="count">({int(counts.get(c.key, 0))})</span></li>'
        )
    sub = f'<div class="subtitle">{esc(subtitle)}</div>' if subtitle else ""
    footer = " · ".join(esc(line) for line in footer_lines)
    return f"""
<div class="cdskit-panel cdskit-title"><h1>{esc(title)}</h1>{sub}</div>
<div class="cdskit-bottom">
<div class="cdskit-panel cdskit-legend" role="figure" aria-label="{esc(legend_title or title)}">
<div class="legend-title">{esc(legend_title)}</div>
<ul>{"".join(rows)}</ul></div>
<div class="cdskit-panel cdskit-footer">{footer}</div>
</div>
"""


def evidence_map(
    by_commune,
    categories: Sequence[dict[str, Any]],
    *,
    language: str = "vi",
    footer_lines: Sequence[str] = (),
) -> CategoryMap:
    """Draw published connectivity evidence on the 2025 communes, neighbours in grey.

    Parameters
    ----------
    by_commune : pandas.DataFrame
        From :func:`cdskit.connectivity.evidence_by_commune`: one row per 2025 commune.
    categories : sequence of dict
        From :func:`cdskit.connectivity.evidence_categories` (same language).
    language : {"vi", "en"}, default "vi"
        Language of the page.
    footer_lines : sequence of str, optional
        Sources and boundary credit.

    Returns
    -------
    CategoryMap
        The map: the communes of the provinces coloured by evidence, the neighbouring 2025
        provinces in grey, province borders and names.
    """
    from cdskit.geo import load_boundaries

    language = check_language(language)
    text = TEXT[language]["evidence"]
    codes = sorted(set(by_commune["province_code"]))
    communes = load_boundaries("commune", 2025, provinces=codes, simplify="web")
    joined = communes[["unit_code", "geometry"]].merge(
        by_commune.drop(columns=["population_2019"]), on="unit_code", how="left", validate="1:1"
    )
    joined["category"] = joined["category"].fillna("none")
    provinces = load_boundaries("province", 2025, simplify="web")
    focus = provinces[provinces["unit_code"].isin(codes)]
    area = focus.geometry.union_all().buffer(0.02)
    neighbours = provinces[~provinces["unit_code"].isin(codes) & provinces.intersects(area)]
    labels = [
        {"name": row.unit_name, "lat": point.y, "lon": point.x}
        for row, point in zip(
            focus.itertuples(index=False), focus.geometry.representative_point(), strict=True
        )
    ]
    return category_map(
        gpd.GeoDataFrame(joined, geometry="geometry", crs=communes.crs),
        [Category(**row) for row in categories],
        title=text["title"],
        subtitle=text["subtitle"],
        legend_title=text["legend"],
        tooltip=text["tooltip"],
        language=language,
        footer_lines=footer_lines,
        context=neighbours,
        outlines=focus,
        labels=labels,
        provenance={
            "provinces": codes,
            "level": "commune",
            "vintage": 2025,
            "units": len(joined),  # communes drawn, with or without evidence
            "context_units": sorted(neighbours["unit_code"]),  # grey neighbouring provinces
        },
    )
