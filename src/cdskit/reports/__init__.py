"""The report runner: ``reports.toml`` → executed notebooks → code-free HTML pages.

:func:`render_all` writes every page, ``index.html`` and ``manifest.json`` into ``reports/``:
pre-flight checks first, then reports in parallel (or on a Dask scheduler), unchanged reports
reused, the whole folder swapped in at the end. A report notebook ends with
:func:`page_details` (period, sources, summary) for its page and the index card.
"""

from __future__ import annotations

from cdskit.reports.config import Report, load_config, notebook_parameters
from cdskit.reports.page import page_details
from cdskit.reports.runner import BatchInterrupted, render_all

__all__ = [
    "BatchInterrupted",
    "Report",
    "load_config",
    "notebook_parameters",
    "page_details",
    "render_all",
]
