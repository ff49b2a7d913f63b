"""The texts of each unit on a map: its name in its own vintage, value, period and sources."""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import pandas as pd

from cdskit.formatting import (
    NO_DATA,
    format_number,
    format_percent_value,
    format_period,
    format_rank,
    with_qualifier,
)
from cdskit.maps._text import TEXT


def label_units(
    joined: gpd.GeoDataFrame,
    titles: Mapping[str, str],
    language: str,
    *,
    rank_of: int | None = None,
    as_share: bool = False,
    level: str = "province",
    vintage: int = 2025,
) -> gpd.GeoDataFrame:
    codes = joined["unit_code"].astype(str)
    names = _own_vintage_names(level, vintage)
    units = gpd.GeoDataFrame(
        {
            "unit_code": codes,
            "unit_name": [
                names[code][1] if code in names and str(name) == names[code][0] else str(name)
                for code, name in zip(codes, joined["unit_name"], strict=True)
            ],
            "province_code": joined["province_code"].astype(str),
            "value": pd.to_numeric(joined["value"], errors="coerce"),
        },
        geometry=joined.geometry.values,
        crs=joined.crs,
    )
    units["value_text"] = [
        _value_text(row, language, rank_of=rank_of, as_share=as_share)
        for row in joined.itertuples(index=False)
    ]
    undated = (
        joined["undated"].fillna(False).astype(bool)
        if "undated" in joined.columns
        else pd.Series(False, index=joined.index)
    )
    as_of = joined["as_of"] if "as_of" in joined.columns else pd.Series(None, index=joined.index)
    units["undated"] = undated.to_numpy()
    units["period_text"] = [
        as_of_text(str(date), language)
        if late
        else ("—" if pd.isna(period) else format_period(str(period), language))
        for period, late, date in zip(joined["period"], undated, as_of, strict=True)
    ]
    units["source_text"] = [
        "; ".join(titles.get(s.strip(), s.strip()) for s in str(ids).split(","))
        if isinstance(ids, str) and ids
        else "—"
        for ids in joined["source_id"]
    ]
    units["source_ids"] = [
        ",".join(sorted(s.strip() for s in ids.split(","))) if isinstance(ids, str) else ""
        for ids in joined["source_id"]
    ]
    return units


def as_of_text(as_of: str, language: str) -> str:
    """Write the latest date an undated figure can describe.

    Examples
    --------
    >>> as_of_text("2025-02", "vi"), as_of_text("2025-02-14", "en")
    ('không muộn hơn 2/2025', 'no later than February 2025')
    """
    year, _, rest = str(as_of).partition("-")
    month = rest[:2]
    if not (year.isdigit() and month.isdigit()):
        date = str(as_of)
    elif language == "vi":
        date = f"{int(month)}/{year}"
    else:
        date = format_period(f"{year}-{month}", language)
    return TEXT[language]["as_of"].format(date=date)


def _value_text(row, language: str, *, rank_of: int | None, as_share: bool) -> str:
    """Return what a tooltip or table shows for one unit's figure."""
    value = getattr(row, "value", None)
    if value is None or pd.isna(value):
        return NO_DATA[language]
    qualifier = getattr(row, "qualifier", None)
    if rank_of:
        return with_qualifier(format_rank(value, rank_of, language), qualifier, language)
    if as_share:
        count = format_number(row.share_count, language)
        total = format_number(row.share_total, language)
        return f"{format_percent_value(value, language)} ({count}/{total})"
    text = getattr(row, "value_as_published", None)
    if text is None or pd.isna(text) or not str(text).strip():
        return NO_DATA[language]
    # the number in the reader's format, with its denominator and the qualifier in its words
    shown = format_number(value, language)
    denominator = getattr(row, "denominator", None)
    if denominator is not None and not pd.isna(denominator) and "%" not in str(text):
        shown = f"{shown}/{format_number(denominator, language)}"
    shown += "%" if "%" in str(text) else ""
    return with_qualifier(shown, qualifier, language)


def own_vintage_name(code: str, name: str, level: str, vintage: int) -> str:
    """Return a unit's name as written in its vintage (``TP. Hồ Chí Minh`` for a city)."""
    names = _own_vintage_names(level, vintage)
    code = str(code)
    return names[code][1] if code in names and str(name) == names[code][0] else str(name)


def _own_vintage_names(level: str, vintage: int) -> dict[str, tuple[str, str]]:
    """Return the short and the written name of each city of the vintage, by code.

    ``Hồ Chí Minh`` is written ``TP. Hồ Chí Minh``, as the resolver names it in that vintage.
    """
    if level != "province":
        return {}
    from cdskit.units import units as unit_table

    table = unit_table(level, vintage)
    return {
        str(row.code): (str(row.name), f"TP. {row.name}")
        for row in table.itertuples(index=False)
        if str(row.full_name).startswith("Thành phố ")
    }
