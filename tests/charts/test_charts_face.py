"""The face of the charts stage: a few names, and one selection taken the same way by all."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from cdskit import charts

DTI_FUNCTIONS = [name for name in charts.__all__ if name.startswith("dti_")]


def test_the_charts_face_stays_small() -> None:
    assert len(charts.__all__) <= 25
    assert {"Selection", "save", "figure_html"} <= set(charts.__all__)


@pytest.mark.parametrize("name", DTI_FUNCTIONS)
def test_every_dti_chart_and_table_takes_a_selection_and_its_fields(name: str) -> None:
    parameters = inspect.signature(getattr(charts, name)).parameters
    assert parameters["selection"].annotation in ("Selection | None", charts.Selection | None)
    assert parameters["selection"].default is None
    assert [p.name for p in parameters.values() if p.kind is p.VAR_KEYWORD] == ["fields"]
    assert not {"provinces", "years", "language", "sources"} & set(parameters)


def test_the_words_of_the_charts_live_in_one_catalogue() -> None:
    """No chart module but ``_text.py`` holds a vi/en dictionary or compares a language."""
    folder = Path(charts.__file__).parent
    found = [
        f"{path.name}:{node.lineno}"
        for path in sorted(folder.glob("*.py"))
        if path.name != "_text.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if speaks_a_language(node)
    ]
    assert found == []


def speaks_a_language(node: ast.AST) -> bool:
    """A dictionary keyed by both languages, or a comparison with ``"vi"`` or ``"en"``."""
    if isinstance(node, ast.Dict):
        keys = {key.value for key in node.keys if isinstance(key, ast.Constant)}
        return {"vi", "en"} <= keys
    if isinstance(node, ast.Compare):
        sides = [node.left, *node.comparators]
        return any(isinstance(s, ast.Constant) and s.value in ("vi", "en") for s in sides)
    return False
