"""Resolve the administrative unit each figure of a raw table names (for the clean step).

A figure names its unit by level (national, province, district, commune, agency), vintage, name
and, for districts, communes and agencies, province. Resolution is done once per distinct
combination of these four texts with :func:`cdskit.units.resolve_many`, then spread back
to the rows.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from cdskit.units import resolver as units

_LEVEL_VI = {
    "national": "quốc gia",
    "province": "tỉnh",
    "district": "huyện",
    "commune": "xã",
    "agency": "cơ quan",
}


def unit_messages_vi(figures: pd.DataFrame, resolved: pd.DataFrame, status: str) -> pd.Series:
    """Return the Vietnamese message of each row whose unit has ``status`` (else None)."""
    what = "không rõ" if status == "unknown" else "trùng với nhiều đơn vị"
    mask = resolved["status"] == status
    out = pd.Series(None, index=figures.index, dtype=object)
    for index in mask[mask].index:
        message = str(resolved.at[index, "message"])
        hint = message.partition("Did you mean")[2]
        level = _LEVEL_VI.get(figures.at[index, "unit_level"], figures.at[index, "unit_level"])
        merged = _MERGED.search(message)
        if merged:
            out[index] = (
                f"Tỉnh '{figures.at[index, 'unit']}' đã sáp nhập vào {merged['name']} "
                f"({merged['code']}) từ ngày 1/7/2025; số liệu trước ngày đó ghi vintage 2008."
            )
            continue
        out[index] = (
            f"Tên đơn vị '{figures.at[index, 'unit']}' (cấp {level}) {what}; sửa tên hoặc ghi "
            f"rõ tỉnh." + (f" Có phải là{hint}" if hint else "")
        )
    return out


_MERGED = re.compile(r"merged into (?P<name>.+?) \((?P<code>\d+)\) on 1 July 2025")


_RESOLVED = ("unit_code", "unit_name", "province_code", "status", "message")


def resolve_figure_units(
    figures: pd.DataFrame, ok: pd.Series, codes: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Resolve each row's unit, once per distinct (level, vintage, unit, province).

    Parameters
    ----------
    figures : pandas.DataFrame
        Cleaned figures (``unit_level``, ``vintage``, ``unit``, ``province``…).
    ok : pandas.Series
        Rows to resolve (the others get None).
    codes : dict of str to numpy.ndarray
        Each row's code of its cleaned text, per field (equal codes, equal texts).

    Returns
    -------
    pandas.DataFrame
        ``unit_code``, ``unit_name``, ``province_code``, ``status`` and ``message`` per row.
    """
    fields = ["unit_level", "vintage", "unit", "province"]
    at = np.flatnonzero(ok.to_numpy(dtype=bool))
    key = np.zeros(len(at), dtype=np.int64)
    for name in fields:  # one id per distinct combination, kept small by refactorising
        field = codes[name][at].astype(np.int64)
        key, _ = pd.factorize(key * (int(field.max(initial=0)) + 1) + field)
    n_keys = int(key.max(initial=-1)) + 1
    first = np.zeros(n_keys, dtype=np.int64)
    first[key[::-1]] = at[::-1]  # the first row of each combination
    pairs = pd.DataFrame({name: figures[name].to_numpy(dtype=object)[first] for name in fields})
    found = _resolve_distinct(pairs)
    out = {}
    for name in _RESOLVED:
        column = np.full(len(figures), None, dtype=object)
        column[at] = found[name][key]
        out[name] = pd.Series(column, index=figures.index, dtype=object)
    return pd.DataFrame(out)


def _resolve_distinct(rows: pd.DataFrame) -> dict[str, np.ndarray]:
    out = {name: np.full(len(rows), None, dtype=object) for name in _RESOLVED}
    for (level, vintage_text), group in rows.groupby(["unit_level", "vintage"], sort=True):
        at = group.index.to_numpy()
        vintage = int(vintage_text)
        if level == "national":
            out["unit_code"][at] = units.NATIONAL_CODE
            out["unit_name"][at] = "Việt Nam"
            out["status"][at] = "exact"
            continue
        lookup_level = "province" if level == "agency" else level
        names = group["province"] if level == "agency" else group["unit"]
        province = None
        if level in ("district", "commune"):
            province = group["province"].where(group["province"] != "")
        found = units.resolve_many(names, level=lookup_level, vintage=vintage, province=province)
        for name in _RESOLVED:
            out[name][at] = found[name].to_numpy(dtype=object, na_value=None)
        if level == "agency":
            good = found["status"].isin(["exact", "corrected"]).to_numpy()
            out["province_code"][at] = found["unit_code"].to_numpy(dtype=object, na_value=None)
            out["unit_code"][at[good]] = [
                units.agency_code(code, name)
                for code, name in zip(found["unit_code"][good], group["unit"][good], strict=True)
            ]
            out["unit_name"][at] = group["unit"].to_numpy(dtype=object)
    return out
