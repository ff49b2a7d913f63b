"""Synthetic observations for the issue #16 tests (synthetic test data, never shipped data).

Rows come from :mod:`narrative.narrative_synthetic` (origin ``synthetic.csv``); the sources
here add a copy site and a third publisher to its two, every title saying "(synthetic)".
"""

from __future__ import annotations

import pandas as pd
from narrative.narrative_synthetic import SYNTHETIC_SOURCES, row
from synthetic import table

from cdskit.dataset import Source, load_codebook
from cdskit.narrative import build_narrative

#: The synthetic sources: src-a (3/7/2023), src-b (15/1/2024), src-c (13/4/2021) and a copy
#: site whose original was not found.
SOURCES = {
    **SYNTHETIC_SOURCES,
    "src-c": Source(
        "src-c", "Nguồn thử C (synthetic)", "Cổng thử C", "2021-04-13", "https://c.test/3"
    ),
    "src-copy": Source(
        "src-copy",
        "Bản chép lại (synthetic)",
        "Trang chép lại",
        "2024-02-01",
        "https://copy.test/4",
        copy_site=True,
    ),
}


def undated(province: str, value: float, indicator: str, **changes) -> dict:
    """Return a synthetic figure published without a period (``time_basis`` from ``changes``)."""
    changes.setdefault("time_basis", "unknown")
    changes.setdefault("as_of", "")
    return row(
        province, "undated", value, indicator, vintage=changes.pop("vintage", 2008), **changes
    )


def dated(province: str, period: str, value: float, indicator: str, **changes) -> dict:
    """Return a synthetic figure of a stated period (``time_basis`` ``period``)."""
    changes.setdefault("time_basis", "period")
    changes.setdefault("as_of", "")
    return row(province, period, value, indicator, **changes)


def frame(rows: list[dict]) -> pd.DataFrame:
    """Return synthetic rows as an observation table (every time column filled)."""
    out = table(rows)
    for column in ("time_basis", "as_of", "not_before", "superseded_by"):
        out[column] = out[column].astype(object).fillna("").astype(str)
    out.loc[out["time_basis"].eq(""), "time_basis"] = "period"
    return out


def narrate(rows: list[dict], province: str, year: int, language: str, **options):
    """Build a narrative of synthetic rows with the synthetic sources and the real codebook."""
    return build_narrative(
        province,
        year,
        language,
        observations=frame(rows),
        codebook=load_codebook(),
        sources=SOURCES,
        **options,
    )
