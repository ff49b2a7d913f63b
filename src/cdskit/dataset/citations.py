"""The published sources (``data/processed/sources.csv``): the one place titles are read from.

Maps, charts and narratives cite a figure's source by its title as published, with its
publisher, date and URL; they all read them through :func:`load_sources`, as the
:class:`cdskit.raw.Source` of the register with the fields that say how it is cited.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cdskit import paths
from cdskit.dataset.observations import FORMULA_PREFIXES
from cdskit.errors import InputError
from cdskit.raw.citing import Source

#: Columns every published sources file has.
SOURCE_COLUMNS: tuple[str, ...] = ("id", "title", "publisher", "date", "url")


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
    return {row["id"]: _source(row) for row in table.to_dict("records")}


def _source(row: dict[str, str]) -> Source:
    def pair(prefix: str) -> dict[str, str]:
        return {
            language: row[f"{prefix}_{language}"]
            for language in ("vi", "en")
            if row.get(f"{prefix}_{language}")
        }

    return Source(
        row["id"],
        row["title"],
        row["publisher"],
        row["date"],
        row["url"],
        row.get("licence", ""),
        language=row.get("language") or "vi",
        titles=pair("title"),
        publishers=pair("publisher"),
        cite_url=row.get("cite_url"),
        copy_site=row.get("copy_site", "") == "true",
        copy_notes=pair("copy_note"),
    )


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
