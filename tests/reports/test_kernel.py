"""A report's kernel is forked from its report process, with the notebooks' modules loaded.

The synthetic notebook records, before it imports anything, which of the libraries its later
cells import its kernel already holds, the kernel's parent, its session and working folder, and
the Matplotlib backend; then it draws a figure, which must come out under the cell as in any
Jupyter kernel.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import nbformat
import pytest
from reports.reports_synthetic import notebook, report

from cdskit.reports import render_all
from cdskit.reports._kernel import INLINE_BACKEND, forkable, notebook_modules, wanted

PARAMETERS = """\
label: str = "thử"  # text the report prints
output_dir: str = ""  # folder for extra files
"""

BODY = [
    "import json, os, sys\n"
    "record = {'loaded': sorted(m for m in ('geopandas', 'folium', 'cdskit.maps') "
    "if m in sys.modules), 'ppid': os.getppid(), 'pid': os.getpid(), "
    "'session': os.getsid(0), 'cwd': os.getcwd(), 'parent_pid': os.environ.get('JPY_PARENT_PID'),"
    " 'root': os.environ.get('CDSKIT_ROOT')}\n"
    "with open(os.path.join(output_dir, 'kernel.json'), 'w') as f:\n"
    "    json.dump(record, f)\n"
    "print('NHÃN:', label)",
    "import folium\nimport geopandas\nimport matplotlib\nimport matplotlib.pyplot as plt\n"
    "from cdskit import maps\nprint(matplotlib.get_backend())\nplt.plot([1, 2, 3], [3, 1, 2])",
    "if label == 'hỏng':\n    raise ValueError('lỗi thử')",
]


@pytest.mark.slow
def test_a_report_kernel_is_forked_with_the_modules_loaded_and_draws_inline(
    project: Path, configure
) -> None:
    notebook(project / "demo.ipynb", PARAMETERS, BODY)
    config = configure(report("one", "demo.ipynb") + report("two", "demo.ipynb", label="hỏng"))
    out = project / "reports"
    with pytest.raises(Exception, match=r"1 of 2 report\(s\) failed \(two: cell 5"):
        render_all(config, out, jobs=2)
    record = json.loads((out / "one" / "kernel.json").read_text(encoding="utf-8"))
    assert record["loaded"] == ["cdskit.maps", "folium", "geopandas"]
    assert record["ppid"] != os.getpid() and record["parent_pid"] == str(record["ppid"])
    assert record["session"] == record["pid"], "the kernel leads a session of its own"
    assert Path(record["cwd"]) == Path(record["cwd"]).resolve() and record["cwd"].endswith("one")
    assert record["root"] == str(project)
    executed = nbformat.read(out / "one.ipynb", as_version=4)
    outputs = [output for cell in executed.cells for output in cell.get("outputs", [])]
    assert any(INLINE_BACKEND.split("//")[1] in output.get("text", "") for output in outputs)
    assert any("image/png" in output.get("data", {}) for output in outputs)
    assert "NHÃN: thử" in (out / "one.html").read_text(encoding="utf-8")


def test_only_this_interpreters_ipython_kernel_is_forked() -> None:
    python = sys.executable
    assert forkable([python, "-m", "ipykernel_launcher", "-f", "/tmp/k.json"]) == (
        os.name == "posix"
    )
    assert not forkable([python, "-m", "other_kernel", "-f", "/tmp/k.json"])
    assert not forkable(["/no/such/python", "-m", "ipykernel_launcher", "-f", "/tmp/k.json"])
    assert not forkable([python, "-m", "ipykernel_launcher"])
    assert forkable([python, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "k.json"])
    assert not forkable([python, "-c", "pass", "-m", "ipykernel_launcher", "-f", "k.json"])


def test_the_server_imports_what_the_shipped_notebooks_import() -> None:
    notebooks = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))
    modules = notebook_modules(notebooks)
    assert {"cdskit", "cdskit.maps", "cdskit.geo", "IPython.display"} <= set(modules)
    assert not [name for name in modules if name.startswith(".")]
    assert wanted()[0] == "ipykernel.kernelapp"
