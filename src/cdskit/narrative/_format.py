"""Figures, periods, qualifiers and dates written for a reader of one language.

Numbers go through :mod:`cdskit.formatting` (Babel), so a figure reads the same in a sentence,
a table and a chart: ``1.902.270`` and ``99,8%`` in Vietnamese, ``1,902,270`` and ``99.8%``
in English.
"""

from __future__ import annotations

import datetime as _dt
import math

from babel.dates import format_date as _babel_date

from cdskit.formatting import (
    BABEL_LOCALES,
    format_number,
    format_percent_value,
    format_period,
    with_qualifier,
)
from cdskit.narrative._model import Figure

# Published DTI scores carry four decimals (0,4880).
_INDEX_DECIMALS = 4
# Percentages are printed with the decimals the source used (97,92%), never rounded.
_PERCENT_DECIMALS = 4


def number(value: float, language: str, kind: str = "count") -> str:
    """Return a number in the reader's format; DTI indices keep four decimals.

    Parameters
    ----------
    value : float
        The number.
    language : {"vi", "en"}
        Reader's language.
    kind : str, default "count"
        Codebook kind: ``index`` prints four decimals (``0,4880``), ``percent`` adds ``%``.

    Returns
    -------
    str
        The formatted number.

    Examples
    --------
    >>> number(0.488, "vi", "index")
    '0,4880'
    >>> number(97.92, "en", "percent")
    '97.92%'
    """
    if kind == "percent":
        return format_percent_value(value, language, decimals=_PERCENT_DECIMALS)
    if kind == "index":
        return format_number(value, language, decimals=_INDEX_DECIMALS)
    return format_number(value, language)


def figure_value(figure: Figure, language: str, kind: str) -> str:
    """Return a figure as a sentence states it: qualifier, number and denominator.

    Ranks and fractions keep their denominator (``14/34``, ``19/30``, ``1.525/1.562``);
    a qualifier from the source is kept in the reader's words (``trên 99,8%``,
    ``over 99.8%``).

    Parameters
    ----------
    figure : Figure
        The observation.
    language : {"vi", "en"}
        Reader's language.
    kind : str
        Codebook kind of the indicator (``rank``, ``count``, ``percent``, ``index``, ``points``).

    Returns
    -------
    str
        E.g. ``"hơn 1.680"``, ``"12/63"``, ``"97,92%"``.
    """
    text = number(figure.value, language, kind)
    if has_denominator(figure) and kind != "percent":
        text = f"{text}/{format_number(figure.denominator, language)}"
    return with_qualifier(text, figure.qualifier, language)


def has_denominator(figure: Figure) -> bool:
    """Return whether the figure carries a denominator."""
    return figure.denominator is not None and not math.isnan(figure.denominator)


def when_phrase(period: str, language: str) -> str:
    """Write when a figure holds, ready to open a sentence (``Trong 6 tháng đầu năm 2023``).

    Parameters
    ----------
    period : str
        Period as stored.
    language : {"vi", "en"}
        Reader's language.

    Returns
    -------
    str
        A sentence opening; an undated figure says that it has no date.

    Examples
    --------
    >>> when_phrase("undated", "en")
    'In figures published without a date'
    >>> when_phrase("2023", "vi")
    'Năm 2023'
    """
    vi = language == "vi"
    if period == "undated" or not period[:4].isdigit():
        return "Theo số liệu không ghi thời điểm" if vi else "In figures published without a date"
    phrase = format_period(period, language)
    if vi:
        if period[5:].isdigit():
            return f"Đến {phrase}"
        return phrase[0].upper() + phrase[1:] if phrase.startswith("năm") else f"Trong {phrase}"
    if period[5:].isdigit():
        return f"As of {phrase}"
    return f"In {phrase}" if len(period) == 4 else f"In the {phrase}"


def publication_date(date: str, language: str) -> str:
    """Write a source's publication date (``ngày 03/7/2023``, ``3 July 2023``, or undated).

    Parameters
    ----------
    date : str
        ``YYYY-MM-DD`` or ``undated``.
    language : {"vi", "en"}
        Reader's language.

    Returns
    -------
    str
        The date in words; a source without a date says so.

    Examples
    --------
    >>> publication_date("2023-07-03", "vi")
    'ngày 03/7/2023'
    >>> publication_date("undated", "en")
    'no publication date'
    """
    try:
        day = _dt.date.fromisoformat(date)
    except ValueError:
        return "không ghi ngày đăng" if language == "vi" else "no publication date"
    if language == "vi":
        return f"ngày {day.day:02d}/{day.month}/{day.year}"
    return _babel_date(day, "d MMMM yyyy", locale=BABEL_LOCALES["en"])


def origin_text(origins: list[str], language: str) -> str:
    """Write the cells of ``data/raw`` a sentence's figures were read from.

    Parameters
    ----------
    origins : list of str
        Origins as stored (``"dti/pillars.csv:line 38"``, ``"x.xlsx:Sheet1!B4"``).
    language : {"vi", "en"}
        Reader's language.

    Returns
    -------
    str
        ``"data/raw/dti/pillars.csv, dòng 37, 38"``; several files are separated by ``;``.

    Examples
    --------
    >>> origin_text(["dti/pillars.csv:line 38", "dti/pillars.csv:line 37"], "en")
    'data/raw/dti/pillars.csv, lines 37, 38'
    """
    by_file: dict[str, list[str]] = {}
    for origin in origins:
        file, _, where = origin.partition(":")
        by_file.setdefault(file, [])
        if where and where not in by_file[file]:
            by_file[file].append(where)
    parts = []
    for file, places in by_file.items():
        lines = [p.removeprefix("line ").strip() for p in places if p.startswith("line ")]
        cells = [p for p in places if not p.startswith("line ")]
        words = []
        if lines:
            lines.sort(key=lambda item: int(item) if item.isdigit() else 0)
            if language == "vi":
                words.append("dòng " + ", ".join(lines))
            else:
                words.append(("line " if len(lines) == 1 else "lines ") + ", ".join(lines))
        if cells:
            words.append(("ô " if language == "vi" else "cell ") + ", ".join(cells))
        parts.append(", ".join([f"data/raw/{file}", *words]))
    return "; ".join(parts)
