"""Boundary layers read from the mirror (CDSKIT_MIRROR): both vintages, overlaps, simplification."""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from cdskit.boundaries import (
    COLUMNS,
    WEB_BYTES,
    BoundaryWarning,
    attribution,
    fetch_all,
    layers,
    load_boundaries,
    province_outlines,
    registry,
)
from cdskit.errors import ParameterError, UnknownUnitError
from cdskit.geometry import coverage_change, find_overlaps, geojson_bytes

FOCUS = {"15": 99, "20": 65, "24": 99, "38": 166}
FOCUS_NAMES = ["Lào Cai", "Lạng Sơn", "Bắc Ninh", "Thanh Hóa"]
LAO_CAI_OVERLAP = {"02647", "02683", "02746"}


def _load(*args, **kwargs) -> tuple[gpd.GeoDataFrame, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        layer = load_boundaries(*args, **kwargs)
    return layer, [str(w.message) for w in caught if issubclass(w.category, BoundaryWarning)]


@pytest.fixture(scope="session")
def communes(mirror: Path) -> tuple[gpd.GeoDataFrame, list[str]]:
    return _load("commune", 2025, provinces=FOCUS_NAMES)


@pytest.fixture(scope="session")
def web_communes(communes) -> gpd.GeoDataFrame:
    return _load("commune", 2025, provinces=list(FOCUS), simplify="web")[0]


@pytest.fixture(scope="session")
def provinces_2008(mirror: Path) -> tuple[gpd.GeoDataFrame, list[str]]:
    return _load("province", 2008)


def test_registry_pins_every_file_with_a_sha256_and_a_licence() -> None:
    table = registry()
    assert len(table) == 3357
    assert table["sha256"].str.fullmatch(r"[0-9a-f]{64}").all()
    assert set(table["licence"]) == {"MIT", "CC-BY-SA-4.0", "CC-BY-3.0-IGO"}
    districts = table[table["layer"] == "vn-districts-2020-geoboundaries"].iloc[0]
    assert districts["size"] == 43_923_924
    assert districts["url"].startswith("https://media.githubusercontent.com/")


def test_every_layer_is_credited_in_both_languages() -> None:
    assert set(layers()) == set(registry()["layer"])
    assert "Thang Le Quoc" in attribution("commune", 2025)
    assert "sapnhap.bando.com.vn" in attribution("province", 2025, lang="en")
    assert "Open Development Mekong" in attribution("province", 2008)
    assert "geoBoundaries" in attribution("district", 2008, lang="en")


@pytest.mark.parametrize(
    ("level", "vintage", "match"),
    [
        ("district", 2025, "No boundary layer"),
        ("commune", 2008, "No boundary layer"),
        ("comune", 2025, "Did you mean 'commune'"),
    ],
)
def test_unknown_levels_and_vintages_are_refused(level: str, vintage: int, match: str) -> None:
    with pytest.raises(ParameterError, match=match):
        load_boundaries(level, vintage)


def test_an_unknown_province_is_refused_with_a_suggestion(mirror: Path) -> None:
    with pytest.raises(
        UnknownUnitError,
        match=r"Parameter provinces \(vintage 2025\): Unknown province name 'Bắc Giang'",
    ):
        load_boundaries("commune", 2025, provinces=["Bắc Giang"])


def test_focus_provinces_load_at_province_level_2025(mirror: Path) -> None:
    layer, _ = _load("provinces", 2025, provinces=["15", "Lạng Sơn", "Bắc Ninh", "Thanh Hoá"])
    assert list(layer.columns) == [*COLUMNS, "geometry"]
    assert layer.crs.to_epsg() == 4326
    assert layer["unit_code"].tolist() == ["15", "20", "24", "38"]
    assert layer.loc[layer["unit_code"] == "38", "unit_name"].item() == "Thanh Hóa"
    assert (layer["vintage"] == 2025).all() and (layer["level"] == "province").all()


def test_focus_communes_assemble_into_429_units_of_their_provinces(communes) -> None:
    layer, _ = communes
    assert len(layer) == 429
    assert layer["unit_code"].is_unique
    assert layer.groupby("province_code").size().to_dict() == FOCUS
    assert layer.geometry.is_valid.all()
    assert (layer["area_km2"] > 0).all()


def test_the_lao_cai_overlap_is_resolved_to_the_lowest_code_and_reported(communes) -> None:
    layer, messages = communes
    overlaps = layer.attrs["overlaps"]
    big = [o for o in overlaps if o["area_km2"] > 1]
    assert {o["unit_code"] for o in big} | {o["other_code"] for o in big} == LAO_CAI_OVERLAP
    assert all(o["area_km2"] == pytest.approx(3.49, abs=0.01) for o in big)
    assert {o["kept_by"] for o in big} == {"02647", "02683"}
    assert find_overlaps(layer).empty, "no overlap may remain after loading"
    assert shapely.coverage_is_valid(layer.geometry.values)
    assert any("02647/02746 3.4894 km²" in m for m in messages)


def test_province_outlines_are_the_union_of_their_communes(communes) -> None:
    layer, _ = communes
    outlines = province_outlines(layer)
    assert outlines["unit_code"].tolist() == ["15", "20", "24", "38"]
    assert outlines["unit_name"].tolist() == FOCUS_NAMES
    for code, area in zip(outlines["unit_code"], outlines["area_km2"], strict=True):
        assert area == pytest.approx(
            layer.loc[layer["province_code"] == code, "area_km2"].sum(), rel=1e-3
        )


def test_sixty_three_provinces_2008_resolve_every_name_including_misspellings(
    provinces_2008,
) -> None:
    layer, messages = provinces_2008
    assert len(layer) == 63 and layer["unit_code"].is_unique
    assert (layer["vintage"] == 2008).all()
    corrected = {c["as_published"]: c["unit_code"] for c in layer.attrs["corrected_names"]}
    assert corrected["Cần Thơn"] == "92"
    assert corrected["Quản Bình"] == "44"
    assert corrected["Kien Giang"] == "91"
    names = layer.set_index("unit_code")["unit_name"]
    assert names["24"] == "Bắc Giang" and names["27"] == "Bắc Ninh" and names["15"] == "Yên Bái"
    report = [m for m in messages if "differ from the official names" in m]
    assert len(report) == 1, "corrections are reported in one message"
    assert report[0].count("'Cần Thơn'") == 1


def test_web_simplification_fits_2_mb_without_new_gaps_or_overlaps(communes, web_communes) -> None:
    full, _ = communes
    assert len(web_communes) == 429
    assert geojson_bytes(web_communes) <= WEB_BYTES
    assert web_communes.attrs["geojson_bytes"] <= WEB_BYTES
    change = coverage_change(full, web_communes)
    assert change["unchanged"], change
    assert abs(change["overlap_change"]) <= 0.01 and abs(change["holes_change"]) <= 0.01
    assert shapely.coverage_is_valid(web_communes.geometry.values)


def test_a_second_load_is_served_from_the_geoparquet_cache(communes, web_communes) -> None:
    again, _ = _load("commune", 2025, provinces=list(FOCUS), simplify="web")
    assert again.attrs["cache"] == "hit"
    assert again["unit_code"].tolist() == web_communes["unit_code"].tolist()
    assert again.geom_equals_exact(web_communes.geometry, tolerance=0).all()
    assert again.attrs["overlaps"] == web_communes.attrs["overlaps"]


@pytest.mark.parametrize("simplify", ["3 MiB", -0.1, True])
def test_malformed_simplify_values_are_refused(mirror: Path, simplify) -> None:
    with pytest.raises(ParameterError, match="simplify"):
        load_boundaries("province", 2025, provinces=["20"], simplify=simplify)


def test_fetch_all_returns_the_hash_checked_mirror_files(mirror: Path) -> None:
    paths = fetch_all("commune", 2025, provinces="Lạng Sơn")
    assert len(paths) == 65
    assert all(path.is_relative_to(mirror) for path in paths)
