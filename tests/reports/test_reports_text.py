"""The words the kit writes on report pages and the index: one catalogue, both languages."""

from __future__ import annotations

from cdskit.reports import index
from cdskit.reports._text import TEXT


def test_both_languages_have_the_same_words() -> None:
    assert set(TEXT["vi"]) == set(TEXT["en"])
    assert all(TEXT["vi"][key].strip() and TEXT["en"][key].strip() for key in TEXT["vi"])


def test_every_status_download_and_dataset_file_of_the_index_has_its_label() -> None:
    keys = [f"status_{status}" for status in index._STATUS]
    keys += [f"download_{kind}" for kind in index._DOWNLOADS]
    keys += [*index._DATASET, "data-dictionary.html"]
    assert [key for key in keys if key not in TEXT["vi"]] == []
