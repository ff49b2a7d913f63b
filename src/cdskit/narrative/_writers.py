"""Write a narrative as Markdown, HTML (prints on A4), Word or A4 PDF, with the same notes."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from cdskit.errors import ParameterError, did_you_mean
from cdskit.files import write_bytes_atomically, write_text_atomically
from cdskit.narrative._format import publication_date
from cdskit.narrative._model import Narrative
from cdskit.narrative._templates import page_environment
from cdskit.vietnamese import slug

#: Output formats of :func:`save`.
FORMATS: tuple[str, ...] = ("md", "html", "docx", "pdf")
#: Formats written as binary files.
_BINARY = ("docx", "pdf")
#: Parts of a page, in order: the notes are the one source list (one note per source), the
#: technical details (raw cells) come last, collapsed.
PARTS: tuple[str, ...] = ("header", "notice", "key_figures", "body", "notes", "technical")

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def to_markdown(narrative: Narrative, *, table: pd.DataFrame | None = None) -> str:
    """Return the narrative as Markdown: sections, footnotes (``[^1]``) and sources.

    Parameters
    ----------
    narrative : Narrative
        From :func:`cdskit.narrative.build_narrative`.
    table : pandas.DataFrame, optional
        Key figures (:func:`cdskit.narrative.key_figures`) shown before the notes.

    Returns
    -------
    str
        Markdown text; data text is escaped so it cannot add markup.
    """
    lines = [f"# {_md(narrative.title)}", "", f"_{_md(narrative.date_text)}_", ""]
    if narrative.notice:
        lines += [_md(narrative.notice), ""]
    if table is not None and len(table):
        lines += [f"## {_md(narrative.labels['key_figures'])}", ""]
        lines.append("| " + " | ".join(_md(str(c)) for c in table.columns) + " |")
        lines.append("|" + "---|" * len(table.columns))
        for row in table.itertuples(index=False):
            lines.append("| " + " | ".join(_md(str(cell)) for cell in row) + " |")
        lines.append("")
    for section in narrative.sections:
        lines += [f"## {_md(section.title)}", ""]
        parts = []
        for sentence in section.sentences:
            mark = "".join(f"[^{number}]" for number in sentence.note_numbers)
            parts.append(_md(sentence.text) + mark)
        lines += [" ".join(parts), ""]
    if narrative.footnotes:
        lines += [f"## {_md(narrative.labels['footnotes'])}", ""]
        for footnote in narrative.footnotes:
            url = footnote.url
            link = f" <{url}>" if url.startswith(("http://", "https://")) and ">" not in url else ""
            lines.append(f"[^{footnote.number}]: {_md(footnote.text)}{link}")
        lines.append("")
    return "\n".join(lines)


def to_html(
    narrative: Narrative,
    *,
    table: pd.DataFrame | None = None,
    standalone: bool = True,
    parts: Sequence[str] = PARTS,
) -> str:
    """Return the narrative as HTML that prints cleanly on A4.

    Parameters
    ----------
    narrative : Narrative
        From :func:`cdskit.narrative.build_narrative`.
    table : pandas.DataFrame, optional
        Key figures shown before the notes.
    standalone : bool, default True
        A whole page (``<!DOCTYPE html>``, ``lang``, print stylesheet); ``False`` gives the
        article to show inside a notebook or report page, with the stylesheet when the parts
        include ``header`` or ``notice`` (shown once, first, on a page).
    parts : sequence of str, default PARTS
        What to show, in order: ``header`` (title, date and notice), ``notice`` (the notice
        alone, for a page that has its own title), ``key_figures``, ``body`` (the
        sentences), ``notes`` (footnotes), ``sources``; ``"heading:<label>"`` or
        ``"text:<label>"`` add a heading or paragraph from the narrative's labels
        (``"heading:rank_chart"``, ``"text:no_map"``).

    Returns
    -------
    str
        HTML; every text from the data is escaped and only ``http(s)`` addresses are linked.
    """
    for part in parts:
        name = part.partition(":")[2] if ":" in part else ""
        if part not in PARTS and name not in narrative.labels:
            raise ParameterError(
                f"parts: {part!r} is not a part of a narrative page: expected one of "
                f"{', '.join(PARTS)}, or 'heading:<label>' / 'text:<label>' with a label of "
                f"{', '.join(sorted(narrative.labels))}."
            )
    rows = [] if table is None else [[str(cell) for cell in row] for row in table.values]
    columns = [] if table is None else [str(column) for column in table.columns]
    dates = {s.id: publication_date(s.date, narrative.language) for s in narrative.sources}
    template = page_environment().get_template("page/narrative.html.j2")
    page = template.render(
        n=narrative,
        table=rows,
        columns=columns,
        dates=dates,
        standalone=standalone,
        parts=list(parts),
    )
    return page.strip() + "\n"


def save(
    narrative: Narrative,
    folder: str | os.PathLike[str],
    stem: str | None = None,
    *,
    formats: str | Sequence[str] = FORMATS,
    table: pd.DataFrame | None = None,
    chart: Any = None,
) -> list[Path]:
    """Write the narrative as ``<folder>/<stem>.<format>`` for each format, atomically.

    Parameters
    ----------
    narrative : Narrative
        From :func:`cdskit.narrative.build_narrative`.
    folder : str or os.PathLike
        Output folder (created when missing).
    stem : str, optional
        File name without its suffix (default: province, year and language, e.g.
        ``lao-cai-2024-vi``).
    formats : str or sequence of str, default FORMATS
        One or more of ``"md"`` (also ``"markdown"``), ``"html"``, ``"docx"``, ``"pdf"``.
    table : pandas.DataFrame, optional
        Key figures (:func:`cdskit.narrative.key_figures`) to include.
    chart : matplotlib.figure.Figure, bytes or path-like, optional
        The province's DTI rank chart (:func:`cdskit.charts.dti_ranks`): a picture in the Word
        file and the PDF when the narrative states a DTI figure.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of ``formats``. A failed write never replaces a good
        file.

    Raises
    ------
    ParameterError
        For a format that is not one of :data:`FORMATS`, before anything is written.

    Examples
    --------
    >>> import tempfile
    >>> from cdskit.narrative import build_narrative
    >>> story = build_narrative("Lào Cai", 2023, "vi")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [path.name for path in save(story, folder, formats=["md", "html"])]
    ['lao-cai-2023-vi.md', 'lao-cai-2023-vi.html']
    """
    chosen = [
        _checked_format(kind) for kind in ([formats] if isinstance(formats, str) else formats)
    ]
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    if stem is None:
        stem = f"{file_stem(narrative.province)}-{narrative.year}-{narrative.language}"
    if set(_BINARY) & set(chosen):
        from cdskit.narrative._docx import chart_png, has_dti

        if has_dti(narrative):  # without a DTI figure neither file shows the chart
            chart = chart_png(chart)  # drawn once for the Word file and the PDF
    written = []
    for kind in chosen:
        path = target / f"{stem}.{kind}"
        if kind in _BINARY:
            if kind == "docx":
                from cdskit.narrative._docx import to_docx_bytes as render
            else:
                from cdskit.narrative._pdf import to_pdf_bytes as render
            written.append(
                write_bytes_atomically(path, render(narrative, table=table, chart=chart))
            )
        else:
            page = to_markdown if kind == "md" else to_html
            written.append(write_text_atomically(path, page(narrative, table=table)))
    return [Path(path) for path in written]


def _checked_format(format: str) -> str:
    """Return a format of :data:`FORMATS`, or raise an error naming the accepted ones."""
    chosen = str(format).strip().lower().lstrip(".")
    if chosen == "markdown":
        chosen = "md"
    if chosen not in FORMATS:
        close = [f for f in FORMATS if f[:1] == chosen[:1]]
        raise ParameterError(
            f"formats: {format!r} is not supported: expected one of {', '.join(FORMATS)}."
            f"{did_you_mean(format, close, ranked=True)}"
        )
    return chosen


def file_stem(name: str) -> str:
    """Return a name as a file stem in ASCII (``"Lào Cai"`` → ``"lao-cai"``).

    Parameters
    ----------
    name : str
        A Vietnamese name.

    Returns
    -------
    str
        Lower case ASCII letters and digits joined by hyphens.

    Examples
    --------
    >>> file_stem("Thanh Hóa"), file_stem("Đắk Lắk")
    ('thanh-hoa', 'dak-lak')
    """
    return slug(name)


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


#: Files of a narrative a report page links to, with their labels, in order.
_DOWNLOADS: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Tải về",
        "docx": "Bản Word (.docx)",
        "pdf": "Bản in A4 (PDF)",
        "md": "Bản Markdown (.md)",
    },
    "en": {
        "title": "Downloads",
        "docx": "Word file (.docx)",
        "pdf": "A4 print (PDF)",
        "md": "Markdown file (.md)",
    },
}


class Downloads:
    """Links to a narrative's Word, PDF and Markdown files, relative to the report page.

    Parameters
    ----------
    language : {"vi", "en"}
        Language of the labels.
    links : sequence of (str, str)
        Kind (``docx``, ``pdf``, ``md``) and address relative to the page.
    """

    def __init__(self, language: str, links: Sequence[tuple[str, str]]) -> None:
        self.language = language
        self.links = tuple(links)

    def _repr_html_(self) -> str:
        text = _DOWNLOADS[self.language]
        items = "".join(
            f'<li><a href="{html.escape(href)}" data-kind="{kind}">'
            f"{html.escape(text[kind])}</a></li>"
            for kind, href in self.links
        )
        return (
            f'<nav class="cdskit-downloads" aria-label="{text["title"]}">'
            f"<strong>{text['title']}:</strong><ul>{items}</ul></nav>"
            if items
            else ""
        )

    def __repr__(self) -> str:
        """Return the link labels as plain text."""
        return " · ".join(_DOWNLOADS[self.language][kind] for kind, _ in self.links)


def downloads(files: Sequence[str | os.PathLike[str]], language: str = "vi") -> Downloads:
    """Return links to the Word, PDF and Markdown files among ``files``, for a report page.

    The page sits beside the folder the files were written into (``reports/<name>.html`` and
    ``reports/<name>/``), so each address is ``<folder name>/<file name>``.

    Parameters
    ----------
    files : sequence of path-like
        Files written by :func:`save` (others are left out).
    language : {"vi", "en"}, default "vi"
        Language of the labels.

    Returns
    -------
    Downloads
        Displays as a list of links in a notebook or report page.

    Examples
    --------
    >>> links = downloads(["out/lao-cai-2024-vi.md", "out/lao-cai-2024-vi.docx"], "vi")
    >>> links.links
    (('docx', 'out/lao-cai-2024-vi.docx'), ('md', 'out/lao-cai-2024-vi.md'))
    """
    if language not in _DOWNLOADS:
        raise ParameterError(f"language={language!r} is not supported: expected 'vi' or 'en'.")
    found = {Path(f).suffix.lstrip(".").lower(): Path(f) for f in files}
    return Downloads(
        language,
        [
            (kind, f"{found[kind].parent.name}/{found[kind].name}")
            for kind in ("docx", "pdf", "md")
            if kind in found
        ],
    )
