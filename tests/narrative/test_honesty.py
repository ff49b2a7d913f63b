"""The narrative's honesty rules, each on small synthetic observations (synthetic test data)."""

from __future__ import annotations

import re

import pytest
from narrative.narrative_synthetic import narrate, national, row

from cdskit.dataset import load_codebook
from cdskit.errors import ParameterError, UnknownUnitError
from cdskit.narrative import build_narrative

LANGUAGES = ("vi", "en")


def _text(story) -> str:
    return " ".join(sentence.text for sentence in story.sentences)


def _body(story) -> list:
    """Sentences of the topic sections (not the summary, which repeats the main ones)."""
    return [s for s in story.sentences if s.figures and s.topic not in ("summary", "low", "reform")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_topic_without_data_gives_no_sentence(language):
    rows = [
        row("Lạng Sơn", "2023", 6, "dti_rank"),
        # a figure published as missing: no value, so no sentence, never a zero or "N/A"
        row("Lạng Sơn", "2023-H1", float("nan"), "community_digital_teams", missing_reason="-"),
    ]
    story = narrate(rows, "Lạng Sơn", 2023, language)
    assert [section.topic for section in story.sections] == ["summary", "dti"]
    text = _text(story)
    assert "N/A" not in text and "Không có số liệu" not in text and "No data" not in text
    assert not re.search(r"(?<![\d/.,])0(?![\d/.,])", text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_figures_at_all_gives_a_notice_and_no_sentence(language):
    story = narrate([row("Thanh Hóa", "2023", 11, "dti_rank")], "Lạng Sơn", 2023, language)
    assert not any(sentence.figures for sentence in story.sentences)
    assert not story.footnotes and not story.sources
    assert "Lạng Sơn" in story.notice and "2023" in story.notice
    # the headline topic says that nothing was published, rather than staying silent
    (missing,) = story.sentences
    assert missing.topic == "dti" and "2023" in missing.text


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "So với năm 2022 (9/63), thứ hạng tăng 3 bậc."), ("en", "rose 3 places")],
)
def test_a_rank_change_between_ranks_out_of_the_same_number_is_stated(language, expected):
    rows = [row("Lạng Sơn", "2022", 9, "dti_rank"), row("Lạng Sơn", "2023", 6, "dti_rank")]
    assert expected in _text(narrate(rows, "Lạng Sơn", 2023, language))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_2023_to_2024_rank_pair_gives_no_places_sentence(language):
    rows = [row("Lào Cai", "2023", 30, "dti_rank"), row("Lào Cai", "2024", 14, "dti_rank")]
    story = narrate(rows, "Lào Cai", 2024, language)
    text = _text(story)
    assert "14/34" in text
    assert not re.search(r"(tăng|giảm) \d+ bậc|(rose|fell) \d+ place", text)
    assert ("không so sánh" if language == "vi" else "not compared") in text
    merger = "gồm Lào Cai và Yên Bái" if language == "vi" else "formed from Lào Cai and Yên Bái"
    assert merger in _body(story)[0].text
    assert "1/7/2025" in story.sentences[0].text or "1 July 2025" in story.sentences[0].text


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_2024_rank_is_written_out_of_34_after_the_reorganisation(language):
    story = narrate([row("Thanh Hóa", "2024", 5, "dti_rank")], "Thanh Hóa", 2024, language)
    sentence = story.sentences[0].text
    assert "5/34" in sentence
    assert ("sau sắp xếp" if language == "vi" else "reorganisation") in sentence


@pytest.mark.parametrize("language", LANGUAGES)
def test_bac_giang_after_the_reform_is_said_to_belong_to_bac_ninh(language):
    rows = [
        national("provincial_units", "2025-07", 34),
        # Bắc Ninh (2025) rank: the successor's figure, never Bắc Giang's
        row("Bắc Giang", "2024", 12, "dti_rank"),
    ]
    story = narrate(rows, "Bắc Giang", 2024, language)
    text = _text(story)
    assert "Bắc Ninh" in story.sentences[0].text
    assert "1/7/2025" in story.sentences[0].text or "1 July 2025" in story.sentences[0].text
    assert "12/34" not in text


