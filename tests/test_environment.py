"""The environment: conda and pip name the same dependencies; `make` lists its targets."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib

import pytest
import yaml
from conftest import REPO


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_requirements() -> list[str]:
    """The runtime dependencies and the ``lab`` extra: what environment.yml installs."""
    with open(REPO / "pyproject.toml", "rb") as handle:
        project = tomllib.load(handle)["project"]
    return [*project["dependencies"], *project["optional-dependencies"]["lab"]]


def _pyproject_dependencies() -> set[str]:
    return {_name(req) for req in _pyproject_requirements()}


def _environment_dependencies() -> set[str]:
    environment = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    names: set[str] = set()
    for entry in environment["dependencies"]:
        if isinstance(entry, dict):
            names |= {_name(req) for req in entry["pip"] if not req.startswith("-e")}
        elif _name(entry) not in {"python", "pip"}:
            names.add(_name(entry))
    return names


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    pyproject, environment = _pyproject_dependencies(), _environment_dependencies()
    assert pyproject - environment == set(), "missing from environment.yml"
    assert environment - pyproject == set(), "missing from pyproject.toml"


def test_environment_yml_pins_the_same_minimum_versions_as_pyproject():
    pins = {_name(r): r.split(">=")[1] for r in _pyproject_requirements()}
    text = (REPO / "environment.yml").read_text(encoding="utf-8")
    for name, version in pins.items():
        assert re.search(rf"- {re.escape(name)}>={re.escape(version)}\s", text), name


def test_environment_yml_installs_every_dev_extra_of_pyproject():
    with open(REPO / "pyproject.toml", "rb") as handle:
        dev = {_name(r) for r in tomllib.load(handle)["project"]["optional-dependencies"]["dev"]}
    environment = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    pip = next(e["pip"] for e in environment["dependencies"] if isinstance(e, dict))
    assert "-e .[dev]" in pip, "environment.yml installs the kit with its dev extras"
    comment = (REPO / "environment.yml").read_text(encoding="utf-8").split("-e .[dev]")[0]
    assert {"pytest-xdist", "filelock"} <= dev
    assert all(name in comment.lower() for name in dev), "the comment names every dev extra"


def test_jupyterlab_is_the_lab_extra_that_make_lab_installs_and_nothing_else_needs():
    with open(REPO / "pyproject.toml", "rb") as handle:
        project = tomllib.load(handle)["project"]
    core = {_name(r) for r in project["dependencies"]}
    lab = {_name(r) for r in project["optional-dependencies"]["lab"]}
    assert lab == {"jupyterlab", "jupyterlab-language-pack-vi-vn"}
    assert not any(name.startswith("jupyterlab") for name in core), "JupyterLab is not core"
    assert {"ipykernel", "nbconvert", "papermill"} <= core, "make all runs notebooks without it"
    recipe = re.search(r"^lab:.*?(?=^\S)", (REPO / "Makefile").read_text(), re.S | re.M)
    assert '-e ".[lab]"' in recipe.group(0)


def test_notebooks_are_committed_without_outputs():
    import nbformat

    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert all(not cell.outputs and cell.execution_count is None for cell in code), path.name
        tagged = [cell for cell in code if "parameters" in cell.metadata.get("tags", [])]
        assert len(tagged) == 1, f"{path.name} needs exactly one cell tagged 'parameters'"
        assert not any("def " in cell.source for cell in code), f"{path.name} defines functions"


def test_make_without_a_target_lists_every_phony_target_with_its_description():
    if shutil.which("make") is None:
        pytest.skip("make is not installed (CI installs it with apt-get)")
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY: (.+)$", makefile, re.MULTILINE).group(1).split()
    done = subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    listed = dict(re.findall(r"^  ([a-z-]+) +(\S.*)$", done.stdout, re.MULTILINE))
    assert sorted(listed) == sorted(phony), "every .PHONY target needs a '## name: ...' line"
    assert listed["all"].startswith("set up the environment")
