"""What the connectivity-gaps page shows: each source's figures, or a plain note that it is absent.

Three sources can place a gap in a commune: Ookla measures (:func:`ookla_to_raw`), the
province's own survey (:func:`add_survey`) and figures published below province level (carried
in ``data/raw/connectivity/subprovincial_gaps.csv``, in the pre-2025 units). This module reads
them from the published dataset for a set of 2025 provinces and turns them into the tables and
sentences of the page; the notebook only draws the maps.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cdskit.connectivity._evidence import _population_2019, population_text
from cdskit.connectivity._gaps import GapThresholds, flag_gaps
from cdskit.connectivity._ookla import LICENCE, Quarter
from cdskit.connectivity._raw_table import indicator_id
from cdskit.connectivity._survey import COLUMNS as SURVEY_COLUMNS
from cdskit.connectivity._text import PAGE
from cdskit.dataset import load, load_codebook, load_sources
from cdskit.dataset.codebook import CONNECTIVITY_INDICATORS
from cdskit.formatting import check_language, format_number, format_period
from cdskit.geo import attribution
from cdskit.tables import DocumentTable, document_table
from cdskit.units import old_provinces_in, resolve, units

#: Survey counts drawn as a share of the commune's villages (indicator → its total).
SURVEY_PARTS = {
    "villages_without_mobile_signal": "count_villages_and_urban_groups",
    "villages_without_mobile_broadband": "count_villages_and_urban_groups",
    "villages_without_fibre": "count_villages_and_urban_groups",
}


@dataclass(frozen=True)
class GapSources:
    """The figures each source has for a set of 2025 provinces."""

    provinces: tuple[str, ...]
    quarter: Quarter
    ookla: pd.DataFrame
    survey: pd.DataFrame
    published: pd.DataFrame

    @property
    def source_ids(self) -> list[str]:
        """Ids of every source shown, in order of first appearance."""
        frames = [self.ookla, self.survey, self.published]
        ids = pd.concat([f["source_id"] for f in frames if len(f)], ignore_index=True)
        return list(dict.fromkeys(ids)) if len(ids) else []

    def notes(self, language: str = "vi") -> list[str]:
        """Return one plain sentence naming the sources not loaded yet (none when all are).

        The commands that load them are in :meth:`commands`, for the page's technical details.

        Examples
        --------
        >>> empty = pd.DataFrame(columns=["unit_code", "province_code", "source_id"])
        >>> sources = GapSources(("20",), Quarter("mobile", 2024, 1), empty, empty, empty)
        >>> note = sources.notes("en")[0]
        >>> note.startswith("Not on this page yet because not loaded: Ookla"), "cdskit" in note
        (True, False)
        """
        text = PAGE[check_language(language)]
        q = self.quarter
        items = []
        if self.ookla.empty:
            items.append(
                text["ookla_item"].format(kind=text["kind"][q.kind], quarter=q.quarter, year=q.year)
            )
        missing = self._unsurveyed()
        if missing:
            names = [resolve(code, vintage=2025).name for code in missing]
            items.append(text["survey_item"].format(provinces=", ".join(names)))
        return [text["missing"].format(items=text["and"].join(items))] if items else []

    def commands(self) -> list[str]:
        """Return the commands that load the missing sources (for the technical details).

        Examples
        --------
        >>> empty = pd.DataFrame(columns=["unit_code", "province_code", "source_id"])
        >>> GapSources(("20",), Quarter("mobile", 2024, 1), empty, empty, empty).commands()[0]
        'cdskit connectivity ookla --year 2024 --quarter 1 --type mobile'
        """
        q = self.quarter
        lines = []
        if self.ookla.empty:
            lines.append(
                f"cdskit connectivity ookla --year {q.year} --quarter {q.quarter} --type {q.kind}"
            )
        for code in self._unsurveyed():
            name = resolve(code, vintage=2025).name
            lines.append(f'cdskit connectivity template --province "{name}"')
        return lines

    @property
    def measured(self) -> bool:
        """Whether Ookla or survey figures are present for any commune."""
        return bool(len(self.ookla) or len(self.survey))

    def _unsurveyed(self) -> list[str]:
        surveyed = set(self.survey["province_code"]) if len(self.survey) else set()
        return [code for code in self.provinces if code not in surveyed]


def gap_sources(
    provinces: Iterable[str],
    quarter: Quarter,
    *,
    survey_period: str | None = None,
    observations: pd.DataFrame | None = None,
) -> GapSources:
    """Collect the figures of every connectivity source for 2025 provinces.

    Parameters
    ----------
    provinces : iterable of str
        2025 provinces, by name or code.
    quarter : Quarter
        The Ookla quarter to show.
    survey_period : str, optional
        Period of the survey to show (default: the latest period found).
    observations : pandas.DataFrame, optional
        The published observations (default: :func:`cdskit.dataset.load`).

    Returns
    -------
    GapSources
        Each source's observations (empty when absent).
    """
    codes = tuple(resolve(p, level="province", vintage=2025).code for p in provinces)
    data = load() if observations is None else observations
    communes = data[(data["vintage"] == 2025) & (data["unit_level"].isin(["commune", "province"]))]
    in_provinces = communes[
        communes["province_code"].isin(codes) | communes["unit_code"].isin(codes)
    ]
    ookla_ids = [
        indicator_id(quarter.kind, figure) for figure in ("download_mbps", "measured_area_share")
    ]
    ookla = in_provinces[
        in_provinces["indicator"].isin(ookla_ids) & (in_provinces["period"] == quarter.period)
    ]
    counts = [c.indicator for c in SURVEY_COLUMNS if c.indicator]
    survey = in_provinces[
        (in_provinces["unit_level"] == "commune") & in_provinces["indicator"].isin(counts)
    ]
    if len(survey):
        period = survey_period or max(survey["period"])
        survey = survey[survey["period"] == period]
    old = {code for new in codes for code in old_provinces_in(new)["code"]}
    published = data[
        (data["vintage"] == 2008)
        & data["unit_level"].isin(["district", "commune"])
        & data["province_code"].isin(old)
        & data["indicator"].isin(CONNECTIVITY_INDICATORS)
    ]
    return GapSources(
        codes,
        quarter,
        ookla.reset_index(drop=True),
        survey.reset_index(drop=True),
        published.reset_index(drop=True),
    )


def survey_as_shares(survey: pd.DataFrame) -> pd.DataFrame:
    """Give each survey count the commune's number of villages as its denominator.

    Maps then draw the count as a share of the villages (``as_share=True``); a commune without
    a total keeps no denominator and shows as no data.
    """
    totals = survey[survey["indicator"] == "count_villages_and_urban_groups"]
    total = totals.set_index(["unit_code", "period", "source_id"])["value"]
    out = survey[survey["indicator"].isin(SURVEY_PARTS)].copy()
    keys = pd.MultiIndex.from_frame(out[["unit_code", "period", "source_id"]])
    out["denominator"] = total.reindex(keys).to_numpy()
    return out.reset_index(drop=True)


def commune_gaps(
    sources: GapSources,
    thresholds: GapThresholds | None = None,
    *,
    observations: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return every commune of the provinces with its figures and gap flags, ranked.

    The columns ``download_mbps`` and ``measured_area_share`` come from Ookla, ``villages``
    and ``villages_without_mobile`` from the survey, ``population_2019`` from the census (when
    published); a commune without a figure keeps it missing. See :func:`flag_gaps` for the
    flags and the order.
    """
    table = units("commune", 2025)
    table = table[table["province_code"].isin(sources.provinces)][
        ["code", "full_name", "province_code"]
    ].rename(columns={"code": "unit_code", "full_name": "unit_name"})
    names = {code: resolve(code, vintage=2025).name for code in sources.provinces}
    table["province"] = table["province_code"].map(names)
    kind = sources.quarter.kind
    wide = _values(sources.ookla)
    table["download_mbps"] = (
        table["unit_code"].map(wide.get(indicator_id(kind, "download_mbps"), {})) / 1000
    )
    share = table["unit_code"].map(wide.get(indicator_id(kind, "measured_area_share"), {}))
    table["measured_area_share"] = share / 100
    counts = _values(sources.survey)
    table["villages"] = table["unit_code"].map(counts.get("count_villages_and_urban_groups", {}))
    table["villages_without_mobile"] = table["unit_code"].map(
        counts.get("villages_without_mobile_signal", {})
    )
    data = load() if observations is None else observations
    table["population_2019"] = table["unit_code"].map(_population_2019(data))
    return flag_gaps(table.reset_index(drop=True), thresholds)


