"""Boundary layers read from the mirror (CDSKIT_MIRROR): both vintages, overlaps, simplification."""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from cdskit.errors import ParameterError, UnknownUnitError
from cdskit.geo.boundaries import (
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
from cdskit.geo.geometry import (
    TOLERANCES,
    cached_layer,
    clean_coverage,
    coverage_change,
    find_overlaps,
    geojson_bytes,
    simplify_coverage,
)

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
    assert "sapnhap.bando.com.vn" in attribution("province", 2025, language="en")
    assert "Open Development Mekong" in attribution("province", 2008)
    assert "geoBoundaries" in attribution("district", 2008, language="en")


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


@pytest.mark.slow
def test_focus_communes_assemble_into_429_units_of_their_provinces(communes) -> None:
    layer, _ = communes
    assert len(layer) == 429
    assert layer["unit_code"].is_unique
    assert layer.groupby("province_code").size().to_dict() == FOCUS
    assert layer.geometry.is_valid.all()
    assert (layer["area_km2"] > 0).all()


@pytest.mark.slow
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


@pytest.mark.slow
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


def test_a_province_filter_applies_even_when_the_whole_2008_layer_is_cached(
    provinces_2008,
) -> None:
    subset, _ = _load("province", 2008, provinces=["Lạng Sơn", "Bắc Giang", "Lào Cai", "38"])
    assert sorted(subset["unit_code"]) == ["10", "20", "24", "38"]


@pytest.mark.slow
def test_web_simplification_fits_its_budget_without_new_gaps_or_overlaps(
    communes, web_communes
) -> None:
    full, _ = communes
    assert len(web_communes) == 429
    assert geojson_bytes(web_communes) <= WEB_BYTES
    assert web_communes.attrs["geojson_bytes"] <= WEB_BYTES
    change = coverage_change(full, web_communes)
    assert change["unchanged"], change
    assert abs(change["overlap_change"]) <= 0.01 and abs(change["holes_change"]) <= 0.01
    assert shapely.coverage_is_valid(web_communes.geometry.values)


@pytest.mark.slow
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


# --- geometry helpers on small synthetic coverages (synthetic test data: unit squares) ---


def _squares(*boxes: tuple[str, tuple[float, float, float, float]]) -> gpd.GeoDataFrame:
    codes, geoms = zip(*((code, shapely.box(*bounds)) for code, bounds in boxes), strict=True)
    return gpd.GeoDataFrame({"unit_code": list(codes)}, geometry=list(geoms), crs=4326)


def test_overlapping_squares_keep_the_piece_in_the_lower_code() -> None:
    layer = _squares(("b", (0.09, 0, 0.2, 0.1)), ("a", (0, 0, 0.1, 0.1)))
    cleaned, overlaps = clean_coverage(layer)
    assert overlaps[["unit_code", "other_code", "kept_by"]].values.tolist() == [["a", "b", "a"]]
    assert overlaps["area_km2"].item() == pytest.approx(12.3, rel=0.02)  # 0.01° x 0.1°
    assert cleaned["unit_code"].tolist() == ["a", "b"]
    assert cleaned.geometry.iloc[0].area == pytest.approx(0.01)
    assert cleaned.geometry.iloc[1].area == pytest.approx(0.01)  # 0.011 minus the 0.001 overlap
    assert find_overlaps(cleaned).empty


def test_coverage_change_notices_a_gap_opened_between_neighbours() -> None:
    grid = [
        (f"{i}{j}", (i * 0.1, j * 0.1, i * 0.1 + 0.1, j * 0.1 + 0.1))
        for i in range(3)
        for j in range(3)
    ]
    before = _squares(*grid)
    after = before.copy()
    centre = after["unit_code"] == "11"
    after.loc[centre, "geometry"] = shapely.box(0.101, 0.101, 0.199, 0.199)  # shrunk: a ring-gap
    change = coverage_change(before, after)
    assert change["holes_before"] == 0
    assert change["holes_change"] == pytest.approx(4.9, rel=0.05)  # 0.1² - 0.098² degrees²
    assert change["unchanged"] is False
    assert coverage_change(before, before)["unchanged"] is True


def test_coverage_change_notices_a_new_overlap() -> None:
    before = _squares(("a", (0, 0, 0.1, 0.1)), ("b", (0.1, 0, 0.2, 0.1)))
    after = _squares(("a", (0, 0, 0.11, 0.1)), ("b", (0.1, 0, 0.2, 0.1)))
    change = coverage_change(before, after)
    assert change["overlap_change"] == pytest.approx(12.3, rel=0.02)  # 0.01° x 0.1°
    assert change["unchanged"] is False


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({}, "exactly one of tolerance"),
        ({"tolerance": 0.1, "max_bytes": 10}, "exactly one of tolerance"),
        ({"tolerance": -1}, "must be >= 0"),
        ({"max_bytes": 10}, "No simplification fits max_bytes=10"),
    ],
)
def test_simplify_coverage_rejects_impossible_requests(kwargs: dict, match: str) -> None:
    layer = _squares(("a", (0, 0, 0.1, 0.1)), ("b", (0.1, 0, 0.2, 0.1)))
    with pytest.raises(ParameterError, match=match):
        simplify_coverage(layer, **kwargs)


