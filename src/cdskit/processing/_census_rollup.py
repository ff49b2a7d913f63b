"""Follow the communes of the 2019 census to the communes of 2025, and carry their people.

A commune of 1 April 2019 (5-digit GSO code) is followed in three steps:

1. the GSO change record gives the unit(s) it belonged to on 10 November 2024 (a commune
   split in 2019–2024 has one row per part);
2. a unit of late 2024 that the package's pre-reform list no longer has (merged on
   1 January 2025) is found in that list by its name or former names, in its district;
3. the ``vietnamadminunits`` conversion table gives the 2025 commune(s) of each pre-reform
   commune (several when it was divided).

A 2019 commune that ends in one 2025 commune gives it all its people. One that ends in several
is apportioned by the areas of those 2025 communes (``areaKm2`` of the pinned 2025 boundary
files): no boundary of the 2019 communes is published, so the share of each part is taken as
the share of the receiving communes' areas. Shares are rounded to whole people by largest
remainders, so every 2019 commune's people are counted exactly once.
"""

from __future__ import annotations

import json
import re
from functools import cache

import numpy as np
import pandas as pd

from cdskit.errors import InputError
from cdskit.fetch import fetch
from cdskit.paths import package_data
from cdskit.units._tables import commune_conversion, normalise_tones, unit_table
from cdskit.vietnamese import slug

_WARD_FILE = re.compile(r"^vn-units-2025/json/geojson/\d{2}_[^/]+/wards/(\d{5})_[^/]+\.geojson$")


def alias_key(text: str) -> str:
    """Return the package's alias form of a name: ASCII, lowercase, without spaces.

    Examples
    --------
    >>> alias_key("Phường Hồng Hà")
    'phuonghongha'
    """
    return slug(normalise_tones(str(text)), separator="")


def to_pre_reform(changes: pd.DataFrame, where: str) -> pd.DataFrame:
    """Map each unit of late 2024 in ``changes`` to a commune of the pre-reform list.

    Parameters
    ----------
    changes : pandas.DataFrame
        ``code_2019``, ``code_2024``, ``name_2024``, ``district_2024``, ``province_2024``.
    where : str
        The change record, for messages.

    Returns
    -------
    pandas.DataFrame
        ``changes`` with ``code_legacy`` and ``how`` (``same code`` or ``by name``: in its
        district, else in its province when the district was merged too).

    Raises
    ------
    InputError
        A unit of late 2024 cannot be found in the pre-reform list.
    """
    legacy = unit_table("commune", 2008)
    known = set(legacy["code"])
    keys: dict[tuple[str, str], set[str]] = {}
    for code, district, province, name, full, aliases in zip(
        legacy["code"],
        legacy["district_code"],
        legacy["province_code"],
        legacy["name"],
        legacy["full_name"],
        legacy["aliases"],
        strict=True,
    ):
        for key in {alias_key(name), alias_key(full), *aliases}:
            keys.setdefault((district, key), set()).add(code)
            keys.setdefault((f"p{province}", key), set()).add(code)  # districts merged in 2025
    out = changes.copy()
    codes: list[str | None] = []
    how: list[str | None] = []
    lost: list[str] = []
    for row in out.itertuples(index=False):
        if row.code_2024 in known:
            codes.append(row.code_2024)
            how.append("same code")
            continue
        found = keys.get((row.district_2024, alias_key(row.name_2024)), set())
        if not found:
            found = keys.get((f"p{row.province_2024}", alias_key(row.name_2024)), set())
        if len(found) != 1:
            lost.append(f"{row.code_2024} {row.name_2024} (district {row.district_2024})")
            codes.append(None)
            how.append(None)
            continue
        codes.append(next(iter(found)))
        how.append("by name")
    if lost:
        raise InputError(
            f"{where}: {len(lost)} unit(s) of 10/11/2024 are not in the pre-reform commune list "
            f"of vietnamadminunits, by code or by name: {', '.join(sorted(set(lost))[:8])}. "
            "Update vietnamadminunits, or add the merger to the change record."
        )
    out["code_legacy"], out["how"] = codes, how
    return out


