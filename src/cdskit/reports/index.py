"""Write ``reports/manifest.json`` and ``reports/index.html`` (Vietnamese with English).

The cards (one per report, its languages as links) are built by :mod:`cdskit.reports._cards`.

Every string reaching the index goes through Jinja2 with autoescape on; both files are written
atomically (temporary file, then rename).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cdskit._version import __version__
from cdskit.files import write_text_atomically
from cdskit.reports._cards import PAGE_KINDS, group_cards, group_key, other_pages
from cdskit.reports._text import LANGUAGE_NAMES, TEXT, both
from cdskit.reports.page import PAGE_MIMETYPE
from cdskit.safe_text import safe_text

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


def write_index(
    out: Path,
    entries: list[dict[str, Any]],
    data: dict[str, Any],
    pages: Iterable[dict[str, Any]] | None = None,
) -> Path:
    """Write ``manifest.json`` and the landing page ``index.html`` into ``out``.

    The landing page is in Vietnamese with an English switch; each view shows one language.
    It shows one card per report (the pages of a report that differ only by language are one
    card: thumbnail of its main figure, title, one-line summary with its key number, links to
    each language's page and to its Word, PDF and Markdown files, status and date); the
    province profiles and the peer picker as a section of their own (when there are any); the
    reports whose page details say they have no data about their subject under "Chưa đủ số
    liệu" with the reason; and links to the dataset, its dictionary, its sources and its
    validation report, copied into ``out/data/`` so the folder can be shared as it is.

    Parameters
    ----------
    out : pathlib.Path
        The reports folder.
    entries : list of dict
        One manifest entry per report page, in configuration order.
    data : dict
        ``build_hash`` and ``files`` (path, sha256) of the processed data.
    pages : iterable of dict, optional
        Province profiles and peer picker pages (``kind``, ``href``, ``language``, ``title``,
        optional ``group``; see :func:`cdskit.reports._cards.other_pages`). Default: the
        entries of such a ``kind`` and the pages found in ``out/profiles/`` and
        ``out/peers*.html``.

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
    others = other_pages(out, pages, entries)
    if others:
        manifest["pages"] = [
            {"kind": item["kind"], "language": lang, **page}
            for item in others
            for lang, page in item["pages"].items()
        ]
    write_text_atomically(
        out / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    )
    grouped = group_cards(
        [_card(entry, out) for entry in entries if entry.get("kind") not in PAGE_KINDS]
    )
    cards = [card for card in grouped if card["has_data"]]
    env = Environment(  # every printed text without bidi controls or invisible characters
        loader=FileSystemLoader(str(_TEMPLATES)), autoescape=True, finalize=_safe
    )
    env.filters["when"] = display_time
    page = env.get_template("reports_index.html.j2").render(
        generated=generated,
        kit_version=__version__,
        words=TEXT,
        language_names=LANGUAGE_NAMES,
        reports=cards,
        without_data=[card for card in grouped if not card["has_data"]],
        others={
            lang: [item for item in others if any(v["lang"] == lang for v in item["views"])]
            for lang in ("vi", "en")
        },
        dataset=_copy_dataset(out),
        counts={
            "ok": sum(card["ok"] for card in cards),
            "failed": sum(card["status_class"] == "failed" for card in cards),
        },
    )
    index = out / "index.html"
    write_text_atomically(index, page)
    return index


#: Manifest statuses by how the index shows them (a reused report is an earlier good render).
_SUCCESS = ("ok", "rendered", "reused")
#: Manifest status → class of its card (labels: ``status_<status>`` in :mod:`._text`).
_STATUS = {
    "ok": "ok",
    "rendered": "ok",
    "reused": "ok",
    "failed": "failed",
    "not rendered": "not-rendered",
}
_THUMBNAIL_WIDTH = 480
#: Shape of a card's thumbnail frame (A4 landscape) and how a thumbnail is made from a figure.
_FRAME = (297, 210)
_THUMBNAIL_KIND = "top-of-figure"
#: Files of ``data/processed`` the landing page links to (labelled by name in :mod:`._text`).
_DATASET = (
    "observations.csv",
    "observations.parquet",
    "datapackage.json",
    "codebook.csv",
    "sources.csv",
    "validation_report.html",
)


def _card(entry: dict[str, Any], out: Path) -> dict[str, Any]:
    status = str(entry.get("status", "not rendered"))
    if status not in _STATUS:
        status = "not rendered"
    label = both(f"status_{status}")
    html = f"{entry['name']}.html"
    details = _page_details(out / f"{entry['name']}.ipynb")
    failure = entry.get("failure") or entry.get("error") or None
    if failure:
        failure = {
            "cell": failure.get("cell") or failure.get("cell_label") or "?",
            "error": failure.get("error")
            or failure.get("message")
            or f"{failure.get('ename', '')}: {failure.get('evalue', '')}",
            "excerpt": failure.get("excerpt") or "",
        }
    return {
        "name": entry["name"],
        "group": group_key(entry),
        "has_data": details.get("has_data", True) is not False,
        "reason": details.get("reason", ""),
        "title_vi": entry.get("title_vi", ""),
        "title_en": entry.get("title_en", ""),
        "description_vi": entry.get("description_vi", ""),
        "description_en": entry.get("description_en", ""),
        "language": entry.get("language", "vi"),
        "html": html if (out / html).is_file() else None,
        "ok": status in _SUCCESS,
        "status_vi": label["vi"],
        "status_en": label["en"],
        "status_class": _STATUS[status],
        "date": entry.get("last_success") or entry.get("rendered_at"),
        "summary": details.get("summary", ""),
        "period": details.get("period", ""),
        "thumbnail": _thumbnail(entry, details, out),
        "downloads": _downloads(details, out),
        "failure": failure,
    }


#: Kinds of files a card links to (Word, PDF, Markdown; labels ``download_<kind>``).
_DOWNLOADS = ("docx", "pdf", "md")


def _downloads(details: dict[str, Any], out: Path) -> list[dict[str, str]]:
    """Return the card's links to the report's Word, PDF and Markdown files that exist."""
    links = []
    for item in details.get("downloads") or []:
        kind, href = str(item.get("kind", "")), str(item.get("href", ""))
        parts = Path(href).parts
        if kind in _DOWNLOADS and len(parts) == 2 and ".." not in parts and (out / href).is_file():
            links.append({"kind": kind, "href": href, **both(f"download_{kind}")})
    return links


def _page_details(executed: Path) -> dict[str, Any]:
    """Return the page-details bundle a rendered notebook displayed (empty when none)."""
    if not executed.is_file():
        return {}
    try:
        notebook = json.loads(executed.read_text(encoding="utf-8"))
    except ValueError:
        return {}
    found: dict[str, Any] = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            bundle = output.get("data", {}).get(PAGE_MIMETYPE)
            if isinstance(bundle, dict):
                found = bundle
    return found


def _thumbnail(entry: dict[str, Any], details: dict[str, Any], out: Path) -> str | None:
    """Write a small copy of the report's main figure; return its path relative to ``out``.

    A figure taller than the card's A4-landscape frame keeps its top (title, plot and legend),
    not the source notes under it, so the figures of different reports stay apart at a glance.
    """
    folder = out / entry["name"]
    candidates = []
    if details.get("main_figure"):
        candidates.append(folder / Path(str(details["main_figure"])).name)
    if folder.is_dir():
        candidates += sorted(folder.glob("*.png"))
    source = next((path for path in candidates if path.is_file()), None)
    if source is None:
        return None
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    target = out / "thumbnails" / f"{entry['name']}.png"
    made_from = f"{_THUMBNAIL_KIND} {source.name}"
    if target.is_file() and target.stat().st_mtime_ns >= source.stat().st_mtime_ns:
        with Image.open(target) as kept:
            if getattr(kept, "text", {}).get("cdskit-thumbnail") == made_from:
                return target.relative_to(out).as_posix()  # a reused report keeps its thumbnail
    target.parent.mkdir(exist_ok=True)
    with Image.open(source) as image:
        width, height = image.size
        frame = round(width * _FRAME[1] / _FRAME[0])
        shown = image.crop((0, 0, width, frame)) if height > frame else image
        shown.thumbnail((_THUMBNAIL_WIDTH, _THUMBNAIL_WIDTH))
        info = PngInfo()
        info.add_text("cdskit-thumbnail", made_from)
        shown.save(target, optimize=True, pnginfo=info)
    return target.relative_to(out).as_posix()


def _copy_dataset(out: Path) -> list[dict[str, str]]:
    """Copy the published dataset, its dictionary and reports into ``out/data``."""
    import shutil

    from cdskit import paths

    target = out / "data"
    target.mkdir(exist_ok=True)
    links = []
    for name in _DATASET:
        source = paths.processed_dir() / name
        if source.is_file():
            shutil.copyfile(source, target / name)
            links.append({"href": f"data/{name}", **both(name)})
    dictionary = paths.project_root() / "docs" / "data-dictionary.md"
    if dictionary.is_file():
        write_text_atomically(target / "data-dictionary.html", _markdown_page(dictionary))
        links.insert(2, {"href": "data/data-dictionary.html", **both("data-dictionary.html")})
    return links


def _markdown_page(path: Path) -> str:
    """Return a Markdown file as a small HTML page."""
    import html

    import mistune

    text = path.read_text(encoding="utf-8")
    body = mistune.html(html.escape(text, quote=False))
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(path.stem)}</title><style>body{{font-family:'DejaVu Sans',Arial,"
        "sans-serif;max-width:70em;margin:1em auto;padding:0 1em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:.2em .4em;font-size:.9em}</style></head><body>"
        f"{body}</body></html>\n"
    )


def _safe(value: Any) -> Any:
    """Jinja ``finalize``: text goes through :func:`cdskit.safe_text.safe_text`."""
    return safe_text(value) if isinstance(value, str) else value