@pytest.mark.slow
@pytest.mark.parametrize("budget", [120_000, 300_000, 700_000, 1_700_000])
def test_simplify_coverage_picks_the_smallest_tolerance_that_fits_the_budget(
    communes, budget: int
) -> None:
    """Lạng Sơn's 65 communes: enough for the search to start where a sample of them points,
    and budgets on both sides of where it points; the answer is still the smallest fit."""
    layer, _ = communes
    lang_son = layer[layer["province_code"] == "20"]
    fitted = simplify_coverage(lang_son, max_bytes=budget)
    assert geojson_bytes(fitted) <= budget
    chosen = fitted.attrs["simplify_tolerance"]
    smaller = [t for t in TOLERANCES if t < chosen]
    assert smaller, "the budget should need some simplification"
    assert geojson_bytes(simplify_coverage(lang_son, tolerance=smaller[-1])) > budget


def test_the_layer_cache_is_keyed_by_parameters_and_never_keeps_a_failed_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CDSKIT_CACHE", str(tmp_path))
    layer = _squares(("a", (0, 0, 0.1, 0.1)))
    layer.attrs["overlaps"] = []
    built = []

    def build() -> gpd.GeoDataFrame:
        built.append(1)
        return layer.copy()

    assert cached_layer("test", {"p": 1}, build).attrs["cache"] == "miss"
    assert cached_layer("test", {"p": 1}, build).attrs["cache"] == "hit"
    assert cached_layer("test", {"p": 2}, build).attrs["cache"] == "miss"
    assert len(built) == 2

    def broken() -> gpd.GeoDataFrame:
        raise RuntimeError("build failed")

    with pytest.raises(RuntimeError):
        cached_layer("test", {"p": 3}, broken)
    assert len(list((tmp_path / "derived").glob("*.parquet"))) == 2
    assert not list((tmp_path / "derived").glob(".*")), "no temporary file is left behind"


def test_district_names_are_resolved_within_the_province_that_holds_them(
    provinces_2008, tmp_path: Path
) -> None:
    # Synthetic test data shaped like the geoBoundaries ADM2 file (not in the mirror): small
    # squares inside real 2008 provinces, named as geoBoundaries names districts.
    from cdskit.geo.boundaries import _read_districts

    layer, _ = provinces_2008
    inside = layer.set_index("unit_code").representative_point()
    features = [
        ("Lạng Sơn", "20"),
        ("Châu Thành", "82"),
        ("Chau Thanh", "83"),
        ("Tràng Định", "20"),
    ]
    squares = [inside[code].buffer(0.01, cap_style="square") for _, code in features]
    path = tmp_path / "districts.geojson"
    gpd.GeoDataFrame({"shapeName": [n for n, _ in features]}, geometry=squares, crs=4326).to_file(
        path
    )
    districts, corrected = _read_districts(path)
    assert districts["unit_code"].tolist() == ["178", "821", "831", "180"]
    assert districts["province_code"].tolist() == ["20", "82", "83", "20"]
    assert [c["as_published"] for c in corrected] == ["Chau Thanh"]
