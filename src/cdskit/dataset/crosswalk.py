"""Move province observations from the 2008 vintage (63 provinces) to 2025 (34 provinces).

Each indicator follows its codebook ``aggregation`` rule:

- ``sum`` (counts): the sum of the merged provinces, only when every one of them has a value
  for that period; otherwise the value is missing and the reason names the absent ones;
- ``mean``: the unweighted mean of the merged provinces, under the same all-present rule;
- ``not_aggregable`` (ranks, scores): never a number; the value is missing with a reason.

Provinces the reform left unchanged carry their values over as published. Nothing is
interpolated or filled in.
"""

from __future__ import annotations

import pandas as pd

from cdskit.errors import InputError, ParameterError
from cdskit.units.resolver import old_provinces_in, province_crosswalk, units

#: Reason given for indicators whose merged values cannot be combined.
NOT_AGGREGABLE = "not aggregable: ranks and scores of merged provinces cannot be combined"
_RULES = ("sum", "mean", "not_aggregable")
_KEY = ("indicator", "period")


def components(new_code: str) -> pd.DataFrame:
    """List the 2008-vintage provinces that make up a 2025 province.

    Parameters
    ----------
    new_code : str
        The 2025 province by code or name (``"24"``, ``"Bắc Ninh"``).

    Returns
    -------
    pandas.DataFrame
        ``code``, ``name``, ``full_name``, ``name_en`` of the old provinces, sorted by code.

    Examples
    --------
    >>> components("24")["name"].tolist()
    ['Bắc Giang', 'Bắc Ninh']
    """
    frame = old_provinces_in(new_code)
    return frame[["code", "name", "full_name", "name_en"]].sort_values("code", ignore_index=True)


def to_2025(observations: pd.DataFrame, *, codebook: pd.DataFrame | None = None) -> pd.DataFrame:
    """Aggregate 2008-vintage province observations to 2025 provinces.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observation rows (see :mod:`cdskit.dataset.observations`) with ``vintage`` 2008 and
        ``unit_level`` ``province`` (when that column is present). Each province may have at
        most one row per indicator and period: pick a source first.
    codebook : pandas.DataFrame, optional
        Columns ``indicator`` and ``aggregation``; defaults to
        :func:`cdskit.dataset.codebook.load_codebook`.

    Returns
    -------
    pandas.DataFrame
        One row per 2025 province × indicator × period reached by the input, with the
        observation columns (``vintage`` 2025, new ``unit_code``/``unit_name``), plus
        ``aggregation`` and ``components`` (old codes, ``+``-separated). Missing values carry a
        ``missing_reason``.

    Raises
    ------
    InputError
        When rows are not 2008-vintage provinces, when a province has several rows for one
        indicator and period, or when an indicator is not in the codebook.
    """
    obs = _check_input(observations)
    rules = _rules(codebook, obs["indicator"])
    cw = province_crosswalk().set_index("old_code")
    obs["new_code"] = obs["unit_code"].map(cw["new_code"])
    members = province_crosswalk().groupby("new_code")["old_code"].apply(sorted).to_dict()
    old_names = cw["old_name"].to_dict()
    new_names = units("province", 2025).set_index("code")["name"].to_dict()
    rows = []
    for (new_code, indicator, period), group in obs.groupby(["new_code", *_KEY], sort=True):
        expected = members[new_code]
        rule = rules[indicator]
        row = _aggregate(group, expected, rule, old_names)
        row.update(
            unit_code=new_code,
            unit_name=new_names[new_code],
            unit_level="province",
            vintage=2025,
            province_code=new_code,
            indicator=indicator,
            period=period,
            aggregation=rule if len(expected) > 1 else "unchanged",
            components="+".join(expected),
        )
        rows.append(row)
    columns = [c for c in observations.columns if c not in ("new_code",)]
    out = pd.DataFrame(rows)
    ordered = [c for c in columns if c in out.columns]
    rest = [c for c in out.columns if c not in ordered]
    return out[ordered + rest].reset_index(drop=True)


