"""The static twin of an interactive map: PNG (A4 landscape, 200 dpi), SVG and PDF.

Drawn with matplotlib from the same :class:`cdskit.maps.data.MapData` as the HTML map, so class
breaks, colours, legend, title and footer are identical. Every unit is its own patch whose id
(``unit-<code>``) survives into the SVG, and every file carries its provenance in its metadata.
"""

from __future__ import annotations

import functools
import json
import math
import os
import textwrap
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath

from cdskit._version import __version__
from cdskit.errors import ParameterError, did_you_mean
from cdskit.files import write_atomically
from cdskit.formatting import NO_DATA
from cdskit.maps import classification as palette  # the colours the HTML map uses too
from cdskit.maps._text import TEXT
from cdskit.maps.data import MapData, MapSource, as_map_data
from cdskit.safe_text import safe_text
from cdskit.terms import FONT_FAMILY

#: Page size (inches) and resolution of the PNG: A4 landscape at 200 dpi.
A4_LANDSCAPE = (11.69, 8.27)
DPI = 200
FORMATS = ("png", "svg", "pdf")
#: Font size (points) of province names on a national map.
PROVINCE_LABEL_SIZE = 5.0
#: Font size (points) of the numbers of provinces named in the key, and of the key's lines.
NUMBER_SIZE = 5.0
KEY_SIZE = 6.5
#: Font size (points) of the archipelago names.
PLACE_LABEL_SIZE = 7.5
#: Characters of the title on one line (17 pt bold on A4 landscape); longer titles wrap.
TITLE_WIDTH = 95
#: Font size (points) of unit names on a map of some provinces (values one point smaller).
UNIT_LABEL_SIZE = 10.0
#: Hatch of units drawn with an undated figure (units without a figure: "/////").
UNDATED_HATCH = "\\\\\\"
#: Salt of the ids matplotlib writes in an SVG (fixed, so the same map gives the same file).
SVG_HASH_SALT = "cdskit"
_HALO = [patheffects.withStroke(linewidth=1.6, foreground="white")]


def figure(source: MapSource) -> Figure:
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
    data = as_map_data(source)
    fig = Figure(figsize=A4_LANDSCAPE)
    with _font():
        title = textwrap.wrap(safe_text(data.title), TITLE_WIDTH, break_on_hyphens=False)
        drop = 0.025 if len(title) > 1 else 0.0  # a long title takes two lines
        ax = fig.add_axes((0.02, 0.12, 0.66, 0.76 - drop))
        numbered = _draw_units(fig, ax, data)
        fig.text(
            0.5,
            0.955 - drop / 2,
            "\n".join(title[:2]),
            ha="center",
            va="center",
            fontsize=17 if len(title) == 1 else 15,
            weight="bold",
        )
        subtitle = " · ".join(part for part in (data.subtitle, data.coverage) if part)
        fig.text(
            0.5,
            0.918 - drop,
            safe_text(subtitle),
            ha="center",
            va="center",
            fontsize=11,
            color="#495057",
        )
        if data.warning:
            fig.text(
                0.5,
                0.889 - drop,
                safe_text(data.warning),
                ha="center",
                va="center",
                fontsize=11,
                color="#8a3b00",
                weight="bold",
            )
        _legend(fig, data)
        if numbered:
            _key(fig, data, numbered)
        footer = "\n".join(
            textwrap.fill(line, 175, break_on_hyphens=False) for line in data.footer_lines
        )
        fig.text(
            0.02, 0.015, safe_text(footer), ha="left", va="bottom", fontsize=7, color="#495057"
        )
    return fig


def _draw_units(fig: Figure, ax, data: MapData) -> list[str]:
    """Draw the units, lines and names on the map's axes; return the names given by number."""
    ax.set_axis_off()
    if data.context is not None:
        for row in data.context.itertuples(index=False):
            _add_shape(
                ax,
                PathPatch(
                    _path(row.geometry),
                    facecolor=palette.CONTEXT_FILL,
                    edgecolor=palette.CONTEXT_LINE,
                    linewidth=0.5,
                    gid=f"context-{row.unit_code}",
                ),
            )
    for row in data.units.itertuples(index=False):
        _add_shape(ax, _unit_patch(row))
    if data.outlines is not None:
        _lines(ax, data.outlines, palette.OUTLINE_COLOUR, 1.1)
    if data.highlighted is not None:
        for i, row in enumerate(data.highlighted.itertuples(index=False)):
            tint = row.colour if isinstance(row.colour, str) else palette.HIGHLIGHT_COLOUR
            _lines(ax, data.highlighted.iloc[[i]], tint, 1.8)
    west, south, east, north = data.units.total_bounds
    pad = (0.06 if data.context is not None else 0.02) * max(east - west, north - south)
    ax.set_xlim(west - pad, east + pad)
    ax.set_ylim(south - pad, north + pad)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    if data.context is not None:
        _context_labels(ax, data)
    for label in data.labels:
        _unit_label(ax, label)
    numbered: list[str] = []
    if data.national:
        numbered = _province_labels(fig, ax, data)
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
    return numbered


