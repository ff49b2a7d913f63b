"""What a map says about itself: the archipelagos on national maps, ranks on their full scale,
how many units are published, shares of published totals, and a neutral attribution.

Boundaries are the real layers of the mirror; figures are synthetic test data (ranks in code
order, made-up counts and totals).
"""

from __future__ import annotations

import re

import pytest
from synthetic_maps import (
    SOURCES,
    commune_map,
    national_map,
    provinces_2008,
    synthetic_observations,
)

from cdskit.errors import ParameterError
from cdskit.maps import figure, map_summary, map_table, rank_bands, save_twins
from cdskit.maps import interactive as maps

pytestmark = pytest.mark.usefixtures("mirror", "web_assets")


@pytest.fixture(scope="module")
def national():
    return national_map()


def _english(skip=("01",)):
    boundaries = provinces_2008()
    return maps.choropleth(
        synthetic_observations(boundaries, skip=skip),
        boundaries,
        indicator="dti_rank",
        period="2022",
        language="en",
        allow_missing=True,
        sources=SOURCES,
    )


def test_national_maps_name_hoang_sa_and_truong_sa_on_both_twins(national, tmp_path):
    page = national.to_html()
    assert "Quần đảo Hoàng Sa" in page and "Quần đảo Trường Sa" in page
    files = save_twins(national, tmp_path / "national")
    svg = files["svg"].read_text(encoding="utf-8")
    assert "<!-- Quần đảo Hoàng Sa -->" in svg and "<!-- Quần đảo Trường Sa -->" in svg
    # The labels sit on the archipelagos' published positions, inside the drawn extent.
    west, south, east, north = national.data.units.total_bounds
    for place in national.data.places:
        assert west < place["lon"] < east and south < place["lat"] < north
    english = _english()
    assert "Hoang Sa Archipelago" in english.to_html()
    assert "Truong Sa Archipelago" in english.to_html()


def test_the_boundary_layer_holds_the_islands_the_labels_name(national):
    from shapely.geometry import box

    islands = {
        "Hoàng Sa": box(111.0, 15.7, 113.0, 17.2),
        "Trường Sa": box(111.5, 7.0, 117.9, 11.6),
    }
    for name, area in islands.items():
        assert national.data.units.intersects(area).any(), f"no island polygon near {name}"


def test_province_names_are_written_on_the_national_print_version(national, tmp_path):
    svg = save_twins(national, tmp_path / "labels")["svg"].read_text(encoding="utf-8")
    labelled = set(re.findall(r'id="label-(\d+)"', svg))
    assert len(labelled) >= 25
    assert {"10", "38"} <= labelled  # focus provinces are named first


def test_a_partial_map_of_some_provinces_draws_no_archipelago(mirror, web_assets):
    communes = commune_map()
    assert not communes.data.national and communes.data.places == []
    assert "Quần đảo Hoàng Sa" not in communes.to_html()


def test_ranks_are_classed_on_the_full_scale_of_their_denominator(national):
    classes = national.classification
    assert classes.labels() == [
        "1 – 10",
        "11 – 20",
        "21 – 30",
        "31 – 40",
        "41 – 50",
        "51 – 60",
        "61 – 63",
    ]
    # 60 synthetic ranks 1..60: six full bands, none in the last.
    assert national.data.class_counts == [10, 10, 10, 10, 10, 10, 0]
    assert national.data.coverage == "60/63 tỉnh, thành phố có số liệu"
    assert national.data.warning == ""


def test_rank_bands_of_34_put_14_in_the_second_band_whoever_else_is_published():
    bands = rank_bands(34)
    assert bands.labels("en") == ["1 – 10", "11 – 20", "21 – 30", "31 – 34"]
    assert bands.class_of(14) == 1 and bands.class_of(34) == 3
    assert bands.colours[0] != bands.colours[-1]
    with pytest.raises(ParameterError, match="whole number of units ranked"):
        rank_bands(1)


