"""A map in a report: its table for readers and its one-line summary.

These turn a map (:class:`~cdskit.maps.interactive.Map` or its
:class:`~cdskit.maps.data.MapData`) into the parts of a report page that are not the map itself,
in the map's language, without any path, code or raw value. They read only the map's data, so
they sit above :mod:`cdskit.maps.data` and beside the renderers.
"""

from __future__ import annotations

import pandas as pd

from cdskit.formatting import NO_DATA, format_number
from cdskit.maps._text import TEXT
from cdskit.maps.data import MapData, MapSource, as_map_data
from cdskit.tables import DocumentTable, document_table
from cdskit.terms import FOCUS_PROVINCES


def gap_table(source: MapSource, top: int | None = None) -> pd.DataFrame:
    """Rank the units of a map from the widest gap to the best unit down to none.

    The gap is the distance between a unit's figure and the best figure on the map (the
    highest, or the lowest when lower is better, e.g. ranks), in the indicator's unit. Units
    without a figure are listed last, as "no data", never left out.

    Parameters
    ----------
    source : Map or MapData
        The map.
    top : int, optional
        Keep only the first ``top`` units with a figure (units without one are always listed).

    Returns
    -------
    pandas.DataFrame
        Columns in the map's language: order, unit, value as published, gap (formatted),
        class (1 = first legend row; none on a map without classes), period and source.
    """
    data = as_map_data(source)
    language = data.language
    names = TEXT[language]["gap_columns"]
    units = data.units
    with_data = units[units["value"].notna()].copy()
    better_high = data.classification.higher_is_better
    best = with_data["value"].max() if better_high else with_data["value"].min()
    with_data["gap"] = (best - with_data["value"]).abs()
    with_data = with_data.sort_values(["gap", "unit_code"], ascending=[False, True])
    if top is not None:
        with_data = with_data.head(int(top))
    without = units[units["value"].isna()].sort_values("unit_code")
    decimals = data.classification.decimals
    rows = [
        {
            names["rank"]: position,
            names["unit"]: row.unit_name,
            names["value"]: row.value_text,
            names["gap"]: format_number(row.gap, language, decimals=decimals),
            names["class"]: int(row.class_index) + 1,
            names["period"]: row.period_text,
            names["source"]: row.source_text,
        }
        for position, row in enumerate(with_data.itertuples(index=False), start=1)
    ]
    rows += [
        {
            names["rank"]: None,
            names["unit"]: row.unit_name,
            names["value"]: NO_DATA[language],
            names["gap"]: "—",
            names["class"]: None,
            names["period"]: "—",
            names["source"]: "—",
        }
        for row in without.itertuples(index=False)
    ]
    table = pd.DataFrame(rows, columns=list(names.values())).astype(
        {names["rank"]: "Int64", names["class"]: "Int64"}
    )
    return table.drop(columns=[names["class"]]) if data.plain else table


def map_table(source: MapSource, top: int | None = None) -> DocumentTable:
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
    data = as_map_data(source)
    if data.plain:
        return _plain_table(data, top)
    language = data.language
    names = TEXT[language]["columns"]
    units = data.units.copy()
    is_rank = data.classification.scheme == "rank_bands"
    best = units["value"].max() if data.classification.higher_is_better else units["value"].min()
    units["gap"] = (best - units["value"]).abs()
    if is_rank:
        units = units.sort_values(["value", "unit_code"], na_position="last")
    else:
        units = units.sort_values(["gap", "unit_code"], ascending=[False, True], na_position="last")
    labels = data.classification.labels(language)
    numbers = {source: n for n, source in enumerate(data.provenance.get("sources", []), start=1)}
    frame = pd.DataFrame(
        {
            names["unit"]: units["unit_name"].to_numpy(),
            names["rank" if is_rank else "value"]: [
                None if pd.isna(v) else text
                for v, text in zip(units["value"], units["value_text"], strict=True)
            ],
        }
    )
    if not is_rank:
        decimals = data.classification.decimals if not data.provenance.get("as_share") else 1
        frame[names["gap"]] = [
            None if pd.isna(g) else format_number(g, language, decimals=decimals)
            for g in units["gap"]
        ]
        frame[names["band"]] = [None if c is None else labels[int(c)] for c in units["class_index"]]
    frame[names["source"]] = [
        None
        if pd.isna(value) or not ids
        else ", ".join(f"[{numbers[i]}]" if i in numbers else i for i in ids.split(","))
        for value, ids in zip(units["value"], units["source_ids"], strict=True)
    ]
    focus = units.loc[units["unit_code"].isin(_focus_codes(data)), "unit_name"]
    return document_table(
        frame,
        language,
        caption=TEXT[language]["captions"]["rank" if is_rank else "gap"],
        top=top,
        keep=list(focus),
        notes=[line for line in (data.coverage, TEXT[language]["source_note"]) if line],
    )


def _plain_table(data: MapData, top: int | None) -> DocumentTable:
    """Return the table of a map without classes: unit, figure, its time and source."""
    language = data.language
    names = TEXT[language]["columns"]
    ascending = not data.classification.higher_is_better
    units = data.units.sort_values(
        ["value", "unit_code"], ascending=[ascending, True], na_position="last"
    )
    numbers = {source: n for n, source in enumerate(data.provenance.get("sources", []), start=1)}
    has = units["value"].notna()
    frame = pd.DataFrame(
        {
            names["unit"]: units["unit_name"].to_numpy(),
            names["value"]: [
                t if h else None for t, h in zip(units["value_text"], has, strict=True)
            ],
            names["period"]: [
                t if h else None for t, h in zip(units["period_text"], has, strict=True)
            ],
            names["source"]: [
                ", ".join(f"[{numbers[i]}]" if i in numbers else i for i in ids.split(","))
                if h and ids
                else None
                for ids, h in zip(units["source_ids"], has, strict=True)
            ],
        }
    )
    focus = units.loc[units["unit_code"].isin(_focus_codes(data)), "unit_name"]
    return document_table(
        frame,
        language,
        caption=TEXT[language]["captions"]["plain"],
        top=top,
        keep=list(focus),
        notes=[line for line in (data.coverage, TEXT[language]["source_note"]) if line],
    )


def map_summary(source: MapSource) -> str:
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
    data = as_map_data(source)
    units = data.units
    focus = units[units["unit_code"].isin(_focus_codes(data)) & units["value"].notna()]
    parts = [f"{row.unit_name} {row.value_text}" for row in focus.itertuples(index=False)]
    return " · ".join(part for part in ("; ".join(parts), data.coverage) if part)


def _focus_codes(data: MapData) -> set[str]:
    vintage = int(data.provenance.get("vintage", 2025))
    return set(FOCUS_PROVINCES.get(vintage, ()))
