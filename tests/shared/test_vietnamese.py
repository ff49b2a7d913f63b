"""Tests of Vietnamese text clean-up and value parsing (all inputs are synthetic test data)."""

from __future__ import annotations

import math
import re
import unicodedata

import numpy as np
import pandas as pd
import pytest

from cdskit.errors import InputError, ParameterError
from cdskit.values import (
    MAX_DIGITS,
    MISSING_MARKERS,
    QUALIFIERS,
    ambiguous_numbers,
    detect_locale,
    parse_values,
)
from cdskit.vietnamese import clean_text, clean_texts, name_key, name_keys, printable

NBSP, NNBSP, ZWSP = "\u00a0", "\u202f", "\u200b"


def _one(text, locale="vi"):
    return parse_values(pd.Series([text]), locale=locale).iloc[0]


# text, locale, value, qualifier, denominator, percent, unit_text
NUMBERS = [
    ("1.902.270", "vi", 1902270.0, None, None, False, None),
    ("625,30", "vi", 625.3, None, None, False, None),
    ("0,4874", "vi", 0.4874, None, None, False, None),
    ("1.234,5", "vi", 1234.5, None, None, False, None),
    ("1.234", "vi", 1234.0, None, None, False, None),
    ("1.234", "en", 1.234, None, None, False, None),
    ("1,234", "vi", 1.234, None, None, False, None),
    ("1,234", "en", 1234.0, None, None, False, None),
    ("1,234.5", "en", 1234.5, None, None, False, None),
    ("0.4874", "en", 0.4874, None, None, False, None),
    ("1 902 270", "vi", 1902270.0, None, None, False, None),
    (f"1{NNBSP}902{NNBSP}270", "vi", 1902270.0, None, None, False, None),
    (f"1{NBSP}902{NBSP}270", "en", 1902270.0, None, None, False, None),
    ("0", "vi", 0.0, None, None, False, None),
    ("99,8%", "vi", 99.8, None, None, True, None),
    ("99,8 %", "vi", 99.8, None, None, True, None),
    ("99.8%", "en", 99.8, None, None, True, None),
    ("19/30", "vi", 19.0, None, 30.0, False, None),
    ("10/63", "vi", 10.0, None, 63.0, False, None),
    ("10 / 63", "vi", 10.0, None, 63.0, False, None),
    ("16/63 tỉnh", "vi", 16.0, None, 63.0, False, "tỉnh"),
    ("hơn 1.100", "vi", 1100.0, "hơn", None, False, None),
    ("Hơn 1.100", "vi", 1100.0, "hơn", None, False, None),
    ("HƠN 1.100", "vi", 1100.0, "hơn", None, False, None),
    ("trên 14.000", "vi", 14000.0, "trên", None, False, None),
    ("gần 100%", "vi", 100.0, "gần", None, True, None),
    ("gần như 100%", "vi", 100.0, "gần như", None, True, None),
    ("khoảng 2.500", "vi", 2500.0, "khoảng", None, False, None),
    ("xấp xỉ 50", "vi", 50.0, "xấp xỉ", None, False, None),
    ("dưới 5%", "vi", 5.0, "dưới", None, True, None),
    ("ít nhất 3", "vi", 3.0, "ít nhất", None, False, None),
    ("lên tới 90%", "vi", 90.0, "lên tới", None, True, None),
    ("tới 90%", "vi", 90.0, "tới", None, True, None),
    (">90%", "vi", 90.0, ">", None, True, None),
    ("> 90%", "vi", 90.0, ">", None, True, None),
    ("<10", "vi", 10.0, "<", None, False, None),
    ("≥ 50", "vi", 50.0, "≥", None, False, None),
    (">= 50", "vi", 50.0, "≥", None, False, None),
    ("≤50", "vi", 50.0, "≤", None, False, None),
    ("<= 50", "vi", 50.0, "≤", None, False, None),
    ("~ 50", "vi", 50.0, "≈", None, False, None),
    ("đạt 603,20", "vi", 603.2, None, None, False, None),
    ("19 thôn", "vi", 19.0, None, None, False, "thôn"),
    ("45,5 điểm", "vi", 45.5, None, None, False, "điểm"),
    ("hơn 1.100 hộ gia đình", "vi", 1100.0, "hơn", None, False, "hộ gia đình"),
    ("12 (ước tính)", "vi", 12.0, None, None, False, "(ước tính)"),
    ("-5", "vi", -5.0, None, None, False, None),
    ("−5", "vi", -5.0, None, None, False, None),
    ("- 3,5", "vi", -3.5, None, None, False, None),
    ("+12", "vi", 12.0, None, None, False, None),
    # decomposed Unicode, NBSP, narrow NBSP and zero-width spaces around the figure
    (unicodedata.normalize("NFD", "gần 100%"), "vi", 100.0, "gần", None, True, None),
    (f"{NBSP}hơn{NBSP}1.100{NNBSP}", "vi", 1100.0, "hơn", None, False, None),
    (f"99,8{ZWSP}%", "vi", 99.8, None, None, True, None),
    (unicodedata.normalize("NFD", "19 thôn"), "vi", 19.0, None, None, False, "thôn"),
]


