"""The landing page: one card per report (status, failure, summary, thumbnail) in Vietnamese with
an English switch, and links to the dataset copied beside it. Manifest entries here are
synthetic test data written in the runner's keys."""

from __future__ import annotations

import json

import nbformat
from PIL import Image

from cdskit.reports.index import write_index
from cdskit.reports.page import PAGE_MIMETYPE


def _entry(name, status, **extra):
    return {
        "name": name,
        "title_vi": f"Báo cáo {name}",
        "title_en": f"Report {name}",
        "description_vi": "Mô tả",
        "description_en": "Description",
        "language": "vi",
        "status": status,
        "rendered_at": "2026-11-30T01:00:00Z",
        **extra,
    }


def _rendered(out, name, summary):
    (out / f"{name}.html").write_text("<html></html>", encoding="utf-8")
    (out / name).mkdir()
    Image.new("RGB", (2338, 1654), "white").save(out / name / "map.png")
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("page_details()")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", data={PAGE_MIMETYPE: {"summary": summary, "main_figure": "map.png"}}
        )
    ]
    notebook.cells = [cell]
    nbformat.write(notebook, out / f"{name}.ipynb")


def test_cards_show_status_summary_thumbnail_and_failure_in_both_languages(tmp_path):
    _rendered(tmp_path, "good", "Lào Cai 14/34 · 12/34 tỉnh, thành phố có số liệu")
    entries = [
        _entry("good", "rendered"),
        _entry("again", "reused"),
        _entry(
            "broken",
            "failed",
            failure={"cell": 4, "excerpt": "the_map = choropleth(", "error": "ParameterError: x"},
        ),
    ]
    index = write_index(tmp_path, entries, {"build_hash": "abc", "files": []})
    page = index.read_text(encoding="utf-8")
    assert "Lào Cai 14/34 · 12/34 tỉnh, thành phố có số liệu" in page
    assert 'src="thumbnails/good.png"' in page
    with Image.open(tmp_path / "thumbnails" / "good.png") as thumbnail:
        assert max(thumbnail.size) <= 480
    assert "Dùng lại bản trước" in page and "Reused" in page
    assert "Lỗi ở ô 4" in page and "Failed at cell 4" in page and "ParameterError: x" in page
    assert 'id="lang-en"' in page and "Digital transformation reports" in page
    for name in ("observations.csv", "observations.parquet", "validation_report.html"):
        assert f'href="data/{name}"' in page and (tmp_path / "data" / name).is_file()
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert [e["status"] for e in manifest["reports"]] == ["rendered", "reused", "failed"]
    body = page.split("<body>")[1]
    for text in ("abc", "{", "/tmp"):  # no hash, raw JSON or path on the landing page
        assert text not in body


def test_a_summary_shows_only_in_the_view_of_its_report_language(tmp_path):
    _rendered(tmp_path, "english", "DTI rank in 2024: Lào Cai 14/34")
    entries = [_entry("english", "rendered", language="en")]
    page = write_index(tmp_path, entries, {"build_hash": "abc", "files": []}).read_text("utf-8")
    views = {block[:2]: block for block in page.split('<div class="view ')[1:]}
    assert '<div class="summary">DTI rank in 2024: Lào Cai 14/34</div>' in views["en"]
    assert "DTI rank in 2024" not in views["vi"]
