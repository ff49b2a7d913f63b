"""Published values: vi-VN and English numbers, percents, ranks, qualifiers, missing markers.

:func:`parse_values` reads a whole column at once: vi-VN figures (``1.902.270``, ``625,30``,
``99,8%``), ranks and fractions (``19/30``), qualifiers (``hơn 1.100``, ``>90%``) and missing
markers (``-``, ``chưa có số liệu``).

Decisions worth knowing
-----------------------
- An ambiguous ``1.234`` is read in the column's locale (declared, or found by
  :func:`detect_locale`), never guessed cell by cell. A cell that is valid only in the other
  locale (``0.4874`` in a vi-VN column) is an error, not a silent re-interpretation.
- ``đạt`` ("reached") before a number is a verb, not a qualifier: ``đạt 603,20`` gives 603.2
  with no qualifier. The published text stays in ``value_as_published`` downstream.
- Percent values stay in percent points (``99,8%`` → 99.8, ``percent`` True).
- Thousands may also be grouped by spaces (``1 902 270``, incl. NBSP and narrow NBSP).
- Magnitude words after a number are read as their value (``3 nghìn`` → 3000,
  ``1,5 triệu hộ`` → 1500000 with unit ``hộ``; see :data:`MAGNITUDES`); the published text
  stays in ``value_as_published``. A magnitude word with a percent or a fraction
  (``3 nghìn %``, ``2/3 triệu``) is an error, never a figure cut to its digits.
- A date (``2025-12-05``: a cell Excel formats as a date, e.g. a typed ``5/12``) is an error
  that says so.
"""

from __future__ import annotations

import re
from decimal import Decimal

import numpy as np
import pandas as pd

from cdskit.errors import InputError, ParameterError
from cdskit.terms import NUMBER_LOCALES
from cdskit.vietnamese import clean_texts, printable

#: Most digits a figure may have: more is a pasted error, not a number (and is never parsed).
MAX_DIGITS = 30


#: Words and signs kept as a value's qualifier, in their canonical (lower-case) form.
QUALIFIERS: tuple[str, ...] = (
    "hơn",
    "trên",
    "gần",
    "gần như",
    "khoảng",
    "xấp xỉ",
    "dưới",
    "chưa đến",
    "ít nhất",
    "tối thiểu",
    "tối đa",
    "lên tới",
    "tới",
    ">",
    "<",
    "≥",
    "≤",
    "≈",
)

#: Words after a number that multiply it (compared case-insensitively, as whole words).
MAGNITUDES: dict[str, int] = {
    "nghìn": 1_000,
    "ngàn": 1_000,
    "triệu": 1_000_000,
    "tỷ": 1_000_000_000,
    "tỉ": 1_000_000_000,
}
_MAGNITUDE_RE = re.compile(
    r"^(?P<word>" + "|".join(sorted(map(re.escape, MAGNITUDES), key=len, reverse=True)) + r")"
    r"(?:\s+(?P<rest>.*))?$",
    re.IGNORECASE,
)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")

# Spellings that mean the same qualifier.
_QUALIFIER_ALIASES: dict[str, str] = {">=": "≥", "=>": "≥", "<=": "≤", "=<": "≤", "~": "≈"}

# Words before a number that carry no qualification ("đạt 95%" = "reached 95%").
_LEAD_WORDS: tuple[str, ...] = ("đạt",)

#: Cell texts that mean "no figure published" (compared case-insensitively, after clean-up).
MISSING_MARKERS: tuple[str, ...] = (
    "",
    "-",
    "--",
    "—",
    "–",
    "…",
    "...",
    "..",
    "x",
    "n/a",
    "na",
    "nan",
    "?",
    "chưa có",
    "chưa có số liệu",
    "không có số liệu",
    "chưa có dữ liệu",
    "không có dữ liệu",
    "chưa thống kê",
    "không áp dụng",
    "không xác định",
)


