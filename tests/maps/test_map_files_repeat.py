"""The same map gives the same bytes in every file, run after run (synthetic test data).

Each run draws the maps in a fresh Python process, so nothing drawn at random in one process
(folium's element names, matplotlib's SVG ids, the time of writing) can hide in a shared state.
"""

from __future__ import annotations

import html
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from fresh_runs import assert_same_bytes, run_twice

from cdskit import maps

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("mirror", "web_assets")]

#: Draws the national map (every format, and the frame a notebook shows) and a map in
#: categories into the folder given as the first argument.
DRAW = """
import sys
from pathlib import Path

import geopandas as gpd
import shapely
from synthetic_maps import national_map

from cdskit import maps

folder = Path(sys.argv[1])
drawn = national_map()
maps.save(drawn, folder, "national")
(folder / "national-frame.html").write_text(drawn._repr_html_(), encoding="utf-8")
units = gpd.GeoDataFrame(
    {"unit_code": ["1", "2"], "unit_name": ["Xã A", "Xã B"], "category": ["gap", "none"]},
    geometry=[shapely.box(105, 21, 105.1, 21.1), shapely.box(105.1, 21, 105.2, 21.1)],
    crs=4326,
)
categories = [
    maps.Category("gap", "Có số liệu", "#d7301f"),
    maps.Category("none", "Không có số liệu", "#f1f3f5", dashed=True),
]
evidence = maps.category_map(
    units, categories, title="Bằng chứng", tooltip=[("unit_name", "Xã")],
    labels=[{"name": "Nơi A", "lat": 21.05, "lon": 105.05}],
)
evidence.save(folder / "categories.html")
(folder / "categories-frame.html").write_text(evidence._repr_html_(), encoding="utf-8")
"""

FILES = (
    "national.html",
    "national.png",
    "national.svg",
    "national.pdf",
    "national-frame.html",
    "categories.html",
    "categories-frame.html",
)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> tuple[Path, Path]:
    return run_twice(DRAW, tmp_path_factory)


def test_both_runs_write_the_same_files(runs):
    assert [sorted(p.name for p in folder.iterdir()) for folder in runs] == [sorted(FILES)] * 2


@pytest.mark.parametrize("name", FILES)
def test_a_map_file_is_byte_identical_in_two_fresh_processes(runs, name):
    assert_same_bytes(runs, name)


def test_a_map_gives_the_same_page_however_often_it_is_written(tmp_path):
    units = gpd.GeoDataFrame(
        {"unit_code": ["1"], "unit_name": ["Xã A"], "category": ["gap"]},
        geometry=[shapely.box(105, 21, 105.1, 21.1)],
        crs=4326,
    )  # synthetic unit
    drawn = maps.category_map(
        units,
        [maps.Category("gap", "Có số liệu", "#d7301f")],
        title="Bằng chứng",
        tooltip=[("unit_name", "Xã")],
    )
    saved = drawn.save(tmp_path / "map.html").read_text(encoding="utf-8")
    assert drawn.to_html() == saved
    assert html.unescape(drawn._repr_html_().split('srcdoc="', 1)[1]) == f'{saved}"></iframe>'
