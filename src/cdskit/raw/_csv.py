"""Decode and split CSV files for :mod:`cdskit.raw.read` (which documents what a table is).

Encodings are recognised from a BOM, UTF-16 without BOM, strict UTF-8, then Windows-1258; the
delimiter is sniffed from the first lines. A file whose records are one line each is split by
pandas' C parser and cleaned once per distinct text; any other file record by record with
:mod:`csv`, so quoted line breaks keep the line a record starts on.

A UTF-8 file (with or without BOM) is checked in blocks and split by pandas straight from the
file, so its decoded text is never held whole next to the cells parsed from it; any other
encoding, and a file read record by record, is decoded whole first.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from cdskit.errors import InputError
from cdskit.raw._table_grid import HEADER_SCAN_ROWS, MAX_CELL_CHARS, Cells, Grid, column_letter
from cdskit.vietnamese import clean_text

_DELIMITERS = ("\t", ";", ",")
#: Bytes a CSV file may have, and cells (rows × columns) it may hold.
BYTES_BUDGET = 2 * 1024**3
CELL_BUDGET = 100_000_000
_CHUNK_ROWS = 200_000
_SNIFF_CHARS = 20_000
_BLOCK_BYTES = 1 << 22  # a UTF-8 file is checked 4 MiB at a time


def read_csv_cells(path: Path, display: str) -> tuple[Grid, Sequence[int], str, Cells | None]:
    """Read a CSV file's cells.

    A file whose records are one line each is split by pandas' C parser and cleaned column by
    column, once per distinct text; the grid then holds only the rows header detection reads.
    Otherwise (quoted line breaks, lone carriage returns, more cells further down than in the
    first lines) each record is split by :mod:`csv` and the grid holds every row.

    Parameters
    ----------
    path : pathlib.Path
        The CSV file.
    display : str
        The file's name in messages.

    Returns
    -------
    tuple
        ``(grid, row_numbers, encoding, cells)``: cleaned cells row by row, the 1-based line
        each row starts on (a range when every record is one line), the encoding found, and
        every row's cell ids (:data:`cdskit.raw._table_grid.Cells`) or None when the grid
        holds every row.

    Raises
    ------
    InputError
        The file cannot be read or decoded, has an unclosed quote, or a cell longer than
        :data:`cdskit.raw._table_grid.MAX_CELL_CHARS`.
    """
    try:
        size = path.stat().st_size
        if size > BYTES_BUDGET:
            raise InputError(
                f"{display}: the file has {size:,} bytes, more than the {BYTES_BUDGET:,} a raw "
                "table may have. Split it into several files (by year or by province)."
            )
        with _field_limit(size + 1):  # any cell is read, then measured against the limit
            utf8 = _scan_utf8(path)
            if utf8 is not None:
                delimiter = _sniff_delimiter(utf8.head)
                cells = _csv_cells(utf8, delimiter, display)
                if cells is not None:
                    return _id_cells(cells, utf8.encoding, display)
            text, encoding = _decode(path.read_bytes(), display)
            if utf8 is not None:  # records spanning lines: read record by record
                return _record_cells(text, delimiter, encoding, display)
            return _cells(text, encoding, display)
    except OSError as exc:
        raise InputError(f"{display}: cannot read the file ({exc.strerror}).") from exc


@contextlib.contextmanager
def _field_limit(size: int):
    """Let :mod:`csv` read cells of any length for a while (its limit is process-wide)."""
    before = csv.field_size_limit()
    csv.field_size_limit(max(before, size))
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _cells(text: str, encoding: str, display: str) -> tuple[Grid, Sequence[int], str, Cells | None]:
    """Read the cells of a decoded text: split by pandas when it can, else record by record."""
    source = _Text(text)
    delimiter = _sniff_delimiter(source.head)
    cells = _csv_cells(source, delimiter, display)
    if cells is not None:
        return _id_cells(cells, encoding, display)
    return _record_cells(text, delimiter, encoding, display)


def _id_cells(cells: Cells, encoding: str, display: str) -> tuple[Grid, range, str, Cells]:
    """Return what :func:`read_csv_cells` returns for cells split by pandas."""
    ids, texts = cells
    _check_lengths(ids, texts, display)
    head = [[texts[i] if i >= 0 else None for i in row] for row in ids[: HEADER_SCAN_ROWS + 3]]
    return head, range(1, len(ids) + 1), encoding, cells  # no list of a million ints


def _record_cells(
    text: str, delimiter: str, encoding: str, display: str
) -> tuple[Grid, list[int], str, None]:
    """Split ``text`` record by record with :mod:`csv` (quoted line breaks stay in their cell)."""
    # strict: a quote left open (or text after a closing quote) is an error, never a cell
    # that swallows the lines below it.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    grid: Grid = []
    row_numbers: list[int] = []
    cache: dict[str, str | None] = {}
    start = 1
    seen = 0
    try:
        for record in reader:
            seen += len(record)
            if seen > CELL_BUDGET:
                raise InputError(_over_budget(display, len(grid) + 1, len(record)))
            for j, cell in enumerate(record):
                if len(cell) > MAX_CELL_CHARS:
                    raise InputError(_too_long(display, start, j, len(cell)))
            grid.append([_clean_cell(cell, cache) for cell in record])
            row_numbers.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(
            f"{display}:line {start}: a quote opened in the record starting on this line is "
            f"not closed where the cell ends ({exc}); read as it is, the lines below would "
            'become one cell. Close the quote, double a quote inside a quoted cell (""), or '
            "remove the stray quote."
        ) from None
    return grid, row_numbers, encoding, None


def _too_long(display: str, line: int, column: int, length: int) -> str:
    return (
        f"{display}:line {line}, column {column_letter(column)}: a cell holds {length:,} "
        f"characters; a cell may hold at most {MAX_CELL_CHARS:,} "
        "(Excel's own limit). Shorten the text or move it out of the table; a figure never "
        "needs that much."
    )


def _check_lengths(ids: np.ndarray, texts: np.ndarray, display: str) -> None:
    """Refuse a file whose cells (as distinct texts) include one longer than the limit."""
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    too_long = np.flatnonzero(lengths > MAX_CELL_CHARS)
    if len(too_long):
        row, column = np.argwhere(np.isin(ids, too_long))[0]
        length = int(lengths[ids[row, column]])
        raise InputError(_too_long(display, int(row) + 1, int(column), length))


def _over_budget(display: str, rows: int, width: int) -> str:
    return (
        f"{display}: {rows:,} rows × {width:,} columns are more than the {CELL_BUDGET:,} cells "
        "a raw table may hold. Split the file into several files (by year or by province)."
    )


def _csv_cells(source: _Text | _Utf8File, delimiter: str, display: str) -> Cells | None:
    """Every line split and cleaned column by column, or None when a record may span lines."""
    if source.empty or source.lone_cr:
        return None
    lines = source.lines
    head = csv.reader(io.StringIO(_first_lines(source.head, 1000), newline=""), delimiter=delimiter)
    try:
        width = max((len(record) for record in head), default=0)
    except csv.Error:  # a very long cell: the record-by-record reader says where
        return None
    if not width:
        return None
    if lines * width > CELL_BUDGET:
        raise InputError(_over_budget(display, lines, width))
    lookup: dict[str, int] = {}  # cleaned text → id
    known: dict[str, int] = {}  # text as read → id of its cleaned text (-1: empty)
    ids = np.empty((lines, width), dtype=np.int32)  # filled chunk by chunk, never concatenated
    try:
        with source.utf8() as stream:
            filled = _split_ids(stream, delimiter, ids, known, lookup)
    except (pd.errors.ParserError, ValueError):
        return None  # more cells than in the first lines, or a quote the C parser refuses
    if filled != lines:
        return None
    texts = np.empty(len(lookup), dtype=object)
    texts[:] = list(lookup)
    return ids, texts


def _split_ids(
    stream: IO[bytes],
    delimiter: str,
    ids: np.ndarray,
    known: dict[str, int],
    lookup: dict[str, int],
) -> int:
    """Split UTF-8 ``stream`` with pandas into ``ids``, chunk by chunk; return the rows split.

    Stops at the first row past the end of ``ids`` (the caller then reads record by record).
    """
    lines, width = ids.shape
    chunks = pd.read_csv(
        stream,
        sep=delimiter,
        header=None,
        names=range(width),
        dtype=object,
        na_filter=False,
        skip_blank_lines=False,
        engine="c",
        encoding="utf-8",
        chunksize=_CHUNK_ROWS,  # bounds the memory of Python strings held at once
    )
    start = 0
    with chunks:
        for chunk in chunks:
            end = start + len(chunk)
            if end > lines:
                return end
            for j in range(width):
                codes, uniques = pd.factorize(chunk[j].to_numpy(dtype=object))
                mapped = [_cell_id(cell, known, lookup) for cell in uniques]
                ids[start:end, j] = np.array([*mapped, -1], dtype=np.int32)[codes]
            start = end
    return start


@dataclass(frozen=True)
class _Text:
    """A decoded text, as :func:`_csv_cells` reads it."""

    text: str

    @property
    def empty(self) -> bool:
        return not self.text

    @property
    def lone_cr(self) -> bool:
        """Whether a carriage return ends a line on its own (not followed by a line feed)."""
        return self.text.count("\r") != self.text.count("\r\n")

    @property
    def lines(self) -> int:
        return self.text.count("\n") + (not self.text.endswith("\n"))

    def head(self, chars: int) -> str:
        return self.text[:chars]

    @contextlib.contextmanager
    def utf8(self) -> Iterator[IO[bytes]]:
        yield io.BytesIO(self.text.encode("utf-8"))  # a StringIO would hold 4 bytes a character


@dataclass(frozen=True)
class _Utf8File:
    """A file checked to be UTF-8 throughout (see :func:`_scan_utf8`), read from disk as needed.

    Its text starts at byte ``offset`` (after a BOM); ``lines``, ``empty`` and ``lone_cr`` are
    what :class:`_Text` would say of that text.
    """

    path: Path
    offset: int
    encoding: str
    empty: bool
    lone_cr: bool
    lines: int

    def head(self, chars: int) -> str:
        with open(self.path, "rb") as stream:
            stream.seek(self.offset)
            start = stream.read(4 * chars)  # a character takes at most 4 bytes
        return codecs.getincrementaldecoder("utf-8")().decode(start)[:chars]

    @contextlib.contextmanager
    def utf8(self) -> Iterator[IO[bytes]]:
        with open(self.path, "rb") as stream:
            stream.seek(self.offset)
            yield stream


def _scan_utf8(path: Path) -> _Utf8File | None:
    """Check a file block by block: a :class:`_Utf8File` if it is UTF-8, else None.

    None for a BOM of another encoding, a start that looks like UTF-16 without BOM, or bytes
    that are not UTF-8 (:func:`_decode` then reads the whole file and says which).
    """
    with open(path, "rb") as stream:
        start = stream.read(4096)
        found = next((pair for pair in _BOMS if start.startswith(pair[0])), None)
        if found is not None and found[1] != "utf-8-sig":
            return None
        if found is None and start.count(0) > len(start) // 4:  # UTF-16 (see _decode)
            return None
        offset, encoding = (len(found[0]), found[1]) if found else (0, "utf-8")
        stream.seek(offset)
        decoder = codecs.getincrementaldecoder("utf-8")()
        size = newlines = returns = pairs = 0
        last = b""
        while block := stream.read(_BLOCK_BYTES):
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                return None
            size += len(block)
            newlines += block.count(b"\n")
            returns += block.count(b"\r")
            pairs += block.count(b"\r\n") + (last == b"\r" and block.startswith(b"\n"))
            last = block[-1:]
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    # In UTF-8 a line feed or carriage return byte is always that character.
    lines = newlines + (last != b"\n")
    return _Utf8File(path, offset, encoding, not size, returns != pairs, lines)


def _cell_id(cell: str, known: dict[str, int], lookup: dict[str, int]) -> int:
    found = known.get(cell)
    if found is None:
        cleaned = clean_text(cell)
        found = known[cell] = lookup.setdefault(cleaned, len(lookup)) if cleaned else -1
    return found


def _first_lines(head: Callable[[int], str], count: int) -> str:
    """Return the start of a text holding its first ``count`` lines (all of it if fewer).

    ``head(n)`` returns the text's first ``n`` characters (fewer at its end).
    """
    size = 1 << 16
    start = head(size)
    while len(start) == size and start.count("\n") + start.count("\r") <= 2 * count:
        size *= 4
        start = head(size)
    return start


def _clean_cell(cell: str, cache: dict[str, str | None]) -> str | None:
    if cell not in cache:
        cleaned = clean_text(cell)
        cache[cell] = cleaned or None
    return cache[cell]


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HIGH_BYTES = bytes(range(0x80, 0x100))
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")


def _decode(raw: bytes, display: str) -> tuple[str, str]:
    """Decode CSV bytes: BOM, then UTF-16 without BOM, then strict UTF-8, then Windows-1258."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _strict(raw[len(bom) :], encoding, display, len(bom)), encoding
    head = raw[:4096]
    if head.count(0) > len(head) // 4:
        odd = head[1::2].count(0)
        encoding = "utf-16-le" if odd >= head[0::2].count(0) else "utf-16-be"
        return _strict(raw, encoding, display, 0), encoding
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    high_bytes = len(raw) - len(raw.translate(None, _HIGH_BYTES))
    utf8_bytes = sum(len(m) for m in _UTF8_SEQUENCE.findall(raw))
    if utf8_bytes * 2 < high_bytes:  # mostly not UTF-8: a Windows-1258 export
        try:
            return raw.decode("cp1258"), "cp1258"
        except UnicodeDecodeError:
            pass
    start = utf8_error.start
    line = raw.count(b"\n", 0, start) + 1
    raise InputError(
        f"{display}:line {line}: byte 0x{raw[start]:02x} at offset {start} is not valid UTF-8 "
        "and the file is not Windows-1258 (cp1258) either. Save the file as UTF-8 (Excel: "
        "'CSV UTF-8'), or replace the damaged character on that line."
    )


def _strict(raw: bytes, encoding: str, display: str, offset: int) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        newline = "\n".encode(encoding.replace("-sig", ""))
        line = raw.count(newline, 0, exc.start) + 1
        raise InputError(
            f"{display}:line {line}: bytes at offset {exc.start + offset} are not valid "
            f"{encoding} ({exc.reason}). Save the file again as UTF-8."
        ) from exc


def _sniff_delimiter(head: Callable[[int], str]) -> str:
    """Pick the delimiter that splits the most lines into the same number (> 1) of cells.

    ``head(n)`` returns the text's first ``n`` characters (fewer at its end).
    """
    lines = itertools.islice(io.StringIO(_first_lines(head, 200), newline=None), 200)
    # Long lines are cut: counting delimiters needs no more, and csv refuses huge cells.
    sample = [line.rstrip("\r\n")[:_SNIFF_CHARS] for line in lines if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        counts = [len(r) for r in csv.reader(sample, delimiter=delimiter) if len(r) > 1]
        if counts:
            fields, freq = Counter(counts).most_common(1)[0]
            if (freq, fields) > best_score:
                best, best_score = delimiter, (freq, fields)
    return best
