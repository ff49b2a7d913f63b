"""Published sub-provincial connectivity figures placed in their 2025 communes.

The figures of ``data/raw/connectivity/`` name pre-2025 communes and districts (vintage 2008).
Each is placed in the 2025 commune(s) its unit became, through the commune crosswalk of the
``vietnamadminunits`` package (``converter_2025.json``: every former commune and the new
commune(s) it went into). A district figure is placed on every 2025 commune that took part of
the district *as a district figure* (``district_figure`` is True): it describes the district,
not each of those communes. A commune split between several new communes is placed on each
part (``split`` is True): the published page does not say which part the village is in.

Nothing is dropped: a figure that cannot be placed comes back with ``commune_2025_code``
missing and a ``reason``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pandas as pd

from cdskit.connectivity._text import EVIDENCE
from cdskit.dataset import load, load_codebook, load_sources
from cdskit.formatting import check_language, format_number, format_period
from cdskit.terms import FOCUS_PROVINCES
from cdskit.units import old_provinces_in, resolve, units

#: What each published indicator tells: a gap, a gap closed ("covered since") or infrastructure.
EVIDENCE_KINDS: dict[str, str] = {
    "villages_without_mobile_signal": "gap",
    "villages_weak_mobile_signal": "gap",
    "villages_without_telecom": "gap",
    "named_villages_without_mobile_signal": "gap",
    "named_villages_without_3g4g": "gap",
    "named_villages_weak_mobile_signal": "gap",
    "villages_with_mobile_coverage": "covered",
    "named_villages_newly_covered_mobile": "covered",
    "households_newly_covered_mobile": "covered",
    "bts_stations": "infrastructure",
}
#: Columns of :func:`place_evidence`, in order.
EVIDENCE_COLUMNS: tuple[str, ...] = (
    "commune_2025_code",
    "commune_2025",
    "province_2025_code",
    "province_2025",
    "former_commune_code",
    "former_commune",
    "former_district_code",
    "former_district",
    "former_district_full",
    "former_province_code",
    "former_province",
    "level",
    "district_figure",
    "split",
    "indicator",
    "indicator_label",
    "kind",
    "value",
    "qualifier",
    "value_as_published",
    "figure_text",
    "period",
    "period_text",
    "as_of",
    "date_key",
    "population_2019",
    "source_id",
    "source_title",
    "source_publisher",
    "superseded",
    "origin",
    "reason",
)


def place_evidence(
    provinces_2025: Iterable[str] | None = None,
    *,
    language: str = "vi",
    observations: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Place each published sub-provincial connectivity figure in its 2025 commune(s).

    Parameters
    ----------
    provinces_2025 : iterable of str, optional
        2025 provinces by name or code (default: the four focus provinces). Figures of the
        former provinces that make them up are placed.
    language : {"vi", "en"}, default "vi"
        Language of the label, figure, period and source columns.
    observations : pandas.DataFrame, optional
        The published observations (default: :func:`cdskit.dataset.load`). The census
        ``population`` (period 2019, 2025 communes) fills ``population_2019`` when present;
        the columns ``as_of`` and ``superseded_by`` are used when present.

    Returns
    -------
    pandas.DataFrame
        One row per figure and 2025 commune (:data:`EVIDENCE_COLUMNS`): the 2025 commune and
        province, the former commune, district and province, the figure as published
        (``value_as_published`` with its ``qualifier``; ``figure_text`` for a page), its period,
        ``kind`` (``gap``, ``covered`` or ``infrastructure``), ``district_figure`` (a district's
        figure shown on its communes), ``split`` (a former commune now in several),
        ``population_2019`` (missing until the census is published), the source's title and
        publisher, ``superseded`` (a later published figure changed the situation) and the
        raw ``origin``. A figure that cannot be placed has no ``commune_2025_code`` and says
        why in ``reason``.

    Examples
    --------
    >>> placed = place_evidence(["Lào Cai"], language="en")
    >>> row = placed[placed["former_commune"] == "Hồ Bốn"].iloc[0]
    >>> row["commune_2025"], row["former_district"], row["kind"], bool(row["district_figure"])
    ('Xã Khao Mang', 'Mù Căng Chải', 'covered', False)
    """
    language = check_language(language)
    codes = tuple(
        resolve(p, level="province", vintage=2025).code
        for p in (FOCUS_PROVINCES[2025] if provinces_2025 is None else provinces_2025)
    )
    data = load() if observations is None else observations
    old = {code for new in codes for code in old_provinces_in(new)["code"]}
    figures = data[
        (data["vintage"].astype(int) == 2008)
        & data["unit_level"].isin(["district", "commune"])
        & data["province_code"].isin(old)
        & data["indicator"].isin(EVIDENCE_KINDS)
    ].reset_index(drop=True)
    if figures.empty:  # typed like a full result, so that filters on its flags still work
        empty = pd.DataFrame(columns=list(EVIDENCE_COLUMNS))
        return empty.astype({"district_figure": bool, "split": bool, "superseded": bool})
    lookup = _Lookup.read()
    codebook = load_codebook()
    register = load_sources()
    population = _population_2019(data)
    rows = []
    for figure in figures.itertuples(index=False):
        former, targets = lookup.former(figure)
        base = {**former, **_figure_columns(figure, data.columns, codebook, register, language)}
        rows += lookup.placed(base, targets, codes, population, EVIDENCE[language])
    frame = pd.DataFrame(rows).reindex(columns=list(EVIDENCE_COLUMNS))
    frame["population_2019"] = pd.to_numeric(frame["population_2019"], errors="coerce")
    for column in ("district_figure", "split", "superseded"):
        frame[column] = frame[column].fillna(False).astype(bool)
    return frame.sort_values(
        ["province_2025_code", "commune_2025_code", "date_key", "indicator"],
        ascending=[True, True, False, True],
        na_position="last",
        ignore_index=True,
    )


