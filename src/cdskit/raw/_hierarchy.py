"""Read hierarchical statistics tables: names in one column per level, subtotal rows.

Statistics offices export tables by administrative unit as a hierarchy (the GSO portal's
"province / district / commune" exports): each level has its own name column, a subtotal row
opens each group (``Thành phố Hà Nội (Tổng số)``), the group's name is repeated beside its first
child, the grand total comes first, and an empty value cell means zero. A
:class:`HierarchyLayout` describes such a table by configuration (``hierarchy:`` in
``sources.yml``); :func:`read_hierarchy` reads it into one row per table row with the names of
every enclosing unit and each value's cell, and :func:`check_subtotals` proves that every
subtotal (and the grand total) equals the sum of the units under it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cdskit.errors import InputError, SubtotalError
from cdskit.raw._table_grid import column_letter
from cdskit.raw._xlsx import read_xlsx
from cdskit.raw.read import _display_path
from cdskit.terms import NUMBER_LOCALES
from cdskit.vietnamese import name_key

_LETTERS = re.compile(r"^[A-Z]{1,3}$")
_NUMBER = {
    "vi": re.compile(r"^-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$"),
    "en": re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$"),
}


@dataclass(frozen=True)
class HierarchyLayout:
    """How a hierarchical table is laid out (the ``hierarchy:`` block of a file entry).

    Parameters
    ----------
    levels : tuple of str
        Unit level of each name column, outermost first (``("province", "district",
        "commune")``); the names are in consecutive columns starting at ``name_column``.
    values : dict of str to str
        Header text of each value column → the id its values get (an indicator id).
    name_column : str, default "A"
        Column letter of the outermost name column.
    subtotal_marker : str, default "(Tổng số)"
        Text ending the name of a subtotal row.
    grand_total : str or None, default "Tổng số"
        Name (in the outermost column) of the grand-total row, if the table has one.
    empty_value : float or None, default 0
        Value of an empty value cell; ``None`` makes an empty cell an error.

    Examples
    --------
    >>> layout = HierarchyLayout.from_config(
    ...     {"levels": ["province", "district"], "subtotal_marker": "(Tổng số)"},
    ...     {"Tổng số": "population"},
    ... )
    >>> layout.levels, layout.empty_value
    (('province', 'district'), 0.0)
    """

    levels: tuple[str, ...]
    values: dict[str, str] = field(default_factory=dict)
    name_column: str = "A"
    subtotal_marker: str = "(Tổng số)"
    grand_total: str | None = "Tổng số"
    empty_value: float | None = 0.0

    @classmethod
    def from_config(
        cls, config: Mapping, values: Mapping[str, str], where: str = "hierarchy"
    ) -> HierarchyLayout:
        """Build a layout from a ``hierarchy:`` mapping and the file's ``indicators`` mapping.

        Parameters
        ----------
        config : mapping
            Keys ``levels`` (required), ``name_column``, ``subtotal_marker``, ``grand_total``,
            ``empty_value``; other keys are left to the caller.
        values : mapping of str to str
            Header text of each value column → id.
        where : str
            Names the configuration in error messages.

        Returns
        -------
        HierarchyLayout
            The checked layout.

        Raises
        ------
        InputError
            A key is missing or malformed.
        """
        if not isinstance(config, Mapping):
            raise InputError(f"{where}: 'hierarchy' must be a mapping (levels, subtotal_marker…).")
        levels = config.get("levels")
        if not isinstance(levels, list | tuple) or not levels:
            raise InputError(
                f"{where}: 'hierarchy.levels' must list the unit level of each name column, "
                "outermost first (e.g. [province, district, commune])."
            )
        if not values:
            raise InputError(
                f"{where}: a hierarchical table needs 'indicators' mapping each value column's "
                "header to an indicator id."
            )
        column = str(config.get("name_column", "A")).strip().upper()
        if not _LETTERS.match(column):
            raise InputError(f"{where}: 'hierarchy.name_column' {column!r} must be a letter (A).")
        empty = config.get("empty_value", 0)
        try:
            empty_value = None if empty is None else float(empty)
        except (TypeError, ValueError):
            raise InputError(
                f"{where}: 'hierarchy.empty_value' {empty!r} must be a number or null."
            ) from None
        total = config.get("grand_total", "Tổng số")
        return cls(
            levels=tuple(str(level) for level in levels),
            values={str(k): str(v) for k, v in values.items()},
            name_column=column,
            subtotal_marker=str(config.get("subtotal_marker", "(Tổng số)")),
            grand_total=None if total is None else str(total),
            empty_value=empty_value,
        )

    @property
    def first_column(self) -> int:
        """0-based index of the outermost name column."""
        index = 0
        for letter in self.name_column:
            index = index * 26 + ord(letter) - 64
        return index - 1


@dataclass(frozen=True)
class HierarchyTable:
    """A hierarchical table read by :func:`read_hierarchy`.

    Attributes
    ----------
    rows : pandas.DataFrame
        One row per table row that holds a name: ``row`` (sheet row), ``kind`` (``total``,
        ``subtotal`` or ``unit``), ``level`` (a level of the layout, ``""`` for the total),
        ``name`` (marker removed), ``name_as_published`` (the cell's text), one column per
        level with the names of the enclosing units (the row's own name at its level),
        ``group`` (the sheet row of the enclosing subtotal row at each level, as
        ``"<level>_row"`` columns), and per value id the number (``<id>``), the cell's text
        (``<id>_text``) and its cell (``<id>_origin``).
    layout : HierarchyLayout
        The layout read.
    where : str
        File and sheet, for messages.
    """

    rows: pd.DataFrame
    layout: HierarchyLayout
    where: str

    @property
    def units(self) -> pd.DataFrame:
        """The rows of the innermost level (the units the subtotals add up)."""
        return self.rows[self.rows["kind"] == "unit"].reset_index(drop=True)


def read_hierarchy(
    path: str | Path,
    layout: HierarchyLayout,
    *,
    sheet: str | None = None,
    display_root: Path | None = None,
    number_locale: str = "vi",
) -> HierarchyTable:
    """Read a hierarchical XLSX table laid out as ``layout`` says.

    Parameters
    ----------
    path : str or pathlib.Path
        The workbook (``.xlsx``).
    layout : HierarchyLayout
        Name columns, value columns, subtotal marker, grand total, empty value.
    sheet : str, optional
        The sheet (default: the first one that holds the value headers).
    display_root : pathlib.Path, optional
        Origins name the file relative to this folder.
    number_locale : {"vi", "en"}
        How typed numbers are written (``1.234.567`` or ``1,234,567``).

    Returns
    -------
    HierarchyTable
        Every named row with its enclosing units and values; call :func:`check_subtotals`.

    Raises
    ------
    InputError
        No header row with every value column, a value that is not a number, a value row
        without a name, a name that is neither a subtotal nor a unit of the innermost level,
        or a unit listed under a parent other than the one its subtotal row opened.
    """
    path = Path(path)
    display = _display_path(path, display_root)
    if number_locale not in NUMBER_LOCALES:
        raise InputError(f"number_locale {number_locale!r} must be one of {NUMBER_LOCALES}.")
    found, _states = read_xlsx(path, display, sheet, number_locale)  # sheets read, their states
    for name, grid, row_numbers, _merged in found:
        header = _header(grid, layout)
        if header is not None:
            where = f"{display}:{name}"
            return HierarchyTable(
                _rows(grid, row_numbers, header, layout, where, number_locale), layout, where
            )
    raise InputError(
        f"{display}: no row holds every value column header "
        f"({', '.join(map(repr, layout.values))}). Check 'indicators' in sources.yml."
    )


def _header(grid, layout: HierarchyLayout) -> tuple[int, dict[str, int]] | None:
    wanted = {name_key(text): text for text in layout.values}
    for r, row in enumerate(grid[:50]):
        keys = {name_key(cell): c for c, cell in enumerate(row) if cell is not None}
        if all(key in keys for key in wanted):
            return r, {layout.values[text]: keys[key] for key, text in wanted.items()}
    return None


def _number(text: str | None, layout: HierarchyLayout, locale: str, cell: str) -> float:
    if text is None or not text.strip():
        if layout.empty_value is None:
            raise InputError(f"{cell}: the value cell is empty; expected a number.")
        return layout.empty_value
    compact = text.strip().replace(" ", "")
    if not _NUMBER[locale].match(compact):
        raise InputError(
            f"{cell}: {text!r} is not a number written in the '{locale}' locale; expected a "
            "figure such as 1.234.567 (or an empty cell for zero)."
        )
    if locale == "vi":
        compact = compact.replace(".", "").replace(",", ".")
    else:
        compact = compact.replace(",", "")
    return float(compact)


class _Groups:
    """The subtotal rows enclosing the row being read: a name and a sheet row at each level."""

    def __init__(self, depth: int) -> None:
        self.names: list[str | None] = [None] * depth
        self.rows: list[int | None] = [None] * depth

    def open(self, level: int, name: str, row: int | None) -> None:
        """Open the group ``name`` at ``level`` (``row``: its subtotal row); close deeper ones."""
        self.names[level], self.rows[level] = name, row
        for deeper in range(level + 1, len(self.names)):
            self.names[deeper], self.rows[deeper] = None, None


def _rows(grid, row_numbers, header, layout: HierarchyLayout, where: str, locale: str):
    """Return one record per named row under the header, with its enclosing units and values."""
    header_row, value_columns = header
    groups = _Groups(len(layout.levels))
    records = []
    for r in range(header_row + 1, len(grid)):
        number = row_numbers[r]
        names, cells = _row_cells(grid[r], layout, value_columns)
        filled = [i for i, text in enumerate(names) if text is not None]
        if not filled:
            _check_unnamed(cells, layout, where, number)
            continue
        text = names[filled[-1]]
        kind, level, name = _classify(text, filled[-1], layout, where, number)
        if kind != "total":
            _follow_parents(names, filled[:-1], kind, level, groups, layout, where, number)
            _check_opened(text, level, groups, layout, where, number)
        if kind == "subtotal":
            groups.open(level, name, number)
        record = _record(number, kind, level, name, text, groups, layout)
        record.update(_values(cells, value_columns, layout, locale, where, number))
        records.append(record)
    frame = pd.DataFrame.from_records(records)
    for level_name in layout.levels:
        frame[f"{level_name}_row"] = frame[f"{level_name}_row"].astype("Int64")
    return frame


def _row_cells(row, layout: HierarchyLayout, value_columns: dict[str, int]):
    """Return a sheet row's names (one per level, None when empty) and its value cells by id."""
    first, depth = layout.first_column, len(layout.levels)
    names = [row[first + i] if first + i < len(row) else None for i in range(depth)]
    cells = {vid: (row[c] if c < len(row) else None) for vid, c in value_columns.items()}
    return names, cells


def _check_unnamed(cells: dict, layout: HierarchyLayout, where: str, number: int) -> None:
    """Refuse a row that holds values but no name (a row with neither is skipped)."""
    if any(v is not None for v in cells.values()):
        first, last = layout.first_column, layout.first_column + len(layout.levels) - 1
        raise InputError(
            f"{where}!{column_letter(first)}{number}: row {number} holds values but no "
            f"name in columns {column_letter(first)}–{column_letter(last)}."
        )


def _classify(text: str, deepest: int, layout: HierarchyLayout, where: str, number: int):
    """Return the kind (subtotal, unit, total), level (-1: the total) and name of a row.

    ``text`` is the row's innermost name, found in the name column of level ``deepest``.
    """
    marker, depth = layout.subtotal_marker, len(layout.levels)
    total_key = name_key(layout.grand_total) if layout.grand_total else None
    if text.endswith(marker):
        return "subtotal", deepest, text[: -len(marker)].strip()
    if deepest == depth - 1:
        return "unit", deepest, text
    if deepest == 0 and total_key is not None and name_key(text) == total_key:
        return "total", -1, text
    raise InputError(
        f"{where}!{column_letter(layout.first_column + deepest)}{number}: {text!r} is neither a "
        f"subtotal row (its name would end in {marker!r}) nor a unit of the innermost level "
        f"({layout.levels[-1]}, column {column_letter(layout.first_column + depth - 1)}). "
        "Check the 'hierarchy' layout in sources.yml."
    )


def _follow_parents(names, outer, kind, level, groups: _Groups, layout, where, number) -> None:
    """Check the names a row repeats in its ``outer`` columns against the groups opened above.

    A unit without subdivisions (a district that is its own commune) is named in both columns
    and has no subtotal row: it opens its group itself.
    """
    for i in outer:
        if i >= level or name_key(names[i]) == name_key(groups.names[i] or ""):
            continue
        if kind == "unit" and name_key(names[i]) == name_key(names[level]):
            groups.open(i, names[i], None)
        else:
            raise InputError(
                f"{where}!{column_letter(layout.first_column + i)}{number}: row {number} names "
                f"{layout.levels[i]} {names[i]!r}, but the last subtotal row above opened "
                f"{groups.names[i]!r}. The rows of one unit must follow its subtotal row."
            )


def _check_opened(text: str, level: int, groups: _Groups, layout, where, number) -> None:
    """Refuse a row that comes before the subtotal row of an enclosing level."""
    missing = [layout.levels[i] for i in range(level) if groups.names[i] is None]
    if missing:
        raise InputError(
            f"{where}!{column_letter(layout.first_column + level)}{number}: {text!r} comes "
            f"before any subtotal row of its {', '.join(missing)}; expected a "
            f"'… {layout.subtotal_marker}' row above it."
        )


def _record(number, kind, level, name, text, groups: _Groups, layout) -> dict:
    """Return a row's record without its values: kind, level, name and its enclosing units."""
    record = {
        "row": number,
        "kind": kind,
        "level": layout.levels[level] if level >= 0 else "",
        "name": name,
        "name_as_published": text,
    }
    for i, level_name in enumerate(layout.levels):
        own = i == level
        record[level_name] = name if own else (groups.names[i] if i < level else None)
        record[f"{level_name}_row"] = number if own else (groups.rows[i] if i < level else None)
    return record


def _values(cells, value_columns, layout, locale: str, where: str, number: int) -> dict:
    """Return a row's number, cell text and cell (origin) of each value id."""
    values: dict[str, float | str] = {}
    for vid, column in value_columns.items():
        cell = f"{where}!{column_letter(column)}{number}"
        values[vid] = _number(cells[vid], layout, locale, cell)
        values[f"{vid}_text"] = cells[vid] or ""
        values[f"{vid}_origin"] = cell
    return values


def check_subtotals(table: HierarchyTable, *, tolerance: float = 0.0) -> pd.DataFrame:
    """Check every subtotal row, and the grand total, against the sum of its units.

    Parameters
    ----------
    table : HierarchyTable
        From :func:`read_hierarchy`.
    tolerance : float, default 0
        Largest accepted absolute difference.

    Returns
    -------
    pandas.DataFrame
        One row per subtotal checked: ``row``, ``level``, ``name``, ``value`` (the value id),
        ``subtotal``, ``sum``, ``units`` (how many units were added) and ``cell``.

    Raises
    ------
    SubtotalError
        A subtotal differs from the sum of its units (the message names every such row and
        cell, the printed subtotal and the sum), or a subtotal has no unit under it.
    """
    rows, layout = table.rows, table.layout
    units = rows[rows["kind"] == "unit"]
    checks = []
    for vid in layout.values.values():
        for level in layout.levels[:-1]:
            sums = units.groupby(f"{level}_row")[vid].agg(["sum", "size"])
            subtotals = rows[(rows["kind"] == "subtotal") & (rows["level"] == level)]
            for record in subtotals.itertuples(index=False):
                row = record.row
                found = sums.loc[row] if row in sums.index else None
                checks.append(
                    {
                        "row": row,
                        "level": level,
                        "name": record.name,
                        "value": vid,
                        "subtotal": getattr(record, vid),
                        "sum": float(found["sum"]) if found is not None else 0.0,
                        "units": int(found["size"]) if found is not None else 0,
                        "cell": getattr(record, f"{vid}_origin"),
                    }
                )
        for record in rows[rows["kind"] == "total"].itertuples(index=False):
            checks.append(
                {
                    "row": record.row,
                    "level": "total",
                    "name": record.name,
                    "value": vid,
                    "subtotal": getattr(record, vid),
                    "sum": float(units[vid].sum()),
                    "units": len(units),
                    "cell": getattr(record, f"{vid}_origin"),
                }
            )
    frame = pd.DataFrame(
        checks, columns=["row", "level", "name", "value", "subtotal", "sum", "units", "cell"]
    )
    wrong = frame[((frame["subtotal"] - frame["sum"]).abs() > tolerance) | (frame["units"] == 0)]
    if len(wrong):
        listing = "; ".join(
            f"row {r.row} ({r.level} {r.name!r}, cell {r.cell}): subtotal {r.subtotal:,.0f} but "
            f"its {r.units} {layout.levels[-1]} row(s) sum to {r.sum:,.0f}"
            for r in wrong.head(5).itertuples(index=False)
        )
        more = f" and {len(wrong) - 5} more" if len(wrong) > 5 else ""
        raise SubtotalError(
            f"{table.where}: {len(wrong)} subtotal(s) do not match their units: {listing}{more}. "
            "The table is refused: a missing or misplaced row, or a mistyped figure. Check the "
            "export against its source."
        )
    return frame
