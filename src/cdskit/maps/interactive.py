"""Interactive choropleth maps that open anywhere: one self-contained, offline HTML file.

:func:`choropleth` joins one indicator's figures (one period, one vintage) to boundaries,
classifies them (:mod:`cdskit.maps.classes`) and draws a folium map whose page holds
everything it needs: Leaflet inlined from a pinned, hash-checked copy
(:mod:`cdskit.maps.web_assets`), no CDN links and no basemap unless asked for. Every string
from data or parameters is HTML-escaped before it reaches the page. The returned
:class:`Map` also feeds the static twin (:mod:`cdskit.maps.static`), so both show the same
classes, colours, legend, title and footer.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import shapely.geometry
from branca.element import Element, MacroElement
from jinja2 import Template

from cdskit._version import __version__
from cdskit.errors import CdskitError
from cdskit.files import write_bytes_atomically
from cdskit.formatting import NO_DATA
from cdskit.maps.classes import NO_DATA_FILL, NO_DATA_LINE, Classification
from cdskit.maps.data import LINE_LABELS, MapData, gap_table, prepare
from cdskit.maps.web_assets import LEAFLET, inline_tag
from cdskit.terms import FOCUS_PROVINCES

#: Outline colour of highlighted provinces.
HIGHLIGHT_COLOUR = "#d6336c"
#: Outline colour of province borders drawn over communes.
OUTLINE_COLOUR = "#343a40"

_TEXT = {
    "vi": {
        "unit": "Đơn vị",
        "value": "Giá trị",
        "period": "Kỳ",
        "source": "Nguồn",
    },
    "en": {
        "unit": "Unit",
        "value": "Value",
        "period": "Period",
        "source": "Source",
    },
}
_EXTERNAL_REF = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*['\"]?\s*(?:https?:)?//"
    r"|@import\s+(?:url\()?['\"]?\s*(?:https?:)?//",
    re.IGNORECASE,
)
_HATCH_ID = "cdskit-no-data"
#: The attribution control's prefix: a neutral credit to the map library.
ATTRIBUTION_PREFIX = "Leaflet"


@dataclass
class Map:
    """An interactive choropleth and everything needed to redraw it as a static twin.

    Attributes
    ----------
    folium_map : folium.Map
        The map; :meth:`save` writes it as one self-contained HTML file.
    data : MapData
        Units with their figures, classes, texts and provenance (shared with the static twin).
    """

    folium_map: folium.Map
    data: MapData
    _assets_inlined: bool = field(default=False, repr=False)

    @property
    def classification(self) -> Classification:
        """Class breaks and colours."""
        return self.data.classification

    @property
    def classes(self) -> dict[str, int | None]:
        """Class index of every unit by unit code (``None`` for units without a figure)."""
        return self.data.classes

    def to_html(self) -> str:
        """Return the page as one HTML string (Leaflet inlined, no external references)."""
        if not self._assets_inlined:
            header = self.folium_map.get_root().header
            for index, name in enumerate(LEAFLET):
                header.add_child(Element(inline_tag(name)), name=f"cdskit_asset_{index}")
            self._assets_inlined = True
        page = self.folium_map.get_root().render()
        found = _EXTERNAL_REF.search(page)
        if found:
            raise CdskitError(
                f"The map page refers to an outside resource ({found.group(0)!r}); it would not "
                "open offline. This is a bug in cdskit: please report it with the parameters."
            )
        return page

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the map as a self-contained HTML file, atomically.

        Parameters
        ----------
        path : str or path-like
            Target file (``.html``); its folder is created when missing.

        Returns
        -------
        pathlib.Path
            The written file. A failure leaves any previous file untouched.
        """
        target = Path(path)
        page = self.to_html()
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(target, page.encode("utf-8"))
        return target

    def gap_table(self, top: int | None = None) -> pd.DataFrame:
        """Return the units ranked by their gap to the best unit (see :func:`gap_table`)."""
        return gap_table(self.data, top=top)

    def _repr_html_(self) -> str:
        # The notebook view shows the same self-contained page as the saved file.
        return (
            '<iframe style="width:100%;height:620px;border:0" sandbox="allow-scripts" '
            f'title="{html.escape(self.data.title)}" srcdoc="{html.escape(self.to_html())}">'
            "</iframe>"
        )


