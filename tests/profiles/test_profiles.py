"""Province profiles: one per province with a DTI figure, each figure of the dataset on it."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from cdskit import paths, units
from cdskit.narrative._pdf import page_lines
from cdskit.profiles import read_regions, render_profile, write_profiles
from cdskit.profiles._figures import read_figures
from cdskit.profiles._write import provinces_with_figures
from cdskit.reports.index import write_index
from cdskit.terms import PROVINCE_COUNT

SUFFIXES = ("_rank_in_top10_list", "_rank_in_ordered_list", "_rank_derived", "_rank", "_score")
NO_FIGURE = {"vi": "chưa có số liệu", "en": "no figure"}


class Figures(HTMLParser):
    """Collect the figures a page shows: (edition, indicators, text) of each ``span.fig``."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, tuple[str, ...], str]] = []
        self._open: tuple[str, tuple[str, ...]] | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "span" and "fig" in (attrs.get("class") or "").split():
            self._open = (attrs["data-edition"], tuple(attrs["data-indicators"].split()))
            self.text = ""

    def handle_data(self, data):
        if self._open:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "span" and self._open:
            self.found.append((*self._open, self.text))
            self._open = None


def component(indicator: str) -> str:
    base = indicator.removesuffix("_group63")
    for suffix in SUFFIXES:
        if base.endswith(suffix):
            return base[: -len(suffix)]
    return base


def test_a_profile_exists_for_every_province_with_a_dti_figure_in_both_languages(
    written, dti, stem_of
):
    folder, _entries = written
    expected = {stem_of(v, c) for v, c in dti[["vintage", "unit_code"]].drop_duplicates().values}
    assert len(expected) == dti.groupby("vintage")["unit_code"].nunique().sum()
    for stem in expected:
        assert (folder / "profiles" / f"{stem}.html").is_file(), stem
        assert (folder / "profiles" / f"{stem}-en.html").is_file(), stem
    pages = {p.name for p in (folder / "profiles").glob("*.html")}
    assert pages == {f"{s}.html" for s in expected} | {f"{s}-en.html" for s in expected}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_profile_shows_every_dti_figure_of_its_province(
    written, dti, language, stem_of, text_of
):
    folder, _entries = written
    for (vintage, code), rows in dti.groupby(["vintage", "unit_code"]):
        stem = stem_of(vintage, code) + ("" if language == "vi" else "-en")
        html = (folder / "profiles" / f"{stem}.html").read_text("utf-8")
        parser = Figures()
        parser.feed(html)
        for row in rows.itertuples():
            same = rows[
                (rows["edition"] == row.edition)
                & (rows["indicator"].map(component) == component(row.indicator))
            ]
            of = row.denominator if row.denominator == row.denominator else None
            of = of or PROVINCE_COUNT[vintage]
            text = text_of(same, row.indicator, row.value, of, language)
            hits = [
                f
                for f in parser.found
                if f[0] == row.edition and row.indicator in f[1] and f[2] == text
            ]
            assert hits, f"{stem}: {row.indicator} {row.edition} = {text} not shown"
        count = re.search(r"(?:nêu|shows all) (\d+)", html)
        assert count and int(count.group(1)) == len(rows), stem


@pytest.mark.parametrize("language", ["vi", "en"])
def test_editions_without_a_figure_say_so(written, dti, language, stem_of):
    folder, _entries = written
    overall = dti[dti["indicator"].str.match(r"dti_(rank|score)")]
    editions = {2008: ["2020", "2021", "2022", "2023", "2024-63"], 2025: ["2024"]}
    checked = 0
    for (vintage, code), _rows in dti.groupby(["vintage", "unit_code"]):
        stem = stem_of(vintage, code) + ("" if language == "vi" else "-en")
        html = (folder / "profiles" / f"{stem}.html").read_text("utf-8")
        have = set(
            overall[(overall["vintage"] == vintage) & (overall["unit_code"] == code)]["edition"]
        )
        for edition in editions[vintage]:
            row = re.search(rf'<tr data-edition="{edition}">(.*?)</tr>', html, re.S)
            assert row, f"{stem}: no row for {edition}"
            if edition not in have:
                assert NO_FIGURE[language] in row.group(1), f"{stem} {edition}"
                checked += 1
    assert checked > 100  # most provinces lack most editions: the words must be there


