"""Read XLSX sheets within a declared budget, whatever size the workbook says it has.

A sheet's XML is streamed cell by cell (openpyxl's read-only parser) and only cells that hold a
value count: the used range is measured from them, never taken from the sheet's stated
dimension or from formatted empty cells (a single styled cell at ``XFD1048576`` costs nothing).
A sheet whose cells or used range exceed :data:`CELL_BUDGET`, or whose text exceeds
:data:`TEXT_BUDGET`, is refused naming the cell that breaks the budget; so is a cell longer than
:data:`cdskit.raw._table_grid.MAX_CELL_CHARS`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import numpy as np

from cdskit.errors import InputError, did_you_mean
from cdskit.raw._table_grid import MAX_CELL_CHARS, Grid, column_letter
from cdskit.vietnamese import clean_text

#: Filled cells a workbook may hold, and cells a sheet's used range may span (rows × columns).
CELL_BUDGET = 5_000_000
#: Characters of text a workbook may hold in all its cells together.
TEXT_BUDGET = 200_000_000
#: Bytes a workbook's parts may take once unpacked (a zip bomb is refused before reading).
ARCHIVE_BUDGET = 1_000_000_000
#: XML cell elements (empty formatted cells included) parsed before a sheet is refused.
_ELEMENT_BUDGET = 4 * CELL_BUDGET

Merged = list[tuple[int, int, int, int]]


def read_xlsx(
    path: Path, display: str, sheet: str | None, locale: str
) -> tuple[list[tuple[str, Grid, list[int], Merged]], list[tuple[str, str]]]:
    """Return the sheets read and the state of every sheet of the workbook.

    Sheets read are ``(sheet name, grid, row numbers, merged ranges)``: the sheet named by
    ``sheet`` (whatever its state), else every **visible** worksheet. States are
    ``(sheet name, state)`` in workbook order, state ``visible``, ``hidden``, ``veryHidden``
    or ``chart``.
    """
    import openpyxl

    _check_archive(path, display)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises zip, XML and key errors on damaged files
        raise InputError(
            f"{display}: cannot open the file as an Excel workbook ({type(exc).__name__}: "
            f"{exc}). Check that it is a real .xlsx file (not .xls or a renamed CSV) and "
            "re-save it from Excel."
        ) from exc
    try:
        names = [ws.title for ws in workbook.worksheets]
        if sheet is not None and sheet not in names:
            raise InputError(
                f"{display}: no sheet named {sheet!r}; the workbook has "
                f"{', '.join(map(repr, names))}." + did_you_mean(sheet, names)
            )
        budget = _Budget(display)
        out, states = [], []
        for ws in workbook.worksheets:
            state = getattr(ws, "sheet_state", "visible") or "visible"
            if not hasattr(ws, "_get_source"):  # a chart sheet holds no cells
                states.append((ws.title, "chart"))
                continue
            states.append((ws.title, state))
            if (sheet is not None and ws.title != sheet) or (sheet is None and state != "visible"):
                continue
            cells, merged, formulas = _sheet_cells(ws, workbook, budget, data_only=False)
            if formulas:
                cached = _cached_results(path, ws.title, formulas, display)
                for key, result in cached.items():
                    if result is not None:
                        cells[key] = result
            out.append((ws.title, *_grid(cells, merged, locale, display, ws.title)))
        return out, states
    finally:
        workbook.close()


def _check_archive(path: Path, display: str) -> None:
    """Refuse a workbook whose parts unpack to more than :data:`ARCHIVE_BUDGET` bytes."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # not a zip: openpyxl says so below, with the advice to re-save the file
    if unpacked > ARCHIVE_BUDGET:
        raise InputError(
            f"{display}: the workbook unpacks to {unpacked:,} bytes, more than the "
            f"{ARCHIVE_BUDGET:,} a raw table may take. Save only the sheets with the table, "
            "or export the table as CSV."
        )


