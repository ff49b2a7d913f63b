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
