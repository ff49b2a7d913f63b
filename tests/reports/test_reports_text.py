"""The words the kit writes on report pages and the index: one catalogue, both languages."""

from __future__ import annotations

import ast
from pathlib import Path

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


def test_no_other_module_of_the_reports_holds_words_of_a_language() -> None:
    """No reports module but ``_text.py`` holds a dictionary keyed by both languages."""
    folder = Path(index.__file__).parent
    found = [
        f"{path.name}:{node.lineno}"
        for path in sorted(folder.glob("*.py"))
        if path.name != "_text.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Dict)
        and {"vi", "en"} <= {key.value for key in node.keys if isinstance(key, ast.Constant)}
    ]
    assert found == []