def test_a_change_is_given_in_words_only_between_stated_ranks_of_the_same_count(written):
    folder, _entries = written
    html = (folder / "profiles" / "lang-son-63.html").read_text("utf-8")
    # Lạng Sơn: 16/63 in 2020, 5/63 in 2021 (stated), 4/63† in 2023 (a list position)
    row_2021 = re.search(r'<tr data-edition="2021">(.*?)</tr>', html, re.S).group(1)
    assert "▲ tăng 11 bậc" in row_2021
    row_2023 = re.search(r'<tr data-edition="2023">(.*?)</tr>', html, re.S).group(1)
    assert "bậc" not in row_2023 and "không so sánh" in row_2023
    english = (folder / "profiles" / "lang-son-63-en.html").read_text("utf-8")
    assert "▲ up 11 places" in english


def test_the_63_34_break_and_the_region_are_on_every_page(written):
    folder, _entries = written
    for page in (folder / "profiles").glob("*-34.html"):
        text = page.read_text("utf-8")
        parser = Figures()
        parser.feed(text)
        assert "Xếp hạng trên 34 tỉnh" in text, page.name
        assert parser.found and not [f for f in parser.found if "/63" in f[2]], page.name
    lao_cai = (folder / "profiles" / "lao-cai-34.html").read_text("utf-8")
    assert "<strong>Vùng kinh tế – xã hội:</strong> Trung du và miền núi phía Bắc" in lao_cai
    assert "Nghị quyết số 202/2025/QH15" in lao_cai
    assert 'href="lao-cai-63.html">Tỉnh Lào Cai' in lao_cai
    assert 'href="yen-bai-63.html">Tỉnh Yên Bái' in lao_cai
    old = (folder / "profiles" / "lao-cai-63.html").read_text("utf-8")
    assert "Nghị quyết số 81/2023/QH15" in old and 'href="lao-cai-34.html"' in old


def test_focus_profiles_link_their_province_report(tmp_path):
    (tmp_path / "province-report-lang-son-2023.html").write_text("<p>synthetic report</p>")
    (tmp_path / "province-report-lang-son-2023-en.html").write_text("<p>synthetic report</p>")
    write_profiles(tmp_path, pdf="none")
    vi = (tmp_path / "profiles" / "lang-son-63.html").read_text("utf-8")
    en = (tmp_path / "profiles" / "lang-son-63-en.html").read_text("utf-8")
    assert 'href="../province-report-lang-son-2023.html"' in vi
    assert 'href="../province-report-lang-son-2023-en.html"' in en
    other = (tmp_path / "profiles" / "ha-noi-63.html").read_text("utf-8")
    assert "province-report" not in other


def test_every_profile_is_a_one_page_a4_pdf_linked_from_its_page(written):
    folder, entries = written
    profiles = [e for e in entries if e["kind"] == "profile"]
    assert profiles and all(e["pdf"] for e in profiles)
    for entry in profiles:
        payload = (folder / entry["pdf"]).read_bytes()
        reader = PdfReader(io.BytesIO(payload))
        assert len(reader.pages) == 1, entry["pdf"]
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842), entry["pdf"]
        page = (folder / entry["path"]).read_text("utf-8")
        assert f'href="{Path(entry["pdf"]).name}" type="application/pdf"' in page
    assert len(page_lines((folder / "profiles" / "lang-son-63.pdf").read_bytes())) == 1


def test_the_index_links_each_profile_and_its_pdf(written, tmp_path):
    folder, entries = written
    out = tmp_path / "reports"
    shutil.copytree(folder, out)
    soup = BeautifulSoup(
        write_index(out, [], {"build_hash": "test", "files": []}).read_text("utf-8"), "html.parser"
    )
    for language in ("vi", "en"):
        mine = {e["path"]: e["pdf"] for e in entries if e["kind"] == "profile"}
        mine = {k: v for k, v in mine.items() if k.endswith("-en.html") == (language == "en")}
        section = soup.select_one(f"section.others.{language}")
        shown = {
            li.select_one("a").get("href"): li.select_one("a.pdf").get("href")
            for li in section.select("ul.profiles li")
        }
        assert shown == mine


