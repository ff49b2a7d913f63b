"""The peer picker in a real browser (Chromium through Playwright, every request off the page
blocked): three provinces typed in unusual spellings and "same region", the table holding
exactly the dataset's figures with their marks, no request and no page error, at 1280 and
390 px. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cdskit import units
from cdskit.profiles import read_regions

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
EDITIONS = [("2020", 2008), ("2021", 2008), ("2022", 2008), ("2023", 2008), ("2024-63", 2008)]
EDITIONS += [("2024", 2025)]
NO_FIGURE = {"vi": "chưa có số liệu", "en": "no figure"}


def open_offline(browser, path: Path, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    log = {"requests": [], "errors": []}

    def route(request_route):
        log["requests"].append(request_route.request.url)
        if request_route.request.url == path.as_uri():
            request_route.continue_()
        else:
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and log["errors"].append(m.text))
    page.on("pageerror", lambda error: log["errors"].append(str(error)))
    page.goto(path.as_uri())
    return page, log


def expected_cell(dti, text_of, code: str, edition: str, vintage: int, language: str):
    unit = code if vintage == 2008 else units.new_province_of(code).code
    rows = dti[(dti["vintage"] == vintage) & (dti["unit_code"] == unit)]
    rows = rows[rows["edition"] == edition]
    rows = rows[
        rows["indicator"].str.fullmatch(r"dti_(rank|score)(_in_\w+_list|_derived)?(_group63)?")
    ]
    out = {"rank": set(), "score": set()}
    for row in rows.itertuples():
        what = "rank" if "_rank" in row.indicator else "score"
        of = row.denominator if row.denominator == row.denominator else None
        of = of or (63 if vintage == 2008 else 34)
        out[what].add(text_of(rows, row.indicator, row.value, of, language))
    return out


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_three_unusual_spellings_and_same_region_show_the_datasets_figures(
    browser, written, dti, text_of, width, language
):
    folder, _entries = written
    path = folder / ("peers.html" if language == "vi" else "peers-en.html")
    page, log = open_offline(browser, path, width)
    for spelling in ("lang son", "TP.HCM", "thanh hoa"):
        page.fill("#name", spelling)
        page.press("#name", "Enter")
    assert page.locator("#picked li").count() == 3
    page.click('#picked li[data-code="20"] button.region')
    region = read_regions(2008)
    members = [c for c in region.members(region.of["20"][0]) if c not in ("20", "79", "38")]
    expected_codes = ["20", "79", "38", *members[:3]]
    codes = page.eval_on_selector_all("#table tbody tr", "rows => rows.map(r => r.dataset.code)")
    assert codes == expected_codes
    for code in expected_codes:
        for edition, vintage in EDITIONS:
            cell = page.locator(f'#table tr[data-code="{code}"] td[data-edition="{edition}"]')
            want = expected_cell(dti, text_of, code, edition, vintage, language)
            for what in ("rank", "score"):
                shown = set(cell.locator(f".{what} .fig").all_inner_texts())
                assert shown == want[what], (code, edition, what)
            if not want["rank"] and not want["score"]:
                assert NO_FIGURE[language] in cell.inner_text()
    marked = page.locator('#table .fig[data-kind="list"]').all_inner_texts()
    assert "4/63†" in marked  # Lạng Sơn 2023: a position read from a published list
    assert page.locator("#chart svg circle").count() > 0
    assert page.locator('#chart svg circle[fill="#fff"]').count() > 0  # hollow: † or ‡
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"peers-{language}-{width}.png"), full_page=True)
    page.select_option("#from", "2022")
    page.select_option("#to", "2023")
    headers = page.locator("#table thead tr").nth(1).locator("th").all_inner_texts()
    assert headers[1:] == ["2022", "2023"]
    assert log["requests"] == [path.as_uri()]
    assert log["errors"] == []
    page.close()


def test_an_unknown_name_is_refused_with_advice(browser, written):
    folder, _entries = written
    page, log = open_offline(browser, folder / "peers.html", 1280)
    page.fill("#name", "Atlantis")
    page.press("#name", "Enter")
    assert "Không nhận ra" in page.locator("#message").inner_text()
    assert page.locator("#picked li").count() == 0
    assert log["errors"] == []
    page.close()


def test_a_profile_renders_offline_for_the_screenshot(browser, written):
    folder, _entries = written
    for width in (1280, 390):
        path = folder / "profiles" / "lang-son-63.html"
        page, log = open_offline(browser, path, width)
        assert page.locator("table.overall tbody tr[data-edition]").count() == 5
        page.screenshot(path=str(ARTIFACTS / f"profile-lang-son-63-{width}.png"), full_page=True)
        assert log["errors"] == [] and log["requests"] == [path.as_uri()]
        page.close()
