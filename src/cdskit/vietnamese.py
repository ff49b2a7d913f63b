"""Vietnamese text: Unicode normalisation, whitespace clean-up and keys without diacritics.

Published values (numbers, percents, ranks, qualifiers) are read by :mod:`cdskit.values`.

"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import pandas as pd

from cdskit.safe_text import BIDI_CONTROLS

#: C0 and C1 control characters (NUL, ESC, DEL…) and Unicode bidirectional controls (which
#: reverse what a reader sees, :data:`cdskit.safe_text.BIDI_CONTROLS`): a cell holding one is
#: rejected, never published. Tabs and line breaks are not among them once :func:`clean_text`
#: made them spaces.
CONTROL_CHARACTERS = re.compile(rf"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}]")

# Zero-width characters and the soft hyphen vanish instead of becoming a space.
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# "đ"/"Đ" do not decompose under NFD, so they are mapped by hand.
_D_TABLE = str.maketrans({"đ": "d", "Đ": "D"})
# What separates the words of a slug.
_NOT_ASCII_WORD = re.compile(r"[^a-z0-9]+")


def clean_text(text: str) -> str:
    """Return ``text`` in Unicode NFC with runs of whitespace (incl. NBSP) collapsed.

    Zero-width characters (ZWSP, ZWJ, ZWNJ, word joiner, BOM) and soft hyphens are removed.

    Parameters
    ----------
    text : str
        Any text, e.g. a name copied from a PDF in decomposed (NFD) form.

    Returns
    -------
    str
        NFC text with single spaces and no leading or trailing whitespace.

    Examples
    --------
    >>> clean_text("  Thanh\u00a0Hoa\u0301 ") == "Thanh Hoá"
    True
    >>> clean_text("1\u202f902\u200b270")
    '1 902270'
    """
    if text.isascii():  # fast path: nothing to normalise or remove
        return " ".join(text.split())
    # str.split() splits on exactly the characters re's \s matches (incl. NBSP, U+202F).
    return " ".join(_INVISIBLE.sub("", unicodedata.normalize("NFC", text)).split())


def printable(text: str, limit: int = 200) -> str:
    r"""Return ``text`` quoted for a message: control characters shown as escapes, long text cut.

    Parameters
    ----------
    text : str
        A cell's text, possibly holding NUL or other control characters.
    limit : int
        Characters kept before the text is cut with ``…`` (and its length given).

    Returns
    -------
    str
        The text in single quotes.

    Examples
    --------
    >>> printable("Lạng\x00Sơn")
    "'Lạng\\x00Sơn'"
    >>> printable("9" * 120_000, limit=5)
    "'99999…' (120,000 characters)"
    """
    shown = CONTROL_CHARACTERS.sub(_escape, text[:limit])
    if len(text) > limit:
        return f"'{shown}…' ({len(text):,} characters)"
    return f"'{shown}'"


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def ascii_fold(text: str) -> str:
    """Return ``text`` without diacritics, ``đ`` → ``d``, keeping case and every other character.

    Parameters
    ----------
    text : str
        Any text, in NFC or NFD form.

    Returns
    -------
    str
        The same letters without their marks (other non-ASCII characters stay as they are).

    Examples
    --------
    >>> ascii_fold("Đắk Lắk"), ascii_fold("Thành phố Hồ Chí Minh")
    ('Dak Lak', 'Thanh pho Ho Chi Minh')
    """
    decomposed = unicodedata.normalize("NFD", str(text).translate(_D_TABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slug(text: str, separator: str = "-") -> str:
    """Return ``text`` as lower-case ASCII words joined by ``separator``, for file names and URLs.

    Parameters
    ----------
    text : str
        A name in any form.
    separator : str, default "-"
        What joins the words (``" "`` gives a search key).

    Returns
    -------
    str
        Letters ``a``–``z`` and digits only between separators; empty when ``text`` has none.

    Examples
    --------
    >>> slug("Bà Rịa - Vũng Tàu"), slug("TP. Hồ Chí Minh", " ")
    ('ba-ria-vung-tau', 'tp ho chi minh')
    """
    return _NOT_ASCII_WORD.sub(separator, ascii_fold(text).lower()).strip(separator)


def name_key(text: str) -> str:
    """Return a comparison key: lower case, no diacritics, ``đ`` → ``d``, single spaces.

    Accent placement (``Hoá``/``Hóa``), NFC/NFD and case all give the same key.

    Parameters
    ----------
    text : str
        A Vietnamese name in any form.

    Returns
    -------
    str
        ASCII-only key.

    Examples
    --------
    >>> name_key("Thanh Hoá") == name_key("THANH HÓA") == name_key("Thanh Hoa") == "thanh hoa"
    True
    >>> name_key("Đắk Lắk")
    'dak lak'
    """
    return ascii_fold(clean_text(text)).casefold()


def clean_texts(texts: pd.Series) -> pd.Series:
    """Apply :func:`clean_text` to a column, working once per distinct value.

    Parameters
    ----------
    texts : pandas.Series
        Cells of any type; missing cells stay ``<NA>``, other non-strings are turned to text.

    Returns
    -------
    pandas.Series
        ``string`` dtype, same index.

    Examples
    --------
    >>> clean_texts(pd.Series(["Ha\u0300 Nội ", None])).tolist()
    ['Hà Nội', <NA>]
    """
    return _per_distinct(clean_text, texts)


def name_keys(texts: pd.Series) -> pd.Series:
    """Apply :func:`name_key` to a column, working once per distinct value.

    Parameters
    ----------
    texts : pandas.Series
        Names in any form; missing cells stay ``<NA>``.

    Returns
    -------
    pandas.Series
        ``string`` dtype, same index.

    Examples
    --------
    >>> name_keys(pd.Series(["THANH HÓA", "Thanh Hoá"])).tolist()
    ['thanh hoa', 'thanh hoa']
    """
    return _per_distinct(name_key, texts)


def _per_distinct(function: Callable[[str], str], texts: pd.Series) -> pd.Series:
    """Apply ``function`` once per distinct value of ``texts``; missing cells stay ``<NA>``."""
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    done = pd.array([function(str(u)) for u in uniques], dtype="string")
    return pd.Series(done.take(codes, allow_fill=True), index=texts.index, name=texts.name)
