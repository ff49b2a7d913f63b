"""The raw stage: the sources register and reading tables with each cell's origin.

``sources.yml`` records title, publisher, date, URL, licence and sha256 of every raw file;
CSV and XLSX tables are read with ``file:line N`` or ``file:Sheet!A1`` kept for every value.
"""

from __future__ import annotations

from cdskit.raw._hierarchy import (
    HierarchyLayout,
    HierarchyTable,
    SubtotalError,
    check_subtotals,
    read_hierarchy,
)
from cdskit.raw._register_edit import edited_register, upsert_entries
from cdskit.raw._xls import read_xls_tables
from cdskit.raw.citing import Source
from cdskit.raw.pinned import PinnedFile, fetch_pinned, pinned_file, pinned_files
from cdskit.raw.read import Table, read_tables
from cdskit.raw.sources import FileEntry, Register, accept, check_sources, load_register

__all__ = [
    "FileEntry",
    "HierarchyLayout",
    "HierarchyTable",
    "PinnedFile",
    "Register",
    "Source",
    "SubtotalError",
    "Table",
    "accept",
    "check_sources",
    "check_subtotals",
    "edited_register",
    "fetch_pinned",
    "load_register",
    "pinned_file",
    "pinned_files",
    "read_hierarchy",
    "read_tables",
    "read_xls_tables",
    "upsert_entries",
]
