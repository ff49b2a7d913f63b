"""Write the processed dataset and the validation report, atomically and reproducibly.

Files are first written into a temporary folder next to the target and then moved into place
with :func:`os.replace`, so a failed run never leaves half-written files and never replaces
good output. The same inputs give byte-identical files: rows are sorted, columns fixed, and no
timestamp is written.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from cdskit._version import __version__
from cdskit.dataset.codebook import CODEBOOK_COLUMNS
from cdskit.dataset.observations import COLUMN_NAMES, COLUMNS, FIGURE_KEY, FORMULA_PREFIXES
from cdskit.files import write_folder_atomically
from cdskit.raw.citing import read_citations
from cdskit.raw.sources import Register

_ARROW = {"string": pa.string(), "number": pa.float64(), "integer": pa.int64()}
_ARROW["boolean"] = pa.bool_()
_SORT = (*FIGURE_KEY, "source_id", "origin")
_SOURCE_COLUMNS = ("id", "title", "publisher", "date", "url", "licence")
#: Columns of how a source is cited to readers (from data/raw/source_citations.csv).
_CITATION_COLUMNS = (
    "language",
    "title_vi",
    "title_en",
    "publisher_vi",
    "publisher_en",
    "cite_url",
    "copy_site",
    "copy_note_vi",
    "copy_note_en",
)
_FILE_COLUMNS = ("path", "sha256", "source", "layout", "description")


def neutralise(frame: pd.DataFrame, text_columns: list[str] | None = None) -> pd.DataFrame:
    """Return a copy whose text cells cannot run as spreadsheet formulas.

    A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading ``'``; a lone ``-`` (a missing marker, never a formula) is kept. Numeric columns
    are left alone, so ``-3.5`` stays a number.

    Parameters
    ----------
    frame : pandas.DataFrame
        Table about to be written as CSV.
    text_columns : list of str, optional
        Columns to neutralise (default: every column of object or string dtype).

    Returns
    -------
    pandas.DataFrame
        The neutralised copy.

    Examples
    --------
    >>> neutralise(pd.DataFrame({"a": ["=1+1", "ok"], "b": [-1, 2]})).values.tolist()
    [["'=1+1", -1], ['ok', 2]]
    """
    out = frame.copy()
    if text_columns is None:
        text_columns = [
            name
            for name in out.columns
            if out[name].dtype == object or pd.api.types.is_string_dtype(out[name])
        ]
    for name in text_columns:
        if not _may_hold_formulas(out[name]):
            continue
        codes, uniques = pd.factorize(out[name], use_na_sentinel=True)
        safe = [_defuse(cell) for cell in uniques]
        if all(a is b for a, b in zip(safe, uniques, strict=True)):
            continue
        table = np.array([*safe, None], dtype=object)
        out[name] = pd.Series(table[codes], index=out.index, dtype=object)
    return out


def _may_hold_formulas(column: pd.Series) -> bool:
    """Whether a column may hold a text cell to defuse (True unless Arrow shows it cannot)."""
    try:
        texts = pa.array(column, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return True  # not all texts: look at every cell
    return bool(pc.any(_formula_cells(texts)).as_py())


def _defuse(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES) and cell != "-":
        return "'" + cell
    return cell


def sort_observations(observations: pd.DataFrame) -> pd.DataFrame:
    """Return observations in the published order (figure key, source, origin).

    Parameters
    ----------
    observations : pandas.DataFrame
        Columns of :data:`cdskit.dataset.observations.COLUMN_NAMES`.

    Returns
    -------
    pandas.DataFrame
        Sorted copy with a fresh index and the columns in schema order.
    """
    columns = observations[list(COLUMN_NAMES)]
    return columns.take(_published_order(columns)).reset_index(drop=True)


def _published_order(observations: pd.DataFrame) -> np.ndarray:
    """Return the positions of the observations in the published order (see sort_observations).

    ``origin`` (distinct on almost every row) is factorised only when the other keys tie.
    """
    if not len(observations):
        return np.arange(0)
    order = _lexsort(observations, _SORT[:-1])
    if not _ties(observations, _SORT[:-1]):
        return order
    return _lexsort(observations, _SORT)


def _sort_codes(column: pd.Series) -> np.ndarray:
    codes, _ = pd.factorize(column, sort=True, use_na_sentinel=True)
    return np.where(codes < 0, codes.max(initial=-1) + 1, codes)  # missing last


def _lexsort(observations: pd.DataFrame, names: tuple[str, ...]) -> np.ndarray:
    # np.lexsort sorts by its last key first
    return np.lexsort([_sort_codes(observations[name]) for name in reversed(names)])


def _ties(observations: pd.DataFrame, names: tuple[str, ...]) -> bool:
    """Whether two rows have the same values in ``names`` (missing values equal)."""
    combined = np.zeros(len(observations), dtype=np.int64)
    for name in names:  # one id per distinct combination, kept small by refactorising
        codes, uniques = pd.factorize(observations[name], use_na_sentinel=False)
        combined, found = pd.factorize(combined * (len(uniques) + 1) + codes)
    return len(found) < len(observations)


def write_dataset(
    observations: pd.DataFrame,
    codebook: pd.DataFrame,
    register: Register,
    processed_dir: str | Path,
) -> dict[str, Path]:
    """Write the observations, codebook, sources and ``datapackage.json``.

    Parameters
    ----------
    observations : pandas.DataFrame
        Accepted observations (see :func:`cdskit.processing.validate.validate`).
    codebook : pandas.DataFrame
        From :func:`cdskit.dataset.codebook.load_codebook`.
    register : Register
        The checked ``sources.yml``.
    processed_dir : str or pathlib.Path
        Target folder (created when missing).

    Returns
    -------
    dict of str to pathlib.Path
        File name → path of every file written.

    Raises
    ------
    OutputError
        The folder cannot be written; the files already in it are unchanged.
    """
    return write_folder_atomically(processed_dir, dataset_writers(observations, codebook, register))


def dataset_writers(
    observations: pd.DataFrame, codebook: pd.DataFrame, register: Register
) -> dict[str, Callable[[Path], None]]:
    """Return the writers of the dataset files, for :func:`cdskit.files.write_folder_atomically`.

    Parameters
    ----------
    observations, codebook, register
        As in :func:`write_dataset`.

    Returns
    -------
    dict of str to callable
        File name → function writing that file at the path it is given.
    """
    return _writers(_arrow_table(observations, _published_order(observations)), codebook, register)


def _handed_dataset_writers(
    handed: list[pd.DataFrame], codebook: pd.DataFrame, register: Register
) -> dict[str, Callable[[Path], None]]:
    """Return the writers of :func:`dataset_writers` for observations handed over in a list.

    The caller gives up its reference: the list's one frame is taken out of it, and each of its
    columns is released as soon as it is converted to Arrow, so the rows are never held twice
    over (as pandas columns and as the Arrow table the files are written from).

    Parameters
    ----------
    handed : list of pandas.DataFrame
        One frame of accepted observations; the list is left empty.
    codebook, register
        As in :func:`write_dataset`.

    Returns
    -------
    dict of str to callable
        File name → function writing that file at the path it is given.
    """
    observations = handed.pop()
    order = _published_order(observations)
    return _writers(_arrow_table(observations, order, release=True), codebook, register)


def _writers(
    table: pa.Table, codebook: pd.DataFrame, register: Register
) -> dict[str, Callable[[Path], None]]:
    book = _codebook_frame(codebook)
    sources = _sources_frame(register)
    files = pd.DataFrame(
        [[getattr(f, key) or "" for key in _FILE_COLUMNS] for f in register.files],
        columns=list(_FILE_COLUMNS),
    ).sort_values("path")
    writers: dict[str, Callable[[Path], None]] = {
        "observations.parquet": lambda path: _write_parquet(table, path),
        "observations.csv": lambda path: _write_observations_csv(_defused(table), path),
        "codebook.csv": lambda path: write_csv(neutralise(book), path),
        "sources.csv": lambda path: write_csv(neutralise(sources), path),
        "raw_files.csv": lambda path: write_csv(neutralise(files), path),
        "datapackage.json": lambda path: _write_json(_datapackage(register), path),
    }
    return writers


def _sources_frame(register: Register) -> pd.DataFrame:
    """Return the sources as found (sources.yml) beside how each is cited (citations)."""
    found = pd.DataFrame(
        [[getattr(s, key) for key in _SOURCE_COLUMNS] for s in register.sources.values()],
        columns=list(_SOURCE_COLUMNS),
    )
    citing = read_citations(register.raw_dir, list(register.sources))
    citing = citing.rename(columns={"source_id": "id", "url": "cite_url"})
    frame = found.merge(citing[["id", *_CITATION_COLUMNS]], on="id", how="left")
    as_found = {"title_vi": "title", "title_en": "title", "publisher_vi": "publisher"}
    as_found |= {"publisher_en": "publisher", "cite_url": "url"}
    for column, fallback in as_found.items():
        frame[column] = frame[column].fillna(frame[fallback])
    for column in _CITATION_COLUMNS:
        if column == "copy_site":
            frame[column] = (
                frame[column].fillna(False).astype(bool).map({True: "true", False: "false"})
            )
        else:
            frame[column] = frame[column].fillna("")
    return frame.sort_values("id")


def write_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """Write a table as CSV in UTF-8 with a BOM (Excel shows the diacritics) and LF line ends.

    Parameters
    ----------
    frame : pandas.DataFrame
        Table to write (neutralise it first, see :func:`neutralise`).
    path : str or pathlib.Path
        Target file.
    """
    frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


def _write_json(document: dict, path: Path) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False)
    path.write_text(text + "\n", encoding="utf-8")


def _write_observations_csv(table: pa.Table, path: Path) -> None:
    # Arrow writes a million rows in about a second; strings are always quoted, so an empty
    # published cell ("") stays distinct from a missing one.
    with open(path, "wb") as stream:
        stream.write(b"\xef\xbb\xbf")
        pa_csv.write_csv(table, stream, pa_csv.WriteOptions(quoting_style="needed"))


def _write_parquet(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression="zstd", write_statistics=True)


def _defused(table: pa.Table) -> pa.Table:
    """Return the table with :func:`neutralise` applied to its string columns, in Arrow."""
    for i, field in enumerate(table.schema):
        if field.type != pa.string():
            continue
        texts = table.column(i)
        risky = _formula_cells(texts)
        if pc.any(risky).as_py():
            quoted = pc.binary_join_element_wise(pa.scalar("'"), texts, pa.scalar(""))
            table = table.set_column(i, field, pc.if_else(risky, quoted, texts))
    return table


def _formula_cells(texts: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Return True where a text cell would run as a spreadsheet formula (see neutralise)."""
    hits = [pc.starts_with(texts, prefix) for prefix in FORMULA_PREFIXES]
    return pc.and_(functools.reduce(pc.or_, hits), pc.not_equal(texts, "-"))


