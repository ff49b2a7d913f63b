"""A map of a few provinces with a few figures: grey neighbours, a name (and value) on each
province, no classes, and undated figures drawn with their date only when allowed.

Boundaries are the real 2008 layers of the mirror; the figures are synthetic test data shaped
like the published village counts (a count and its published total, some undated).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from synthetic_few_maps import (
    FOCUS,
    INDICATOR,
    SOURCES,
    boundaries,
    drawn,
    figure_row,
    observations,
)
from synthetic_maps import feature_collections

from cdskit.errors import ParameterError
from cdskit.geo import load_boundaries
from cdskit.maps import figure, map_summary, map_table, save_twins
from cdskit.maps import interactive as maps

pytestmark = pytest.mark.usefixtures("mirror", "web_assets")

#: Words of a classification, which a committee reader should not see on a map of a few figures.
CLASS_WORDS = {
    "vi": ("phân vị", "Phân loại", "Lớp màu", "Cách đơn vị tốt nhất", "ngắt tự nhiên"),
    "en": ("quantile", "Classes:", "Map class", "Gap to the best unit", "natural breaks"),
}


def _svg(the_map, tmp_path, stem="map") -> str:
    return save_twins(the_map, tmp_path / stem)["svg"].read_text(encoding="utf-8")


def test_the_neighbouring_provinces_are_drawn_in_grey_on_both_twins(tmp_path):
    data = drawn().data
    context = set(data.context["unit_code"])
    # bordering provinces of the same vintage: Yên Bái, Hà Giang, Cao Bằng, Quảng Ninh,
    # Hòa Bình, Nghệ An, Ninh Bình, Bắc Ninh, Hà Nội…; never a drawn one
    assert {"15", "02", "04", "22", "17", "40", "37", "27", "01"} <= context
    assert not context & set(FOCUS)
    assert "79" not in context  # Hồ Chí Minh City borders none of them
    assert set(data.units["unit_code"]) == set(FOCUS)  # context is not a unit of the map
    page = drawn().to_html()
    grey = [
        collection
        for collection in feature_collections(page)
        if any(f["properties"].get("name") == "Yên Bái" for f in collection["features"])
        and not any("unit_code" in f["properties"] for f in collection["features"])
    ]
    assert len(grey) == 1 and len(grey[0]["features"]) == len(context)
    assert "Tỉnh lân cận (để định hướng)" in page
    svg = _svg(drawn(), tmp_path)
    assert all(f'id="context-{code}"' in svg for code in context)
    assert "Tỉnh lân cận (để định hướng)" in svg


def test_every_province_is_named_and_its_value_written_on_both_twins(tmp_path):
    page = drawn().to_html()
    for code in FOCUS:
        assert f'data-unit=\\"{code}\\"' in page or f'data-unit="{code}"' in page
    for name in ("Lào Cai", "Lạng Sơn", "Bắc Giang", "Thanh Hóa"):
        assert f'class=\\"name\\">{name}<' in page or f'class="name">{name}<' in page
    assert "98,2% (1.534/1.562)" in page and "99,1% (1.548/1.562)" in page
    svg = _svg(drawn(), tmp_path)
    for code, name in zip(FOCUS, ("Lào Cai", "Lạng Sơn", "Bắc Giang", "Thanh Hóa"), strict=True):
        assert f'id="label-{code}"' in svg and f"<!-- {name} -->" in svg
    assert "<!-- 98,2% (1.534/1.562) -->" in svg
    # a province without a figure is named, with no value under its name
    assert 'id="value-24"' not in svg
    english = drawn(language="en").to_html()
    assert "98.2% (1,534/1,562)" in english


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_few_figures_have_no_classes_for_committee_readers(tmp_path, language):
    the_map = drawn(language=language)
    assert the_map.data.plain and the_map.classification.describe(language) == ""
    table = map_table(the_map)
    shown = [
        # the panels a reader sees: title, legend, footer (the page's scripts follow them)
        the_map.to_html().split('cdskit-title">')[1].split("<script")[0],
        _svg(the_map, tmp_path, language),
        " ".join(table.columns),
        table.caption,
        " ".join(table.notes),
        map_summary(the_map),
    ]
    for text in shown:
        visible = re.sub(r"<[^>]+>", " ", text)
        for word in CLASS_WORDS[language]:
            assert word.lower() not in visible.lower(), (word, visible[:300])
        assert not re.search(r"\b\d+ (lớp|class(es)?)\b", visible), visible[:300]
    title = "Tỷ lệ thôn, tổ dân phố được phủ sóng di động (%)"
    if language == "en":
        title = "Share of villages and urban groups with mobile coverage (%)"
    assert title in the_map.to_html()
    # the classification is still recorded for the technical details
    assert the_map.data.provenance["classes"]["scheme"] == "plain"


def test_many_figures_are_still_classified():
    boundaries = load_boundaries("province", 2008)
    rows = [
        figure_row(code, name, "2023-H1", 10 + i, 40, "synthetic-h1")
        for i, (code, name) in enumerate(
            zip(boundaries["unit_code"], boundaries["unit_name"], strict=True)
        )
    ]
    the_map = maps.choropleth(
        pd.DataFrame(rows),
        boundaries,
        indicator=INDICATOR,
        period="2023-H1",
        as_share=True,
        sources=SOURCES,
    )
    assert the_map.classification.scheme == "quantiles"
    assert the_map.data.context is None and the_map.data.labels == []  # national map


def test_an_undated_figure_is_drawn_only_when_allowed(tmp_path):
    period_only = drawn().data.units.set_index("unit_code")
    assert pd.isna(period_only.loc["38", "value"]) and not period_only["undated"].any()
    assert "không muộn hơn" not in drawn().to_html()
    assert "không ghi kỳ" not in drawn().data.title

    mixed = drawn(include_undated=True)
    units = mixed.data.units.set_index("unit_code")
    assert units.loc["38", "undated"] and round(units.loc["38", "value"], 1) == 93.6
    assert units.loc["38", "period_text"] == "không muộn hơn 2/2025"
    # unknown time or superseded: never drawn, even when undated figures are allowed
    assert pd.isna(units.loc["24", "value"]) and not units.loc["24", "undated"]
    assert not units.loc["10", "undated"] and units.loc["10", "period_text"] == (
        "6 tháng đầu năm 2023"
    )
    assert "không ghi kỳ" in mixed.data.title and "2/2025" in mixed.data.title
    page = mixed.to_html()
    feature = next(
        f
        for collection in feature_collections(page)
        for f in collection["features"]
        if f.get("id") == "38"
    )
    assert feature["properties"]["undated"] is True
    assert feature["properties"]["period"] == "không muộn hơn 2/2025"
    assert 'id="cdskit-undated-' in page and "url(#cdskit-undated-" in page
    assert "Số liệu không ghi kỳ, không muộn hơn 2/2025 (gạch chéo)" in page
    svg = _svg(mixed, tmp_path)
    assert "<!-- không muộn hơn 2/2025 -->" in svg or "không muộn hơn 2/2025" in svg
    patch = next(p for p in figure(mixed).axes[0].patches if p.get_gid() == "unit-38")
    assert patch.get_hatch() and patch.get_linestyle() != "solid"
    rows = {row[0]: row[1:3] for row in map_table(mixed).rows}
    assert rows["Thanh Hóa"] == ("93,6% (1.732/1.850)", "không muộn hơn 2/2025")
    assert map_table(mixed).columns[:3] == ("Đơn vị", "Giá trị", "Thời điểm")
    english = drawn(include_undated=True, language="en")
    assert "no later than February 2025" in english.to_html()
    assert "Undated figure, no later than February 2025 (hatched)" in english.to_html()


def test_a_wrong_period_lists_the_periods_published():
    with pytest.raises(ParameterError) as raised:
        maps.choropleth(
            observations(),
            boundaries(),
            indicator=INDICATOR,
            period="2023",
            as_share=True,
            allow_missing=True,
            sources=SOURCES,
        )
    message = str(raised.value)
    assert "period='2023'" in message
    assert "Periods published: 2023-H1 (province), 2024 (province)" in message
    assert "include_undated=True" in message
