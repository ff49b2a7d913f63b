"""Module paths of cdskit 0.1.0, kept working for one release with a :class:`DeprecationWarning`.

``import cdskit.boundaries`` (or ``from cdskit import boundaries``) still gives the module that
now lives at ``cdskit.geo.boundaries``, and says where it moved. The stage packages whose name
did not change (``cdskit.units``, ``cdskit.dataset``, ``cdskit.maps``, ``cdskit.charts``,
``cdskit.reports``) re-export the public names of the module they replace.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import warnings
from types import ModuleType

#: Old module → the module that holds its code now.
MOVED_MODULES: dict[str, str] = {
    "assets": "cdskit.maps.web_assets",
    "boundaries": "cdskit.geo.boundaries",
    "build": "cdskit.processing.pipeline",
    "classify": "cdskit.maps.classes",
    "clean": "cdskit.processing.clean",
    "codebook": "cdskit.dataset.codebook",
    "crosswalk": "cdskit.dataset.crosswalk",
    "dictionary": "cdskit.dataset.dictionary",
    "geometry": "cdskit.geo.geometry",
    "join": "cdskit.geo.join",
    "layouts": "cdskit.processing.reshape",
    "map_data": "cdskit.maps.data",
    "observations": "cdskit.dataset.observations",
    "publish": "cdskit.processing.publish",
    "read": "cdskit.raw.read",
    "report_config": "cdskit.reports.config",
    "report_index": "cdskit.reports.index",
    "sources": "cdskit.raw.sources",
    "static_maps": "cdskit.maps.static",
    "validate": "cdskit.processing.validate",
}


class _MovedModuleFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Answer imports of an old module path with the module at its new path."""

    def find_spec(self, fullname, path=None, target=None):
        old = fullname.removeprefix("cdskit.")
        if fullname.startswith("cdskit.") and old in MOVED_MODULES:
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec) -> ModuleType:
        new = MOVED_MODULES[spec.name.removeprefix("cdskit.")]
        warnings.warn(
            f"{spec.name} moved to {new} in cdskit 0.2; import it from there (the old path "
            "goes away in the next release).",
            DeprecationWarning,
            stacklevel=2,
        )
        return importlib.import_module(new)

    def exec_module(self, module: ModuleType) -> None:
        return None


def install() -> None:
    """Put the finder of old module paths on :data:`sys.meta_path` (once)."""
    if not any(isinstance(finder, _MovedModuleFinder) for finder in sys.meta_path):
        sys.meta_path.append(_MovedModuleFinder())