_EXAMPLES = "1.234,5; 99,8%; 19/30; hơn 1.100"
_EXAMPLES_EN = "1,234.5; 99.8%; 19/30; over 1,100"
_NUMBER = r"[0-9][0-9.,]*(?: [0-9]{3})*"  # ASCII digits only: float() reads them
_QUALIFIER_ALT = "|".join(
    re.escape(q)
    for q in sorted((*QUALIFIERS, *_QUALIFIER_ALIASES, *_LEAD_WORDS), key=len, reverse=True)
)
_VALUE_PATTERN = (
    rf"^(?:(?P<qualifier>{_QUALIFIER_ALT})\s*)?"
    r"(?P<sign>[+\-−])?\s*"
    rf"(?P<number>{_NUMBER})"
    rf"(?:\s*(?P<percent>%)|\s*/\s*(?P<denominator>{_NUMBER}))?"
    r"(?:\s*(?P<unit>\(.*\)|[^\W\d_][^\d]*))?$"
)
_VALUE_RE = re.compile(_VALUE_PATTERN, re.IGNORECASE)
_GROUPED = r"[1-9][0-9]{0,2}"
_BODY = {
    "vi": re.compile(
        rf"(?:{_GROUPED}(?:\.[0-9]{{3}})+|{_GROUPED}(?: [0-9]{{3}})+|[0-9]+)(?:,[0-9]+)?"
    ),
    "en": re.compile(
        rf"(?:{_GROUPED}(?:,[0-9]{{3}})+|{_GROUPED}(?: [0-9]{{3}})+|[0-9]+)(?:\.[0-9]+)?"
    ),
}
_RULES = {
    "vi": (
        "'.' groups thousands by three and ',' marks decimals, e.g. 1.902.270 or 625,30",
        "dấu '.' phân cách hàng nghìn, dấu ',' phân cách thập phân, ví dụ 1.902.270 hoặc 625,30",
    ),
    "en": (
        "',' groups thousands by three and '.' marks decimals, e.g. 1,902,270 or 625.30",
        "dấu ',' phân cách hàng nghìn, dấu '.' phân cách thập phân, ví dụ 1,902,270 hoặc 625.30",
    ),
}
# Number body → plain "1234.5" for float(): drop group separators, decimal mark → ".".
_PLAIN = {
    "vi": str.maketrans(",", ".", ". "),
    "en": str.maketrans("", "", ", "),
}
_OUTPUT_COLUMNS = (
    "value",
    "qualifier",
    "denominator",
    "percent",
    "unit_text",
    "missing_reason",
    "error",
)


def _check_locale(locale: str) -> None:
    if locale not in NUMBER_LOCALES:
        raise ParameterError(
            f"locale={locale!r} is not supported: expected one of {', '.join(NUMBER_LOCALES)} "
            "('vi' reads 1.234,5; 'en' reads 1,234.5)."
            + (" Did you mean 'vi'?" if str(locale).lower().startswith("vi") else "")
        )


def _to_float(numbers: pd.Series, locale: str) -> pd.Series:
    """Convert number bodies already checked against the locale pattern to float."""
    table = _PLAIN[locale]
    plain = [n.translate(table) if isinstance(n, str) else "" for n in numbers]
    return pd.to_numeric(pd.Series(plain, index=numbers.index, dtype=object), errors="coerce")


def _number_error(text: str, body: str, locale: str) -> str:
    other = "en" if locale == "vi" else "vi"
    en_rule, vi_rule = _RULES[locale]
    shown = printable(text, 80)
    english = f"{shown} is not a {locale} number: {en_rule}"
    vietnamese = f"{shown} không đúng định dạng số {locale}: {vi_rule}"
    if _BODY[other].fullmatch(body):
        english += f"; it reads as a number in locale '{other}': check number_locale"
        vietnamese += f"; đọc được theo định dạng '{other}': kiểm tra number_locale"
    return f"{english} / {vietnamese}"


def _not_a_number(text: str, locale: str) -> str:
    examples = _EXAMPLES if locale == "vi" else _EXAMPLES_EN
    shown = printable(text, 80)
    return (
        f"{shown} is not a number, a qualified number or a missing marker "
        f"(expected e.g. {examples}, or '-' for missing)"
        f" / {shown} không phải là số (ví dụ {_EXAMPLES}, hoặc '-' nếu không có số liệu)"
    )


def _too_many_digits(text: str, digits: int) -> str:
    shown = printable(text, 40)
    return (
        f"{shown} has {digits:,} digits; a figure has at most {MAX_DIGITS}: check the cell"
        f" / {shown} có {digits:,} chữ số; một số liệu có tối đa {MAX_DIGITS} chữ số: "
        "kiểm tra lại ô"
    )


