"""The published dataset: observation schema, codebook, loading, crosswalk, dictionary.

:func:`load` is what a notebook calls; :func:`to_2025` moves figures between vintages by the
codebook's declared aggregation.
"""

from __future__ import annotations

from cdskit.dataset.citations import Source, load_sources, source_titles
from cdskit.dataset.codebook import load_codebook, suggest_indicators, unknown_indicator_message
from cdskit.dataset.crosswalk import components, to_2025
from cdskit.dataset.dictionary import render_data_dictionary, write_data_dictionary
from cdskit.dataset.loading import coverage, format_coverage, load
from cdskit.dataset.observations import COLUMN_NAMES, COLUMNS, FIGURE_KEY, Column

__all__ = [
    "COLUMNS",
    "COLUMN_NAMES",
    "FIGURE_KEY",
    "Column",
    "Source",
    "components",
    "coverage",
    "format_coverage",
    "load",
    "load_codebook",
    "load_sources",
    "render_data_dictionary",
    "source_titles",
    "suggest_indicators",
    "to_2025",
    "unknown_indicator_message",
    "write_data_dictionary",
]
