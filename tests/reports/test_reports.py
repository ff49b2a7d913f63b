"""Tests of the report runner on small notebooks written here (synthetic test data).

The notebooks run on the real ``python3`` kernel through papermill and nbconvert.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import nbformat
import pytest

from cdskit import __version__
from cdskit.errors import ParameterError, ReportError
from cdskit.reports.runner import find_external_resources, load_config, render_all

PARAMETERS = """\
greeting: str = "xin chào"  # text the report prints
repeat: int = 2  # how many times to print it
fail: bool = False  # raise an error in the third cell
extra_html: str = ""  # raw HTML displayed by the report
language: str = "vi"  # vi or en
output_dir: str = "."  # folder for extra files
"""
BODY = [
    "import pathlib\n"
    "pathlib.Path(output_dir, 'loi-chao.txt').write_text(greeting * repeat, encoding='utf-8')\n"
    "print('KẾT QUẢ:', greeting * repeat, language)",
    "if fail:\n    raise ValueError('dữ liệu hỏng ở ô thứ ba')",
    "from IPython.display import HTML, display\nif extra_html:\n    display(HTML(extra_html))",
    "import warnings\nwarnings.warn('cảnh báo thử <b>')",
]


def write_notebook(path: Path, parameters: str = PARAMETERS, body: list[str] = BODY) -> Path:
    """Write a small synthetic notebook: a heading, a tagged parameters cell and ``body``."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Báo cáo thử nghiệm"), cell]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in body]
    nbformat.write(nb, path)
    return path


def write_config(folder: Path, reports: str) -> Path:
    """Write ``reports.toml`` (synthetic test data) next to ``demo.ipynb``."""
    if not (folder / "demo.ipynb").exists():
        write_notebook(folder / "demo.ipynb")
    config = folder / "reports.toml"
    config.write_text("# synthetic test data\n" + textwrap.dedent(reports), encoding="utf-8")
    return config


ONE_REPORT = """\
[[report]]
name = "demo"
notebook = "demo.ipynb"
title_vi = "Báo cáo thử"
title_en = "Demo report"
parameters = { greeting = "chào ", repeat = 3 }
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder (no processed data) used as CDSKIT_ROOT."""
    monkeypatch.setenv("CDSKIT_ROOT", str(tmp_path))
    return tmp_path


def manifest_of(out: Path) -> dict:
    return {r["name"]: r for r in json.loads((out / "manifest.json").read_text())["reports"]}


@pytest.mark.slow
def test_render_all_writes_code_free_html_index_and_manifest(project: Path) -> None:
    config = write_config(project, ONE_REPORT)
    processed = project / "data" / "processed"
    processed.mkdir(parents=True)
    (processed / "observations.csv").write_text("synthetic test data\n", encoding="utf-8")

    index = render_all(config, project / "reports")

    out = project / "reports"
    assert index == out / "index.html"
    html = (out / "demo.html").read_text(encoding="utf-8")
    assert "KẾT QUẢ: chào chào chào  vi" in html
    assert "write_text" not in html and "raise ValueError" not in html  # no code
    assert "In&nbsp;[" not in html and 'class="jp-InputPrompt' not in html  # no prompts
    assert 'class="jp-OutputPrompt' not in html
    assert '<html lang="vi">' in html
    assert f"cdskit {__version__}" in html
    assert find_external_resources(html) == []
    body, _, details = html.partition("<details")
    assert "cảnh báo thử" not in body, "warnings stay out of the report's body"
    assert "UserWarning: cảnh báo thử &lt;b&gt;" in details, "and go to its technical details"
    assert (out / "demo.ipynb").is_file()
    assert (out / "demo" / "loi-chao.txt").read_text(encoding="utf-8") == "chào chào chào "

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kit_version"] == __version__
    entry = manifest["reports"][0]
    assert entry["status"] == "rendered" and entry["failure"] is None
    assert entry["notebook"] == "demo.ipynb"
    assert entry["parameters"] == {"greeting": "chào ", "repeat": 3, "language": "vi"}
    outputs = {f["path"]: f for f in entry["outputs"]}
    assert set(outputs) == {"demo.html", "demo.ipynb", "demo/loi-chao.txt"}
    import hashlib

    digest = hashlib.sha256((out / "demo" / "loi-chao.txt").read_bytes()).hexdigest()
    assert outputs["demo/loi-chao.txt"]["sha256"] == digest
    assert entry["data_files"] == [
        {
            "path": "data/processed/observations.csv",
            "sha256": hashlib.sha256(b"synthetic test data\n").hexdigest(),
        }
    ]
    assert entry["data_build_hash"] == manifest["data_build_hash"] != "no data"
    assert entry["warnings"] == ["UserWarning: cảnh báo thử <b>"]

    page = index.read_text(encoding="utf-8")
    assert "Báo cáo thử" in page and "Demo report" in page
    assert 'href="demo.html"' in page and __version__ in page
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2} UTC", page), "dates in vi-VN format"
    assert not list(out.glob(".demo-*")), "temporary folders are removed"


