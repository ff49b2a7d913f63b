"""The connectivity catalogue of words: both languages say the same things with the same fields."""

from __future__ import annotations

import string

import pytest

from cdskit.connectivity import _text

CATALOGUES = {
    "PAGE": _text.PAGE,
    "EVIDENCE": _text.EVIDENCE,
    "CATEGORIES": _text.CATEGORIES,
    "EVIDENCE_TABLE": _text.EVIDENCE_TABLE,
}


def _fields(value: object) -> set[str]:
    if isinstance(value, str):
        return {name for _, name, _, _ in string.Formatter().parse(value) if name}
    if isinstance(value, dict):
        return {f"{key}.{field}" for key, item in value.items() for field in _fields(item)}
    if isinstance(value, tuple):
        return {f"{i}.{field}" for i, item in enumerate(value) for field in _fields(item)}
    return set()


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_each_catalogue_has_the_same_keys_and_fields_in_vietnamese_and_english(name):
    catalogue = CATALOGUES[name]
    assert list(catalogue) == ["vi", "en"]
    vi, en = catalogue["vi"], catalogue["en"]
    assert sorted(vi) == sorted(en)
    for key in vi:
        assert type(vi[key]) is type(en[key]), key
        if isinstance(vi[key], tuple | dict):
            assert len(vi[key]) == len(en[key]), key
        assert _fields(vi[key]) == _fields(en[key]), key


def test_the_vietnamese_words_are_nfc():
    import unicodedata

    def texts(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict | tuple):
            for item in value.values() if isinstance(value, dict) else value:
                yield from texts(item)

    for catalogue in CATALOGUES.values():
        for text in texts(catalogue["vi"]):
            assert unicodedata.normalize("NFC", text) == text, text
