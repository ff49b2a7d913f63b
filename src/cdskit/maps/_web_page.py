"""The page around an interactive map: panels, place names, styles and the fitting script.

Title, legend and footer panels; archipelago names; the script that fits the map once its frame
has a size; and :class:`OfflinePage`, which writes a folium map as one self-contained page whose
bytes are the same on every run (Leaflet inlined, element names derived from the map).

Every text from data or parameters is HTML-escaped here before it reaches the page.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from cdskit._version import __version__
from cdskit.errors import CdskitError
from cdskit.files import write_bytes_atomically
from cdskit.formatting import NO_DATA
from cdskit.maps._text import TEXT
from cdskit.maps.classification import (
    CONTEXT_FILL,
    CONTEXT_LINE,
    HIGHLIGHT_COLOUR,
    NO_DATA_FILL,
    NO_DATA_LINE,
    OUTLINE_COLOUR,
    UNDATED_LINE,
)
from cdskit.maps.data import MapData
from cdskit.maps.web_assets import LEAFLET, inline_tag
from cdskit.safe_text import escape_html

#: Id of the hatch pattern that fills units without a figure.
HATCH_ID = "cdskit-no-data"


def undated_pattern_id(colour: str) -> str:
    """Return the id of the hatch pattern of undated figures drawn in ``colour``."""
    return "cdskit-undated-" + "".join(ch for ch in colour if ch.isalnum())


#: The attribution control's prefix: a neutral credit to the map library.
ATTRIBUTION_PREFIX = "Leaflet"

#: A reference to anything outside the page (script, style, image, frame or CSS import).
EXTERNAL_REF = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*['\"]?\s*(?:https?:)?//"
    r"|@import\s+(?:url\()?['\"]?\s*(?:https?:)?//",
    re.IGNORECASE,
)


class OfflinePage:
    """A folium map written as one self-contained HTML page, the same bytes on every run.

    A map class that holds its map as ``folium_map`` and its title as ``title``, and says
    what tells it from other maps in :meth:`_page_key`, gets :meth:`to_html`, :meth:`save`
    and the frame a notebook shows (``_repr_html_``). ``_frame_style`` is the frame's
    ``class`` and ``style`` attributes.
    """

    folium_map: folium.Map
    _frame_style = 'style="width:100%;height:620px;border:0"'

    if TYPE_CHECKING:  # a map class gives its title as a field or a property

        @property
        def title(self) -> str: ...

    def _page_key(self) -> str:
        """Return what tells this map from others; its element names are derived from it."""
        return self.title

    def to_html(self) -> str:
        """Return the page as one HTML string (Leaflet inlined, no outside reference).

        The page is the same, byte for byte, every time the same map is drawn or this method
        is called: folium's element names are derived from the map (:func:`name_elements`),
        not drawn at random, and rendering leaves nothing behind.
        """
        root = page_root(self.folium_map)
        for index, name in enumerate(LEAFLET):
            if f"cdskit_asset_{index}" not in root.header._children:
                root.header.add_child(Element(inline_tag(name)), name=f"cdskit_asset_{index}")
        name_elements(root, self._page_key())
        parts = (root.header, root.html, root.script)
        kept = [part._children.copy() for part in parts]
        try:
            page = root.render()
        finally:
            # Rendering adds each element's code to the page's parts; left there, a second
            # rendering would add it again (under another name) and write it twice.
            for part, children in zip(parts, kept, strict=True):
                part._children = children
        found = EXTERNAL_REF.search(page)
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

    def _repr_html_(self) -> str:
        # The notebook view shows the same self-contained page as the saved file.
        return (
            f'<iframe {self._frame_style} sandbox="allow-scripts" '
            f'title="{escape_html(self.title)}" srcdoc="{escape_html(self.to_html())}"></iframe>'
        )


def page_root(fmap: folium.Map) -> Figure:
    """Return the page a folium map is drawn in (its header, body and script parts).

    Parameters
    ----------
    fmap : folium.Map
        A map.

    Returns
    -------
    branca.element.Figure
        The page: a map made by folium always has one.

    Examples
    --------
    >>> page_root(folium.Map(tiles=None)).header is not None
    True
    """
    root = fmap.get_root()
    if not isinstance(root, Figure):
        raise CdskitError(
            f"The map is drawn inside a {type(root).__name__}, not a page; draw it with "
            "cdskit.maps.choropleth or cdskit.maps.category_map."
        )
    return root


def name_elements(root: Element, key: str) -> None:
    """Name every element of a folium page after ``key`` and its order, not at random.

    folium names each element (``map_…``, ``geo_json_…``) with 32 hexadecimal digits drawn at
    random (branca's ``Element._id``), so the same map would give another page on every run.
    Here each element without such a name gets 24 digits of the sha256 of ``key`` and 8 of its
    number in the page (depth first), keeping the form of folium's names. Elements already
    named keep their name, so a page drawn again names later elements after the earlier ones;
    a layer named after its element keeps that name.

    Parameters
    ----------
    root : branca.element.Element
        The page (``folium_map.get_root()``).
    key : str
        What tells this map from others drawn in the same document.

    Examples
    --------
    >>> from branca.element import Element, Figure
    >>> page = Figure()
    >>> _ = page.html.add_child(Element("<p>a</p>"))
    >>> name_elements(page, "a map")
    >>> page.get_name()
    'figure_23e1765cd96692fcbaafc1b700000000'
    >>> [element._id[24:] for element in _elements(page)]
    ['00000000', '00000001', '00000002', '00000003', '00000004', '00000005']
    """
    prefix = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    elements = list(_elements(root))
    named = [int(e._id[24:], 16) for e in elements if e._id.startswith(prefix)]
    number = max(named, default=-1) + 1
    for element in elements:
        if element._id.startswith(prefix) and len(element._id) == 32:
            continue
        drawn_name = element.get_name()
        element._id = f"{prefix}{number:08x}"
        number += 1
        # folium names a layer (and a tile layer) without a name after its element, on creation.
        for attribute in ("layer_name", "tile_name"):
            if getattr(element, attribute, None) == drawn_name:
                setattr(element, attribute, element.get_name())


def _elements(root: Element) -> Iterator[Element]:
    """Yield ``root`` and every element below it, depth first, in the page's order.

    A page (branca's ``Figure``) holds its head, body and script parts apart from its children;
    they come after them.
    """
    yield root
    for child in root._children.values():
        yield from _elements(child)
    for part in ("header", "html", "script"):
        if isinstance(getattr(root, part, None), Element):
            yield from _elements(getattr(root, part))


class PlaceLabels(MacroElement):
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
                    f'<span class="cdskit-place">{escape_html(place["name"])}</span>',
                    ensure_ascii=False,
                ).replace("</", "<\\/"),
            }
            for place in places
        ]


class UnitLabels(MacroElement):
    """Each drawn unit's name (and value, and an undated figure's date) written on the map."""

    _template = Template(
        """{% macro script(this, kwargs) %}
{% for label in this.labels %}
L.marker([{{ label.lat }}, {{ label.lon }}], {
  icon: L.divIcon({className: "cdskit-unit-icon", iconSize: [{{ label.width }}, {{ label.height }}],
    iconAnchor: [{{ label.width // 2 }}, {{ label.height // 2 }}], html: {{ label.html }}}),
  interactive: false, keyboard: false
}).addTo({{ this._parent.get_name() }});
{% endfor %}
{% endmacro %}"""
    )

    def __init__(self, labels: list[dict[str, Any]]) -> None:
        super().__init__()
        self._name = "UnitLabels"
        self.labels: list[dict[str, Any]] = []
        for label in labels:
            lines = [str(line) for line in label.get("lines", [])]
            body = "".join(f'<span class="line">{escape_html(line)}</span>' for line in lines)
            markup = (
                f'<span class="cdskit-unit-label" data-unit="{escape_html(label["code"])}">'
                f'<span class="name">{escape_html(label["name"])}</span>{body}</span>'
            )
            longest = max([len(str(label["name"])), *(len(line) for line in lines)])
            self.labels.append(
                {
                    "lat": float(label["lat"]),
                    "lon": float(label["lon"]),
                    "width": max(80, 8 * longest),
                    "height": 18 + 15 * len(lines),
                    "html": json.dumps(markup, ensure_ascii=False).replace("</", "<\\/"),
                }
            )


class FitWhenSized(MacroElement):
    """Fit the map to its units whenever its frame is sized, and set a neutral attribution.

    A map inside an iframe of a report page may run its script before the frame is laid out;
    fitting a zero-sized map gives ``Invalid LatLng object: (NaN, NaN)`` and a blank map. The
    fit therefore waits until the container has a width and a height, and runs again when the
    frame changes size (a page laid out late, a phone turned), so no unit is left outside the
    view, until the reader moves or zooms the map.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  if (map.attributionControl) { map.attributionControl.setPrefix({{ this.prefix|tojson }}); }
  var bounds = L.latLngBounds({{ this.bounds|tojson }});
  function padding(box) {
    // Keep the units clear of the panels drawn over the map (title; legend and footer when
    // they float over it), so no unit or place name is hidden under them; labels written on
    // the units may reach beyond them by up to half their width.
    var page = box.ownerDocument;
    var extra = Math.min({{ this.label_pad }}, box.clientWidth / 4);
    var left = 12 + extra, top = 12 + extra / 3, right = 12 + extra, bottom = 12 + extra / 3;
    var title = page.querySelector(".cdskit-title");
    if (title) { top += title.offsetHeight + 6; }
    var panels = page.querySelector(".cdskit-bottom");
    if (panels && getComputedStyle(panels).position === "absolute") {
      var legend = page.querySelector(".cdskit-legend");
      var footer = page.querySelector(".cdskit-footer");
      if (legend && legend.offsetWidth < box.clientWidth / 2) { right += legend.offsetWidth + 6; }
      if (footer) { bottom += footer.offsetHeight + 28; }
    }
    return {paddingTopLeft: [left, top], paddingBottomRight: [right, bottom], animate: false};
  }
  // Fit again whenever the frame changes size (a phone turned, a page laid out late, a
  // scrollbar that appears), until the reader moves or zooms the map themselves.
  var touched = false, fittedTo = "";
  ["pointerdown", "touchstart", "wheel", "keydown"].forEach(function (name) {
    map.getContainer().addEventListener(name, function () { touched = true; }, {passive: true});
  });
  function fit() {
    var box = map.getContainer();
    var size = box.clientWidth + "x" + box.clientHeight;
    if (touched || box.clientWidth === 0 || box.clientHeight === 0 || size === fittedTo) {
      return;
    }
    fittedTo = size;
    map.invalidateSize(false);
    map.fitBounds(bounds, padding(box));
  }
  fit();
  if (window.ResizeObserver) { new ResizeObserver(fit).observe(map.getContainer()); }
  window.addEventListener("load", fit);
  window.addEventListener("resize", fit);
})();
{% endmacro %}"""
    )

    def __init__(self, bounds: list[list[float]], label_pad: int = 0) -> None:
        super().__init__()
        self._name = "FitWhenSized"
        self.bounds = [[float(v) for v in corner] for corner in bounds]
        self.label_pad = int(label_pad)
        self.prefix = ATTRIBUTION_PREFIX


def head(data: MapData) -> str:
    provenance = json.dumps(data.provenance, ensure_ascii=False, sort_keys=True)
    provenance = provenance.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    summary = escape_html(data.provenance_summary).replace("--", "- -")
    return "\n".join(
        [
            f"<title>{escape_html(data.title)}</title>",
            f'<meta name="generator" content="cdskit {escape_html(__version__)}">',
            f'<meta name="description" content="{escape_html(data.provenance_summary)}">',
            f"<!-- {summary} -->",
            f'<script type="application/json" id="cdskit-provenance">{provenance}</script>',
            f"<style>{_CSS}</style>",
        ]
    )


def overlay(data: MapData) -> str:
    lines = TEXT[data.language]["lines"]
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
    if data.undated_label:
        colours = data.classification.colours
        colour = colours[len(colours) // 2]
        rows.append(
            f'<li><span class="swatch undated" style="background-color:{colour}"></span>'
            f'{esc(data.undated_label)} <span class="count">({data.undated_count})</span></li>'
        )
    if data.no_data_count:
        rows.append(
            '<li><span class="swatch no-data"></span>'
            f'{esc(NO_DATA[data.language])} <span class="count">({data.no_data_count})</span></li>'
        )
    if data.context is not None:
        rows.append(
            f'<li><span class="swatch context"></span>{esc(TEXT[data.language]["context"])}</li>'
        )
    if data.outlines is not None:
        rows.append(f'<li><span class="line outline"></span>{esc(lines["outline"])}</li>')
    if data.highlighted is not None:
        for row in data.highlighted.itertuples(index=False):
            tint = row.colour if isinstance(row.colour, str) else HIGHLIGHT_COLOUR
            rows.append(
                f'<li><span class="line focus" style="border-top-color:{tint}"></span>'
                f"{esc(lines['focus'])}: {esc(row.unit_name)}</li>"
            )
    footer = " · ".join(esc(line) for line in data.footer_lines)
    subtitle = " · ".join(part for part in (data.subtitle, data.coverage) if part)
    subtitle = f'<div class="subtitle">{esc(subtitle)}</div>' if subtitle else ""
    if data.warning:
        subtitle += f'<div class="warning" role="note">{esc(data.warning)}</div>'
    coverage = f'<div class="legend-coverage">{esc(data.coverage)}</div>' if data.coverage else ""
    scheme = data.classification.describe(data.language)
    scheme = f'<div class="legend-scheme">{esc(scheme)}</div>' if scheme else ""
    patterns = "".join(
        f'<pattern id="{undated_pattern_id(colour)}" patternUnits="userSpaceOnUse" width="7" '
        f'height="7" patternTransform="rotate(-45)"><rect width="7" height="7" fill="{colour}" '
        'fill-opacity="0.55"/><line x1="0" y1="0" x2="0" y2="7" '
        f'stroke="{UNDATED_LINE}" stroke-width="1.6"/></pattern>'
        for colour in _undated_colours(data)
    )
    return f"""
<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>
<pattern id="{HATCH_ID}" patternUnits="userSpaceOnUse" width="6" height="6"
 patternTransform="rotate(45)"><rect width="6" height="6" fill="{NO_DATA_FILL}"/>
<line x1="0" y1="0" x2="0" y2="6" stroke="{NO_DATA_LINE}" stroke-width="1.2"/></pattern>
{patterns}</defs></svg>
<div class="cdskit-panel cdskit-title"><h1>{esc(data.title)}</h1>{subtitle}</div>
<div class="cdskit-bottom">
<div class="cdskit-panel cdskit-legend" role="figure" aria-label="{esc(data.legend_title)}">
<div class="legend-title">{esc(data.legend_title)}</div>
{scheme}
<ul>{"".join(rows)}</ul>{coverage}</div>
<div class="cdskit-panel cdskit-footer">{footer}</div>
</div>
"""


def _undated_colours(data: MapData) -> list[str]:
    if "undated" not in data.units.columns:
        return []
    late = data.units[data.units["undated"].astype(bool) & data.units["value"].notna()]
    return sorted(set(late["colour"]))


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
.cdskit-legend .swatch.undated {{ border: 1px dashed {UNDATED_LINE};
  background-image: repeating-linear-gradient(-45deg, rgba(255,255,255,.45) 0 3px,
  {UNDATED_LINE} 3px 4.5px); }}
.cdskit-legend .swatch.context {{ background: {CONTEXT_FILL}; border-color: {CONTEXT_LINE}; }}
.cdskit-unit-icon {{ background: none; border: 0; }}
.cdskit-unit-label {{ display: flex; flex-direction: column; align-items: center;
  font-size: 12px; line-height: 15px; color: #212529; white-space: nowrap; pointer-events: none;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; }}
.cdskit-unit-label .name {{ font-weight: 700; font-size: 13px; line-height: 18px; }}
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