@pytest.mark.slow
def test_failing_report_keeps_previous_output_and_names_the_cell(project: Path) -> None:
    config = write_config(project, ONE_REPORT)
    out = project / "reports"
    render_all(config, out)
    good_html = (out / "demo.html").read_bytes()
    good_asset = (out / "demo" / "loi-chao.txt").read_bytes()

    write_config(project, ONE_REPORT.replace("repeat = 3", "repeat = 1, fail = true"))
    with pytest.raises(ReportError, match=r"demo: cell 4 raised ValueError: dữ liệu hỏng"):
        render_all(config, out)

    assert (out / "demo.html").read_bytes() == good_html
    assert (out / "demo" / "loi-chao.txt").read_bytes() == good_asset
    entry = manifest_of(out)["demo"]
    assert entry["status"] == "failed"
    assert entry["failure"] == {
        "cell": 4,
        "excerpt": "if fail:\n    raise ValueError('dữ liệu hỏng ở ô thứ ba')",
        "error": "ValueError: dữ liệu hỏng ở ô thứ ba",
        "kind": "error",
    }
    assert entry["last_success"] and {f["path"] for f in entry["outputs"]} >= {"demo.html"}
    assert (out / "demo.failed.ipynb").is_file()
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Lỗi ở ô 4" in page and "dữ liệu hỏng ở ô thứ ba" in page

    write_config(project, ONE_REPORT)
    render_all(config, out)
    assert manifest_of(out)["demo"]["status"] == "rendered"
    assert not (out / "demo.failed.ipynb").exists()


@pytest.mark.slow
def test_one_failing_report_does_not_stop_the_others(project: Path) -> None:
    config = write_config(
        project,
        ONE_REPORT.replace('"demo"\n', '"hong"\n', 1).replace("repeat = 3", "fail = true")
        + "\n"
        + ONE_REPORT,
    )
    out = project / "reports"
    with pytest.raises(ReportError, match=r"1 of 2 report\(s\) failed \(hong: cell 4") as info:
        render_all(config, out)
    assert set(info.value.failures) == {"hong"}
    assert info.value.index == out / "index.html"
    assert (out / "demo.html").is_file() and not (out / "hong.html").exists()
    statuses = {name: entry["status"] for name, entry in manifest_of(out).items()}
    assert statuses == {"hong": "failed", "demo": "rendered"}


@pytest.mark.slow
def test_report_that_would_load_a_cdn_script_fails(project: Path) -> None:
    hostile = "<script src='https://cdn.example.org/require.js'></script>"
    config = write_config(project, ONE_REPORT.replace("repeat = 3", f'extra_html = "{hostile}"'))
    with pytest.raises(ReportError, match=r"from the network; reports must open offline"):
        render_all(config, project / "reports")
    assert not (project / "reports" / "demo.html").exists()


