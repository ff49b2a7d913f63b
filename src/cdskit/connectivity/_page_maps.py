"""The maps and the key sentence of the connectivity-gaps page."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cdskit.connectivity._gaps import GapThresholds
from cdskit.connectivity._page import SURVEY_PARTS, GapSources, survey_as_shares
from cdskit.connectivity._publish import indicator_id
from cdskit.dataset import load_codebook
from cdskit.formatting import check_language, format_period


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
    if language == "vi":
        if measured:
            return f"{behind} trên {measured} xã, phường có số liệu chưa đạt ít nhất một ngưỡng."
        return (
            f"Chưa có số liệu kết nối theo xã, phường; có {published} số liệu dưới cấp tỉnh "
            "đã công bố (theo địa giới trước 1/7/2025)."
        )
    if measured:
        return f"{behind} of {measured} communes with figures miss at least one threshold."
    return (
        f"No commune figures yet; {published} figures published below province level "
        "(units before 1 July 2025)."
    )


def _title(
    indicator: str, period: str, thresholds: GapThresholds, language: str, unit: str = ""
) -> str:
    label = load_codebook().loc[indicator, f"label_{language}"]
    unit = f" ({unit})" if unit else ""
    return f"{label}{unit}, {format_period(period, language)} — {thresholds.legend(language)}"