def choropleth(
    observations: pd.DataFrame,
    boundaries: gpd.GeoDataFrame,
    *,
    indicator: str,
    period: str,
    language: str = "vi",
    scheme: str = "auto",
    k: int = 5,
    bins: list[float] | None = None,
    title: str | None = None,
    allow_missing: bool = False,
    as_share: bool = False,
    highlight: Mapping[int, Collection[str]] | Collection[str] | None = FOCUS_PROVINCES,
    outlines: gpd.GeoDataFrame | bool | None = None,
    tiles: str | None = None,
    tiles_attribution: str | None = None,
    source: str | None = None,
    codebook: pd.DataFrame | None = None,
    sources: Mapping[str, str] | None = None,
    max_bytes: int | None = None,
) -> Map:
    """Draw one indicator for one period as an interactive, offline choropleth.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observation table (columns of :data:`cdskit.dataset.observations.COLUMNS`), e.g. from
        :func:`cdskit.load`.
    boundaries : geopandas.GeoDataFrame
        Units to draw, from :func:`cdskit.geo.load_boundaries` (one level, one vintage).
    indicator : str
        Codebook id of the indicator to draw.
    period : str
        Period to draw, as in the observations (``"2022"``, ``"2023-H1"``…).
    language : {"vi", "en"}, default "vi"
        Language of title, legend, tooltips and footer.
    scheme : {"auto", "quantiles", "natural_breaks", "fixed"}, default "auto"
        How class breaks are chosen (stated in the legend). ``"auto"`` draws ranks in bands
        of ten over the full scale of their denominator (1–10, 11–20, … of 63 or of 34) and
        other figures by quantiles.
    k : int, default 5
        Number of classes for quantiles and natural breaks.
    bins : list of float, optional
        Upper bounds of the classes for ``scheme="fixed"``.
    title : str, optional
        Map title (default: the indicator's label and the period).
    allow_missing : bool, default False
        Draw units without a figure as "no data" instead of raising a
        :class:`~cdskit.errors.JoinError`.
    as_share : bool, default False
        Draw each count as a share of its published total (``denominator``), e.g. the share
        of villages with mobile coverage; figures without a published total show as no data.
    highlight : mapping or collection of str or None, default FOCUS_PROVINCES
        Provinces whose outline is emphasised on a province-level map: codes, or codes by
        vintage. ``None`` highlights nothing.
    outlines : GeoDataFrame or bool, optional
        Province borders drawn over a commune map. Default: dissolved from the communes on a
        commune map; ``False`` draws none.
    tiles : str, optional
        Online basemap (a folium tile name or URL template). Off by default: the map then needs
        no network at all.
    tiles_attribution : str, optional
        Credit of the basemap; required for a URL template.
    source : str, optional
        Source id to draw when several sources give different figures for the same unit.
    codebook : pandas.DataFrame, optional
        Codebook (default: :func:`cdskit.dataset.codebook.load_codebook`).
    sources : mapping of str to str, optional
        Source titles by id (default: the published ``data/processed/sources.csv``).
    max_bytes : int, optional
        Size budget of the embedded boundaries (default: 700 kB for province maps, 2 MB for
        commune maps).

    Returns
    -------
    Map
        The map; ``.save(path)`` writes the HTML, ``.classes`` gives each unit's class.

    Raises
    ------
    ParameterError
        For an unknown indicator, period, scheme or language (with suggestions), or when the
        figures do not fit one period and one vintage.
    JoinError
        When figures and boundaries do not match and ``allow_missing`` is False.
    """
    data = prepare(
        observations,
        boundaries,
        indicator=indicator,
        period=period,
        language=language,
        scheme=scheme,
        k=k,
        bins=bins,
        title=title,
        allow_missing=allow_missing,
        as_share=as_share,
        highlight=highlight,
        outlines=outlines,
        source=source,
        codebook=codebook,
        sources=sources,
        max_bytes=max_bytes,
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
    root = fmap.get_root()
    root.header.add_child(Element(_head(data)), name="cdskit_head")
    root.html.add_child(Element(_overlay(data)), name="cdskit_overlay")

    folium.GeoJson(
        _feature_collection(data),
        name=html.escape(data.legend_title),
        style_function=_unit_style,
        highlight_function=lambda feature: {"weight": 2.5, "color": "#111111"},
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "value", "period", "source"],
            aliases=[html.escape(_TEXT[data.language][key]) for key in _TOOLTIP_KEYS],
            sticky=True,
            class_name="cdskit-tooltip",
        ),
    ).add_to(fmap)
    if data.outlines is not None:
        _line_layer(data.outlines, OUTLINE_COLOUR, 1.6).add_to(fmap)
    if data.highlighted is not None:
        _line_layer(data.highlighted, HIGHLIGHT_COLOUR, 3.0).add_to(fmap)
    if data.places:
        fmap.add_child(_PlaceLabels(data.places))
    fmap.add_child(_FitWhenSized([[south, west], [north, east]]))
    return fmap


