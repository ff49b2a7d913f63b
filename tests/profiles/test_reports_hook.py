"""The main command writes the profiles: ``render_all`` (``cdskit reports``) with one synthetic
report (a notebook made up for this test) on the project's real dataset publishes
``profiles/``, the picker and ``profiles/index.json`` with the reports, and a second run finds
them up to date."""

from __future__ import annotations

import json
import textwrap

import nbformat
import pytest

from cdskit.reports import render_all


@pytest.mark.filterwarnings("ignore")
def test_render_all_publishes_the_profiles_beside_the_reports(tmp_path, published_pdfs):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    cell = nbformat.v4.new_code_cell(
        'greeting: str = "xin chào"  # synthetic\noutput_dir: str = ""'
    )
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Báo cáo thử (synthetic)"), cell]
    nb.cells.append(nbformat.v4.new_code_cell("print(greeting)"))
    nbformat.write(nb, tmp_path / "demo.ipynb")
    config = tmp_path / "reports.toml"
    config.write_text(
        textwrap.dedent(
            """\
            # synthetic test data
            [[report]]
            name = "demo"
            notebook = "demo.ipynb"
            title_vi = "Báo cáo thử"
            title_en = "Test report"
            parameters = { greeting = "xin chào" }
            """
        ),
        encoding="utf-8",
    )
    out = tmp_path / "reports"
    # PDFs `make all` laid out (when it ran): kept where their print page is the same; every
    # page, the picker and the index are written by this run
    published_pdfs(out)
    render_all(config, out, jobs=1, profiles=True, progress=False)
    listed = json.loads((out / "profiles" / "index.json").read_text("utf-8"))
    assert (out / "demo.html").is_file() and (out / "peers.html").is_file()
    assert all((out / entry["path"]).is_file() for entry in listed)
    assert all((out / entry["pdf"]).is_file() for entry in listed if entry.get("pdf"))
    assert len([e for e in listed if e["kind"] == "profile"]) == len(
        list((out / "profiles").glob("*.html"))
    )
    stamp = (out / "profiles" / "stamp.json").stat().st_mtime_ns
    render_all(config, out, jobs=1, profiles=True, progress=False)
    assert (out / "profiles" / "stamp.json").stat().st_mtime_ns == stamp
    render_all(config, tmp_path / "plain", jobs=1, progress=False)  # not the project's folder
    assert not (tmp_path / "plain" / "profiles").exists()