@dataclass(frozen=True)
class _Lookup:
    """The units of both vintages and the commune crosswalk, indexed by code."""

    communes_2008: pd.DataFrame
    districts_2008: pd.DataFrame
    provinces_2008: pd.DataFrame
    communes_2025: pd.DataFrame
    provinces_2025: pd.DataFrame
    by_old: dict[str, list[str]]  # 2008 commune -> its 2025 communes
    by_district: dict[str, list[str]]  # 2008 district -> the 2025 communes of its communes

    @classmethod
    def read(cls) -> _Lookup:
        communes_2008 = units("commune", 2008).set_index("code")
        crosswalk = commune_crosswalk()
        by_old = crosswalk.groupby("old_code")["new_code"].apply(lambda s: sorted(set(s)))
        by_district = (
            crosswalk.assign(district=crosswalk["old_code"].map(communes_2008["district_code"]))
            .groupby("district")["new_code"]
            .apply(lambda s: sorted(set(s)))
        )
        return cls(
            communes_2008,
            units("district", 2008).set_index("code"),
            units("province", 2008).set_index("code"),
            units("commune", 2025).set_index("code"),
            units("province", 2025).set_index("code"),
            by_old.to_dict(),
            by_district.to_dict(),
        )

    def former(self, figure) -> tuple[dict[str, object], list[str]]:
        """Return the columns of a figure's former units, and the 2025 communes they went into."""
        level = figure.unit_level
        if level == "commune":
            commune = figure.unit_code
            district = self.communes_2008["district_code"].get(commune)
            targets = self.by_old.get(commune, [])
        else:
            commune, district = None, figure.unit_code
            targets = self.by_district.get(district, [])
        columns = {
            "former_commune_code": commune,
            "former_commune": self.communes_2008["name"].get(commune) if commune else None,
            "former_district_code": district,
            "former_district": self.districts_2008["name"].get(district),
            "former_district_full": self.districts_2008["full_name"].get(district),
            "former_province_code": figure.province_code,
            "former_province": self.provinces_2008["name"].get(figure.province_code),
            "level": level,
            "district_figure": level == "district",
            "split": level == "commune" and len(targets) > 1,
        }
        return columns, targets

    def placed(
        self,
        base: dict,
        targets: list[str],
        provinces: tuple[str, ...],
        population: dict[str, float],
        text: dict[str, str],
    ) -> list[dict]:
        """Return a figure's rows: one per 2025 commune of the provinces, or one with why not."""
        inside = [t for t in targets if self.communes_2025["province_code"].get(t) in provinces]
        if not inside:
            return [{**base, "reason": text["outside"] if targets else text["no_commune"]}]
        rows = []
        for target in inside:
            province = self.communes_2025["province_code"][target]
            rows.append(
                {
                    **base,
                    "commune_2025_code": target,
                    "commune_2025": self.communes_2025["full_name"][target],
                    "province_2025_code": province,
                    "province_2025": self.provinces_2025["name"][province],
                    "population_2019": population.get(target, float("nan")),
                    "reason": None,
                }
            )
        return rows


