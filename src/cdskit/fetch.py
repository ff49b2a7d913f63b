"""Pinned files: find them in a mirror or the cache, or download them, always hash-checked.

A pinned file has a *registry name* (a relative path such as
``vn-units-2025/json/geojson/20_lang_son/20_lang_son.geojson``), an upstream URL and a sha256.
:func:`fetch` looks for it, in order:

1. in each folder of ``CDSKIT_MIRROR`` (the file ``<mirror>/<name>``); a mirror copy whose hash
   differs is refused, never used or repaired;
2. in the cache (``cache_dir()/<name>``); a cached copy whose hash differs is deleted and fetched
   again;
3. from its URL, with pooch (retries, optional progress bar), into the cache. The download goes
   to a temporary file that only replaces the cached name once its hash matches.
"""

from __future__ import annotations

import re
from pathlib import Path

from cdskit.errors import DownloadError, ParameterError
from cdskit.files import file_sha256
from cdskit.paths import cache_dir, mirror_dirs

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1 << 20
#: Seconds before a stalled connection is abandoned (per attempt).
TIMEOUT = 60


def fetch(
    name: str,
    *,
    url: str,
    sha256: str,
    progress: bool = False,
    retries: int = 3,
) -> Path:
    """Return a local, hash-checked copy of the pinned file ``name``.

    Parameters
    ----------
    name : str
        Registry name: a relative POSIX path, also the file's path inside a mirror and the cache.
    url : str
        Upstream URL serving exactly the pinned bytes.
    sha256 : str
        Expected sha256 (64 hex digits, optionally prefixed ``sha256:``).
    progress : bool, default False
        Show a progress bar (tqdm) while downloading.
    retries : int, default 3
        Extra download attempts after a failed one (pooch waits 1 s, 2 s, … between them).

    Returns
    -------
    pathlib.Path
        The mirror copy or the cached copy.

    Raises
    ------
    ParameterError
        When ``name`` is not a safe relative path or ``sha256`` is not a sha256.
    DownloadError
        When a mirror copy has the wrong hash, or the file is in no mirror, not cached and
        cannot be downloaded (the message names the file, its URL and how to provide it).
    """
    expected = _check_sha256(sha256, name)
    parts = _check_name(name)
    local = find_local(name, sha256=expected, url=url)
    if local is not None:
        return local
    return _download(name, parts, url=url, expected=expected, progress=progress, retries=retries)


def find_local(name: str, *, sha256: str, url: str = "") -> Path | None:
    """Return the mirror or cached copy of the pinned file ``name``, or None (no download).

    Parameters
    ----------
    name : str
        Registry name (see :func:`fetch`).
    sha256 : str
        Expected sha256.
    url : str, optional
        Upstream URL, named in the error about a corrupted mirror copy.

    Returns
    -------
    pathlib.Path or None
        The first mirror copy, else a cached copy with the right hash, else None (a cached
        copy with another hash is deleted).

    Raises
    ------
    DownloadError
        When a mirror copy has the wrong hash.

    Examples
    --------
    >>> find_local("no/such/file.txt", sha256="0" * 64) is None
    True
    """
    expected = _check_sha256(sha256, name)
    parts = _check_name(name)
    for folder in mirror_dirs():
        candidate = folder.joinpath(*parts)
        if candidate.is_file():
            actual = file_sha256(candidate)
            if actual != expected:
                raise DownloadError(
                    f"Mirror file {candidate} has sha256 {actual}, expected {expected} for "
                    f"'{name}'. The copy is corrupted or was changed: replace it with the pinned "
                    f"file from {url or 'its upstream'}, or remove it from CDSKIT_MIRROR so the "
                    "file is downloaded."
                )
            return candidate
    cached = cache_dir().joinpath(*parts)
    if cached.is_file():
        if file_sha256(cached) == expected:
            return cached
        cached.unlink()  # corrupted or partial: fetched again by the caller
    return None


def _download(
    name: str, parts: list[str], *, url: str, expected: str, progress: bool, retries: int
) -> Path:
    import pooch  # imported lazily: pooch pulls in requests

    cache = cache_dir()
    target = cache.joinpath(*parts)
    fname = "/".join(parts)
    fetcher = pooch.create(
        path=cache,
        base_url="",
        registry={fname: f"sha256:{expected}"},
        urls={fname: url},
        retry_if_failed=max(0, int(retries)),
        allow_updates=True,
    )
    downloader = pooch.HTTPDownloader(progressbar=progress, timeout=TIMEOUT)
    try:
        return Path(fetcher.fetch(fname, downloader=downloader))
    except ValueError as error:  # pooch reports a hash mismatch as ValueError
        raise DownloadError(
            f"Downloaded '{name}' from {url} but its content does not match the pinned sha256 "
            f"{expected} ({error}). The upstream file changed or the download was altered; the "
            "copy was deleted. Check the URL, or provide the pinned file through CDSKIT_MIRROR."
        ) from error
    except Exception as error:  # network errors come from requests, urllib3, ftplib, ...
        mirrors = ", ".join(str(folder) for folder in mirror_dirs()) or "unset"
        raise DownloadError(
            f"Cannot get '{name}': it is in no mirror (CDSKIT_MIRROR: {mirrors}), not in the "
            f"cache, and downloading {url} failed ({type(error).__name__}: {error}). To provide "
            f"it offline, set CDSKIT_MIRROR to a folder holding '{name}', or download {url} to "
            f"{target}."
        ) from error


def _check_sha256(sha256: str, name: str) -> str:
    value = str(sha256).strip().lower().removeprefix("sha256:")
    if not _SHA256.match(value):
        raise ParameterError(
            f"sha256 for '{name}' must be 64 hex digits, got {sha256!r}. "
            "Copy it from the boundary registry (cdskit/data/boundaries.tsv)."
        )
    return value


def _check_name(name: str) -> list[str]:
    parts = str(name).replace("\\", "/").split("/")
    if not name or name.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise ParameterError(
            f"Registry name {name!r} must be a relative path without '.', '..' or empty parts, "
            "e.g. 'vn-units-2025/json/geojson/20_lang_son/20_lang_son.geojson'."
        )
    return parts
