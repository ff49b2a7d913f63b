"""Acceptance tests of issue #16: narratives an official can sign.

Two kinds of tests:

* **Shipped data.** Every focus province (:data:`cdskit.terms.FOCUS_PROVINCE_NAMES`) × year
  2020–2025 × language of the processed dataset. The expectations are built from the data
  (each figure's ``time_basis``, ``as_of``, ``superseded_by`` and ``qualifier``; copy sites
  from ``source_citations.csv``), never from a list of known cases: a figure is stated in its
  year (or as a marked comparison), a bounded-time figure only in the reference list of its
  year and without status words, every qualifier in its words, no build provenance in the
  reader text, one note per source.
* **Synthetic** (every test name says so): one rule at a time on small made-up observations
  (:mod:`narrative.signable_synthetic`), every qualifier through every writer, and the dating
  register on synthetic rows.

Narratives of the shipped data are built once per module; the PDF is rendered for three
reports only.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser

import geopandas as gpd
import pandas as pd
import pytest
from conftest import once_per_run
from docx import Document
from narrative.signable_synthetic import dated, narrate, undated
from shapely.geometry import Point

from cdskit import dataset, paths
from cdskit.charts._draw import rank_text, score_text
from cdskit.charts._dti_data import Shown
from cdskit.dataset import load_codebook
from cdskit.dataset.citations import load_sources
from cdskit.errors import InputError
from cdskit.formatting import QUALIFIER_WORDS, format_number, format_rank
from cdskit.maps._labels import label_units
from cdskit.narrative import (
    build_narrative,
    key_figures,
    to_docx_bytes,
    to_html,
    to_markdown,
    to_pdf_bytes,
)
from cdskit.narrative._format import has_denominator, number
from cdskit.narrative._select import province_across_reform
from cdskit.narrative._templates import label, say
from cdskit.narrative._topics import FIGURE_TOPICS
from cdskit.narrative._writers import PARTS
from cdskit.processing.dating import DATING_FILE, REGISTER_COLUMNS, date_observations, read_dating
from cdskit.raw.citing import read_citations
from cdskit.terms import FOCUS_PROVINCE_NAMES
from cdskit.values import QUALIFIERS

YEARS = tuple(range(2020, 2026))
LANGUAGES = ("vi", "en")
CASES = [(p, y, lang) for p in FOCUS_PROVINCE_NAMES for y in YEARS for lang in LANGUAGES]
VI_CASES = [case for case in CASES if case[2] == "vi"]
#: Reports whose PDF is rendered (the two the issue asks to paste, and an absorbed province).
PDF_CASES = [("Lạng Sơn", 2023, "vi"), ("Lào Cai", 2024, "vi"), ("Bắc Giang", 2024, "vi")]
#: Present-tense status words a figure of bounded time is never written with.
STATUS_WORDS = {
    "vi": re.compile(r"(?<!\w)(còn|hiện nay|hiện có|vẫn|chưa)(?!\w)", re.IGNORECASE),
    "en": re.compile(r"\b(still|currently|now)\b", re.IGNORECASE),
}
#: Build provenance and transcription remarks a reader of a vi page must never see.
PROVENANCE = re.compile(
    r"data/raw|\.csv|byline|not printed|copy on|original publisher|ô gốc|dòng \d",
    re.IGNORECASE,
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _id(case: tuple) -> str:
    return "-".join(str(part) for part in case)


def _figure_key(figure) -> tuple:
    return (figure.vintage, figure.unit_code, figure.indicator, figure.period)


def _row_key(row: dict) -> tuple:
    return (int(row["vintage"]), str(row["unit_code"]), str(row["indicator"]), str(row["period"]))


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _text_of(value: object) -> str:
    return "" if _blank(value) else str(value).strip()


# Readers of each writer's output -------------------------------------------------------------


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return "".join(parser.parts)


def _docx_text(data: bytes) -> str:
    """Paragraphs, table cells and the footnotes part of a Word file, one paragraph a line."""
    document = Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ET.fromstring(archive.read("word/footnotes.xml"))
    for paragraph in root.iter(f"{W}p"):
        parts.append("".join(t.text or "" for t in paragraph.iter(f"{W}t")))
    return "\n".join(parts)


def _reader_html(story, table) -> str:
    return to_html(story, table=table, parts=tuple(p for p in PARTS if p != "technical"))


# ---------------------------------------------------------------------------------------------
# Shipped data, built once


@pytest.fixture(scope="module")
def shipped():
    """The processed dataset, codebook and sources, and what the tests expect of them."""
    frame = dataset.load()
    book = dataset.load_codebook()
    citations = read_citations(paths.raw_dir())
    copy_sites = set(citations.loc[citations["copy_site"], "source_id"])
    records = frame[frame["value"].notna()].to_dict("records")
    sources_of: dict[tuple, set[str]] = {}
    for row in records:
        sources_of.setdefault(_row_key(row), set()).add(str(row["source_id"]))
    return {
        "frame": frame,
        "book": book,
        "sources": load_sources(),
        "kinds": dict(zip(book["indicator"], book["kind"], strict=True)),
        "copy_sites": copy_sites,
        "records": records,
        "qualifier": {
            (*_row_key(row), str(row["source_id"])): _text_of(row["qualifier"]) for row in records
        },
        "superseded": {
            (*_row_key(row), str(row["source_id"]))
            for row in records
            if _text_of(row["superseded_by"])
        },
        "only_copies": {key for key, ids in sources_of.items() if ids <= copy_sites},
    }


@pytest.fixture(scope="module")
def reports(shipped, tmp_path_factory):
    """Every focus report of 2020–2025 in both languages, with its key-figures table.

    Written once per test run (the workers share them).
    """

    def make(_folder):
        out = {}
        for case in CASES:
            story = build_narrative(
                *case,
                observations=shipped["frame"],
                codebook=shipped["book"],
                sources=shipped["sources"],
            )
            out[case] = (story, key_figures(story, shipped["book"]))
        return out

    return once_per_run(tmp_path_factory, "signable-reports", make)


def _stated(story):
    """Yield (section, sentence) outside the reference list."""
    for section in story.sections:
        if section.topic != "reference":
            for sentence in section.sentences:
                yield section, sentence


def _reference(story):
    for section in story.sections:
        if section.topic == "reference":
            yield from section.sentences


def _is_comparison(figure, sentence, year: int) -> bool:
    """An earlier figure of the same unit and indicator beside one of the year, period named."""
    if not figure.dated or figure.year is None or figure.year >= year:
        return False
    return str(figure.year) in sentence.text and any(
        other.dated
        and other.year == year
        and other.indicator == figure.indicator
        and other.unit_code == figure.unit_code
        for other in sentence.figures
    )


def _is_dti_change(figure, sentence, year: int) -> bool:
    """A DTI change sentence: the previous edition, named, beside the year's.

    The merged province's 2024 rank (vintage 2025) and the former province's 2023 rank
    (vintage 2008) are different units, so this is allowed beside :func:`_is_comparison`.
    """
    if not figure.indicator.startswith("dti_") or figure.year != year - 1 or not figure.dated:
        return False
    return str(year - 1) in sentence.text and any(
        other.indicator == figure.indicator and other.year == year and other.dated
        for other in sentence.figures
    )


def _is_census_context(figure, sentence, year: int) -> bool:
    """The census population named beside a district or commune stated for the year.

    A context figure, not a statement of the year: the census year is named ("theo Tổng điều
    tra dân số năm 2019") and the unit is the one of a figure of the year in the sentence.
    """
    if figure.indicator != "population" or not figure.dated:
        return False
    return str(figure.year) in sentence.text and any(
        other.dated
        and other.year == year
        and other.indicator != "population"
        and other.unit_code == figure.unit_code
        and other.vintage == figure.vintage
        for other in sentence.figures
    )


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_every_figure_is_stated_in_its_year_or_as_a_comparison(case, reports):
    """(a) Outside the reference list a figure is of the report's year, or a marked comparison
    (an earlier figure of the unit and indicator, or the previous DTI edition, named beside
    the year's; or the census population of the unit, its year named); in the reference list
    it is bounded (no later than / until) by a date of the year.
    """
    story, _ = reports[case]
    year = case[1]
    wrong = []
    for section, sentence in _stated(story):
        for figure in sentence.figures:
            if figure.dated and figure.year == year:
                continue
            if (
                _is_comparison(figure, sentence, year)
                or _is_dti_change(figure, sentence, year)
                or _is_census_context(figure, sentence, year)
            ):
                continue
            wrong.append((section.topic, figure.indicator, figure.period, sentence.text))
    for sentence in _reference(story):
        for figure in sentence.figures:
            bounded = figure.time_basis in ("no_later_than", "until")
            if not bounded or figure.as_of[:4] != str(year):
                wrong.append(("reference", figure.indicator, figure.as_of, sentence.text))
    assert not wrong, wrong


def _province_keys(shipped, province: str) -> set[tuple]:
    """Figure keys of the province's rows (its units in each vintage it is followed in)."""
    codes = province_across_reform(province).codes
    return {
        _row_key(row)
        for row in shipped["records"]
        if int(row["vintage"]) in codes
        and codes[int(row["vintage"])] in (str(row["unit_code"]), _text_of(row["province_code"]))
    }


def test_the_reference_list_holds_every_bounded_figure_of_its_year(reports, shipped):
    """(a) From the data: each focus-province figure bounded by a date of year Y (and not only
    on a copy site) is listed in the Y report's reference list, in both languages.
    """
    bounded = [
        row
        for row in shipped["records"]
        if row["time_basis"] in ("no_later_than", "until") and str(row["as_of"])[:4].isdigit()
    ]
    assert bounded, "the shipped data has bounded-time figures"
    checked = 0
    for province in FOCUS_PROVINCE_NAMES:
        own = _province_keys(shipped, province)
        for year in YEARS:
            expected = {
                _row_key(row)
                for row in bounded
                if str(row["as_of"])[:4] == str(year)
                and _row_key(row) in own
                and _row_key(row) not in shipped["only_copies"]
            }
            for language in LANGUAGES:
                story, _ = reports[(province, year, language)]
                listed = {_figure_key(f) for s in _reference(story) for f in s.figures}
                assert expected <= listed, (province, year, language, expected - listed)
                checked += len(expected)
    assert checked, "no bounded figure of a focus province was checked"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_no_bounded_figure_is_written_with_a_status_word(case, reports):
    """(b) A sentence stating a figure without a period has no present-tense status word
    (the qualifier's own words, such as "chưa đến", left aside).
    """
    story, _ = reports[case]
    language = case[2]
    wrong = []
    for sentence in story.sentences:
        if not any(f.time_basis != "period" for f in sentence.figures):
            continue
        text = sentence.text
        for figure in sentence.figures:
            if figure.qualifier:
                text = text.replace(QUALIFIER_WORDS[figure.qualifier][language], "")
        found = STATUS_WORDS[language].findall(text)
        if found:
            wrong.append((sentence.text, found))
    assert not wrong, wrong


def _number_text(figure, language: str, kinds: dict[str, str]) -> str:
    kind = kinds.get(figure.indicator, "count")
    text = number(figure.value, language, kind)
    if has_denominator(figure) and kind != "percent":
        text = f"{text}/{format_number(figure.denominator, language)}"
    return text


def _qualified(words: str, shown: str) -> re.Pattern:
    """The qualifier's words right before the number (and nothing else before the number)."""
    return re.compile(rf"(?<!\w){re.escape(words)}\s+{re.escape(shown)}(?![\d])")


def _table_values(story, table: pd.DataFrame) -> dict[tuple, str]:
    """Key-figures value by figure key (one row per figure, in order of first statement)."""
    keys: list[tuple] = []
    for sentence in story.sentences:
        for figure in sentence.figures:
            if _figure_key(figure) not in keys:
                keys.append(_figure_key(figure))
    values = table[story.labels["value"]].tolist()
    assert len(keys) == len(values)
    return dict(zip(keys, values, strict=True))


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_every_qualifier_of_the_data_is_written_in_sentence_and_table(case, reports, shipped):
    """(c) A stated figure whose dataset row has a qualifier carries it, and shows it in the
    language's words right before its number in the sentence and in the key-figures table.
    """
    story, table = reports[case]
    language = case[2]
    values = _table_values(story, table)
    wrong = []
    for sentence in story.sentences:
        for figure in sentence.figures:
            stored = shipped["qualifier"][(*_figure_key(figure), figure.source_id)]
            if stored != figure.qualifier:
                wrong.append(("figure", figure.indicator, stored, figure.qualifier))
            if not stored:
                continue
            words = QUALIFIER_WORDS[stored][language]
            pattern = _qualified(words, _number_text(figure, language, shipped["kinds"]))
            if not pattern.search(sentence.text):
                wrong.append(("sentence", figure.indicator, words, sentence.text))
            if not pattern.fullmatch(values[_figure_key(figure)]):
                wrong.append(("table", figure.indicator, words, values[_figure_key(figure)]))
    assert not wrong, wrong


def test_the_shipped_reports_state_qualified_figures(reports):
    """(c) The check above bites: the shipped reports state qualified figures, "dưới" among them."""
    stated = {
        figure.qualifier
        for story, _ in reports.values()
        for sentence in story.sentences
        for figure in sentence.figures
        if figure.qualifier
    }
    assert {"hơn", "trên", ">", "gần"} <= stated, stated


def test_every_qualified_figure_of_another_province_keeps_its_qualifier(shipped):
    """(c) From the data: a qualified figure of a province outside the focus reports ("dưới
    10%" of Bắc Ninh 2024) is stated in its own report with its words, sentence and table.
    """
    focus = {province_across_reform(name).codes.get(2025) for name in FOCUS_PROVINCE_NAMES}
    focus |= {province_across_reform(name).codes.get(2008) for name in FOCUS_PROVINCE_NAMES}
    rows = [
        row
        for row in shipped["records"]
        if _text_of(row["qualifier"])
        and row["unit_level"] == "province"
        and row["time_basis"] == "period"
        and str(row["unit_code"]) not in focus
        and _row_key(row) not in shipped["only_copies"]
    ]
    assert any(_text_of(row["qualifier"]) == "dưới" for row in rows)
    wrong = []
    for row in rows:
        for language in LANGUAGES:
            story = build_narrative(
                str(row["unit_name"]),
                int(str(row["period"])[:4]),
                language,
                observations=shipped["frame"],
                codebook=shipped["book"],
                sources=shipped["sources"],
            )
            values = _table_values(story, key_figures(story, shipped["book"]))
            stated = [
                (sentence, figure)
                for sentence in story.sentences
                for figure in sentence.figures
                if _figure_key(figure) == _row_key(row)
            ]
            if not stated:
                wrong.append(("not stated", row["unit_name"], row["indicator"], language))
            for sentence, figure in stated:
                words = QUALIFIER_WORDS[figure.qualifier][language]
                pattern = _qualified(words, _number_text(figure, language, shipped["kinds"]))
                if not pattern.search(sentence.text):
                    wrong.append(("sentence", sentence.text))
                if not pattern.fullmatch(values[_figure_key(figure)]):
                    wrong.append(("table", values[_figure_key(figure)]))
    assert not wrong, wrong


def _provenance(text: str) -> list[str]:
    return sorted({match.group(0) for match in PROVENANCE.finditer(text)})


@pytest.mark.parametrize("case", VI_CASES, ids=_id)
def test_vi_reader_text_has_no_build_provenance(case, reports):
    """(d) The HTML reader text (no technical details), the Markdown and the Word file
    (body, table and footnotes part) of a vi report show no raw file, line or remark.
    """
    story, table = reports[case]
    found = {
        "html": _provenance(_html_text(_reader_html(story, table))),
        "markdown": _provenance(to_markdown(story, table=table)),
        "docx": _provenance(_docx_text(to_docx_bytes(story, table=table))),
    }
    assert not any(found.values()), found


def test_the_technical_details_keep_the_raw_cells(reports):
    """(d) The provenance left out of the reader text is in the HTML technical details."""
    story, table = reports[("Lào Cai", 2024, "vi")]
    assert story.footnotes
    page = to_html(story, table=table)
    assert all(note.technical.startswith("data/raw/") for note in story.footnotes)
    assert story.footnotes[0].technical in _html_text(page)


@pytest.mark.parametrize("case", PDF_CASES, ids=_id)
def test_vi_pdf_text_has_no_build_provenance(case, reports):
    """(d) The A4 PDF of a vi report, read back with pypdf, shows no build provenance."""
    from pypdf import PdfReader

    story, table = reports[case]
    reader = PdfReader(io.BytesIO(to_pdf_bytes(story, table=table)))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert "Báo cáo" in text  # the text layer is read
    assert not _provenance(text), _provenance(text)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_no_superseded_figure_is_stated(case, reports, shipped):
    """(e) A figure the data marks superseded is never stated outside the reference list."""
    story, _ = reports[case]
    assert shipped["superseded"], "the shipped data marks superseded figures"
    wrong = [
        (figure.indicator, figure.unit_name, sentence.text)
        for _, sentence in _stated(story)
        for figure in sentence.figures
        if figure.superseded_by or (*_figure_key(figure), figure.source_id) in shipped["superseded"]
    ]
    assert not wrong, wrong


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_a_figure_only_on_copy_sites_never_appears(case, reports, shipped):
    """(f) A figure whose every source is a copy site is not stated; no copy site is cited."""
    story, _ = reports[case]
    assert shipped["only_copies"], "the shipped data has figures read only on copy sites"
    stated = {_figure_key(f) for sentence in story.sentences for f in sentence.figures}
    assert not stated & shipped["only_copies"]
    cited = {note.source_id for note in story.footnotes}
    assert not cited & shipped["copy_sites"]


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_one_note_per_source_numbered_in_order_of_first_citation(case, reports):
    """(g) One note per source, numbered 1..N in reading order; each sentence's notes name
    every source of its figures (and of the other sources it names).
    """
    story, _ = reports[case]
    ids = [note.source_id for note in story.footnotes]
    assert len(ids) == len(set(ids)), ids
    assert [note.number for note in story.footnotes] == list(range(1, len(ids) + 1))
    first: list[int] = []
    for sentence in story.sentences:
        first.extend(n for n in sentence.note_numbers if n not in first)
    assert first == list(range(1, len(ids) + 1))
    by_number = {note.number: note.source_id for note in story.footnotes}
    for sentence in story.sentences:
        named = {by_number[n] for n in sentence.note_numbers}
        assert set(sentence.source_ids) <= named, sentence.text
        if sentence.figures:
            assert sentence.footnote == sentence.note_numbers[0]
    assert [source.id for source in story.sources] == ids


def _vintage_names(language: str, province: str) -> dict[int, tuple[str, str]]:
    """Vintage → (full, brief) name of a reformed province, as the templates write them."""
    followed = province_across_reform(province)
    parts = list(followed.merged_from) or [province]
    new = tuple(say(language, "report", "new_province", province, parts, f) for f in (1, 0))
    old = tuple(say(language, "report", "former_province", province, f) for f in (1, 0))
    return {2025: new, 2008: old}


def _named_in_order(text: str, full: str, brief: str) -> list[str]:
    """Each naming of the unit in the text, in order: "full" or "brief"."""
    pattern = f"{re.escape(full)}|{re.escape(brief)}"
    return ["full" if m.group(0) == full else "brief" for m in re.finditer(pattern, text)]


def _check_vintage_naming(story, province: str, language: str) -> list:
    wrong = []
    for section in story.sections:
        if section.topic == "reform":
            continue
        for vintage, (full, brief) in _vintage_names(language, province).items():
            text = " ".join(s.text for s in section.sentences if s.figures)  # not the opening
            names = _named_in_order(text, full, brief)
            if names and names != ["full"] + ["brief"] * (len(names) - 1):
                wrong.append((section.topic, vintage, names))
    return wrong


@pytest.mark.parametrize(
    "case",
    [
        c
        for c in CASES
        if province_across_reform(c[0]).absorbed or province_across_reform(c[0]).merged_from
    ],
    ids=_id,
)
def test_a_reformed_province_is_named_in_full_once_per_section(case, reports):
    """Vintage in words: in each section the first figure of a vintage names the unit in full,
    later ones briefly; the opening says the merger.
    """
    story, _ = reports[case]
    assert not _check_vintage_naming(story, case[0], case[2])
    if story.sentences:
        assert ("1/7/2025" if case[2] == "vi" else "1 July 2025") in story.sentences[0].text


# ---------------------------------------------------------------------------------------------
# Synthetic: one rule at a time


def _sentences_with(story, indicator: str):
    return [
        (section.topic, sentence)
        for section in story.sections
        for sentence in section.sentences
        if any(f.indicator == indicator for f in sentence.figures)
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_synthetic_undated_figure_goes_only_to_the_reference_list_of_its_year(language):
    """Synthetic: a figure published 13/4/2021 without a period is listed, without status
    words, only in the 2021 report's reference list; one of unknown time is never stated.
    """
    rows = [
        dated("Lạng Sơn", "2021", 27, "dti_rank"),
        dated("Lạng Sơn", "2023", 20, "dti_rank"),
        undated(
            "Lạng Sơn",
            7,
            "schools_without_internet_coverage",
            time_basis="no_later_than",
            as_of="2021-04-13",
            source_id="src-c",
        ),
        undated("Lạng Sơn", 29, "villages_without_mobile_signal", time_basis="unknown"),
    ]
    for year in range(2020, 2026):
        story = narrate(rows, "Lạng Sơn", year, language)
        found = _sentences_with(story, "schools_without_internet_coverage")
        assert not _sentences_with(story, "villages_without_mobile_signal")
        if year != 2021:
            assert not found, (year, found)
            continue
        assert [topic for topic, _ in found] == ["reference"]
        text = found[0][1].text
        assert not STATUS_WORDS[language].search(text), text
        assert ("tháng 4/2021" if language == "vi" else "April 2021") in text
        assert "7" in text and found[0][1].note_numbers
        heading = next(s.title for s in story.sections if s.topic == "reference")
        assert heading == label(language, "heading_reference")


@pytest.mark.parametrize("language", LANGUAGES)
def test_synthetic_superseded_gap_is_not_stated_as_current(language):
    """Synthetic: a gap that held "until 5/2022" and was then closed is listed only in the 2022
    reference list as the situation until then; a dated figure marked superseded is not stated.
    """
    rows = [
        dated("Lạng Sơn", "2022", 9, "dti_rank"),
        undated(
            "Lạng Sơn",
            3,
            "villages_without_mobile_signal",
            time_basis="until",
            as_of="2022-05",
            superseded_by="a BTS covers the villages from 5/2022 (synthetic)",
        ),
        dated(
            "Lạng Sơn",
            "2022",
            12,
            "villages_without_fibre",
            superseded_by="a later figure of 2022 (synthetic)",
        ),
    ]
    for year in (2022, 2023, 2024):
        story = narrate(rows, "Lạng Sơn", year, language)
        assert not _sentences_with(story, "villages_without_fibre")
        found = _sentences_with(story, "villages_without_mobile_signal")
        if year != 2022:
            assert not found
            continue
        assert [topic for topic, _ in found] == ["reference"]
        text = found[0][1].text
        changed = "sau đó đã thay đổi" if language == "vi" else "changed after that"
        assert changed in text and not STATUS_WORDS[language].search(text), text


def _dossier_story(language: str):
    rows = [
        dated(
            "Lạng Sơn",
            "2024",
            10,
            "full_online_dossier_share",
            qualifier="dưới",
            value_as_published="dưới 10%",
        )
    ]
    return narrate(rows, "Lạng Sơn", 2024, language)


@pytest.mark.parametrize(("language", "written"), [("vi", "dưới 10%"), ("en", "under 10%")])
def test_synthetic_under_ten_percent_keeps_its_qualifier_everywhere(language, written):
    """Synthetic: "dưới 10%" is written with its qualifier in the sentence, the key-figures
    table, the Markdown, the HTML and the Word file, and 10% never appears without it.
    """
    story = _dossier_story(language)
    table = key_figures(story)
    texts = {
        "sentence": " ".join(s.text for s in story.sentences),
        "table": " ".join(table[story.labels["value"]]),
        "markdown": to_markdown(story, table=table),
        "html": _html_text(_reader_html(story, table)),
        "docx": _docx_text(to_docx_bytes(story, table=table)),
    }
    bare = re.compile(r"(?<![\d.,])10%")
    for writer, text in texts.items():
        assert written in text, writer
        for match in bare.finditer(text):
            assert text[: match.start()].endswith(written.split()[0] + " "), (writer, text)
    assert "đạt 10%" not in texts["sentence"]


def _reform_rows() -> list[dict]:
    return [
        dated("Lào Cai", "2024", 14, "dti_rank", vintage=2025),
        dated("Lào Cai", "2024", 0.7167, "dti_score", vintage=2025),
        dated("Lào Cai", "2024", 20, "dti_rank_group63", vintage=2008, denominator=63),
        dated("Lào Cai", "2024", 1525, "villages_with_3g4g", vintage=2008, denominator=1562),
        dated(
            "Lào Cai",
            "2024",
            1562,
            "villages_with_mobile_coverage",
            vintage=2008,
            source_id="src-b",
        ),
        dated(
            "Lào Cai",
            "2024",
            98,
            "share_e_documents_digitally_signed",
            vintage=2008,
            source_id="src-b",
        ),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_synthetic_old_and_new_province_are_named_in_one_report(language):
    """Synthetic: a 2025-vintage DTI rank and 2008-vintage figures of the merged Lào Cai; in
    each section the first figure of a vintage names it in full, later ones briefly, and
    the report opens with the merger.
    """
    story = narrate(_reform_rows(), "Lào Cai", 2024, language)
    names = _vintage_names(language, "Lào Cai")
    text = story.text
    for full, _ in names.values():
        assert full in text
    if language == "vi":
        assert "tỉnh Lào Cai (mới, gồm Lào Cai và Yên Bái)" in text
        assert "tỉnh Lào Cai (cũ, trước 1/7/2025)" in text
        assert "tỉnh Lào Cai (cũ)" in text and "tỉnh Lào Cai (mới)" in text
    assert not _check_vintage_naming(story, "Lào Cai", language)
    sections = {section.topic: section for section in story.sections}
    connectivity = " ".join(s.text for s in sections["connectivity"].sentences)
    old_full, old_brief = names[2008]
    assert _named_in_order(connectivity, old_full, old_brief) == ["full", "brief"]
    opening = story.sentences[0]
    assert not opening.figures
    assert "Yên Bái" in opening.text
    assert ("1/7/2025" if language == "vi" else "1 July 2025") in opening.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_synthetic_an_absorbed_province_says_so_first(language):
    """Synthetic: Bắc Giang's report opens by saying it became part of Bắc Ninh."""
    rows = [dated("Bắc Giang", "2023", 13, "dti_rank")]
    story = narrate(rows, "Bắc Giang", 2023, language)
    opening = story.sentences[0].text
    assert "Bắc Ninh" in opening and not story.sentences[0].figures
    assert ("1/7/2025" if language == "vi" else "1 July 2025") in opening


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("vi", "Chưa có số liệu DTI năm 2024 của tỉnh Lạng Sơn trong các nguồn đã thu thập."),
        ("en", "No DTI figure for Lạng Sơn province for 2024 is in the sources collected."),
    ],
)
def test_synthetic_missing_dti_year_is_said_and_no_heading_is_empty(language, said):
    """Synthetic: no DTI figure of 2024 gives the "not in the sources" sentence under the DTI
    heading; every heading on the page is followed by text.
    """
    rows = [
        dated("Lạng Sơn", "2023", 20, "dti_rank"),
        dated("Lạng Sơn", "2024-H1", 1676, "community_digital_teams"),
    ]
    story = narrate(rows, "Lạng Sơn", 2024, language)
    dti = next(section for section in story.sections if section.topic == "dti")
    assert [s.text for s in dti.sentences] == [said]
    assert all(section.sentences for section in story.sections)
    assert all(s.text.strip() for section in story.sections for s in section.sentences)
    page = _reader_html(story, key_figures(story))
    for section in re.findall(r"<section[^>]*>(.*?)</section>", page, re.DOTALL):
        body = re.sub(r"<h2>.*?</h2>", "", section, flags=re.DOTALL)
        assert _html_text(body).strip(), section
    assert "2023" not in " ".join(s.text for s in dti.sentences)


@pytest.mark.parametrize("language", LANGUAGES)
def test_synthetic_two_figures_of_one_source_and_period_make_one_sentence(language):
    """Synthetic: 1.676 teams and 9.042 members of one source and period are one sentence,
    the verb said once ("toàn tỉnh … 1.676 tổ … 9.042 thành viên", not "had …; had …").
    """
    rows = [
        dated("Lạng Sơn", "2023-H1", 1676, "community_digital_teams"),
        dated("Lạng Sơn", "2023-H1", 9042, "community_digital_team_members"),
    ]
    story = narrate(rows, "Lạng Sơn", 2023, language)
    body = [s for s in story.sentences if s.topic == "community"]
    assert len(body) == 1
    sentence = body[0]
    assert {f.indicator for f in sentence.figures} == {
        "community_digital_teams",
        "community_digital_team_members",
    }
    assert ("1.676" if language == "vi" else "1,676") in sentence.text
    assert ("9.042" if language == "vi" else "9,042") in sentence.text
    verb = r"(?<!\w)có(?!\w)" if language == "vi" else r"\bhad\b"
    assert len(re.findall(verb, sentence.text)) == 1, sentence.text
    assert sentence.note_numbers == (1,)


@pytest.mark.parametrize("language", LANGUAGES)
def test_synthetic_figures_of_two_sources_of_one_period_make_two_sentences(language):
    """Synthetic: figures of one period from two sources are two sentences, each with its note."""
    rows = [
        dated("Lạng Sơn", "2023-H1", 1676, "community_digital_teams", source_id="src-a"),
        dated("Lạng Sơn", "2023-H1", 9042, "community_digital_team_members", source_id="src-b"),
    ]
    story = narrate(rows, "Lạng Sơn", 2023, language)
    body = [s for s in story.sentences if s.topic == "community"]
    assert len(body) == 2
    assert [s.figures[0].source_id for s in body] == ["src-a", "src-b"]
    assert [s.note_numbers for s in body] == [(1,), (2,)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_synthetic_a_figure_read_only_on_a_copy_site_stays_out(language):
    """Synthetic: a figure of a copy site only is not stated; a figure a copy site shares with
    an original is stated and cited to the original alone.
    """
    rows = [
        dated("Lạng Sơn", "2023", 20, "dti_rank", source_id="src-copy"),
        dated("Lạng Sơn", "2023-H1", 1676, "community_digital_teams", source_id="src-copy"),
        dated("Lạng Sơn", "2023-H1", 1676, "community_digital_teams", source_id="src-a"),
        dated("Lạng Sơn", "2023-H1", 9042, "community_digital_team_members", source_id="src-copy"),
    ]
    story = narrate(rows, "Lạng Sơn", 2023, language)
    stated = {f.indicator for s in story.sentences for f in s.figures}
    assert stated == {"community_digital_teams"}
    assert [note.source_id for note in story.footnotes] == ["src-a"]
    assert all(
        o.source_id != "src-copy" for s in story.sentences for f in s.figures for o in f.others
    )


# ---------------------------------------------------------------------------------------------
# Synthetic: every qualifier through every writer

#: One count indicator per qualifier (distinct numbers, so each figure is found by its number).
_QUALIFIED = [
    (qualifier, indicator, 4301 + 11 * position)
    for position, (qualifier, indicator) in enumerate(
        zip(
            QUALIFIERS,
            [
                i
                for topic in ("connectivity", "online_services", "documents")
                for i in FIGURE_TOPICS[topic]
                if i.startswith(("villages_", "named_", "households_", "bts", "schools"))
                or i.startswith(("online_public_services", "admin_", "e_documents"))
            ],
            strict=False,
        )
    )
]


def _published(qualifier: str, value: float) -> str:
    shown = format_number(value, "vi")
    return f"{qualifier}{shown}" if not qualifier[0].isalpha() else f"{qualifier} {shown}"


@pytest.fixture(scope="module")
def qualified_reports():
    """A synthetic report with one figure per qualifier, per language, and its writers' text."""
    book = load_codebook()
    kinds = dict(zip(book["indicator"], book["kind"], strict=True))
    assert all(kinds[indicator] == "count" for _, indicator, _ in _QUALIFIED)
    rows = [
        dated(
            "Thanh Hóa",
            "2023",
            value,
            indicator,
            qualifier=qualifier,
            value_as_published=_published(qualifier, value),
        )
        for qualifier, indicator, value in _QUALIFIED
    ]
    out = {}
    for language in LANGUAGES:
        story = narrate(rows, "Thanh Hóa", 2023, language)
        table = key_figures(story, book)
        out[language] = {
            "story": story,
            "table": table,
            "markdown": to_markdown(story, table=table),
            "html": _html_text(_reader_html(story, table)),
            "docx": _docx_text(to_docx_bytes(story, table=table)),
        }
    return out


def _map_texts(language: str, *, rank: bool) -> list[str]:
    """The tooltip value text of one synthetic unit per qualifier (a count or a rank map)."""
    rows = []
    for position, (qualifier, _, value) in enumerate(_QUALIFIED):
        rows.append(
            {
                "unit_code": f"9{position:02d}",
                "unit_name": f"Đơn vị thử {position} (synthetic)",
                "province_code": f"9{position:02d}",
                "value": float(position + 2) if rank else float(value),
                "qualifier": qualifier,
                "value_as_published": (
                    _published(qualifier, position + 2) if rank else _published(qualifier, value)
                ),
                "period": "2023",
                "source_id": "src-a",
                "geometry": Point(105 + position / 10, 21),
            }
        )
    joined = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    units = label_units(
        joined, {"src-a": "Nguồn thử A (synthetic)"}, language, rank_of=63 if rank else None
    )
    return units["value_text"].tolist()


_WRITERS = (
    "sentence",
    "key_figures",
    "markdown",
    "html",
    "docx",
    "map_count",
    "map_rank",
    "chart_rank",
    "chart_score",
)


def test_synthetic_qualifier_table_covers_every_parsed_qualifier():
    """Synthetic: one table of qualifier words, keyed by the value parser's qualifiers."""
    assert set(QUALIFIER_WORDS) == set(QUALIFIERS)
    assert all(set(words) == set(LANGUAGES) for words in QUALIFIER_WORDS.values())
    assert len(_QUALIFIED) == len(QUALIFIERS)


@pytest.mark.parametrize(
    ("language", "writer"),
    [pytest.param(lang, w) for lang in LANGUAGES for w in _WRITERS],
)
def test_synthetic_every_qualifier_in_every_writer(language, writer, qualified_reports):
    """Synthetic: for each qualifier of :data:`cdskit.values.QUALIFIERS`, the writer shows its
    words (:data:`cdskit.formatting.QUALIFIER_WORDS`) right before the number, and never the
    number without them.
    """
    wrong = []
    if writer in ("map_count", "map_rank"):
        texts = _map_texts(language, rank=writer == "map_rank")
        for position, ((qualifier, _, value), text) in enumerate(
            zip(_QUALIFIED, texts, strict=True)
        ):
            words = QUALIFIER_WORDS[qualifier][language]
            shown = (
                format_rank(position + 2, 63, language)
                if writer == "map_rank"
                else format_number(value, language)
            )
            if not re.fullmatch(rf"{re.escape(words)}\s+{re.escape(shown)}", text):
                wrong.append((qualifier, text))
        assert not wrong, wrong
        return
    if writer.startswith("chart"):
        for position, (qualifier, _, _) in enumerate(_QUALIFIED):
            words = QUALIFIER_WORDS[qualifier][language]
            if writer == "chart_rank":
                text = rank_text(
                    Shown(position + 2, "stated", 63.0, qualifier, ("src-a",)), language
                )
                shown = format_rank(position + 2, 63, language)
            else:
                text = score_text(Shown(0.5123, "stated", None, qualifier, ("src-a",)), language)
                shown = format_number(0.5123, language, decimals=4)
            if not re.fullmatch(rf"{re.escape(words)}\s+{re.escape(shown)}", text):
                wrong.append((qualifier, text))
        assert not wrong, wrong
        return
    written = qualified_reports[language]
    story = written["story"]
    values = _table_values(story, written["table"])
    for qualifier, indicator, value in _QUALIFIED:
        words = QUALIFIER_WORDS[qualifier][language]
        shown = format_number(value, language)
        pattern = _qualified(words, shown)
        bare = re.compile(rf"(?<![\d.,]){re.escape(shown)}(?![\d])")
        if writer == "sentence":
            found = _sentences_with(story, indicator)
            texts = [sentence.text for _, sentence in found]
            assert texts, indicator
        elif writer == "key_figures":
            key = next(
                _figure_key(f)
                for s in story.sentences
                for f in s.figures
                if f.indicator == indicator
            )
            texts = [values[key]]
        else:
            texts = [written[writer]]
        for text in texts:
            if not pattern.search(text):
                wrong.append((qualifier, "missing", text[:200]))
            for match in bare.finditer(text):
                if not re.search(rf"{re.escape(words)}\s+$", text[: match.start()]):
                    wrong.append(
                        (qualifier, "bare", text[max(0, match.start() - 40) : match.end()])
                    )
    assert not wrong, wrong


# ---------------------------------------------------------------------------------------------
# Synthetic: the dating register


def _register(folder, rows: list[dict]) -> None:
    table = pd.DataFrame(rows, columns=list(REGISTER_COLUMNS)).fillna("")
    table.to_csv(folder / DATING_FILE, index=False)


def _entry(**changes) -> dict:
    entry = {
        "source_id": "src-a",
        "unit": "Lạng Sơn",
        "indicator": "villages_without_mobile_signal",
        "period": "",
        "time_basis": "until",
        "as_of": "2022-05",
        "not_before": "",
        "superseded_by": "BTS from 5/2022 (synthetic)",
        "evidence": "the article says until May 2022 (synthetic)",
    }
    entry.update(changes)
    return entry


def _observations() -> pd.DataFrame:
    """Three synthetic rows: one dated, two undated (of a dated and of an undated source)."""
    return pd.DataFrame(
        {
            "source_id": ["src-a", "src-a", "src-x"],
            "unit_name_as_published": ["Lạng Sơn", "Lạng Sơn", "Lào Cai"],
            "indicator": ["dti_rank", "villages_without_mobile_signal", "bts_stations"],
            "period": ["2023", "undated", "undated"],
            "year": [2023, None, None],
        }
    )


def test_synthetic_dating_register_dates_matching_rows_and_bounds_the_rest(tmp_path):
    """Synthetic: a register row dates its undated figure; an undated figure without one is
    "no later than" its source's date, or "unknown" when the source has none.
    """
    _register(tmp_path, [_entry()])
    register = read_dating(tmp_path)
    assert register["line"].tolist() == ["2"]
    out = date_observations(_observations(), register, {"src-a": "2023-07-03", "src-x": "undated"})
    assert out["time_basis"].tolist() == ["period", "until", "unknown"]
    assert out["as_of"].tolist() == ["", "2022-05", ""]
    assert out["superseded_by"].tolist() == ["", "BTS from 5/2022 (synthetic)", ""]
    bare = date_observations(
        _observations(), read_dating(tmp_path / "none"), {"src-a": "2023-07-03"}
    )
    assert bare["time_basis"].tolist() == ["period", "no_later_than", "unknown"]
    assert bare["as_of"].tolist() == ["", "2023-07-03", ""]


def test_synthetic_dating_register_row_that_matches_nothing_names_its_line(tmp_path):
    """Synthetic: a register row matching no undated figure is refused, naming its line."""
    _register(tmp_path, [_entry(), _entry(indicator="bts_stations", unit="Nowhere")])
    register = read_dating(tmp_path)
    with pytest.raises(InputError, match=r"line 3"):
        date_observations(_observations(), register, {"src-a": "2023-07-03"})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"time_basis": "roughly"}, r"line 2: time_basis 'roughly'"),
        ({"as_of": "2022-13"}, r"line 2: as_of '2022-13' is not a date"),
        ({"as_of": "5/2022"}, r"line 2: as_of '5/2022' is not a date"),
        ({"not_before": "2022-02-30x"}, r"line 2: not_before"),
        ({"as_of": ""}, r"line 2: time_basis until needs the date"),
        ({"time_basis": "period", "period": "mid-2022"}, r"line 2: time_basis period needs"),
        ({"evidence": ""}, r"line 2: evidence is empty"),
    ],
)
def test_synthetic_dating_register_refuses_a_bad_row(tmp_path, change, message):
    """Synthetic: an unknown time_basis, a malformed date or a missing bound is refused."""
    _register(tmp_path, [_entry(**change)])
    with pytest.raises(InputError, match=message):
        read_dating(tmp_path)
