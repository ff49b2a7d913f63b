"""Ookla figures become raw observations that the normal build publishes (synthetic tiles).

The two units carry real 2025 commune codes of Lào Cai (02647 Lào Cai, 02671 Cam Đường) so the
build can resolve them; their squares and every tile value are synthetic.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
import yaml
from connectivity.ookla_synthetic import write_quarter

from cdskit.connectivity import Quarter, aggregate_tiles, read_tiles, tile_bounds, unit_grid
from cdskit.connectivity._ookla import Snapshot
from cdskit.connectivity._raw_table import ookla_table, recorded_sha256, write_ookla_table
from cdskit.files import file_sha256
from cdskit.processing import build
from cdskit.raw import check_sources

REPO = Path(__file__).resolve().parents[2]
X, Y = 52000, 28800  # a zoom-16 tile near Lào Cai
SOURCES = """\
# synthetic test register
sources:
  - id: pub-a
    title: "Báo cáo A (synthetic)"
    publisher: "Cơ quan A"
    date: "2023-07-10"
    url: ""
    licence: "not stated"
files:
"""


def _result(tmp_path: Path, year: int = 2021) -> tuple[pd.DataFrame, Snapshot]:
    west, _, _, north = (float(v) for v in tile_bounds(X, Y))
    _, south, east, _ = (float(v) for v in tile_bounds(X + 3, Y + 1))
    middle = (west + east) / 2
    layer = gpd.GeoDataFrame(
        {"unit_code": ["02647", "02671"], "province_code": ["15", "15"], "level": "commune"},
        geometry=[shapely.box(west, south, middle, north), shapely.box(middle, south, east, north)],
        crs="EPSG:4326",
    )
    tiles = [(X, Y, 12_345, 2_000, 31, 10, 4), (X + 3, Y, 1_500, 500, 80, 3, 1)]  # synthetic
    path = write_quarter(tmp_path / "q.parquet", tiles, year=year, quarter=1)
    grid = unit_grid(layer)
    quarter = Quarter("mobile", year, 1)
    snapshot = Snapshot(
        quarter=quarter,
        path=path,
        url=quarter.url("http://127.0.0.1:9"),
        sha256=file_sha256(path),
        size=path.stat().st_size,
        accessed=dt.date.today().isoformat(),
        origin="mirror",
    )
    return aggregate_tiles(read_tiles(path, grid), grid), snapshot


def _project(tmp_path: Path) -> Path:
    raw = tmp_path / "project" / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "sources.yml").write_text(SOURCES, encoding="utf-8")
    shutil.copy(REPO / "data" / "codebook.csv", raw.parent / "codebook.csv")
    return raw


def test_the_table_uses_vietnamese_formats_and_leaves_missing_figures_out(tmp_path: Path) -> None:
    result, snapshot = _result(tmp_path)
    table = ookla_table(result, snapshot)
    first = table[(table["unit"] == "02647")].set_index("indicator")["value"]
    assert first["ookla_mobile_download_kbps"] == "12345"
    assert first["ookla_mobile_tests"] == "10"
    assert first["ookla_mobile_measured_area_share"].endswith("%")
    assert "ookla_mobile_latency_up_ms" not in first.index, "2021 has no such column"
    assert set(table["period"]) == {"2021-Q1"}
    assert set(table["source_id"]) == {"ookla-mobile-2021-q1"}


def test_the_build_publishes_the_figures_with_zero_rejects(tmp_path: Path) -> None:
    raw = _project(tmp_path)
    result, snapshot = _result(tmp_path)
    written = write_ookla_table(result, snapshot, raw)
    assert written == raw / "connectivity" / "ookla" / "mobile_2021_q1.csv"
    check_sources(raw)
    outcome = build(raw, codebook_path=raw.parent / "codebook.csv")
    assert outcome.n_rejected == 0
    assert outcome.n_accepted == len(ookla_table(result, snapshot))
    data = pd.read_parquet(next((raw.parent / "processed").glob("*.parquet")))
    speed = data.set_index(["unit_code", "indicator"]).loc[
        ("02647", "ookla_mobile_download_kbps"), "value"
    ]
    assert float(speed) == 12345
    register = yaml.safe_load((raw / "sources.yml").read_text(encoding="utf-8"))
    source = next(s for s in register["sources"] if s["id"] == "ookla-mobile-2021-q1")
    assert source["licence"] == "CC BY-NC-SA 4.0" and source["publisher"] == "Ookla"
    assert (source["sha256"], source["size"]) == (snapshot.sha256, snapshot.size)
    assert recorded_sha256("mobile", 2021, 1, raw) == snapshot.sha256


def test_writing_again_replaces_the_entries_and_keeps_the_rest_of_the_register(
    tmp_path: Path,
) -> None:
    raw = _project(tmp_path)
    result, snapshot = _result(tmp_path)
    write_ookla_table(result, snapshot, raw)
    first = (raw / "sources.yml").read_text(encoding="utf-8")
    newer = Snapshot(**{**snapshot.__dict__, "sha256": "0" * 64, "accessed": "2031-01-02"})
    write_ookla_table(result, newer, raw)
    text = (raw / "sources.yml").read_text(encoding="utf-8")
    assert text.startswith(SOURCES.split("files:")[0]), "other entries and comments untouched"
    assert text.count("id: ookla-mobile-2021-q1") == 1
    assert text.count("path: connectivity/ookla/mobile_2021_q1.csv") == 1
    assert "0" * 64 in text and snapshot.sha256 not in text
    assert first != text
    check_sources(raw)
