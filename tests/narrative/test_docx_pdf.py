"""The Word file and the A4 PDF a secretariat files: real footnotes, page numbers, A4, fonts.

Built from a synthetic narrative (synthetic test data: ``narrative_synthetic``, every source says
"(synthetic)"); the shipped reports are checked in ``tests/reports/test_report_downloads.py``.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import replace
from html.parser import HTMLParser

import matplotlib
import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from cdskit.dataset import Source
from cdskit.narrative import (
    Figure,
    Footnote,
    Narrative,
    Section,
    Sentence,
    save,
    to_docx_bytes,
    to_html,
    to_pdf_bytes,
)
from cdskit.narrative._docx import note_text

matplotlib.use("Agg")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
A4_PT = (595.28, 841.89)
SOURCES = (
    Source("src-a", "Nguồn thử A (synthetic)", "Báo thử A", "2023-07-03", "https://a.test/1"),
    Source("src-b", "Nguồn thử B (synthetic)", "Sở thử B", "2024-01-15", "https://b.test/2"),
)
LABELS = {
    "vi": {
        "key_figures": "Số liệu chính",
        "footnotes": "Chú thích",
        "sources": "Nguồn số liệu",
        "rank_chart": "Thứ hạng DTI qua các năm",
        "technical": "Thông tin kỹ thuật",
    },
    "en": {
        "key_figures": "Key figures",
        "footnotes": "Notes",
        "sources": "Sources",
        "rank_chart": "DTI ranks over the years",
        "technical": "Technical details",
    },
}
TITLES = {
    "vi": "Báo cáo chuyển đổi số tỉnh Lào Cai năm 2024 (thử)",
    "en": "Digital transformation report: Lào Cai province, 2024 (synthetic)",
}


def _figure(indicator: str, value: float, source: str = "src-a") -> Figure:
    return Figure(
        indicator,
        "15",
        "Lào Cai",
        2025,
        "2024",
        value,
        None,
        "",
        str(value),
        source,
        "synthetic.csv:line 2",
    )


def synthetic_story(language: str = "vi", *, dti: bool = True, paragraphs: int = 3) -> Narrative:
    """A narrative written by hand (synthetic test data): cited and uncited sentences."""
    words = "Lào Cai có số liệu thử nghiệm về hạ tầng số, dịch vụ công và kinh tế số của tỉnh"
    sections, footnotes = [], []
    topics = (["dti"] if dti else []) + [f"topic{n}" for n in range(paragraphs)]
    for topic in topics:
        sentences = []
        for position in range(4):
            cited = position != 1
            number = len(footnotes) + 1 if cited else None
            figure = _figure("dti_rank" if topic == "dti" else "villages_with_3g4g", 14 + position)
            sentences.append(
                Sentence(
                    topic, f"{words} (câu {topic}-{position}).", (figure,) if cited else (), number
                )
            )
            if cited:
                source = SOURCES[position % 2]
                footnotes.append(
                    Footnote(
                        number,
                        (
                            f"{source.title}. {source.publisher}, 03/7/2023. {source.url} "
                            "(ô gốc: data/raw/synthetic.csv, dòng 2).",
                            "Số liệu không ghi thời điểm." if position == 3 else "",
                        )[: 2 if position == 3 else 1],
                    )
                )
        sections.append(Section(topic, f"Mục {topic} (thử)", tuple(sentences)))
    return Narrative(
        "Lào Cai",
        2024,
        language,
        TITLES[language],
        "Lập ngày 01/01/2025 (thử).",
        tuple(sections),
        tuple(footnotes),
        SOURCES,
        labels=LABELS[language],
    )


def key_table():
    import pandas as pd

    return pd.DataFrame(
        {
            "Chỉ tiêu": ["Xếp hạng DTI", "Thôn có sóng"],
            "Số liệu": ["14/34", "1.533/1.562"],
            "Chú thích số": ["1", "2"],
        }
    )


def _chart():
    import matplotlib.pyplot as plt

    figure, ax = plt.subplots(figsize=(6, 3))
    ax.plot([2023, 2024], [30, 14])
    return figure


class _Notes(HTMLParser):
    """The footnote items of a narrative page (``li#fn-N``), without the back link."""

    def __init__(self) -> None:
        super().__init__()
        self.notes: dict[int, str] = {}
        self._number: int | None = None
        self._back = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "li" and attributes.get("id", "").startswith("fn-"):
            self._number = int(attributes["id"][3:])
            self.notes[self._number] = ""
        elif tag == "a" and attributes.get("class") == "cdskit-back":
            self._back = True

    def handle_endtag(self, tag):
        if tag == "a":
            self._back = False
        elif tag == "li":
            self._number = None

    def handle_data(self, data):
        if self._number is not None and not self._back:
            self.notes[self._number] += data


def _docx_parts(payload: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        }


def _footnotes(document) -> dict[int, str]:
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype == FOOTNOTES)
    from docx.oxml import parse_xml

    root = parse_xml(part.blob)
    return {
        int(note.get(qn("w:id"))): "".join(t.text or "" for t in note.iter(f"{W}t")).strip()
        for note in root.iter(f"{W}footnote")
    }


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_cited_sentence_has_a_word_footnote_with_the_note_of_the_html_page(language):
    story = synthetic_story(language)
    payload = to_docx_bytes(story, table=key_table())
    parts = _docx_parts(payload)
    document = Document(io.BytesIO(payload))
    cited = [s for s in story.sentences if s.footnote]
    assert cited
    references = re.findall(r'<w:footnoteReference w:id="(\d+)"/>', parts["word/document.xml"])
    assert len(references) == len(cited)
    # the footnotes part is a real OPC part: relationship, content type, separators
    assert 'PartName="/word/footnotes.xml"' in parts["[Content_Types].xml"]
    assert "wordprocessingml.footnotes+xml" in parts["[Content_Types].xml"]
    assert FOOTNOTES in parts["word/_rels/document.xml.rels"]
    notes = _footnotes(document)
    kinds = re.findall(r'w:type="(\w+)"', parts["word/footnotes.xml"])
    assert kinds == ["separator", "continuationSeparator"]
    assert "<w:footnotePr>" in parts["word/settings.xml"]
    # every reference points at its own note, and the note is the HTML page's note
    html = _Notes()
    html.feed(to_html(story))
    for reference, sentence in zip(references, cited, strict=True):
        page_note = " ".join(html.notes[sentence.footnote].split())
        word_note = notes[int(reference)]
        assert word_note == note_text(Footnote(sentence.footnote, (page_note,)))
        # the same words in the same order, only the address and the raw cell left out
        pieces = [piece for piece in re.split(r"(?<=\.) ", word_note) if piece]
        assert pieces and all(piece in page_note for piece in pieces), (pieces, page_note)
        assert sorted(pieces, key=page_note.index) == pieces
        source = next(s for s in SOURCES if s.title in page_note)
        assert word_note.startswith(f"{source.title}. {source.publisher}, 03/7/2023.")
    assert "data/raw" not in "".join(parts.values())


