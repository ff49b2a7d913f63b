"""cdskit: clean, validate, map and report provincial digital-transformation indicators.

Everything is reached from the top-level namespace; heavy modules (geopandas, folium,
matplotlib) are imported only when first used::

    import cdskit as cds
    df = cds.load(provinces=["Lạng Sơn", "Thanh Hóa"], indicators=["dti_rank"])
    communes = cds.boundaries.load_boundaries("commune", 2025, provinces=["Lào Cai"])
    cds.maps.choropleth(df, communes, indicator=..., period=...)

>>> import cdskit as cds
>>> cds.__version__
'0.1.0'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from cdskit.errors import (
    CdskitError,
    DownloadError,
    InputError,
    JoinError,
    ParameterError,
    RawFileChangedError,
    ReportError,
    UnknownUnitError,
    ValidationError,
)

if TYPE_CHECKING:
    from cdskit.dataset import load

__version__ = "0.1.0"

#: Submodules reachable as attributes (``cds.maps``), imported on first use.
_SUBMODULES = frozenset(
    {
        "boundaries",
        "build",
        "charts",
        "clean",
        "codebook",
        "crosswalk",
        "dataset",
        "dictionary",
        "fetch",
        "formatting",
        "geometry",
        "join",
        "maps",
        "observations",
        "paths",
        "read",
        "reports",
        "sources",
        "static_maps",
        "units",
        "validate",
        "vietnamese",
    }
)


def __getattr__(name: str) -> Any:
    if name == "load":
        from cdskit.dataset import load

        return load
    if name in _SUBMODULES:
        return importlib.import_module(f"cdskit.{name}")
    raise AttributeError(f"module 'cdskit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES | {"load"})


__all__ = [
    "CdskitError",
    "DownloadError",
    "InputError",
    "JoinError",
    "ParameterError",
    "RawFileChangedError",
    "ReportError",
    "UnknownUnitError",
    "ValidationError",
    "__version__",
    "load",
]