def commune_crosswalk() -> pd.DataFrame:
    """Return every former (2008) commune with the 2025 commune(s) it went into.

    Read from the ``vietnamadminunits`` package's conversion table; a former commune split
    between new communes has one row per part (``divided`` is True).

    Returns
    -------
    pandas.DataFrame
        ``old_code`` (2008 commune), ``new_code`` (2025 commune), ``divided``.

    Examples
    --------
    >>> cw = commune_crosswalk()
    >>> cw.loc[cw["old_code"] == "02710", "new_code"].tolist()  # Bản Vược → xã Bát Xát
    ['02683']
    """
    return _crosswalk().copy()


@cache
def _crosswalk() -> pd.DataFrame:
    from cdskit.units._tables import commune_conversion

    # Island districts without communes have no former commune code: nothing to place there.
    return commune_conversion().sort_values(["old_code", "new_code"], ignore_index=True)


def _population_2019(data: pd.DataFrame) -> dict[str, float]:
    rows = data[
        (data["indicator"] == "population")
        & (data["unit_level"] == "commune")
        & (data["vintage"].astype(int) == 2025)
        & (data["period"].astype(str) == "2019")
    ]
    return rows.drop_duplicates("unit_code").set_index("unit_code")["value"].dropna().to_dict()


def _figure_columns(figure, columns, codebook, register, language: str) -> dict:
    text = EVIDENCE[language]
    label = str(codebook[f"label_{language}"].get(figure.indicator, figure.indicator))
    published = figure.value_as_published
    published = "" if pd.isna(published) else str(published).strip()
    as_of = getattr(figure, "as_of", None) if "as_of" in columns else None
    as_of = None if as_of is None or pd.isna(as_of) or not str(as_of).strip() else str(as_of)
    period = str(figure.period)
    period_text = format_period(period, language)
    if period == "undated" and as_of:
        period_text = text["as_of"].format(date=format_period(as_of[:7], language))
    superseded = getattr(figure, "superseded_by", None) if "superseded_by" in columns else None
    source = register.get(figure.source_id)
    return {
        "indicator": figure.indicator,
        "indicator_label": label,
        "kind": EVIDENCE_KINDS[figure.indicator],
        "value": figure.value,
        "qualifier": None if pd.isna(figure.qualifier) else figure.qualifier,
        "value_as_published": published or None,
        "figure_text": f"{label}: {published or text['no_count']}",
        "period": period,
        "period_text": period_text,
        "as_of": as_of,
        "date_key": _date_key(period, as_of),
        "source_id": figure.source_id,
        "source_title": source.cited_title(language) if source else figure.source_id,
        "source_publisher": source.cited_publisher(language) if source else None,
        "superseded": bool(superseded is not None and not pd.isna(superseded) and superseded),
        "origin": figure.origin,
    }


def _date_key(period: str, as_of: str | None) -> str | None:
    """Sortable ``YYYY-MM`` of the latest month a figure can describe (None when unknown).

    Examples
    --------
    >>> _date_key("2021-09", None), _date_key("2023-H1", None), _date_key("undated", "2024-05-10")
    ('2021-09', '2023-06', '2024-05')
    """
    if period == "undated":
        return as_of[:7] if as_of else None
    year, _, part = period.partition("-")
    if not year.isdigit():
        return None
    if not part:
        return f"{year}-12"
    if part.isdigit():
        return f"{year}-{int(part):02d}"
    ends = {"H1": 6, "H2": 12, "Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12}
    return f"{year}-{ends.get(part.upper(), 12):02d}"


def population_text(value: float, language: str = "vi") -> str:
    """Return a population as a page shows it: vi-VN digits, or "—" when not yet published.

    Examples
    --------
    >>> population_text(12345.0), population_text(float("nan"))
    ('12.345', '—')
    """
    return "—" if pd.isna(value) else format_number(value, check_language(language), decimals=0)
