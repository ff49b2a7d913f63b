"""Choose the figures a province report states: the province in both vintages, one year.

A province is followed from its 2008 unit to its 2025 successor. When the successor keeps the
name (Lào Cai, now with Yên Bái) its figures are the province's, written with the merger named;
when the province was absorbed (Bắc Giang into Bắc Ninh) the successor's figures are not.
Where several sources give the same figure key, one figure is stated and the others are named
in its footnote: the codebook's preferred source, else the most recently published one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from cdskit import units
from cdskit.errors import UnknownUnitError
from cdskit.narrative._model import Figure, Source

_KEY = ("vintage", "unit_code", "indicator", "period")


@dataclass(frozen=True)
class Province:
    """A province followed across the July 2025 reform.

    Parameters
    ----------
    name : str
        Name in the 2008 vintage (or the 2025 name for a province that did not exist before).
    codes : dict of int to str
        Vintage → province code of the units whose figures are the province's.
    successor : str
        Name of the 2025 province it belongs to.
    merged_from : tuple of str
        The 2008 provinces inside the 2025 province, when it was formed by a merger.
    absorbed : bool
        True when the province became part of a province with another name.
    """

    name: str
    codes: dict[int, str]
    successor: str
    merged_from: tuple[str, ...]
    absorbed: bool


def province_across_reform(name: str) -> Province:
    """Resolve a province name of either vintage and follow it across the reform.

    Parameters
    ----------
    name : str
        Province name in any spelling, or code.

    Returns
    -------
    Province
        The province with its codes in each vintage.

    Raises
    ------
    UnknownUnitError
        When the name matches no province of either vintage (with suggestions).

    Examples
    --------
    >>> province_across_reform("Yen Bai").successor
    'Lào Cai'
    >>> province_across_reform("Lào Cai").merged_from
    ('Lào Cai', 'Yên Bái')
    """
    try:
        old = units.resolve(str(name), level="province", vintage=2008)
    except UnknownUnitError:
        new = units.resolve(str(name), level="province", vintage=2025)
        inside = _inside(new.code)
        return Province(new.name, {2025: new.code}, new.name, inside, absorbed=False)
    new = units.new_province_of(old.code)
    inside = _inside(new.code)
    absorbed = new.name != old.name
    codes = {2008: old.code} if absorbed else {2008: old.code, 2025: new.code}
    return Province(old.name, codes, new.name, inside, absorbed=absorbed)


def _inside(new_code: str) -> tuple[str, ...]:
    names = tuple(sorted(units.old_provinces_in(new_code)["name"]))
    return names if len(names) > 1 else ()


def province_rows(observations: pd.DataFrame, province: Province) -> pd.DataFrame:
    """Return the rows of the province and of the units inside it, in its vintages."""
    mask = pd.Series(False, index=observations.index)
    vintage = observations["vintage"].astype(int)
    for year, code in province.codes.items():
        inside = observations["province_code"].astype("string").fillna("") == code
        mask |= (vintage == year) & ((observations["unit_code"] == code) | inside)
    return observations[mask]


def to_figures(
    rows: pd.DataFrame, preferred: dict[str, str], sources: dict[str, Source]
) -> list[Figure]:
    """Turn observation rows into figures, one per figure key, other sources attached.

    Parameters
    ----------
    rows : pandas.DataFrame
        Observations (columns of the processed dataset).
    preferred : dict of str to str
        Indicator → preferred source id, from the codebook (empty when not set).
    sources : dict of str to Source
        Published sources, for their dates.

    Returns
    -------
    list of Figure
        One figure per (vintage, unit, indicator, period) with a value; the figure of the
        preferred source (else the most recently published one) with the others attached.
        Figures whose only sources are copy sites are left out.
    """
    rows = rows[rows["value"].notna() & rows[list(_KEY)].notna().all(axis=1)]
    groups: dict[tuple, list[dict]] = {}  # one pass over the records: per-group frames are slow
    for record in rows.to_dict("records"):
        groups.setdefault(tuple(record[k] for k in _KEY), []).append(record)
    figures = []
    for group in groups.values():
        # A figure read only on a copy site stays out of narratives (its source says why).
        candidates = [
            _figure(row)
            for row in group
            if not getattr(sources.get(str(row["source_id"])), "copy_site", False)
        ]
        if not candidates:
            continue
        chosen = _choose(candidates, preferred.get(candidates[0].indicator, ""), sources)
        others = tuple(item for item in candidates if item is not chosen)
        figures.append(replace(chosen, others=others))
    return figures


def _choose(candidates: list[Figure], preferred: str, sources: dict[str, Source]) -> Figure:
    for item in candidates:
        if preferred and item.source_id == preferred:
            return item

    def published(item: Figure) -> tuple[str, str, str]:
        source = sources.get(item.source_id)
        date = source.date if source and source.date[:4].isdigit() else ""
        return (date, item.source_id, item.origin)

    return max(candidates, key=published)


def _figure(row: dict) -> Figure:
    return Figure(
        indicator=str(row["indicator"]),
        unit_code=str(row["unit_code"]),
        unit_name=str(row["unit_name"]),
        vintage=int(row["vintage"]),
        period=str(row["period"]),
        value=float(row["value"]),
        denominator=_number(row.get("denominator")),
        qualifier=_text(row.get("qualifier")),
        value_as_published=_text(row.get("value_as_published")),
        source_id=str(row["source_id"]),
        origin=_text(row.get("origin")),
        unit_level=str(row.get("unit_level") or "province"),
        time_basis=_text(row.get("time_basis")) or _basis(str(row["period"])),
        as_of=_text(row.get("as_of")),
        superseded_by=_text(row.get("superseded_by")),
    )


def _basis(period: str) -> str:
    return "period" if period[:4].isdigit() else "unknown"


def _number(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)
