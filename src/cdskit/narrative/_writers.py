"""Write a narrative as Markdown, HTML (prints on A4) or Word, with the same sentences and notes."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from cdskit.errors import ParameterError, did_you_mean
from cdskit.files import write_bytes_atomically, write_text_atomically
from cdskit.narrative._format import publication_date
from cdskit.narrative._model import Narrative
from cdskit.narrative._templates import page_environment

#: Output formats of :func:`write`.
FORMATS: tuple[str, ...] = ("md", "html", "docx")

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
    for section in narrative.sections:
        lines += [f"## {_md(section.title)}", ""]
        parts = []
        for sentence in section.sentences:
            mark = f"[^{sentence.footnote}]" if sentence.footnote else ""
            parts.append(_md(sentence.text) + mark)
        lines += [" ".join(parts), ""]
    if table is not None and len(table):
        lines += [f"## {_md(narrative.labels['key_figures'])}", ""]
        lines.append("| " + " | ".join(_md(str(c)) for c in table.columns) + " |")
        lines.append("|" + "---|" * len(table.columns))
        for row in table.itertuples(index=False):
            lines.append("| " + " | ".join(_md(str(cell)) for cell in row) + " |")
        lines.append("")
    if narrative.footnotes:
        lines += [f"## {_md(narrative.labels['footnotes'])}", ""]
        for footnote in narrative.footnotes:
            lines.append(f"[^{footnote.number}]: {_md(footnote.text)}")
        lines.append("")
    if narrative.sources:
        lines += [f"## {_md(narrative.labels['sources'])}", ""]
        for number, source in enumerate(narrative.sources, start=1):
            date = publication_date(source.date, narrative.language)
            lines.append(
                f"{number}. {_md(source.title)}. {_md(source.publisher)}, {date}. <{source.url}>"
                if source.url.startswith(("http://", "https://")) and ">" not in source.url
                else f"{number}. {_md(source.title)}. {_md(source.publisher)}, {date}."
            )
        lines.append("")
    return "\n".join(lines)


def to_html(
    narrative: Narrative, *, table: pd.DataFrame | None = None, standalone: bool = True
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
        article with its stylesheet, to show inside a notebook or report page.

    Returns
    -------
    str
        HTML; every text from the data is escaped and only ``http(s)`` addresses are linked.
    """
    rows = [] if table is None else [[str(cell) for cell in row] for row in table.values]
    columns = [] if table is None else [str(column) for column in table.columns]
    dates = {s.id: publication_date(s.date, narrative.language) for s in narrative.sources}
    template = page_environment().get_template("page/narrative.html.j2")
    page = template.render(
        n=narrative, table=rows, columns=columns, dates=dates, standalone=standalone
    )
    return page.strip() + "\n"


def write(
    narrative: Narrative,
    path: str | os.PathLike[str] | None = None,
    *,
    format: str = "md",
    table: pd.DataFrame | None = None,
) -> str | Path:
    """Write the narrative to a file, or return Markdown or HTML text when no path is given.

    Parameters
    ----------
    narrative : Narrative
        From :func:`cdskit.narrative.build_narrative`.
    path : str or os.PathLike, optional
        Output file, written atomically (a failed write never replaces a good file).
        Required for ``docx``.
    format : {"md", "html", "docx"}, default "md"
        Output format.
    table : pandas.DataFrame, optional
        Key figures to include.

    Returns
    -------
    str or pathlib.Path
        The text when ``path`` is None, else the path written.

    Raises
    ------
    ParameterError
        For an unknown format, or ``docx`` without a path.
    """
    chosen = str(format).strip().lower().lstrip(".")
    if chosen == "markdown":
        chosen = "md"
    if chosen not in FORMATS:
        close = [f for f in FORMATS if f[:1] == chosen[:1]]
        raise ParameterError(
            f"format={format!r} is not supported: expected one of {', '.join(FORMATS)}."
            f"{did_you_mean(close)}"
        )
    if chosen == "docx":
        if path is None:
            raise ParameterError(
                "format='docx' needs a file to write: give an output path ending in .docx."
            )
        from cdskit.narrative._docx import to_docx_bytes

        return write_bytes_atomically(path, to_docx_bytes(narrative, table=table))
    text = (
        to_markdown(narrative, table=table) if chosen == "md" else to_html(narrative, table=table)
    )
    if path is None:
        return text
    return write_text_atomically(path, text)


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\n", " "))
