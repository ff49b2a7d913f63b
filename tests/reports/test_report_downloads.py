"""Each province report page and its index card link the report's Word, PDF and Markdown files.

The province reports are those of the render of the shipped ``reports.toml`` shared by the test
run (the session fixture ``report_matrix`` of ``tests/conftest.py``). Chromium
opens each page and its index card; every link must resolve to a file that exists, and every PDF
must leave no page under a quarter of text but the last, which holds more than three lines.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from narrative.test_docx_pdf import _pdf_pages, check_page_fill

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("mirror", "web_assets")]

KINDS = ["docx", "pdf", "md"]


@pytest.fixture(scope="module")
def province_reports(report_matrix) -> tuple[Path, list[dict]]:
    """The province reports of the shared render of ``reports.toml``: the folder, their entries."""
    entries = [e for e in report_matrix["reports"] if e["name"].startswith("province-report")]
    return report_matrix["out"], entries


_LINKS = """(selector) => [...document.querySelectorAll(selector)].map(a => ({
  kind: a.dataset.kind, url: new URL(a.getAttribute('href'), document.baseURI).href}))"""


def _file(url: str) -> Path:
    return Path(unquote(urlparse(url).path))


@pytest.mark.browser
def test_each_province_report_page_and_card_link_existing_docx_pdf_and_markdown(
    province_reports, browser
):
    out, entries = province_reports
    assert len(entries) == 16  # 4 provinces x 2 years x 2 languages in reports.toml
    page = browser.new_page()
    try:
        page.goto((out / "index.html").as_uri())
        for entry in entries:
            name = entry["name"]
            assert entry["status"] in ("ok", "rendered", "reused"), (name, entry.get("failure"))
            group = name.removesuffix("-en")
            apart = page.evaluate(
                "ids => ids.some(id => !!document.querySelector("
                '`#chua-du-so-lieu [data-report="${id}"]`))',
                [name, group],
            )
            if apart:  # no figure about its province: listed apart, without a card to link
                continue
            card = page.evaluate(_LINKS, f'p.downloads[data-report="{name}"] a')
            assert [link["kind"] for link in card] == KINDS, name
            assert all(_file(link["url"]).is_file() for link in card), card
        for entry in entries:
            page.goto((out / f"{entry['name']}.html").as_uri())
            links = page.evaluate(_LINKS, "nav.cdskit-downloads a")
            assert [link["kind"] for link in links] == KINDS, entry["name"]
            for link in links:
                target = _file(link["url"])
                assert target.is_file() and target.parent == out / entry["name"], link
                assert target.stat().st_size > 0
    finally:
        page.close()


def test_each_province_report_pdf_is_a4_without_a_near_empty_page(province_reports):
    out, entries = province_reports
    pdfs = sorted(p for e in entries for p in (out / e["name"]).glob("*.pdf"))
    assert len(pdfs) == len(entries)
    for pdf in pdfs:
        pages = _pdf_pages(pdf.read_bytes())
        assert all(p["size"] == pytest.approx((595.28, 841.89), abs=1) for p in pages), pdf.name
        check_page_fill(pages)
        text = " ".join(" ".join(p["text"] for p in pages).split())
        assert "data/raw" not in text, pdf.name
        if pdf.name.endswith("-vi.pdf"):
            assert "Báo cáo chuyển đổi số tỉnh" in text, pdf.name