@pytest.mark.parametrize(
    ("text", "locale", "value", "qualifier", "denominator", "percent", "unit"), NUMBERS
)
def test_parse_values_reads_each_published_form(
    text, locale, value, qualifier, denominator, percent, unit
):
    row = _one(text, locale)
    assert row["value"] == pytest.approx(value)
    assert (row["qualifier"] if pd.notna(row["qualifier"]) else None) == qualifier
    if denominator is None:
        assert math.isnan(row["denominator"])
    else:
        assert row["denominator"] == denominator
    assert bool(row["percent"]) is percent
    assert (row["unit_text"] if pd.notna(row["unit_text"]) else None) == unit
    assert pd.isna(row["missing_reason"])
    assert pd.isna(row["error"])


@pytest.mark.parametrize("marker", [m for m in MISSING_MARKERS if m])
def test_every_missing_marker_gives_no_value_and_keeps_the_marker(marker):
    row = _one(marker)
    assert math.isnan(row["value"])
    assert row["missing_reason"] == marker
    assert pd.isna(row["error"])


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Chưa có số liệu", "Chưa có số liệu"),
        ("CHƯA CÓ SỐ LIỆU.", "CHƯA CÓ SỐ LIỆU."),
        (unicodedata.normalize("NFD", "chưa có số liệu"), "chưa có số liệu"),
        ("N/A", "N/A"),
        (f"{NBSP}-{NBSP}", "-"),
        ("", ""),
        ("   ", ""),
        (None, ""),
        (np.nan, ""),
        (pd.NA, ""),
    ],
)
def test_missing_cells_keep_the_marker_as_published(text, reason):
    row = parse_values(pd.Series([text], dtype=object)).iloc[0]
    assert math.isnan(row["value"])
    assert row["missing_reason"] == reason
    assert pd.isna(row["error"])


@pytest.mark.parametrize(
    ("text", "locale", "match"),
    [
        ("12,3,4", "vi", r"^'12,3,4' is not a vi number: '\.' groups thousands"),
        ("12,3,4", "en", r"^'12,3,4' is not a en number"),
        ("1.234.5", "vi", "is not a vi number"),
        ("1.5", "vi", r"is not a vi number.*reads as a number in locale 'en'"),
        ("0.4874", "vi", r"reads as a number in locale 'en': check number_locale"),
        ("1.234,5", "en", r"reads as a number in locale 'vi'"),
        ("0.234", "vi", "is not a vi number"),
        ("19/3,0,0", "vi", "is not a vi number"),
        ("abc", "vi", r"^'abc' is not a number.*expected e\.g\. 1\.234,5"),
        ("10-20", "vi", "is not a number"),
        ("\uff11\uff12", "vi", "is not a number"),  # full-width digits
        ("\u0661\u0662", "vi", "is not a number"),  # Arabic-Indic digits
        ("1.000+", "vi", "is not a number"),
        ('=HYPERLINK("http://x","y")', "vi", "is not a number"),
        ("<script>alert(1)</script>", "vi", "is not a number"),
    ],
)
def test_unparseable_cells_get_a_bilingual_error_and_no_value(text, locale, match):
    row = _one(text, locale)
    assert math.isnan(row["value"])
    assert pd.isna(row["missing_reason"])
    english, _, vietnamese = row["error"].partition(" / ")
    assert re.search(match, english), english
    assert "không" in vietnamese
    assert text.strip() in vietnamese


