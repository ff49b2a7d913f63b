"""Maps drawn on the real boundary layers of the mirror with synthetic figures (test data).

The figures are ranks 1..n in code order, so the tests do not depend on what is published.
"""

from __future__ import annotations

import functools
import json
import re

import geopandas as gpd
import pandas as pd

from cdskit.geo import load_boundaries
from cdskit.maps import interactive as maps

HOSTILE = "<img src=x onerror=alert(1)>"
FOCUS_2025 = ("15", "20", "24", "38")
NO_DATA_2008 = ("01", "79", "96")  # provinces left without a figure (synthetic gaps)
SOURCES = {"synthetic-a": f"Synthetic source {HOSTILE}", "synthetic-b": "Second synthetic source"}


def synthetic_observations(boundaries, *, indicator="dti_rank", period="2022", skip=()):
    """Return synthetic test data: one rank per unit in code order, none for ``skip``."""
    kept = boundaries[~boundaries["unit_code"].isin(skip)].reset_index(drop=True)
    ranks = range(1, len(kept) + 1)
    return pd.DataFrame(
        {
            "unit_code": kept["unit_code"],
            "unit_name": kept["unit_name"],
            "unit_level": kept["level"],
            "vintage": kept["vintage"].astype(int),
            "province_code": kept["province_code"],
            "indicator": indicator,
            "period": period,
            "value": [float(r) for r in ranks],
            "value_as_published": [f"{r}/{len(kept)}" for r in ranks],
            "source_id": "synthetic-a",
        }
    )


@functools.cache
def provinces_2008() -> gpd.GeoDataFrame:
    return load_boundaries("province", 2008)


@functools.cache
def communes_2025() -> gpd.GeoDataFrame:
    return load_boundaries("commune", 2025, provinces=list(FOCUS_2025))


@functools.cache
def national_map() -> maps.Map:
    """The 63 provinces (2008), one renamed to a hostile string, three without figures."""
    boundaries = provinces_2008().copy()
    boundaries.loc[boundaries["unit_code"] == "20", "unit_name"] = HOSTILE
    observations = synthetic_observations(boundaries, skip=NO_DATA_2008)
    observations.loc[observations["unit_code"] == "38", "value_as_published"] = HOSTILE
    return maps.choropleth(
        observations,
        boundaries,
        indicator="dti_rank",
        period="2022",
        allow_missing=True,
        sources=SOURCES,
    )


@functools.cache
def commune_map() -> maps.Map:
    """The 429 communes of the four focus provinces (2025), all with figures."""
    boundaries = communes_2025()
    observations = synthetic_observations(boundaries, indicator="villages_with_3g4g")
    return maps.choropleth(
        observations,
        boundaries,
        indicator="villages_with_3g4g",
        period="2022",
        scheme="natural_breaks",
        sources=SOURCES,
    )


def feature_collections(page: str) -> list[dict]:
    """Return the GeoJSON documents folium embedded in a saved page (units first)."""
    decoder = json.JSONDecoder()
    found = []
    for match in re.finditer(r"_add\((\{)", page):
        found.append(decoder.raw_decode(page, match.start(1))[0])
    return found
