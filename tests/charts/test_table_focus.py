"""The focus provinces' rows are marked in every ranked table: a left border in the province's
colour (the one its charts and maps use) and its name in bold; no other row is marked.

The DTI tables and the national rank maps' tables are built from the shipped dataset
(``cdskit.load()``) and the mirrored boundaries, and read back from their HTML.
"""

from __future__ import annotations

import functools

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from cdskit import charts, load, maps
from cdskit.charts.dti_tables import dti_pillar_table_html, dti_table_html
from cdskit.errors import ParameterError
from cdskit.geo import load_boundaries
from cdskit.tables import document_table
from cdskit.terms import FOCUS_COLOURS, FOCUS_PROVINCE_NAMES, FOCUS_PROVINCES

#: Each focus province's colour by its name in each vintage (Bắc Ninh continues Bắc Giang).
COLOURS = {
    2008: {
        "Lạng Sơn": "#0072B2",
        "Bắc Giang": "#D55E00",
        "Lào Cai": "#009E73",
        "Thanh Hóa": "#CC79A7",
    },
    2025: {
        "Lạng Sơn": "#0072B2",
        "Bắc Ninh": "#D55E00",
        "Lào Cai": "#009E73",
        "Thanh Hóa": "#CC79A7",
    },
}
#: Provinces of a comparison: the four focus provinces and two others, one of them a former
#: province merged into a focus province's successor (Yên Bái, now in Lào Cai).
ASKED = ("Hà Giang", *FOCUS_PROVINCE_NAMES, "Yên Bái")


@functools.cache
def observations():
    return load()


def test_the_expected_colours_are_the_kits_focus_colours():
    for vintage, colours in COLOURS.items():
        assert sorted(colours.values()) == sorted(
            FOCUS_COLOURS[vintage][c] for c in FOCUS_PROVINCES[vintage]
        )


def marked_rows(page: str) -> tuple[dict[str, str], list[str]]:
    """Return name → colour of the marked rows (border on the first cell, bold name) and the
    names of the rows left unmarked."""
    soup = BeautifulSoup(page, "html.parser")
    marked, plain = {}, []
    for row in soup.select("table tbody tr"):
        first = row.find("td")
        name = first.get_text(strip=True)
        style = first.get("style", "")
        if "border-left:4px solid" in style:
            colour = style.split("border-left:4px solid ")[1][:7]
            assert "font-weight:700" in style, name
            assert "cdskit-focus" in row.get("class", []) and row["data-colour"] == colour
            marked.setdefault(name, colour)
            assert marked[name] == colour, name  # every row of a province in one colour
        else:
            assert "font-weight" not in style and "cdskit-focus" not in row.get("class", [])
            plain.append(name)
    return marked, plain


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("table", [dti_table_html, dti_pillar_table_html])
def test_dti_tables_mark_each_focus_province_row_in_its_chart_colour(table, language):
    page = table(observations(), provinces=ASKED, years=[2022, 2023], language=language)
    marked, plain = marked_rows(page)
    assert marked == COLOURS[2008]
    assert set(plain) == {"Hà Giang", "Yên Bái"} and len(plain) == 4  # two years each
    chart = charts.dti_ranks(observations(), provinces=ASKED, years=[2022, 2023])
    legend = {
        text.get_text(): handle.get_color()
        for sub in chart.subfigs
        for leg in sub.legends
        for handle, text in zip(leg.legend_handles, leg.get_texts(), strict=True)
    }
    for name, colour in marked.items():
        assert legend[name].upper() == colour.upper(), name  # the table matches the chart


@functools.cache
def rank_map(vintage: int) -> maps.Map:
    """The national DTI rank map of the shipped data: 2022 (63 provinces) or 2024 (34)."""
    return maps.choropleth(
        observations(),
        load_boundaries("province", vintage),
        indicator="dti_rank",
        period="2022" if vintage == 2008 else "2024",
        allow_missing=True,
    )


@pytest.mark.slow
@pytest.mark.parametrize("vintage", [2008, 2025])
@pytest.mark.parametrize("top", [None, 5])
def test_the_map_rank_table_marks_the_focus_provinces_of_its_vintage(vintage, top):
    marked, plain = marked_rows(maps.map_table(rank_map(vintage), top=top).to_html())
    assert marked == COLOURS[vintage]
    assert plain and not set(plain) & set(COLOURS[vintage])
    if top is None:
        assert len(marked) + len(plain) == (63 if vintage == 2008 else 34)


def test_a_table_marks_the_rows_asked_for_and_refuses_a_colour_that_is_not_one():
    frame = pd.DataFrame({"Tỉnh": ["Lạng Sơn", "Hà Giang", "Bắc Giang"], "Hạng": [6, 40, 9]})
    table = document_table(frame, highlight={"Hà Giang": "#123456"})
    assert table.marks == ("", "#123456", "")
    assert marked_rows(table.to_html()) == ({"Hà Giang": "#123456"}, ["Lạng Sơn", "Bắc Giang"])
    assert document_table(frame).marks == ()  # no focus asked for: nothing marked
    with pytest.raises(ParameterError, match="is not a colour"):
        document_table(frame, highlight={"Hà Giang": "red;background:url(x)"})
