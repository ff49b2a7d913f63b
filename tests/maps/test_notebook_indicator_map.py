"""The indicator-map notebook, executed by papermill in a real kernel with the shipped data.

Where a report of ``reports.toml`` runs the notebook with a test's parameters, the test reads
that report from the render shared by the test run (session fixture ``report_matrix``): its
executed notebook ``<name>.ipynb`` and the files it wrote into its ``output_dir`` (``<name>/``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import papermill
import pytest
from notebook_kernels import execute_into, execute_notebook

from cdskit.dataset import loading as dataset
from cdskit.reports.runner import notebook_parameters

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("mirror", "web_assets")]

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "indicator-map.ipynb"


def _executed(request, tmp_path: Path, parameters: dict, report: str | None) -> tuple[Path, Path]:
    """The executed notebook and ``output_dir`` of a run of the notebook with ``parameters``.

    With ``report``, that report of the shared render, after checking that papermill ran it
    with the same parameters (the notebook's defaults filled in; ``output_dir`` left out, the
    published notebook gives it relative to the reports folder); else a run in ``tmp_path``.
    """
    if report is None:
        return execute_into(NOTEBOOK, tmp_path, parameters)
    matrix = request.getfixturevalue("report_matrix")
    entry = next(e for e in matrix["reports"] if e["name"] == report)
    failure = matrix["failures"].get(report) or entry.get("failure")
    assert entry["status"] in ("rendered", "reused"), (report, failure)
    executed = matrix["out"] / f"{report}.ipynb"
    used = nbformat.read(executed, as_version=4).metadata["papermill"]["parameters"]
    assert used.pop("output_dir") == report
    defaults = {name: p.get("value") for name, p in notebook_parameters(NOTEBOOK).items()}
    del defaults["output_dir"]
    assert {**defaults, **used} == {**defaults, **parameters}
    return executed, matrix["out"] / report


def test_the_notebook_is_committed_thin_and_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code)
    assert not any(
        re.match(r"\s*(async\s+)?(def|class)\s", line)
        for c in code
        for line in c.source.splitlines()
    )
    parameters = [cell for cell in code if "parameters" in cell.metadata.get("tags", [])]
    assert len(parameters) == 1
    lines = [line for line in parameters[0].source.splitlines() if line.strip()]
    names = {line.split(":")[0] for line in lines}
    assert {
        "provinces",
        "indicator",
        "period",
        "level",
        "vintage",
        "language",
        "output_dir",
    } <= names
    assert all(": " in line.split("=")[0] and "  # " in line for line in lines)


@pytest.mark.parametrize(
    ("parameters", "units", "with_data", "report"),
    [
        # The 63-province DTI 2022 rank map (the complete published list).
        ({"indicator": "dti_rank", "period": "2022", "vintage": 2008}, 63, 63, "dti-2022-map"),
        # DTI 2024 ranks of the four focus provinces after the merger; Lạng Sơn and Bắc Ninh
        # have no published rank in the dataset and are drawn as no data.
        (
            {
                "provinces": ["Lạng Sơn", "Bắc Ninh", "Lào Cai", "Thanh Hóa"],
                "indicator": "dti_rank",
                "period": "2024",
                "vintage": 2025,
                "language": "en",
            },
            4,
            2,
            None,  # no report draws these four provinces alone
        ),
    ],
)
def test_the_notebook_draws_real_maps_from_the_shipped_data(
    request, tmp_path, parameters, units, with_data, report
):
    executed, output = _executed(request, tmp_path, parameters, report)
    stem = f"dti_rank-{parameters['period']}-province-{parameters['vintage']}-"
    stem += parameters.get("language", "vi")
    files = {path.suffix: path for path in output.iterdir()}
    assert sorted(files) == [".html", ".pdf", ".png", ".svg"]
    assert all(path.name.startswith(stem) for path in files.values())
    page = files[".html"].read_text(encoding="utf-8")
    assert files[".html"].stat().st_size <= 1_000_000
    provenance = json.loads(page.split('id="cdskit-provenance">')[1].split("</script>")[0])
    assert provenance["units"] == units
    assert provenance["units"] - provenance["no_data"] == with_data
    published = dataset.load(
        indicators="dti_rank",
        periods=parameters["period"],
        vintage=parameters["vintage"],
        level="province",
    )
    assert with_data + provenance["figures_outside_area"] == published["unit_code"].nunique()
    notebook = nbformat.read(executed, as_version=4)
    table = notebook.cells[-3].outputs[0]["data"]
    legend = "— : no data" if parameters.get("language") == "en" else "— : không có số liệu"
    assert (legend in table["text/plain"]) == (units != with_data)
    assert "<table>" in table["text/html"] and "dtype" not in table["text/html"]
    details = notebook.cells[-1].outputs[0]["data"]["application/vnd.cdskit.page+json"]
    assert details["sources"] and details["main_figure"] == files[".png"].name
    national = not parameters.get("provinces")
    language = parameters.get("language", "vi")
    place = "Quần đảo Hoàng Sa" if language == "vi" else "Hoang Sa Archipelago"
    assert (place in page) == national
    assert (f"<!-- {place} -->" in files[".svg"].read_text(encoding="utf-8")) == national
    assert any(
        "image/png" in output.get("data", {})
        for cell in notebook.cells
        for output in cell.get("outputs", [])
    )


MOBILE = {
    "provinces": ["Lạng Sơn", "Bắc Giang", "Lào Cai", "Thanh Hóa"],
    "indicator": "villages_with_mobile_coverage",
    "period": "2023-H1",
    "vintage": 2008,
    "as_share": True,
}


@pytest.mark.parametrize(
    ("include_undated", "report"),
    [(False, "mobile-coverage-2023-map-en"), (True, "mobile-coverage-latest-map-en")],
)
def test_the_village_coverage_map_names_provinces_and_draws_undated_only_when_asked(
    request, tmp_path, include_undated, report
):
    parameters = {**MOBILE, "include_undated": include_undated, "language": "en"}
    executed, output = _executed(request, tmp_path, parameters, report)
    files = {path.suffix: path for path in output.iterdir()}
    page = files[".html"].read_text(encoding="utf-8")
    svg = files[".svg"].read_text(encoding="utf-8")
    provenance = json.loads(page.split('id="cdskit-provenance">')[1].split("</script>")[0])
    assert provenance["classes"]["scheme"] == "plain" and provenance["context_units"]
    for name in ("Lào Cai", "Lạng Sơn", "Bắc Giang", "Thanh Hóa"):
        assert f"<!-- {name} -->" in svg
    # Thanh Hóa's undated 1.732/1.850 (no later than 2/2025): drawn only when allowed
    assert ("1,732/1,850" in page) == include_undated
    assert ("no later than February 2025" in page) == include_undated
    assert provenance["undated_units"] == (["38"] if include_undated else [])
    notebook = nbformat.read(executed, as_version=4)
    table = notebook.cells[-3].outputs[0]["data"]["text/plain"]
    for word in ("quantile", "Map class", "Gap to the best unit"):
        assert word not in table and word not in page.split("<script")[0]


def test_a_wrong_period_lists_the_periods_published_for_the_indicator(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError) as raised:
        execute_notebook(
            str(NOTEBOOK),
            str(tmp_path / "executed.ipynb"),
            parameters={**MOBILE, "period": "2022"},
            kernel_name="python3",
            cwd=str(NOTEBOOK.parent),
            progress_bar=False,
        )
    message = str(raised.value)
    assert "period='2022' has no figures of 'villages_with_mobile_coverage'" in message
    assert "2023-H1 (province)" in message and "include_undated=True" in message
