"""Charts of the indicators (matplotlib, with a font for every Vietnamese letter)."""

from __future__ import annotations

from cdskit.charts.dti import dti_ranks, dti_scores, dti_table, save_figure

__all__ = [
    "dti_ranks",
    "dti_scores",
    "dti_table",
    "save_figure",
]
