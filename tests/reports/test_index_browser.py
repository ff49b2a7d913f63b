"""The landing page in Chromium, network blocked: the language switch shows one language.

The index lists every report of the shipped ``reports.toml`` (synthetic renders, see
``reports.index_synthetic``). In the Vietnamese view no English card title is visible, and after
a click on "English" no Vietnamese card title is; at 1280 and 390 px wide, with no request
leaving the page and no page error. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reports.index_synthetic import shipped_index

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]


_VISIBLE_TITLES = """() => [...document.querySelectorAll('main article h2, section.nodata li a')]
  .filter(e => e.offsetParent !== null).map(e => e.innerText.trim())"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_language_switch_shows_the_cards_in_one_language(tmp_path, browser, width):
    index, reports = shipped_index(tmp_path)
    vi_titles = {r.title_vi for r in reports}
    en_titles = {r.title_en for r in reports}
    assert not vi_titles & en_titles
    log: dict[str, list[str]] = {"network": [], "errors": []}

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith(("file://", "data:")):
            request_route.continue_()
        else:
            log["network"].append(url)
            request_route.abort()

    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.route("**/*", route)
        page.on("pageerror", lambda error: log["errors"].append(str(error)))
        page.on("console", lambda m: m.type == "error" and log["errors"].append(m.text))
        page.goto(index.as_uri())
        artifacts = REPO / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        for language, shown, hidden in (("vi", vi_titles, en_titles), ("en", en_titles, vi_titles)):
            if language == "en":
                page.click('label[for="lang-en"]')
            titles = page.evaluate(_VISIBLE_TITLES)
            assert set(titles) == shown, language
            assert len(titles) == len(set(titles))  # one card per report, not one per language
            text = page.inner_text("body")
            assert not [title for title in hidden if title in text], language
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.screenshot(path=str(artifacts / f"index-{width}-{language}.png"), full_page=True)
        page.click('label[for="lang-vi"]')
        assert set(page.evaluate(_VISIBLE_TITLES)) == vi_titles
    finally:
        page.close()
    assert log == {"network": [], "errors": []}
