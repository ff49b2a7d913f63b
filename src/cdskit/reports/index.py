"""Write ``reports/manifest.json`` and ``reports/index.html`` (Vietnamese with English).

Every string reaching the index goes through Jinja2 with autoescape on; both files are written
atomically (temporary file, then rename).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cdskit._version import __version__
from cdskit.files import write_text_atomically

_TEMPLATES = Path(__file__).resolve().parent / "templates"


def read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """Return the entries of a previous ``manifest.json`` by report name (empty when absent).

    Parameters
    ----------
    path : pathlib.Path
        The manifest file; an unreadable one is treated as absent and rebuilt.

    Returns
    -------
    dict
        Report name → manifest entry.
    """
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {entry["name"]: entry for entry in data.get("reports", [])}
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}  # an unreadable manifest is rebuilt from this run


def now() -> str:
    """Return the current UTC time as ``2025-07-01T08:30:00Z``."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def display_time(stamp: str | None, language: str = "vi") -> str:
    """Return an ISO UTC time stamp for readers: ``23/11/2026 11:19 UTC`` (vi) or English.

    Parameters
    ----------
    stamp : str or None
        Time written by :func:`now` (``2026-11-23T11:19:01Z``).
    language : {"vi", "en"}
        Reader's language.

    Returns
    -------
    str
        The date in the language's format followed by hours and minutes in UTC; ``stamp``
        unchanged when it is not a time stamp.

    Examples
    --------
    >>> display_time("2026-11-23T11:19:01Z")
    '23/11/2026 11:19 UTC'
    """
    from cdskit.formatting import format_date

    try:
        moment = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    except ValueError:
        return str(stamp or "")
    return f"{format_date(moment.date(), language)} {moment:%H:%M} UTC"


def write_index(out: Path, entries: list[dict[str, Any]], data: dict[str, Any]) -> Path:
    """Write ``manifest.json`` and ``index.html`` into ``out``.

    Parameters
    ----------
    out : pathlib.Path
        The reports folder.
    entries : list of dict
        One manifest entry per report, in configuration order.
    data : dict
        ``build_hash`` and ``files`` (path, sha256) of the processed data.

    Returns
    -------
    pathlib.Path
        The written ``index.html``.
    """
    from jinja2 import Environment, FileSystemLoader

    generated = now()
    manifest = {
        "generated": generated,
        "kit_version": __version__,
        "data_build_hash": data["build_hash"],
        "data_files": data["files"],
        "reports": entries,
    }
    write_text_atomically(
        out / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    )
    env = Environment(loader=FileSystemLoader(str(_TEMPLATES)), autoescape=True)
    env.filters["when"] = display_time
    page = env.get_template("reports_index.html.j2").render(
        generated=generated,
        kit_version=__version__,
        data_build_hash=data["build_hash"],
        reports=[_index_row(entry, out) for entry in entries],
        counts={
            "ok": sum(e["status"] == "ok" for e in entries),
            "failed": sum(e["status"] == "failed" for e in entries),
        },
    )
    index = out / "index.html"
    write_text_atomically(index, page)
    return index


_STATUS = {
    "ok": ("Thành công", "Succeeded", "ok"),
    "failed": ("Lỗi", "Failed", "failed"),
    "not rendered": ("Chưa tạo", "Not rendered", "not-rendered"),
}


def _index_row(entry: dict[str, Any], out: Path) -> dict[str, Any]:
    status_vi, status_en, css = _STATUS.get(entry["status"], _STATUS["not rendered"])
    html = f"{entry['name']}.html"
    files = [f for f in entry.get("outputs", []) if f["path"] != html]
    return {
        **entry,
        "html": html if (out / html).is_file() else None,
        "status_vi": status_vi,
        "status_en": status_en,
        "status_class": css,
        "language_label": "Tiếng Việt" if entry.get("language") == "vi" else "English",
        "parameters_json": json.dumps(entry.get("parameters", {}), ensure_ascii=False),
        "files": [{"path": f["path"], "size": _size(f["bytes"])} for f in files],
    }


def _size(n: int) -> str:
    """Return a file size in vi-VN style: ``812 B``, ``12,3 kB``, ``1,4 MB``."""
    if n < 1000:
        return f"{n} B"
    value, unit = (n / 1e3, "kB") if n < 1_000_000 else (n / 1e6, "MB")
    return f"{value:.1f} {unit}".replace(".", ",")
