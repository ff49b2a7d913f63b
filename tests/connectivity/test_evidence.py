"""Published sub-provincial figures placed in their 2025 communes, on the shipped data.

Every figure of ``data/raw/connectivity/`` below province level is counted: placed, or
explicitly unplaceable with a reason.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from cdskit.connectivity import evidence_by_commune, evidence_table, place_evidence
from cdskit.connectivity._evidence import commune_crosswalk
from cdskit.dataset import load
from cdskit.terms import FOCUS_PROVINCES
from cdskit.units import resolve

RAW = Path(__file__).resolve().parents[2] / "data" / "raw" / "connectivity"
FOCUS = list(FOCUS_PROVINCES[2025])


def _raw_rows() -> list[dict[str, str]]:
    rows = []
    for path in sorted(RAW.glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                if row["unit_level"] in ("district", "commune"):
                    rows.append({**row, "origin": f"connectivity/{path.name}:line {line}"})
    return rows


def _frame(table) -> pd.DataFrame:
    return pd.DataFrame(list(table.rows), columns=list(table.columns))


@pytest.fixture(scope="module")
def placed() -> pd.DataFrame:
    return place_evidence(FOCUS, language="vi")


def test_no_published_figure_is_dropped(placed: pd.DataFrame) -> None:
    raw = _raw_rows()
    assert len(raw) >= 23
    placed_origins = set(placed.loc[placed["commune_2025_code"].notna(), "origin"])
    unplaceable = placed[placed["commune_2025_code"].isna()]
    assert unplaceable["reason"].notna().all(), "an unplaceable figure says why"
    assert len(placed_origins) + unplaceable["origin"].nunique() == len(raw)
    assert {row["origin"] for row in raw} == placed_origins | set(unplaceable["origin"])


def test_each_raw_district_is_the_district_the_figure_is_placed_from(placed) -> None:
    by_origin = placed.drop_duplicates("origin").set_index("origin")
    for row in _raw_rows():
        if not row.get("district"):
            continue
        district = resolve(
            row["district"], level="district", vintage=2008, province=row["province"]
        )
        assert by_origin.loc[row["origin"], "former_district_code"] == district.code, row


def test_ban_vuoc_and_ho_bon_land_in_their_2025_communes(placed) -> None:
    rows = placed.set_index("former_commune")
    assert rows.loc["Bản Vược", "commune_2025"] == "Xã Bát Xát"
    assert rows.loc["Bản Vược", "former_district"] == "Bát Xát"
    assert rows.loc["Hồ Bốn", "commune_2025"] == "Xã Khao Mang"
    assert rows.loc["Hồ Bốn", "province_2025"] == "Lào Cai"
    assert rows.loc["Hồ Bốn", "former_province"] == "Yên Bái"
    assert rows.loc["Hồ Bốn", "kind"] == "covered"


def test_a_district_figure_is_flagged_on_each_of_its_communes_not_spread(placed) -> None:
    dinh_lap = placed[placed["district_figure"] & (placed["former_district"] == "Đình Lập")]
    assert len(dinh_lap) and dinh_lap["former_commune"].isna().all()
    assert set(dinh_lap["level"]) == {"district"}
    by_commune = evidence_by_commune(placed, FOCUS)
    only_district = by_commune[by_commune["category"] == "district"]
    assert len(only_district) and only_district["former"].str.contains("cả huyện").all()
    table = _frame(evidence_table(placed, "vi"))
    assert table["Xã, phường (từ 1/7/2025)"].str.startswith("4 xã, phường").sum() == 2


def test_a_split_commune_is_placed_on_each_part(placed) -> None:
    kien_moc = placed[(placed["former_commune"] == "Kiên Mộc")]
    assert kien_moc["split"].all()
    assert set(kien_moc["commune_2025"]) == {"Xã Kiên Mộc", "Xã Châu Sơn"}
    crosswalk = commune_crosswalk()
    assert crosswalk.loc[crosswalk["old_code"] == "06625", "divided"].all()


def test_the_map_marks_at_least_every_commune_with_its_own_figure(placed) -> None:
    by_commune = evidence_by_commune(placed, FOCUS, "en")
    assert len(by_commune) == 429
    own = placed[~placed["district_figure"] & placed["commune_2025_code"].notna()]
    marked = by_commune[~by_commune["category"].isin(["none", "district"])]
    assert len(marked) >= own["commune_2025_code"].nunique() >= 10


def test_population_comes_from_the_census_or_shows_as_missing(placed) -> None:
    census = load(indicators="population")
    census = census[
        (census["unit_level"] == "commune")
        & (census["period"] == "2019")
        & (census["vintage"].astype(int) == 2025)  # rolled up to the 2025 communes
    ]
    table = _frame(evidence_table(placed, "en"))
    if census.empty:
        assert placed["population_2019"].isna().all()
        assert set(table["Population 2019"]) == {"—"}
    else:
        values = census.set_index("unit_code")["value"]
        own = placed.dropna(subset=["commune_2025_code"])
        expected = own["commune_2025_code"].map(values)
        assert own["population_2019"].equals(expected)


def test_superseded_flag_follows_the_published_register(placed) -> None:
    data = load()
    if "superseded_by" not in data.columns:
        assert not placed["superseded"].any()
    else:
        flagged = data.loc[data["superseded_by"].fillna("").astype(str).str.len() > 0, "origin"]
        assert set(placed.loc[placed["superseded"], "origin"]) <= set(flagged)
