"""Charts and tables of the indicators (matplotlib, with a font for every Vietnamese letter).

The DTI comparison: ranks by vintage (:func:`dti_ranks`), scores by method on the whole 0–1
scale (:func:`dti_scores`), the three pillars (:func:`dti_pillar_ranks`), tables and report text
as HTML (:func:`dti_table_html`, :func:`dti_pillar_table_html`, :func:`dti_section_html`,
:func:`figure_html`), and chart files (:func:`save`). Positions read from published lists (†)
and ranks derived from a stated change (‡) are marked wherever they are shown. Every chart and
table takes one :class:`Selection` (provinces, years, language, source titles), or its fields
as keywords.
"""

from __future__ import annotations

from cdskit.charts._selection import Selection
from cdskit.charts.dti import dti_ranks, dti_scores
from cdskit.charts.dti_tables import (
    dti_pillar_table_html,
    dti_section_html,
    dti_source_ids,
    dti_summary,
    dti_table,
    dti_table_html,
)
from cdskit.charts.output import figure_html, save
from cdskit.charts.pillars import dti_pillar_ranks

__all__ = [
    "Selection",
    "dti_pillar_ranks",
    "dti_pillar_table_html",
    "dti_ranks",
    "dti_scores",
    "dti_section_html",
    "dti_source_ids",
    "dti_summary",
    "dti_table",
    "dti_table_html",
    "figure_html",
    "save",
]