def _date_error(text: str) -> str:
    shown = printable(text, 40)
    return (
        f"{shown} is a date, not a number: the cell is date-formatted in Excel (Excel also "
        "turns a typed 5/12 into 5 December); format the cell as Number or Text and retype "
        f"the figure as published / {shown} là ngày tháng, không phải số: ô được định dạng "
        "ngày trong Excel (Excel tự đổi 5/12 thành ngày 5 tháng 12); định dạng ô là Number "
        "hoặc Text rồi gõ lại số liệu như bản công bố"
    )


def _magnitude_error(text: str) -> str:
    shown = printable(text, 80)
    return (
        f"{shown} puts a magnitude word ({', '.join(MAGNITUDES)}) after a percent or a "
        "fraction; write the figure as published without it, or as a plain number"
        f" / {shown} ghi từ chỉ bậc số ({', '.join(MAGNITUDES)}) sau phần trăm hoặc phân "
        "số; ghi lại số liệu như bản công bố"
    )


def _apply_magnitudes(
    found: pd.DataFrame, locale: str, value: np.ndarray, unit: np.ndarray, good: np.ndarray
) -> np.ndarray:
    """Multiply figures written with a magnitude word; return the rows it makes errors."""
    words = found["unit"].str.strip().str.extract(_MAGNITUDE_RE)
    hits = words["word"].notna().to_numpy()
    bad = np.zeros(len(good), dtype=bool)
    if not hits.any():
        return bad
    at = np.flatnonzero(good)[hits]
    with_part = (found["percent"].notna() | found["denominator"].notna()).to_numpy()[hits]
    with_part |= words["rest"][hits].fillna("").str.contains("%", regex=False).to_numpy()
    bad[at[with_part]] = True
    table = _PLAIN[locale]
    for i, body, word, rest in zip(
        at, found["number"].to_numpy()[hits], words["word"][hits], words["rest"][hits], strict=True
    ):
        if bad[i]:
            continue
        exact = Decimal(body.translate(table)) * MAGNITUDES[word.casefold()]
        value[i] = float(-exact if value[i] < 0 else exact)
        unit[i] = rest.strip() if isinstance(rest, str) and rest.strip() else None
    return bad


def _parse_unique(texts: pd.Series, locale: str) -> pd.DataFrame:
    """Parse distinct, already cleaned texts (a plain RangeIndex ``object`` Series)."""
    n = len(texts)
    value, denominator = np.full(n, np.nan), np.full(n, np.nan)
    qualifier, unit, reason, error = (np.full(n, None, dtype=object) for _ in range(4))
    folded = texts.str.casefold()
    markers = {m.casefold() for m in MISSING_MARKERS}
    missing = (
        folded.isin(markers) | (folded.str.rstrip(" .;:").isin(markers - {""}) & folded.ne(""))
    ).to_numpy()
    reason[missing] = texts.to_numpy()[missing]
    digits = np.zeros(n, dtype=np.int64)
    long = np.flatnonzero(texts.str.len().to_numpy() > MAX_DIGITS)  # few: count only these
    digits[long] = [sum(ch.isdigit() for ch in texts.iat[i]) for i in long]
    huge = digits > MAX_DIGITS  # never handed to the patterns or to float()

    parts = texts.where(~huge, "").str.extract(_VALUE_RE)
    body_ok = parts["number"].str.fullmatch(_BODY[locale]).fillna(False).astype(bool)
    den_present = parts["denominator"].notna()
    den_ok = parts["denominator"].str.fullmatch(_BODY[locale]).fillna(False).astype(bool)
    good = (body_ok & (~den_present | den_ok)).to_numpy() & ~missing & ~huge
    found = parts[good]

    numbers = _to_float(found["number"], locale).to_numpy()
    value[good] = np.where(found["sign"].isin(["-", "−"]).to_numpy(), -numbers, numbers)
    with_den = good & den_present.to_numpy()
    denominator[with_den] = _to_float(parts.loc[with_den, "denominator"], locale).to_numpy()
    percent = parts["percent"].notna().to_numpy() & good
    unit[good] = found["unit"].str.strip().to_numpy()
    canonical = found["qualifier"].str.lower().replace(_QUALIFIER_ALIASES)
    qualifier[good] = canonical.mask(canonical.isin(_LEAD_WORDS)).to_numpy()
    magnitude_error = _apply_magnitudes(found, locale, value, unit, good)
    if magnitude_error.any():
        good &= ~magnitude_error
        value[magnitude_error], percent[magnitude_error] = np.nan, False
        qualifier[magnitude_error] = unit[magnitude_error] = None
        denominator[magnitude_error] = np.nan

    for i in np.flatnonzero(~(good | missing)):
        text = texts.iat[i]
        body, den = parts["number"].iat[i], parts["denominator"].iat[i]
        if magnitude_error[i]:
            error[i] = _magnitude_error(text)
        elif _DATE_RE.match(text):
            error[i] = _date_error(text)
        elif huge[i]:
            error[i] = _too_many_digits(text, int(digits[i]))
        elif isinstance(body, str) and not body_ok.iat[i]:
            error[i] = _number_error(text, body, locale)
        elif isinstance(den, str):
            error[i] = _number_error(text, den, locale)
        else:
            error[i] = _not_a_number(text, locale)
    strings = {"qualifier": qualifier, "unit_text": unit, "missing_reason": reason, "error": error}
    frame = pd.DataFrame(
        {"value": value, "denominator": denominator, "percent": percent}
        | {name: pd.array(column, dtype="string") for name, column in strings.items()}
    )
    return frame[list(_OUTPUT_COLUMNS)]


