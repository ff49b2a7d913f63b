"""Interactive choropleths: self-contained offline HTML, escaping, classes, parameter checks.

Boundaries are the real layers from the mirror; the figures drawn on them are synthetic test
data (ranks 1..n in code order), so the tests do not depend on which figures are published.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from synthetic_maps import (
    HOSTILE,
    NO_DATA_2008,
    SOURCES,
    commune_map,
    communes_2025,
    feature_collections,
    national_map,
    provinces_2008,
    synthetic_observations,
)

from cdskit.errors import JoinError, ParameterError
from cdskit.maps import MapOptions, gap_table, prepare
from cdskit.maps import interactive as maps
from cdskit.terms import FOCUS_PROVINCES


@pytest.fixture(scope="module")
def national(mirror, web_assets):
    return national_map()


@pytest.fixture(scope="module")
def communes(mirror, web_assets):
    return commune_map()


def test_the_national_map_is_one_offline_file_under_one_megabyte(national, tmp_path):
    path = national.save(tmp_path / "national.html")
    page = path.read_text(encoding="utf-8")
    assert path.stat().st_size <= 1_000_000
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?(https?:)?//", page)
    for cdn in ("jquery", "bootstrap", "font-awesome", "fontawesome", "awesome-markers"):
        assert cdn not in page.lower()
    assert "npm/leaflet@1.9.4/dist/leaflet.js sha256:db49d009" in page
    assert "tile.openstreetmap" not in page


def test_the_commune_map_fits_three_megabytes_with_province_outlines(communes, tmp_path):
    path = communes.save(tmp_path / "communes.html")
    assert path.stat().st_size <= 3_000_000
    units, outlines = feature_collections(path.read_text(encoding="utf-8"))
    assert len(units["features"]) == 429
    assert len(outlines["features"]) == 4
    assert communes.data.outlines is not None and communes.data.highlighted is None


def test_hostile_names_show_as_text_and_never_as_markup(national, tmp_path):
    page = national.save(tmp_path / "national.html").read_text(encoding="utf-8")
    assert HOSTILE not in page
    inert = ("&lt;img src=x onerror=alert(1)&gt;", "\\u003cimg src=x onerror=alert(1)\\u003e")
    assert re.search(r"<img\b", page, re.IGNORECASE) is None
    assert sum(page.count(form) for form in inert) >= 2
    properties = {f["id"]: f["properties"] for f in feature_collections(page)[0]["features"]}
    assert properties["20"]["name"] == "&lt;img src=x onerror=alert(1)&gt;"
    # A rank is written with its denominator, never as the raw published cell.
    assert re.fullmatch(r"\d+/63", properties["38"]["value"])
    assert properties["01"]["source"] == "—"  # no figure, so no source
    assert properties["02"]["source"] == "Synthetic source &lt;img src=x onerror=alert(1)&gt;"
    assert "Synthetic source &lt;img src=x onerror=alert(1)&gt;" in page  # footer


def test_a_hostile_title_is_escaped_in_the_page_and_its_head(mirror, web_assets):
    boundaries = provinces_2008()
    page = maps.choropleth(
        synthetic_observations(boundaries),
        boundaries,
        indicator="dti_rank",
        period="2022",
        title=f"</title>{HOSTILE}",
        sources=SOURCES,
    ).to_html()
    assert HOSTILE not in page and "</title><img" not in page
    assert "<title>&lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;</title>" in page


def test_every_unit_has_a_class_and_missing_units_have_none(national):
    classes = national.classes
    assert len(classes) == 63
    assert {code for code, index in classes.items() if index is None} == set(NO_DATA_2008)
    values = national.data.units.set_index("unit_code")["value"]
    for code, index in classes.items():
        if index is not None:
            assert index == national.classification.class_of(values[code])


def test_units_without_figures_are_hatched_grey_never_a_class_colour(national, tmp_path):
    page = national.save(tmp_path / "national.html").read_text(encoding="utf-8")
    features = feature_collections(page)[0]["features"]
    missing = [f for f in features if f["properties"]["class"] == -1]
    assert {f["id"] for f in missing} == set(NO_DATA_2008)
    assert all(f["properties"]["fill"] not in national.classification.colours for f in missing)
    assert 'id="cdskit-no-data"' in page and "url(#cdskit-no-data)" in page
    assert "Không có số liệu" in page


def test_the_focus_provinces_are_outlined_on_the_national_map(national):
    assert sorted(national.data.highlighted["unit_code"]) == ["10", "20", "24", "38"]


def test_the_legend_states_scheme_units_and_vi_vn_numbers(national, communes):
    page = national.to_html()
    assert "Xếp hạng DTI cấp tỉnh (hạng trên 63)" in page
    assert "Nhóm 10 hạng, thang 1–63 (hạng 1 là cao nhất)" in page
    assert "1 – 10" in page and "61 – 63" in page
    assert "60/63 tỉnh, thành phố có số liệu" in page
    commune_page = communes.to_html()
    assert "Phân loại: ngắt tự nhiên (Fisher–Jenks)" in commune_page
    for label in communes.classification.labels("vi"):
        assert f"{label} <span" in commune_page


def test_the_footer_names_sources_boundary_licence_date_and_version(national):
    footer = " ".join(national.data.footer_lines)
    assert "Synthetic source" in footer
    assert "CC BY-SA 4.0" in footer
    assert "Tạo ngày" in footer and "cdskit 0.1.0" in footer


def test_the_page_records_which_data_boundaries_and_parameters_made_it(national):
    page = national.to_html()
    raw = re.search(r'id="cdskit-provenance">(.*?)</script>', page, re.S).group(1)
    provenance = json.loads(raw)
    assert provenance["indicator"] == "dti_rank" and provenance["period"] == "2022"
    assert provenance["vintage"] == 2008 and provenance["cdskit"] == "0.1.0"
    assert provenance["sources"] == ["synthetic-a"]
    assert provenance["parameters"]["scheme"] == "auto"
    assert provenance["classes"]["scheme"] == "rank_bands"
    assert "CC BY-SA 4.0" in provenance["boundaries"]["credit"]
    assert '<meta name="generator" content="cdskit 0.1.0">' in page


def test_english_maps_translate_title_legend_and_tooltips(mirror, web_assets):
    boundaries = provinces_2008()
    english = maps.choropleth(
        synthetic_observations(boundaries, skip=("01",)),
        boundaries,
        indicator="dti_rank",
        period="2022",
        language="en",
        allow_missing=True,
        sources=SOURCES,
    )
    page = english.to_html()
    assert "Provincial DTI rank — 2022" in page
    assert "Bands of 10 ranks on the full scale 1–63 (1 is best)" in page and "No data" in page
    assert '"Rank"' in page and "Made on" in page and "62 of 63 provinces with a figure" in page
    assert "Không có số liệu" not in page


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (
            {"indicator": "dti_rnak"},
            ParameterError,
            r"'dti_rnak'.*Did you mean 'dti_rank'",
        ),
        (
            {"period": "2021"},
            ParameterError,
            r"period='2021'.*Periods published: 2022 \(province\)",
        ),
        ({"scheme": "quantile"}, ParameterError, r"Did you mean 'quantiles'"),
        ({"language": "vn"}, ParameterError, r"language='vn'.*Did you mean 'vi'"),
        ({"allow_missing": False}, JoinError, r"01"),
        ({"source": "synthetic-c"}, ParameterError, r"source='synthetic-c'.*synthetic-a"),
        (
            {"lanugage": "en"},
            ParameterError,
            r"lanugage= is not a map option\. Did you mean",
        ),
        (
            {"options": {"k": 3}},
            ParameterError,
            r"expected a cdskit\.maps\.MapOptions, got dict",
        ),
    ],
)
def test_bad_parameters_are_refused_with_suggestions(mirror, change, error, message):
    boundaries = provinces_2008()
    arguments = {
        "indicator": "dti_rank",
        "period": "2022",
        "allow_missing": True,
        "sources": SOURCES,
        **change,
    }
    with pytest.raises(error, match=message):
        maps.choropleth(synthetic_observations(boundaries, skip=("01",)), boundaries, **arguments)


def test_prepare_and_choropleth_take_one_set_of_options_with_the_same_defaults(mirror):
    boundaries = provinces_2008()
    observations = synthetic_observations(boundaries, skip=("01",))
    common = {"indicator": "dti_rank", "period": "2022", "sources": SOURCES}
    prepared = prepare(observations, boundaries, allow_missing=True, **common)
    drawn = maps.choropleth(observations, boundaries, allow_missing=True, **common)
    focus = set(FOCUS_PROVINCES[2008])
    # both highlight the focus provinces of the map's vintage unless told otherwise
    assert set(prepared.highlighted["unit_code"]) == focus
    assert set(drawn.data.highlighted["unit_code"]) == focus
    assert prepared.provenance["parameters"] == drawn.data.provenance["parameters"]
    # an options object and keywords over it give the same map as keywords alone
    options = MapOptions(language="en", allow_missing=True, highlight=None)
    by_object = prepare(observations, boundaries, options=options, k=3, **common)
    by_keywords = prepare(
        observations, boundaries, language="en", allow_missing=True, highlight=None, k=3, **common
    )
    assert by_object.highlighted is None and by_keywords.highlighted is None
    assert by_object.title == by_keywords.title and by_object.title.startswith(
        "Provincial DTI rank"
    )
    assert by_object.provenance["parameters"] == by_keywords.provenance["parameters"]
    assert options.k == 5  # the object itself is left as it was


def test_figures_of_another_vintage_are_refused_not_moved(mirror):
    observations = synthetic_observations(provinces_2008())
    with pytest.raises(ParameterError, match=r"vintage \[2008\].*boundaries are vintage 2025"):
        maps.choropleth(observations, communes_2025(), indicator="dti_rank", period="2022")


def test_sources_that_disagree_must_be_chosen_between(mirror, web_assets):
    boundaries = provinces_2008()
    first = synthetic_observations(boundaries)
    second = first.assign(source_id="synthetic-b", value=first["value"] + 1)
    both = pd.concat([first, second])
    with pytest.raises(ParameterError, match=r"Sources disagree on dti_rank 2022 for 63 unit"):
        maps.choropleth(both, boundaries, indicator="dti_rank", period="2022", sources=SOURCES)
    chosen = maps.choropleth(
        both, boundaries, indicator="dti_rank", period="2022", source="synthetic-b", sources=SOURCES
    )
    assert chosen.data.provenance["sources"] == ["synthetic-b"]


def test_sources_that_agree_are_all_cited(mirror, web_assets):
    boundaries = provinces_2008()
    first = synthetic_observations(boundaries)
    both = pd.concat([first, first.assign(source_id="synthetic-b")])
    result = maps.choropleth(both, boundaries, indicator="dti_rank", period="2022", sources=SOURCES)
    assert result.data.provenance["sources"] == ["synthetic-a", "synthetic-b"]
    assert "Second synthetic source" in result.data.units["source_text"].iloc[0]


def test_a_tile_url_without_attribution_is_refused(mirror):
    boundaries = provinces_2008()
    with pytest.raises(ParameterError, match="tiles_attribution="):
        maps.choropleth(
            synthetic_observations(boundaries),
            boundaries,
            indicator="dti_rank",
            period="2022",
            tiles="https://tiles.example/{z}/{x}/{y}.png",
            sources=SOURCES,
        )


def test_saving_replaces_the_file_in_one_step(national, tmp_path):
    target = tmp_path / "map.html"
    target.write_text("previous good output")
    national.save(target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_the_gap_table_ranks_units_from_the_widest_gap_and_lists_missing_ones_last(national):
    table = gap_table(national)
    assert len(table) == 63
    assert list(table.columns[:4]) == [
        "Thứ tự theo khoảng cách",
        "Đơn vị",
        "Giá trị",
        "Cách đơn vị tốt nhất",
    ]
    ranked = table[table["Thứ tự theo khoảng cách"].notna()]
    # Ranks: lower is better, so the widest gap is the largest rank (60 of 60 figures).
    assert ranked.iloc[0]["Giá trị"] == "60/63"
    assert ranked.iloc[0]["Cách đơn vị tốt nhất"] == "59"
    assert ranked.iloc[-1]["Cách đơn vị tốt nhất"] == "0"
    assert list(ranked["Thứ tự theo khoảng cách"]) == list(range(1, 61))
    missing = table[table["Thứ tự theo khoảng cách"].isna()]
    assert len(missing) == 3 and set(missing["Giá trị"]) == {"Không có số liệu"}
    assert table.index[table["Thứ tự theo khoảng cách"].isna()].min() == 60
    assert len(gap_table(national, top=5)) == 5 + 3


def test_basemap_tiles_are_only_added_on_request_and_credited(mirror, web_assets):
    boundaries = provinces_2008()
    page = maps.choropleth(
        synthetic_observations(boundaries),
        boundaries,
        indicator="dti_rank",
        period="2022",
        tiles="https://tiles.example/{z}/{x}/{y}.png",
        tiles_attribution="© Example <maps>",
        sources=SOURCES,
    ).to_html()
    assert "https://tiles.example/{z}/{x}/{y}.png" in page
    # The credit is HTML-escaped (Leaflet shows attributions as HTML), then JSON-encoded.
    assert '"attribution": "\\u00a9 Example \\u0026lt;maps\\u0026gt;"' in page
    assert "<maps>" not in page
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?(https?:)?//", page)
