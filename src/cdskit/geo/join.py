"""Join observations to boundaries on unit code, within one vintage, and fail loudly.

A join that quietly leaves polygons without data draws them grey, and nobody notices. Here
every unmatched key on either side is an error with a table of near-misses, unless the caller
explicitly allows units without data; those are then flagged ``no_data`` (drawn as "no data",
never coloured). Observations without a polygon are always an error.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from cdskit.errors import JoinError, ParameterError, close_matches

#: Near-miss rows shown in a join error.
MAX_LISTED = 15


def join(
    observations: pd.DataFrame,
    boundaries: gpd.GeoDataFrame,
    *,
    allow_missing: bool = False,
) -> gpd.GeoDataFrame:
    """Attach one observation per unit to a boundary layer.

    Parameters
    ----------
    observations : pandas.DataFrame
        One row per unit (``unit_code``, ``vintage`` and usually ``value``, ``unit_name``),
        typically one indicator, period and source of the observation table.
    boundaries : geopandas.GeoDataFrame
        A layer from :func:`cdskit.geo.load_boundaries`.
    allow_missing : bool, default False
        Keep boundaries without an observation, with ``value`` missing and ``no_data`` True.

    Returns
    -------
    geopandas.GeoDataFrame
        The boundary layer (all its rows and columns) with the observation columns added and a
        boolean ``no_data`` column.

    Raises
    ------
    JoinError
        When vintages are mixed or differ, when a unit has several observations, when an
        observation has no polygon, or (unless ``allow_missing``) when a polygon has no
        observation. The message lists the unmatched keys with their closest matches.
    ParameterError
        When a required column is missing.
    """
    _require(observations, ("unit_code", "vintage"), "observations")
    _require(boundaries, ("unit_code", "vintage"), "boundaries")
    vintage = _single_vintage(observations, boundaries)
    obs = observations.copy()
    obs["unit_code"] = obs["unit_code"].astype("string").str.strip()
    bnd_codes = boundaries["unit_code"].astype("string").str.strip()
    _refuse_duplicates(obs)

    obs_only = sorted(set(obs["unit_code"]) - set(bnd_codes))
    bnd_only = sorted(set(bnd_codes) - set(obs["unit_code"]))
    if obs_only or (bnd_only and not allow_missing):
        raise JoinError(_unmatched_message(obs, boundaries, obs_only, bnd_only, allow_missing))

    extra = [c for c in obs.columns if c not in boundaries.columns or c == "unit_code"]
    merged = boundaries.assign(unit_code=bnd_codes).merge(
        obs[extra], on="unit_code", how="left", validate="one_to_one", indicator="_match"
    )
    merged["no_data"] = merged["_match"].eq("left_only").to_numpy()
    merged = merged.drop(columns="_match")
    if "value" not in merged:
        merged["value"] = np.nan
    merged.loc[merged["no_data"], "value"] = np.nan
    merged.attrs = {**boundaries.attrs, "join_vintage": vintage}
    return gpd.GeoDataFrame(merged, geometry=boundaries.geometry.name, crs=boundaries.crs)


def _require(frame: pd.DataFrame, columns: tuple[str, ...], label: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ParameterError(
            f"Parameter {label} lacks column(s) {missing}; expected at least {list(columns)} "
            f"(columns present: {list(frame.columns)[:12]})."
        )


def _single_vintage(observations: pd.DataFrame, boundaries: gpd.GeoDataFrame) -> int:
    obs_vintages = sorted({int(v) for v in observations["vintage"].dropna()})
    bnd_vintages = sorted({int(v) for v in boundaries["vintage"].dropna()})
    if len(obs_vintages) > 1:
        raise JoinError(
            f"Observations mix vintages {obs_vintages}: codes were reused on 1 July 2025, so a "
            "join must stay within one vintage. Filter the observations to one vintage, or move "
            "2008-vintage provinces to 2025 first with cdskit.dataset.crosswalk.to_2025."
        )
    if len(bnd_vintages) != 1:
        raise JoinError(f"Boundaries must have one vintage, found {bnd_vintages or 'none'}.")
    if obs_vintages and obs_vintages != bnd_vintages:
        raise JoinError(
            f"Observations are vintage {obs_vintages[0]} but boundaries are vintage "
            f"{bnd_vintages[0]}: the same code names different units across the 2025 reform. "
            f"Load boundaries with vintage={obs_vintages[0]}, or convert 2008 provinces with "
            "cdskit.dataset.crosswalk.to_2025."
        )
    return bnd_vintages[0]


def _refuse_duplicates(obs: pd.DataFrame) -> None:
    duplicated = obs[obs["unit_code"].duplicated(keep=False)]
    if duplicated.empty:
        return
    keys = [c for c in ("indicator", "period", "source_id") if c in obs.columns]
    lines = [
        f"  {code}: " + "; ".join(" ".join(str(v) for v in row) for row in group[keys].to_numpy())
        for code, group in duplicated.groupby("unit_code", sort=True)
    ]
    raise JoinError(
        f"{duplicated['unit_code'].nunique()} unit(s) have several observations (one polygon "
        f"can show one value). Pick one source, indicator and period first, e.g. filter on "
        f"source_id. Duplicates ({' '.join(keys) or 'rows'}):\n" + "\n".join(lines[:MAX_LISTED])
    )


def _unmatched_message(
    obs: pd.DataFrame,
    boundaries: gpd.GeoDataFrame,
    obs_only: list[str],
    bnd_only: list[str],
    allow_missing: bool,
) -> str:
    obs_names = _names(obs)
    bnd_names = _names(boundaries.assign(unit_code=boundaries["unit_code"].astype(str)))
    rows: list[tuple[str, str, str, str]] = []
    for code in obs_only:
        rows.append(
            ("observations", code, obs_names.get(code, ""), _near(code, obs_names, bnd_names))
        )
    if not allow_missing:
        for code in bnd_only:
            rows.append(
                ("boundaries", code, bnd_names.get(code, ""), _near(code, bnd_names, obs_names))
            )
    head = []
    if obs_only:
        head.append(f"{len(obs_only)} observation(s) have no polygon")
    if bnd_only and not allow_missing:
        head.append(
            f"{len(bnd_only)} polygon(s) have no observation (pass allow_missing=True to draw "
            "them as 'no data')"
        )
    table = _table(rows)
    more = f"\n  … and {len(rows) - MAX_LISTED} more" if len(rows) > MAX_LISTED else ""
    return (
        f"Join on unit_code failed: {'; '.join(head)}. Check codes and vintage; near-misses:\n"
        f"{table}{more}"
    )


def _names(frame: pd.DataFrame) -> dict[str, str]:
    if "unit_name" not in frame.columns:
        return {}
    pairs = frame[["unit_code", "unit_name"]].dropna().astype(str)
    return dict(zip(pairs["unit_code"], pairs["unit_name"], strict=True))


def _near(code: str, own: dict[str, str], other: dict[str, str]) -> str:
    """Closest units on the other side: by name (without diacritics), then by code."""
    candidates: list[str] = []
    name = own.get(code)
    if name and other:
        by_name = {n: c for c, n in other.items()}
        candidates += [by_name[n] for n in close_matches(name, by_name)]
    candidates += [c for c in close_matches(code, other) if c not in candidates]
    return ", ".join(f"{c} {other.get(c, '')}".strip() for c in candidates[:3]) or "(none close)"


def _table(rows: list[tuple[str, str, str, str]]) -> str:
    header = ("unmatched in", "unit_code", "unit_name", "closest on the other side")
    shown = [header, *rows[:MAX_LISTED]]
    widths = [max(len(row[i]) for row in shown) for i in range(4)]
    return "\n".join(
        "  " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in shown
    )
