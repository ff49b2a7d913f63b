"""Select the DTI figures a chart or table shows: editions, vintages, provinces and sources.

Private helpers of :mod:`cdskit.charts.dti`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from cdskit.dataset.citations import source_titles
from cdskit.errors import ParameterError

#: DTI editions published so far.
DTI_YEARS: tuple[int, ...] = (2020, 2021, 2022, 2023, 2024)
_NEEDED = ("unit_code", "unit_level", "vintage", "indicator", "period", "year", "value")


@dataclass(frozen=True)
class Edition:
    """Administrative vintage and scoring method of one DTI edition."""

    vintage: int
    method: str


# Method of each DTI edition (see the codebook notes); later years default to the 2024 method.
_EDITIONS: dict[int, Edition] = {
    2020: Edition(2008, "pillars"),
    2021: Edition(2008, "main"),
    2022: Edition(2008, "main"),
    2023: Edition(2008, "main"),
    2024: Edition(2025, "main-2024"),
}


@dataclass(frozen=True)
class Series:
    """One province followed across vintages (its 2025 successor may be a merged province)."""

    label: str  # 2008-vintage name, used in the legend
    codes: dict[int, str]  # vintage -> province code
    names: dict[int, str]  # vintage -> province name
    merged: dict[int, tuple[str, ...]]  # vintage -> old provinces inside, when merged


def split_panels(years: list[int], kind: str) -> list[list[int]]:
    """Split years into panels: by vintage for ranks, by method for scores."""
    panels: list[list[int]] = []
    for year in years:
        edition = edition_of(year)
        key = edition.vintage if kind == "rank" else edition.method
        previous = panels[-1][-1] if panels else None
        same = previous is not None and (
            edition_of(previous).vintage if kind == "rank" else edition_of(previous).method
        )
        if panels and same == key:
            panels[-1].append(year)
        else:
            panels.append([year])
    return panels


def edition_of(year: int) -> Edition:
    if year in _EDITIONS:
        return _EDITIONS[year]
    return _EDITIONS[2024] if year > 2024 else Edition(2008, "pillars")


def check_inputs(
    observations: pd.DataFrame, provinces: Sequence[str], years: Sequence[int] | None
) -> tuple[list[Series], list[int]]:
    missing = [c for c in _NEEDED if c not in observations.columns]
    if missing:
        raise ParameterError(
            f"observations lack column(s) {', '.join(missing)}; pass the table returned by "
            "cdskit.load() (columns of cdskit.dataset.observations.COLUMNS)."
        )
    if isinstance(provinces, str):
        provinces = [provinces]
    if not provinces:
        raise ParameterError("provinces is empty; name at least one province, e.g. 'Lạng Sơn'.")
    chosen = sorted({int(y) for y in (years if years is not None else DTI_YEARS)})
    if not chosen:
        raise ParameterError("years is empty; give at least one year, e.g. [2022, 2023].")
    return [follow_province(name) for name in provinces], chosen


def follow_province(name: str) -> Series:
    from cdskit import units

    old = units.resolve(str(name), level="province", vintage=2008)
    new = units.new_province_of(old.code)
    inside = tuple(units.old_provinces_in(new.code)["name"])
    merged = inside if len(inside) > 1 else ()
    return Series(
        label=old.name,
        codes={2008: old.code, 2025: new.code},
        names={2008: old.name, 2025: new.name},
        merged={2025: merged} if merged else {},
    )


def select_figures(
    observations: pd.DataFrame, indicators: Sequence[str], series: list[Series], years: list[int]
) -> pd.DataFrame:
    """Return the annual figures of ``indicators`` for each series, in each edition's vintage."""
    year = pd.to_numeric(observations["year"], errors="coerce")
    annual = observations["period"].astype(str) == year.map(
        lambda y: str(int(y)) if pd.notna(y) else ""
    )
    rows = observations[
        observations["indicator"].isin(indicators)
        & (observations["unit_level"] == "province")
        & annual
        & year.isin(years)
    ].assign(year=year)
    vintage = pd.to_numeric(rows["vintage"], errors="coerce")
    edition = rows["year"].map(lambda y: edition_of(int(y)).vintage)
    code = rows["unit_code"].astype(str)
    parts = []
    for item in series:
        mine = pd.Series(False, index=rows.index)
        for unit_vintage, unit_code in item.codes.items():
            mine |= (vintage == unit_vintage) & (edition == unit_vintage) & (code == unit_code)
        parts.append(rows[mine].assign(series=item.label))
    frame = pd.concat(parts, ignore_index=True)
    frame["year"] = frame["year"].astype(int)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
    if "denominator" not in frame.columns:
        frame["denominator"] = float("nan")
    frame["denominator"] = pd.to_numeric(frame["denominator"], errors="coerce")
    return frame


def title_map(figures: pd.DataFrame, sources: Mapping[str, str] | None) -> dict[str, str]:
    ids = sorted(set(figures["source_id"].dropna())) if "source_id" in figures else []
    if sources is None and ids:
        sources = source_titles()
    return {key: str((sources or {}).get(key, key)) for key in ids}