@pytest.mark.slow
def test_index_and_report_escape_a_hostile_title(project: Path) -> None:
    hostile = "<script>alert('x')</script>"
    config = write_config(
        project,
        ONE_REPORT.replace('"Báo cáo thử"', json.dumps(hostile)).replace(
            'greeting = "chào "', 'greeting = "<img src=x onerror=alert(1)>"'
        ),
    )
    render_all(config, project / "reports")
    page = (project / "reports" / "index.html").read_text(encoding="utf-8")
    report = (project / "reports" / "demo.html").read_text(encoding="utf-8")
    for html in (page, report):
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(" in html
        assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in report


@pytest.mark.slow
def test_only_renders_the_named_report_and_keeps_the_other_entries(project: Path) -> None:
    second = ONE_REPORT.replace('"demo"\n', '"second"\n', 1)
    config = write_config(project, ONE_REPORT + "\n" + second)
    out = project / "reports"
    render_all(config, out, only="demo")
    assert manifest_of(out)["second"]["status"] == "not rendered"
    render_all(config, out, only=["second"])
    statuses = {name: entry["status"] for name, entry in manifest_of(out).items()}
    assert statuses == {"demo": "rendered", "second": "rendered"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("repeat = 3", "repat = 3"), r"parameter 'repat' is not declared.*Did you mean 'repeat'"),
        (("repeat = 3", 'repeat = "3"'), r"parameter 'repeat' = '3' does not match .*'int'"),
        (("repeat = 3", "repeat = true"), r"'repeat' = True does not match"),
        (("repeat = 3", 'output_dir = "x"'), r"'output_dir' is set by the report runner"),
        (("title_en =", "titel_en ="), r"unknown key 'titel_en'.*Did you mean 'title_en'"),
        (('name = "demo"', 'name = "Demo Report"'), r"name must use lower-case letters"),
        (("demo.ipynb", "demo.ipynbx"), r"notebook 'demo.ipynbx' not found"),
        (("[[report]]", 'language = "vn"\n[[report]]'), r"unknown top-level key 'language'"),
        (("title_vi", 'language = "vn"\ntitle_vi'), r"language 'vn' is not one of vi, en"),
        (("repeat = 3", 'language = "en"'), r"parameters.language = 'en' contradicts"),
    ],
)
def test_invalid_configuration_is_refused_with_a_clear_message(
    project: Path, change: tuple[str, str], message: str
) -> None:
    config = write_config(project, ONE_REPORT.replace(*change))
    with pytest.raises(ParameterError, match=message):
        load_config(config)


def test_parameters_without_annotation_accept_any_value(project: Path) -> None:
    write_notebook(project / "demo.ipynb", parameters="repeat = 2  # no annotation\n")
    config = write_config(
        project, ONE_REPORT.replace('greeting = "chào ", repeat = 3', 'repeat = "x"')
    )
    (report,) = load_config(config)
    assert report.parameters == {"repeat": "x"}


@pytest.mark.parametrize(
    ("type_name", "value", "accepted"),
    [
        ("list[str]", ["Lạng Sơn"], True),
        ("list[str]", "Lạng Sơn", False),
        ("float", 3, True),
        ("int", 3.5, False),
        ("Optional[str]", "x", True),
        ("Optional[int]", 5, True),
        ("Optional[int]", "5", False),
        ("bool", 1, False),
    ],
)
def test_parameter_types_follow_the_notebook_annotations(
    project: Path, type_name: str, value: object, accepted: bool
) -> None:
    write_notebook(project / "demo.ipynb", parameters=f"x: {type_name} = None  # any\n")
    toml_value = json.dumps(value, ensure_ascii=False)
    config = write_config(
        project,
        ONE_REPORT.replace(
            'parameters = { greeting = "chào ", repeat = 3 }',
            f"parameters = {{ x = {toml_value} }}",
        ),
    )
    if accepted:
        load_config(config)
    else:
        with pytest.raises(ParameterError, match=r"parameter 'x' = .* does not match"):
            load_config(config)


def test_repeated_report_name_is_refused(project: Path) -> None:
    config = write_config(project, ONE_REPORT + "\n" + ONE_REPORT)
    with pytest.raises(ParameterError, match=r"report name 'demo' is used twice"):
        load_config(config)


def test_missing_configuration_says_what_to_do(project: Path) -> None:
    with pytest.raises(ParameterError, match=r"reports.toml not found .* pass config=PATH"):
        load_config()


def test_unknown_report_in_only_suggests_a_name(project: Path) -> None:
    config = write_config(project, ONE_REPORT)
    with pytest.raises(ParameterError, match=r"no report named 'dmeo'.*Did you mean 'demo'"):
        render_all(config, project / "reports", only="dmeo")
    assert not (project / "reports").exists()


