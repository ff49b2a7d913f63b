"""Reading a written unit name: Unicode, case, tone placement, prefix or English suffix.

``Thành phố Lào Cai``, ``TP. Lào Cai`` and ``Lao Cai City`` are each read twice: as written and
without the type word, which then tells the unit types the name may refer to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cdskit.units._tables import normalise_tones
from cdskit.vietnamese import clean_text, name_key

_TOKENS = re.compile(r"[^\W_]+")

# Prefixes as written (accented, lower case) and their key; ASCII spellings count only when the
# whole name is written without diacritics ("Quán Thánh" is a name, not "Quận Thánh").
_PREFIXES = (
    (("thành", "phố"), "thanh pho"),
    (("thị", "xã"), "thi xa"),
    (("thị", "trấn"), "thi tran"),
    (("đặc", "khu"), "dac khu"),
    (("tỉnh",), "tinh"),
    (("huyện",), "huyen"),
    (("quận",), "quan"),
    (("xã",), "xa"),
    (("phường",), "phuong"),
    (("tp",), "thanh pho"),
    (("tx",), "thi xa"),
    (("tt",), "thi tran"),
    (("h",), "huyen"),
    (("q",), "quan"),
    (("p",), "phuong"),
)
# The same prefixes without diacritics (the abbreviations are ASCII already).
_ASCII_PREFIXES = tuple(
    (tuple(name_key(word) for word in words), key)
    for words, key in _PREFIXES
    if not all(word.isascii() for word in words)
)
# English type words written after the name ("Lao Cai Ward"), for names without diacritics.
_ENGLISH_SUFFIXES = (
    (("special", "zone"), ("dac khu",)),
    (("province",), ("tinh",)),
    (("city",), ("thanh pho",)),
    (("district",), ("huyen", "quan")),
    (("town",), ("thi xa", "thi tran")),
    (("commune",), ("xa",)),
    (("ward",), ("phuong",)),
    (("township",), ("thi tran",)),
)


@lru_cache(maxsize=65_536)
def match_key(text: str) -> str:
    """Return the comparison key of a name: no diacritics, lower case, words only."""
    return " ".join(_TOKENS.findall(name_key(text)))


def display(text: str) -> str:
    """Return a name as compared for spelling: NFC, one tone placement, lower case, words."""
    return " ".join(_TOKENS.findall(normalise_tones(clean_text(text)).casefold()))


@dataclass(frozen=True)
class Reading:
    """One way to read a name: the unit types its prefix or suffix implies, and the rest."""

    types: tuple[str, ...]
    key: str
    display: str


@dataclass(frozen=True)
class Query:
    """A name read every possible way; ``whole_*`` is the name as written."""

    whole_key: str
    whole_display: str
    readings: tuple[Reading, ...]

    @property
    def types(self) -> set[str]:
        return {t for reading in self.readings for t in reading.types}

    @property
    def typed_readings(self) -> list[Reading]:
        return [reading for reading in self.readings if reading.types]


def parse(text: str) -> Query:
    """Read a name with and without a prefix (or an English suffix such as ``Ward``)."""
    tokens = _TOKENS.findall(normalise_tones(clean_text(text)).casefold())
    whole_display = " ".join(tokens)
    whole_key = match_key(whole_display)
    ascii_only = whole_key == whole_display
    readings = [Reading((), whole_key, whole_display)]
    for words, prefix in (_ASCII_PREFIXES + _PREFIXES) if ascii_only else _PREFIXES:
        n = len(words)
        if len(tokens) > n and tuple(tokens[:n]) == words:
            readings.append(_reading((prefix,), tokens[n:]))
            break
    if ascii_only:
        for words, types in _ENGLISH_SUFFIXES:
            n = len(words)
            if len(tokens) > n and tuple(tokens[-n:]) == words:
                readings.append(_reading(types, tokens[:-n]))
                break
    return Query(whole_key, whole_display, tuple(readings))


def _reading(types: tuple[str, ...], rest: list[str]) -> Reading:
    shown = " ".join(rest)
    return Reading(types, match_key(shown), shown)
