"""The published sources (``data/processed/sources.csv``): the one place titles are read from.

Maps, charts and narratives cite a figure's source by its title as published, with its
publisher, date and URL; they all read them through :func:`load_sources`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cdskit import paths
from cdskit.dataset.observations import FORMULA_PREFIXES
from cdskit.errors import InputError

#: Columns every published sources file has.
SOURCE_COLUMNS: tuple[str, ...] = ("id", "title", "publisher", "date", "url")


@dataclass(frozen=True)
class Source:
    """One published source of figures.

    Parameters
    ----------
    id : str
        Source id (``source_id`` of the observations).
    title : str
        Title as published, with its diacritics.
    publisher : str
        Who published it.
    date : str
        Publication date (ISO) or ``undated``.
    url : str
        Where it is published.
    licence : str
        Licence as stated, or ``not stated``.
    """

    id: str
    title: str
    publisher: str
    date: str
    url: str
    licence: str = ""


def load_sources(path: str | Path | None = None) -> dict[str, Source]:
    """Read the published sources by id.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The file (default: ``data/processed/sources.csv``).

    Returns
    -------
    dict of str to Source
        Every source with its title as published, publisher, date, URL and licence.

    Raises
    ------
    InputError
        When the file is missing (build the dataset first) or lacks a column.

    Examples
    --------
    >>> sources = load_sources()
    >>> all(source.title for source in sources.values())
    True
    """
    file = Path(path) if path is not None else paths.processed_dir() / "sources.csv"
    if not file.is_file():
        raise InputError(
            f"{file.name} not found in {file.parent}: publish the dataset with 'cdskit build' "
            "(or 'make data') first."
        )
    table = pd.read_csv(file, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    missing = [column for column in SOURCE_COLUMNS if column not in table.columns]
    if missing:
        raise InputError(
            f"{file}: column(s) {', '.join(missing)} missing; expected the sources.csv that "
            f"'cdskit build' publishes ({', '.join(SOURCE_COLUMNS)}, licence)."
        )
    table = table.map(_undefused)
    licences = table["licence"] if "licence" in table else pd.Series("", index=table.index)
    return {
        row.id: Source(row.id, row.title, row.publisher, row.date, row.url, licence)
        for row, licence in zip(table.itertuples(index=False), licences, strict=True)
    }


def source_titles(path: str | Path | None = None) -> dict[str, str]:
    """Return source id → title as published.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The file (default: ``data/processed/sources.csv``).

    Returns
    -------
    dict of str to str
        Titles by source id.

    Examples
    --------
    >>> titles = source_titles()
    >>> len(titles) == len(load_sources())
    True
    """
    return {key: source.title for key, source in load_sources(path).items()}


def _undefused(text: str) -> str:
    """Undo the apostrophe the published CSV puts before text a spreadsheet would compute."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text
