"""The public API: ``import cdskit as cds`` reaches every stage; old paths warn and still work."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import cdskit as cds

STAGES = ("raw", "units", "dataset", "processing", "geo", "maps", "charts", "reports")


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


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_face_lists_public_names_that_exist(stage):
    # The order of __all__ is ruff's (RUF022, checked by `make lint`).
    face = importlib.import_module(f"cdskit.{stage}")
    assert len(set(face.__all__)) == len(face.__all__)
    assert all(hasattr(face, name) for name in face.__all__)
    assert not [name for name in face.__all__ if name.startswith("_")]


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


def test_shared_modules_and_every_error_are_reached_from_the_top_level():
    code = (
        "import cdskit as cds; "
        "print(cds.tables.__name__, cds.values.__name__, cds.fonts.__name__, "
        "cds.periods.__name__, cds.safe_text.__name__, cds.OutputError.__name__)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [
        "cdskit.tables",
        "cdskit.values",
        "cdskit.fonts",
        "cdskit.periods",
        "cdskit.safe_text",
        "OutputError",
    ]


def test_every_exception_class_is_defined_in_errors():
    import inspect
    import pkgutil

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
