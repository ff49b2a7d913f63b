"""Add or replace entries of ``data/raw/sources.yml`` without disturbing the rest of the file.

Other entries, comments and layout stay exactly as written: an entry is found by its ``id``
(sources) or ``path`` (files), its lines are replaced, or a new entry is inserted at the end of
its section. The edited text must parse to the expected document, or nothing is written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from cdskit.errors import InputError
from cdskit.files import write_text_atomically

_SECTIONS = {"sources": "id", "files": "path"}


def upsert_entries(register: Path, *, source: dict[str, Any], file: dict[str, Any]) -> None:
    """Write a source entry and a file entry into a ``sources.yml``, replacing older ones.

    Parameters
    ----------
    register : pathlib.Path
        The ``sources.yml`` to edit (it must exist and have ``sources:`` and ``files:``).
    source : dict
        The source entry (``id`` first).
    file : dict
        The file entry (``path`` first).

    Raises
    ------
    InputError
        When the register lacks a section or the edit would not give the expected document.
    """
    text = edited_register(register, source=source, file=file)
    write_text_atomically(register, text)


def edited_register(
    register: Path,
    *,
    source: dict[str, Any],
    file: dict[str, Any],
    superseded: dict[str, Any] | None = None,
) -> str:
    """Return the text of ``sources.yml`` with the entries added or replaced (nothing written).

    Parameters
    ----------
    register : pathlib.Path
        The ``sources.yml`` to read.
    source, file : dict
        As for :func:`upsert_entries`.
    superseded : dict, optional
        An entry appended to the ``superseded:`` section (created at the end when missing):
        a raw file replaced by a corrected one, kept beside it (``path`` first).

    Returns
    -------
    str
        The edited text; other entries, comments and layout as they were.

    Raises
    ------
    InputError
        When the register lacks a section or the edit would not give the expected document.
    """
    text = register.read_text(encoding="utf-8")
    expected = yaml.safe_load(text) or {}
    for section, key in _SECTIONS.items():
        if not isinstance(expected.get(section), list):
            expected[section] = expected.get(section) or []
        entry = source if section == "sources" else file
        items = [item for item in expected[section] if item.get(key) != entry[key]]
        expected[section] = [*items, entry]
    for section, key in _SECTIONS.items():
        entry = source if section == "sources" else file
        text = _upsert(text, register, section, key, entry)
    if superseded is not None:
        expected["superseded"] = [*(expected.get("superseded") or []), superseded]
        if not re.search(r"(?m)^superseded:\s*$", text):
            text = text + ("" if text.endswith("\n") else "\n") + "superseded:\n"
        text = _upsert(text, register, "superseded", "path", superseded)
    edited = yaml.safe_load(text)
    if _normalised(edited) != _normalised(expected):
        raise InputError(
            f"{register}: adding the entries for {source['id']} would change other entries; "
            "the file was left as it is. Add them by hand (see docs/raw-data.md)."
        )
    return text


def _normalised(document: dict[str, Any]) -> dict[str, Any]:
    return {
        section: sorted((dict(item) for item in document.get(section) or []), key=repr)
        for section in (*_SECTIONS, "superseded")
    }


def _upsert(text: str, register: Path, section: str, key: str, entry: dict[str, Any]) -> str:
    lines = text.splitlines(keepends=True)
    header = next((i for i, line in enumerate(lines) if line.rstrip() == f"{section}:"), None)
    if header is None:
        raise InputError(f"{register} has no '{section}:' section; add one.")
    end = next(
        (i for i in range(header + 1, len(lines)) if re.match(r"^[A-Za-z_]", lines[i])),
        len(lines),
    )
    items = [i for i in range(header + 1, end) if re.match(r"^\s*- ", lines[i])]
    first_item = re.match(r"^(\s*)- ", lines[items[0]]) if items else None
    indent = first_item.group(1) if first_item else ""
    # Entries start at the section's own indent; deeper "- " lines are lists inside an entry.
    items = [i for i in items if re.match(rf"^{indent}- ", lines[i])]
    block = _block(entry, indent)
    for position, start in enumerate(items):
        first = yaml.safe_load(lines[start].strip()[2:]) if ":" in lines[start] else None
        if isinstance(first, dict) and str(first.get(key)) == str(entry[key]):
            stop = items[position + 1] if position + 1 < len(items) else end
            while stop > start + 1 and not lines[stop - 1].strip():
                stop -= 1
            return "".join([*lines[:start], block, *lines[stop:]])
    insert = end
    while insert > header + 1 and not lines[insert - 1].strip():
        insert -= 1
    if insert and not lines[insert - 1].endswith("\n"):
        lines[insert - 1] += "\n"
    return "".join([*lines[:insert], block, *lines[insert:]])


def _block(entry: dict[str, Any], indent: str) -> str:
    dumped = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
    return "".join(indent + line for line in dumped.splitlines(keepends=True))