def test_parse_values_keeps_the_index_and_column_types():
    texts = pd.Series(["1.100", "hơn 5", None, "x", "bad"], index=[10, 7, 3, "a", 99])
    parsed = parse_values(texts)
    assert list(parsed.index) == [10, 7, 3, "a", 99]
    assert list(parsed.columns) == [
        "value",
        "qualifier",
        "denominator",
        "percent",
        "unit_text",
        "missing_reason",
        "error",
    ]
    assert parsed["value"].dtype == "float64"
    assert parsed["denominator"].dtype == "float64"
    assert parsed["percent"].dtype == bool
    for column in ("qualifier", "unit_text", "missing_reason", "error"):
        assert isinstance(parsed[column].dtype, pd.StringDtype), column
    assert parsed["error"].notna().tolist() == [False, False, False, False, True]


def test_parse_values_gives_the_same_answer_for_repeated_texts_in_any_order():
    texts = pd.Series(["hơn 1.100", "19/30", "hơn 1.100", "-", "19/30"] * 3)
    parsed = parse_values(texts)
    assert parsed["value"].iloc[::5].tolist() == [1100.0] * 3
    assert parsed["denominator"].iloc[1::5].tolist() == [30.0] * 3
    assert parsed.iloc[:5].reset_index(drop=True).equals(parsed.iloc[5:10].reset_index(drop=True))


def test_parse_values_takes_numbers_that_are_already_numeric_as_they_are():
    parsed = parse_values(pd.Series([0.4874, 16, np.int64(63), None], dtype=object))
    assert parsed["value"].tolist()[:3] == [0.4874, 16.0, 63.0]
    assert parsed["missing_reason"].isna().tolist() == [True, True, True, False]
    assert parsed["error"].isna().all()


def test_parse_values_of_an_empty_column_is_empty():
    parsed = parse_values(pd.Series([], dtype=object))
    assert len(parsed) == 0
    assert parsed["value"].dtype == "float64"


@pytest.mark.parametrize(("locale", "hint"), [("vi-VN", "Did you mean 'vi'"), ("fr", "")])
def test_parse_values_rejects_an_unknown_locale(locale, hint):
    with pytest.raises(ParameterError, match=f"locale='{locale}' is not supported.*{hint}"):
        parse_values(pd.Series(["1"]), locale=locale)


def test_qualifiers_are_canonical_lower_case_forms():
    assert all(q == q.lower() and q == clean_text(q) for q in QUALIFIERS)
    assert {"hơn", "trên", "gần", "khoảng", ">", "<", "≥", "≤"} <= set(QUALIFIERS)


@pytest.mark.parametrize(
    ("cells", "locale"),
    [
        (["1.234", "625,30"], "vi"),
        (["1.902.270", "12"], "vi"),
        (["1.234,5"], "vi"),
        (["0,4874", "hơn 1.100"], "vi"),
        (["1,234.5", "1.234"], "en"),
        (["0.4874", "12"], "en"),
        (["1,902,270"], "en"),
        (["99.8%", "-"], "en"),
        (["1.234", "1,234", "12", "-", None], "vi"),
        ([], "vi"),
    ],
)
def test_detect_locale_follows_the_unambiguous_cells(cells, locale):
    assert detect_locale(pd.Series(cells, dtype=object)) == locale


