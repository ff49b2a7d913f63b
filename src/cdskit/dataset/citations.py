"""The published sources (``data/processed/sources.csv``): the one place titles are read from.

Maps, charts and narratives cite a figure's source by its title as published, with its
publisher, date and URL; they all read them through :func:`load_sources`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    language : str
        Language of the source (``vi``, ``en``, ``ja``…).
    titles : dict of str to str
        Title shown to readers of each language (a foreign title with its Vietnamese
        translation, marked as such); default: ``title``.
    publishers : dict of str to str
        Publisher shown to readers of each language (the original publisher where a copy or
        relay was read, no transcription remarks); default: ``publisher``.
    cite_url : str or None
        Address cited to readers (the original where one was found; empty when the publisher
        is cited without an address); ``None``: ``url``.
    copy_site : bool
        True when the source is only a copy whose original was not found: its figures stay
        out of narratives.
    copy_notes : dict of str to str
        Why the source counts as a copy, per language.
    """

    id: str
    title: str
    publisher: str
    date: str
    url: str
    licence: str = ""
    language: str = "vi"
    titles: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    publishers: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    cite_url: str | None = None
    copy_site: bool = False
    copy_notes: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def cited_title(self, language: str) -> str:
        """Return the title shown to a reader of ``language``."""
        return self.titles.get(language) or self.title

    def cited_publisher(self, language: str) -> str:
        """Return the publisher shown to a reader of ``language``."""
        return self.publishers.get(language) or self.publisher

    def citation(self, language: str, date_text: str = "") -> str:
        """Cite the source as a secretariat writes it: "Tên bài — cơ quan phát hành, ngày".

        Parameters
        ----------
        language : {"vi", "en"}
            Reader's language.
        date_text : str, optional
            The publication date already in the reader's words (omitted when empty).

        Returns
        -------
        str
            Title, publisher and date, without URL or any path.

        Examples
        --------
        >>> Source("a", "Báo cáo", "Sở TT&TT", "2023-07-03", "").citation("vi", "ngày 03/7/2023")
        'Báo cáo — Sở TT&TT, ngày 03/7/2023'
        """
        publisher = self.cited_publisher(language)
        text = self.cited_title(language)
        if publisher:
            text = f"{text} — {publisher}"
        return f"{text}, {date_text}" if date_text else text

    @property
    def link(self) -> str:
        """Return the address cited to readers (the original where one was found)."""
        return self.url if self.cite_url is None else self.cite_url


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
