"""Reshape raw tables into figures: one row per published value, whatever the table's layout.

A **long** table already has one figure per row (columns ``unit``, ``indicator``, ``period``,
``value``…); a **wide** table has one row per unit and one column per indicator, declared in
``sources.yml``. Both become the same frame of text fields (:data:`FIELDS`) plus ``origin`` (the
value's cell) and ``at`` (the unit's cell). Columns a layout does not read are reported as
``unexpected_column`` rejects, never dropped silently.
"""

from __future__ import annotations

import pandas as pd

from cdskit.errors import InputError, close_matches, did_you_mean
from cdskit.processing.validate import REJECT_COLUMNS, empty_rejects, split_origin
from cdskit.raw.read import Table
from cdskit.raw.sources import FileEntry

LONG_REQUIRED: tuple[str, ...] = ("unit", "unit_level", "vintage", "indicator", "period", "value")
LONG_OPTIONAL: tuple[str, ...] = ("province", "denominator", "source_id", "note")
#: Text fields of a figure, in order (followed by ``origin`` and ``at``).
FIELDS: tuple[str, ...] = (*LONG_REQUIRED, *LONG_OPTIONAL)


def empty_figures() -> pd.DataFrame:
    """Return a figures frame without rows (:data:`FIELDS`, ``origin``, ``at``)."""
    return pd.DataFrame({name: pd.Series(dtype=object) for name in (*FIELDS, "origin", "at")})


def _suggest_headers(names: list[str], headers) -> list[str]:
    return list(dict.fromkeys(close for name in names for close in close_matches(name, headers)))


def _header_map(table: Table) -> dict[str, str]:
    return {str(name).strip().casefold(): name for name in table.columns}


def _column_rejects(table: Table, entry: FileEntry, columns: list[str]) -> pd.DataFrame:
    rows = []
    for column in columns:
        first = table.origin(column).iloc[0] if len(table.data) else f"{entry.path}:header"
        where = split_origin(pd.Series([first])).iloc[0]
        rows.append(
            {
                "file": entry.path,
                "sheet": table.sheet or "",
                "cell": where["cell"],
                "rule": "unexpected_column",
                "value": column,
                "message_vi": (
                    f"Cột '{column}' không được đọc: hãy khai báo trong indicators hoặc "
                    "ignore_columns của tệp trong sources.yml."
                ),
                "message_en": (
                    f"Column '{column}' was not read: map it under indicators or list it "
                    "under ignore_columns for this file in sources.yml."
                ),
            }
        )
    return pd.DataFrame(rows, columns=list(REJECT_COLUMNS)) if rows else empty_rejects()


def long_figures(table: Table, entry: FileEntry) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the figures of a long table and rejects for the columns it does not read.

    Parameters
    ----------
    table : Table
        From :func:`cdskit.raw.read.read_tables`.
    entry : FileEntry
        The file's entry in ``sources.yml`` (file-wide source, ignored columns).

    Returns
    -------
    tuple of pandas.DataFrame
        Figures (:data:`FIELDS` as text, ``origin`` and ``at``) and ``unexpected_column``
        rejects (:data:`cdskit.processing.validate.REJECT_COLUMNS`).

    Raises
    ------
    InputError
        The header lacks a column the long layout needs (with suggestions).
    """
    headers = _header_map(table)
    need = [name for name in LONG_REQUIRED if name not in headers]
    if "source_id" not in headers and entry.source is None:
        need.append("source_id")
    if need:
        where = f"{entry.path}" + (f", sheet '{table.sheet}'" if table.sheet else "")
        hints = _suggest_headers(need, table.columns)
        raise InputError(
            f"{where}: the long layout needs the column(s) {', '.join(need)}; the header has "
            f"{', '.join(map(str, table.columns))}.{did_you_mean(need, hints, ranked=True)} "
            "Rename the header, "
            "or declare the file as layout: wide in sources.yml."
        )
    known = set(FIELDS) | {name.casefold() for name in entry.ignore_columns}
    unread = [headers[key] for key in headers if key not in known]
    data = table.data
    missing = pd.Series(pd.NA, index=data.index, dtype="string")
    figures = pd.DataFrame(
        {name: data[headers[name]] if name in headers else missing for name in FIELDS}
    )
    if entry.source is not None:
        given = figures["source_id"]
        figures["source_id"] = given.where(given.notna() & (given != ""), entry.source)
    figures["origin"] = table.origin(headers["value"])
    same_cell = table.sheet is None  # a CSV origin names the line, the same for every column
    figures["at"] = figures["origin"] if same_cell else table.origin(headers["unit"])
    return figures, _column_rejects(table, entry, unread)


def wide_figures(table: Table, entry: FileEntry) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the figures of a wide table and rejects for the columns it does not read.

    Parameters
    ----------
    table : Table
        From :func:`cdskit.raw.read.read_tables`.
    entry : FileEntry
        The file's entry in ``sources.yml`` (unit column, indicator columns and fixed fields).

    Returns
    -------
    tuple of pandas.DataFrame
        Figures (:data:`FIELDS` as text, ``origin`` and ``at``) and ``unexpected_column``
        rejects (:data:`cdskit.processing.validate.REJECT_COLUMNS`).

    Raises
    ------
    InputError
        A column that ``sources.yml`` names is not in the header (with suggestions).
    """
    headers = {str(name).strip(): name for name in table.columns}
    wanted = [entry.unit_column or "", *entry.indicators]
    missing = [name for name in wanted if name not in headers]
    if missing:
        where = f"{entry.path}" + (f", sheet '{table.sheet}'" if table.sheet else "")
        hints = _suggest_headers(missing, headers)
        raise InputError(
            f"{where}: sources.yml names the column(s) {', '.join(map(repr, missing))} but the "
            f"header has {', '.join(map(repr, headers))}."
            f"{did_you_mean(missing, hints, ranked=True)} Correct "
            "unit_column/indicators in sources.yml."
        )
    skip = set(wanted) | set(entry.ignore_columns)
    unread = [headers[name] for name in headers if name not in skip]
    unit = table.data[headers[entry.unit_column or ""]].to_numpy(dtype=object)
    unit_at = table.origin(headers[entry.unit_column or ""]).to_numpy(dtype=object)
    parts = []
    for header, indicator_id in entry.indicators.items():
        column = headers[header]
        part = pd.DataFrame(
            {
                "unit": unit,
                "value": table.data[column].to_numpy(dtype=object),
                "origin": table.origin(column).to_numpy(dtype=object),
                "at": unit_at,
            }
        )
        part["indicator"] = indicator_id
        parts.append(part)
    figures = pd.concat(parts, ignore_index=True) if parts else empty_figures()
    fixed = {
        "unit_level": entry.unit_level,
        "vintage": str(entry.vintage),
        "period": entry.period,
        "province": entry.province,
        "source_id": entry.source,
        "denominator": pd.NA,
        "note": pd.NA,
    }
    for name, value in fixed.items():
        figures[name] = value if value is not None else pd.NA
    return figures[[*FIELDS, "origin", "at"]], _column_rejects(table, entry, unread)