def save_twins(
    source: MapSource,
    stem: str | os.PathLike[str],
    *,
    formats: Sequence[str] = FORMATS,
) -> dict[str, Path]:
    """Write the static twin as ``<stem>.png``, ``.svg`` and ``.pdf``, atomically.

    :func:`cdskit.maps.save` writes the HTML map and these files in one call.

    Parameters
    ----------
    source : Map or MapData
        The map to draw.
    stem : str or path-like
        Path without suffix; its folder is created when missing.
    formats : sequence of str, default ("png", "svg", "pdf")
        ``png`` (A4 landscape, 200 dpi), ``svg``, ``pdf``.

    Returns
    -------
    dict of str to pathlib.Path
        Written files by format; a failure leaves any previous file untouched.

    Raises
    ------
    ParameterError
        For another format (with a suggestion).
    """
    check_formats(formats, FORMATS)
    data = as_map_data(source)
    stem = Path(stem)
    fig = figure(data)
    written = {}
    for kind in (kind for kind in FORMATS if kind in formats):
        target = stem.with_name(f"{stem.name}.{kind}")
        with _font():
            write_atomically(
                target,
                functools.partial(
                    fig.savefig, format=kind, dpi=DPI, metadata=_metadata(data, kind)
                ),
            )
        written[kind] = target
    return written


def check_formats(formats: Sequence[str], known: Sequence[str]) -> None:
    """Refuse a format outside ``known``, naming it and the closest known one.

    Parameters
    ----------
    formats : sequence of str
        The formats asked for.
    known : sequence of str
        The formats that can be written.

    Raises
    ------
    ParameterError
        For the first format not in ``known``.

    Examples
    --------
    >>> check_formats(["png", "svg"], FORMATS)
    >>> check_formats(["png", "jpg"], FORMATS)
    Traceback (most recent call last):
    ...
    cdskit.errors.ParameterError: formats: 'jpg' is not one of png, svg, pdf. Did you mean 'png'?
    """
    unknown = [kind for kind in formats if kind not in known]
    if unknown:
        raise ParameterError(
            f"formats: {unknown[0]!r} is not one of {', '.join(known)}."
            f"{did_you_mean(unknown[0], known)}"
        )