@pytest.mark.parametrize(
    ("qualifier", "value", "indicator", "vi", "en"),
    [
        ("trên", 99.8, "share_e_documents_digitally_signed", "trên 99,8%", "over 99.8%"),
        ("hơn", 1680, "community_digital_teams", "hơn 1.680", "more than 1,680"),
        ("gần", 100, "share_e_documents_digitally_signed", "gần 100%", "nearly 100%"),
        ("khoảng", 1100, "vnpt_fibre_villages", "khoảng 1.100", "about 1,100"),
        (">", 98, "share_e_documents_digitally_signed", "trên 98%", "more than 98%"),
    ],
)
def test_qualifiers_survive_in_both_languages(qualifier, value, indicator, vi, en):
    rows = [row("Lạng Sơn", "2022-06", value, indicator, qualifier=qualifier)]
    assert vi in _text(narrate(rows, "Lạng Sơn", 2022, "vi"))
    assert en in _text(narrate(rows, "Lạng Sơn", 2022, "en"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_undated_figure_is_never_stated_as_the_state_of_the_year(language):
    """Synthetic: undated figures go to the labelled reference list of their latest year only."""
    bounded = row(
        "Lào Cai",
        "undated",
        29,
        "villages_without_mobile_broadband",
        time_basis="no_later_than",
        as_of="2023-05",
    )
    unknown = row("Lào Cai", "undated", 7, "bts_stations", time_basis="unknown")
    story = narrate([bounded, unknown], "Lào Cai", 2023, language)
    (listed,) = [s for s in story.sentences if s.figures]
    assert listed.topic == "reference" and "29" in listed.text
    assert ("5/2023" in listed.text) if language == "vi" else ("May 2023" in listed.text)
    assert not re.search(r"\b(còn|hiện nay|still|currently)\b", listed.text)
    stated = {f.indicator for s in story.sentences for f in s.figures}
    assert "bts_stations" not in stated  # a figure of unknown time: not at all
    later = narrate([bounded], "Lào Cai", 2024, language)
    assert not any(s.figures for s in later.sentences)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_position_in_a_published_list_is_marked_as_such(language):
    rows = [row("Lạng Sơn", "2023", 4, "dti_rank_in_ordered_list", denominator=63)]
    text = _text(narrate(rows, "Lạng Sơn", 2023, language))
    marker = "vị trí theo thứ tự của danh sách" if language == "vi" else "place in the order"
    assert marker in text
    assert "xếp thứ 4" not in text and "ranked 4" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_scores_are_compared_only_within_one_method(language):
    across = [
        row("Lạng Sơn", "2020", 0.36, "dti_score"),
        row("Lạng Sơn", "2021", 0.45, "dti_score"),
    ]
    text = _text(narrate(across, "Lạng Sơn", 2021, language))
    assert ("không được so sánh" if language == "vi" else "not compared") in text
    assert ("cùng phương pháp" if language == "vi" else "same method") not in text
    within = [
        row("Lạng Sơn", "2022", 0.45, "dti_score"),
        row("Lạng Sơn", "2023", 0.52, "dti_score"),
    ]
    text = _text(narrate(within, "Lạng Sơn", 2023, language))
    assert ("cùng phương pháp" if language == "vi" else "same method") in text


def _two_sources(value_a: float, value_b: float) -> list[dict]:
    common = {"denominator": 1562, "conflict": True}
    return [
        row("Lào Cai", "2023-H1", value_a, "villages_with_3g4g", source_id="src-a", **common),
        row("Lào Cai", "2023-H1", value_b, "villages_with_3g4g", source_id="src-b", **common),
    ]


@pytest.mark.parametrize("preferred", ["src-a", "src-b"])
def test_conflicting_sources_give_the_preferred_one_and_name_the_other(preferred):
    codebook = load_codebook()
    codebook.loc[codebook["indicator"] == "villages_with_3g4g", "preferred_source"] = preferred
    story = narrate(_two_sources(1525, 1533), "Lào Cai", 2023, "vi", codebook=codebook)
    (sentence,) = _body(story)
    stated, other = ("1.525", "1.533") if preferred == "src-a" else ("1.533", "1.525")
    assert f"{stated}/1.562" in sentence.text.split(" (Báo thử")[0]
    named = "Báo thử B" if preferred == "src-a" else "Báo thử A"
    assert f"{named} ghi {other}/1.562" in sentence.text
    assert [f.source_id for f in story.footnotes] == [
        preferred,
        *({"src-a", "src-b"} - {preferred}),
    ]
    assert len(sentence.note_numbers) == 2


def test_without_a_preferred_source_the_latest_publication_is_stated_and_the_other_named():
    story = narrate(_two_sources(1525, 1533), "Lào Cai", 2023, "en")
    (sentence,) = _body(story)
    # src-b is published later (synthetic)
    assert "1,533/1,562" in sentence.text.split(" (Báo thử")[0]
    assert "Báo thử A gives 1,525/1,562" in sentence.text


def test_every_sentence_stating_a_number_cites_one_note_per_source_in_order():
    rows = [
        row("Lạng Sơn", "2022", 9, "dti_rank"),
        row("Lạng Sơn", "2023", 6, "dti_rank"),
        row("Lạng Sơn", "2023-H1", 1676, "community_digital_teams", source_id="src-b"),
        row("Lạng Sơn", "2023-H1", 19, "dt_targets_met", denominator=30),
    ]
    story = narrate(rows, "Lạng Sơn", 2023, "vi")
    assert [f.number for f in story.footnotes] == [1, 2]
    assert [f.source_id for f in story.footnotes] == ["src-a", "src-b"]
    for sentence in story.sentences:
        if sentence.figures:
            notes = {f.number: f.source_id for f in story.footnotes}
            cited = {notes[number] for number in sentence.note_numbers}
            assert {figure.source_id for figure in sentence.figures} <= cited
    first = story.footnotes[0]
    assert first.text == "Nguồn thử A (synthetic) — Báo thử A, ngày 03/7/2023."
    assert first.url == "https://a.test/1"
    assert "data/raw" not in first.text and "data/raw/synthetic.csv" in first.technical
    assert "19/30" in _text(story)


def _literal_words(language: str) -> set[str]:
    from cdskit.narrative._templates import TEMPLATE_DIR

    words = set()
    for path in (TEMPLATE_DIR / language).glob("*.j2"):
        text = re.sub(r"\{#.*?#\}|\{%.*?%\}", " ", path.read_text("utf-8"), flags=re.S)
        text = re.sub(r"\{\{.*?\}\}", " ", text, flags=re.S)
        words |= set(re.findall(r"[^\W\d_]{3,}", text.lower()))
    # keys of the template dictionaries sit inside {{ }}; names and acronyms are shared
    return words


RICH = [
    national("dti_provincial_mean", "2023", 0.5),
    row("Lạng Sơn", "2022", 9, "dti_rank"),
    row("Lạng Sơn", "2023", 6, "dti_rank"),
    row("Lạng Sơn", "2022", 0.45, "dti_score"),
    row("Lạng Sơn", "2023", 0.52, "dti_score"),
    row("Lạng Sơn", "2023", 8, "dti_digital_economy_rank"),
    row("Lạng Sơn", "2023", 18, "dti_digital_government_rank"),
    row("Lạng Sơn", "2023", 4, "dti_awareness_rank"),
    row("Lạng Sơn", "2023", 20, "dti_cybersecurity_rank"),
    row("Thanh Hóa", "2023", 11, "dti_rank"),
    row("Lạng Sơn", "2023-H1", 1676, "community_digital_teams"),
    row("Lạng Sơn", "2023-H1", 9042, "community_digital_team_members"),
    row("Lạng Sơn", "2023-H1", 19, "dt_targets_met", denominator=30),
    row("Lạng Sơn", "2023-09", 1543, "online_public_services_total"),
    row("Lạng Sơn", "2023-Q1", 99.8, "share_e_documents_digitally_signed", qualifier="trên"),
    row("Lạng Sơn", "2023-06", 1548, "villages_with_mobile_coverage", denominator=1600),
    row("Lạng Sơn", "2023", 12.5, "digital_economy_share_grdp"),
    row("Lạng Sơn", "2023", 3, "par_index_rank", denominator=63),
]


@pytest.mark.parametrize(("language", "other"), [("vi", "en"), ("en", "vi")])
def test_text_in_one_language_holds_no_word_of_the_other_languages_templates(language, other):
    story = narrate(RICH, "Lạng Sơn", 2023, language)
    assert {section.topic for section in story.sections} >= {"dti", "community", "connectivity"}
    own, foreign = _literal_words(language), _literal_words(other)
    suspects = foreign - own
    texts = [s.text for s in story.sentences] + [sec.title for sec in story.sections]
    texts += [story.title, story.date_text, *story.labels.values()]
    joined = " ".join(texts)
    for name in ("Lạng Sơn", "Thanh Hóa"):  # place names are the same in both languages
        joined = joined.replace(name, " ")
    used = set(re.findall(r"[^\W\d_]{3,}", joined.lower()))
    assert not used & suspects, sorted(used & suspects)


def test_unknown_province_language_and_year_are_refused_with_a_clear_message():
    with pytest.raises(UnknownUnitError):
        narrate(RICH, "Lạng Sơm Xyz", 2023, "vi")
    with pytest.raises(ParameterError, match="language"):
        narrate(RICH, "Lạng Sơn", 2023, "fr")
    with pytest.raises(ParameterError, match="year='last'"):
        build_narrative("Lạng Sơn", "last", "vi")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_former_province_absorbed_by_another_name_points_to_its_successor(language):
    rows = [
        national("provincial_units", "2025-07", 34),
        row("Lào Cai", "2024", 14, "dti_rank"),  # the new Lào Cai, not Yên Bái's own rank
    ]
    story = narrate(rows, "Yên Bái", 2024, language)
    text = _text(story)
    assert "Yên Bái" in text and "Lào Cai" in text
    assert "14/34" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_rankings_inside_the_province_keep_the_group_maximum_and_say_the_group_size_is_unknown(
    language,
):
    common = {"unit_level": "district", "province_code": "10", "vintage": 2008}
    rows = [
        row("Lào Cai", "2022", 2, "dti_local_group_rank", unit_code="082", **common),
        row(
            "Lào Cai",
            "2022",
            585.22,
            "dti_local_score",
            unit_code="082",
            denominator=1000,
            **common,
        ),
        row("Lào Cai", "2022", 1, "dti_local_group_rank", unit_code="080", **common),
        row(
            "Lào Cai",
            "2022",
            651.93,
            "dti_local_score",
            unit_code="080",
            denominator=1000,
            **common,
        ),
    ]
    story = narrate(rows, "Lào Cai", 2022, language)
    (sentence,) = _body(story)
    if language == "vi":
        assert "(tối đa 1.000 điểm): thành phố Lào Cai thứ 1 với 651,93 điểm" in sentence.text
        assert "huyện Bát Xát thứ 2" in sentence.text and "không nêu số đơn vị" in sentence.text
    else:
        assert "Lào Cai city 1 (651.93 points), Bát Xát district 2" in sentence.text
    assert len(sentence.figures) == 4 and sentence.footnote == 1


def test_a_period_narrows_the_figures_to_that_period_and_names_it_in_the_title():
    rows = [
        row("Lạng Sơn", "2022-06", 1680, "community_digital_teams", qualifier="hơn"),
        row("Lạng Sơn", "2022-12", 1700, "community_digital_teams"),
    ]
    story = narrate(rows, "Lạng Sơn", 2022, "vi", period="2022-06")
    assert story.title == "Báo cáo chuyển đổi số tỉnh Lạng Sơn, tháng 6/2022"
    assert "hơn 1.680" in _text(story) and "1.700" not in _text(story)
    with pytest.raises(ParameterError, match="not a period of year 2022"):
        build_narrative("Lạng Sơn", 2022, "vi", period="2023-H1")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_rank_derived_from_a_stated_change_is_marked_and_never_used_for_a_change(language):
    rows = [
        row("Bắc Giang", "2021", 10, "dti_rank_derived", denominator=63),
        row("Bắc Giang", "2020", 12, "dti_rank"),
        row("Bắc Giang", "2022", 9, "dti_rank"),
    ]
    text = _text(narrate(rows, "Bắc Giang", 2021, language))
    assert "10/63" in text
    assert ("suy ra từ một thứ hạng khác" if language == "vi" else "derived from another") in text
    assert not re.search(r"(tăng|giảm) \d+ bậc|(rose|fell) \d+ place", text)
    later = _text(narrate(rows, "Bắc Giang", 2022, language))
    assert not re.search(r"(tăng|giảm) \d+ bậc|(rose|fell) \d+ place", later)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_main_index_position_in_a_list_is_marked_and_not_called_best_or_weakest(language):
    rows = [
        row("Lạng Sơn", "2022", 5, "dti_infrastructure_rank_in_ordered_list", denominator=63),
        row("Lạng Sơn", "2022", 20, "dti_awareness_rank"),
        row("Lạng Sơn", "2022", 30, "dti_cybersecurity_rank"),
    ]
    (sentence,) = _body(narrate(rows, "Lạng Sơn", 2022, language))
    if language == "vi":
        assert "đứng ở vị trí thứ 5 về hạ tầng số (theo thứ tự của danh sách" in sentence.text
        assert "cao nhất là nhận thức số, thấp nhất là an toàn thông tin mạng" in sentence.text
    else:
        assert "appeared in position 5 on digital infrastructure (in the order" in sentence.text
        assert "strongest on digital awareness, weakest on cybersecurity" in sentence.text