def test_a_map_where_most_units_lack_a_figure_says_so_in_its_title_area():
    boundaries = provinces_2008()
    published = set(boundaries["unit_code"][:9])
    skip = tuple(c for c in boundaries["unit_code"] if c not in published)
    the_map = _english(skip=skip)
    assert the_map.data.coverage == "9 of 63 provinces with a figure"
    assert the_map.data.warning == "Most units have no published figure"
    page = the_map.to_html()
    title_area = page.split('class="cdskit-panel cdskit-title"')[1].split("</div></div>")[0]
    assert "Most units have no published figure" in title_area
    assert "9 of 63 provinces with a figure" in page.split('cdskit-legend"')[1]


def test_tooltips_write_ranks_with_their_denominator_and_periods_in_words(national):
    units = national.data.units.set_index("unit_code")
    assert re.fullmatch(r"\d+/63", units.loc["10", "value_text"])
    assert set(units["period_text"]) == {"năm 2022", "—"}
    assert "2022-H1" not in national.to_html()


def _counts(boundaries, with_total=True):
    """Synthetic counts of villages with a published total for some provinces."""
    frame = synthetic_observations(boundaries, indicator="villages_with_mobile_coverage")
    frame = frame.assign(period="2023-H1", value=[float(v * 10) for v in range(len(frame))])
    frame["denominator"] = [float(v * 10 + 20) for v in range(len(frame))]
    if with_total:
        frame.loc[frame["unit_code"] == "20", "denominator"] = None
    else:
        frame["denominator"] = None
    return frame


def test_counts_with_a_published_total_are_drawn_as_shares():
    boundaries = provinces_2008()
    the_map = maps.choropleth(
        _counts(boundaries),
        boundaries,
        indicator="villages_with_mobile_coverage",
        period="2023-H1",
        as_share=True,
        allow_missing=True,
        sources=SOURCES,
    )
    units = the_map.data.units.set_index("unit_code")
    assert units.loc["02", "value_text"] == "33,3% (10/30)"
    assert units.loc["20", "value_text"] == "Không có số liệu"  # no published total
    assert the_map.data.legend_title.startswith("Tỷ lệ thôn")
    assert the_map.data.legend_title.endswith("(%)")
    assert all(len(label.split(",")[-1]) <= 6 for label in the_map.classification.labels())
    with pytest.raises(ParameterError, match="published total"):
        maps.choropleth(
            _counts(boundaries, with_total=False),
            boundaries,
            indicator="villages_with_mobile_coverage",
            period="2023-H1",
            as_share=True,
            sources=SOURCES,
        )


def test_the_attribution_is_neutral_and_the_map_is_fitted_whenever_its_frame_is_sized(national):
    page = national.to_html()
    assert 'setPrefix("Leaflet")' in page
    # No fit when the script runs (folium's fit_bounds); only inside the sized-frame check.
    assert not re.search(r"map_[0-9a-f]+\.fitBounds\(", page)
    assert "box.clientWidth === 0" in page and "map.fitBounds(bounds" in page


def test_the_report_table_has_no_order_column_and_keeps_the_focus_provinces(national):
    table = map_table(national, top=5)
    assert table.columns[0] == "Đơn vị" and "Thứ tự" not in " ".join(table.columns)
    assert table.columns[1] == "Hạng"
    names = [row[0] for row in table.rows]
    assert names[:5] == [row[0] for row in map_table(national).rows[:5]]
    for focus in ("Lào Cai", "Thanh Hóa", "Bắc Giang"):
        assert focus in names
    assert any(note.startswith("Hiển thị") for note in table.notes)
    assert "60/63 tỉnh, thành phố có số liệu" in map_summary(national)


def test_the_static_twin_states_coverage_in_its_legend(national):
    fig = figure(national)
    texts = [t.get_text() for t in fig.legends[0].get_texts()] + [
        fig.legends[0].get_title().get_text()
    ]
    assert any("60/63 tỉnh, thành phố có số liệu" in text for text in texts)
