"""The maps and the key sentence of the connectivity-gaps page, and the evidence by commune."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from cdskit.connectivity._evidence import population_text
from cdskit.connectivity._gap_page import SURVEY_PARTS, GapSources, survey_as_shares
from cdskit.connectivity._gaps import GapThresholds
from cdskit.connectivity._raw_table import indicator_id
from cdskit.connectivity._text import CATEGORIES, EVIDENCE_TABLE, PAGE
from cdskit.dataset import load_codebook
from cdskit.formatting import check_language, format_period
from cdskit.tables import DocumentTable, document_table
from cdskit.units import resolve, units


@dataclass(frozen=True)
class MapSpec:
    """One map of the page: the observations to draw and the arguments of ``choropleth``."""

    name: str
    observations: pd.DataFrame
    arguments: dict


def map_specs(
    sources: GapSources, thresholds: GapThresholds | None = None, language: str = "vi"
) -> list[MapSpec]:
    """Return the maps the page draws from the sources present (none for an absent source).

    Ookla gives two maps (mean download speed, share of area measured), the survey one map
    per count drawn as a share of the commune's villages. Class bounds include the thresholds,
    and each title states them.

    Examples
    --------
    >>> from cdskit.connectivity import Quarter
    >>> empty = pd.DataFrame(columns=["unit_code", "province_code", "source_id"])
    >>> map_specs(GapSources(("20",), Quarter("mobile", 2024, 1), empty, empty, empty))
    []
    """
    check_language(language)
    thresholds = thresholds or GapThresholds()
    quarter = sources.quarter
    common = {"language": language, "allow_missing": True, "scheme": "fixed"}
    specs = []
    if len(sources.ookla):
        speed = indicator_id(quarter.kind, "download_mbps")
        measured = indicator_id(quarter.kind, "measured_area_share")
        for name, indicator, bins in (
            ("speed", speed, thresholds.speed_bins_kbps()),
            ("measured", measured, thresholds.measured_bins()),
        ):
            rows = sources.ookla[sources.ookla["indicator"] == indicator]
            if len(rows):
                specs.append(
                    MapSpec(
                        f"ookla-{name}",
                        rows,
                        {
                            **common,
                            "indicator": indicator,
                            "period": quarter.period,
                            "bins": bins,
                            "title": _title(indicator, quarter.period, thresholds, language),
                        },
                    )
                )
    if len(sources.survey):
        shares = survey_as_shares(sources.survey)
        for indicator in SURVEY_PARTS:
            rows = shares[shares["indicator"] == indicator]
            if len(rows):
                period = str(rows["period"].iloc[0])
                specs.append(
                    MapSpec(
                        f"survey-{indicator}",
                        rows,
                        {
                            **common,
                            "indicator": indicator,
                            "period": period,
                            "as_share": True,
                            "bins": [25.0, 50.0, 75.0, 100.0],
                            "title": _title(indicator, period, thresholds, language, "%"),
                        },
                    )
                )
    return specs


def gap_summary(gaps: pd.DataFrame, sources: GapSources, language: str = "vi") -> str:
    """Return the page's key sentence: how many communes are behind, or what is missing."""
    language = check_language(language)
    behind = int((gaps["gaps"] > 0).sum())
    measured = int(gaps[["download_mbps", "villages"]].notna().any(axis=1).sum())
    published = len(sources.published)
    text = PAGE[language]
    if measured:
        return text["summary"].format(behind=behind, measured=measured)
    return text["summary_unmeasured"].format(published=published)


def _title(
    indicator: str, period: str, thresholds: GapThresholds, language: str, unit: str = ""
) -> str:
    label = load_codebook().loc[indicator, f"label_{language}"]
    unit = f" ({unit})" if unit else ""
    return f"{label}{unit}, {format_period(period, language)} — {thresholds.legend(language)}"


#: Legend rows of the evidence map, in order (newest gap evidence first): key, colour, outline.
_CATEGORY_STYLE = (
    ("gap_2023", "#a50f15", False, 0.9),
    ("gap_2021", "#de2d26", False, 0.9),
    ("gap_2019", "#fb6a4a", False, 0.9),
    ("gap_undated", "#fcbba1", False, 0.95),
    ("superseded", "#969696", True, 0.6),
    ("covered", "#31a354", False, 0.85),
    ("infrastructure", "#6baed6", False, 0.85),
    ("district", "#fdd49e", True, 0.55),
    ("none", "#ffffff", False, 0.7),
)


def evidence_categories(language: str = "vi") -> list[dict]:
    """Return the evidence map's legend rows (key, label, colour, dashed outline, opacity).

    Examples
    --------
    >>> [row["key"] for row in evidence_categories("en")][:2]
    ['gap_2023', 'gap_2021']
    """
    text = CATEGORIES[check_language(language)]
    return [
        {"key": key, "label": text[key], "colour": colour, "dashed": dashed, "opacity": opacity}
        for key, colour, dashed, opacity in _CATEGORY_STYLE
    ]


