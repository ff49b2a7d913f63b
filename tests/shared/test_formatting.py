from __future__ import annotations

import datetime
import math

import pytest

from cdskit.errors import ParameterError
from cdskit.formatting import (
    check_language,
    format_date,
    format_number,
    format_percent_value,
    format_period,
    format_rank,
    format_value,
)


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (1902270, "vi", "1.902.270"),
        (1902270, "en", "1,902,270"),
        (0.4874, "vi", "0,4874"),
        (0.4874, "en", "0.4874"),
        (1525.0, "vi", "1.525"),
        (-12.5, "vi", "-12,5"),
        (None, "vi", "Không có số liệu"),
        (math.nan, "en", "No data"),
    ],
)
def test_numbers_use_the_readers_separators(value, language, expected):
    assert format_number(value, language) == expected


def test_fixed_decimals_round_half_even_only_when_asked():
    assert format_number(0.48744, decimals=2) == "0,49"
    assert format_number(3, decimals=2) == "3,00"


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (99.8, "vi", "99,8%"),
        (99.8, "en", "99.8%"),
        (100, "vi", "100%"),
        (None, "vi", "Không có số liệu"),
    ],
)
def test_percent_values_are_points_not_fractions(value, language, expected):
    assert format_percent_value(value, language) == expected


@pytest.mark.parametrize(
    ("value", "unit", "language", "expected"),
    [
        (1525, "thôn", "vi", "1.525 thôn"),
        (1525, "villages", "en", "1,525 villages"),
        (97.6, "%", "vi", "97,6%"),
        (12, "", "vi", "12"),
        (None, "thôn", "vi", "Không có số liệu"),
    ],
)
def test_values_carry_their_unit(value, unit, language, expected):
    assert format_value(value, unit, language) == expected


def test_dates_follow_the_language():
    day = datetime.date(2025, 7, 1)
    assert format_date(day) == "01/07/2025"
    assert format_date(day, "en") == "1 July 2025"


def test_an_unknown_language_is_refused_with_a_suggestion():
    with pytest.raises(ParameterError, match=r"language='vn'.*Did you mean 'vi'"):
        check_language("vn")


def test_negative_decimals_are_refused():
    with pytest.raises(ParameterError, match="decimals=-1"):
        format_number(1.5, decimals=-1)


@pytest.mark.parametrize(
    ("period", "vi", "en"),
    [
        ("2022", "năm 2022", "2022"),
        ("2023-H1", "6 tháng đầu năm 2023", "first half of 2023"),
        ("2025-H2", "6 tháng cuối năm 2025", "second half of 2025"),
        ("2023-Q1", "quý I năm 2023", "first quarter of 2023"),
        ("2024-Q1-Q3", "9 tháng đầu năm 2024", "first nine months of 2024"),
        ("2023-Q2-Q3", "quý II đến quý III năm 2023", "second to third quarters of 2023"),
        ("2022-06", "tháng 6/2022", "June 2022"),
        ("undated", "không ghi thời điểm", "undated"),
        ("2020–2024", "2020–2024", "2020–2024"),  # already in words: unchanged
    ],
)
def test_periods_are_written_in_words_in_each_language(period, vi, en):
    assert format_period(period) == vi
    assert format_period(period, "en") == en


def test_no_period_in_words_keeps_a_code():
    codes = ("2023-H1", "2024-Q1-Q3", "2022-06", "2023-Q4")
    for language in ("vi", "en"):
        for code in codes:
            assert code not in format_period(code, language)


@pytest.mark.parametrize(
    ("rank", "of", "language", "expected"),
    [
        (15, 63, "vi", "15/63"),
        (5.0, 34, "en", "5/34"),
        (3, None, "vi", "3"),
        (None, 63, "vi", "Không có số liệu"),
        (math.nan, 34, "en", "No data"),
    ],
)
def test_ranks_carry_their_denominator(rank, of, language, expected):
    assert format_rank(rank, of, language) == expected
