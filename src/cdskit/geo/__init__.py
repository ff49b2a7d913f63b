"""Boundaries of both vintages, coverage geometry, and joins that fail loudly.

Boundary files are pinned by URL and sha256 and read from ``CDSKIT_MIRROR``, the cache or
their upstream address.
"""

from __future__ import annotations

from cdskit.geo.boundaries import (
    BoundaryWarning,
    attribution,
    fetch_all,
    layers,
    load_boundaries,
    province_outlines,
    registry,
)
from cdskit.geo.geometry import clean_coverage, coverage_change, equal_area_km2, simplify_coverage
from cdskit.geo.join import join

__all__ = [
    "BoundaryWarning",
    "attribution",
    "clean_coverage",
    "coverage_change",
    "equal_area_km2",
    "fetch_all",
    "join",
    "layers",
    "load_boundaries",
    "province_outlines",
    "registry",
    "simplify_coverage",
]
