"""The README's notebook snippet runs as written against the shipped data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _notebook_snippet() -> str:
    text = (REPO / "README.md").read_text("utf-8")
    section = text[text.index("## In a notebook") :]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


@pytest.mark.slow
def test_the_readme_notebook_snippet_runs_as_written(mirror, web_assets, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    exec(compile(_notebook_snippet(), "README.md", "exec"), {})
    page = (tmp_path / "dti-2022.html").read_text("utf-8")
    assert "<script src=" not in page
    assert {p.name for p in tmp_path.iterdir()} >= {
        "dti-2022.html",
        "dti-2022.png",
        "dti-2022.svg",
        "dti-2022.pdf",
    }