def test_config_reads_titles_parameters_and_language(project: Path) -> None:
    config = write_config(project, ONE_REPORT.replace("title_vi", 'language = "en"\ntitle_vi'))
    (report,) = load_config(config)
    assert report.name == "demo" and report.language == "en"
    assert report.title() == "Demo report"
    assert report.parameters == {"greeting": "chào ", "repeat": 3}
    assert report.notebook == (project / "demo.ipynb").resolve()


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ('<script src="https://cdn.jsdelivr.net/npm/x.js"></script>', True),
        ("<script src='//cdnjs.cloudflare.com/require.js'></script>", True),
        ('<link rel="stylesheet" href="http://example.org/a.css">', True),
        ('<script type="module">import m from "https://cdn.x/mermaid.mjs";</script>', True),
        ('<iframe srcdoc="&lt;script src=&quot;https://cdn.x/leaflet.js&quot;&gt;">', True),
        ("<style>@import url('https://fonts.googleapis.com/css');</style>", True),
        ("<script>var a = 1;</script><a href='https://dti.gov.vn'>nguồn</a>", False),
        ('<link rel="stylesheet" href="style.css"><script src="local.js"></script>', False),
    ],
)
def test_find_external_resources_flags_only_network_assets(html: str, found: bool) -> None:
    assert bool(find_external_resources(html)) is found


def test_the_project_reports_toml_names_existing_notebooks_and_parameters() -> None:
    repo = Path(__file__).resolve().parents[2]
    reports = load_config(repo / "reports.toml")
    assert {r.name for r in reports} >= {"dti-comparison", "dti-comparison-en", "dti-2022-map"}
    assert {r.language for r in reports} == {"vi", "en"}


def test_unknown_kernel_is_refused_before_anything_runs(project: Path) -> None:
    config = write_config(project, ONE_REPORT)
    with pytest.raises(
        ParameterError, match=r"kernel_name='pyton3': no such Jupyter kernel.*'python3'"
    ):
        render_all(config, project / "reports", kernel_name="pyton3")
    assert not (project / "reports").exists()


@pytest.mark.slow
def test_a_cell_that_runs_too_long_fails_its_report(project: Path) -> None:
    write_notebook(project / "demo.ipynb", body=["import time\ntime.sleep(30)"])
    config = write_config(project, ONE_REPORT.replace(", repeat = 3", ""))
    with pytest.raises(ReportError, match=r"demo: .*(Timeout|timed out)"):
        render_all(config, project / "reports", timeout=2)
    assert manifest_of(project / "reports")["demo"]["status"] == "failed"


@pytest.mark.slow
@pytest.mark.usefixtures("mirror", "web_assets")
def test_every_project_report_renders_on_the_shipped_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, report_matrix: dict
) -> None:
    """The main job end to end: build the shipped raw data, then render reports.toml.

    When the kit's fingerprint of every report of this build (notebook, parameters, data,
    codebook, templates, kit version) is the one of the test run's shared render of the same
    tree, and that render rendered every report, it is that render (the kit would reuse it
    too); otherwise the reports are rendered here.
    """
    import shutil

    from cdskit.processing.pipeline import build
    from cdskit.reports._entries import runner_parameters
    from cdskit.reports._fingerprint import data_files, fingerprint, inputs_hash

    repo = Path(__file__).resolve().parents[2]
    shutil.copytree(repo / "data" / "raw", tmp_path / "data" / "raw")
    shutil.copy(repo / "data" / "codebook.csv", tmp_path / "data" / "codebook.csv")
    monkeypatch.setenv("CDSKIT_ROOT", str(tmp_path))
    build()

    inputs = inputs_hash(data_files())
    shared = {entry["name"]: entry for entry in report_matrix["reports"]}
    same = all(
        shared.get(r.name, {}).get("status") == "rendered"
        and shared[r.name].get("fingerprint")
        == fingerprint(r, runner_parameters(r), inputs, "python3")
        for r in load_config(repo / "reports.toml")
    )
    if same:
        out = report_matrix["out"]
        index = out / "index.html"
    else:
        out = tmp_path / "reports"
        index = render_all(repo / "reports.toml", out)

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    names = [r.name for r in load_config(repo / "reports.toml")]
    assert [entry["name"] for entry in manifest["reports"]] == names
    for entry in manifest["reports"]:
        assert entry["status"] == "rendered", (entry["name"], entry.get("failure"))
        html = (out / f"{entry['name']}.html").read_text(encoding="utf-8")
        assert find_external_resources(html) == [], entry["name"]
    assert index.is_file()