def test_detect_locale_refuses_a_column_that_mixes_both_forms():
    cells = pd.Series(["625,30", "1.234", "1,234.5"], name="value")
    with pytest.raises(InputError, match=r"column 'value' mixes vi-VN numbers \(e\.g\. '625,30'\)"):
        detect_locale(cells)
    with pytest.raises(InputError, match=r"English numbers \(e\.g\. '1,234\.5'\).*number_locale"):
        detect_locale(cells)


def test_clean_text_normalises_decomposed_text_and_odd_spaces():
    text = f"{ZWSP} Tha{ZWSP}nh{NBSP}{NNBSP}Ho" + "a\u0301\t\n"
    assert clean_text(text) == "Thanh Hoá"
    assert unicodedata.is_normalized("NFC", clean_text(unicodedata.normalize("NFD", "Lạng Sơn")))


@pytest.mark.parametrize(
    "variant",
    ["Thanh Hóa", "Thanh Hoá", "THANH HÓA", "Thanh Hoa", unicodedata.normalize("NFD", "Thanh Hóa")],
)
def test_name_key_gives_one_key_for_every_spelling(variant):
    assert name_key(variant) == "thanh hoa"


def test_column_helpers_keep_missing_cells_and_the_index():
    texts = pd.Series([f"Lạng{NBSP}Sơn ", None, "ĐẮK LẮK"], index=[5, 6, 7], name="unit")
    assert clean_texts(texts).tolist() == ["Lạng Sơn", pd.NA, "ĐẮK LẮK"]
    keys = name_keys(texts)
    assert keys.tolist() == ["lang son", pd.NA, "dak lak"]
    assert list(keys.index) == [5, 6, 7] and keys.name == "unit"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [(q, q) for q in QUALIFIERS]
    + [(q.upper(), q) for q in QUALIFIERS if q.isalpha()]
    + [(">=", "≥"), ("=>", "≥"), ("<=", "≤"), ("=<", "≤"), ("~", "≈")],
)
def test_every_qualifier_is_kept_in_its_canonical_form(written, canonical):
    row = _one(f"{written} 1.100")
    assert row["value"] == 1100.0
    assert row["qualifier"] == canonical


# --- hostile cells (synthetic test data) ---------------------------------------------------


def test_a_number_with_too_many_digits_is_an_error_and_is_never_parsed():
    cells = pd.Series(["9" * 120_000, "1" * MAX_DIGITS, "1" * (MAX_DIGITS + 1) + " thôn"])
    parsed = parse_values(cells)
    assert parsed["value"].isna().tolist() == [True, False, True]
    assert parsed["error"].iat[0].startswith("'" + "9" * 40 + "…' (120,000 characters)")
    assert "has 120,000 digits; a figure has at most 30" in parsed["error"].iat[0]
    assert f"has {MAX_DIGITS + 1} digits" in parsed["error"].iat[2]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["1.234", "2.345"], [True, True]),
        (["1,234", "12"], [True, False]),
        (["1.234,5", "0,4874", "99,8%", "12", None], [False, False, False, False, False]),
        (["19/1.562", "hơn 1.100"], [True, True]),
    ],
)
def test_ambiguous_numbers_are_those_that_read_differently_in_the_two_locales(cells, expected):
    assert ambiguous_numbers(pd.Series(cells, dtype=object)).tolist() == expected


def test_detect_locale_can_refuse_to_guess():
    assert detect_locale(pd.Series(["1.234", "2.345"]), default=None) is None
    assert detect_locale(pd.Series(["1.234", "0,5"]), default=None) == "vi"
    assert detect_locale(pd.Series(["1.234", "2.345"])) == "vi"  # the old default stays


def test_printable_escapes_control_characters_and_cuts_long_text():
    assert printable("a\x00b\x1bc\x9f") == "'a\\x00b\\x1bc\\x9f'"
    assert printable("x" * 300, limit=3) == "'xxx…' (300 characters)"
