"""The static twin of an interactive map: PNG (A4 landscape, 200 dpi), SVG and PDF.

Drawn with matplotlib from the same :class:`cdskit.maps.data.MapData` as the HTML map, so class
breaks, colours, legend, title and footer are identical. Every unit is its own patch whose id
(``unit-<code>``) survives into the SVG, and every file carries its provenance in its metadata.
"""

from __future__ import annotations

import json
import math
import os
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath

from cdskit._version import __version__
from cdskit.errors import ParameterError
from cdskit.files import write_atomically
from cdskit.formatting import NO_DATA
from cdskit.maps.classes import NO_DATA_FILL, NO_DATA_LINE
from cdskit.maps.data import LINE_LABELS, MapData
from cdskit.maps.interactive import HIGHLIGHT_COLOUR, OUTLINE_COLOUR
from cdskit.safe_text import safe_text
from cdskit.terms import FONT_FAMILY

if TYPE_CHECKING:
    from cdskit.maps.interactive import Map

#: Page size (inches) and resolution of the PNG: A4 landscape at 200 dpi.
A4_LANDSCAPE = (11.69, 8.27)
DPI = 200
FORMATS = ("png", "svg", "pdf")
#: Font size (points) of province names on a national map.
PROVINCE_LABEL_SIZE = 5.0
#: Font size (points) of the archipelago names.
PLACE_LABEL_SIZE = 7.5
_HALO = [patheffects.withStroke(linewidth=1.6, foreground="white")]


def figure(source: Map | MapData) -> Figure:
    """Draw the static twin of a map as a matplotlib figure (A4 landscape).

    Parameters
    ----------
    source : Map or MapData
        A map from :func:`cdskit.maps.choropleth` (or its ``data``).

    Returns
    -------
    matplotlib.figure.Figure
        The figure; not attached to pyplot, so it is freed with its last reference.
    """
    data = _data(source)
    fig = Figure(figsize=A4_LANDSCAPE)
    with _font():
        ax = fig.add_axes((0.02, 0.12, 0.66, 0.76))
        ax.set_axis_off()
        for row in data.units.itertuples(index=False):
            missing = row.class_index is None
            ax.add_patch(
                PathPatch(
                    _path(row.geometry),
                    facecolor=NO_DATA_FILL if missing else row.colour,
                    edgecolor=NO_DATA_LINE if missing else "#ffffff",
                    linewidth=0.5 if missing else 0.3,
                    linestyle=(0, (3, 2)) if missing else "solid",
                    hatch="/////" if missing else None,
                    gid=f"unit-{row.unit_code}",
                )
            )
        if data.outlines is not None:
            _lines(ax, data.outlines, OUTLINE_COLOUR, 1.1)
        if data.highlighted is not None:
            for i, row in enumerate(data.highlighted.itertuples(index=False)):
                tint = row.colour if isinstance(row.colour, str) else HIGHLIGHT_COLOUR
                _lines(ax, data.highlighted.iloc[[i]], tint, 1.8)
        west, south, east, north = data.units.total_bounds
        pad = 0.02 * max(east - west, north - south)
        ax.set_xlim(west - pad, east + pad)
        ax.set_ylim(south - pad, north + pad)
        ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
        if data.national:
            _province_labels(fig, ax, data)
            for number, place in enumerate(data.places, start=1):
                _label(
                    ax,
                    (place["lon"], place["lat"]),
                    place["name"],
                    gid=f"place-{number}",
                    fontsize=PLACE_LABEL_SIZE,
                    style="italic",
                    color="#1d3557",
                )
        fig.text(
            0.5, 0.955, safe_text(data.title), ha="center", va="center", fontsize=17, weight="bold"
        )
        subtitle = " · ".join(part for part in (data.subtitle, data.coverage) if part)
        fig.text(
            0.5, 0.918, safe_text(subtitle), ha="center", va="center", fontsize=11, color="#495057"
        )
        if data.warning:
            fig.text(
                0.5,
                0.889,
                safe_text(data.warning),
                ha="center",
                va="center",
                fontsize=11,
                color="#8a3b00",
                weight="bold",
            )
        _legend(fig, data)
        footer = "\n".join(
            textwrap.fill(line, 175, break_on_hyphens=False) for line in data.footer_lines
        )
        fig.text(
            0.02, 0.015, safe_text(footer), ha="left", va="bottom", fontsize=7, color="#495057"
        )
    return fig


