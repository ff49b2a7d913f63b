"""The raw stage: the sources register and reading tables with each cell's origin.

``sources.yml`` records title, publisher, date, URL, licence and sha256 of every raw file;
CSV and XLSX tables are read with ``file:line N`` or ``file:Sheet!A1`` kept for every value.
"""

from __future__ import annotations

from cdskit.raw.read import Table, read_tables
from cdskit.raw.sources import FileEntry, Register, Source, accept, check_sources, load_sources

__all__ = [
    "FileEntry",
    "Register",
    "Source",
    "Table",
    "accept",
    "check_sources",
    "load_sources",
    "read_tables",
]
