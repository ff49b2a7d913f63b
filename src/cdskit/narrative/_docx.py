"""Write a narrative as a Word document a secretariat can paste into its official report.

The page follows Nghị định 30/2020/NĐ-CP: A4, Times New Roman 13 pt for every script (so Word
never falls back to a font without the Vietnamese diacritics), margins 20 mm top and bottom,
30 mm left, 15 mm right, black headings and the page number in the footer. Every sentence
stating a figure carries a real Word footnote for each source it names (``w:footnoteReference``
to a note in ``word/footnotes.xml``; a comparison with an earlier figure of another source cites
both), so a paragraph pasted into another document keeps its notes. python-docx
has no footnote API: the footnotes part, its relationship and its content type are written here.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pandas as pd
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from cdskit.narrative._format import publication_date
from cdskit.narrative._model import Footnote, Narrative, Source

#: Font of every style in the document.
DOCX_FONT = "Times New Roman"
#: Page margins in millimetres (top, bottom, left, right), Nghị định 30/2020/NĐ-CP.
DOCX_MARGINS_MM = (20, 20, 30, 15)
_LANGUAGE_TAGS = {"vi": "vi-VN", "en": "en-GB"}
_STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid", "Caption", "Footer")
_SIZES = {"Normal": 13, "Title": 14, "Heading 1": 13, "Heading 2": 13, "Caption": 11}
_FOOTNOTE_TEXT, _FOOTNOTE_REFERENCE = "Footnote Text", "Footnote Reference"
_BLACK = RGBColor(0, 0, 0)
#: Build provenance in a note: "(ô gốc: data/raw/…)", "(raw cell: data/raw/…)".
_PROVENANCE = re.compile(r"\s*\([^()]*data/raw/[^()]*\)")
_URL = re.compile(r"\s*<?https?://[^\s<>]+>?")


def note_text(footnote: Footnote) -> str:
    """Return a footnote as a reader cites it: no build provenance and no web address.

    The note keeps its title, publisher, date and the other sources it names ("Tên bài — cơ
    quan phát hành, ngày"); the cell of ``data/raw`` a figure was read from and the URL (listed
    with the sources at the end of the document) are left out.

    Parameters
    ----------
    footnote : Footnote
        A note of a narrative.

    Returns
    -------
    str
        The note as one paragraph.

    Examples
    --------
    >>> note = Footnote(1, ("Báo cáo. Sở TT&TT, 03/07/2023. https://a.test/1 "
    ...                     "(ô gốc: data/raw/x.csv, dòng 4).",))
    >>> note_text(note)
    'Báo cáo. Sở TT&TT, 03/07/2023.'
    """
    text = _URL.sub("", _PROVENANCE.sub("", footnote.text))
    text = re.sub(r"\s+([.,;:])", r"\1", " ".join(text.split()))
    return re.sub(r"([.;:,])(?:\s*\.)+", r"\1", text).strip()


def cited(source: Source, language: str) -> tuple[str, str, str]:
    """Return the title, publisher and address a reader of ``language`` is shown.

    Parameters
    ----------
    source : Source
        A source of the narrative.
    language : {"vi", "en"}
        Reader's language.

    Returns
    -------
    tuple of str
        Title (a foreign one with its translation), publisher (the original where a copy was
        read) and address.
    """
    title = getattr(source, "cited_title", None)
    publisher = getattr(source, "cited_publisher", None)
    return (
        title(language) if callable(title) else source.title,
        publisher(language) if callable(publisher) else source.publisher,
        str(getattr(source, "link", "") or source.url),
    )


def has_dti(narrative: Narrative) -> bool:
    """Return whether the narrative states a DTI figure (then its rank chart is shown).

    Parameters
    ----------
    narrative : Narrative
        From :func:`cdskit.narrative.build_narrative`.

    Returns
    -------
    bool
        True when a sentence states a figure of a ``dti_`` indicator.
    """
    return any(
        figure.indicator.startswith("dti_")
        for sentence in narrative.sentences
        for figure in sentence.figures
    )


def chart_png(chart: Any) -> bytes | None:
    """Return a chart as PNG bytes: a matplotlib figure, PNG bytes or a PNG file.

    Parameters
    ----------
    chart : matplotlib.figure.Figure, bytes, path-like or None
        The chart.

    Returns
    -------
    bytes or None
        The PNG file's bytes, or ``None`` when there is no chart.
    """
    if chart is None:
        return None
    if isinstance(chart, bytes | bytearray):
        return bytes(chart)
    if hasattr(chart, "savefig"):
        buffer = io.BytesIO()
        chart.savefig(buffer, format="png", dpi=200, bbox_inches="tight")
        return buffer.getvalue()
    with open(chart, "rb") as handle:
        return handle.read()


def to_docx_bytes(
    narrative: Narrative, *, table: pd.DataFrame | None = None, chart: Any = None
) -> bytes:
    """Return the narrative as a ``.docx`` file's bytes (A4, Times New Roman, Word footnotes).

    Parameters
    ----------
    narrative : Narrative
        From :func:`cdskit.narrative.build_narrative`.
    table : pandas.DataFrame, optional
        Key figures shown before the sections.
    chart : matplotlib.figure.Figure, bytes or path-like, optional
        The province's DTI rank chart (:func:`cdskit.charts.dti_ranks`), shown as a picture
        after the DTI section when the narrative states a DTI figure.

    Returns
    -------
    bytes
        The Word document: the same sentences as :func:`cdskit.narrative.to_html`, each cited
        sentence with a Word footnote for each note it refers to (:func:`note_text`; the
        notes of the HTML page, main source first), then the sources.
    """
    document = Document()
    _page(document)
    _fonts(document, narrative.language)
    _page_number(document)
    notes = _FootnotesPart.add_to(document)
    document.core_properties.title = narrative.title
    document.core_properties.language = _LANGUAGE_TAGS[narrative.language]
    heading = document.add_paragraph(narrative.title, style="Title")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    date = document.add_paragraph()
    date.alignment = WD_ALIGN_PARAGRAPH.CENTER
    date.add_run(narrative.date_text).italic = True
    if narrative.notice:
        _body_paragraph(document).add_run(narrative.notice)
    if table is not None and len(table):
        document.add_heading(narrative.labels["key_figures"], level=1)
        _table(document, table)
    picture = chart_png(chart) if has_dti(narrative) else None
    for section in narrative.sections:
        document.add_heading(section.title, level=1)
        paragraph = _body_paragraph(document)
        for position, sentence in enumerate(section.sentences):
            if position:
                paragraph.add_run(" ")
            paragraph.add_run(sentence.text)
            # every source the sentence names (main first), each as its own Word footnote
            for cited_note in sentence.note_numbers:
                note = narrative.footnotes[cited_note - 1]
                _reference(paragraph, notes.add(note_text(note)))
        if picture is not None and section.topic == "dti":
            _picture(document, picture, narrative.labels.get("rank_chart", ""))
            picture = None
    if picture is not None:
        _picture(document, picture, narrative.labels.get("rank_chart", ""))
    if narrative.sources:
        document.add_heading(narrative.labels["sources"], level=1)
        for number, source in enumerate(narrative.sources, start=1):
            title, publisher, url = cited(source, narrative.language)
            date_text = publication_date(source.date, narrative.language)
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(3)
            paragraph.add_run(f"{number}. ")
            paragraph.add_run(title).italic = True
            paragraph.add_run(f". {publisher}, {date_text}." if publisher else f". {date_text}.")
            if url.startswith(("http://", "https://")):
                paragraph.add_run(f" {url}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _FootnotesPart:
    """The ``word/footnotes.xml`` part: separators, then one ``w:footnote`` per reference."""

    def __init__(self, part: XmlPart) -> None:
        self.part = part
        self.count = 0

    @classmethod
    def add_to(cls, document) -> _FootnotesPart:
        xml = (
            f"<w:footnotes {nsdecls('w')}>"
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
            "<w:r><w:separator/></w:r></w:p></w:footnote>"
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
            "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
            "</w:footnotes>"
        )
        main = document.part
        part = XmlPart(
            PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, parse_xml(xml), main.package
        )
        main.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        _footnote_settings(document)
        return cls(part)

    def add(self, text: str) -> int:
        """Add a footnote with ``text``; return its id (1, 2, …)."""
        self.count += 1
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(self.count))
        paragraph = OxmlElement("w:p")
        properties = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), "FootnoteText")
        properties.append(style)
        paragraph.append(properties)
        mark = OxmlElement("w:r")
        mark.append(_run_style("FootnoteReference"))
        mark.append(OxmlElement("w:footnoteRef"))
        paragraph.append(mark)
        run = OxmlElement("w:r")
        content = OxmlElement("w:t")
        content.set(qn("xml:space"), "preserve")
        content.text = f" {text}"
        run.append(content)
        paragraph.append(run)
        note.append(paragraph)
        self.part.element.append(note)
        return self.count


def _run_style(name: str):
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), name)
    properties.append(style)
    return properties


def _reference(paragraph, number: int) -> None:
    run = paragraph.add_run()
    run._r.insert(0, _run_style("FootnoteReference"))
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), str(number))
    run._r.append(reference)


def _footnote_settings(document) -> None:
    """Name the separator notes in ``settings.xml`` (``w:footnotePr``), as Word writes it."""
    settings = document.settings.element
    if settings.find(qn("w:footnotePr")) is not None:
        return
    properties = parse_xml(
        f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    )
    later = ("w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:themeFontLang")
    for child in settings:
        if child.tag in {qn(name) for name in later}:
            child.addprevious(properties)
            return
    settings.append(properties)


def _page(document) -> None:
    top, bottom, left, right = (Mm(value) for value in DOCX_MARGINS_MM)
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = top, bottom
        section.left_margin, section.right_margin = left, right
        section.footer_distance = Mm(10)


def _page_number(document) -> None:
    """Put a centred PAGE field in the footer of every page."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1")):
        run = paragraph.add_run()
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _fonts(document, language: str) -> None:
    tag = _LANGUAGE_TAGS[language]
    styles = document.styles
    if _FOOTNOTE_TEXT not in [style.name for style in styles]:
        text = styles.add_style(_FOOTNOTE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
        text.base_style = styles["Normal"]
        text.font.size = Pt(10)
        text.paragraph_format.space_after = Pt(0)
        text.paragraph_format.first_line_indent = Mm(0)
        text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        reference = styles.add_style(_FOOTNOTE_REFERENCE, WD_STYLE_TYPE.CHARACTER)
        reference.font.superscript = True
    for name in (*_STYLES, _FOOTNOTE_TEXT):
        try:
            style = styles[name]
        except KeyError:  # a style the default template lacks
            continue
        style.font.name = DOCX_FONT
        if name in _SIZES:
            style.font.size = Pt(_SIZES[name])
            size = style.element.get_or_add_rPr().find(qn("w:szCs"))
            if size is not None:
                size.set(qn("w:val"), str(_SIZES[name] * 2))
        if name.startswith(("Heading", "Title")):
            style.font.bold = True
            style.font.italic = False
            style.font.color.rgb = _BLACK
            _plain_paragraph(style)
        if name == "Caption":
            style.font.bold = False
            style.font.italic = True
            style.font.color.rgb = _BLACK
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), DOCX_FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        rpr = style.element.get_or_add_rPr()
        color = rpr.find(qn("w:color"))
        if color is not None:
            for theme in ("w:themeColor", "w:themeShade", "w:themeTint"):
                color.attrib.pop(qn(theme), None)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), tag)


def _plain_paragraph(style) -> None:
    """Drop the template's coloured rule under the title; keep headings with their text."""
    ppr = style.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)
    style.paragraph_format.keep_with_next = True
    style.paragraph_format.space_before = Pt(12)
    style.paragraph_format.space_after = Pt(6)


def _body_paragraph(document):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(10)
    paragraph.paragraph_format.space_after = Pt(6)
    return paragraph


def _table(document, table: pd.DataFrame) -> None:
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = str(column)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _repeat_header(grid.rows[0])
    for row in table.itertuples(index=False):
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(11)


def _picture(document, png: bytes, caption: str) -> None:
    document.add_picture(io.BytesIO(png), width=Mm(150))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.paragraphs[-1].paragraph_format.keep_with_next = bool(caption)
    if caption:
        text = document.add_paragraph(caption, style="Caption")
        text.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    if properties.find(qn("w:tblHeader")) is None:
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        properties.append(header)
