"""Write a narrative as Markdown, HTML (prints on A4) or Word, with the same sentences and notes."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from cdskit.errors import ParameterError, did_you_mean
from cdskit.files import write_bytes_atomically, write_text_atomically
from cdskit.narrative._format import publication_date
from cdskit.narrative._model import Narrative
from cdskit.narrative._templates import page_environment

#: Output formats of :func:`write`.
FORMATS: tuple[str, ...] = ("md", "html", "docx")
#: Parts of a narrative page, in reading order.
PARTS: tuple[str, ...] = ("header", "notice", "key_figures", "body", "notes", "sources")

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
            mark = f"[^{sentence.footnote}]" if sentence.footnote else ""
            parts.append(_md(sentence.text) + mark)
        lines += [" ".join(parts), ""]
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


def write(
    narrative: Narrative,
    path: str | os.PathLike[str] | None = None,
    *,
    format: str | None = None,
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
    format : {"md", "html", "docx"}, optional
        Output format (default: from the path's suffix, else Markdown).
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
    if format is None:
        suffix = Path(path).suffix.lower().lstrip(".") if path is not None else ""
        format = suffix if suffix in (*FORMATS, "markdown") else "md"
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


def save(
    narrative: Narrative,
    folder: str | os.PathLike[str],
    *,
    table: pd.DataFrame | None = None,
    formats: Sequence[str] = FORMATS,
) -> list[Path]:
    """Write the narrative into a folder in several formats, named after province and year.

    Parameters
    ----------
    narrative : Narrative
        From :func:`cdskit.narrative.build_narrative`.
    folder : str or os.PathLike
        Output folder (created when missing).
    table : pandas.DataFrame, optional
        Key figures to include.
    formats : sequence of str, default FORMATS
        Formats to write.

    Returns
    -------
    list of pathlib.Path
        The files written, e.g. ``lao-cai-2024-vi.md``, ``.html``, ``.docx``.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    stem = f"{file_stem(narrative.province)}-{narrative.year}-{narrative.language}"
    return [
        Path(write(narrative, target / f"{stem}.{kind}", format=kind, table=table))
        for kind in formats
    ]


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
    plain = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\n", " "))
