"""What a report notebook tells its page: period, data date, sources, technical details.

A notebook ends with ``page_details(...)``; the output is a JSON bundle (mimetype
:data:`PAGE_MIMETYPE`) that shows nothing in the notebook's body. The page template
(``templates/report.html.j2``) reads it to write the page header (period, data date), the
footer (sources with their titles as published) and the collapsed technical block, and the
index reads its one-line summary.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from cdskit.formatting import check_language, format_date, format_period
from cdskit.reports._text import TEXT
from cdskit.safe_text import safe_text, safe_url

#: Mimetype of the bundle a notebook displays for its page.
PAGE_MIMETYPE = "application/vnd.cdskit.page+json"


class PageDetails:
    """The page details of one report; displays as a JSON bundle only the page template reads.

    Parameters
    ----------
    details : dict
        The bundle (see :func:`page_details`).
    """

    def __init__(self, details: dict[str, Any]) -> None:
        self.details = details

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        return {PAGE_MIMETYPE: self.details}

    def __repr__(self) -> str:
        """Return a short description (the page shows nothing of this object)."""
        return f"PageDetails(period={self.details.get('period')!r})"


def page_details(
    language: str = "vi",
    *,
    period: str | None = None,
    source_ids: Iterable[str] = (),
    summary: str = "",
    main_figure: str | None = None,
    technical: Mapping[str, Any] | None = None,
    sources: Mapping[str, Any] | None = None,
    downloads: Iterable[str | os.PathLike[str]] = (),
    sources_in_body: bool = False,
    has_data: bool = True,
    reason: str = "",
) -> PageDetails:
    """Describe a report page: its period, data date, sources, summary and technical details.

    Parameters
    ----------
    language : {"vi", "en"}, default "vi"
        The page's language.
    period : str, optional
        The period shown, as stored (``2023-H1``) or already in words (``2020–2024``).
    source_ids : iterable of str
        Ids of the sources cited (``source_id`` of the observations).
    summary : str, optional
        One sentence with the report's key number, for the index card.
    main_figure : str, optional
        File name of the report's main static figure (PNG) in its output folder.
    technical : mapping, optional
        Details for the collapsed technical block (class breaks, boundary files, …).
    sources : mapping, optional
        Sources by id (default: the published ``data/processed/sources.csv``); each has
        ``title``, ``publisher``, ``date`` and ``url``.
    downloads : iterable of path-like, optional
        Files the notebook wrote into its output folder; the Word (``.docx``), PDF and Markdown
        ones are linked from the index card, as ``<folder name>/<file name>``.
    sources_in_body : bool, default False
        True when the page's body already lists its sources, one numbered note per source
        (a narrative): the footer then repeats no second list; the sources stay in the page's
        data for the data date and the manifest.
    has_data : bool, default True
        False when the page has no figure about its subject (a report whose narrative states
        no figure): the index then lists it under "Chưa đủ số liệu" / "Not enough data yet",
        not among the committee's reports.
    reason : str, optional
        Why the page has no data, in the page's language (the narrative's notice); shown with
        it in that list.

    Returns
    -------
    PageDetails
        Display it as the last output of the notebook.

    Examples
    --------
    >>> details = page_details(
    ...     "en", period="2023-H1", source_ids=["a"],
    ...     sources={"a": {"title": "Báo cáo", "publisher": "Sở TT&TT", "date": "2023-07-03"}},
    ... )
    >>> details.details["period"], details.details["sources"][0]["date"]
    ('first half of 2023', '3 July 2023')
    >>> empty = page_details(
    ...     has_data=False, reason="Bộ dữ liệu chưa có số liệu nào của tỉnh Lạng Sơn.", sources={}
    ... )
    >>> empty.details["has_data"], empty.details["reason"]
    (False, 'Bộ dữ liệu chưa có số liệu nào của tỉnh Lạng Sơn.')
    """
    language = check_language(language)
    ids = sorted({str(i).strip() for i in source_ids if str(i).strip()})
    register = _register(sources, language)
    cited = []
    for source_id in ids:
        entry = register.get(source_id, {})
        url = safe_text(entry.get("url") or "").strip()
        cited.append(  # only an http(s) address is a link; any other is shown as text
            {
                "id": safe_text(source_id),
                "title": safe_text(entry.get("title") or source_id),
                "publisher": safe_text(entry.get("publisher") or ""),
                "date": _date_text(safe_text(entry.get("date") or ""), language),
                "url": safe_url(url) or "",
                "url_text": "" if safe_url(url) else url,
            }
        )
    dates = [str(register.get(i, {}).get("date") or "") for i in ids]
    known = sorted(d for d in dates if d[:4].isdigit())
    return PageDetails(
        {
            "language": language,
            "period": format_period(period, language) if period else "",
            "data_date": _date_text(known[-1], language) if known else "",
            "sources": cited,
            "summary": safe_text(summary),
            "sources_in_body": bool(sources_in_body),
            "main_figure": main_figure or "",
            "downloads": _downloads(downloads),
            "technical": _plain(dict(technical or {})),
            "has_data": bool(has_data),
            "reason": safe_text(reason),
        }
    )


#: Kinds of files a report card links to, in order.
DOWNLOAD_KINDS = ("docx", "pdf", "md")


def _downloads(files: Iterable[str | os.PathLike[str]]) -> list[dict[str, str]]:
    """Return ``{"kind", "href"}`` for the Word, PDF and Markdown files, in that order."""
    found = {Path(f).suffix.lstrip(".").lower(): Path(f) for f in files}
    return [
        {"kind": kind, "href": f"{found[kind].parent.name}/{found[kind].name}"}
        for kind in DOWNLOAD_KINDS
        if kind in found
    ]


def _register(sources: Mapping[str, Any] | None, language: str) -> dict[str, dict[str, Any]]:
    """Return the sources by id as cited to a reader of ``language`` (no remarks)."""
    if sources is not None:
        return {key: dict(value) for key, value in sources.items()}
    from cdskit.dataset.citations import load_sources

    return {
        key: {
            "title": s.cited_title(language),
            "publisher": s.cited_publisher(language),
            "date": s.date,
            "url": s.link,
        }
        for key, s in load_sources().items()
    }


def _date_text(date: str, language: str) -> str:
    """Write a source date (``2023-07-03``, ``2023-07``, ``2023``) in the reader's words."""
    if not date or not date[:4].isdigit():
        return TEXT[language]["undated"]
    parts = date.split("-")
    try:
        if len(parts) == 3:
            return format_date(_dt.date(*(int(p) for p in parts)), language)
        if len(parts) == 2:
            return format_period(date, language)
    except ValueError:
        return date
    return parts[0]


def _plain(value: Any) -> Any:
    """Return ``value`` with only JSON types (numbers, text, lists, dicts)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)
