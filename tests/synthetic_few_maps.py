"""Synthetic figures for maps of a few provinces (test data, not published figures).

The four focus provinces of the 2008 vintage on the real boundary layer of the mirror, with
figures shaped like the published village counts: a count and its published total, two of
2023-H1, Thanh Hóa's undated (no later than 2/2025), Bắc Giang's undated ones not drawable
(time unknown; superseded), and Hà Nội's of another period.
"""

from __future__ import annotations

import functools

import pandas as pd

from cdskit.geo import load_boundaries
from cdskit.maps import interactive as maps

FOCUS = ("10", "20", "24", "38")  # Lào Cai, Lạng Sơn, Bắc Giang, Thanh Hóa (2008)
SOURCES = {"synthetic-h1": "Synthetic half-year source", "synthetic-late": "Synthetic undated"}
INDICATOR = "villages_with_mobile_coverage"


def figure_row(code, name, period, count, total, source, **time):
    return {
        "unit_code": code,
        "unit_name": name,
        "unit_level": "province",
        "vintage": 2008,
        "province_code": code,
        "indicator": INDICATOR,
        "period": period,
        "value": float(count),
        "denominator": float(total),
        "value_as_published": f"{count}/{total} thôn",
        "source_id": source,
        "time_basis": time.get("time_basis", "period"),
        "as_of": time.get("as_of", ""),
        "superseded_by": time.get("superseded_by", ""),
    }


def observations() -> pd.DataFrame:
    """Two figures of 2023-H1; Thanh Hóa undated (no later than 2/2025); Bắc Giang's undated
    figures cannot be drawn (time unknown; superseded)."""
    late = {"time_basis": "no_later_than", "as_of": "2025-02"}
    return pd.DataFrame(
        [
            figure_row("10", "Lào Cai", "2023-H1", 1548, 1562, "synthetic-h1"),
            figure_row("20", "Lạng Sơn", "2023-H1", 1534, 1562, "synthetic-h1"),
            figure_row("38", "Thanh Hóa", "undated", 1732, 1850, "synthetic-late", **late),
            figure_row(
                "24", "Bắc Giang", "undated", 10, 20, "synthetic-late", time_basis="unknown"
            ),
            figure_row(
                "24",
                "Bắc Giang",
                "undated",
                11,
                20,
                "synthetic-late",
                **late,
                superseded_by="a later figure",
            ),
            # another province's figure of another period: listed among the periods published
            figure_row("01", "Hà Nội", "2024", 5, 10, "synthetic-h1"),
        ]
    )


@functools.cache
def boundaries():
    return load_boundaries("province", 2008, provinces=list(FOCUS))


@functools.cache
def drawn(include_undated: bool = False, language: str = "vi") -> maps.Map:
    return maps.choropleth(
        observations(),
        boundaries(),
        indicator=INDICATOR,
        period="2023-H1",
        language=language,
        allow_missing=True,
        as_share=True,
        include_undated=include_undated,
        sources=SOURCES,
    )