def _arrow_table(rows: pd.DataFrame, order: np.ndarray, *, release: bool = False) -> pa.Table:
    """Return the observations as an Arrow table, rows in ``order``.

    Each column is put in order on its own and converted, so the sorted rows never exist as a
    second pandas table beside the first. With ``release`` (``rows`` belongs to the caller
    alone), each column is taken out of ``rows`` once converted.
    """
    schema = pa.schema([pa.field(c.name, _ARROW[c.type], nullable=True) for c in COLUMNS])
    arrays = []
    for column in COLUMNS:
        values = (rows.pop(column.name) if release else rows[column.name]).take(order)
        if column.type == "string":
            arrays.append(pa.array(values, type=pa.string(), from_pandas=True))
            continue
        if column.type == "integer":
            values = values.astype("Int64")
        elif column.type == "boolean":
            values = values.astype(bool)
        arrays.append(pa.array(values, type=_ARROW[column.type], from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=schema)


def _codebook_frame(codebook: pd.DataFrame) -> pd.DataFrame:
    book = codebook.reset_index(drop=True)[list(CODEBOOK_COLUMNS)].copy()
    for bound in ("min", "max"):
        finite = book[bound].abs() != float("inf")
        book[bound] = book[bound].astype(object).where(finite, None)
    book["higher_is_better"] = book["higher_is_better"].map({True: "true", False: "false"})
    return book.sort_values("indicator", kind="stable")


def _field(name: str, type_: str, description: str, required: bool = False) -> dict:
    field: dict[str, object] = {"name": name, "type": type_, "description": description}
    if required:
        field["constraints"] = {"required": True}
    return field


def _csv_resource(name: str, title: str, fields: list[dict], **schema) -> dict:
    return {
        "name": name,
        "title": title,
        "path": f"{name.replace('-', '_')}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "schema": {"fields": fields, "missingValues": [""], **schema},
    }


def _datapackage(register: Register) -> dict:
    observation_fields = [_field(c.name, c.type, c.description, c.required) for c in COLUMNS]
    for field in observation_fields:
        if field["name"] == "value_as_published":
            field["missingValues"] = []  # an empty published cell is the text "", not null
    codebook_fields = [
        _field(name, "number" if name in ("min", "max") else "string", f"Codebook: {name}.")
        for name in CODEBOOK_COLUMNS
    ]
    codebook_fields[CODEBOOK_COLUMNS.index("higher_is_better")]["type"] = "boolean"
    licences = sorted({source.licence for source in register.sources.values()})
    return {
        "name": "cdskit-observations",
        "title": "Chỉ số chuyển đổi số cấp tỉnh / Provincial digital-transformation indicators",
        "description": (
            "Tidy observations (one row per unit, indicator, period and source) cleaned and "
            f"validated by cdskit {__version__} from the raw files listed in raw_files.csv."
        ),
        "version": __version__,
        "licenses": [{"title": text, "path": "sources.csv"} for text in licences],
        "sources": [
            {
                "id": source.id,
                "title": source.title,
                **({"path": source.url} if source.url else {}),
                "publisher": source.publisher,
                "date": source.date,
                "licence": source.licence,
            }
            for source in sorted(register.sources.values(), key=lambda s: s.id)
        ],
        "resources": [
            _csv_resource(
                "observations",
                "Observations",
                observation_fields,
                primaryKey=[*FIGURE_KEY, "source_id"],
                foreignKeys=[
                    {
                        "fields": "indicator",
                        "reference": {"resource": "codebook", "fields": "indicator"},
                    },
                    {"fields": "source_id", "reference": {"resource": "sources", "fields": "id"}},
                ],
            ),
            _csv_resource(
                "codebook", "Indicator codebook", codebook_fields, primaryKey=["indicator"]
            ),
            _csv_resource(
                "sources",
                "Sources",
                [
                    *(
                        _field(name, "string", f"Source {name}, as found.", name != "url")
                        for name in _SOURCE_COLUMNS
                    ),
                    *(
                        _field(name, "string", f"How the source is cited to readers: {name}.")
                        for name in _CITATION_COLUMNS
                    ),
                ],
                primaryKey=["id"],
            ),
            _csv_resource(
                "raw-files",
                "Raw files and their sha256",
                [_field(name, "string", f"Raw file {name}.") for name in _FILE_COLUMNS],
                primaryKey=["path"],
                foreignKeys=[
                    {"fields": "source", "reference": {"resource": "sources", "fields": "id"}}
                ],
            ),
        ],
    }
