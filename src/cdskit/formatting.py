"""Numbers, percentages and dates for readers: vi-VN by default (1.902.270; 99,8%), or English.

Maps, charts and narrative text all format figures through this module, so a number looks the
same in a legend, a table and a sentence. Formatting is done with Babel's CLDR data.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from numbers import Real
from typing import TypeGuard

from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal, format_percent

from cdskit.errors import ParameterError, did_you_mean
from cdskit.terms import LANGUAGES

#: The Babel locale of each language in :data:`cdskit.terms.LANGUAGES`.
BABEL_LOCALES: dict[str, str] = {"vi": "vi_VN", "en": "en_GB"}

#: Text shown where a figure is missing.
NO_DATA: dict[str, str] = {"vi": "Không có số liệu", "en": "No data"}


#: How each qualifier the value parser keeps (:data:`cdskit.values.QUALIFIERS`) is written
#: beside its number, per language: one table for every writer (sentences, tables, Word,
#: tooltips, chart labels), so no qualifier is ever dropped.
QUALIFIER_WORDS: dict[str, dict[str, str]] = {
    "hơn": {"vi": "hơn", "en": "more than"},
    "trên": {"vi": "trên", "en": "over"},
    "gần": {"vi": "gần", "en": "nearly"},
    "gần như": {"vi": "gần như", "en": "almost"},
    "khoảng": {"vi": "khoảng", "en": "about"},
    "xấp xỉ": {"vi": "xấp xỉ", "en": "approximately"},
    "dưới": {"vi": "dưới", "en": "under"},
    "chưa đến": {"vi": "chưa đến", "en": "less than"},
    "ít nhất": {"vi": "ít nhất", "en": "at least"},
    "tối thiểu": {"vi": "tối thiểu", "en": "at least"},
    "tối đa": {"vi": "tối đa", "en": "at most"},
    "lên tới": {"vi": "lên tới", "en": "up to"},
    "tới": {"vi": "tới", "en": "up to"},
    ">": {"vi": "trên", "en": "more than"},
    "<": {"vi": "dưới", "en": "less than"},
    "≥": {"vi": "ít nhất", "en": "at least"},
    "≤": {"vi": "không quá", "en": "at most"},
    "≈": {"vi": "khoảng", "en": "about"},
}


def with_qualifier(text: str, qualifier: object, language: str = "vi") -> str:
    """Write a formatted figure with its qualifier in the reader's words.

    Parameters
    ----------
    text : str
        The figure already formatted (``"10%"``, ``"1.676"``).
    qualifier : str or None
        The qualifier as stored (``"dưới"``, ``">"``); empty or missing for none.
    language : {"vi", "en"}
        Reader's language.

    Returns
    -------
    str
        ``"dưới 10%"``, ``"under 10%"``; an unknown qualifier is kept as stored, never dropped.

    Examples
    --------
    >>> with_qualifier("10%", "dưới", "vi"), with_qualifier("10%", "dưới", "en")
    ('dưới 10%', 'under 10%')
    >>> with_qualifier("1.680", None)
    '1.680'
    """
    if qualifier is None or isinstance(qualifier, float) or not str(qualifier).strip():
        return text  # None, NaN or empty: no qualifier
    stored = str(qualifier).strip().lower()
    if stored in ("nan", "<na>", "none"):
        return text
    words = QUALIFIER_WORDS.get(stored, {}).get(language, stored)
    return f"{words} {text}"


def check_language(language: str, *, parameter: str = "language") -> str:
    """Return ``language`` when it is supported, or raise a :class:`ParameterError`.

    Parameters
    ----------
    language : str
        ``"vi"`` or ``"en"`` (case and surrounding spaces are ignored).
    parameter : str, default "language"
        Name of the parameter, quoted in the error message.

    Returns
    -------
    str
        The normalised language code.

    Raises
    ------
    ParameterError
        When the language is not supported; the message suggests the closest one.

    Examples
    --------
    >>> check_language(" VI ")
    'vi'
    """
    value = str(language).strip().lower()
    if value in LANGUAGES:
        return value
    suggestions = [code for code in LANGUAGES if code[0] == value[:1]] or list(LANGUAGES)
    raise ParameterError(
        f"{parameter}={language!r} is not supported: expected one of "
        f"{', '.join(repr(code) for code in LANGUAGES)}."
        f"{did_you_mean(language, suggestions, ranked=True)}"
    )


def format_number(value: float | None, language: str = "vi", *, decimals: int | None = None) -> str:
    """Format a number with the reader's grouping and decimal separators.

    Parameters
    ----------
    value : float or None
        The number; ``None`` or NaN gives the "no data" text of the language.
    language : {"vi", "en"}, default "vi"
        Reader's language.
    decimals : int, optional
        Exact number of decimals. By default whole numbers show none and other numbers show
        up to four significant decimals (trailing zeros dropped), never rounding a published
        figure such as ``0,4874``.

    Returns
    -------
    str
        The formatted number.

    Examples
    --------
    >>> format_number(1902270)
    '1.902.270'
    >>> format_number(0.4874)
    '0,4874'
    >>> format_number(1902270.5, "en")
    '1,902,270.5'
    >>> format_number(12.345, decimals=1)
    '12,3'
    """
    language = check_language(language)
    if not _is_figure(value):
        return NO_DATA[language]
    locale = BABEL_LOCALES[language]
    if decimals is None:
        pattern = "#,##0" if float(value).is_integer() else "#,##0.######"
    else:
        if decimals < 0:
            raise ParameterError(f"decimals={decimals} must be zero or more.")
        pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(value, format=pattern, locale=locale, decimal_quantization=True)


def format_percent_value(value: float | None, language: str = "vi", *, decimals: int = 1) -> str:
    """Format a figure already expressed in percent (``99.8`` → ``99,8%``).

    Parameters
    ----------
    value : float or None
        Percentage points (``99.8`` means 99.8 %); ``None`` or NaN gives the "no data" text.
    language : {"vi", "en"}, default "vi"
        Reader's language.
    decimals : int, default 1
        Maximum number of decimals (trailing zeros dropped).

    Returns
    -------
    str
        The formatted percentage.

    Examples
    --------
    >>> format_percent_value(99.8)
    '99,8%'
    >>> format_percent_value(100, "en")
    '100%'
    """
    language = check_language(language)
    if not _is_figure(value):
        return NO_DATA[language]
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "") + "%"
    return format_percent(float(value) / 100, format=pattern, locale=BABEL_LOCALES[language])


def format_value(value: float | None, unit: str = "", language: str = "vi") -> str:
    """Format a number followed by its unit (``%`` is attached, other units follow a space).

    Parameters
    ----------
    value : float or None
        The figure; ``None`` or NaN gives the "no data" text.
    unit : str, default ""
        Unit of measure in the reader's language (``"%"``, ``"điểm"``, ``"thôn"``).
    language : {"vi", "en"}, default "vi"
        Reader's language.

    Returns
    -------
    str
        E.g. ``"99,8%"``, ``"1.525 thôn"``.

    Examples
    --------
    >>> format_value(1525, "thôn")
    '1.525 thôn'
    >>> format_value(99.8, "%")
    '99,8%'
    """
    if unit.strip() == "%":
        return format_percent_value(value, language)
    text = format_number(value, language)
    if not _is_figure(value) or not unit.strip():
        return text
    return f"{text} {unit.strip()}"


def format_date(date: _dt.date, language: str = "vi") -> str:
    """Format a calendar date the way readers of ``language`` write it.

    Parameters
    ----------
    date : datetime.date
        The date.
    language : {"vi", "en"}, default "vi"
        Reader's language.

    Returns
    -------
    str
        ``"23/11/2026"`` in Vietnamese, ``"23 November 2026"`` in English.

    Examples
    --------
    >>> import datetime
    >>> format_date(datetime.date(2025, 7, 1))
    '01/07/2025'
    >>> format_date(datetime.date(2025, 7, 1), "en")
    '1 July 2025'
    """
    language = check_language(language)
    pattern = "dd/MM/yyyy" if language == "vi" else "d MMMM yyyy"
    return _babel_format_date(date, format=pattern, locale=BABEL_LOCALES[language])


_HALVES = {
    "vi": {"H1": "6 tháng đầu năm {y}", "H2": "6 tháng cuối năm {y}"},
    "en": {"H1": "first half of {y}", "H2": "second half of {y}"},
}
_ROMAN = ("I", "II", "III", "IV")
_ORDINAL_EN = ("first", "second", "third", "fourth")
_MONTHS_EN = {6: "six", 9: "nine"}
_QUARTERS = re.compile(r"Q([1-4])(?:-Q([1-4]))?")

#: How an undated figure's period reads.
UNDATED: dict[str, str] = {"vi": "không ghi thời điểm", "en": "undated"}


def format_period(period: str, language: str = "vi") -> str:
    """Write a stored period in words, as a title or a table cell shows it.

    Parameters
    ----------
    period : str
        Period as stored in the observations: ``2023``, ``2023-H1``, ``2023-Q1``,
        ``2024-Q1-Q3``, ``2022-06`` or ``undated``. Anything else is returned unchanged.
    language : {"vi", "en"}, default "vi"
        Reader's language.

    Returns
    -------
    str
        The period in words.

    Examples
    --------
    >>> format_period("2023-H1")
    '6 tháng đầu năm 2023'
    >>> format_period("2023-H1", "en")
    'first half of 2023'
    >>> format_period("2024-Q1-Q3")
    '9 tháng đầu năm 2024'
    >>> format_period("2022-06", "en")
    'June 2022'
    >>> format_period("2022")
    'năm 2022'
    >>> format_period("undated", "en")
    'undated'
    """
    language = check_language(language)
    vi = language == "vi"
    text = str(period).strip()
    if text == "undated":
        return UNDATED[language]
    if not re.fullmatch(r"\d{4}(-.+)?", text):
        return text
    year, rest = text[:4], text[5:]
    if not rest:
        return f"năm {year}" if vi else year
    if rest in _HALVES[language]:
        return _HALVES[language][rest].format(y=year)
    quarters = _QUARTERS.fullmatch(rest)
    if quarters:
        first, last = int(quarters.group(1)), int(quarters.group(2) or quarters.group(1))
        if first == last:
            if vi:
                return f"quý {_ROMAN[first - 1]} năm {year}"
            return f"{_ORDINAL_EN[first - 1]} quarter of {year}"
        if first == 1:
            months = last * 3
            if vi:
                return f"{months} tháng đầu năm {year}"
            return f"first {_MONTHS_EN.get(months, str(months))} months of {year}"
        if vi:
            return f"quý {_ROMAN[first - 1]} đến quý {_ROMAN[last - 1]} năm {year}"
        return f"{_ORDINAL_EN[first - 1]} to {_ORDINAL_EN[last - 1]} quarters of {year}"
    if rest.isdigit() and 1 <= int(rest) <= 12:
        month = int(rest)
        if vi:
            return f"tháng {month}/{year}"
        return _babel_format_date(
            _dt.date(int(year), month, 1), format="MMMM yyyy", locale=BABEL_LOCALES["en"]
        )
    return text


def format_rank(rank: float | None, of: int | None, language: str = "vi") -> str:
    """Write a rank with its denominator (``15/63``), the way rankings are published.

    Parameters
    ----------
    rank : float or None
        The rank (1 is best); ``None`` or NaN gives the "no data" text.
    of : int or None
        Number of units ranked (63 provinces before July 2025, 34 after); ``None`` writes the
        rank alone.
    language : {"vi", "en"}, default "vi"
        Reader's language.

    Returns
    -------
    str
        E.g. ``"15/63"``.

    Examples
    --------
    >>> format_rank(15, 63)
    '15/63'
    >>> format_rank(None, 34, "en")
    'No data'
    """
    language = check_language(language)
    if not _is_figure(rank):
        return NO_DATA[language]
    text = format_number(rank, language)
    return f"{text}/{format_number(of, language)}" if _is_figure(of) else text


def _is_figure(value: float | None) -> TypeGuard[float]:
    """Whether ``value`` is a figure to write, not ``None``, NaN or a marker like ``pandas.NA``."""
    if value is None:
        return False
    if isinstance(value, Real):
        return not math.isnan(float(value))
    try:
        return not math.isnan(float(value))  # cells of other types: Decimal, text, pandas.NA
    except (TypeError, ValueError):
        return False
