"""Vietnamese text: Unicode normalisation, whitespace clean-up and keys without diacritics.

Number and qualifier parsing lives here too (see :func:`parse_values`).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")
# "đ"/"Đ" do not decompose under NFD, so they are mapped by hand.
_D_TABLE = str.maketrans({"đ": "d", "Đ": "D"})


def clean_text(text: str) -> str:
    """Return ``text`` in Unicode NFC with runs of whitespace (incl. NBSP) collapsed.

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
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


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
    decomposed = unicodedata.normalize("NFD", clean_text(text).translate(_D_TABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()
