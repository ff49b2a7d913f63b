"""Markdown, HTML and Word hold the same sentences and notes (synthetic test data)."""

from __future__ import annotations

import io
from html.parser import HTMLParser

import pytest
from docx import Document
from docx.oxml.ns import qn
from narrative.narrative_synthetic import SYNTHETIC_SOURCES, narrate, row

from cdskit.dataset import Source
from cdskit.errors import ParameterError
from cdskit.narrative import key_figures, save, to_docx_bytes, to_html, to_markdown

ROWS = [
    row("Lào Cai", "2023", 30, "dti_rank"),
    row("Lào Cai", "2024", 14, "dti_rank"),
    row("Lào Cai", "2024", 0.7167, "dti_score"),
    row("Lào Cai", "2024", 98, "share_e_documents_digitally_signed", qualifier=">", vintage=2008),
    row("Lào Cai", "2024-06", 1533, "villages_with_3g4g", denominator=1562, vintage=2008),
]


class _Reader(HTMLParser):
    """Collect sentence spans, footnote numbers after them, and footnote items."""

    def __init__(self) -> None:
        super().__init__()
        self.sentences: list[str] = []
        self.marks: list[str] = []
        self.notes: list[str] = []
        self._in: str | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class", "")
        if tag == "span" and cls == "cdskit-sentence":
            self._in, self._buffer = "sentence", ""
        elif tag == "sup" and cls == "cdskit-ref":
            self._in, self._buffer = "mark", ""
        elif tag == "li" and dict(attrs).get("id", "").startswith("fn-"):
            self._in, self._buffer = "note", ""
        elif tag == "a" and cls == "cdskit-back":
            self._pause = self._in
            self._in = None

    def handle_endtag(self, tag):
        if tag == "span" and self._in == "sentence":
            self.sentences.append(self._buffer)
            self._in = None
        elif tag == "sup" and self._in == "mark":
            self.marks.append(self._buffer)
            self._in = None
        elif tag == "a" and getattr(self, "_pause", None) == "note":
            self._in, self._pause = "note", None
        elif tag == "li" and self._in == "note":
            self.notes.append(" ".join(self._buffer.split()))
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._buffer += data


def _read_docx(
    payload: bytes, titles: list[str]
) -> tuple[list[str], list[str], list[str], Document]:
    """Sentences (runs under the section ``titles``), footnote references and footnote texts."""
    document = Document(io.BytesIO(payload))
    sentences, marks = [], []
    inside = False
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading") or paragraph.style.name == "Title":
            inside = paragraph.text in titles
            continue
        if not inside:
            continue
        for run in paragraph.runs:
            reference = run._r.find(qn("w:footnoteReference"))
            if reference is not None:
                marks.append(reference.get(qn("w:id")))
            elif run.text.strip():
                sentences.append(run.text)
    part = next(
        r.target_part for r in document.part.rels.values() if r.reltype.endswith("/footnotes")
    )
    from docx.oxml import parse_xml

    notes = [
        "".join(t.text for t in note.iter(qn("w:t"))).strip()
        for note in parse_xml(part.blob).iter(qn("w:footnote"))
        if note.get(qn("w:type")) is None
    ]
    return sentences, marks, notes, document


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_docx_holds_the_same_sentences_and_footnotes_as_the_html(language):
    from cdskit.narrative._docx import note_text

    story = narrate(ROWS, "Lào Cai", 2024, language)
    table = key_figures(story)
    html = _Reader()
    html.feed(to_html(story, table=table))
    sentences, marks, notes, document = _read_docx(
        to_docx_bytes(story, table=table), [section.title for section in story.sections]
    )
    cited = [s for s in story.sentences if s.footnote]
    assert html.sentences == [s.text for s in story.sentences] == sentences
    assert marks == [str(n) for n in range(1, len(cited) + 1)]
    assert len(html.notes) == len(story.footnotes)
    assert all(note.startswith(f.text) for note, f in zip(html.notes, story.footnotes, strict=True))
    assert notes == [note_text(story.footnotes[s.footnote - 1]) for s in cited]
    assert document.tables[0].rows[0].cells[0].text == table.columns[0]
    assert len(document.tables[0].rows) == len(table) + 1


def test_the_docx_sets_a_vietnamese_font_for_every_script():
    story = narrate(ROWS, "Lào Cai", 2024, "vi")
    document = Document(io.BytesIO(to_docx_bytes(story)))
    for name in ("Normal", "Title", "Heading 1"):
        fonts = document.styles[name].element.rPr.rFonts
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            assert fonts.get(qn(attribute)) == "Times New Roman", (name, attribute)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "tỉnh Lào Cai (mới, gồm Lào Cai và Yên Bái)" in text
    assert document.sections[0].page_width.mm == pytest.approx(210, abs=0.5)


def test_html_is_one_language_page_that_prints_on_a4():
    story = narrate(ROWS, "Lào Cai", 2024, "vi")
    page = to_html(story)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="vi">' in page
    assert "@page { size: A4" in page and "@media print" in page
    assert "<script" not in page and "http" not in page.split("<body>")[0]


def test_data_text_is_escaped_in_html_and_markdown():
    hostile = {
        "src-a": Source(
            "src-a",
            '<script>alert("x")</script> *bold* [link](javascript:alert(1))',
            "Báo <b>thử</b>",
            "2023-07-03",
            "javascript:alert(1)",
        ),
        "src-b": SYNTHETIC_SOURCES["src-b"],
    }
    from synthetic import table

    from cdskit.dataset import load_codebook
    from cdskit.narrative import build_narrative

    story = build_narrative(
        "Lào Cai", 2024, "vi", observations=table(ROWS), codebook=load_codebook(), sources=hostile
    )
    page = to_html(story)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>thử</b>" not in page
    assert 'href="javascript' not in page
    markdown = to_markdown(story)
    assert r"\*bold\*" in markdown and r"\[link\]" in markdown and "<javascript" not in markdown


def test_save_writes_one_file_per_format_under_the_stem_and_refuses_unknown_formats(tmp_path):
    story = narrate(ROWS, "Lào Cai", 2024, "en")
    (markdown,) = save(story, tmp_path, formats="markdown")
    assert markdown == tmp_path / "lao-cai-2024-en.md"
    assert markdown.read_text("utf-8").startswith(
        "# Digital transformation report: Lào Cai province, 2024"
    )
    docx, html = save(story, tmp_path / "new", "report", formats=["docx", "HTML"])
    assert (docx.name, html.name) == ("report.docx", "report.html")
    assert Document(str(docx)).paragraphs[0].text == story.title
    assert html.read_text("utf-8").startswith("<!DOC")
    with pytest.raises(ParameterError, match="formats: 'odt' is not supported"):
        save(story, tmp_path / "refused", formats=["md", "odt"])
    assert not (tmp_path / "refused").exists(), "nothing written before every format is checked"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_key_figures_are_text_without_index_or_missing_values(language):
    story = narrate(ROWS, "Lào Cai", 2024, language)
    table = key_figures(story)
    assert len(table) == 5 and not table.isna().any().any()
    assert list(table.index) == list(range(5))
    first = table.iloc[0].tolist()
    assert first[2] == "14/34" and first[3] == "1"