def parse_values(texts: pd.Series, *, locale: str = "vi") -> pd.DataFrame:
    """Parse a column of published values into numbers, qualifiers and missing markers.

    Works once per distinct text with vectorised regular expressions, so a million cells
    with a few thousand distinct texts parse in well under a second.

    Parameters
    ----------
    texts : pandas.Series
        Values as published. Missing cells (``None``/``NaN``/``<NA>``) count as empty cells;
        numbers that are already numeric (e.g. from a spreadsheet) are taken as they are.
    locale : {"vi", "en"}
        Number format of the column: ``vi`` reads ``1.234,5``, ``en`` reads ``1,234.5``.
        It decides the ambiguous ``1.234`` (see :func:`detect_locale`).

    Returns
    -------
    pandas.DataFrame
        Same index as ``texts``, one row per cell, with columns

        ``value`` (float64)
            The number, NaN when missing or not a number. Percent values stay in points.
        ``qualifier`` (string)
            Canonical qualifier from :data:`QUALIFIERS` (``hơn``, ``>``, ``≥``…), else NA.
        ``denominator`` (float64)
            Denominator of a rank or fraction (``19/30`` → 30), else NaN.
        ``percent`` (bool)
            Whether the text had a ``%`` sign.
        ``unit_text`` (string)
            Words after the number (``19 thôn`` → ``thôn``), else NA.
        ``missing_reason`` (string)
            The missing marker as published (``chưa có số liệu``, ``-``); the empty string
            for an empty cell; NA when the cell holds a figure or an error.
        ``error`` (string)
            NA when the cell parsed (or is a missing marker); otherwise why it is not a
            number, in English and Vietnamese.

    Raises
    ------
    ParameterError
        When ``locale`` is not ``"vi"`` or ``"en"``.

    Examples
    --------
    >>> cells = pd.Series(["1.902.270", "hơn 1.100", "99,8%", "19/30", "-", "12,3,4"])
    >>> parsed = parse_values(cells)
    >>> parsed["value"].tolist()
    [1902270.0, 1100.0, 99.8, 19.0, nan, nan]
    >>> parsed["qualifier"].tolist()
    [<NA>, 'hơn', <NA>, <NA>, <NA>, <NA>]
    >>> parsed["denominator"].tolist()[3], parsed["missing_reason"].tolist()[4]
    (30.0, '-')
    >>> parsed["error"].iat[5].startswith("'12,3,4' is not a vi number")
    True
    >>> parse_values(pd.Series(["1.234"]), locale="en")["value"].tolist()
    [1.234]
    """
    _check_locale(locale)
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    uniques = np.asarray(uniques, dtype=object)
    numeric = np.array(
        [
            isinstance(u, (int, float, np.integer, np.floating)) and not isinstance(u, bool)
            for u in uniques
        ],
        dtype=bool,
    )
    as_text = np.array([u if isinstance(u, str) else str(u) for u in uniques] + [""], dtype=object)
    as_text[:-1][numeric] = ""
    cleaned = clean_texts(pd.Series(as_text, dtype=object)).astype(object)
    parsed = _parse_unique(cleaned, locale)
    if numeric.any():
        idx = np.flatnonzero(numeric)
        parsed.loc[idx, "value"] = uniques[numeric].astype("float64")
        parsed.loc[idx, "missing_reason"] = pd.NA
    taken = parsed.take(np.where(codes < 0, len(uniques), codes))
    taken.index = texts.index
    return taken[list(_OUTPUT_COLUMNS)]


