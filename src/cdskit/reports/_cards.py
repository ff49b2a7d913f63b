"""The cards of the landing page: one per report, its languages as links, and other pages.

A report of ``reports.toml`` with ``matrix = { language = ["vi", "en"] }`` becomes one page per
language; the index groups the pages that differ only by ``language`` into one card, shown in
the view's language with links to each language's page. A report whose page details say it has
no data about its subject (``page_details(has_data=False, reason=...)``) is not a card: it is
listed with its reason under "Chưa đủ số liệu". Province profiles and the peer picker (pages of
kind ``"profile"`` and ``"peers"``) form a section of their own.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from cdskit.safe_text import safe_text
from cdskit.terms import LANGUAGES, VINTAGES

#: Kinds of pages listed in the index's section of province profiles and peer comparison.
PAGE_KINDS: tuple[str, ...] = ("peers", "profile")
#: Order of a card's status when its pages differ: the worst one shows.
_WORST = ("failed", "not-rendered", "ok")
#: A page's language read from the end of its file name (``peers-en.html``).
_LANGUAGE_SUFFIX = re.compile(r"-(vi|en)$")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_HTML_LANG = re.compile(r"<html[^>]*\blang=[\"']?(vi|en)\b", re.IGNORECASE)


def group_key(entry: dict[str, Any]) -> str:
    """Return what the pages of one report share: everything but their language.

    Parameters
    ----------
    entry : dict
        A manifest entry (``name``, ``notebook``, ``parameters``, ``title_vi``…).

    Returns
    -------
    str
        The same text for the Vietnamese and English pages of a report; an entry without a
        notebook (an old manifest) is a group of its own.

    Examples
    --------
    >>> vi = {"name": "a", "notebook": "n.ipynb", "title_vi": "T", "parameters": {"language": "vi"}}
    >>> en = {**vi, "name": "a-en", "parameters": {"language": "en"}}
    >>> group_key(vi) == group_key(en)
    True
    """
    if not entry.get("notebook"):
        return json.dumps({"name": entry.get("name")})
    parameters = {k: v for k, v in (entry.get("parameters") or {}).items() if k != "language"}
    matrix = {k: v for k, v in (entry.get("matrix") or {}).items() if k != "language"}
    shared = [entry["notebook"], parameters, matrix, entry.get("title_vi", "")]
    return json.dumps(shared, ensure_ascii=False, sort_keys=True, default=str)


def group_cards(pages: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group the index's page cards by report: one card per report, its pages by language.

    Parameters
    ----------
    pages : sequence of dict
        One card per rendered page (as :func:`cdskit.reports.index.write_index` builds them),
        each with ``group``, ``language``, ``has_data`` and its display fields.

    Returns
    -------
    list of dict
        In the order of the reports' first pages: ``id``, the titles and descriptions,
        ``pages`` (language → page), ``views`` (one per language of the index: the page shown
        in that view, its own language's when it exists), ``status_class``, ``ok``,
        ``has_data`` (False only when every page says so) and ``reasons`` (language → reason).

    Examples
    --------
    >>> shared = {"group": "g", "status_class": "ok", "has_data": True}
    >>> pages = [{"name": "r", "language": "vi", **shared}]
    >>> pages.append({"name": "r-en", "language": "en", **shared})
    >>> [(card["id"], [v["page"]["name"] for v in card["views"]]) for card in group_cards(pages)]
    [('r', ['r', 'r-en'])]
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for page in pages:
        groups.setdefault(page["group"], []).append(page)
    cards = []
    for members in groups.values():
        by_language: dict[str, dict[str, Any]] = {}
        for page in members:
            by_language.setdefault(page["language"], page)
        ordered = {lang: by_language[lang] for lang in LANGUAGES if lang in by_language}
        first = members[0]
        views = [
            {"lang": lang, "page": ordered.get(lang, next(iter(ordered.values())))}
            for lang in LANGUAGES
        ]
        status = min((p["status_class"] for p in members), key=_rank_status)
        cards.append(
            {
                "id": first["name"],
                "title_vi": first.get("title_vi", ""),
                "title_en": first.get("title_en", ""),
                "description_vi": first.get("description_vi", ""),
                "description_en": first.get("description_en", ""),
                "pages": ordered,
                "views": views,
                "status_class": status,
                "ok": all(p.get("ok") for p in members),
                "has_data": any(p.get("has_data", True) for p in members),
                "reasons": {lang: p.get("reason", "") for lang, p in ordered.items()},
            }
        )
    return cards


def _rank_status(status: str) -> int:
    return _WORST.index(status) if status in _WORST else 0


def other_pages(
    out: Path, pages: Iterable[dict[str, Any]] | None, entries: Iterable[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Return the profiles and the peer picker the index lists apart, grouped by language.

    The pages come from ``pages`` when given; otherwise from manifest entries whose ``kind`` is
    ``"profile"`` or ``"peers"``, and from the reports folder: the list the profiles writer
    leaves in ``profiles/index.json`` or, without it, ``peers.html`` (and ``peers-en.html``)
    and ``profiles/**/*.html``, each read for its ``<title>`` and ``<html lang>``. A page whose
    file is missing is left out.

    Parameters
    ----------
    out : pathlib.Path
        The reports folder.
    pages : iterable of dict, optional
        Pages with ``kind`` (``"profile"`` or ``"peers"``), ``href`` (relative to ``out``),
        ``language`` and ``title`` (in that language); optional ``group`` (pages of one subject
        in several languages share it; default: the file name without ``-vi``/``-en``),
        ``label`` (the short name listed, e.g. the province; default: the title), ``pdf``
        (its A4 PDF, relative to ``out``) and ``vintage`` (2008 or 2025: profiles are listed
        by vintage).
    entries : iterable of dict
        Manifest entries (those with a ``kind`` among :data:`PAGE_KINDS` are such pages).

    Returns
    -------
    list of dict
        One item per subject: ``kind``, ``group``, ``vintage``, ``pages`` (language →
        ``href``, ``title``, ``label``, ``pdf``: empty when it has none), ``views`` (one
        per index language, only where the subject has a page in that language), sorted
        peers first, then by vintage and label.
    """
    if pages is None:
        found = [
            {
                "kind": entry["kind"],
                "href": f"{entry['name']}.html",
                "language": entry.get("language", "vi"),
                "title": entry.get(f"title_{entry.get('language', 'vi')}", ""),
            }
            for entry in entries
            if entry.get("kind") in PAGE_KINDS and entry.get("status") != "not rendered"
        ]
        found += _listed_pages(out) or _folder_pages(out)
    else:
        found = [dict(page) for page in pages]
    items: dict[tuple[str, str, int], dict[str, Any]] = {}
    for page in found:
        href = str(page.get("href", ""))
        parts = Path(href).parts
        if page.get("kind") not in PAGE_KINDS or ".." in parts or not (out / href).is_file():
            continue
        language = page.get("language") if page.get("language") in LANGUAGES else "vi"
        group = str(
            page.get("group") or _LANGUAGE_SUFFIX.sub("", Path(href).with_suffix("").as_posix())
        )
        vintage = page["vintage"] if page.get("vintage") in VINTAGES else 0
        item = items.setdefault(
            (page["kind"], group, vintage),
            {"kind": page["kind"], "group": group, "vintage": vintage, "pages": {}},
        )
        title = safe_text(page.get("title") or "").strip()
        label = safe_text(page.get("label") or "").strip() or title
        pdf = str(page.get("pdf") or "")
        if not pdf.endswith(".pdf") or ".." in Path(pdf).parts or not (out / pdf).is_file():
            pdf = ""
        shown = {"href": href, "title": title, "label": label, "pdf": pdf}
        item["pages"].setdefault(language, shown)
    result = []
    for item in items.values():
        item["views"] = [
            {"lang": lang, **item["pages"][lang]} for lang in LANGUAGES if lang in item["pages"]
        ]
        result.append(item)
    from cdskit.vietnamese import name_key

    return sorted(
        result,
        key=lambda item: (
            PAGE_KINDS.index(item["kind"]),
            item["vintage"],
            name_key(next(iter(item["pages"].values()))["label"]),
        ),
    )