@cache
def _ward_files() -> dict[str, tuple[str, str, str]]:
    table = pd.read_csv(package_data("boundaries.tsv"), sep="\t", dtype=str, keep_default_na=False)
    files = {}
    for name, sha, url in zip(table["name"], table["sha256"], table["url"], strict=True):
        match = _WARD_FILE.match(name)
        if match:
            files[match.group(1)] = (name, sha, url)
    return files


def commune_areas(codes) -> dict[str, float]:
    """Return the area (km², ``areaKm2`` of the pinned 2025 boundary file) of 2025 communes.

    Parameters
    ----------
    codes : iterable of str
        2025 commune codes.

    Returns
    -------
    dict of str to float
        Code → area in km².

    Raises
    ------
    InputError
        A code has no boundary file, or its file states no area.
    DownloadError
        A file is in no mirror, not cached and cannot be downloaded.
    """
    files, areas = _ward_files(), {}
    for code in sorted(set(codes)):
        if code not in files:
            raise InputError(f"No 2025 boundary file for commune {code}: cannot apportion by area.")
        name, sha, url = files[code]
        document = json.loads(fetch(name, url=url, sha256=sha).read_text(encoding="utf-8"))
        features = document.get("features") or [document]
        area = (features[0].get("properties") or {}).get("areaKm2")
        if area is None or not float(area) > 0:
            raise InputError(f"Boundary file {name} states no area (areaKm2).")
        areas[code] = float(area)
    return areas


def apportion(total: float, weights: np.ndarray) -> np.ndarray:
    """Split a whole number into whole parts proportional to ``weights`` (largest remainders).

    Examples
    --------
    >>> apportion(10, np.array([1.0, 1.0, 1.0])).tolist()
    [4.0, 3.0, 3.0]
    """
    total = float(round(total))
    exact = total * weights / weights.sum()
    parts = np.floor(exact)
    left = int(total - parts.sum())
    order = np.argsort(-(exact - parts), kind="stable")
    parts[order[:left]] += 1
    return parts


def targets_2025(communes_2019: pd.DataFrame, changes: pd.DataFrame, where: str) -> pd.DataFrame:
    """Return each 2019 commune's 2025 commune(s) and the share of its people each gets.

    Parameters
    ----------
    communes_2019 : pandas.DataFrame
        ``code_2019`` of the census communes.
    changes : pandas.DataFrame
        The change record: ``code_2019``, ``code_2024``, ``name_2024``, ``district_2024``,
        ``province_2024``.
    where : str
        The change record, for messages.

    Returns
    -------
    pandas.DataFrame
        ``code_2019``, ``new_code``, ``weight`` (share, summing to 1 per 2019 commune),
        ``area_km2`` (of the 2025 commune) and ``area_total`` (of all the 2025 communes the
        2019 commune went into), both only when apportioned, and ``parts`` (how many 2025
        communes the 2019 commune went into).

    Raises
    ------
    InputError
        A 2019 commune is not in the change record, or reaches no 2025 commune.
    """
    wanted = set(communes_2019["code_2019"])
    rows = changes[changes["code_2019"].isin(wanted)].drop_duplicates(["code_2019", "code_2024"])
    absent = sorted(wanted - set(rows["code_2019"]))
    if absent:
        raise InputError(
            f"{where}: communes {absent[:8]} of the census are not in the change record; "
            "their people cannot be followed to 2025."
        )
    rows = to_pre_reform(rows, where)
    conversion = commune_conversion()
    linked = rows.merge(conversion, left_on="code_legacy", right_on="old_code", how="left")
    lost = sorted(set(linked.loc[linked["new_code"].isna(), "code_legacy"]))
    if lost:
        raise InputError(
            f"Pre-reform communes {lost[:8]} have no 2025 commune in the conversion table of "
            "vietnamadminunits; their people would be lost. Update the package."
        )
    pairs = linked[["code_2019", "new_code"]].drop_duplicates().reset_index(drop=True)
    pairs["parts"] = pairs.groupby("code_2019")["new_code"].transform("size")
    split = pairs["parts"] > 1
    areas = commune_areas(pairs.loc[split, "new_code"])
    pairs["area_km2"] = pairs["new_code"].map(areas).where(split)
    area_sum = pairs.groupby("code_2019")["area_km2"].transform("sum")
    pairs["area_total"] = area_sum.where(split)
    pairs["weight"] = np.where(split, pairs["area_km2"] / area_sum, 1.0)
    return pairs
