"""Read raw tables (CSV, XLSX) into text cells that remember where they came from.

:func:`read_tables` returns one :class:`Table` per CSV file or XLSX sheet. Every cell is an
NFC-cleaned string (or ``<NA>``); numbers are parsed later (:func:`cdskit.values.parse_values`).

How a sheet is laid out
-----------------------
- **Title rows** above the header (report titles, "Đơn vị: %") are set aside as ``title``;
  rows above the header that look like data (figures, or as many cells as a table row) refuse
  the file: two tables pasted together must not lose one of them.
- The **header** is the first row whose cells are mostly filled with text (years such as
  ``2022`` count as text) and which holds every ``header_hint`` name when hints are given.
  A second header row is joined to it (``Chỉ số DTI / Điểm``) when the first has gaps
  (or merged cells) above it and the second holds no figures. Merged XLSX header cells are
  filled across.
- **Note rows** (``Ghi chú:``, ``Nguồn:``, ``* …``, and single-cell rows that follow them) and
  **total rows** (``Tổng``, ``Tổng cộng``, ``Tổng số``, ``Cộng``, ``Total``) are set aside, as
  are **blank** rows and a **numbering** row under the header (``(1) (2) (3)``, ``A B 1 2``);
  nothing is dropped without a trace. ``Toàn tỉnh``, ``Cả nước`` and
  ``Toàn quốc`` are *not* totals: they name the province or the country, real units whose
  figures are often published only at that level.
- Merged cells in data rows are filled down/across only when they hold a label (text without
  digits); a merged figure stays in its top-left cell, so no figure is duplicated.
- Cells beginning with ``=``, ``+``, ``-`` or ``@`` stay verbatim text here; writers neutralise
  them. An XLSX formula is read as its cached result when the file has one, else verbatim.
- **Bounds**: a cell holds at most 32,767 characters (Excel's limit); a CSV at most 2 GiB and
  100 million cells; a workbook is streamed and holds at most 5 million filled cells, whose
  used range (measured from cells with a value, not from the stated dimension or formatted empty
  cells) spans at most 5 million cells. An unbalanced CSV quote is an error naming its line.
- Native XLSX numbers become text in ``number_locale`` (``0,4874`` for ``vi``) without
  thousands separators, so they parse like the typed figures around them. Exactly three
  decimals get a trailing zero (``12,3450``): read in the wrong locale such a text is an error,
  never a figure a thousand times too large.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cdskit.errors import InputError, ParameterError, did_you_mean
from cdskit.raw._csv import read_csv_cells
from cdskit.raw._table_grid import HEADER_SCAN_ROWS, Cells, Grid, column_letter, split_table
from cdskit.raw._xlsx import Merged, read_xlsx
from cdskit.terms import NUMBER_LOCALES
from cdskit.vietnamese import name_key

_CSV_SUFFIXES = (".csv", ".tsv", ".txt")
_XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True, eq=False)
class Table:
    """A table read from a CSV file or an XLSX sheet.

    Attributes
    ----------
    path : pathlib.Path
        The file read.
    sheet : str or None
        XLSX sheet name, ``None`` for CSV.
    data : pandas.DataFrame
        Data rows; every cell an NFC-cleaned ``str`` or ``<NA>`` (``string`` dtype). Columns
        are the header texts (two-row headers joined with ``" / "``).
    rows : numpy.ndarray
        1-based row number in the source (CSV line, sheet row) of each data row.
    columns : dict of str to int
        Header text → 0-based source column index.
    set_aside : pandas.DataFrame
        Rows that are not data: ``row`` (int), ``kind`` (``title``, ``note``, ``total``,
        ``blank``, ``numbering``) and ``text`` (the row's distinct cells joined with ``" | "``).
    encoding : str or None
        Encoding found for a CSV file (``utf-8``, ``utf-8-sig``, ``utf-16-le``, ``cp1258``…).
    display_root : pathlib.Path or None
        Folder that origins are written relative to.
    """

    path: Path
    sheet: str | None
    data: pd.DataFrame
    rows: np.ndarray
    columns: dict[str, int]
    set_aside: pd.DataFrame
    encoding: str | None
    display_root: Path | None = field(default=None)

    def origin(self, column: str) -> pd.Series:
        """Return where each cell of ``column`` was read, aligned with :attr:`data`.

        Parameters
        ----------
        column : str
            A header text (a key of :attr:`columns`).

        Returns
        -------
        pandas.Series
            ``'dir/file.csv:line 12'`` or ``'dir/file.xlsx:Sheet1!C12'`` (``string`` dtype).

        Raises
        ------
        InputError
            When the table has no such column.
        """
        if column not in self.columns:
            raise InputError(
                f"{self._where()} has no column {column!r}; its columns are "
                f"{', '.join(map(repr, self.columns))}." + did_you_mean(column, self.columns)
            )
        if self.sheet is None:
            prefix = f"{self._display()}:line "
        else:
            prefix = f"{self._display()}:{self.sheet}!{column_letter(self.columns[column])}"
        rows = pa.array(np.asarray(self.rows, dtype=np.int64)).cast(pa.large_string())
        text = pa.large_string()
        joined = pc.binary_join_element_wise(pa.scalar(prefix, text), rows, pa.scalar("", text))
        origins = pd.arrays.ArrowStringArray(joined)
        return pd.Series(origins, index=self.data.index).astype("string")

    def _display(self) -> str:
        return _display_path(self.path, self.display_root)

    def _where(self) -> str:
        where = self._display()
        return f"{where}, sheet {self.sheet!r}" if self.sheet is not None else where


def read_tables(
    path: str | os.PathLike,
    *,
    sheet: str | None = None,
    header_hint: Sequence[str] = (),
    display_root: Path | None = None,
    number_locale: str = "vi",
) -> list[Table]:
    """Read a CSV file (one table) or an XLSX workbook (one table per sheet).

    Parameters
    ----------
    path : str or os.PathLike
        A ``.csv``/``.tsv``/``.txt`` or ``.xlsx``/``.xlsm`` file.
    sheet : str, optional
        Read only this XLSX sheet (an error for CSV files).
    header_hint : sequence of str
        Column names the header row must hold (compared without case or diacritics); they
        tell the header apart from title rows when both look alike.
    display_root : pathlib.Path, optional
        Origins and messages name the file relative to this folder (e.g. ``data/raw``).
    number_locale : {"vi", "en"}
        How native XLSX numbers are written as text (``0,4874`` or ``0.4874``).

    Returns
    -------
    list of Table
        In sheet order; empty XLSX sheets are skipped.

    Raises
    ------
    InputError
        Missing, unreadable or corrupt file, undecodable bytes, unknown sheet, no header
        row, duplicate header names.
    ParameterError
        ``sheet`` given for a CSV file, or an unknown ``number_locale``.
    """
    path = Path(path)
    display = _display_path(path, display_root)
    if number_locale not in NUMBER_LOCALES:
        raise ParameterError(
            f"number_locale={number_locale!r} is not supported: expected one of "
            f"{', '.join(NUMBER_LOCALES)}."
        )
    if path.is_dir():
        raise InputError(f"{display} is a folder; expected a CSV or XLSX file.")
    if not path.is_file():
        siblings = [p.name for p in path.parent.glob("*")] if path.parent.is_dir() else []
        raise InputError(
            f"{display}: file not found. Check the path (relative to the working folder or "
            "data/raw)." + did_you_mean(path.name, siblings)
        )
    suffix = path.suffix.lower()
    # Each sheet: name (None for CSV), grid, row numbers, merged ranges, cell ids (large CSV).
    sheets: list[tuple[str | None, Grid, Sequence[int], Merged, Cells | None]]
    if suffix in _CSV_SUFFIXES:
        if sheet is not None:
            raise ParameterError(f"sheet={sheet!r} was given but {display} is a CSV file.")
        grid, row_numbers, encoding, cells = read_csv_cells(path, display)
        sheets = [(None, grid, row_numbers, [], cells)]
    elif suffix in _XLSX_SUFFIXES:
        encoding = None
        found, states = read_xlsx(path, display, sheet, number_locale)
        chosen = _read_sheets(
            _choose_sheets(found, states, sheet, header_hint), display, header_hint
        )
        sheets = [(*item, None) for item in found if item[0] in chosen]
    else:
        raise InputError(
            f"{display}: cannot read '{path.suffix}' files; expected CSV (.csv, .tsv, .txt) or "
            "Excel (.xlsx). Save older .xls workbooks as .xlsx."
        )
    tables = []
    for name, grid, row_numbers, merged, cells in sheets:
        where = display if name is None else f"{display}, sheet {name!r}"
        if not any(any(c is not None for c in row) for row in grid):
            if name is None or sheet is not None:
                raise InputError(f"{where} is empty: expected a header row and data rows.")
            continue
        parts = split_table(
            grid, row_numbers, merged, header_hint, where, excel=name is not None, cells=cells
        )
        tables.append(Table(path, name, **parts, encoding=encoding, display_root=display_root))
    if not tables:
        raise InputError(f"{display}: every sheet is empty; expected a header row and data rows.")
    return tables


def workbook_sheets(
    path: str | os.PathLike,
    *,
    sheet: str | None = None,
    header_hint: Sequence[str] = (),
    number_locale: str = "vi",
) -> pd.DataFrame:
    """List a workbook's sheets and whether :func:`read_tables` reads each one, and why.

    The rule (one place, :func:`read_tables` follows it): the sheet ``sources.yml`` names
    (``sheet:``) is read whatever its state, and no other; without a name every **visible**
    worksheet is read, except that when ``header_hint`` is given, a visible sheet whose first
    rows lack those column names (a cover or notes sheet) is left out. Hidden and very hidden
    sheets (an old draft, a lookup list) and chart sheets are read only when named.

    Parameters
    ----------
    path : str or os.PathLike
        An ``.xlsx``/``.xlsm`` workbook.
    sheet, header_hint, number_locale
        As for :func:`read_tables`.

    Returns
    -------
    pandas.DataFrame
        One row per sheet in workbook order: ``sheet``, ``state`` (``visible``, ``hidden``,
        ``veryHidden``, ``chart``), ``read`` (bool) and ``why`` (English).

    Raises
    ------
    InputError
        As :func:`read_tables` for an unreadable workbook or an unknown sheet name.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> book = openpyxl.Workbook()
    >>> book.active.title = "Bìa"
    >>> book.active.append(["BÁO CÁO (synthetic)"])
    >>> data = book.create_sheet("Số liệu")
    >>> data.append(["Đơn vị", "Giá trị"]); data.append(["Lạng Sơn", 1])
    >>> book.create_sheet("Nháp").sheet_state = "hidden"
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "b.xlsx"
    ...     book.save(path)
    ...     listing = workbook_sheets(path, header_hint=["Đơn vị"])
    >>> listing[["sheet", "state", "read"]].values.tolist()
    [['Bìa', 'visible', False], ['Số liệu', 'visible', True], ['Nháp', 'hidden', False]]
    """
    path = Path(path)
    found, states = read_xlsx(path, path.as_posix(), sheet, number_locale)
    listing = _choose_sheets(found, states, sheet, header_hint)
    return listing.assign(why=listing["why"].map(_WHY))


_WHY = {
    "named": "read: named by sheet: in sources.yml",
    "visible": "read: visible sheet",
    "other": "not read: sources.yml names another sheet (sheet:)",
    "hidden": "not read: hidden sheet (name it with sheet: in sources.yml to read it)",
    "veryHidden": "not read: very hidden sheet (name it with sheet: in sources.yml to read it)",
    "chart": "not read: chart sheet (holds no cells)",
    "empty": "not read: empty sheet",
    "no_header": "not read: no header with the declared columns in its first rows",
}


def _choose_sheets(found, states, sheet, header_hint) -> pd.DataFrame:
    """Apply the sheet rule of :func:`workbook_sheets` to sheets already read (``why`` codes)."""
    keys = [name_key(h) for h in header_hint if h]
    grids = {name: grid for name, grid, _rows, _merged in found}
    rows = []
    for name, state in states:
        if name not in grids:
            why = "other" if sheet is not None and state != "chart" else state
            rows.append((name, state, False, why))
            continue
        grid = grids[name]
        if sheet is not None:
            rows.append((name, state, True, "named"))
        elif not any(any(c is not None for c in row) for row in grid):
            rows.append((name, state, False, "empty"))
        elif keys and not _holds_header(grid, keys):
            rows.append((name, state, False, "no_header"))
        else:
            rows.append((name, state, True, "visible"))
    return pd.DataFrame(rows, columns=["sheet", "state", "read", "why"]).astype({"read": bool})


def _holds_header(grid, keys: list[str]) -> bool:
    """Whether every declared column name shows in the first rows (header detection's scan)."""
    seen = {name_key(c) for row in grid[:HEADER_SCAN_ROWS] for c in row if c is not None}
    return all(key in seen for key in keys)


def _read_sheets(listing: pd.DataFrame, display: str, header_hint: Sequence[str]) -> set[str]:
    """Names of the sheets to read; refuse a workbook where no sheet holds the header."""
    chosen = set(listing.loc[listing["read"], "sheet"])
    headerless = listing.loc[listing["why"] == "no_header", "sheet"].tolist()
    if chosen or not headerless:
        return chosen
    if len(listing) == 1:  # one sheet: the header detection says what is missing
        return set(headerless)
    seen = ", ".join(f"{name!r} ({state})" for name, state in listing[["sheet", "state"]].values)
    raise InputError(
        f"{display}: no sheet holds a header with the columns "
        f"{', '.join(map(repr, header_hint))} in its first {HEADER_SCAN_ROWS} rows; sheets "
        f"seen: {seen}. Name the sheet that holds the table in data/raw/sources.yml "
        "(sheet: <name> in this file's entry; hidden sheets are read only when named), or "
        "check the column names there."
    )


def _display_path(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()
