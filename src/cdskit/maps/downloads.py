"""Where a map is written: one :func:`save` for the HTML map and its static twin.

``save(the_map, folder, stem, formats=...)`` writes ``<folder>/<stem>.<format>`` for each
format and returns the :class:`Downloads` links a report page shows under the map. It sits at
the top of the maps stack, the only module that uses both renderers.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cdskit.errors import ParameterError
from cdskit.maps._text import TEXT
from cdskit.maps.data import MapSource, as_map_data
from cdskit.maps.interactive import Map
from cdskit.maps.static import FORMATS as STATIC_FORMATS
from cdskit.maps.static import check_formats, save_twins
from cdskit.safe_text import escape_html

#: Formats :func:`save` writes: the interactive map and its static twin.
FORMATS = ("html", *STATIC_FORMATS)


@dataclass(frozen=True)
class Downloads:
    """Links to a map's files, relative to the report page that shows them.

    Attributes
    ----------
    language : str
        Language of the link labels.
    links : tuple of (str, str)
        Format and link (``<folder name>/<file>``) of each file.
    files : dict of str to pathlib.Path
        The written files by format.
    """

    language: str
    links: tuple[tuple[str, str], ...]
    files: dict[str, Path] = field(default_factory=dict, compare=False, repr=False)

    def _repr_html_(self) -> str:
        text = TEXT[self.language]["downloads"]
        items = "".join(
            f'<li><a href="{escape_html(href)}">{escape_html(text[kind])}</a></li>'
            for kind, href in self.links
        )
        return f'<nav class="cdskit-downloads" aria-label="{text["title"]}"><ul>{items}</ul></nav>'

    def __repr__(self) -> str:
        """Return the link labels as plain text."""
        return " · ".join(TEXT[self.language]["downloads"][kind] for kind, _ in self.links)


def save(
    source: MapSource,
    folder: str | os.PathLike[str],
    stem: str,
    *,
    formats: Sequence[str] = FORMATS,
) -> Downloads:
    """Write a map as ``<folder>/<stem>.<format>`` for each format, atomically.

    Parameters
    ----------
    source : Map or MapData
        A map from :func:`cdskit.maps.choropleth` (its ``data`` is enough without ``"html"``).
    folder : path-like
        Target folder (created when missing), e.g. the report's output folder; the page that
        shows the links sits beside it.
    stem : str
        File name without suffix.
    formats : sequence of str, default ("html", "png", "svg", "pdf")
        ``html`` (the offline interactive map), ``png`` (A4 landscape, 200 dpi), ``svg``, ``pdf``.

    Returns
    -------
    Downloads
        Links relative to the page (``<folder name>/<file>``) in the map's language; the
        written files are in ``.files``.

    Raises
    ------
    ParameterError
        For an unknown format (with a suggestion), or ``"html"`` asked of a ``MapData``.

    Examples
    --------
    >>> save(None, "out", "map", formats=["jpg"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cdskit.errors.ParameterError: formats: 'jpg' is not one of html, png, svg, pdf. Did you...
    """
    check_formats(formats, FORMATS)
    data = as_map_data(source)
    target = Path(folder)
    written: dict[str, Path] = {}
    if "html" in formats:  # first: nothing is written before the check
        if not isinstance(source, Map):
            raise ParameterError(
                "formats: 'html' needs the map itself (from cdskit.maps.choropleth), not its "
                "data; pass the map, or leave 'html' out of formats."
            )
        written["html"] = source.save(target / f"{stem}.html")
    static = [kind for kind in STATIC_FORMATS if kind in formats]
    if static:
        written.update(save_twins(data, target / stem, formats=static))
    links = tuple((kind, f"{target.name}/{path.name}") for kind, path in written.items())
    return Downloads(data.language, links, written)