def save_static(source: Map | MapData, path: str | os.PathLike[str]) -> Path:
    """Write the static twin as PNG, SVG or PDF (chosen by the file's suffix), atomically.

    Parameters
    ----------
    source : Map or MapData
        The map to draw.
    path : str or path-like
        Target ``.png`` (A4 landscape, 200 dpi), ``.svg`` or ``.pdf``; the folder is created.

    Returns
    -------
    pathlib.Path
        The written file; a failure leaves any previous file untouched.

    Raises
    ------
    ParameterError
        For another suffix.
    """
    target = Path(path)
    kind = target.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ParameterError(
            f"Cannot write a static map to {target.name!r}: the suffix must be one of "
            f"{', '.join('.' + f for f in FORMATS)}."
        )
    data = _data(source)
    fig = figure(data)
    with _font():
        write_atomically(
            target,
            lambda temporary: fig.savefig(
                temporary, format=kind, dpi=DPI, metadata=_metadata(data, kind)
            ),
        )
    return target


def save_twins(source: Map | MapData, stem: str | os.PathLike[str]) -> dict[str, Path]:
    """Write the static twin in every format: ``<stem>.png``, ``.svg`` and ``.pdf``.

    Parameters
    ----------
    source : Map or MapData
        The map to draw.
    stem : str or path-like
        Path without suffix.

    Returns
    -------
    dict of str to pathlib.Path
        Written files by format.
    """
    stem = Path(stem)
    return {kind: save_static(source, stem.with_name(f"{stem.name}.{kind}")) for kind in FORMATS}


def _data(source: Map | MapData) -> MapData:
    return source if isinstance(source, MapData) else source.data


def _font():
    from matplotlib import rc_context

    return rc_context(
        {
            "font.family": FONT_FAMILY,
            "pdf.fonttype": 42,
            "svg.fonttype": "path",
            "hatch.color": NO_DATA_LINE,
            "hatch.linewidth": 0.6,
        }
    )


