"""The landing page people scan: one card per report with its languages as links, a section for
province profiles and the peer picker when they exist, and the reports without data about their
subject listed apart under "Chưa đủ số liệu" with the reason.

The reports are those of the shipped ``reports.toml``; their renders are synthetic stand-ins
(``index_synthetic``), except where a test runs the province report notebook or reads the
project's rendered reports (the ``report_matrix`` fixture).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from bs4 import BeautifulSoup
from PIL import Image
from reports.index_synthetic import DATA, config_groups, shipped_index, stand_in

from cdskit.errors import ReportError
from cdskit.reports.config import load_config
from cdskit.reports.index import write_index
from cdskit.reports.page import page_details

REPO = Path(__file__).resolve().parents[2]


def soup_of(index: Path) -> BeautifulSoup:
    return BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")


def test_one_card_per_report_of_reports_toml_with_a_link_to_each_language(tmp_path):
    index, _reports = shipped_index(tmp_path)
    soup = soup_of(index)
    groups = list(config_groups().values())
    cards = soup.select("main article")
    assert len(cards) == len(groups)
    assert len(groups) < len(load_config())  # languages were grouped
    for card, members in zip(cards, groups, strict=True):
        assert card["id"] == members[0].name
        for view in ("vi", "en"):
            block = card.select_one(f"div.view.{view}")
            title = block.select_one("h2").get_text(strip=True)
            assert title == (members[0].title_vi if view == "vi" else members[0].title_en)
            links = {a["data-language"]: a["href"] for a in block.select("p.languages a")}
            assert links == {r.language: f"{r.name}.html" for r in members}
            names = {"vi": "Tiếng Việt", "en": "English"}
            assert [a.get_text() for a in block.select("p.languages a")] == [
                names[r.language] for r in members
            ]
            # the title and thumbnail open the page in the view's language when there is one
            own = next((r for r in members if r.language == view), members[0])
            assert block.select_one("h2 a")["href"] == f"{own.name}.html"
            assert block.select_one("a.thumb img")["src"] == f"thumbnails/{own.name}.png"
    lead = soup.select_one("p.lead span.vi").get_text()
    assert lead.startswith(f"{len(groups)} báo cáo, {len(groups)} đã tạo")
    thumbnails = [{img["src"] for img in card.select("a.thumb img")} for card in cards]
    assert len(set().union(*thumbnails)) == sum(map(len, thumbnails))  # no two cards share one
    assert not soup.select("section.others") and not soup.select("section.nodata")


def test_a_report_without_data_is_listed_under_chua_du_so_lieu_with_its_reason(tmp_path):
    reasons = {  # the narrative's notices for a province without figures (synthetic here)
        "vi": "Bộ dữ liệu chưa có số liệu nào của tỉnh Thanh Hóa cho năm 2023.",
        "en": "The dataset holds no figures for Thanh Hóa province for 2023.",
    }

    def details(report):
        if report.parameters.get("province") != "Thanh Hóa":
            return None
        reason = reasons[report.language]
        return page_details(
            report.language, summary=reason, has_data=False, reason=reason, sources={}
        ).details

    index, reports = shipped_index(tmp_path, details)
    soup = soup_of(index)
    empty = [r for r in reports if r.parameters.get("province") == "Thanh Hóa"]
    groups = {r.parameters.get("year") for r in empty}  # one report per year, two languages
    assert empty and len(empty) == 2 * len(groups)
    ids = [card["id"] for card in soup.select("main article")]
    assert not {r.name for r in empty} & set(ids)
    assert len(ids) == len(config_groups()) - len(groups)
    section = soup.select_one("section.nodata")
    assert section.select_one("h2 span.vi").get_text() == "Chưa đủ số liệu"
    assert section.select_one("h2 span.en").get_text() == "Not enough data yet"
    items = section.select("li")
    assert len(items) == len(empty)
    for report in empty:
        item = next(li for li in items if li.a["href"] == f"{report.name}.html")
        assert item["lang"] == report.language
        assert item.select_one(".reason").get_text() == reasons[report.language]
        assert item.a.get_text() == (
            report.title_vi if report.language == "vi" else report.title_en
        )
    lead = soup.select_one("p.lead span.vi").get_text()
    assert f"{len(groups)} chưa đủ số liệu" in lead


def _page(out: Path, href: str, language: str, title: str) -> None:
    path = out / href
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'<!DOCTYPE html><html lang="{language}"><head><title>{title}</title></head></html>',
        encoding="utf-8",
    )


def test_profiles_and_the_peer_picker_have_their_own_section_in_each_language(tmp_path):
    report = load_config()[0]
    entries = [stand_in(tmp_path, report)]
    # synthetic pages, as the profile and peer picker pages are written into the folder
    _page(tmp_path, "peers.html", "vi", "So sánh các tỉnh")
    _page(tmp_path, "peers-en.html", "en", "Compare provinces")
    _page(tmp_path, "profiles/lang-son.html", "vi", "Hồ sơ tỉnh Lạng Sơn")
    _page(tmp_path, "profiles/lang-son-en.html", "en", "Lạng Sơn province profile")
    _page(tmp_path, "profiles/cao-bang.html", "vi", "Hồ sơ tỉnh Cao Bằng")
    soup = soup_of(write_index(tmp_path, entries, DATA))
    sections = {s["lang"]: s for s in soup.select("section.others")}
    assert set(sections) == {"vi", "en"}
    vi, en = sections["vi"], sections["en"]
    assert vi.select_one("ul.peers li > a").get_text() == "So sánh các tỉnh"
    assert [a["href"] for a in vi.select("ul.peers a")] == ["peers.html", "peers-en.html"]
    assert [a.get_text() for a in vi.select("ul.profiles li > a:first-child")] == [
        "Hồ sơ tỉnh Cao Bằng",
        "Hồ sơ tỉnh Lạng Sơn",
    ]
    assert [a.get_text() for a in en.select("ul.profiles li > a:first-child")] == [
        "Lạng Sơn province profile"
    ]
    assert "Hồ sơ tỉnh" not in en.get_text()  # the English view shows no Vietnamese title
    assert len(soup.select("main article")) == 1  # profiles are not report cards
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert {p["href"] for p in manifest["pages"]} == {
        "peers.html",
        "peers-en.html",
        "profiles/lang-son.html",
        "profiles/lang-son-en.html",
        "profiles/cao-bang.html",
    }
    # pages given by the caller replace the folder's; a missing file is not listed
    given = [
        {"kind": "peers", "href": "peers.html", "language": "vi", "title": "Chọn tỉnh"},
        {"kind": "profile", "href": "profiles/none.html", "language": "vi", "title": "Không"},
    ]
    soup = soup_of(write_index(tmp_path, entries, DATA, pages=given))
    assert [a.get_text() for a in soup.select("section.others a")] == ["Chọn tỉnh"]


def _colour_pixels(path: Path, colour: str) -> int:
    """Pixels within a small distance of ``colour`` (``#CC79A7``) in a PNG."""
    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    with Image.open(path) as image:
        pixels = np.asarray(image.convert("RGB"), dtype=int)
    return int((np.abs(pixels - np.array(target)).sum(axis=2) < 40).sum())


@pytest.mark.slow
@pytest.mark.usefixtures("mirror")
def test_a_province_report_without_figures_says_so_and_is_listed_apart(tmp_path):
    """The province report notebook, run on the shipped data: Cao Bằng has no figure for 2023,
    so its page details say so with the narrative's notice and the index lists it apart."""
    config = tmp_path / "reports.toml"
    notebook = (REPO / "notebooks" / "province-report.ipynb").as_posix()
    config.write_text(
        "# synthetic test configuration of the shipped province report notebook\n"
        f'[[report]]\nname = "empty"\nnotebook = "{notebook}"\n'
        'title_vi = "Báo cáo tỉnh {province}"\ntitle_en = "Report on {province}"\n'
        'matrix = { province = ["Cao Bằng"], language = ["vi", "en"] }\n'
        "parameters = { year = 2023 }\n",
        encoding="utf-8",
    )
    from cdskit.reports import render_all

    out = tmp_path / "reports"
    try:
        render_all(config, out, jobs=2, progress=False)
    except ReportError as error:
        pytest.fail(str(error))
    soup = soup_of(out / "index.html")
    assert soup.select("main article") == []  # no card for a report without figures
    items = soup.select("section.nodata li")
    assert [(li["lang"], li.select_one(".reason").get_text()) for li in items] == [
        ("vi", "Bộ dữ liệu chưa có số liệu nào của tỉnh Cao Bằng cho năm 2023."),
        ("en", "The dataset holds no figures for Cao Bằng province for 2023."),
    ]


@pytest.mark.slow
def test_the_shipped_index_shows_each_province_report_with_its_own_chart(report_matrix):
    """The published index of the project's reports: Thanh Hóa's and Lạng Sơn's 2023 reports
    have figures, so each is a card (not listed apart), and each card's thumbnail in each
    language is that province's own rank chart in its colour."""
    out = report_matrix["out"]
    names = ["province-report-lang-son-2023", "province-report-thanh-hoa-2023"]
    statuses = {e["name"]: e["status"] for e in report_matrix["reports"]}
    for name in (*names, *(f"{name}-en" for name in names)):
        assert statuses[name] in ("rendered", "reused"), f"{name} was not rendered"
    soup = soup_of(out / "index.html")
    ids = [card["id"] for card in soup.select("main article")]
    assert [i for i in ids if i in names] == names  # in the order of reports.toml
    listed_apart = {li["data-report"] for li in soup.select("section.nodata li")}
    assert not listed_apart & {*names, *(f"{name}-en" for name in names)}
    thumbnails = {}
    for name in names:
        card = soup.select_one(f"main article#{name}")
        assert card["class"] == ["ok"]
        for view, own in (("vi", name), ("en", f"{name}-en")):
            src = card.select_one(f"div.view.{view} a.thumb img")["src"]
            assert src == f"thumbnails/{own}.png"
            thumbnails[own] = out / src
    for language in ("", "-en"):
        lang_son, thanh_hoa = (thumbnails[f"{name}{language}"] for name in names)
        assert thanh_hoa.read_bytes() != lang_son.read_bytes()
        assert _colour_pixels(thanh_hoa, "#CC79A7") > 20
        assert _colour_pixels(thanh_hoa, "#0072B2") == 0
        assert _colour_pixels(lang_son, "#0072B2") > 20
        assert _colour_pixels(lang_son, "#CC79A7") == 0


@pytest.mark.slow
def test_the_profiles_the_kit_writes_are_listed_by_vintage_in_each_language(tmp_path):
    from cdskit.profiles import write_profiles

    written = write_profiles(tmp_path, pdf="none")
    soup = soup_of(write_index(tmp_path, [stand_in(tmp_path, load_config()[0])], DATA))
    for language in ("vi", "en"):
        section = soup.select_one(f"section.others.{language}")
        mine = [p for p in written if p["language"] == language]
        listed = [a["href"] for a in section.select("ul.profiles li > a:first-child")]
        assert sorted(listed) == sorted(p["path"] for p in mine if p["kind"] == "profile")
        assert [a["href"] for a in section.select("ul.peers li > a:first-child")] == [
            p["path"] for p in mine if p["kind"] == "peers"
        ]
        headings = [h.get_text() for h in section.select("h3")]
        vintages = sorted({p["vintage"] for p in mine if p["kind"] == "profile"})
        assert len(headings) == len(vintages)
        assert ("63 tỉnh" if language == "vi" else "63 provinces") in headings[0]
