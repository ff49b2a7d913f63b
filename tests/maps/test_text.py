"""The words of the maps live in one catalogue, the same in both languages."""

from __future__ import annotations

import ast
import unicodedata
from pathlib import Path

import cdskit.maps
from cdskit.maps._text import TEXT

MAPS = Path(cdskit.maps.__file__).parent


def _shape(value):
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_shape(item) for item in value]
    return type(value).__name__


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def test_both_languages_have_the_same_keys_and_shapes():
    assert _shape(TEXT["vi"]) == _shape(TEXT["en"])


def test_the_vietnamese_words_are_nfc_and_differ_from_the_english_ones():
    assert all(unicodedata.is_normalized("NFC", text) for text in _strings(TEXT["vi"]))
    assert TEXT["vi"]["coverage"] != TEXT["en"]["coverage"]


def test_no_other_maps_module_holds_a_vi_en_dictionary():
    holders = []
    for path in sorted(MAPS.glob("*.py")):
        if path.name == "_text.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                if {"vi", "en"} <= keys and "lat" not in keys:  # places carry their names
                    holders.append(f"{path.name}:{node.lineno}")
    assert holders == [], f"vi/en dictionaries outside maps/_text.py: {holders}"