class _PlaceLabels(MacroElement):
    """Names of places drawn as text (no marker image): the archipelagos on national maps."""

    _template = Template(
        """{% macro script(this, kwargs) %}
{% for place in this.places %}
L.marker([{{ place.lat }}, {{ place.lon }}], {
  icon: L.divIcon({className: "cdskit-place-icon", iconSize: [170, 18], iconAnchor: [85, 9],
    html: {{ place.html }}}),
  interactive: false, keyboard: false
}).addTo({{ this._parent.get_name() }});
{% endfor %}
{% endmacro %}"""
    )

    def __init__(self, places: list[dict[str, Any]]) -> None:
        super().__init__()
        self._name = "PlaceLabels"
        self.places = [
            {
                "lat": float(place["lat"]),
                "lon": float(place["lon"]),
                # Readable in the page source too; "</" is escaped so the script cannot end.
                "html": json.dumps(
                    f'<span class="cdskit-place">{html.escape(place["name"])}</span>',
                    ensure_ascii=False,
                ).replace("</", "<\\/"),
            }
            for place in places
        ]


class _FitWhenSized(MacroElement):
    """Fit the map to its units once its frame has a size, and set a neutral attribution.

    A map inside an iframe of a report page may run its script before the frame is laid out;
    fitting a zero-sized map gives ``Invalid LatLng object: (NaN, NaN)`` and a blank map. The
    fit therefore waits until the container has a width and a height.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  if (map.attributionControl) { map.attributionControl.setPrefix({{ this.prefix|tojson }}); }
  var bounds = L.latLngBounds({{ this.bounds|tojson }});
  var fitted = false;
  function padding(box) {
    // Keep the units clear of the panels drawn over the map (title; legend and footer when
    // they float over it), so no unit or place name is hidden under them.
    var page = box.ownerDocument, top = 12, right = 12, bottom = 12;
    var title = page.querySelector(".cdskit-title");
    if (title) { top += title.offsetHeight + 6; }
    var panels = page.querySelector(".cdskit-bottom");
    if (panels && getComputedStyle(panels).position === "absolute") {
      var legend = page.querySelector(".cdskit-legend");
      var footer = page.querySelector(".cdskit-footer");
      if (legend && legend.offsetWidth < box.clientWidth / 2) { right += legend.offsetWidth + 6; }
      if (footer) { bottom += footer.offsetHeight + 28; }
    }
    return {paddingTopLeft: [12, top], paddingBottomRight: [right, bottom], animate: false};
  }
  function fit() {
    var box = map.getContainer();
    if (fitted || box.clientWidth === 0 || box.clientHeight === 0) { return fitted; }
    map.invalidateSize(false);
    map.fitBounds(bounds, padding(box));
    fitted = true;
    return true;
  }
  if (!fit()) {
    if (window.ResizeObserver) {
      var watcher = new ResizeObserver(function () { if (fit()) { watcher.disconnect(); } });
      watcher.observe(map.getContainer());
    }
    window.addEventListener("load", fit);
    window.addEventListener("resize", fit);
  }
})();
{% endmacro %}"""
    )

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "FitWhenSized"
        self.bounds = [[float(v) for v in corner] for corner in bounds]
        self.prefix = ATTRIBUTION_PREFIX


_TOOLTIP_KEYS = ("unit", "value", "period", "source")


