"""The connectivity-gaps notebook, executed by papermill in a real kernel.

Once on the shipped data (no Ookla quarter, no survey yet: the page must say so and give the
commands), once on a project whose raw folder holds a synthetic Ookla table and a synthetic
filled survey for Lạng Sơn's real 2025 communes.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import nbformat
import numpy as np
import openpyxl
import pandas as pd
import pytest
from notebook_kernels import execute_into

from cdskit.connectivity import Quarter, add_survey, write_template
from cdskit.connectivity._aggregate import RESULT_COLUMNS
from cdskit.connectivity._ookla import Snapshot
from cdskit.connectivity._raw_table import write_ookla_table
from cdskit.connectivity._survey import SURVEY_SHEET
from cdskit.processing import build
from cdskit.units import units

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("mirror", "web_assets")]

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "notebooks" / "connectivity-gaps.ipynb"


def _run(tmp_path: Path, **parameters: object) -> tuple[str, Path]:
    executed, output = execute_into(NOTEBOOK, tmp_path, parameters)
    notebook = nbformat.read(executed, as_version=4)
    texts = []
    for cell in notebook.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            texts.append(str(data.get("text/html", "")) + str(data.get("text/markdown", "")))
            texts.append(str(data.get("text/plain", "")))
    return "\n".join(texts), output


def test_the_notebook_is_committed_thin_and_without_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code)
    assert not any(
        re.match(r"\s*(def|class)\s", line) for c in code for line in c.source.splitlines()
    )
    parameters = [cell for cell in code if "parameters" in cell.metadata.get("tags", [])]
    assert len(parameters) == 1
    lines = [line for line in parameters[0].source.splitlines() if line.strip()]
    assert all(": " in line.split("=")[0] and "  # " in line for line in lines)
    names = {line.split(":")[0] for line in lines}
    assert {"provinces", "download_mbps", "unmeasured_share", "language", "output_dir"} <= names


def test_with_the_shipped_data_the_page_says_what_is_missing_and_how_to_get_it(
    tmp_path: Path,
) -> None:
    text, output = _run(tmp_path, provinces=["Lào Cai"])
    assert "chưa được nạp" in text and "Ookla" in text
    assert "Bằng chứng đã công bố" in text and "Dân số 2019" in text
    assert "Ngũ Chỉ Sơn" in text and "Chế Tạo" in text, "published figures of Lào Cai/Yên Bái"
    assert "Lạng Sơn" not in text.split("Số liệu dưới cấp tỉnh")[-1].split("Nguồn và")[0]
    assert "Đưa sóng về bản xa" in text and "Báo Lào Cai" in text  # title and publisher, as cited
    names = sorted(path.name for path in output.iterdir())
    assert names == ["connectivity-evidence-vi.html"], "only the evidence map without measures"


def _synthetic_project(tmp_path: Path) -> Path:
    """A project with the real codebook, a synthetic Ookla table and survey for Lạng Sơn."""
    raw = tmp_path / "project" / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "sources.yml").write_text("# synthetic test register\nsources:\nfiles:\n", "utf-8")
    shutil.copy(REPO / "data" / "codebook.csv", raw.parent / "codebook.csv")
    communes = units("commune", 2025, province="20")
    rng = np.random.default_rng(3)
    n = len(communes)
    result = pd.DataFrame(  # synthetic figures
        {
            "unit_code": communes["code"].to_numpy(),
            "unit_level": "commune",
            "province_code": "20",
            "tiles": rng.integers(1, 50, n),
            "tests": rng.integers(1, 500, n).astype(float),
            "devices": rng.integers(1, 100, n).astype(float),
            "download_mbps": rng.uniform(2, 60, n),
            "upload_mbps": rng.uniform(1, 20, n),
            "latency_ms": rng.uniform(20, 90, n),
            "latency_down_ms": np.nan,
            "latency_up_ms": np.nan,
            "measured_area_km2": 1.0,
            "area_km2": 10.0,
            "measured_area_share": rng.uniform(0.05, 0.95, n),
        }
    )[list(RESULT_COLUMNS)]
    quarter = Quarter("mobile", 2024, 1)
    snapshot = Snapshot(quarter, tmp_path, quarter.url(), "0" * 64, 1, "2026-01-01", "mirror")
    write_ookla_table(result, snapshot, raw)
    template = write_template("Lạng Sơn", tmp_path / "survey.xlsx")
    book = openpyxl.load_workbook(template)
    sheet = book[SURVEY_SHEET]
    for row in range(2, sheet.max_row + 1):  # synthetic counts
        sheet[f"C{row}"], sheet[f"D{row}"], sheet[f"E{row}"] = 10, row % 4, row % 4 + 1
        sheet[f"F{row}"], sheet[f"H{row}"] = row % 6, dt.date(2025, 9, 1)
    book.save(template)
    source = {
        "id": "survey-synthetic",
        "title": "Khảo sát (synthetic)",
        "publisher": "Sở (synthetic)",
        "date": "2025-10-01",
    }
    add_survey(template, province="20", period="2025-09", source=source, raw_dir=raw)
    build(raw, codebook_path=raw.parent / "codebook.csv")
    return raw.parent.parent


def test_with_ookla_and_survey_figures_the_page_draws_maps_and_ranks_communes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _synthetic_project(tmp_path)
    monkeypatch.setenv("CDSKIT_ROOT", str(project))
    text, output = _run(tmp_path, provinces=["Lạng Sơn"], language="en", download_mbps=12.5)
    assert "Not on this page yet because not loaded" not in text  # Ookla and survey are
    assert "Slow: download below 12.5 Mbit/s" in text
    assert "Communes with the largest connectivity gaps" in text
    assert "CC BY-NC-SA 4.0" in text and "Speedtest® by Ookla®" in text
    names = sorted(path.name for path in output.iterdir())
    assert "connectivity-ookla-speed-en.html" in names
    assert "connectivity-ookla-measured-en.png" in names
    assert "connectivity-survey-villages_without_mobile_signal-en.svg" in names