def _path(geometry) -> MplPath:
    vertices, codes = [], []
    for polygon in getattr(geometry, "geoms", [geometry]):
        polygon = shapely.geometry.polygon.orient(polygon, 1.0)
        for ring in (polygon.exterior, *polygon.interiors):
            coords = np.asarray(ring.coords)
            vertices.append(coords)
            ring_codes = np.full(len(coords), MplPath.LINETO, dtype=np.uint8)
            ring_codes[0], ring_codes[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            codes.append(ring_codes)
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def _lines(ax, frame, colour: str, width: float) -> None:
    for geometry in frame.geometry:
        ax.add_patch(
            PathPatch(_path(geometry), facecolor="none", edgecolor=colour, linewidth=width)
        )


def _label(ax, point: tuple[float, float], text: str, *, gid: str, **style) -> None:
    """Write ``text`` on a white halo; the text itself stays a text element (named in SVG)."""
    common = {"ha": "center", "va": "center", **style}
    text = safe_text(text)
    ax.text(*point, text, **{**common, "color": "white"}, path_effects=_HALO)
    ax.text(*point, text, **common, gid=gid)


def _province_labels(fig: Figure, ax, data: MapData) -> None:
    """Name each province whose largest part holds its name, without two names overlapping."""
    ax.apply_aspect()
    box = ax.get_position()
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    per_x = box.width * fig.get_figwidth() * 72 / (x1 - x0)
    per_y = box.height * fig.get_figheight() * 72 / (y1 - y0)
    height = 1.3 * PROVINCE_LABEL_SIZE
    placed: list[tuple[float, float, float, float]] = []
    focus = data.highlighted["unit_code"] if data.highlighted is not None else []
    units = data.units.assign(
        area=shapely.area(data.units.geometry.values),
        focus=data.units["unit_code"].isin(set(focus)),
    ).sort_values(["focus", "area"], ascending=False)  # focus provinces are named first
    for row in units.itertuples(index=False):
        parts = list(getattr(row.geometry, "geoms", [row.geometry]))
        largest = max(parts, key=lambda part: part.area)
        west, south, east, north = largest.bounds
        name = str(row.unit_name)
        width = 0.58 * PROVINCE_LABEL_SIZE * len(name)
        if (east - west) * per_x < 0.8 * width or (north - south) * per_y < 1.7 * height:
            continue
        point = largest.representative_point()
        x, y = point.x * per_x, point.y * per_y
        extent = (x - width / 2, x + width / 2, y - height / 2, y + height / 2)
        if any(
            extent[0] < other[1]
            and other[0] < extent[1]
            and extent[2] < other[3]
            and other[2] < extent[3]
            for other in placed
        ):
            continue
        placed.append(extent)
        _label(
            ax,
            (point.x, point.y),
            name,
            gid=f"label-{row.unit_code}",
            fontsize=PROVINCE_LABEL_SIZE,
            color="#212529",
        )


def _legend(fig: Figure, data: MapData) -> None:
    text = LINE_LABELS[data.language]
    labels = data.classification.labels(data.language)
    handles = [
        Patch(facecolor=colour, edgecolor="#adb5bd", label=f"{label}  ({count})")
        for colour, label, count in zip(
            data.classification.colours, labels, data.class_counts, strict=True
        )
    ]
    if data.no_data_count:
        handles.append(
            Patch(
                facecolor=NO_DATA_FILL,
                edgecolor=NO_DATA_LINE,
                hatch="/////",
                linestyle="--",
                label=f"{NO_DATA[data.language]}  ({data.no_data_count})",
            )
        )
    if data.outlines is not None:
        handles.append(Line2D([], [], color=OUTLINE_COLOUR, linewidth=1.5, label=text["outline"]))
    if data.highlighted is not None:
        for row in data.highlighted.itertuples(index=False):
            tint = row.colour if isinstance(row.colour, str) else HIGHLIGHT_COLOUR
            label = f"{text['focus']}: {row.unit_name}"
            handles.append(Line2D([], [], color=tint, linewidth=2.2, label=label))
    title = "\n".join(
        [
            *textwrap.wrap(data.legend_title, 40),
            *textwrap.wrap(data.classification.describe(data.language), 40),
            *([data.coverage] if data.coverage else []),
        ]
    )
    legend = fig.legend(
        handles=handles,
        title=title,
        loc="upper left",
        bbox_to_anchor=(0.70, 0.86),
        frameon=False,
        fontsize=10,
        title_fontsize=10.5,
        alignment="left",
        handlelength=2.2,
        handleheight=1.3,
    )
    legend.get_title().set_linespacing(1.5)


def _metadata(data: MapData, kind: str) -> dict[str, str]:
    creator = f"cdskit {__version__}"
    summary = data.provenance_summary
    if kind == "png":
        return {
            "Title": data.title,
            "Description": summary,
            "Software": creator,
            "Source": " | ".join(data.footer_lines),
        }
    if kind == "svg":
        return {
            "Title": data.title,
            "Description": summary,
            "Creator": creator,
            "Source": " | ".join(data.footer_lines),
        }
    return {
        "Title": data.title,
        "Subject": summary,
        "Creator": creator,
        "Keywords": json.dumps(data.provenance, ensure_ascii=False, sort_keys=True),
    }
