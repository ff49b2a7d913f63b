"""notebooks/province-report.ipynb and notebooks/explore.ipynb on the shipped data.

Real ``python3`` kernels through papermill; boundaries come from the mirror (``CDSKIT_MIRROR``).
The province report is read from the render of ``reports.toml`` shared by the test run (session
fixture ``report_matrix``): its executed notebook ``<name>.ipynb`` and the files it wrote into
its ``output_dir`` (``<name>/``), for reports whose parameters are the test's.
"""

from __future__ import annotations

import io
import zipfile
from html import unescape as html_unescape
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from docx import Document
from notebook_kernels import execute_notebook

from cdskit.narrative import build_narrative
from cdskit.reports.page import PAGE_MIMETYPE
from cdskit.reports.runner import find_external_resources, notebook_parameters

REPO = Path(__file__).resolve().parents[2]
REPORT = REPO / "notebooks" / "province-report.ipynb"
EXPLORE = REPO / "notebooks" / "explore.ipynb"


def _errors(executed: Path) -> list[str]:
    nb = nbformat.read(executed, as_version=4)
    return [
        output.get("ename", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.output_type == "error"
    ]


def _html_outputs(executed: Path) -> str:
    nb = nbformat.read(executed, as_version=4)
    return "\n".join(
        output["data"]["text/html"]
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if "text/html" in output.get("data", {})
    )


def _page_bundles(executed: Path) -> list[dict]:
    nb = nbformat.read(executed, as_version=4)
    return [
        output["data"][PAGE_MIMETYPE]
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if PAGE_MIMETYPE in output.get("data", {})
    ]


@pytest.mark.parametrize("notebook", [REPORT, EXPLORE])
def test_notebooks_declare_typed_commented_parameters_and_define_no_function(notebook):
    declared = notebook_parameters(notebook)
    assert {"language", "output_dir"} <= set(declared)
    nb = nbformat.read(notebook, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    for line in tagged[0].source.splitlines():
        assert ": " in line.split("=")[0] and "  # " in line, line
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "def " not in code and "lambda" not in code and "class " not in code
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def _matrix_report(report_matrix: dict, name: str, parameters: dict) -> tuple[Path, Path]:
    """The executed notebook and ``output_dir`` of report ``name`` of the shared render.

    Checks that the report was rendered and that papermill ran it with ``parameters`` (and
    ``output_dir``, which the published notebook gives relative to the reports folder).
    """
    entry = next(e for e in report_matrix["reports"] if e["name"] == name)
    failure = report_matrix["failures"].get(name) or entry.get("failure")
    assert entry["status"] in ("rendered", "reused"), (name, failure)
    executed = report_matrix["out"] / f"{name}.ipynb"
    used = nbformat.read(executed, as_version=4).metadata["papermill"]["parameters"]
    assert used == {**parameters, "output_dir": name}
    return executed, report_matrix["out"] / name


@pytest.mark.slow
@pytest.mark.parametrize(
    ("province", "year", "language", "has_map", "report"),
    [
        ("Lào Cai", 2023, "vi", True, "province-report-lao-cai-2023"),
        ("Bắc Giang", 2024, "en", False, "province-report-bac-giang-2024-en"),
    ],
)
def test_the_province_report_notebook_runs_and_writes_the_same_narrative(
    report_matrix, province, year, language, has_map, report
):
    parameters = {"province": province, "year": year, "language": language}
    executed, out = _matrix_report(report_matrix, report, parameters)
    assert _errors(executed) == []
    html = _html_outputs(executed)
    story = build_narrative(province, year, language)
    # The page header carries the title; the notebook shows the notice and key figures.
    assert story.title not in html
    stated = any(sentence.figures for sentence in story.sentences)
    assert (story.labels["key_figures"] in html) is stated
    assert not story.notice or story.notice in html
    assert (story.labels["no_map"] in html) is not has_map
    assert find_external_resources(html) == []
    (details,) = _page_bundles(executed)
    assert [s["id"] for s in details["sources"]] == sorted(story.source_ids)
    assert bool(details["sources"]) is stated  # no figure, no source: the notice says so
    assert details["summary"] == story.summary
    assert details["has_data"] is stated
    # the card's thumbnail: the province's own chart, when it has a figure
    assert details["main_figure"] == ("dti-rank-province.png" if stated else "")
    names = sorted(p.name for p in out.iterdir())
    stem = f"{'lao-cai' if province == 'Lào Cai' else 'bac-giang'}-{year}-{language}"
    assert names == sorted(
        [
            f"{stem}.docx",
            f"{stem}.html",
            f"{stem}.md",
            f"{stem}.pdf",
            "dti-rank.png",
            "dti-rank.svg",
            *(["dti-rank-province.png"] if stated else []),
        ]
    )
    document = Document(io.BytesIO((out / f"{stem}.docx").read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    for sentence in story.sentences:
        assert sentence.text in text
    from cdskit.narrative._docx import note_text

    with zipfile.ZipFile(out / f"{stem}.docx") as archive:
        notes = archive.read("word/footnotes.xml").decode("utf-8")
    for footnote in story.footnotes:
        assert note_text(footnote) in html_unescape(notes)
    assert [d["kind"] for d in details["downloads"]] == ["docx", "pdf", "md"]


@pytest.mark.slow
def test_the_explore_notebook_runs_top_to_bottom_and_exports_excel_with_diacritics(
    tmp_path, mirror
):
    out = tmp_path / "out"
    executed = tmp_path / "executed.ipynb"
    execute_notebook(
        str(EXPLORE),
        str(executed),
        parameters={
            "province": "Thanh Hóa",
            "year": 2023,
            "language": "en",
            "output_dir": str(out),
        },
        kernel_name="python3",
        progress_bar=False,
        cwd=str(tmp_path),
    )
    assert _errors(executed) == []
    exported = pd.read_excel(out / "thanh-hoa.xlsx")
    assert "Thanh Hóa" in set(exported["unit_name"])
    assert "trên 99,8%" in set(exported["value_as_published"])
    html = _html_outputs(executed)
    assert "Digital transformation report: Thanh Hóa province, 2023" in html
