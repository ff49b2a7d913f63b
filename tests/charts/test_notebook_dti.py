"""Execute notebooks/dti-comparison.ipynb on a small processed dataset written here.

The dataset is synthetic test data: the ranks, scores and source titles are invented. The
notebook runs on the real ``python3`` kernel, directly with papermill and through the report
runner.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest
from synthetic import observation, table

from cdskit.reports.runner import find_external_resources, notebook_parameters, render_all

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "notebooks" / "dti-comparison.ipynb"
HOSTILE = "<script>alert('nguồn')</script>"


def write_processed(root: Path) -> None:
    """Write synthetic observations and sources into ``root/data/processed``."""
    processed = root / "data" / "processed"
    processed.mkdir(parents=True)
    rows = [
        observation("Lạng Sơn", 2021, 5, indicator="dti_rank", source="src-a"),
        observation("Lạng Sơn", 2022, 7, indicator="dti_rank", source="src-a"),
        observation("Lạng Sơn", 2024, 9, indicator="dti_rank", source="src-b"),
        observation("Bắc Giang", 2021, 10, indicator="dti_rank", source="src-a"),
        observation(
            "Bắc Giang", 2024, 3, indicator="dti_rank", source="src-b"
        ),  # Bắc Ninh after the merger
        observation("Thanh Hóa", 2022, 15, indicator="dti_rank", source="src-a"),
        observation("Thanh Hóa", 2021, 0.4321, indicator="dti_score", source="src-hostile"),
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


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose data/processed holds synthetic observations and sources."""
    write_processed(tmp_path)
    monkeypatch.setenv("CDSKIT_ROOT", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The notebook rendered by the report runner on synthetic data; returns ``reports/``."""
    root = tmp_path_factory.mktemp("dti-project")
    write_processed(root)
    config = root / "reports.toml"
    config.write_text(
        "# synthetic test data\n"
        "[[report]]\n"
        'name = "dti"\n'
        f"notebook = {json.dumps(str(NOTEBOOK))}\n"
        'title_vi = "So sánh DTI (thử)"\n'
        'title_en = "DTI comparison (test)"\n'
        "parameters = { years = [2021, 2022, 2024], "
        'provinces = ["Lạng Sơn", "Bắc Giang", "Thanh Hóa"] }\n',
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CDSKIT_ROOT", str(root))
        render_all(config, root / "reports")
    return root / "reports"


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
def test_notebook_renders_as_a_code_free_offline_report(rendered: Path) -> None:
    report = (rendered / "dti.html").read_text(encoding="utf-8")
    assert find_external_resources(report) == []
    assert "&lt;script&gt;alert(" in report and "<script>alert" not in report
    assert "from cdskit import charts" not in report  # code-free
    images = re.findall(r"<img [^>]*>", report)
    assert len(images) == 2 and all('src="data:image/png;base64,' in i for i in images)
    assert all('alt="Biểu đồ' in i for i in images)
    manifest = json.loads((rendered / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = manifest["reports"]
    assert {f["path"] for f in entry["outputs"]} >= {"dti/dti-rank.png", "dti/dti-score.svg"}
    assert {f["path"] for f in entry["data_files"]} == {
        "data/processed/observations.parquet",
        "data/processed/sources.csv",
    }
    assert "dti/dti-rank.png" in (rendered / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("page_name", ["dti.html", "index.html"])
def test_report_pages_open_in_chromium_with_the_network_blocked(
    rendered: Path, page_name: str
) -> None:
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    log: dict[str, list[str]] = {"network": [], "errors": [], "dialogs": []}

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith(("file://", "data:")):
            request_route.continue_()
        else:
            log["network"].append(url)
            request_route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and log["errors"].append(m.text))
        page.on("pageerror", lambda error: log["errors"].append(str(error)))
        page.on("dialog", lambda d: (log["dialogs"].append(d.message), d.dismiss()))
        page.goto((rendered / page_name).as_uri())
        page.wait_for_load_state("load")
        if page_name == "dti.html":
            widths = page.eval_on_selector_all("img", "els => els.map(e => e.naturalWidth)")
            assert len(widths) == 2 and min(widths) > 0, "both charts are drawn"
            assert page.get_by_text(HOSTILE).count() >= 1, "the hostile title shows as text"
        else:
            assert page.get_by_role("link", name="So sánh DTI (thử)").count() == 1
        artifacts = REPO / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        page.screenshot(path=str(artifacts / f"report-{page_name}.png"), full_page=True)
        browser.close()
    assert log == {"network": [], "errors": [], "dialogs": []}
