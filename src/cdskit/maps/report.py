"""A map in a report: its table for readers, its one-line summary and its download links.

These turn a :class:`~cdskit.maps.interactive.Map` into the parts of a report page that are not
the map itself, in the map's language, without any path, code or raw value.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from cdskit.formatting import format_number
from cdskit.maps.data import MapData
from cdskit.tables import DocumentTable, document_table
from cdskit.terms import FOCUS_PROVINCES

if TYPE_CHECKING:
    from cdskit.maps.interactive import Map

_COLUMNS = {
    "vi": {
        "unit": "Đơn vị",
        "value": "Giá trị",
        "rank": "Hạng",
        "band": "Nhóm trên bản đồ",
        "gap": "Cách đơn vị tốt nhất",
        "period": "Kỳ",
        "source": "Nguồn",
    },
    "en": {
        "unit": "Unit",
        "value": "Value",
        "rank": "Rank",
        "band": "Map class",
        "gap": "Gap to the best unit",
        "period": "Period",
        "source": "Source",
    },
}
_CAPTION = {
    "vi": {
        "rank": "Các đơn vị theo hạng (hạng 1 là cao nhất)",
        "gap": "Các đơn vị theo khoảng cách đến đơn vị tốt nhất, từ xa nhất",
    },
    "en": {
        "rank": "Units by rank (1 is best)",
        "gap": "Units by their gap to the best unit, widest first",
    },
}
_DOWNLOADS = {
    "vi": {
        "title": "Tải về",
        "html": "Bản đồ tương tác (HTML, mở được khi không có mạng)",
        "png": "Bản in (PNG, A4)",
        "svg": "Bản in (SVG)",
        "pdf": "Bản in (PDF)",
    },
    "en": {
        "title": "Downloads",
        "html": "Interactive map (HTML, opens offline)",
        "png": "Print version (PNG, A4)",
        "svg": "Print version (SVG)",
        "pdf": "Print version (PDF)",
    },
}


def map_table(source: Map | MapData, top: int | None = None) -> DocumentTable:
    """Return the units of a map as a document table in the map's language.

    Ranks are listed from the best (``1/63``) with their denominator; other figures from the
    widest gap to the best unit. Units without a figure come last, never left out. No column
    reads as a rank unless it is one.

    Parameters
    ----------
    source : Map or MapData
        The map.
    top : int, optional
        Show the first ``top`` units and the focus provinces (an honest "top N").

    Returns
    -------
    cdskit.tables.DocumentTable
        The table, its caption and notes.
    """
    data = _data(source)
    language = data.language
    names = _COLUMNS[language]
    units = data.units.copy()
    is_rank = data.classification.scheme == "rank_bands"
    best = units["value"].max() if data.classification.higher_is_better else units["value"].min()
    units["gap"] = (best - units["value"]).abs()
    if is_rank:
        units = units.sort_values(["value", "unit_code"], na_position="last")
    else:
        units = units.sort_values(["gap", "unit_code"], ascending=[False, True], na_position="last")
    labels = data.classification.labels(language)
    frame = pd.DataFrame(
        {
            names["unit"]: units["unit_name"].to_numpy(),
            names["rank" if is_rank else "value"]: [
                None if pd.isna(v) else text
                for v, text in zip(units["value"], units["value_text"], strict=True)
            ],
            names["band"]: [None if c is None else labels[int(c)] for c in units["class_index"]],
            names["period"]: [
                None if pd.isna(v) else text
                for v, text in zip(units["value"], units["period_text"], strict=True)
            ],
            names["source"]: [
                None if pd.isna(v) else text
                for v, text in zip(units["value"], units["source_text"], strict=True)
            ],
        }
    )
    if not is_rank:
        decimals = data.classification.decimals if not data.provenance.get("as_share") else 1
        frame.insert(
            2,
            names["gap"],
            [
                None if pd.isna(g) else format_number(g, language, decimals=decimals)
                for g in units["gap"]
            ],
        )
    focus = units.loc[units["unit_code"].isin(_focus_codes(data)), "unit_name"]
    return document_table(
        frame,
        language,
        caption=_CAPTION[language]["rank" if is_rank else "gap"],
        top=top,
        keep=list(focus),
        notes=[data.coverage] if data.coverage else [],
    )


def map_summary(source: Map | MapData) -> str:
    """Return one line with the map's key numbers: the focus provinces' figures and coverage.

    Parameters
    ----------
    source : Map or MapData
        The map.

    Returns
    -------
    str
        E.g. ``"Lào Cai 14/34; Thanh Hóa 5/34 · 9/34 tỉnh, thành phố có số liệu"``.
    """
    data = _data(source)
    units = data.units
    focus = units[units["unit_code"].isin(_focus_codes(data)) & units["value"].notna()]
    parts = [f"{row.unit_name} {row.value_text}" for row in focus.itertuples(index=False)]
    return " · ".join(part for part in ("; ".join(parts), data.coverage) if part)


@dataclass(frozen=True)
class Downloads:
    """Links to a map's files, relative to the report page that shows them."""

    language: str
    links: tuple[tuple[str, str], ...]

    def _repr_html_(self) -> str:
        text = _DOWNLOADS[self.language]
        items = "".join(
            f'<li><a href="{html.escape(href)}">{html.escape(text[kind])}</a></li>'
            for kind, href in self.links
        )
        return f'<nav class="cdskit-downloads" aria-label="{text["title"]}"><ul>{items}</ul></nav>'

    def __repr__(self) -> str:
        return " · ".join(_DOWNLOADS[self.language][kind] for kind, _ in self.links)


def save_all(source: Map, folder: str | os.PathLike[str], stem: str) -> Downloads:
    """Write the map (HTML) and its static twin (PNG, SVG, PDF) into ``folder``.

    Parameters
    ----------
    source : Map
        The map.
    folder : path-like
        The report's output folder; the page that shows the links sits beside it.
    stem : str
        File name without suffix.

    Returns
    -------
    Downloads
        Links relative to the page (``<folder name>/<file>``), in the map's language.
    """
    from cdskit.maps.static import save_twins

    folder = Path(folder)
    written = {"html": source.save(folder / f"{stem}.html"), **save_twins(source, folder / stem)}
    links = tuple((kind, f"{folder.name}/{path.name}") for kind, path in written.items())
    return Downloads(source.data.language, links)


def _focus_codes(data: MapData) -> set[str]:
    vintage = int(data.provenance.get("vintage", 2025))
    return set(FOCUS_PROVINCES.get(vintage, ()))


def _data(source) -> MapData:
    return source if isinstance(source, MapData) else source.data