def ranked_table(
    gaps: pd.DataFrame,
    language: str = "vi",
    *,
    thresholds: GapThresholds | None = None,
    top: int | None = 20,
) -> DocumentTable:
    """Return the communes furthest behind as a table for the page.

    Its notes state the thresholds and, as a reference, each province's median download speed
    over its communes with tests.
    """
    text = PAGE[check_language(language)]
    thresholds = thresholds or GapThresholds()
    has_data = (
        gaps[["download_mbps", "measured_area_share", "villages_without_mobile"]]
        .notna()
        .any(axis=1)
    )
    shown = gaps[has_data]
    signal = shown["villages_without_mobile"] / shown["villages"].where(shown["villages"] > 0)
    frame = pd.DataFrame(
        {
            text["columns"][0]: np.arange(1, len(shown) + 1),
            text["columns"][1]: shown["unit_name"].to_numpy(),
            text["columns"][2]: shown["province"].to_numpy(),
            text["columns"][3]: shown["download_mbps"].to_numpy(),
            text["columns"][4]: ((1 - shown["measured_area_share"]) * 100).to_numpy(),
            text["columns"][5]: (signal * 100).to_numpy(),
            text["columns"][6]: shown["gaps"].to_numpy(),
            text["columns"][7]: [
                population_text(v, language)
                for v in shown.get("population_2019", pd.Series(np.nan, index=shown.index))
            ],
        }
    )
    notes = [thresholds.legend(language)] if len(frame) else [text["ranked_empty"]]
    medians = gaps.groupby("province", sort=False)["download_mbps"].median().dropna()
    if len(medians):
        items = "; ".join(
            f"{name} {format_number(value, language, decimals=1)} Mbit/s"
            for name, value in medians.items()
        )
        notes.append(text["median"].format(items=items))
    return document_table(
        frame,
        language,
        caption=text["ranked"],
        top=top,
        decimals={text["columns"][3]: 1, text["columns"][4]: 1, text["columns"][5]: 1},
        notes=notes,
    )


