"""Acceptance: narratives of the four provinces from the shipped data state only cited figures.

Every number in every sentence must be a figure the sentence cites (its value, value as
published, denominator, period) or the difference of two ranks it cites, and the sentence's
footnote must name each cited figure's source.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from cdskit.dataset import load
from cdskit.formatting import format_period
from cdskit.narrative import build_narrative, to_markdown
from cdskit.narrative._select import province_across_reform
from cdskit.terms import FOCUS_PROVINCE_NAMES

YEARS = (2020, 2021, 2022, 2023, 2024, 2025)
#: Names that contain digits but state no figure: networks and service classifications.
NAMES_WITH_DIGITS = (
    r"\b[234]G/[234]G\b",
    r"\b[234]G\b",
    r"Đề án 06",
    r"Project 06",
    r"mức độ 3, 4",
    r"mức độ [34]",
    r"levels 3 and 4",
    r"level [34]",
    r"1/7/2025",
    r"1 July 2025",
)
NUMBER = {
    "vi": re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"),
    "en": re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"),
}


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return load()


def _parse(token: str, language: str) -> float:
    if language == "vi":
        return float(token.replace(".", "").replace(",", "."))
    return float(token.replace(",", ""))


def _allowed(sentence, language: str) -> set[float]:
    numbers: set[float] = set()
    for figure in sentence.figures:
        for item in (figure, *figure.others):
            numbers.add(item.value)
            if item.denominator is not None:
                numbers.add(item.denominator)
            for token in re.findall(r"\d+(?:[.,]\d+)*", item.value_as_published):
                for reading in ("vi", "en"):
                    try:
                        numbers.add(_parse(token, reading))
                    except ValueError:
                        pass
            numbers.update(float(part) for part in re.findall(r"\d+", item.period))
            numbers.update(float(part) for part in re.findall(r"\d+", item.as_of))
    ranks = [f for f in sentence.figures if f.indicator.endswith("rank")]
    numbers.update(abs(a.value - b.value) for a in ranks for b in ranks if a is not b)
    return {round(n, 6) for n in numbers}


def _numbers(sentence, language: str) -> list[float]:
    text = sentence.text
    for figure in sentence.figures:
        text = text.replace(format_period(figure.period, language), " ")
    for pattern in NAMES_WITH_DIGITS:
        text = re.sub(pattern, " ", text)
    return [_parse(token, language) for token in NUMBER[language].findall(text)]


CASES = [(p, y, lang) for p in FOCUS_PROVINCE_NAMES for y in YEARS for lang in ("vi", "en")]


@pytest.mark.parametrize(("province", "year", "language"), CASES)
def test_every_number_in_a_shipped_narrative_is_a_cited_figure(shipped, province, year, language):
    story = build_narrative(province, year, language, observations=shipped)
    followed = province_across_reform(province)
    keys = set(
        zip(
            shipped["vintage"].astype(int),
            shipped["unit_code"],
            shipped["indicator"],
            shipped["period"],
            shipped["source_id"],
            strict=True,
        )
    )
    notes = {footnote.number: footnote.text for footnote in story.footnotes}
    note_of = {footnote.source_id: footnote.number for footnote in story.footnotes}
    titles = {source.id: source.cited_title(language) for source in story.sources}
    for sentence in story.sentences:
        numbers = _numbers(sentence, language)
        if not sentence.figures and all(n == year for n in numbers):
            continue  # a sentence naming the year only ("no DTI figure for 2024"): no figure
        if not numbers:
            continue
        assert sentence.note_numbers, sentence.text
        assert all(number in notes for number in sentence.note_numbers), sentence.text
        allowed = _allowed(sentence, language)
        stray = [n for n in numbers if round(n, 6) not in allowed]
        assert not stray, f"{sentence.text!r} states {stray} that it does not cite"
        for figure in sentence.figures:
            key = (figure.vintage, figure.unit_code, figure.indicator, figure.period)
            assert (*key, figure.source_id) in keys, key
            mine = figure.unit_code == followed.codes.get(figure.vintage)
            inside = figure.unit_level in ("district", "commune", "agency")
            peer = sentence.topic == "dti" and figure.indicator == "dti_rank"
            assert mine or inside or peer or figure.unit_level == "national", figure
            number = note_of[figure.source_id]
            assert number in sentence.note_numbers, (sentence.text, figure.source_id)
            assert titles[figure.source_id] in notes[number]


@pytest.mark.parametrize("province", FOCUS_PROVINCE_NAMES)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_2024_report_of_each_focus_province_has_sentences_and_sources_or_says_why(
    shipped, province, language
):
    story = build_narrative(province, 2024, language, observations=shipped)
    followed = province_across_reform(province)
    own = shipped[
        shipped["unit_code"].eq(followed.codes.get(2008, ""))
        & shipped["vintage"].eq(2008)
        & shipped["period"].str.startswith("2024")
        & shipped["time_basis"].eq("period")
    ]
    if not len(own) and 2025 not in followed.codes:  # absorbed, nothing of its own in 2024
        assert story.notice and not story.sources
        return
    assert story.sentences and story.sources and not story.notice
    text = to_markdown(story)
    assert text.count("[^") >= 2 * len(story.footnotes)
    assert "nan" not in text.lower().split() and "None" not in text


def test_the_lao_cai_2024_report_names_the_merger_and_the_denominator_34(shipped):
    story = build_narrative("Lào Cai", 2024, "vi", observations=shipped)
    opening, rank = story.sentences[0].text, story.sentences[1].text
    assert "1/7/2025" in opening and "Yên Bái" in opening
    assert "tỉnh Lào Cai (mới, gồm Lào Cai và Yên Bái)" in rank and "14/34" in rank
    assert not any(re.search(r"\d+ bậc", s.text) for s in story.sentences)