def _font():
    from matplotlib import rc_context

    return rc_context(
        {
            "font.family": FONT_FAMILY,
            "pdf.fonttype": 42,
            "svg.fonttype": "path",
            "hatch.color": palette.NO_DATA_LINE,
            "hatch.linewidth": 0.6,
            # SVG ids (clip paths, glyphs) hashed with a fixed salt, not one drawn per process.
            "svg.hashsalt": SVG_HASH_SALT,
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
        _add_shape(
            ax, PathPatch(_path(geometry), facecolor="none", edgecolor=colour, linewidth=width)
        )


def _add_shape(ax, patch: PathPatch) -> None:
    """Add a shape to the map's axes as it is drawn, without widening their data limits.

    The limits are set from the units' bounds once every shape is added; ``Axes.add_patch``
    would also walk every vertex of every shape in Python to widen them (0.8 of the 0.85 s a
    commune map took), for limits that are then replaced.
    """
    ax.add_artist(patch)


def _label(ax, point: tuple[float, float], text: str, *, gid: str, **style) -> None:
    """Write ``text`` on a white halo; the text itself stays a text element (named in SVG)."""
    common = {"ha": "center", "va": "center", **style}
    text = safe_text(text)
    ax.text(*point, text, **{**common, "color": "white"}, path_effects=_HALO)
    ax.text(*point, text, **common, gid=gid)


def _unit_patch(row) -> PathPatch:
    """One unit: its class colour; hatched grey without a figure; hatched and dashed undated."""
    missing = row.class_index is None
    undated = bool(getattr(row, "undated", False)) and not missing
    if undated:
        return PathPatch(
            _path(row.geometry),
            facecolor=row.colour,
            alpha=None,
            edgecolor=palette.UNDATED_LINE,
            hatchcolor=palette.UNDATED_LINE,
            linewidth=1.2,
            linestyle=(0, (5, 3)),
            hatch=UNDATED_HATCH,
            gid=f"unit-{row.unit_code}",
        )
    return PathPatch(
        _path(row.geometry),
        facecolor=palette.NO_DATA_FILL if missing else row.colour,
        edgecolor=palette.NO_DATA_LINE if missing else "#ffffff",
        linewidth=0.5 if missing else 0.3,
        linestyle=(0, (3, 2)) if missing else "solid",
        hatch="/////" if missing else None,
        gid=f"unit-{row.unit_code}",
    )


def _unit_label(ax, label: dict) -> None:
    """Write a unit's name, and under it its value and an undated figure's date."""
    point = (label["lon"], label["lat"])
    lines = list(label.get("lines", []))
    _label(
        ax,
        point,
        label["name"],
        gid=f"label-{label['code']}",
        fontsize=UNIT_LABEL_SIZE,
        weight="bold",
        color="#212529",
        va="bottom" if lines else "center",
    )
    if lines:
        _label(
            ax,
            point,
            "\n".join(lines),
            gid=f"value-{label['code']}",
            fontsize=UNIT_LABEL_SIZE - 1,
            color="#212529",
            va="top",
            linespacing=1.3,
        )


def _context_labels(ax, data: MapData) -> None:
    """Name the neighbouring provinces whose name point lies in the drawn extent, in grey."""
    if data.context is None:
        return
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    drawn = shapely.union_all(data.units.geometry.values)
    for row in data.context.itertuples(index=False):
        parts = list(getattr(row.geometry, "geoms", [row.geometry]))
        point = max(parts, key=lambda part: part.area).representative_point()
        inside = x0 < point.x < x1 and y0 < point.y < y1
        if inside and drawn.distance(point) > 0.15:
            _label(
                ax,
                (point.x, point.y),
                row.unit_name,
                gid=f"context-label-{row.unit_code}",
                fontsize=UNIT_LABEL_SIZE - 2,
                style="italic",
                color="#6c757d",
            )


def _province_labels(fig: Figure, ax, data: MapData) -> list[str]:
    """Name every coloured province: on it where its name fits, else by number in a key.

    Names are written inside a province's largest part when they fit there without touching
    another name (focus provinces first, then by area). A province with a figure whose name does
    not fit gets a number (north to south) at its name point, moved a little with a leader line
    when another label is in the way; :func:`_key` gives each number's name beside the map.
    Provinces without a figure are named only where their name fits.

    Returns
    -------
    list of str
        Names of the numbered provinces, in number order.
    """
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
    unnamed = []
    for row in units.itertuples(index=False):
        parts = list(getattr(row.geometry, "geoms", [row.geometry]))
        largest = max(parts, key=lambda part: part.area)
        point = largest.representative_point()
        name = str(row.unit_name)
        width = 0.58 * PROVINCE_LABEL_SIZE * len(name)
        west, south, east, north = largest.bounds
        x, y = point.x * per_x, point.y * per_y
        extent = (x - width / 2, x + width / 2, y - height / 2, y + height / 2)
        fits = (east - west) * per_x >= 0.8 * width and (north - south) * per_y >= 1.7 * height
        if not fits or _overlaps(extent, placed):
            if row.class_index is not None:
                unnamed.append((row, point))
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
    unnamed.sort(key=lambda item: (-item[1].y, item[1].x))
    for number, (row, point) in enumerate(unnamed, start=1):
        _number(ax, point, number, row.unit_code, placed, per_x, per_y)
    return [str(row.unit_name) for row, _ in unnamed]


def _overlaps(extent: tuple[float, float, float, float], placed) -> bool:
    return any(
        extent[0] < other[1]
        and other[0] < extent[1]
        and extent[2] < other[3]
        and other[2] < extent[3]
        for other in placed
    )


def _number(ax, point, number: int, code: str, placed: list, per_x: float, per_y: float) -> None:
    """Write a province's key number at its name point, or just beside it with a leader line."""
    text = str(number)
    width, height = 0.62 * NUMBER_SIZE * len(text) + 1.5, 1.2 * NUMBER_SIZE
    x, y = point.x * per_x, point.y * per_y
    step_x, step_y = width + 2.5, height + 1.5
    offsets = [(0.0, 0.0)] + [
        (dx * reach, dy * reach)
        for reach in (1, 2)
        # above or below first: a number beside another reads as a range ("32–31")
        for dx, dy in ((0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1), (1, 0), (-1, 0))
    ]
    chosen = offsets[0]
    for dx, dy in offsets:
        extent = (
            x + dx * step_x - width / 2,
            x + dx * step_x + width / 2,
            y + dy * step_y - height / 2,
            y + dy * step_y + height / 2,
        )
        if not _overlaps(extent, placed):
            chosen = (dx, dy)
            break
    dx, dy = chosen
    cx, cy = x + dx * step_x, y + dy * step_y
    placed.append((cx - width / 2, cx + width / 2, cy - height / 2, cy + height / 2))
    at = (cx / per_x, cy / per_y)
    if chosen != (0.0, 0.0):
        # the line stops at the edge of the number's box, so it points at the number
        reach = max(abs(cx - x) / (width / 2 + 1), abs(cy - y) / (height / 2 + 1))
        end = ((cx - (cx - x) / reach) / per_x, (cy - (cy - y) / reach) / per_y)
        ax.plot(
            [point.x, end[0]],
            [point.y, end[1]],
            color="#212529",
            linewidth=0.4,
            path_effects=[patheffects.withStroke(linewidth=1.2, foreground="white")],
            gid=f"leader-{code}",
        )
    _label(
        ax,
        at,
        text,
        gid=f"number-{code}",
        fontsize=NUMBER_SIZE,
        weight="bold",
        color="#212529",
    )


def _key(fig: Figure, data: MapData, names: list[str]) -> None:
    """List the numbered provinces by number under the legend, in up to three columns."""
    legend = fig.legends[-1] if fig.legends else None
    top = 0.42
    if legend is not None:
        bottom = legend.get_window_extent().transformed(fig.transFigure.inverted()).y0
        top = min(top, bottom - 0.03)
    columns = 1 if len(names) <= 10 else (2 if len(names) <= 24 else 3)
    rows = math.ceil(len(names) / columns)
    line = KEY_SIZE * 1.45 / 72 / fig.get_figheight()
    fig.text(
        0.70,
        top,
        safe_text(TEXT[data.language]["numbered"]),
        ha="left",
        va="top",
        fontsize=KEY_SIZE + 1,
        weight="bold",
        color="#212529",
        gid="key-title",
    )
    width = 0.285 / columns
    for index, name in enumerate(names):
        column, row = divmod(index, rows)
        fig.text(
            0.70 + column * width,
            top - (row + 1.5) * line,
            safe_text(f"{index + 1}  {name}"),
            ha="left",
            va="top",
            fontsize=KEY_SIZE,
            color="#212529",
            gid=f"key-{index + 1}",
        )


def _legend(fig: Figure, data: MapData) -> None:
    text = TEXT[data.language]["lines"]
    labels = data.classification.labels(data.language)
    handles: list[Artist] = [
        Patch(facecolor=colour, edgecolor="#adb5bd", label=f"{label}  ({count})")
        for colour, label, count in zip(
            data.classification.colours, labels, data.class_counts, strict=True
        )
    ]
    if data.undated_label:
        colours = data.classification.colours
        handles.append(
            Patch(
                facecolor=colours[len(colours) // 2],
                edgecolor=palette.UNDATED_LINE,
                hatchcolor=palette.UNDATED_LINE,
                hatch=UNDATED_HATCH,
                linestyle="--",
                label=f"{data.undated_label}  ({data.undated_count})",
            )
        )
    if data.no_data_count:
        handles.append(
            Patch(
                facecolor=palette.NO_DATA_FILL,
                edgecolor=palette.NO_DATA_LINE,
                hatch="/////",
                linestyle="--",
                label=f"{NO_DATA[data.language]}  ({data.no_data_count})",
            )
        )
    if data.context is not None:
        handles.append(
            Patch(
                facecolor=palette.CONTEXT_FILL,
                edgecolor=palette.CONTEXT_LINE,
                label=TEXT[data.language]["context"],
            )
        )
    if data.outlines is not None:
        handles.append(
            Line2D([], [], color=palette.OUTLINE_COLOUR, linewidth=1.5, label=text["outline"])
        )
    if data.highlighted is not None:
        for row in data.highlighted.itertuples(index=False):
            tint = row.colour if isinstance(row.colour, str) else palette.HIGHLIGHT_COLOUR
            label = f"{text['focus']}: {row.unit_name}"
            handles.append(Line2D([], [], color=tint, linewidth=2.2, label=label))
    handles = [_wrapped(handle) for handle in handles]
    title = "\n".join(
        [
            *textwrap.wrap(data.legend_title, 40),
            *textwrap.wrap(data.classification.describe(data.language), 40),
            *textwrap.wrap(data.coverage, 40),
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


def _wrapped(handle):
    """Wrap a long legend label (e.g. the undated row) onto lines of 38 characters."""
    label = handle.get_label()
    if len(label) > 40:
        handle.set_label("\n".join(textwrap.wrap(label, 38)))
    return handle


def _metadata(data: MapData, kind: str) -> dict[str, str | None]:
    """Title, provenance and maker of the file, and no date: the same map, the same bytes."""
    creator = f"cdskit {__version__}"
    if kind == "pdf":
        return {
            "Title": data.title,
            "Subject": data.provenance_summary,
            "Creator": creator,
            "Keywords": json.dumps(data.provenance, ensure_ascii=False, sort_keys=True),
            "CreationDate": None,
        }
    dated = {"Date": None} if kind == "svg" else {}  # a PNG carries no date
    return {
        "Title": data.title,
        "Description": data.provenance_summary,
        # PNG names the program that made the file "Software", SVG "Creator".
        "Software" if kind == "png" else "Creator": creator,
        "Source": " | ".join(data.footer_lines),
        **dated,
    }
