"""Which figures a map draws: one indicator, period, vintage and level, one row per unit.

Checks every parameter against the observations (with suggestions), keeps the figures of the
area drawn, settles figures given by several sources, and turns counts into shares of their
published totals when asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import pandas as pd

from cdskit.errors import ParameterError, did_you_mean
from cdskit.terms import PROVINCE_COUNT

#: The period of figures published without one (see :mod:`cdskit.processing.dating`).
UNDATED_PERIOD = "undated"
_REQUIRED = ("unit_code", "vintage", "indicator", "period", "value", "value_as_published")


def select_figures(
    observations: pd.DataFrame,
    *,
    indicator: str,
    period: str,
    level: str,
    vintage: int,
    boundaries: gpd.GeoDataFrame,
    source: str | None,
    entry: Mapping[str, Any],
    include_undated: bool = False,
) -> tuple[pd.DataFrame, int]:
    missing = [c for c in _REQUIRED if c not in observations.columns]
    if missing:
        raise ParameterError(
            f"observations lack the column(s) {', '.join(missing)}: pass the observation table "
            "from cdskit.load() (columns in cdskit.dataset.observations.COLUMNS)."
        )
    rows = observations[observations["indicator"] == indicator]
    if rows.empty:
        raise ParameterError(
            f"indicator={indicator!r} has no figures in the observations."
            + did_you_mean(indicator, _known(observations["indicator"]))
        )
    periods = rows["period"].astype(str)
    if str(period) not in set(periods):
        raise ParameterError(
            f"period={period!r} has no figures of {indicator!r}. "
            + available_periods_text(rows)
            + did_you_mean(period, _known(periods))
        )
    everything = rows
    rows = rows[periods == str(period)]
    vintages = sorted({int(v) for v in rows["vintage"]})
    if vintage not in vintages:
        raise ParameterError(
            f"{indicator} {period} is published for vintage {vintages}, but the boundaries are "
            f"vintage {vintage}. Load boundaries with vintage={vintages[0]}; figures are never "
            "moved between vintages by a map (see cdskit.geo.join for declared aggregation)."
        )
    rows = rows[rows["vintage"].astype(int) == vintage]
    if "unit_level" in rows.columns:
        levels = sorted(set(rows["unit_level"]))
        rows = rows[rows["unit_level"] == level]
        if rows.empty:
            raise ParameterError(
                f"{indicator} {period} has no {level}-level figures (levels with figures: "
                f"{', '.join(levels)}). Load boundaries at one of those levels."
            )
    # Figures outside the area drawn (e.g. other provinces when only some are loaded) are not
    # part of this map; units inside the area that do not match still fail in the join.
    area = set(boundaries["province_code"].astype(str))
    before = rows["unit_code"].nunique()
    if level == "province":
        rows = rows[rows["unit_code"].astype(str).isin(area)]
    elif "province_code" in rows.columns:
        rows = rows[rows["province_code"].astype(str).isin(area)]
    outside = before - rows["unit_code"].nunique()  # units, not rows
    if rows.empty:
        raise ParameterError(
            f"{indicator} {period} has no figure for the area drawn (provinces "
            f"{', '.join(sorted(area)[:8])}). Load boundaries of other provinces."
        )
    if source is not None:
        known = sorted(set(rows["source_id"]))
        if source not in known:
            raise ParameterError(
                f"source={source!r} gives no figure of {indicator} {period}; sources that do: "
                f"{', '.join(known)}." + did_you_mean(source, known)
            )
        rows = rows[rows["source_id"] == source]
    chosen = _one_row_per_unit(rows, entry, indicator, period).assign(undated=False)
    if include_undated and str(period) != UNDATED_PERIOD:
        extra = undated_figures(everything, vintage=vintage, level=level, area=area)
        extra = extra[~extra["unit_code"].isin(set(chosen["unit_code"]))]
        if len(extra):
            chosen = pd.concat([chosen, extra.assign(undated=True)], ignore_index=True)
    return chosen, outside


def undated_figures(
    rows: pd.DataFrame, *, vintage: int, level: str, area: set[str]
) -> pd.DataFrame:
    """Return the latest undated figure of each unit that a map may draw with its date.

    Only figures known to describe a time no later than a date (``time_basis`` is
    ``no_later_than``, ``as_of`` set) and not superseded by a later published figure qualify:
    a figure of unknown time, or one the source says held only until a date, says nothing of
    the situation since.
    """
    if "time_basis" not in rows.columns or "as_of" not in rows.columns:
        return rows.iloc[0:0]
    as_of = rows["as_of"].fillna("").astype(str).str.strip()
    superseded = (
        rows["superseded_by"].fillna("").astype(str).str.strip()
        if "superseded_by" in rows.columns
        else pd.Series("", index=rows.index)
    )
    keep = (
        (rows["period"].astype(str) == UNDATED_PERIOD)
        & (rows["time_basis"] == "no_later_than")
        & (as_of != "")
        & (superseded == "")
        & (rows["vintage"].astype(int) == vintage)
    )
    if "unit_level" in rows.columns:
        keep &= rows["unit_level"] == level
    if level == "province" or "province_code" not in rows.columns:
        inside = rows["unit_code"]
    else:
        inside = rows["province_code"]
    keep &= inside.astype(str).isin(area)
    found = rows[keep].assign(as_of=as_of[keep])
    return found.sort_values(["unit_code", "as_of"], ascending=[True, False]).drop_duplicates(
        "unit_code"
    )


def available_periods_text(rows: pd.DataFrame) -> str:
    """Say which periods an indicator is published for (by level), and how undated ones draw.

    Examples
    --------
    >>> rows = pd.DataFrame({"period": ["2023-H1", "undated"], "unit_level": ["province"] * 2})
    >>> print(available_periods_text(rows))  # doctest: +NORMALIZE_WHITESPACE
    Periods published: 2023-H1 (province);
    undated figures are drawn beside a period with include_undated=True.
    """
    periods = rows[rows["period"].astype(str) != UNDATED_PERIOD]
    parts = []
    for value in sorted(set(periods["period"].astype(str))):
        if "unit_level" in periods.columns:
            levels = sorted(set(periods.loc[periods["period"].astype(str) == value, "unit_level"]))
            parts.append(f"{value} ({', '.join(levels)})")
        else:
            parts.append(value)
    text = f"Periods published: {', '.join(parts) or 'none'}."
    if (rows["period"].astype(str) == UNDATED_PERIOD).any():
        text = text[:-1] + (
            "; undated figures are drawn beside a period with include_undated=True."
        )
    return text


def _one_row_per_unit(
    rows: pd.DataFrame, entry: Mapping[str, Any], indicator: str, period: str
) -> pd.DataFrame:
    preferred = str(entry.get("preferred_source") or "")
    kept, conflicts = [], []
    for code, group in rows.groupby("unit_code", sort=True):
        if len(group) == 1:
            kept.append(group.iloc[0])
            continue
        if group["value"].nunique(dropna=False) == 1:
            first = group.iloc[0].copy()
            first["source_id"] = ", ".join(sorted(set(group["source_id"])))
            kept.append(first)
        elif preferred and preferred in set(group["source_id"]):
            kept.append(group[group["source_id"] == preferred].iloc[0])
        else:
            pairs = ", ".join(
                f"{row.value_as_published} [{row.source_id}]" for row in group.itertuples()
            )
            conflicts.append(f"{code}: {pairs}")
    if conflicts:
        raise ParameterError(
            f"Sources disagree on {indicator} {period} for {len(conflicts)} unit(s) "
            f"({'; '.join(conflicts[:5])}). Pick one with source=..., or set preferred_source "
            "in the codebook."
        )
    return pd.DataFrame(kept).reset_index(drop=True)


def rank_denominator(figures: pd.DataFrame, vintage: int, level: str) -> int | None:
    """Return the number of units a rank is out of (as published, else the vintage's count)."""
    if "denominator" in figures.columns:
        published = {
            int(d) for d in pd.to_numeric(figures["denominator"], errors="coerce").dropna()
        }
        if len(published) == 1:
            return published.pop()
    return PROVINCE_COUNT.get(vintage) if level == "province" else None


def as_shares(figures: pd.DataFrame, indicator: str, period: str) -> pd.DataFrame:
    """Turn published counts into shares of their published totals (percent)."""
    if "denominator" not in figures.columns:
        raise ParameterError(
            f"as_share=True needs the published total (column 'denominator') of {indicator} "
            f"{period}; the observations have none. Draw the count with as_share=False."
        )
    totals = pd.to_numeric(figures["denominator"], errors="coerce")
    counts = pd.to_numeric(figures["value"], errors="coerce")
    usable = totals.notna() & (totals > 0) & counts.notna()
    if not usable.any():
        raise ParameterError(
            f"No figure of {indicator} {period} has a published total, so no share can be "
            "drawn. Draw the count with as_share=False."
        )
    shares = figures[usable].copy()
    shares["share_count"] = counts[usable]
    shares["share_total"] = totals[usable]
    shares["value"] = counts[usable] / totals[usable] * 100
    return shares.reset_index(drop=True)


def _known(options) -> list[str]:
    """Return the distinct values of ``options`` as text, sorted (the candidates suggested)."""
    return sorted({str(o) for o in options})
