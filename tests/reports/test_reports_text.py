"""The words the kit writes on report pages and the index: one catalogue, both languages."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

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


def _code_of_the_reports() -> list[tuple[str, ast.AST]]:
    """Every syntax node of the reports modules but the catalogue, with its module's name."""
    folder = Path(index.__file__).parent
    return [
        (path.name, node)
        for path in sorted(folder.glob("*.py"))
        if path.name != "_text.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
    ]


def test_no_other_module_of_the_reports_holds_words_of_a_language() -> None:
    """No reports module but ``_text.py`` holds a dictionary keyed by both languages."""
    found = [
        f"{name}:{node.lineno}"
        for name, node in _code_of_the_reports()
        if isinstance(node, ast.Dict)
        and {"vi", "en"} <= {key.value for key in node.keys if isinstance(key, ast.Constant)}
    ]
    assert found == []


def _text_of_template(source: str) -> str:
    """Return what a template writes itself: no Jinja, tags, comments, styles or scripts."""
    for pattern in (
        r"\{#.*?#\}",
        r"\{%.*?%\}",
        r"\{\{.*?\}\}",
        r"<style.*?</style>",
        r"<script.*?</script>",
        r"<!--.*?-->",
        r"<[^>]*>",
    ):
        source = re.sub(pattern, " ", source, flags=re.DOTALL)
    return source


#: Every page template of the kit (the narrative's text templates, one folder per language, are
#: the words themselves and are not page templates).
PAGE_TEMPLATES = sorted(Path(index.__file__).parents[1].glob("*/templates/**/*.html.j2"))


def test_the_page_templates_are_found() -> None:
    names = {path.name for path in PAGE_TEMPLATES}
    assert {"report.html.j2", "reports_index.html.j2", "profile.html.j2", "peers.html.j2"} <= names


@pytest.mark.parametrize("path", PAGE_TEMPLATES, ids=lambda path: path.name)
def test_the_templates_write_no_word_of_their_own(path) -> None:
    """Every word on a page comes from its stage's catalogue (``_text.py``), none from layout."""
    source = path.read_text(encoding="utf-8")
    words = re.findall(r"\w{2,}", _text_of_template(source))
    assert words == []
    # nor in an attribute, such as a title or a label for screen readers
    attributes = re.findall(r'(?:title|aria-label|alt)="([^"{]*\w[^"{]*)"', source)
    assert attributes == []


def test_a_template_with_a_word_of_its_own_is_caught() -> None:
    planted = "<p>{{ words.vi.index_data }} · Tải về</p>"
    assert re.findall(r"\w{2,}", _text_of_template(planted)) == ["Tải", "về"]


def test_no_reports_module_chooses_words_by_language_inline() -> None:
    """No ``"…" if english else "…"`` (words chosen by language) outside the catalogue."""
    found = [
        f"{name}:{node.lineno}"
        for name, node in _code_of_the_reports()
        if isinstance(node, ast.IfExp)
        and isinstance(node.body, ast.Constant)
        and isinstance(node.body.value, str)
        and isinstance(node.orelse, ast.Constant)
        and isinstance(node.orelse.value, str)
        and {node.body.value, node.orelse.value} != {"vi", "en"}  # a language code, not words
        and re.search(r"english|lang|\bvi\b|\ben\b", ast.unparse(node.test))
    ]
    assert found == []