def _listed_pages(out: Path) -> list[dict[str, Any]]:
    """Return the pages ``profiles/index.json`` lists (empty when it is missing or unreadable)."""
    try:
        listed = json.loads((out / "profiles" / "index.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(listed, list):
        return []
    pages = []
    for entry in listed:
        if not isinstance(entry, dict) or entry.get("kind") not in PAGE_KINDS:
            continue
        subject = entry.get("slug") or _LANGUAGE_SUFFIX.sub("", Path(str(entry.get("path"))).stem)
        pages.append(
            {
                "kind": entry["kind"],
                "href": str(entry.get("path", "")),
                "language": entry.get("language"),
                "title": entry.get("title") or "",
                "label": entry.get("province") or "",
                "pdf": entry.get("pdf") or "",
                "vintage": entry.get("vintage"),
                "group": f"{entry['kind']}/{subject}/{entry.get('vintage', '')}",
            }
        )
    return pages


def _folder_pages(out: Path) -> list[dict[str, Any]]:
    """Return the peer picker and profile pages found in the reports folder."""
    files = [("peers", path) for path in sorted(out.glob("peers*.html"))]
    files += [("profile", path) for path in sorted((out / "profiles").rglob("*.html"))]
    found = []
    for kind, path in files:
        head = path.read_text(encoding="utf-8", errors="replace")[:65536]
        title = _TITLE.search(head)
        language = _HTML_LANG.search(head) or _LANGUAGE_SUFFIX.search(path.stem)
        found.append(
            {
                "kind": kind,
                "href": path.relative_to(out).as_posix(),
                "language": language.group(1).lower() if language else "vi",
                "title": html.unescape(title.group(1)).strip() if title else path.stem,
            }
        )
    return found
