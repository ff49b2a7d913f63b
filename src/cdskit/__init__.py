"""cdskit: clean, validate, map and report provincial digital-transformation indicators.

One package per pipeline stage, each reached from the top-level namespace; a stage and its
heavy dependencies (geopandas, folium, matplotlib) are imported on first use, so
``import cdskit`` stays light::

    import cdskit as cds
    df = cds.load(provinces=["Lạng Sơn", "Thanh Hóa"], indicators=["dti_rank"])
    provinces = cds.geo.load_boundaries("province", 2008)
    cds.maps.choropleth(df, provinces, indicator="dti_rank", period="2022")

>>> import cdskit as cds
>>> cds.__version__
'0.1.0'
>>> cds.units.resolve("TP. Lào Cai", level="district", vintage=2008).full_name
'Thành phố Lào Cai'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from cdskit._version import __version__
from cdskit.errors import (
    CdskitError,
    DownloadError,
    InputError,
    JoinError,
    OutputError,
    ParameterError,
    RawFileChangedError,
    ReportError,
    UnknownUnitError,
    ValidationError,
)

if TYPE_CHECKING:
    from cdskit.dataset import load
    from cdskit.processing import build

#: Stage packages and shared modules reachable as attributes (``cds.maps``), imported on first
#: use to keep ``import cdskit`` light.
_SUBPACKAGES = frozenset(
    {
        "charts",
        "connectivity",
        "dataset",
        "errors",
        "fetch",
        "files",
        "fonts",
        "formatting",
        "geo",
        "maps",
        "narrative",
        "paths",
        "periods",
        "processing",
        "profiles",
        "raw",
        "reports",
        "safe_text",
        "tables",
        "terms",
        "units",
        "values",
        "vietnamese",
    }
)

#: Functions reachable from the top level, by the stage that defines them.
_FUNCTIONS = {"load": "cdskit.dataset", "build": "cdskit.processing"}


def __getattr__(name: str) -> Any:
    if name in _FUNCTIONS:
        return getattr(importlib.import_module(_FUNCTIONS[name]), name)
    if name in _SUBPACKAGES:
        return importlib.import_module(f"cdskit.{name}")
    raise AttributeError(f"module 'cdskit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBPACKAGES | set(_FUNCTIONS))


__all__ = [
    "CdskitError",
    "DownloadError",
    "InputError",
    "JoinError",
    "OutputError",
    "ParameterError",
    "RawFileChangedError",
    "ReportError",
    "UnknownUnitError",
    "ValidationError",
    "__version__",
    "build",
    "load",
]
