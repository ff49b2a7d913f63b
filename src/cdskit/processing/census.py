"""Population from the 2019 census: 2008-vintage units read from the GSO table, 2025 communes.

A file entry with ``layout: hierarchy`` in ``sources.yml`` is read with its declared layout
(:class:`cdskit.raw._hierarchy.HierarchyLayout`) and every subtotal is checked against its
communes. Its ``hierarchy:`` block may also say:

- ``provinces``: which provinces to publish (names in the 2008 vintage); their provinces,
  districts and communes become observations (vintage 2008, codes as of 2019);
- ``unit_codes``: the file entry (``layout: lookup``) of the GSO change record, which gives
  every 2019 commune its 5-digit code and the unit it belonged to on 10/11/2024;
- ``roll_up_2025``: 2025 provinces whose communes receive the people of the 2019 communes
  (see :mod:`cdskit.processing._census_rollup`), published as vintage 2025 with a note.

Province names are resolved with the unit resolver (``Thanh Hoá`` and ``Thanh Hóa`` alike);
districts and communes take their 2019 codes from the change record, matched by name inside
their province and district.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import numpy as np
import pandas as pd

from cdskit.dataset.observations import COLUMN_NAMES
from cdskit.errors import InputError
from cdskit.processing._census_rollup import apportion, targets_2025
from cdskit.raw._hierarchy import HierarchyLayout, HierarchyTable, check_subtotals, read_hierarchy
from cdskit.raw._xls import read_xls_tables
from cdskit.raw.pinned import fetch_pinned
from cdskit.raw.read import read_tables
from cdskit.raw.sources import FileEntry, Register
from cdskit.units import resolve_many, units
from cdskit.units._tables import normalise_tones
from cdskit.vietnamese import name_key

#: Columns of the GSO change record read here (header text → meaning).
CHANGE_RECORD_COLUMNS = {
    "Tỉnh": "province_2019",
    "QH": "district_2019",
    "Tên QH": "district_name_2019",
    "Xã": "code_2019",
    "Tên Xã": "name_2019",
    "Xã DC": "code_2024",
    "Tên Xã DC": "name_2024",
    "QH DC": "district_2024",
    "Tỉnh DC": "province_2024",
}
_WIDTHS = {"province_2019": 2, "district_2019": 3, "code_2019": 5, "code_2024": 5}
_WIDTHS |= {"district_2024": 3, "province_2024": 2}
_PREFIXES = ("Thị trấn ", "Phường ", "Xã ", "Huyện ", "Quận ", "Thị xã ", "Thành phố ")


def entry_path(entry: FileEntry, register: Register) -> tuple[Path, Path]:
    """Return a file entry's local path and the folder its origins are written from.

    A pinned entry is fetched (mirror, cache or download); its origins then name it by its
    registry name (``vn-census-2019/…xlsx:Sheet!D7``).
    """
    if not entry.pinned:
        return register.raw_dir / entry.path, register.raw_dir
    path = fetch_pinned(entry.path)
    root = Path(str(path)[: -len(entry.path)]) if path.as_posix().endswith(entry.path) else None
    return path, root or path.parent


def read_census(entry: FileEntry, register: Register) -> HierarchyTable:
    """Read a hierarchical census table and check every subtotal against its communes.

    Parameters
    ----------
    entry : FileEntry
        Its ``layout: hierarchy`` entry in ``sources.yml``.
    register : Register
        The register (raw folder).

    Returns
    -------
    HierarchyTable
        The table, subtotals verified.

    Raises
    ------
    SubtotalError
        A subtotal differs from the sum of its units.
    InputError
        The layout or the table is malformed.
    """
    layout = HierarchyLayout.from_config(
        entry.hierarchy or {}, entry.indicators, f"sources.yml, file '{entry.path}'"
    )
    path, root = entry_path(entry, register)
    table = read_hierarchy(
        path,
        layout,
        sheet=entry.sheet,
        display_root=root,
        number_locale=entry.number_locale or "vi",
    )
    check_subtotals(table)
    return table


def read_change_record(entry: FileEntry, register: Register) -> pd.DataFrame:
    """Read the GSO change record (2019 commune codes beside their units of 10/11/2024).

    Parameters
    ----------
    entry : FileEntry
        Its ``layout: lookup`` entry in ``sources.yml``.
    register : Register
        The register.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`CHANGE_RECORD_COLUMNS` (codes zero-padded) and ``origin``.
    """
    path, root = entry_path(entry, register)
    reader = read_xls_tables if path.suffix.lower() == ".xls" else read_tables
    hint = tuple(CHANGE_RECORD_COLUMNS)
    table = reader(path, sheet=entry.sheet, header_hint=hint, display_root=root)[0]
    frame = pd.DataFrame(
        {new: table.data[old].astype(object) for old, new in CHANGE_RECORD_COLUMNS.items()}
    )
    for column, width in _WIDTHS.items():
        frame[column] = [
            None if pd.isna(v) else str(v).strip().split(".")[0].zfill(width) for v in frame[column]
        ]
    frame["origin"] = table.origin("Xã").astype(object)
    return frame


def _exact(text: str) -> str:
    return normalise_tones(str(text)).casefold().strip()


def _short(text: str) -> str:
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def _match(
    names: pd.Series, options: pd.DataFrame, what: str, where: str
) -> list[tuple[str, str | None]]:
    """Match census names to code-list rows (``name``, ``code``) exactly, then by spelling."""
    by_exact: dict[str, list[str]] = {}
    for name, code in zip(options["name"], options["code"], strict=True):
        by_exact.setdefault(_exact(name), []).append(code)
    taken: set[str] = set()
    out: dict[int, tuple[str, str | None]] = {}  # position of a name → its code and spelling
    for i, name in enumerate(names):
        found = by_exact.get(_exact(name), [])
        if len(found) == 1:
            out[i] = (found[0], None)
            taken.add(found[0])
    left = options[~options["code"].isin(taken)]
    for i, name in enumerate(names):
        if i in out:
            continue
        keys = {code: name_key(n) for n, code in zip(left["name"], left["code"], strict=True)}
        same = [code for code, key in keys.items() if key == name_key(name)]
        if len(same) != 1:
            texts = dict(zip(left["code"], left["name"], strict=True))
            close = difflib.get_close_matches(_exact(name), [_exact(t) for t in texts.values()], 1)
            same = [c for c, t in texts.items() if close and _exact(t) == close[0]]
        if len(same) != 1:
            raise InputError(
                f"{where}: {what} {name!r} of the census has no code in the change record "
                "(no name of that spelling in its district or province)."
            )
        spelled = dict(zip(left["code"], left["name"], strict=True))[same[0]]
        out[i] = (same[0], spelled)
        taken.add(same[0])
        left = left[left["code"] != same[0]]
    return [out[i] for i in range(len(names))]


def _coded(table: HierarchyTable, changes: pd.DataFrame, provinces: list[str]) -> pd.DataFrame:
    """Census rows of the chosen provinces with 2008-vintage province and 2019 unit codes."""
    rows = table.rows[table.rows["kind"] != "total"].copy()
    names = rows["province"].drop_duplicates().reset_index(drop=True)
    resolved = resolve_many(names, level="province", vintage=2008)
    bad = resolved["unit_code"].isna()
    if bad.any():
        raise InputError(
            f"{table.where}: provinces the resolver cannot place: {names[bad].tolist()}"
        )
    province_code = dict(zip(names, resolved["unit_code"], strict=True))
    rows["province_code"] = rows["province"].map(province_code)
    wanted = resolve_many(pd.Series(provinces), level="province", vintage=2008)
    if wanted["unit_code"].isna().any():
        raise InputError(
            f"sources.yml: hierarchy.provinces {provinces}: {wanted['message'].tolist()}"
        )
    rows = rows[rows["province_code"].isin(set(wanted["unit_code"]))].copy()
    rows["unit_code"] = None
    rows["spelled"] = None
    provinces_rows = rows["level"] == "province"
    rows.loc[provinces_rows, "unit_code"] = rows.loc[provinces_rows, "province_code"]
    for code, group in rows.groupby("province_code"):
        scope = changes[changes["province_2019"] == code]
        districts = scope.drop_duplicates("district_2019").rename(
            columns={"district_name_2019": "name", "district_2019": "code"}
        )
        district_names = group["district"].dropna().drop_duplicates().reset_index(drop=True)
        matched = _match(district_names, districts, "district", table.where)
        district_code = {n: m[0] for n, m in zip(district_names, matched, strict=True)}
        at = group.index[group["level"] == "district"]
        rows.loc[at, "unit_code"] = group.loc[at, "district"].map(district_code)
        rows.loc[group.index, "district_code"] = group["district"].map(district_code)
        for district, communes in group[group["level"] == "commune"].groupby("district"):
            options = scope[scope["district_2019"] == district_code[district]]
            options = options.drop_duplicates("code_2019").rename(
                columns={"name_2019": "name", "code_2019": "code"}
            )
            matched = _match(
                communes["name"].reset_index(drop=True), options, "commune", table.where
            )
            rows.loc[communes.index, "unit_code"] = [m[0] for m in matched]
            rows.loc[communes.index, "spelled"] = [m[1] for m in matched]
    return rows


def _names(rows: pd.DataFrame) -> list[str]:
    tables = {level: units(level, 2008).set_index("code")["name"] for level in set(rows["level"])}
    out = []
    for level, code, name in zip(rows["level"], rows["unit_code"], rows["name"], strict=True):
        # Communes keep their 2019 name: a code the later list has may name a merged unit.
        known = tables[level].get(code) if level != "commune" else None
        out.append(known if isinstance(known, str) else normalise_tones(_short(name)))
    return out


def census_observations(
    entry: FileEntry, register: Register, table: HierarchyTable | None = None
) -> pd.DataFrame:
    """Return the census figures of a ``layout: hierarchy`` entry as observations.

    Parameters
    ----------
    entry : FileEntry
        The census entry in ``sources.yml``.
    register : Register
        The register (for the change record's entry).
    table : HierarchyTable, optional
        The table already read by :func:`read_census`.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`cdskit.dataset.observations.COLUMN_NAMES`: provinces, districts and
        communes of ``hierarchy.provinces`` (vintage 2008) and, with ``roll_up_2025``, the
        communes of those 2025 provinces (vintage 2025), one row per indicator.

    Raises
    ------
    InputError
        A unit cannot be coded, a 2019 commune cannot be followed to 2025, or a 2025 commune
        of the roll-up provinces receives nobody.
    """
    config = entry.hierarchy or {}
    table = table if table is not None else read_census(entry, register)
    provinces = [str(p) for p in config.get("provinces") or []]
    if not provinces:
        raise InputError(f"sources.yml, file '{entry.path}': hierarchy.provinces is empty.")
    lookup = _lookup_entry(entry, register, config)
    changes = read_change_record(lookup, register)
    rows = _coded(table, changes, provinces)
    rows["unit_name"] = _names(rows)
    old = _observations_2008(rows, entry)
    new_provinces = [str(p) for p in config.get("roll_up_2025") or []]
    if not new_provinces:
        return old
    communes = rows[rows["level"] == "commune"]
    return pd.concat([old, _observations_2025(communes, changes, entry, new_provinces, lookup)])


def _lookup_entry(entry: FileEntry, register: Register, config: dict) -> FileEntry:
    name = str(config.get("unit_codes") or "")
    for other in register.files:
        if other.path == name:
            return other
    raise InputError(
        f"sources.yml, file '{entry.path}': hierarchy.unit_codes {name!r} must name another "
        "file entry (the change record of unit codes, layout: lookup)."
    )


def _frame(data: dict) -> pd.DataFrame:
    frame = pd.DataFrame(data)
    if "time_basis" in COLUMN_NAMES:  # the census states its period (1 April 2019)
        frame["time_basis"] = "period"
    for column in COLUMN_NAMES:
        if column not in frame:
            frame[column] = np.nan if column == "denominator" else None
    return frame[list(COLUMN_NAMES)]


def _observations_2008(rows: pd.DataFrame, entry: FileEntry) -> pd.DataFrame:
    parts = []
    for indicator in entry.indicators.values():
        note = np.where(
            rows["spelled"].notna(),
            "tên trong danh mục mã của Tổng cục Thống kê / name in the GSO code list: "
            + rows["spelled"].astype(str),
            None,
        )
        parts.append(
            _frame(
                {
                    "unit_code": rows["unit_code"].to_numpy(),
                    "unit_name": rows["unit_name"].to_numpy(),
                    "unit_name_as_published": rows["name_as_published"].to_numpy(),
                    "unit_level": rows["level"].to_numpy(),
                    "vintage": 2008,
                    "province_code": rows["province_code"].to_numpy(),
                    "indicator": indicator,
                    "period": entry.period,
                    "year": int(str(entry.period)[:4]),
                    "value": rows[indicator].to_numpy(dtype="float64"),
                    "value_as_published": rows[f"{indicator}_text"].to_numpy(),
                    "source_id": entry.source,
                    "conflict": False,
                    "origin": rows[f"{indicator}_origin"].to_numpy(),
                    "note": note,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _observations_2025(
    communes: pd.DataFrame,
    changes: pd.DataFrame,
    entry: FileEntry,
    new_provinces: list[str],
    lookup: FileEntry,
) -> pd.DataFrame:
    wanted = resolve_many(pd.Series(new_provinces), level="province", vintage=2025)
    if wanted["unit_code"].isna().any():
        raise InputError(
            f"sources.yml: hierarchy.roll_up_2025 {new_provinces}: {wanted['message'].tolist()}"
        )
    codes = set(wanted["unit_code"])
    pairs = targets_2025(communes.rename(columns={"unit_code": "code_2019"}), changes, lookup.path)
    new_units = units("commune", 2025).set_index("code")
    pairs["province_2025"] = pairs["new_code"].map(new_units["province_code"])
    stray = pairs[~pairs["province_2025"].isin(codes)]
    if len(stray):
        raise InputError(
            f"2019 communes {sorted(set(stray['code_2019']))[:8]} end in 2025 communes outside "
            f"{new_provinces}; add their provinces to hierarchy.roll_up_2025."
        )
    source = communes.set_index("unit_code")
    name_2019 = source["unit_name"]
    parts = []
    for indicator in entry.indicators.values():
        carried = pairs.reset_index(drop=True)
        values = carried["code_2019"].map(source[indicator]).to_numpy(dtype="float64", copy=True)
        for _code, at in carried[carried["parts"] > 1].groupby("code_2019").groups.items():
            values[at] = apportion(values[at[0]], carried.loc[at, "weight"].to_numpy())
        carried["value"] = values
        carried["origin"] = carried["code_2019"].map(source[f"{indicator}_origin"])
        parts.append(_sum_2025(carried, indicator, entry, new_units, name_2019))
    out = pd.concat(parts, ignore_index=True)
    expected = new_units[new_units["province_code"].isin(codes)].index
    missing = sorted(set(expected) - set(out["unit_code"]))
    if missing:
        raise InputError(
            f"2025 communes {missing[:8]} of {new_provinces} receive no 2019 commune: their "
            "people would be missing. Check the change record and the conversion table."
        )
    return out


def _vi(number: float, decimals: int = 0) -> str:
    """``1234.5`` → ``1.234,50`` (vi-VN digits)."""
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _sum_2025(carried, indicator, entry, new_units, name_2019) -> pd.DataFrame:
    records = []
    for new_code, group in carried.groupby("new_code", sort=True):
        whole = group[group["parts"] == 1]
        split = group[group["parts"] > 1]
        listing = ", ".join(f"{name_2019[c]} ({c})" for c in whole["code_2019"])
        note = (
            "Số liệu Tổng điều tra dân số 2019 (1/4/2019) cộng từ các xã năm 2019 / 2019 census "
            f"figures summed from the communes of 2019: {listing or '—'}"
        )
        if len(split):
            shared = "; ".join(
                f"{name_2019[c]} ({c}): {_vi(v)} người/people, chia cho {n} xã năm 2025 theo "
                f"diện tích / split between {n} communes of 2025 by area, this one "
                f"{_vi(a, 2)} km² of {_vi(s, 2)} km²"
                for c, v, a, s, n in zip(
                    split["code_2019"],
                    split["value"],
                    split["area_km2"],
                    split["area_total"],
                    split["parts"],
                    strict=True,
                )
            )
            note += (
                ". Phân bổ theo diện tích các xã năm 2025 (tệp ranh giới 2025; không có ranh "
                "giới xã năm 2019) / apportioned by the areas of the 2025 communes (2025 "
                f"boundary files; no 2019 commune boundaries are published): {shared}"
            )
        records.append(
            {
                "unit_code": new_code,
                "unit_name": new_units.at[new_code, "name"],
                "unit_name_as_published": new_units.at[new_code, "full_name"],
                "unit_level": "commune",
                "vintage": 2025,
                "province_code": new_units.at[new_code, "province_code"],
                "indicator": indicator,
                "period": entry.period,
                "year": int(str(entry.period)[:4]),
                "value": float(group["value"].sum()),
                "value_as_published": "",
                "source_id": entry.source,
                "conflict": False,
                "origin": "; ".join(dict.fromkeys(group["origin"])) + f" → {new_code}",
                "note": note,
                "_apportioned": bool(len(split)),
            }
        )
    frame = pd.DataFrame.from_records(records)
    return _frame({c: frame[c] for c in frame.columns if c != "_apportioned"})
