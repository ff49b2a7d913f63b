"""Lay out a grid of cells read from a file: title rows, header, data, notes and totals.

Used by :mod:`cdskit.raw.read`, which documents the rules (see its module docstring). Works on plain
lists of cleaned cells so CSV and XLSX share one implementation.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence
from difflib import get_close_matches

import numpy as np
import pandas as pd
import pyarrow as pa

from cdskit.errors import InputError, did_you_mean
from cdskit.vietnamese import CONTROL_CHARACTERS, name_key, printable

HEADER_SCAN_ROWS = 50
#: Characters a cell may hold (Excel's own limit); a longer cell makes the file unreadable.
MAX_CELL_CHARS = 32_767
# Linear on any input: the lookahead finds a digit, then one run of number characters.
_NUMERIC = re.compile(r"^[<>≤≥~+\-−]?\s*(?=[\d.,\s]*\d)[\d.,\s]+(?:%|/\s*\d[\d.,]*)?$")
_YEAR = re.compile(r"^(?:năm\s*)?(?:19|20)\d\d(?:\s*-\s*(?:19|20)?\d\d)?$", re.IGNORECASE)
# On name_key text: "Ghi chú:", "Nguồn -", "Note", "* …", "(*) …", "(1) …" (footnotes).
_NOTE = re.compile(
    r"^(?:(?:ghi chu|nguon|chu thich|luu y|notes?|sources?)\s*(?:[:.\-]|$)|\*|\(\*+\)|\(\d+\) )"
)
_NUMBERING = re.compile(r"^\(?(?:\d{1,2}|[A-Za-z])\)?$")
_TOTAL_KEYS = frozenset({"tong", "tong cong", "tong so", "cong", "total", "grand total"})

Grid = list[list[str | None]]
_key = functools.lru_cache(maxsize=1 << 16)(name_key)  # rows repeat the same few labels


def column_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _is_numeric(cell: str) -> bool:
    return bool(_NUMERIC.match(cell)) and not _YEAR.match(cell)


def _header_like(row: list[str | None], width: int) -> bool:
    cells = [c for c in row if c is not None]
    if len(cells) < max(2, math.ceil(width / 2)) or len(set(cells)) < 2:
        return False
    return sum(not _is_numeric(c) for c in cells) >= 0.8 * len(cells)


def _padded(grid: Grid, r: int, width: int) -> list[str | None]:
    return grid[r][:width] + [None] * (width - len(grid[r][:width]))


def _filled_across(grid: Grid, merged: list, r: int) -> list[str | None]:
    """Row ``r`` with its horizontally merged cells filled (for header detection only)."""
    row = list(grid[r])
    for top, _bottom, left, right in merged:
        if top == r and right > left and left < len(row) and row[left] is not None:
            row.extend([None] * (right + 1 - len(row)))
            row[left : right + 1] = [row[left]] * (right + 1 - left)
    return row


def _first_of_two(grid: Grid, r: int, width: int) -> bool:
    """Whether row ``r`` is the upper half of a two-row header whose lower half is ``r + 1``."""
    above, below = _padded(grid, r, width), _padded(grid, r + 1, width)
    cells = [c for c in above if c is not None]
    if len(set(cells)) < 2 or any(_is_numeric(c) for c in cells):
        return False
    pairs = list(zip(above, below, strict=True))
    return any(a and not b for a, b in pairs) and any(b and not a for a, b in pairs)


def _numbering(row: list[str | None], width: int) -> bool:
    """Whether a row only numbers the columns: ``(1) (2) (3)`` or ``A B 1 2``."""
    cells = [c for c in row if c is not None]
    if len(cells) < max(2, math.ceil(width / 2)) or not all(_NUMBERING.match(c) for c in cells):
        return False
    digits = [int(c.strip("()")) for c in cells if c.strip("()").isdigit()]
    consecutive = digits == list(range(digits[0], digits[0] + len(digits))) if digits else True
    marked = all(c.startswith("(") for c in cells) or any(c.strip("()").isalpha() for c in cells)
    return consecutive and marked


def _fill_merged(grid: Grid, merged: list, tops: range, last: int, labels_only: bool) -> None:
    """Copy each merged range's top-left value into its cells (ranges starting in ``tops``)."""
    for top, bottom, left, right in merged:
        if top not in tops or top >= len(grid) or left >= len(grid[top]):
            continue
        value = grid[top][left]
        if value is None or (labels_only and re.search(r"\d", value)):
            continue
        for r in range(top, min(bottom, last, len(grid) - 1) + 1):
            row = grid[r]
            row.extend([None] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                row[c] = value


def _find_header(grid: Grid, width: int, hints: Sequence[str], where: str, merged: list) -> int:
    hint_keys = [name_key(h) for h in hints]
    scan = range(min(len(grid), HEADER_SCAN_ROWS))
    if not hint_keys:
        for r in scan:
            if _header_like(_filled_across(grid, merged, r), width):
                return r - 1 if r and _first_of_two(grid, r - 1, width) else r
    else:
        keys = [{name_key(c) for c in grid[r] if c is not None} for r in scan]
        for r in scan:  # a row holding every hint, else a row and the next one together
            if all(k in keys[r] for k in hint_keys):
                return r
        for r in scan[:-1]:
            if all(k in keys[r] | keys[r + 1] for k in hint_keys):
                return r
        seen = sorted({c for r in scan for c in grid[r] if c is not None})
        missing = [h for h in hints if not any(name_key(h) == name_key(c) for c in seen)]
        close = [m for h in missing for m in get_close_matches(h, seen, n=2, cutoff=0.6)]
        raise InputError(
            f"{where}: no header row with the columns {', '.join(map(repr, hints))} in the "
            f"first {len(scan)} rows; "
            + (
                f"not found: {', '.join(map(repr, missing))}"
                if missing
                else "they are spread over rows that are not one header"
            )
            + ". Check the column names in sources.yml."
            + did_you_mean(missing, close, ranked=True)
        )
    raise InputError(
        f"{where}: no header row found in the first {len(scan)} rows (expected a row whose "
        "cells are mostly column names). Add a header row above the data."
    )


def _looks_like_data(row: list[str | None], header: list[str | None]) -> bool:
    """Whether a row above the header holds figures or is as full as a table row."""
    cells = [c for c in row if c is not None]
    if len(set(cells)) < 2:
        return False
    filled_header = sum(c is not None for c in header)
    return any(_is_numeric(c) for c in cells) or len(cells) >= max(3, filled_header / 2)


def _check_above_header(
    grid: Grid, header: int, width: int, row_numbers: Sequence[int], where: str
) -> None:
    """Refuse rows above the header that look like data (two tables pasted together)."""
    names = _padded(grid, header, width)
    found = [r for r in range(header) if _looks_like_data(_padded(grid, r, width), names)]
    if found:
        rows = ", ".join(str(row_numbers[r]) for r in found[:5])
        example = " | ".join(dict.fromkeys(c for c in grid[found[0]] if c is not None))
        raise InputError(
            f"{where}: row(s) {rows} above the header (row {row_numbers[header]}) look like "
            f"data ({printable(example, 80)}), not like a title. Were two tables pasted one "
            "above the other? Give each table its own header (or its own file), or delete "
            "those rows; they are not set aside as titles, so no figure is lost unseen."
        )


def _second_header(grid: Grid, r: int, width: int, merged: list) -> bool:
    if r + 1 >= len(grid):
        return False
    first = grid[r] + [None] * (width - len(grid[r]))
    second = grid[r + 1] + [None] * (width - len(grid[r + 1]))
    if not any(second) or any(c is not None and _is_numeric(c) for c in second):
        return False
    spans = any(top == r and (right > left or bottom > top) for top, bottom, left, right in merged)
    gaps = any(a is None and b is not None for a, b in zip(first, second, strict=True))
    return spans or gaps


def _header_names(grid: Grid, r: int, two_rows: bool, width: int) -> list[str | None]:
    first = grid[r] + [None] * (width - len(grid[r]))
    if not two_rows:
        return first
    second = grid[r + 1] + [None] * (width - len(grid[r + 1]))
    names: list[str | None] = []
    above = None
    for a, b in zip(first, second, strict=True):
        if a is not None:
            above = a
        top = a if a is not None else (above if b is not None else None)
        parts = [p for p in dict.fromkeys((top, b)) if p is not None]
        names.append(" / ".join(parts) if parts else None)
    return names


#: A table's cells as ids: an ``(rows, columns)`` integer array (``-1`` for an empty cell)
#: indexing an object array of the distinct cleaned texts.
Cells = tuple[np.ndarray, np.ndarray]


def encode_grid(grid: Grid) -> Cells:
    """Return a grid's cells as ids into its distinct texts (short rows padded as empty).

    Parameters
    ----------
    grid : list of list of (str or None)
        Cleaned cells, row by row.

    Returns
    -------
    tuple of numpy.ndarray
        ``(ids, texts)``: ``ids[r, c]`` is the index of cell ``(r, c)`` in ``texts``, or -1.
    """
    full = max((len(row) for row in grid), default=0)
    lookup: dict[str, int] = {}
    ids = np.full((len(grid), full), -1, dtype=np.int32)
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is not None:
                ids[r, c] = lookup.setdefault(cell, len(lookup))
    return ids, _texts(lookup)


def _texts(lookup: dict[str, int]) -> np.ndarray:
    texts = np.empty(len(lookup), dtype=object)
    texts[:] = list(lookup)
    return texts


def _first_ids(ids: np.ndarray, filled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ids of the first and second non-empty cell of each row (-1 when the row has fewer)."""
    first = np.full(len(ids), -1, dtype=ids.dtype)
    second = first.copy()
    for j in range(ids.shape[1] - 1, -1, -1):
        here = filled[:, j]
        second = np.where(here, first, second)
        first = np.where(here, ids[:, j], first)
    return first, second


def _on_distinct(ids: np.ndarray, texts: np.ndarray, test) -> np.ndarray:
    """Apply ``test`` (str → bool) once per distinct text among ``ids``; False for -1."""
    used = np.unique(ids[ids >= 0])
    passed = used[np.array([bool(test(texts[i])) for i in used], dtype=bool)]
    return np.isin(ids, passed)


def _is_total(cell: str) -> bool:
    return len(cell) <= 14 and _key(cell).rstrip(" :") in _TOTAL_KEYS


def _row_kinds(ids: np.ndarray, texts: np.ndarray) -> np.ndarray:
    """Kind of each row of cell ids: ``None`` (data), blank, note or total.

    A note row holds one distinct text and either starts like a note (``Ghi chú:``, ``* …``)
    or follows one; a total row names a total (``Tổng cộng``) in one of its first two cells.
    """
    kinds = np.full(len(ids), None, dtype=object)
    if not len(ids):
        return kinds
    filled = ids >= 0
    blank = ~filled.any(axis=1)
    first, second = _first_ids(ids, filled)
    single = ~blank & ((ids == first[:, None]) | ~filled).all(axis=1)
    starts = single & _on_distinct(first, texts, lambda c: _NOTE.match(_key(c)))
    note = single & (np.cumsum(starts) > 0)
    total = _on_distinct(first, texts, _is_total) | _on_distinct(second, texts, _is_total)
    kinds[total] = "total"
    kinds[note] = "note"
    kinds[blank] = "blank"
    return kinds


def _row_text(ids: np.ndarray, texts: np.ndarray) -> str:
    return " | ".join(dict.fromkeys(texts[i] for i in ids if i >= 0))


def _string_column(ids: np.ndarray, texts: pa.Array) -> pd.Series:
    """Return the texts ``ids`` point at (missing for -1) as a ``string`` column, via Arrow."""
    taken = texts.take(pa.array(ids, mask=ids < 0, type=pa.int32()))
    return pd.Series(pd.arrays.ArrowStringArray(taken)).astype("string")


def split_table(
    grid: Grid,
    row_numbers: Sequence[int],
    merged: list[tuple[int, int, int, int]],
    hints: Sequence[str],
    where: str,
    excel: bool,
    cells: Cells | None = None,
) -> dict:
    """Find the header of a grid of cleaned cells and split it into data and set-aside rows.

    Parameters
    ----------
    grid : list of list of (str or None)
        Cleaned cells, row by row (changed in place: merged cells are filled).
    row_numbers : sequence of int
        1-based source row of each grid row (of every row when ``cells`` is given).
    merged : list of tuple
        Merged XLSX ranges as 0-based ``(top, bottom, left, right)``, inclusive.
    hints : sequence of str
        Column names the header must hold (compared with :func:`cdskit.vietnamese.name_key`).
    where : str
        File (and sheet) for error messages.
    excel : bool
        Name columns by letter (XLSX) rather than by number (CSV) in names and messages.
    cells : tuple of numpy.ndarray, optional
        Every row as cell ids and distinct texts (see :func:`encode_grid`), for large tables
        read column by column; ``grid`` then needs to hold only the first
        ``HEADER_SCAN_ROWS + 3`` rows (header detection), and ``merged`` must be empty.

    Returns
    -------
    dict
        ``data``, ``rows``, ``columns`` and ``set_aside`` as :class:`cdskit.raw.read.Table` holds.

    Raises
    ------
    InputError
        No header row, or a header naming one column twice.
    """
    width, n_rows = _table_size(grid, cells)
    header = _find_header(grid, width, hints, where, merged)
    _fill_merged(grid, merged, range(header, header + 1), header + 1, labels_only=False)
    two_rows = _second_header(grid, header, width, merged)
    if two_rows:
        _fill_merged(grid, merged, range(header + 1, header + 2), header + 1, labels_only=False)
    names = _header_names(grid, header, two_rows, width)
    _check_above_header(grid, header, width, row_numbers, where)
    label = column_letter if excel else (lambda j: str(j + 1))
    _check_header_text(names, row_numbers[header], where, label)
    first_data = header + (2 if two_rows else 1)
    if cells is None:
        _fill_merged(grid, merged, range(first_data, len(grid)), len(grid), labels_only=True)
        cells = encode_grid(grid)
    ids, texts = cells

    set_aside = [(row_numbers[i], "blank" if not any(grid[i]) else "title") for i in range(header)]
    texts_aside = [" | ".join(dict.fromkeys(c for c in grid[i] if c)) for i in range(header)]
    if first_data < n_rows and _numbering(_padded(grid, first_data, width), width):
        set_aside.append((row_numbers[first_data], "numbering"))
        texts_aside.append(" | ".join(c for c in grid[first_data] if c))
        first_data += 1
    block = ids[first_data:]
    kinds = _row_kinds(block, texts)
    is_data = pd.isna(kinds)
    numbers = np.asarray(row_numbers, dtype=np.int64)[first_data:]
    for i in np.flatnonzero(~is_data):
        set_aside.append((int(numbers[i]), kinds[i]))
        texts_aside.append(_row_text(block[i], texts))
    data_ids = block if is_data.all() else block[is_data]  # every row data: no copy

    columns = _column_names(names, data_ids, row_numbers[header], where, label)
    arrow_texts = pa.array(texts, type=pa.large_string())
    data = pd.DataFrame(
        {name: _string_column(data_ids[:, j], arrow_texts) for name, j in columns.items()},
        index=pd.RangeIndex(len(data_ids)),
    )
    return {
        "data": data,
        "rows": numbers[is_data],
        "columns": columns,
        "set_aside": _set_aside_frame(set_aside, texts_aside),
    }


def _table_size(grid: Grid, cells: Cells | None) -> tuple[int, int]:
    """Return the number of columns in use and of rows, from the grid or the encoded cells."""
    if cells is None:
        width = max((len(row) for row in grid), default=0)
        while width and all(len(row) < width or row[width - 1] is None for row in grid):
            width -= 1
        return width, len(grid)
    used = (cells[0] >= 0).any(axis=0)
    width = int(np.flatnonzero(used)[-1]) + 1 if used.any() else 0
    return width, len(cells[0])


def _check_header_text(
    names: list[str | None], row: int, where: str, label: Callable[[int], str]
) -> None:
    """Refuse a header cell holding a control character (it cannot be typed or seen)."""
    for j, name in enumerate(names):
        if name is not None and CONTROL_CHARACTERS.search(name):
            raise InputError(
                f"{where}: the header cell of column {label(j)} "
                f"(row {row}) holds a control character "
                f"({printable(name, 60)}). Retype the column name."
            )


def _column_names(
    names: list[str | None],
    data_ids: np.ndarray,
    row: int,
    where: str,
    label: Callable[[int], str],
) -> dict[str, int]:
    """Return each kept column's name and position; unnamed columns with data get a label."""
    columns: dict[str, int] = {}
    for j, name in enumerate(names):
        if name is None:
            if not (data_ids[:, j] >= 0).any():
                continue
            name = f"column {label(j)}"
        if name in columns:
            raise InputError(
                f"{where}: the header names {name!r} twice (columns {label(columns[name])} "
                f"and {label(j)}, row {row}). Rename one of them so every "
                "column has its own name."
            )
        columns[name] = j
    return columns


def _set_aside_frame(set_aside: list[tuple[int, str]], texts: list[str]) -> pd.DataFrame:
    """Return the rows set aside (source row, kind, text), in source order."""
    return pd.DataFrame(
        {
            "row": pd.array([r for r, _ in set_aside], dtype="int64"),
            "kind": pd.array([k for _, k in set_aside], dtype="string"),
            "text": pd.array(texts, dtype="string"),
        }
    ).sort_values("row", ignore_index=True)