def evidence_by_commune(
    placed: pd.DataFrame, provinces_2025: Iterable[str], language: str = "vi"
) -> pd.DataFrame:
    """Return every 2025 commune of the provinces with its evidence category and texts.

    A commune's category comes from the figures published for it (or for the former commune
    it took in): the newest current gap figure sets the band; a gap figure that a later one
    superseded is drawn as superseded; then coverage, then infrastructure. A figure of a whole
    former district is shown on its communes as a district figure only when they have none of
    their own; the rest have "no published figure".

    Parameters
    ----------
    placed : pandas.DataFrame
        From :func:`place_evidence` (same language).
    provinces_2025 : iterable of str
        2025 provinces, by name or code.
    language : {"vi", "en"}, default "vi"
        Language of the texts.

    Returns
    -------
    pandas.DataFrame
        ``unit_code``, ``unit_name``, ``province_code``, ``province``, ``category``,
        ``former``, ``figures``, ``population``, ``population_2019``, ``sources``.
    """
    language = check_language(language)
    text = CATEGORIES[language]
    codes = [resolve(p, level="province", vintage=2025).code for p in provinces_2025]
    table = units("commune", 2025)
    table = table[table["province_code"].isin(codes)]
    names = {c: resolve(c, vintage=2025).name for c in codes}
    rows = []
    groups = {
        code: group
        for code, group in placed.dropna(subset=["commune_2025_code"]).groupby("commune_2025_code")
    }
    for unit in table.itertuples(index=False):
        group = groups.get(unit.code)
        own = group[~group["district_figure"]] if group is not None else None
        district = group[group["district_figure"]] if group is not None else None
        shown = own if own is not None and len(own) else district
        rows.append(
            {
                "unit_code": unit.code,
                "unit_name": unit.full_name,
                "province_code": unit.province_code,
                "province": names[unit.province_code],
                "category": _category(own, district),
                "former": _former(shown, text),
                "figures": _joined(shown, lambda r: f"{r.figure_text} ({r.period_text})"),
                "population_2019": (
                    float("nan")
                    if shown is None or shown.empty
                    else shown["population_2019"].iloc[0]
                ),
                "sources": _joined(shown, lambda r: r.source_title),
            }
        )
    frame = pd.DataFrame(rows)
    frame["population"] = [population_text(v, language) for v in frame["population_2019"]]
    return frame


def _category(own: pd.DataFrame | None, district: pd.DataFrame | None) -> str:
    if own is not None and len(own):
        gaps = own[(own["kind"] == "gap") & ~own["superseded"]]
        if len(gaps):
            dated = gaps["date_key"].dropna()
            if dated.empty:
                return "gap_undated"
            year = int(max(dated)[:4])
            return "gap_2023" if year >= 2023 else "gap_2021" if year >= 2021 else "gap_2019"
        if ((own["kind"] == "gap") & own["superseded"]).any():
            return "superseded"
        if (own["kind"] == "covered").any():
            return "covered"
        return "infrastructure"
    if district is not None and len(district):
        return "district"
    return "none"


def _former(rows: pd.DataFrame | None, text: dict) -> str:
    if rows is None or rows.empty:
        return "—"
    parts = []
    for row in rows.itertuples(index=False):
        if row.district_figure:
            part = text["district_note"].format(name=_lower_type(row.former_district_full))
        else:
            part = text["commune"].format(
                name=row.former_commune, district=_lower_type(row.former_district_full)
            )
            part = f"{text['split']} {part}" if row.split else part
        parts.append(part)
    return "; ".join(dict.fromkeys(parts))


def _joined(rows: pd.DataFrame | None, item) -> str:
    if rows is None or rows.empty:
        return "—"
    return "; ".join(dict.fromkeys(item(row) for row in rows.itertuples(index=False)))


def evidence_table(placed: pd.DataFrame, language: str = "vi") -> DocumentTable:
    """Return the placed figures as the table beside the evidence map.

    One row per commune figure (newest first), one row per district figure listing the new
    communes it is shown on; never a figure left out.

    Parameters
    ----------
    placed : pandas.DataFrame
        From :func:`place_evidence` (same language).
    language : {"vi", "en"}, default "vi"
        Language of the table.

    Returns
    -------
    cdskit.tables.DocumentTable
        The table, its caption and notes.
    """
    language = check_language(language)
    text = EVIDENCE_TABLE[language]
    names = CATEGORIES[language]
    rows = []
    own = placed[~placed["district_figure"]]
    for row in own.itertuples(index=False):
        former = names["commune"].format(
            name=row.former_commune, district=_lower_type(row.former_district_full)
        )
        rows.append(
            (
                row.commune_2025 if isinstance(row.commune_2025, str) else "—",
                f"{names['split']} {former}" if row.split else former,
                row.province_2025 if isinstance(row.province_2025, str) else "—",
                row.figure_text,
                row.period_text,
                population_text(row.population_2019, language),
                row.source_title,
                row.date_key or "",
            )
        )
    district = placed[placed["district_figure"]]
    for _, group in district.groupby("origin", sort=False):
        first = group.iloc[0]
        communes = [str(c) for c in group["commune_2025"].dropna()]
        rows.append(
            (
                text["communes"].format(n=len(communes), names=", ".join(communes)),
                names["district_note"].format(name=_lower_type(first["former_district_full"])),
                first["province_2025"] if isinstance(first["province_2025"], str) else "—",
                first["figure_text"],
                first["period_text"],
                "—",
                first["source_title"],
                first["date_key"] or "",
            )
        )
    frame = pd.DataFrame(rows, columns=[*text["columns"], "_date"])
    frame = frame.sort_values("_date", ascending=False, kind="stable").drop(columns="_date")
    notes = [text["note"]]
    if placed["population_2019"].isna().all():
        notes.append(text["population_missing"])
    return document_table(
        frame.reset_index(drop=True), language, caption=text["caption"], notes=notes
    )


def _lower_type(full_name: str) -> str:
    """Write a unit's type in lower case inside a sentence: ``huyện Bát Xát``, ``thị xã Sa Pa``.

    Examples
    --------
    >>> _lower_type("Thị xã Sa Pa")
    'thị xã Sa Pa'
    """
    for prefix in ("Thành phố ", "Thị xã ", "Huyện ", "Quận "):
        if full_name.startswith(prefix):
            return prefix.lower() + full_name[len(prefix) :]
    return full_name
