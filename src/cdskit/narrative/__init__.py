"""Narrative province reports: sentences written from the observations, a source on every number.

One province, one year, one language (Vietnamese by default, or English)::

    from cdskit import narrative
    story = narrative.build_narrative("Lào Cai", 2024, "vi")
    print(narrative.to_markdown(story))

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
from cdskit.narrative._dti import dti_method
from cdskit.narrative._format import publication_date
from cdskit.narrative._model import Figure, Footnote, Narrative, Section, Sentence, Source
from cdskit.narrative._pdf import to_pdf_bytes
from cdskit.narrative._select import follow
from cdskit.narrative._topics import TOPICS
from cdskit.narrative._writers import (
    DOWNLOADS,
    FORMATS,
    PARTS,
    Downloads,
    downloads,
    file_stem,
    save,
    to_html,
    to_markdown,
    write,
)

__all__ = [
    "DOWNLOADS",
    "FORMATS",
    "PARTS",
    "TOPICS",
    "Downloads",
    "Figure",
    "Footnote",
    "MapChoice",
    "Narrative",
    "Section",
    "Sentence",
    "Source",
    "build_narrative",
    "connectivity_map_choice",
    "downloads",
    "dti_method",
    "file_stem",
    "follow",
    "key_figures",
    "publication_date",
    "save",
    "to_docx_bytes",
    "to_html",
    "to_markdown",
    "to_pdf_bytes",
    "write",
]
