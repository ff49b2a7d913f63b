"""The public API: ``import cdskit as cds`` reaches every stage; old paths warn and still work."""

from __future__ import annotations

import importlib
import subprocess
import sys
import warnings

import pytest

import cdskit as cds
from cdskit import _legacy

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


@pytest.mark.parametrize("old", sorted(_legacy.MOVED_MODULES))
def test_an_old_module_path_warns_and_gives_the_moved_module(old):
    sys.modules.pop(f"cdskit.{old}", None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = importlib.import_module(f"cdskit.{old}")
    assert module is importlib.import_module(_legacy.MOVED_MODULES[old])
    messages = [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)]
    assert any(f"cdskit.{old} moved to {_legacy.MOVED_MODULES[old]}" in m for m in messages)


def test_an_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'mapz'"):
        cds.mapz  # noqa: B018 (the attribute access is the test)


def test_value_parsing_moved_out_of_vietnamese_still_answers_there_with_a_warning():
    from cdskit import values, vietnamese

    with pytest.warns(DeprecationWarning, match="moved to cdskit.values.parse_values"):
        assert vietnamese.parse_values is values.parse_values
    with pytest.raises(AttributeError, match="no attribute 'parse_valuez'"):
        vietnamese.parse_valuez  # noqa: B018 (the attribute access is the test)