def test_a_pasted_paragraph_keeps_its_notes_because_the_marks_are_references_not_text():
    story = synthetic_story("vi")
    document = Document(io.BytesIO(to_docx_bytes(story)))
    marks = [run for p in document.paragraphs for run in p.runs if run.font.superscript]
    assert marks == []  # no typed superscript numbers imitating notes
    body = document.element.body
    references = body.findall(f".//{W}footnoteReference")
    assert all(
        ref.getparent().find(f"{W}rPr/{W}rStyle").get(qn("w:val")) == "FootnoteReference"
        for ref in references
    )
    assert document.styles["Footnote Reference"].font.superscript


def test_the_docx_follows_decree_30_page_font_black_headings_and_page_numbers():
    story = synthetic_story("vi")
    payload = to_docx_bytes(story)
    document = Document(io.BytesIO(payload))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    twip = 0.02  # margins are stored in twentieths of a point
    assert 20 - twip <= section.top_margin.mm <= 25 + twip
    assert 20 - twip <= section.bottom_margin.mm <= 25 + twip
    assert 30 - twip <= section.left_margin.mm <= 35 + twip
    assert 15 - twip <= section.right_margin.mm <= 20 + twip
    for name in ("Normal", "Title", "Heading 1", "Footnote Text"):
        style = document.styles[name]
        fonts = style.element.rPr.rFonts
        assert all(fonts.get(qn(a)) == "Times New Roman" for a in ("w:ascii", "w:hAnsi", "w:cs"))
    assert document.styles["Normal"].font.size.pt in (13, 14)
    for name in ("Title", "Heading 1", "Heading 2"):
        color = document.styles[name].element.rPr.find(qn("w:color"))
        assert color.get(qn("w:val")) == "000000" and color.get(qn("w:themeColor")) is None
    headings = [p for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings and all(
        run.font.color.rgb in (None, document.styles["Heading 1"].font.color.rgb)
        for p in headings
        for run in p.runs
    )
    footer = _docx_parts(payload)["word/footer1.xml"]
    assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", footer)
    assert footer.index('fldCharType="begin"') < footer.index("PAGE") < footer.index('"end"')


def test_the_dti_chart_is_a_picture_only_when_the_narrative_states_a_dti_figure():
    with_dti = Document(io.BytesIO(to_docx_bytes(synthetic_story("vi"), chart=_chart())))
    assert len(with_dti.inline_shapes) == 1
    assert with_dti.inline_shapes[0].width.mm == pytest.approx(150, abs=1)
    without = Document(io.BytesIO(to_docx_bytes(synthetic_story("vi", dti=False), chart=_chart())))
    assert len(without.inline_shapes) == 0


def _pdf_pages(payload: bytes) -> list[dict]:
    """Per page: size, text, and the text lines' total height over the A4 text area."""
    pages = []
    for page in PdfReader(io.BytesIO(payload)).pages:
        lines: dict[int, float] = {}

        def visit(text, cm, tm, font, size, lines=lines):
            y = cm[3] * tm[5] + cm[5]
            if text.strip() and y > 57:  # above the bottom margin (the page number)
                lines[round(y)] = max(lines.get(round(y), 0), size * abs(cm[3] * tm[3]) * 1.2)

        text = page.extract_text(visitor_text=visit)
        pages.append(
            {
                "size": (float(page.mediabox.width), float(page.mediabox.height)),
                "text": unicodedata.normalize("NFC", text),
                "lines": len(lines),
                "fill": sum(lines.values()) / ((297 - 40) / 25.4 * 72),
            }
        )
    return pages


def check_page_fill(pages: list[dict]) -> None:
    """No page but the last under a quarter of text; the last holds more than three lines."""
    for number, page in enumerate(pages[:-1], start=1):
        assert page["fill"] >= 0.25, (number, page["fill"])
    assert pages[-1]["lines"] > 3, pages[-1]["lines"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_pdf_is_a4_with_the_vietnamese_title_notes_at_the_foot_and_page_numbers(language):
    story = synthetic_story(language)
    payload = to_pdf_bytes(story, table=key_table(), chart=_chart())
    pages = _pdf_pages(payload)
    assert all(p["size"] == pytest.approx(A4_PT, abs=1) for p in pages)
    text = "\n".join(p["text"] for p in pages)
    assert story.title in " ".join(text.split())
    assert "Lào Cai" in text and "(synthetic)" in text
    assert "data/raw" not in text and "synthetic.csv" not in text
    for number, page in enumerate(pages, start=1):
        assert page["text"].strip().splitlines()[-1].strip() == str(number)
    check_page_fill(pages)
    reader = PdfReader(io.BytesIO(payload))
    fonts = {
        str(f.get_object()["/BaseFont"])
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert fonts and all(re.search(r"Serif|Times|Tinos", name) for name in fonts), fonts


@pytest.mark.parametrize("paragraphs", [0, 2, 5, 9])
def test_no_synthetic_narrative_length_leaves_a_near_empty_page(paragraphs):
    story = synthetic_story("vi", paragraphs=paragraphs)
    check_page_fill(_pdf_pages(to_pdf_bytes(story, table=key_table(), chart=_chart())))


def test_save_writes_every_format_and_downloads_link_word_pdf_and_markdown(tmp_path):
    from cdskit.narrative import downloads

    story = synthetic_story("vi")
    written = save(story, tmp_path / "province-report", table=key_table())
    assert sorted(p.suffix for p in written) == [".docx", ".html", ".md", ".pdf"]
    links = downloads(written, "vi")
    assert [kind for kind, _ in links.links] == ["docx", "pdf", "md"]
    assert all((tmp_path / href).is_file() for _, href in links.links)
    html = links._repr_html_()
    assert 'href="province-report/lao-cai-2024-vi.pdf"' in html and "Bản in A4 (PDF)" in html
    assert downloads([], "en")._repr_html_() == ""


def _comparison_story(language: str) -> Narrative:
    """The synthetic story with one sentence that also names an earlier figure's source."""
    story = synthetic_story(language)
    first = story.sections[0]
    sentences = list(first.sentences)
    # the first sentence states a figure of note 1 and compares it with one of note 3
    sentences[0] = replace(sentences[0], notes=(1, 3))
    sections = (replace(first, sentences=tuple(sentences)), *story.sections[1:])
    return replace(story, sections=sections)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_sentence_naming_two_sources_cites_both_in_word_and_in_the_pdf(language):
    story = _comparison_story(language)
    main, other = (note_text(story.footnotes[number - 1]) for number in (1, 3))
    assert main != other
    payload = to_docx_bytes(story)
    document = Document(io.BytesIO(payload))
    xml = _docx_parts(payload)["word/document.xml"]
    references = [int(r) for r in re.findall(r'<w:footnoteReference w:id="(\d+)"/>', xml)]
    cited = sum(len(s.note_numbers) for s in story.sentences)
    assert len(references) == cited == len({*references})  # one Word note per reference
    notes = _footnotes(document)
    assert [notes[references[0]], notes[references[1]]] == [main, other]
    # the two marks follow the sentence, before the next one begins
    first, second = (sentence.text for sentence in story.sections[0].sentences[:2])
    paragraph = xml[xml.index(first) :]
    assert paragraph.index(f'w:id="{references[1]}"') < paragraph.index(second)
    # the PDF prints the other source's note once more: at the foot of the compared sentence
    title = next(source.title for source in SOURCES if source.title in other)

    def printed(narrative: Narrative) -> int:
        pages = _pdf_pages(to_pdf_bytes(narrative))
        return " ".join(" ".join(page["text"].split()) for page in pages).count(title)

    assert printed(story) == printed(synthetic_story(language)) + 1
