"""Numbers, percentages and dates for readers: vi-VN by default (1.902.270; 99,8%), or English.

Maps, charts and narrative text all format figures through this module, so a number looks the
same in a legend, a table and a sentence. Formatting is done with Babel's CLDR data.
"""

from __future__ import annotations

import datetime as _dt
import math
from numbers import Real

from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal, format_percent

from cdskit.errors import ParameterError, did_you_mean
from cdskit.terms import LANGUAGES

#: The Babel locale of each language in :data:`cdskit.terms.LANGUAGES`.
BABEL_LOCALES: dict[str, str] = {"vi": "vi_VN", "en": "en_GB"}

#: Text shown where a figure is missing.
NO_DATA: dict[str, str] = {"vi": "Không có số liệu", "en": "No data"}


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
        f"{', '.join(repr(code) for code in LANGUAGES)}.{did_you_mean(suggestions)}"
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
    if _is_missing(value):
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
    if _is_missing(value):
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
    if _is_missing(value) or not unit.strip():
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


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, Real):
        return math.isnan(float(value))
    try:
        return math.isnan(float(value))  # numpy scalars, pandas NA-free numbers
    except (TypeError, ValueError):
        return True
