"""Pinned web assets (Leaflet's JS and CSS) and inlining them into self-contained HTML.

Each asset has a registry name that is also its path on a CDN serving npm package files byte
for byte (``npm/leaflet@1.9.4/dist/leaflet.js``), the URL there, and the sha256 of the file in
the npm tarball. :func:`asset_path` gets the file through :func:`cdskit.fetch.fetch` (mirror,
then cache, then download), so a map never needs the network once the asset is cached, and a
mirror folder filled by ``.ci/npm-mirror.sh`` (``npm pack``) serves it offline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from cdskit.errors import CdskitError, ParameterError, did_you_mean
from cdskit.fetch import fetch

#: Leaflet version the maps are built and tested with.
LEAFLET_VERSION = "1.9.4"
_CDN = "https://cdn.jsdelivr.net/"


@dataclass(frozen=True)
class Asset:
    """A pinned web asset.

    Parameters
    ----------
    name : str
        Registry name, also the file's path in a mirror and in the cache.
    sha256 : str
        Hash of the file as shipped in the npm package.
    kind : {"js", "css"}
        How the file is inlined.
    """

    name: str
    sha256: str
    kind: str

    @property
    def url(self) -> str:
        """Return the CDN URL serving the npm package file."""
        return _CDN + self.name

    @property
    def version(self) -> str:
        """Return the npm package version (``1.9.4``)."""
        return self.name.split("/")[1].rsplit("@", 1)[1]


#: Every asset a map may inline, by registry name.
ASSETS: dict[str, Asset] = {
    asset.name: asset
    for asset in (
        Asset(
            f"npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.js",
            "db49d009c841f5ca34a888c96511ae936fd9f5533e90d8b2c4d57596f4e5641a",
            "js",
        ),
        Asset(
            f"npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.css",
            "a7837102824184820dfa198d1ebcd109ff6d0ff9a2672a074b9a1b4d147d04c6",
            "css",
        ),
    )
}

#: The assets every interactive map needs, in load order.
LEAFLET: tuple[str, ...] = (
    f"npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.css",
    f"npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.js",
)

_SOURCE_MAP = re.compile(r"^\s*/[/*][#@]\s*sourceMappingURL=.*$", re.MULTILINE)
# Image references a map never uses (layer-control and marker icons) that would otherwise point
# at files next to the page.
_CSS_IMAGE = re.compile(r"url\(images/[^)]*\)")


def get_asset(name: str) -> Asset:
    """Return the registry entry of ``name``.

    Raises
    ------
    ParameterError
        When ``name`` is not in :data:`ASSETS` (with the closest names).
    """
    if name in ASSETS:
        return ASSETS[name]
    import difflib

    close = difflib.get_close_matches(name, list(ASSETS), n=2, cutoff=0.4)
    raise ParameterError(
        f"Unknown web asset {name!r}: the registry holds {', '.join(ASSETS)}.{did_you_mean(close)}"
    )


def asset_path(name: str) -> Path:
    """Return a local, sha256-checked copy of the asset ``name``.

    Parameters
    ----------
    name : str
        Registry name, e.g. ``"npm/leaflet@1.9.4/dist/leaflet.js"``.

    Returns
    -------
    pathlib.Path
        The copy in a ``CDSKIT_MIRROR`` folder or in the cache.

    Raises
    ------
    cdskit.errors.DownloadError
        When the file is in no mirror, not cached and cannot be downloaded; run
        ``.ci/npm-mirror.sh DIR`` and add ``DIR`` to ``CDSKIT_MIRROR`` to work offline.
    """
    asset = get_asset(name)
    return fetch(asset.name, url=asset.url, sha256=asset.sha256)


def inline_tag(name: str) -> str:
    """Return the asset as an inline ``<script>`` or ``<style>`` element.

    The pinned bytes are checked first; then the source-map comment and references to image
    files the maps never use are removed, so the page asks for nothing outside itself.

    Parameters
    ----------
    name : str
        Registry name of the asset.

    Returns
    -------
    str
        The HTML element, with a comment naming the asset and its sha256.
    """
    asset = get_asset(name)
    text = asset_path(name).read_text(encoding="utf-8")
    text = _SOURCE_MAP.sub("", text)
    label = f"<!-- {asset.name} sha256:{asset.sha256} (inlined) -->"
    if asset.kind == "css":
        text = _CSS_IMAGE.sub("none", text)
        return f"{label}\n<style>\n{_guard(text, 'style')}\n</style>"
    return f"{label}\n<script>\n{_guard(text, 'script')}\n</script>"


def _guard(text: str, tag: str) -> str:
    # A closing tag inside inlined code would end the element early; pinned assets have none,
    # but a changed pin must not silently break the page.
    if re.search(rf"</{tag}", text, re.IGNORECASE):
        raise CdskitError(
            f"The asset contains '</{tag}' and cannot be inlined safely; pin another version."
        )
    return text
