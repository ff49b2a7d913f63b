"""The static twin: same classes and colours as the HTML map, A4 PNG/SVG/PDF, Vietnamese font."""

from __future__ import annotations

import io
import re
import warnings
import xml.etree.ElementTree as ET

import pytest
from matplotlib.figure import Figure
from PIL import Image
from synthetic_maps import NO_DATA_2008, feature_collections, national_map

from cdskit.errors import ParameterError
from cdskit.fonts import FAMILY, font_path, missing_glyphs, vietnamese_letters
from cdskit.maps import save
from cdskit.maps import static as static_maps
from cdskit.maps.classification import NO_DATA_FILL

pytestmark = pytest.mark.usefixtures("mirror", "web_assets")

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("static")
    return static_maps.save_twins(national_map(), folder / "national")


def svg_unit_fills(path) -> dict[str, str]:
    """Return the fill of every ``unit-<code>`` patch in a matplotlib SVG.

    A hatched patch is filled with a pattern; its fill is reported as the pattern's background.
    """
    root = ET.parse(path).getroot()
    patterns = {
        pattern.get("id"): pattern.find(f"{SVG}rect").get("fill")
        for pattern in root.iter(f"{SVG}pattern")
    }
    fills = {}
    for group in root.iter(f"{SVG}g"):
        gid = group.get("id", "")
        if gid.startswith("unit-"):
            style = group.find(f"{SVG}path").get("style", "")
            fill = re.search(r"fill: (#[0-9a-f]{6}|url\(#(\w+)\))", style)
            fills[gid.removeprefix("unit-")] = (
                patterns[fill.group(2)] if fill.group(2) else (fill.group(1))
            )
    return fills


def test_every_format_is_written_and_the_png_is_a4_landscape_at_200_dpi(written):
    assert sorted(written) == ["pdf", "png", "svg"]
    with Image.open(written["png"]) as image:
        assert image.size == (2338, 1654)
        assert image.info["Software"] == "cdskit 0.1.0"
        assert "indicator dti_rank, period 2022, vintage 2008" in image.info["Description"]
    assert written["pdf"].read_bytes().startswith(b"%PDF")


def test_the_interactive_and_static_maps_put_every_unit_in_the_same_class(written, tmp_path):
    the_map = national_map()
    page = the_map.save(tmp_path / "national.html").read_text(encoding="utf-8")
    html_classes = {
        f["id"]: f["properties"]["class"] for f in feature_collections(page)[0]["features"]
    }
    colours = the_map.classification.colours
    static_classes = {
        code: colours.index(fill) if fill in colours else -1
        for code, fill in svg_unit_fills(written["svg"]).items()
    }
    assert len(static_classes) == 63
    assert static_classes == html_classes
    assert {code for code, index in static_classes.items() if index == -1} == set(NO_DATA_2008)
    fills = svg_unit_fills(written["svg"])
    assert {fills[code] for code in NO_DATA_2008} == {NO_DATA_FILL}


def test_the_static_legend_title_and_footer_match_the_interactive_ones(written):
    figure = static_maps.figure(national_map())
    texts = [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]
    joined = "\n".join(texts).replace("\n", " ")
    data = national_map().data
    assert data.title in joined and data.subtitle in joined
    for label in data.classification.labels("vi"):
        assert label in joined
    assert data.classification.describe("vi") in joined
    assert "Không có số liệu" in joined and "Tỉnh trọng tâm" in joined
    assert "CC BY-SA 4.0" in joined and "cdskit 0.1.0" in joined


def test_pdf_and_svg_carry_the_provenance(written):
    pdf = written["pdf"].read_bytes()
    assert b"/Creator (cdskit 0.1.0)" in pdf
    assert "indicator dti_rank".encode("utf-16-be") in pdf  # /Subject, a UTF-16 string
    svg = written["svg"].read_text(encoding="utf-8")
    assert "<dc:title>" in svg and "dti_rank" in svg


def test_the_font_has_every_vietnamese_letter():
    letters = vietnamese_letters()
    assert len(letters) == 2 * (12 * 6 + 21)
    assert "DejaVuSans" in font_path().name
    assert missing_glyphs(letters) == []


def test_rendering_every_vietnamese_letter_raises_no_missing_glyph_warning():
    figure = Figure()
    letters = vietnamese_letters()
    for row in range(0, len(letters), 40):
        figure.text(0.02, 0.95 - row / 300, letters[row : row + 40], family=FAMILY)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        for kind in ("png", "pdf", "svg"):
            figure.savefig(io.BytesIO(), format=kind)


def test_a_missing_glyph_is_reported():
    assert missing_glyphs("Lạng Sơn \u4e2d") == ["\u4e2d"]


def test_an_unknown_format_is_refused_with_a_suggestion_and_nothing_is_written(tmp_path):
    with pytest.raises(ParameterError, match=r"formats: 'jpg'.*png, svg, pdf\. Did you mean 'png'"):
        static_maps.save_twins(national_map(), tmp_path / "map", formats=["jpg"])
    with pytest.raises(ParameterError, match=r"formats: 'jpg'.*html, png, svg, pdf"):
        save(national_map(), tmp_path, "map", formats=["jpg"])
    assert list(tmp_path.iterdir()) == []


def test_save_writes_the_chosen_formats_and_links_them_from_the_folder(tmp_path):
    the_map = national_map()
    links = save(the_map, tmp_path / "out", "national", formats=["html", "svg"])
    assert [path.name for path in links.files.values()] == ["national.html", "national.svg"]
    assert links.links == (("html", "out/national.html"), ("svg", "out/national.svg"))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["national.html", "national.svg"]
    with pytest.raises(ParameterError, match="'html' needs the map itself"):
        save(the_map.data, tmp_path, "data-only")
