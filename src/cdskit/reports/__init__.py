"""The report runner: ``reports.toml`` → executed notebooks → code-free HTML pages.

:func:`render_all` writes every page, ``index.html`` and ``manifest.json`` into ``reports/``.
"""

from __future__ import annotations

from cdskit.reports.config import Report, load_config, notebook_parameters
from cdskit.reports.runner import render_all

__all__ = [
    "Report",
    "load_config",
    "notebook_parameters",
    "render_all",
]
