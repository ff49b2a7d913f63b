"""Joins of observations to real 2025 province boundaries (from the mirror).

The observation values below are synthetic test data: only their keys matter here.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from cdskit.errors import JoinError, ParameterError
from cdskit.geo.boundaries import load_boundaries
from cdskit.geo.join import join

FOCUS = ["15", "20", "24", "38"]


@pytest.fixture(scope="session")
def provinces(mirror: Path) -> gpd.GeoDataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_boundaries("province", 2025, provinces=FOCUS)


def _obs(codes: list[str], names: list[str] | None = None, **extra) -> pd.DataFrame:
    """Synthetic test data: one value per unit."""
    frame = pd.DataFrame(
        {
            "unit_code": codes,
            "unit_name": names or [""] * len(codes),
            "vintage": 2025,
            "indicator": "synthetic",
            "period": "2024",
            "value": [float(i + 1) for i in range(len(codes))],
            "source_id": "synthetic-source",
        }
    )
    return frame.assign(**extra)


def test_a_one_to_one_join_keeps_every_polygon_and_adds_the_values(provinces) -> None:
    joined = join(_obs(["38", "24", "20", "15"]), provinces)
    assert isinstance(joined, gpd.GeoDataFrame)
    assert joined.crs == provinces.crs
    assert joined["unit_code"].tolist() == FOCUS
    assert joined.set_index("unit_code")["value"].to_dict() == {
        "38": 1.0,
        "24": 2.0,
        "20": 3.0,
        "15": 4.0,
    }
    assert not joined["no_data"].any()
    assert joined["unit_name"].tolist() == provinces["unit_name"].tolist(), "names from the layer"


def test_a_polygon_without_data_is_an_error_listing_it(provinces) -> None:
    with pytest.raises(JoinError, match=r"1 polygon\(s\) have no observation") as caught:
        join(_obs(["15", "20", "24"]), provinces)
    message = str(caught.value)
    assert "allow_missing=True" in message
    assert "boundaries   | 38" in message and "Thanh Hóa" in message


def test_allow_missing_keeps_the_polygon_flagged_no_data_with_no_value(provinces) -> None:
    joined = join(_obs(["15", "20", "24"]), provinces, allow_missing=True)
    row = joined.set_index("unit_code").loc["38"]
    assert bool(row["no_data"]) is True
    assert pd.isna(row["value"])
    assert joined["no_data"].sum() == 1
    assert len(joined) == 4


def test_an_observation_without_a_polygon_is_an_error_even_with_allow_missing(provinces) -> None:
    obs = _obs(["15", "20", "38", "27"], ["Lào Cai", "Lạng Sơn", "Thanh Hóa", "Bắc Ninh"])
    with pytest.raises(JoinError, match=r"1 observation\(s\) have no polygon") as caught:
        join(obs, provinces, allow_missing=True)
    message = str(caught.value)
    # The old (2008) code of Bắc Ninh: the near-miss table points at the 2025 unit by name.
    assert "observations | 27" in message
    assert "24 Bắc Ninh" in message


def test_near_misses_match_names_without_diacritics(provinces) -> None:
    obs = _obs(["15", "20", "24", "83"], ["Lào Cai", "Lạng Sơn", "Bắc Ninh", "Thanh Hoa"])
    with pytest.raises(JoinError) as caught:
        join(obs, provinces)
    lines = [line for line in str(caught.value).splitlines() if "| 83" in line]
    assert lines and "38 Thanh Hóa" in lines[0]


def test_several_observations_for_one_unit_ask_the_caller_to_pick_a_source(provinces) -> None:
    obs = pd.concat([_obs(FOCUS), _obs(["20"], source_id="another-source")], ignore_index=True)
    with pytest.raises(JoinError, match=r"Pick one source") as caught:
        join(obs, provinces)
    assert "20: synthetic 2024 synthetic-source; synthetic 2024 another-source" in str(caught.value)


@pytest.mark.parametrize(
    ("vintages", "match"),
    [
        ([2008, 2025, 2025, 2025], r"mix vintages \[2008, 2025\]"),
        (
            [2008, 2008, 2008, 2008],
            r"Observations are vintage 2008 but boundaries are vintage 2025",
        ),
    ],
)
def test_joins_refuse_mixed_or_mismatched_vintages(provinces, vintages, match: str) -> None:
    with pytest.raises(JoinError, match=match):
        join(_obs(FOCUS).assign(vintage=vintages), provinces)


def test_a_missing_key_column_is_a_parameter_error(provinces) -> None:
    with pytest.raises(ParameterError, match=r"observations lacks column\(s\) \['vintage'\]"):
        join(_obs(FOCUS).drop(columns="vintage"), provinces)
