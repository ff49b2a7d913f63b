"""The saved maps in a real browser: Chromium through Playwright, every request off the page
blocked. Checks one drawn path per unit, the legend, an escaped tooltip, no request, no console
error and no dialog from a hostile unit name. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from synthetic_maps import HOSTILE, NO_DATA_2008, commune_map, national_map

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("mirror", "web_assets")]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def open_offline(browser, path: Path, width: int = 1280):
    """Open ``path`` with every non-file request aborted; return page and event logs."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    log = {"blocked": [], "requests": [], "errors": [], "dialogs": []}

    def route(request_route):
        url = request_route.request.url
        log["requests"].append(url)
        if url.startswith("file://"):
            request_route.continue_()
        else:
            log["blocked"].append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on(
        "console", lambda message: message.type == "error" and log["errors"].append(message.text)
    )
    page.on("pageerror", lambda error: log["errors"].append(str(error)))

    def dialog(event):
        log["dialogs"].append(event.message)
        event.dismiss()

    page.on("dialog", dialog)
    page.goto(path.as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    page.wait_for_timeout(300)
    return page, log


def hover_unit(page, code: str) -> str:
    """Hover the drawn path of unit ``code`` and return the tooltip's text."""
    box = page.evaluate(
        """code => {
            let found = null;
            document.querySelectorAll('path.leaflet-interactive').forEach(() => {});
            for (const key in window) {
                const layer = window[key];
                if (key.startsWith('geo_json_') && layer && layer.eachLayer) {
                    layer.eachLayer(l => {
                        if (l.feature && l.feature.id === code && l.getElement) {
                            const r = l.getElement().getBoundingClientRect();
                            found = {x: r.x + r.width / 2, y: r.y + r.height / 2};
                        }
                    });
                }
            }
            return found;
        }""",
        code,
    )
    assert box is not None, f"unit {code} is not drawn"
    page.mouse.move(box["x"], box["y"])
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.first.wait_for(state="visible", timeout=5000)
    return tooltip.first.inner_text()


@pytest.mark.parametrize(
    ("build", "units", "hostile_code", "name"),
    [
        (national_map, 63, "20", "national-63-provinces-2008"),
        (commune_map, 429, None, "communes-429-2025"),
    ],
)
def test_the_saved_map_draws_every_unit_offline(
    browser,
    tmp_path,
    build,
    units,
    hostile_code,
    name,
):
    the_map = build()
    path = the_map.save(tmp_path / f"{name}.html")
    page, log = open_offline(browser, path)
    try:
        assert page.locator("path.leaflet-interactive").count() == units
        legend = page.locator(".cdskit-legend")
        assert legend.is_visible()
        assert legend.locator("li .swatch").count() == the_map.classification.k + (
            1 if the_map.data.no_data_count else 0
        )
        assert page.locator(".cdskit-footer").is_visible()
        code = hostile_code or the_map.data.units["unit_code"].iloc[len(the_map.data.units) // 2]
        text = hover_unit(page, code)
        expected = (
            HOSTILE
            if hostile_code
            else the_map.data.units.set_index("unit_code").loc[code, "unit_name"]
        )
        assert expected in text
        assert page.locator(".leaflet-tooltip img").count() == 0
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        assert log["blocked"] == []
        assert log["requests"] == [path.as_uri()]
        assert log["errors"] == []
        assert log["dialogs"] == []
    finally:
        page.close()


def test_units_without_figures_show_no_data_in_their_tooltip(browser, tmp_path):
    path = national_map().save(tmp_path / "national.html")
    page, log = open_offline(browser, path)
    try:
        text = hover_unit(page, NO_DATA_2008[1])
        assert "Không có số liệu" in text
        assert log["errors"] == [] and log["blocked"] == []
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_an_embedded_map_draws_every_time_with_its_panels_apart(browser, tmp_path, width):
    """The map as a report shows it (an iframe in a page), opened ten times at each width."""
    the_map = national_map()
    page_path = tmp_path / "embedded.html"
    page_path.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        f"<body><main><h2>Bản đồ</h2>{the_map._repr_html_()}</main></body></html>",
        encoding="utf-8",
    )
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        for _ in range(10):  # one tab, a new document each time
            page.goto(page_path.as_uri())
            assert page.evaluate("() => window.cdskitTestLoad === undefined")
            frame = page.frame_locator("iframe").first
            frame.locator("path.leaflet-interactive").first.wait_for(timeout=10_000)
            state = page.frames[1].evaluate(
                """() => {
                const box = el => document.querySelector(el).getBoundingClientRect();
                const apart = (a, b) => a.bottom <= b.top || a.top >= b.bottom ||
                                        a.right <= b.left || a.left >= b.right;
                const drawn = [...document.querySelectorAll('path.leaflet-interactive')]
                  .filter(p => p.getBoundingClientRect().width > 0).length;
                const credit = document.querySelector('.leaflet-control-attribution');
                return {drawn, credit: credit.textContent.trim(),
                        images: credit.querySelectorAll('svg, img').length,
                        legendFooter: apart(box('.cdskit-legend'), box('.cdskit-footer')),
                        legendTitle: apart(box('.cdskit-legend'), box('.cdskit-title'))};
            }"""
            )
            assert state["drawn"] == 63, state
            assert state["credit"] == "Leaflet" and state["images"] == 0, state
            assert state["legendFooter"] and state["legendTitle"], state
            assert errors == []
            page.evaluate("() => { window.cdskitTestLoad = true; }")
    finally:
        page.close()


def test_an_embedded_map_fits_again_when_its_frame_changes_size(browser, tmp_path):
    """Opened wide and then narrowed to a phone (and back): every unit stays inside the view."""
    page_path = tmp_path / "embedded.html"
    page_path.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        f"<body><main>{national_map()._repr_html_()}</main></body></html>",
        encoding="utf-8",
    )
    inside = """() => {
        const box = document.querySelector('.leaflet-container').getBoundingClientRect();
        const paths = [...document.querySelectorAll('path.leaflet-interactive')];
        const outside = paths.filter(p => {
            const r = p.getBoundingClientRect();
            return r.width === 0 || r.left < box.left - 1 || r.right > box.right + 1 ||
                   r.top < box.top - 1 || r.bottom > box.bottom + 1;
        });
        return {paths: paths.length, outside: outside.length, width: box.width};
    }"""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(page_path.as_uri())
        page.frame_locator("iframe").first.locator("path.leaflet-interactive").first.wait_for()
        for width in (390, 1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(600)
            state = page.frames[1].evaluate(inside)
            assert state["paths"] == 63 and state["outside"] == 0, (width, state)
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_few_provinces_are_named_with_their_values_among_grey_neighbours(
    browser, tmp_path, width
):
    """The village-coverage map of the four focus provinces, undated figures allowed."""
    from synthetic_few_maps import FOCUS, drawn

    the_map = drawn(include_undated=True)
    path = the_map.save(tmp_path / f"few-{width}.html")
    page, log = open_offline(browser, path, width)
    try:
        state = page.evaluate(
            """() => {
            const view = document.querySelector('.folium-map').getBoundingClientRect();
            const inside = r => r.width > 0 && r.left >= view.left - 1 &&
                r.right <= view.right + 1 && r.top >= view.top - 1 && r.bottom <= view.bottom + 1;
            const labels = [...document.querySelectorAll('.cdskit-unit-label')].map(el => ({
                unit: el.dataset.unit, text: el.innerText.replace(/\\s+/g, ' ').trim(),
                shown: inside(el.getBoundingClientRect())}));
            const paths = document.querySelectorAll('path.leaflet-interactive').length;
            return {labels, paths};
        }"""
        )
        by_unit = {label["unit"]: label for label in state["labels"]}
        assert sorted(by_unit) == sorted(FOCUS)
        assert all(label["shown"] for label in state["labels"]), state
        assert by_unit["20"]["text"] == "Lạng Sơn 98,2% (1.534/1.562)"
        assert by_unit["38"]["text"] == "Thanh Hóa 93,6% (1.732/1.850) không muộn hơn 2/2025"
        assert by_unit["24"]["text"] == "Bắc Giang"
        # the four provinces and their grey neighbours (each a path with a tooltip)
        assert state["paths"] == len(FOCUS) + len(the_map.data.context)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"few-provinces-undated-{width}.png"), full_page=True)
        assert "Yên Bái" in hover_unit_named(page, "Yên Bái")
        assert log["blocked"] == [] and log["errors"] == [] and log["dialogs"] == []
    finally:
        page.close()


def hover_unit_named(page, name: str) -> str:
    """Hover a grey context province by its name and return the tooltip's text."""
    box = page.evaluate(
        """name => {
            for (const key in window) {
                const layer = window[key];
                if (!key.startsWith('geo_json_') || !layer || !layer.eachLayer) { continue; }
                let found = null;
                layer.eachLayer(l => {
                    if (l.feature && l.feature.properties.name === name && l.getElement) {
                        const r = l.getElement().getBoundingClientRect();
                        found = {x: r.x + r.width / 2, y: r.y + r.height / 2};
                    }
                });
                if (found) { return found; }
            }
            return null;
        }""",
        name,
    )
    assert box is not None, f"{name} is not drawn"
    page.mouse.move(box["x"], box["y"])
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.first.wait_for(state="visible", timeout=5000)
    return tooltip.first.inner_text()
