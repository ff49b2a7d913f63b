"""Synthetic observations, sources and codebook for the narrative tests (never shipped data).

Rows are built with the shared ``synthetic`` builders; every source title says "(synthetic)"
and every origin is ``synthetic.csv``.
"""

from __future__ import annotations

import pandas as pd
from synthetic import observation, table

from cdskit.dataset import Source, load_codebook
from cdskit.narrative import build_narrative

SYNTHETIC_SOURCES = {
    "src-a": Source(
        "src-a", "Nguồn thử A (synthetic)", "Báo thử A", "2023-07-03", "https://a.test/1"
    ),
    "src-b": Source(
        "src-b", "Nguồn thử B (synthetic)", "Báo thử B", "2024-01-15", "https://b.test/2"
    ),
}


def row(province: str, period: str, value: float, indicator: str, **changes) -> dict:
    """Return one synthetic observation; ``changes`` overrides any column."""
    year = int(period[:4]) if period[:4].isdigit() else 2023
    made = observation(
        province, year, value, indicator=indicator, vintage=changes.pop("vintage", None)
    )
    made.update(period=period, year=year if period[:4].isdigit() else None)
    made.update(changes)
    if made["year"] is None:
        made["year"] = pd.NA
    return made


def national(indicator: str, period: str, value: float, **changes) -> dict:
    """Return one synthetic national observation."""
    made = row("Lạng Sơn", period, value, indicator, **changes)
    made.update(unit_code="VN", unit_name="Việt Nam", unit_level="national", province_code=None)
    made.update(changes)
    return made


def narrate(rows: list[dict], province: str, year: int, language: str, codebook=None, **options):
    """Build a narrative from synthetic rows with the synthetic sources."""
    return build_narrative(
        province,
        year,
        language,
        observations=table(rows),
        codebook=load_codebook() if codebook is None else codebook,
        sources=SYNTHETIC_SOURCES,
        **options,
    )
