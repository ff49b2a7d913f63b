"""A focus province has one colour in every chart, map highlight and map legend the kit draws.

The charts and maps are drawn from the shipped dataset (``cdskit.load()``) and the mirrored
boundaries; each colour is read back from what was drawn: the matplotlib artists of the charts
and of the static map, the style function of the interactive map's focus layer, and the legend
of the HTML map.
"""

from __future__ import annotations

import functools
import re

import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from cdskit import charts, load, maps
from cdskit.geo import load_boundaries
from cdskit.maps import static as static_maps
from cdskit.maps._web_page import overlay
from cdskit.terms import FOCUS_COLOURS, FOCUS_PROVINCE_NAMES, FOCUS_PROVINCES, OTHER_COLOURS

#: Each focus province's colour, by the name the charts show (2008 names).
EXPECTED = {
    name: FOCUS_COLOURS[2008][code]
    for name, code in zip(FOCUS_PROVINCE_NAMES, FOCUS_PROVINCES[2008], strict=True)
}
#: Orders in which pages ask for the provinces: the comparison page, and a province report
#: that puts its own province first (Lào Cai) with a province outside the focus.
ORDERS = (
    FOCUS_PROVINCE_NAMES,
    ("Lào Cai", "Lạng Sơn", "Yên Bái", "Hà Giang", "Thanh Hóa", "Bắc Giang"),
)


@functools.cache
def observations():
    return load()


def legend_colours(figure: Figure) -> dict[str, str]:
    """Legend label → colour of its handle (line or patch), over the figure and subfigures."""
    found = {}
    for legend in [*figure.legends, *(leg for sub in figure.subfigs for leg in sub.legends)]:
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
            colour = handle.get_color() if hasattr(handle, "get_color") else handle.get_fc()
            found[text.get_text()] = to_hex(colour)
    return found


def drawn_colours(figure: Figure) -> set[str]:
    """Colours of every line and bar drawn on the chart's axes."""
    colours = set()
    for ax in figure.get_axes():
        colours |= {to_hex(line.get_color()) for line in ax.get_lines()}
        colours |= {to_hex(patch.get_facecolor()) for patch in ax.patches}
        colours |= {to_hex(patch.get_edgecolor()) for patch in ax.patches}
    return colours


@pytest.mark.parametrize("order", ORDERS, ids=["comparison", "lao-cai-report"])
@pytest.mark.parametrize("draw", [charts.dti_ranks, charts.dti_scores, charts.dti_pillar_ranks])
def test_a_focus_province_has_its_own_colour_in_every_chart_whatever_the_order(draw, order):
    figure = draw(observations(), provinces=list(order))
    shown = legend_colours(figure)
    own = {**EXPECTED, "Yên Bái": FOCUS_COLOURS[2008]["15"]}  # a former province of Lào Cai
    assert {n: shown[n] for n in order if n in own} == {
        n: own[n].lower() for n in order if n in own
    }
    assert {EXPECTED[n].lower() for n in order if n in EXPECTED} <= drawn_colours(figure)
    others = [shown[n] for n in order if n not in own]  # Hà Giang: the first other colour
    assert others == [c.lower() for c in OTHER_COLOURS[: len(others)]]


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


def interactive_colours(drawn: maps.Map) -> dict[str, str]:
    """Unit code → outline colour, from the style function of the focus layer."""
    children = drawn.folium_map._children.values()
    layers = [c for c in children if getattr(c, "layer_name", "") == "focus-provinces"]
    assert len(layers) == 1
    layer = layers[0]
    return {
        f["properties"]["unit_code"]: layer.style_function(f)["color"]
        for f in layer.data["features"]
    }


def static_colours(drawn: maps.Map) -> dict[str, str]:
    """Province name → colour of its legend line on the static twin."""
    figure = static_maps.figure(drawn)
    shown = legend_colours(figure)
    outlines = {to_hex(p.get_edgecolor()) for ax in figure.get_axes() for p in ax.patches}
    found = {}
    for label, colour in shown.items():
        if ": " in label:
            name = label.split(": ", 1)[1]
            assert colour in outlines, f"{name}'s outline is not drawn in its legend colour"
            found[name] = colour
    return found


def page_colours(drawn: maps.Map) -> dict[str, str]:
    """Province name → colour of its line in the HTML map's legend."""
    html = overlay(drawn.data)
    pairs = re.findall(r'border-top-color:(#[0-9A-Fa-f]{6})"></span>[^<:]+: ([^<]+)</li>', html)
    return {name: colour.lower() for colour, name in pairs}


@pytest.mark.usefixtures("mirror", "web_assets")
@pytest.mark.parametrize("vintage", [2008, 2025])
def test_a_focus_province_has_the_same_colour_on_the_maps_as_on_the_charts(vintage):
    drawn = rank_map(vintage)
    expected = {code: FOCUS_COLOURS[vintage][code].lower() for code in FOCUS_PROVINCES[vintage]}
    assert {k: v.lower() for k, v in interactive_colours(drawn).items()} == expected
    names = dict(zip(drawn.data.units["unit_code"], drawn.data.units["unit_name"], strict=True))
    by_name = {names[code]: colour for code, colour in expected.items()}
    assert static_colours(drawn) == by_name
    assert page_colours(drawn) == by_name
    chart = legend_colours(charts.dti_ranks(observations()))
    assert by_name[names["20"]] == chart["Lạng Sơn"]  # Lạng Sơn: one blue everywhere
