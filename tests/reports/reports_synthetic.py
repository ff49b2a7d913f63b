"""Synthetic notebooks and ``reports.toml`` tables for the report runner tests.

Everything written here is synthetic test data; the notebooks run on the real ``python3`` kernel.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import nbformat


def notebook(path: Path, parameters: str, body: list[str]) -> Path:
    """Write a synthetic notebook: a heading, a tagged parameters cell, then ``body``."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    cell = nbformat.v4.new_code_cell(textwrap.dedent(parameters))
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Báo cáo thử (synthetic)"), cell]
    nb.cells += [nbformat.v4.new_code_cell(textwrap.dedent(source)) for source in body]
    nbformat.write(nb, path)
    return path


def report(name: str, notebook_file: str, **parameters: object) -> str:
    """Return a ``[[report]]`` table (TOML) running ``notebook_file`` with ``parameters``."""
    values = ", ".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in parameters.items())
    return (
        f'[[report]]\nname = "{name}"\nnotebook = "{notebook_file}"\n'
        f'title_vi = "Báo cáo {name}"\ntitle_en = "Report {name}"\n'
        f"parameters = {{ {values} }}\n\n"
    )
