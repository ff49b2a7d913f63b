"""The raw-data register ``data/raw/sources.yml``: publications, files and their sha256.

Raw files are immutable. :func:`check_sources` refuses a file whose bytes changed since its
hash was recorded, and a file on disk that the register does not list; :func:`accept` records
a deliberate change.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cdskit import paths
from cdskit.errors import InputError, RawFileChangedError, close_matches, did_you_mean
from cdskit.files import file_sha256, write_text_atomically
from cdskit.raw.citing import Source
from cdskit.terms import NUMBER_LOCALES, UNIT_LEVELS, VINTAGES
from cdskit.vietnamese import clean_text

REGISTER = "sources.yml"
#: ``hierarchy``: a statistics table with a subtotal row per group (see ``hierarchy:``);
#: ``lookup``: a table other entries read (unit codes), holding no figures of its own.
LAYOUTS = ("long", "wide", "hierarchy", "lookup")

_SOURCE_KEYS = ("id", "title", "publisher", "date", "url", "licence")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_WIDE_KEYS = ("unit_column", "unit_level", "vintage", "period", "indicators")
_HIERARCHY_KEYS = ("vintage", "period", "indicators", "hierarchy")
# Registers beside sources.yml: the dating of undated figures and how sources are cited.
_IGNORED_NAMES = (REGISTER, "README.md", "README.txt", "dating.csv", "source_citations.csv")


@dataclass(frozen=True)
class FileEntry:
    """One raw file (an entry under ``files:``) and how to read it."""

    path: str
    sha256: str
    description: str = ""
    layout: str = "long"
    number_locale: str | None = None
    source: str | None = None
    sheet: str | None = None
    unit_column: str | None = None
    unit_level: str | None = None
    vintage: int | None = None
    period: str | None = None
    province: str | None = None
    indicators: dict[str, str] = field(default_factory=dict)
    ignore_columns: tuple[str, ...] = ()
    pinned: bool = False
    hierarchy: dict[str, Any] | None = None


@dataclass(frozen=True)
class Register:
    """The parsed ``sources.yml`` of one raw folder."""

    raw_dir: Path
    sources: dict[str, Source]
    files: tuple[FileEntry, ...]

    @property
    def path(self) -> Path:
        """Path of ``sources.yml``."""
        return self.raw_dir / REGISTER


def load_register(raw_dir: str | Path | None = None) -> Register:
    """Read and check the structure of ``sources.yml`` (without hashing files).

    Parameters
    ----------
    raw_dir : str or pathlib.Path, optional
        Raw-data folder (default: ``data/raw`` of the project).

    Returns
    -------
    Register
        Sources by id and file entries in register order.

    Raises
    ------
    InputError
        The register is missing or unreadable, a source is incomplete or duplicated, or a file
        entry is malformed or cites an unknown source.
    """
    raw = Path(raw_dir) if raw_dir is not None else paths.raw_dir()
    register = raw / REGISTER
    if not register.is_file():
        raise InputError(
            f"{register} not found. Every raw folder needs a sources.yml listing its sources "
            "and files (see docs/raw-data.md)."
        )
    try:
        document = yaml.safe_load(register.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"{register} is not valid UTF-8 YAML: {exc}") from exc
    if not isinstance(document, dict):
        raise InputError(f"{register}: expected a mapping with 'sources' and 'files'.")
    sources: dict[str, Source] = {}
    for number, item in enumerate(document.get("sources") or [], start=1):
        source = _parse_source(register, number, item)
        if source.id in sources:
            raise InputError(
                f"{register}: source id '{source.id}' appears twice (entry {number}). "
                "Ids must be unique."
            )
        sources[source.id] = source
    files: list[FileEntry] = []
    seen: set[str] = set()
    for number, item in enumerate(document.get("files") or [], start=1):
        entry = _parse_file(register, number, item, sources)
        if entry.path in seen:
            raise InputError(f"{register}: file '{entry.path}' is listed twice. Keep one entry.")
        seen.add(entry.path)
        files.append(entry)
    return Register(raw_dir=raw, sources=sources, files=tuple(files))


def check_sources(raw_dir: str | Path | None = None) -> Register:
    """Load ``sources.yml`` and verify every raw file against its recorded sha256.

    Parameters
    ----------
    raw_dir : str or pathlib.Path, optional
        Raw-data folder (default: ``data/raw`` of the project).

    Returns
    -------
    Register
        The verified register.

    Raises
    ------
    RawFileChangedError
        A listed file's bytes no longer match its recorded hash.
    InputError
        A listed file is missing, a file on disk is not listed, or the register is malformed.
    """
    register = load_register(raw_dir)
    listed = {entry.path for entry in register.files}
    for entry in register.files:
        if entry.pinned:  # outside data/raw: hash-checked against the registry when fetched
            continue
        target = register.raw_dir / entry.path
        check_inside(target, register.raw_dir)
        if not target.is_file():
            raise InputError(
                f"{register.path}: file '{entry.path}' is listed but not found in "
                f"{register.raw_dir}.{did_you_mean(entry.path, _on_disk(register))} "
                "Restore the file or remove its entry."
            )
        actual = file_sha256(target)
        if actual != entry.sha256:
            raise RawFileChangedError(
                f"Raw file data/raw/{entry.path} has changed: sources.yml records sha256 "
                f"{entry.sha256 or '(none)'} but the file now has {actual}. Raw files are "
                "immutable; restore the published file, or if the change is deliberate run "
                f"`cdskit accept data/raw/{entry.path}` to record the new hash."
            )
    unlisted = sorted(set(_on_disk(register)) - listed)
    if unlisted:
        raise InputError(
            f"{register.path} does not list {len(unlisted)} file(s) found in the raw folder: "
            f"{', '.join(unlisted)}. Add an entry (source, layout, sha256) for each, or "
            "move them out of data/raw."
        )
    return register


def accept(path: str | Path, raw_dir: str | Path | None = None) -> str:
    """Record a raw file's current sha256 in ``sources.yml`` (a deliberate change).

    The register is rewritten atomically; only the hash of that entry changes, so comments and
    layout stay as written.

    Parameters
    ----------
    path : str or pathlib.Path
        The raw file, relative to the current folder (``data/raw/dti/x.csv``), to the raw
        folder (``dti/x.csv``) or absolute.
    raw_dir : str or pathlib.Path, optional
        Raw-data folder (default: ``data/raw`` of the project).

    Returns
    -------
    str
        The new sha256.

    Raises
    ------
    InputError
        The file does not exist, lies outside the raw folder, or has no entry in the register.
    """
    register = load_register(raw_dir)
    relative = _relative_to_raw(Path(path), register.raw_dir)
    entries = [entry for entry in register.files if entry.path == relative]
    if not entries:
        hint = did_you_mean(relative, [entry.path for entry in register.files])
        raise InputError(
            f"{register.path} has no entry for '{relative}'.{hint} "
            "Add an entry with its source, description and layout first."
        )
    new = file_sha256(register.raw_dir / relative)
    text = register.path.read_text(encoding="utf-8")
    expected = yaml.safe_load(text)
    for item in expected.get("files") or []:
        if _text(item.get("path")).replace("\\", "/") == relative:
            item["sha256"] = new
    edited = _replace_hash(text, relative, new)
    if edited is None or yaml.safe_load(edited) != expected:
        # Unusual layout (flow style, sha256 above path): rewrite the document, losing comments.
        edited = yaml.safe_dump(expected, allow_unicode=True, sort_keys=False, width=100)
    write_text_atomically(register.path, edited)
    return new


def _replace_hash(text: str, relative: str, new: str) -> str | None:
    lines = text.splitlines(keepends=True)
    path_line = re.compile(r"^(\s*)(-\s+)?path:\s*['\"]?" + re.escape(relative) + r"['\"]?\s*$")
    for start, line in enumerate(lines):
        match = path_line.match(line.rstrip("\r\n"))
        if not match:
            continue
        indent = len(match.group(1)) + (len(match.group(2)) if match.group(2) else 0)
        for index in range(start + 1, len(lines)):
            body = lines[index]
            stripped = body.lstrip()
            depth = len(body) - len(stripped)
            if stripped.startswith("-") or (stripped and depth < indent):
                break
            hashed = re.match(r"^(\s*sha256:\s*)(['\"]?)[0-9a-fA-F]*(['\"]?)(.*)$", body)
            if hashed:
                ending = "\n" if body.endswith("\n") else ""
                quote = hashed.group(2) or '"'
                lines[index] = f"{hashed.group(1)}{quote}{new}{quote}{ending}"
                return "".join(lines)
        lines.insert(start + 1, " " * indent + f'sha256: "{new}"\n')
        return "".join(lines)
    return None


def _relative_to_raw(path: Path, raw: Path) -> str:
    raw = raw.resolve()
    candidates = [path] if path.is_absolute() else [Path.cwd() / path, raw / path]
    candidates += [] if path.is_absolute() else [raw.parent.parent / path]  # project root
    for candidate in candidates:
        candidate = candidate.resolve()
        if candidate.is_file():
            try:
                return candidate.relative_to(raw).as_posix()
            except ValueError:
                raise InputError(
                    f"'{path}' is not inside the raw folder {raw}; only raw files can be accepted."
                ) from None
    raise InputError(f"Raw file '{path}' not found (looked in the current folder and {raw}).")


def check_inside(path: Path, raw_dir: Path) -> None:
    """Refuse a raw file that is not a regular file inside the raw folder.

    A symbolic link (or a ``..`` in the path) leading outside ``data/raw`` would let a build
    read and publish any file of the machine; a device or a pipe would never end.

    Raises
    ------
    InputError
        Naming the file, where it leads and what to do.

    Examples
    --------
    >>> import tempfile, pathlib, os
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     raw = pathlib.Path(folder)
    ...     os.symlink("/etc/hostname", raw / "ranks.csv")
    ...     check_inside(raw / "ranks.csv", raw)
    Traceback (most recent call last):
    ...
    cdskit.errors.InputError: Raw file ranks.csv leads outside the raw folder ...
    """
    root = Path(os.path.realpath(raw_dir))
    real = Path(os.path.realpath(path))
    relative = os.path.relpath(path, raw_dir)
    if real != root and root not in real.parents:
        raise InputError(
            f"Raw file {relative} leads outside the raw folder (to {real}); raw files must be "
            f"regular files inside {raw_dir}. Copy the published file into the raw folder "
            "instead of linking to it."
        )
    if real.exists() and not stat.S_ISREG(real.stat().st_mode):
        raise InputError(
            f"Raw file {relative} is not a regular file (a folder, device or pipe); raw files "
            f"must be regular files inside {raw_dir}."
        )


def _on_disk(register: Register) -> list[str]:
    found = []
    for item in register.raw_dir.rglob("*"):
        relative = item.relative_to(register.raw_dir)
        if not item.is_file() or any(part.startswith((".", "~$")) for part in relative.parts):
            continue
        if relative.as_posix() in _IGNORED_NAMES:
            continue
        found.append(relative.as_posix())
    return sorted(found)


def _text(value: Any) -> str:
    return "" if value is None else clean_text(str(value))


def _parse_source(register: Path, number: int, item: Any) -> Source:
    if not isinstance(item, dict):
        raise InputError(f"{register}: source entry {number} is not a mapping of {_SOURCE_KEYS}.")
    label = f"{register}: source entry {number} ('{_text(item.get('id'))}')"
    missing = [key for key in _SOURCE_KEYS if key not in item]
    if missing:
        raise InputError(
            f"{label} lacks {', '.join(missing)}. Every source needs id, title, publisher, "
            "date, url (may be empty) and licence ('not stated' when unknown)."
        )
    values = {key: _text(item[key]) for key in _SOURCE_KEYS}
    for key in ("id", "title", "publisher", "date", "licence"):
        if not values[key]:
            raise InputError(f"{label}: '{key}' is empty. Fill it in.")
    if not _ID.match(values["id"]):
        raise InputError(
            f"{label}: id must be lowercase letters, digits and dashes (e.g. mic-dti-2022)."
        )
    if values["date"] != "undated" and not _DATE.match(values["date"]):
        raise InputError(f"{label}: date '{values['date']}' must be ISO (2023-07-10) or 'undated'.")
    return Source(
        id=values["id"],
        title=values["title"],
        publisher=values["publisher"],
        date=values["date"],
        url=values["url"],
        licence=values["licence"],
    )


def _parse_file(register: Path, number: int, item: Any, sources: dict[str, Source]) -> FileEntry:
    if not isinstance(item, dict) or not _text(item.get("path")):
        raise InputError(f"{register}: file entry {number} needs at least 'path' and 'sha256'.")
    label = f"{register}: file '{_text(item['path'])}'"
    known = set(FileEntry.__dataclass_fields__)
    unknown = sorted(set(item) - known)
    if unknown:
        hints = [h for key in unknown for h in close_matches(key, known)]
        raise InputError(
            f"{label}: unknown key(s) {', '.join(unknown)}."
            + did_you_mean(unknown, hints, ranked=True)
        )
    values = {key: item[key] for key in item}
    values["path"] = _text(item["path"]).replace("\\", "/")
    if values["path"].startswith("/") or ".." in values["path"].split("/"):
        raise InputError(f"{label}: path must be relative to data/raw and stay inside it.")
    values["sha256"] = _text(item.get("sha256")).lower()
    values["description"] = _text(item.get("description"))
    layout = _text(item.get("layout")) or "long"
    locale = _text(item.get("number_locale")) or None
    source = _text(item.get("source")) or None
    _expect(label, "layout", layout, LAYOUTS)
    if locale is not None:
        _expect(label, "number_locale", locale, NUMBER_LOCALES)
    if source is not None and source not in sources:
        raise InputError(
            f"{label}: source '{source}' is not listed under sources."
            f"{did_you_mean(source, sources)}"
        )
    values.update(layout=layout, number_locale=locale, source=source)
    values["sheet"] = _text(item.get("sheet")) or None
    values["pinned"] = _pinned(label, item, values["path"], values["sha256"])
    if layout == "hierarchy":
        _hierarchy_values(label, item, values, source)
    values["ignore_columns"] = tuple(_text(c) for c in item.get("ignore_columns") or ())
    if layout == "wide":
        _require(label, item, _WIDE_KEYS, source, "a wide table")
        _expect(label, "unit_level", _text(item["unit_level"]), UNIT_LEVELS)
        if not isinstance(item["indicators"], dict):
            raise InputError(f"{label}: 'indicators' must map column headers to indicator ids.")
        values["indicators"] = {_text(k): _text(v) for k, v in item["indicators"].items()}
        for key in ("unit_column", "unit_level", "period"):
            values[key] = _text(item[key])
        values["province"] = _text(item.get("province")) or None
        values["vintage"] = _vintage(label, item)
    return FileEntry(**values)


def _pinned(label: str, item: dict, path: str, sha256: str) -> bool:
    flag = item.get("pinned", False)
    if flag in (None, False):
        return False
    if flag is not True:
        raise InputError(f"{label}: 'pinned' must be true or false, got {flag!r}.")
    from cdskit.raw.pinned import pinned_file

    entry = pinned_file(path)
    if sha256 != entry.sha256:
        raise InputError(
            f"{label}: sha256 {sha256 or '(none)'} differs from the pinned registry's "
            f"{entry.sha256}. A pinned file is recorded once, in cdskit/data/pinned_datasets.tsv; "
            "copy its sha256 here."
        )
    return True


def _hierarchy_values(label: str, item: dict, values: dict, source: str | None) -> None:
    _require(label, item, _HIERARCHY_KEYS, source, "a hierarchical table")
    if not isinstance(item["indicators"], dict) or not isinstance(item["hierarchy"], dict):
        raise InputError(
            f"{label}: 'indicators' must map value column headers to indicator ids and "
            "'hierarchy' must be a mapping (levels, subtotal_marker…)."
        )
    values["indicators"] = {_text(k): _text(v) for k, v in item["indicators"].items()}
    values["hierarchy"] = dict(item["hierarchy"])
    values["period"] = _text(item["period"])
    values["vintage"] = _vintage(label, item)


def _require(label: str, item: dict, keys: tuple[str, ...], source: str | None, kind: str) -> None:
    """Raise an error naming the keys (and the source) a table of this ``kind`` lacks."""
    missing = [key for key in keys if not item.get(key)]
    if source is None:
        missing.append("source")
    if missing:
        raise InputError(f"{label}: {kind} needs {', '.join(missing)} (see docs/raw-data.md).")


def _vintage(label: str, item: dict) -> int:
    """Return the entry's ``vintage`` as a year of :data:`cdskit.terms.VINTAGES`."""
    try:
        vintage = int(item["vintage"])
    except (TypeError, ValueError):
        vintage = None
    if vintage not in VINTAGES:
        raise InputError(f"{label}: vintage '{item['vintage']}' must be 2008 or 2025.")
    return vintage


def _expect(label: str, key: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise InputError(
            f"{label}: {key} '{value}' is not one of {', '.join(allowed)}."
            f"{did_you_mean(value, allowed)}"
        )
