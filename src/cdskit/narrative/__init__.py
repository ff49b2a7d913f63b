"""Narrative province reports: sentences written from the observations, a source on every number.

One province, one year, one language (Vietnamese by default, or English)::

    from cdskit import narrative
    story = narrative.build_narrative("Lào Cai", 2024, "vi")
    print(narrative.to_markdown(story))
    narrative.save(story, "out")  # out/lao-cai-2024-vi.md, .html, .docx and .pdf

Each :class:`Sentence` holds its text and the observations it states; every sentence stating a
number has a numbered footnote naming the source (title as published, publisher, date, URL)
and the cell of ``data/raw`` the figure was read from. A topic without a figure gets no
sentence. Texts come from Jinja2 templates shipped per language in ``templates/vi`` and
``templates/en``; numbers are formatted with Babel through :mod:`cdskit.formatting`.
"""

from cdskit.narrative._build import (
    MapChoice,
    build_narrative,
    connectivity_map_choice,
    key_figures,
)
from cdskit.narrative._docx import to_docx_bytes
from cdskit.narrative._model import Figure, Footnote, Narrative, Section, Sentence
from cdskit.narrative._pdf import to_pdf_bytes
from cdskit.narrative._writers import (
    FORMATS,
    Downloads,
    downloads,
    file_stem,
    save,
    to_html,
    to_markdown,
)

__all__ = [
    "FORMATS",
    "Downloads",
    "Figure",
    "Footnote",
    "MapChoice",
    "Narrative",
    "Section",
    "Sentence",
    "build_narrative",
    "connectivity_map_choice",
    "downloads",
    "file_stem",
    "key_figures",
    "save",
    "to_docx_bytes",
    "to_html",
    "to_markdown",
    "to_pdf_bytes",
]
