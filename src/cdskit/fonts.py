"""The font static maps are drawn in, and a check that it covers every Vietnamese letter.

DejaVu Sans ships with matplotlib, so the static maps need no system font; :func:`missing_glyphs`
proves (from the font's own character map, with fontTools) that it has every letter below.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

#: Font family of static maps.
from cdskit.terms import FONT_FAMILY as FAMILY

_BASE_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # huyền sắc ngã hỏi nặng


def vietnamese_letters() -> str:
    """Return every Vietnamese letter in NFC, lower and upper case.

    The 12 vowels with each of the six tones (no mark, huyền, sắc, ngã, hỏi, nặng), the
    consonants of the alphabet, and ``đ``/``Đ``.

    Returns
    -------
    str
        134 lower-case and 134 upper-case letters.

    Examples
    --------
    >>> letters = vietnamese_letters()
    >>> all(ch in letters for ch in "ệỰđĐỹỸ")
    True
    """
    lower = [unicodedata.normalize("NFC", v + tone) for v in _BASE_VOWELS for tone in _TONES]
    lower += list("bcdđghklmnpqrstvxfjwz")
    text = "".join(lower)
    return text + text.upper()


def font_path(family: str = FAMILY) -> Path:
    """Return the font file matplotlib uses for ``family`` (never a silent fallback).

    Parameters
    ----------
    family : str, default "DejaVu Sans"
        Font family name.

    Returns
    -------
    pathlib.Path
        The TrueType file.

    Raises
    ------
    ValueError
        When matplotlib has no font of that family.
    """
    from matplotlib import font_manager

    return Path(
        font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    )


def missing_glyphs(text: str, family: str = FAMILY) -> list[str]:
    """Return the characters of ``text`` the font has no glyph for.

    Parameters
    ----------
    text : str
        Characters to check (whitespace is ignored).
    family : str, default "DejaVu Sans"
        Font family name.

    Returns
    -------
    list of str
        Missing characters, in order of first appearance (empty when all are covered).
    """
    from fontTools.ttLib import TTFont

    with TTFont(font_path(family), lazy=True) as font:
        cmap = font.getBestCmap()
    missing: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if not char.isspace() and ord(char) not in cmap and char not in missing:
            missing.append(char)
    return missing