def test_an_unchanged_print_page_keeps_its_pdf_and_a_changed_one_is_laid_out_again(
    tmp_path, published_pdfs
):
    published_pdfs(tmp_path)  # the PDFs of `make all` when there are (else all laid out here)
    write_profiles(tmp_path, pdf="focus")
    kept = tmp_path / "profiles" / "lang-son-63.pdf"
    redone = tmp_path / "profiles" / "lang-son-63-en.pdf"
    before = {p: p.stat().st_mtime_ns for p in (kept, redone)}
    index = tmp_path / "profiles" / "index.json"
    listed = json.loads(index.read_text("utf-8"))
    for entry in listed:
        if entry.get("pdf") == "profiles/lang-son-63-en.pdf":
            entry["pdf_key"] = "0" * 64  # as if its print page had changed
    index.write_text(json.dumps(listed), "utf-8")
    stamp = tmp_path / "profiles" / "stamp.json"
    stamp.write_text(stamp.read_text().replace('"inputs": "', '"inputs": "0'))  # data changed
    write_profiles(tmp_path, pdf="focus")
    assert kept.stat().st_mtime_ns == before[kept]
    assert redone.stat().st_mtime_ns != before[redone]
    assert len(PdfReader(redone).pages) == 1


def test_the_index_lists_every_page_written(written):
    folder, entries = written
    listed = json.loads((folder / "profiles" / "index.json").read_text("utf-8"))
    assert listed == entries
    assert {e["path"] for e in listed} == {
        *(f"profiles/{p.name}" for p in (folder / "profiles").glob("*.html")),
        "peers.html",
        "peers-en.html",
    }
    assert all(e["title"] and e["language"] in ("vi", "en") for e in listed)


def test_a_warm_run_writes_nothing_and_a_changed_input_writes_again(tmp_path, monkeypatch):
    first = write_profiles(tmp_path, pdf="none")
    page = tmp_path / "profiles" / "lang-son-63.html"
    before = page.stat().st_mtime_ns
    assert write_profiles(tmp_path, pdf="none") == first
    assert page.stat().st_mtime_ns == before
    stamp = tmp_path / "profiles" / "stamp.json"
    stamp.write_text(stamp.read_text().replace('"inputs": "', '"inputs": "0'))
    write_profiles(tmp_path, pdf="none")
    assert page.stat().st_mtime_ns != before


def test_text_from_the_data_is_escaped():
    # Synthetic source title (made up for this test): markup in it must reach the page as text.
    figures = read_figures(__import__("cdskit").dataset.load())
    provinces = provinces_with_figures(figures)
    from cdskit.dataset.citations import load_sources

    sources = dict(load_sources())
    key = next(iter(figures.cell(2008, "20", "overall", "rank", "2022")[0].sources))
    sources[key] = "<script>alert(1)</script> \u202eevil"
    html = render_profile(figures, provinces[(2008, "20")], provinces, "vi", sources=sources)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "\u202e" not in html


def test_the_region_tables_hold_the_six_regions_of_both_vintages():
    raw = paths.raw_dir()
    regions = read_regions(2008)
    sizes = [len(regions.members(r)) for r in regions.regions]
    assert sizes == [14, 11, 14, 5, 6, 13]
    new = read_regions(2025)
    assert len(new.of) == 34
    for code, ids in new.of.items():
        former = units.old_provinces_in(code)["code"]
        assert set(ids) == {regions.of[c][0] for c in former}, code
    with open(raw / "regions" / "regions_34_provinces.csv", encoding="utf-8") as handle:
        spans = {r["province_code"] for r in csv.DictReader(handle) if r["spans_regions"] == "yes"}
    assert spans == {c for c, ids in new.of.items() if len(ids) > 1}
    register = yaml.safe_load((raw / "sources.yml").read_text("utf-8"))
    entries = {f["path"]: f["source"] for f in register["files"]}
    assert entries["regions/regions_63_provinces.csv"] == "quochoi-nq81-2023-qh15"
    assert entries["regions/regions_34_provinces.csv"] == "quochoi-nq202-2025-qh15"
    ids = {s["id"] for s in register["sources"]}
    assert {"quochoi-nq81-2023-qh15", "quochoi-nq202-2025-qh15"} <= ids


def test_pages_send_no_request_of_their_own(written):
    folder, _entries = written
    for page in [*Path(folder, "profiles").glob("*.html"), folder / "peers.html"]:
        text = page.read_text("utf-8")
        assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?:', text), page.name
