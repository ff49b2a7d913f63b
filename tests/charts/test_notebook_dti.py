"""Execute notebooks/dti-comparison.ipynb: on synthetic data, through the report runner, and on
the shipped dataset.

The synthetic dataset written here is test data: its ranks, scores and source titles are
invented. The last tests run the notebook on the published data/processed and check what a
reader sees: every output is HTML made by the kit, in one language, and the published list
positions of 2023 (Lạng Sơn 4th, Bắc Giang 9th) show with their mark.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import REPO, once_per_run
from notebook_kernels import execute_notebook
from synthetic import observation, table

from cdskit.reports import notebook_parameters, render_all
from cdskit.reports.page import PAGE_MIMETYPE

NOTEBOOK = REPO / "notebooks" / "dti-comparison.ipynb"
HOSTILE = "<script>alert('nguồn')</script>"
#: Headings of one language that must not appear in the page of the other.
HEADINGS = {
    "vi": ["Xếp hạng theo trụ cột", "Bảng số liệu và nguồn", "Hạng DTI", "Không có số liệu"],
    "en": ["Ranks by pillar", "Figures and sources", "DTI rank", "No published figure"],
}


def write_processed(root: Path) -> None:
    """Write synthetic observations and sources into ``root/data/processed``."""
    processed = root / "data" / "processed"
    processed.mkdir(parents=True)
    listed = observation("Lạng Sơn", 2023, 4, indicator="dti_rank_in_ordered_list")
    listed["denominator"] = 63.0
    rows = [
        observation("Lạng Sơn", 2021, 5, indicator="dti_rank", source="src-a"),
        observation("Lạng Sơn", 2022, 7, indicator="dti_rank", source="src-a"),
        listed,
        observation("Lạng Sơn", 2024, 9, indicator="dti_rank", source="src-b"),
        observation("Bắc Giang", 2021, 10, indicator="dti_rank", source="src-a"),
        observation("Bắc Giang", 2024, 3, indicator="dti_rank", source="src-b"),  # Bắc Ninh
        observation("Thanh Hóa", 2022, 15, indicator="dti_rank", source="src-a"),
        observation("Thanh Hóa", 2021, 0.4321, indicator="dti_score", source="src-hostile"),
        observation("Thanh Hóa", 2021, 12, indicator="dti_digital_government_rank"),
    ]
    table(rows).to_parquet(processed / "observations.parquet", index=False)
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


def execute(workdir: Path, language: str, **parameters) -> nbformat.NotebookNode:
    """Run the notebook with papermill in ``workdir`` and return the executed notebook."""
    executed = workdir / f"executed-{language}.ipynb"
    execute_notebook(
        str(NOTEBOOK),
        str(executed),
        parameters={"language": language, **parameters},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(workdir),
    )
    return nbformat.read(executed, as_version=4)


def page_of(nb: nbformat.NotebookNode) -> str:
    """The HTML a reader sees: every output's text/html, after checking there is nothing else."""
    outputs = [o for cell in nb.cells for o in cell.get("outputs", [])]
    details = [o for o in outputs if PAGE_MIMETYPE in o.get("data", {})]
    assert len(details) == 1, "the notebook ends with its page details (period, sources, summary)"
    outputs = [o for o in outputs if o not in details]
    assert outputs
    for output in outputs:
        assert output["output_type"] == "display_data", output["output_type"]
        assert "text/html" in output["data"], sorted(output["data"])
    return "\n".join(o["data"]["text/html"] for o in outputs)


def visible_text(page: str) -> str:
    """The page without embedded images (base64 data can contain any letters)."""
    return re.sub(r'src="data:[^"]*"', 'src=""', page)


