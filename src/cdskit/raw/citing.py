"""How each source is cited to a reader: ``data/raw/source_citations.csv``.

``sources.yml`` keeps a source as it was found (title, publisher and URL as read, with the
transcriber's remarks). A secretariat cites it differently: the original publisher where a copy
or a relay was read, a title in the reader's language (a foreign title with its Vietnamese
translation, marked as such), no transcription remarks ("byline", "not printed"). This register
says, per source, what a reader is shown, and whether the source is only a copy site whose
figures stay out of narratives. Every source of ``sources.yml`` has one row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cdskit.errors import InputError

#: File of the register, inside ``data/raw``.
CITATIONS_FILE = "source_citations.csv"
#: Columns of the register (``copy_site`` is ``true`` or ``false``).
CITATION_COLUMNS: tuple[str, ...] = (
    "source_id",
    "language",
    "title_vi",
    "title_en",
    "publisher_vi",
    "publisher_en",
    "url",
    "copy_site",
    "copy_note_vi",
    "copy_note_en",
    "basis",
)
_URL_SCHEMES = ("http://", "https://")


@dataclass(frozen=True)
class Source:
    """One publication figures come from, and how it is cited to readers.

    ``sources.yml`` gives the first six fields (:func:`cdskit.raw.load_register`); the
    published ``sources.csv`` adds how each source is cited
    (:func:`cdskit.dataset.load_sources`, from :data:`CITATIONS_FILE`).

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


def read_citations(raw_dir: str | Path, source_ids: list[str] | None = None) -> pd.DataFrame:
    """Read and check how each source is cited.

    Parameters
    ----------
    raw_dir : str or pathlib.Path
        The raw folder (``data/raw``).
    source_ids : list of str, optional
        Ids of ``sources.yml``: no row may name another source. (A source without a row is
        cited as found; the shipped data has a row for every source, which a test checks.)

    Returns
    -------
    pandas.DataFrame
        :data:`CITATION_COLUMNS`, one row per source, ``copy_site`` as booleans; an empty table
        when the folder has no register.

    Raises
    ------
    InputError
        A column is missing, a row repeats or names an unknown source, a title or publisher
        is empty, a URL is not http(s), or ``copy_site`` is not true/false.

    Examples
    --------
    >>> from cdskit import paths
    >>> table = read_citations(paths.raw_dir())
    >>> bool(table["title_vi"].str.len().gt(0).all())
    True
    """
    file = Path(raw_dir) / CITATIONS_FILE
    if not file.is_file():
        return pd.DataFrame(columns=list(CITATION_COLUMNS))
    table = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in CITATION_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(f"{file}: column(s) {', '.join(missing)} missing.")
    table = table[list(CITATION_COLUMNS)].apply(lambda column: column.str.strip())
    for line, row in enumerate(table.to_dict("records"), start=2):
        where = f"{file}, line {line} ({row['source_id']})"
        for column in ("title_vi", "title_en", "publisher_vi", "publisher_en"):
            if not row[column]:
                raise InputError(f"{where}: {column} is empty; write what a reader is shown.")
        if row["url"] and not row["url"].lower().startswith(_URL_SCHEMES):
            raise InputError(f"{where}: url {row['url']!r} is not an http(s) address.")
        if row["copy_site"] not in ("true", "false"):
            raise InputError(f"{where}: copy_site is {row['copy_site']!r}; write true or false.")
    repeated = sorted(set(table.loc[table["source_id"].duplicated(), "source_id"]))
    if repeated:
        raise InputError(f"{file}: source(s) {', '.join(repeated)} have several rows; keep one.")
    if source_ids is not None:
        unknown = sorted(set(table["source_id"]) - set(source_ids))
        if unknown:
            raise InputError(
                f"{file}: source(s) {', '.join(unknown)} are not in sources.yml; "
                "correct the id or remove the row."
            )
    table["copy_site"] = table["copy_site"].eq("true")
    return table.reset_index(drop=True)
