"""Administrative units of both vintages: names and codes resolved, provinces crosswalked.

One resolver answers for the 63-province (2008) and 34-province (2025) geographies; a name
that exists only in the other vintage is refused with what it became.
"""

from __future__ import annotations

from cdskit.units.resolver import (
    NATIONAL_CODE,
    Unit,
    agency_code,
    new_province_of,
    old_provinces_in,
    province_crosswalk,
    resolve,
    resolve_in_vintages,
    resolve_many,
    units,
)

__all__ = [
    "NATIONAL_CODE",
    "Unit",
    "agency_code",
    "new_province_of",
    "old_provinces_in",
    "province_crosswalk",
    "resolve",
    "resolve_in_vintages",
    "resolve_many",
    "units",
]
