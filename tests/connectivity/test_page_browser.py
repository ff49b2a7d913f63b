"""The rendered connectivity-gaps page in a real browser (system Chromium, network blocked).

The report is that of the batch runner's render of ``reports.toml`` shared by the test run (the
session fixture ``report_matrix`` of ``tests/conftest.py``); each language is opened at 1280 and
390 px. The map draws the 429 communes of the four 2025 provinces plus the neighbouring
provinces, marks at least every commune with a published figure of its own, and the body holds
no shell command and no empty section heading. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cdskit.connectivity import place_evidence
from cdskit.terms import FOCUS_PROVINCES

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.usefixtures("mirror")]

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
COMMAND = re.compile(
    r"cdskit (?:build|reports|connectivity|check|accept|coverage|dictionary|narrative|boundaries)"
)


@pytest.fixture(scope="module")
def pages(report_matrix) -> dict[str, Path]:
    """The two pages of the render of ``reports.toml`` shared by the test run."""
    entries = {entry["name"]: entry for entry in report_matrix["reports"]}
    for name in ("connectivity-gaps", "connectivity-gaps-en"):
        entry = entries[name]
        failure = report_matrix["failures"].get(name) or entry.get("failure")
        assert entry["status"] in ("rendered", "reused"), (name, failure)
    return {
        "vi": report_matrix["out"] / "connectivity-gaps.html",
        "en": report_matrix["out"] / "connectivity-gaps-en.html",
    }


_COUNT = """() => {
    let communes = 0, context = 0, marked = 0;
    // Object.keys reads no value: a sandboxed frame throws on window.localStorage.
    for (const key of Object.keys(window).filter(k => k.startsWith('geo_json_'))) {
        const layer = window[key];
        if (!layer || !layer.eachLayer) { continue; }
        layer.eachLayer(l => {
            const p = l.feature && l.feature.properties;
            if (!p || !l.getElement || !l.getElement()) { return; }
            if (p.category === undefined) { context += 1; return; }
            communes += 1;
            if (p.category !== 'none' && p.category !== 'district') { marked += 1; }
        });
    }
    return {communes, context, marked};
}"""
_EMPTY_HEADINGS = """() => {
    // The content between a heading and the next one in document order (cells wrap them).
    const headings = Array.from(document.querySelectorAll('h2'));
    const empty = [];
    headings.forEach((h, i) => {
        const range = document.createRange();
        range.setStartAfter(h);
        if (i + 1 < headings.length) { range.setEndBefore(headings[i + 1]); }
        else { range.setEndAfter(document.body.lastChild); }
        const part = range.cloneContents();
        const filled = part.textContent.trim() || part.querySelector('iframe, img, svg, table');
        if (!filled) { empty.push(h.innerText); }
    });
    return empty;
}"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_rendered_page_maps_the_published_evidence_offline(
    pages, browser, language: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    blocked = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("file://", "about:", "data:")):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.goto(pages[language].as_uri())
    frame = next(f for f in page.frames if f.query_selector(".cdskit-legend") is not None)
    frame.wait_for_selector("path.leaflet-interactive")
    page.wait_for_timeout(500)
    counts = frame.evaluate(_COUNT)
    assert counts["communes"] == 429, counts
    assert counts["context"] >= 5, "neighbouring provinces drawn for context"
    placed = place_evidence(FOCUS_PROVINCES[2025], language=language)
    own = placed[~placed["district_figure"] & placed["commune_2025_code"].notna()]
    assert counts["marked"] >= own["commune_2025_code"].nunique() > 0
    title = frame.inner_text(".cdskit-title")
    expected = "không phải bản đồ vùng phủ sóng" if language == "vi" else "not a coverage map"
    assert expected in title
    body = page.evaluate(
        "() => { const c = document.body.cloneNode(true);"
        " c.querySelectorAll('details').forEach(d => d.remove()); return c.innerText; }"
    )
    assert not COMMAND.search(body), COMMAND.search(body)
    assert "tụt hậu" not in body and "lagging" not in body.lower()
    assert page.evaluate(_EMPTY_HEADINGS) == []
    assert blocked == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"connectivity-gaps-{language}-{width}.png", full_page=True)
    page.close()