class _Budget:
    """Counts a workbook's cells and characters and refuses it once they pass the budget."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.characters = 0
        self.cells = 0  # filled cells of every sheet read so far
        self.elements = 0  # cell entries, empty ones included

    def text(self, text: str, where: str) -> None:
        if len(text) > MAX_CELL_CHARS:
            raise InputError(
                f"{where}: the cell holds {len(text):,} characters; a cell may hold at most "
                f"{MAX_CELL_CHARS:,} (Excel's own limit). Shorten the text or move it to a "
                "note outside the table."
            )
        self.characters += len(text)
        if self.characters > TEXT_BUDGET:
            raise InputError(
                f"{where}: the workbook holds more than {TEXT_BUDGET:,} characters of text "
                "up to this cell, more than a table of figures needs. Remove the long texts, "
                "or split the workbook."
            )


def _sheet_cells(ws, workbook, budget: _Budget, *, data_only: bool):
    """Stream one sheet's cells: ``{(row, column): value}`` (1-based), merges, formula cells."""
    from openpyxl.worksheet._reader import WorkSheetParser

    cells: dict[tuple[int, int], object] = {}
    formulas: list[tuple[int, int]] = []
    percent_styles = _percent_styles(workbook)
    with ws._get_source() as source:
        parser = WorkSheetParser(
            source,
            ws._shared_strings,
            data_only=data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for _row, row in parser.parse():
            budget.elements += len(row)
            if budget.elements > _ELEMENT_BUDGET:
                raise InputError(
                    f"{budget.display}, sheet {ws.title!r}: the workbook holds more than "
                    f"{_ELEMENT_BUDGET:,} cell entries (mostly formatted empty cells). Clear "
                    "the formatting of unused rows and columns, or copy the table to a new sheet."
                )
            for cell in row:
                value = cell["value"]
                if value is None:
                    continue
                key = (cell["row"], cell["column"])
                where = f"{budget.display}:{ws.title}!{column_letter(key[1] - 1)}{key[0]}"
                if isinstance(value, str):
                    budget.text(value, where)
                if cell["data_type"] == "f":
                    formulas.append(key)
                    value = getattr(value, "text", value)  # array formulas keep their text
                elif cell["style_id"] in percent_styles and _is_number(value):
                    value = Percent(value)
                cells[key] = value
                budget.cells += 1
                if budget.cells > CELL_BUDGET:
                    raise InputError(
                        f"{where}: the workbook holds more than {CELL_BUDGET:,} filled cells up "
                        "to this one, the most a raw table may hold. Split it into several files."
                    )
        merges = parser.merged_cells.mergeCell if parser.merged_cells else []
    merged = []
    for item in merges:
        low_col, low_row, high_col, high_row = _bounds(item.ref)
        merged.append((low_row - 1, high_row - 1, low_col - 1, high_col - 1))
    return cells, merged, formulas


class Percent(float):
    """A number shown with a percent format in Excel: 0.95 stored, 95% shown and meant."""


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_percent_format(number_format: str | None) -> bool:
    r"""Return whether an Excel number format shows its number as a percentage (×100, ``%``).

    Excel multiplies a number by 100 when its format holds ``%`` outside quoted text
    (``"%"``), a backslash escape (``\%``) and brackets (``[Red]``); the first section (the
    one for positive numbers) decides, as in :func:`openpyxl.styles.numbers.is_date_format`.

    Parameters
    ----------
    number_format : str or None
        An openpyxl ``cell.number_format`` (``"0.0%"``, ``"General"``…).

    Returns
    -------
    bool

    Examples
    --------
    >>> [is_percent_format(f) for f in ("0%", "0.00%", '#,##0.0%;[Red]-0.0%', "General")]
    [True, True, True, False]
    >>> [is_percent_format(f) for f in ('0 "%"', "0\\%", None)]
    [False, False, False]
    """
    if not number_format:
        return False
    first = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format).split(";")[0]
    return "%" in first


