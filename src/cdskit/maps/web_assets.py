"""Pinned web assets (Leaflet's JS and CSS) and inlining them into self-contained HTML.

Each asset has a registry name that is also its path on a CDN serving npm package files byte
for byte (``npm/leaflet@1.9.4/dist/leaflet.js``), the URL there, and the sha256 of the file in
the npm package. :func:`asset_path` looks in the ``CDSKIT_MIRROR`` folders, then the cache;
when neither has the file it takes it from the package tarball of the npm registry (a package
registry, reachable where ``pip`` is, and checked against both the registry's published
integrity and a pinned sha256), and only then from the CDN. No npm client is needed; a mirror
folder filled by ``.ci/npm-mirror.sh`` serves the files offline too.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path

from cdskit.errors import CdskitError, DownloadError, ParameterError, did_you_mean
from cdskit.fetch import PinnedFile, fetch, find_local
from cdskit.files import write_bytes_atomically
from cdskit.paths import cache_dir

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


#: Leaflet's package tarball as the npm registry publishes it, the source of its files when no
#: mirror or cache holds them.
LEAFLET_TARBALL = PinnedFile(
    name=f"npm-registry/leaflet/-/leaflet-{LEAFLET_VERSION}.tgz",
    sha256="84c65a256e50657896f54c33bd857b6849ebe94c817803be818bf32a3dde0b77",
    size=869361,
    url=f"https://registry.npmjs.org/leaflet/-/leaflet-{LEAFLET_VERSION}.tgz",
    licence="BSD-2-Clause",
)
#: The registry's published Subresource Integrity of :data:`LEAFLET_TARBALL`, checked too.
LEAFLET_INTEGRITY = (
    "sha512-"
    "nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=="
)

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
    raise ParameterError(
        f"Unknown web asset {name!r}: the registry holds {', '.join(ASSETS)}."
        f"{did_you_mean(name, ASSETS)}"
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
        The copy in a ``CDSKIT_MIRROR`` folder or in the cache (filled from the npm registry's
        package tarball, else from the CDN, on first use).

    Raises
    ------
    cdskit.errors.DownloadError
        When the file is in no mirror, not cached, and neither the npm registry nor the CDN
        gives the pinned bytes; run ``.ci/npm-mirror.sh DIR`` where the network is open and
        add ``DIR`` to ``CDSKIT_MIRROR`` to work offline.
    """
    asset = get_asset(name)
    local = find_local(asset.name, sha256=asset.sha256, url=asset.url)
    if local is not None:
        return local
    try:
        return _from_tarball(asset, LEAFLET_TARBALL, LEAFLET_INTEGRITY)
    except DownloadError as registry_error:
        try:
            return fetch(asset.name, url=asset.url, sha256=asset.sha256, retries=1)
        except DownloadError as cdn_error:
            raise DownloadError(
                f"Cannot get {asset.name}: the npm registry failed ({registry_error}) and so did "
                f"the CDN ({cdn_error})"
            ) from cdn_error


def _from_tarball(asset: Asset, tarball: PinnedFile, integrity: str) -> Path:
    """Extract ``asset`` from the package tarball into the cache and return its path.

    The tarball is fetched like any pinned file (mirror, cache, then its URL, tried twice) and
    checked against the registry's published ``integrity`` as well as its sha256.
    """
    archive = fetch(tarball.name, url=tarball.url, sha256=tarball.sha256, retries=1)
    payload = archive.read_bytes()
    check_integrity(payload, integrity, what=tarball.url)
    member = "package/" + asset.name.split("/", 2)[2]
    try:
        with tarfile.open(fileobj=io.BytesIO(payload), mode="r:gz") as package:
            handle = package.extractfile(member)
            content = handle.read() if handle is not None else None
    except (tarfile.TarError, KeyError, OSError) as error:
        raise DownloadError(
            f"The npm package {tarball.url} does not hold {member} ({error}); "
            "the pinned version may be wrong."
        ) from error
    if content is None or hashlib.sha256(content).hexdigest() != asset.sha256:
        raise DownloadError(
            f"{member} in {tarball.url} does not match the pinned sha256 {asset.sha256}; "
            "the package changed upstream. Provide the pinned file through CDSKIT_MIRROR."
        )
    return write_bytes_atomically(cache_dir().joinpath(*asset.name.split("/")), content)


def check_integrity(payload: bytes, integrity: str, *, what: str) -> None:
    """Check bytes against a Subresource Integrity string (``sha512-<base64>``).

    Parameters
    ----------
    payload : bytes
        The downloaded bytes.
    integrity : str
        ``<algorithm>-<base64 digest>``, as the npm registry publishes it.
    what : str
        What the bytes are (named in the error).

    Raises
    ------
    DownloadError
        When the digest differs or the algorithm is not sha256/sha384/sha512.

    Examples
    --------
    >>> check_integrity(b"", "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", what="empty")
    """
    algorithm, _, expected = integrity.partition("-")
    if algorithm not in ("sha256", "sha384", "sha512"):
        raise DownloadError(f"Unsupported integrity algorithm {algorithm!r} for {what}.")
    actual = base64.b64encode(hashlib.new(algorithm, payload).digest()).decode("ascii")
    if actual != expected:
        raise DownloadError(
            f"{what} does not match the registry's published integrity {integrity} "
            f"(got {algorithm}-{actual}); the download was altered or the package changed."
        )


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
