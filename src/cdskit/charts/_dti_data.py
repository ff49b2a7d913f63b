"""Select the DTI figures a chart or table shows: editions, vintages, provinces and sources.

Private helpers of :mod:`cdskit.charts.dti`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from cdskit.charts._text import TEXT
from cdskit.dataset.citations import Source, load_sources
from cdskit.errors import ParameterError
from cdskit.safe_text import safe_text
from cdskit.terms import DTI_PILLARS

#: DTI editions published so far.
DTI_YEARS: tuple[int, ...] = (2020, 2021, 2022, 2023, 2024)
_NEEDED = ("unit_code", "unit_level", "vintage", "indicator", "period", "year", "value")

#: How a rank is known, from the end of its indicator id (see the codebook): stated as a rank,
#: read from the order of a published list, or worked out from another rank and a stated change.
RANK_KINDS: tuple[str, ...] = ("stated", "list", "derived")
_KIND_SUFFIXES: dict[str, str] = {
    "_in_top10_list": "list",
    "_in_ordered_list": "list",
    "_derived": "derived",
}
#: The three pillars of the DTI, by their rank indicators.
PILLAR_RANKS: tuple[str, ...] = tuple(f"dti_{pillar}_rank" for pillar in DTI_PILLARS)


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


def check_columns(observations: pd.DataFrame) -> None:
    """Raise a :class:`ParameterError` when ``observations`` lack a column the charts read."""
    missing = [c for c in _NEEDED if c not in observations.columns]
    if missing:
        raise ParameterError(
            f"observations lack column(s) {', '.join(missing)}; pass the table returned by "
            "cdskit.load() (columns of cdskit.dataset.observations.COLUMNS)."
        )


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
    observations = observations.reset_index(drop=True)  # a concatenation may repeat labels
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


def rank_indicators(base: str) -> dict[str, str]:
    """Return every indicator of the rank ``base`` (with its list and derived twins) → kind."""
    kinds = {base: "stated"}
    kinds.update({base + suffix: kind for suffix, kind in _KIND_SUFFIXES.items()})
    return kinds


def rank_figures(
    observations: pd.DataFrame, base: str, series: list[Series], years: list[int]
) -> pd.DataFrame:
    """Return the ranks of ``base`` for each series with a ``kind`` column (stated/list/derived)."""
    kinds = rank_indicators(base)
    figures = select_figures(observations, tuple(kinds), series, years)
    return figures.assign(kind=figures["indicator"].map(kinds))


@dataclass(frozen=True)
class Shown:
    """One rank or score shown for a province and year, with how it is known."""

    value: float
    kind: str  # "stated", "list", "derived" (scores are always "stated")
    denominator: float | None
    qualifier: str
    sources: tuple[str, ...]


def shown_values(rows: pd.DataFrame) -> list[Shown]:
    """Return the values to show for one province and year, best-known first.

    Stated figures come first; a list position or a derived rank is added only when no stated
    figure already gives the same value, so sources that agree show once and sources that
    disagree all show.
    """
    if rows.empty:
        return []
    kind = rows["kind"] if "kind" in rows else pd.Series("stated", index=rows.index)
    out: list[Shown] = []
    for wanted in RANK_KINDS:
        here = rows[(kind == wanted) & rows["value"].notna()]
        for value, group in here.groupby(here["value"].round(9), sort=True):
            if any(abs(item.value - value) < 1e-9 for item in out):
                continue
            dens = group["denominator"].dropna() if "denominator" in group else pd.Series([])
            quals = group["qualifier"].dropna() if "qualifier" in group else pd.Series([])
            out.append(
                Shown(
                    value=float(value),
                    kind=wanted,
                    denominator=float(dens.iloc[0]) if len(dens) else None,
                    qualifier=str(quals.iloc[0]) if len(quals) else "",
                    sources=tuple(sorted(set(group["source_id"].dropna()))),
                )
            )
    return out


def national_means(observations: pd.DataFrame, years: list[int]) -> dict[int, list[float]]:
    """Return the published average provincial DTI of each year (several when sources differ)."""
    year = pd.to_numeric(observations["year"], errors="coerce")
    rows = observations[
        (observations["indicator"] == "dti_provincial_mean")
        & (observations["unit_level"] == "national")
        & (observations["period"].astype(str) == year.map(lambda y: f"{y:.0f}"))
        & year.isin(years)
    ]
    means: dict[int, list[float]] = {}
    for when, value in zip(pd.to_numeric(rows["year"]), pd.to_numeric(rows["value"]), strict=True):
        if pd.notna(value) and round(float(value), 9) not in means.get(int(when), []):
            means.setdefault(int(when), []).append(round(float(value), 9))
    return {key: sorted(values) for key, values in means.items()}


def citations(
    ids: set[str] | list[str],
    sources: Mapping[str, str | Source] | None,
    language: str = "vi",
    *,
    for_chart: bool = False,
) -> dict[str, str]:
    """Return source id → citation: title and publisher as cited to readers, then the date.

    With ``for_chart``, a title in a script the chart font lacks (a Japanese page) is replaced
    by its publisher and the language it is written in; HTML shows every title as published.
    """
    ids = sorted(set(ids))
    if sources is None and ids:
        sources = load_sources()
    out = {}
    for key in ids:
        entry = (sources or {}).get(key, key)
        if not isinstance(entry, Source):
            out[key] = safe_text(entry)
            continue
        title = entry.cited_title(language)  # the reader's language; translations marked
        if for_chart and any(ord(ch) >= _CJK_START for ch in title):
            title = TEXT[language]["foreign_title"]
        publisher = entry.cited_publisher(language)
        extra = [] if not publisher or publisher in title else [publisher]
        if entry.date and entry.date != "undated":
            extra.append(_written_date(entry.date, language))
        out[key] = safe_text(title + (f" — {', '.join(extra)}" if extra else ""))
    return out


_CJK_START = 0x2E80  # first code point of the CJK blocks, which the chart font lacks


def _written_date(date: str, language: str) -> str:
    from datetime import date as calendar_date

    from cdskit.formatting import format_date, format_period

    if len(date) == 10:
        return format_date(calendar_date.fromisoformat(date), language)
    return format_period(date, language)


def title_map(
    figures: pd.DataFrame, sources: Mapping[str, str | Source] | None, language: str = "vi"
) -> dict[str, str]:
    """Return source id → citation (for a chart footnote) for every source of ``figures``."""
    ids = set(figures["source_id"].dropna()) if "source_id" in figures else set()
    return citations(ids, sources, language, for_chart=True)