def published_table(sources: GapSources, language: str = "vi") -> DocumentTable:
    """Return the published sub-provincial figures, dated, with their sources.

    The English page also shows each figure's note (village names, when a gap was closed);
    the notes of the raw tables are written in English, so the Vietnamese page leaves them out.
    """
    text = PAGE[check_language(language)]
    codebook = load_codebook()
    titles = {key: source.cited_title(language) for key, source in load_sources().items()}
    rows = sources.published.sort_values(["province_code", "unit_level", "unit_code", "period"])
    frame = pd.DataFrame(
        {
            text["published_columns"][0]: rows["unit_name"].to_numpy(),
            text["published_columns"][1]: rows["unit_level"].map(text["levels"]).to_numpy(),
            text["published_columns"][2]: rows["indicator"]
            .map(codebook[f"label_{language}"])
            .to_numpy(),
            text["published_columns"][3]: [format_period(p, language) for p in rows["period"]],
            text["published_columns"][4]: rows["value_as_published"].fillna("").to_numpy(),
            text["published_columns"][5]: rows["note"].fillna("").to_numpy(),
            text["published_columns"][6]: rows["source_id"].map(titles).to_numpy(),
        }
    )
    if language == "vi":  # the raw tables' notes are written in English: one language per page
        frame = frame.drop(columns=text["published_columns"][5])
    return document_table(
        frame, language, caption=text["published"], notes=[text["published_note"]]
    )


def licence_table(source_ids: Iterable[str], language: str = "vi") -> DocumentTable:
    """Return each cited source with its publisher and licence, for the page's footer."""
    text = PAGE[check_language(language)]
    register = load_sources()
    rows = [register[key] for key in dict.fromkeys(source_ids) if key in register]
    frame = pd.DataFrame(
        {
            text["licence_columns"][0]: [source.cited_title(language) for source in rows],
            text["licence_columns"][1]: [source.cited_publisher(language) for source in rows],
            text["licence_columns"][2]: [
                source.licence if source.licence != "not stated" else text["not_stated"]
                for source in rows
            ],
        }
    )
    return document_table(frame, language, caption=text["licences"])


def ookla_credit(quarter: Quarter, language: str = "vi") -> str:
    """Return the credit line the provider's licence asks for."""
    period = f"Q{quarter.quarter} {quarter.year}"
    return PAGE[check_language(language)]["ookla_credit"].format(period=period, licence=LICENCE)


def _values(observations: pd.DataFrame) -> dict[str, dict[str, float]]:
    if observations.empty:
        return {}
    return {
        indicator: group.set_index("unit_code")["value"].to_dict()
        for indicator, group in observations.groupby("indicator")
    }


def credit_lines(sources: GapSources, language: str = "vi") -> list[str]:
    """Return the credit lines the page's footer must carry: boundaries, and Ookla when shown."""
    lines = [attribution("commune", 2025, language=check_language(language))]
    if len(sources.ookla):
        lines.append(ookla_credit(sources.quarter, language))
    return lines
