"""Write a narrative as an A4 PDF with WeasyPrint: notes at the foot of each page, page numbers.

WeasyPrint lays the page out with the system's Pango (no browser): the text is set in Times New
Roman when the machine has it, else in a metric twin (Liberation Serif, Tinos), else in the
DejaVu Serif that ships with matplotlib, so the PDF always has every Vietnamese letter. Each
sentence stating a figure carries its notes (every source it names, as on the HTML page) as real
footnotes (CSS ``float: footnote``), in the
words of :func:`cdskit.narrative._docx.note_text` (no build provenance). The layout is tried with
a few line spacings until no page but the last is less than a quarter full and the last page
holds more than three lines (:func:`page_lines`).
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup

from cdskit.narrative._docx import chart_png, cited, has_dti, note_text
from cdskit.narrative._format import publication_date
from cdskit.narrative._model import Narrative
from cdskit.narrative._templates import page_environment

#: Font families of the PDF, in order of preference (the last one ships with matplotlib).
PDF_FONTS: tuple[str, ...] = ("Times New Roman", "Liberation Serif", "Tinos", "cdskit serif")
#: Smallest share of a page's text area a page other than the last fills.
MIN_FILL = 0.25
#: Fewest lines the last page holds.
MIN_LAST_LINES = 4
#: Share of the text area above which a page (text and pictures) counts as well filled.
_WELL_FILLED = 0.7
#: Layouts tried in order: body size (pt), line height, paragraph gap (mm), chart width (mm).
_LAYOUTS = (
    (13, 1.35, 2.0, 150),
    (13, 1.3, 1.5, 150),
    (13, 1.4, 2.5, 150),
    (13, 1.3, 1.5, 130),
    (13, 1.25, 1.0, 120),
    (13, 1.45, 3.0, 160),
    (13, 1.2, 1.0, 110),
    (13, 1.5, 3.5, 160),
)
#: Height of the text area of an A4 page with 20 mm top and bottom margins, in points.
_TEXT_HEIGHT_PT = (297 - 40) / 25.4 * 72


@dataclass(frozen=True)
class PageLines:
    """The text lines of one PDF page.

    Parameters
    ----------
    lines : int
        Lines of text (the page number in the footer excluded).
    fill : float
        Share of the page's text area the lines take (line heights over its height).
    pictures : float, default 0.0
        Share of the text area pictures take.
    """

    lines: int
    fill: float
    pictures: float = 0.0

    @property
    def used(self) -> float:
        """Share of the text area taken by text and pictures."""
        return self.fill + self.pictures


def to_pdf_bytes(
    narrative: Narrative, *, table: pd.DataFrame | None = None, chart: Any = None
) -> bytes:
    """Return the narrative as an A4 PDF's bytes.

    Parameters
    ----------
    narrative : Narrative
        From :func:`cdskit.narrative.build_narrative`.
    table : pandas.DataFrame, optional
        Key figures shown before the sections.
    chart : matplotlib.figure.Figure, bytes or path-like, optional
        The province's DTI rank chart, shown after the DTI section when the narrative states a
        DTI figure.

    Returns
    -------
    bytes
        The PDF: title, date, notice, key figures, sections with footnotes at the page foot,
        the chart, the sources; page numbers centred at the foot.
    """
    best: tuple[float, bytes] | None = None
    picture = chart_png(chart) if has_dti(narrative) else None  # once for every layout tried
    for layout in _LAYOUTS:
        pdf = _render(print_html(narrative, table=table, chart=picture, layout=layout))
        pages = page_lines(pdf)
        # the emptiest page but the last: a layout whose pages are all well filled wins
        score = min((page.used for page in pages[:-1]), default=1.0) if fits(pages) else -1.0
        if best is None or score > best[0]:
            best = (score, pdf)
        if score >= _WELL_FILLED:
            break
    assert best is not None  # at least one layout is tried
    return best[1]


def print_html(
    narrative: Narrative,
    *,
    table: pd.DataFrame | None = None,
    chart: Any = None,
    layout: tuple[float, float, float, float] = _LAYOUTS[0],
) -> str:
    """Return the HTML the PDF is laid out from (one language, notes as CSS footnotes).

    Parameters
    ----------
    narrative : Narrative
        From :func:`cdskit.narrative.build_narrative`.
    table : pandas.DataFrame, optional
        Key figures.
    chart : matplotlib.figure.Figure, bytes or path-like, optional
        The DTI rank chart.
    layout : tuple, optional
        Body size (pt), line height, paragraph gap (mm) and chart width (mm).

    Returns
    -------
    str
        A standalone HTML page for WeasyPrint.
    """
    size, leading, gap, width = layout
    png = chart_png(chart) if has_dti(narrative) else None
    topics = [section.topic for section in narrative.sections]
    fonts = _fallback_fonts()
    return (
        page_environment()
        .get_template("page/print.html.j2")
        .render(
            n=narrative,
            notes={f.number: note_text(f) for f in narrative.footnotes},
            table=[] if table is None else [[str(cell) for cell in row] for row in table.values],
            columns=[] if table is None else [str(column) for column in table.columns],
            sources=[
                (*cited(s, narrative.language), publication_date(s.date, narrative.language))
                for s in narrative.sources
            ],
            chart=Markup("data:image/png;base64," + base64.b64encode(png).decode()) if png else "",
            chart_after="dti" if "dti" in topics else (topics[-1] if topics else ""),
            family=Markup(", ".join(f'"{name}"' for name in PDF_FONTS) + ", serif"),
            fonts={key: Markup(path.as_uri()) for key, path in fonts.items()},
            style={"size": size, "leading": leading, "gap": gap, "chart": width},
        )
    )


def page_lines(pdf: bytes) -> list[PageLines]:
    """Return the lines of text on each page of a PDF (the footer's page number left out).

    Parameters
    ----------
    pdf : bytes
        A PDF written by :func:`to_pdf_bytes` (A4, 20 mm top and bottom margins).

    Returns
    -------
    list of PageLines
        One per page, in order.
    """
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)
        footer = 20 / 25.4 * 72  # below the bottom margin: the page number
        lines: dict[int, float] = {}
        pictures: list[float] = []

        def draw(operator, operands, cm, tm, pictures=pictures):
            if operator == b"Do":
                pictures.append(abs(cm[3]))

        def visit(text, cm, tm, font, size, lines=lines, footer=footer, height=height):
            if not text.strip():
                return
            y = cm[3] * tm[5] + cm[5]
            scale = abs(cm[3] * tm[3]) or 1.0
            if footer < y < height:
                key = round(y)
                lines[key] = max(lines.get(key, 0.0), size * scale * 1.2)

        page.extract_text(visitor_text=visit, visitor_operand_before=draw)
        pages.append(
            PageLines(
                len(lines), sum(lines.values()) / _TEXT_HEIGHT_PT, sum(pictures) / _TEXT_HEIGHT_PT
            )
        )
    return pages


def fits(pages: list[PageLines]) -> bool:
    """Return whether no page but the last is under a quarter full and the last has 4+ lines.

    Parameters
    ----------
    pages : list of PageLines
        From :func:`page_lines`.

    Returns
    -------
    bool
        True for a layout a secretariat can print as it is.

    Examples
    --------
    >>> full = PageLines(40, 0.9)
    >>> fits([full, PageLines(5, 0.1)]), fits([full, PageLines(2, 0.05)])
    (True, False)
    """
    if not pages:
        return False
    return all(p.fill >= MIN_FILL for p in pages[:-1]) and pages[-1].lines >= MIN_LAST_LINES


def _render(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return HTML(string=html).write_pdf(font_config=fonts)


def _fallback_fonts() -> dict[str, Path]:
    """Return matplotlib's DejaVu Serif files, the serif every machine with the kit has."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {
        "regular": folder / "DejaVuSerif.ttf",
        "bold": folder / "DejaVuSerif-Bold.ttf",
        "italic": folder / "DejaVuSerif-Italic.ttf",
        "bold_italic": folder / "DejaVuSerif-BoldItalic.ttf",
    }
