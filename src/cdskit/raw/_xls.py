"""Read legacy Excel 97–2003 workbooks (``.xls``) into tables with cell origins.

The GSO publishes some lists (the record of administrative-unit changes) only as ``.xls``.
:func:`read_xls_tables` reads them with ``xlrd`` into the same :class:`cdskit.raw.read.Table`
as an ``.xlsx`` sheet: cells NFC-cleaned, header found by the shared grid rules, every cell's
origin written ``file:Sheet!A1``. Text cells stay text (codes such as ``01`` keep their zero);
numbers are written without a trailing ``.0`` when whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cdskit.errors import InputError
from cdskit.raw._table_grid import MAX_CELL_CHARS, column_letter, split_table
from cdskit.raw.read import Table, _display_path
from cdskit.vietnamese import clean_text


def read_xls_tables(
    path: str | Path,
    *,
    sheet: str | None = None,
    header_hint: Sequence[str] = (),
    display_root: Path | None = None,
) -> list[Table]:
    """Read an ``.xls`` workbook (one table per sheet).

    Parameters
    ----------
    path : str or pathlib.Path
        The workbook.
    sheet : str, optional
        Read only this sheet.
    header_hint : sequence of str
        Column names the header row must hold.
    display_root : pathlib.Path, optional
        Origins name the file relative to this folder.

    Returns
    -------
    list of Table
        In sheet order; empty sheets are skipped.

    Raises
    ------
    InputError
        The file is missing or not an ``.xls`` workbook, the sheet does not exist, a cell is
        longer than Excel allows, or no header row is found.
    """
    import xlrd

    path = Path(path)
    display = _display_path(path, display_root)
    try:
        book = xlrd.open_workbook(path, on_demand=True)
    except (OSError, xlrd.XLRDError) as exc:
        raise InputError(
            f"{display}: cannot open the file as an Excel 97–2003 workbook (.xls) "
            f"({type(exc).__name__}: {exc}). Check that the file is complete."
        ) from exc
    try:
        names = book.sheet_names()
        if sheet is not None and sheet not in names:
            raise InputError(
                f"{display}: no sheet named {sheet!r}; the workbook has "
                f"{', '.join(map(repr, names))}."
            )
        tables = []
        for name in names:
            if sheet is not None and name != sheet:
                continue
            grid = _grid(book.sheet_by_name(name), display, name)
            if not grid:
                continue
            where = f"{display}, sheet {name!r}"
            numbers = list(range(1, len(grid) + 1))
            parts = split_table(grid, numbers, [], header_hint, where, excel=True)
            tables.append(Table(path, name, **parts, encoding=None, display_root=display_root))
    finally:
        book.release_resources()
    if not tables:
        raise InputError(f"{display}: every sheet is empty; expected a header row and data rows.")
    return tables


def _grid(sheet, display: str, name: str) -> list[list[str | None]]:
    import xlrd

    grid: list[list[str | None]] = []
    for r in range(sheet.nrows):
        row: list[str | None] = []
        for c, cell in enumerate(sheet.row(r)):
            if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                row.append(None)
                continue
            value = cell.value
            if cell.ctype == xlrd.XL_CELL_NUMBER and float(value).is_integer():
                value = int(value)
            text = str(value)
            if len(text) > MAX_CELL_CHARS:
                raise InputError(
                    f"{display}:{name}!{column_letter(c)}{r + 1}: the cell holds {len(text):,} "
                    f"characters; a cell may hold at most {MAX_CELL_CHARS:,}."
                )
            cleaned = clean_text(text)
            row.append(cleaned or None)
        grid.append(row)
    while grid and not any(cell is not None for cell in grid[-1]):
        grid.pop()
    return grid
