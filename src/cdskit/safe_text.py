"""Text and links that are safe in every output: HTML, Word, Markdown, maps and charts.

Two rules, applied by every writer (tables, maps, charts, report pages and the index, the
narrative):

- **Links only with http(s).** :func:`safe_url` returns a link's address only when its scheme
  is ``http`` or ``https``; a ``javascript:``, ``file:``, ``data:`` or scheme-less address is
  shown as plain text, never as a link.
- **No invisible formatting.** :func:`safe_text` removes Unicode bidirectional controls
  (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C), which can reverse the text a reader
  sees, and the other invisible format characters (category Cf: zero-width space, word joiner,
  BOM, soft hyphen...), keeping only the zero-width (non-)joiners that some scripts need
  between letters. Raw cells holding a bidirectional control are rejected like other control
  characters (:data:`BIDI_CONTROLS` is part of :data:`cdskit.vietnamese.CONTROL_CHARACTERS`).
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

__all__ = ["BIDI_CONTROLS", "escape_html", "has_unsafe_text", "safe_text", "safe_url"]

#: Unicode bidirectional controls, as the body of a regular-expression character class.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: Format characters kept: the zero-width non-joiner and joiner shape letters in some scripts.
_KEPT = frozenset("\u200c\u200d")
_SCHEMES = ("http", "https")
# Every character of category Cf in Unicode 14 (Python 3.11), less the two joiners.
_UNSAFE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b\u200e-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)


def safe_text(text: object) -> str:
    r"""Return ``text`` without bidirectional controls and other invisible format characters.

    Parameters
    ----------
    text : object
        Any text that reaches a reader (a title, a name, a source, a note); ``None`` gives ``""``.

    Returns
    -------
    str
        The text as a reader should see it: every character of Unicode category Cf removed,
        except the zero-width non-joiner and joiner (U+200C, U+200D).

    Examples
    --------
    >>> safe_text("Báo cáo \u202egnp.exe\u202c")
    'Báo cáo gnp.exe'
    >>> safe_text("Lạng\u200b Sơn\u2066")
    'Lạng Sơn'
    """
    if text is None:
        return ""
    value = str(text)
    if value.isascii():
        return value
    return _UNSAFE.sub("", value)


def escape_html(text: object) -> str:
    """Return ``text`` for an HTML page: :func:`safe_text`, then escaped (quotes included).

    Examples
    --------
    >>> escape_html("<b>Lạng Sơn</b>\u202e")
    '&lt;b&gt;Lạng Sơn&lt;/b&gt;'
    """
    return html.escape(safe_text(text))


def has_unsafe_text(text: object) -> bool:
    """Return whether ``text`` holds a character :func:`safe_text` removes.

    Examples
    --------
    >>> has_unsafe_text("Thanh Hóa"), has_unsafe_text("Thanh\u202eHóa")
    (False, True)
    """
    return text is not None and bool(_UNSAFE.search(str(text)))


def safe_url(url: object) -> str | None:
    """Return ``url`` when it may be a link (http or https with a host), else ``None``.

    Parameters
    ----------
    url : object
        A source's address as written in ``sources.yml`` or a table.

    Returns
    -------
    str or None
        The address (stripped, invisible characters removed), or ``None``: the caller then
        shows the text as plain text, never as a link.

    Examples
    --------
    >>> safe_url("https://mic.gov.vn/dti-2023")
    'https://mic.gov.vn/dti-2023'
    >>> safe_url("javascript:alert(1)") is None, safe_url("file:///etc/passwd") is None
    (True, True)
    >>> safe_url(" JaVaScRiPt:alert(1)") is None, safe_url("//cdn.example.org/x.js") is None
    (True, True)
    """
    if url is None:
        return None
    text = safe_text(str(url)).strip()
    if not text or any(ord(c) < 0x21 or 0x7F <= ord(c) <= 0x9F for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SCHEMES or not parts.netloc:
        return None
    return text
