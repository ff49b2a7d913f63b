"""Tiles to communes, checked against a hand-computed example (synthetic units and tiles).

Two communes A and B in province P, two tile rows high (rows Y and Y+1). Their border runs
through the tile column X+1, a quarter of the tile's width east of its west edge:

    row Y     | T0 (in A) | T1: 1/4 in A, 3/4 in B | T2 (in B) | (no tile, B) |    T9 outside
    row Y+1   | no tiles anywhere
              X           X+1                      X+2         X+3           X+4

    tile  tests devices  download  upload  latency
    T0     10     4      20 Mbit/s  5      30 ms
    T1     20     8       8 Mbit/s  2      50 ms
    T2      5     2      60 Mbit/s 10      (missing)
    T9    100    50       1 Mbit/s  1       1 ms    (outside both communes: ignored)

By hand (weights = tests x area share):
    A: T0 10, T1 20/4 = 5            tests 15, devices 4 + 8/4 = 6
       download (20*10 + 8*5) / 15 = 16       upload (5*10 + 2*5) / 15 = 4
       latency (30*10 + 50*5) / 15 = 550/15
    B: T1 20*3/4 = 15, T2 5          tests 20, devices 6 + 2 = 8
       download (8*15 + 60*5) / 20 = 21       upload (2*15 + 10*5) / 20 = 4
       latency: only T1 has one -> 50
    P: tests 35, devices 14, download (200 + 160 + 300) / 35 = 660/35,
       upload (50 + 40 + 50) / 35 = 4, latency (300 + 1000) / 30 = 1300/30
Areas: a tile of row r has area proportional to sin(north_r) - sin(south_r) (same width).
    A spans 1.25 tile widths over both rows, measured 1.25 widths of row Y
    B spans 2.75 widths over both rows, measured 1.75 widths of row Y
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from connectivity.ookla_synthetic import write_quarter
from hypothesis import given, settings
from hypothesis import strategies as st

from cdskit.connectivity import aggregate_tiles, lonlat_to_tile, read_tiles, tile_bounds, unit_grid
from cdskit.connectivity._aggregate import assign_tiles
from cdskit.connectivity._tiles import screen_tiles
from cdskit.errors import InputError

X, Y = (int(v) for v in lonlat_to_tile(105.5, 21.5))
TILES = [  # synthetic
    (X, Y, 20_000, 5_000, 30, 10, 4),
    (X + 1, Y, 8_000, 2_000, 50, 20, 8),
    (X + 2, Y, 60_000, 10_000, None, 5, 2),
    (X + 9, Y, 1_000, 1_000, 1, 100, 50),
]


def _lon(column: float) -> float:
    """Longitude at a fractional tile column."""
    return float(tile_bounds(X, Y)[0]) + column * float(
        tile_bounds(X + 1, Y)[0] - tile_bounds(X, Y)[0]
    )


def _two_communes() -> gpd.GeoDataFrame:
    north = float(tile_bounds(X, Y)[3])
    south = float(tile_bounds(X, Y + 1)[1])
    return gpd.GeoDataFrame(
        {"unit_code": ["A", "B"], "province_code": ["P", "P"], "level": ["commune"] * 2},
        geometry=[
            shapely.box(_lon(0), south, _lon(1.25), north),
            shapely.box(_lon(1.25), south, _lon(4), north),
        ],
        crs="EPSG:4326",
    )


def _row_weight(row: int) -> float:
    _, south, _, north = (math.radians(float(v)) for v in tile_bounds(X, row))
    return math.sin(north) - math.sin(south)


def test_two_communes_by_hand(tmp_path: Path) -> None:
    grid = unit_grid(_two_communes())
    path = write_quarter(
        tmp_path / "2021-01-01_performance_mobile_tiles.parquet", TILES, year=2021, quarter=1
    )
    result = aggregate_tiles(read_tiles(path, grid), grid).set_index("unit_code")
    a, b, p = result.loc["A"], result.loc["B"], result.loc["P"]
    assert (a["unit_level"], b["unit_level"], p["unit_level"]) == ("commune", "commune", "province")
    assert (a["tiles"], b["tiles"], p["tiles"]) == (2, 2, 4)  # T1 counts in both communes
    assert a["tests"] == pytest.approx(15) and b["tests"] == pytest.approx(20)
    assert p["tests"] == pytest.approx(35)
    assert a["devices"] == pytest.approx(6) and b["devices"] == pytest.approx(8)
    assert p["devices"] == pytest.approx(14)
    assert a["download_mbps"] == pytest.approx(16) and b["download_mbps"] == pytest.approx(21)
    assert p["download_mbps"] == pytest.approx(660 / 35)
    assert a["upload_mbps"] == pytest.approx(4) and b["upload_mbps"] == pytest.approx(4)
    assert p["upload_mbps"] == pytest.approx(4)
    assert a["latency_ms"] == pytest.approx(550 / 15) and b["latency_ms"] == pytest.approx(50)
    assert p["latency_ms"] == pytest.approx(1300 / 30)
    measured_row = _row_weight(Y) / (_row_weight(Y) + _row_weight(Y + 1))
    assert a["measured_area_share"] == pytest.approx(measured_row, rel=1e-6)
    assert b["measured_area_share"] == pytest.approx(1.75 / 2.75 * measured_row, rel=1e-6)
    assert p["measured_area_share"] == pytest.approx(3 / 4 * measured_row, rel=1e-6)
    assert p["area_km2"] == pytest.approx(a["area_km2"] + b["area_km2"])
    # the 2021 Q1 schema has no latency under load: missing, not zero
    assert np.isnan(a["latency_down_ms"]) and np.isnan(p["latency_up_ms"])


def test_straddling_tile_is_split_by_area_share() -> None:
    grid = unit_grid(_two_communes())
    tiles = pd.DataFrame({"key": [(X + 1) * 2**16 + Y], "tests": [20.0]})
    parts = assign_tiles(tiles, grid).sort_values("unit")
    assert parts["unit"].tolist() == [0, 1]
    assert parts["share"].tolist() == pytest.approx([0.25, 0.75], rel=1e-9)


def test_grid_areas_add_up_to_the_units_areas_on_the_sphere() -> None:
    communes = _two_communes()
    grid = unit_grid(communes)
    width_km = math.radians(_lon(1) - _lon(0)) * 6371.0088**2
    expected_a = 1.25 * width_km * (_row_weight(Y) + _row_weight(Y + 1))
    assert grid.units["area_km2"].iloc[0] == pytest.approx(expected_a, rel=1e-9)
    assert grid.pieces.groupby("key")["share"].sum().max() <= 1 + 1e-9


def test_later_quarter_schemas_give_the_same_figures_plus_their_extra_columns(
    tmp_path: Path,
) -> None:
    grid = unit_grid(_two_communes())
    early = write_quarter(tmp_path / "2019.parquet", TILES, year=2019, quarter=1)
    late = write_quarter(tmp_path / "2024.parquet", TILES, year=2024, quarter=3)
    first = aggregate_tiles(read_tiles(early, grid), grid)
    second = aggregate_tiles(read_tiles(late, grid), grid)
    same = ["tests", "devices", "download_mbps", "upload_mbps", "latency_ms"]
    pd.testing.assert_frame_equal(first[same], second[same])
    assert first["latency_up_ms"].isna().all()
    assert second.set_index("unit_code").loc["A", "latency_up_ms"] == pytest.approx(550 / 15)
    assert second["latency_down_ms"].isna().all(), "an all-null column stays missing"


def test_centroid_columns_let_arrow_filter_rows_before_quadkeys_are_decoded(tmp_path: Path) -> None:
    grid = unit_grid(_two_communes())
    far = [(X + 5000 + i, Y + 3000, 1, 1, 1, 1, 1) for i in range(50)]  # synthetic, far south
    path = write_quarter(
        tmp_path / "q.parquet", far + TILES, year=2023, quarter=3, row_group_size=50
    )
    tiles = read_tiles(path, grid)
    # the 50 far tiles and T9 (beyond the margin) never reach the quadkey decoder
    assert tiles.attrs["rows_scanned"] == 3
    assert len(tiles) == 3


def test_a_quarter_without_tiles_in_vietnam_is_an_error(tmp_path: Path) -> None:
    grid = unit_grid(_two_communes())
    x, y = (int(v) for v in lonlat_to_tile(2.35, 48.85))  # synthetic tiles in Paris
    path = write_quarter(tmp_path / "q.parquet", [(x, y, 1, 1, 1, 1, 1)])
    with pytest.raises(InputError, match=r"has no tile in Vietnam"):
        read_tiles(path, grid)


def test_tiles_in_vietnam_but_not_in_the_units_are_an_error_too(tmp_path: Path) -> None:
    grid = unit_grid(_two_communes())
    path = write_quarter(tmp_path / "q.parquet", [TILES[-1]])
    with pytest.raises(InputError, match=r"1 tiles in Vietnam but none touching the 2 chosen"):
        read_tiles(path, grid)


def test_a_file_without_a_required_column_names_it(tmp_path: Path) -> None:
    grid = unit_grid(_two_communes())
    path = write_quarter(tmp_path / "q.parquet", TILES)
    table = pd.read_parquet(path).drop(columns=["tests"])
    table.to_parquet(path)
    with pytest.raises(InputError, match=r"lacks column\(s\) tests"):
        read_tiles(path, grid)


def test_a_malformed_quadkey_names_the_file_and_row(tmp_path: Path) -> None:
    grid = unit_grid(_two_communes())
    path = write_quarter(tmp_path / "q.parquet", TILES)
    table = pd.read_parquet(path)
    table.loc[2, "quadkey"] = table.loc[2, "quadkey"][:-1] + "7"
    table.to_parquet(path)
    with pytest.raises(InputError, match=r"q.parquet, column quadkey: row 3 .* digits are 0, 1"):
        read_tiles(path, grid)


def test_a_file_that_is_not_parquet_is_named(tmp_path: Path) -> None:
    grid = unit_grid(_two_communes())
    path = tmp_path / "q.parquet"
    path.write_text("synthetic: not parquet")
    with pytest.raises(InputError, match=r"q.parquet is not a readable Parquet file"):
        read_tiles(path, grid)


def test_the_scan_gives_the_same_tiles_whatever_the_batch_size(tmp_path: Path) -> None:
    grid = unit_grid(_two_communes())
    path = write_quarter(tmp_path / "q.parquet", TILES, year=2022, quarter=1)
    whole = read_tiles(path, grid)
    one_by_one = read_tiles(path, grid, batch_rows=1)
    pd.testing.assert_frame_equal(
        whole.sort_values("key").reset_index(drop=True),
        one_by_one.sort_values("key").reset_index(drop=True),
    )


@pytest.mark.filterwarnings("ignore::cdskit.geo.BoundaryWarning")
def test_the_grid_of_real_communes_covers_each_tile_at_most_once(mirror: Path) -> None:
    from cdskit.geo import load_boundaries

    communes = load_boundaries("commune", 2025, provinces=["Lạng Sơn"])
    grid = unit_grid(communes)
    assert len(grid.units) == len(communes) == 65
    assert grid.pieces.groupby("key")["share"].sum().max() <= 1 + 1e-6
    ratio = grid.units["area_km2"].to_numpy() / communes["area_km2"].to_numpy()
    assert np.median(ratio) == pytest.approx(1, abs=0.02), "areas agree with the layer's"
    assert grid.units["area_km2"].sum() == pytest.approx(communes["area_km2"].sum(), rel=0.02)


# Impossible measurements: (column index in a TILES row, value). Speeds in kbit/s.
_IMPOSSIBLE = {
    "negative download": (2, -500_000),
    "download above 10 Gbit/s": (2, 10_000_001),
    "negative upload": (3, -1),
    "upload above 10 Gbit/s": (3, 50_000_000),
    "negative latency": (4, -30),
    "latency above a minute": (4, 600_000),
    "negative tests": (5, -20),
    "no test": (5, 0),
    "negative devices": (6, -4),
    "more devices than tests": (6, 10_000),
}


@pytest.mark.synthetic
@settings(max_examples=40, deadline=None)
@given(
    broken=st.dictionaries(
        st.sampled_from(range(3)), st.sampled_from(sorted(_IMPOSSIBLE)), min_size=1, max_size=2
    ),
    year=st.sampled_from([2019, 2023]),
)
def test_impossible_tiles_are_left_out_and_counted_never_weighted(broken, year) -> None:
    """Whatever tiles break whichever rule, the figures are those of the other tiles alone."""
    grid = unit_grid(_two_communes())
    tiles = [list(tile) for tile in TILES]
    for index, form in broken.items():
        column, value = _IMPOSSIBLE[form]
        tiles[index][column] = value
    with tempfile.TemporaryDirectory() as folder:
        path = write_quarter(Path(folder) / "q.parquet", tiles, year=year, quarter=4)
        result = aggregate_tiles(read_tiles(path, grid), grid)
        kept = [t for i, t in enumerate(TILES) if i not in broken]
        clean = write_quarter(Path(folder) / "clean.parquet", kept, year=year, quarter=4)
        expected = aggregate_tiles(read_tiles(clean, grid), grid)
    pd.testing.assert_frame_equal(result, expected)
    rejected = result.attrs["tiles_rejected"]
    assert rejected["tiles rejected"] == len(broken)
    assert sum(n for rule, n in rejected.items() if rule != "tiles rejected") >= len(broken)
    assert result["download_mbps"].dropna().between(0, 10_000).all()
    assert result["latency_ms"].dropna().between(0, 60_000).all()


def test_the_issues_negative_tile_no_longer_drags_a_commune_down() -> None:
    grid = unit_grid(_two_communes())
    good = pd.DataFrame(
        {"key": [X * 2**16 + Y], "tests": [10.0], "devices": [4.0], "avg_d_kbps": [37_222.0]}
    )
    bad = pd.DataFrame(
        {"key": [X * 2**16 + Y + 0], "tests": [1.0], "devices": [1.0], "avg_d_kbps": [-500_000.0]}
    )
    bad["key"] = (X + 1) * 2**16 + Y
    result = aggregate_tiles(pd.concat([good, bad], ignore_index=True), grid)
    a = result.set_index("unit_code").loc["A"]
    assert a["download_mbps"] == pytest.approx(37.222)
    assert result.attrs["tiles_rejected"] == {
        "avg_d_kbps outside [0, 10000000]": 1,
        "tiles rejected": 1,
    }


@pytest.mark.synthetic
@settings(max_examples=100, deadline=None)
@given(
    values=st.lists(
        st.tuples(
            st.floats(-1e8, 1e8) | st.just(float("nan")) | st.just(float("inf")),
            st.floats(-100, 1e6) | st.just(float("nan")),
            st.floats(-5, 1e4) | st.integers(-5, 1e4).map(float),
            st.floats(-5, 1e4) | st.integers(-5, 1e4).map(float),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_screened_tiles_hold_only_possible_measurements(values) -> None:
    tiles = pd.DataFrame(values, columns=["avg_d_kbps", "avg_lat_ms", "tests", "devices"])
    tiles.insert(0, "key", range(len(tiles)))
    kept, rejected = screen_tiles(tiles)
    assert len(kept) + rejected.get("tiles rejected", 0) == len(tiles)
    assert kept["avg_d_kbps"].dropna().between(0, 10_000_000).all()
    assert kept["avg_lat_ms"].dropna().between(0, 60_000).all()
    assert (kept["tests"] >= 1).all() and (kept["tests"] % 1 == 0).all()
    assert (kept["devices"] <= kept["tests"]).all() and (kept["devices"] >= 1).all()
