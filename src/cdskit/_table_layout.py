"""Lay out a grid of cells read from a file: title rows, header, data, notes and totals.

Used by :mod:`cdskit.read`, which documents the rules (see its module docstring). Works on plain
lists of cleaned cells so CSV and XLSX share one implementation.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from difflib import get_close_matches

import numpy as np
import pandas as pd

from cdskit.errors import InputError, did_you_mean
from cdskit.vietnamese import name_key

HEADER_SCAN_ROWS = 50
_NUMERIC = re.compile(r"^[<>≤≥~+\-−]?\s*[\d.,\s]*\d[\d.,\s]*(?:%|/\s*\d[\d.,]*)?$")
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
            + did_you_mean(close)
        )
    raise InputError(
        f"{where}: no header row found in the first {len(scan)} rows (expected a row whose "
        "cells are mostly column names). Add a header row above the data."
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


def _row_kind(row: list[str | None], in_notes: bool) -> str | None:
    cells = [c for c in row if c is not None]
    if not cells:
        return "blank"
    if all(c == cells[0] for c in cells) and (in_notes or _NOTE.match(_key(cells[0]))):
        return "note"
    if any(len(c) <= 14 and _key(c).rstrip(" :") in _TOTAL_KEYS for c in cells[:2]):
        return "total"
    return None


def split_table(
    grid: Grid,
    row_numbers: list[int],
    merged: list[tuple[int, int, int, int]],
    hints: Sequence[str],
    where: str,
    excel: bool,
) -> dict:
    """Find the header of a grid of cleaned cells and split it into data and set-aside rows.

    Parameters
    ----------
    grid : list of list of (str or None)
        Cleaned cells, row by row (changed in place: merged cells are filled).
    row_numbers : list of int
        1-based source row of each grid row.
    merged : list of tuple
        Merged XLSX ranges as 0-based ``(top, bottom, left, right)``, inclusive.
    hints : sequence of str
        Column names the header must hold (compared with :func:`cdskit.vietnamese.name_key`).
    where : str
        File (and sheet) for error messages.
    excel : bool
        Name columns by letter (XLSX) rather than by number (CSV) in names and messages.

    Returns
    -------
    dict
        ``data``, ``rows``, ``columns`` and ``set_aside`` as :class:`cdskit.read.Table` holds.

    Raises
    ------
    InputError
        No header row, or a header naming one column twice.
    """
    width = max((len(row) for row in grid), default=0)
    while width and all(len(row) < width or row[width - 1] is None for row in grid):
        width -= 1
    header = _find_header(grid, width, hints, where, merged)
    _fill_merged(grid, merged, range(header, header + 1), header + 1, labels_only=False)
    two_rows = _second_header(grid, header, width, merged)
    if two_rows:
        _fill_merged(grid, merged, range(header + 1, header + 2), header + 1, labels_only=False)
    names = _header_names(grid, header, two_rows, width)
    first_data = header + (2 if two_rows else 1)
    _fill_merged(grid, merged, range(first_data, len(grid)), len(grid), labels_only=True)

    set_aside = [(row_numbers[i], "blank" if not any(grid[i]) else "title") for i in range(header)]
    texts = [" | ".join(dict.fromkeys(c for c in grid[i] if c)) for i in range(header)]
    if first_data < len(grid) and _numbering(_padded(grid, first_data, width), width):
        set_aside.append((row_numbers[first_data], "numbering"))
        texts.append(" | ".join(c for c in grid[first_data] if c))
        first_data += 1
    data_rows: list[list[str | None]] = []
    data_numbers: list[int] = []
    in_notes = False
    for i in range(first_data, len(grid)):
        row = grid[i][:width] + [None] * (width - len(grid[i][:width]))
        kind = _row_kind(grid[i], in_notes)
        in_notes = in_notes or kind == "note"
        if kind is None:
            data_rows.append(row)
            data_numbers.append(row_numbers[i])
        else:
            set_aside.append((row_numbers[i], kind))
            texts.append(" | ".join(dict.fromkeys(c for c in grid[i] if c)))

    label = column_letter if excel else (lambda j: str(j + 1))
    columns: dict[str, int] = {}
    keep: list[int] = []
    for j, name in enumerate(names):
        if name is None:
            if not any(row[j] is not None for row in data_rows):
                continue
            name = f"column {label(j)}"
        if name in columns:
            raise InputError(
                f"{where}: the header names {name!r} twice (columns {label(columns[name])} "
                f"and {label(j)}, row {row_numbers[header]}). Rename one of them so every "
                "column has its own name."
            )
        columns[name] = j
        keep.append(j)
    matrix = np.array([[row[j] for j in keep] for row in data_rows], dtype=object)
    data = pd.DataFrame(
        matrix.reshape(len(data_rows), len(keep)), columns=list(columns), dtype="string"
    )
    aside = pd.DataFrame(
        {
            "row": pd.array([r for r, _ in set_aside], dtype="int64"),
            "kind": pd.array([k for _, k in set_aside], dtype="string"),
            "text": pd.array(texts, dtype="string"),
        }
    ).sort_values("row", ignore_index=True)
    return {
        "data": data,
        "rows": np.asarray(data_numbers, dtype=np.int64),
        "columns": columns,
        "set_aside": aside,
    }
