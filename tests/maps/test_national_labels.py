"""Every coloured province on a static national map is named: on the map or by number in a key.

The maps are those the kit's reports draw (``reports.toml``: the indicator map of the whole
country), rendered here from the shipped dataset on the real boundaries of the mirror.
"""

from __future__ import annotations

import io
import itertools
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib import rc_context

from cdskit import dataset, maps
from cdskit.geo import load_boundaries

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
_OPTIONS = ("allow_missing", "as_share", "include_undated", "scheme")


def _national_maps() -> list[tuple[str, dict]]:
    """Return (id, parameters) of every report that draws a static map of the whole country."""
    found = []
    for report in tomllib.loads((REPO / "reports.toml").read_text("utf-8"))["report"]:
        parameters = report.get("parameters", {})
        if not report["notebook"].endswith("indicator-map.ipynb") or parameters.get("provinces"):
            continue
        if parameters.get("level", "province") != "province":
            continue
        for language in report.get("matrix", {}).get("language", [report.get("language", "vi")]):
            found.append((f"{report['name']}-{language}", {**parameters, "language": language}))
    return found


NATIONAL = _national_maps()


def test_the_reports_draw_national_maps_of_both_vintages():
    assert {parameters["vintage"] for _, parameters in NATIONAL} == {2008, 2025}


def _draw(parameters: dict) -> maps.Map:
    vintage = int(parameters.get("vintage", 2008))
    return maps.choropleth(
        dataset.load(indicators=parameters["indicator"], vintage=vintage),
        load_boundaries("province", vintage),
        indicator=parameters["indicator"],
        period=str(parameters["period"]),
        language=parameters["language"],
        **{key: parameters[key] for key in _OPTIONS if key in parameters},
    )


def _svg_texts(figure) -> list[str]:
    """Return every text of the figure's SVG, written as text (not as glyph outlines)."""
    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg")
    root = ET.fromstring(buffer.getvalue())
    return [
        " ".join("".join(node.itertext()).split())
        for node in root.iter()
        if node.tag.endswith("}text")
    ]


@pytest.mark.parametrize(("name", "parameters"), NATIONAL, ids=[n for n, _ in NATIONAL])
def test_every_coloured_unit_of_a_national_map_is_named(mirror, name, parameters):
    the_map = _draw(parameters)
    coloured = the_map.data.units[the_map.data.units["class_index"].notna()]
    assert len(coloured) > 0
    figure = maps.figure(the_map)
    texts = _svg_texts(figure)
    numbered = {text.split("  ", 1)[-1] for text in texts}
    named = set(texts) | numbered | {" ".join(text.split()[1:]) for text in texts}
    missing = sorted(set(coloured["unit_name"]) - named)
    assert missing == [], f"{name}: coloured provinces without a name on the map: {missing}"


@pytest.mark.parametrize(("name", "parameters"), NATIONAL, ids=[n for n, _ in NATIONAL])
def test_the_names_and_numbers_on_a_national_map_do_not_overlap(mirror, name, parameters, tmp_path):
    figure = maps.figure(_draw(parameters))
    renderer = figure._get_renderer()
    boxes = []
    for text in figure.axes[0].texts:
        gid = text.get_gid() or ""
        if gid.startswith(("label-", "number-")):
            boxes.append((gid, text.get_window_extent(renderer).shrunk(0.9, 0.8)))
    boxes += [
        (text.get_gid(), text.get_window_extent(renderer))
        for text in figure.texts
        if (text.get_gid() or "").startswith("key-")
    ]
    overlapping = [
        (a, b) for (a, one), (b, other) in itertools.combinations(boxes, 2) if one.overlaps(other)
    ]
    figure.savefig(tmp_path / f"{name}.png", dpi=100)
    assert overlapping == [], f"{name}: overlapping labels {overlapping[:10]}"
