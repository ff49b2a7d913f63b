"""The public API: ``import cdskit as cds`` reaches every stage and shared module; small faces."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import cdskit as cds

SOURCE = Path(cds.__file__).parent
#: Every stage package (a sub-package of cdskit): a new stage is covered without editing this.
STAGES = tuple(sorted(info.name for info in pkgutil.iter_modules([str(SOURCE)]) if info.ispkg))
#: Every shared module at the top (errors, paths, tables, values...); ``cli`` and ``__main__``
#: are the command line, not an API.
SHARED = tuple(
    sorted(
        info.name
        for info in pkgutil.iter_modules([str(SOURCE)])
        if not info.ispkg and not info.name.startswith("_") and info.name != "cli"
    )
)
#: Most names a stage's face may export: a face is what a notebook needs, not every helper.
MOST_NAMES = 25


def test_the_documented_entry_points_are_reachable_from_the_top_level():
    entry_points = [
        cds.load,
        cds.build,
        cds.units.resolve,
        cds.geo.load_boundaries,
        cds.maps.choropleth,
        cds.maps.save_twins,
        cds.charts.dti_ranks,
        cds.reports.render_all,
    ]
    assert all(callable(function) for function in entry_points)


def test_the_stages_and_shared_modules_are_found_in_the_source_tree():
    stages = {"raw", "units", "dataset", "processing", "geo", "maps", "charts", "reports"}
    assert stages | {"connectivity", "narrative", "profiles"} <= set(STAGES)
    shared = {"tables", "values", "fonts", "periods", "safe_text", "formatting", "terms"}
    assert shared | {"files", "paths", "fetch", "errors", "vietnamese"} <= set(SHARED)


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_face_lists_public_names_that_exist(stage):
    # The order of __all__ is ruff's (RUF022, checked by `make lint`).
    face = importlib.import_module(f"cdskit.{stage}")
    assert len(set(face.__all__)) == len(face.__all__)
    assert all(hasattr(face, name) for name in face.__all__)
    assert not [name for name in face.__all__ if name.startswith("_")]


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_face_is_small(stage):
    face = importlib.import_module(f"cdskit.{stage}")
    assert len(face.__all__) <= MOST_NAMES, (
        f"cdskit.{stage} exports {len(face.__all__)} names, more than {MOST_NAMES}: keep in "
        "__all__ what the README, notebooks, the command line and other stages use; tests "
        "import helpers from their private module."
    )


def test_report_notebooks_and_error_handlers_reach_what_they_need_from_the_faces():
    assert callable(cds.reports.page_details)
    assert issubclass(cds.OutputError, cds.CdskitError)
    assert "OutputError" in cds.__all__


def test_importing_cdskit_loads_no_heavy_library():
    code = (
        "import sys, cdskit; "
        "print(sorted(m for m in ('pandas', 'geopandas', 'folium', 'matplotlib') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_old_module_paths_of_an_untagged_layout_are_gone():
    """No compatibility layer: a module path that lived before 0.1.0 is an import error."""
    for old in ("build", "dataset_loading", "classify", "layouts", "report_config"):
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module(f"cdskit.{old}.nothing_here")


def test_every_stage_and_shared_module_is_reached_from_the_top_level_in_a_fresh_interpreter():
    """``cds.<name>`` works without anything imported first, for every stage and shared module."""
    names = [*STAGES, *SHARED]
    code = (
        "import cdskit as cds; "
        f"print(' '.join(getattr(cds, name).__name__ for name in {names!r})); "
        "print(cds.OutputError.__name__, cds.reports.page_details.__name__)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    modules, errors = done.stdout.splitlines()
    assert modules.split() == [f"cdskit.{name}" for name in names]
    assert errors.split() == ["OutputError", "page_details"]


def test_every_exception_class_is_defined_in_errors():
    import inspect

    import cdskit

    defined_elsewhere = []
    for info in pkgutil.walk_packages(cdskit.__path__, "cdskit."):
        if info.name.endswith("__main__"):
            continue  # running it is the command line
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if name.startswith("_"):
                continue  # a private signal inside one module, never raised to a user
            if inspect.isclass(value) and issubclass(value, BaseException | Warning):
                if value.__module__ == info.name and info.name != "cdskit.errors":
                    defined_elsewhere.append(f"{info.name}.{name}")
    assert defined_elsewhere == []


def test_an_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'mapz'"):
        cds.mapz  # noqa: B018 (the attribute access is the test)