def _check_input(observations: pd.DataFrame) -> pd.DataFrame:
    missing = [
        c for c in ("unit_code", "vintage", "indicator", "period", "value") if c not in observations
    ]
    if missing:
        raise ParameterError(f"to_2025 needs observation columns {missing}.")
    obs = observations.copy()
    obs["unit_code"] = obs["unit_code"].astype(str).str.strip().str.zfill(2)
    wrong = obs["vintage"].astype("Int64") != 2008
    if "unit_level" in obs:
        wrong |= obs["unit_level"].astype(str) != "province"
    if wrong.any():
        sample = obs.loc[wrong, ["unit_code", "vintage"]].drop_duplicates().head(5)
        raise InputError(
            f"to_2025 converts 2008-vintage province rows only; {int(wrong.sum())} row(s) are "
            f"not, e.g. {sample.to_dict('records')}. Filter them out first."
        )
    known = set(province_crosswalk()["old_code"])
    unknown = sorted(set(obs["unit_code"]) - known)
    if unknown:
        raise InputError(f"Unit codes {unknown} are not 2008-vintage provinces.")
    duplicated = obs.duplicated(["unit_code", *_KEY], keep=False)
    if duplicated.any():
        keys = obs.loc[duplicated, ["unit_code", *_KEY]].drop_duplicates().head(5)
        raise InputError(
            f"Several rows for one province, indicator and period (e.g. "
            f"{keys.to_dict('records')}): pick one source (filter source_id) before converting."
        )
    return obs


def _rules(codebook: pd.DataFrame | None, indicators: pd.Series) -> dict[str, str]:
    if codebook is None:
        from cdskit.dataset.codebook import load_codebook

        codebook = load_codebook()
    if not {"indicator", "aggregation"} <= set(codebook.columns):
        raise ParameterError("Parameter codebook needs columns 'indicator' and 'aggregation'.")
    rules = dict(
        zip(codebook["indicator"].astype(str), codebook["aggregation"].astype(str), strict=True)
    )
    unknown = sorted(set(indicators) - set(rules))
    if unknown:
        raise InputError(
            f"Indicators {unknown} are not in the codebook; add them with an aggregation rule."
        )
    bad = {k: v for k, v in rules.items() if v not in _RULES}
    if bad:
        raise InputError(f"Codebook aggregation must be one of {list(_RULES)}; got {bad}.")
    return rules


def _aggregate(
    group: pd.DataFrame, expected: list[str], rule: str, old_names: dict[str, str]
) -> dict[str, object]:
    values = group.set_index("unit_code")["value"]
    first = group.iloc[0]
    row: dict[str, object] = {
        "year": first.get("year"),
        "source_id": "+".join(
            sorted({str(s) for s in group.get("source_id", pd.Series(dtype=str)).dropna()})
        ),
        "origin": "; ".join(str(o) for o in group.get("origin", pd.Series(dtype=str)).dropna()),
        "conflict": bool(group.get("conflict", pd.Series([False])).fillna(False).any()),
        "value": float("nan"),
        "missing_reason": pd.NA,
        "value_as_published": "",
    }
    if len(expected) == 1:  # unchanged province: carried over as published
        for column in group.columns:
            if column not in ("unit_code", "new_code", "vintage"):
                row[column] = first[column]
        return row
    if rule == "not_aggregable":
        row["missing_reason"] = NOT_AGGREGABLE
        return row
    absent = [code for code in expected if code not in values.index or pd.isna(values.get(code))]
    if absent:
        listing = ", ".join(f"{old_names[c]} ({c})" for c in absent)
        row["missing_reason"] = f"not aggregated ({rule}): no value for {listing}"
        return row
    numbers = values.loc[expected].astype(float)
    row["value"] = float(numbers.sum() if rule == "sum" else numbers.mean())
    row["note"] = f"{rule} of 2008 provinces " + ", ".join(
        f"{old_names[c]} ({c})" for c in expected
    )
    return row