def table_rows(page: str) -> dict[tuple[str, str], list[str]]:
    """Rows of the DTI rank and score table (the last table of the page) by province and year."""
    table_html = re.findall(r"<table.*?</table>", page)[-1]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table_html.split("<tbody>")[1])
    cells = [
        [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in rows
    ]  # a focus province's row is marked (its name in bold): the text is what counts
    return {(row[0], row[1]): row for row in cells}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose data/processed holds synthetic observations and sources."""
    write_processed(tmp_path)
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
        assert cell.cell_type == "code", "text comes from the kit, in the report's language"
        assert cell.outputs == [] and cell.execution_count is None
        assert "def " not in cell.source and "class " not in cell.source


@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", ["Hạng DTI", "5/63", "3/34", "Bắc Ninh", "0,4321", "4/63†", "12/63"]),
        ("en", ["DTI rank", "0.4321", "4/63†", "Position read from the order"]),
    ],
)
def test_notebook_shows_only_kit_html_from_the_processed_data(
    project: Path, language: str, expected: list[str]
) -> None:
    output = project / "out"
    nb = execute(
        project,
        language,
        provinces=["Lạng Sơn", "Bắc Giang", "Thanh Hóa"],
        years=[2021, 2022, 2023, 2024],
        output_dir=str(output),
    )
    page = page_of(nb)
    images = re.findall(r'<img src="data:image/png;base64,[^"]+" alt="([^"]+)"', page)
    assert len(images) == 3, "the rank, score and pillar charts"
    text = visible_text(page)
    for item in expected:
        assert item in text
    assert "Nguồn thử A (synthetic)" in text
    assert HOSTILE not in text and "&lt;script&gt;alert(" in text
    other = "en" if language == "vi" else "vi"
    for heading in HEADINGS[other]:
        assert heading not in text, heading
    for bad in ("NaN", "<NA>", "nan", "dtype", "Traceback", "rows ×", "/tmp"):
        assert bad not in text, bad
    assert sorted(p.name for p in output.iterdir()) == [
        "dti-pillars.png",
        "dti-pillars.svg",
        "dti-rank.png",
        "dti-rank.svg",
        "dti-score.png",
        "dti-score.svg",
    ]


@pytest.mark.slow
@pytest.mark.parametrize("language", ["vi", "en"])
def test_comparison_on_the_shipped_data_shows_the_2023_list_positions(
    report_matrix: dict, language: str
) -> None:
    """Acceptance: Lạng Sơn 4th and Bắc Giang 9th in 2023 are shown with their list mark.

    Read from the notebook as the report run executed it on the published data/processed
    (``dti-comparison`` of reports.toml: the notebook's default provinces and years).
    """
    name = "dti-comparison" if language == "vi" else "dti-comparison-en"
    entry = next(e for e in report_matrix["reports"] if e["name"] == name)
    defaults = notebook_parameters(NOTEBOOK)
    assert {key: entry["parameters"][key] for key in ("provinces", "years")} == {
        key: defaults[key]["value"] for key in ("provinces", "years")
    }
    nb = nbformat.read(report_matrix["out"] / f"{name}.ipynb", as_version=4)
    page = visible_text(page_of(nb))
    rows = table_rows(page)
    assert rows[("Lạng Sơn", "2023")][3] == "4/63†"
    assert rows[("Bắc Giang", "2023")][3] == "9/63†"
    assert rows[("Bắc Giang", "2024")][2] == "Bắc Ninh"
    assert rows[("Thanh Hóa", "2024")][3] == "5/34"
    assert all(
        re.fullmatch(r"(—|\d+/(63|34)[†‡]?(; \d+/(63|34)[†‡]?)*)", r[3]) for r in rows.values()
    )
    assert len(rows) == 4 * 5, "every focus province × DTI year is a row"
    note = "† Vị trí đọc từ thứ tự" if language == "vi" else "† Position read from the order"
    assert note in page
    other = "en" if language == "vi" else "vi"
    for heading in HEADINGS[other]:
        assert heading not in page, heading
    for bad in ("NaN", "<NA>", "nan", "Traceback", "rows ×"):
        assert bad not in page, bad


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The notebook rendered by the report runner on synthetic data; returns ``reports/``.

    Rendered once per test run (the workers share it).
    """

    def make(root: Path) -> Path:
        write_processed(root)
        config = root / "reports.toml"
        config.write_text(
            "# synthetic test data\n"
            "[[report]]\n"
            'name = "dti"\n'
            f"notebook = {json.dumps(str(NOTEBOOK))}\n"
            'title_vi = "So sánh DTI (thử)"\n'
            'title_en = "DTI comparison (test)"\n'
            "parameters = { years = [2021, 2022, 2023, 2024], "
            'provinces = ["Lạng Sơn", "Bắc Giang", "Thanh Hóa"] }\n',
            encoding="utf-8",
        )
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("CDSKIT_ROOT", str(root))
            render_all(config, root / "reports", progress=False)
        return root / "reports"

    return once_per_run(tmp_path_factory, "dti-notebook-rendered", make)


@pytest.mark.slow
def test_notebook_renders_as_a_code_free_offline_report(rendered: Path) -> None:
    report = (rendered / "dti.html").read_text(encoding="utf-8")
    external = re.findall(r'(?:src|href)="(?:https?:)?//[^"]+"', report)
    assert external == []
    assert "&lt;script&gt;alert(" in report and "<script>alert" not in report
    assert "from cdskit import charts" not in report  # code-free
    images = re.findall(r"<img [^>]*>", report)
    assert len(images) >= 3 and all('alt="Biểu đồ' in i for i in images[-3:])
    assert "4/63†" in report


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("page_name", ["dti.html", "index.html"])
def test_report_pages_open_in_chromium_with_the_network_blocked(
    rendered: Path, page_name: str, browser
) -> None:
    log: dict[str, list[str]] = {"network": [], "errors": [], "dialogs": []}

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith(("file://", "data:")):
            request_route.continue_()
        else:
            log["network"].append(url)
            request_route.abort()

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and log["errors"].append(m.text))
        page.on("pageerror", lambda error: log["errors"].append(str(error)))
        page.on("dialog", lambda d: (log["dialogs"].append(d.message), d.dismiss()))
        page.goto((rendered / page_name).as_uri())
        page.wait_for_load_state("load")
        if page_name == "dti.html":
            widths = page.eval_on_selector_all(
                "figure.cdskit-chart img", "els => els.map(e => e.naturalWidth)"
            )
            assert len(widths) == 3 and min(widths) > 0, "the three charts are drawn"
            assert page.get_by_text(HOSTILE).count() >= 1, "the hostile title shows as text"
        else:
            assert page.get_by_role("link", name="So sánh DTI (thử)").count() >= 1
        artifacts = REPO / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        page.screenshot(path=str(artifacts / f"report-{page_name}.png"), full_page=True)
    finally:
        page.close()
    assert log == {"network": [], "errors": [], "dialogs": []}
