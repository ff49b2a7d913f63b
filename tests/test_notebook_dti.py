"""Execute notebooks/dti-comparison.ipynb on a small processed dataset written here.

The dataset is synthetic test data: the ranks, scores and source titles are invented. The
notebook runs on the real ``python3`` kernel, directly with papermill and through the report
runner.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import papermill
import pytest

from cdskit.observations import COLUMN_NAMES
from cdskit.reports import find_external_resources, notebook_parameters, render_all

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "notebooks" / "dti-comparison.ipynb"
HOSTILE = "<script>alert('nguồn')</script>"
# province -> (code 2008, code 2025)
CODES = {"Lạng Sơn": ("20", "20"), "Bắc Giang": ("24", "24"), "Thanh Hóa": ("38", "38")}


def _row(province: str, year: int, indicator: str, value: float, source: str) -> dict:
    vintage = 2025 if year >= 2024 else 2008
    code = CODES[province][0 if vintage == 2008 else 1]
    return {
        "unit_code": code,
        "unit_name": province,
        "unit_name_as_published": province,
        "unit_level": "province",
        "vintage": vintage,
        "province_code": code,
        "indicator": indicator,
        "period": str(year),
        "year": year,
        "value": value,
        "qualifier": None,
        "denominator": (34.0 if vintage == 2025 else 63.0) if indicator == "dti_rank" else np.nan,
        "value_as_published": str(value),
        "missing_reason": None,
        "source_id": source,
        "conflict": False,
        "origin": "synthetic.csv:line 2",
        "note": None,
    }


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose data/processed holds synthetic observations and sources."""
    processed = tmp_path / "data" / "processed"
    processed.mkdir(parents=True)
    rows = [
        _row("Lạng Sơn", 2021, "dti_rank", 5, "src-a"),
        _row("Lạng Sơn", 2022, "dti_rank", 7, "src-a"),
        _row("Lạng Sơn", 2024, "dti_rank", 9, "src-b"),
        _row("Bắc Giang", 2021, "dti_rank", 10, "src-a"),
        _row("Bắc Giang", 2024, "dti_rank", 3, "src-b"),  # Bắc Ninh after the merger
        _row("Thanh Hóa", 2022, "dti_rank", 15, "src-a"),
        _row("Thanh Hóa", 2021, "dti_score", 0.4321, "src-hostile"),
    ]
    frame = pd.DataFrame(rows, columns=list(COLUMN_NAMES))
    frame["year"] = frame["year"].astype("Int64")
    frame.to_parquet(processed / "observations.parquet", index=False)
    pd.DataFrame(
        {
            "id": ["src-a", "src-b", "src-hostile"],
            "title": ["Nguồn thử A (synthetic)", "Nguồn thử B (synthetic)", HOSTILE],
            "publisher": ["x", "x", "x"],
            "date": ["2024-01-01", "undated", "undated"],
            "url": ["", "", ""],
            "licence": ["not stated"] * 3,
        }
    ).to_csv(processed / "sources.csv", index=False, encoding="utf-8-sig")
    monkeypatch.setenv("CDSKIT_ROOT", str(tmp_path))
    return tmp_path


def test_notebook_declares_typed_commented_parameters() -> None:
    declared = notebook_parameters(NOTEBOOK)
    assert list(declared) == ["provinces", "years", "language", "output_dir"]
    for name, info in declared.items():
        assert info["inferred_type_name"] != "None", name
        assert info["help"], f"parameter {name} has no comment"


def test_notebook_is_committed_without_outputs_or_function_definitions() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            assert "def " not in cell.source and "class " not in cell.source


@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", ["Hạng DTI", "5/63", "3/34", "Bắc Ninh", "0,4321"]), ("en", ["DTI rank", "0.4321"])],
)
def test_notebook_draws_charts_and_the_table_from_the_processed_data(
    project: Path, language: str, expected: list[str]
) -> None:
    output = project / "out"
    executed = project / "executed.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(executed),
        parameters={
            "provinces": ["Lạng Sơn", "Bắc Giang", "Thanh Hóa"],
            "years": [2021, 2022, 2023, 2024],
            "language": language,
            "output_dir": str(output),
        },
        kernel_name="python3",
        progress_bar=False,
        cwd=str(project),
    )
    nb = nbformat.read(executed, as_version=4)
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 2, "the rank chart and the score chart are shown"
    html = "".join(
        o["data"]["text/html"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
    )
    for text in expected:
        assert text in html
    assert "Nguồn thử A (synthetic)" in html
    assert HOSTILE not in html and "&lt;script&gt;alert(" in html
    assert sorted(p.name for p in output.iterdir()) == [
        "dti-rank.png",
        "dti-rank.svg",
        "dti-score.png",
        "dti-score.svg",
    ]


@pytest.mark.slow
def test_notebook_renders_as_an_offline_report(project: Path) -> None:
    config = project / "reports.toml"
    config.write_text(
        "# synthetic test data\n"
        "[[report]]\n"
        'name = "dti"\n'
        f"notebook = {json.dumps(str(NOTEBOOK))}\n"
        'title_vi = "So sánh DTI (thử)"\n'
        'title_en = "DTI comparison (test)"\n'
        'parameters = { years = [2021, 2022, 2024], provinces = ["Lạng Sơn", "Bắc Giang"] }\n',
        encoding="utf-8",
    )
    index = render_all(config, project / "reports")
    report = (project / "reports" / "dti.html").read_text(encoding="utf-8")
    assert find_external_resources(report) == []
    assert "<script>alert" not in report
    assert "from cdskit import charts" not in report  # code-free
    images = re.findall(r"<img [^>]*>", report)
    assert len(images) == 2 and all('src="data:image/png;base64,' in i for i in images)
    assert all('alt="Biểu đồ' in i for i in images)
    manifest = json.loads((project / "reports" / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = manifest["reports"]
    assert {f["path"] for f in entry["outputs"]} >= {"dti/dti-rank.png", "dti/dti-score.svg"}
    assert {f["path"] for f in entry["data_files"]} == {
        "data/processed/observations.parquet",
        "data/processed/sources.csv",
    }
    assert "dti/dti-rank.png" in index.read_text(encoding="utf-8")
