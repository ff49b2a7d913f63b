"""Write a narrative as a Word document a secretariat can paste into its official report.

The text is set in Times New Roman, which shows every Vietnamese letter, for Latin, East Asian
and complex scripts alike, so Word never falls back to a font without the diacritics.
"""

from __future__ import annotations

import io

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cdskit.narrative._format import publication_date
from cdskit.narrative._model import Narrative

#: Font of every style in the document.
DOCX_FONT = "Times New Roman"
_LANGUAGE_TAGS = {"vi": "vi-VN", "en": "en-GB"}
_STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "List Number", "Table Grid")


def to_docx_bytes(narrative: Narrative, *, table: pd.DataFrame | None = None) -> bytes:
    """Return the narrative as a ``.docx`` file's bytes (A4, Times New Roman).

    Parameters
    ----------
    narrative : Narrative
        From :func:`cdskit.narrative.build_narrative`.
    table : pandas.DataFrame, optional
        Key figures shown before the notes.

    Returns
    -------
    bytes
        The Word document: the same sentences, footnote numbers, notes and sources as
        :func:`cdskit.narrative.to_html`.
    """
    document = Document()
    _page(document)
    _fonts(document, narrative.language)
    document.core_properties.title = narrative.title
    document.core_properties.language = _LANGUAGE_TAGS[narrative.language]
    document.add_heading(narrative.title, level=0)
    date = document.add_paragraph()
    date.add_run(narrative.date_text).italic = True
    if narrative.notice:
        document.add_paragraph(narrative.notice)
    if table is not None and len(table):
        document.add_heading(narrative.labels["key_figures"], level=1)
        grid = document.add_table(rows=1, cols=len(table.columns))
        grid.style = "Table Grid"
        for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
            cell.text = str(column)
            _repeat_header(grid.rows[0])
        for row in table.itertuples(index=False):
            cells = grid.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = str(value)
    for section in narrative.sections:
        document.add_heading(section.title, level=1)
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        for position, sentence in enumerate(section.sentences):
            if position:
                paragraph.add_run(" ")
            paragraph.add_run(sentence.text)
            if sentence.footnote:
                paragraph.add_run(str(sentence.footnote)).font.superscript = True
    if narrative.footnotes:
        document.add_heading(narrative.labels["footnotes"], level=1)
        for footnote in narrative.footnotes:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{footnote.number}. ").bold = True
            paragraph.add_run(footnote.text)
            paragraph.paragraph_format.space_after = Pt(3)
    if narrative.sources:
        document.add_heading(narrative.labels["sources"], level=1)
        for number, source in enumerate(narrative.sources, start=1):
            date_text = publication_date(source.date, narrative.language)
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{number}. ")
            paragraph.add_run(source.title).italic = True
            paragraph.add_run(f". {source.publisher}, {date_text}. {source.url}")
            paragraph.paragraph_format.space_after = Pt(3)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page(document) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin, section.right_margin = Mm(30), Mm(20)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)


def _fonts(document, language: str) -> None:
    tag = _LANGUAGE_TAGS[language]
    for name in _STYLES:
        try:
            style = document.styles[name]
        except KeyError:  # a style the default template lacks
            continue
        style.font.name = DOCX_FONT
        if name == "Normal":
            style.font.size = Pt(13)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), DOCX_FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        rpr = style.element.get_or_add_rPr()
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), tag)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    if properties.find(qn("w:tblHeader")) is None:
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        properties.append(header)
