"""The examples in the package's docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cdskit

#: Every module of the package, sub-packages included (``__main__`` would run the command line).
MODULES = sorted(
    m.name.removeprefix("cdskit.")
    for m in pkgutil.walk_packages(cdskit.__path__, prefix="cdskit.")
    if m.name != "cdskit.__main__"
)
#: Modules whose examples read boundary files: they need the mirror (the others always run).
NEEDS_MIRROR = {"geo.boundaries", "geo.geometry", "geo"}


@pytest.mark.parametrize("name", ["__init__", *MODULES])
def test_docstring_examples_run(name, request):
    if name in NEEDS_MIRROR:
        request.getfixturevalue("mirror")
    module = cdskit if name == "__init__" else importlib.import_module(f"cdskit.{name}")
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(module, optionflags=flags, report=True)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in cdskit.{name}"


def test_the_public_functions_have_numpydoc_docstrings():
    """ruff's pydocstyle rules (numpy convention) hold for the whole package."""
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    src = Path(cdskit.__file__).parent
    done = subprocess.run(
        [ruff, "check", "--select", "D", str(src)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout
