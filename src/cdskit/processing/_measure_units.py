"""Check that the unit a figure is written with fits the unit of its indicator in the codebook.

A figure may carry a unit word after its number (``19 thôn``, ``1.234 hộ gia đình``) or a
percent sign (``95%``). A percent sign fits only an indicator of kind ``percent``. A unit word
is compared with a vocabulary of units: the codebook's own ``unit_vi`` and ``unit_en`` (without
their parenthesised ranges) plus the synonyms below. When the word names a known unit that is
not the indicator's, the figure is rejected (``1.234 hộ gia đình`` for a count of villages);
words the vocabulary does not know (a remark such as ``(98%)`` or ``thành viên mới``) are left to
the reader of ``value_as_published``: the kit never guesses a unit it cannot name.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from cdskit.vietnamese import clean_text

#: Words that name the same unit (first word: the codebook's ``unit_vi``). ``đơn vị``
#: ("units") is the generic word for administrative units and agencies.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("thôn", "bản", "thôn, bản", "thôn bản", "tổ dân phố", "thôn, tổ dân phố", "village"),
    ("hộ", "hộ gia đình", "gia đình", "household"),
    ("người", "thành viên", "member", "people", "person"),
    ("tổ", "tổ công nghệ số cộng đồng", "tổ cnscđ", "team"),
    ("xã", "phường", "thị trấn", "xã, phường, thị trấn", "commune", "ward"),
    ("đơn vị", "xã", "phường", "thị trấn", "xã, phường, thị trấn", "huyện", "quận", "tỉnh"),
    ("đơn vị", "sở", "cơ quan", "unit"),
    ("dịch vụ", "dịch vụ công", "service"),
    ("hồ sơ", "dossier"),
    ("thủ tục", "thủ tục hành chính", "procedure"),
    ("văn bản", "document"),
    ("điểm", "point", "index"),
    # a rank or a list position is "out of N provinces": 16/63 tỉnh, thành phố
    ("hạng", "rank", "tỉnh", "tỉnh, thành phố", "province"),
    ("vị trí", "position", "tỉnh", "tỉnh, thành phố", "province"),
    ("thuê bao", "subscription"),
    ("tài khoản", "account"),
    ("km²", "km2", "ki-lô-mét vuông"),
)

_PARENTHESISED = re.compile(r"\s*\(.*?\)")


def _key(text: str) -> str:
    return clean_text(_PARENTHESISED.sub("", text)).casefold().rstrip("s")


class UnitVocabulary:
    """Known unit words and the groups of words that name the same unit.

    Parameters
    ----------
    codebook : pandas.DataFrame
        From :func:`cdskit.dataset.codebook.load_codebook`.
    """

    def __init__(self, codebook: pd.DataFrame) -> None:
        groups: list[set[str]] = [{_key(word) for word in group} for group in SYNONYMS]
        self.of_indicator: dict[str, set[int]] = {}
        for indicator, unit_vi, unit_en in zip(
            codebook.index, codebook["unit_vi"], codebook["unit_en"], strict=True
        ):
            words = {_key(str(w)) for w in (unit_vi, unit_en) if str(w).strip()} - {"", "%"}
            found = {i for i, group in enumerate(groups) if words & group}
            if words and not found:
                groups.append(set(words))
                found = {len(groups) - 1}
            self.of_indicator[str(indicator)] = found
        self.words: dict[str, set[int]] = {}
        for i, group in enumerate(groups):
            for word in group:
                self.words.setdefault(word, set()).add(i)
        self._longest_first = sorted(self.words, key=len, reverse=True)

    def groups_of(self, unit_text: str) -> set[int]:
        """Return the unit groups a written unit starts with (empty when unknown)."""
        text = clean_text(unit_text).casefold()
        if not text or text.startswith("("):
            return set()
        for word in self._longest_first:
            if text.startswith(word) and (len(text) == len(word) or not text[len(word)].isalnum()):
                return self.words[word]
            if text.rstrip("s") == word:
                return self.words[word]
        return set()


def unit_mismatch(
    indicators: pd.Series,
    unit_text: pd.Series,
    percent: pd.Series,
    codebook: pd.DataFrame,
    *,
    codes: dict[str, np.ndarray] | None = None,
) -> pd.Series:
    """Return True where a figure's written unit does not fit its indicator's unit.

    Parameters
    ----------
    indicators : pandas.Series
        Indicator id of each figure.
    unit_text : pandas.Series
        Words after the number (``unit_text`` of :func:`cdskit.values.parse_values`).
    percent : pandas.Series
        Whether the figure had a ``%`` sign.
    codebook : pandas.DataFrame
        From :func:`cdskit.dataset.codebook.load_codebook`.
    codes : dict of str to numpy.ndarray, optional
        Each row's code of its indicator text (key ``indicator``; equal codes, equal texts), so
        the codebook is looked up once per distinct indicator.

    Returns
    -------
    pandas.Series
        Boolean, same index as ``indicators``.
    """
    if codes is not None and "indicator" in codes:
        row_codes = codes["indicator"]
        ids = np.empty(int(row_codes.max(initial=-1)) + 1, dtype=object)
        ids[row_codes] = indicators.to_numpy(dtype=object)
    else:
        row_codes, found = pd.factorize(indicators)
        ids = np.asarray(found, dtype=object)
    kinds = pd.Series(ids, dtype=object).map(codebook["kind"]).to_numpy(dtype=object)
    is_percent = np.array([kind == "percent" for kind in kinds], dtype=bool)
    known = pd.Series(ids, dtype=object).isin(codebook.index).to_numpy()
    wrong_percent = percent.fillna(False).to_numpy(dtype=bool) & (known & ~is_percent)[row_codes]
    written = unit_text.notna().to_numpy(dtype=bool) & known[row_codes]
    wrong_word = np.zeros(len(indicators), dtype=bool)
    if written.any():
        vocabulary = UnitVocabulary(codebook)
        at = np.flatnonzero(written)
        unit_codes, units = pd.factorize(unit_text.iloc[at])
        pair = row_codes[at].astype(np.int64) * (len(units) + 1) + unit_codes
        pair_codes, pairs = pd.factorize(pair)
        bad = np.array(
            [
                _does_not_fit(
                    vocabulary, str(ids[p // (len(units) + 1)]), str(units[p % (len(units) + 1)])
                )
                for p in pairs
            ],
            dtype=bool,
        )
        wrong_word[at] = bad[pair_codes]
    return pd.Series(wrong_percent | wrong_word, index=indicators.index)


def _does_not_fit(vocabulary: UnitVocabulary, indicator: str, unit: str) -> bool:
    named = vocabulary.groups_of(unit)
    expected = vocabulary.of_indicator.get(indicator, set())
    return bool(named) and bool(expected) and not named & expected