def _feature_collection(data: MapData) -> dict[str, Any]:
    features = []
    for row in data.units.itertuples(index=False):
        features.append(
            {
                "type": "Feature",
                "id": row.unit_code,
                "properties": {
                    # Escaped here: folium's tooltip inserts property values as raw HTML.
                    "unit_code": html.escape(row.unit_code),
                    "name": html.escape(row.unit_name),
                    "value": html.escape(row.value_text),
                    "period": html.escape(row.period_text),
                    "source": html.escape(row.source_text),
                    "class": -1 if row.class_index is None else int(row.class_index),
                    "fill": row.colour,
                },
                "geometry": shapely.geometry.mapping(row.geometry),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _unit_style(feature: dict[str, Any]) -> dict[str, Any]:
    properties = feature["properties"]
    if properties["class"] < 0:
        return {
            "fillColor": f"url(#{_HATCH_ID})",
            "fillOpacity": 1,
            "color": NO_DATA_LINE,
            "weight": 0.8,
            "dashArray": "4 3",
        }
    return {"fillColor": properties["fill"], "fillOpacity": 0.9, "color": "#ffffff", "weight": 0.6}


def _line_layer(frame: gpd.GeoDataFrame, colour: str, weight: float) -> folium.GeoJson:
    geometry = gpd.GeoDataFrame(geometry=frame.geometry.values, crs=frame.crs)
    return folium.GeoJson(
        json.loads(geometry.to_json(drop_id=True)),
        style_function=lambda feature: {"fill": False, "color": colour, "weight": weight},
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
    folium.TileLayer(tiles, attr=html.escape(attribution) if attribution else None).add_to(fmap)


def _head(data: MapData) -> str:
    provenance = json.dumps(data.provenance, ensure_ascii=False, sort_keys=True)
    provenance = provenance.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    summary = html.escape(data.provenance_summary).replace("--", "- -")
    return "\n".join(
        [
            f"<title>{html.escape(data.title)}</title>",
            f'<meta name="generator" content="cdskit {html.escape(__version__)}">',
            f'<meta name="description" content="{html.escape(data.provenance_summary)}">',
            f"<!-- {summary} -->",
            f'<script type="application/json" id="cdskit-provenance">{provenance}</script>',
            f"<style>{_CSS}</style>",
        ]
    )


def _overlay(data: MapData) -> str:
    lines = LINE_LABELS[data.language]
    esc = html.escape
    rows = []
    for label, colour, count in zip(
        data.classification.labels(data.language),
        data.classification.colours,
        data.class_counts,
        strict=True,
    ):
        rows.append(
            f'<li><span class="swatch" style="background:{colour}"></span>'
            f'{esc(label)} <span class="count">({count})</span></li>'
        )
    if data.no_data_count:
        rows.append(
            '<li><span class="swatch no-data"></span>'
            f'{esc(NO_DATA[data.language])} <span class="count">({data.no_data_count})</span></li>'
        )
    if data.outlines is not None:
        rows.append(f'<li><span class="line outline"></span>{esc(lines["outline"])}</li>')
    if data.highlighted is not None:
        rows.append(f'<li><span class="line focus"></span>{esc(lines["focus"])}</li>')
    footer = " · ".join(esc(line) for line in data.footer_lines)
    subtitle = " · ".join(part for part in (data.subtitle, data.coverage) if part)
    subtitle = f'<div class="subtitle">{esc(subtitle)}</div>' if subtitle else ""
    if data.warning:
        subtitle += f'<div class="warning" role="note">{esc(data.warning)}</div>'
    coverage = f'<div class="legend-coverage">{esc(data.coverage)}</div>' if data.coverage else ""
    return f"""
<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>
<pattern id="{_HATCH_ID}" patternUnits="userSpaceOnUse" width="6" height="6"
 patternTransform="rotate(45)"><rect width="6" height="6" fill="{NO_DATA_FILL}"/>
<line x1="0" y1="0" x2="0" y2="6" stroke="{NO_DATA_LINE}" stroke-width="1.2"/></pattern>
</defs></svg>
<div class="cdskit-panel cdskit-title"><h1>{esc(data.title)}</h1>{subtitle}</div>
<div class="cdskit-bottom">
<div class="cdskit-panel cdskit-legend" role="figure" aria-label="{esc(data.legend_title)}">
<div class="legend-title">{esc(data.legend_title)}</div>
<div class="legend-scheme">{esc(data.classification.describe(data.language))}</div>
<ul>{"".join(rows)}</ul>{coverage}</div>
<div class="cdskit-panel cdskit-footer">{footer}</div>
</div>
"""


_CSS = f"""
html, body {{ margin: 0; padding: 0; height: 100%; }}
@media (max-width: 600px) {{
  html, body {{ height: auto; }}
  body {{ display: flex; flex-direction: column; position: relative; }}
  .folium-map {{ order: 0; flex: none; }}
  .cdskit-bottom {{ order: 1; }}
}}
body {{ font-family: "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; }}
.leaflet-container {{ background: #f4f6f8; font-family: inherit; }}
.cdskit-panel {{ position: absolute; z-index: 1000; background: rgba(255,255,255,.93);
  border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.25); color: #212529; }}
.cdskit-title {{ top: 10px; left: 50%; transform: translateX(-50%); padding: 6px 14px;
  text-align: center; max-width: 70%; }}
.cdskit-title h1 {{ font-size: 18px; margin: 0; }}
.cdskit-title .subtitle {{ font-size: 13px; color: #495057; }}
.cdskit-title .warning {{ font-size: 13px; color: #8a3b00; font-weight: 600; }}
.cdskit-bottom {{ position: absolute; z-index: 1000; left: 10px; right: 10px; bottom: 22px;
  display: flex; flex-direction: column; align-items: flex-end; gap: 6px;
  pointer-events: none; }}
.cdskit-bottom .cdskit-panel {{ position: static; pointer-events: auto; }}
.cdskit-legend {{ padding: 8px 12px; font-size: 13px; max-width: 260px; overflow-y: auto; }}
.cdskit-legend .legend-coverage {{ font-size: 12px; margin-top: 4px; color: #212529; }}
.cdskit-place-icon {{ background: none; border: 0; }}
.cdskit-place {{ display: block; text-align: center; font-size: 11px; font-style: italic;
  color: #1d3557; white-space: nowrap; text-shadow: 0 0 3px #fff, 0 0 3px #fff; }}
.cdskit-legend .legend-title {{ font-weight: 600; margin-bottom: 2px; }}
.cdskit-legend .legend-scheme {{ font-size: 12px; color: #495057; margin-bottom: 4px; }}
.cdskit-legend ul {{ list-style: none; margin: 0; padding: 0; }}
.cdskit-legend li {{ display: flex; align-items: center; gap: 6px; margin: 2px 0; }}
.cdskit-legend .count {{ color: #6c757d; }}
.cdskit-legend .swatch {{ width: 18px; height: 12px; border: 1px solid #adb5bd; flex: none; }}
.cdskit-legend .swatch.no-data {{ border: 1px dashed {NO_DATA_LINE};
  background: repeating-linear-gradient(45deg, {NO_DATA_FILL} 0 3px, {NO_DATA_LINE} 3px 4px); }}
.cdskit-legend .line {{ width: 18px; height: 0; flex: none; }}
.cdskit-legend .line.outline {{ border-top: 2px solid {OUTLINE_COLOUR}; }}
.cdskit-legend .line.focus {{ border-top: 3px solid {HIGHLIGHT_COLOUR}; }}
.cdskit-footer {{ align-self: stretch; padding: 4px 10px; font-size: 11px;
  color: #495057; border-radius: 4px; }}
@media (max-width: 600px) {{
  .cdskit-title {{ left: 52px; right: 8px; transform: none; max-width: none; padding: 4px 8px; }}
  .cdskit-title h1 {{ font-size: 14px; }}
  .cdskit-title .subtitle, .cdskit-title .warning {{ font-size: 11px; }}
  .folium-map {{ height: 60vh !important; }}
  .cdskit-bottom {{ position: static; padding: 6px; gap: 6px; align-items: stretch; }}
  .cdskit-bottom .cdskit-panel {{ box-shadow: none; border: 1px solid #dee2e6; }}
  .cdskit-legend {{ font-size: 12px; padding: 5px 8px; max-width: none; }}
  .cdskit-legend .legend-scheme, .cdskit-legend .legend-coverage {{ font-size: 11px; }}
  .cdskit-footer {{ font-size: 10px; padding: 3px 6px; }}
}}
.cdskit-tooltip {{ font-size: 13px; }}
.cdskit-tooltip th {{ text-align: left; padding-right: 8px; color: #495057; font-weight: 500; }}
"""