def ambiguous_numbers(texts: pd.Series) -> pd.Series:
    """Return True for cells whose number reads differently in the two locales.

    ``1.234`` is 1234 in vi-VN and 1.234 in English; ``1,234`` the reverse. ``12``, ``1.234,5``
    or ``0,5`` read one way only.

    Parameters
    ----------
    texts : pandas.Series
        Values as published.

    Returns
    -------
    pandas.Series
        Boolean, same index.

    Examples
    --------
    >>> ambiguous_numbers(pd.Series(["1.234", "2.345 thôn", "12", "1.234,5", "1.5/1.562"])).tolist()
    [True, True, False, False, True]
    """
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    values = pd.Series([u if isinstance(u, str) else "" for u in uniques], dtype=object)
    values = clean_texts(values).astype(object)
    short = values.str.len() <= 4 * MAX_DIGITS
    parts = values.where(short, "").str.extract(_VALUE_RE)
    found = np.zeros(len(values), dtype=bool)
    for column in ("number", "denominator"):
        body = parts[column]
        both = (body.str.fullmatch(_BODY["vi"]) & body.str.fullmatch(_BODY["en"])).fillna(False)
        both = both.astype(bool)
        if both.any():
            vi = _to_float(body[both], "vi").to_numpy()
            en = _to_float(body[both], "en").to_numpy()
            found[np.flatnonzero(both.to_numpy())[vi != en]] = True
    taken = np.append(found, False)[np.where(codes < 0, len(found), codes)]
    return pd.Series(taken, index=texts.index)


def detect_locale(texts: pd.Series, default: str | None = "vi") -> str | None:
    """Return the number locale (``"vi"`` or ``"en"``) a column's unambiguous cells show.

    ``1.234,5``, ``1.902.270`` and ``625,30`` can only be vi-VN; ``1,234.5``, ``1,902,270``
    and ``0.4874`` can only be English. ``1.234`` or ``12`` decide nothing.

    Parameters
    ----------
    texts : pandas.Series
        Values as published (the same cells :func:`parse_values` reads).
    default : str or None
        What to return when no cell decides (``None`` lets the caller refuse to guess; see
        :func:`ambiguous_numbers`).

    Returns
    -------
    str or None
        ``"vi"`` or ``"en"``; ``default`` when no cell decides.

    Raises
    ------
    InputError
        When the column holds cells that are unambiguously vi-VN and others that are
        unambiguously English.

    Examples
    --------
    >>> detect_locale(pd.Series(["1.234", "625,30"]))
    'vi'
    >>> detect_locale(pd.Series(["1.234", "1,234.5"]))
    'en'
    >>> detect_locale(pd.Series(["1.234", "12"]))
    'vi'
    >>> detect_locale(pd.Series(["1.234", "12"]), default=None) is None
    True
    """
    values = pd.Series(pd.unique(texts.dropna().astype(str)), dtype=object)
    bodies = clean_texts(values).astype(object).str.extract(_VALUE_RE)["number"].dropna()
    is_vi = bodies.str.fullmatch(_BODY["vi"]).astype(bool)
    is_en = bodies.str.fullmatch(_BODY["en"]).astype(bool)
    only_vi = bodies[is_vi & ~is_en]
    only_en = bodies[is_en & ~is_vi]
    if len(only_vi) and len(only_en):
        name = f"column '{texts.name}'" if texts.name is not None else "the column"
        raise InputError(
            f"{name} mixes vi-VN numbers (e.g. {', '.join(map(repr, only_vi[:3]))}) and "
            f"English numbers (e.g. {', '.join(map(repr, only_en[:3]))}); a column must use "
            "one format. Fix the cells that do not match the source, or declare number_locale "
            "for the file."
        )
    if len(only_en):
        return "en"
    return "vi" if len(only_vi) else default