def _percent_styles(workbook) -> frozenset[int]:
    """Style ids (``s`` attributes of cells) whose number format is a percentage."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    found = set()
    custom = getattr(workbook, "_number_formats", [])
    for style_id, style in enumerate(getattr(workbook, "_cell_styles", [])):
        fmt_id = style.numFmtId
        if fmt_id < BUILTIN_FORMATS_MAX_SIZE:
            number_format = BUILTIN_FORMATS.get(fmt_id, "General")
        elif fmt_id - BUILTIN_FORMATS_MAX_SIZE < len(custom):
            number_format = custom[fmt_id - BUILTIN_FORMATS_MAX_SIZE]
        else:
            number_format = None
        if is_percent_format(number_format):
            found.add(style_id)
    return frozenset(found)


def _bounds(ref: str) -> tuple[int, int, int, int]:
    from openpyxl.utils.cell import range_boundaries

    low_col, low_row, high_col, high_row = range_boundaries(ref)
    return low_col, low_row, high_col or low_col, high_row or low_row


def _cached_results(path: Path, title: str, wanted: list, display: str) -> dict:
    """Return the cached results Excel saved for the formula cells ``wanted``."""
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        cells, _merged, _formulas = _sheet_cells(
            workbook[title], workbook, _Budget(display), data_only=True
        )
    finally:
        workbook.close()
    return {key: cells.get(key) for key in wanted}


def _grid(cells: dict, merged: Merged, locale: str, display: str, title: str):
    """Lay the filled cells out as a grid spanning only their used range."""
    if not cells:
        return [], [], merged
    rows = max(r for r, _ in cells)
    columns = max(c for _, c in cells)
    if rows * columns > CELL_BUDGET:
        far_row, far_column = max(cells, key=lambda key: key[0] * columns + key[1])
        widest = max(cells, key=lambda key: key[1])
        far = widest if widest[1] == columns else (far_row, far_column)
        raise InputError(
            f"{display}:{title}!{column_letter(far[1] - 1)}{far[0]}: the filled cells span "
            f"{rows:,} rows × {columns:,} columns (A1:{column_letter(columns - 1)}{rows}), more "
            f"than the {CELL_BUDGET:,} cells a raw table may span. Delete stray cells far from "
            "the table (Ctrl+End in Excel shows the last one), or split the table."
        )
    grid: Grid = [[None] * columns for _ in range(rows)]
    for (r, c), value in cells.items():
        grid[r - 1][c - 1] = _cell_text(value, locale)
    inside = [  # merged ranges clipped to the used range (a merge may be formatted far out)
        (top, min(bottom, rows - 1), left, min(right, columns - 1))
        for top, bottom, left, right in merged
        if top < rows and left < columns
    ]
    return grid, list(range(1, rows + 1)), inside


def _cell_text(value: object, locale: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Percent):
        return _percent_text(value, locale)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None if math.isnan(value) else str(value)
        return _number_text(np.format_float_positional(value, trim="-"), locale)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return str(value) if isinstance(value, dt.timedelta) else value.isoformat()
    return clean_text(str(value)) or None


def _number_text(text: str, locale: str) -> str:
    """``"1234.5"`` in the locale's decimal mark, without thousands separators."""
    if len(text.partition(".")[2]) == 3:  # "12.345" would read as 12345 in the other locale
        text += "0"
    return text.replace(".", ",") if locale == "vi" else text


def _percent_text(value: float, locale: str) -> str | None:
    """Write a percent-formatted number as Excel shows it, at full precision: 0.95 → ``95%``.

    The stored number is scaled by 100 in decimal, so 0.95 gives exactly 95 (not
    95.00000000000001), and written like a typed percentage (``99,8%`` in vi-VN).
    """
    if not math.isfinite(value):
        return None if math.isnan(value) else str(float(value))
    scaled = Decimal(repr(float(value))).scaleb(2).normalize()
    text = format(scaled, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return _number_text(text, locale) + "%"
